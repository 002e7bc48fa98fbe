"""The methodology page and the parameter registry agree (in the habit of
sqlite-utils' tests/test_docs.py).

- Every backticked name on the page (its own text, and the preset notes it
  shows) is a parameter of the registry or an output column: a renamed or
  removed input leaves no dangling `name` behind.
- Every numeric input appears, by its backticked name, in the page's
  formulas or prose, not only in the generated assumptions table: adding an
  input means saying where it enters the model.

Each name is its own test case, so a failure names it. The README's command
list is checked in tests/test_docs_cli.py.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import model
from model.parameters import PARAMETERS
from model.scenario import PRESETS_JSON

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "app_pages" / "methodology.py"
#: The page's formulas live beside it (ui/formulas.py); their text is the page's too.
FORMULAS = ROOT / "ui" / "formulas.py"

#: A single-backticked identifier: `bass_p`, `pue`; not ``code`` or `a b`.
BACKTICKED = re.compile(r"(?<![`\w])`([A-Za-z_]\w*)`(?![`\w])")


def page_text(source: str) -> str:
    """Every string the page's source writes, f-string parts included, but
    not docstrings or other bare string statements (which are never shown)."""
    tree = ast.parse(source)
    bare = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in bare
    )


def preset_text(presets: dict) -> str:
    """The descriptions and notes of the presets, which the page shows."""
    return "\n".join(
        [info.get("description", "") for info in presets.values()]
        + [note for info in presets.values() for note in info.get("notes", {}).values()]
    )


def backticked(text: str) -> list[str]:
    """The distinct backticked identifiers of ``text``, in order."""
    return list(dict.fromkeys(BACKTICKED.findall(text)))


def dangling(text: str, known: set[str]) -> list[str]:
    """Backticked names of ``text`` that name nothing in ``known``."""
    return [name for name in backticked(text) if name not in known]


def undocumented(names: list[str], text: str) -> list[str]:
    """Those of ``names`` that ``text`` never writes as `name`."""
    return [name for name in names if f"`{name}`" not in text]


def _known_names() -> set[str]:
    """The registry's inputs and every output column and summary key."""
    proj = model.project(model.Scenario())
    return (
        {p.name for p in PARAMETERS}
        | set(proj.monthly.columns)
        | set(proj.annual.columns)
        | set(proj.summary.to_dict())
    )


SOURCE_TEXT = "\n".join(page_text(f.read_text(encoding="utf-8")) for f in (PAGE, FORMULAS))
SHOWN_TEXT = SOURCE_TEXT + "\n" + preset_text(json.loads(PRESETS_JSON.read_text(encoding="utf-8")))
KNOWN = _known_names()
NUMERIC = [p.name for p in PARAMETERS if p.kind in ("float", "int")]


# --- the checks can fail -------------------------------------------------------------------


def test_backticked_names_are_found_and_code_is_not() -> None:
    text = "$p$ = `bass_p`, PUE = `pue`; ``st.navigation``, `two words`, `bass_p` again"
    assert backticked(text) == ["bass_p", "pue"]


def test_a_dangling_name_is_reported() -> None:
    text = "uses `bass_p`, `not_a_parameter` and `total_spend_usd`"
    assert dangling(text, KNOWN) == ["not_a_parameter"]


def test_an_input_missing_from_the_prose_is_reported() -> None:
    assert undocumented(["bass_p", "pue"], "$p$ = `bass_p`, PUE = pue") == ["pue"]


def test_docstrings_are_not_page_text() -> None:
    source = '"""Module `doc_only`."""\nimport streamlit as st\nst.caption(f"`shown` {1}")\n'
    assert backticked(page_text(source)) == ["shown"]


def test_the_page_text_is_read() -> None:
    names = backticked(SHOWN_TEXT)
    assert {"bass_p", "pue", "training_mfu_pct"} <= set(names)
    assert len(names) >= 20


# --- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", backticked(SHOWN_TEXT))
def test_every_backticked_name_on_the_page_exists(name: str) -> None:
    assert not dangling(f"`{name}`", KNOWN), (
        f"the methodology page names `{name}`, which is neither a parameter nor an output"
    )


@pytest.fixture(scope="module")
def prose() -> str:
    """What the page shows as text, formulas and captions, run with AppTest;
    tables (the generated assumptions table among them) and the presets'
    expanders left out."""
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.run()
    assert not at.exception
    in_presets = {el.value for ex in at.expander for el in (*ex.markdown, *ex.caption)}
    shown = [*at.markdown, *at.caption, *at.latex]
    return "\n".join(el.value for el in shown if el.value not in in_presets)


@pytest.mark.parametrize("name", NUMERIC)
def test_every_numeric_input_is_in_the_formulas_or_prose(name: str, prose: str) -> None:
    assert not undocumented([name], prose), (
        f"`{name}` is in the registry but not in the methodology's formulas or prose: "
        "say where it enters the model"
    )

"""The methodology page: formulas, assumptions, catalog, presets, references."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import model
from model.parameters import PARAMETERS

# AppTest resolves a relative path against this file, so anchor it at the project root.
PAGE = Path(__file__).resolve().parents[1] / "app_pages" / "methodology.py"


@pytest.fixture(scope="module")
def page() -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=30)
    at.run()
    return at


def _table_with(at: AppTest, column: str):
    """The first dataframe on the page that has ``column``."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a {column!r} column")


def test_runs_without_exception(page: AppTest) -> None:
    assert not page.exception


def test_assumptions_table_has_one_row_per_parameter(page: AppTest) -> None:
    table = _table_with(page, "Source")
    assert len(table) == len(PARAMETERS)
    assert list(table["Name"]) == [p.name for p in PARAMETERS]
    assert table["Source"].str.len().gt(0).all()


def test_assumption_values_are_formatted_for_people(page: AppTest) -> None:
    table = _table_with(page, "Source").set_index("Name")
    assert table.loc["start_year", "Value"] == str(model.Scenario().start_year)
    assert table.loc["addressable_users", "Value"] == "200,000,000"


def test_formulas_are_latex(page: AppTest) -> None:
    assert len(page.latex) >= 8
    text = " ".join(el.value for el in page.latex)
    for needle in ("6\\, N_0 D_0", "2\\, N_{k(m)}", "3600", "(1 + \\gamma)^{t}"):
        assert needle in text


def test_catalog_has_every_accelerator(page: AppTest) -> None:
    catalog = _table_with(page, "bf16_tflops")
    assert list(catalog["name"]) == list(model.accelerators()["name"])
    for column in ("source", "memory_gb", "bandwidth_tbs", "node_size", "precisions"):
        assert column in catalog.columns


def test_every_preset_appears(page: AppTest) -> None:
    labels = [e.label for e in page.expander]
    for name in model.presets():
        assert name in labels


def test_references_are_listed(page: AppTest) -> None:
    text = " ".join(el.value for el in page.markdown)
    for ref in ("2001.08361", "2203.15556", "2407.21783", "2403.05812", "2211.05102"):
        assert ref in text

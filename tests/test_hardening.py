"""Inputs that once crashed or were rendered as markup (found in review)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from model import Scenario, project
from model.store import ScenarioStore
from report.deck import build_pptx
from report.figures import compare_spend
from report.kpis import compare_table
from report.workbook import build_xlsx

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_deck_compares_scenarios_over_different_years() -> None:
    a = project(Scenario())
    b = project(Scenario(start_year=2030, horizon_years=3))
    deck = Presentation(io.BytesIO(build_pptx([("a", a), ("b", b)])))
    one = len(Presentation(io.BytesIO(build_pptx([("a", a)]))).slides)
    # comparison title, KPIs side by side, the overlaid charts, then each scenario's own
    # section (its divider in place of the KPI slide): nothing dropped for the shorter horizon
    assert len(deck.slides) == 3 + 2 * (one - 1)
    title = " ".join(sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame)
    assert "a vs b" in title


def test_huge_numbers_are_a_clear_error_not_a_crash() -> None:
    with pytest.raises(ValueError, match="addressable_users"):
        Scenario(addressable_users=10**400)
    with pytest.raises(ValueError, match="nested too deeply"):
        Scenario.from_json("[" * 100_000)


def test_huge_version_is_not_found(tmp_path: Path) -> None:
    store = ScenarioStore(f"sqlite:///{tmp_path / 's.db'}")
    store.save("a", Scenario())
    with pytest.raises(LookupError, match="no version"):
        store.get("a", 10**20)


def test_huge_version_in_a_link_warns() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scenario"] = "anything"
    at.query_params["version"] = "99999999999999999999"
    at.run()
    assert not at.exception
    assert any("version" in w.value for w in at.warning)


def test_workbook_keeps_a_formula_like_name_as_text() -> None:
    name = '=HYPERLINK("http://example.invalid","click")'
    wb = openpyxl.load_workbook(io.BytesIO(build_xlsx(project(Scenario()), label=name)))
    cell = wb["Summary"]["A1"]
    assert cell.data_type == "s" and cell.value == name


def test_chart_names_are_escaped_for_plotly() -> None:
    fig = compare_spend([("<b>x</b> 100%{y}", project(Scenario()))])
    assert fig.data[0].name.startswith("&lt;b&gt;x&lt;/b&gt; 100&#37;{y}")


def test_compare_table_keeps_a_scenario_named_kpi_apart() -> None:
    s = project(Scenario()).summary
    rows = compare_table([("KPI", s), ("KPI", s)])
    assert list(rows[0]) == ["KPI", "KPI (1)", "KPI (2)"]
    assert rows[0]["KPI"] == "Inference overtakes training"

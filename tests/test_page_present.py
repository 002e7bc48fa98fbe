"""Present: renders the current, a saved and a compared scenario with the engine's figures."""

from __future__ import annotations

import uuid
from pathlib import Path

from streamlit.testing.v1 import AppTest

from model import Scenario, project, units
from model.outputs import output
from model.store import ScenarioStore
from report.kpis import compare_table
from report.tables import serving_rows

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def present() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/present.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tables(at: AppTest) -> dict[str, object]:
    """The page's tables by the name of their index (what they list)."""
    return {t.value.index.name: t.value for t in at.table}


def test_present_shows_the_current_scenario() -> None:
    at = present()
    s = project(Scenario()).summary
    values = {m.label: m.value for m in at.metric}
    assert values["Inference overtakes training"] == units.month(s["crossover_month"])
    assert values["Peak inference fleet"] == units.count(
        s["peak_inference_fleet_gpus"], "accelerators"
    )
    assert len(at.get("plotly_chart")) == 3  # crossover, fleet, energy
    table = tables(at)["Assumption"]
    assert list(table.index[:4]) == [
        "Adoption",
        "Request volume",
        "Model efficiency",
        "Hardware price",
    ]
    assert all(src for src in table["Source"])


def test_present_shows_the_serving_assumptions() -> None:
    at = present()
    proj = project(Scenario())
    shown = tables(at)
    inputs, derived = shown["Serving assumption"], shown["Derived, first month"]
    rows = serving_rows(proj)
    assert dict(zip(inputs.index, inputs["Value"], strict=True)) | dict(
        zip(derived.index, derived["Value"], strict=True)
    ) == {r.label: r.value for r in rows}
    s = proj.summary
    assert inputs.loc["Time to first token target", "Value"] == "450 ms"
    assert derived.loc["Accelerators per replica", "Value"] == output(
        "replica_accelerators"
    ).format(s.serving_replica_accelerators)
    assert derived.loc["Inference achieved MFU", "Value"] == output(
        "inference_achieved_mfu"
    ).format(s.serving_achieved_mfu)
    assert "How the model is served" in [h.value for h in at.subheader]


def test_present_a_saved_scenario_and_a_comparison() -> None:
    name = f"Board <b>{uuid.uuid4().hex[:4]}</b>"
    db = ScenarioStore()
    db.save(name, Scenario(adoption_peak_pct=75))
    db.close()
    at = present()
    at.segmented_control(key="_present_mode").set_value("A saved scenario").run()
    at.selectbox(key="_present_pick").set_value(name).run()
    s = project(Scenario(adoption_peak_pct=75)).summary
    values = {m.label: m.value for m in at.metric}
    assert values["Peak inference fleet"] == units.count(
        s["peak_inference_fleet_gpus"], "accelerators"
    )
    assert name in at.caption[0].value.replace("\\", "")
    at.segmented_control(key="_present_mode").set_value("A comparison").run()
    at.multiselect(key="_present_compare").set_value(["Current levers", name]).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1  # every scenario's spend, overlaid
    table = tables(at)["KPI"]
    assert list(table.columns) == ["Current levers", name]


def _in_order(at: AppTest) -> list[object]:
    """The main area's elements in the order they are shown, columns and containers opened."""

    def walk(node: object) -> list[object]:
        out: list[object] = []
        for child in getattr(node, "children", {}).values():
            out += walk(child) if type(child).__name__ in ("Block", "Column") else [child]
        return out

    return walk(at.main)


def _plain(text: str) -> str:
    """Markdown-escaped text as it shows: no backslashes, no word joiners."""
    return text.replace("\\", "").replace("\u2060", "")


def test_present_a_comparison_leads_with_its_title_and_the_kpis_side_by_side() -> None:
    tag = uuid.uuid4().hex[:4]
    a, b = f"Plan A {tag}", f"Plan B: {tag}"
    db = ScenarioStore()
    db.save(a, Scenario(adoption_peak_pct=75))
    db.save(b, Scenario(requests_per_user_per_day=25, gpu_hour_price_usd=2))
    db.close()
    at = present()
    at.segmented_control(key="_present_mode").set_value("A comparison").run()
    at.multiselect(key="_present_compare").set_value([a, b]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert _plain(at.title[0].value) == f"{a} vs {b}"
    shown = [type(e).__name__ for e in _in_order(at)]
    # After the pickers: the title, then the KPI table before any chart.
    assert shown.index("Title") < shown.index("Table") < shown.index("UnknownElement")
    first = shown.index("Table")
    assert "Table" not in shown[:first] and "Metric" not in shown
    sa = project(Scenario(adoption_peak_pct=75)).summary
    sb = project(Scenario(requests_per_user_per_day=25, gpu_hour_price_usd=2)).summary
    want = {row["KPI"]: row for row in compare_table([(a, sa), (b, sb)])}
    table = tables(at)["KPI"]
    assert list(table.columns) == [a, b]
    for label, row in table.iterrows():
        assert row[a] == want[label][a] and row[b] == want[label][b]
    assert "(" in row[b]  # a difference against the first scenario
    # Then each scenario's assumptions that differ from the default, with sources.
    subheads = [h.value for h in at.subheader]
    assert subheads.index("Key figures side by side") < subheads.index("What each scenario assumes")
    by_scenario = [t.value for t in at.table if t.value.index.name == "Assumption"]
    assert [list(t.index) for t in by_scenario] == [
        ["Adoption"],
        ["Request volume", "Hardware price"],
    ]
    assert all(by_scenario[1]["Source"])

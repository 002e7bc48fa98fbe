"""Present: renders the current, a saved and a compared scenario with the engine's figures."""

from __future__ import annotations

import uuid
from pathlib import Path

from streamlit.testing.v1 import AppTest

from model import Scenario, project, units
from model.outputs import output
from model.store import ScenarioStore
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
    # Changed assumptions join the headline levers in the table.
    at.segmented_control(key="_present_mode").set_value("A comparison").run()
    at.multiselect(key="_present_compare").set_value(["Current levers", name]).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 4
    assert list(at.dataframe[0].value.columns) == ["KPI", "Current levers", name]

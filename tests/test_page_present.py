"""Present: renders the current, a saved and a compared scenario with the engine's figures."""

from __future__ import annotations

import uuid
from pathlib import Path

from streamlit.testing.v1 import AppTest

from model import Scenario, project, units
from model.store import ScenarioStore

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def present() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/present.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_present_shows_the_current_scenario() -> None:
    at = present()
    s = project(Scenario()).summary
    values = {m.label: m.value for m in at.metric}
    assert values["Inference overtakes training"] == units.month(s["crossover_month"])
    assert values["Peak inference fleet"] == units.count(s["peak_inference_fleet_gpus"], "GPUs")
    assert len(at.get("plotly_chart")) == 3  # crossover, fleet, energy
    table = at.table[0].value
    assert list(table.index[:4]) == [
        "Adoption",
        "Request volume",
        "Model efficiency",
        "Hardware price",
    ]
    assert all(src for src in table["Source"])


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
    assert values["Peak inference fleet"] == units.count(s["peak_inference_fleet_gpus"], "GPUs")
    assert name in at.caption[0].value.replace("\\", "")
    # Changed assumptions join the headline levers in the table.
    at.segmented_control(key="_present_mode").set_value("A comparison").run()
    at.multiselect(key="_present_compare").set_value(["Current levers", name]).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 4
    assert list(at.dataframe[0].value.columns) == ["KPI", "Current levers", name]

"""The Uncertainty page with AppTest: the engine's numbers, goal seek, applying an answer.

Each test drives the whole app (frame, sidebar, page) and compares what the
page shows with :mod:`model.uncertainty` called directly. Small simulations
(1,000 draws) keep it quick.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario, units
from model.store import ScenarioStore
from model.uncertainty import goal_seek_budget, goal_seek_crossover, simulate

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/uncertainty.py"
DRAWS, SEED = 1_000, 7
PROBABILITY = "Probability inference has overtaken training"


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _button(at: AppTest, label: str):
    found = [b for b in at.button if b.label.startswith(label)]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[0]


def uncertainty_page(query: dict[str, str] | None = None) -> AppTest:
    """The page after a 1,000-draw run with seed 7."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    _ok(at.switch_page(PAGE).run())
    at.number_input(key="_unc_draws").set_value(DRAWS)
    at.number_input(key="_unc_seed").set_value(SEED)
    _ok(_button(at, "Run simulation").click().run())
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected_metrics(scenario: Scenario) -> dict[str, str]:
    s = simulate(scenario, DRAWS, SEED).summary
    return {
        "Crossover, P10 (early)": units.month(s["crossover_month_p10"]),
        "Crossover, P50 (median)": units.month(s["crossover_month_p50"]),
        "Crossover, P90 (late)": units.month(s["crossover_month_p90"]),
        "Never within the plan": units.percent(s["probability_never"]),
        "Total spend, P10 (low)": units.money(s["total_spend_usd_p10"]),
        "Total spend, P50 (median)": units.money(s["total_spend_usd_p50"]),
        "Total spend, P90 (high)": units.money(s["total_spend_usd_p90"]),
    }


def probability_table(at: AppTest):
    tables = [d.value for d in at.dataframe if PROBABILITY in d.value.columns]
    assert len(tables) == 1
    return tables[0]


@pytest.fixture(scope="module")
def page() -> AppTest:
    return uncertainty_page()


def test_page_shows_the_simulation_of_the_current_levers(page: AppTest) -> None:
    shown = metrics(page)
    for label, value in expected_metrics(Scenario()).items():
        assert shown[label] == value, label
    assert page.title[0].value
    assert "independent" in page.markdown[0].value
    assert {c.key for c in page.get("plotly_chart")} >= {
        "fig_fan",
        "fig_crossover_probability",
        "fig_tornado",
    }


def test_probability_table_has_one_row_per_plan_year(page: AppTest) -> None:
    scenario = Scenario()
    table = probability_table(page)
    years = [str(scenario.start_year + i) for i in range(scenario.horizon_years)]
    assert list(table["Year"]) == years
    p = simulate(scenario, DRAWS, SEED).probability_by_year["probability"]
    assert list(table[PROBABILITY]) == [units.percent(v) for v in p]


def test_ranges_table_lists_every_uncertain_input(page: AppTest) -> None:
    ranges = Scenario().ranges()
    (table,) = [d.value for d in page.dataframe if "Why this range" in d.value.columns]
    assert len(table) == len(ranges)
    assert table["Why this range"].str.len().gt(0).all()
    assert not table["Why this range"].str.startswith("Set for this scenario").any()


def test_goal_seek_crossover_matches_the_model_and_applies_to_the_lever() -> None:
    at = uncertainty_page()
    at.selectbox(key="_goal_lever").set_value("adoption_peak_pct")
    at.selectbox(key="_goal_month").set_value("2028-01")
    _ok(_button(at, "Find the value").click().run())
    direct = goal_seek_crossover(Scenario(), "adoption_peak_pct", "2028-01")
    assert direct.value is not None and direct.value > 40  # adoption must rise
    assert [s.value for s in at.success] == [direct.message]
    assert not at.warning

    _ok(_button(at, "Apply to levers").click().run())
    applied = at.session_state["adoption_peak_pct"]
    # Rounded up to the slider's step: the goal still holds.
    assert applied == float(int(direct.value) + 1)
    moved = Scenario(adoption_peak_pct=applied)
    shown = metrics(at)
    for label, value in expected_metrics(moved).items():
        assert shown[label] == value, label
    # Asked again at the new value, the answer is that the goal is met.
    assert at.success[0].value.startswith("Already met")
    assert at.success[0].value == goal_seek_crossover(moved, "adoption_peak_pct", "2028-01").message


def test_impossible_goal_shows_a_warning_and_no_apply_button() -> None:
    at = uncertainty_page()
    at.selectbox(key="_goal_lever").set_value("gpu_hour_price_usd")
    at.selectbox(key="_goal_month").set_value("2028-01")
    _ok(_button(at, "Find the value").click().run())
    direct = goal_seek_crossover(Scenario(), "gpu_hour_price_usd", "2028-01")
    assert direct.value is None
    assert [w.value for w in at.warning] == [direct.message]
    assert not [b for b in at.button if b.label.startswith("Apply to levers")]


def test_budget_goal_matches_the_model() -> None:
    at = uncertainty_page()
    at.number_input(key="_goal_budget_musd").set_value(50.0)
    _ok(_button(at, "Find the adoption").click().run())
    direct = goal_seek_budget(Scenario(), 50e6)
    assert direct.value is not None and direct.value < 40
    assert [s.value for s in at.success] == [direct.message]
    _ok(_button(at, "Apply to levers").click().run())
    assert at.session_state["adoption_peak_pct"] == float(int(direct.value))  # rounded down


def test_a_saved_scenarios_own_ranges_are_used_and_marked() -> None:
    name = f"Ranges {uuid.uuid4().hex[:6]}"
    saved = Scenario(adoption_peak_pct=50, uncertainty={"adoption_peak_pct": [45, 55]})
    db = ScenarioStore()
    db.save(name, saved)
    db.close()
    at = uncertainty_page({"scenario": name})
    shown = metrics(at)
    for label, value in expected_metrics(saved).items():
        assert shown[label] == value, label
    (table,) = [d.value for d in at.dataframe if "Why this range" in d.value.columns]
    row = table[table["Input"] == "Adoption"].iloc[0]
    assert row["Why this range"].startswith("Set for this scenario")
    assert (row["P10"], row["Value"], row["P90"]) == (45, 50, 55)


def test_editing_a_range_sets_it_for_the_scenario_and_a_bad_one_is_refused() -> None:
    at = uncertainty_page()
    (table,) = [d.value for d in at.dataframe if "Why this range" in d.value.columns]
    # AppTest cannot type into st.data_editor; set its edit state as the browser does.
    row = int(table.index[table["Input"] == "Adoption"][0])
    at.session_state["_ranges_editor"] = {
        "edited_rows": {row: {"P10": 35.0, "P90": 45.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert at.session_state["_range_overrides"] == {"adoption_peak_pct": (35.0, 45.0)}
    at.session_state["_ranges_editor"] = {
        "edited_rows": {row: {"P10": 41.0, "P90": 45.0}},  # P10 above the value 40
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert any("Adoption" in e.value and "Not applied" in e.value for e in at.error)

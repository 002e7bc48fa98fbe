"""Share links with values the app cannot use as they are, in Streamlit's AppTest.

A slider value between the slider's steps is put on the step, and the slider
and the figures then show the same value; a bad value's message names the value
used instead and where it comes from (the open saved scenario, the preset or the
default); an unknown view warns; a missing version opens the latest one.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario, project, units
from model.parameters import BY_NAME, HEADLINE
from model.store import ScenarioStore
from ui.levers import EXPLORE_VIEWS
from ui.widgets import shows_exactly, slider_value, snap_to_step

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture()
def db() -> ScenarioStore:
    store = ScenarioStore()  # the DATABASE_URL the app uses (tests/conftest.py)
    yield store
    store.close()


def run_app(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def kpis(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def headline_kpis(scenario: Scenario) -> dict[str, str]:
    s = project(scenario).summary
    return {
        f"Total spend {s['start_month'][:4]}-{s['final_year']}": units.money(s["total_spend_usd"]),
        "Peak inference fleet": units.count(s["peak_inference_fleet_gpus"], "accelerators"),
    }


def slider(at: AppTest, name: str) -> float:
    return next(s for s in at.slider if s.key == name).value


# --- the pure helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("adoption_peak_pct", 40.5, 41.0),  # "%.0f%%" would show 41%: on the step
        ("adoption_peak_pct", 40.4, 40.0),
        ("adoption_peak_pct", 99.9, 100.0),
        ("gpu_hour_price_usd", 2.55, 2.55),  # "$2.55" is shown exactly: kept
        ("gpu_hour_price_usd", 2.555, 2.6),
        ("requests_per_user_per_day", 1.9, 1.9),  # a preset's value off the 0.5 step
        ("requests_per_user_per_day", 0.01, 0.0),
    ],
)
def test_a_slider_keeps_what_it_can_show_and_steps_the_rest(
    name: str, value: float, shown: float
) -> None:
    p = BY_NAME[name]
    assert slider_value(p, value) == pytest.approx(shown, abs=1e-12)
    assert shows_exactly(p, slider_value(p, value))


def test_every_step_of_every_slider_is_shown_exactly() -> None:
    for p in HEADLINE:
        assert p.min is not None and p.max is not None and p.step
        n = round((p.max - p.min) / p.step)
        for k in range(n + 1):
            v = snap_to_step(p, p.min + k * p.step)
            assert shows_exactly(p, v), (p.name, v)
            assert slider_value(p, v) == v


# --- slider values between steps ------------------------------------------------------


def test_a_value_between_the_slider_steps_is_stepped_and_the_figures_follow() -> None:
    at = run_app({"adoption_peak_pct": "40.5"})
    assert slider(at, "adoption_peak_pct") == 41.0
    assert at.session_state["adoption_peak_pct"] == 41.0
    shown = kpis(at)
    assert {k: shown[k] for k in headline_kpis(Scenario())} == headline_kpis(
        Scenario(adoption_peak_pct=41)
    )
    assert shown != kpis(at) | headline_kpis(Scenario(adoption_peak_pct=40.5))
    (message,) = [m for m in warnings(at) if "adoption_peak_pct" in m]
    assert "Adoption" in message and "40.5" in message and "41%" in message
    assert "\n" not in message  # one line


def test_the_stepped_value_does_not_undo_a_later_lever_move() -> None:
    at = run_app({"adoption_peak_pct": "40.5"})
    next(s for s in at.slider if s.key == "adoption_peak_pct").set_value(60.0).run()
    assert at.session_state["adoption_peak_pct"] == 60.0
    at.run()
    assert at.session_state["adoption_peak_pct"] == 60.0
    assert (
        kpis(at)["Peak inference fleet"]
        == (headline_kpis(Scenario(adoption_peak_pct=60))["Peak inference fleet"])
    )


def test_a_value_the_slider_shows_exactly_is_kept() -> None:
    at = run_app({"gpu_hour_price_usd": "2.55"})
    assert slider(at, "gpu_hour_price_usd") == 2.55
    assert not warnings(at)
    shown = kpis(at)
    expected = headline_kpis(Scenario(gpu_hour_price_usd=2.55))
    assert {k: shown[k] for k in expected} == expected


# --- bad values: the message names the value used -------------------------------------


def test_a_bad_value_names_the_default_it_uses() -> None:
    at = run_app({"adoption_peak_pct": "abc"})
    (message,) = warnings(at)
    assert "adoption_peak_pct" in message and "Using the default, 40%." in message
    assert slider(at, "adoption_peak_pct") == 40.0


def test_a_bad_value_names_the_preset_whose_value_it_uses() -> None:
    at = run_app({"preset": "Frontier lab", "adoption_peak_pct": "500"})
    (message,) = warnings(at)
    value = BY_NAME["adoption_peak_pct"].format(
        Scenario.from_preset("Frontier lab").adoption_peak_pct
    )
    assert "adoption_peak_pct" in message
    assert f"Using the value of preset “Frontier lab”, {value}." in message
    assert slider(at, "adoption_peak_pct") == Scenario.from_preset("Frontier lab").adoption_peak_pct


def test_a_bad_value_with_a_saved_scenario_open_names_the_saved_value(db: ScenarioStore) -> None:
    name = f"Linked plan {uuid.uuid4().hex[:6]}"
    db.save(name, Scenario(adoption_peak_pct=72))
    at = run_app({"scenario": name, "adoption_peak_pct": "abc"})
    (message,) = warnings(at)
    assert "adoption_peak_pct" in message and "preset" not in message
    assert f"Using the value of saved scenario `{name}` v1, 72%." in message
    assert slider(at, "adoption_peak_pct") == 72.0
    assert (
        kpis(at)["Peak inference fleet"]
        == (headline_kpis(Scenario(adoption_peak_pct=72))["Peak inference fleet"])
    )


# --- views and versions ---------------------------------------------------------------


def test_an_unknown_view_warns_naming_the_views() -> None:
    at = run_app({"view": "Nope"})
    (message,) = warnings(at)
    assert "`view`" in message and "Nope" in message
    assert all(v in message for v in EXPLORE_VIEWS)
    assert at.get("button_group")[0].value == EXPLORE_VIEWS[0]


def test_the_views_named_are_explores_own() -> None:
    at = run_app({"view": "Energy and carbon"})
    assert not warnings(at)
    (picker,) = at.get("button_group")
    assert tuple(picker.options) == EXPLORE_VIEWS
    assert picker.value == "Energy and carbon"


def test_a_missing_version_opens_the_latest_and_says_so(db: ScenarioStore) -> None:
    name = f"Versions {uuid.uuid4().hex[:6]}"
    db.save(name, Scenario(adoption_peak_pct=20))
    db.save(name, Scenario(adoption_peak_pct=60))
    at = run_app({"scenario": name, "version": "9"})
    (message,) = warnings(at)
    assert "`version`" in message and "no version 9" in message and "version 2" in message
    opened = at.session_state["_open_scenario"]
    assert (opened["name"], opened["version"], opened["pinned"]) == (name, 2, False)
    assert slider(at, "adoption_peak_pct") == 60.0
    assert "version" not in at.query_params


def test_a_version_that_is_no_number_opens_the_latest(db: ScenarioStore) -> None:
    name = f"Versions {uuid.uuid4().hex[:6]}"
    db.save(name, Scenario(adoption_peak_pct=20))
    db.save(name, Scenario(adoption_peak_pct=60))
    at = run_app({"scenario": name, "version": "two"})
    (message,) = warnings(at)
    assert "`version`" in message and "latest" in message
    assert at.session_state["_open_scenario"]["version"] == 2
    assert slider(at, "adoption_peak_pct") == 60.0

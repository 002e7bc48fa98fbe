"""Page tests of Library, the save box and share links, on a real SQLite store.

Compare is in test_page_compare.py; links with values the app cannot use, in test_links.py.

tests/conftest.py points DATABASE_URL at a throwaway file; each test uses
its own names so tests do not depend on each other's saves.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario, project, units
from model.store import ScenarioStore

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture()
def db() -> ScenarioStore:
    store = ScenarioStore()  # the same DATABASE_URL the app uses
    yield store
    store.close()


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def app_at(page: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page != "explore":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def kpis(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_library_lists_names_exactly_as_text(db: ScenarioStore) -> None:
    tricky = ["'; DROP TABLE scenario; --", "<img src=x onerror=alert(1)>", "**bold**"]
    names = [f"{t} {uuid.uuid4().hex[:4]}" for t in tricky]
    for n in names:
        db.save(n, Scenario(), note="<b>note</b>")
    at = app_at("library")
    table = at.dataframe[0].value
    for n in names:
        assert n in set(table["Name"])
    assert "<b>note</b>" in set(table["Note"])
    # The picker offers the exact names.
    assert set(names) <= set(at.selectbox(key="_library_pick").options)


def test_save_form_saves_the_current_levers_and_opens_them(db: ScenarioStore) -> None:
    name = unique("Board plan")
    at = app_at("library")
    at.text_input(key="_save_name_library").input(name)
    at.text_input(key="_save_note_library").input("Q4 draft")
    at.button(key="FormSubmitter:save_form_library-Save").click().run()
    assert not at.exception
    saved = db.get(name)
    assert saved.version == 1 and saved.note == "Q4 draft"
    assert saved.scenario == Scenario()
    assert at.session_state["_open_scenario"]["name"] == name


def test_after_a_save_the_name_and_note_are_empty(db: ScenarioStore) -> None:
    first, second = unique("First"), unique("Second")
    at = app_at("library")
    at.text_input(key="_save_name_library").input(first)
    at.text_input(key="_save_note_library").input("HW $2.00, adoption 55%")
    at.button(key="FormSubmitter:save_form_library-Save").click().run()
    assert db.get(first).note == "HW $2.00, adoption 55%"
    assert at.text_input(key="_save_name_library").value == ""
    assert at.text_input(key="_save_note_library").value == ""
    assert not at.warning  # no "value set via Session State API" warning
    # The next save carries no earlier note: only what is typed for it.
    at.session_state["adoption_peak_pct"] = 30.0
    at.run()
    at.text_input(key="_save_name_library").input(second)
    at.button(key="FormSubmitter:save_form_library-Save").click().run()
    saved = db.get(second)
    assert saved.note == "" and saved.scenario.adoption_peak_pct == 30
    assert at.text_input(key="_save_note_library").value == ""


def test_a_refused_save_keeps_what_was_typed() -> None:
    at = app_at("library")
    at.text_input(key="_save_name_library").input("x" * 81)
    at.text_input(key="_save_note_library").input("keep me")
    at.button(key="FormSubmitter:save_form_library-Save").click().run()
    assert any("Not saved" in e.value for e in at.error)
    assert at.text_input(key="_save_name_library").value == "x" * 81
    assert at.text_input(key="_save_note_library").value == "keep me"


def test_bad_name_is_refused_with_a_message_and_nothing_saved(db: ScenarioStore) -> None:
    before = len(db.list())
    at = app_at("library")
    at.text_input(key="_save_name_library").input("   ")
    at.button(key="FormSubmitter:save_form_library-Save").click().run()
    assert any("name" in e.value for e in at.error)
    assert len(db.list()) == before


def test_delete_and_restore_from_the_library(db: ScenarioStore) -> None:
    name = unique("To delete")
    db.save(name, Scenario())
    at = app_at("library")
    at.selectbox(key="_library_pick").set_value(name).run()
    next(b for b in at.button if b.label == "Delete").click().run()
    assert name not in {r.name for r in db.list()}
    assert name in {r.name for r in db.list(deleted=True)}
    at = app_at("library")
    restore = [b for b in at.button if b.label == "Restore"]
    idx = [r.name for r in db.list(deleted=True)].index(name)
    restore[idx].click().run()
    assert name in {r.name for r in db.list()}


def test_share_link_opens_the_saved_scenario(db: ScenarioStore) -> None:
    name = unique("Shared <b>plan</b>")
    scenario = Scenario(adoption_peak_pct=72, gpu_hour_price_usd=3.3)
    db.save(name, scenario)
    at = app_at("explore", {"scenario": name})
    s = project(scenario).summary
    shown = kpis(at)
    assert shown["Peak inference fleet"] == units.count(
        s["peak_inference_fleet_gpus"], "accelerators"
    )
    assert shown[f"Total spend 2026-{s['final_year']}"] == units.money(s["total_spend_usd"])
    assert at.slider[0].value == 72.0
    assert not at.warning


def test_share_link_to_an_older_version(db: ScenarioStore) -> None:
    name = unique("Versioned")
    db.save(name, Scenario(adoption_peak_pct=20))
    db.save(name, Scenario(adoption_peak_pct=60))
    at = app_at("explore", {"scenario": name, "version": "1"})
    assert at.slider[0].value == 20.0
    at = app_at("explore", {"scenario": name})
    assert at.slider[0].value == 60.0


def test_share_link_to_an_unknown_scenario_warns_and_shows_the_preset() -> None:
    at = app_at("explore", {"scenario": "No such plan"})
    assert any("scenario" in w.value and "No such plan" in w.value for w in at.warning)
    assert at.slider[0].value == 40.0


def test_scenario_saved_by_an_older_app_names_the_filled_defaults(db: ScenarioStore) -> None:
    import json

    from sqlalchemy import text

    name = unique("Old plan")
    db.save(name, Scenario(adoption_peak_pct=55))
    # Rewrite the stored parameters as an older app would have saved them.
    with db.engine.begin() as conn:
        raw = conn.execute(text("SELECT id, params_json FROM scenario_version")).all()
        for vid, params in raw:
            d = json.loads(params)
            if d.get("adoption_peak_pct") == 55:
                del d["edge_share_pct"], d["pue"]
                conn.execute(
                    text("UPDATE scenario_version SET params_json = :p WHERE id = :i"),
                    {"p": json.dumps(d), "i": vid},
                )
    at = app_at("explore", {"scenario": name})
    messages = [i.value for i in at.info]
    assert any("edge_share_pct" in m and "pue" in m and "earlier version" in m for m in messages)
    assert at.slider[0].value == 55.0

"""Monthly actuals kept with a saved scenario: save, read, replace, life cycle,
export and import, and the table's arrival in a database made before it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from model.actuals import canonical, parse_actuals
from model.db import Base
from model.names import name_key
from model.results import result_json
from model.scenario import Scenario

FORMAT = "ai-infra-planner-scenarios"
PLAN = Scenario(adoption_peak_pct=30)
CSV = 'month,tokens,requests\n2026-02,2.5e12,1300000000\n2026-01,"2,400,000,000,000",\n'
OTHER = "month,inference_spend_usd\n2026-01,431000.5\n"


def test_actuals_round_trip_in_one_form(store) -> None:
    store.save("Plan", PLAN)
    assert store.actuals("Plan") is None
    store.save_actuals("Plan", CSV)
    kept = store.actuals("Plan")
    # Checked and rewritten: month first, series in the registry's order, rows by month.
    assert (
        kept == "month,requests,tokens\n2026-01,,2400000000000\n2026-02,1300000000,2500000000000\n"
    )
    assert parse_actuals(kept).equals(parse_actuals(CSV))
    assert store.actuals("plan") == kept  # names are found regardless of case


def test_saving_again_replaces_and_delete_forgets(store) -> None:
    store.save("Plan", PLAN)
    store.save_actuals("Plan", CSV)
    store.save_actuals("Plan", OTHER.encode("utf-8"))
    assert store.actuals("Plan") == canonical(OTHER)
    assert store.delete_actuals("Plan") is True
    assert store.actuals("Plan") is None
    assert store.delete_actuals("Plan") is False


def test_a_bad_file_is_refused_by_name_and_nothing_changes(store) -> None:
    store.save("Plan", PLAN)
    store.save_actuals("Plan", CSV)
    with pytest.raises(ValueError, match=r"row 3, tokens: -5 is negative"):
        store.save_actuals("Plan", "month,tokens\n2026-01,5\n2026-02,-5\n")
    assert store.actuals("Plan") == canonical(CSV)


def test_no_such_scenario(store) -> None:
    with pytest.raises(LookupError, match="Nope"):
        store.save_actuals("Nope", CSV)
    with pytest.raises(LookupError, match="Nope"):
        store.actuals("Nope")


def test_actuals_stay_across_versions_and_renames_and_go_with_a_purge(store) -> None:
    store.save("Plan", PLAN)
    store.save_actuals("Plan", CSV)
    store.save("Plan", PLAN.replace(adoption_peak_pct=35))  # a new version
    store.rename("Plan", "Board plan")
    assert store.actuals("Board plan") == canonical(CSV)
    store.delete("Board plan")
    store.restore("Board plan")
    assert store.actuals("Board plan") == canonical(CSV)
    store.delete("Board plan")
    store.purge("Board plan")
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM scenario_actuals")).scalar() == 0


def test_export_carries_actuals_and_import_restores_them(store, other_store) -> None:
    store.save("With", PLAN)
    store.save_actuals("With", CSV)
    store.save("Without", PLAN)
    doc = json.loads(store.export_json())
    by_name = {s["name"]: s for s in doc["scenarios"]}
    assert by_name["With"]["actuals"] == {"csv": canonical(CSV)}
    assert "actuals" not in by_name["Without"]
    assert doc["format_version"] == 1  # an optional key: older apps still read the file

    other_store.import_json(json.dumps(doc))
    assert other_store.actuals("With") == canonical(CSV)
    assert other_store.actuals("Without") is None


def test_an_older_export_without_actuals_imports_and_keeps_what_was_kept(store) -> None:
    store.save("Plan", PLAN)
    store.save_actuals("Plan", CSV)
    old = {
        "format": FORMAT,
        "format_version": 1,
        "scenarios": [{"name": "Plan", "versions": [{"params": PLAN.to_dict(), "note": "old"}]}],
    }
    assert store.import_json(json.dumps(old)) == [("Plan", 1)]
    assert store.actuals("Plan") == canonical(CSV)
    assert store.get("Plan").version == 2


def test_an_import_with_bad_actuals_changes_nothing(store, snapshot) -> None:
    store.save("Plan", PLAN)
    before = snapshot(store)
    doc = {
        "format": FORMAT,
        "format_version": 1,
        "scenarios": [
            {
                "name": "New",
                "versions": [{"params": PLAN.to_dict()}],
                "actuals": {"csv": "month,tokenz\n2026-01,5\n"},
            }
        ],
    }
    with pytest.raises(ValueError, match=r"scenario 'New', actuals: .*column 'tokenz'"):
        store.import_json(json.dumps(doc))
    assert snapshot(store) == before


def test_a_database_made_before_actuals_gains_the_table(open_store, store_url) -> None:
    """The previous app's tables (everything but scenario_actuals) with a scenario
    in them: opening a ScenarioStore adds the table and keeps the scenario."""
    open_store(0).close()  # on PostgreSQL this first clears any leftovers
    url = store_url(0)
    engine = sa.create_engine(url)
    try:
        Base.metadata.drop_all(engine)
        old = sa.MetaData()
        for table in Base.metadata.sorted_tables:
            if table.name != "scenario_actuals":
                table.to_metadata(old)
        old.create_all(engine)
        now = datetime(2026, 1, 5, tzinfo=UTC)
        with engine.begin() as conn:
            sid = conn.execute(
                old.tables["scenario"]
                .insert()
                .values(name="Old", name_key=name_key("Old"), created_at=now, updated_at=now)
                .returning(old.tables["scenario"].c.id)
            ).scalar_one()
            conn.execute(
                old.tables["scenario_version"]
                .insert()
                .values(
                    scenario_id=sid,
                    version=1,
                    params_json=json.dumps(PLAN.to_dict()),
                    summary_json=result_json(PLAN),
                    note="before actuals",
                    created_at=now,
                )
            )
        assert "scenario_actuals" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()

    store = open_store(0)
    assert "scenario_actuals" in sa.inspect(store.engine).get_table_names()
    assert store.load("Old") == PLAN
    assert store.actuals("Old") is None
    store.save_actuals("Old", CSV)
    assert store.actuals("Old") == canonical(CSV)
    assert store.get("Old").note == "before actuals"


def test_one_scenario_object_may_carry_actuals(store) -> None:
    one = {"name": "Single", "params": PLAN.to_dict(), "actuals": {"csv": CSV}}
    assert store.import_json(json.dumps(one)) == [("Single", 1)]
    assert store.actuals("Single") == canonical(CSV)

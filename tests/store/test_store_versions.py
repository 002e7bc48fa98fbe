"""Versions, listing, rename, duplicate and the delete/restore/purge life cycle."""

from __future__ import annotations

import dataclasses
import math
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from model import project
from model.results import MODEL_VERSION
from model.scenario import Scenario

S1 = Scenario(adoption_peak_pct=10)
S2 = Scenario(adoption_peak_pct=20, gpu_hour_price_usd=3.5)
S3 = Scenario.from_preset("Frontier lab")


def assert_summary_equal(actual: dict[str, Any], expected: Any) -> None:
    """Same keys; floats equal to 1e-12 (a JSON round-trip), everything else exactly.
    ``expected`` is a Summary (compared as its JSON-safe dict) or a stored dict."""
    expected = expected.to_dict() if hasattr(expected, "to_dict") else expected
    actual = dict(actual)
    assert actual.pop("model_version") == MODEL_VERSION  # stored results say which model
    expected = {k: v for k, v in expected.items() if k != "model_version"}
    assert set(actual) == set(expected)
    for key, want in expected.items():
        got = actual[key]
        if isinstance(want, float) and not isinstance(want, bool):
            assert isinstance(got, int | float) and not isinstance(got, bool), key
            assert math.isclose(got, want, rel_tol=1e-12, abs_tol=0.0), (key, got, want)
        else:
            assert got == want and type(got) is type(want), (key, got, want)


def assert_utc(dt: datetime) -> None:
    assert isinstance(dt, datetime)
    assert dt.tzinfo is not None, f"naive datetime {dt!r}"
    assert dt.utcoffset() == timedelta(0)


@pytest.fixture
def three(store):
    """'Alpha' with versions 1..3 (S1, S2, S3), notes n1..n3."""
    assert store.save("Alpha", S1, note="n1") == 1
    assert store.save("Alpha", S2, note="n2") == 2
    assert store.save("Alpha", S3, note="n3") == 3
    return store


# --------------------------------------------------------------------------- save / load / get


def test_save_numbers_versions_per_name(store) -> None:
    assert [store.save("A", S1) for _ in range(3)] == [1, 2, 3]
    assert store.save("B", S1) == 1
    assert store.save("A", S2) == 4


def test_load_latest_and_by_version(three) -> None:
    assert three.load("Alpha") == S3
    assert three.load("Alpha", 1) == S1
    assert three.load("Alpha", version=2) == S2
    assert three.load("Alpha", 3) == S3


def test_saving_the_same_scenario_twice_still_adds_a_version(store) -> None:
    assert store.save("Same", S1) == 1
    assert store.save("Same", S1) == 2
    assert len(store.history("Same")) == 2


def test_get_returns_the_saved_version(three) -> None:
    before = datetime.now(UTC)
    saved = three.get("Alpha", 2)
    assert (saved.name, saved.version, saved.note) == ("Alpha", 2, "n2")
    assert saved.scenario == S2
    assert saved.filled_defaults == ()
    assert_summary_equal(saved.summary, project(S2).summary)
    assert_utc(saved.created_at)
    assert before - timedelta(minutes=5) < saved.created_at <= before + timedelta(seconds=1)
    latest = three.get("Alpha")
    assert latest.version == 3 and latest.scenario == S3 and latest.note == "n3"
    with pytest.raises(dataclasses.FrozenInstanceError):
        saved.note = "changed"  # type: ignore[misc]


def test_note_defaults_to_empty_and_keeps_any_text(store) -> None:
    store.save("N", S1)
    assert store.get("N").note == ""
    note = "multi\nline\tnote — ✓ 😀 '; DROP TABLE x; -- <b>"
    store.save("N", S1, note=note)
    assert store.get("N").note == note


@pytest.mark.parametrize("note", ["a\x00b", "\x00"], ids=["NUL inside", "NUL only"])
def test_a_note_is_stored_exactly_or_rejected_as_a_bad_note(store, note: str) -> None:
    """SQLite keeps NUL characters; PostgreSQL text cannot hold them. Either way the
    caller gets the note back exactly, or a ValueError about the note, never a driver error."""
    try:
        store.save("N", S1, note=note)
    except ValueError as exc:
        assert "note" in str(exc).lower(), str(exc)
        assert store.list() == []
    else:
        assert store.get("N").note == note


def test_history_is_newest_first_with_notes(three) -> None:
    history = three.history("Alpha")
    assert [v.version for v in history] == [3, 2, 1]
    assert [v.note for v in history] == ["n3", "n2", "n1"]
    assert [v.scenario for v in history] == [S3, S2, S1]
    assert all(v.name == "Alpha" for v in history)
    for v in history:
        assert_utc(v.created_at)
    assert history[0].created_at >= history[1].created_at >= history[2].created_at


@pytest.mark.parametrize("call", ["load", "get"])
def test_unknown_name_is_a_lookup_error_naming_it(three, call: str) -> None:
    with pytest.raises(LookupError, match="Nowhere-Plan"):
        getattr(three, call)("Nowhere-Plan")


@pytest.mark.parametrize("call", ["load", "get"])
@pytest.mark.parametrize("version", [0, 4, 99, -1])
def test_unknown_version_is_a_lookup_error_naming_the_scenario(three, call, version) -> None:
    with pytest.raises(LookupError, match="Alpha") as info:
        getattr(three, call)("Alpha", version)
    assert str(version) in str(info.value)


def test_history_of_unknown_name_is_a_lookup_error(store) -> None:
    with pytest.raises(LookupError, match="ghost"):
        store.history("ghost")


def test_save_rejects_a_non_scenario_and_stores_nothing(store) -> None:
    with pytest.raises((TypeError, ValueError)):
        store.save("X", {"pue": 1.2})  # type: ignore[arg-type]
    assert store.list() == []


# --------------------------------------------------------------------------- list


def test_list_is_most_recently_updated_first(store) -> None:
    for name in ["A", "B", "C"]:
        store.save(name, S1)
    assert [item.name for item in store.list()] == ["C", "B", "A"]
    store.save("A", S2)
    assert [item.name for item in store.list()] == ["A", "C", "B"]
    store.save("B", S2)
    assert [item.name for item in store.list()] == ["B", "A", "C"]
    listing = store.list()
    assert listing[0].updated_at >= listing[1].updated_at >= listing[2].updated_at


def test_list_fields_describe_the_latest_version(three) -> None:
    three.save("Beta", S1, note="only")
    by_name = {item.name: item for item in three.list()}
    alpha, beta = by_name["Alpha"], by_name["Beta"]
    assert (alpha.latest_version, alpha.versions, alpha.note) == (3, 3, "n3")
    assert (beta.latest_version, beta.versions, beta.note) == (1, 1, "only")
    assert alpha.deleted_at is None and beta.deleted_at is None
    assert_summary_equal(alpha.summary, project(S3).summary)
    assert_summary_equal(beta.summary, project(S1).summary)
    assert_utc(alpha.updated_at)
    assert alpha.updated_at == three.get("Alpha").created_at


def test_list_search_is_a_case_insensitive_substring(store) -> None:
    for name in ["Growth plan", "Frontier GROWTH", "Baseline", "Plan B"]:
        store.save(name, S1)
    assert sorted(i.name for i in store.list(search="growth")) == ["Frontier GROWTH", "Growth plan"]
    assert sorted(i.name for i in store.list(search="PLAN")) == ["Growth plan", "Plan B"]
    assert [i.name for i in store.list(search="aseli")] == ["Baseline"]
    assert store.list(search="nothing like it") == []
    assert len(store.list(search="")) == 4


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("%", ["100% sure"]),
        ("_", ["snake_case"]),
        ("\\", ["back\\slash"]),
        ("0%", ["100% sure"]),
        ("e_c", ["snake_case"]),
        ("[a]", ["[a] bracket"]),
        ("'", ["it's"]),
    ],
)
def test_list_search_treats_wildcards_literally(store, needle: str, expected: list[str]) -> None:
    for name in ["100% sure", "snake_case", "back\\slash", "plain", "[a] bracket", "it's"]:
        store.save(name, S1)
    assert [i.name for i in store.list(search=needle)] == expected


def test_list_search_finds_a_name_written_with_combining_accents(store) -> None:
    decomposed = "Cafe\u0301 plan"  # "é" as "e" + COMBINING ACUTE ACCENT
    store.save(decomposed, S1)
    assert [i.name for i in store.list(search=decomposed)] == [decomposed]
    assert [i.name for i in store.list(search="cafe\u0301")] == [decomposed]


# --------------------------------------------------------------------------- rename


def test_rename_keeps_history_and_frees_the_old_name(three) -> None:
    three.rename("Alpha", "Omega")
    assert [i.name for i in three.list()] == ["Omega"]
    history = three.history("Omega")
    assert [(v.version, v.note, v.scenario) for v in history] == [
        (3, "n3", S3),
        (2, "n2", S2),
        (1, "n1", S1),
    ]
    assert all(v.name == "Omega" for v in history)
    with pytest.raises(LookupError, match="Alpha"):
        three.load("Alpha")
    assert three.save("Omega", S1) == 4
    assert three.save("Alpha", S2) == 1  # the old name is free again


@pytest.mark.parametrize("taken", ["Beta", "beta", "  BETA "])
def test_rename_to_a_taken_name_is_a_value_error(three, snapshot, taken: str) -> None:
    three.save("Beta", S1)
    before = snapshot(three)
    with pytest.raises(ValueError, match="(?i)beta"):
        three.rename("Alpha", taken)
    assert snapshot(three) == before


def test_rename_to_a_deleted_scenarios_name_is_a_value_error(three, snapshot) -> None:
    three.save("Beta", S1)
    three.delete("Beta")
    before = snapshot(three)
    with pytest.raises(ValueError):
        three.rename("Alpha", "Beta")
    assert snapshot(three) == before


def test_rename_changing_only_the_case_is_allowed(three) -> None:
    three.rename("Alpha", "ALPHA")
    assert [i.name for i in three.list()] == ["ALPHA"]
    assert [v.version for v in three.history("ALPHA")] == [3, 2, 1]
    assert three.get("ALPHA").name == "ALPHA"


def test_rename_validates_the_new_name(three, snapshot) -> None:
    before = snapshot(three)
    for bad in ["", "x" * 81, "a\nb"]:
        with pytest.raises(ValueError, match="(?i)name"):
            three.rename("Alpha", bad)
    assert snapshot(three) == before


def test_rename_trims_the_new_name(three) -> None:
    three.rename("Alpha", "  Gamma  ")
    assert [i.name for i in three.list()] == ["Gamma"]


def test_rename_of_unknown_name_is_a_lookup_error(store) -> None:
    with pytest.raises(LookupError, match="ghost"):
        store.rename("ghost", "spirit")


# --------------------------------------------------------------------------- duplicate


def test_duplicate_copies_the_latest_version_as_version_1(three) -> None:
    assert three.duplicate("Alpha", "Alpha copy") == 1
    copy = three.history("Alpha copy")
    assert len(copy) == 1
    assert copy[0].version == 1 and copy[0].scenario == S3
    assert_summary_equal(copy[0].summary, project(S3).summary)
    # the original is untouched
    assert [(v.version, v.note, v.scenario) for v in three.history("Alpha")] == [
        (3, "n3", S3),
        (2, "n2", S2),
        (1, "n1", S1),
    ]
    assert sorted(i.name for i in three.list()) == ["Alpha", "Alpha copy"]
    # the two evolve independently
    assert three.save("Alpha copy", S1) == 2
    assert three.load("Alpha") == S3


@pytest.mark.parametrize("taken", ["Beta", "BETA ", "Alpha"])
def test_duplicate_onto_a_taken_name_is_a_value_error(three, snapshot, taken: str) -> None:
    three.save("Beta", S1)
    before = snapshot(three)
    with pytest.raises(ValueError):
        three.duplicate("Alpha", taken)
    assert snapshot(three) == before


def test_duplicate_of_unknown_name_is_a_lookup_error(store) -> None:
    with pytest.raises(LookupError, match="ghost"):
        store.duplicate("ghost", "spirit")
    assert store.list() == []


# --------------------------------------------------------------------------- delete / restore / purge


def test_delete_moves_the_scenario_to_the_deleted_list(three) -> None:
    three.save("Beta", S1)
    three.delete("Alpha")
    assert [i.name for i in three.list()] == ["Beta"]
    deleted = three.list(deleted=True)
    assert [i.name for i in deleted] == ["Alpha"]
    assert deleted[0].deleted_at is not None
    assert_utc(deleted[0].deleted_at)
    assert (deleted[0].latest_version, deleted[0].versions, deleted[0].note) == (3, 3, "n3")
    assert three.list(search="alp") == []
    assert [i.name for i in three.list(search="alp", deleted=True)] == ["Alpha"]
    assert three.list(search="beta", deleted=True) == []
    with pytest.raises(LookupError, match="Alpha"):
        three.load("Alpha")
    with pytest.raises(LookupError, match="Alpha"):
        three.get("Alpha", 1)


def test_restore_brings_back_every_version(three) -> None:
    three.delete("Alpha")
    three.restore("Alpha")
    assert [i.name for i in three.list()] == ["Alpha"]
    assert three.list(deleted=True) == []
    assert three.list()[0].deleted_at is None
    assert [(v.version, v.scenario) for v in three.history("Alpha")] == [(3, S3), (2, S2), (1, S1)]


def test_delete_and_restore_ignore_case(three) -> None:
    three.delete("alpha")
    assert [i.name for i in three.list(deleted=True)] == ["Alpha"]
    three.restore("ALPHA ")
    assert [i.name for i in three.list()] == ["Alpha"]


def test_purge_of_a_live_scenario_is_a_value_error(three, snapshot) -> None:
    before = snapshot(three)
    with pytest.raises(ValueError, match="Alpha"):
        three.purge("Alpha")
    assert snapshot(three) == before
    assert three.load("Alpha") == S3


def test_purge_removes_a_deleted_scenario_for_good(three) -> None:
    three.save("Beta", S1, note="keep")
    three.delete("Alpha")
    three.purge("Alpha")
    assert [i.name for i in three.list()] == ["Beta"]
    assert three.list(deleted=True) == []
    with pytest.raises(LookupError):
        three.load("Alpha")
    with pytest.raises(LookupError):
        three.restore("Alpha")
    # the name is free again and starts from version 1
    assert three.save("alpha", S2, note="fresh") == 1
    assert [(v.version, v.note, v.scenario) for v in three.history("alpha")] == [(1, "fresh", S2)]
    assert three.get("alpha").name == "alpha"
    assert [(v.version, v.note) for v in three.history("Beta")] == [(1, "keep")]


def test_saving_under_a_deleted_name_restores_it_with_a_new_version(three) -> None:
    three.delete("Alpha")
    assert three.save("alpha ", S1, note="back") == 4
    listing = three.list()
    assert [i.name for i in listing] == ["Alpha"]
    assert listing[0].deleted_at is None
    assert (listing[0].latest_version, listing[0].versions, listing[0].note) == (4, 4, "back")
    assert three.list(deleted=True) == []
    assert [v.version for v in three.history("Alpha")] == [4, 3, 2, 1]


def test_duplicate_onto_a_deleted_name_is_a_value_error(three, snapshot) -> None:
    three.save("Beta", S1)
    three.delete("Beta")
    before = snapshot(three)
    with pytest.raises(ValueError):
        three.duplicate("Alpha", "Beta")
    assert snapshot(three) == before


@pytest.mark.parametrize("call", ["delete", "restore", "purge"])
def test_life_cycle_calls_on_unknown_names_are_lookup_errors(store, call: str) -> None:
    with pytest.raises(LookupError, match="ghost"):
        getattr(store, call)("ghost")


# --------------------------------------------------------------------------- reopening


def test_data_survives_closing_and_reopening(three, open_store) -> None:
    three.close()
    again = open_store(0)
    assert [(v.version, v.note, v.scenario) for v in again.history("Alpha")] == [
        (3, "n3", S3),
        (2, "n2", S2),
        (1, "n1", S1),
    ]
    assert again.save("Alpha", S1) == 4


def test_url_property_is_the_url_given(store, store_url) -> None:
    assert store.url == store_url(0)


def test_database_url_environment_variable_is_the_default(tmp_path, monkeypatch) -> None:
    from model.store import ScenarioStore

    url = f"sqlite:///{tmp_path}/from_env.db"
    monkeypatch.setenv("DATABASE_URL", url)
    s = ScenarioStore()
    try:
        assert s.url == url
        assert s.save("env", S1) == 1
    finally:
        s.close()
    assert (tmp_path / "from_env.db").exists()


# --------------------------------------------------------------------------- threads (as Streamlit runs sessions)


def test_concurrent_saves_from_threads_get_distinct_versions(store) -> None:
    """Streamlit serves each browser session on its own thread, sharing one store."""
    threads, each = 6, 10
    barrier = threading.Barrier(threads)
    results: dict[int, list[int]] = {}
    errors: list[BaseException] = []

    def work(wid: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[wid] = [
                store.save("Busy", Scenario(pue=1 + (wid * each + i) / 1000), note=f"{wid}-{i}")
                for i in range(each)
            ]
        except BaseException as exc:  # reported below
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=120)
    assert not errors, errors
    returned = sorted(v for got in results.values() for v in got)
    assert returned == list(range(1, threads * each + 1))
    notes = {v.version: v.note for v in store.history("Busy")}
    for wid, got in results.items():
        assert [notes[v] for v in got] == [f"{wid}-{i}" for i in range(each)]
    assert [i.name for i in store.list()] == ["Busy"]

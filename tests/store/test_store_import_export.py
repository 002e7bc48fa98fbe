"""Export to JSON and import back: round-trips, adding versions, and all-or-nothing rejection."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from model.scenario import SCHEMA_VERSION, Scenario
from model.store import MAX_IMPORT_BYTES

FORMAT = "ai-infra-planner-scenarios"

A1 = Scenario(adoption_peak_pct=11)
A2 = Scenario(adoption_peak_pct=12, inference_precision="bf16")
B1 = Scenario.from_preset("Edge / on-device")
C1 = Scenario(pue=2.0)


@pytest.fixture
def filled(store):
    """'Alpha' (2 versions), 'Beta 😀' (1), and a deleted 'Gamma' (1)."""
    store.save("Alpha", A1, note="a1")
    store.save("Alpha", A2, note="a2 'quoted' \"text\"")
    store.save("Beta 😀", B1, note="b1")
    store.save("Gamma", C1, note="c1")
    store.delete("Gamma")
    return store


def versions_of(store, name: str) -> list[tuple[int, str, Scenario]]:
    """(version, note, scenario), oldest first."""
    return [(v.version, v.note, v.scenario) for v in reversed(store.history(name))]


def one(name: str, scenario: Scenario, note: str = "") -> dict[str, Any]:
    return {"name": name, "params": scenario.to_dict(), "note": note}


def export_doc(*scenarios: tuple[str, list[tuple[Scenario, str]]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": 1,
        "exported_at": "2026-01-01T00:00:00+00:00",
        "scenarios": [
            {
                "name": name,
                "versions": [
                    {
                        "version": i,
                        "note": note,
                        "created_at": "2026-01-01T00:00:00+00:00",
                        "params": s.to_dict(),
                    }
                    for i, (s, note) in enumerate(versions, start=1)
                ],
            }
            for name, versions in scenarios
        ],
    }


# --------------------------------------------------------------------------- export


def test_export_format(filled) -> None:
    text = filled.export_json()
    assert isinstance(text, str)
    doc = json.loads(text)
    assert doc["format"] == FORMAT
    assert doc["format_version"] == 1
    exported_at = datetime.fromisoformat(doc["exported_at"])
    assert exported_at.utcoffset() == timedelta(0)
    # every live scenario, none of the deleted
    assert sorted(s["name"] for s in doc["scenarios"]) == ["Alpha", "Beta 😀"]
    alpha = next(s for s in doc["scenarios"] if s["name"] == "Alpha")
    versions = sorted(alpha["versions"], key=lambda v: v["version"])
    assert [v["version"] for v in versions] == [1, 2]
    assert [v["note"] for v in versions] == ["a1", "a2 'quoted' \"text\""]
    assert versions[0]["params"] == A1.to_dict()
    assert versions[1]["params"] == A2.to_dict()
    for v, saved in zip(versions, reversed(filled.history("Alpha")), strict=True):
        assert datetime.fromisoformat(v["created_at"]) == saved.created_at
        assert set(v) >= {"version", "note", "created_at", "params"}


def test_export_selected_names(filled) -> None:
    doc = json.loads(filled.export_json(["Beta 😀"]))
    assert [s["name"] for s in doc["scenarios"]] == ["Beta 😀"]
    assert doc["scenarios"][0]["versions"][0]["params"] == B1.to_dict()


def test_export_of_an_empty_store(store) -> None:
    doc = json.loads(store.export_json())
    assert doc["format"] == FORMAT and doc["scenarios"] == []


# --------------------------------------------------------------------------- round trips


def test_export_then_import_into_an_empty_store(filled, other_store) -> None:
    result = other_store.import_json(filled.export_json())
    assert sorted(result) == [("Alpha", 2), ("Beta 😀", 1)]
    assert sorted(i.name for i in other_store.list()) == ["Alpha", "Beta 😀"]
    assert other_store.list(deleted=True) == []
    for name in ["Alpha", "Beta 😀"]:
        assert versions_of(other_store, name) == versions_of(filled, name)
    by_name = {i.name: i for i in other_store.list()}
    assert by_name["Alpha"].summary == filled.get("Alpha").summary


def test_import_accepts_bytes(filled, other_store) -> None:
    result = other_store.import_json(filled.export_json().encode("utf-8"))
    assert sorted(result) == [("Alpha", 2), ("Beta 😀", 1)]


def test_import_into_a_store_that_has_the_names_adds_versions(filled) -> None:
    exported = filled.export_json()
    old_alpha = filled.history("Alpha")
    old_beta = filled.history("Beta 😀")

    result = filled.import_json(exported)

    assert sorted(result) == [("Alpha", 2), ("Beta 😀", 1)]
    new_alpha = filled.history("Alpha")
    assert [v.version for v in new_alpha] == [4, 3, 2, 1]
    assert new_alpha[2:] == old_alpha  # versions 1 and 2 unchanged, field for field
    assert [(v.note, v.scenario) for v in new_alpha[:2]] == [
        (v.note, v.scenario) for v in old_alpha
    ]
    new_beta = filled.history("Beta 😀")
    assert [v.version for v in new_beta] == [2, 1]
    assert new_beta[1:] == old_beta
    assert sorted(i.name for i in filled.list()) == ["Alpha", "Beta 😀"]


def test_import_matches_existing_names_ignoring_case(filled) -> None:
    result = filled.import_json(json.dumps(one("  alpha ", C1, "via import")))
    assert [(name.strip().casefold(), n) for name, n in result] == [("alpha", 1)]
    assert [i.name for i in filled.list() if i.name.casefold() == "alpha"] == ["Alpha"]
    latest = filled.get("Alpha")
    assert (latest.version, latest.note, latest.scenario) == (3, "via import", C1)


def test_import_a_single_scenario_object(store) -> None:
    assert store.import_json(json.dumps(one("Solo", B1, "from a file"))) == [("Solo", 1)]
    saved = store.get("Solo")
    assert (saved.version, saved.note, saved.scenario) == (1, "from a file", B1)
    assert store.import_json(json.dumps(one("Solo", A1))) == [("Solo", 1)]
    assert [v.version for v in store.history("Solo")] == [2, 1]


def test_import_single_object_without_a_note(store) -> None:
    assert store.import_json(json.dumps({"name": "Bare", "params": A1.to_dict()})) == [("Bare", 1)]
    assert store.get("Bare").note == ""


def test_import_fills_defaults_of_older_params(store) -> None:
    params = A1.to_dict()
    del params["pue"]
    assert store.import_json(json.dumps({"name": "Old", "params": params})) == [("Old", 1)]
    assert store.load("Old") == A1  # pue default filled in


def test_odd_names_survive_export_and_import(store, other_store) -> None:
    names = ["'; DROP TABLE scenario; --", "<img src=x onerror=alert(1)>", "😀" * 80, "日本語"]
    for i, name in enumerate(names):
        store.save(name, Scenario(adoption_peak_pct=i))
    other_store.import_json(store.export_json())
    assert sorted(i.name for i in other_store.list()) == sorted(names)
    for i, name in enumerate(names):
        assert other_store.load(name) == Scenario(adoption_peak_pct=i)


def test_import_at_the_size_limit_is_accepted(store) -> None:
    text = json.dumps(one("Big", A1))
    padded = text + " " * (MAX_IMPORT_BYTES - len(text.encode()))
    assert len(padded.encode()) == MAX_IMPORT_BYTES
    assert store.import_json(padded) == [("Big", 1)]


# --------------------------------------------------------------------------- rejections


def _three_doc(bad_params: dict[str, Any]) -> str:
    """Three scenarios (one an existing name); the 2nd's params are replaced by ``bad_params``."""
    doc = export_doc(
        ("New one", [(A1, "x")]),
        ("Second", [(A2, "y"), (B1, "z")]),
        ("Alpha", [(C1, "w")]),
    )
    doc["scenarios"][1]["versions"][1]["params"] = bad_params
    return json.dumps(doc)


def _with(**changes: Any) -> dict[str, Any]:
    params = A1.to_dict()
    params.update(changes)
    return params


def _big() -> str:
    text = json.dumps(one("Big", A1))
    return text + " " * (MAX_IMPORT_BYTES + 1 - len(text.encode()))


def _big_by_bytes_not_characters() -> str:
    # 300,000 characters but 1.2 MB of UTF-8: the limit is in bytes
    return json.dumps(one("Big", A1, "😀" * 300_000), ensure_ascii=False)


def _wrong_format() -> str:
    doc = export_doc(("Fine", [(A1, "")]))
    doc["format"] = "some-other-tool"
    return json.dumps(doc)


def _newer_format_version() -> str:
    doc = export_doc(("Fine", [(A1, "")]))
    doc["format_version"] = 2
    return json.dumps(doc)


def _scenarios_not_a_list() -> str:
    return json.dumps({"format": FORMAT, "format_version": 1, "scenarios": {"Alpha": {}}})


def _versions_missing() -> str:
    doc = export_doc(("Fine", [(A1, "")]), ("Broken", [(A2, "")]))
    del doc["scenarios"][1]["versions"]
    return json.dumps(doc)


def _params_not_an_object() -> str:
    doc = export_doc(("Fine", [(A1, "")]), ("Broken", [(A2, "")]))
    doc["scenarios"][1]["versions"][0]["params"] = [1, 2, 3]
    return json.dumps(doc)


def _bad_name(name: Any) -> str:
    return json.dumps(export_doc(("Fine", [(A1, "")]), (name, [(A2, "")])))


REJECTED: dict[str, tuple[Any, str | None]] = {
    # id: (payload, regex the message must match, case-insensitively; None: any message)
    "malformed JSON": ('{"format": "ai-infra-planner-scenarios", "scenarios": [', "json"),
    "not JSON at all": ("hello", "json"),
    "empty": ("", "json"),
    "invalid UTF-8 bytes": (b'{"name": "\xff\xfe", "params": {}}', None),
    "deeply nested JSON": ("[" * 100_000 + "]" * 100_000, None),
    "over 1 MB": (_big(), "bytes|size|large|mb"),
    "over 1 MB in UTF-8 bytes": (_big_by_bytes_not_characters(), "bytes|size|large|mb"),
    "a JSON list": ("[]", None),
    "a JSON number": ("42", None),
    "JSON null": ("null", None),
    "wrong format": (_wrong_format(), "format"),
    "newer format_version": (_newer_format_version(), "format"),
    "scenarios not a list": (_scenarios_not_a_list(), "scenarios"),
    "versions missing": (_versions_missing(), "versions"),
    "params not an object": (_params_not_an_object(), "params"),
    "single object without name": (json.dumps({"params": A1.to_dict()}), "name"),
    "name with a newline": (_bad_name("bad\nname"), "name"),
    "name too long": (_bad_name("😀" * 81), "name"),
    "name empty": (_bad_name("   "), "name"),
    "name not text": (_bad_name(12), "name"),
    "out of range in 2nd of 3": (_three_doc(_with(pue=99)), "pue"),
    "unknown parameter in 2nd of 3": (_three_doc(_with(warp_factor=9)), "warp_factor"),
    "newer schema_version in 2nd of 3": (
        _three_doc(_with(schema_version=SCHEMA_VERSION + 1)),
        "schema_version",
    ),
    "missing schema_version in 2nd of 3": (
        _three_doc({k: v for k, v in A1.to_dict().items() if k != "schema_version"}),
        "schema_version",
    ),
    "bad choice in 2nd of 3": (_three_doc(_with(inference_accelerator="Abacus")), "accelerator"),
    "name that UTF-8 cannot encode": (_bad_name("broken emoji \ud83d"), "name"),
    "single object out of range": (json.dumps(one("Solo", A1) | {"params": _with(pue=0)}), "pue"),
}


@pytest.mark.parametrize(("payload", "pattern"), REJECTED.values(), ids=REJECTED.keys())
def test_rejected_imports_change_nothing(filled, snapshot, payload, pattern) -> None:
    before = snapshot(filled)
    with pytest.raises(ValueError) as info:
        filled.import_json(payload)
    assert snapshot(filled) == before
    if pattern is not None:
        assert re.search(pattern, str(info.value), flags=re.IGNORECASE), str(info.value)


def test_a_note_with_nul_is_imported_exactly_or_rejected_cleanly(filled, snapshot) -> None:
    """PostgreSQL text cannot hold NUL: then the import must fail with a ValueError
    about the note (not a driver error), and change nothing."""
    before = snapshot(filled)
    payload = json.dumps(export_doc(("Fine", [(A1, "ok")]), ("Noted", [(A2, "a\u0000b")])))
    try:
        filled.import_json(payload)
    except ValueError as exc:
        assert "note" in str(exc).lower(), str(exc)
        assert snapshot(filled) == before
    else:
        assert filled.get("Noted").note == "a\x00b"


@pytest.mark.parametrize(
    "bad",
    [_with(pue=99), _with(warp_factor=9), _with(schema_version=SCHEMA_VERSION + 1)],
    ids=["out of range", "unknown parameter", "newer schema_version"],
)
def test_message_names_the_scenario_with_the_bad_value(filled, snapshot, bad) -> None:
    """The user must be told which of the three scenarios is wrong."""
    before = snapshot(filled)
    with pytest.raises(ValueError, match="Second"):
        filled.import_json(_three_doc(bad))
    assert snapshot(filled) == before
    with pytest.raises(LookupError):
        filled.load("New one")  # the 1st scenario, valid, was not stored either


def test_rejected_import_into_an_empty_store_leaves_it_empty(other_store) -> None:
    with pytest.raises(ValueError, match="pue"):
        other_store.import_json(_three_doc(_with(pue=99)))
    assert other_store.list() == []
    assert other_store.list(deleted=True) == []

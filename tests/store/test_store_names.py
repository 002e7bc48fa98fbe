"""Scenario names: validation, exact round-trips of hostile and exotic text, uniqueness."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.scenario import Scenario
from model.store import MAX_NAME_LENGTH, validate_name

NAME_ERROR = re.compile("name", re.IGNORECASE)

ODD_NAMES = [
    "'; DROP TABLE scenario; --",
    "Robert'); DROP TABLE scenarios;--",
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    "**bold** _italic_ `code` [link](http://x)",
    "\"quotes\" & 'apostrophes'",
    "😀" * 80,
    "👩🏽‍💻 team plan",
    "Plan Ä — 日本語 · العربية · Русский · עברית · हिन्दी",
    "Cafe\u0301 (decomposed accent)",
    "100% sure",
    "under_score",
    "back\\slash",
    "x" * 80,
    "\ufeffBOM first, zero\u200bwidth, \uffff, \U0010ffff",
]


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029"


# --------------------------------------------------------------------------- validate_name


def test_limits_are_as_documented() -> None:
    from model import store

    assert MAX_NAME_LENGTH == 80
    assert store.MAX_IMPORT_BYTES == 1_000_000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plan", "plan"),
        ("  padded  ", "padded"),
        ("a b  c", "a b  c"),
        ("x" * 80, "x" * 80),
        ("😀" * 80, "😀" * 80),  # 80 code points, 320 UTF-8 bytes
        ("  " + "😀" * 80 + "  ", "😀" * 80),  # the limit applies after trimming
        ("e\u0301" * 40, "e\u0301" * 40),  # 80 code points, not normalised
        ("Ünïcødé 日本語", "Ünïcødé 日本語"),
    ],
)
def test_validate_name_returns_the_trimmed_name(raw: str, expected: str) -> None:
    assert validate_name(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " ",
        "   \t ",
        "x" * 81,
        "😀" * 81,
        "e\u0301" * 40 + "e",
        "\n",
        "\x00",
        "\t",
        "\u2028",
        "\u2029",
        "a\nb",
        "a\rb",
        "a\x00b",
        "a\tb",
        "a\u2028b",
        "a\u2029b",
        "a\x1bb",
        "a\x7fb",
        "a\x85b",
    ],
    ids=lambda s: repr(s)[:24],
)
def test_validate_name_rejects(raw: str) -> None:
    with pytest.raises(ValueError, match=NAME_ERROR):
        validate_name(raw)


@pytest.mark.parametrize("raw", [None, 42, 3.5, b"bytes", ["plan"]], ids=repr)
def test_validate_name_rejects_non_strings(raw: object) -> None:
    with pytest.raises(ValueError, match=NAME_ERROR):
        validate_name(raw)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.text(max_size=100))
def test_validate_name_property(raw: str) -> None:
    """Either a clear ValueError, or the trimmed text, 1 to 80 code points, no controls."""
    stripped = raw.strip()
    should_pass = 0 < len(stripped) <= 80 and not any(_is_control(c) for c in stripped)
    if should_pass and any(_is_control(c) for c in raw):
        # Whitespace controls only at the edges ("\tplan\n"): the spec leaves open
        # whether they are trimmed first or rejected; both are fine.
        try:
            assert validate_name(raw) == stripped
        except ValueError as exc:
            assert NAME_ERROR.search(str(exc))
    elif should_pass:
        assert validate_name(raw) == stripped
    else:
        with pytest.raises(ValueError, match=NAME_ERROR):
            validate_name(raw)


# --------------------------------------------------------------------------- through the store


@pytest.mark.parametrize("name", ODD_NAMES, ids=lambda s: repr(s)[:30])
def test_odd_names_round_trip_exactly(store, name: str) -> None:
    scenario = Scenario(adoption_peak_pct=33)
    assert store.save(name, scenario, note=name) == 1
    assert [item.name for item in store.list()] == [name]
    assert [item.name for item in store.list(search=name)] == [name]
    saved = store.get(name)
    assert saved.name == name
    assert saved.note == name
    assert saved.scenario == scenario
    assert store.load(name) == scenario
    assert [v.name for v in store.history(name)] == [name]
    # the store still works after the SQL-looking names
    assert store.save("after", Scenario()) == 1
    assert sorted(item.name for item in store.list()) == sorted([name, "after"])


def test_all_odd_names_side_by_side(store) -> None:
    for i, name in enumerate(ODD_NAMES):
        assert store.save(name, Scenario(adoption_peak_pct=i)) == 1
    assert sorted(item.name for item in store.list()) == sorted(ODD_NAMES)
    for i, name in enumerate(ODD_NAMES):
        assert store.load(name).adoption_peak_pct == i


@pytest.mark.parametrize(
    "bad",
    ["😀" * 81, "x" * 81, "\n", "\x00", "\t", "\u2028", "a\nb", "a\x00b", "", "   "],
    ids=lambda s: repr(s)[:24],
)
def test_save_rejects_bad_names_and_stores_nothing(store, bad: str) -> None:
    with pytest.raises(ValueError, match=NAME_ERROR):
        store.save(bad, Scenario())
    assert store.list() == []
    assert store.list(deleted=True) == []


def test_padded_name_is_stored_trimmed(store) -> None:
    assert store.save("  padded  ", Scenario()) == 1
    assert [item.name for item in store.list()] == ["padded"]
    assert store.get("padded").name == "padded"
    assert store.save("padded", Scenario(pue=1.5)) == 2
    assert store.load("  padded  ").pue == 1.5


def test_names_are_unique_regardless_of_case_and_padding(store) -> None:
    assert store.save("Plan A", Scenario(pue=1.1)) == 1
    assert store.save("plan a ", Scenario(pue=1.2)) == 2
    assert store.save("  PLAN A", Scenario(pue=1.3)) == 3
    listing = store.list()
    assert [item.name for item in listing] == ["Plan A"]  # display name kept as first saved
    assert listing[0].versions == 3
    assert [v.name for v in store.history("Plan A")] == ["Plan A"] * 3


def test_lookup_ignores_case_and_padding(store) -> None:
    store.save("Plan A", Scenario(pue=1.1))
    assert store.load("plan a") == Scenario(pue=1.1)
    assert store.get(" PLAN A ").name == "Plan A"


def test_non_ascii_case_is_folded_too(store) -> None:
    """SQLite's lower()/LIKE only fold ASCII; uniqueness and search must not."""
    assert store.save("Über Plan", Scenario()) == 1
    assert store.save("über plan", Scenario()) == 2
    assert store.save("ДЕМО", Scenario()) == 1
    assert store.save("демо", Scenario()) == 2
    assert sorted(item.name for item in store.list()) == sorted(["Über Plan", "ДЕМО"])
    assert [item.name for item in store.list(search="ÜBER")] == ["Über Plan"]
    assert [item.name for item in store.list(search="емо")] == ["ДЕМО"]


_counter = itertools.count()


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples every run: deterministic, and no .hypothesis/
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.text(min_size=1, max_size=70))
def test_any_valid_name_round_trips(store, text: str) -> None:
    """A unique prefix keeps names distinct across examples sharing one store."""
    try:
        name = validate_name(f"#{next(_counter)} {text}")
    except ValueError:
        return
    assert store.save(name, Scenario()) == 1
    assert store.get(name).name == name
    assert name in [item.name for item in store.list(search=name)]


@pytest.mark.parametrize("name", ["a\ud800b", "broken emoji \ud83d"], ids=["lone", "half pair"])
def test_a_name_that_cannot_be_stored_is_rejected_as_a_bad_name(store, name: str) -> None:
    """A lone surrogate (e.g. from a truncated emoji in a JSON file) has no UTF-8 form:
    both databases refuse it, so the user must get the name error, not a codec error."""
    with pytest.raises(ValueError, match=NAME_ERROR):
        store.save(name, Scenario())
    assert store.list() == []

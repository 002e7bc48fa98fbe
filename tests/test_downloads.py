"""Download file names: the scenario name(s), what the file is and the date, safe on
every operating system (:mod:`ui.downloads`), and the pages that use them.

The names must survive Windows (no ``<>:"/\\|?*``, no device names such as CON,
no trailing dot or space), macOS and Linux (no "/", no NUL) and every file
system's 255-byte limit, and two downloads of different scenarios or days must
not overwrite each other.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from ui.downloads import MAX_STEM, download_name, slug

DAY = date(2026, 11, 29)
APP = str(Path(__file__).resolve().parent.parent / "app.py")

#: Lower-case ASCII letters and digits in hyphen-separated runs, one dot before the extension.
SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10)
}


def assert_safe(name: str) -> None:
    """``name`` is a valid, portable file name."""
    assert SAFE.match(name), name
    assert len(name.encode()) <= 255, name
    stem = name.split(".", 1)[0]
    assert stem not in WINDOWS_DEVICES, name
    assert not set('<>:"/\\|?*\x00') & set(name), name


def test_one_scenario_what_and_date() -> None:
    assert download_name(["Board plan"], "deck", "pptx", DAY) == "board-plan-deck-2026-11-29.pptx"


def test_two_scenarios_are_joined_by_vs() -> None:
    name = download_name(["Board: Q3", "Cautious"], "deck", "pptx", DAY)
    assert name == "board-q3-vs-cautious-deck-2026-11-29.pptx"
    three = download_name(["A", "B", "C"], "report", "html", DAY)
    assert three == "a-vs-b-vs-c-report-2026-11-29.html"


def test_different_scenarios_and_days_give_different_names() -> None:
    names = {
        download_name(["Cautious"], "deck", "pptx", DAY),
        download_name(["Aggressive"], "deck", "pptx", DAY),
        download_name(["Cautious", "Aggressive"], "deck", "pptx", DAY),
        download_name(["Cautious"], "deck", "pptx", date(2026, 11, 30)),
        download_name(["Cautious"], "workbook", "xlsx", DAY),
    }
    assert len(names) == 5


def test_the_date_defaults_to_today() -> None:
    assert download_name(["x"], "deck", "pptx").endswith(f"-{date.today().isoformat()}.pptx")


@pytest.mark.parametrize("device", sorted(WINDOWS_DEVICES))
def test_windows_device_names_are_never_a_part(device: str) -> None:
    assert slug(device) == f"{device}-file"
    assert slug(device.upper()) == f"{device}-file"
    name = download_name([device.upper()], device, device, DAY)
    assert_safe(name)
    assert name == f"{device}-file-{device}-file-2026-11-29.{device}-file"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Café Zürich", "cafe-zurich"),
        ("Ærø naïve façade", "r-naive-facade"),  # Æ and ø have no ASCII decomposition
        ("ﬁnance", "finance"),  # a ligature decomposes
        ("Ｆｕｌｌ ｗｉｄｔｈ", "full-width"),
        ("日本語のシナリオ", "scenario"),  # nothing ASCII left: a placeholder
        ("🚀 Launch 🚀", "launch"),
        ("", "scenario"),
        ("   ", "scenario"),
        ("---", "scenario"),
    ],
)
def test_unicode_is_folded_to_ascii(raw: str, expected: str) -> None:
    assert slug(raw) == expected
    assert_safe(download_name([raw], "deck", "pptx", DAY))


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<b>Board</b> & <i>plan</i>",
        "../../etc/passwd",
        "..\\..\\Windows\\System32",
        'a/b\\c:d*e?f"g<h>i|j',
        "name.with.dots.",
        "trailing space ",
        "tab\tnew\nline\x00nul",
        '=HYPERLINK("http://x")',
    ],
)
def test_html_slashes_and_punctuation_never_reach_the_name(raw: str) -> None:
    name = download_name([raw], "deck", "pptx", DAY)
    assert_safe(name)
    assert name.count(".") == 1 and name.endswith(".pptx")
    assert ".." not in name and "/" not in name and "\\" not in name


def test_html_names_keep_their_words() -> None:
    assert slug("<b>Board</b> plan") == "b-board-b-plan"
    assert download_name(["a/b", "c\\d"], "csv", "csv", DAY) == "a-b-vs-c-d-csv-2026-11-29.csv"


@pytest.mark.parametrize(
    "names",
    [
        ["x" * 1000],
        ["word " * 300],
        ["Alpha " * 40, "Beta " * 40],
        ["é" * 400],  # two bytes each in UTF-8 before folding
    ],
    ids=["one-long-word", "many-words", "two-long-names", "accents"],
)
def test_very_long_names_are_cut_keeping_what_and_date(names: list[str]) -> None:
    name = download_name(names, "monthly table", "csv", DAY)
    assert_safe(name)
    stem = name.removesuffix(".csv")
    assert len(stem) <= MAX_STEM
    assert stem.endswith("-monthly-table-2026-11-29")
    assert not stem.startswith("-") and "--" not in stem


def test_a_long_name_is_cut_at_a_hyphen() -> None:
    name = download_name(["alpha beta gamma delta " * 10], "deck", "pptx", DAY)
    words = name.removesuffix("-deck-2026-11-29.pptx").split("-")
    assert set(words) <= {"alpha", "beta", "gamma", "delta"}  # no word cut in half


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(st.text(max_size=300), max_size=4),
    what=st.text(max_size=40),
    ext=st.sampled_from(["csv", "pptx", "xlsx", "html", "json", "CSV", "tar.gz", ""]),
)
def test_any_input_gives_a_portable_name(names: list[str], what: str, ext: str) -> None:
    name = download_name(names, what, ext, DAY)
    assert_safe(name)
    assert "-2026-11-29." in name
    assert len(name.split(".", 1)[0]) <= MAX_STEM


# --- the pages ------------------------------------------------------------------------------


@pytest.fixture
def file_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every download's file name the pages hand to Streamlit, in order (AppTest's
    media storage drops them once the run is over, so they are caught on the way in)."""
    seen: list[str] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):  # noqa: ANN001, ANN202
        if filename is not None:
            seen.append(filename)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return seen


def run_page(page: str | None, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("page", "query", "expected"),
    [
        (
            None,
            {"view": "Monthly table", "preset": "Frontier lab"},
            download_name(["Frontier lab"], "monthly table", "csv"),
        ),
        (
            "app_pages/fleet.py",
            {"inference_owned_pct": "60"},
            download_name(["AI assistant at scale"], "purchase schedule", "csv"),
        ),
        (
            "app_pages/actuals.py",
            {"preset": "Edge / on-device"},
            download_name(["Edge / on-device"], "actuals template", "csv"),
        ),
        (
            "app_pages/evidence.py",
            {},
            download_name(["AI infrastructure planner"], "evidence", "csv"),
        ),
    ],
    ids=["explore", "fleet", "actuals", "evidence"],
)
def test_page_downloads_carry_the_scenario_and_the_date(
    file_names: list[str], page: str | None, query: dict[str, str], expected: str
) -> None:
    run_page(page, query)
    assert expected in file_names, file_names
    assert date.today().isoformat() in expected
    for name in file_names:
        assert_safe(name)

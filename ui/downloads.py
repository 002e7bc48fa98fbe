"""Download file names: the scenario name(s), what the file is and the date,
safe on every operating system. No Streamlit here, so tests call it directly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date

#: Names Windows reserves for devices, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))}
_RESERVED |= {f"lpt{i}" for i in range(1, 10)}
#: Longest stem kept, well inside every file system's 255 bytes.
MAX_STEM = 120


def slug(name: str) -> str:
    """``name`` as a file-name part: ASCII letters, digits and single hyphens,
    lower case ("Board: Q3 / Cautious" -> "board-q3-cautious"); "scenario"
    when nothing is left, and never a reserved device name."""
    ascii_ = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_.casefold()).strip("-")
    if not text:
        return "scenario"
    return f"{text}-file" if text in _RESERVED else text


def download_name(names: Sequence[str], what: str, ext: str, today: date | None = None) -> str:
    """A download's file name: "<name>[-vs-<name>...]-<what>-<YYYY-MM-DD>.<ext>".

    Several decks of different scenarios, or of one scenario on different
    days, no longer overwrite one another. Every part is sanitised with
    :func:`slug`; the stem is cut to :data:`MAX_STEM` characters at a hyphen.

    Examples
    --------
    >>> download_name(["Board: Q3", "Cautious"], "deck", "pptx", date(2026, 11, 29))
    'board-q3-vs-cautious-deck-2026-11-29.pptx'
    """
    today = today or date.today()
    scenarios = "-vs-".join(slug(n) for n in names) or "scenario"
    tail = f"-{slug(what)}-{today.isoformat()}"
    stem = scenarios
    if len(stem) + len(tail) > MAX_STEM:
        stem = stem[: MAX_STEM - len(tail)].rsplit("-", 1)[0].strip("-") or "scenario"
    return f"{stem}{tail}.{slug(ext)}"

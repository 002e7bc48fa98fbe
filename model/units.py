"""Numbers formatted for people: $1.2M, 3.4e24 FLOP, 18,400 GPUs, "Mar 2028".

Shared by the CLI, the report builders and the app so every surface shows a
figure the same way.
"""

from __future__ import annotations

import math
from datetime import date

_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def money(x: float | None, digits: int = 1) -> str:
    """USD with a magnitude suffix: 1234567 -> "$1.2M"; small values keep cents."""
    if _missing(x):
        return "n/a"
    assert x is not None
    sign = "-" if x < 0 else ""
    a = abs(x)
    for scale, suffix in _SUFFIXES:
        if a >= scale:
            return f"{sign}${a / scale:.{digits}f}{suffix}"
    if a >= 100:
        return f"{sign}${a:,.0f}"
    if a >= 1:
        return f"{sign}${a:,.2f}"
    return f"{sign}${a:.3f}" if a >= 0.01 else f"{sign}${a:.2g}"


def count(x: float | None, unit: str = "") -> str:
    """A whole count with thousands separators: 18400.2 -> "18,400"."""
    if _missing(x):
        return "n/a"
    assert x is not None
    text = f"{x:,.0f}" if abs(x) >= 10 else f"{x:,.1f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".rstrip()


def compact(x: float | None, unit: str = "") -> str:
    """A large count with a suffix: 41_950_000 -> "42.0M"."""
    if _missing(x):
        return "n/a"
    assert x is not None
    for scale, suffix in _SUFFIXES:
        if abs(x) >= scale:
            return f"{x / scale:.1f}{suffix} {unit}".rstrip()
    return count(x, unit)


def flops(x: float | None) -> str:
    """FLOPs in scientific notation: 3.4e24 FLOP."""
    if _missing(x):
        return "n/a"
    assert x is not None
    return "0 FLOP" if x == 0 else f"{x:.1e} FLOP".replace("e+", "e")


def percent(fraction: float | None, digits: int = 0) -> str:
    """A fraction as a percentage: 0.783 -> "78%"."""
    if _missing(fraction):
        return "n/a"
    assert fraction is not None
    return f"{fraction * 100:.{digits}f}%"


def month(label: str | None) -> str:
    """ "2028-03" -> "Mar 2028"; None -> "never"."""
    if label is None:
        return "never"
    y, m = label.split("-")[:2]
    return date(int(y), int(m), 1).strftime("%b %Y")


def month_label(start_year: int, index: int) -> str:
    """Month ``index`` of a plan starting in January ``start_year``: "YYYY-MM"."""
    return f"{start_year + index // 12:04d}-{index % 12 + 1:02d}"


def months_between(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end``, both "YYYY-MM"."""
    ys, ms = (int(v) for v in start.split("-")[:2])
    ye, me = (int(v) for v in end.split("-")[:2])
    return (ye - ys) * 12 + (me - ms)


def number(x: float) -> str:
    """A plain number for people: 2,000,000,000 and 0.03, never 2e+09.

    Inputs are written with :meth:`model.param.Param.format`, which adds the unit.
    """
    if x.is_integer() and abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:,g}" if abs(x) < 1e6 else f"{x:,.0f}"


def energy(mwh: float | None) -> str:
    """Energy from MWh, in the largest readable unit: 264_000 -> "264 GWh"."""
    if _missing(mwh):
        return "n/a"
    assert mwh is not None
    for scale, unit in ((1e6, "TWh"), (1e3, "GWh"), (1.0, "MWh")):
        if abs(mwh) >= scale:
            v = mwh / scale
            return f"{v:,.0f} {unit}" if abs(v) >= 100 else f"{v:,.1f} {unit}"
    return f"{mwh * 1000:,.0f} kWh"


def tonnes(t: float | None) -> str:
    """Tonnes of CO2: 115_100 -> "115k tCO₂"."""
    if _missing(t):
        return "n/a"
    assert t is not None
    if abs(t) >= 1e6:
        return f"{t / 1e6:,.1f}M tCO₂"
    if abs(t) >= 1e4:
        return f"{t / 1e3:,.0f}k tCO₂"
    return f"{t:,.0f} tCO₂"

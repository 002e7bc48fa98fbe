"""Headline KPIs of a projection, formatted, with deltas against a baseline.

Pure functions: the Explore and Present pages and the exports show the same
figures from here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from model import narrative, units
from model.outputs import KPIS, KpiSpec


@dataclass(frozen=True)
class Kpi:
    """One tile: label, formatted value, formatted delta (None when equal)."""

    key: str
    label: str
    value: str
    delta: str | None
    #: "inverse" when a rise is bad (spend), "off" when neither good nor bad.
    delta_color: str
    help: str


def _delta_money(new: float, old: float) -> str | None:
    d = new - old
    if abs(d) < 0.5 or abs(d) <= 1e-9 * max(abs(old), 1.0):
        return None
    pct = f" ({d / old * 100:+.0f}%)" if old else ""
    sign = "+" if d > 0 else "-"
    return f"{sign}{units.money(abs(d))}{pct}"


def _delta(
    new: float | None, old: float | None, fmt: Callable[[float], str], smallest: float = 0.5
) -> str | None:
    """``new - old`` as "+<fmt>" or "-<fmt>"; None when missing or smaller than ``smallest``."""
    if new is None or old is None or abs(new - old) < smallest:
        return None
    return f"{'+' if new > old else '-'}{fmt(abs(new - old))}"


def _delta_points(new: float | None, old: float | None) -> str | None:
    if new is None or old is None:
        return None
    d = (new - old) * 100
    return None if abs(d) < 0.5 else f"{d:+.0f} pts"


def _delta_month(new: str | None, old: str | None) -> str | None:
    if new == old:
        return None
    if new is None:
        return "no longer within the horizon"
    if old is None:
        return "now within the horizon"
    n = units.months_between(old, new)
    word = "month" if abs(n) == 1 else "months"
    return f"{'+' if n > 0 else '-'}{abs(n)} {word}"


def _label(spec: KpiSpec, summary: Any) -> str:
    return spec.label.format(
        start=units.month(summary["start_month"]),
        end=units.month(summary["end_month"]),
        start_year=summary["start_month"][:4],
        final_year=summary["final_year"],
    )


def _delta_of(spec: KpiSpec, new: Any, old: Any) -> str | None:
    """The change of one tile's value against the baseline's, written as it declares."""
    if spec.delta == "month":
        return _delta_month(new, old)
    if spec.delta == "money":
        return _delta_money(new, old)
    if spec.delta == "points":
        return _delta_points(new, old)
    return _delta(new, old, spec.format, spec.smallest)


def kpis(summary: Any, baseline: Any = None) -> list[Kpi]:
    """The KPI tiles of ``summary`` (:data:`model.outputs.KPIS`), with deltas
    against ``baseline`` if given. Either may be a Summary or its ``to_dict()``."""
    b = baseline or summary
    tiles = []
    for spec in KPIS:
        value = summary[spec.field]
        help_text, text = spec.help, spec.format(value)
        if spec.name in ("crossover", "inference_share"):
            help_text += narrative.PRICE_SCALES_BOTH  # why the hardware price leaves it alone
        if spec.name == "crossover":  # the story decides what the tile says
            help_text += narrative.crossover_note(summary)
            text = narrative.crossover_value(summary)
        tiles.append(
            Kpi(
                spec.name,
                _label(spec, summary),
                text,
                _delta_of(spec, value, b[spec.field]),
                spec.delta_color,
                help_text,
            )
        )
    return tiles


#: The unit of a KPI's number, by its number kind (a count's unit is its own).
_UNITS = {
    "month": "month",
    "money": "USD",
    "money_rate": "USD per 1M tokens",
    "share": "share",
    "energy": "MWh",
    "tonnes": "tCO₂",
}


@dataclass(frozen=True)
class KpiValue:
    """One KPI as numbers, for spreadsheets: the value behind the tile and its
    change against a baseline, both in the KPI's own unit.

    ``value`` is a float, a month as its first day (``datetime.date``), or
    None when missing (no crossover within the plan). ``delta`` is the new
    value less the baseline's: whole months for a month, the difference of
    two fractions for a share (0.05 is 5 points), else in ``unit``; None when
    either is missing.
    """

    key: str
    kind: str
    label: str
    unit: str
    value: date | float | None
    delta: float | int | None
    #: The tile's text ("Mar 2028", "From the start", "never"), for a note.
    text: str
    help: str


def _month_date(label: str | None) -> date | None:
    if label is None:
        return None
    y, m = (int(v) for v in label.split("-")[:2])
    return date(y, m, 1)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    x = float(value)
    return x if math.isfinite(x) else None


def kpi_values(summary: Any, baseline: Any = None) -> list[KpiValue]:
    """The KPIs of ``summary`` (:data:`model.outputs.KPIS`) as numbers, with their
    differences against ``baseline`` (default: itself, every difference 0).
    Either may be a Summary or its ``to_dict()``. Labels and texts are those of
    :func:`kpis`, so a spreadsheet and the tiles say the same."""
    b = baseline or summary
    out = []
    for spec, tile in zip(KPIS, kpis(summary, b), strict=True):
        new, old = summary[spec.field], b[spec.field]
        value: date | float | None
        delta: float | int | None
        if spec.kind == "month":
            value = _month_date(new)
            delta = None if new is None or old is None else units.months_between(old, new)
        else:
            value, before = _number(new), _number(old)
            delta = None if value is None or before is None else value - before
        out.append(
            KpiValue(
                spec.name,
                spec.kind,
                tile.label,
                spec.count_unit or _UNITS.get(spec.kind, ""),
                value,
                delta,
                tile.value,
                tile.help,
            )
        )
    return out


def _column(label: str, i: int, summaries: list[tuple[str, Any]]) -> str:
    """A column title for scenario ``i``: its name, made unique (a scenario may be
    named "KPI", or two may share a display name)."""
    taken = {"KPI"} | {name for j, (name, _) in enumerate(summaries) if j < i}
    return label if label not in taken else f"{label} ({i + 1})"


def compare_table(summaries: list[tuple[str, dict[str, Any]]]) -> list[dict[str, str]]:
    """KPI rows for a side-by-side table: the first scenario is the baseline,
    the others show their value and its delta against it."""
    base_label, base = summaries[0]
    columns = [
        (_column(label, i, summaries), kpis(s, base)) for i, (label, s) in enumerate(summaries)
    ]
    rows = []
    for i, k in enumerate(columns[0][1]):
        row = {"KPI": k.label}
        for j, (label, tiles) in enumerate(columns):
            t = tiles[i]
            row[label] = t.value if j == 0 or t.delta is None else f"{t.value} ({t.delta})"
        rows.append(row)
    return rows

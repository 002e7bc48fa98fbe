"""Headline KPIs of a projection, formatted, with deltas against a baseline.

Pure functions: the Explore and Present pages and the exports show the same
figures from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from model import units


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


def _cents(d: float) -> str:
    return units.money(d, 2)


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


def kpis(summary: dict[str, Any], baseline: dict[str, Any] | None = None) -> list[Kpi]:
    """The KPI tiles of ``summary``, with deltas against ``baseline`` if given."""
    b = baseline or summary
    start, end = units.month(summary["start_month"]), units.month(summary["end_month"])
    return [
        Kpi(
            "crossover",
            "Inference overtakes training",
            units.month(summary["crossover_month"]),
            _delta_month(summary["crossover_month"], b["crossover_month"]),
            "off",
            "First month whose trailing 12-month inference spend reaches training spend."
            + (
                f" Inference falls behind again in {units.month(summary['falls_behind_month'])}."
                if summary.get("falls_behind_month")
                else ""
            ),
        ),
        Kpi(
            "total_spend",
            f"Total spend {summary['start_month'][:4]}-{summary['final_year']}",
            units.money(summary["total_spend_usd"]),
            _delta_money(summary["total_spend_usd"], b["total_spend_usd"]),
            "inverse",
            "Training plus data-centre inference spend over the whole horizon.",
        ),
        Kpi(
            "inference_share",
            f"Inference share, {summary['final_year']}",
            units.percent(summary["inference_share_final_year"]),
            _delta_points(summary["inference_share_final_year"], b["inference_share_final_year"]),
            "off",
            "Inference spend as a share of AI compute spend in the final year.",
        ),
        Kpi(
            "peak_fleet",
            "Peak inference fleet",
            units.count(summary["peak_inference_fleet_gpus"], "GPUs"),
            _delta(
                summary["peak_inference_fleet_gpus"],
                b["peak_inference_fleet_gpus"],
                lambda d: units.count(d, "GPUs"),
            ),
            "inverse",
            "Largest monthly-average number of accelerators paid for serving.",
        ),
        Kpi(
            "cost_per_mtok_start",
            f"$ per 1M tokens, {start}",
            units.money(summary["cost_per_million_tokens_start_usd"], 2),
            _delta(
                summary["cost_per_million_tokens_start_usd"],
                b["cost_per_million_tokens_start_usd"],
                _cents,
                5e-4,
            ),
            "inverse",
            "Data-centre inference spend per million tokens served, first month.",
        ),
        Kpi(
            "cost_per_mtok_end",
            f"$ per 1M tokens, {end}",
            units.money(summary["cost_per_million_tokens_end_usd"], 2),
            _delta(
                summary["cost_per_million_tokens_end_usd"],
                b["cost_per_million_tokens_end_usd"],
                _cents,
                5e-4,
            ),
            "inverse",
            "Data-centre inference spend per million tokens served, last month.",
        ),
        Kpi(
            "energy",
            "Energy used",
            units.energy(summary["total_energy_mwh"]),
            _delta(summary["total_energy_mwh"], b["total_energy_mwh"], units.energy),
            "inverse",
            "Facility energy over the horizon: accelerator TDP x hours x PUE, an upper bound.",
        ),
        Kpi(
            "co2",
            "CO₂ emitted",
            units.tonnes(summary["total_co2_t"]),
            _delta(summary["total_co2_t"], b["total_co2_t"], units.tonnes),
            "inverse",
            "Energy used times the grid's carbon intensity, over the horizon.",
        ),
    ]


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

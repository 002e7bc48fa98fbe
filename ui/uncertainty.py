"""Pure helpers of the Uncertainty page: no Streamlit calls, so tests call them directly.

The table of uncertainty ranges, the range overrides read back from its
edits (validated by :func:`model.scenario.check_range`, the rule a scenario
file's ranges follow too), a goal-seek answer put on its lever's step, and
Explore's one line on how sure the answer is (:func:`confidence_line`).
"""

from __future__ import annotations

import math

import pandas as pd

from model import units
from model.parameters import BY_NAME
from model.scenario import Scenario, check_range
from model.uncertainty import Simulation
from ui.widgets import widget_value


def lever_value(name: str, value: float, current: float) -> float | int:
    """``value`` on the lever's step, rounded towards meeting the goal: up when
    the lever must rise to ``value``, down when it must fall; within the
    lever's allowed range, in its widget's type."""
    p = BY_NAME[name]
    step = p.step or 0.0
    if step > 0:
        ratio = value / step
        ratio = math.ceil(ratio - 1e-9) if value > current else math.floor(ratio + 1e-9)
        value = round(ratio * step, 10)
    assert p.min is not None and p.max is not None
    return widget_value(name, min(max(value, p.min), p.max))


def ranges_table(scenario: Scenario) -> pd.DataFrame:
    """Every uncertain input: its value, P10, P90 and where the range comes from.

    Column ``name`` is the parameter (hidden on the page); the rest are shown.
    """
    overrides = scenario.range_overrides()
    rows = []
    for name, (low, high) in scenario.ranges().items():
        p = BY_NAME[name]
        reason = p.spread_source or ""
        if name in overrides:
            reason = "Set for this scenario." + (f" Default: {reason}" if reason else "")
        rows.append(
            {
                "name": name,
                "Input": p.label,
                "P10": plain(low),
                "Value": plain(getattr(scenario, name)),
                "P90": plain(high),
                "Unit": p.unit,
                "Why this range": reason,
            }
        )
    return pd.DataFrame(rows)


def edited_overrides(
    scenario: Scenario, edited: pd.DataFrame
) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Range overrides from the edited :func:`ranges_table`, and a message per rejected row.

    A row equal to the registry's default range is no override; a row that
    :func:`model.scenario.check_range` refuses (P10 and P90 not bracketing the
    value, or leaving the allowed range) is left out, with a message naming the input.
    """
    overrides, errors = {}, []
    for row in edited.itertuples(index=False):
        p = BY_NAME[row.name]
        value = float(getattr(scenario, row.name))
        try:
            low, high = float(row.P10), float(row.P90)
        except (TypeError, ValueError):
            errors.append(f"{p.label}: P10 and P90 must be numbers.")
            continue
        try:
            check_range(row.name, low, high, value)
        except ValueError:
            errors.append(
                f"{p.label}: need {p.min:g} ≤ P10 ≤ value ({value:g}) ≤ P90 ≤ {p.max:g} {p.unit}; "
                f"got P10 {low:g}, P90 {high:g}. Not applied."
            )
            continue
        default = p.default_range(value)
        if not (
            math.isclose(low, default[0], rel_tol=1e-3)
            and math.isclose(high, default[1], rel_tol=1e-3)
        ):
            overrides[row.name] = (low, high)
    return overrides, errors


def plain(x: float) -> float | int:
    """A number for an editable table cell: whole numbers as int, others to 4 significant digits."""
    x = float(x)
    return int(x) if x.is_integer() else float(f"{x:.4g}")


#: Explore's quick simulation: few enough draws for a lever move's budget (~13 ms
#: against ~2 ms for one projection, measured with time.perf_counter on the presets).
#: A heavy tail's P90 still moves by tens of percent from seed to seed at this count,
#: so the line names it; the Uncertainty page's 10,000 draws settle the percentiles.
EXPLORE_DRAWS = 300
EXPLORE_SEED = 0


def confidence_line(sim: Simulation) -> str:
    """How sure the answer is, in one line of markdown: the P10-P90 of total spend
    and the share of draws in which inference has overtaken training by the
    final year, naming the draw count (and any draws left out for having no plan).

    For example: "How sure: over 300 draws of the uncertain inputs, total spend is
    **\\$210.4M–\\$390.2M** (P10–P90) and inference has overtaken training by 2031
    in 87% of them. More on the Uncertainty page."
    """
    s = sim.summary
    requested = int(s.get("draws_requested", sim.draws))
    prob = sim.probability_by_year
    year = int(prob["year"].iloc[-1])
    p = float(prob["probability"].iloc[-1])
    if p >= 1.0:
        share = "in every one of them"
    elif p <= 0.0:
        share = "in none of them"
    elif p > 0.995:  # never "100%" for a share short of all: the tail is the point
        share = "in more than 99% of them"
    elif p < 0.005:
        share = "in fewer than 1% of them"
    else:
        share = f"in {units.percent(p)} of them"
    low, high = (units.money(s[f"total_spend_usd_p{q}"]).replace("$", "\\$") for q in (10, 90))
    left_out = ""
    if sim.draws < requested:
        left_out = (
            f" ({requested - sim.draws:,} left out: their model outgrows the inference accelerator)"
        )
    return (
        f"How sure: over {requested:,} draws of the uncertain inputs{left_out}, total spend is "
        f"**{low}–{high}** (P10–P90) and inference has overtaken training by {year} {share}. "
        "More on the Uncertainty page."
    )

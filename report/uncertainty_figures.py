"""Plotly figures of the uncertainty analysis: fan chart, crossover probability, tornado.

Built like :mod:`report.figures`: plain specs wrapped once without plotly's
per-property validation (tests/test_uncertainty_figures.py rebuilds each one
*with* validation), the Okabe-Ito colours, no template so the app's theme
applies. No Streamlit here.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from model import units
from model.actuals import annual as annual_actuals
from model.parameters import BY_NAME
from model.uncertainty import Simulation
from report.figures import (
    _YEAR_AXIS,
    ENERGY,
    INFERENCE,
    MARKER,
    TRAINING,
    Trace,
    _bar,
    _figure,
    _line,
    _money_text,
)

#: Tornado colours: the input at its P10 (sky blue) and at its P90 (vermillion).
LOW = ENERGY
HIGH = MARKER


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def fan_chart(sim: Simulation, actuals: pd.DataFrame | None = None) -> go.Figure:
    """Training and inference spend per year: the median (P50) line and the
    P10-P90 band around it, across the simulation's draws, on a log axis [USD per year].

    ``actuals`` (:func:`model.actuals.parse_actuals`' table), when given, adds
    each year's actual training and inference spend as diamonds: filled for a
    year of 12 reported months, hollow for a part year (its sum so far).
    """
    a = sim.annual
    years = [str(y) for y in a["year"]]
    traces: list[Trace] = []
    for kind, colour in (("training", TRAINING), ("inference", INFERENCE)):
        name = kind.capitalize()
        p10, p50, p90 = (a[f"{kind}_spend_p{q}"].to_numpy() for q in (10, 50, 90))
        band = f"{name} P10-P90"
        # The band: P10 as an invisible edge, P90 filled down to it ("tonexty"
        # fills to the trace just before). Both hover, so the range reads in numbers.
        traces.append(
            _line(
                years,
                p10,
                f"{name} P10",
                colour,
                _money_text(p10),
                line={"width": 0},
                showlegend=False,
                legendgroup=band,
            )
        )
        traces.append(
            _line(
                years,
                p90,
                band,
                colour,
                _money_text(p90),
                line={"width": 0},
                fill="tonexty",
                fillcolor=_rgba(colour, 0.22),
                legendgroup=band,
                hover_name=f"{name} P90",
            )
        )
        traces.append(
            _line(years, p50, f"{name} P50", colour, _money_text(p50), mode="lines+markers")
        )
    spread = a[[f"{k}_spend_p{q}" for k in ("training", "inference") for q in (10, 90)]]
    if actuals is not None:
        marks = _actual_spend(actuals, set(years))
        traces += marks
        spread = pd.concat([spread, *(pd.DataFrame({"actual": t["y"]}) for t in marks)])
    # A log axis: the draws' spend is skewed (P90 several times the median), and on a
    # linear axis the P90 edge would flatten the medians against the floor.
    return _figure(
        traces,
        "Spend per year: median and 80% range (log scale)",
        "Spend (USD per year)",
        _log_money_axis(spread),
        _YEAR_AXIS,
    )


def _actual_spend(actuals: pd.DataFrame, years: set[str]) -> list[Trace]:
    """Diamonds of each plan year's actual training and inference spend [USD per year]."""
    traces = []
    for kind, colour in (("training", TRAINING), ("inference", INFERENCE)):
        yearly = annual_actuals(actuals, f"{kind}_spend_usd")
        yearly = yearly[yearly["year"].astype(str).isin(years) & (yearly["value"] > 0)]
        if yearly.empty:
            continue
        full = yearly["months"].to_numpy() == 12
        text = [
            f"{units.money(v)}" + ("" if n == 12 else f" ({n} of 12 months so far)")
            for v, n in zip(yearly["value"], yearly["months"], strict=True)
        ]
        traces.append(
            _line(
                [str(y) for y in yearly["year"]],
                yearly["value"].to_numpy(dtype=float),
                f"{kind.capitalize()} actual",
                colour,
                text,
                mode="markers",
                marker={
                    "color": colour,
                    "size": 12,
                    "symbol": ["diamond" if f else "diamond-open" for f in full],
                    "line": {"color": colour, "width": 2},
                },
            )
        )
    return traces


def _log_money_axis(values: pd.DataFrame) -> dict[str, Any]:
    """A log axis ticked at 1, 2 and 5 times each power of ten (each power alone over
    more than four decades), labelled like $20M."""
    y = values.to_numpy(dtype=float)
    y = y[np.isfinite(y) & (y > 0)]
    axis: dict[str, Any] = {"type": "log"}
    if not y.size:
        return axis
    lo, hi = math.floor(math.log10(y.min())), math.ceil(math.log10(y.max()))
    steps = (1, 2, 5) if hi - lo <= 4 else (1,)  # fewer ticks over many decades
    ticks = [
        m * 10.0**e
        for e in range(lo, hi + 1)
        for m in steps
        if y.min() / 2 <= m * 10.0**e <= y.max() * 2
    ]
    return {
        **axis,
        "tickvals": ticks,
        "ticktext": [units.money(t, 0) if t >= 1000 else f"${t:g}" for t in ticks],
    }


def crossover_probability_chart(sim: Simulation) -> go.Figure:
    """Share of draws in which inference spend has overtaken training by
    each year's end (the trailing-12-month rule) [%]."""
    p = sim.probability_by_year
    years = [str(y) for y in p["year"]]
    pct = (p["probability"].to_numpy() * 100.0).round(1)
    text = [units.percent(v) for v in p["probability"]]
    trace = _bar(
        years,
        pct,
        "Probability",
        INFERENCE,
        [f"{t} of draws" for t in text],
        hover_name="Overtaken by year end",
        textposition="outside",
        cliponaxis=False,
    )
    trace["text"] = text  # _bar's own ``text`` argument is the hover text
    return _figure(
        [trace],
        "Chance inference has overtaken training by each year's end",
        "Probability (%)",
        {"range": [0, 105], "ticksuffix": "%", "dtick": 20},
        _YEAR_AXIS,
        showlegend=False,
    )


def tornado(sens: pd.DataFrame, base_total: float) -> go.Figure:
    """Total spend over the horizon with one input at its P10 or its P90 and
    the rest at the scenario's values: a bar from the base total to each,
    the most influential input on top [USD].

    ``sens`` is :func:`model.uncertainty.sensitivity`'s table (or some of its
    rows, in its order); ``base_total`` the scenario's own total spend.
    """
    labels = list(sens["label"])
    has_crossover = "crossover_low" in sens.columns
    traces: list[Trace] = []
    for side, name, colour in (("low", "At P10 value", LOW), ("high", "At P90 value", HIGH)):
        totals = sens[f"total_{side}_usd"].to_numpy(dtype=float)
        text = []
        for row, total in zip(sens.itertuples(index=False), totals, strict=True):
            value = BY_NAME[row.name].format(round(float(getattr(row, side)), 6))
            if not np.isfinite(total):  # that end names no plan: no bar, a note
                text.append(f"{value}: no plan (the model outgrows the inference accelerator)")
                continue
            change = total - base_total
            sign = "+" if change >= 0 else "-"
            line = f"{value}: total {units.money(total)} ({sign}{units.money(abs(change))})"
            if has_crossover:
                cross = getattr(row, f"crossover_{side}")
                line += f", crossover {units.month(cross if isinstance(cross, str) else None)}"
            text.append(line)
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": totals - base_total,
                "base": [base_total] * len(labels),
                "name": name,
                "marker": {"color": colour},
                "customdata": text,
                "hovertemplate": "%{customdata}<extra>" + name + "</extra>",
            }
        )
    return _figure(
        traces,
        "What moves total spend most",
        "",
        {"autorange": "reversed", "type": "category", "automargin": True},
        {
            "title": {"text": "Total spend over the horizon (USD)"},
            "tickprefix": "$",
            "exponentformat": "B",
        },
        barmode="overlay",
        hovermode="y unified",
        height=max(320, 26 * len(labels) + 150),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        **_base_marker(base_total),
    )


def _base_marker(base_total: float) -> dict[str, Any]:
    return {
        "shapes": [
            {
                "type": "line",
                "x0": base_total,
                "x1": base_total,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"dash": "dash", "color": "#7f7f7f", "width": 1.5},
            }
        ],
        "annotations": [
            {
                "x": base_total,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": f"Your levers: {units.money(base_total)}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "xshift": 4,
            }
        ],
    }

"""Plotly figures built from a Projection: one code path for the app and the exports.

Colours are the Okabe-Ito palette (Okabe & Ito 2008), distinguishable with
the common forms of colour blindness and legible on light and dark themes.
No figure sets a template or background, so the app's theme applies; the
HTML export sets its own.

Each figure is written as a plain spec (traces and layout as dicts) and
wrapped once without plotly's per-property validation, which costs ~15 ms a
chart through the object API against ~1 ms this way: a lever move redraws
charts on that budget. tests/test_figures.py rebuilds every figure *with*
validation, so an invalid property still fails a test.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import plotly.graph_objects as go

from model import fleet as fleet_economics
from model import units
from model.engine import Projection, trailing_sum
from model.outputs import output

TRAINING = "#E69F00"  # orange
INFERENCE = "#0072B2"  # blue
EDGE = "#009E73"  # bluish green
ENERGY = "#56B4E9"  # sky blue
CARBON = "#CC79A7"  # reddish purple
MARKER = "#D55E00"  # vermillion, for the crossover
#: Scenario colours in comparisons: not the blue and orange that mean
#: inference and training everywhere else.
SCENARIO_COLOURS = (EDGE, CARBON, ENERGY, MARKER)

_MONEY_AXIS = {"tickprefix": "$", "exponentformat": "B", "rangemode": "tozero"}
_MONTH_AXIS = {"tickformat": "%b %Y"}
_YEAR_AXIS = {"type": "category"}

Trace = dict[str, Any]


def _figure(
    traces: Iterable[Trace],
    title: str,
    y_title: str,
    yaxis: dict[str, Any] | None = None,
    xaxis: dict[str, Any] | None = None,
    **layout: Any,
) -> go.Figure:
    spec_layout = {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "hovermode": "x unified",
        "height": 420,
        "xaxis": xaxis or {},
        "yaxis": {"title": {"text": y_title}, **(yaxis or {})},
        **layout,
    }
    return go.Figure({"data": list(traces), "layout": spec_layout}, _validate=False)


def _money_text(values: Iterable[float]) -> list[str]:
    return _texts("total_spend_usd", values)


def _texts(name: str, values: Iterable[float]) -> list[str]:
    """Hover texts of column ``name``, formatted as the output registry declares."""
    o = output(name)
    return [o.format(float(v)) for v in values]


def _axis(quantity: str, name: str, per: str = "") -> str:
    """An axis title with the unit the output registry declares for ``name``:
    ``_axis("Spend", "training_spend_usd", " per year")`` -> "Spend (USD per year)"."""
    return f"{quantity} ({output(name).unit}{per})"


def _line(x: Any, y: Any, name: str, colour: str, text: list[str], **kw: Any) -> Trace:
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "name": name,
        "mode": kw.pop("mode", "lines"),
        "line": {"color": colour, "width": 3, **kw.pop("line", {})},
        "customdata": text,
        "hovertemplate": "%{customdata}<extra>" + kw.pop("hover_name", name) + "</extra>",
        **kw,
    }


def _bar(x: Any, y: Any, name: str, colour: str, text: list[str], **kw: Any) -> Trace:
    return {
        "type": "bar",
        "x": x,
        "y": y,
        "name": name,
        "marker": {"color": colour},
        "customdata": text,
        "hovertemplate": "%{customdata}<extra>" + kw.pop("hover_name", name) + "</extra>",
        **kw,
    }


def _month_marker(label: str | None, text: str) -> dict[str, Any]:
    """Layout entries for a dashed vertical line at month ``label`` with a note."""
    if label is None:
        return {}
    x = f"{label}-01"
    return {
        "shapes": [
            {
                "type": "line",
                "x0": x,
                "x1": x,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"dash": "dash", "color": MARKER, "width": 2},
            }
        ],
        "annotations": [
            {
                "x": x,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": f"{text}: {units.month(label)}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "xshift": 4,
                "font": {"color": MARKER},
            }
        ],
    }


def _view(proj: Projection) -> str:
    """The spend view a spend chart shows, as a title suffix: " (P&L view)" or
    " (cash view)"; nothing when all is rented on demand (both views are the rental)."""
    s = proj.scenario
    return "" if fleet_economics.is_all_on_demand(s) else f" ({s.spend_view} view)"


def _spend_pairs() -> tuple[tuple[str, str, str], ...]:
    return (
        ("training_spend_usd", "Training", TRAINING),
        ("inference_spend_usd", "Inference", INFERENCE),
    )


def spend_annual(proj: Projection) -> go.Figure:
    """Training and inference spend per calendar year, side by side [USD]."""
    a = proj.annual
    years = [str(y) for y in a["year"]]
    traces = [
        _bar(years, a[col].to_numpy(), name, colour, _texts(col, a[col]))
        for col, name, colour in _spend_pairs()
    ]
    return _figure(
        traces,
        "Spend per year: training vs inference" + _view(proj),
        _axis("Spend", "training_spend_usd", " per year"),
        _MONEY_AXIS,
        _YEAR_AXIS,
        barmode="group",
    )


def spend_monthly(proj: Projection) -> go.Figure:
    """Trailing-12-month spend, the crossover rule, with monthly spend faint behind [USD]."""
    m = proj.monthly
    x = m["month"]
    traces = []
    for col, name, colour in _spend_pairs():
        monthly = m[col].to_numpy()
        trailing = trailing_sum(monthly)
        traces.append(
            _line(
                x,
                trailing,
                f"{name}, trailing 12 months",
                colour,
                _texts(col, trailing),
                hover_name=f"{name} (12 mo)",
            )
        )
        traces.append(
            _bar(
                x,
                monthly,
                f"{name}, month",
                colour,
                _texts(col, monthly),
                hover_name=f"{name} (month)",
                opacity=0.35,
            )
        )
    return _figure(
        traces,
        "Spend by month and over the trailing 12 months" + _view(proj),
        _axis("Spend", "training_spend_usd"),
        _MONEY_AXIS,
        _MONTH_AXIS,
        barmode="overlay",
        **_month_marker(proj.summary["crossover_month"], "Inference overtakes"),
    )


def spend_cumulative(proj: Projection) -> go.Figure:
    """Cumulative training and inference spend since the start [USD]."""
    m = proj.monthly
    traces = []
    for col, name, colour in _spend_pairs():
        cum = m[col].cumsum().to_numpy()
        traces.append(_line(m["month"], cum, name, colour, _texts(col, cum)))
    return _figure(
        traces,
        "Cumulative spend" + _view(proj),
        _axis("Cumulative spend", "training_spend_usd"),
        _MONEY_AXIS,
        _MONTH_AXIS,
        **_month_marker(proj.summary["cumulative_crossover_month"], "Cumulative crossover"),
    )


def compute_flops(proj: Projection) -> go.Figure:
    """Monthly compute on a log axis: training, data-centre inference, edge [FLOP]."""
    m = proj.monthly
    traces = []
    for col, name, colour in (
        ("training_flops", "Training", TRAINING),
        ("inference_flops", "Inference (data centre)", INFERENCE),
        ("edge_flops", "Inference on device (edge)", EDGE),
    ):
        y = m[col].to_numpy(dtype=float)
        if not (y > 0).any():
            continue
        traces.append(_line(m["month"], np.where(y > 0, y, np.nan), name, colour, _texts(col, y)))
    return _figure(
        traces,
        "Compute per month (log scale)",
        _axis("Compute", "training_flops", " per month"),
        {"type": "log", "exponentformat": "power", "dtick": 1},
        _MONTH_AXIS,
    )


def fleet(proj: Projection) -> go.Figure:
    """Accelerators paid for on average each month: inference and training [accelerators]."""
    m = proj.monthly
    traces = [
        _line(m["month"], m[col].to_numpy(), name, colour, _texts(col, m[col]))
        for col, name, colour in (
            ("inference_fleet_gpus", "Inference fleet", INFERENCE),
            ("training_fleet_gpus", "Training fleet", TRAINING),
        )
    ]
    return _figure(
        traces,
        "Accelerator fleet (monthly average)",
        _axis("Fleet", "inference_fleet_gpus"),
        {"rangemode": "tozero", "tickformat": ",.0f"},
        _MONTH_AXIS,
    )


def cost_per_token(proj: Projection) -> go.Figure:
    """Data-centre inference spend per million tokens served [USD/1M tokens]."""
    m = proj.monthly
    y = m["cost_per_million_tokens_usd"].to_numpy()
    trace = _line(
        m["month"],
        y,
        "Cost per 1M tokens",
        INFERENCE,
        [f"{text} per 1M tokens" for text in _texts("cost_per_million_tokens_usd", y)],
        hover_name="",
    )
    return _figure(
        [trace],
        "Inference cost per million tokens",
        output("cost_per_million_tokens_usd").header,
        {"tickprefix": "$", "tickformat": ".2f", "rangemode": "tozero"},
        _MONTH_AXIS,
    )


#: Mantissas of a round tick step: 1, 2, 2.5 or 5 times a power of ten.
ROUND_STEPS = (1.0, 2.0, 2.5, 5.0)


def round_step(top: float, intervals: int) -> float:
    """The smallest round step (:data:`ROUND_STEPS` x 10^k) with which ``intervals``
    steps from 0 reach ``top``; 1 when ``top`` is not a positive number."""
    if not (math.isfinite(top) and top > 0):
        return 1.0
    raw = top / intervals
    k = math.floor(math.log10(raw))
    for exponent in (k, k + 1):
        for m in ROUND_STEPS:
            step = float(f"{m:g}e{exponent}")  # exactly the decimal, no float drift
            if step >= raw * (1 - 1e-12):
                return step
    return float(f"1e{k + 2}")  # not reached: 10^(k+1) > raw always


def _linear_ticks(step: float, intervals: int) -> dict[str, Any]:
    """An axis from 0 to ``intervals`` steps, a tick on every step, written with
    as many decimals as the step needs (2.5 -> one, 0.25 -> two)."""
    mantissa, exponent = f"{step:e}".split("e")
    decimals = max(0, -int(exponent) + (1 if float(mantissa) == 2.5 else 0))
    return {
        "range": [0, step * intervals],
        "tickmode": "array",
        "tickvals": [float(f"{i * step:.{decimals}f}") for i in range(intervals + 1)],
        "tickformat": f",.{decimals}f",
    }


def paired_axes(left_top: float, right_top: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """Tick settings for a left and a right (secondary) axis from 0 to their tops:
    both with round steps and the same number of intervals, so the right axis's
    ticks sit on the left axis's grid lines (plotly's ``tickmode="sync"`` puts
    them there too, at values such as 8,853 / 17,704 / 26,558).

    Of 4 to 6 intervals, the count that leaves the least empty space above the
    two tops is taken.
    """

    def waste(n: int) -> tuple[float, int]:
        left = round_step(left_top, n)
        count = max(1, math.ceil(left_top / left - 1e-9)) if left_top > 0 else n
        right = round_step(right_top, count)
        fill = (left_top / (left * count) if left_top > 0 else 1.0) * (
            right_top / (right * count) if right_top > 0 else 1.0
        )
        return -fill, count

    _, count = min(waste(n) for n in (4, 5, 6))
    return (
        _linear_ticks(round_step(left_top, count), count),
        _linear_ticks(round_step(right_top, count), count),
    )


def energy_carbon(proj: Projection) -> go.Figure:
    """Annual facility energy by workload [MWh] and emissions [tCO2] on a second axis."""
    a = proj.annual
    years = [str(y) for y in a["year"]]
    traces = [
        _bar(years, a[col].to_numpy(), name, colour, _texts(col, a[col]))
        for col, name, colour in (
            ("training_energy_mwh", "Training energy", TRAINING),
            ("inference_energy_mwh", "Inference energy", INFERENCE),
        )
    ]
    traces.append(
        _line(
            years,
            a["co2_t"].to_numpy(),
            "CO₂ emitted",
            CARBON,
            _texts("co2_t", a["co2_t"]),
            mode="lines+markers",
            yaxis="y2",
            hover_name="CO₂",
        )
    )
    energy = (a["training_energy_mwh"] + a["inference_energy_mwh"]).to_numpy(dtype=float)
    left, right = paired_axes(_top(energy), _top(a["co2_t"].to_numpy(dtype=float)))
    return _figure(
        traces,
        "Energy and carbon per year",
        _axis("Energy", "energy_mwh", " per year"),
        left,
        _YEAR_AXIS,
        barmode="stack",
        yaxis2={
            "title": {"text": _axis("Emissions", "co2_t", "CO₂ per year")},
            "overlaying": "y",
            "side": "right",
            **right,  # round ticks on the left axis's grid lines
            "showgrid": False,
        },
    )


def _top(values: np.ndarray) -> float:
    """The largest finite value, 0 when there is none."""
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else 0.0


#: The series a comparison overlays: (annual column, its word, its line's dash).
_COMPARE_SERIES = (
    ("inference_spend_usd", "inference", "solid"),
    ("training_spend_usd", "training", "dash"),
)
#: Marker of the 1st, 2nd, ... later line lying on an earlier one: open and
#: larger, so the earlier line's filled markers show inside it.
_COINCIDING_MARKERS = ("diamond-open", "square-open", "circle-open")


def coinciding(projections: list[tuple[str, Projection]]) -> list[tuple[int, int, str]]:
    """The overlaid series that lie on an earlier one: ``(i, j, column)`` when
    scenario ``i``'s annual ``column`` equals scenario ``j``'s (``j < i``, the first
    such) in every year."""
    found = []
    for i, (_, proj) in enumerate(projections):
        for col, _, _ in _COMPARE_SERIES:
            y = proj.annual[col].to_numpy(dtype=float)
            for j, (_, earlier) in enumerate(projections[:i]):
                other = earlier.annual[col].to_numpy(dtype=float)
                if y.shape == other.shape and np.allclose(y, other, rtol=1e-12, atol=0.0):
                    found.append((i, j, col))
                    break
    return found


def compare_spend(projections: list[tuple[str, Projection]]) -> go.Figure:
    """Annual spend of several scenarios overlaid: colour per scenario,
    solid inference, dashed training [USD]. A line equal to an earlier one is
    drawn dotted on top of it with open markers, named "(same as ...)", so
    neither hides the other."""
    # Plotly renders <b>, <br>, <a> in names and fills %{...} in hover text:
    # a scenario's name is escaped to show as typed.
    labels = [html.escape(raw).replace("%", "&#37;") for raw, _ in projections]
    same = {(i, col): j for i, j, col in coinciding(projections)}
    traces = []
    for i, (_, proj) in enumerate(projections):
        label = labels[i]
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        a = proj.annual
        years = [str(y) for y in a["year"]]
        for col, kind, dash in _COMPARE_SERIES:
            style: dict[str, Any] = {"line": {"dash": dash}}
            name = f"{label}: {kind}"
            if (i, col) in same:
                j = same[(i, col)]
                below = sum(1 for (k, c), _ in same.items() if c == col and k < i)
                style = {
                    "line": {"dash": "dot", "width": 2},
                    "marker": {
                        "symbol": _COINCIDING_MARKERS[below % len(_COINCIDING_MARKERS)],
                        "size": 12 + 4 * below,
                        "line": {"width": 2, "color": colour},
                    },
                }
                name += f" (same as {labels[j]})"
            traces.append(
                _line(
                    years,
                    a[col].to_numpy(),
                    name,
                    colour,
                    _texts(col, a[col]),
                    mode="lines+markers",
                    hover_name=f"{label}: {kind}",
                    **style,
                )
            )
    return _figure(
        traces,
        "Spend per year (solid: inference, dashed: training)",
        _axis("Spend", "training_spend_usd", " per year"),
        _MONEY_AXIS,
        _YEAR_AXIS,
        height=460,
    )


#: Every figure of the Explore page, in reading order.
ALL = (
    spend_annual,
    spend_monthly,
    spend_cumulative,
    compute_flops,
    fleet,
    cost_per_token,
    energy_carbon,
)

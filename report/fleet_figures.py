"""Fleet economics charts: how the plan's accelerator-hours are paid for, and
when owning pays.

Built like :mod:`report.figures`: a plain spec wrapped once without plotly's
per-property validation (tests/test_fleet_figures.py rebuilds each *with*
validation), Okabe-Ito colours, no template so the app's theme applies. The
ways of paying have their own colours, never the blue and orange that mean
inference and training elsewhere. No Streamlit here. The inputs are a
:class:`model.engine.Projection` (its fleet columns, :mod:`model.outputs_fleet`)
and a :class:`model.scenario.Scenario` (:func:`model.fleet_plan.cost_curve`).
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from model import fleet, units
from model.engine import Projection
from model.fleet_plan import breakeven, cost_curve
from model.outputs import output
from model.scenario import Scenario
from report.figures import _MONTH_AXIS, CARBON, EDGE, ENERGY, Trace, _figure

#: Colours of the ways of paying: owned, reserved, on-demand.
OWNED = EDGE  # bluish green
RESERVED = ENERGY  # sky blue
ON_DEMAND = CARBON  # reddish purple
#: Dark enough for lines and labels on the light and the dark theme.
MARK = "#7F7F7F"
#: The owned fleet's capacity line: a darker bluish green, visible along the top of
#: the owned area when the fleet is fully busy.
OWNED_LINE = "#00664A"

#: The stacked use of the capacity chart: column, name, colour.
USE = (
    ("owned_used_gpu_hours", "Owned, used", OWNED),
    ("reserved_used_gpu_hours", "Reserved, used", RESERVED),
    ("on_demand_gpu_hours", "On-demand", ON_DEMAND),
)

#: The legend of :func:`report.figures._figure`, below the plot.
LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0}

#: The stack group of the capacity chart's use areas (what sums to demand).
DEMAND_STACK = "demand"


def _hours(values: np.ndarray, what: str) -> list[str]:
    """Hover texts: "1.3M accelerator-hours owned, used"."""
    return [f"{units.compact(float(v))} accelerator-hours {what}" for v in values]


def capacity_chart(projection: Projection) -> go.Figure:
    """Accelerator-hours each month by way of paying, stacked to the demand,
    with the capacity paid for as dashed lines [accelerator-hours per month].

    The stacked areas are the hours the owned fleet serves, the reserved hours
    used and the on-demand hours: together the plan's demand (paid inference
    hours, peaks included, plus training). The dashed lines are what is paid
    for whether busy or not: the owned fleet's hours (accelerators in service
    x hours in the month), from zero like the owned area, and the reserved
    hours, drawn on top of the owned use like the reserved area (the hover
    gives the reserved hours themselves). A gap between a line and the top of
    its area is idle capacity. Hours are of each month's accelerators, both
    streams summed; the figure is the same in the P&L and the cash view.
    """
    m = projection.monthly
    x = m["month"]
    hours_in_month = m["month"].dt.days_in_month.to_numpy(dtype=float) * 24.0
    traces: list[Trace] = []
    for col, name, colour in USE:
        y = m[col].to_numpy(dtype=float)
        if not (y > 0).any() and col != "on_demand_gpu_hours":
            continue
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "name": name,
                "mode": "lines",
                "stackgroup": DEMAND_STACK,
                "line": {"color": colour, "width": 0.5},
                "fillcolor": colour,
                "customdata": _hours(y, name.lower()),
                "hovertemplate": "%{customdata}<extra>" + name + "</extra>",
            }
        )
    owned_capacity = m["owned_fleet"].to_numpy(dtype=float) * hours_in_month
    if (owned_capacity > 0).any():
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": owned_capacity,
                "name": "Owned fleet, all its hours",
                "mode": "lines",
                "line": {"color": OWNED_LINE, "width": 2.5, "dash": "dash"},
                "customdata": [
                    f"{units.count(n)} accelerators: {h}"
                    for n, h in zip(m["owned_fleet"], _hours(owned_capacity, "held"), strict=True)
                ],
                "hovertemplate": "%{customdata}<extra>Owned fleet</extra>",
            }
        )
    reserved = m["reserved_gpu_hours"].to_numpy(dtype=float)
    if (reserved > 0).any():
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": m["owned_used_gpu_hours"].to_numpy(dtype=float) + reserved,
                "name": "Reserved hours paid (above owned use)",
                "mode": "lines",
                "line": {"color": RESERVED, "width": 2.5, "dash": "dash"},
                "customdata": _hours(reserved, "reserved"),
                "hovertemplate": "%{customdata}<extra>Reserved, paid</extra>",
            }
        )
    unit = output("on_demand_gpu_hours").unit
    return _figure(
        traces,
        "Accelerator-hours by way of paying: demand stacked, capacity paid for dashed",
        f"Hours ({unit} per month)",
        {"rangemode": "tozero", "tickformat": "~s"},
        _MONTH_AXIS,
        height=440,
        # the legend in the stack's order, bottom first, then the capacity lines
        legend={**LEGEND, "traceorder": "normal"},
    )


def _crossing(x: float, y: float, label: str, hover: str, colour: str) -> Trace:
    return {
        "type": "scatter",
        "x": [x],
        "y": [y],
        "name": label,
        "mode": "markers+text",
        "marker": {"color": colour, "size": 11, "symbol": "diamond", "line": {"width": 1}},
        "text": [f"{x:.0f}%"],
        "textposition": "top center",
        "textfont": {"color": colour, "size": 13},
        "customdata": [hover],
        "hovertemplate": "%{customdata}<extra></extra>",
    }


def breakeven_chart(scenario: Scenario, stream: str = "inference") -> go.Figure:
    """Cost per useful accelerator-hour against utilisation, for each way of
    paying for ``stream``'s accelerator [USD per accelerator-hour, log scale;
    utilisation in % of the hours busy].

    From :func:`model.fleet_plan.cost_curve`: owning (its capital at the cost
    of capital and its facility every hour, over the busy hours, plus busy
    power) and a reservation (paid every hour, used or not) fall as
    utilisation rises; on-demand is flat at the list price. Diamonds mark the
    break-even utilisations: where owning meets on-demand and where it meets
    a reservation used in full (:func:`model.fleet_plan.breakeven`; shown
    only when at or below 100%), and where a reservation meets on-demand (its
    discounted rate over the list price). An accelerator without a purchase
    price (TPUs, AWS chips) has no owned line; the chart says so. The title
    names both streams when they share the accelerator. Today's
    accelerator at today's prices: neither the P&L nor the cash view.
    """
    chip = getattr(scenario, f"{stream}_accelerator")
    other = "training" if stream == "inference" else "inference"
    streams = (
        "inference and training" if getattr(scenario, f"{other}_accelerator") == chip else stream
    )
    curve = cost_curve(scenario, stream, points=96)
    u = curve["utilisation_pct"].to_numpy()
    owned = curve["owned"].to_numpy(dtype=float)
    reserved = curve["reserved"].to_numpy(dtype=float)
    list_price = float(curve["on_demand"].iloc[0])
    reserved_rate = float(reserved[-1] * u[-1] / 100.0)
    ownable = bool(np.isfinite(owned).all())

    def line(y: np.ndarray, name: str, colour: str, per: str, **kw: object) -> Trace:
        return {
            "type": "scatter",
            "x": u,
            "y": y,
            "name": name,
            "mode": "lines",
            "line": {"color": colour, "width": 3, **kw},
            "customdata": [f"${v:,.2f} per useful hour{per}" for v in y],
            "hovertemplate": "%{customdata}<extra>" + name + "</extra>",
        }

    traces: list[Trace] = []
    if ownable:
        traces.append(line(owned, "Owned", OWNED, " (capital, facility, power)"))
    traces.append(line(reserved, "Reserved", RESERVED, " (paid every hour)"))
    traces.append(line(np.full_like(u, list_price), "On-demand", ON_DEMAND, " (list price)"))

    marks: list[Trace] = []
    even = breakeven(scenario)
    row = even[even["Stream"] == stream] if not even.empty else even
    if ownable and not row.empty:
        vs_od = float(row["Owning beats on-demand above (% utilisation)"].iloc[0])
        vs_res = float(row["Owning beats reserved above (% utilisation)"].iloc[0])
        if vs_od <= 100.0:
            marks.append(
                _crossing(
                    vs_od,
                    list_price,
                    "Owning = on-demand",
                    f"Owning beats on-demand (${list_price:,.2f} an hour) above "
                    f"{vs_od:.0f}% utilisation",
                    OWNED,
                )
            )
        if vs_res <= 100.0:
            marks.append(
                _crossing(
                    vs_res,
                    reserved_rate,
                    "Owning = a reservation used in full",
                    f"Owning beats a reservation used in full (${reserved_rate:,.2f} "
                    f"an hour) above {vs_res:.0f}% utilisation",
                    RESERVED,
                )
            )
    res_vs_od = reserved_rate / list_price * 100.0 if list_price > 0 else math.inf
    if res_vs_od <= 100.0:
        marks.append(
            _crossing(
                res_vs_od,
                list_price,
                "Reserved = on-demand",
                f"A reservation beats on-demand when more than {res_vs_od:.0f}% of its hours "
                "are used",
                ON_DEMAND,
            )
        )
    # Labels of neighbouring crossings on opposite sides, so close ones stay legible.
    for i, mark in enumerate(sorted(marks, key=lambda t: t["x"][0])):
        mark["textposition"] = ("top left", "bottom right", "top right")[i % 3]
    annotations = []
    if not ownable:
        annotations.append(
            {
                "x": 0.99,
                "y": 0.99,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "top",
                "showarrow": False,
                "align": "right",
                "text": f"{chip} cannot be bought<br>(no purchase price): rent or reserve only",
                "font": {"color": MARK},
            }
        )
    finite = np.concatenate([owned[np.isfinite(owned)], reserved, [list_price]])
    low, high = float(finite.min()) * 0.8, float(finite.max()) * 1.25
    return _figure(
        [*traces, *marks],
        f"When does owning pay? {chip}, {streams}"
        if ownable
        else f"Reserve or rent? {chip}, {streams}",
        "Cost per useful hour (USD, log scale)",
        {
            "type": "log",
            "range": [math.log10(low), math.log10(high)],
            # ticktext, not tickprefix: a log axis with tickvals drops the prefix
            "tickvals": (ticks := _money_ticks(low, high)),
            "ticktext": [f"${t:,.0f}" if t >= 1 else f"${t:.2f}" for t in ticks],
        },
        {
            "title": {"text": "Utilisation (% of the hours busy)"},
            "range": [0, 102],
            "ticksuffix": "%",
        },
        hovermode="closest",
        annotations=annotations,
        height=400,
    )


def _money_ticks(low: float, high: float) -> list[float]:
    """Ticks of a log money axis at 1, 2 and 5 times powers of ten within [low, high]."""
    ticks = []
    for exp in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for f in (1, 2, 5):
            v = f * 10.0**exp
            if low <= v <= high:
                ticks.append(v)
    return ticks


def ownable(scenario: Scenario, stream: str) -> bool:
    """Whether ``stream``'s accelerator can be bought: a catalog purchase price
    or the scenario's purchase price override [-]."""
    chip = getattr(scenario, f"{stream}_accelerator")
    return float(fleet.economics(chip, scenario).purchase_usd) > 0

"""Plotly figures built from a Projection: one code path for the app and the exports.

Colours are the Okabe-Ito palette (Okabe & Ito 2008), distinguishable with
the common forms of colour blindness and legible on light and dark themes.
No figure sets a template or background, so the app's theme applies; the
HTML export sets its own.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from model import units
from model.engine import Projection, trailing_sum

TRAINING = "#E69F00"  # orange
INFERENCE = "#0072B2"  # blue
EDGE = "#009E73"  # bluish green
ENERGY = "#56B4E9"  # sky blue
CARBON = "#CC79A7"  # reddish purple
MARKER = "#D55E00"  # vermillion, for the crossover
PALETTE = (INFERENCE, TRAINING, EDGE, CARBON, ENERGY, MARKER, "#F0E442", "#000000")

_MONEY_AXIS = {"tickprefix": "$", "exponentformat": "B", "rangemode": "tozero"}


def _layout(fig: go.Figure, title: str, y_title: str, **yaxis: object) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="x unified",
        height=420,
    )
    fig.update_layout(yaxis={"title": {"text": y_title}, **yaxis})
    return fig


def _money_text(values: np.ndarray) -> list[str]:
    return [units.money(float(v)) for v in values]


def _mark_month(fig: go.Figure, label: str | None, text: str) -> None:
    """A dashed vertical line at month ``label`` ("YYYY-MM") with a note."""
    if label is None:
        return
    x = f"{label}-01"
    fig.add_vline(x=x, line={"dash": "dash", "color": MARKER, "width": 2})
    fig.add_annotation(
        x=x,
        y=1,
        yref="paper",
        text=f"{text}: {units.month(label)}",
        showarrow=False,
        xanchor="left",
        yanchor="top",
        xshift=4,
        font={"color": MARKER},
    )


def spend_annual(proj: Projection) -> go.Figure:
    """Training and inference spend per calendar year, side by side [USD]."""
    a = proj.annual
    fig = go.Figure()
    for col, name, colour in (
        ("training_spend_usd", "Training", TRAINING),
        ("inference_spend_usd", "Inference", INFERENCE),
    ):
        fig.add_bar(
            x=a["year"].astype(str),
            y=a[col],
            name=name,
            marker_color=colour,
            customdata=_money_text(a[col].to_numpy()),
            hovertemplate="%{customdata}<extra>" + name + "</extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text=None, type="category")
    return _layout(
        fig, "Spend per year: training vs inference", "Spend (USD per year)", **_MONEY_AXIS
    )


def spend_monthly(proj: Projection) -> go.Figure:
    """Trailing-12-month spend, the crossover rule, with monthly spend faint behind [USD]."""
    m = proj.monthly
    fig = go.Figure()
    for col, name, colour in (
        ("training_spend_usd", "Training", TRAINING),
        ("inference_spend_usd", "Inference", INFERENCE),
    ):
        trailing = trailing_sum(m[col].to_numpy())
        fig.add_scatter(
            x=m["month"],
            y=trailing,
            name=f"{name}, trailing 12 months",
            line={"color": colour, "width": 3},
            customdata=_money_text(trailing),
            hovertemplate="%{customdata}<extra>" + name + " (12 mo)</extra>",
        )
        fig.add_bar(
            x=m["month"],
            y=m[col],
            name=f"{name}, month",
            marker_color=colour,
            opacity=0.35,
            customdata=_money_text(m[col].to_numpy()),
            hovertemplate="%{customdata}<extra>" + name + " (month)</extra>",
        )
    fig.update_layout(barmode="overlay")
    _mark_month(fig, proj.summary["crossover_month"], "Inference overtakes")
    fig.update_xaxes(title_text=None, tickformat="%b %Y")
    return _layout(
        fig, "Spend by month and over the trailing 12 months", "Spend (USD)", **_MONEY_AXIS
    )


def spend_cumulative(proj: Projection) -> go.Figure:
    """Cumulative training and inference spend since the start [USD]."""
    m = proj.monthly
    fig = go.Figure()
    for col, name, colour in (
        ("training_spend_usd", "Training", TRAINING),
        ("inference_spend_usd", "Inference", INFERENCE),
    ):
        cum = m[col].cumsum().to_numpy()
        fig.add_scatter(
            x=m["month"],
            y=cum,
            name=name,
            line={"color": colour, "width": 3},
            customdata=_money_text(cum),
            hovertemplate="%{customdata}<extra>" + name + "</extra>",
        )
    _mark_month(fig, proj.summary["cumulative_crossover_month"], "Cumulative crossover")
    fig.update_xaxes(title_text=None, tickformat="%b %Y")
    return _layout(fig, "Cumulative spend", "Cumulative spend (USD)", **_MONEY_AXIS)


def compute_flops(proj: Projection) -> go.Figure:
    """Monthly compute on a log axis: training, data-centre inference, edge [FLOP]."""
    m = proj.monthly
    fig = go.Figure()
    for col, name, colour in (
        ("training_flops", "Training", TRAINING),
        ("inference_flops", "Inference (data centre)", INFERENCE),
        ("edge_flops", "Inference on device (edge)", EDGE),
    ):
        y = m[col].to_numpy(dtype=float)
        if not (y > 0).any():
            continue
        fig.add_scatter(
            x=m["month"],
            y=np.where(y > 0, y, np.nan),
            name=name,
            line={"color": colour, "width": 3},
            customdata=[units.flops(v) for v in y],
            hovertemplate="%{customdata}<extra>" + name + "</extra>",
        )
    fig.update_xaxes(title_text=None, tickformat="%b %Y")
    return _layout(
        fig,
        "Compute per month (log scale)",
        "Compute (FLOP per month)",
        type="log",
        exponentformat="power",
    )


def fleet(proj: Projection) -> go.Figure:
    """Accelerators busy on average each month: inference (paid) and training [GPUs]."""
    m = proj.monthly
    fig = go.Figure()
    for col, name, colour in (
        ("inference_fleet_gpus", "Inference fleet", INFERENCE),
        ("training_fleet_gpus", "Training fleet", TRAINING),
    ):
        y = m[col].to_numpy()
        fig.add_scatter(
            x=m["month"],
            y=y,
            name=name,
            line={"color": colour, "width": 3},
            customdata=[units.count(v, "GPUs") for v in y],
            hovertemplate="%{customdata}<extra>" + name + "</extra>",
        )
    fig.update_xaxes(title_text=None, tickformat="%b %Y")
    return _layout(
        fig,
        "Accelerator fleet (monthly average)",
        "Accelerators (GPUs)",
        rangemode="tozero",
        tickformat=",.0f",
    )


def cost_per_token(proj: Projection) -> go.Figure:
    """Data-centre inference spend per million tokens served [USD/1M tokens]."""
    m = proj.monthly
    y = m["cost_per_million_tokens_usd"].to_numpy()
    fig = go.Figure()
    fig.add_scatter(
        x=m["month"],
        y=y,
        name="Cost per 1M tokens",
        line={"color": INFERENCE, "width": 3},
        customdata=[units.money(v, 2) for v in y],
        hovertemplate="%{customdata} per 1M tokens<extra></extra>",
    )
    fig.update_xaxes(title_text=None, tickformat="%b %Y")
    return _layout(
        fig,
        "Inference cost per million tokens",
        "USD per 1M tokens",
        tickprefix="$",
        rangemode="tozero",
    )


def energy_carbon(proj: Projection) -> go.Figure:
    """Annual facility energy by workload [MWh] and emissions [tCO2] on a second axis."""
    a = proj.annual
    years = a["year"].astype(str)
    fig = go.Figure()
    for col, name, colour in (
        ("training_energy_mwh", "Training energy", TRAINING),
        ("inference_energy_mwh", "Inference energy", INFERENCE),
    ):
        fig.add_bar(
            x=years,
            y=a[col],
            name=name,
            marker_color=colour,
            customdata=[units.count(v, "MWh") for v in a[col]],
            hovertemplate="%{customdata}<extra>" + name + "</extra>",
        )
    fig.add_scatter(
        x=years,
        y=a["co2_t"],
        name="CO2 emitted",
        yaxis="y2",
        mode="lines+markers",
        line={"color": CARBON, "width": 3},
        customdata=[units.count(v, "tCO2") for v in a["co2_t"]],
        hovertemplate="%{customdata}<extra>CO2</extra>",
    )
    fig.update_layout(
        barmode="stack",
        yaxis2={
            "title": {"text": "Emissions (tCO2 per year)"},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "tickformat": ",.0f",
            "showgrid": False,
        },
    )
    fig.update_xaxes(title_text=None, type="category")
    return _layout(
        fig,
        "Energy and carbon per year",
        "Energy (MWh per year)",
        rangemode="tozero",
        tickformat=",.0f",
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


def compare_spend(projections: list[tuple[str, Projection]]) -> go.Figure:
    """Annual spend of several scenarios overlaid: colour per scenario,
    solid inference, dashed training [USD]."""
    fig = go.Figure()
    for i, (label, proj) in enumerate(projections):
        colour = PALETTE[i % len(PALETTE)]
        a = proj.annual
        for col, kind, dash in (
            ("inference_spend_usd", "inference", "solid"),
            ("training_spend_usd", "training", "dash"),
        ):
            fig.add_scatter(
                x=a["year"].astype(str),
                y=a[col],
                name=f"{label}: {kind}",
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 3},
                customdata=_money_text(a[col].to_numpy()),
                hovertemplate="%{customdata}<extra>" + f"{label}: {kind}" + "</extra>",
            )
    fig.update_xaxes(title_text=None, type="category")
    fig = _layout(
        fig,
        "Spend per year (solid: inference, dashed: training)",
        "Spend (USD per year)",
        **_MONEY_AXIS,
    )
    fig.update_layout(height=460)
    return fig

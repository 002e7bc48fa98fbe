"""The evidence chart: each published figure against the model's, on log-log axes.

Built like :mod:`report.figures`: a plain spec wrapped once without plotly's
per-property validation (tests/test_evidence_figures.py rebuilds it *with*
validation), Okabe-Ito colours, no template so the app's theme applies. No
Streamlit here. The input is :func:`model.evidence.evidence_table`.
"""

from __future__ import annotations

import html
import math
import textwrap
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from model.evidence import format_quantity
from report.figures import CARBON, EDGE, Trace, _figure

#: Point colours by role: not the blue and orange that mean inference and training.
ROLE_COLOURS = {"calibration": EDGE, "check": CARBON}
ROLE_NAMES = {
    "calibration": "Calibration (the model was set from it)",
    "check": "Check (out of sample)",
}
BAND = "rgba(128, 128, 128, 0.35)"
DIAGONAL = "rgba(128, 128, 128, 0.9)"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _hover(row: Any) -> str:
    """Id, what was published, both figures, the ratio and the source, as hover HTML."""
    source = "<br>".join(_esc(line) for line in textwrap.wrap(row.source, 70))
    verdict = "within" if row.within else "outside"
    return (
        f"<b>{_esc(row.id)}</b><br>{_esc(row.quantity)}<br>"
        f"Published: {_esc(format_quantity(row.output, row.published))}<br>"
        f"Model: {_esc(format_quantity(row.output, row.model))} "
        f"({row.ratio:.2f}x, {verdict} {row.tolerance:g}x)<br>"
        f"<i>{source}</i>"
    )


def _tolerance_bars(xs: list, ys: list) -> Trace:
    """The grey tolerance bars: segments (x, y) separated by None."""
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "name": "Tolerance",
        "mode": "lines",
        "line": {"color": BAND, "width": 8},
        "hoverinfo": "skip",
    }


def _role_points(done: pd.DataFrame, x: str, y: str) -> list[Trace]:
    """One marker trace per role, columns ``x`` and ``y`` of ``done``: coloured
    by role, a cross where the row is outside its tolerance, hover from :func:`_hover`."""
    traces: list[Trace] = []
    for role, colour in ROLE_COLOURS.items():
        rows = done[done["role"] == role]
        if rows.empty:
            continue
        traces.append(
            {
                "type": "scatter",
                "x": rows[x].tolist(),
                "y": rows[y].tolist(),
                "name": ROLE_NAMES[role],
                "mode": "markers",
                "marker": {
                    "color": colour,
                    "size": 11,
                    "symbol": ["circle" if w else "x" for w in rows["within"]],
                    "line": {"width": 1, "color": "white"},
                },
                "customdata": [_hover(r) for r in rows.itertuples()],
                "hovertemplate": "%{customdata}<extra></extra>",
            }
        )
    return traces


def published_vs_model(table: pd.DataFrame) -> go.Figure:
    """Model against published, one point per evaluated observation, log-log [each row's unit].

    The dashed diagonal is model = published; each point's vertical grey bar
    spans its tolerance (published / tolerance to published x tolerance), so a
    point on its bar holds. Points are coloured by role; a point outside its
    tolerance is drawn as a cross. Rows the model could not compute are left
    out (the page lists them).
    """
    done = table[table["model"].notna()]
    values = pd.concat([done["published"], done["model"]])
    values = values[values > 0]
    low = float(values.min()) / 3 if len(values) else 0.1
    high = float(values.max()) * 3 if len(values) else 10.0
    traces: list[Trace] = [
        {
            "type": "scatter",
            "x": [low, high],
            "y": [low, high],
            "name": "Model = published",
            "mode": "lines",
            "line": {"color": DIAGONAL, "dash": "dash", "width": 1},
            "hoverinfo": "skip",
        }
    ]
    xs: list[float | None] = []
    ys: list[float | None] = []
    for row in done.itertuples():
        xs += [row.published, row.published, None]
        ys += [row.published / row.tolerance, row.published * row.tolerance, None]
    traces.append(_tolerance_bars(xs, ys))
    traces += _role_points(done, "published", "model")
    log_axis = {
        "type": "log",
        "range": [math.log10(low), math.log10(high)],
        "exponentformat": "power",
        "dtick": 3,
    }
    return _figure(
        traces,
        "Published figures against the model",
        "Model (each row's unit)",
        yaxis=log_axis,
        xaxis={**log_axis, "title": {"text": "Published (each row's unit)"}},
        hovermode="closest",
        height=480,
    )


def ratio_by_row(table: pd.DataFrame) -> go.Figure:
    """Model / published for each evaluated observation, on a log axis [-].

    One row per observation (top to bottom in the CSV's order); the grey bar
    spans the row's tolerance (1/tolerance to tolerance), the dashed line is
    1 (the model gives the published figure). Points are coloured by role and
    drawn as a cross outside their tolerance: unlike the published-vs-model
    scatter, which spans 25 orders of magnitude, this shows how far off each
    row is at a glance.
    """
    done = table[table["model"].notna() & (table["ratio"] > 0)]
    ids = done["id"].tolist()
    ratios = pd.concat([done["ratio"], done["tolerance"], 1.0 / done["tolerance"]])
    low = min(float(ratios.min()) / 1.5, 0.5) if len(done) else 0.5
    high = max(float(ratios.max()) * 1.5, 2.0) if len(done) else 2.0
    xs: list[float | None] = []
    ys: list[str | None] = []
    for row in done.itertuples():
        xs += [1.0 / row.tolerance, row.tolerance, None]
        ys += [row.id, row.id, None]
    traces: list[Trace] = [_tolerance_bars(xs, ys)]
    traces += _role_points(done, "ratio", "id")
    return _figure(
        traces,
        "How far off is the model? Model / published, row by row",
        "",
        yaxis={
            "autorange": "reversed",
            "type": "category",
            "categoryorder": "array",
            "categoryarray": ids,
            "automargin": True,
        },
        xaxis={
            "type": "log",
            "range": [math.log10(low), math.log10(high)],
            "tickvals": [0.25, 0.5, 0.8, 1, 1.25, 2, 4],
            "ticktext": ["0.25x", "0.5x", "0.8x", "1x", "1.25x", "2x", "4x"],
            "title": {"text": "Model / published (log scale)"},
        },
        hovermode="closest",
        height=max(360, 26 * len(ids) + 140),
        # model = published: a dashed line at 1x across every row
        shapes=[
            {
                "type": "line",
                "x0": 1,
                "x1": 1,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": DIAGONAL, "dash": "dash", "width": 1},
            }
        ],
    )

"""Plan vs actuals: a chart per series, the variance table and the re-fit table.

Built like :mod:`report.figures` (plain plotly specs, Okabe-Ito colours, no
template); every number is written by the registries' formatters
(``model.outputs.output(name).format``, ``model.parameters.BY_NAME[name].format``).
No Streamlit here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from model import units
from model.actuals import MONTH
from model.engine import Projection
from model.outputs import output
from model.parameters import BY_NAME
from report.figures import _MONTH_AXIS, EDGE, INFERENCE, MARKER, TRAINING, _figure, _line

if TYPE_CHECKING:  # scipy loads only where a fit runs
    from model.fit import FitResult

#: Months of plan drawn after the last actual, to show where the plan heads next.
AHEAD_MONTHS = 6


def series_label(name: str) -> str:
    """A series for people, with its unit: "Inference spend (USD)"."""
    return output(name).header


def _colour(name: str) -> str:
    if name.startswith("training"):
        return TRAINING
    return INFERENCE if name.startswith("inference") else EDGE


def plan_vs_actual(
    projection: Projection,
    actuals: pd.DataFrame,
    name: str,
    refitted: Projection | None = None,
) -> go.Figure:
    """One series month by month: the plan (a line), the actuals (markers) and,
    when given, the plan after a re-fit (dashed) [the series' unit a month].

    The plan is drawn from the first month with an actual to
    :data:`AHEAD_MONTHS` months after the last, so the actuals fill the chart.
    """
    rows = actuals[actuals["series"] == name].sort_values(MONTH)
    m = projection.monthly
    o = output(name)
    first, last = rows[MONTH].min(), rows[MONTH].max()
    window = (m[MONTH] >= first) & (m[MONTH] <= last + pd.DateOffset(months=AHEAD_MONTHS))
    plan = m.loc[window, name].to_numpy(dtype=float)
    traces = [_line(m.loc[window, MONTH], plan, "Plan", _colour(name), [o.format(v) for v in plan])]
    if refitted is not None:
        r = refitted.monthly
        fitted = r.loc[window.to_numpy(), name].to_numpy(dtype=float)
        traces.append(
            _line(
                r.loc[window.to_numpy(), MONTH],
                fitted,
                "Plan after re-fit",
                _colour(name),
                [o.format(v) for v in fitted],
                line={"dash": "dash", "width": 2},
            )
        )
    values = rows["value"].to_numpy(dtype=float)
    traces.append(
        _line(
            rows[MONTH],
            values,
            "Actual",
            MARKER,
            [o.format(v) for v in values],
            mode="markers",
            marker={"color": MARKER, "size": 8, "symbol": "diamond"},
        )
    )
    return _figure(
        traces,
        f"{o.label}: plan vs actual",
        f"{o.label} ({o.unit} a month)" if o.unit else f"{o.label} a month",
        {"rangemode": "tozero", **({"tickprefix": "$"} if o.kind == "money" else {})},
        _MONTH_AXIS,
        height=340,
    )


def signed_percent(pct: float) -> str:
    """A difference in percent with its sign: 12.34 -> "+12.3%", NaN -> "n/a"."""
    if not math.isfinite(pct):
        return "n/a"
    text = units.percent(abs(pct) / 100.0, 1)
    return f"+{text}" if pct > 0 else (f"-{text}" if pct < 0 else text)


def variance_table(var: pd.DataFrame) -> pd.DataFrame:
    """:func:`model.actuals.variance` for people: Month ("Mar 2026"), Series,
    Plan and Actual (each as its output formats it) and Difference (the actual
    against the plan, "+4.1%")."""
    return pd.DataFrame(
        {
            "Month": [f"{m:%b %Y}" for m in var[MONTH]],
            "Series": [output(s).label for s in var["series"]],
            "Plan": [output(s).format(v) for s, v in zip(var["series"], var["plan"], strict=True)],
            "Actual": [
                output(s).format(v) for s, v in zip(var["series"], var["actual"], strict=True)
            ],
            "Difference": [signed_percent(d) for d in var["difference_pct"]],
        }
    )


def fit_table(result: FitResult) -> pd.DataFrame:
    """The re-fit's inputs for people: Input, Now and Fitted (as the registry
    formats each input) and Standard error (relative to the fitted value,
    "±1.2% of it"; "not determined" for inputs the actuals cannot tell apart)."""
    rows = []
    for n in result.params:
        p = BY_NAME[n]
        se, value = result.std_errors.get(n, math.nan), result.fitted[n]
        if n in result.confounded:
            spread = "not determined"
        elif math.isfinite(se) and value != 0:
            spread = f"±{units.percent(se / abs(value), 1)} of it"
        else:
            spread = "n/a"
        rows.append(
            {
                "Input": p.label,
                "Now": p.format(_round(result.start[n])),
                "Fitted": p.format(_round(value)),
                "Standard error": spread,
            }
        )
    return pd.DataFrame(rows)


def _round(x: float, digits: int = 4) -> float:
    """``x`` to ``digits`` significant digits (a fit is not more precise than that)."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{digits}g}")


def error_rows(result: FitResult) -> pd.DataFrame:
    """The error before and after the fit, overall and per series, for people:
    Series, Figures, Before, After (mean absolute difference of the plan from the
    actuals, "12.3%"; "no plan" when the model names none)."""

    def pct(v: float) -> str:
        return units.percent(v / 100.0, 1) if np.isfinite(v) else "no plan"

    rows = [
        {
            "Series": "All series",
            "Figures": units.count(result.points),
            "Before": pct(result.mean_abs_pct_before),
            "After": pct(result.mean_abs_pct_after),
        }
    ]
    for r in result.by_series.itertuples(index=False):
        rows.append(
            {
                "Series": output(r.series).label,
                "Figures": units.count(r.points),
                "Before": pct(r.mean_abs_pct_before),
                "After": pct(r.mean_abs_pct_after),
            }
        )
    return pd.DataFrame(rows)

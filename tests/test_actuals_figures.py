"""Plan-vs-actual figures and tables (report/actuals_figures.py) and the actuals on
the Uncertainty fan chart: valid plotly, the right numbers, formatted for people."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from model import Scenario, project
from model.actuals import parse_actuals, variance
from model.fit import fit
from model.uncertainty import simulate
from report import actuals_figures as af
from report import uncertainty_figures as uf

PLAN = Scenario()
TEXT = (
    "month,tokens,inference_spend_usd,training_spend_usd\n"
    "2026-01,2.5e12,500000,4e6\n2026-02,2.6e12,510000,\n2026-03,2.9e12,,4.2e6\n"
)


def _validated(fig: go.Figure) -> go.Figure:
    """``fig`` after plotly's full validation of its spec (the app skips it for speed)."""
    checked = go.Figure(fig.to_dict())
    assert checked.layout.title.text
    for trace in checked.data:
        assert trace.name and "%{customdata}" in trace.hovertemplate
    return fig


def test_plan_vs_actual_draws_the_plan_around_the_actuals() -> None:
    proj, actuals = project(PLAN), parse_actuals(TEXT)
    fig = _validated(af.plan_vs_actual(proj, actuals, "tokens"))
    plan, actual = fig.data
    assert (plan.name, actual.name) == ("Plan", "Actual")
    assert len(plan.x) == 3 + af.AHEAD_MONTHS  # Jan-Mar 2026 and six months after
    assert list(plan.y) == list(proj.monthly["tokens"].iloc[:9])
    assert list(actual.y) == [2.5e12, 2.6e12, 2.9e12]
    assert actual.customdata[0] == "2.5T"  # the output registry's format
    assert fig.layout.yaxis.title.text == "Tokens a month"


def test_plan_vs_actual_shows_the_refitted_plan_dashed() -> None:
    proj, actuals = project(PLAN), parse_actuals(TEXT)
    other = project(PLAN.replace(gpu_hour_price_usd=3.0))
    fig = _validated(af.plan_vs_actual(proj, actuals, "inference_spend_usd", other))
    names = [t.name for t in fig.data]
    assert names == ["Plan", "Plan after re-fit", "Actual"]
    assert fig.data[1].line.dash == "dash"
    assert fig.data[2].customdata[0] == "$500.0k"
    assert fig.layout.yaxis.title.text == "Inference spend (USD a month)"
    assert fig.layout.yaxis.tickprefix == "$"


def test_variance_table_is_formatted_for_people() -> None:
    var = variance(project(PLAN), parse_actuals(TEXT))
    table = af.variance_table(var)
    assert list(table.columns) == ["Month", "Series", "Plan", "Actual", "Difference"]
    first = table.iloc[0].to_dict()
    assert first["Month"] == "Jan 2026" and first["Series"] == "Tokens"
    assert first["Actual"] == "2.5T"
    assert first["Difference"] == af.signed_percent(var["difference_pct"].iloc[0])
    assert table["Difference"].str.match(r"^[+-]\d+\.\d%$").all()


@pytest.mark.parametrize(
    ("pct", "text"), [(12.34, "+12.3%"), (-4.0, "-4.0%"), (0.0, "0.0%"), (math.nan, "n/a")]
)
def test_signed_percent(pct: float, text: str) -> None:
    assert af.signed_percent(pct) == text


def test_fit_and_error_tables() -> None:
    m = project(PLAN.replace(adoption_peak_pct=50)).monthly
    actuals = pd.DataFrame(
        {"month": m["month"], "series": "requests", "value": m["requests"] * 1.01}
    )
    result = fit(PLAN, actuals, ["adoption_peak_pct", "requests_per_user_per_day"])
    table = af.fit_table(result)
    assert table["Input"].tolist() == ["Adoption", "Request volume"]
    assert table["Now"].tolist() == ["40%", "10.0 per day"]
    assert table["Standard error"].tolist() == ["not determined"] * 2  # only the product
    errors = af.error_rows(result)
    assert errors["Series"].tolist() == ["All series", "Requests"]
    assert errors["Figures"].tolist() == ["72", "72"]
    assert errors["After"].iloc[0] == "0.0%"


def test_fan_chart_draws_yearly_actual_spend() -> None:
    sim = simulate(PLAN, draws=500, seed=1)
    m = project(PLAN).monthly
    rows = [(t, "inference_spend_usd", v) for t, v in zip(m["month"][:15], m["inference_spend_usd"][:15], strict=True)]  # fmt: skip
    actuals = pd.DataFrame(rows, columns=["month", "series", "value"])
    plain = uf.fan_chart(sim)
    fig = _validated(uf.fan_chart(sim, actuals))
    assert len(fig.data) == len(plain.data) + 1  # no training actuals: no training marks
    mark = fig.data[-1]
    assert mark.name == "Inference actual" and list(mark.x) == ["2026", "2027"]
    assert np.allclose(
        mark.y, [m["inference_spend_usd"][:12].sum(), m["inference_spend_usd"][12:15].sum()]
    )
    assert list(mark.marker.symbol) == ["diamond", "diamond-open"]
    assert mark.customdata[1].endswith("(3 of 12 months so far)")
    # The axis is ticked down to the part year's smaller sum.
    assert min(fig.layout.yaxis.tickvals) <= m["inference_spend_usd"][12:15].sum()
    assert uf.fan_chart(sim, actuals.iloc[:0]).data == plain.data

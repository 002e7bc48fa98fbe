"""The report figures: valid plotly, the projection's numbers, labelled axes."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from model import Scenario, project
from model.scenario import presets
from report import figures


@pytest.fixture(scope="module", params=presets())
def proj(request: pytest.FixtureRequest):
    return project(Scenario.from_preset(request.param))


@pytest.mark.parametrize("build", figures.ALL, ids=lambda f: f.__name__)
def test_every_figure_is_valid_plotly_with_labelled_axes(build, proj) -> None:
    fig = build(proj)
    # Rebuilding from the spec runs plotly's full validation (the app skips it for speed).
    checked = go.Figure(fig.to_dict())
    layout = checked.layout
    assert layout.title.text
    assert layout.yaxis.title.text and "(" in layout.yaxis.title.text  # a unit in brackets
    assert checked.data, "no traces"
    for trace in checked.data:
        assert trace.name
        assert trace.hovertemplate and "%{customdata}" in trace.hovertemplate


def test_spend_annual_shows_the_projection_figures(proj) -> None:
    fig = figures.spend_annual(proj)
    by_name = {t.name: t for t in fig.data}
    np.testing.assert_allclose(by_name["Training"].y, proj.annual["training_spend_usd"])
    np.testing.assert_allclose(by_name["Inference"].y, proj.annual["inference_spend_usd"])
    assert list(by_name["Training"].x) == [str(y) for y in proj.annual["year"]]


def test_crossover_is_marked_where_the_summary_says(proj) -> None:
    fig = figures.spend_monthly(proj)
    cross = proj.summary["crossover_month"]
    shapes = fig.layout.shapes
    if cross is None:
        assert not shapes
    else:
        assert shapes[0].x0 == f"{cross}-01"
        assert "Inference overtakes" in fig.layout.annotations[0].text


def test_trailing_lines_reach_the_crossover_rule() -> None:
    proj = project(Scenario(requests_per_user_per_day=25))
    fig = figures.spend_monthly(proj)
    by_name = {t.name: t for t in fig.data}
    inf = np.asarray(by_name["Inference, trailing 12 months"].y)
    train = np.asarray(by_name["Training, trailing 12 months"].y)
    first = int(np.flatnonzero(inf >= train)[0])
    assert proj.monthly["month"].iloc[first].strftime("%Y-%m") == proj.summary["crossover_month"]


def test_compare_spend_has_two_lines_per_scenario() -> None:
    a, b = project(Scenario()), project(Scenario(adoption_peak_pct=80))
    fig = figures.compare_spend([("A", a), ("B", b)])
    go.Figure(fig.to_dict())
    assert [t.name for t in fig.data] == [
        "A: inference",
        "A: training",
        "B: inference",
        "B: training",
    ]
    np.testing.assert_allclose(fig.data[2].y, b.annual["inference_spend_usd"])
    assert fig.data[0].line.color != fig.data[2].line.color

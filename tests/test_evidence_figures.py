"""The evidence chart: valid plotly, one point per computed observation, log-log axes."""

from __future__ import annotations

import dataclasses
import html

import plotly.graph_objects as go
import pytest

from model.evidence import evidence_table, load_observations
from report.evidence_figures import ROLE_NAMES, published_vs_model, ratio_by_row


@pytest.fixture(scope="module")
def table():
    obs = load_observations(check_presets=False)
    # One row the model cannot compute, whatever the presets are now.
    broken = dataclasses.replace(obs[0], id="no-such-preset", scenario="No such preset")
    return evidence_table([*obs, broken])


def test_the_chart_is_valid_plotly_on_log_axes(table) -> None:
    fig = go.Figure(published_vs_model(table).to_dict())  # with plotly's validation
    assert fig.layout.title.text
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert "(" in fig.layout.xaxis.title.text and "(" in fig.layout.yaxis.title.text


def test_one_point_per_computed_row_coloured_by_role(table) -> None:
    fig = published_vs_model(table)
    points = [t for t in fig.data if t.mode == "markers"]
    done = table[table["error"] == ""]
    assert sum(len(t.x) for t in points) == len(done)
    for role, name in ROLE_NAMES.items():
        rows = done[done["role"] == role]
        (trace,) = [t for t in points if t.name == name]
        assert list(trace.x) == pytest.approx(rows["published"].tolist())
        assert list(trace.y) == pytest.approx(rows["model"].tolist())
        for hover, r in zip(trace.customdata, rows.itertuples(), strict=True):
            assert r.id in hover and html.escape(r.source[:40], quote=False) in hover
    hovers = " ".join(h for t in points for h in t.customdata)
    assert "no-such-preset" not in hovers


def test_each_tolerance_bar_spans_its_row(table) -> None:
    fig = published_vs_model(table)
    (bars,) = [t for t in fig.data if t.name == "Tolerance"]
    done = table[table["error"] == ""]
    lows = [y for i, y in enumerate(bars.y) if i % 3 == 0]
    highs = [y for i, y in enumerate(bars.y) if i % 3 == 1]
    assert lows == pytest.approx((done["published"] / done["tolerance"]).tolist())
    assert highs == pytest.approx((done["published"] * done["tolerance"]).tolist())


def test_the_ratio_chart_has_each_rows_ratio_and_tolerance(table) -> None:
    fig = go.Figure(ratio_by_row(table).to_dict())  # with plotly's validation
    assert fig.layout.xaxis.type == "log"
    done = table[table["error"] == ""]
    points = [t for t in fig.data if t.mode == "markers"]
    assert sum(len(t.x) for t in points) == len(done)
    for role, name in ROLE_NAMES.items():
        rows = done[done["role"] == role]
        (trace,) = [t for t in points if t.name == name]
        assert list(trace.y) == rows["id"].tolist()
        assert list(trace.x) == pytest.approx((rows["model"] / rows["published"]).tolist())
        # a cross exactly where the row is outside its tolerance
        assert [s == "x" for s in trace.marker.symbol] == [not w for w in rows["within"]]
    (bars,) = [t for t in fig.data if t.name == "Tolerance"]
    assert [x for i, x in enumerate(bars.x) if i % 3 == 1] == pytest.approx(
        done["tolerance"].tolist()
    )
    # the x range holds every point and every bar
    low, high = (10**v for v in fig.layout.xaxis.range)
    assert low <= min(done["ratio"].min(), (1 / done["tolerance"]).min())
    assert high >= max(done["ratio"].max(), done["tolerance"].max())


def test_the_ratio_chart_lists_rows_in_the_csvs_order(table) -> None:
    fig = ratio_by_row(table)
    done = table[table["error"] == ""]
    assert list(fig.layout.yaxis.categoryarray) == done["id"].tolist()
    assert fig.layout.yaxis.categoryorder == "array"
    (line,) = fig.layout.shapes
    assert (line.x0, line.x1, line.yref) == (1, 1, "paper")

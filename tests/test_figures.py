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
        "B: training (same as A)",  # adoption moves inference only
    ]
    np.testing.assert_allclose(fig.data[2].y, b.annual["inference_spend_usd"])
    assert fig.data[0].line.color != fig.data[2].line.color


# --- secondary axes: round ticks on the primary grid ----------------------------------------


def _is_round_step(step: float) -> bool:
    """1, 2, 2.5 or 5 x 10^k."""
    if not step > 0:
        return False
    mantissa = step / 10 ** np.floor(np.log10(step))
    return any(np.isclose(mantissa, m) for m in (1.0, 2.0, 2.5, 5.0, 10.0))


def _assert_round_ticks(axis: dict, where: str) -> list[float]:
    """The axis's tick values: from 0, evenly spaced by a round step, every one a
    whole multiple of it (so 7,500 on a 2,500 step, never 8,853)."""
    ticks = axis.get("tickvals")
    assert ticks is not None and len(ticks) >= 2, f"{where}: no explicit ticks ({axis})"
    ticks = np.asarray(ticks, dtype=float)
    step = ticks[1] - ticks[0]
    assert ticks[0] == 0, where
    assert _is_round_step(step), f"{where}: step {step} is not 1, 2, 2.5 or 5 x 10^k"
    np.testing.assert_allclose(np.diff(ticks), step, rtol=1e-9, err_msg=where)
    multiples = ticks / step
    np.testing.assert_allclose(multiples, np.round(multiples), atol=1e-9, err_msg=where)
    return list(ticks)


def test_every_secondary_axis_has_round_ticks_on_the_primary_grid(proj) -> None:
    found = 0
    for build in figures.ALL:
        fig = build(proj)
        layout = fig.to_dict()["layout"]
        for key, axis in layout.items():
            if not (key.startswith("yaxis") and key != "yaxis" and axis.get("overlaying")):
                continue
            found += 1
            where = f"{build.__name__}.{key}"
            right = _assert_round_ticks(axis, where)
            left = _assert_round_ticks(layout[f"{axis['overlaying'][0]}axis"], where + " (primary)")
            # The same number of intervals over both ranges: each right tick on a grid line.
            assert len(right) == len(left), where
            assert axis["range"] == [0, right[-1]], where
            assert layout["yaxis"]["range"] == [0, left[-1]], where
            # Every value drawn fits under the top tick.
            for trace in fig.data:
                side = right if getattr(trace, "yaxis", None) == key.replace("axis", "") else left
                y = np.asarray(trace.y, dtype=float)
                if trace.type == "bar" and layout.get("barmode") == "stack":
                    continue  # stacked: checked through the total below
                assert np.nanmax(y) <= side[-1] * (1 + 1e-9), (where, trace.name)
            # Labels show the step's decimals: 2.5 and 0.5 are not written "2" and "0".
            for ax, ticks in ((axis, right), (layout["yaxis"], left)):
                step = ticks[1] - ticks[0]
                decimals = int(ax["tickformat"].split(".")[1].rstrip("f"))
                assert float(f"{step:.{decimals}f}") == step, (where, ax["tickformat"], step)
    assert found, "no figure has a secondary axis: the energy chart had one"


def test_energy_chart_stack_fits_under_the_top_tick(proj) -> None:
    fig = figures.energy_carbon(proj)
    a = proj.annual
    total = (a["training_energy_mwh"] + a["inference_energy_mwh"]).max()
    assert total <= fig.layout.yaxis.range[1]
    assert a["co2_t"].max() <= fig.layout.yaxis2.range[1]
    # The axes are used well: the highest bar or point reaches past the first tick.
    assert total > fig.layout.yaxis.tickvals[1] or total == 0
    assert a["co2_t"].max() > fig.layout.yaxis2.tickvals[1] or a["co2_t"].max() == 0


@pytest.mark.parametrize(
    ("left", "right"),
    [(26_558, 11_000), (4.17, 1.82), (6.5e7, 2.8e7), (1.0, 1e-6), (0.0, 5.0), (0.0, 0.0)],
)
def test_paired_axes_share_intervals_with_round_steps(left: float, right: float) -> None:
    a, b = figures.paired_axes(left, right)
    ta = _assert_round_ticks(a, "left")
    tb = _assert_round_ticks(b, "right")
    assert len(ta) == len(tb) and 4 <= len(ta) <= 7
    assert ta[-1] >= left and tb[-1] >= right
    checked = go.Figure({"data": [], "layout": {"yaxis": a, "yaxis2": b}})  # valid plotly
    assert checked.layout.yaxis.tickmode == "array"


def test_round_step_is_the_smallest_that_reaches_the_top() -> None:
    assert figures.round_step(26_558, 3) == 10_000
    assert figures.round_step(8_853, 1) == 10_000
    assert figures.round_step(100, 5) == 20
    assert figures.round_step(101, 5) == 25
    assert figures.round_step(0.9, 4) == 0.25
    assert figures.round_step(0, 5) == 1.0
    assert figures.round_step(float("nan"), 5) == 1.0

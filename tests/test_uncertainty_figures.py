"""The uncertainty figures: valid plotly, the simulation's numbers, the tornado's order."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from model import Scenario, project
from model.scenario import presets
from model.uncertainty import Simulation, sensitivity, simulate
from report import uncertainty_figures as uf


@pytest.fixture(scope="module", params=presets()[:3])
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return Scenario.from_preset(request.param)


@pytest.fixture(scope="module")
def sim(scenario: Scenario) -> Simulation:
    return simulate(scenario, draws=1_000, seed=3)


def _validated(fig: go.Figure) -> go.Figure:
    """``fig`` after checking it: rebuilding from the spec runs plotly's full
    validation (the app skips it for speed). Values are read from ``fig``
    itself: the rebuilt one holds arrays in plotly's binary encoding."""
    checked = go.Figure(fig.to_dict())
    assert checked.layout.title.text
    assert checked.data, "no traces"
    for trace in checked.data:
        assert trace.name
        assert trace.hovertemplate and "%{customdata}" in trace.hovertemplate
    return fig


def test_fan_chart_is_valid_and_shows_the_simulation_percentiles(sim: Simulation) -> None:
    fig = _validated(uf.fan_chart(sim))
    assert "(USD" in fig.layout.yaxis.title.text
    assert all(t.startswith("$") for t in fig.layout.yaxis.ticktext)
    assert fig.layout.yaxis.type == "log" and "log" in fig.layout.title.text
    by_name = {t.name: t for t in fig.data}
    years = [str(y) for y in sim.annual["year"]]
    for kind in ("training", "inference"):
        name = kind.capitalize()
        p10 = np.asarray(by_name[f"{name} P10"].y, dtype=float)
        p50 = np.asarray(by_name[f"{name} P50"].y, dtype=float)
        p90 = np.asarray(by_name[f"{name} P10-P90"].y, dtype=float)
        np.testing.assert_allclose(p10, sim.annual[f"{kind}_spend_p10"])
        np.testing.assert_allclose(p50, sim.annual[f"{kind}_spend_p50"])
        np.testing.assert_allclose(p90, sim.annual[f"{kind}_spend_p90"])
        assert (p10 <= p50 * (1 + 1e-12)).all() and (p50 <= p90 * (1 + 1e-12)).all()
        assert list(by_name[f"{name} P50"].x) == years
        # The band fills from P90 down to P10, the trace just before it.
        names = [t.name for t in fig.data]
        assert names.index(f"{name} P10-P90") == names.index(f"{name} P10") + 1
        assert by_name[f"{name} P10-P90"].fill == "tonexty"
        assert by_name[f"{name} P10"].showlegend is False
    assert by_name["Training P50"].line.color == uf.TRAINING
    assert by_name["Inference P50"].line.color == uf.INFERENCE
    assert by_name["Inference P50"].customdata[0].startswith("$")


def test_crossover_probability_chart_shows_percent_by_year(sim: Simulation) -> None:
    fig = _validated(uf.crossover_probability_chart(sim))
    (bars,) = fig.data
    p = sim.probability_by_year
    assert list(bars.x) == [str(y) for y in p["year"]]
    np.testing.assert_allclose(bars.y, p["probability"] * 100, atol=0.051)
    assert all(0 <= v <= 100 for v in bars.y)
    assert fig.layout.yaxis.ticksuffix == "%"
    assert "%" in fig.layout.yaxis.title.text


def test_tornado_keeps_the_sensitivity_order_around_the_base(scenario: Scenario) -> None:
    sens = sensitivity(scenario)
    base = project(scenario).summary["total_spend_usd"]
    fig = _validated(uf.tornado(sens, base))
    low, high = fig.data
    assert (low.name, high.name) == ("At P10 value", "At P90 value")
    assert list(low.y) == list(sens["label"]) == list(high.y)
    assert fig.layout.yaxis.autorange == "reversed"  # the first (largest swing) on top
    # Each bar runs from the base total to the total at that end of the range.
    np.testing.assert_allclose(np.asarray(low.base) + low.x, sens["total_low_usd"])
    np.testing.assert_allclose(np.asarray(high.base) + high.x, sens["total_high_usd"])
    np.testing.assert_allclose(low.base, base)
    assert fig.layout.xaxis.title.text == "Total spend over the horizon (USD)"
    assert fig.layout.shapes[0].x0 == pytest.approx(base)
    # An end with no plan (the model outgrows the chip) counts as the largest swing.
    swings = np.nan_to_num(np.abs(np.asarray(high.x) - np.asarray(low.x)), nan=np.inf)
    finite = swings[np.isfinite(swings)]
    assert (np.diff(swings[np.isfinite(swings)]) <= 1e-6 * finite.max()).all(), (
        "most influential first"
    )
    assert not np.isfinite(swings[: len(swings) - len(finite)]).any(), "no-plan ends first"
    for bar, totals in ((low, sens["total_low_usd"]), (high, sens["total_high_usd"])):
        for note, total in zip(bar.customdata, totals, strict=True):
            assert ("no plan" in note) == (not np.isfinite(total))

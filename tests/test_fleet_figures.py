"""The fleet figures: valid plotly, the projection's hours stacked to the demand,
and a break-even chart whose lines cross where the model says owning pays."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from model import Scenario, project
from model.fleet_plan import breakeven, cost_curve
from report import fleet_figures

#: A strategy with all three ways of paying in use.
MIXED = Scenario(inference_owned_pct=50, inference_reserved_pct=20, training_reserved_pct=30)
TPU_TRAINING = Scenario(training_accelerator="TPU v5e")


def _checked(fig: go.Figure) -> go.Figure:
    """``fig``, once rebuilt with plotly's full validation (the app skips it for
    speed) and its titles and traces checked."""
    checked = go.Figure(fig.to_dict())
    assert checked.layout.title.text
    assert checked.layout.yaxis.title.text and "(" in checked.layout.yaxis.title.text
    assert checked.data, "no traces"
    for trace in checked.data:
        assert trace.name
        assert trace.hovertemplate and "%{customdata}" in trace.hovertemplate
    return fig


@pytest.mark.parametrize(
    "scenario", [Scenario(), MIXED, TPU_TRAINING], ids=["rented", "mixed", "tpu"]
)
def test_figures_are_valid_plotly(scenario: Scenario) -> None:
    _checked(fleet_figures.capacity_chart(project(scenario)))
    for stream in ("inference", "training"):
        _checked(fleet_figures.breakeven_chart(scenario, stream))


def test_capacity_chart_stacks_the_ways_of_paying_to_the_demand() -> None:
    proj = project(MIXED)
    m = proj.monthly
    fig = _checked(fleet_figures.capacity_chart(proj))
    stacked = [t for t in fig.data if t.stackgroup == fleet_figures.DEMAND_STACK]
    assert [t.name for t in stacked] == ["Owned, used", "Reserved, used", "On-demand"]
    for trace, col in zip(
        stacked,
        ("owned_used_gpu_hours", "reserved_used_gpu_hours", "on_demand_gpu_hours"),
        strict=True,
    ):
        assert (m[col] > 0).any(), col
        np.testing.assert_allclose(trace.y, m[col])
    demand = m["owned_used_gpu_hours"] + m["reserved_used_gpu_hours"] + m["on_demand_gpu_hours"]
    np.testing.assert_allclose(np.sum([t.y for t in stacked], axis=0), demand)
    # The capacity paid for, dashed: the owned fleet's hours from zero, the reserved
    # hours on top of the owned use.
    lines = {t.name: t for t in fig.data if t.stackgroup is None}
    hours = m["month"].dt.days_in_month.to_numpy() * 24.0
    owned = lines["Owned fleet, all its hours"]
    np.testing.assert_allclose(owned.y, m["owned_fleet"] * hours)
    assert (np.asarray(owned.y) >= m["owned_used_gpu_hours"] * (1 - 1e-9)).all()
    reserved = lines["Reserved hours paid (above owned use)"]
    np.testing.assert_allclose(reserved.y, m["owned_used_gpu_hours"] + m["reserved_gpu_hours"])
    assert {t.line.dash for t in lines.values()} == {"dash"}


def test_all_on_demand_draws_only_the_on_demand_hours() -> None:
    proj = project(Scenario())
    fig = _checked(fleet_figures.capacity_chart(proj))
    assert [t.name for t in fig.data] == ["On-demand"]
    np.testing.assert_allclose(
        fig.data[0].y,
        proj.monthly["inference_gpu_hours"] + proj.monthly["training_gpu_hours"],
    )


def test_breakeven_chart_crosses_on_demand_at_the_breakeven_utilisation() -> None:
    s = Scenario()
    fig = _checked(fleet_figures.breakeven_chart(s, "inference"))
    assert fig.layout.yaxis.type == "log"
    by_name = {t.name: t for t in fig.data}
    curve = cost_curve(s, "inference", points=96)
    on_demand = np.asarray(by_name["On-demand"].y)
    assert np.ptp(on_demand) == 0 and on_demand[0] == pytest.approx(s.gpu_hour_price_usd)
    u = np.asarray(by_name["Owned"].x)
    owned = np.asarray(by_name["Owned"].y)
    np.testing.assert_allclose(owned, curve["owned"])
    even = float(breakeven(s).iloc[0]["Owning beats on-demand above (% utilisation)"])
    assert 5 < even < 100
    # Owning costs more than on-demand below the break-even utilisation, less above it.
    assert (owned[u < even] > on_demand[u < even]).all()
    assert (owned[u > even] < on_demand[u > even]).all()
    assert np.interp(even, u, owned) == pytest.approx(on_demand[0], rel=1e-3)
    mark = by_name["Owning = on-demand"]
    assert mark.x[0] == pytest.approx(even) and mark.y[0] == pytest.approx(on_demand[0])
    assert mark.text[0] == f"{even:.0f}%"
    # A reservation beats on-demand where its rate over the list price says.
    res = by_name["Reserved = on-demand"]
    assert res.x[0] == pytest.approx(100 - s.reservation_discount_pct)
    # Owning never beats a reservation used in full at the defaults: not marked.
    assert float(breakeven(s).iloc[0]["Owning beats reserved above (% utilisation)"]) > 100
    assert "Owning = a reservation used in full" not in by_name


def test_breakeven_chart_of_an_accelerator_that_cannot_be_bought_says_so() -> None:
    fig = _checked(fleet_figures.breakeven_chart(TPU_TRAINING, "training"))
    names = [t.name for t in fig.data]
    assert "Owned" not in names and "On-demand" in names and "Reserved" in names
    assert "TPU v5e" in fig.layout.title.text
    assert any("cannot be bought" in a.text for a in fig.layout.annotations)
    assert not fleet_figures.ownable(TPU_TRAINING, "training")
    assert fleet_figures.ownable(TPU_TRAINING, "inference")
    # A purchase price set in the scenario makes it ownable.
    priced = TPU_TRAINING.replace(accelerator_purchase_usd=20_000)
    assert fleet_figures.ownable(priced, "training")
    assert "Owned" in [t.name for t in fleet_figures.breakeven_chart(priced, "training").data]


def test_a_shared_accelerator_is_named_for_both_streams() -> None:
    title = fleet_figures.breakeven_chart(Scenario(), "inference").layout.title.text
    assert title == "When does owning pay? H100 SXM, inference and training"
    title = fleet_figures.breakeven_chart(TPU_TRAINING, "inference").layout.title.text
    assert title == "When does owning pay? H100 SXM, inference"


def test_spend_charts_say_which_view_they_show() -> None:
    """report.figures: the spend charts name the spend view once anything is owned
    or reserved; all on demand both views are the rental and the titles stay plain."""
    from report import figures

    spend = (figures.spend_annual, figures.spend_monthly, figures.spend_cumulative)
    plain = [f(project(Scenario())).layout.title.text for f in spend]
    assert plain == [
        "Spend per year: training vs inference",
        "Spend by month and over the trailing 12 months",
        "Cumulative spend",
    ]
    for view in ("P&L", "cash"):
        proj = project(MIXED.replace(spend_view=view))
        titles = [f(proj).layout.title.text for f in spend]
        assert titles == [f"{t} ({view} view)" for t in plain]
    # The other charts do not depend on the view.
    assert figures.fleet(project(MIXED)).layout.title.text == "Accelerator fleet (monthly average)"

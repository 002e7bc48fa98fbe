"""Property-based tests of fleet economics (model/fleet.py): what owning
must do whatever the inputs.

- A longer useful life never raises a year's P&L cost of the same fleet.
- A higher target utilisation never buys more accelerators.
- Owned capacity that falling demand leaves idle keeps costing.
- With nothing owned or reserved, the cost is the rental spend, exactly.

Streams are driven directly (:func:`model.fleet.stream`) where a property
needs a demand the engine cannot make (one that falls), and through the
engine otherwise. Kept small: ~25 examples each.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import model
from model import Scenario, fleet
from model.engine import columns
from model.parameters import BY_NAME

# database=None: write nothing outside tests/ (no .hypothesis/ directory).
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: An H100 at the registry's defaults.
ECON = fleet.economics("H100 SXM", Scenario())

shares = st.floats(0.0, 100.0, allow_nan=False, allow_subnormal=False)
utilisations = st.floats(10.0, 100.0, allow_nan=False, allow_subnormal=False)
gains = st.floats(0.0, 60.0, allow_nan=False, allow_subnormal=False)


def in_range(name: str) -> st.SearchStrategy:
    """Any value of a numeric registry input inside its range."""
    p = BY_NAME[name]
    if p.kind == "int":
        return st.integers(int(p.min), int(p.max))
    floor = max(p.min, 0.0)
    # No magnitudes below 1e-6 (as tests/test_properties.py): products of such
    # inputs underflow to subnormals, where no relative tolerance holds.
    return st.floats(p.min, p.max, allow_nan=False, allow_subnormal=False).map(
        lambda x: x if abs(x) >= 1e-6 else floor
    )


def run(demand, newer, life_months, owned_pct, reserved_pct=0.0, util=80.0, term=12, **econ):
    months = len(demand)
    e = dataclasses.replace(ECON, life_months=life_months, **econ)
    return fleet.stream(
        np.asarray(demand, dtype=float),
        np.full(months, fleet.HOURS_PER_MONTH),
        np.asarray(newer, dtype=float),
        e,
        owned_pct,
        reserved_pct,
        util,
        term,
    )


def yearly(x: np.ndarray) -> np.ndarray:
    return x.reshape(-1, 12).sum(axis=-1)


# --- a longer life --------------------------------------------------------------------------


@SETTINGS
@given(
    steps=st.lists(st.floats(0.0, 1e4, allow_nan=False, allow_subnormal=False), min_size=1),
    years=st.integers(2, 8),
    lives=st.lists(st.integers(6, 120), min_size=2, max_size=2, unique=True).map(sorted),
    owned=st.floats(1.0, 100.0),
    reserved=shares,
    util=utilisations,
    residual=st.floats(0.0, 0.9),
)
def test_a_longer_life_never_raises_a_years_pnl_cost(
    steps, years, lives, owned, reserved, util, residual
):
    """Demand that never falls, at one price-performance: the same fleet serves
    it under either life (cohorts retire and are replaced by the same), and each
    accelerator's depreciation is spread over more months.

    (Not so when demand falls, where a longer life keeps idle capacity for
    longer (below), nor with price-performance gains, where a shorter life
    replaces old accelerators with fewer new ones.)"""
    assume(owned + reserved <= 100)
    months = 12 * years
    demand = np.cumsum(np.resize(steps, months))
    newer = np.ones(months)
    short, long = (
        run(demand, newer, life, owned, reserved, util, residual_frac=residual) for life in lives
    )
    np.testing.assert_allclose(long["owned_fleet"], short["owned_fleet"], rtol=1e-9, atol=1e-9)
    assert long["accelerators_bought"].sum() <= short["accelerators_bought"].sum() * (1 + 1e-12)
    for name in ("pnl_cost_usd", "depreciation_usd"):
        a, b = yearly(short[name]), yearly(long[name])
        assert np.all(b <= a * (1 + 1e-9) + 1e-6), name
    if demand[0] > 0:
        assert yearly(long["depreciation_usd"])[0] < yearly(short["depreciation_usd"])[0]


# --- a higher target utilisation --------------------------------------------------------------


@st.composite
def strategies(draw) -> Scenario:
    """A preset over at most four years with a random strategy."""
    base = Scenario.from_preset(draw(st.sampled_from(model.presets())))
    inf_owned, train_owned = draw(shares), draw(shares)
    changes = {
        "horizon_years": min(base.horizon_years, 4),
        "inference_owned_pct": inf_owned,
        "training_owned_pct": train_owned,
        "inference_reserved_pct": draw(st.floats(0.0, 100.0 - inf_owned)),
        "training_reserved_pct": draw(st.floats(0.0, 100.0 - train_owned)),
        "useful_life_years": draw(in_range("useful_life_years")),
        "reservation_term_months": draw(in_range("reservation_term_months")),
        "accelerator_purchase_usd": 30_000.0,  # every chip can be bought
    }
    try:
        return base.replace(**changes)
    except ValueError:  # a share past 100% after rounding
        assume(False)
        raise


@SETTINGS
@given(strategies(), st.lists(utilisations, min_size=2, max_size=2).map(sorted))
def test_a_higher_target_utilisation_never_buys_more(s, utils):
    low, high = (columns(s.replace(target_utilisation_pct=u)) for u in utils)
    assert high["accelerators_bought"].sum() <= low["accelerators_bought"].sum() * (1 + 1e-12)
    assert np.all(high["owned_fleet"] <= low["owned_fleet"] * (1 + 1e-12) + 1e-12)
    assert high["capex_usd"].sum() <= low["capex_usd"].sum() * (1 + 1e-12)
    # the same demand: the owned fleet serves no more of it with less headroom
    scale = low["total_spend_usd"].sum()
    assert high["on_demand_usd"].sum() >= low["on_demand_usd"].sum() - 1e-9 * scale


# --- demand that falls ------------------------------------------------------------------------


@SETTINGS
@given(
    rise=st.integers(1, 12),
    low_months=st.integers(1, 24),
    peak=st.floats(1.0, 1e6),
    fall=st.floats(0.0, 0.95),
    owned=st.floats(5.0, 100.0),
    util=utilisations,
    gain=gains,
)
def test_idle_owned_capacity_keeps_costing_when_demand_falls(
    rise, low_months, peak, fall, owned, util, gain
):
    """Demand rises to a peak, then falls to a share of it; the owned fleet
    (bought for the peak, life longer than the horizon) stays, depreciation and
    facility stay, busy hours and power drop, and the owned cost per used hour
    rises."""
    months = rise + low_months
    demand = np.concatenate(
        [peak * np.arange(1, rise + 1) / rise, np.full(low_months, peak * fall)]
    )
    newer = (1 + gain / 100) ** (np.arange(months) / 12)
    out = run(demand, newer, 12 * 10, owned, 0.0, util)
    top, low = rise - 1, slice(rise, months)
    fleet_at_peak = out["owned_fleet"][top]
    assert fleet_at_peak > 0
    np.testing.assert_allclose(out["owned_fleet"][low], fleet_at_peak, rtol=1e-12)
    np.testing.assert_allclose(out["accelerators_bought"][low], 0.0, atol=0)
    for name in ("depreciation_usd", "facility_usd"):
        assert out[name][top] > 0
        np.testing.assert_allclose(out[name][low], out[name][top], rtol=1e-12)
    used = out["owned_used_gpu_hours"]
    assert np.all(used[low] <= used[top] * (1 + 1e-12))
    # power is paid for busy hours only
    np.testing.assert_allclose(out["power_usd"], used * ECON.power_usd_per_hour, rtol=1e-12)
    owned_cost = out["depreciation_usd"] + out["facility_usd"] + out["power_usd"]
    assert np.all(owned_cost[low] > 0)
    # the cost per used hour: higher in every low month (infinite when none is used)
    with np.errstate(divide="ignore", over="ignore"):
        per_hour = np.where(used > 0, owned_cost / used, np.inf)
    assert np.all(per_hour[low] >= per_hour[top] * (1 - 1e-12))
    # the owned fleet serves up to its target utilisation: owned/100 of the peak
    if fall < owned / 100 * (1 - 1e-9):
        # the fleet is idle part of every low month: what it costs is fixed,
        # so each used hour costs more than at the peak
        assert np.all(per_hour[low] > per_hour[top])


# --- all on demand ------------------------------------------------------------------------------

#: Inputs that change what is rented (demand, prices, horizon) or what owning
#: would cost; none may make an all-on-demand plan differ from the rental.
REDRAWN = (
    "addressable_users",
    "adoption_peak_pct",
    "requests_per_user_per_day",
    "gpu_hour_price_usd",
    "price_performance_gain_pct_per_year",
    "peak_to_average",
    "training_spend_cap_x",
    "electricity_usd_per_kwh",
    "facility_usd_per_kw_month",
    "useful_life_years",
    "residual_value_pct",
    "reservation_discount_pct",
    "target_utilisation_pct",
    "cost_of_capital_pct",
)


@st.composite
def rented(draw) -> Scenario:
    base = Scenario.from_preset(draw(st.sampled_from(model.presets())))
    picked = draw(st.lists(st.sampled_from(REDRAWN), max_size=5, unique=True))
    changes = {n: draw(in_range(n)) for n in picked}
    changes["horizon_years"] = draw(st.integers(1, 6))
    changes["spend_view"] = draw(st.sampled_from(("P&L", "cash")))
    try:
        s = base.replace(**changes)
        columns(s)
    except ValueError:  # a model too big for its accelerator: a named refusal
        assume(False)
        raise
    return s


@SETTINGS
@given(rented())
def test_all_on_demand_is_the_rental_for_any_scenario(s):
    assert fleet.is_all_on_demand(s)
    c = columns(s)
    rental = c["inference_spend_usd"] + c["training_spend_usd"]
    for name in ("on_demand_usd", "pnl_cost_usd", "cash_cost_usd"):
        np.testing.assert_allclose(c[name], rental, rtol=1e-12, atol=0, err_msg=name)
    for name in (
        "accelerators_bought",
        "owned_fleet",
        "capex_usd",
        "depreciation_usd",
        "power_usd",
        "facility_usd",
        "residual_proceeds_usd",
        "reservation_usd",
        "reserved_gpu_hours",
    ):
        assert not np.any(c[name]), name
    # the spend is the one a scenario without the fleet inputs gives
    fleet_defaults = {p.name: p.default for p in BY_NAME.values() if p.group == "Fleet"}
    plain = columns(s.replace(**fleet_defaults), spend_only=True)
    for name in ("inference_spend_usd", "training_spend_usd"):
        np.testing.assert_array_equal(c[name], plain[name])

"""Fleet economics (model/fleet.py, model/fleet_plan.py and the engine's use of
them): owning, reserving or renting the accelerators a plan needs.

- One owned H100 costs what the published TCO analyses say, and its cost per
  hour and payback are the documented formulas (the Methodology page's).
- Projections with a strategy keep the accounting identities: every cohort
  depreciates to its residual value, cash and P&L agree over whole lives,
  purchases times the price are the capex, and all on-demand is the rental
  spend, exactly.
- Bad inputs are refused with a message naming them.
- The Fleet page's tables (model.fleet_plan) are the projections' figures.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import model
from model import Scenario, fleet, fleet_plan, project, units
from model.catalog import accelerator, price_ratio
from model.engine import columns
from model.fleet import HOURS_PER_MONTH

H100 = "H100 SXM"
RTOL = 1e-12

#: A strategy over a horizon longer than a life: cohorts retire, are replaced,
#: and those of the last three years are still in service at the end.
STRATEGY = {
    "horizon_years": 12,
    "useful_life_years": 3,
    "inference_owned_pct": 60,
    "training_owned_pct": 40,
    "inference_reserved_pct": 20,
}

#: The columns that are zero when every hour is rented.
OWNING_COLUMNS = (
    "accelerators_bought",
    "owned_fleet",
    "owned_used_gpu_hours",
    "reserved_gpu_hours",
    "reserved_used_gpu_hours",
    "capex_usd",
    "depreciation_usd",
    "power_usd",
    "facility_usd",
    "residual_proceeds_usd",
    "owned_book_value_usd",
    "reservation_usd",
)


@pytest.fixture(scope="module")
def owned() -> Scenario:
    return Scenario(**STRATEGY)


@pytest.fixture(scope="module")
def owned_cols(owned: Scenario) -> dict[str, np.ndarray]:
    return columns(owned)


# --- one accelerator, by hand -----------------------------------------------------------


def hand_fixed_per_hour(
    price: float, life_years: float, residual: float, rate: float, kw: float, facility: float
) -> float:
    """The Methodology page's F: a capital recovery factor on the price less a
    sinking fund on the resale, per hour of a year, plus the facility per hour."""
    if rate > 0:
        g = (1 + rate) ** life_years
        yearly = price * rate * g / (g - 1) - price * residual * rate / (g - 1)
    else:
        yearly = price * (1 - residual) / life_years
    return yearly / 8760 + kw * facility / (8760 / 12)


def h100_inputs(**overrides: float) -> dict[str, float]:
    """The H100's catalog figures and the registry's defaults, as plain numbers."""
    s = Scenario(**overrides)
    chip = accelerator(H100)
    price = s.accelerator_purchase_usd or chip.purchase_usd
    kw = chip.tdp_w * (1 + s.host_power_share_pct / 100) / 1000
    return {
        "price": price,
        "life": s.useful_life_years,
        "residual": s.residual_value_pct / 100,
        "rate": s.cost_of_capital_pct / 100,
        "kw": kw,
        "facility": s.facility_usd_per_kw_month,
        "power": kw * s.pue * s.electricity_usd_per_kwh,
    }


def hand_owned_cost(utilisation: float = 1.0, **overrides: float) -> float:
    x = h100_inputs(**overrides)
    fixed = hand_fixed_per_hour(
        x["price"], x["life"], x["residual"], x["rate"], x["kw"], x["facility"]
    )
    return fixed / utilisation + x["power"]


def hand_payback(on_demand: float, utilisation: float = 1.0, **overrides: float) -> float:
    x = h100_inputs(**overrides)
    saved = (on_demand - x["power"]) * 730 * utilisation - x["kw"] * x["facility"]
    return x["price"] * (1 - x["residual"]) / saved


def test_the_catalog_prices_an_h100_as_the_tco_analyses_do() -> None:
    """USD 300-350k an 8-GPU node with networking (REFERENCES.md, Owning hardware)."""
    assert 300_000 / 8 <= accelerator(H100).purchase_usd <= 350_000 / 8
    assert HOURS_PER_MONTH == 730


def test_an_owned_h100_at_full_use_costs_one_to_two_dollars_an_hour() -> None:
    got = model.owned_cost_per_hour(H100)
    assert 1.0 <= got <= 1.8
    assert got == pytest.approx(hand_owned_cost(), rel=RTOL)


@pytest.mark.parametrize(
    ("utilisation", "overrides"),
    [
        (50.0, {}),
        (100.0, {"cost_of_capital_pct": 0.0}),  # straight-line
        (80.0, {"useful_life_years": 3, "residual_value_pct": 30}),
        (100.0, {"accelerator_purchase_usd": 30_000, "electricity_usd_per_kwh": 0.12}),
        (60.0, {"facility_usd_per_kw_month": 150, "host_power_share_pct": 80, "pue": 1.5}),
    ],
)
def test_owned_cost_per_hour_is_the_documented_formula(utilisation, overrides) -> None:
    got = model.owned_cost_per_hour(H100, utilisation, **overrides)
    assert got == pytest.approx(hand_owned_cost(utilisation / 100, **overrides), rel=RTOL)


def test_the_cost_of_capital_makes_owning_dearer_than_straight_line() -> None:
    free = model.owned_cost_per_hour(H100, cost_of_capital_pct=0)
    assert model.owned_cost_per_hour(H100) > free * 1.1
    # half the use, twice the fixed cost per useful hour; power per busy hour stays
    x = h100_inputs()
    full, half = model.owned_cost_per_hour(H100), model.owned_cost_per_hour(H100, 50)
    assert half - x["power"] == pytest.approx(2 * (full - x["power"]), rel=RTOL)


def test_an_h100_pays_back_against_250_on_demand_in_ten_to_24_months() -> None:
    got = model.breakeven_months(H100, 2.50)
    assert 10 <= got <= 24
    assert got == pytest.approx(hand_payback(2.50), rel=RTOL)


@pytest.mark.parametrize(
    ("price", "utilisation", "overrides"),
    [
        (4.92, 100.0, {}),  # AWS capacity blocks
        (2.50, 70.0, {"residual_value_pct": 30}),
        (2.00, 100.0, {"electricity_usd_per_kwh": 0.06, "facility_usd_per_kw_month": 150}),
    ],
)
def test_payback_is_the_documented_formula(price, utilisation, overrides) -> None:
    got = model.breakeven_months(H100, price, utilisation, **overrides)
    assert got == pytest.approx(hand_payback(price, utilisation / 100, **overrides), rel=RTOL)


def test_a_rental_cheaper_than_power_and_facility_never_pays_back() -> None:
    assert model.breakeven_months(H100, 0.30) == math.inf


def test_breakeven_utilisation_is_where_owning_costs_the_rental() -> None:
    e = fleet.economics(H100, Scenario())
    u = float(fleet.breakeven_utilisation(e, 2.50))
    assert 0 < u < 100
    assert model.owned_cost_per_hour(H100, u) == pytest.approx(2.50, rel=1e-9)
    assert float(fleet.breakeven_utilisation(e, 0.05)) == math.inf


def test_the_economics_of_an_h100_by_hand() -> None:
    s = Scenario(gpu_hour_price_usd=3.0, reservation_discount_pct=35, useful_life_years=5.5)
    e = fleet.economics(H100, s)
    x = h100_inputs(reservation_discount_pct=35, useful_life_years=5.5)
    assert e.life_months == 66
    assert float(e.purchase_usd) == x["price"]
    assert float(e.kw) == pytest.approx(x["kw"], rel=RTOL)
    assert float(e.power_usd_per_hour) == pytest.approx(x["power"], rel=RTOL)
    assert float(e.facility_usd_per_month) == pytest.approx(x["kw"] * x["facility"], rel=RTOL)
    assert float(e.on_demand_usd_per_hour) == pytest.approx(3.0, rel=RTOL)
    assert float(e.reserved_usd_per_hour) == pytest.approx(3.0 * 0.65, rel=RTOL)
    b200 = fleet.economics("B200 (HGX)", s)
    assert float(b200.on_demand_usd_per_hour) == pytest.approx(3.0 * price_ratio("B200 (HGX)"))


def test_all_reserved_pays_the_discounted_rate_for_every_reserved_hour() -> None:
    s = Scenario(inference_reserved_pct=100, training_reserved_pct=100, reservation_discount_pct=30)
    c = columns(s)
    rate = s.gpu_hour_price_usd * 0.70  # both streams on H100s
    np.testing.assert_allclose(c["reservation_usd"], c["reserved_gpu_hours"] * rate, rtol=RTOL)
    assert c["reserved_gpu_hours"].sum() >= c["reserved_used_gpu_hours"].sum() > 0
    assert not np.any(c["capex_usd"])


def test_npv_discounts_each_month_at_its_end() -> None:
    cash = np.array([100.0, 0.0, 50.0])
    want = 100 / 1.1 ** (1 / 12) + 50 / 1.1 ** (3 / 12)
    assert float(fleet.npv(cash, 0.10)) == pytest.approx(want, rel=RTOL)
    assert float(fleet.npv(cash, 0.0)) == 150.0


# --- one stream, by hand ----------------------------------------------------------------


def econ(**changes) -> fleet.Economics:
    base = fleet.Economics(
        purchase_usd=1000.0,
        life_months=12,
        residual_frac=0.1,
        kw=1.0,
        power_usd_per_hour=0.2,
        facility_usd_per_month=30.0,
        on_demand_usd_per_hour=2.0,
        reserved_usd_per_hour=1.2,
        cost_of_capital=0.1,
    )
    return fleet.Economics(**{**base.__dict__, **changes})


def test_owned_then_reserved_then_on_demand_by_hand() -> None:
    """Demand 10, 20, 20, 5; half owned at full target use (life 12), 30% reserved
    for two-month terms; one-hour months, no price-performance gain."""
    demand = np.array([10.0, 20.0, 20.0, 5.0])
    ones = np.ones(4)
    out = fleet.stream(demand, ones, ones, econ(), 50, 30, 100, 2)
    np.testing.assert_allclose(out["accelerators_bought"], [5, 5, 0, 0])
    np.testing.assert_allclose(out["owned_fleet"], [5, 10, 10, 10])
    np.testing.assert_allclose(out["owned_used_gpu_hours"], [5, 10, 10, 5])
    # commitments of 3 and 3; the first expires in month 2 and is renewed, the
    # second expires in month 3, when 1.5 is wanted and 3 are still held
    np.testing.assert_allclose(out["reserved_gpu_hours"], [3, 6, 6, 3])
    np.testing.assert_allclose(out["reserved_used_gpu_hours"], [3, 6, 6, 0])
    np.testing.assert_allclose(out["on_demand_gpu_hours"], [2, 4, 4, 0])
    np.testing.assert_allclose(out["capex_usd"], [5000, 5000, 0, 0])
    np.testing.assert_allclose(out["depreciation_usd"], np.array([5, 10, 10, 10]) * 900 / 12)
    np.testing.assert_allclose(out["power_usd"], np.array([5, 10, 10, 5]) * 0.2)
    np.testing.assert_allclose(out["facility_usd"], np.array([5, 10, 10, 10]) * 30.0)
    np.testing.assert_allclose(out["reservation_usd"], np.array([3, 6, 6, 3]) * 1.2)
    np.testing.assert_allclose(out["on_demand_usd"], np.array([2, 4, 4, 0]) * 2.0)
    np.testing.assert_allclose(out["residual_proceeds_usd"], 0.0)


def test_target_utilisation_buys_headroom_and_cohorts_retire_after_their_life() -> None:
    """Flat demand of 8 owned in full at 80%: 10 bought, replaced every 3 months,
    each sold for its residual value the month after its last."""
    demand = np.full(7, 8.0)
    ones = np.ones(7)
    out = fleet.stream(demand, ones, ones, econ(life_months=3), 100, 0, 80, 12)
    np.testing.assert_allclose(out["accelerators_bought"], [10, 0, 0, 10, 0, 0, 10])
    np.testing.assert_allclose(out["owned_fleet"], 10)
    np.testing.assert_allclose(out["owned_used_gpu_hours"], 8)
    np.testing.assert_allclose(out["residual_proceeds_usd"], [0, 0, 0, 1000, 0, 0, 1000])
    np.testing.assert_allclose(out["depreciation_usd"], 10 * 900 / 3)


def test_the_owned_fleet_never_sells_its_headroom() -> None:
    """Half of a flat 8 owned at a 50% target: 8 bought, 4 of them busy; the
    other half of the demand is rented, not served from the headroom."""
    demand = np.full(3, 8.0)
    ones = np.ones(3)
    out = fleet.stream(demand, ones, ones, econ(), 50, 0, 50, 12)
    np.testing.assert_allclose(out["owned_fleet"], 8)
    np.testing.assert_allclose(out["owned_used_gpu_hours"], 4)
    np.testing.assert_allclose(out["on_demand_gpu_hours"], 4)


def test_newer_accelerators_are_fewer_for_the_same_work() -> None:
    """A month whose accelerator does twice the work buys half as many."""
    demand = np.array([4.0, 8.0])
    out = fleet.stream(demand, np.ones(2), np.array([1.0, 2.0]), econ(), 100, 0, 100, 12)
    np.testing.assert_allclose(out["accelerators_bought"], [4, 2])
    np.testing.assert_allclose(out["owned_fleet"], [4, 6])
    np.testing.assert_allclose(out["on_demand_gpu_hours"], 0)


def test_a_reservation_used_in_full_costs_its_rate_per_used_hour() -> None:
    """Hours used are counted in the generations reserved, as the owned ones are:
    a fully used reservation is used for every hour paid, even as newer
    accelerators arrive."""
    months = 36
    t = np.arange(months) / 12
    newer = 1.3**t
    demand = 100 * 1.5**t  # rising: every reservation is used in full
    out = fleet.stream(demand, np.full(months, 730.0), newer, econ(), 0, 100, 80, 12)
    np.testing.assert_allclose(out["reserved_used_gpu_hours"], out["reserved_gpu_hours"])
    paid = out["reservation_usd"].sum() / out["reserved_used_gpu_hours"].sum()
    assert paid == pytest.approx(1.2, rel=RTOL)


def test_cash_and_pnl_agree_over_whole_lives() -> None:
    """Demand that stops: every cohort retires inside the horizon, so the cash
    (capex less proceeds) and the P&L (depreciation) count the same dollars."""
    months, life = 60, 18
    t = np.arange(months) / 12
    demand = np.where(np.arange(months) < 30, 50 + 40 * np.sin(np.arange(months)), 0.0)
    out = fleet.stream(
        demand, np.full(months, 730.0), 1.3**t, econ(life_months=life), 70, 20, 80, 12
    )
    assert out["accelerators_bought"][:30].sum() > 0
    assert out["owned_fleet"][-1] == pytest.approx(0, abs=1e-9)
    capex, proceeds = out["capex_usd"].sum(), out["residual_proceeds_usd"].sum()
    assert proceeds == pytest.approx(0.1 * capex, rel=RTOL)
    assert out["depreciation_usd"].sum() == pytest.approx(capex - proceeds, rel=1e-12)
    assert out["pnl_cost_usd"].sum() == pytest.approx(out["cash_cost_usd"].sum(), rel=1e-12)
    # month by month they differ: capex up front, depreciation spread over the life
    assert not np.allclose(out["pnl_cost_usd"], out["cash_cost_usd"])


# --- projections with a strategy ----------------------------------------------------------


def test_the_strategy_buys_and_replaces(owned: Scenario, owned_cols) -> None:
    life = round(12 * owned.useful_life_years)
    months = 12 * owned.horizon_years
    assert months > 3 * life
    bought = owned_cols["accelerators_bought"]
    assert bought[:life].sum() > 0 and bought[life:].sum() > 0
    assert owned_cols["residual_proceeds_usd"][life:].sum() > 0
    assert owned_cols["reservation_usd"].sum() > 0
    assert owned_cols["on_demand_usd"].sum() > 0  # training's 60% and bursts


@pytest.mark.parametrize("training_chip", [H100, "B200 (HGX)", "Intel Gaudi 3"])
def test_purchases_times_the_price_are_the_capex(owned: Scenario, training_chip: str) -> None:
    s = owned.replace(training_accelerator=training_chip)
    c = columns(s)
    p_inf, p_train = accelerator(H100).purchase_usd, accelerator(training_chip).purchase_usd
    b_inf, b_train = c["inference_accelerators_bought"], c["training_accelerators_bought"]
    assert b_inf.sum() > 0 and b_train.sum() > 0
    np.testing.assert_allclose(c["capex_usd"], b_inf * p_inf + b_train * p_train, rtol=RTOL)
    np.testing.assert_allclose(c["accelerators_bought"], b_inf + b_train, rtol=RTOL)
    # a price of its own replaces the catalog's, for both streams
    priced = columns(s.replace(accelerator_purchase_usd=12_345))
    np.testing.assert_allclose(
        priced["capex_usd"], priced["accelerators_bought"] * 12_345, rtol=RTOL
    )


def test_every_cohort_depreciates_to_its_residual_value(owned: Scenario, owned_cols) -> None:
    """Month by month, depreciation is P(1 - v)/L for each accelerator of the last
    L cohorts; summed, each cohort gives P b (1 - v), less the months past the
    horizon. (Both streams buy H100s, so their cohorts add up.)"""
    c = owned_cols
    price, residual = accelerator(H100).purchase_usd, owned.residual_value_pct / 100
    life = round(12 * owned.useful_life_years)
    b = c["accelerators_bought"]
    months = len(b)
    in_service = np.array([b[max(0, m - life + 1) : m + 1].sum() for m in range(months)])
    np.testing.assert_allclose(c["owned_fleet"], in_service, rtol=1e-9)
    np.testing.assert_allclose(
        c["depreciation_usd"], in_service * price * (1 - residual) / life, rtol=1e-9
    )
    months_in = np.minimum(life, months - np.arange(months))
    per_cohort = b * price * (1 - residual) * months_in / life
    assert c["depreciation_usd"].sum() == pytest.approx(per_cohort.sum(), rel=1e-12)
    # each cohort sells for its residual value the month after its life ...
    np.testing.assert_allclose(c["residual_proceeds_usd"][:life], 0.0)
    np.testing.assert_allclose(
        c["residual_proceeds_usd"][life:], b[:-life] * price * residual, rtol=RTOL
    )
    # ... so cohorts sold inside the horizon depreciate by what they cost less
    # what they sold for
    whole = np.arange(months) < months - life
    assert per_cohort[whole].sum() == pytest.approx(
        c["capex_usd"][whole].sum() - c["residual_proceeds_usd"].sum(), rel=1e-12
    )


def test_cash_less_pnl_is_the_book_value_left_at_the_end(owned: Scenario, owned_cols) -> None:
    """Cohorts that retired inside the horizon count the same in both views;
    those still in service have been paid for in full but only partly depreciated."""
    price, residual = accelerator(H100).purchase_usd, owned.residual_value_pct / 100
    life = round(12 * owned.useful_life_years)
    b = owned_cols["accelerators_bought"]
    months = len(b)
    left = np.arange(months) >= months - life
    served = months - np.arange(months)
    book = (b * price * (1 - (1 - residual) * served / life))[left].sum()
    gap = owned_cols["cash_cost_usd"].sum() - owned_cols["pnl_cost_usd"].sum()
    assert book > 0
    assert gap == pytest.approx(book, rel=1e-9)
    assert owned_cols["owned_book_value_usd"][-1] == pytest.approx(book, rel=1e-9)
    # and month by month: what was paid less what was sold and depreciated, to date
    to_date = np.cumsum(
        owned_cols["capex_usd"]
        - owned_cols["residual_proceeds_usd"]
        - owned_cols["depreciation_usd"]
    )
    np.testing.assert_allclose(owned_cols["owned_book_value_usd"], to_date, rtol=1e-9)


def test_pnl_and_cash_are_their_parts(owned_cols) -> None:
    c = owned_cols
    running = c["power_usd"] + c["facility_usd"] + c["reservation_usd"] + c["on_demand_usd"]
    np.testing.assert_allclose(c["pnl_cost_usd"], c["depreciation_usd"] + running, rtol=RTOL)
    np.testing.assert_allclose(
        c["cash_cost_usd"], c["capex_usd"] - c["residual_proceeds_usd"] + running, rtol=RTOL
    )


@pytest.mark.parametrize(("view", "column"), [("P&L", "pnl_cost_usd"), ("cash", "cash_cost_usd")])
def test_the_spend_view_picks_the_spend(owned: Scenario, view: str, column: str) -> None:
    s = owned.replace(spend_view=view)
    c = columns(s)
    np.testing.assert_allclose(
        c["inference_spend_usd"] + c["training_spend_usd"], c[column], rtol=RTOL
    )
    fast = columns(s, spend_only=True)  # the path simulations and fits take
    for name in ("inference_spend_usd", "training_spend_usd"):
        np.testing.assert_array_equal(fast[name], c[name])


def test_owning_moves_money_not_the_work(owned: Scenario) -> None:
    rented = project(owned.replace(inference_owned_pct=0, training_owned_pct=0)).monthly
    bought = project(owned).monthly
    for name in ("inference_gpu_hours", "training_gpu_hours", "energy_mwh", "tokens"):
        np.testing.assert_array_equal(bought[name], rented[name])
    assert not np.allclose(bought["total_spend_usd"], rented["total_spend_usd"])


# --- all on demand: the rental, exactly ---------------------------------------------------


@pytest.mark.parametrize("s", [Scenario(), *(Scenario.from_preset(n) for n in model.presets())])
def test_all_on_demand_is_the_rental_spend(s: Scenario) -> None:
    c = columns(s)
    rental = c["inference_spend_usd"] + c["training_spend_usd"]
    np.testing.assert_allclose(c["on_demand_usd"], rental, rtol=RTOL, atol=0)
    np.testing.assert_allclose(c["pnl_cost_usd"], rental, rtol=RTOL, atol=0)
    np.testing.assert_allclose(c["cash_cost_usd"], rental, rtol=RTOL, atol=0)
    for name in OWNING_COLUMNS:
        assert not np.any(c[name]), name
    # hours at the list price of each stream's accelerator
    price = s.gpu_hour_price_usd
    inf = c["inference_gpu_hours"] * price * price_ratio(s.inference_accelerator)
    train = c["training_gpu_hours"] * price * price_ratio(s.training_accelerator)
    np.testing.assert_allclose(c["inference_spend_usd"], inf, rtol=1e-12)
    np.testing.assert_allclose(c["training_spend_usd"], train, rtol=1e-12)
    np.testing.assert_allclose(
        c["on_demand_gpu_hours"], c["inference_gpu_hours"] + c["training_gpu_hours"], rtol=1e-12
    )


def test_fleet_inputs_leave_an_all_on_demand_plan_as_it_was() -> None:
    """What owning would cost changes nothing while nothing is owned or reserved."""
    base = columns(Scenario())
    changed = columns(
        Scenario(
            accelerator_purchase_usd=25_000,
            useful_life_years=2,
            residual_value_pct=40,
            electricity_usd_per_kwh=0.5,
            facility_usd_per_kw_month=900,
            host_power_share_pct=150,
            lead_time_months=12,
            target_utilisation_pct=30,
            cost_of_capital_pct=25,
            reservation_discount_pct=80,
            reservation_term_months=36,
            spend_view="cash",
        )
    )
    for name in ("inference_spend_usd", "training_spend_usd", "total_spend_usd"):
        np.testing.assert_array_equal(changed[name], base[name])


# --- bad inputs, named --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"inference_owned_pct": 70, "inference_reserved_pct": 40}, "inference_reserved_pct"),
        ({"training_owned_pct": 50, "training_reserved_pct": 60}, "training_reserved_pct"),
        ({"useful_life_years": 0}, "useful_life_years"),
        ({"accelerator_purchase_usd": -1}, "accelerator_purchase_usd"),
        ({"electricity_usd_per_kwh": -1}, "electricity_usd_per_kwh"),
        ({"facility_usd_per_kw_month": -5}, "facility_usd_per_kw_month"),
        ({"residual_value_pct": 120}, "residual_value_pct"),
        ({"target_utilisation_pct": 0}, "target_utilisation_pct"),
        ({"reservation_term_months": 0}, "reservation_term_months"),
        (
            {"training_accelerator": "TPU v6e (Trillium)", "training_owned_pct": 50},
            "training_owned_pct",
        ),
        (
            {"inference_accelerator": "AWS Inferentia2", "inference_owned_pct": 10},
            "inference_owned_pct",
        ),
    ],
)
def test_a_bad_scenario_is_refused_naming_the_input(changes: dict, named: str) -> None:
    with pytest.raises(ValueError, match=rf"\b{named}:"):
        Scenario(**changes)


def test_a_rented_only_chip_can_be_reserved_or_owned_at_a_given_price() -> None:
    tpu = "TPU v6e (Trillium)"
    Scenario(training_accelerator=tpu, training_reserved_pct=100)
    s = Scenario(training_accelerator=tpu, training_owned_pct=50, accelerator_purchase_usd=30_000)
    assert project(s).monthly["capex_usd"].sum() > 0
    with pytest.raises(ValueError, match=r"^accelerator: "):
        model.owned_cost_per_hour(tpu)
    assert model.owned_cost_per_hour(tpu, accelerator_purchase_usd=30_000) > 0


@pytest.mark.parametrize("utilisation", [0, -10, 150, math.nan])
def test_owned_cost_per_hour_refuses_a_utilisation_out_of_range(utilisation: float) -> None:
    with pytest.raises(ValueError, match=r"^utilisation_pct: "):
        model.owned_cost_per_hour(H100, utilisation_pct=utilisation)
    with pytest.raises(ValueError, match=r"^utilisation_pct: "):
        model.breakeven_months(H100, 2.5, utilisation_pct=utilisation)


@pytest.mark.parametrize("price", [-2.5, 0.0, math.nan])
def test_breakeven_refuses_an_on_demand_price_that_is_not_one(price: float) -> None:
    with pytest.raises(ValueError, match=r"^on_demand_usd_per_hour: "):
        model.breakeven_months(H100, price)


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"not_an_input": 1}, "not_an_input"),
        ({"residual_value_pct": 120}, "residual_value_pct"),
        ({"useful_life_years": 0}, "useful_life_years"),
        ({"electricity_usd_per_kwh": -1}, "electricity_usd_per_kwh"),
        ({"accelerator_purchase_usd": -1}, "accelerator_purchase_usd"),
    ],
)
def test_per_hour_figures_refuse_a_bad_override_naming_it(overrides: dict, named: str) -> None:
    with pytest.raises(ValueError, match=rf"^{named}: "):
        model.owned_cost_per_hour(H100, **overrides)
    with pytest.raises(ValueError, match=rf"^{named}: "):
        model.breakeven_months(H100, 2.5, **overrides)


# --- the Fleet page's tables ----------------------------------------------------------------


def book_value_at_the_end(s: Scenario, m: pd.DataFrame) -> float:
    """Each stream's cohorts still owned at the end, at price less depreciation."""
    life, months = round(12 * s.useful_life_years), len(m)
    age = months - np.arange(months)  # months in service at the end
    left = np.where(age <= life, 1 - (1 - s.residual_value_pct / 100) * age / life, 0.0)
    return sum(
        float((m[f"{stream}_accelerators_bought"] * left).sum())
        * (
            s.accelerator_purchase_usd
            or accelerator(getattr(s, f"{stream}_accelerator")).purchase_usd
        )
        for stream in ("inference", "training")
    )


def totals_by_hand(s: Scenario) -> dict[str, float]:
    """The strategies table's columns, from a projection and the documented formulas."""
    p = project(s)
    m, a = p.monthly, p.annual
    cash = m["cash_cost_usd"].to_numpy()
    rate = s.cost_of_capital_pct / 100
    end = book_value_at_the_end(s, m)
    npv = sum(c / (1 + rate) ** ((i + 1) / 12) for i, c in enumerate(cash))
    return {
        "P&L cost (USD)": m["pnl_cost_usd"].sum(),
        "Cash cost (USD)": cash.sum(),
        "Fleet value at the end (USD)": end,
        "NPV (USD)": npv - end / (1 + rate) ** (len(cash) / 12),
        "Peak capex (USD/yr)": a["capex_usd"].max(),
    }


def test_strategies_are_the_projections_with_them(owned: Scenario) -> None:
    s = owned.replace(horizon_years=6)
    table = fleet_plan.strategies(s).set_index("Strategy")
    assert list(table.columns) == list(totals_by_hand(s))
    assert table.index[0] == "This scenario's strategy"
    want = {"This scenario's strategy": s}
    for name, shares in fleet_plan.STRATEGIES.items():
        want[name] = s.replace(
            inference_owned_pct=shares["owned"],
            training_owned_pct=shares["owned"],
            inference_reserved_pct=shares["reserved"],
            training_reserved_pct=shares["reserved"],
        )
    assert list(table.index) == list(want)
    for name, scenario in want.items():
        for column, value in totals_by_hand(scenario).items():
            assert table.loc[name, column] == pytest.approx(value, rel=1e-9), (name, column)
    assert table.loc["This scenario's strategy", "Fleet value at the end (USD)"] > 0
    rented = table.loc["All on-demand"]
    assert rented["P&L cost (USD)"] == pytest.approx(rented["Cash cost (USD)"], rel=RTOL)
    assert rented["Peak capex (USD/yr)"] == 0
    assert rented["Fleet value at the end (USD)"] == 0


def test_a_named_strategy_is_marked_current_and_rented_chips_are_not_owned() -> None:
    table = fleet_plan.strategies(Scenario(horizon_years=3))
    assert list(table["Strategy"]) == [
        "All on-demand (current)",
        "All reserved",
        "Owned baseline + on-demand burst",
        "All owned",
    ]
    tpu = fleet_plan.strategies(
        Scenario(horizon_years=3, training_accelerator="TPU v6e (Trillium)")
    )
    assert list(tpu["Strategy"]) == ["All on-demand (current)", "All reserved"]


@pytest.mark.parametrize("lead", [0, 6, 24])
def test_purchase_schedule_sums_to_the_capex_and_orders_a_lead_time_before(
    owned: Scenario, lead: int
) -> None:
    s = owned.replace(lead_time_months=lead, training_accelerator="B200 (HGX)")
    p = project(s)
    table = fleet_plan.purchase_schedule(p)
    assert len(table) > 0
    assert table["Capex (USD)"].sum() == pytest.approx(p.monthly["capex_usd"].sum(), rel=1e-12)
    by_month = table.groupby("Month")["Capex (USD)"].sum()
    capex = pd.Series(p.monthly["capex_usd"].to_numpy(), index=s.month_labels())
    np.testing.assert_allclose(by_month, capex[capex > 0].loc[by_month.index], rtol=1e-12)
    for _, row in table.iterrows():
        assert units.months_between(row["Order by"], row["Month"]) == lead
        price = accelerator(row["Accelerator"]).purchase_usd
        assert row["Count"] == math.ceil(row["Capex (USD)"] / price - 1e-9)
    chips = dict(zip(table["Stream"], table["Accelerator"], strict=False))
    assert chips == {"inference": s.inference_accelerator, "training": "B200 (HGX)"}
    first = table.iloc[0]
    assert first["Order by"] == units.month_label(s.start_year, -lead)


def test_breakeven_table_is_the_per_hour_figures() -> None:
    s = Scenario()
    table = fleet_plan.breakeven(s).set_index("Stream")
    e = fleet.economics(H100, s)
    payback = table.loc["inference", "Pays back against on-demand (months of full use)"]
    assert payback == pytest.approx(model.breakeven_months(H100, 2.50), rel=RTOL)
    u = table.loc["inference", "Owning beats on-demand above (% utilisation)"]
    assert u == pytest.approx(float(fleet.breakeven_utilisation(e, 2.50)), rel=RTOL)
    assert model.owned_cost_per_hour(H100, u) == pytest.approx(2.50, rel=1e-9)

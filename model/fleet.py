"""Fleet economics: own, reserve or rent the accelerators a plan needs.

A strategy meets a share of each stream's baseline (training, inference)
with owned accelerators, a share with reservations, and bursts the rest to
on-demand at the list price:

- **Owned.** Purchases follow the plan's own demand: in-service capacity is
  topped up each month to ``owned share x demand / target utilisation``; an
  order goes out ``lead_time_months`` before (the purchase schedule shows
  when). Each monthly cohort is bought at that month's price-performance (an
  accelerator at the purchase price does (1 + gain)^t the work, as rented
  ones do in :mod:`model.engine`), is paid in its month (capex), is
  depreciated straight-line over its useful life to its residual value, draws
  power while busy (accelerator plus host, times PUE) and pays facility cost
  per kW whether busy or idle, and is sold at its residual value when retired.
  Owned capacity that demand no longer needs keeps costing.
- **Reserved.** Commitments top reserved capacity up to ``reserved share x
  demand``; each runs for the term at the discounted rate, used or not.
- **On-demand.** What owned and reserved capacity do not serve, paid by the
  hour at the list price: with no owned or reserved share this is exactly
  the engine's rental spend.

Demand is in accelerator-equivalents of the chosen accelerator (today's
work), month by month; owned capacity (up to its target utilisation) and
reserved capacity serve it first, in that order. Vectorised like the engine (a leading axis of draws broadcasts); the
loop runs over months, since what is in service depends on what was bought.
No Streamlit here.

References
----------
.. [1] Useful lives in company filings: Microsoft and Alphabet 6 years,
   Meta 5.5, Amazon 5 (10-K and 10-Q filings, 2022-2025).
.. [2] Third-party TCO analyses of an 8-GPU H100 node (2025-2026): ~USD
   300-350k with networking, ~10.2 kW at full load, colocation USD 150-250
   per kW-month, industrial power USD 0.06-0.12 per kWh, residual 25-35%
   after 36 months.
.. [3] Public cloud price lists: 1- and 3-year reservations 30-60% below
   on-demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from model import catalog
from model.parameters import DEFAULTS, param

#: Average hours in a month [h] (8,760 / 12), for per-hour figures of a life.
HOURS_PER_MONTH = 8760.0 / 12.0

#: Monthly columns one stream contributes (summed over the two streams).
STREAM_COLUMNS = (
    "accelerators_bought",
    "owned_fleet",
    "owned_used_gpu_hours",
    "reserved_gpu_hours",
    "reserved_used_gpu_hours",
    "on_demand_gpu_hours",
    "capex_usd",
    "depreciation_usd",
    "power_usd",
    "facility_usd",
    "residual_proceeds_usd",
    "owned_book_value_usd",
    "reservation_usd",
    "on_demand_usd",
    "pnl_cost_usd",
    "cash_cost_usd",
)


@dataclass(frozen=True)
class Economics:
    """What one accelerator costs to own, reserve or rent.

    Attributes
    ----------
    purchase_usd : float
        All-in purchase price, server and network share included [USD].
    life_months : int
        Useful life [months].
    residual_frac : float
        Sale price at retirement over the purchase price [-].
    kw : float
        Accelerator plus host power at TDP [kW].
    power_usd_per_hour : float
        Electricity of one busy hour, PUE included [USD/h].
    facility_usd_per_month : float
        Facility cost, busy or idle [USD/month].
    on_demand_usd_per_hour, reserved_usd_per_hour : float
        List and reserved prices of an accelerator-hour [USD/h].
    cost_of_capital : float
        Yearly discount rate [-].
    """

    purchase_usd: Any
    life_months: int
    residual_frac: Any
    kw: Any
    power_usd_per_hour: Any
    facility_usd_per_month: Any
    on_demand_usd_per_hour: Any
    reserved_usd_per_hour: Any
    cost_of_capital: Any


def economics(accelerator: str, s: Any) -> Economics:
    """The :class:`Economics` of ``accelerator`` under scenario ``s`` (or any
    object with the registry's attributes)."""
    chip = catalog.accelerator(accelerator)
    override = np.asarray(s.accelerator_purchase_usd, dtype=float)
    purchase = np.where(override > 0, override, chip.purchase_usd or 0.0)
    kw = chip.tdp_w * (1.0 + np.asarray(s.host_power_share_pct) / 100.0) / 1000.0
    list_price = s.gpu_hour_price_usd * catalog.price_ratio(chip.name)
    return Economics(
        purchase_usd=purchase,
        life_months=max(1, int(round(float(s.useful_life_years) * 12))),
        residual_frac=np.asarray(s.residual_value_pct) / 100.0,
        kw=kw,
        power_usd_per_hour=kw * s.pue * s.electricity_usd_per_kwh,
        facility_usd_per_month=kw * s.facility_usd_per_kw_month,
        on_demand_usd_per_hour=list_price,
        reserved_usd_per_hour=list_price * (1.0 - np.asarray(s.reservation_discount_pct) / 100.0),
        cost_of_capital=np.asarray(s.cost_of_capital_pct) / 100.0,
    )


def _cohorts(target: np.ndarray, lifetime: int) -> tuple[np.ndarray, np.ndarray]:
    """Capacity added each month to keep in service at least ``target`` (last
    axis: months), when what is added leaves after ``lifetime`` months.

    Returns (added, in service), both in the units of ``target``.
    """
    added = np.zeros_like(target)
    held = np.zeros_like(target)
    level = np.zeros(target.shape[:-1])
    for m in range(target.shape[-1]):
        if m >= lifetime:
            level = level - added[..., m - lifetime]
        buy = np.maximum(target[..., m] - level, 0.0)
        added[..., m] = buy
        level = level + buy
        held[..., m] = level
    return added, held


def stream(
    demand: Any,
    hours: np.ndarray,
    newer: np.ndarray,
    econ: Economics,
    owned_pct: Any,
    reserved_pct: Any,
    target_utilisation_pct: Any,
    term_months: int,
) -> dict[str, np.ndarray]:
    """One stream's capacity and costs, month by month.

    Parameters
    ----------
    demand : array_like
        Accelerators busy on average in each month, in equivalents of the
        chosen accelerator at the start [-], shape (..., months).
    hours : numpy.ndarray
        Hours in each month [h].
    newer : numpy.ndarray
        Work of that month's accelerator over the first month's, (1 + gain)^t [-].
    econ : Economics
    owned_pct, reserved_pct : array_like
        Shares of the demand met by owned and reserved capacity [%].
    target_utilisation_pct : array_like
        Utilisation the owned fleet is bought for [%].
    term_months : int
        Reservation term [months].

    Returns
    -------
    dict
        :data:`STREAM_COLUMNS`, each of shape (..., months): accelerator counts
        are of the generation bought, hours and dollars are the month's.
    """
    demand = np.asarray(demand, dtype=float)
    owned_frac = np.asarray(owned_pct, dtype=float) / 100.0
    reserved_frac = np.asarray(reserved_pct, dtype=float) / 100.0
    util = np.asarray(target_utilisation_pct, dtype=float) / 100.0
    shape = np.broadcast_shapes(demand.shape, np.shape(owned_frac), np.shape(reserved_frac))
    demand = np.broadcast_to(demand, shape)

    owned_target = np.broadcast_to(owned_frac * demand / util, shape).copy()
    reserved_target = np.broadcast_to(reserved_frac * demand, shape).copy()
    # A way of paying with no share holds nothing: skip its month-by-month loop.
    owned_added, owned_units = (
        _cohorts(owned_target, econ.life_months) if np.any(owned_frac > 0) else (owned_target,) * 2
    )
    reserved_added, reserved_units = (
        _cohorts(reserved_target, term_months)
        if np.any(reserved_frac > 0)
        else (reserved_target,) * 2
    )
    # Accelerators: a month's purchase is of that month's generation.
    bought = owned_added / newer
    owned_fleet = _held_count(bought, econ.life_months)
    reserved_fleet = _held_count(reserved_added / newer, term_months)

    # The owned fleet runs up to its target utilisation: the rest is headroom
    # for failures, maintenance and growth, never sold as hours.
    used_owned = np.minimum(demand, owned_units * util)
    used_reserved = np.minimum(demand - used_owned, reserved_units)
    on_demand = demand - used_owned - used_reserved
    with np.errstate(divide="ignore", invalid="ignore"):
        busy_share = np.where(owned_units > 0, used_owned / owned_units, 0.0)
        reserved_busy = np.where(reserved_units > 0, used_reserved / reserved_units, 0.0)

    purchase = econ.purchase_usd
    owned_used_hours = owned_fleet * busy_share * hours
    retiring = np.zeros_like(bought)
    life = econ.life_months
    if life < bought.shape[-1]:
        retiring[..., life:] = bought[..., :-life]
    capex = bought * purchase
    depreciation = owned_fleet * purchase * (1.0 - econ.residual_frac) / life
    # Book value at each month's end: price less depreciation to date, per cohort.
    book = _book_value(bought, life) * purchase * (1.0 - econ.residual_frac) + (
        owned_fleet * purchase * econ.residual_frac
    )
    proceeds = retiring * purchase * econ.residual_frac
    power = owned_used_hours * econ.power_usd_per_hour
    facility = owned_fleet * econ.facility_usd_per_month
    reservation = reserved_fleet * hours * econ.reserved_usd_per_hour
    on_demand_hours = on_demand * hours / newer
    on_demand_usd = on_demand_hours * econ.on_demand_usd_per_hour
    running = power + facility + reservation + on_demand_usd
    return {
        "accelerators_bought": bought,
        "owned_fleet": owned_fleet,
        "owned_used_gpu_hours": owned_used_hours,
        "reserved_gpu_hours": reserved_fleet * hours,
        # Of the generations reserved, as the owned hours: a reservation used in
        # full is used for every hour it is paid for.
        "reserved_used_gpu_hours": reserved_fleet * reserved_busy * hours,
        "on_demand_gpu_hours": on_demand_hours,
        "capex_usd": capex,
        "depreciation_usd": depreciation,
        "power_usd": power,
        "facility_usd": facility,
        "residual_proceeds_usd": proceeds,
        "owned_book_value_usd": book,
        "reservation_usd": reservation,
        "on_demand_usd": on_demand_usd,
        "pnl_cost_usd": depreciation + running,
        "cash_cost_usd": capex - proceeds + running,
    }


def _held_count(added: np.ndarray, lifetime: int) -> np.ndarray:
    """How many of ``added`` (last axis: months) are held, each for ``lifetime`` months."""
    total = np.cumsum(added, axis=-1)
    held = total.copy()
    if lifetime < added.shape[-1]:
        held[..., lifetime:] -= total[..., :-lifetime]
    return held


def _book_value(added: np.ndarray, lifetime: int) -> np.ndarray:
    """Undepreciated share of each month's cohorts at that month's end, summed
    [accelerators]: a cohort bought in month k counts 1 - (m - k + 1) / life in
    month m, until it retires."""
    months = added.shape[-1]
    m = np.arange(months)
    age = m[:, None] - m[None, :] + 1  # [month, cohort]
    left = np.where((age >= 1) & (age <= lifetime), 1.0 - age / lifetime, 0.0)
    return added @ left.T


def npv(cash: Any, rate: Any) -> Any:
    """Net present value at month 0 of monthly cash flows (last axis) [USD],
    discounted at ``rate`` a year, each at the end of its month."""
    cash = np.asarray(cash, dtype=float)
    m = np.arange(1, cash.shape[-1] + 1)
    factor = (1.0 + np.asarray(rate, dtype=float)) ** (-(m / 12.0))
    return (cash * factor).sum(axis=-1)


def fixed_cost_per_hour(e: Economics) -> Any:
    """Cost of holding one owned accelerator per hour of its life, busy or
    idle [USD/h]: the level yearly cost of its capital at the cost of capital
    (a capital recovery factor on the price, less a sinking fund for the
    residual value; straight-line at a rate of 0) plus the facility."""
    years = e.life_months / 12.0
    r = np.asarray(e.cost_of_capital, dtype=float)
    price = np.asarray(e.purchase_usd, dtype=float)
    residual = price * e.residual_frac
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (1.0 + r) ** years
        level = price * r * growth / (growth - 1.0) - residual * r / (growth - 1.0)
        yearly = np.where(r > 0, level, (price - residual) / years)
    return yearly / 8760.0 + e.facility_usd_per_month / HOURS_PER_MONTH


def is_all_on_demand(s: Any) -> bool:
    """Whether ``s`` rents all its capacity by the hour (no owned or reserved share)."""
    shares = (
        s.inference_owned_pct,
        s.inference_reserved_pct,
        s.training_owned_pct,
        s.training_reserved_pct,
    )
    return not any(np.any(np.asarray(x) > 0) for x in shares)


# --- one accelerator over its life -------------------------------------------------------


def _economics_of(accelerator: str, overrides: dict[str, Any]) -> tuple[Economics, Any]:
    """Economics of ``accelerator`` with registry defaults and ``overrides``
    (registry input names; each checked against its declared range)."""
    values = dict(DEFAULTS)
    for name, value in overrides.items():
        values[name] = param(name).coerce(value)
    ns = type("Inputs", (), values)
    if not catalog.accelerator(accelerator).purchase_usd and not values["accelerator_purchase_usd"]:
        raise ValueError(
            f"accelerator: {accelerator} is only rented (the catalog has no purchase price); "
            "pass accelerator_purchase_usd"
        )
    return economics(accelerator, ns), ns


def _check_utilisation(utilisation_pct: float) -> float:
    u = float(utilisation_pct) / 100.0
    if not 0.0 < u <= 1.0:
        raise ValueError(
            f"utilisation_pct: {utilisation_pct!r} is out of range; allowed above 0 to 100"
        )
    return u


def owned_cost_per_hour(
    accelerator: str, utilisation_pct: float = 100.0, **overrides: Any
) -> float:
    """All-in cost of owning one accelerator, per useful accelerator-hour [USD/h].

    The level yearly cost of the capital (purchase price less the residual
    value at the end of its life, at the cost of capital: a capital recovery
    factor for the price, a sinking fund for the residual), plus facility cost
    every hour, over the hours it is used, plus the power of a busy hour.

    Parameters
    ----------
    accelerator : str
        Catalog name; it must have a purchase price (or pass
        ``accelerator_purchase_usd``).
    utilisation_pct : float
        Share of its life's hours it is busy [%], above 0 to 100.
    **overrides
        Registry inputs (``useful_life_years``, ``residual_value_pct``,
        ``electricity_usd_per_kwh``, ``facility_usd_per_kw_month``,
        ``host_power_share_pct``, ``cost_of_capital_pct``, ``pue``, ...).

    Examples
    --------
    >>> round(owned_cost_per_hour("H100 SXM"), 2)  # REFERENCES.md: USD 1.2-1.6
    1.5
    """
    u = _check_utilisation(utilisation_pct)
    e, _ = _economics_of(accelerator, overrides)
    fixed_per_hour = float(fixed_cost_per_hour(e))
    return fixed_per_hour / u + float(e.power_usd_per_hour)


def breakeven_months(
    accelerator: str,
    on_demand_usd_per_hour: float,
    utilisation_pct: float = 100.0,
    **overrides: Any,
) -> float:
    """Months of use after which buying has cost less than renting on demand [months].

    The purchase price less what the accelerator sells for at the end of its
    life, over what each month of use saves: the rental of its busy hours less
    their power and the month's facility cost. ``inf`` when owning never saves.

    Parameters
    ----------
    accelerator : str
        Catalog name with a purchase price (or pass ``accelerator_purchase_usd``).
    on_demand_usd_per_hour : float
        The rental it replaces [USD/h], > 0.
    utilisation_pct : float
        Share of each month's hours it is busy [%], above 0 to 100.
    **overrides
        Registry inputs, as for :func:`owned_cost_per_hour`.

    Examples
    --------
    >>> round(breakeven_months("H100 SXM", 2.50))  # REFERENCES.md: 14-18 at higher prices
    23
    """
    if not float(on_demand_usd_per_hour) > 0:
        raise ValueError(
            f"on_demand_usd_per_hour: {on_demand_usd_per_hour!r} must be a price above 0"
        )
    u = _check_utilisation(utilisation_pct)
    e, _ = _economics_of(accelerator, overrides)
    return payback_months(e, float(on_demand_usd_per_hour), u)


def payback_months(e: Economics, on_demand_usd_per_hour: float, utilisation: float = 1.0) -> float:
    """:func:`breakeven_months` of an accelerator's :class:`Economics` [months]:
    the purchase price less the resale at the end of its life, over what a
    month busy a ``utilisation`` share of its hours saves against renting."""
    net_capital = float(e.purchase_usd * (1.0 - e.residual_frac))
    saved = (on_demand_usd_per_hour - float(e.power_usd_per_hour)) * HOURS_PER_MONTH * utilisation
    saved -= float(e.facility_usd_per_month)
    return net_capital / saved if saved > 0 else float("inf")


def breakeven_utilisation(e: Economics, against_usd_per_hour: Any) -> Any:
    """Utilisation at which owning costs as much per useful hour as a price
    paid only for hours used (on-demand) [%]; above 100 where owning never
    pays. For a reservation, paid whether used or not, pass its rate: the two
    break even where owning's fixed cost per hour plus busy power matches it.
    """
    fixed = fixed_cost_per_hour(e)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.asarray(against_usd_per_hour, dtype=float) - e.power_usd_per_hour
        return np.where(margin > 0, fixed / margin * 100.0, np.inf)

"""What the Fleet page, the exports and ``planner fleet`` show of a plan's
fleet economics: the purchase schedule, the strategies side by side, and the
summary figures (NPV, peak capex, effective cost per useful hour, break-even
utilisation). Built on :func:`model.project` and :mod:`model.fleet`. No
Streamlit here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from model import fleet, units
from model.engine import Projection, project
from model.scenario import Scenario

#: The strategies compared for a scenario: name -> the shares they set (both streams).
STRATEGIES: dict[str, dict[str, float]] = {
    "All on-demand": {"owned": 0.0, "reserved": 0.0},
    "All reserved": {"owned": 0.0, "reserved": 100.0},
    "Owned baseline + on-demand burst": {"owned": 70.0, "reserved": 0.0},
    "All owned": {"owned": 100.0, "reserved": 0.0},
}

STRATEGY_COLUMNS = (
    "Strategy",
    "P&L cost (USD)",
    "Cash cost (USD)",
    "Fleet value at the end (USD)",
    "NPV (USD)",
    "Peak capex (USD/yr)",
)


def with_strategy(s: Scenario, owned: float, reserved: float) -> Scenario:
    """``s`` with both streams at the given owned and reserved shares [%]."""
    return s.replace(
        inference_owned_pct=owned,
        inference_reserved_pct=reserved,
        training_owned_pct=owned,
        training_reserved_pct=reserved,
    )


def _ownable(s: Scenario) -> bool:
    """Whether both streams' accelerators can be bought (the catalog has a price)."""
    try:
        with_strategy(s, 100.0, 0.0)
    except ValueError:
        return False
    return True


def totals(p: Projection) -> dict[str, float]:
    """A projection's P&L cost, cash cost, the owned fleet's book value at the
    plan's end, the net present cost and the largest year's capex [USD].

    The net present cost discounts the monthly cash at the cost of capital and
    credits the fleet still owned at the end at its book value (discounted
    from the last month): without it, hardware bought late in the plan would
    count at its full price and owning would look dearer than it is.
    """
    m, a = p.monthly, p.annual
    rate = p.scenario.cost_of_capital_pct / 100
    cash = m["cash_cost_usd"].to_numpy()
    end_value = float(m["owned_book_value_usd"].iloc[-1])
    discount = (1.0 + rate) ** (-(len(cash) / 12.0))
    return {
        "pnl": float(m["pnl_cost_usd"].sum()),
        "cash": float(cash.sum()),
        "end_value": end_value,
        "npv": float(fleet.npv(cash, rate)) - end_value * discount,
        "peak_capex": float(a["capex_usd"].max()),
    }


def strategies(s: Scenario) -> pd.DataFrame:
    """The strategies of :data:`STRATEGIES` (and the scenario's own, first,
    when it is none of them) for ``s``: one row each, with total P&L cost, cash
    cost, the owned fleet's value at the end, the net present cost (cash less
    that value, discounted) and peak yearly capex. Strategies that own are left out when an
    accelerator cannot be bought."""
    rows = []
    own = (
        s.inference_owned_pct,
        s.inference_reserved_pct,
        s.training_owned_pct,
        s.training_reserved_pct,
    )
    named = {
        (v["owned"], v["reserved"], v["owned"], v["reserved"]): k for k, v in STRATEGIES.items()
    }
    if own not in named:
        rows.append(("This scenario's strategy", project(s)))
    for name, shares in STRATEGIES.items():
        if shares["owned"] > 0 and not _ownable(s):
            continue
        rows.append((name, project(with_strategy(s, shares["owned"], shares["reserved"]))))
    out = []
    for name, p in rows:
        t = totals(p)
        label = f"{name} (current)" if named.get(own) == name else name
        out.append((label, t["pnl"], t["cash"], t["end_value"], t["npv"], t["peak_capex"]))
    return pd.DataFrame(out, columns=list(STRATEGY_COLUMNS))


def purchase_schedule(p: Projection) -> pd.DataFrame:
    """Owned purchases, one row per month and accelerator bought: the month it
    must be in service, the month to order it (a lead time before), the
    accelerator, how many and the capex [USD]."""
    s = p.scenario
    rows = []
    for stream in ("inference", "training"):
        chip = getattr(s, f"{stream}_accelerator")
        econ = fleet.economics(chip, s)
        counts = p.monthly[f"{stream}_accelerators_bought"].to_numpy()
        for i in np.flatnonzero(counts > 1e-9):
            rows.append(
                {
                    "Month": units.month_label(s.start_year, int(i)),
                    "Order by": units.month_label(s.start_year, int(i) - s.lead_time_months),
                    "Stream": stream,
                    "Accelerator": chip,
                    "Count": int(math.ceil(counts[i] - 1e-9)),
                    "Capex (USD)": float(counts[i] * float(econ.purchase_usd)),
                }
            )
    cols = ["Month", "Order by", "Stream", "Accelerator", "Count", "Capex (USD)"]
    return pd.DataFrame(rows, columns=cols).sort_values(["Month", "Stream"], ignore_index=True)


def effective_cost_per_hour(p: Projection) -> dict[str, float]:
    """What each way of paying cost per useful accelerator-hour over the plan
    [USD/h]: owned (depreciation, power and facility over the hours used),
    reserved (payments over the hours used), on-demand (rentals over hours).
    NaN for a way the plan does not use."""
    m = p.monthly

    def ratio(cost: float, hours: float) -> float:
        return cost / hours if hours > 0 else math.nan

    owned = m["depreciation_usd"].sum() + m["power_usd"].sum() + m["facility_usd"].sum()
    return {
        "owned": ratio(owned, m["owned_used_gpu_hours"].sum()),
        "reserved": ratio(m["reservation_usd"].sum(), m["reserved_used_gpu_hours"].sum()),
        "on_demand": ratio(m["on_demand_usd"].sum(), m["on_demand_gpu_hours"].sum()),
    }


def breakeven(s: Scenario) -> pd.DataFrame:
    """Utilisation at which owning each stream's accelerator breaks even with
    on-demand and with a reservation [%] (above 100: never), and the months of
    full use that pay a purchase back against on-demand."""
    rows = []
    for stream in ("inference", "training"):
        chip = getattr(s, f"{stream}_accelerator")
        e = fleet.economics(chip, s)
        if not float(e.purchase_usd) > 0:
            continue
        rows.append(
            {
                "Stream": stream,
                "Accelerator": chip,
                "Owning beats on-demand above (% utilisation)": float(
                    fleet.breakeven_utilisation(e, e.on_demand_usd_per_hour)
                ),
                "Owning beats reserved above (% utilisation)": float(
                    fleet.breakeven_utilisation(e, e.reserved_usd_per_hour)
                ),
                "Pays back against on-demand (months of full use)": fleet.payback_months(
                    e, float(e.on_demand_usd_per_hour)
                ),
            }
        )
    return pd.DataFrame(rows)


def cost_curve(s: Scenario, stream: str = "inference", points: int = 20) -> pd.DataFrame:
    """Cost per useful accelerator-hour against utilisation for each way of
    paying, for the break-even chart [USD/h]: owned falls as utilisation rises,
    reserved (paid whether used or not) too, on-demand is flat."""
    chip = getattr(s, f"{stream}_accelerator")
    e = fleet.economics(chip, s)
    u = np.linspace(5.0, 100.0, points)
    price = float(e.purchase_usd)
    fixed = float(fleet.fixed_cost_per_hour(e))
    owned = (
        fixed / (u / 100.0) + float(e.power_usd_per_hour) if price > 0 else np.full_like(u, np.nan)
    )
    return pd.DataFrame(
        {
            "utilisation_pct": u,
            "owned": owned,
            "reserved": float(e.reserved_usd_per_hour) / (u / 100.0),
            "on_demand": np.full_like(u, float(e.on_demand_usd_per_hour)),
        }
    )

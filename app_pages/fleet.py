"""Fleet: own, reserve or rent the accelerators the plan needs, and what to buy when.

For the scenario in the sidebar (its Fleet group sets the strategy): the
accelerator-hours by way of paying against the capacity paid for, the yearly
cost of each way of paying, the purchase schedule (with a CSV download), the
break-even utilisation of owning, the standard strategies side by side and
what each way of paying cost per useful hour. The figures come from
:mod:`model.fleet_plan` and the projection's fleet columns
(:mod:`model.outputs_fleet`); the charts from :mod:`report.fleet_figures`.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from model import Projection, Scenario, units
from model.fleet import economics, fixed_cost_per_hour, is_all_on_demand
from model.fleet_plan import (
    breakeven,
    effective_cost_per_hour,
    purchase_schedule,
    strategies,
    totals,
)
from model.outputs import output
from report.fleet_figures import breakeven_chart, capacity_chart, ownable
from ui.downloads import download_name
from ui.levers import show_warnings
from ui.state import current_scenario, projection, scenario_name
from ui.text import md_escape

STREAMS = ("inference", "training")

#: The yearly cost table: projection column -> header (the registry's help on hover).
COST_COLUMNS = {
    "capex_usd": "Capex",
    "depreciation_usd": "Depreciation",
    "power_usd": "Power",
    "facility_usd": "Facility",
    "reservation_usd": "Reservations",
    "on_demand_usd": "On-demand",
    "residual_proceeds_usd": "Residual proceeds",
    "pnl_cost_usd": "P&L total",
    "cash_cost_usd": "Cash total",
}
VIEW_COLUMN = {"P&L": "pnl_cost_usd", "cash": "cash_cost_usd"}


@st.cache_data(max_entries=64, show_spinner=False)
def strategies_cached(params_json: str) -> pd.DataFrame:
    """:func:`model.fleet_plan.strategies`, cached by the scenario's values."""
    return strategies(Scenario.from_json(params_json))


@st.cache_resource(max_entries=64, show_spinner=False)  # read-only, as ui.state.figure
def breakeven_figure(params_json: str, stream: str) -> go.Figure:
    """:func:`report.fleet_figures.breakeven_chart`, cached like the projection."""
    return breakeven_chart(Scenario.from_json(params_json), stream)


def money(x: float, digits: int = 1) -> str:
    """USD for markdown: "\\$1.2B" (a bare "$" could open a formula)."""
    return units.money(x, digits).replace("$", "\\$")


def rate(x: float) -> str:
    """A price per hour for markdown, in cents: "\\$0.72"."""
    return f"\\${x:,.2f}"


def pct(x: float) -> str:
    return f"{x:.0f}%"


def strategy_text(s: Scenario) -> str:
    """Each stream's owned / reserved / on-demand shares, as markdown."""
    parts = []
    for stream in STREAMS:
        owned = getattr(s, f"{stream}_owned_pct")
        reserved = getattr(s, f"{stream}_reserved_pct")
        parts.append(f"{stream} **{owned:g}% owned, {reserved:g}% reserved**, the rest on demand")
    return "; ".join(parts)


def hour_shares(p: Projection) -> dict[str, float]:
    """Share of the plan's accelerator-hours each way of paying serves [-]."""
    m = p.monthly
    hours = {
        "owned": float(m["owned_used_gpu_hours"].sum()),
        "reserved": float(m["reserved_used_gpu_hours"].sum()),
        "on-demand": float(m["on_demand_gpu_hours"].sum()),
    }
    total = sum(hours.values())
    return {k: v / total if total > 0 else 0.0 for k, v in hours.items()}


def yearly_costs(p: Projection, view: str | None) -> pd.DataFrame:
    """The yearly cost of each way of paying, with a total row, written for
    people; ``view`` ("P&L" or "cash") marks the total the plan's spend uses."""
    a = p.annual
    sums = a[list(COST_COLUMNS)].sum()
    out = {"Year": [str(y) for y in a["year"]] + ["Total"]}
    for col, header in COST_COLUMNS.items():
        o = output(col)
        if view is not None and VIEW_COLUMN[view] == col:
            header += " (plan's spend)"
        out[header] = [o.format(v) for v in [*a[col], sums[col]]]
    return pd.DataFrame(out)


def people_schedule(df: pd.DataFrame, start: str) -> pd.DataFrame:
    """The purchase schedule with months as "Jan 2026" and capex as "$7.2M";
    an order due before the plan's first month ``start`` ("2026-01") says so."""
    return pd.DataFrame(
        {
            "Month": [units.month(m) for m in df["Month"]],
            "Order by": [
                units.month(o) + (" (before the start)" if o < start else "")
                for o in df["Order by"]
            ],
            "Stream": df["Stream"],
            "Accelerator": df["Accelerator"],
            "Count": df["Count"],
            "Capex": [units.money(v) for v in df["Capex (USD)"]],
        }
    )


#: The strategies table's headers for people, by the model's column
#: (:data:`model.fleet_plan.STRATEGY_COLUMNS`); any other column keeps its name
#: without the unit.
STRATEGY_HEADERS = {
    "P&L cost (USD)": "P&L cost",
    "Cash cost (USD)": "Cash cost",
    "Fleet value at the end (USD)": "Fleet value at the end",
    "NPV (USD)": "Net present cost",
    "Peak capex (USD/yr)": "Peak capex a year",
}


def people_strategies(df: pd.DataFrame) -> pd.DataFrame:
    """The strategies with money written for people ($1.2B)."""
    out = pd.DataFrame({"Strategy": df["Strategy"]})
    for col in df.columns[1:]:
        header = STRATEGY_HEADERS.get(col, re.sub(r" \(USD[^)]*\)$", "", col))
        out[header] = [units.money(v) for v in df[col]]
    return out


def _mark(row: pd.Series, best: str) -> list[str]:
    style = "background-color: rgba(33, 195, 84, 0.18); font-weight: 600"
    return [style if row["Strategy"] == best else ""] * len(row)


def breakeven_text(s: Scenario, stream: str, streams_label: str) -> str:
    """What owning ``stream``'s accelerator costs per useful hour and when it
    pays, as markdown (or why it cannot be bought)."""
    chip = getattr(s, f"{stream}_accelerator")
    e = economics(chip, s)
    list_price = float(e.on_demand_usd_per_hour)
    reserved = float(e.reserved_usd_per_hour)
    rent = (
        f"On demand it rents at {rate(list_price)} an hour, reserved at "
        f"{rate(reserved)} ({s.reservation_discount_pct:g}% off for "
        f"{s.reservation_term_months} months, paid used or not): a reservation beats "
        f"on-demand when more than {reserved / list_price * 100:.0f}% of its hours are used."
    )
    if not ownable(s, stream):
        return (
            f"**{md_escape(chip)} cannot be bought**: the catalog has no purchase price for it "
            f"(it is only rented), so {streams_label} can reserve or rent it, not own it. "
            f"{rent} To price one, set *Purchase price* under **Fleet** in the sidebar (it "
            "applies to every accelerator)."
        )
    row = breakeven(s).set_index("Stream").loc[stream]
    vs_od = float(row["Owning beats on-demand above (% utilisation)"])
    vs_res = float(row["Owning beats reserved above (% utilisation)"])
    payback = float(row["Pays back against on-demand (months of full use)"])
    full = float(fixed_cost_per_hour(e)) + float(e.power_usd_per_hour)
    od = (
        f"owning beats on-demand above **{pct(vs_od)} utilisation** and a purchase pays back "
        f"in {payback:.0f} months of full use"
        if vs_od <= 100
        else "owning never beats on-demand at these prices"
    )
    res = (
        f"it beats a reservation used in full above {pct(vs_res)}"
        if vs_res <= 100
        else f"it never beats a reservation used in full (break-even at {vs_res:.1f}% utilisation)"
    )
    return (
        f"An **{md_escape(chip)}** for {streams_label}, bought for "
        f"{money(float(e.purchase_usd), 0)} with its share of the server, costs "
        f"{rate(full)} per useful hour at full use (its capital at "
        f"{s.cost_of_capital_pct:g}% over {s.useful_life_years:g} years less "
        f"{s.residual_value_pct:g}% resale, facility every hour, power while busy): {od}; "
        f"{res}. {rent}"
    )


# --- the page ---------------------------------------------------------------------------

scenario = current_scenario()
st.caption("AI infrastructure planner · Fleet")
show_warnings()
st.title("Fleet: own, reserve or rent?")

try:
    proj = projection(scenario)
    table = strategies_cached(scenario.to_json())
    schedule = purchase_schedule(proj)
    effective = effective_cost_per_hour(proj)
    current = totals(proj)
except ValueError as exc:
    st.error(
        f"This scenario cannot be projected: {md_escape(str(exc))} Change the levers in the "
        "sidebar.",
        icon=":material/error:",
    )
    st.stop()

first_year = scenario.start_year
last_year = first_year + scenario.horizon_years - 1
rented = is_all_on_demand(scenario)
view = None if rented else scenario.spend_view
shares = hour_shares(proj)
# The work in hours of each month's newest accelerators (what renting it all would pay for).
all_hours = float(proj.monthly[["inference_gpu_hours", "training_gpu_hours"]].sum().sum())
chips = {getattr(scenario, f"{s}_accelerator") for s in STREAMS}
chips_text = (
    f"{md_escape(scenario.inference_accelerator)} for inference and training"
    if len(chips) == 1
    else f"{md_escape(scenario.inference_accelerator)} for inference, "
    f"{md_escape(scenario.training_accelerator)} for training"
)
on_demand_row = table[table["Strategy"].str.startswith("All on-demand")].iloc[0]
if rented:
    cost_text = (
        f"Rented all on demand, as now, they cost {money(current['pnl'])}; the strategies "
        "below say what owning or reserving part of them would change."
    )
else:
    cost_text = (
        f"Rented all on demand they would cost {money(on_demand_row['P&L cost (USD)'])}; "
        f"under the strategy set in the sidebar they cost {money(current['pnl'])} in the P&L "
        f"view and {money(current['cash'])} in cash"
        + (
            f", leaving an owned fleet worth {money(current['end_value'])} at the end"
            if current.get("end_value", 0) > 0
            else ""
        )
        + f" (a net present cost of {money(current['npv'])} at "
        f"{scenario.cost_of_capital_pct:g}%); owned accelerators serve "
        f"{pct(shares['owned'] * 100)} of the hours, reservations "
        f"{pct(shares['reserved'] * 100)} and on-demand {pct(shares['on-demand'] * 100)}."
    )
st.markdown(
    "Should this plan own its accelerators, reserve them for a term or rent them by the "
    "hour, and what must it buy, and order, when? "
    f"From {first_year} to {last_year} it needs "
    f"{units.compact(all_hours)} hours of each month's newest accelerators ({chips_text}). "
    f"{cost_text}"
)
st.info(
    f"**Strategy now:** {strategy_text(scenario)} (shares of each stream's baseline"
    + (
        f"; owned capacity is bought for {scenario.target_utilisation_pct:g}% utilisation"
        if not rented
        else ""
    )
    + f"). Spend view: **{md_escape(scenario.spend_view)}**"
    + (" (both views are the rental when all is on demand)" if rented else "")
    + ". Change them under **Fleet** in the sidebar, with the reservation term and discount, "
    "purchase price, useful life, residual value, electricity and facility costs, lead time, "
    "target utilisation and cost of capital.",
    icon=":material/tune:",
)

# Capacity by way of paying against demand
st.subheader("Capacity against demand")
st.plotly_chart(capacity_chart(proj), key="fig_fleet_capacity")
st.caption(
    "Stacked: the plan's accelerator-hours each month (inference hours paid, peaks "
    "included, plus training), served first by the owned fleet, then by reservations, the "
    "rest on demand. Dashed: the capacity paid for whether busy or not, the owned fleet's "
    "hours from zero and the reserved hours on top of the owned use; where a line runs above "
    "its area, that capacity is idle. Hours of the accelerators doing the work: an owned "
    "accelerator bought years ago takes more hours for the same work than the newest one "
    "on-demand rents. The same in the P&L and the cash view."
)

# Yearly cost by way of paying
st.subheader("What each way of paying costs")
tiles = st.columns(3)
for tile, (key, label, what) in zip(
    tiles,
    (
        ("owned", "Owned", "depreciation, power and facility over the owned hours used"),
        ("reserved", "Reserved", "reservation payments over the reserved hours used"),
        ("on_demand", "On-demand", "rentals over the hours rented"),
    ),
    strict=True,
):
    value = effective[key]
    tile.metric(
        f"{label}, cost per useful hour",
        "not used" if math.isnan(value) else f"${value:,.2f}",
        border=True,
        help=f"Over the plan: {what} (USD per accelerator-hour).",
    )

st.caption(
    "Per useful hour over the plan, in the P&L view: owning's straight-line depreciation "
    "carries no cost of capital (the break-even chart below does), and a reservation or an "
    "owned accelerator that sits idle costs more per hour it is used."
)
costs = yearly_costs(proj, view)
st.dataframe(
    costs,
    hide_index=True,
    column_config={
        h: st.column_config.TextColumn(h, help=output(c).help)
        for h, c in zip(costs.columns[1:], COST_COLUMNS, strict=True)
    }
    | {"Year": st.column_config.TextColumn("Year", pinned=True)},
    height=35 * (len(costs) + 1) + 3,
)
st.caption(
    "P&L view: depreciation, power, facility, reservations and on-demand. Cash view: "
    "purchases when paid, less residual proceeds, plus the same running costs. "
    + (
        f"The plan's spend (Explore's charts, the crossover) uses the {scenario.spend_view} "
        "view: switch *Spend view* under **Fleet** in the sidebar."
        if not rented
        else "All on demand, both are the rental."
    )
)

# The purchase schedule
st.subheader("What to buy and when")
if schedule.empty:
    unbuyable = [
        md_escape(getattr(scenario, f"{s}_accelerator"))
        for s in STREAMS
        if not ownable(scenario, s)
    ]
    st.info(
        "No purchases: nothing is owned in this strategy. Set *Inference owned* or *Training "
        "owned* under **Fleet** in the sidebar to buy part of a stream's baseline"
        + (
            f" ({', '.join(sorted(set(unbuyable)))} cannot be bought: pick an accelerator "
            "with a purchase price under **Serving** or **Training**, or set *Purchase price*)"
            if unbuyable
            else ""
        )
        + ".",
        icon=":material/shopping_cart:",
    )
else:
    start = f"{first_year}-01"
    early = schedule[schedule["Order by"] < start]
    st.markdown(
        f"**{len(schedule)} deliveries, {units.count(schedule['Count'].sum())} accelerators, "
        f"{money(schedule['Capex (USD)'].sum())} of capex** from "
        f"{units.month(schedule['Month'].iloc[0])} to {units.month(schedule['Month'].iloc[-1])}, "
        f"each ordered {scenario.lead_time_months} months (the lead time) before it must be "
        "in service"
        + (
            f"; {len(early)} of the orders are due before the plan starts"
            if not early.empty
            else ""
        )
        + "."
    )
    st.dataframe(
        people_schedule(schedule, start),
        hide_index=True,
        column_config={
            "Count": st.column_config.NumberColumn(
                "Count",
                format="localized",
                help="Accelerators delivered that month, rounded up (of that month's generation).",
            ),
            "Capex": st.column_config.TextColumn(
                "Capex", help="Paid in the month of delivery (the cash view's purchases)."
            ),
            "Order by": st.column_config.TextColumn(
                "Order by", help="The month of delivery less the lead time."
            ),
        },
        height=35 * (min(len(schedule), 10) + 1) + 3,
    )
    st.download_button(
        "Download the purchase schedule (CSV)",
        schedule.to_csv(index=False),
        file_name=download_name([scenario_name()], "purchase schedule", "csv"),
        mime="text/csv",
        icon=":material/download:",
        help="Every delivery: month, order-by month, stream, accelerator, count and capex (USD).",
    )

# Break-even
st.subheader("When does owning pay?")
streams = ["inference"]
if scenario.training_accelerator != scenario.inference_accelerator:
    streams.append("training")
label = {"inference": "inference" if len(streams) == 2 else "inference and training"}
label["training"] = "training"
cols = st.columns(len(streams)) if len(streams) == 2 else [st.container()]
for col, stream in zip(cols, streams, strict=True):
    with col:
        st.plotly_chart(
            breakeven_figure(scenario.to_json(), stream), key=f"fig_fleet_breakeven_{stream}"
        )
        st.markdown(breakeven_text(scenario, stream, label[stream]))
st.caption(
    "Cost per useful accelerator-hour of today's accelerator at today's prices. A purchase "
    "only pays where the owned fleet stays busy: a plan's owned fleet is bought for the target "
    "utilisation, and idle owned hours (the chart above) raise what each useful one costs."
)

# Strategies side by side
st.subheader("Strategies side by side")
if table.empty:  # pragma: no cover - strategies() always has the rented ones
    st.stop()
best = table.loc[table["NPV (USD)"].idxmin()]
st.dataframe(
    people_strategies(table).style.apply(_mark, axis=1, best=best["Strategy"]),
    hide_index=True,
    column_config={
        "Strategy": st.column_config.TextColumn("Strategy", pinned=True),
        "P&L cost": st.column_config.TextColumn(
            "P&L cost", help=f"Depreciation plus running costs, {first_year}-{last_year}."
        ),
        "Cash cost": st.column_config.TextColumn(
            "Cash cost", help=f"Purchases when paid plus running costs, {first_year}-{last_year}."
        ),
        "Fleet value at the end": st.column_config.TextColumn(
            "Fleet value at the end",
            help=f"The owned accelerators still in service at the end of {last_year}, at "
            "their price less depreciation to date.",
        ),
        "Net present cost": st.column_config.TextColumn(
            "Net present cost",
            help=f"The monthly cash cost discounted at the cost of capital "
            f"({scenario.cost_of_capital_pct:g}% a year), less the owned fleet's value at the "
            "end, discounted: lower is cheaper.",
        ),
        "Peak capex a year": st.column_config.TextColumn(
            "Peak capex a year", help="The largest year's purchases."
        ),
    },
    height=35 * (len(table) + 1) + 3,
)
own = table[
    table["Strategy"].eq("This scenario's strategy") | table["Strategy"].str.endswith(" (current)")
].iloc[0]
mine = (
    f" This scenario's strategy: {money(own['NPV (USD)'])} "
    f"({own['NPV (USD)'] / best['NPV (USD)']:,.2f}x)."
    if own["Strategy"] != best["Strategy"] and best["NPV (USD)"] > 0
    else ""
)
st.markdown(
    f"**Cheapest by net present cost: {md_escape(best['Strategy'])}**, "
    f"{money(best['NPV (USD)'])} "
    f"at {scenario.cost_of_capital_pct:g}% a year.{mine}"
)
skipped = [
    md_escape(getattr(scenario, f"{s}_accelerator")) for s in STREAMS if not ownable(scenario, s)
]
st.caption(
    "Each strategy applies its shares to both streams, the rest of the scenario unchanged; "
    f"totals over {first_year}-{last_year}. "
    + (
        "The net present cost credits the owned fleet still in service at the end at its "
        "book value, so hardware bought late in the plan is not counted at its full price."
        if "Fleet value at the end (USD)" in table.columns
        else "Cash and the net present cost count purchases near the end of the plan in full "
        "although they serve beyond it."
    )
    + (
        f" Strategies that own are left out: {', '.join(sorted(set(skipped)))} cannot be bought."
        if skipped
        else ""
    )
)

"""The fleet-economics inputs of the registry: how capacity is paid for
(owned, reserved, on demand) and what owning costs (:mod:`model.fleet`).

Part of :data:`model.parameters.PARAMETERS`, in the "Fleet" group. Sources:
company filings for useful lives, third-party TCO analyses for the node's
price and power, public price lists for reservations (REFERENCES.md, "Owning
hardware").
"""

from __future__ import annotations

from model.param import Param

_SHARE_HELP = (
    "Share of the {what} baseline (the accelerators it needs on average) met by {how}; "
    "what the owned and reserved capacity cannot serve bursts to on-demand at the list price."
)


def _share(name: str, label: str, what: str, how: str, source: str) -> Param:
    return Param(
        name=name,
        label=label,
        unit="% of the baseline",
        default=0.0,
        min=0.0,
        max=100.0,
        step=5.0,
        group="Fleet",
        fmt="%.0f%%",
        help=_SHARE_HELP.format(what=what, how=how),
        source=source,
    )


_ALL_ON_DEMAND = "All on-demand by default: the plan's spend is rental at the list price until a strategy is chosen."

FLEET: tuple[Param, ...] = (
    _share(
        "inference_owned_pct",
        "Inference owned",
        "serving",
        "accelerators the company buys",
        _ALL_ON_DEMAND,
    ),
    _share(
        "inference_reserved_pct",
        "Inference reserved",
        "serving",
        "capacity reserved for a term",
        _ALL_ON_DEMAND,
    ),
    _share(
        "training_owned_pct",
        "Training owned",
        "training",
        "accelerators the company buys",
        _ALL_ON_DEMAND,
    ),
    _share(
        "training_reserved_pct",
        "Training reserved",
        "training",
        "capacity reserved for a term",
        _ALL_ON_DEMAND,
    ),
    Param(
        name="reservation_term_months",
        label="Reservation term",
        unit="months",
        default=12,
        min=1,
        max=60,
        step=1,
        kind="int",
        group="Fleet",
        fmt="%d",
        help="A reservation is paid every hour of its term, used or not.",
        source="Cloud commitments run 1 or 3 years (public price lists).",
    ),
    Param(
        name="reservation_discount_pct",
        label="Reservation discount",
        unit="% off the list price",
        default=40.0,
        min=0.0,
        max=90.0,
        step=1.0,
        group="Fleet",
        fmt="%.0f%%",
        help="How much less a reserved accelerator-hour costs than the on-demand list price.",
        source="1- and 3-year reservations and capacity blocks cost roughly 30-60% less per hour than on-demand (public price lists).",
        spread=("+", -10.0, 15.0),
        spread_source="30-55% off, within the 30-60% of public price lists.",
    ),
    Param(
        name="accelerator_purchase_usd",
        label="Purchase price",
        unit="USD per accelerator",
        default=0.0,
        min=0.0,
        max=2_000_000.0,
        step=1000.0,
        group="Fleet",
        fmt="$%.0f",
        zero_label="Catalog price",
        help=(
            "All-in price of one accelerator with its share of the server and network; "
            "0 uses the catalog's price for each accelerator."
        ),
        source="data/accelerators.csv, purchase_usd: an 8-GPU HGX H100 node at ~USD 300-350k including networking (third-party TCO analyses, 2025-2026), USD 40,000 per GPU.",
    ),
    Param(
        name="useful_life_years",
        label="Useful life",
        unit="years",
        default=5.0,
        min=1.0,
        max=10.0,
        step=0.5,
        group="Fleet",
        fmt="%.1f years",
        help="Owned accelerators are depreciated straight-line over this life and retired at its end.",
        source="Company filings: Microsoft and Alphabet 6 years, Meta 5.5, Amazon 5 from January 2025 (10-K and 10-Q filings).",
    ),
    Param(
        name="residual_value_pct",
        label="Residual value",
        unit="% of the purchase price",
        default=10.0,
        min=0.0,
        max=100.0,
        step=1.0,
        group="Fleet",
        fmt="%.0f%%",
        help="What a retired accelerator sells for at the end of its life.",
        source="Third-party TCO analyses put the residual at 25-35% after 36 months; declining at that pace, ~10% after five years (reasoned).",
        spread=("+", -10.0, 10.0),
        spread_source="From scrap to 20% after five years (reasoned).",
    ),
    Param(
        name="electricity_usd_per_kwh",
        label="Electricity price",
        unit="USD/kWh",
        default=0.09,
        min=0.0,
        max=1.0,
        step=0.01,
        group="Fleet",
        fmt="$%.2f",
        help="Price of the power an owned accelerator and its host draw while busy (times PUE).",
        source="Industrial power USD 0.06-0.12 per kWh (third-party TCO analyses, 2025-2026).",
        spread=("x", 0.67, 1.33),
        spread_source="USD 0.06-0.12 per kWh.",
    ),
    Param(
        name="facility_usd_per_kw_month",
        label="Facility cost",
        unit="USD per kW-month",
        default=200.0,
        min=0.0,
        max=2000.0,
        step=10.0,
        group="Fleet",
        fmt="$%.0f",
        help="Colocation or data-centre cost per kW of accelerator and host, paid whether busy or idle.",
        source="Colocation USD 150-250 per kW-month (third-party TCO analyses, 2025-2026).",
        spread=("x", 0.75, 1.25),
        spread_source="USD 150-250 per kW-month.",
    ),
    Param(
        name="host_power_share_pct",
        label="Host power",
        unit="% of the accelerator's TDP",
        default=40.0,
        min=0.0,
        max=200.0,
        step=5.0,
        group="Fleet",
        fmt="%.0f%%",
        help="CPUs, memory, network cards and switches of the server, on top of the accelerator's own power.",
        source="An 8-GPU H100 node draws up to ~10.2 kW at full load for 5.6 kW of GPUs (82% more at its rated maximum); ~40% in operation (reasoned from the node's parts).",
        spread=("x", 0.75, 2.0),
        spread_source="From a lean host (30%) to the node's rated maximum (80%).",
    ),
    Param(
        name="lead_time_months",
        label="Lead time",
        unit="months",
        default=6,
        min=0,
        max=24,
        step=1,
        kind="int",
        group="Fleet",
        fmt="%d",
        help="Accelerators are ordered this long before the month they must be in service.",
        source="Reasoned: GPU server deliveries took 3-12 months in 2024-2025.",
    ),
    Param(
        name="target_utilisation_pct",
        label="Target utilisation",
        unit="% of the owned fleet",
        default=80.0,
        min=10.0,
        max=100.0,
        step=5.0,
        group="Fleet",
        fmt="%.0f%%",
        help="Purchases size the owned fleet so the owned share of demand uses this much of it (the rest is headroom).",
        source="Reasoned: owned fleets keep ~20% headroom for failures, maintenance and growth.",
        spread=("+", -15.0, 10.0),
        spread_source="From a loosely run fleet (65%) to a tightly packed one (90%) (reasoned).",
    ),
    Param(
        name="cost_of_capital_pct",
        label="Cost of capital",
        unit="% per year",
        default=10.0,
        min=0.0,
        max=30.0,
        step=0.5,
        group="Fleet",
        fmt="%.1f%%",
        help="Discount rate of the net present value and of the cost of owning.",
        source="Reasoned: a technology company's weighted average cost of capital, 8-12%.",
        spread=("+", -2.0, 2.0),
        spread_source="8-12%, the range of technology companies' cost of capital (reasoned).",
    ),
    Param(
        name="spend_view",
        label="Spend view",
        unit="",
        default="P&L",
        min=None,
        max=None,
        step=None,
        kind="choice",
        choices=("P&L", "cash"),
        group="Fleet",
        help=(
            "P&L: depreciation plus running costs and rentals (owned hardware spread over "
            "its life). Cash: purchases when paid. The crossover and headline follow it."
        ),
        source="Accounting convention; P&L by default.",
    ),
)

"""The fleet-economics outputs (:mod:`model.fleet`), declared for the output
registry (:data:`model.outputs.OUTPUTS` builds them): each column's label,
unit, yearly aggregation, number kind and meaning. Every figure is the sum of
the training and inference streams.
"""

from __future__ import annotations

from typing import Any

_YEARS_GEN = " Counted in accelerators of the generation bought."

#: (name, label, unit, yearly aggregation, kind, help) and keyword arguments.
FLEET_OUTPUT_SPECS: tuple[tuple[tuple[str, str, str, str, str, str], dict[str, Any]], ...] = (
    (
        (
            "accelerators_bought",
            "Accelerators bought",
            "accelerators",
            "sum",
            "count",
            "Owned accelerators delivered in the month (ordered a lead time before), the "
            "cohort of that month." + _YEARS_GEN,
        ),
        {"count_unit": "accelerators"},
    ),
    *(
        (
            (
                f"{stream}_accelerators_bought",
                f"{stream.capitalize()} accelerators bought",
                "accelerators",
                "sum",
                "count",
                f"Owned {stream} accelerators delivered in the month (of the {stream} "
                "accelerator)." + _YEARS_GEN,
            ),
            {"count_unit": "accelerators"},
        )
        for stream in ("inference", "training")
    ),
    (
        (
            "owned_fleet",
            "Owned fleet in service",
            "accelerators",
            "mean",
            "count",
            "Owned accelerators in service (bought, not yet retired), busy or idle." + _YEARS_GEN,
        ),
        {"count_unit": "accelerators"},
    ),
    (
        (
            "owned_used_gpu_hours",
            "Owned accelerator-hours used",
            "accelerator-hours",
            "sum",
            "compact",
            "Hours the owned fleet spends serving demand.",
        ),
        {},
    ),
    (
        (
            "reserved_gpu_hours",
            "Reserved accelerator-hours",
            "accelerator-hours",
            "sum",
            "compact",
            "Hours reserved and paid for, used or not.",
        ),
        {},
    ),
    (
        (
            "reserved_used_gpu_hours",
            "Reserved accelerator-hours used",
            "accelerator-hours",
            "sum",
            "compact",
            "Reserved hours that serve demand.",
        ),
        {},
    ),
    (
        (
            "on_demand_gpu_hours",
            "On-demand accelerator-hours",
            "accelerator-hours",
            "sum",
            "compact",
            "Hours rented by the hour: what owned and reserved capacity do not serve.",
        ),
        {},
    ),
    (
        (
            "capex_usd",
            "Capex",
            "USD",
            "sum",
            "money",
            "Purchases of owned accelerators, paid in the month.",
        ),
        {},
    ),
    (
        (
            "depreciation_usd",
            "Depreciation",
            "USD",
            "sum",
            "money",
            "Straight-line depreciation of the owned fleet to its residual value over its useful life.",
        ),
        {},
    ),
    (
        (
            "power_usd",
            "Power",
            "USD",
            "sum",
            "money",
            "Electricity of busy owned accelerators and their hosts, times PUE.",
        ),
        {},
    ),
    (
        (
            "facility_usd",
            "Facility",
            "USD",
            "sum",
            "money",
            "Facility cost per kW of owned accelerators and hosts, busy or idle.",
        ),
        {},
    ),
    (
        (
            "residual_proceeds_usd",
            "Residual proceeds",
            "USD",
            "sum",
            "money",
            "What retired accelerators sell for at the end of their life (cash in).",
        ),
        {},
    ),
    (
        (
            "owned_book_value_usd",
            "Owned fleet book value",
            "USD",
            "none",
            "money",
            "Owned accelerators at the month's end at their price less depreciation to date: "
            "what the plan leaves owned at its end.",
        ),
        {"annual": False},
    ),
    (
        (
            "reservation_usd",
            "Reservation payments",
            "USD",
            "sum",
            "money",
            "Reserved hours at the discounted rate, used or not.",
        ),
        {},
    ),
    (
        (
            "on_demand_usd",
            "On-demand spend",
            "USD",
            "sum",
            "money",
            "Hours rented by the hour at the list price.",
        ),
        {},
    ),
    (
        (
            "pnl_cost_usd",
            "Total cost, P&L view",
            "USD",
            "sum",
            "money",
            "Depreciation plus power, facility, reservations and on-demand rentals.",
        ),
        {},
    ),
    (
        (
            "cash_cost_usd",
            "Total cost, cash view",
            "USD",
            "sum",
            "money",
            "Capex when paid, less residual proceeds, plus power, facility, reservations and "
            "on-demand rentals.",
        ),
        {},
    ),
)

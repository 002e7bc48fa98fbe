"""``planner fleet``: own, reserve or rent the accelerators a plan needs.

Formats: ``table`` (the strategies side by side, the purchase schedule and
the break-even utilisations, for a terminal), ``json`` (the tables of
:mod:`model.fleet_plan`, numbers as numbers) and ``csv`` (the purchase
schedule). The scenario comes from the shared options (``--preset``,
``--scenario``, ``--saved``, ``--set``), built by the CLI before :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

from model import fleet_plan, units
from model.engine import project
from model.scenario import Scenario

#: The strategies table: (column of :func:`model.fleet_plan.strategies`, heading).
_STRATEGY_HEADS = (
    ("Strategy", "strategy"),
    ("P&L cost (USD)", "P&L cost"),
    ("Cash cost (USD)", "cash cost"),
    ("Fleet value at the end (USD)", "fleet at end"),
    ("NPV (USD)", "net present cost"),
    ("Peak capex (USD/yr)", "peak capex/yr"),
)


def add_parser(sub: argparse._SubParsersAction, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Register ``fleet`` on the CLI's subparsers, with the shared scenario options."""
    fl = sub.add_parser(
        "fleet",
        parents=list(parents),
        help="own, reserve or rent: the strategies compared, the purchase schedule, break-even",
    )
    fl.add_argument("--format", choices=("table", "json", "csv"), default="table")


def _json_value(v: Any) -> Any:
    """A table cell as JSON: NaN and infinity as null, numpy scalars as Python ones."""
    if v is None or v is pd.NA:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _json_value(v) for k, v in rec.items()} for rec in df.to_dict("records")]


def document(scenario: Scenario) -> dict[str, Any]:
    """The ``--format json`` document: the tables of :mod:`model.fleet_plan` for ``scenario``."""
    proj = project(scenario)
    return {
        "strategies": _records(fleet_plan.strategies(scenario)),
        "purchase_schedule": _records(fleet_plan.purchase_schedule(proj)),
        "breakeven": _records(fleet_plan.breakeven(scenario)),
        "effective_cost_per_hour": {
            k: _json_value(v) for k, v in fleet_plan.effective_cost_per_hour(proj).items()
        },
    }


def _columns(rows: list[list[str]], left: int = 1) -> list[str]:
    """Rows of text cells padded to columns: the first ``left`` aligned left, the rest right."""
    widths = [max(len(r[j]) for r in rows) for j in range(len(rows[0]))]
    return [
        "  ".join(
            f"{c:<{w}}" if j < left else f"{c:>{w}}"
            for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _utilisation(pct: float) -> str:
    return "never (above 100%)" if not pct <= 100 else f"above {pct:.0f}% utilisation"


def breakeven_lines(scenario: Scenario) -> list[str]:
    """One sentence per stream whose accelerator can be bought: where owning
    breaks even with on-demand and with a reservation, and the payback."""
    lines = []
    for r in fleet_plan.breakeven(scenario).to_dict("records"):
        payback = r["Pays back against on-demand (months of full use)"]
        paid = (
            f"pays back in {payback:.0f} months of full use"
            if math.isfinite(payback)
            else "never pays back"
        )
        lines.append(
            f"{r['Stream']} ({r['Accelerator']}): owning beats on-demand "
            f"{_utilisation(r['Owning beats on-demand above (% utilisation)'])}, reserved "
            f"{_utilisation(r['Owning beats reserved above (% utilisation)'])}; {paid}."
        )
    return lines


def text(scenario: Scenario) -> str:
    """The ``--format table`` output."""
    proj = project(scenario)
    table = fleet_plan.strategies(scenario)
    rows = [[h for _, h in _STRATEGY_HEADS]]
    rows += [
        [str(r["Strategy"]), *(units.money(r[c]) for c, _ in _STRATEGY_HEADS[1:])]
        for r in table.to_dict("records")
    ]
    best = table.loc[table["NPV (USD)"].idxmin()]
    lines = [
        "Strategies over the plan (P&L: depreciation and running costs; cash: purchases when "
        "paid, less resale; net present cost: the cash at "
        f"{scenario.cost_of_capital_pct:g}% a year less the fleet left at the end, lower is "
        "cheaper):",
        "",
        *_columns(rows),
        "",
        f"Cheapest by net present cost: {best['Strategy']}, {units.money(best['NPV (USD)'])}.",
        "",
    ]
    schedule = fleet_plan.purchase_schedule(proj)
    if schedule.empty:
        lines.append("Purchase schedule: none (this strategy buys no accelerators).")
    else:
        total = units.money(float(proj.monthly["capex_usd"].sum()))
        lines += [f"Purchase schedule: {len(schedule)} purchases, {total} over the plan.", ""]
        srows = [["in service", "order by", "stream", "accelerator", "count", "capex"]]
        srows += [
            [
                units.month(r["Month"]),
                units.month(r["Order by"]),
                str(r["Stream"]),
                str(r["Accelerator"]),
                units.count(r["Count"]),
                units.money(r["Capex (USD)"]),
            ]
            for r in schedule.to_dict("records")
        ]
        lines += _columns(srows, left=4)
    be = breakeven_lines(scenario)
    lines += ["", "Break-even:", *(f"  {x}" for x in be)] if be else []
    cost = fleet_plan.effective_cost_per_hour(proj)
    used = [
        f"{name} {units.money(cost[k])}"
        for k, name in (("owned", "owned"), ("reserved", "reserved"), ("on_demand", "on-demand"))
        if math.isfinite(cost[k])
    ]
    if used:
        lines += ["", f"Cost per useful accelerator-hour: {', '.join(used)}."]
    return "\n".join(lines)


def run(args: argparse.Namespace, scenario: Scenario) -> None:
    """Print the fleet economics of ``scenario`` in ``args.format``."""
    if args.format == "json":
        print(json.dumps(document(scenario), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        proj = project(scenario)
        sys.stdout.write(fleet_plan.purchase_schedule(proj).to_csv(index=False))
    else:
        print(text(scenario))

"""Accelerators: every catalog accelerator serving the current scenario, side by side.

Which one, and does it change with low latency? One row per chip (fits or
not, replica size, batch, latencies, tokens/s, the chosen year's fleet, $
and energy per 1M tokens), the cheapest that meets the latency targets
marked and named above the table. The figures come from
:func:`model.accelerator_choice.compare_accelerators`.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from model import Scenario, units
from model.accelerator_choice import (
    STATUSES,
    cheapest_sentence,
    compare_accelerators,
    targets_text,
)
from model.catalog import REFERENCE_ACCELERATOR
from model.parameters import NAMES
from model.serving import MAX_REPLICA_NODES
from ui.levers import show_warnings
from ui.state import PLAN_ERROR_KEY, base_scenario, current_scenario
from ui.text import md_escape

#: The model's status words as the table shows them, from the pick to the rows that cannot be one.
STATUS = dict(
    zip(STATUSES, ("✓ Cheapest", "Meets targets", "Misses targets", "Does not fit"), strict=True)
)


@st.cache_data(max_entries=64, show_spinner=False)
def comparison(params_json: str, year: int) -> pd.DataFrame:
    """``compare_accelerators`` cached by the scenario's values and the year."""
    return compare_accelerators(Scenario.from_json(params_json), year)


def levers_scenario() -> tuple[Scenario, str | None]:
    """The scenario the levers describe, and the model's refusal of it, if any.

    Where the levers' model does not fit their accelerator, the other pages
    show the baseline; this page compares every chip for the levers as set,
    which is what tells the planner which accelerator can serve them.
    """
    scenario = current_scenario()
    refused = st.session_state.get(PLAN_ERROR_KEY)
    if refused:
        values = {n: st.session_state[n] for n in NAMES if n in st.session_state}
        try:
            return base_scenario().replace(**values), refused
        except ValueError:  # e.g. a precision the chip lacks: no such scenario
            pass
    return scenario, None


def _decimals(values: pd.Series, floor: int = 2) -> int:
    """Decimals that show the smallest positive value with two significant digits."""
    positive = values[values > 0].dropna()
    if positive.empty:
        return floor
    return int(min(6, max(floor, 1 - math.floor(math.log10(float(positive.min()))))))


def _rounded(values: pd.Series) -> pd.Series:
    """Whole numbers from 10 up, one decimal below (0.4 accelerators, 3,943)."""
    return values.round(0).where(values >= 10, values.round(1))


def _mark_cheapest(row: pd.Series) -> list[str]:
    style = "background-color: rgba(33, 195, 84, 0.18); font-weight: 600"
    return [style if row["Status"] == STATUS["cheapest"] else ""] * len(row)


def people_table(df: pd.DataFrame, wanted_precision: str) -> pd.DataFrame:
    """The comparison with headers, units and order for people: candidates
    first by $ per 1M tokens, then the rest (clicking a header re-sorts)."""
    year = df.attrs["year"]
    out = pd.DataFrame(
        {
            "Accelerator": [
                f"{n} (current)" if cur else n
                for n, cur in zip(df["accelerator"], df["current"], strict=True)
            ],
            "Status": df["status"].map(STATUS),
            f"$ per 1M tokens, {year}": df["cost_per_million_tokens_usd"],
            f"Fleet, {year}": _rounded(df["inference_fleet"]),
            f"kWh per 1M tokens, {year}": df["energy_kwh_per_million_tokens"],
            "Tokens/s per accelerator": _rounded(df["output_tokens_per_s_per_accelerator"]),
            "Per replica": df["replica_accelerators"],
            "Batch": df["batch"],
            "TTFT": df["ttft_ms"].round(0),
            "TPOT": df["tpot_ms"].round(1),
            "MFU": df["achieved_mfu"] * 100,
            "Precision": [
                f"{p} (no {wanted_precision})" if fb else p
                for p, fb in zip(df["precision"], df["precision_fallback"], strict=True)
            ],
            "$ per hour": df["price_usd_per_hour"],
        }
    )
    rank = df["status"].map({s: i for i, s in enumerate(STATUSES)})
    order = pd.DataFrame({"rank": rank, "cost": df["cost_per_million_tokens_usd"]})
    return out.loc[order.sort_values(["rank", "cost"], na_position="last").index]


def column_config(df: pd.DataFrame) -> dict[str, object]:
    year = df.attrs["year"]
    money = _decimals(df["cost_per_million_tokens_usd"])
    kwh = _decimals(df["energy_kwh_per_million_tokens"])
    num = st.column_config.NumberColumn
    return {
        "Accelerator": st.column_config.TextColumn("Accelerator", pinned=True),
        "Status": st.column_config.TextColumn(
            "Status",
            help="✓ Cheapest: the lowest $ per 1M tokens among the accelerators that hold "
            "the plan's models and meet the latency targets in every month. Does not fit: "
            f"some model of the plan is too big for {MAX_REPLICA_NODES} nodes of it (reason "
            "below the table).",
        ),
        f"$ per 1M tokens, {year}": num(
            help=f"Inference spend per million data-centre tokens in {year}.",
            format=f"$%.{money}f",
        ),
        f"Fleet, {year}": num(
            help=f"Average provisioned inference accelerators of that chip in {year} "
            "(traffic peaks included).",
            format="localized",
        ),
        f"kWh per 1M tokens, {year}": num(
            help=f"Inference energy per million data-centre tokens in {year} (TDP x PUE).",
            format=f"%.{kwh}f",
        ),
        "Tokens/s per accelerator": num(
            help="Output tokens per second per accelerator, the model in service in the first month.",
            format="localized",
        ),
        "Per replica": num(
            help="Accelerators per serving replica, as the model picks it (lowest cost per "
            "token under the targets), the model in service in the first month.",
            format="%d",
        ),
        "Batch": num(
            help="Decode batch (sequences), the model in service in the first month.", format="%d"
        ),
        "TTFT": num(
            help="Time to first token (prefill service time) in the first month.", format="%d ms"
        ),
        "TPOT": num(
            help="Time per output token (decode step) in the first month.",
            format="%.1f ms",
            width=85,
        ),
        "MFU": num(help="Achieved model FLOPs utilisation in the first month.", format="%.0f%%"),
        "Precision": st.column_config.TextColumn(
            "Precision",
            help="The scenario's serving precision, or the chip's best where it lacks it.",
            width=115,
        ),
        "$ per hour": num(
            help="Price of an accelerator-hour (each year's at the same price): its catalog list price relative "
            f"to the {REFERENCE_ACCELERATOR}, scaled by the Hardware price lever.",
            format="$%.2f",
        ),
    }


# --- the page ---------------------------------------------------------------------------

scenario, refused = levers_scenario()
first_year = scenario.start_year
last_year = first_year + scenario.horizon_years - 1
years = list(range(first_year, last_year + 1))

st.caption("AI infrastructure planner · Accelerators")
if refused:
    # Said here rather than by show_warnings, which would say the baseline is shown.
    held = st.session_state.pop(PLAN_ERROR_KEY)
    show_warnings()
    st.session_state[PLAN_ERROR_KEY] = held
    st.warning(
        f"{md_escape(scenario.inference_accelerator)} cannot serve these levers: "
        f"{md_escape(refused)} The table compares every accelerator for them; pick one "
        "that fits under **Serving** in the sidebar.",
        icon=":material/memory:",
    )
else:
    show_warnings()
st.title("Which accelerator?")

head = st.columns([1, 5], vertical_alignment="bottom")
year = head[0].selectbox(
    "Year",
    years,
    index=len(years) - 1,
    key=f"_acc_year_{first_year}_{last_year}",
    help="The year of the fleet, $ and energy per 1M tokens columns.",
)
table = comparison(scenario.to_json(), int(year))
sentence = cheapest_sentence(table)
current = table[table["current"]].iloc[0]
if table["cheapest"].any():
    pick = table[table["cheapest"]].iloc[0]
    extra = ""
    if not current["cheapest"] and current["fits"]:
        ratio = current["cost_per_million_tokens_usd"] / pick["cost_per_million_tokens_usd"]
        extra = (
            f" The scenario's {current['accelerator']}: "
            f"{units.money(current['cost_per_million_tokens_usd'])} ({ratio:,.1f}x)."
        )
    elif current["cheapest"]:
        extra = " It is the scenario's own accelerator."
    head[1].success(
        f"**{md_escape(sentence)}** {md_escape(extra.strip())}".rstrip(), icon=":material/check:"
    )
else:
    head[1].warning(md_escape(sentence), icon=":material/warning:")

shown = people_table(table, scenario.inference_precision)
st.dataframe(
    shown.style.apply(_mark_cheapest, axis=1),
    hide_index=True,
    column_config=column_config(table),
    height=35 * (len(shown) + 1) + 3,
)

targets = targets_text(scenario.ttft_target_ms, scenario.tpot_target_ms)
start_b = units.count(scenario.active_params_b)
st.caption(
    f"Each row projects this scenario on that accelerator: the same demand, model and "
    f"{targets} (time to first token / per output token). Replica size, batch, latencies, "
    f"tokens/s and MFU are those of the model in service in the first month ({start_b}B "
    f"active parameters); fleet, $ and kWh per 1M data-centre tokens are {year}'s, the fleet "
    "being the year's average provisioned accelerators of that chip's generation of that "
    "year. *Meets targets* means every month of the plan does, as the served model and its "
    "requests grow. A chip without the scenario's "
    f"{scenario.inference_precision} serves at its best precision (marked in Precision). "
    "Prices are each chip's catalog list price relative to the "
    f"{REFERENCE_ACCELERATOR}, scaled by the Hardware price lever "
    f"({units.money(scenario.gpu_hour_price_usd)} an hour for an {REFERENCE_ACCELERATOR}); "
    f"each year's accelerators do {scenario.price_performance_gain_pct_per_year:g}% more work "
    "at that price. Energy is TDP x PUE "
    f"({scenario.pue:g}), falling with the energy-efficiency gain. Tighten *Time per output token target* under **Serving** in the "
    "sidebar to see whether low latency changes the answer."
)

notes = table[table["why_not"] != ""]
if not notes.empty:
    with st.expander(f"Why {len(notes)} of {len(table)} accelerators are not candidates"):
        st.markdown(
            "\n".join(
                f"- **{md_escape(r.accelerator)}**: {md_escape(r.why_not)}"
                for r in notes.itertuples()
            )
        )

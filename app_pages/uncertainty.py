"""Uncertainty: how sure is the answer, what drives it, and what it would take.

A Monte Carlo simulation around the levers (fan chart, crossover
probability), one-at-a-time sensitivity (tornado) and goal seek ("what
adoption makes inference overtake training by ...?"). Every result is
cached by the scenario's JSON and the inputs, so moving back to a lever
setting already seen costs nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

import pandas as pd
import streamlit as st

from model import Scenario, units
from model.parameters import BY_NAME, HEADLINE
from model.uncertainty import (
    GoalResult,
    Simulation,
    goal_seek_budget,
    goal_seek_crossover,
    sensitivity,
    simulate,
)
from report.uncertainty_figures import crossover_probability_chart, fan_chart, tornado
from ui.actuals import current_actuals
from ui.state import RANGES_KEY, current_scenario, projection
from ui.uncertainty import edited_overrides, lever_value, ranges_table
from ui.widgets import widget_value
from ui.workers import in_worker

DRAWS_DEFAULT, DRAWS_MIN, DRAWS_MAX = 10_000, 1_000, 50_000
#: Session-state keys of this page's own widgets and answers (never URL-bound).
DRAWS_KEY, SEED_KEY = "_unc_draws", "_unc_seed"
GOAL_LEVER_KEY, GOAL_MONTH_KEY, GOAL_QUERY = "_goal_lever", "_goal_month", "_goal_crossover"
BUDGET_KEY, BUDGET_QUERY = "_goal_budget_musd", "_goal_budget"
PROBABILITY_COLUMN = "Probability inference has overtaken training"


# --- cached computations (pure: no st.* call inside, so nothing is replayed) ----------


@st.cache_data(max_entries=32, show_spinner=False)
def _simulate(
    params_json: str, draws: int, seed: int, _progress: Callable[[float], None] | None = None
) -> Simulation:
    # ``_progress`` is left out of the cache key (leading underscore). In a worker
    # process: other sessions' reruns do not wait on this one's GIL.
    return in_worker(simulate, Scenario.from_json(params_json), draws, seed, progress=_progress)


@st.cache_data(max_entries=64, show_spinner=False)
def _sensitivity(params_json: str) -> pd.DataFrame:
    return in_worker(sensitivity, Scenario.from_json(params_json))


@st.cache_data(max_entries=256, show_spinner=False)
def _goal_crossover(params_json: str, name: str, month: str) -> GoalResult:
    return goal_seek_crossover(Scenario.from_json(params_json), name, month)


@st.cache_data(max_entries=256, show_spinner=False)
def _goal_budget(params_json: str, budget_usd: float) -> GoalResult:
    return goal_seek_budget(Scenario.from_json(params_json), budget_usd)


def run_simulation(scenario: Scenario, draws: int, seed: int) -> Simulation:
    """The cached simulation; on a cache miss, a progress bar while it runs."""
    bar = st.empty()
    # The progress bar is drawn from the context *outside* the cached call:
    # inside it, Streamlit would record the bar for replay on later cache hits.
    outside = contextvars.copy_context()

    def progress(done: float) -> None:
        text = f"Simulating {draws:,} draws… {done:.0%}"
        outside.run(bar.progress, min(max(done, 0.0), 1.0), text)

    sim = _simulate(scenario.to_json(), draws, seed, _progress=progress)
    bar.empty()
    return sim


# --- helpers ----------------------------------------------------------------------------


def apply_lever(name: str, value: float | int) -> None:
    """Callback: move the sidebar lever ``name`` (its widget key) to ``value``."""
    st.session_state[name] = widget_value(name, value)


def show_answer(result: GoalResult, scenario: Scenario, key: str) -> None:
    """The goal-seek sentence, and a button putting the value into the levers."""
    if result.value is None:
        st.warning(result.message, icon=":material/block:")
        return
    st.success(result.message, icon=":material/check_circle:")
    current = float(getattr(scenario, result.name))
    target = lever_value(result.name, result.value, current)
    if target == widget_value(result.name, current):
        return
    p = BY_NAME[result.name]
    st.button(
        f"Apply to levers: {p.label.lower()} {p.format(target)}",
        key=key,
        on_click=apply_lever,
        args=(result.name, target),
        icon=":material/tune:",
        help="Sets the sidebar lever to this value (rounded to the lever's step, "
        "on the side that still meets the goal).",
    )


# --- the page ---------------------------------------------------------------------------

scenario = current_scenario()
proj = projection(scenario)
base = proj.summary
first_year, last_year = scenario.start_year, scenario.start_year + scenario.horizon_years - 1
span = f"{first_year}-{last_year}" if last_year > first_year else str(first_year)

st.caption("AI infrastructure planner · Uncertainty")
st.title("How sure is the answer?")
st.markdown(
    "Every input with a range is drawn thousands of times from a *split normal* "
    "distribution: its median is your lever's value and its 10th and 90th percentiles "
    "(P10, P90) are the range listed under **Uncertainty ranges** at the foot of the page, "
    "so a lopsided range such as “half to double” stays lopsided. Each draw is a full "
    "projection. Inputs are drawn **independently**: inputs that move together in reality "
    "(a lower GPU price with faster price-performance gains, say) would make the true "
    "spread wider or narrower than shown. The plan's dates, training schedule and "
    "accelerators are held fixed."
)

with st.form("_unc_form", border=False):
    cols = st.columns([2, 2, 2, 3], vertical_alignment="bottom")
    draws = cols[0].number_input(
        "Draws",
        min_value=DRAWS_MIN,
        max_value=DRAWS_MAX,
        value=DRAWS_DEFAULT,
        step=1_000,
        key=DRAWS_KEY,
        help="More draws give steadier percentiles; 10,000 take well under a second.",
    )
    seed = cols[1].number_input(
        "Random seed",
        min_value=0,
        value=0,
        step=1,
        key=SEED_KEY,
        help="The same seed and levers always give the same result.",
    )
    cols[2].form_submit_button("Run simulation", type="primary", icon=":material/casino:")

sim = run_simulation(scenario, int(draws), int(seed))
s = sim.summary

st.subheader("The range of outcomes")
st.caption(
    f"{s.get('draws_requested', sim.draws):,} draws, seed {sim.seed}"
    + (
        f" ({s['draws_requested'] - sim.draws:,} left out: their model outgrows the "
        "inference accelerator)"
        if s.get("draws_requested", sim.draws) > sim.draws
        else ""
    )
    + ". At your levers' own values inference overtakes "
    f"training in **{units.month(base['crossover_month'])}** and the plan costs "
    f"**{units.money(base['total_spend_usd'])}** over {span}. The draws' median can differ "
    "from that: most ranges reach further above a value than below it."
)
help_never = (
    f"“never” means not within the plan (to {units.month(base['end_month'])}); "
    f"{units.month(base['start_month'])}, its first month, means inference is ahead from the start."
)
crossover_tiles = [
    ("Crossover, P10 (early)", "crossover_month_p10", "One draw in ten crosses by this month."),
    ("Crossover, P50 (median)", "crossover_month_p50", "Half the draws cross by this month."),
    ("Crossover, P90 (late)", "crossover_month_p90", "Nine draws in ten cross by this month."),
]
cols = st.columns(4)
for col, (label, key, help_text) in zip(cols, crossover_tiles, strict=False):
    col.metric(label, units.month(s[key]), help=f"{help_text} {help_never}", border=True)
cols[3].metric(
    "Never within the plan",
    units.percent(s["probability_never"]),
    help=f"Share of draws in which inference spend never overtakes training by "
    f"{units.month(base['end_month'])} (trailing 12 months).",
    border=True,
)
cols = st.columns(4)
for col, q, word in zip(cols, (10, 50, 90), ("low", "median", "high"), strict=False):
    col.metric(
        f"Total spend, P{q} ({word})",
        units.money(s[f"total_spend_usd_p{q}"]),
        help=f"Training plus inference over {span}; {q}% of draws cost less.",
        border=True,
    )
cols[3].metric(
    "Total spend, your levers",
    units.money(base["total_spend_usd"]),
    help=f"Training plus inference over {span} at the levers' own values, for reference.",
    border=True,
)

actuals = current_actuals()  # the Actuals page's upload, or those kept with the saved scenario
st.plotly_chart(fan_chart(sim, actuals), key="fig_fan")
left, right = st.columns([3, 2], vertical_alignment="center")
left.plotly_chart(crossover_probability_chart(sim), key="fig_crossover_probability")
prob = sim.probability_by_year
right.dataframe(
    pd.DataFrame(
        {
            "Year": [str(y) for y in prob["year"]],
            PROBABILITY_COLUMN: [units.percent(p) for p in prob["probability"]],
        }
    ),
    hide_index=True,
)
right.caption(
    "Share of draws in which trailing-12-month inference spend has reached training "
    "spend by the end of each year."
)

st.subheader("What matters most")
sens = _sensitivity(scenario.to_json())
moving = sens[sens["swing_usd"] > 0]
still = [str(label) for label in sens.loc[sens["swing_usd"] <= 0, "label"]]
st.plotly_chart(tornado(moving, base["total_spend_usd"]), key="fig_tornado")
st.caption(
    "Each row moves one input to its P10 (blue) or its P90 (orange-red) with every other "
    "input at "
    f"your levers' values, and shows the total spend over {span} that results; the dashed "
    "line is the total at your levers. The longest bars are the assumptions worth checking "
    "first." + (f" Not shown, as they do not change spend: {', '.join(still)}." if still else "")
)

st.subheader("What would it take?")
months = scenario.month_labels()
left, right = st.columns(2)
with left:
    with st.form("_goal_crossover_form"):
        st.markdown("**What value of a lever makes inference overtake training by a month?**")
        lever = st.selectbox(
            "Lever",
            [p.name for p in HEADLINE],
            format_func=lambda n: BY_NAME[n].label,
            key=GOAL_LEVER_KEY,
        )
        month = st.selectbox(
            "Overtaken by",
            months,
            index=min(24, len(months) - 1),
            format_func=units.month,
            key=GOAL_MONTH_KEY,
        )
        if st.form_submit_button("Find the value", icon=":material/search:"):
            st.session_state[GOAL_QUERY] = (lever, month)
    query = st.session_state.get(GOAL_QUERY)
    if query is not None and query[1] in months:
        show_answer(_goal_crossover(scenario.to_json(), *query), scenario, "_apply_goal_crossover")
    st.caption(
        "Searches the lever's whole allowed range with the other levers as they are. Hardware "
        "price scales training and inference alike, so it cannot move the crossover."
    )
with right:
    with st.form("_goal_budget_form"):
        st.markdown("**What is the highest adoption we can serve under a yearly budget?**")
        budget = st.number_input(
            "Budget (USD millions a year)",
            min_value=0.1,
            value=100.0,
            step=10.0,
            format="%.1f",
            key=BUDGET_KEY,
            help="Training plus inference spend must stay under this in every year of the plan.",
        )
        if st.form_submit_button("Find the adoption", icon=":material/search:"):
            st.session_state[BUDGET_QUERY] = float(budget) * 1e6
    budget_usd = st.session_state.get(BUDGET_QUERY)
    if budget_usd is not None:
        show_answer(_goal_budget(scenario.to_json(), budget_usd), scenario, "_apply_goal_budget")
    st.caption("Every other lever stays as it is; spend is the projection's, not a percentile.")

with st.expander("Uncertainty ranges", icon=":material/straighten:"):
    st.caption(
        "The P10 and P90 of each uncertain input at your levers' values, and the reasoning "
        "behind the range. Inputs not listed are taken as known."
    )
    st.caption(
        "Edit a P10 or P90 to set this scenario's own range; it is saved with the scenario. "
        "Clear an edit with “Default ranges”."
    )
    table = ranges_table(scenario)
    edited = st.data_editor(
        table,
        hide_index=True,
        disabled=["Input", "Value", "Unit", "Why this range"],
        column_order=["Input", "P10", "Value", "P90", "Unit", "Why this range"],
        column_config={
            "P10": st.column_config.NumberColumn("P10", format="%.4g"),
            "P90": st.column_config.NumberColumn("P90", format="%.4g"),
            "Value": st.column_config.NumberColumn("Value", format="%.4g"),
            "Why this range": st.column_config.TextColumn(width="large"),
        },
        key="_ranges_editor",
    )
    overrides, problems = edited_overrides(scenario, edited)
    for problem in problems:
        st.error(problem, icon=":material/error:")
    if overrides != scenario.range_overrides():
        st.session_state[RANGES_KEY] = overrides
        st.rerun()
    if scenario.range_overrides() and st.button("Default ranges", key="_ranges_reset"):
        st.session_state[RANGES_KEY] = {}
        st.session_state.pop("_ranges_editor", None)
        st.rerun()

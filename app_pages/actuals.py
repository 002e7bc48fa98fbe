"""Actuals: the plan held against a user's own monthly figures, and re-fit to them.

Upload a CSV of monthly actuals; see plan vs actual per series and a
variance table; re-fit 1-4 inputs by bounded least squares and apply the
fitted values to the levers; keep the actuals with the open saved scenario.
"""

from __future__ import annotations

import math

import streamlit as st

from model import Scenario, units
from model.actuals import (
    MAX_BYTES,
    SERIES,
    outside,
    parse_actuals,
    series_of,
    template_csv,
    variance,
)
from model.fit import MAX_PARAMS, FitResult, fit, fittable
from model.outputs import output
from model.parameters import BY_NAME
from report.actuals_figures import (
    error_rows,
    fit_table,
    plan_vs_actual,
    variance_table,
)
from ui.actuals import (
    SOURCE_KEY,
    apply_fit,
    clear_actuals,
    current_actuals,
    current_text,
    lever_values,
    mark_kept,
    use_actuals,
)
from ui.downloads import download_name
from ui.levers import show_warnings
from ui.state import (
    current_scenario,
    open_scenario,
    projection,
    scenario_name,
    store,
)
from ui.text import md_escape, md_name

UPLOAD_KEY = "_actuals_upload"
#: The file id of the last upload read (each upload is read once).
UPLOADED_KEY = "_actuals_uploaded"
ERROR_KEY = "_actuals_error"
FIT_PICK_KEY = "_fit_pick"
#: The inputs of the last "Re-fit", as a tuple.
FIT_QUERY = "_fit_query"
SAVED_KEY = "_actuals_saved_note"
MAX_MB = MAX_BYTES // (1024 * 1024)


@st.cache_data(max_entries=32, show_spinner=False)
def _fit(params_json: str, csv_text: str, params: tuple[str, ...]) -> FitResult:
    return fit(Scenario.from_json(params_json), parse_actuals(csv_text), params)


def _read_upload(months: list[str]) -> None:
    """Read a newly uploaded file once; a bad one is named and changes nothing."""
    up = st.session_state.get(UPLOAD_KEY)
    if up is None or st.session_state.get(UPLOADED_KEY) == up.file_id:
        return
    st.session_state[UPLOADED_KEY] = up.file_id
    try:
        use_actuals(up.getvalue(), f"uploaded file {md_name(up.name)}", months)
    except ValueError as exc:
        st.session_state[ERROR_KEY] = (up.name, str(exc))
        return
    st.session_state.pop(ERROR_KEY, None)
    st.session_state.pop(FIT_QUERY, None)


def _save_with(name: str, text: str) -> None:
    """Callback: keep the actuals with the saved scenario ``name``."""
    try:
        store().save_actuals(name, text)
    except (LookupError, ValueError) as exc:
        st.session_state[SAVED_KEY] = ("error", str(exc))
        return
    mark_kept(name, text)
    st.session_state[SAVED_KEY] = ("ok", f"Actuals kept with saved scenario {md_name(name)}.")


def _forget_saved(name: str) -> None:
    """Callback: stop keeping actuals with ``name`` (the ones in use stay)."""
    store().delete_actuals(name)
    st.session_state[SAVED_KEY] = ("ok", f"Saved scenario {md_name(name)} keeps no actuals now.")


scenario = current_scenario()
proj = projection(scenario)
months = scenario.month_labels()

st.caption("AI infrastructure planner · Actuals")
show_warnings()
st.title("Plan vs actuals")
st.markdown(
    "Upload your own monthly figures to see how the plan compares, month by month, and "
    "re-fit chosen inputs so the plan matches what happened. The file is a CSV with a "
    f"`month` column (YYYY-MM) and any of {', '.join(f'`{s}`' for s in SERIES)}; an empty "
    "cell is a figure not reported."
)

left, right = st.columns([3, 2], vertical_alignment="bottom")
left.file_uploader(
    f"Monthly actuals (CSV, up to {MAX_MB} MB)",
    type=["csv"],
    key=UPLOAD_KEY,
    max_upload_size=MAX_MB,
    help="Rows are months of the plan "
    f"({units.month(months[0])} to {units.month(months[-1])}); each month once.",
)
right.download_button(
    "Template for this plan",
    template_csv(months),
    file_name=download_name([scenario_name()], "actuals template", "csv"),
    mime="text/csv",
    icon=":material/download:",
    help="The header and one empty row per month of the plan.",
)
_read_upload(months)
problem = st.session_state.get(ERROR_KEY)
if problem is not None:
    reason = problem[1].removeprefix("actuals file").lstrip(",: ")
    st.error(
        f"Not loaded: {md_name(problem[0])}: {md_escape(reason)}. "
        "Fix the file and upload it again; the actuals in use (if any) are unchanged.",
        icon=":material/error:",
    )

actuals = current_actuals()
text = current_text()
opened = open_scenario()
if actuals is None or text is None:
    st.info(
        "No actuals yet: upload a file above"
        + (", or open a saved scenario that keeps some." if opened is None else ".")
    )
    st.stop()

# --- what is loaded, and keeping it with the open saved scenario --------------------------
present = series_of(actuals)
n_months = actuals["month"].nunique()
st.markdown(
    f"**Actuals in use:** {st.session_state.get(SOURCE_KEY, 'uploaded file')}: "
    f"{units.count(n_months)} month{'s' if n_months != 1 else ''} of "
    f"{', '.join(output(s).label.lower() for s in present)}."
)
cols = st.columns([1, 1, 2], vertical_alignment="center")
cols[0].button("Stop using these actuals", on_click=clear_actuals, icon=":material/close:")
if opened is not None:
    kept = store().actuals(opened["name"])
    if kept != text:
        cols[1].button(
            "Keep with saved scenario",
            on_click=_save_with,
            args=(opened["name"], text),
            type="primary",
            icon=":material/save:",
            help=f"Saved with {md_name(opened['name'])} (replacing any kept before) and "
            "loaded whenever it is opened.",
        )
    else:
        cols[1].button(
            "Forget kept actuals",
            on_click=_forget_saved,
            args=(opened["name"],),
            icon=":material/delete:",
            help=f"{md_name(opened['name'])} keeps no actuals after this; the page still "
            "shows them.",
        )
    cols[2].caption(
        f"Saved scenario {md_name(opened['name'])} "
        + ("keeps these actuals." if kept == text else "keeps other actuals." if kept else "")
    )
else:
    cols[1].caption("Open or save a scenario to keep actuals with it.")
note = st.session_state.pop(SAVED_KEY, None)
if note is not None:
    (st.success if note[0] == "ok" else st.error)(
        note[1] if note[0] == "ok" else f"Not kept: {md_escape(note[1])}"
    )

out_of_plan = outside(actuals, months)
if out_of_plan:
    st.warning(
        f"{len(out_of_plan)} month{'s' if len(out_of_plan) != 1 else ''} of the actuals "
        f"({units.month(out_of_plan[0])} to {units.month(out_of_plan[-1])}) fall outside "
        f"this plan ({units.month(months[0])} to {units.month(months[-1])}) and are left out.",
        icon=":material/warning:",
    )

var = variance(proj, actuals)
if var.empty:
    st.stop()

# --- plan vs actual ---------------------------------------------------------------------
st.subheader("Plan vs actual")
query = st.session_state.get(FIT_QUERY)
result: FitResult | None = None
if query:
    try:
        result = _fit(scenario.to_json(), text, tuple(query))
    except ValueError as exc:
        st.error(f"Cannot re-fit: {md_escape(str(exc))}", icon=":material/error:")
# The levers a fit would set, and the plan they give (dashed on the charts).
moves: dict[str, float] = {}
refitted = None
if result is not None and math.isfinite(result.mean_abs_pct_after):
    moves = {n: v for n, v in lever_values(result).items() if v != getattr(scenario, n)}
    if moves:
        try:
            refitted = projection(scenario.replace(**moves))
        except ValueError:
            moves = {}
tiles = st.columns(min(len(present), 3))
for i, name in enumerate(present):
    diffs = var.loc[var["series"] == name, "difference_pct"].abs()
    if diffs.notna().any():
        tiles[i % len(tiles)].metric(
            f"{output(name).label}: mean difference",
            units.percent(float(diffs.mean()) / 100.0, 1),
            help="Mean absolute difference of the actuals from the plan at the current "
            "levers, over the months reported, as a share of the plan.",
            border=True,
        )
charts = st.columns(2)
for i, name in enumerate(present):
    if (var["series"] == name).any():
        charts[i % 2].plotly_chart(
            plan_vs_actual(proj, actuals, name, refitted), key=f"fig_actual_{name}"
        )
st.caption(
    "Lines: the plan at the current levers"
    + (", dashed: the plan after the re-fit below" if refitted is not None else "")
    + "; diamonds: the actuals. Each chart runs from the first actual to six months after "
    "the last."
)
with st.expander("Variance table: month, plan, actual, difference", icon=":material/table:"):
    st.dataframe(variance_table(var), hide_index=True, width="stretch")
    st.caption("Difference: the actual against the plan, as a share of the plan.")

# --- re-fit ------------------------------------------------------------------------------
st.subheader("Re-fit the plan to the actuals")
with st.form("_fit_form", border=False):
    pick = st.multiselect(
        f"Inputs to fit (1 to {MAX_PARAMS})",
        fittable(),
        default=[n for n in ("adoption_peak_pct",) if n in fittable()],
        format_func=lambda n: BY_NAME[n].label,
        max_selections=MAX_PARAMS,
        key=FIT_PICK_KEY,
        help="Bounded least squares on the relative (log) differences, each input kept "
        "within its allowed range. Pick inputs that move the series you have: adoption and "
        "request volume, say, both scale requests alike, so only their product is found.",
    )
    if st.form_submit_button("Re-fit", type="primary", icon=":material/auto_fix_high:"):
        if pick:
            st.session_state[FIT_QUERY] = tuple(pick)
            st.rerun()
        st.warning("Pick at least one input to fit.")
if result is not None:
    st.dataframe(fit_table(result), hide_index=True, width="stretch")
    st.dataframe(error_rows(result), hide_index=True, width="stretch")
    st.caption(
        "Before and after: the mean absolute difference of the plan from the actuals. "
        "Standard error: how far the fitted value could be off, about one standard "
        "deviation, judged from the scatter of the actuals around the fitted plan."
    )
    if result.confounded:
        st.warning(
            "The actuals cannot pin down "
            + ", ".join(BY_NAME[n].label.lower() for n in result.confounded)
            + ": these move the series you have in the same way (or not at all), so the "
            "fitted values are one of many equally good choices. Fit fewer inputs, or "
            "add a series they move differently.",
            icon=":material/warning:",
        )
    if result.at_bounds:
        st.info(
            "Stopped at the end of its allowed range: "
            + ", ".join(
                f"{BY_NAME[n].label.lower()} ({BY_NAME[n].range_text()})" for n in result.at_bounds
            )
            + ". Another input probably explains the difference better.",
            icon=":material/info:",
        )
    if not result.converged:
        st.info(f"The search stopped early: {md_escape(result.message)}", icon=":material/info:")
    if result.left_out:
        st.caption(f"{units.count(result.left_out)} figure(s) of 0 or outside the plan left out.")
    if moves:
        st.button(
            "Apply to levers: "
            + ", ".join(
                f"{BY_NAME[n].label.lower()} {BY_NAME[n].format(v)}" for n, v in moves.items()
            ),
            key="_apply_fit",
            on_click=apply_fit,
            args=(moves,),
            icon=":material/tune:",
            type="primary",
            help="Sets the sidebar levers to the fitted values (4 significant digits).",
        )
    elif not math.isfinite(result.mean_abs_pct_after):
        st.error(
            "The model names no plan for these inputs anywhere the search went (see the "
            "message under the levers); nothing to apply.",
            icon=":material/block:",
        )
    else:
        st.success("The levers are at the fitted values.", icon=":material/check_circle:")

"""Explore: the four levers and the answer.

The headline sentence, how sure it is (a quick simulation), KPI tiles with
deltas against the preset, a "Copy link" button, the charts, the yearly fleet
table (Fleet view) and the monthly table behind them.
"""

import streamlit as st

from model import Scenario
from model.narrative import equal_scaling_note, headline
from model.uncertainty import simulate
from report.kpis import kpis
from report.tables import FLEET_NOTE, fleet_table_text
from ui.charts import chart
from ui.downloads import download_name
from ui.levers import show_warnings
from ui.saving import save_form, unsaved_banner
from ui.state import (
    base_label,
    base_scenario,
    current_scenario,
    figure,
    open_scenario,
    projection,
    scenario_name,
)
from ui.tables import monthly_column_config, monthly_table
from ui.uncertainty import EXPLORE_DRAWS, EXPLORE_SEED, confidence_line


@st.cache_data(max_entries=256, show_spinner=False)
def confidence(params_json: str, draws: int = EXPLORE_DRAWS, seed: int = EXPLORE_SEED) -> str:
    """The "how sure" line of a scenario (a few hundred draws: ~13 ms on a cache
    miss, cached by its values like the projection); "" when no draw gives a plan."""
    try:
        return confidence_line(simulate(Scenario.from_json(params_json), draws, seed))
    except ValueError:
        return ""


# The page's address is the share link (every lever and the view are in it):
# a button copies it. Rendered in the page itself (no iframe), in the theme's
# colours; where the clipboard API is missing (plain http off localhost) it
# falls back to a selected text area, then to a prompt showing the link.
copy_link = st.components.v2.component(
    "planner_copy_link",
    html="""<button type="button"
title="Copy this page's address (every lever and the view are in it) to share this scenario">
<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7
c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39
3.1-3.1 3.1h-4V17h4a5 5 0 0 0 0-10z"/></svg><span>Copy link</span></button>""",
    css="""
button {
  display: inline-flex; align-items: center; justify-content: center; gap: 0.5rem;
  min-height: 2.5rem; padding: 0.25rem 0.75rem; white-space: nowrap; cursor: pointer;
  font: inherit; font-family: var(--st-font); font-size: var(--st-base-font-size, 1rem);
  color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color); border-radius: var(--st-button-radius, 0.5rem);
}
button:hover, button:focus-visible { border-color: var(--st-primary-color);
  color: var(--st-primary-color); }
button:focus-visible { outline: 2px solid var(--st-primary-color); outline-offset: 1px; }
svg { width: 1.1rem; height: 1.1rem; fill: currentColor; flex: none; }
""",
    js="""
export default function ({ parentElement }) {
  const button = parentElement.querySelector("button");
  const label = button.querySelector("span");
  let timer;
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
      area.remove();
      return ok;
    }
  }
  button.onclick = async () => {
    const url = window.location.href;
    const ok = await copy(url);
    if (!ok) window.prompt("Copy this link:", url);
    label.textContent = ok ? "Link copied" : "Copy link";
    button.setAttribute("data-copied", ok ? "true" : "false");
    clearTimeout(timer);
    timer = setTimeout(() => {
      label.textContent = "Copy link";
      button.removeAttribute("data-copied");
    }, 2500);
  };
  return () => clearTimeout(timer);
}
""",
)


scenario = current_scenario()
proj = projection(scenario)
base = base_scenario()
baseline = projection(base)

st.caption("AI infrastructure planner · Explore")
show_warnings()
st.markdown(f"## {headline(proj.summary)}")
if sure := confidence(scenario.to_json()):
    st.markdown(sure)
changed = scenario.diff(base)
unsaved_banner(scenario, base)
head = st.columns([3, 2], vertical_alignment="center")
if changed:
    # A lever that scales both sides alike (the price) leaves the crossover and
    # the share in place: say why, so it does not read like a bug.
    why = equal_scaling_note(scenario, base)
    head[0].caption(
        f"{len(changed)} lever{'s' if len(changed) != 1 else ''} changed from the "
        f"{base_label()}; deltas are against it." + (f" {why}" if why else "")
    )
elif open_scenario() is None:
    head[0].caption(f"Showing the {base_label()}. Move a lever in the sidebar to see its effect.")
with head[1].container(horizontal=True, horizontal_alignment="right", gap="small"):
    copy_link(key="copy_link", width="content")
    with st.popover("Save scenario", icon=":material/save:"):
        save_form(scenario, key="explore")

tiles = kpis(proj.summary, baseline.summary)
for row in (tiles[:4], tiles[4:]):
    for col, k in zip(st.columns(4), row, strict=False):
        col.metric(
            k.label,
            k.value,
            delta=k.delta,
            delta_color=k.delta_color,
            help=k.help,
            border=True,
            height="stretch",  # a row's tiles as tall as its tallest
        )

# Two charts at a time: the annual split, and one view picked below it (part
# of the link). Every chart drawn costs ~40 ms of browser time per lever move.
VIEWS = {
    "Crossover": "spend_monthly",
    "Cumulative spend": "spend_cumulative",
    "Compute": "compute_flops",
    "Fleet": "fleet",
    "Cost per token": "cost_per_token",
    "Energy and carbon": "energy_carbon",
    "Monthly table": None,
}
view = st.segmented_control(
    "Beside the annual split, show",
    list(VIEWS),
    default=list(VIEWS)[0],
    key="view",
    bind="query-params",
)
fig_name = VIEWS.get(view or "", "spend_monthly")
left, right = st.columns(2)
with left:
    chart(figure("spend_annual", scenario), key="fig_spend_annual")
if fig_name is not None:
    with right:
        chart(figure(fig_name, scenario), key="fig_view")

if fig_name == "fleet":
    # The yearly fleet under its chart, a row per measure so it fits the page
    # (numbers, headers and units from the output registry).
    st.table(fleet_table_text(proj))
    st.caption(FLEET_NOTE)

if fig_name is None:
    st.dataframe(
        monthly_table(proj), hide_index=True, height=420, column_config=monthly_column_config()
    )
    st.download_button(
        "Download monthly table (CSV)",
        data=proj.monthly.to_csv(index=False, date_format="%Y-%m"),
        file_name=download_name([scenario_name()], "monthly table", "csv"),
        mime="text/csv",
        icon=":material/download:",
    )

"""Explore: the four levers and the answer.

The headline sentence, KPI tiles with deltas against the preset, the charts,
the yearly fleet table (Fleet view) and the monthly table behind them.
"""

import streamlit as st

from model.narrative import headline
from report.kpis import kpis
from report.tables import FLEET_NOTE, fleet_table_text
from ui.levers import show_warnings
from ui.saving import save_form, unsaved_banner
from ui.state import (
    base_label,
    base_scenario,
    current_scenario,
    figure,
    open_scenario,
    projection,
)
from ui.tables import monthly_column_config, monthly_table

scenario = current_scenario()
proj = projection(scenario)
base = base_scenario()
baseline = projection(base)

st.caption("AI infrastructure planner · Explore")
show_warnings()
st.markdown(f"## {headline(proj.summary)}")
changed = scenario.diff(base)
unsaved_banner(scenario, base)
head = st.columns([4, 1], vertical_alignment="center")
if changed:
    head[0].caption(
        f"{len(changed)} lever{'s' if len(changed) != 1 else ''} changed from the "
        f"{base_label()}; deltas are against it."
    )
elif open_scenario() is None:
    head[0].caption(f"Showing the {base_label()}. Move a lever in the sidebar to see its effect.")
with head[1].popover("Save scenario", icon=":material/save:", width="stretch"):
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
left.plotly_chart(figure("spend_annual", scenario), key="fig_spend_annual")
if fig_name is not None:
    right.plotly_chart(figure(fig_name, scenario), key="fig_view")

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
        file_name="projection_monthly.csv",
        mime="text/csv",
        icon=":material/download:",
    )

"""Compare: 2 to 4 scenarios side by side, the first one the baseline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.parameters import BY_NAME
from report import figures
from report.kpis import compare_table
from ui.state import current_scenario, projection, store
from ui.text import md_name

CURRENT = "Current levers (unsaved)"

st.title("Compare scenarios")
saved = [r.name for r in store().list()]
options = [CURRENT, *saved]
picked = st.multiselect(
    "Scenarios to compare (2 to 4; the first is the baseline)",
    options,
    default=options[:2],
    max_selections=4,
    key="_compare_pick",
)
if len(picked) < 2:
    st.info(
        "Pick at least two scenarios. Save scenarios from Explore or the Library to compare "
        "them with the current levers."
    )
    st.stop()

scenarios = [
    (name, current_scenario() if name == CURRENT else store().load(name)) for name in picked
]
projections = [(name, projection(s)) for name, s in scenarios]

log = st.toggle(
    "Logarithmic spend axis", key="_compare_log", help="For scenarios of very different size."
)
fig = figures.compare_spend(projections)
if log:
    fig.update_yaxes(type="log", rangemode=None)
st.plotly_chart(fig, key="fig_compare")

st.subheader("Headline figures")
st.caption(f"Deltas are against the baseline, {md_name(picked[0])}.")
kpi_rows = compare_table([(n, p.summary) for n, p in projections])
titles = list(kpi_rows[0])[1:]  # scenario columns, unique even for odd names
st.dataframe(pd.DataFrame(kpi_rows), hide_index=True)

st.subheader("Assumptions that differ")
base_name, base = scenarios[0]
differ = sorted({k for _, s in scenarios[1:] for k in base.diff(s)}, key=list(BY_NAME).index)
if not differ:
    st.caption("Every parameter is the same in these scenarios.")
else:
    # The parameter is the index, so no scenario name can collide with its column.
    table = pd.DataFrame(
        [[BY_NAME[key].format(getattr(s, key)) for _, s in scenarios] for key in differ],
        columns=titles,
        index=pd.Index([BY_NAME[key].label for key in differ], name="Parameter"),
    )
    st.dataframe(table, height=35 * (len(differ) + 1) + 3)

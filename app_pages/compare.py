"""Compare: 2 to 4 scenarios side by side, the first one the baseline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import units
from model.parameters import BY_NAME
from report import figures
from report.kpis import compare_table
from ui.state import current_scenario, projection, store

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
st.caption(f"Deltas are against the baseline, “{picked[0]}”.")
st.dataframe(pd.DataFrame(compare_table([(n, p.summary) for n, p in projections])), hide_index=True)

st.subheader("Assumptions that differ")
base_name, base = scenarios[0]
differ = sorted({k for _, s in scenarios[1:] for k in base.diff(s)}, key=list(BY_NAME).index)
if not differ:
    st.caption("Every parameter is the same in these scenarios.")
else:
    rows = []
    for key in differ:
        p = BY_NAME[key]
        row = {"Parameter": p.label, "Unit": p.unit}
        for name, s in scenarios:
            row[name] = units.value(getattr(s, key))
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True, height=35 * (len(rows) + 1) + 3)

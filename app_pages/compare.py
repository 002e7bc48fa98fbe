"""Compare: 2 to 4 scenarios side by side, the first one the baseline.

It opens on the open scenario (or the current levers) and the most recently
saved other scenario. The selection is part of the link (``?compare=A&compare=B``,
the current levers as an empty ``compare=``), so a reload or a shared link
shows the same comparison.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.parameters import BY_NAME
from report import figures
from report.kpis import compare_table
from ui.state import (
    base_scenario,
    current_preset,
    current_scenario,
    open_scenario,
    projection,
    store,
)
from ui.text import md_name

UNSAVED = "Current levers (unsaved)"
#: The current levers in the selection and the link: no saved name is empty.
CURRENT = ""
#: The link parameter holding the selection, one value per scenario, in order.
URL_KEY = "compare"
PICK_KEY = "_compare_pick"
#: The last selection, kept while the page is not shown (its widget is then forgotten).
KEPT_KEY = "_compare_kept"
#: The options' labels in the last run.
LABELS_KEY = "_compare_labels"

st.title("Compare scenarios")

rows = store().list()  # most recently updated first
saved = [r.name for r in rows]
latest = {r.name: r.latest_version for r in rows}
levers = current_scenario()
opened = open_scenario()
if opened is not None and opened["name"] not in latest:
    opened = None  # renamed or deleted meanwhile
unsaved = bool(levers.diff(base_scenario()))

# The current levers are an option of their own unless they are a saved scenario
# as it is: the open one, unchanged, at its latest version.
if unsaved:
    current_label: str | None = UNSAVED
elif opened is None:
    current_label = f"Current levers (preset “{current_preset()}”)"
elif opened["version"] != latest[opened["name"]]:
    current_label = f"{opened['name']}, version {opened['version']} (open)"
else:
    current_label = None
options = ([CURRENT] if current_label else []) + saved
labels = {CURRENT: current_label or UNSAVED} | {n: n for n in saved}
here = CURRENT if current_label else opened["name"] if opened else None


def _resolve(picks: list[str]) -> list[str]:
    """``picks`` as options: the current levers stand for the open scenario when
    they are it; unknown names and repeats are left out."""
    out: list[str] = []
    for p in picks:
        p = here if p == CURRENT else p
        if p is not None and p in options and p not in out:
            out.append(p)
    return out[:4]


shown = [labels[o] for o in options]
if PICK_KEY in st.session_state:  # the widget's own value, kept valid as options change
    # Read with the last run's labels. The browser holds a selection as its labels:
    # when one changes ("unsaved" comes or goes) the selection is set again, so that
    # the browser shows, and sends back, the new label.
    valid = _resolve(st.session_state[PICK_KEY])
    if valid != st.session_state[PICK_KEY] or st.session_state.get(LABELS_KEY) != shown:
        st.session_state[PICK_KEY] = valid
elif URL_KEY in st.query_params:  # a link or a reload
    linked = st.query_params.get_all(URL_KEY)
    st.session_state[PICK_KEY] = _resolve(linked)
    missing = [n for n in dict.fromkeys(linked) if n != CURRENT and n not in labels]
    if missing:
        st.warning(
            "Link parameter `compare`: no saved scenario "
            + ", ".join(md_name(n[:80]) for n in missing)
            + "; left out of the comparison.",
            icon="⚠️",
        )
elif KEPT_KEY in st.session_state:  # back from another page
    st.session_state[PICK_KEY] = _resolve(st.session_state[KEPT_KEY])
else:  # the open scenario (or the current levers) and the most recent other saved one
    other = next((n for n in saved if opened is None or n != opened["name"]), None)
    st.session_state[PICK_KEY] = _resolve([c for c in (here, other) if c is not None])

picked = st.multiselect(
    "Scenarios to compare (2 to 4; the first is the baseline)",
    options,
    format_func=labels.__getitem__,
    max_selections=4,
    key=PICK_KEY,
)
st.session_state[KEPT_KEY] = picked
st.session_state[LABELS_KEY] = shown
if st.query_params.get_all(URL_KEY) != picked:
    st.query_params[URL_KEY] = picked  # the link reproduces the comparison

if len(picked) < 2:
    st.info(
        "Pick at least two scenarios. Save scenarios from Explore or the Library to compare "
        "them with the current levers."
    )
    st.stop()

names = [labels[p] for p in picked]
scenarios = [(labels[p], levers if p == CURRENT else store().load(p)) for p in picked]
projections = [(name, projection(s)) for name, s in scenarios]

log = st.toggle(
    "Logarithmic spend axis", key="_compare_log", help="For scenarios of very different size."
)
fig = figures.compare_spend(projections)
if log:
    fig.update_yaxes(type="log", rangemode=None)
st.plotly_chart(fig, key="fig_compare")
words = {"inference_spend_usd": "inference", "training_spend_usd": "training"}
same: dict[tuple[int, int], list[str]] = {}
for i, j, col in figures.coinciding(projections):
    same.setdefault((i, j), []).append(words[col])
for (i, j), kinds in same.items():
    lines = "its lines lie" if len(kinds) > 1 else "its line lies"
    st.caption(
        f"{md_name(names[i])} has the same {' and '.join(kinds)} spend as "
        f"{md_name(names[j])} in every year: {lines} on {md_name(names[j])}'s, drawn "
        "dotted with open markers so that both show."
    )

st.subheader("Headline figures")
st.caption(f"Deltas are against the baseline, {md_name(names[0])}.")
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

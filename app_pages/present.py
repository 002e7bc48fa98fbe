"""Present: the current scenario, a saved one or a comparison, for a board meeting.

Large type, one message per section. One scenario: the answer, the KPIs, the
spend crossover, fleet and energy, how the model is served, the key
assumptions with their sources. A comparison ("A vs B"): the KPIs side by
side with their differences against the first, every scenario's spend
overlaid, and what each scenario assumes that differs from the default. The
same content as a PowerPoint deck, an offline HTML report, a workbook and the
monthly table, named after the scenario(s) and the date.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

from model import Projection, Scenario
from model.narrative import headline
from model.parameters import BY_NAME, HEADLINE
from report import figures
from report.deck import build_pptx
from report.html_report import build_html
from report.kpis import compare_table, kpis
from report.tables import SERVING_NOTE, serving_rows
from report.workbook import build_comparison_csv, build_comparison_xlsx
from ui.downloads import download_name
from ui.state import current_scenario, projection, store
from ui.text import md_escape, md_name

CURRENT = "Current levers"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Our own stylesheet (no user text in it): presentation-sized type.
st.html(
    """<style>
    .st-key-present_kpis [data-testid="stMetric"] [data-testid="stMetricValue"] {
      font-size: clamp(1.5rem, 14cqi, 2.5rem);
    }
    .st-key-present_kpis { --kpi-label-size: 1rem; }
    .present-headline { font-size: 2rem; line-height: 1.25; font-weight: 700; margin: 0.2rem 0 1rem; }
    </style>"""
)

saved = [r.name for r in store().list()]
mode = st.segmented_control(
    "Present",
    ["Current levers", "A saved scenario", "A comparison"],
    default="Current levers",
    key="_present_mode",
)
if mode == "A saved scenario" and saved:
    pick = st.selectbox("Saved scenario", saved, key="_present_pick")
    items = [(pick, store().load(pick))]
elif mode == "A comparison" and saved:
    picks = st.multiselect(
        "Scenarios (the first is the baseline)",
        [CURRENT, *saved],
        default=[CURRENT, saved[0]],
        max_selections=4,
        key="_present_compare",
    )
    items = [(n, current_scenario() if n == CURRENT else store().load(n)) for n in picks]
else:
    if mode != "Current levers":
        st.info("No saved scenarios yet: presenting the current levers.")
    items = [(CURRENT, current_scenario())]
if not items:
    st.info("Pick at least one scenario.")
    st.stop()

projections: list[tuple[str, Projection]] = [(n, projection(s)) for n, s in items]
names = [n for n, _ in projections]


def shown(name: str) -> str:
    """A scenario's name as markdown text: the current levers as they are, a
    saved name escaped so that it shows exactly as typed."""
    return name if name == CURRENT else md_escape(name)


def assumptions_table(scenario: Scenario, params: list[str]) -> pd.DataFrame:
    """Assumption | Value | Source for the parameters ``params`` of ``scenario``."""
    return pd.DataFrame(
        {
            "Assumption": [BY_NAME[n].label for n in params],
            "Value": [BY_NAME[n].format(getattr(scenario, n)) for n in params],
            "Source": [BY_NAME[n].source for n in params],
        }
    ).set_index("Assumption")


def present_one(label: str, proj: Projection) -> None:
    """One scenario: the answer, the KPI tiles, the crossover, fleet and energy,
    serving and the key assumptions."""
    s = proj.summary
    st.caption(f"{label if label == CURRENT else md_name(label)} · {dt.date.today():%d %B %Y}")
    st.html(f'<div class="present-headline">{html.escape(headline(s))}</div>')
    tiles = kpis(s)
    with st.container(key="present_kpis"):
        for row in (tiles[:4], tiles[4:]):
            for col, k in zip(st.columns(4), row, strict=True):
                col.metric(k.label, k.value, help=k.help, border=True, height="stretch")

    st.subheader("When inference overtakes training")
    st.plotly_chart(figures.spend_monthly(proj), key="present_crossover")

    st.subheader("Fleet and energy")
    left, right = st.columns(2)
    left.plotly_chart(figures.fleet(proj), key="present_fleet")
    right.plotly_chart(figures.energy_carbon(proj), key="present_energy")

    st.subheader("How the model is served")
    st.caption(SERVING_NOTE)
    serving = serving_rows(proj)
    half = (len(serving) + 1) // 2
    for col, rows, name in zip(
        st.columns(2),
        (serving[:half], serving[half:]),
        ("Serving assumption", "Derived, first month"),
        strict=True,
    ):
        col.table(
            pd.DataFrame(
                {"Value": [r.value for r in rows]},
                index=pd.Index([r.label for r in rows], name=name),
            )
        )

    st.subheader("Key assumptions")
    changed = proj.scenario.diff(Scenario())
    listed = [p.name for p in HEADLINE] + [n for n in changed if not BY_NAME[n].headline]
    # st.table wraps long sources instead of cutting them off.
    st.table(assumptions_table(proj.scenario, listed))


def present_comparison(compared: list[tuple[str, Projection]]) -> None:
    """Several scenarios: "A vs B", the KPIs side by side with their differences
    against the first, the spend overlaid, each scenario's changed assumptions."""
    names = [n for n, _ in compared]
    st.caption(f"Scenarios compared · {dt.date.today():%d %B %Y}")
    st.title(" vs ".join(shown(n) for n in names), anchor=False)
    st.subheader("Key figures side by side")
    st.caption(f"Differences in brackets are against the first scenario, {shown(names[0])}.")
    rows = compare_table([(n, p.summary) for n, p in compared])
    st.table(pd.DataFrame(rows).set_index("KPI"))

    st.subheader("Every scenario's spend")
    st.plotly_chart(figures.compare_spend(compared), key="present_compare")

    st.subheader("What each scenario assumes")
    st.caption("The settings of each scenario that differ from the default, with their sources.")
    for name, proj in compared:
        st.markdown(f"**{shown(name)}**: {md_escape(headline(proj.summary))}")
        differ = proj.scenario.diff(Scenario())
        changed = [n for n in BY_NAME if n in differ]  # in the registry's order
        if changed:
            st.table(assumptions_table(proj.scenario, changed))
        else:
            st.caption("Every setting is at its default.")


if len(projections) > 1:
    present_comparison(projections)
else:
    present_one(*projections[0])

st.subheader("Take it to the meeting")
if len(projections) > 1:
    st.caption(
        "The same comparison, from the same code: a PowerPoint deck with editable charts "
        "(side by side, then each scenario in detail), an HTML report that works offline, a "
        "workbook (a Comparison sheet and a sheet per scenario) and every scenario's monthly table."
    )
else:
    st.caption(
        "The same figures as above, from the same code: a PowerPoint deck with editable charts, "
        "an HTML report that works offline, a workbook and the monthly table."
    )
# Each file is built when its button is clicked, not on every run of the page.
downloads = (
    ("PowerPoint deck", "deck", "pptx", lambda: build_pptx(projections), PPTX_MIME),
    ("HTML report", "report", "html", lambda: build_html(projections), "text/html"),
    ("Excel workbook", "workbook", "xlsx", lambda: build_comparison_xlsx(projections), XLSX_MIME),
    (
        "Monthly table (CSV)",
        "monthly",
        "csv",
        lambda: build_comparison_csv(projections),
        "text/csv",
    ),
)
for col, (text, what, ext, build, mime) in zip(st.columns(4), downloads, strict=True):
    col.download_button(
        text,
        data=build,
        file_name=download_name(names, what, ext),
        mime=mime,
        key=f"_download_{ext}",
        icon=":material/download:",
        width="stretch",
        on_click="ignore",
    )

"""Evidence: the model held against published figures, each computed live.

One row per line of data/observations.csv (training runs, serving
throughputs, token volumes, spend, energy per request): what was published,
what the model gives for the scenario written beside it, their ratio and
whether it is within the row's tolerance; a log-log chart of the two and a CSV
download. The figures come from :func:`model.evidence.evidence_table`; they do
not depend on the levers in the sidebar.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.evidence import counts, evidence_table, format_quantity
from report.evidence_figures import published_vs_model, ratio_by_row
from ui.downloads import download_name
from ui.text import md_escape

HOLDS = {True: "✓ yes", False: "✗ no"}
ROLE = {"calibration": "Calibration", "check": "Check"}


def people_table(df: pd.DataFrame) -> pd.DataFrame:
    """The evidence table with headers and numbers written for people."""
    return pd.DataFrame(
        {
            "Observation": df["id"],
            "What was published": df["quantity"],
            "Published": [
                format_quantity(o, v) for o, v in zip(df["output"], df["published"], strict=True)
            ],
            "Model": [
                format_quantity(o, v) for o, v in zip(df["output"], df["model"], strict=True)
            ],
            "Model / published": ["n/a" if pd.isna(r) else f"{r:.2f}x" for r in df["ratio"]],
            "Tolerance": [f"{t:g}x" for t in df["tolerance"]],
            "Holds": ["⚠ error" if pd.isna(w) else HOLDS[bool(w)] for w in df["within"]],
            "Role": df["role"].map(ROLE),
            "Scenario": [
                f"{preset}{f' at {at}' if at else ''}{f'; {o}' if o else ''}"
                for preset, at, o in zip(df["scenario"], df["at"], df["overrides"], strict=True)
            ],
            "Published on": df["date"],
            "Source": df["source"],
        }
    )


COLUMN_CONFIG = {
    "Observation": st.column_config.TextColumn(pinned=True),
    "Model": st.column_config.TextColumn(
        help="What the model computes now for the row's scenario: a preset with a few inputs set."
    ),
    "Model / published": st.column_config.TextColumn(help="1.00x: the model gives the figure."),
    "Tolerance": st.column_config.TextColumn(
        help="The row holds when model / published is between 1 / tolerance and tolerance."
    ),
    "Holds": st.column_config.TextColumn(
        help="Within tolerance (✓), outside it (✗), or the model cannot compute it now (⚠)."
    ),
    "Role": st.column_config.TextColumn(
        help="Calibration: the model (a preset or a constant) was set from this figure, so it "
        "can only show the calibration has not drifted. Check: not used to set anything."
    ),
    "Scenario": st.column_config.TextColumn(
        help="The preset the model runs, when it is read, and the inputs set on top of it."
    ),
    "Source": st.column_config.TextColumn(width="large"),
}


# --- the page ---------------------------------------------------------------------------

st.caption("AI infrastructure planner · Evidence")
st.title("Evidence")
try:
    table = evidence_table()
except ValueError as exc:  # the CSV itself is malformed
    st.error(
        f"data/observations.csv cannot be read: {md_escape(str(exc))}", icon=":material/error:"
    )
    st.stop()

n = counts(table)
checks = table[table["role"] == "check"]
checks_hold = int(checks["within"].sum())
errors = f", and {n['errors']} the model cannot compute now" if n["errors"] else ""
st.markdown(
    "How far can the model be trusted? Each row is a figure someone published about a real "
    "training run, a serving benchmark, a company's token volume, spend or energy per request, "
    "held against what the model computes, now, for the scenario in its row: a preset with a "
    "few inputs set to the published case. "
    f"**{n['observations']} observations: {n['within']} within their tolerance**, "
    f"{n['outside']} outside it{errors}. {n['calibration']} are *calibration* rows (a preset or "
    "a constant was set from them, so they show only that the calibration has not drifted) and "
    f"{n['check']} are *checks* that set nothing, the out-of-sample test: "
    f"{checks_hold} of them hold. The figures do not depend on the levers in the sidebar."
)

st.plotly_chart(ratio_by_row(table), key="fig_evidence_ratio")
st.plotly_chart(published_vs_model(table), key="fig_evidence")
st.dataframe(
    people_table(table),
    hide_index=True,
    column_config=COLUMN_CONFIG,
    height=35 * (len(table) + 1) + 3,
)

failed = table[table["error"] != ""]
if not failed.empty:
    st.warning(
        f"The model cannot compute {len(failed)} of the observations now:\n\n"
        + "\n".join(f"- **{md_escape(r.id)}**: {md_escape(r.error)}" for r in failed.itertuples()),
        icon=":material/warning:",
    )

st.download_button(
    "Download the evidence (CSV)",
    table.to_csv(index=False),
    # The rows do not depend on the levers: named after the planner, not a scenario.
    file_name=download_name(["AI infrastructure planner"], "evidence", "csv"),
    mime="text/csv",
    icon=":material/download:",
    help="Every row with the published and modelled figures, ratio, tolerance, role, "
    "source, scenario and any error.",
)
st.caption(
    "Observations, their sources and tolerances: data/observations.csv. Command line: "
    "planner evidence --format table (or json, csv, markdown)."
)

"""Methodology: the formulas, assumptions, catalog and presets behind every figure.

Run by ``st.navigation`` from app.py (no page config here). The formulas
mirror model/demand.py, model/compute.py, model/serving.py (with model/replicas.py
and model/roofline.py), model/costs.py, model/engine.py and model/fleet.py.
"""

import pandas as pd
import streamlit as st

import model
from model.catalog import REFERENCE_ACCELERATOR, price_ratio
from model.outputs import OUTPUTS
from model.parameters import BY_NAME, PARAMETERS, Param
from model.scenario import Scenario, preset_info
from ui.formulas import FORMULAS
from ui.state import current_scenario


def _range(p: Param) -> str:
    """The allowed range without its unit (the table has a unit column)."""
    if p.choices:
        return "a catalog accelerator" if len(p.choices) > 3 else " or ".join(p.choices)
    return p.range_text(unit=False)


scenario = current_scenario()

st.title("Methodology")
st.markdown(
    f"""
The planner projects, **month by month**, what serving a model (inference) and
building it (training) cost in accelerator-hours, dollars, energy and carbon.
Months run $m = 0, \\dots, M-1$ from January of `start_year` (**{scenario.start_year}**
here), $M = 12 \\times$ `horizon_years` ({12 * scenario.horizon_years} months here), and
$t = m/12$ is the time in years since the start. Years are sums of their months
(fleets and users are averaged). Percent inputs enter the formulas as fractions (40 % → 0.40).
Every symbol below names its parameter; the values of the current scenario are
in [Assumptions](#assumptions).
"""
)


def _serving_here(s: Scenario) -> str:
    """The serving figures of the current scenario's first month, in one line."""
    try:
        summary = model.project(s).summary
    except ValueError as exc:  # a model its accelerator cannot hold: say so, not a traceback
        return f"In the current scenario: {exc}"
    targets = (
        "meets its latency targets"
        if summary.serving_meets_targets
        else "misses a latency target (the closest replica is shown)"
    )
    return (
        f"In the current scenario, first month: replicas of "
        f"{summary.serving_replica_accelerators} × {s.inference_accelerator} at "
        f"{s.inference_precision}, batch {summary.serving_batch:,.0f}, TTFT "
        f"{summary.serving_ttft_ms:,.0f} ms, TPOT {summary.serving_tpot_ms:,.0f} ms, achieved "
        f"MFU {summary.serving_achieved_mfu:.0%}; it {targets}."
    )


# Text shown after a group's formulas.
GROUP_NOTES: dict[str, str] = {
    "Inference: decode and prefill": _serving_here(scenario),
    "Inference: calibration": (
        "**Not modelled**: attention FLOPs that grow with context (about +20 % of prefill "
        "compute at 20k tokens for a 70B model); queueing (TTFT and TPOT are service times, "
        "while the published maximum-load runs queue for tens of seconds); speculative "
        "decoding and separate prefill and decode fleets (both phases share a replica); "
        "memory reported in GiB (capacities are taken in GB, 7 % conservative). The "
        "calibrated shares absorb what these do on average."
    ),
}

st.header("Formulas")
for group in dict.fromkeys(g for g, _, _ in FORMULAS):
    st.subheader(group)
    for _, tex, note in (f for f in FORMULAS if f[0] == group):
        st.latex(tex)
        st.caption(note)
    if group in GROUP_NOTES:
        st.markdown(GROUP_NOTES[group])

st.header("Assumptions")
st.caption(
    "Every input of the current scenario, with its default and the source of that default. "
    "Changed values are marked ●."
)
values = scenario.params()
changed = scenario.diff(Scenario())
assumptions = pd.DataFrame(
    [
        {
            "Group": p.group,
            "Parameter": p.label,
            "Name": p.name,
            "Value": ("● " if p.name in changed else "") + p.format(values[p.name], unit=False),
            "Default": p.format(unit=False),
            "Unit": p.unit,
            "Range": _range(p),
            "Source": p.source,
        }
        for p in PARAMETERS
    ]
)
st.dataframe(
    assumptions,
    hide_index=True,
    width="stretch",
    height=35 * (len(assumptions) + 1) + 3,
    column_config={
        "Group": st.column_config.TextColumn(width=110),
        "Name": st.column_config.TextColumn(width="medium"),
        "Value": st.column_config.TextColumn(width=100),
        "Default": st.column_config.TextColumn(width=100),
        "Range": st.column_config.TextColumn(width=150),
        "Source": st.column_config.TextColumn(width="large"),
    },
)

st.header("Outputs")
st.caption(
    "Every column of the monthly and annual tables, the CSV and the workbook, and how "
    "a year aggregates its months: summed (flows), averaged (stocks and rates), the peak "
    "month, or a ratio recomputed from the year's totals."
)
_AGGREGATION_TEXT = {
    "calendar": "the year itself",
    "sum": "sum of the months",
    "mean": "average of the months",
    "peak": "largest month",
    "ratio": "recomputed from the year's totals",
    "none": "monthly only",
}
outputs_table = pd.DataFrame(
    [
        {
            "Output": o.label,
            "Name": o.name,
            "Unit": o.unit,
            "Tables": ", ".join(
                t for t, on in (("monthly", o.monthly), ("annual", o.annual)) if on
            ),
            "A year is the": _AGGREGATION_TEXT[o.agg],
            "Meaning": o.help,
        }
        for o in OUTPUTS
    ]
)
st.dataframe(
    outputs_table,
    hide_index=True,
    width="stretch",
    height=35 * (len(outputs_table) + 1) + 3,
    column_config={"Meaning": st.column_config.TextColumn(width="large")},
)

st.header("Accelerator catalog")
st.caption(
    "data/accelerators.csv. Dense peak throughput (datasheets often print 2:4-sparse, twice "
    "as large). Serving precisions are those the chip has a unit for: the A100 has no FP8, "
    "FP4 is Blackwell's (0 elsewhere), and on TPUs fp8 means INT8. Memory and bandwidth size "
    "the replicas and the decode step; the node size is the accelerators per server or "
    "scale-up domain, the step in which replicas grow past it. Prices are on-demand list "
    "prices; the spend formula uses each one's ratio to the "
    f"{REFERENCE_ACCELERATOR}, so the hardware-price lever moves them all. The purchase price "
    "is one accelerator's all-in price with its share of server and network, what a strategy "
    "that owns pays (Fleet economics); blank where the chip is only rented."
)
catalog = model.accelerators().reset_index(drop=True)
catalog["fp4_tflops"] = catalog["fp4_tflops"].fillna(0.0)  # 0: no FP4 unit, as in model.catalog
catalog.insert(
    catalog.columns.get_loc("price_usd_per_hour") + 1,
    "price_ratio",
    [price_ratio(n) for n in catalog["name"]],
)
num = st.column_config.NumberColumn
st.dataframe(
    catalog,
    hide_index=True,
    width="stretch",
    column_config={
        "name": "Accelerator",
        "vendor": "Vendor",
        "bf16_tflops": num("BF16 TFLOP/s (dense)", format="%.0f"),
        "fp8_tflops": num("FP8/INT8 TFLOP/s (dense)", format="%.0f"),
        "fp4_tflops": num("FP4 TFLOP/s (dense)", format="%.0f"),
        "low_precision": "Low-precision format",
        "precisions": "Serving precisions",
        "memory_gb": num("Memory (GB)", format="%.0f"),
        "bandwidth_tbs": num("Bandwidth (TB/s)", format="%.2f"),
        "node_size": num("Accelerators per node", format="%d"),
        "tdp_w": num("TDP (W)", format="%.0f"),
        "tdp_published": "TDP published",
        "price_usd_per_hour": num("List price (USD/h)", format="$%.2f"),
        "purchase_usd": num("Purchase price (USD, all-in)", format="$%.0f"),
        "price_ratio": num(f"Price vs {REFERENCE_ACCELERATOR}", format="%.2fx"),
        "price_seen": "Price seen",
        "source": st.column_config.TextColumn("Source", width="large"),
    },
)

st.header("Presets")
st.caption("Each preset starts from the defaults and overrides the values below.")
for name in model.presets():
    info = preset_info(name)
    with st.expander(name):
        st.markdown(info["description"])
        notes = info.get("notes", {})
        if "_" in notes:
            st.caption(notes["_"])
        if info["params"]:
            rows = [
                {
                    "Parameter": BY_NAME[k].label,
                    "Name": k,
                    "Value": BY_NAME[k].format(v),
                    "Default": BY_NAME[k].format(),
                    "Why": notes.get(k, ""),
                }
                for k, v in info["params"].items()
            ]
            st.table(pd.DataFrame(rows), hide_index=True)

st.header("References")
st.markdown(
    """
- Bass, F. M. (1969). A new product growth for model consumer durables. *Management Science* 15(5), 215-227.
- Sultan, F., Farley, J. U. & Lehmann, D. R. (1990). A meta-analysis of applications of diffusion models. *Journal of Marketing Research* 27(1), 70-77.
- Kaplan, J. et al. (2020). Scaling laws for neural language models. arXiv:2001.08361 (section 2.1: 6ND and 2N per token).
- Hoffmann, J. et al. (2022). Training compute-optimal large language models (Chinchilla). arXiv:2203.15556.
- Brown, T. B. et al. (2020). Language models are few-shot learners (GPT-3). arXiv:2005.14165, Table D.1.
- Touvron, H. et al. (2023). Llama 2: open foundation and fine-tuned chat models. arXiv:2307.09288, and the Llama 2 model card.
- Dubey, A. et al. (2024). The Llama 3 herd of models. arXiv:2407.21783, and the Llama 3.1 model card.
- Ho, A. et al. (2024). Algorithmic progress in language models. arXiv:2403.05812.
- Pope, R. et al. (2022). Efficiently scaling transformer inference. arXiv:2211.05102.
- Yuan, Z. et al. (2024). LLM inference unveiled: survey and roofline model insights (LLM-Viewer). arXiv:2402.16363.
- Li, C. (2023). llm-analysis: latency and memory analysis of transformer models (github.com/cli99/llm-analysis).
- BentoML (2025). llm-optimizer (github.com/bentoml/llm-optimizer): 90 % of memory for weights and KV cache; prefill at ~45 % and decode at ~30 % of peak.
- NVIDIA (2025). TensorRT-LLM performance overview (docs/source/performance/perf-overview.md, v1.0): Llama-3.3-70B FP8 on one H200, 2,909 and 442 output tokens/s; and the H200 launch note (Nov 2023).
- MLCommons (2025). MLPerf Inference v5.0: Llama-2-70B interactive latency targets, TTFT 450 ms and TPOT 40 ms.
- Epoch AI. Trends in machine learning hardware, and the machine learning hardware database (epoch.ai/data), 2024-2025.
- Wu, C.-J. et al. (2022). Sustainable AI: environmental implications, challenges and opportunities. *Proceedings of MLSys* 2022 (arXiv:2111.00364).
- Patterson, D. et al. (2022). The carbon footprint of machine learning training will plateau, then shrink. *IEEE Computer* 55(7), 18-28 (arXiv:2204.05149).
- Uptime Institute (2023). Global Data Center Survey 2023 (average PUE 1.58).
- Ember (2023). Global Electricity Review 2023 (2022 world intensity 436 gCO2/kWh), and Ember's 2023 country data.
- DeepSeek-AI (2024). DeepSeek-V3 technical report. arXiv:2412.19437.
- Server useful lives in company filings: Microsoft FY2023 10-Q (6 years, from 4); Alphabet 2022 10-K (6 years); Meta 2024 10-K (5.5 years from 2025); Amazon (5 years from January 2025, from 6).
- Third-party TCO analyses of an 8-GPU H100 node (2025-2026; ranges): USD 300-350k with networking, ~10.2 kW at full load, colocation USD 150-250 per kW-month, industrial power USD 0.06-0.12 per kWh, resale 25-35% after 36 months, USD 1.2-1.6 per GPU-hour owned at high utilisation, break-even with on-demand after 14-18 months; and public cloud price lists: 1- and 3-year reservations 30-60% below on-demand.
"""
)

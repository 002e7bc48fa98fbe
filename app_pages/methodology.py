"""Methodology: the formulas, assumptions, catalog and presets behind every figure.

Run by ``st.navigation`` from app.py (no page config here). The formulas
mirror model/demand.py, model/compute.py, model/costs.py and model/engine.py.
"""

import pandas as pd
import streamlit as st

import model
from model.catalog import REFERENCE_ACCELERATOR, price_ratio
from model.outputs import OUTPUTS
from model.parameters import BY_NAME, PARAMETERS, Param
from model.scenario import Scenario, preset_info
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

# (group, LaTeX, one line: symbols and reference). Mirrors model/ exactly.
FORMULAS: list[tuple[str, str, str]] = [
    (
        "Demand",
        r"F(t) = \frac{1 - e^{-(p+q)(t+t_0)}}{1 + \frac{q}{p}\, e^{-(p+q)(t+t_0)}},"
        r"\qquad t_0 = -\frac{1}{p+q}\ln\frac{1 - F_0}{1 + F_0\, q/p}"
        r"\quad\text{so that } F(0) = F_0",
        "$p$ = `bass_p`, $q$ = `bass_q`, $F_0$ = `initial_adoption_pct`. Bass (1969); "
        "mean $p = 0.03$, $q = 0.38$ per year: Sultan, Farley & Lehmann (1990).",
    ),
    (
        "Demand",
        r"U(t) = U_{\mathrm{addr}} \cdot a_{\mathrm{peak}} \cdot F(t)",
        "Active users; $U_\\mathrm{addr}$ = `addressable_users`, "
        "$a_\\mathrm{peak}$ = `adoption_peak_pct`. Bass (1969).",
    ),
    (
        "Demand",
        r"R_m = U(t) \cdot r \cdot (1 + g_u)^{t} \cdot d_m",
        "Requests in month $m$; $r$ = `requests_per_user_per_day`, "
        "$g_u$ = `usage_growth_pct_per_year`, $d_m$ = calendar days in the month.",
    ),
    (
        "Demand",
        r"\mathrm{Tok}_m = R_m\,(\tau_{\mathrm{in}} + \tau_{\mathrm{out}}),\qquad "
        r"\mathrm{Tok}^{\mathrm{DC}}_m = (1 - e)\,\mathrm{Tok}_m,\qquad "
        r"\mathrm{Tok}^{\mathrm{edge}}_m = e\,\mathrm{Tok}_m",
        "$\\tau_\\mathrm{in}$ = `input_tokens_per_request`, "
        "$\\tau_\\mathrm{out}$ = `output_tokens_per_request`; $e$ = `edge_share_pct`, "
        "run on users' devices and kept off the data-centre bill.",
    ),
    (
        "Inference compute",
        r"N_k = N_0 \cdot g^{\,k s},\qquad "
        r"\mathrm{FLOP/token}(m) = 2\, N_{k(m)}\,(1 - \eta)^{t}",
        "$N_0$ = `active_params_b`, $g$ = `generation_compute_growth`, "
        "$s$ = `params_share_of_growth`, $\\eta$ = `efficiency_gain_pct_per_year`, $k(m)$ "
        "under Training. $2N$: Kaplan et al. (2020); $s = 0.5$: Hoffmann et al. (2022); "
        "$\\eta$: Ho et al. (2024).",
    ),
    (
        "Inference compute",
        r"\mathrm{FLOP}^{\mathrm{inf}}_m = \mathrm{FLOP/token}(m) \cdot "
        r"\mathrm{Tok}^{\mathrm{DC}}_m,\qquad "
        r"H^{\mathrm{busy}}_m = \frac{\mathrm{FLOP}^{\mathrm{inf}}_m}"
        r"{P_{\mathrm{prec}} \cdot u_{\mathrm{inf}} \cdot 3600}",
        "$P_\\mathrm{prec}$ = dense peak FLOP/s of `inference_accelerator` at "
        "`inference_precision` (catalog below), $u_\\mathrm{inf}$ = `inference_mfu_pct`; edge "
        "FLOPs apply the same FLOP/token to $\\mathrm{Tok}^\\mathrm{edge}$. Pope et al. (2022).",
    ),
    (
        "Inference compute",
        r"H^{\mathrm{inf}}_m = H^{\mathrm{busy}}_m \left[1 + (\pi - 1)(1 - \alpha)\right],"
        r"\qquad \mathrm{Fleet}_m = \frac{H^{\mathrm{inf}}_m}{24\, d_m}",
        "Paid hours cover peaks: $\\pi$ = `peak_to_average`, $\\alpha$ = `autoscaling_pct`. "
        "Fleet = accelerators busy all month (training fleet likewise). Reasoned rule.",
    ),
    (
        "Training",
        r"C_0 = 6\, N_0 D_0,\qquad C_k = C_0\, g^{k}",
        "$D_0$ = `train_tokens_t`; each run uses $g$ times the previous one's compute, so "
        "$D_k = D_0\\,g^{k(1-s)}$. $6ND$: Kaplan et al. (2020); Hoffmann et al. (2022).",
    ),
    (
        "Training",
        r"\begin{gathered}\mathrm{FLOP}^{\mathrm{pre}}_m = \sum_k \frac{C_k}{T}\,"
        r"\mathbf{1}[kR \le m < kR + T] \\ "
        r"k(m) = \max\!\left(0,\ \#\{k : kR + T \le m\} - 1\right)\end{gathered}",
        "Run $k$ starts in month $kR$ ($R$ = `retrain_every_months`), is spread over "
        "$T$ = `training_run_months` and its model serves from the month after it ends; "
        "generation 0 (size $N_0$) serves from the start. Dubey et al. (2024).",
    ),
    (
        "Training",
        r"\mathrm{FLOP}^{\mathrm{cont}}_m = C_{\lfloor m/R \rfloor} \cdot \frac{\kappa}{R},"
        r"\qquad H^{\mathrm{train}}_m = \frac{\mathrm{FLOP}^{\mathrm{pre}}_m + "
        r"\mathrm{FLOP}^{\mathrm{cont}}_m}{P_{\mathrm{bf16}} \cdot u_{\mathrm{train}} \cdot 3600}",
        "$\\kappa$ = `continuous_training_pct` of the latest started run per period, spread "
        "evenly; $u_\\mathrm{train}$ = `training_mfu_pct` at BF16 on `training_accelerator`. "
        "Wu et al. (2022); Dubey et al. (2024).",
    ),
    (
        "Cost, energy, carbon",
        r"\mathrm{Spend}_m = H_m \cdot c \cdot \frac{\ell_{\mathrm{acc}}}"
        r"{\ell_{\mathrm{H100\ SXM}}} \Big/ (1 + \gamma)^{t}",
        "Inference and training hours each on their accelerator; $c$ = `gpu_hour_price_usd`, "
        "$\\ell$ = catalog list prices, $\\gamma$ = `price_performance_gain_pct_per_year`. "
        "Epoch AI hardware trends.",
    ),
    (
        "Cost, energy, carbon",
        r"E_m\,[\mathrm{MWh}] = \frac{H_m \cdot \mathrm{TDP}\,[\mathrm{W}] \cdot \mathrm{PUE}}"
        r"{10^6},\qquad \mathrm{CO_2}\,[\mathrm{t}] = \frac{E_m \cdot I}{1000}",
        "Paid hours at full TDP (an upper bound); PUE = `pue`, $I$ = `grid_gco2_per_kwh`. "
        "Uptime Institute (2023); Ember (2022/2023); Patterson et al. (2022).",
    ),
    (
        "Cost, energy, carbon",
        r"\text{cost per million tokens}_m = 10^6\,\mathrm{Spend}^{\mathrm{inf}}_m \big/ "
        r"\mathrm{Tok}^{\mathrm{DC}}_m",
        "Data-centre tokens only; for a year, recomputed from the year's totals.",
    ),
    (
        "Crossover",
        r"\begin{gathered}\Sigma_x(m) = \sum_{j=\max(0,\,m-11)}^{m} \mathrm{Spend}^{x}_j \\ "
        r"m^{*} = \min\{m : \Sigma_{\mathrm{inf}}(m) \ge \Sigma_{\mathrm{train}}(m),\ "
        r"\Sigma_{\mathrm{inf}}(m) > 0\}\end{gathered}",
        "First month whose trailing 12-month inference spend (since the start while shorter) "
        "reaches training spend; it *stays ahead* if that holds every later month.",
    ),
    (
        "Crossover",
        r"m^{*}_{\mathrm{cum}} = \min\Big\{m : \sum_{j \le m} \mathrm{Spend}^{\mathrm{inf}}_j"
        r" \ge \sum_{j \le m} \mathrm{Spend}^{\mathrm{train}}_j,\ "
        r"\sum_{j \le m} \mathrm{Spend}^{\mathrm{inf}}_j > 0\Big\}",
        "Cumulative crossover: inference has cost as much as training since the start. "
        "No such month: never, within the horizon.",
    ),
]

st.header("Formulas")
for group in dict.fromkeys(g for g, _, _ in FORMULAS):
    st.subheader(group)
    for _, tex, note in (f for f in FORMULAS if f[0] == group):
        st.latex(tex)
        st.caption(note)

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
    f"data/accelerators.csv. Dense peak throughput (datasheets often print 2:4-sparse, twice "
    f"as large). Prices are on-demand list prices; the spend formula uses each one's ratio to "
    f"the {REFERENCE_ACCELERATOR}, so the hardware-price lever moves them all."
)
catalog = model.accelerators().reset_index(drop=True)
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
        "low_precision": "Low-precision format",
        "memory_gb": num("Memory (GB)", format="%.0f"),
        "bandwidth_tbs": num("Bandwidth (TB/s)", format="%.2f"),
        "tdp_w": num("TDP (W)", format="%.0f"),
        "tdp_published": "TDP published",
        "price_usd_per_hour": num("List price (USD/h)", format="$%.2f"),
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
- Epoch AI. Trends in machine learning hardware, and the machine learning hardware database (epoch.ai/data), 2024-2025.
- Wu, C.-J. et al. (2022). Sustainable AI: environmental implications, challenges and opportunities. *Proceedings of MLSys* 2022 (arXiv:2111.00364).
- Patterson, D. et al. (2022). The carbon footprint of machine learning training will plateau, then shrink. *IEEE Computer* 55(7), 18-28 (arXiv:2204.05149).
- Uptime Institute (2023). Global Data Center Survey 2023 (average PUE 1.58).
- Ember (2023). Global Electricity Review 2023 (2022 world intensity 436 gCO2/kWh), and Ember's 2023 country data.
- DeepSeek-AI (2024). DeepSeek-V3 technical report. arXiv:2412.19437.
"""
)

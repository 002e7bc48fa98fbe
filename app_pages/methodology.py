"""Methodology: the formulas, assumptions, catalog and presets behind every figure.

Run by ``st.navigation`` from app.py (no page config here). The formulas
mirror model/demand.py, model/compute.py, model/serving.py (with model/replicas.py
and model/roofline.py), model/costs.py and model/engine.py.
"""

import pandas as pd
import streamlit as st

import model
from model import serving
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
        "Inference: the model in memory",
        r"N_k = N_0 \cdot g^{\,k s},\qquad N^{\mathrm{tot}}_k = \rho\, N_k,\qquad "
        r"W_k = b_w\, N^{\mathrm{tot}}_k",
        "The model served in generation $k$: $N_0$ = `active_params_b`, "
        "$g$ = `generation_compute_growth`, $s$ = `params_share_of_growth`, $k(m)$ under "
        "Training. $\\rho$ = `total_to_active_params`: 1 for a dense model; a mixture of "
        "experts holds every expert in memory and computes with the active ones (DeepSeek-V3 holds "
        "671B and uses 37B: 18.1). $W_k$ = weights [bytes], $b_w$ = bytes per parameter at "
        "`inference_precision` ("
        + ", ".join(f"{p} {b:g}" for p, b in serving.BYTES_PER_PARAM.items())
        + "). $s = 0.5$: Hoffmann et al. (2022).",
    ),
    (
        "Inference: the model in memory",
        r"\mathrm{kv}_k = 1024\,\kappa_0 \left(\frac{N_k}{N_0}\right)^{"
        + f"{serving.KV_SCALING_EXPONENT:g}"
        + r"} \frac{b_{\mathrm{kv}}}{2}",
        "KV cache per token [bytes]: $\\kappa_0$ = `kv_kib_per_token`, the first model's, in "
        "BF16 (2 × layers × KV heads × head dim × 2 bytes: 320 KiB for Llama 3 70B); 0 puts "
        "Llama 3 70B's 320 KiB at 70.55B parameters in place of $\\kappa_0$ at $N_0$. "
        "$b_\\mathrm{kv}$ = "
        + ", ".join(f"{b:g} at {p}" for p, b in serving.KV_BYTES_PER_VALUE.items())
        + ": FP8 serving keeps an FP8 KV cache, which halves it (FP4 too). With grouped-query "
        "attention the KV heads stay at 8, so the cache grows with depth, about $N^{1/3}$; "
        f"{serving.KV_SCALING_EXPONENT:g} is the least-squares fit over Llama 3 8B, 70B and "
        "405B (128, 320, 504 KiB). Dubey et al. (2024).",
    ),
    (
        "Inference: the model in memory",
        r"G \in \{1, 2, 4, \dots\} \cup \{n, 2n, \dots, "
        + f"{serving.MAX_REPLICA_NODES}"
        + r"n\},\qquad \mathrm{room}(G) = "
        + f"{serving.USABLE_MEMORY_SHARE:g}"
        + r"\, G M - W_k \;\ge\; (\tau_{\mathrm{in}} + \tau_{\mathrm{out}})\, \mathrm{kv}_k",
        "Accelerators per replica $G$: powers of two below the node size $n$ (tensor parallel "
        "within a server), then whole nodes; $M$ = memory and $n$ = node size of "
        "`inference_accelerator` (catalog below). "
        f"{serving.USABLE_MEMORY_SHARE:.0%} of memory holds weights and KV cache, the rest "
        "activations and the runtime (BentoML llm-optimizer; vLLM's default). A size fits "
        "when its room holds one request at full context. Among the sizes that fit, the model "
        "picks the one that meets the latency targets with the most requests per "
        "accelerator-second (the lowest cost per token; ties go to the smaller), shown as "
        "`replica_accelerators`; when none meets them, the closest, and "
        "`serving_meets_targets` is false. A model that fits no size up to "
        f"{serving.MAX_REPLICA_NODES} nodes is refused with a message naming its size, "
        "precision and accelerator, never a silent number.",
    ),
    (
        "Inference: decode and prefill",
        r"t(B) = f(G)\,\max\!\left(\frac{W_k + B\,c\,\mathrm{kv}_k}{BW\,\eta_{\mathrm{bw}}},\ "
        r"\frac{2 N_k B}{P\,\eta_{\mathrm{c}}}\right),\qquad "
        r"c = \tau_{\mathrm{in}} + \frac{\tau_{\mathrm{out}}}{2},\qquad "
        r"f(G) = \frac{1 + o \log_2 G}{G}",
        "Decode step time for a batch of $B$ sequences, the roofline: memory-bound at small "
        "batch (each step streams the weights and the batch's KV cache), compute-bound at "
        "large batch. $BW$ = memory bandwidth and $P$ = dense peak FLOP/s at "
        "`inference_precision` of `inference_accelerator`; $\\eta_\\mathrm{bw}$ = "
        "`decode_bandwidth_efficiency_pct`, $\\eta_\\mathrm{c}$ = "
        "`decode_compute_efficiency_pct`; $c$ = the average context while decoding; "
        f"$o$ = {serving.TP_OVERHEAD:g}, the slow-down per doubling of the replica "
        "(tensor-parallel communication), so a bigger replica is not free. Pope et al. "
        "(2022); Yuan et al. (2024).",
    ),
    (
        "Inference: decode and prefill",
        r"B = \max\!\Big(1,\ \min\!\Big(\Big\lfloor \frac{\mathrm{room}(G)}{c\,\mathrm{kv}_k}"
        r"\Big\rfloor,\ \max\{B' : t(B') \le \mathrm{TPOT}^{*}\},\ "
        + f"{serving.MAX_BATCH:d}"
        + r"\Big)\Big),\qquad \mathrm{TPOT} = t(B)",
        "The batch is the largest that the KV room holds and that meets the time-per-output-"
        "token target $\\mathrm{TPOT}^*$ = `tpot_target_ms` (0: no target, maximum "
        f"throughput), within the scheduler's cap of {serving.MAX_BATCH:,} (TensorRT-LLM's "
        "default). A tighter target means a smaller batch and fewer tokens per second per "
        "accelerator. Shown as `serving_batch` and `serving_tpot_ms`.",
    ),
    (
        "Inference: decode and prefill",
        r"\mathrm{TTFT} = T_{\mathrm{pre}} = f(G)\,"
        r"\frac{2 N_k\, \tau_{\mathrm{in}} (1 - h)}{P\,\eta_{\mathrm{p}}}"
        r"\quad\text{against}\quad \mathrm{TTFT}^{*}",
        "Prefill is compute-bound; $h$ = `prefix_cache_hit_pct`, the share of prompt tokens "
        "found in a prefix cache (system prompts, chat history), skips it; "
        "$\\eta_\\mathrm{p}$ = `prefill_compute_efficiency_pct`. The time to first token is "
        "the prefill's service time, without queueing (`serving_ttft_ms`); "
        "$\\mathrm{TTFT}^*$ = `ttft_target_ms` (0: none) steers the replica size (a bigger "
        "replica prefills faster) and flags a miss. Prefill takes replica time too.",
    ),
    (
        "Inference: decode and prefill",
        r"s_k = G\left(T_{\mathrm{pre}} + \frac{\tau_{\mathrm{out}}\, t(B)}{B}\right),\qquad "
        r"\mathrm{MFU} = \frac{2 N_k \left(\tau_{\mathrm{in}}(1 - h) + \tau_{\mathrm{out}}"
        r"\right)}{P\, s_k}",
        "Accelerator-seconds per request $s_k$ for the model of generation $k$; output "
        "tokens per second per replica are $\\tau_\\mathrm{out} G / s_k$. The achieved MFU "
        "(`inference_achieved_mfu`) is an output, not an input: compare it with published "
        "runs.",
    ),
    (
        "Inference: accelerator-hours",
        r"H^{\mathrm{busy}}_m = \frac{R_m\,(1 - e)\; s_{k(m)}\,(1 - \eta)^{t}}{3600}",
        "Busy accelerator-hours (`inference_busy_gpu_hours`): data-centre requests times the "
        "accelerator-seconds per request of the model in service; $\\eta$ = "
        "`efficiency_gain_pct_per_year` (distillation, quantisation, serving software) "
        "shrinks them with time. Ho et al. (2024).",
    ),
    (
        "Inference: accelerator-hours",
        r"H^{\mathrm{inf}}_m = H^{\mathrm{busy}}_m \left[1 + (\pi - 1)(1 - \alpha)\right],"
        r"\qquad \mathrm{Fleet}_m = \frac{H^{\mathrm{inf}}_m}{24\, d_m}",
        "Paid hours cover peaks: $\\pi$ = `peak_to_average`, $\\alpha$ = `autoscaling_pct`. "
        "Fleet = accelerators busy all month (training fleet likewise); "
        "`inference_peak_capacity_gpus` = $\\pi H^\\mathrm{busy}_m / (24\\, d_m)$, the "
        "capacity to provision at peak. Reasoned rule.",
    ),
    (
        "Inference: accelerator-hours",
        r"\mathrm{FLOP}^{\mathrm{inf}}_m = 2\, N_{k(m)}\,(1 - \eta)^{t} \cdot "
        r"\mathrm{Tok}^{\mathrm{DC}}_m",
        "Inference FLOPs (`inference_flops`; `edge_flops` on $\\mathrm{Tok}^\\mathrm{edge}$) "
        "are reported, not used for hours: those come from the serving model above. $2N$ "
        "per token: Kaplan et al. (2020).",
    ),
    (
        "Inference: calibration",
        r"\eta_{\mathrm{bw}} = "
        + f"{serving.ETA_BANDWIDTH:g}"
        + r",\quad \eta_{\mathrm{c}} = "
        + f"{serving.ETA_DECODE_COMPUTE:g}"
        + r",\quad \eta_{\mathrm{p}} = "
        + f"{serving.ETA_PREFILL:g}"
        + r",\quad o = "
        + f"{serving.TP_OVERHEAD:g}",
        "Fitted once, then the same for every chip: TensorRT-LLM's published throughputs for "
        "Llama-3.3-70B at FP8 on one H200, no latency target (2,909 output tokens/s at "
        "1,000/1,000 input/output tokens and 442 at 2,048/128), come out within 2 % of "
        "both; the table's eight other single-H200 rows within 13 % rms. The replica "
        "overhead $o$ is fitted on its multi-GPU rows (H100 replicas of 2, H100 and H200 "
        "replicas of 8). Over "
        "60 FP8 Hopper rows (8B to 405B, 1 to 8 GPUs) the rms error is 13 %, 59 within "
        "±30 %. Blackwell at FP4 comes out 1.4-1.6x optimistic.",
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
    f"{REFERENCE_ACCELERATOR}, so the hardware-price lever moves them all."
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
"""
)

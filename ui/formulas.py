"""The Methodology page's formulas: (group, LaTeX, one line naming every symbol's
parameter and the reference). They mirror model/demand.py, model/compute.py,
model/serving.py (with model/replicas.py and model/roofline.py), model/costs.py,
model/engine.py and model/fleet.py exactly; tests/test_docs.py holds the names to
the registry. No Streamlit here.
"""

from model import serving
from model.fleet import HOURS_PER_MONTH, breakeven_months, owned_cost_per_hour

#: The owned H100's figures at the default inputs, quoted in the captions.
_H100_OWNED = owned_cost_per_hour("H100 SXM")
_H100_PAYBACK = breakeven_months("H100 SXM", 2.50)

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
        r"\tau_{\mathrm{in}}(t) = \tau^{0}_{\mathrm{in}} (1 + g_{\mathrm{in}})^{t},\qquad "
        r"\tau_{\mathrm{out}}(t) = \tau^{0}_{\mathrm{out}} (1 + g_{\mathrm{out}})^{t}\, "
        r"\upsilon^{k(m)}",
        "Tokens per request grow: context (history, retrieval, tool results) at $g_\\mathrm{in}$ "
        "= `input_tokens_growth_pct_per_year`, answers (reasoning, agent steps) at "
        "$g_\\mathrm{out}$ = `output_tokens_growth_pct_per_year`, and each model generation "
        "$k$ (under Training) multiplies answers by $\\upsilon$ = "
        "`output_tokens_uplift_per_generation`. Shown as `input_tokens_per_request` and "
        "`output_tokens_per_request`. OpenRouter and a16z (2025): prompts ~4x and "
        "completions ~3x per request in a year of reasoning models.",
    ),
    (
        "Demand",
        r"\mathrm{Tok}_m = R_m\,(\tau_{\mathrm{in}} + \tau_{\mathrm{out}}),\qquad "
        r"\mathrm{Tok}^{\mathrm{DC}}_m = (1 - e)\,\mathrm{Tok}_m,\qquad "
        r"\mathrm{Tok}^{\mathrm{edge}}_m = e\,\mathrm{Tok}_m",
        "$\\tau^0_\\mathrm{in}$ = `input_tokens_per_request`, "
        "$\\tau^0_\\mathrm{out}$ = `output_tokens_per_request` at the start; $e$ = `edge_share_pct`, "
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
        "Accelerator-seconds per request $s_k$ for the model of generation $k$, computed "
        "for each (generation, year) with the year's mid-point tokens per request and "
        "scaled to each month's tokens; output "
        "tokens per second per replica are $\\tau_\\mathrm{out} G / s_k$. The achieved MFU "
        "(`inference_achieved_mfu`) is an output, not an input: compare it with published "
        "runs.",
    ),
    (
        "Inference: accelerator-hours",
        r"H^{\mathrm{busy}}_m = \frac{R_m\,(1 - e)\; s_{k(m)}\,(1 - \eta)^{t}}"
        r"{3600\,(1 + \gamma)^{t}}",
        "Busy accelerator-hours (`inference_busy_gpu_hours`): data-centre requests times the "
        "accelerator-seconds per request of the model in service; $\\eta$ = "
        "`efficiency_gain_pct_per_year` (distillation, quantisation, serving software) "
        "shrinks them with time (Ho et al. 2024). Hours and fleets are counted in each "
        "year's accelerators: at the chosen accelerator's hourly price, a year-$t$ "
        "accelerator does $(1 + \\gamma)^t$ its work, $\\gamma$ = "
        "`price_performance_gain_pct_per_year` (Epoch AI: FLOP/s per dollar +30% a year), "
        "so counts fall with time as well as dollars. The serving physics (memory, batch, "
        "latency) is the chosen accelerator's.",
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
        r"\mathrm{FLOP}^{\mathrm{cont}}_m}{P_{\mathrm{bf16}} \cdot u_{k} \cdot 3600\,"
        r"(1 + \gamma)^{t}}",
        "$\\kappa$ = `continuous_training_pct` of the latest started run per period, spread "
        "evenly: research and experiments (Meta's 10:20 experimentation:training is 50%; "
        "Epoch AI puts OpenAI's 2024 R&D at ~USD 5B of which ~USD 0.5B final runs, 900%). "
        "Each run's FLOPs are divided by its own whole-run MFU $u_k$ at BF16 on "
        "`training_accelerator`, in the year's accelerators as for inference.",
    ),
    (
        "Training",
        r"u_k = \frac{u_{\mathrm{best}}}{0.40}\left(0.345 + 0.121 \log_{10}"
        r"\frac{N_k}{405 \times 10^9}\right) \ \ge 0.05",
        "Whole-run MFU by model size: $u_\\mathrm{best}$ = `training_mfu_pct`, the best "
        "phase of a large run (Llama 3.1 405B: 38-43%, Dubey et al. 2024). Whole runs lose "
        "time to restarts and evaluation, and small models use thousands of accelerators "
        "poorly: fitted on Llama 3.1 8B, 70B and 405B's published H100-hours (1.46M, 7.0M, "
        "30.84M; Meta model card), which it reproduces within 0.1%. The fit is for runs "
        "spread over thousands of accelerators (from 1e23 FLOP); a run of 1e21 FLOP or "
        "less fits on a server or two and keeps $u_\\mathrm{best}/0.40 \\times 0.345$, "
        "blended on log10 of the run's compute between. Out of sample it is "
        "H100-era: Llama 2 7B and 70B on A100s come out 3.1x and 1.6x high "
        "(see the Evidence page).",
    ),
    (
        "Training",
        r"\mathrm{Spend}^{\mathrm{train}}_y \le \beta\, \mathrm{Spend}^{\mathrm{inf}}_y",
        "Optional budget cap, $\\beta$ = `training_spend_cap_x` (0: none): a calendar "
        "year's training compute (runs and experiments) is scaled down so that its spend is "
        "at most $\\beta$ times that year's inference spend. Training is paid for by what "
        "serving earns: OpenAI's 2024 R&D compute was 2.5x its inference (Epoch AI). A "
        "capped run trains less; the served model is still the planned one.",
    ),
    (
        "Cost, energy, carbon",
        r"\mathrm{Spend}_m = H_m \cdot c \cdot \frac{\ell_{\mathrm{acc}}}"
        r"{\ell_{\mathrm{H100\ SXM}}}",
        "Inference and training hours each on their accelerator, each year's at today's "
        "price, the hours already falling by $(1 + \\gamma)^t$; $c$ = `gpu_hour_price_usd`, "
        "$\\ell$ = catalog list prices, $\\gamma$ = `price_performance_gain_pct_per_year`. "
        "Epoch AI hardware trends. This is the spend when every hour is rented on demand "
        "(the default); a strategy that owns or reserves capacity replaces it with its P&L "
        "or cash cost (Fleet economics below).",
    ),
    (
        "Cost, energy, carbon",
        r"E_m\,[\mathrm{MWh}] = \frac{H_m (1 + \gamma)^{t} \cdot \mathrm{TDP}\,[\mathrm{W}] "
        r"\cdot \mathrm{PUE}}{10^6\,(1 + \epsilon)^{t}},\qquad "
        r"\mathrm{CO_2}\,[\mathrm{t}] = \frac{E_m \cdot I}{1000}",
        "Paid work, in hours of today's accelerator, at its full TDP (an upper bound); "
        "energy per unit of work falls at $\\epsilon$ = `energy_efficiency_gain_pct_per_year` "
        "(Epoch AI: ~40% a year). PUE = `pue`, $I$ = `grid_gco2_per_kwh`. "
        "Uptime Institute (2023); Ember (2022/2023); Patterson et al. (2022).",
    ),
    (
        "Cost, energy, carbon",
        r"\text{cost per million tokens}_m = 10^6\,\mathrm{Spend}^{\mathrm{inf}}_m \big/ "
        r"\mathrm{Tok}^{\mathrm{DC}}_m",
        "Data-centre tokens only; for a year, recomputed from the year's totals.",
    ),
    (
        "Fleet economics",
        r"\begin{gathered}D_m = \frac{H_m\,(1 + \gamma)^{t}}{24\, d_m} \\ "
        r"U^{\mathrm{own}}_m = \min(D_m,\ \bar u\, K_m),\qquad "
        r"U^{\mathrm{res}}_m = \min(D_m - U^{\mathrm{own}}_m,\ K^{\mathrm{res}}_m),\qquad "
        r"U^{\mathrm{od}}_m = D_m - U^{\mathrm{own}}_m - U^{\mathrm{res}}_m\end{gathered}",
        "How capacity is paid for, each stream on its own: $H_m$ = its paid hours "
        "(inference's $H^\\mathrm{inf}_m$, training's $H^\\mathrm{train}_m$), so $D_m$ = "
        "accelerators busy on average, in equivalents of today's accelerator. Owned capacity "
        "$K_m$ serves first, up to its target utilisation $\\bar u$ (the rest is headroom for "
        "failures, maintenance and growth, never sold as hours), then reserved "
        "$K^\\mathrm{res}_m$, and on-demand takes the rest (bursts and growth) at the list "
        "price. $\\omega$ = `inference_owned_pct` or "
        "`training_owned_pct` and $\\sigma$ = `inference_reserved_pct` or "
        "`training_reserved_pct` are the shares of $D_m$ met by owned and reserved capacity, "
        "$\\omega + \\sigma \\le 100\\%$; both 0 (the default) rents every hour.",
    ),
    (
        "Fleet economics",
        r"a_m = \max\!\Big(0,\ \frac{\omega D_m}{\bar u} - \sum_{j=m-L+1}^{m-1} a_j\Big),"
        r"\qquad K_m = \sum_{j=m-L+1}^{m} a_j,\qquad "
        r"b_m = \frac{a_m}{(1 + \gamma)^{t}},\qquad Q_m = \sum_{j=m-L+1}^{m} b_j",
        "Owned cohorts: each month tops the owned capacity in service up to $\\omega D_m / "
        "\\bar u$, $\\bar u$ = `target_utilisation_pct` (the rest is headroom); a cohort "
        "retires after its life $L$ = 12 × `useful_life_years` months (rounded), so capacity "
        "that demand no longer needs stays, and costs, until then. $b_m$ = accelerators "
        "bought (`accelerators_bought`; by stream `inference_accelerators_bought` and "
        "`training_accelerators_bought`), each of month $m$'s generation, which does "
        "$(1 + \\gamma)^t$ today's work; $Q_m$ = the owned fleet in service (`owned_fleet`). "
        "Each is ordered $\\Lambda$ = `lead_time_months` before, in month $m - \\Lambda$ "
        "(the purchase schedule). Lives in company filings: Microsoft and Alphabet 6 "
        "years, Meta 5.5, Amazon 5 from 2025 (REFERENCES.md, Owning hardware).",
    ),
    (
        "Fleet economics",
        r"q_m = \max\!\Big(0,\ \sigma D_m - \sum_{j=m-L_r+1}^{m-1} q_j\Big),\qquad "
        r"K^{\mathrm{res}}_m = \sum_{j=m-L_r+1}^{m} q_j,\qquad "
        r"Q^{\mathrm{res}}_m = \sum_{j=m-L_r+1}^{m} \frac{q_j}{(1 + \gamma)^{t_j}}",
        "Reserved commitments: topped up to $\\sigma D_m$ (no headroom) and each held for "
        "the term $L_r$ = `reservation_term_months`, used or not. Reserved hours "
        "$Q^\\mathrm{res}_m\\, 24\\, d_m$ (`reserved_gpu_hours`), of which "
        "$Q^\\mathrm{res}_m (U^\\mathrm{res}_m / K^\\mathrm{res}_m)\\, 24\\, d_m$ serve demand "
        "(`reserved_used_gpu_hours`).",
    ),
    (
        "Fleet economics",
        r"h^{\mathrm{own}}_m = Q_m\, \frac{U^{\mathrm{own}}_m}{K_m}\, 24\, d_m,\qquad "
        r"h^{\mathrm{od}}_m = \frac{U^{\mathrm{od}}_m\, 24\, d_m}{(1 + \gamma)^{t}}",
        "Owned hours used (`owned_used_gpu_hours`): every owned accelerator busy the same "
        "share of the month; on-demand hours (`on_demand_gpu_hours`) are of the month's "
        "accelerator, as the rented hours above.",
    ),
    (
        "Fleet economics",
        r"\mathrm{Capex}_m = P\, b_m,\qquad "
        r"\mathrm{Dep}_m = Q_m\, \frac{P\,(1 - v)}{L},\qquad "
        r"\mathrm{Res}_m = v\, P\, b_{m-L}",
        "$P$ = `accelerator_purchase_usd`, the all-in price of one accelerator with its share "
        "of server and network; 0 takes the catalog's purchase price of the stream's "
        "accelerator (TPUs and AWS chips have none: they are only rented, and owning them is "
        "refused). Capex (`capex_usd`) is paid in the month of delivery; depreciation "
        "(`depreciation_usd`) is straight-line, $P(1 - v)/L$ for each month an accelerator "
        "is in service, so a cohort's sums to what it cost less what it sells for; it sells "
        "for $v$ = `residual_value_pct` of the price when it retires "
        "(`residual_proceeds_usd`). An 8-GPU HGX H100 node costs ~USD 300-350k with "
        "networking (USD 40,000 a GPU); resale 25-35% after 36 months (third-party TCO "
        "analyses, 2025-2026; REFERENCES.md, Owning hardware).",
    ),
    (
        "Fleet economics",
        r"w = \frac{\mathrm{TDP}\,(1 + \eta_h)}{1000},\qquad "
        r"\mathrm{Pow}_m = h^{\mathrm{own}}_m\, w\, \mathrm{PUE}\, p_e,\qquad "
        r"\mathrm{Fac}_m = Q_m\, w\, f",
        "Power $w$ [kW] of an accelerator and its host: $\\eta_h$ = `host_power_share_pct` of "
        "its TDP for CPUs, memory, network and switches (an H100 node draws ~10.2 kW for "
        "5.6 kW of GPUs). Electricity (`power_usd`) is paid for busy hours, $p_e$ = "
        "`electricity_usd_per_kwh`, PUE = `pue`; the facility (`facility_usd`) for every "
        "accelerator in service, busy or idle, $f$ = `facility_usd_per_kw_month`. Power "
        "USD 0.06-0.12 per kWh, colocation USD 150-250 per kW-month (REFERENCES.md, Owning "
        "hardware).",
    ),
    (
        "Fleet economics",
        r"\bar c = c\, \frac{\ell_{\mathrm{acc}}}{\ell_{\mathrm{H100\ SXM}}},\qquad "
        r"\mathrm{Rsv}_m = Q^{\mathrm{res}}_m\, 24\, d_m\, \bar c\,(1 - \delta),\qquad "
        r"\mathrm{OD}_m = h^{\mathrm{od}}_m\, \bar c",
        "Reservation payments (`reservation_usd`) for every reserved hour at $\\delta$ = "
        "`reservation_discount_pct` off the list price $\\bar c$ (1- and 3-year commitments "
        "and capacity blocks: 30-60% off, public price lists); on-demand (`on_demand_usd`) "
        "at the list price. With $\\omega = \\sigma = 0$, $\\mathrm{OD}_m$ is the spend "
        "above, exactly.",
    ),
    (
        "Fleet economics",
        r"\begin{gathered}\mathrm{P\&L}_m = \mathrm{Dep}_m + \mathrm{Pow}_m + \mathrm{Fac}_m"
        r" + \mathrm{Rsv}_m + \mathrm{OD}_m \\ "
        r"\mathrm{Cash}_m = \mathrm{Capex}_m - \mathrm{Res}_m + \mathrm{Pow}_m + \mathrm{Fac}_m"
        r" + \mathrm{Rsv}_m + \mathrm{OD}_m\end{gathered}",
        "Each stream's cost under its strategy, summed over the two in `pnl_cost_usd` and "
        "`cash_cost_usd`; `spend_view` picks which one is `inference_spend_usd` and "
        "`training_spend_usd` (and so the crossover). Over a cohort's whole life both count "
        "$P\\,b\\,(1 - v)$; cash less P&L to date is the book value of the fleet in service, "
        "$B_m = \\sum_{k=m-L+1}^{m} P\\, b_k \\left(1 - (1 - v)\\,\\frac{m - k + 1}{L}\\right)$ "
        "(`owned_book_value_usd`).",
    ),
    (
        "Fleet economics",
        r"\mathrm{NPV} = \sum_{m=0}^{M-1} \frac{\mathrm{Cash}_m}{(1 + i)^{(m+1)/12}}"
        r" - \frac{B_{M-1}}{(1 + i)^{M/12}}",
        "Net present cost at the start: the cash cost, each month's at its end, less the "
        "book value of the fleet still owned when the plan ends (hardware bought late would "
        "otherwise count at its full price); $i$ = `cost_of_capital_pct` a year (a "
        "technology company's cost of capital, 8-12%). The strategies are compared on total "
        "P&L, cash, the fleet's value at the end, NPV and their largest year's capex.",
    ),
    (
        "Fleet economics",
        r"F = \frac{1}{8760}\left(P\,\frac{i\,(1 + i)^{n}}{(1 + i)^{n} - 1} - "
        r"v P\,\frac{i}{(1 + i)^{n} - 1}\right) + \frac{w f}{"
        + f"{HOURS_PER_MONTH:g}"
        + r"},\qquad n = \frac{L}{12}",
        "Fixed cost of one owned accelerator per hour of its life, busy or idle: the level "
        "yearly cost of its capital at the cost of capital $i$ (a capital recovery factor on "
        "the price, less a sinking fund for the residual value; at $i = 0$, "
        "$(P - vP)/n$, straight-line) plus the facility, "
        f"{HOURS_PER_MONTH:g} hours a month.",
    ),
    (
        "Fleet economics",
        r"C^{\mathrm{own}}(u) = \frac{F}{u} + w\, \mathrm{PUE}\, p_e,\qquad "
        r"u^{\dagger} = \frac{F}{\bar c - w\, \mathrm{PUE}\, p_e}",
        "Owned cost per useful accelerator-hour at utilisation $u$ (the share of its hours "
        "it is busy), and the break-even utilisation above which owning costs less per "
        "useful hour than $\\bar c$ on demand (against a reservation used in full, "
        "$\\bar c\\,(1 - \\delta)$ in place of $\\bar c$; above 100%: never). An H100 at the "
        f"default inputs and full use costs USD {_H100_OWNED:.2f} an hour (third-party TCO "
        "analyses: USD 1.2-1.6 at high utilisation; REFERENCES.md, Owning hardware).",
    ),
    (
        "Fleet economics",
        r"m^{\dagger} = \frac{P\,(1 - v)}{(\bar c - w\, \mathrm{PUE}\, p_e)\, "
        + f"{HOURS_PER_MONTH:g}"
        + r"\, u - w f}",
        "Payback: months of use at utilisation $u$ after which buying has cost less than "
        "renting on demand, the price less the resale over what each month saves (the rental "
        "of its busy hours less their power, less the month's facility); never when nothing "
        f"is saved. An H100 at the default inputs against USD 2.50 on demand: {_H100_PAYBACK:.0f} "
        "months of full use (third-party TCO analyses: roughly 14-18 months of high "
        "utilisation, against higher on-demand prices; REFERENCES.md, Owning hardware).",
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

"""The serving inputs of the registry: accelerator, precision, latency targets,
model shape and the calibrated efficiencies (:mod:`model.serving`).

Part of :data:`model.parameters.PARAMETERS`, declared here to keep each file
to one group; the registry is still the one place an input is declared.
"""

from __future__ import annotations

from model import serving
from model.catalog import PRECISIONS, accelerator_names
from model.param import Param

_ACCELERATORS = tuple(accelerator_names())

SERVING: tuple[Param, ...] = (
    Param(
        name="inference_precision",
        label="Inference precision",
        unit="",
        default="fp8",
        min=None,
        max=None,
        step=None,
        kind="choice",
        choices=tuple(PRECISIONS),
        group="Serving",
        help=(
            "Number format of the served weights: bf16 2 bytes, fp8 1, fp4 0.5 per parameter "
            "(fp8 is INT8 on TPUs). The accelerator must support it."
        ),
        source="FP8 serving is standard on H100-class hardware; FP4 needs Blackwell (B200, GB200).",
    ),
    Param(
        name="inference_accelerator",
        label="Inference accelerator",
        unit="",
        default="H100 SXM",
        min=None,
        max=None,
        step=None,
        kind="choice",
        choices=_ACCELERATORS,
        group="Serving",
        help="Accelerator that serves requests (see the catalog on the methodology page).",
        source="data/accelerators.csv",
    ),
    Param(
        name="ttft_target_ms",
        label="Time to first token target",
        unit="ms",
        default=450.0,
        min=0.0,
        max=60_000.0,
        step=50.0,
        group="Serving",
        fmt="%.0f ms",
        zero_label="none",
        help=(
            "Longest prefill a request may wait for before its first token (service time); "
            "0 for no target."
        ),
        source=(
            "MLPerf Inference v5.0 (2025) interactive scenario for Llama-2-70B: TTFT 450 ms, "
            "TPOT 40 ms; the server scenario allows about 2 s and 200 ms."
        ),
    ),
    Param(
        name="tpot_target_ms",
        label="Time per output token target",
        unit="ms",
        default=40.0,
        min=0.0,
        max=2_000.0,
        step=5.0,
        group="Serving",
        fmt="%.0f ms",
        zero_label="none",
        help=(
            "Longest decode step a user may wait between tokens: caps the batch. "
            "0 for maximum throughput."
        ),
        source="MLPerf Inference v5.0 (2025) interactive scenario for Llama-2-70B: TPOT 40 ms.",
    ),
    Param(
        name="prefix_cache_hit_pct",
        label="Prefix-cache hits",
        unit="% of input tokens",
        default=0.0,
        min=0.0,
        max=95.0,
        step=5.0,
        group="Serving",
        fmt="%.0f%%",
        help="Share of prompt tokens found in a prefix cache (system prompts, chat history): they skip prefill.",
        source="Reasoned: 0 as the conservative default; shared system prompts and multi-turn chats reuse far more.",
        spread=("+", 0.0, 30.0),
        spread_source="Between no reuse and a system-prompt-heavy product (reasoned).",
    ),
    Param(
        name="total_to_active_params",
        label="Total to active parameters",
        unit="x",
        default=1.0,
        min=1.0,
        max=50.0,
        step=0.1,
        group="Model",
        fmt="%.1fx",
        help=(
            "Parameters held in memory per parameter used per token: 1 for a dense model, "
            "more for a mixture of experts (memory for all, compute for the active ones)."
        ),
        source="Dense by default; DeepSeek-V3 holds 671B parameters and uses 37B per token (18.1x).",
    ),
    Param(
        name="kv_kib_per_token",
        label="KV cache per token",
        unit="KiB (BF16)",
        default=320.0,
        min=0.0,
        max=4_096.0,
        step=8.0,
        group="Model",
        fmt="%.0f KiB",
        zero_label="scaled from Llama 3 70B",
        help=(
            "KV cache per token of the first served model, in BF16 (2 x layers x KV heads x "
            "head dim x 2 bytes; FP8 serving halves it). Later generations scale it by "
            f"N_active^{serving.KV_SCALING_EXPONENT:g}: attention grows with depth, not width. "
            "0 scales Llama 3 70B's to the model's size."
        ),
        source=(
            "Llama 3 70B: 80 layers x 8 KV heads x 128 dims x 2 x 2 bytes = 320 KiB "
            "(8B: 128 KiB, 405B: 504 KiB; Meta model configurations, arXiv:2407.21783)."
        ),
        spread=("x", 0.8, 1.25),
        spread_source="Attention variants (grouped-query, multi-latent) change the KV size ±20-25% (reasoned).",
    ),
    Param(
        name="decode_bandwidth_efficiency_pct",
        label="Decode: share of peak bandwidth",
        unit="% of peak memory bandwidth",
        default=serving.ETA_BANDWIDTH * 100,
        min=10.0,
        max=100.0,
        step=1.0,
        group="Serving",
        fmt="%.0f%%",
        help="Memory bandwidth reached while decoding (streaming weights and KV cache).",
        source=(
            "Calibrated once on TensorRT-LLM's published H200 throughputs (Llama-3.3-70B FP8: "
            "2,909 and 442 output tokens/s); the same for every chip."
        ),
        spread=("x", 0.85, 1.15),
        spread_source="Serving software and kernels vary ±15% (the calibration's rms error is 13%).",
    ),
    Param(
        name="decode_compute_efficiency_pct",
        label="Decode: share of peak FLOP/s",
        unit="% of peak FLOP/s",
        default=serving.ETA_DECODE_COMPUTE * 100,
        min=5.0,
        max=100.0,
        step=1.0,
        group="Serving",
        fmt="%.0f%%",
        help="Compute throughput reached by large decode batches.",
        source="Calibrated with the bandwidth share on TensorRT-LLM's H200 figures; BentoML's llm-optimizer uses ~30%.",
        spread=("x", 0.85, 1.15),
        spread_source="As the bandwidth share (reasoned).",
    ),
    Param(
        name="prefill_compute_efficiency_pct",
        label="Prefill: share of peak FLOP/s",
        unit="% of peak FLOP/s",
        default=serving.ETA_PREFILL * 100,
        min=5.0,
        max=100.0,
        step=1.0,
        group="Serving",
        fmt="%.0f%%",
        help="Compute throughput reached while processing prompts.",
        source="Calibrated on TensorRT-LLM's H200 2048/128 figure; BentoML's llm-optimizer uses ~45%.",
        spread=("x", 0.85, 1.15),
        spread_source="As the bandwidth share (reasoned).",
    ),
)

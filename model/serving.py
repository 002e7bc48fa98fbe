"""Serving: replicas, batch, latency and tokens/s per accelerator (model v2).

Inference cost is set by memory as much as by FLOPs. The serving model
turns a model (active and total parameters, precision), a request shape
(input and output tokens) and latency targets into a replica size, a batch,
latencies, tokens/s and accelerator-seconds per request. It is three
modules, each importable from here as before:

- :mod:`model.replicas`: memory sizing. Bytes per parameter, KV cache per
  token and its scaling, replica sizes, the smallest replica that fits, the
  message naming a model that does not.
- :mod:`model.roofline`: the calibrated efficiency factors and the
  vectorised roofline, ``serving_profile`` (the engine's entry point).
- this module: the public functions for tests and notebooks,
  ``serving_throughput`` (scalars, one frozen result) and
  ``accelerator_seconds_per_request``.

The model, with W = N_total x bytes/param the weights [B], kv the KV cache
bytes per token, g accelerators of memory M, bandwidth BW and peak P:

- KV room = 0.9 x g x M - W; a replica fits when the room holds one request
  at full context (input + output tokens).
- Decode step time for a batch B at average context c = input + output/2:
  ``t(B) = max((W + B c kv) / (g BW eta_bw), B 2 N_active / (g P eta_c))``;
  the time per output token (TPOT) is t(B).
- B is the largest batch that fits the KV room, meets the TPOT target and
  stays within the scheduler's cap (``MAX_BATCH``); at least 1.
- Prefill of one request: ``input (1 - hit) 2 N_active / (g P eta_p)``; it
  is the time to first token (TTFT, service time, no queueing) and it takes
  replica time too.
- Replica-seconds per request = prefill + output x t(B) / B; accelerator-
  seconds per request = g x that; achieved MFU = useful FLOPs / (g P time).
- A replica of g accelerators reaches its efficiencies divided by
  1 + TP_OVERHEAD x log2 g (tensor-parallel communication), so a bigger
  replica is not free.
- The replica size is chosen among 1, 2, 4, 8 (powers of two below the node
  size), then whole nodes up to ``MAX_REPLICA_NODES``: the sizes that fit
  and meet the targets, the one with the most requests per accelerator-
  second (price per accelerator is constant within a chip, so this is the
  lowest cost per token); ties go to the smaller replica. Where no size
  meets the targets, the one closest to meeting them is reported, flagged.

Not modelled: attention FLOPs that grow with context (~+20% of prefill
compute at 20k tokens for a 70B model), queueing (TTFT and TPOT are service
times; the published maximum-load runs queue for tens of seconds), and
memory reported in GiB (capacities are taken in GB, 7% conservative). The
calibrated factors absorb what these do on average. The sources of each
part are in the References of its module.

References
----------
.. [1] Agrawal, A. et al. (2024). Vidur: a large-scale simulation framework
   for LLM inference. MLSys 2024: capacity is the highest load whose
   latency percentiles meet the TTFT/TBT targets.
.. [2] MLCommons MLPerf Inference v5.0 (2025): Llama-2-70B interactive
   TTFT 450 ms and TPOT 40 ms; server 2 s and 200 ms; Llama-3.1-405B 6 s
   and 175 ms.
.. [3] NVIDIA TensorRT-LLM, docs/source/performance/perf-overview.md (v1.0):
   Llama-3.3-70B FP8 on one H200 (TP1), total output tokens/s at maximum
   load, 2,909 at 1000/1000 and 442 at 2048/128 input/output tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from model.catalog import Accelerator
from model.replicas import (
    BYTES_PER_PARAM,
    KV_BYTES_PER_VALUE,
    KV_SCALING_EXPONENT,
    LLAMA3_70B_KV_BYTES_PER_TOKEN,
    LLAMA3_70B_PARAMS,
    MAX_REPLICA_NODES,
    USABLE_MEMORY_SHARE,
    _chip,
    _kv_default,
    kv_bytes_per_token,
    replica_accelerators,
    replica_sizes,
    weight_bytes,
)
from model.roofline import (
    ETA_BANDWIDTH,
    ETA_DECODE_COMPUTE,
    ETA_PREFILL,
    MAX_BATCH,
    TP_OVERHEAD,
    ServingProfile,
    serving_profile,
)

__all__ = [
    "BYTES_PER_PARAM",
    "ETA_BANDWIDTH",
    "ETA_DECODE_COMPUTE",
    "ETA_PREFILL",
    "KV_BYTES_PER_VALUE",
    "KV_SCALING_EXPONENT",
    "LLAMA3_70B_KV_BYTES_PER_TOKEN",
    "LLAMA3_70B_PARAMS",
    "MAX_BATCH",
    "MAX_REPLICA_NODES",
    "TP_OVERHEAD",
    "USABLE_MEMORY_SHARE",
    "ServingProfile",
    "ServingResult",
    "accelerator_seconds_per_request",
    "kv_bytes_per_token",
    "replica_accelerators",
    "replica_sizes",
    "serving_profile",
    "serving_throughput",
    "weight_bytes",
]


@dataclass(frozen=True)
class ServingResult:
    """Serving figures for one model, request shape and accelerator.

    Attributes
    ----------
    accelerator : str
        Catalog name of the accelerator.
    precision : str
        Serving precision.
    output_tokens_per_s : float
        Output tokens per second per replica [1/s].
    output_tokens_per_s_per_accelerator : float
        Output tokens per second per accelerator [1/s].
    batch : int
        Decode batch [sequences].
    ttft_ms : float
        Time to first token (prefill service time, no queueing) [ms].
    tpot_ms : float
        Time per output token (decode step time) [ms].
    replica_accelerators : int
        Accelerators per replica, as chosen or as given [-].
    min_replica_accelerators : int
        Smallest replica that holds the weights and one request [-].
    replica_nodes : float
        Replica size in nodes (``replica_accelerators / node_size``) [-].
    achieved_mfu : float
        Achieved model FLOPs utilisation [-].
    meets_targets : bool
        Whether TTFT and TPOT meet their targets (True without targets).
    limited_by : str
        What sets the batch: "KV cache", "TPOT target" or "batch cap".
    decode_bound : str
        "memory bandwidth" or "compute".
    accelerator_seconds_per_request : float
        Accelerator busy time per request [s].
    replica_seconds_per_request : float
        Replica busy time per request [s].
    prefill_share : float
        Share of replica time spent in prefill [-].
    kv_bytes_per_token : float
        KV cache per token as stored [B].
    weights_bytes : float
        Weights of the whole model at the serving precision [B].
    """

    accelerator: str
    precision: str
    output_tokens_per_s: float
    output_tokens_per_s_per_accelerator: float
    batch: int
    ttft_ms: float
    tpot_ms: float
    replica_accelerators: int
    min_replica_accelerators: int
    replica_nodes: float
    achieved_mfu: float
    meets_targets: bool
    limited_by: str
    decode_bound: str
    accelerator_seconds_per_request: float
    replica_seconds_per_request: float
    prefill_share: float
    kv_bytes_per_token: float
    weights_bytes: float


def accelerator_seconds_per_request(
    accelerator: str | Accelerator,
    precision: str,
    active_params: ArrayLike,
    total_params: ArrayLike | None,
    input_tokens: ArrayLike,
    output_tokens: ArrayLike,
    **kwargs,
) -> np.ndarray:
    """Accelerator busy time per request [s], vectorised (see ``serving_profile``).

    Multiply by requests and divide by 3600 for accelerator-hours. Keyword
    arguments are those of ``serving_profile``.
    """
    return serving_profile(
        accelerator, precision, active_params, total_params, input_tokens, output_tokens, **kwargs
    ).accelerator_seconds_per_request


def serving_throughput(
    accelerator: str | Accelerator,
    precision: str,
    active_params: float,
    total_params: float | None,
    input_tokens: float,
    output_tokens: float,
    ttft_target_ms: float | None = None,
    tpot_target_ms: float | None = None,
    prefix_cache_hit_pct: float = 0.0,
    kv_bytes_per_token: float | None = None,
    replica_accelerators: int | None = None,
    **kwargs,
) -> ServingResult:
    """Throughput and latency of one model on one accelerator (scalar inputs).

    Parameters
    ----------
    accelerator : str or Accelerator
        Catalog name (e.g. "H200 SXM") or row.
    precision : {"bf16", "fp8", "fp4"}
        Serving precision; the accelerator must support it.
    active_params : float
        N_active, parameters used per token [-], a count (70.6e9, not 70.6).
    total_params : float or None
        N_total, parameters held in memory [-]; None for a dense model.
    input_tokens, output_tokens : float
        Tokens per request [-].
    ttft_target_ms, tpot_target_ms : float or None
        Latency targets [ms]; None (or 0) means maximum throughput.
    prefix_cache_hit_pct : float
        Share of input tokens whose prefill a prefix cache skips [%].
    kv_bytes_per_token : float or None
        KV cache per token as stored [B]; None: Llama 3 70B scaled to
        ``active_params`` at the precision's KV format.
    replica_accelerators : int or None
        Accelerators per replica; None lets the model choose the size with
        the lowest cost per token under the targets.
    **kwargs
        ``eta_bandwidth``, ``eta_decode_compute``, ``eta_prefill``,
        ``max_batch``, ``max_nodes`` as in ``serving_profile``.

    Returns
    -------
    ServingResult

    Raises
    ------
    ValueError
        The accelerator lacks the precision ("A100 SXM 80GB has no FP8
        unit; use bf16"), or no allowed replica holds the model (the
        message names its size in billions of parameters, the precision and
        the accelerator), or an input is out of range.

    Examples
    --------
    >>> r = serving_throughput("H200 SXM", "fp8", 70.6e9, None, 1000, 1000,
    ...                        replica_accelerators=1)
    >>> round(r.output_tokens_per_s, -2)  # TensorRT-LLM publishes 2,909
    3000.0
    >>> r.batch, r.limited_by, r.decode_bound
    (229, 'KV cache', 'compute')
    """
    for name, value in (
        ("active_params", active_params),
        ("total_params", total_params),
        ("input_tokens", input_tokens),
        ("output_tokens", output_tokens),
        ("ttft_target_ms", ttft_target_ms),
        ("tpot_target_ms", tpot_target_ms),
        ("prefix_cache_hit_pct", prefix_cache_hit_pct),
        ("kv_bytes_per_token", kv_bytes_per_token),
    ):
        if value is not None and np.ndim(value) != 0:
            raise ValueError(f"{name} must be a scalar here; use serving_profile for arrays")
    chip = _chip(accelerator)
    if not float(active_params) >= 1e6:  # people type billions here; the engine never does
        raise ValueError("active_params must be a count of parameters (70.6e9, not 70.6 billions)")
    p = serving_profile(
        chip,
        precision,
        active_params,
        total_params,
        input_tokens,
        output_tokens,
        ttft_target_ms,
        tpot_target_ms,
        prefix_cache_hit_pct,
        kv_bytes_per_token,
        replica_accelerators,
        on_misfit="raise",
        **kwargs,
    )
    kv = _kv_default(active_params, precision) if kv_bytes_per_token is None else kv_bytes_per_token
    g = int(p.replica_accelerators)
    return ServingResult(
        accelerator=chip.name,
        precision=precision,
        output_tokens_per_s=float(p.output_tokens_per_s),
        output_tokens_per_s_per_accelerator=float(p.output_tokens_per_s_per_accelerator),
        batch=int(p.batch),
        ttft_ms=float(p.ttft_ms),
        tpot_ms=float(p.tpot_ms),
        replica_accelerators=g,
        min_replica_accelerators=int(p.min_replica_accelerators),
        replica_nodes=g / chip.node_size,
        achieved_mfu=float(p.achieved_mfu),
        meets_targets=bool(p.meets_targets),
        limited_by=str(p.limited_by),
        decode_bound=str(p.decode_bound),
        accelerator_seconds_per_request=float(p.accelerator_seconds_per_request),
        replica_seconds_per_request=float(p.replica_seconds_per_request),
        prefill_share=float(p.prefill_share),
        kv_bytes_per_token=float(kv),
        weights_bytes=float(
            weight_bytes(total_params if total_params is not None else active_params, precision)
        ),
    )

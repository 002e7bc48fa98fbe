"""The serving roofline: batch, latency, tokens/s per replica (model v2).

A replica of g accelerators (sized by :mod:`model.replicas`) streams the
weights and the batch's KV cache through memory once per decode step and does
2 N_active FLOPs per sequence, so decode is memory-bound at small batch and
compute-bound at large batch; prefill is compute-bound. ``serving_profile``
turns a model, a request shape and latency targets into the replica size it
picks, a batch, latencies, tokens/s, accelerator-seconds per request and the
achieved MFU, with efficiency factors calibrated once on published
throughputs (never per chip). The formulas are listed in :mod:`model.serving`.

Every numeric input broadcasts (numpy), e.g. ``(draws, 1)`` against
``(months,)``; the accelerator and the precision are scalars. The only
Python loop is over the handful of candidate replica sizes.

References
----------
.. [1] Kaplan, J. et al. (2020). Scaling laws for neural language models.
   arXiv:2001.08361, section 2.1: a forward pass costs ~2 N FLOPs per token.
.. [2] Yuan, Z. et al. (2024). LLM Inference Unveiled: Survey and Roofline
   Model Insights (LLM-Viewer). arXiv:2402.16363: a layer is memory-bound
   below the arithmetic intensity peak / bandwidth.
.. [3] Li, C. (2023). llm-analysis: latency = max(compute time, (weights +
   activations + KV cache) / bandwidth). github.com/cli99/llm-analysis.
.. [4] BentoML llm-optimizer (2025): prefill at ~45% of peak, decode at ~30%
   of peak or bandwidth-bound. github.com/bentoml/llm-optimizer.
.. [5] NVIDIA TensorRT-LLM, docs/source/performance/perf-overview.md (v1.0):
   Llama-3.3-70B FP8 on one H200 (TP1), total output tokens/s at maximum
   load, 2,909 at 1000/1000 and 442 at 2048/128 input/output tokens.
.. [6] NVIDIA TensorRT-LLM, docs/source/blogs/H200launch.md (Nov 2023):
   Llama-2-70B FP8 on one H200, batch 512, 128/128 tokens: 3,014 tokens/s.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from model.catalog import Accelerator
from model.replicas import (
    MAX_REPLICA_NODES,
    USABLE_MEMORY_SHARE,
    _chip,
    _kv_default,
    _misfit_message,
    replica_sizes,
    weight_bytes,
)

__all__ = [
    "ETA_BANDWIDTH",
    "ETA_DECODE_COMPUTE",
    "ETA_PREFILL",
    "MAX_BATCH",
    "TP_OVERHEAD",
    "ServingProfile",
    "serving_profile",
]

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

#: Largest decode batch one replica's scheduler runs [sequences]; TensorRT-LLM's
#: default max_batch_size is 2048. Beyond a few hundred sequences decode is
#: compute-bound, so the cap rarely binds.
MAX_BATCH = 2048

# Efficiency factors: calibrated once, never per chip.
#
# Stage 1 (eta_bw, eta_c, eta_p), on TensorRT-LLM's published throughputs [5]
# for Llama-3.3-70B, FP8 (FP8 KV cache, 163,840 B/token), one H200 (TP1), no
# latency target: 2,909 output tokens/s at 1000/1000 input/output tokens and
# 442 at 2048/128. Two points cannot pin three factors (eta_p is pinned by
# 2048/128 to 0.53-0.63; eta_bw and eta_c trade off along a ridge), so among
# the grid points that hit both within 1% the one with the smallest rms log
# error on the eight other H200 TP1 rows of the same table was taken, rounded:
# model / published = 1.02 (1000/1000) and 1.02 (2048/128); the other rows
# 0.78 (128/128), 1.03 (128/2048), 1.17 (128/4096), 1.11 (500/2000),
# 1.01 (1000/2000), 0.93 (2048/2048), 0.92 (5000/500), 0.87 (20000/2000):
# rms 13%. eta_c = 0.33 agrees with BentoML's "decode at ~30% of peak" [4].
#
# Stage 2 (TP_OVERHEAD), with stage 1 fixed, on the multi-GPU FP8 rows of the
# same table (H100 TP2 Llama-3.3-70B; H200 and H100 TP8 Llama-3.1-405B, 30
# rows): least squares on log error gives 0.13 (rms 14%, against 32% with no
# overhead); medians 1.04 (H100 TP2), 0.97 (H200 TP8), 1.02 (H100 TP8).
#
# Out of sample: Llama-2-70B FP8 on one H200 at batch 512, 128/128 tokens
# (Nov 2023, [6]): 3,035 tokens/s against 3,014 published (1.01). Llama-3.1-
# 8B FP8 TP1 rows: medians 1.01 (H200) and 0.89 (H100). Blackwell at FP4 is
# optimistic: B200 and GB200 TP1 Llama-3.3-70B medians 1.41 and 1.37, TP4
# Llama-3.1-405B 1.54 and 1.61: that software reached a smaller share of
# Blackwell's FP4 peak or bandwidth than of Hopper's, which one factor set
# cannot express. Over the 60 FP8 rows (Hopper, 8B to 405B, TP1 to TP8):
# rms log error 13%, 59 of 60 within +-30%.
#
#: Share of peak memory bandwidth reached by decode [-].
ETA_BANDWIDTH = 0.57
#: Share of peak FLOP/s reached by decode when compute-bound [-].
ETA_DECODE_COMPUTE = 0.33
#: Share of peak FLOP/s reached by prefill [-].
ETA_PREFILL = 0.59

#: Slow-down of a replica per doubling of its size [-]: a replica of g
#: accelerators runs at 1 / (1 + TP_OVERHEAD x log2 g) of the single-
#: accelerator efficiencies (tensor-parallel all-reduces; pipeline bubbles
#: across nodes). Without it a bigger replica, with more room for KV cache,
#: would always look free, and the published TP2 and TP8 throughputs come
#: out 1.2x and 1.3-1.4x too high.
TP_OVERHEAD = 0.13

_LIMITS = ("KV cache", "TPOT target", "batch cap")


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ServingProfile:
    """Vectorised serving figures, one array element per input element.

    Where no replica fits (``on_misfit="flag"``) the float figures are NaN and
    the replica sizes 0.

    Attributes
    ----------
    accelerator : str
        Catalog name of the accelerator.
    precision : str
        Serving precision.
    fits : ndarray of bool
        Whether any allowed replica holds the weights plus one request.
    replica_accelerators : ndarray of int
        Accelerators per replica, as chosen (0 where nothing fits) [-].
    min_replica_accelerators : ndarray of int
        Smallest replica that fits (0 where nothing fits) [-].
    batch : ndarray of float
        Decode batch, whole sequences [-].
    kv_batch_limit : ndarray of float
        Largest batch the KV room holds at the chosen replica [-].
    tpot_ms : ndarray of float
        Time per output token = decode step time [ms].
    ttft_ms : ndarray of float
        Time to first token = prefill time of one request, no queueing [ms].
    replica_seconds_per_request : ndarray of float
        Replica busy time per request, prefill plus its share of decode [s].
    accelerator_seconds_per_request : ndarray of float
        ``replica_accelerators`` x ``replica_seconds_per_request`` [s].
    output_tokens_per_s : ndarray of float
        Output tokens per second per replica [1/s].
    output_tokens_per_s_per_accelerator : ndarray of float
        Output tokens per second per accelerator [1/s].
    achieved_mfu : ndarray of float
        Useful FLOPs (2 N_active per prefilled or generated token) over
        g x peak x replica time [-].
    prefill_share : ndarray of float
        Share of replica time spent in prefill [-].
    meets_targets : ndarray of bool
        Whether TTFT and TPOT meet their targets (True without targets).
    limited_by : ndarray of str
        What sets the batch: "KV cache", "TPOT target" or "batch cap".
    decode_bound : ndarray of str
        "memory bandwidth" or "compute": which side of the roofline the
        decode step is on.
    """

    accelerator: str
    precision: str
    fits: np.ndarray
    replica_accelerators: np.ndarray
    min_replica_accelerators: np.ndarray
    batch: np.ndarray
    kv_batch_limit: np.ndarray
    tpot_ms: np.ndarray
    ttft_ms: np.ndarray
    replica_seconds_per_request: np.ndarray
    accelerator_seconds_per_request: np.ndarray
    output_tokens_per_s: np.ndarray
    output_tokens_per_s_per_accelerator: np.ndarray
    achieved_mfu: np.ndarray
    prefill_share: np.ndarray
    meets_targets: np.ndarray
    limited_by: np.ndarray
    decode_bound: np.ndarray


# --------------------------------------------------------------------------
# The roofline
# --------------------------------------------------------------------------


def _no_target(x: ArrayLike | None) -> np.ndarray:
    """Targets in ms -> seconds, with None, 0, NaN or negative meaning no target."""
    if x is None:
        return np.asarray(np.inf)
    t = np.asarray(x, dtype=float)
    return np.where(np.isfinite(t) & (t > 0), t / 1e3, np.inf)


def _batch_limits(
    room: np.ndarray,
    per_seq: np.ndarray,
    a0: np.ndarray,
    b0: np.ndarray,
    c0: np.ndarray,
    tpot_scaled: np.ndarray,
    max_batch: float,
    positive: tuple[bool, bool] = (False, False),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Batch from KV room, TPOT target and cap: (batch, KV limit, TPOT limit) [-].

    ``tpot_scaled`` is the TPOT target divided by the replica's time factor
    f = slow-down / g, so that the step time is f x max(a0 + b0 B, c0 B).
    ``positive`` says that ``per_seq`` and ``b0`` are known to be positive
    everywhere: the guards against dividing by 0 are skipped then (same values).
    """
    seq_positive, b0_positive = positive
    with np.errstate(divide="ignore", invalid="ignore"):
        b_kv = np.maximum(room, 0.0) / per_seq
        if not seq_positive:
            b_kv = np.where(per_seq > 0, b_kv, np.inf)
        b_kv = np.floor(b_kv)
        b_mem = (tpot_scaled - a0) / b0
        if not b0_positive:
            b_mem = np.where(b0 > 0, b_mem, np.where(tpot_scaled >= a0, np.inf, -np.inf))
        b_tpot = np.floor(np.minimum(b_mem, tpot_scaled / c0))
    batch = np.maximum(np.minimum(np.minimum(b_kv, b_tpot), max_batch), 1.0)
    return batch, b_kv, b_tpot


def serving_profile(
    accelerator: str | Accelerator,
    precision: str,
    active_params: ArrayLike,
    total_params: ArrayLike | None,
    input_tokens: ArrayLike,
    output_tokens: ArrayLike,
    ttft_target_ms: ArrayLike | None = None,
    tpot_target_ms: ArrayLike | None = None,
    prefix_cache_hit_pct: ArrayLike = 0.0,
    kv_bytes_per_token: ArrayLike | None = None,
    replica_accelerators: int | None = None,
    *,
    eta_bandwidth: ArrayLike = ETA_BANDWIDTH,
    eta_decode_compute: ArrayLike = ETA_DECODE_COMPUTE,
    eta_prefill: ArrayLike = ETA_PREFILL,
    tp_overhead: ArrayLike = TP_OVERHEAD,
    max_batch: float = MAX_BATCH,
    max_nodes: int = MAX_REPLICA_NODES,
    on_misfit: str = "raise",
) -> ServingProfile:
    """Vectorised serving model: batch, latency, tokens/s and accelerator-seconds.

    The engine's entry point: every numeric input broadcasts, so a
    ``(draws, 1)`` array of parameters against a ``(months,)`` array of
    tokens gives ``(draws, months)`` results with no Python loop per draw.

    Parameters
    ----------
    accelerator : str or Accelerator
        Catalog name or row (scalar).
    precision : {"bf16", "fp8", "fp4"}
        Serving precision (scalar); the accelerator must support it.
    active_params : array_like
        N_active, parameters used per token [-], a count, not billions.
    total_params : array_like or None
        N_total, parameters held in memory [-]; None for a dense model
        (= ``active_params``). Must be >= ``active_params``.
    input_tokens, output_tokens : array_like
        Tokens per request, prompt and generated [-].
    ttft_target_ms, tpot_target_ms : array_like or None
        Latency targets [ms]; None, 0 or NaN means no target (maximum
        throughput).
    prefix_cache_hit_pct : array_like
        Share of input tokens served from a prefix cache, skipping prefill
        [%], 0-100.
    kv_bytes_per_token : array_like or None
        KV cache per token as stored [B]; None: ``kv_bytes_per_token(
        active_params, precision)``, Llama 3 70B scaled to the model.
    replica_accelerators : int or None
        Accelerators per replica (scalar); None lets the model choose.
    eta_bandwidth, eta_decode_compute, eta_prefill : array_like
        Shares of peak bandwidth and FLOP/s reached [-]; default: the
        calibrated module constants.
    tp_overhead : array_like
        Slow-down per doubling of the replica [-] (``TP_OVERHEAD``).
    max_batch : float
        Scheduler cap on the decode batch [sequences].
    max_nodes : int
        Largest replica in nodes [-].
    on_misfit : {"raise", "flag"}
        What to do where no replica fits: raise ValueError naming the model
        size, precision and accelerator, or flag it (``fits`` False, NaN
        figures, replica 0).

    Returns
    -------
    ServingProfile
        Arrays of the broadcast shape of the numeric inputs.

    Raises
    ------
    ValueError
        Unsupported precision on the accelerator (e.g. fp8 on A100), invalid
        inputs (negative tokens, hit share outside 0-100, N_total <
        N_active, non-positive efficiency), or (with ``on_misfit="raise"``)
        a model that no allowed replica holds.
    """
    c = _solve(locals())  # first statement: locals() is exactly the arguments
    g, f, room, batch, b_kv, b_tpot, mem_time, cmp_time, step, prefill, replica_s = _at_chosen(c)
    fits, shape, out, max_batch = c.fits, c.shape, c.out, c.max_batch
    useful = 2.0 * c.n_active * (c.uncached + out)
    with np.errstate(divide="ignore", invalid="ignore"):
        positive = replica_s > 0
        tokens = np.where(positive, out / replica_s, 0.0)
        mfu = np.where(positive, useful / (g * c.peak * replica_s), 0.0)
        prefill_share = np.where(positive, prefill / replica_s, 0.0)
    # 0 KV cache, 1 TPOT target, 2 batch cap (indices into _LIMITS)
    limited = np.where(
        b_tpot < 1,
        1,
        np.where((b_kv <= b_tpot) & (b_kv <= max_batch), 0, np.where(b_tpot <= max_batch, 1, 2)),
    )
    nan = np.where(fits, 1.0, np.nan)

    def full(x: ArrayLike, dtype: type = float) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=dtype), shape).copy()

    return ServingProfile(
        accelerator=c.chip.name,
        precision=precision,
        fits=full(fits, bool),
        replica_accelerators=full(np.where(fits, g, 0), int),
        min_replica_accelerators=full(c.min_fit, int),
        batch=full(batch * nan),
        kv_batch_limit=full(b_kv * nan),
        tpot_ms=full(step * 1e3 * nan),
        ttft_ms=full(prefill * 1e3 * nan),
        replica_seconds_per_request=full(replica_s * nan),
        accelerator_seconds_per_request=full(g * replica_s * nan),
        output_tokens_per_s=full(tokens * nan),
        output_tokens_per_s_per_accelerator=full(tokens / g * nan),
        achieved_mfu=full(mfu * nan),
        prefill_share=full(prefill_share * nan),
        meets_targets=full(c.best_cat == 2, bool),
        limited_by=full(np.asarray(_LIMITS)[limited], str),
        decode_bound=full(np.where(cmp_time > mem_time, "compute", "memory bandwidth"), str),
    )


def _solve(a: dict[str, Any]) -> SimpleNamespace:
    """The validated inputs and the replica size chosen for each element.

    ``a``: :func:`serving_profile`'s arguments by name, its defaults applied
    (declared once there; :func:`accelerator_seconds` binds to the same).
    """
    precision, on_misfit, max_batch = a["precision"], a["on_misfit"], a["max_batch"]
    replica_accelerators, max_nodes = a["replica_accelerators"], a["max_nodes"]
    chip = _chip(a["accelerator"])
    chip.check_precision(precision)
    if on_misfit not in ("raise", "flag"):
        raise ValueError("on_misfit must be 'raise' or 'flag'")
    peak = chip.peak_flops_per_s(precision)

    n_active = np.asarray(a["active_params"], dtype=float)
    total = a["total_params"]
    n_total = n_active if total is None else np.asarray(total, dtype=float)
    inp = np.asarray(a["input_tokens"], dtype=float)
    out = np.asarray(a["output_tokens"], dtype=float)
    hit = np.asarray(a["prefix_cache_hit_pct"], dtype=float)
    eta_bw = np.asarray(a["eta_bandwidth"], dtype=float)
    eta_c = np.asarray(a["eta_decode_compute"], dtype=float)
    eta_p = np.asarray(a["eta_prefill"], dtype=float)
    tp = np.asarray(a["tp_overhead"], dtype=float)
    kv_given = a["kv_bytes_per_token"]
    kv = _kv_default(n_active, precision) if kv_given is None else np.asarray(kv_given, dtype=float)
    if np.any(~(n_active > 0)):
        raise ValueError("active_params must be a positive count of parameters")
    if np.any(~(n_total >= n_active)):
        raise ValueError("total_params must be at least active_params (or None for dense)")
    if np.any(~(inp >= 0)) or np.any(~(out >= 0)):
        raise ValueError("input_tokens and output_tokens must be 0 or more")
    if np.any(~((hit >= 0) & (hit <= 100))):
        raise ValueError("prefix_cache_hit_pct must be between 0 and 100 (percent)")
    if np.any(~(kv >= 0)):
        raise ValueError("kv_bytes_per_token must be 0 or more bytes")
    for label, eta in (
        ("eta_bandwidth", eta_bw),
        ("eta_decode_compute", eta_c),
        ("eta_prefill", eta_p),
    ):
        if np.any(~((eta > 0) & (eta <= 1))):
            raise ValueError(f"{label} must be a share in (0, 1]")
    if np.any(~(tp >= 0)):
        raise ValueError("tp_overhead must be 0 or more")
    if replica_accelerators is not None and int(replica_accelerators) < 1:
        raise ValueError("replica_accelerators must be a positive whole number or None")

    ttft_t = _no_target(a["ttft_target_ms"])
    tpot_t = _no_target(a["tpot_target_ms"])
    shape = np.broadcast_shapes(
        n_active.shape, n_total.shape, inp.shape, out.shape, hit.shape, kv.shape,
        eta_bw.shape, eta_c.shape, eta_p.shape, tp.shape, ttft_t.shape, tpot_t.shape,
    )  # fmt: skip

    # Everything that does not depend on the replica size g. With f = (1 +
    # tp log2 g) / g, the decode step is f x max(a0 + b0 B, c0 B) and the
    # prefill f x p0, so the loop over sizes only rescales these.
    weights = weight_bytes(n_total, precision)
    uncached = inp * (1.0 - hit / 100.0)
    full_kv = (inp + out) * kv  # one request at full context [B]
    per_seq = (inp + out / 2.0) * kv  # one sequence on average during decode [B]
    bw = chip.bandwidth_bytes_per_s * eta_bw
    a0 = weights / bw  # weight streaming per step, one accelerator [s]
    b0 = per_seq / bw  # KV streaming per sequence per step [s]
    c0 = 2.0 * n_active / (peak * eta_c)  # compute per sequence per step [s]
    p0 = uncached * 2.0 * n_active / (peak * eta_p)  # prefill of one request [s]
    usable = USABLE_MEMORY_SHARE * chip.memory_bytes
    has_out = out > 0
    with np.errstate(divide="ignore"):
        inv_ttft = np.where(np.isfinite(ttft_t), 1.0 / ttft_t, 0.0)
        inv_tpot = np.where(np.isfinite(tpot_t) & has_out, 1.0 / tpot_t, 0.0)

    forced = replica_accelerators is not None
    sizes = (int(replica_accelerators),) if forced else replica_sizes(chip, max_nodes)

    # Choice among sizes, element by element: fits and meets the targets >
    # fits only > does not fit; among those that meet, most requests per
    # accelerator-second; among those that fit but miss, the smallest
    # violation; ties keep the smaller replica.
    best_g = np.zeros(shape, dtype=int)
    best_cat = np.full(shape, -1, dtype=np.int8)
    best_score = np.full(shape, -np.inf)
    best_viol = np.full(shape, np.inf)
    min_fit = np.zeros(shape, dtype=int)
    # The guards against dividing by 0 in the batch limits, decided once.
    positive = (bool(np.all(per_seq > 0)), bool(np.all(b0 > 0)))
    for g in sizes:
        f = (1.0 + tp * np.log2(g)) / g
        room = usable * g - weights
        fits = room >= full_kv
        batch, _, _ = _batch_limits(
            room, per_seq, a0, b0, c0, tpot_t / f, float(max_batch), positive
        )
        step = f * np.maximum(a0 + b0 * batch, c0 * batch)
        prefill = f * p0
        replica_s = prefill + out * step / batch
        with np.errstate(divide="ignore"):
            score = np.where(replica_s > 0, 1.0 / (g * replica_s), np.inf)
        violation = np.maximum(prefill * inv_ttft, step * inv_tpot)
        # 0: does not fit; 1: fits, misses a target; 2: fits and meets the targets
        cat = np.broadcast_to(fits, shape).astype(np.int8)
        cat += fits & (violation <= 1.0 + 1e-9)
        better = np.where(
            cat == 1, violation < best_viol * (1 - 1e-9), score > best_score * (1 + 1e-9)
        )
        better &= cat == best_cat
        better |= cat > best_cat
        np.copyto(best_g, g, where=better)
        np.copyto(best_cat, cat, where=better)
        np.copyto(best_score, score, where=better)
        np.copyto(best_viol, violation, where=better)
        np.copyto(min_fit, g, where=(min_fit == 0) & fits)
    fits = best_cat > 0

    if not np.all(fits) and on_misfit == "raise":
        i = tuple(np.argwhere(~fits)[0]) if shape else ()
        pick = {
            k: float(np.broadcast_to(v, shape)[i])
            for k, v in (("n", n_total), ("w", weights), ("kv", kv), ("ctx", inp + out))
        }
        raise ValueError(
            _misfit_message(
                chip, precision, pick["n"], pick["w"], pick["ctx"] * pick["kv"], pick["ctx"],
                sizes[-1], forced, max_nodes,
            )
        )  # fmt: skip

    return SimpleNamespace(
        chip=chip, peak=peak, n_active=n_active, out=out, uncached=uncached, tp=tp,
        usable=usable, weights=weights, per_seq=per_seq, a0=a0, b0=b0, c0=c0, p0=p0,
        tpot_t=tpot_t, max_batch=float(max_batch), sizes=sizes, shape=shape, fits=fits,
        best_g=best_g, best_cat=best_cat, min_fit=min_fit, positive=positive,
    )  # fmt: skip


#: serving_profile's parameters, their defaults and their order: the one declaration.
_PROFILE_SIGNATURE = inspect.signature(serving_profile)


def _at_chosen(c: SimpleNamespace) -> tuple[np.ndarray, ...]:
    """The roofline at each element's chosen replica size (g = the smallest size
    stands in where nothing fits; those elements are set to NaN by the callers):
    g, f, room, batch, KV limit, TPOT limit, memory and compute time of a
    step, step, prefill, replica-seconds per request."""
    g = np.where(c.fits, c.best_g, c.sizes[0])
    f = (1.0 + c.tp * np.log2(g)) / g
    room = c.usable * g - c.weights
    batch, b_kv, b_tpot = _batch_limits(
        room, c.per_seq, c.a0, c.b0, c.c0, c.tpot_t / f, c.max_batch, c.positive
    )
    mem_time = c.a0 + c.b0 * batch
    cmp_time = c.c0 * batch
    step = f * np.maximum(mem_time, cmp_time)
    prefill = f * c.p0
    replica_s = prefill + c.out * step / batch
    return g, f, room, batch, b_kv, b_tpot, mem_time, cmp_time, step, prefill, replica_s


def accelerator_seconds(*args: Any, **kwargs: Any) -> tuple[np.ndarray, np.ndarray]:
    """``accelerator_seconds_per_request`` and ``fits`` of :func:`serving_profile`
    (same arguments, same values), without the rest of the profile: what the
    engine's spend needs, at a fraction of the cost."""
    bound = _PROFILE_SIGNATURE.bind(*args, **kwargs)
    bound.apply_defaults()
    c = _solve(bound.arguments)
    g, *_, replica_s = _at_chosen(c)
    nan = np.where(c.fits, 1.0, np.nan)
    seconds = np.broadcast_to(np.asarray(g * replica_s * nan, dtype=float), c.shape).copy()
    return seconds, np.broadcast_to(c.fits, c.shape).copy()

"""Replica sizing: how many accelerators hold a served model (model v2).

The memory half of the serving model (:mod:`model.serving`): bytes per
parameter at the serving precision, the KV cache per token and how it scales
as the served model grows across generations, the candidate replica sizes
(tensor-parallel 1, 2, 4, 8 within a node, then whole nodes), the smallest
replica that holds a model, and the message that names a model which does not
fit. The time half, the roofline that turns a replica into a batch, latencies
and tokens/s, is :mod:`model.roofline`.

With W = N_total x bytes/param the weights [B], kv the KV cache bytes per
token and g accelerators of memory M [B] each:

- KV room = 0.9 x g x M - W (``USABLE_MEMORY_SHARE``); a replica fits when
  the room holds one request at full context (input + output tokens).
- KV per token = 2 x layers x KV heads x head dim x bytes per value; the
  default is Llama 3 70B, scaled to other models by N_active^0.35
  (``KV_SCALING_EXPONENT``), and an FP8 KV cache halves it.
- Replicas are 1, 2, 4, 8 (powers of two below the node size), then whole
  nodes up to ``MAX_REPLICA_NODES``; a model that does not fit the largest
  is refused with a message naming its size, precision and accelerator.

Not modelled: memory reported in GiB (capacities are taken in GB, 7%
conservative), activation memory beyond the 10% headroom.

References
----------
.. [1] Meta (2024). Llama 3 model configurations (8B: 32 layers, 70B: 80,
   405B: 126; 8 KV heads of dimension 128): KV cache 128, 320 and 504 KiB
   per token in BF16. Grattafiori, A. et al., arXiv:2407.21783.
.. [2] BentoML llm-optimizer (2025): KV-cache limit = (0.9 x memory -
   weights) / KV per request. github.com/bentoml/llm-optimizer.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from model.catalog import Accelerator, accelerator

__all__ = [
    "BYTES_PER_PARAM",
    "KV_BYTES_PER_VALUE",
    "KV_SCALING_EXPONENT",
    "LLAMA3_70B_KV_BYTES_PER_TOKEN",
    "LLAMA3_70B_PARAMS",
    "MAX_REPLICA_NODES",
    "USABLE_MEMORY_SHARE",
    "kv_bytes_per_token",
    "replica_accelerators",
    "replica_sizes",
    "weight_bytes",
]

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

#: Bytes per weight at each serving precision [B/param].
BYTES_PER_PARAM = {"bf16": 2.0, "fp8": 1.0, "fp4": 0.5}

#: Bytes per cached K or V value at each serving precision [B]. FP8 serving
#: stores the KV cache in FP8 (NVIDIA's FP8 checkpoints quantise the KV cache
#: too); FP4 serving keeps an FP8 KV cache (NVIDIA's NVFP4 checkpoints do:
#: 4-bit KV loses too much accuracy).
KV_BYTES_PER_VALUE = {"bf16": 2.0, "fp8": 1.0, "fp4": 1.0}

#: Llama 3 70B (70.55e9 parameters in the released checkpoint), the reference
#: model of the KV-cache default [-].
LLAMA3_70B_PARAMS = 70.55e9

#: KV cache of Llama 3 70B in BF16 [B/token]: 80 layers x 8 KV heads x 128
#: dims x 2 (K and V) x 2 bytes = 327,680 B = 320 KiB.
LLAMA3_70B_KV_BYTES_PER_TOKEN = 2 * 80 * 8 * 128 * 2

#: Exponent of KV bytes per token in active parameters [-]. With grouped-query
#: attention at a fixed 8 KV heads of dimension 128, KV per token grows with
#: depth only, and depth grows roughly as N^(1/3) when width and depth grow
#: together (N ~ layers x width^2). A least-squares fit of log KV on log N over
#: Llama 3 8B/70B/405B (8.03e9, 70.55e9, 405.85e9 params; 128, 320, 504 KiB)
#: gives 0.352 with residuals +5%, -10%, +6%; anchored at 70B (so the default
#: is exact) 8B comes out +16% and 405B +18%. Active (not total) parameters
#: scale it: Mixtral 8x7B (12.9e9 active) has 128 KiB (formula: 176) and
#: Qwen3-235B-A22B 188 KiB (formula: 213; from total parameters 489).
KV_SCALING_EXPONENT = 0.35

#: Share of accelerator memory usable for weights and KV cache [-]; the rest
#: holds activations, the runtime and fragmentation (BentoML llm-optimizer;
#: vLLM's default gpu_memory_utilization is also 0.9).
USABLE_MEMORY_SHARE = 0.9

#: Largest replica, in nodes [-]. Models larger than one node are served with
#: pipeline parallelism across a few nodes (Llama 3.1 405B in BF16 on two
#: 8xH100 nodes; DeepSeek-V3/R1 on two to four); beyond that the inter-node
#: traffic dominates, so a model that does not fit 4 nodes is refused.
MAX_REPLICA_NODES = 4


# --------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------


def _chip(acc: str | Accelerator) -> Accelerator:
    return acc if isinstance(acc, Accelerator) else accelerator(acc)


def _check_precision(precision: str) -> None:
    if precision not in BYTES_PER_PARAM:
        raise ValueError(
            f"unknown precision {precision!r}; choose one of {', '.join(BYTES_PER_PARAM)}"
        )


def weight_bytes(total_params: ArrayLike, precision: str) -> np.ndarray:
    """Weights of the whole model at the serving precision [B].

    Parameters
    ----------
    total_params : array_like
        N_total, all parameters held in memory (for a mixture of experts,
        every expert) [-], a count, not billions.
    precision : {"bf16", "fp8", "fp4"}
        Serving precision: 2, 1 or 0.5 bytes per parameter.
    """
    _check_precision(precision)
    return np.asarray(total_params, dtype=float) * BYTES_PER_PARAM[precision]


def kv_bytes_per_token(
    active_params: ArrayLike = LLAMA3_70B_PARAMS,
    precision: str = "bf16",
    reference_bytes_bf16: ArrayLike = LLAMA3_70B_KV_BYTES_PER_TOKEN,
    reference_params: float = LLAMA3_70B_PARAMS,
) -> np.ndarray:
    """KV cache bytes per token as stored, scaled to the served model [B].

    ``kv = reference x (N_active / N_reference)^KV_SCALING_EXPONENT x
    KV_BYTES_PER_VALUE[precision] / 2``. With the defaults it is Llama 3 70B:
    327,680 B in BF16, 163,840 B at FP8 or FP4 (an FP8 KV cache).

    Parameters
    ----------
    active_params : array_like
        N_active of the served model [-]; attention sits on the active path,
        so a mixture of experts scales with its active parameters.
    precision : {"bf16", "fp8", "fp4"}
        Serving precision, which sets the KV format (BF16, FP8, FP8).
    reference_bytes_bf16 : array_like
        KV bytes per token of the reference model in BF16 [B]
        (2 x layers x KV heads x head dim x 2).
    reference_params : float
        N of the reference model [-].

    Notes
    -----
    KV per token = 2 x layers x KV heads x head dim x bytes; with grouped-
    query attention the KV heads stay at 8, so it grows with depth, roughly
    N^(1/3). The exponent 0.35 is the least-squares fit on Llama 3
    8B/70B/405B (see ``KV_SCALING_EXPONENT``).

    References
    ----------
    .. [1] Grattafiori, A. et al. (2024). The Llama 3 herd of models.
       arXiv:2407.21783 (model configurations).
    """
    _check_precision(precision)
    n = np.asarray(active_params, dtype=float)
    ref = np.asarray(reference_bytes_bf16, dtype=float)
    return ref * (n / reference_params) ** KV_SCALING_EXPONENT * KV_BYTES_PER_VALUE[precision] / 2.0


# ``replica_accelerators`` and ``serving_profile`` take an argument of the same
# name, which shadows the function inside them: they call this alias.
_kv_default = kv_bytes_per_token


def replica_sizes(
    accelerator: str | Accelerator, max_nodes: int = MAX_REPLICA_NODES
) -> tuple[int, ...]:
    """Candidate accelerators per replica, smallest first [-].

    Powers of two below the node size (1, 2, 4, 8, ... as tensor parallelism
    within a node), then whole nodes: node_size x 1 .. ``max_nodes``. For an
    8-accelerator node: 1, 2, 4, 8, 16, 24, 32; for a 72-GPU NVL72 domain:
    1, 2, ..., 64, 72, 144, 216, 288.
    """
    node = int(_chip(accelerator).node_size)
    sizes = [p for p in (2**k for k in range(16)) if p < node]
    sizes += [node * k for k in range(1, int(max_nodes) + 1)]
    return tuple(sizes)


def _billions(n: float) -> str:
    text = f"{n / 1e9:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def _misfit_message(
    chip: Accelerator,
    precision: str,
    total_params: float,
    weights: float,
    kv_one: float,
    context: float,
    size: int,
    forced: bool,
    max_nodes: int,
) -> str:
    usable = USABLE_MEMORY_SHARE * size * chip.memory_bytes
    head = (
        f"A {_billions(total_params)}B-parameter model at {precision} "
        f"({weights / 1e9:,.0f} GB of weights plus {kv_one / 1e9:,.2f} GB of KV cache "
        f"for one {context:,.0f}-token request) "
    )
    if forced:
        return head + (
            f"does not fit a replica of {size} x {chip.name} "
            f"({usable / 1e9:,.0f} GB usable at {USABLE_MEMORY_SHARE:.0%} of memory)."
        )
    nodes = size // chip.node_size
    return head + (
        f"does not fit on {chip.name}: the largest replica allowed, {nodes} node"
        f"{'s' if nodes != 1 else ''} of {chip.node_size} ({size} accelerators), holds "
        f"{usable / 1e9:,.0f} GB at {USABLE_MEMORY_SHARE:.0%} of memory. Use a smaller "
        f"model, a lower precision or an accelerator with more memory"
        + (f" (replicas span at most {max_nodes} nodes)." if max_nodes else ".")
    )


def replica_accelerators(
    total_params: float,
    precision: str,
    accelerator: str | Accelerator,
    context_tokens: float,
    kv_bytes_per_token: float | None = None,
    *,
    max_nodes: int = MAX_REPLICA_NODES,
) -> int:
    """Smallest replica that holds the weights plus one request at full context [-].

    Parameters
    ----------
    total_params : float
        N_total, all parameters held in memory [-], a count.
    precision : {"bf16", "fp8", "fp4"}
        Serving precision; the accelerator must support it.
    accelerator : str or Accelerator
        Catalog name or row.
    context_tokens : float
        Full context of one request, input + output tokens [-].
    kv_bytes_per_token : float, optional
        KV cache per token as stored [B]; default: ``kv_bytes_per_token(
        total_params, precision)``, Llama 3 70B scaled to the model (for a
        mixture of experts pass the figure, or scale from active parameters).
    max_nodes : int
        Largest replica in nodes [-].

    Returns
    -------
    int
        Accelerators per replica, one of ``replica_sizes(accelerator)``.

    Raises
    ------
    ValueError
        When even the largest allowed replica cannot hold it; the message
        names the model size in billions of parameters, the precision and the
        accelerator. Also when the accelerator lacks the precision.
    """
    chip = _chip(accelerator)
    chip.check_precision(precision)
    if not total_params >= 1e6:
        raise ValueError("total_params must be a count of parameters (405e9, not 405 billions)")
    kv = (
        float(_kv_default(total_params, precision))
        if kv_bytes_per_token is None
        else float(kv_bytes_per_token)
    )
    weights = float(weight_bytes(total_params, precision))
    need = weights + float(context_tokens) * kv
    sizes = replica_sizes(chip, max_nodes)
    for g in sizes:
        if need <= USABLE_MEMORY_SHARE * g * chip.memory_bytes:
            return int(g)
    raise ValueError(
        _misfit_message(
            chip,
            precision,
            float(total_params),
            weights,
            float(context_tokens) * kv,
            float(context_tokens),
            sizes[-1],
            False,
            max_nodes,
        )
    )

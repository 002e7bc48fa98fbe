"""Compute: FLOPs of training and serving, GPU-hours, the training schedule.

References
----------
.. [1] Kaplan, J. et al. (2020). Scaling laws for neural language models.
   arXiv:2001.08361, section 2.1: C ~ 6 N D for training, 2 N per token for
   a forward pass, N = non-embedding parameters.
.. [2] Hoffmann, J. et al. (2022). Training compute-optimal large language
   models. arXiv:2203.15556: parameters and tokens scale equally.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from model import catalog

SECONDS_PER_HOUR = 3600.0


def training_flops(active_params: ArrayLike, tokens: ArrayLike) -> np.ndarray | float:
    """Training compute C = 6 N D [FLOP] (Kaplan et al. 2020).

    Parameters
    ----------
    active_params : array_like
        N, parameters used per token [-] (not billions).
    tokens : array_like
        D, training tokens [-].
    """
    return 6.0 * np.asarray(active_params, dtype=float) * np.asarray(tokens, dtype=float)


def inference_flops(active_params: ArrayLike, tokens: ArrayLike) -> np.ndarray | float:
    """Forward-pass compute 2 N per token, times tokens [FLOP] (Kaplan et al. 2020)."""
    return 2.0 * np.asarray(active_params, dtype=float) * np.asarray(tokens, dtype=float)


def gpu_hours(flops: ArrayLike, peak_flops_per_s: ArrayLike, utilization: ArrayLike) -> np.ndarray:
    """Accelerator-hours to execute ``flops`` [h].

    Parameters
    ----------
    flops : array_like
        Work [FLOP].
    peak_flops_per_s : array_like
        Dense peak of one accelerator [FLOP/s].
    utilization : array_like
        Model FLOPs utilisation, a fraction in (0, 1] [-].
    """
    return (
        np.asarray(flops, dtype=float)
        / (np.asarray(peak_flops_per_s, dtype=float) * np.asarray(utilization, dtype=float))
        / SECONDS_PER_HOUR
    )


def provisioning_factor(peak_to_average: float, autoscaling_pct: float) -> float:
    """Paid capacity over busy capacity [-]: 1 + (peak/avg - 1) x (1 - autoscaling)."""
    return 1.0 + (peak_to_average - 1.0) * (1.0 - autoscaling_pct / 100.0)


def training_schedule(
    months: int,
    run0_flops: float | np.ndarray,
    retrain_every_months: int,
    training_run_months: int,
    generation_compute_growth: float | np.ndarray,
    continuous_training_pct: float | np.ndarray,
    per_run: ArrayLike = 1.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly training compute and the generation in service.

    Run k starts at month k x ``retrain_every_months`` and uses
    C_k = C_0 x growth^k, spread evenly over ``training_run_months``; its
    model serves from the month after it ends. Experiments and fine-tuning
    add ``continuous_training_pct`` % of the latest started run's compute per
    retrain period, spread evenly over its months. ``per_run`` (shape
    (..., runs)) multiplies each run's compute: 1 / its MFU turns the
    schedule into FLOP at full peak, from which accelerator-hours follow.

    Returns
    -------
    pretraining : numpy.ndarray
        Pretraining compute per month [FLOP], shape (months,).
    continuous : numpy.ndarray
        Experiment and fine-tuning compute per month [FLOP].
    generation : numpy.ndarray
        Index of the model generation in service each month [-]; generation
        0 (the size of run 0's model) serves until run 1's model is ready.
    """
    m = np.arange(months)
    runs = np.arange(run_count(months, retrain_every_months))
    starts = runs * retrain_every_months
    # Shape (..., runs): a leading axis of draws broadcasts through.
    run_flops = np.asarray(run0_flops) * np.asarray(generation_compute_growth) ** runs.astype(float)
    run_flops = run_flops * np.asarray(per_run, dtype=float)
    # active[k, m]: run k is computing in month m.
    active = (m[None, :] >= starts[:, None]) & (m[None, :] < starts[:, None] + training_run_months)
    # (..., runs) @ (runs, months): a matrix product, one BLAS call for all draws.
    pretraining = (run_flops / training_run_months) @ active.astype(float)
    latest = m // retrain_every_months
    continuous = (
        run_flops[..., latest]
        * (np.asarray(continuous_training_pct) / 100.0)
        / retrain_every_months
    )
    return (
        pretraining,
        continuous,
        generation_in_service(months, retrain_every_months, training_run_months),
    )


def generation_in_service(
    months: int, retrain_every_months: int, training_run_months: int
) -> np.ndarray:
    """Index of the model generation in service each month [-], shape (months,):
    run k's model serves from the month after it ends; generation 0 until
    run 1's model is ready (see :func:`training_schedule`)."""
    m = np.arange(months)
    starts = np.arange(run_count(months, retrain_every_months)) * retrain_every_months
    completed = ((starts[:, None] + training_run_months) <= m[None, :]).sum(axis=0)
    return np.maximum(completed - 1, 0)


#: Whole-run training MFU against log10 of the model's active parameters, fitted
#: on Llama 3.1's published H100-hours (8B 1.46M, 70B 7.0M, 405B 30.84M, Meta
#: model card; 6 N D FLOPs at 989 TFLOP/s BF16): 13.9%, 25.3% and 34.5%. The
#: best phase of the 405B run reached 38-43% (Dubey et al. 2024); whole runs
#: lose time to restarts, evaluation and the poorer scaling of small models
#: across thousands of H100s. Out of sample it is H100-era: Llama 2 7B and 70B
#: reached ~41-43% over whole runs on A100s (their model card's hours), where
#: this fit gives 12% and 25%.
WHOLE_RUN_MFU_SLOPE = 0.1213
WHOLE_RUN_MFU_AT_405B = 0.3452
#: The best-phase MFU the fit is relative to (Llama 3.1 405B, 38-43%).
REFERENCE_BEST_MFU = 0.40
_N_405B = 405e9


#: Runs at or below this compute fit on one or a few servers and never meet the
#: scale-out losses the size fit describes [FLOP] (1e21 FLOP is about a week on
#: one 8-GPU H100 server at 20%); at or above :data:`SCALE_OUT_FLOPS` the size
#: fit applies in full; in between the two blend on log10 of the run's compute.
SMALL_RUN_FLOPS = 1e21
#: Compute from which a run spans thousands of accelerators like Llama 3.1's
#: (its 8B run: 7.2e23 FLOP) [FLOP].
SCALE_OUT_FLOPS = 1e23


def whole_run_mfu(
    active_params: ArrayLike,
    best_mfu: ArrayLike = REFERENCE_BEST_MFU,
    run_flops: ArrayLike | None = None,
) -> np.ndarray:
    """Model FLOPs utilisation over a whole training run, by model size [-].

    ``(best_mfu / 0.40) x (0.345 + 0.121 log10(N / 405e9))``, floored at 5%:
    the fit to Llama 3.1's published H100-hours scaled by how the run's best
    phase compares with Llama 3.1 405B's 40%. The fit describes runs spread
    over thousands of accelerators, where a small model's slices are thin; a
    small run (a fine-tune, a 100M-parameter scorer) fits on a server or two
    and keeps the large run's whole-run share of its best phase,
    ``(best_mfu / 0.40) x 0.345``. With ``run_flops`` given, runs up to
    :data:`SMALL_RUN_FLOPS` get that value, runs from :data:`SCALE_OUT_FLOPS`
    the size fit, blended on log10 of the compute between; without it, the
    size fit.

    Parameters
    ----------
    active_params : array_like
        N, active parameters of the model trained [-] (a count).
    best_mfu : array_like
        MFU of the run's best phase, a fraction [-] (``training_mfu_pct`` / 100).
    run_flops : array_like, optional
        The run's compute, 6 N D [FLOP].

    References
    ----------
    .. [1] Meta (2024). Llama 3.1 model card: 1.46M, 7.0M and 30.84M H100-80GB
       GPU-hours for 8B, 70B and 405B.
    .. [2] Dubey, A. et al. (2024). The Llama 3 herd of models.
       arXiv:2407.21783: 38-43% BF16 MFU for 405B.
    """
    n = np.maximum(np.asarray(active_params, dtype=float), 1.0)
    fitted = WHOLE_RUN_MFU_AT_405B + WHOLE_RUN_MFU_SLOPE * np.log10(n / _N_405B)
    if run_flops is not None:
        c = np.maximum(np.asarray(run_flops, dtype=float), 1.0)
        span = math.log10(SCALE_OUT_FLOPS) - math.log10(SMALL_RUN_FLOPS)
        w = np.clip((np.log10(c) - math.log10(SMALL_RUN_FLOPS)) / span, 0.0, 1.0)
        fitted = (1.0 - w) * WHOLE_RUN_MFU_AT_405B + w * fitted
    scaled = np.asarray(best_mfu, dtype=float) / REFERENCE_BEST_MFU * fitted
    return np.clip(scaled, 0.05, 1.0)


def run_count(months: int, retrain_every_months: int) -> int:
    """How many runs start within ``months`` (run k starts at k x retrain period)."""
    return (months - 1) // retrain_every_months + 1


def training_gpu_hours(
    active_params: float, tokens: float, accelerator: str = "H100 SXM", mfu: float | None = None
) -> float:
    """Accelerator-hours of one training run of 6 N D FLOPs [h].

    Parameters
    ----------
    active_params : float
        N, active parameters [-] (a count, not billions).
    tokens : float
        D, training tokens [-].
    accelerator : str
        Catalog name; its dense BF16 peak is used.
    mfu : float, optional
        Whole-run MFU as a fraction; None uses :func:`whole_run_mfu` (the
        model's own size-aware value).
    """
    if not float(active_params) >= 1e6:
        raise ValueError("active_params must be a count of parameters (8e9, not 8 billions)")
    flops = training_flops(active_params, tokens)
    u = whole_run_mfu(active_params, run_flops=flops) if mfu is None else mfu
    peak = catalog.accelerator(accelerator).peak_flops_per_s("bf16")
    return float(gpu_hours(flops, peak, u))

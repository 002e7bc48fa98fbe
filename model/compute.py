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

import numpy as np
from numpy.typing import ArrayLike

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
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly training compute and the generation in service.

    Run k starts at month k x ``retrain_every_months`` and uses
    C_k = C_0 x growth^k, spread evenly over ``training_run_months``; its
    model serves from the month after it ends. Experiments and fine-tuning
    add ``continuous_training_pct`` % of the latest started run's compute per
    retrain period, spread evenly over its months.

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
    runs = np.arange((months - 1) // retrain_every_months + 1)
    starts = runs * retrain_every_months
    # Shape (..., runs): a leading axis of draws broadcasts through.
    run_flops = np.asarray(run0_flops) * np.asarray(generation_compute_growth) ** runs.astype(float)
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
    completed = ((starts[:, None] + training_run_months) <= m[None, :]).sum(axis=0)
    generation = np.maximum(completed - 1, 0)
    return pretraining, continuous, generation

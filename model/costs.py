"""Cost, energy and carbon of accelerator-hours."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def price_decline(t: ArrayLike, price_performance_gain_pct: ArrayLike) -> np.ndarray:
    """How much cheaper the same work is at time t: (1 + gain)^t [-]."""
    return (1.0 + np.asarray(price_performance_gain_pct) / 100.0) ** np.asarray(t, dtype=float)


def spend(
    gpu_hours: ArrayLike,
    price_usd_per_hour: float,
    t: ArrayLike,
    price_performance_gain_pct: float,
    decline: np.ndarray | None = None,
) -> np.ndarray:
    """Spend on accelerator-hours [USD].

    The price of a fixed amount of work falls as FLOP/s per dollar rises:
    spend = hours x price / (1 + gain)^t.

    Parameters
    ----------
    gpu_hours : array_like
        Accelerator-hours paid for [h].
    price_usd_per_hour : float
        Price at t = 0 [USD/h].
    t : array_like
        Years since the start [yr].
    price_performance_gain_pct : float
        Yearly gain in FLOP/s per dollar [%].
    decline : array_like, optional
        :func:`price_decline` of ``t`` and the gain, when already computed.

    References
    ----------
    .. [1] Epoch AI, "Trends in machine learning hardware": performance per
       dollar improves around 30% each year.
    """
    if decline is None:
        decline = price_decline(t, price_performance_gain_pct)
    return np.asarray(gpu_hours, dtype=float) * price_usd_per_hour / decline


def energy_mwh(gpu_hours: ArrayLike, tdp_w: float, pue: float) -> np.ndarray:
    """Facility energy [MWh]: hours x TDP x PUE. TDP makes it an upper bound."""
    return np.asarray(gpu_hours, dtype=float) * tdp_w * pue / 1e6


def co2_tonnes(energy: ArrayLike, grid_gco2_per_kwh: float) -> np.ndarray:
    """Emissions [tCO2] of ``energy`` [MWh] at a grid intensity [gCO2/kWh]."""
    # MWh x 1000 kWh/MWh x g/kWh / 1e6 g/t
    return np.asarray(energy, dtype=float) * grid_gco2_per_kwh / 1000.0

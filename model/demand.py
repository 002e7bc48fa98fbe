"""Demand: the adoption curve, requests and tokens.

All functions are plain numpy and accept scalars or arrays that broadcast.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def bass_adoption(t: ArrayLike, p: float, q: float, initial_fraction: float = 0.0) -> np.ndarray:
    r"""Cumulative adopters as a fraction of eventual adopters, Bass (1969).

    .. math:: F(t) = \frac{1 - e^{-(p+q)t}}{1 + (q/p)\, e^{-(p+q)t}}

    shifted in time so that :math:`F(0)` equals ``initial_fraction``.

    Parameters
    ----------
    t : array_like
        Years since the start of the projection [yr].
    p : float
        Coefficient of innovation [1/yr], > 0.
    q : float
        Coefficient of imitation [1/yr], >= 0.
    initial_fraction : float
        Share of eventual adopters already adopted at t = 0 [-], in [0, 1).

    Returns
    -------
    numpy.ndarray
        F in [0, 1) [-].

    References
    ----------
    .. [1] Bass, F. M. (1969). A new product growth for model consumer
       durables. Management Science 15(5), 215-227.
    .. [2] Sultan, F., Farley, J. U. & Lehmann, D. R. (1990). A meta-analysis
       of applications of diffusion models. Journal of Marketing Research
       27(1), 70-77: mean p = 0.03, q = 0.38.
    """
    rate = p + q
    # Invert F for the shift: e^{-(p+q) t0} = (1 - F0) / (1 + F0 q / p).
    t0 = -np.log((1.0 - initial_fraction) / (1.0 + initial_fraction * q / p)) / rate
    e = np.exp(-rate * (np.asarray(t, dtype=float) + t0))
    return (1.0 - e) / (1.0 + (q / p) * e)


def active_users(
    t: ArrayLike,
    addressable_users: float,
    adoption_peak_pct: float,
    initial_adoption_pct: float,
    bass_p: float,
    bass_q: float,
) -> np.ndarray:
    """Active users: addressable x peak adoption x Bass F(t) [people]."""
    frac = bass_adoption(t, bass_p, bass_q, initial_adoption_pct / 100.0)
    return addressable_users * (adoption_peak_pct / 100.0) * frac


def requests(
    t: ArrayLike,
    users: ArrayLike,
    requests_per_user_per_day: float,
    usage_growth_pct_per_year: float,
    days: ArrayLike,
) -> np.ndarray:
    """Requests in a period: users x rate x (1 + growth)^t x days [requests]."""
    growth = (1.0 + usage_growth_pct_per_year / 100.0) ** np.asarray(t, dtype=float)
    return np.asarray(users) * requests_per_user_per_day * growth * np.asarray(days)

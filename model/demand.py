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


#: The middle of a year of months t = m/12, m = 0..11: their mean, 5.5/12 [yr].
#: Serving profiles are computed once a year with this year's tokens per request.
MID_YEAR = 5.5 / 12.0


def tokens_per_request(
    t: ArrayLike,
    generation: ArrayLike,
    input_tokens: ArrayLike,
    output_tokens: ArrayLike,
    input_growth_pct_per_year: ArrayLike,
    output_growth_pct_per_year: ArrayLike,
    output_uplift_per_generation: ArrayLike,
) -> tuple[np.ndarray, np.ndarray]:
    """Input and output tokens of one request at time ``t`` [tokens].

    input(t) = input_0 x (1 + g_in)^t and
    output(t) = output_0 x (1 + g_out)^t x uplift^k, k the model generation in
    service: context grows with history, retrieval and tool results; answers
    with reasoning and agent steps, and step up when a new generation ships.

    Parameters
    ----------
    t : array_like
        Years since the start [yr].
    generation : array_like
        Index of the model generation in service [-] (0 at the start).
    input_tokens, output_tokens : array_like
        Tokens per request at the start [tokens].
    input_growth_pct_per_year, output_growth_pct_per_year : array_like
        Yearly growth [%].
    output_uplift_per_generation : array_like
        Factor on output tokens per generation [-].

    References
    ----------
    .. [1] OpenRouter and a16z (2025). State of AI: an empirical 100 trillion
       token study. Prompt tokens per request ~4x and completion tokens ~3x
       in a year of reasoning models and agents.
    """
    t = np.asarray(t, dtype=float)
    k = np.asarray(generation, dtype=float)
    grow_in = (1.0 + np.asarray(input_growth_pct_per_year) / 100.0) ** t
    grow_out = (1.0 + np.asarray(output_growth_pct_per_year) / 100.0) ** t
    uplift = np.asarray(output_uplift_per_generation, dtype=float) ** k
    return np.asarray(input_tokens) * grow_in, np.asarray(output_tokens) * grow_out * uplift

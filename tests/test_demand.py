"""Tests for model/demand.py: the Bass adoption curve, users and requests."""

import math

import numpy as np
import pandas as pd
import pytest

from model.demand import active_users, bass_adoption, requests

P, Q = 0.03, 0.38  # Sultan, Farley & Lehmann (1990) meta-analysis means


def bass_closed_form(t: float, p: float, q: float) -> float:
    """F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}), written out independently."""
    e = math.exp(-(p + q) * t)
    return (1.0 - e) / (1.0 + (q / p) * e)


def time_at_fraction(f0: float, p: float, q: float) -> float:
    """Solve F(t0) = f0 for t0 by bisection on the closed form (no algebra shared)."""
    lo, hi = 0.0, 1.0
    while bass_closed_form(hi, p, q) < f0:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if bass_closed_form(mid, p, q) < f0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@pytest.mark.parametrize("f0", [0.0, 0.01, 0.05, 0.3, 0.6, 0.9, 0.99])
@pytest.mark.parametrize(("p", "q"), [(P, Q), (0.01, 0.0), (0.5, 2.0)])
def test_f0_equals_initial_fraction(f0, p, q):
    assert float(bass_adoption(0.0, p, q, f0)) == pytest.approx(f0, abs=1e-12)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (1.0, 0.0357581642564416),  # worked by hand from the closed form
        (5.0, 0.3311986424913736),
        (10.0, 0.8128032212213462),
    ],
)
def test_initial_zero_matches_closed_form_literals(t, expected):
    assert float(bass_adoption(t, P, Q, 0.0)) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("t", [0.25, 0.5, 2.0, 3.7, 7.0, 12.0])
@pytest.mark.parametrize(("p", "q"), [(P, Q), (0.001, 0.5), (0.2, 0.0), (0.05, 1.5)])
def test_initial_zero_matches_closed_form(t, p, q):
    assert float(bass_adoption(t, p, q)) == pytest.approx(bass_closed_form(t, p, q), rel=1e-9)


@pytest.mark.parametrize("f0", [0.05, 0.2, 0.5, 0.9])
def test_shifted_curve_is_the_closed_form_moved_in_time(f0):
    t0 = time_at_fraction(f0, P, Q)
    for t in (0.5, 1.0, 3.0, 6.0):
        expected = bass_closed_form(t + t0, P, Q)
        assert float(bass_adoption(t, P, Q, f0)) == pytest.approx(expected, rel=1e-9)


def test_small_t_is_driven_by_innovation_only():
    # F ~ p t near t = 0 when nobody has adopted yet
    assert float(bass_adoption(0.01, P, Q)) == pytest.approx(P * 0.01, rel=0.01)


@pytest.mark.parametrize("f0", [0.0, 0.05, 0.5, 0.95])
@pytest.mark.parametrize(("p", "q"), [(P, Q), (0.0001, 0.0), (0.0001, 3.0), (1.0, 3.0)])
def test_monotone_increasing_and_bounded(f0, p, q):
    t = np.linspace(0.0, 15.0, 181)
    f = np.asarray(bass_adoption(t, p, q, f0))
    assert np.all(np.diff(f) >= 0.0)
    assert np.all(f >= f0 - 1e-12)
    assert np.all(f <= 1.0)


@pytest.mark.parametrize("f0", [0.0, 0.05, 0.5])
def test_strictly_increasing_and_below_one_over_the_horizon(f0):
    t = np.linspace(0.0, 15.0, 181)
    f = np.asarray(bass_adoption(t, P, Q, f0))
    assert np.all(np.diff(f) > 0.0)
    assert np.all(f < 1.0)
    # and it saturates toward 1
    assert float(bass_adoption(200.0, P, Q, f0)) == pytest.approx(1.0, abs=1e-9)


def test_bass_accepts_series_and_arrays():
    t = pd.Series([0.0, 1.0, 5.0])
    out = np.asarray(bass_adoption(t, P, Q))
    np.testing.assert_allclose(out, [0.0, 0.0357581642564416, 0.3311986424913736], rtol=1e-9)
    assert np.asarray(bass_adoption(np.zeros((2, 3)), P, Q)).shape == (2, 3)


# ---------------------------------------------------------------- users and requests


def test_active_users_value():
    # 200M addressable x 40% x F(5) with no initial adoption
    users = float(active_users(5.0, 200e6, 40.0, 0.0, P, Q))
    assert users == pytest.approx(200e6 * 0.4 * 0.3311986424913736, rel=1e-9)


def test_active_users_start_at_initial_share_of_peak():
    users = float(active_users(0.0, 1e6, 50.0, 10.0, P, Q))
    assert users == pytest.approx(1e6 * 0.5 * 0.1, rel=1e-9)


@pytest.mark.parametrize("k", [0.5, 2.0, 7.0])
def test_active_users_linear_in_addressable_users(k):
    t = np.linspace(0, 10, 41)
    base = np.asarray(active_users(t, 1e6, 30.0, 5.0, P, Q))
    np.testing.assert_allclose(active_users(t, k * 1e6, 30.0, 5.0, P, Q), k * base, rtol=1e-12)


@pytest.mark.parametrize("k", [0.25, 2.0, 3.0])
def test_active_users_linear_in_adoption_peak(k):
    t = np.linspace(0, 10, 41)
    base = np.asarray(active_users(t, 1e6, 30.0, 5.0, P, Q))
    np.testing.assert_allclose(active_users(t, 1e6, 30.0 * k, 5.0, P, Q), k * base, rtol=1e-12)


def test_zero_adoption_or_market_means_no_users():
    t = np.linspace(0, 10, 11)
    assert np.all(np.asarray(active_users(t, 1e6, 0.0, 5.0, P, Q)) == 0.0)
    assert np.all(np.asarray(active_users(t, 0.0, 40.0, 5.0, P, Q)) == 0.0)


def test_requests_by_hand():
    # 1000 users x 4 per day x 1.2^1.5 x 31 days
    r = float(requests(1.5, 1000.0, 4.0, 20.0, 31.0))
    assert r == pytest.approx(1000 * 4 * 1.2**1.5 * 31, rel=1e-12)


def test_requests_arrays_and_negative_growth():
    t = np.array([0.0, 1.0, 2.0])
    users = np.array([10.0, 20.0, 30.0])
    days = np.array([31.0, 28.0, 30.0])
    r = np.asarray(requests(t, users, 2.0, -50.0, days))
    np.testing.assert_allclose(r, [10 * 2 * 31, 20 * 2 * 0.5 * 28, 30 * 2 * 0.25 * 30], rtol=1e-12)

"""Monte Carlo, sensitivity and goal seek (model/uncertainty.py)."""

from __future__ import annotations

import numpy as np
import pytest

from model import Scenario, project
from model.parameters import BY_NAME, PARAMETERS
from model.uncertainty import (
    draw,
    goal_seek_budget,
    goal_seek_crossover,
    sensitivity,
    simulate,
)

DRAWS = 2_000


@pytest.fixture(scope="module")
def sim():
    return simulate(Scenario(), draws=DRAWS, seed=0)


def collapsed(s: Scenario) -> Scenario:
    """Every range shrunk to the value itself."""
    return s.replace(uncertainty={n: [getattr(s, n)] * 2 for n in s.ranges()})


def test_percentiles_are_ordered_everywhere(sim) -> None:
    for frame in (sim.monthly, sim.annual):
        for kind in ("training", "inference") + (("total",) if frame is sim.annual else ()):
            p10, p50, p90 = (frame[f"{kind}_spend_p{q}"].to_numpy() for q in (10, 50, 90))
            assert np.all(p10 <= p50) and np.all(p50 <= p90), kind
            assert np.all(p10 < p90), f"{kind}: no spread at all"
    s = sim.summary
    assert s["total_spend_usd_p10"] <= s["total_spend_usd_p50"] <= s["total_spend_usd_p90"]


def test_same_seed_same_result_other_seed_different(sim) -> None:
    again = simulate(Scenario(), draws=DRAWS, seed=0)
    other = simulate(Scenario(), draws=DRAWS, seed=1)
    assert again.annual.equals(sim.annual)
    assert again.summary == sim.summary
    assert not other.annual.equals(sim.annual)


def test_collapsed_ranges_give_the_deterministic_projection() -> None:
    s = collapsed(Scenario.from_preset("Hyperscale AI platform"))
    sim = simulate(s, draws=50, seed=7)
    proj = project(s)
    for kind in ("training", "inference"):
        for q in (10, 50, 90):
            np.testing.assert_allclose(
                sim.annual[f"{kind}_spend_p{q}"], proj.annual[f"{kind}_spend_usd"], rtol=1e-12
            )
    assert sim.summary["crossover_month_p50"] == proj.summary["crossover_month"]
    assert sim.crossover.set_index("month").loc[proj.summary["crossover_month"], "share"] == 1.0


def test_draws_have_the_ranges_as_their_p10_and_p90() -> None:
    s = Scenario()
    drawn = draw(s, 40_000, seed=3)
    for name, (p10, p90) in s.ranges().items():
        x = getattr(drawn, name).ravel()
        p = BY_NAME[name]
        assert x.min() >= p.min and x.max() <= p.max
        lo_ok = p10 == p.min or abs(np.percentile(x, 10) - p10) <= 0.03 * max(abs(p90 - p10), 1e-12)
        assert lo_ok, name
        assert abs(np.percentile(x, 90) - p90) <= 0.03 * max(abs(p90 - p10), 1e-12), name
        assert abs(np.median(x) - getattr(s, name)) <= 0.03 * max(abs(p90 - p10), 1e-12), name


def test_crossover_probability_rises_with_adoption() -> None:
    probs = []
    for adoption in (20.0, 40.0, 70.0):
        s = Scenario(adoption_peak_pct=adoption)
        probs.append(simulate(s, draws=DRAWS, seed=5).probability_by_year["probability"].to_numpy())
    assert np.all(probs[0] <= probs[1]) and np.all(probs[1] <= probs[2])
    assert probs[2][-1] > probs[0][-1]


def test_probability_by_year_is_cumulative_and_matches_the_distribution(sim) -> None:
    p = sim.probability_by_year["probability"].to_numpy()
    assert np.all(np.diff(p) >= 0)
    share = sim.crossover.set_index("month")["share"]
    assert share.sum() == pytest.approx(1.0)
    assert p[-1] == pytest.approx(1.0 - share["never"])
    assert sim.summary["probability_never"] == pytest.approx(share["never"])


def test_ranges_cover_the_uncertain_inputs_with_reasons() -> None:
    s = Scenario()
    ranges = s.ranges()
    assert {"adoption_peak_pct", "requests_per_user_per_day", "gpu_hour_price_usd"} <= set(ranges)
    for p in PARAMETERS:
        if p.spread is not None:
            lo, hi = ranges[p.name]
            assert lo <= getattr(s, p.name) <= hi
            assert p.spread_source
    overridden = s.replace(uncertainty={"adoption_peak_pct": [35, 45]})
    assert overridden.ranges()["adoption_peak_pct"] == (35.0, 45.0)
    assert overridden.to_dict()["uncertainty"] == {"adoption_peak_pct": [35.0, 45.0]}
    assert Scenario.from_dict(overridden.to_dict()) == overridden


def test_bad_ranges_and_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="adoption_peak_pct"):
        Scenario(uncertainty={"adoption_peak_pct": [50, 60]})  # value 40 outside
    with pytest.raises(ValueError, match="inference_accelerator"):
        Scenario(uncertainty={"inference_accelerator": [1, 2]})
    with pytest.raises(ValueError, match="draws"):
        simulate(Scenario(), draws=0)
    with pytest.raises(ValueError, match="seed"):
        simulate(Scenario(), draws=10, seed=-1)


def test_sensitivity_is_sorted_and_recomputes_the_engine() -> None:
    s = Scenario()
    df = sensitivity(s)
    assert list(df["swing_usd"]) == sorted(df["swing_usd"], reverse=True)
    top = df.iloc[0]
    low = project(s.replace(**{top["name"]: top["low"]})).summary
    assert top["total_low_usd"] == pytest.approx(low["total_spend_usd"])
    # Price scales every dollar: its swing equals the spend's proportional change.
    price = df.set_index("name").loc["gpu_hour_price_usd"]
    base = project(s).summary["total_spend_usd"]
    assert price["total_high_usd"] == pytest.approx(base * price["high"] / s.gpu_hour_price_usd)


@pytest.mark.parametrize("name", ["adoption_peak_pct", "requests_per_user_per_day"])
def test_goal_seek_crossover_meets_its_target(name: str) -> None:
    s = Scenario()
    result = goal_seek_crossover(s, name, "2028-01")
    assert result.value is not None
    met = project(s.replace(**{name: result.value})).summary
    assert met["crossover_index"] is not None and met["crossover_index"] <= 24
    # Just below the answer the goal is missed: it is the smallest such value.
    step = BY_NAME[name].step
    below = project(s.replace(**{name: result.value - step})).summary
    assert below["crossover_index"] is None or below["crossover_index"] > 24


def test_goal_seek_says_when_no_value_reaches_the_goal() -> None:
    # Price scales training and inference alike: it cannot move the crossover.
    result = goal_seek_crossover(Scenario(), "gpu_hour_price_usd", "2026-06")
    assert result.value is None
    assert "No hardware price" in result.message
    with pytest.raises(ValueError, match="by"):
        goal_seek_crossover(Scenario(), "adoption_peak_pct", "2045-01")


def test_goal_seek_budget_finds_the_highest_adoption_under_budget() -> None:
    s = Scenario()
    result = goal_seek_budget(s, 60e6)
    assert result.value is not None
    peak = project(s.replace(adoption_peak_pct=result.value)).annual["total_spend_usd"].max()
    assert peak <= 60e6
    over = project(s.replace(adoption_peak_pct=result.value + 0.5)).annual["total_spend_usd"].max()
    assert over > 60e6
    assert goal_seek_budget(s, 1e6).value is None  # training alone exceeds it


def test_timeline_parameters_cannot_be_uncertain() -> None:
    for name, pair in (("retrain_every_months", [6, 18]), ("horizon_years", [5, 7])):
        with pytest.raises(ValueError, match=name):
            Scenario(uncertainty={name: pair})


@pytest.mark.parametrize(
    "name", ["Fraud detection (finance)", "E-commerce recommendations", "Enterprise fine-tuning"]
)
def test_a_preset_that_retrains_the_same_model_keeps_a_plan_in_every_draw(name) -> None:
    """Monthly or quarterly refreshes of one model: the registry's spread of compute
    growth and answer uplift, compounded every refresh, would grow the model and its
    answers without bound, so these presets pin them (data/presets.json) and every
    draw has a plan."""
    s = Scenario.from_preset(name)
    assert s.ranges()["generation_compute_growth"] == (1.0, 1.0)
    assert s.ranges()["output_tokens_uplift_per_generation"] == (1.0, 1.0)
    sim = simulate(s, draws=500, seed=3)
    assert sim.summary["share_without_plan"] == 0
    # with the registry's own spreads the same preset loses many draws
    loose = Scenario(
        **{n: getattr(s, n) for n in s.to_dict() if n != "schema_version" and n != "uncertainty"}
    )
    assert simulate(loose, draws=500, seed=3).summary["share_without_plan"] > 0.05


# The simulation's fast paths give the same figures as the plain ones.


@pytest.mark.parametrize("n", [1, 2, 63, 64, 65, 1000, 2345])
def test_fast_percentiles_equal_numpys(n: int) -> None:
    from model.uncertainty import PERCENTILES, _pct

    rng = np.random.default_rng(n)
    for x in (
        np.exp(rng.standard_normal((n, 72)) * 3) * 1e6,  # spend: positive, wide
        rng.standard_normal((n, 6)),  # negative too
        rng.integers(-2, 3, (n, 12)).astype(float),  # ties, zeros
        np.where(rng.random((n, 5)) < 0.2, np.inf, rng.standard_normal((n, 5))),
        np.where(rng.random((n, 5)) < 0.05, np.nan, rng.standard_normal((n, 5))),
        rng.standard_normal(n),  # one column
    ):
        before = x.copy()
        with np.errstate(invalid="ignore"):
            want = np.percentile(x, PERCENTILES, axis=0)
            got = np.array(_pct(x))
        assert got.shape == want.shape
        np.testing.assert_array_equal(got, want)  # equal, not close
        np.testing.assert_array_equal(x, before)  # the input is left as it was


def test_crossover_by_month_equals_the_rule() -> None:
    from model.summary import inference_ahead
    from model.uncertainty import _first_ahead

    rng = np.random.default_rng(3)
    inf = np.exp(rng.standard_normal((500, 72)) + np.linspace(-2, 2, 72))
    train = np.exp(rng.standard_normal((500, 72)))
    inf[:50, :30] = 0.0  # no inference yet
    train[50:100] = inf[50:100]  # ties throughout
    train[100:150] = 0.0
    ahead = inference_ahead(inf, train)
    want = np.where(ahead.any(axis=1), ahead.argmax(axis=1), -1)
    np.testing.assert_array_equal(_first_ahead(inf, train), want)


def test_accelerator_seconds_equal_the_full_serving_profile() -> None:
    from model.roofline import accelerator_seconds, serving_profile

    rng = np.random.default_rng(5)
    shape = (200, 7)
    params = np.exp(rng.uniform(np.log(1e9), np.log(3e12), shape))  # some do not fit
    inp = rng.uniform(0, 50_000, shape)
    out = np.where(rng.random(shape) < 0.1, 0.0, rng.uniform(1, 5_000, shape))
    for ttft, tpot, kv in ((450.0, 40.0, None), (None, 0.0, 0.0), (6000.0, 175.0, 2e5)):
        args = ("H100 SXM", "fp8", params, params * 2, inp, out, ttft, tpot, 20.0, kv)
        full = serving_profile(*args, on_misfit="flag")
        seconds, fits = accelerator_seconds(*args, on_misfit="flag")
        assert not fits.all() and fits.any()
        np.testing.assert_array_equal(seconds, full.accelerator_seconds_per_request)
        np.testing.assert_array_equal(fits, full.fits)


def test_trailing_sum_along_months_first_equals_months_last() -> None:
    """The simulation's months-first layout sums the same windows as the engine's."""
    from model.summary import trailing_sum

    x = np.random.default_rng(3).lognormal(0, 3, (5, 40))
    np.testing.assert_array_equal(trailing_sum(x.T.copy(), axis=0), trailing_sum(x).T)
    assert trailing_sum(np.arange(1.0, 15.0))[11:].tolist() == [78.0, 90.0, 102.0]

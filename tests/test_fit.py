"""Re-fit (model/fit.py): actuals made by the model itself, with 5% noise, give
back the inputs that made them; what the actuals cannot tell apart is said;
a plan the model refuses is a large residual, never a crash."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from model import Scenario, project
from model.actuals import SERIES, parse_actuals, to_csv
from model.fit import MAX_PARAMS, check_params, fit, fittable
from model.parameters import BY_NAME

START = Scenario()  # the plan the search starts from
NOISE = 0.05


def noisy_actuals(truth: Scenario, series: list[str], seed: int, months: int | None = None):
    """The truth's monthly ``series`` times lognormal noise of 5%, through a CSV file
    (so the fit sees what an upload would give)."""
    rng = np.random.default_rng(seed)
    monthly = project(truth).monthly.iloc[:months]
    rows = []
    for name in series:
        values = monthly[name].to_numpy() * np.exp(rng.normal(0.0, NOISE, len(monthly)))
        rows += [(t, name, v) for t, v in zip(monthly["month"], values, strict=True)]
    tidy = pd.DataFrame(rows, columns=["month", "series", "value"])
    return parse_actuals(to_csv(tidy), truth.month_labels())


def assert_recovered(result, truth: dict[str, float], rel: float = 0.10) -> None:
    for name, want in truth.items():
        got = result.fitted[name]
        assert got == pytest.approx(want, rel=rel), (name, got, want)


CASES = [
    pytest.param(
        {"adoption_peak_pct": 55.0, "output_tokens_per_request": 700.0},
        ["requests", "tokens"],
        id="adoption+output-tokens-from-requests-and-tokens",
    ),
    pytest.param(
        {"adoption_peak_pct": 28.0, "usage_growth_pct_per_year": 45.0},
        ["requests", "tokens"],
        id="adoption+usage-growth-from-requests-and-tokens",
    ),
    pytest.param(
        {"gpu_hour_price_usd": 3.4, "efficiency_gain_pct_per_year": 35.0},
        ["inference_spend_usd", "training_spend_usd", "inference_gpu_hours"],
        id="price+efficiency-from-spend-and-gpu-hours",
    ),
    pytest.param(
        {"adoption_peak_pct": 50.0, "gpu_hour_price_usd": 2.0, "training_mfu_pct": 30.0},
        ["requests", "inference_spend_usd", "training_spend_usd"],
        id="three-from-requests-and-spend",
    ),
    pytest.param(
        {
            "adoption_peak_pct": 48.0,
            "bass_q": 0.5,
            "gpu_hour_price_usd": 2.1,
            "active_params_b": 90.0,
        },
        list(SERIES),
        id="four-from-all-six-series",
    ),
]


@pytest.mark.parametrize(("truth", "series"), CASES)
@pytest.mark.parametrize("seed", [1, 2])
def test_fit_recovers_the_inputs_that_made_the_actuals(
    truth: dict[str, float], series: list[str], seed: int
) -> None:
    actuals = noisy_actuals(START.replace(**truth), series, seed)
    result = fit(START, actuals, list(truth))
    assert_recovered(result, truth)
    assert result.converged and not result.confounded and not result.at_bounds
    assert result.params == tuple(truth)
    assert result.start == {n: float(getattr(START, n)) for n in truth}
    assert result.scenario == START.replace(**result.fitted)
    # After the fit the plan misses by about the noise; before, by much more.
    assert result.rms_log_after < 1.5 * NOISE < result.rms_log_before
    assert result.mean_abs_pct_after < 6.0 < result.mean_abs_pct_before
    assert result.points == len(series) * 72 and result.left_out == 0
    assert list(result.by_series["series"]) == [s for s in SERIES if s in series]
    # The standard errors are small and cover the truth at ~4 sigma.
    for name, want in truth.items():
        se = result.std_errors[name]
        assert 0 < se < 0.05 * abs(want)
        assert abs(result.fitted[name] - want) < 4 * se + 1e-9 * abs(want)


def test_a_short_history_of_spend_alone_fits_the_price() -> None:
    truth = {"gpu_hour_price_usd": 4.0}
    actuals = noisy_actuals(START.replace(**truth), ["inference_spend_usd"], seed=3, months=9)
    result = fit(START, actuals, list(truth))
    assert_recovered(result, truth)
    assert result.points == 9


def test_inputs_the_actuals_cannot_tell_apart_are_named() -> None:
    """Adoption and requests per user both scale requests and tokens alike: only
    their product is determined, and the fit says so."""
    truth = {"adoption_peak_pct": 55.0, "requests_per_user_per_day": 14.0}
    actuals = noisy_actuals(START.replace(**truth), ["requests", "tokens"], seed=1)
    result = fit(START, actuals, list(truth))
    assert set(result.confounded) == set(truth)
    product = result.fitted["adoption_peak_pct"] * result.fitted["requests_per_user_per_day"]
    assert product == pytest.approx(55.0 * 14.0, rel=0.10)
    assert result.rms_log_after < 1.5 * NOISE
    assert all(math.isnan(v) for v in result.std_errors.values())


def test_an_input_the_series_do_not_depend_on_is_named() -> None:
    actuals = noisy_actuals(START, ["requests"], seed=1)
    result = fit(START, actuals, ["adoption_peak_pct", "pue"])
    assert result.confounded == ("pue",)
    assert result.fitted["pue"] == START.pue


def test_trial_values_without_a_plan_are_a_large_residual_not_a_crash() -> None:
    """Past ~1,000B active parameters the model outgrows an H100 node and the
    engine raises ValueError: the search turns back from there."""
    with pytest.raises(ValueError):
        project(START.replace(active_params_b=1500.0))
    truth = {"active_params_b": 400.0}
    actuals = noisy_actuals(START.replace(**truth), ["inference_gpu_hours"], seed=4)
    # Start beyond the feasible region: no plan before, a fit after.
    result = fit(START.replace(active_params_b=3000.0), actuals, list(truth))
    assert math.isnan(result.rms_log_before) and math.isnan(result.mean_abs_pct_before)
    assert_recovered(result, truth)
    assert result.rms_log_after < 1.5 * NOISE


def test_a_fit_is_never_worse_than_the_start() -> None:
    actuals = noisy_actuals(START, ["tokens"], seed=5)
    result = fit(START, actuals, ["adoption_peak_pct"])
    assert result.rms_log_after <= result.rms_log_before
    assert result.fitted["adoption_peak_pct"] == pytest.approx(40.0, rel=0.02)


def test_an_input_pushed_to_its_bound_is_named() -> None:
    actuals = noisy_actuals(START.replace(adoption_peak_pct=100.0), ["requests"], seed=6)
    halved = actuals.assign(value=actuals["value"] * 3)  # beyond what 100% adoption gives
    result = fit(START, halved, ["adoption_peak_pct"])
    assert result.at_bounds == ("adoption_peak_pct",)
    assert result.fitted["adoption_peak_pct"] == pytest.approx(BY_NAME["adoption_peak_pct"].max)


def test_figures_of_zero_and_months_outside_the_plan_are_left_out() -> None:
    actuals = parse_actuals("month,tokens\n2025-12,5\n2026-01,0\n2026-02,3e12\n2026-03,3.1e12\n")
    result = fit(START, actuals, ["adoption_peak_pct"])
    assert result.points == 2 and result.left_out == 2


def test_fittable_inputs_are_the_continuous_numbers() -> None:
    names = fittable()
    assert "adoption_peak_pct" in names and "gpu_hour_price_usd" in names
    assert all(BY_NAME[n].kind == "float" for n in names)
    assert "start_year" not in names and "inference_accelerator" not in names


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ([], "params: pick 1 to 4 parameters to fit, got 0"),
        (fittable()[: MAX_PARAMS + 1], "params: pick 1 to 4 parameters to fit, got 5"),
        (["adoption"], "params: 'adoption' is not a parameter; fittable: adoption_peak_pct"),
        (["start_year"], "params: start_year is a whole number and cannot be fitted"),
        (["inference_accelerator"], "params: inference_accelerator is a choice"),
        (["pue", "pue"], "params: each parameter once"),
    ],
)
def test_bad_parameter_names_are_refused(params: list[str], message: str) -> None:
    with pytest.raises(ValueError) as exc:
        check_params(params)
    assert message in str(exc.value)
    actuals = noisy_actuals(START, ["tokens"], seed=0, months=3)
    with pytest.raises(ValueError, match="^params: "):
        fit(START, actuals, params)


def test_actuals_with_nothing_in_the_plan_are_refused() -> None:
    actuals = parse_actuals("month,tokens\n2040-01,5\n")
    with pytest.raises(ValueError, match=r"actuals: no figure above 0 falls within the plan"):
        fit(START, actuals, ["adoption_peak_pct"])
    two = parse_actuals("month,tokens\n2026-01,5\n")
    with pytest.raises(ValueError, match=r"actuals: 1 figure\(s\) within the plan cannot fit 2"):
        fit(START, two, ["adoption_peak_pct", "bass_q"])

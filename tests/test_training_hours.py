"""Size-aware whole-run training MFU against Llama 3.1's published H100-hours."""

from __future__ import annotations

import pytest

from model.compute import training_gpu_hours, whole_run_mfu


@pytest.mark.parametrize(
    ("params", "tokens", "published"),
    [(8e9, 15e12, 1.46e6), (70e9, 15e12, 7.0e6), (405e9, 15.6e12, 30.84e6)],
)
def test_llama31_hours_within_25_percent(params, tokens, published) -> None:
    assert training_gpu_hours(params, tokens) == pytest.approx(published, rel=0.25)


def test_mfu_grows_with_size_and_an_explicit_mfu_wins() -> None:
    assert whole_run_mfu(8e9) < whole_run_mfu(70e9) < whole_run_mfu(405e9) < 0.40
    assert training_gpu_hours(70e9, 15e12, mfu=0.4) == pytest.approx(
        6 * 70e9 * 15e12 / (989e12 * 0.4) / 3600
    )
    with pytest.raises(ValueError, match="not 8 billions"):
        training_gpu_hours(8, 15e12)


def test_a_small_run_keeps_the_large_runs_whole_run_share() -> None:
    """A 100M-parameter scorer trained on 2e20 FLOP fits on one server: it is not
    spread thin over thousands of accelerators, so the size fit does not apply."""
    small = float(whole_run_mfu(0.1e9, 0.40, run_flops=1.2e20))
    assert small == pytest.approx(0.3452, rel=1e-9)
    assert float(whole_run_mfu(0.1e9, 0.40)) == pytest.approx(0.05)  # the fit alone: its floor
    # Llama 3.1 8B's run (7.2e23 FLOP) is past the scale-out point: the fit in full
    big = float(whole_run_mfu(8e9, 0.40, run_flops=7.2e23))
    assert big == pytest.approx(float(whole_run_mfu(8e9, 0.40)), rel=1e-12)
    # in between the share falls steadily with the run's compute
    mid = [float(whole_run_mfu(8e9, 0.40, run_flops=c)) for c in (1e21, 1e22, 1e23)]
    assert mid[0] > mid[1] > mid[2]
    assert mid[1] == pytest.approx((mid[0] + mid[2]) / 2, rel=1e-9)  # halfway in log10
    # and the best phase scales it
    assert float(whole_run_mfu(0.1e9, 0.20, run_flops=1e20)) == pytest.approx(0.3452 / 2)


def test_training_gpu_hours_uses_the_run_size_by_default() -> None:
    # a fine-tune of 8B on 2B tokens (9.6e19 FLOP) at the small-run share, on an H100
    hours = training_gpu_hours(8e9, 2e9)
    assert hours == pytest.approx(6 * 8e9 * 2e9 / (989e12 * 0.3452) / 3600, rel=1e-6)

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

"""The bench's plain-Python baseline (scripts/bench.py ``reference_loop``)
computes the same monthly spend as ``project()``, on the default scenario and
every preset; and a loop that misses any one of model v3's changes would not."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from model import Scenario, presets, project

_PATH = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"
_SPEC = importlib.util.spec_from_file_location("bench_reference_under_test", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)

TOLERANCE = 1e-9


def rel_diff(loop_input: Any, s: Scenario) -> float:
    """Largest relative difference of the loop run on ``loop_input`` from
    project(``s``)'s monthly training and inference spend."""
    monthly = project(s).monthly
    train, inf = bench.reference_loop(loop_input)
    want = [*monthly["training_spend_usd"], *monthly["inference_spend_usd"]]
    got = [*train, *inf]
    assert len(got) == len(want) == 2 * s.horizon_years * 12
    return max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(got, want, strict=True))


class Changed:
    """``base`` with some attributes changed: the loop reads only attributes,
    so this feeds it a scenario the engine would refuse or compute otherwise."""

    def __init__(self, base: Scenario, **changes: Any) -> None:
        self._base, self._changes = base, changes

    def __getattr__(self, name: str) -> Any:
        return self._changes[name] if name in self._changes else getattr(self._base, name)


SCENARIOS = [pytest.param(Scenario(), id="default")] + [
    pytest.param(Scenario.from_preset(name), id=name) for name in presets()
]


@pytest.mark.parametrize("s", SCENARIOS)
def test_loop_gives_the_engines_spend(s: Scenario) -> None:
    assert rel_diff(s, s) < TOLERANCE


def test_bench_helper_agrees_on_every_preset() -> None:
    assert bench.AGREEMENT <= TOLERANCE
    assert bench.max_rel_diff(Scenario()) < TOLERANCE
    assert max(bench.max_rel_diff(Scenario.from_preset(n)) for n in presets()) < TOLERANCE


def test_presets_exercise_the_cap_and_both_kv_paths() -> None:
    """The agreement means something only if some preset binds the training
    cap and some use the default KV scaling (kv_kib_per_token = 0)."""
    all_presets = [Scenario.from_preset(n) for n in presets()]
    assert any(s.kv_kib_per_token == 0 for s in all_presets)
    assert any(s.kv_kib_per_token > 0 for s in all_presets)
    capped = [s for s in all_presets if s.training_spend_cap_x > 0]
    assert capped
    assert any(
        (
            project(s).monthly["training_spend_usd"]
            < project(s.replace(training_spend_cap_x=0.0)).monthly["training_spend_usd"] * 0.99
        ).any()
        for s in capped
    )


@pytest.mark.parametrize(
    ("preset", "changes"),
    [
        pytest.param(
            None,
            {"input_tokens_growth_pct_per_year": 0.0, "output_tokens_growth_pct_per_year": 0.0},
            id="tokens-per-request-that-do-not-grow",
        ),
        pytest.param(None, {"output_tokens_uplift_per_generation": 1.0}, id="no-uplift"),
        pytest.param(None, {"kv_kib_per_token": 0.0}, id="default-kv-for-a-scaled-one"),
        pytest.param(
            "Hyperscale AI platform", {"kv_kib_per_token": 320.0}, id="scaled-kv-for-the-default"
        ),
        pytest.param("Frontier lab", {"training_spend_cap_x": 0.0}, id="cap-ignored"),
    ],
)
def test_a_loop_missing_a_change_fails_the_check(
    preset: str | None, changes: dict[str, float]
) -> None:
    s = Scenario() if preset is None else Scenario.from_preset(preset)
    assert rel_diff(Changed(s, **changes), s) > 1e-4


def test_a_loop_with_a_flat_training_mfu_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Model v2 used training_mfu_pct for every run; v3 each run's whole-run MFU."""
    monkeypatch.setattr(bench, "whole_run_mfu", lambda n, best, run_flops=None: best)
    assert rel_diff(Scenario(), Scenario()) > 1e-4


def test_a_loop_profiling_other_tokens_fails_the_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The serving profile takes the year's mid-point tokens; profiling with
    other tokens (here 10% fewer) shows in the spend."""
    real = bench.serving_throughput

    def fewer_tokens(
        chip: Any, precision: str, n: float, total: float, i: float, o: float, *a, **k
    ):
        return real(chip, precision, n, total, i * 0.9, o * 0.9, *a, **k)

    monkeypatch.setattr(bench, "serving_throughput", fewer_tokens)
    assert rel_diff(Scenario(), Scenario()) > 1e-6

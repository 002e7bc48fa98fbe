"""`planner accelerators`: every catalog accelerator for a scenario, as a table, JSON or CSV.

Run as a user runs it (a subprocess of `python -m planner`) and in-process
through `main`, and held against :func:`model.accelerator_choice.compare_accelerators`.
"""

from __future__ import annotations

import argparse
import io
import json
import uuid
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import cli, run_main

from model import Scenario
from model.accelerator_choice import cheapest_sentence, compare_accelerators
from model.catalog import accelerator_names
from planner.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent

#: A frontier lab's growing 405B model, pinned with --set rather than read from
#: the "Frontier lab" preset (as in tests/test_accelerator_choice.py): MLPerf's
#: 6 s TTFT, 4x compute a generation with 0.3 of it in parameters, and tokens
#: per request growing.
GROWING_405B = {
    "active_params_b": 405,
    "inference_precision": "fp8",
    "kv_kib_per_token": 504,
    "generation_compute_growth": 4.0,
    "params_share_of_growth": 0.3,
    "ttft_target_ms": 6000,
    "input_tokens_per_request": 1500,
    "output_tokens_per_request": 400,
    "input_tokens_growth_pct_per_year": 40,
    "output_tokens_growth_pct_per_year": 25,
    "output_tokens_uplift_per_generation": 1.25,
}
PINNED = [arg for k, v in GROWING_405B.items() for arg in ("--set", f"{k}={v}")]


def test_json_is_the_models_comparison_with_the_pick() -> None:
    """The preset's own plan: its final year, targets and model, not the defaults'."""
    r = cli("accelerators", "--preset", "Frontier lab", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    s = Scenario.from_preset("Frontier lab")
    expected = compare_accelerators(s)
    final = s.start_year + s.horizon_years - 1
    assert final != Scenario().start_year + Scenario().horizon_years - 1  # tells them apart
    assert doc["year"] == expected.attrs["year"] == final
    assert doc["tpot_target_ms"] == s.tpot_target_ms != Scenario().tpot_target_ms
    assert doc["ttft_target_ms"] == s.ttft_target_ms != Scenario().ttft_target_ms
    assert doc["cheapest"] == expected.loc[expected["cheapest"], "accelerator"].iloc[0]
    assert doc["sentence"] == cheapest_sentence(expected)
    assert doc["scenario"]["active_params_b"] == s.active_params_b != Scenario().active_params_b
    rows = doc["accelerators"]
    assert [r["accelerator"] for r in rows] == accelerator_names()
    for got, want in zip(rows, expected.to_dict("records"), strict=True):
        assert got["fits"] == want["fits"] and got["status"] == want["status"]
        assert got["why_not"] == want["why_not"]
        if want["fits"]:
            assert got["cost_per_million_tokens_usd"] == pytest.approx(
                want["cost_per_million_tokens_usd"], rel=1e-12
            )
            assert got["inference_fleet"] == pytest.approx(want["inference_fleet"], rel=1e-12)
        else:  # NaN and NA are null, never the invalid JSON token NaN
            assert got["cost_per_million_tokens_usd"] is None and got["meets_targets"] is None
    assert "NaN" not in r.stdout


def test_csv_has_a_row_per_accelerator_and_the_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(
        capsys, "accelerators", "--set", "tpot_target_ms=10", "--year", "2028", "--format", "csv"
    )
    assert code == 0
    df = pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])
    expected = compare_accelerators(Scenario(tpot_target_ms=10), 2028)
    assert df["accelerator"].tolist() == accelerator_names()
    assert (df["year"] == 2028).all()
    assert df.columns[-1] == "why_not"
    assert df["cheapest"].tolist() == expected["cheapest"].tolist()
    pd.testing.assert_series_equal(
        df["cost_per_million_tokens_usd"],
        expected["cost_per_million_tokens_usd"],
        check_exact=False,
        rtol=1e-12,
    )


def test_table_leads_with_the_sentence_and_lists_every_accelerator(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_main(capsys, "accelerators")
    assert code == 0
    lines = out.splitlines()
    expected = compare_accelerators(Scenario())
    assert lines[0] == cheapest_sentence(expected)
    assert lines[2].split()[:2] == ["accelerator", "status"] and "fleet 2031" in lines[2]
    body = lines[3 : 3 + len(accelerator_names())]
    for name, line in zip(accelerator_names(), body, strict=True):
        assert line.startswith(name), (name, line)
    pick = expected.loc[expected["cheapest"], "accelerator"].iloc[0]
    assert next(line for line in body if line.startswith(pick)).split()[len(pick.split())] == (
        "cheapest"
    )
    assert next(line for line in body if line.startswith("H100 SXM")).startswith("H100 SXM <")
    assert "A100 SXM 80GB" in body[0] and body[0].rstrip().endswith("bf16*")  # no FP8 unit
    assert "Not candidates:" in lines
    assert any(line.startswith("  L4: Misses the latency targets from ") for line in lines)


def test_a_tighter_tpot_changes_the_pick_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The growing 405B model: at MLPerf's 175 ms TPOT a cheaper chip than the
    NVL72 rack is the pick; at 10 ms only the rack meets the targets."""
    base = Scenario.from_preset("Frontier lab").replace(**GROWING_405B)
    picks = []
    for tpot in ("175", "10"):
        code, out, _ = run_main(
            capsys, "accelerators", "--preset", "Frontier lab", *PINNED,
            "--set", f"tpot_target_ms={tpot}", "--format", "json",
        )  # fmt: skip
        assert code == 0
        doc = json.loads(out)
        assert doc["tpot_target_ms"] == float(tpot)
        expected = compare_accelerators(base.replace(tpot_target_ms=float(tpot)))
        assert doc["cheapest"] == expected.loc[expected["cheapest"], "accelerator"].iloc[0]
        assert doc["sentence"] == cheapest_sentence(expected)
        picks.append(doc["cheapest"])
    assert picks[0] != picks[1] and picks[1] == "GB200 (NVL72)"


def test_a_plan_its_own_chip_cannot_hold_is_still_compared(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`planner run` refuses a 405B BF16 model on an L4 (exit 2); `accelerators`
    is how to find a chip that holds it, so it answers, with the L4 marked."""
    sets = ["--set", "active_params_b=405", "--set", "inference_precision=bf16"]
    sets += ["--set", "inference_accelerator=L4"]
    code, _, err = run_main(capsys, "run", *sets)
    assert code == 2 and "does not fit on L4" in err
    code, out, _ = run_main(capsys, "accelerators", *sets, "--format", "json")
    assert code == 0
    rows = {r["accelerator"]: r for r in json.loads(out)["accelerators"]}
    assert rows["L4"]["current"] and not rows["L4"]["fits"]
    assert "does not fit on L4" in rows["L4"]["why_not"]
    assert rows["B200 (HGX)"]["fits"]


def test_a_saved_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    from model.store import ScenarioStore

    name = f"Acc plan {uuid.uuid4().hex[:6]}"
    store = ScenarioStore()
    store.save(name, Scenario(active_params_b=8, tpot_target_ms=20))
    store.close()
    code, out, _ = run_main(capsys, "accelerators", "--saved", name, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["scenario"]["active_params_b"] == 8 and doc["tpot_target_ms"] == 20
    assert doc["sentence"] == cheapest_sentence(
        compare_accelerators(Scenario(active_params_b=8, tpot_target_ms=20))
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--year", "soon"], "--year 'soon': expected a year"),
        (["--year", "2040"], "year: 2040 is outside the plan (2026 to 2031)"),
        (["--preset", "Nope"], "preset"),
        (["--set", "tpot_target_ms=-1"], "tpot_target_ms"),
        (["--set", "no_such_param=1"], "no_such_param: unknown parameter"),
        (["--saved", "No such plan 0f3a"], "No such plan 0f3a"),
        (["--preset", "Frontier lab", "--scenario", "x.json"], "not both"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], needle: str) -> None:
    r = cli("accelerators", *args)
    assert r.returncode == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_scenario_options_are_the_shared_ones() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    options = {o for a in sub.choices["accelerators"]._actions for o in a.option_strings}
    assert {"--preset", "--saved", "--scenario", "--set", "--year", "--format"} <= options

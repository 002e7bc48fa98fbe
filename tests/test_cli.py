"""The command line, run as a user runs it: a subprocess of `python -m planner`, and the
`planner` console script that `make` installs into .venv."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import cli, run_main

from model import Scenario, project, units
from model.parameters import PARAMETERS
from model.scenario import presets

ROOT = Path(__file__).resolve().parent.parent
#: The console script `make` installs (`pip install -e .`, pyproject [project.scripts]).
PLANNER = ROOT / ".venv" / "bin" / "planner"


def test_run_json_is_the_summary_of_the_preset_with_overrides() -> None:
    r = cli("run", "--preset", "Frontier lab", "--set", "adoption_peak_pct=30", "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    expected = project(Scenario.from_preset("Frontier lab").replace(adoption_peak_pct=30)).summary
    assert out["summary"] == pytest.approx(expected)
    assert out["scenario"]["adoption_peak_pct"] == 30
    assert out["scenario"]["active_params_b"] == 405


def test_run_csv_is_the_monthly_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "run", "--format", "csv", "--set", "horizon_years=2")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    expected = project(Scenario(horizon_years=2)).monthly
    assert len(df) == 24
    assert df["month"].iloc[0] == "2026-01"
    assert df["inference_spend_usd"].to_numpy() == pytest.approx(
        expected["inference_spend_usd"].to_numpy()
    )


def test_run_table_shows_the_headline_and_every_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "run", "--set", "requests_per_user_per_day=25")
    assert code == 0
    summary = project(Scenario(requests_per_user_per_day=25)).summary
    assert units.month(summary["crossover_month"]) in out.splitlines()[0]
    for year in range(2026, 2032):
        assert f"\n{year} " in out
    assert units.money(summary["total_spend_usd"]) in out


def test_scenario_file_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = Scenario.from_preset("Edge / on-device").replace(gpu_hour_price_usd=3.1)
    path = tmp_path / "plan.json"
    path.write_text(s.to_json())
    code, out, _ = run_main(capsys, "run", "--scenario", str(path), "--format", "json")
    assert code == 0
    assert json.loads(out)["summary"] == pytest.approx(project(s).summary)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["run", "--set", "adoption_peak_pct=abc"], "adoption_peak_pct"),
        (["run", "--set", "adoption_peak_pct=500"], "0 to 100"),
        (["run", "--set", "gpu_hour_price_usd=-3"], "gpu_hour_price_usd"),
        (["run", "--set", "no_such_param=1"], "no_such_param: unknown parameter"),
        (["run", "--set", "novalue"], "NAME=VALUE"),
        (["run", "--preset", "Nope"], "preset"),
        (["run", "--scenario", "/nonexistent/file.json"], "cannot read"),
        (["run", "--preset", "Frontier lab", "--scenario", "x.json"], "not both"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(args: list[str], needle: str) -> None:
    r = cli(*args)
    assert r.returncode == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_malformed_scenario_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "pue": 0.5')
    r = cli("run", "--scenario", str(bad))
    assert r.returncode == 2
    assert "not valid JSON" in r.stderr and "Traceback" not in r.stderr
    bad.write_text('{"schema_version": 1, "pue": 0.5}')
    r = cli("run", "--scenario", str(bad))
    assert r.returncode == 2 and "pue" in r.stderr and "1 to 3" in r.stderr


def test_presets_and_params_listings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "presets")
    assert code == 0 and out.splitlines() == presets()
    code, out, _ = run_main(capsys, "params")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(PARAMETERS) + 1
    for p, line in zip(PARAMETERS, lines[1:], strict=True):
        assert line.startswith(p.name)
        assert p.source[:30] in line


@pytest.mark.parametrize(
    ("fmt", "magic"), [("pptx", b"PK"), ("xlsx", b"PK"), ("html", b"<!DOCTYPE"), ("csv", b"month,")]
)
def test_export_writes_each_format(tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"deck.{fmt}"
    r = cli("export", "--preset", "Frontier lab", "--format", fmt, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[: len(magic)].upper() == magic.upper()


def test_export_of_a_saved_scenario_carries_its_numbers(tmp_path: Path) -> None:
    from pptx import Presentation

    from model.store import ScenarioStore

    store = ScenarioStore()
    store.save("CLI deck <plan>", Scenario(adoption_peak_pct=66))
    store.close()
    out = tmp_path / "plan.pptx"
    r = cli("export", "--saved", "CLI deck <plan>", "--format", "pptx", "-o", str(out))
    assert r.returncode == 0, r.stderr
    deck = Presentation(str(out))
    texts = " ".join(sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame)
    assert "CLI deck <plan>" in texts


def test_simulate_reports_percentiles_and_probability(capsys: pytest.CaptureFixture[str]) -> None:
    from model.uncertainty import simulate

    code, out, _ = run_main(capsys, "simulate", "--draws", "500", "--seed", "4")
    assert code == 0
    doc = json.loads(out)
    expected = simulate(Scenario(), draws=500, seed=4)
    assert doc["summary"] == pytest.approx(expected.summary)
    assert list(doc["probability_by_year"]) == [str(y) for y in range(2026, 2032)]
    r = cli("simulate", "--draws", "0")
    assert r.returncode == 2 and "draws" in r.stderr


def installed_planner() -> Path:
    if not PLANNER.exists():
        pytest.skip(f"{PLANNER} is not installed: `make` installs it (pip install -e .)")
    return PLANNER


def test_installed_console_script_is_the_same_command(tmp_path: Path) -> None:
    planner = installed_planner()
    args = ["run", "--preset", "Frontier lab", "--set", "adoption_peak_pct=30", "--format", "json"]
    # Run from elsewhere: the script finds its packages through the install, not the cwd.
    r = subprocess.run(
        [str(planner), *args], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == cli(*args).stdout
    bad = subprocess.run(
        [str(planner), "run", "--set", "pue=9"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()] and "pue" in bad.stderr


def test_usage_names_the_planner_command() -> None:
    r = cli("--help")
    assert r.returncode == 0
    assert r.stdout.startswith("usage: planner ")
    for command in ("run", "presets", "params", "scenarios", "export", "simulate"):
        assert command in r.stdout


@pytest.mark.parametrize("command", ["run", "export", "simulate"])
def test_scenario_options_are_shared(command: str) -> None:
    from planner.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    options = {o for a in sub.choices[command]._actions for o in a.option_strings}
    assert {"--preset", "--saved", "--scenario", "--set"} <= options


def test_a_model_too_big_for_the_accelerator_exits_2_with_the_named_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(
        capsys,
        "run",
        "--set",
        "active_params_b=405",
        "--set",
        "inference_precision=bf16",
        "--set",
        "inference_accelerator=L4",
    )
    assert code == 2 and out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert "405B" in err and "bf16" in err and "does not fit on L4" in err

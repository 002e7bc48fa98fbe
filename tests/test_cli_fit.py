"""`planner fit`: re-fit parameters to an actuals file from the command line; a bad
file or a bad parameter name exits 2 with one line naming it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from model import Scenario, project
from model.actuals import parse_actuals
from model.fit import fit
from planner.cli import main

ROOT = Path(__file__).resolve().parent.parent
TRUTH = {"adoption_peak_pct": 52.0, "output_tokens_per_request": 650.0}


def actuals_text(scenario: Scenario, months: int = 18, seed: int = 0) -> str:
    """requests and tokens of ``scenario`` with 5% noise, as an actuals CSV file."""
    rng = np.random.default_rng(seed)
    m = project(scenario).monthly.iloc[:months]
    noise = np.exp(rng.normal(0.0, 0.05, (2, months)))
    rows = [
        f"{t:%Y-%m},{r:.6g},{k:.6g}"
        for t, r, k in zip(
            m["month"], m["requests"] * noise[0], m["tokens"] * noise[1], strict=True
        )
    ]
    return "month,requests,tokens\n" + "\n".join(rows) + "\n"


@pytest.fixture
def actuals_file(tmp_path: Path) -> Path:
    path = tmp_path / "actuals.csv"
    path.write_text(actuals_text(Scenario(**TRUTH)), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["fit", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_reports_the_fit(capsys: pytest.CaptureFixture[str], actuals_file: Path) -> None:
    code, out, err = run(
        capsys, "--actuals", str(actuals_file), "--params", ",".join(TRUTH), "--format", "json"
    )
    assert code == 0, err
    doc = json.loads(out)
    expected = fit(
        Scenario(), parse_actuals(actuals_file.read_bytes(), Scenario().month_labels()), list(TRUTH)
    )
    assert doc["params"] == list(TRUTH)
    assert doc["fitted"] == pytest.approx(expected.fitted)
    for name, want in TRUTH.items():
        assert doc["fitted"][name] == pytest.approx(want, rel=0.10)
    assert doc["start"] == {n: getattr(Scenario(), n) for n in TRUTH}
    assert doc["error_after"]["mean_abs_pct"] < doc["error_before"]["mean_abs_pct"]
    assert doc["error_after"]["rms_log"] < 0.08 < doc["error_before"]["rms_log"]
    assert doc["points"] == 36 and doc["confounded"] == [] and doc["converged"] is True
    assert [s["series"] for s in doc["by_series"]] == ["requests", "tokens"]
    assert Scenario.from_dict(doc["fitted_scenario"]) == Scenario().replace(**doc["fitted"])


def test_table_names_each_parameter_and_the_errors(
    capsys: pytest.CaptureFixture[str], actuals_file: Path
) -> None:
    code, out, err = run(
        capsys, "--preset", "AI assistant at scale", "--actuals", str(actuals_file),
        "--params", "adoption_peak_pct,output_tokens_per_request",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith(
        "Fitted 2 parameters to 36 figures (requests, tokens; Jan 2026 to Jun 2027)"
    )
    assert "adoption_peak_pct" in out and "Output tokens per request" in out
    assert "Error before" in out and "Error after" in out
    assert "planner run --preset 'AI assistant at scale' --set adoption_peak_pct=" in out


def test_saved_scenario_uses_its_kept_actuals(capsys: pytest.CaptureFixture[str]) -> None:
    from model.store import ScenarioStore

    store = ScenarioStore()  # DATABASE_URL: tests/conftest.py's throwaway file
    try:
        store.save("CLI fit plan", Scenario())
        store.save_actuals("CLI fit plan", actuals_text(Scenario(**TRUTH)))
        store.save("CLI fit, none kept", Scenario())
    finally:
        store.close()
    code, out, err = run(capsys, "--saved", "CLI fit plan", "--params", "adoption_peak_pct",
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["fitted"]["adoption_peak_pct"] > 45
    code, out, err = run(capsys, "--saved", "CLI fit, none kept", "--params", "pue")
    assert code == 2 and out == ""
    assert err == (
        "error: --actuals FILE: needed; saved scenario 'CLI fit, none kept' keeps no actuals\n"
    )


@pytest.mark.parametrize(
    ("content", "params", "message"),
    [
        (b"month,tokenz\n2026-01,5\n", "pue", "column 'tokenz': not a known column"),
        (b"month,tokens\n2026-01,5\n2026-02,-5\n", "pue", "row 3, tokens: -5 is negative"),
        (b"month,tokens\n2026-01,5\n2026-1,6\n", "pue", "row 3, month: Jan 2026 (2026-01) appears"),
        (b"month,tokens\n2019-01,5\n", "pue", "row 2, month: 2019-01 is outside the plan"),
        (b"month,tokens\n2026-01,\xe9\n", "pue", "row 2: not UTF-8"),
        (b"", "pue", ": empty"),
        (b"month,tokens\n2026-01,5\n", "adoption", "--params: 'adoption' is not a parameter"),
        (b"month,tokens\n2026-01,5\n", "start_year", "--params: start_year is a whole number"),
        (b"month,tokens\n2026-01,5\n", "", "--params: pick 1 to 4 parameters"),
    ],
)
def test_a_bad_file_or_parameter_exits_2_with_one_named_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, params: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, out, err = run(capsys, "--actuals", str(path), "--params", params)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert message in err
    if not message.startswith("--params"):
        assert f"actuals file {path}" in err  # the file is named


def test_a_missing_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--actuals", str(tmp_path / "nope.csv"), "--params", "pue")
    assert code == 2 and f"--actuals {tmp_path / 'nope.csv'}: cannot read" in err


def test_fit_runs_as_a_user_runs_it(actuals_file: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "planner", "fit", "--actuals", str(actuals_file),
         "--params", "adoption_peak_pct", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["params"] == ["adoption_peak_pct"]

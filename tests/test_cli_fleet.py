"""``planner fleet``: the strategies, the purchase schedule and the break-even in
each format are model.fleet_plan's own tables; bad input exits 2 naming the field."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from cli_helpers import cli, run_main

from model import project, units
from model.fleet_plan import breakeven, effective_cost_per_hour, purchase_schedule, strategies
from model.scenario import Scenario

PRESET = "Frontier lab"
OWNED = ("--preset", PRESET, "--set", "inference_owned_pct=60")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario.from_preset(PRESET).replace(inference_owned_pct=60)


@pytest.fixture(scope="module")
def schedule(scenario):
    return purchase_schedule(project(scenario))


def _nulls(records: list[dict]) -> list[dict]:
    """Records as JSON carries them: NaN and infinity as None."""
    return [
        {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in r.items()}
        for r in records
    ]


def test_json_is_the_models_tables(capsys: pytest.CaptureFixture[str], scenario, schedule) -> None:
    code, out, err = run_main(capsys, "fleet", *OWNED, "--format", "json")
    assert code == 0 and not err
    doc = json.loads(out)
    assert set(doc) == {"strategies", "purchase_schedule", "breakeven", "effective_cost_per_hour"}
    assert doc["strategies"] == _nulls(strategies(scenario).to_dict("records"))
    assert doc["purchase_schedule"] == _nulls(schedule.to_dict("records"))
    assert doc["breakeven"] == _nulls(breakeven(scenario).to_dict("records"))
    cost = effective_cost_per_hour(project(scenario))
    assert doc["effective_cost_per_hour"] == {
        k: (float(v) if math.isfinite(v) else None) for k, v in cost.items()
    }
    # Numbers are numbers, not text; a way of paying the plan does not use is null.
    first = doc["strategies"][0]
    assert first["Strategy"] == "This scenario's strategy"
    assert all(isinstance(first[c], float) for c in first if c != "Strategy")
    assert all(isinstance(r["Count"], int) for r in doc["purchase_schedule"])
    assert doc["effective_cost_per_hour"]["reserved"] is None


def test_csv_is_the_purchase_schedule(capsys: pytest.CaptureFixture[str], schedule) -> None:
    code, out, _ = run_main(capsys, "fleet", *OWNED, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(schedule.columns)
    assert len(rows) - 1 == len(schedule) > 0
    assert [int(r[4]) for r in rows[1:]] == list(schedule["Count"])
    assert rows[1][0] == schedule["Month"].iloc[0]


def test_table_shows_strategies_schedule_and_breakeven(
    capsys: pytest.CaptureFixture[str], scenario, schedule
) -> None:
    code, out, err = run_main(capsys, "fleet", *OWNED)
    assert code == 0 and not err
    table = strategies(scenario)
    for r in table.to_dict("records"):
        line = next(x for x in out.splitlines() if x.startswith(r["Strategy"]))
        assert units.money(r["NPV (USD)"]) in line and units.money(r["P&L cost (USD)"]) in line
    best = table.loc[table["NPV (USD)"].idxmin(), "Strategy"]
    assert f"Cheapest by net present cost: {best}," in out
    assert f"Purchase schedule: {len(schedule)} purchases" in out
    first = schedule.iloc[0]
    assert any(
        x.startswith(units.month(first["Month"])) and units.count(first["Count"]) in x
        for x in out.splitlines()
    )
    assert "Break-even:" in out and "owning beats on-demand above" in out


@pytest.mark.parametrize(
    ("sets", "field"),
    [
        (("inference_owned_pct=70", "inference_reserved_pct=40"), "inference_reserved_pct"),
        (
            ("training_accelerator=TPU v6e (Trillium)", "training_owned_pct=50"),
            "training_owned_pct",
        ),
    ],
    ids=["shares-over-100", "owning-a-rented-only-chip"],
)
def test_bad_input_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], sets: tuple[str, ...], field: str
) -> None:
    args = [a for s in sets for a in ("--set", s)]
    code, out, err = run_main(capsys, "fleet", "--preset", PRESET, *args)
    assert code == 2 and not out
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {field}:")


def test_the_console_command_runs() -> None:
    result = cli("fleet", "--set", "inference_owned_pct=60", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Month,Order by,Stream,Accelerator,Count,Capex (USD)")
    bad = cli("fleet", "--set", "inference_owned_pct=70", "--set", "inference_reserved_pct=40")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("error: inference_reserved_pct:")

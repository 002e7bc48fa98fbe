"""``planner evidence``: the evidence table in each format, the model's figures."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_helpers import cli, run_main

from model.evidence import counts, evidence_table, format_quantity
from planner.evidence_cmd import markdown_table, readme_table, readme_with_table


@pytest.fixture(scope="module")
def expected():
    return evidence_table()


def test_table_lists_every_observation(capsys: pytest.CaptureFixture[str], expected) -> None:
    code, out, err = run_main(capsys, "evidence")
    assert code == 0 and not err
    n = counts(expected)
    assert out.startswith(f"{n['observations']} observations: {n['within']} within tolerance")
    for r in expected.itertuples():
        line = next(x for x in out.splitlines() if x.startswith(f"{r.id} "))
        assert format_quantity(r.output, r.published) in line
        if not r.error:
            assert f"{r.ratio:.2f}x" in line and format_quantity(r.output, r.model) in line
        else:
            assert f"  {r.id}: {r.error}" in out


def test_json_and_csv_carry_the_numbers(capsys: pytest.CaptureFixture[str], expected) -> None:
    code, out, _ = run_main(capsys, "evidence", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["summary"] == counts(expected)
    by_id = {o["id"]: o for o in doc["observations"]}
    for r in expected.itertuples():
        o = by_id[r.id]
        assert o["published"] == r.published and o["role"] == r.role
        if r.error:
            assert o["model"] is None and o["within"] is None and o["error"] == r.error
        else:
            assert o["model"] == pytest.approx(r.model) and o["within"] is bool(r.within)
    code, out, _ = run_main(capsys, "evidence", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == list(expected["id"])
    assert "ratio" in rows[0] and "source" in rows[0]


def test_markdown_is_the_readme_table(capsys: pytest.CaptureFixture[str], expected) -> None:
    code, out, _ = run_main(capsys, "evidence", "--format", "markdown")
    assert code == 0
    assert out.rstrip("\n") == markdown_table(expected)
    assert "| id | quantity | published | model | ratio | within |" in out
    assert sum(line.startswith("| ") for line in out.splitlines()) == len(expected) + 1


def test_the_readme_block_is_replaced_between_its_markers() -> None:
    readme = "# T\n\n<!-- evidence:start -->\nold\n<!-- evidence:end -->\n\nrest\n"
    new = readme_with_table(readme, "| a |\n|---|")
    assert new == "# T\n\n<!-- evidence:start -->\n| a |\n|---|\n<!-- evidence:end -->\n\nrest\n"
    assert readme_table(new) == "| a |\n|---|"
    with pytest.raises(ValueError, match="evidence:start"):
        readme_with_table("# no markers\n", "x")


def test_the_console_command_runs() -> None:
    result = cli("evidence", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "| id | quantity |" in result.stdout

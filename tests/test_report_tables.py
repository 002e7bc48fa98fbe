"""report/tables.py: the yearly fleet table and the serving block, built once for
every surface from the projection's own figures and the registries' formatters."""

from __future__ import annotations

import numpy as np
import pytest

from model import Scenario, presets, project
from model.outputs import format_value, output
from model.parameters import BY_NAME
from report.tables import FLEET_COLUMNS, fleet_table, fleet_table_text, serving_rows


@pytest.fixture(scope="module", params=presets())
def proj(request: pytest.FixtureRequest):
    return project(Scenario.from_preset(request.param))


def test_fleet_table_values_are_the_annual_columns(proj) -> None:
    table = fleet_table(proj)
    assert list(table.columns) == list(FLEET_COLUMNS)
    assert len(table) == len(proj.annual)
    for column in FLEET_COLUMNS:
        if column == "replica_accelerators":
            continue  # monthly only: checked below
        np.testing.assert_array_equal(
            table[column].to_numpy(), proj.annual[column].to_numpy(), err_msg=column
        )


def test_fleet_table_replica_is_the_largest_of_the_year(proj) -> None:
    table = fleet_table(proj)
    m = proj.monthly
    for year, replica in zip(table["year"], table["replica_accelerators"], strict=True):
        assert replica == m.loc[m["year"] == year, "replica_accelerators"].max()
    assert table["replica_accelerators"].dtype.kind == "i"


def test_fleet_table_has_the_fleets_a_planner_provisions(proj) -> None:
    """Busy <= paid <= peak capacity is not guaranteed (autoscaling), but busy is the
    least and every column is in accelerators."""
    table = fleet_table(proj)
    assert (table["inference_busy_fleet_gpus"] <= table["inference_fleet_gpus"] + 1e-9).all()
    assert (
        table["inference_busy_fleet_gpus"] <= table["inference_peak_capacity_gpus"] + 1e-9
    ).all()
    for column in FLEET_COLUMNS[1:5]:
        assert output(column).unit == "accelerators"


def test_fleet_table_text_writes_each_value_with_the_registry_formatter(proj) -> None:
    table = fleet_table(proj).set_index("year")
    text = fleet_table_text(proj)
    assert list(text.columns) == [str(y) for y in table.index]
    assert list(text.index) == [output(c).header for c in table.columns]
    for column in table.columns:
        o = output(column)
        for year, value in table[column].items():
            assert text.loc[o.header, str(year)] == format_value(o.kind, value)


def test_serving_rows_show_the_scenario_and_the_summary(proj) -> None:
    rows = {r.key: r for r in serving_rows(proj)}
    scenario, s = proj.scenario, proj.summary
    for name in (
        "inference_accelerator",
        "inference_precision",
        "ttft_target_ms",
        "tpot_target_ms",
    ):
        p = BY_NAME[name]
        assert rows[name].label == p.label
        assert rows[name].value == p.format(getattr(scenario, name))
    for column, field in (
        ("replica_accelerators", "serving_replica_accelerators"),
        ("serving_batch", "serving_batch"),
        ("serving_ttft_ms", "serving_ttft_ms"),
        ("serving_tpot_ms", "serving_tpot_ms"),
        ("inference_achieved_mfu", "serving_achieved_mfu"),
    ):
        assert rows[field].label == output(column).label
        assert rows[field].value == output(column).format(s[field])
    assert len(rows) == 10 and all(r.help for r in rows.values())


def test_serving_rows_write_targets_and_whether_they_are_met() -> None:
    rows = {r.key: r for r in serving_rows(project(Scenario()))}
    assert rows["ttft_target_ms"].value == "450 ms"
    assert rows["tpot_target_ms"].value == "40 ms"
    assert rows["serving_meets_targets"].value == "yes, every month"
    rows = {r.key: r for r in serving_rows(project(Scenario(ttft_target_ms=0, tpot_target_ms=0)))}
    assert rows["ttft_target_ms"].value == rows["tpot_target_ms"].value == "none"
    assert rows["serving_meets_targets"].value == "no targets set"
    rows = {r.key: r for r in serving_rows(project(Scenario(tpot_target_ms=1)))}
    assert rows["tpot_target_ms"].value == "1 ms"
    assert rows["serving_meets_targets"].value == "no"

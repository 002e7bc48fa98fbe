"""The Uncertainty page's pure helpers (ui/uncertainty.py), without Streamlit.

The page itself is driven with AppTest in tests/test_page_uncertainty.py.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from model import Scenario
from model.parameters import BY_NAME
from ui.uncertainty import edited_overrides, lever_value, plain, ranges_table

ADOPTION = "adoption_peak_pct"  # default 40 %, step 1, allowed 0 to 100, default range 24-60


def _edit(scenario: Scenario, name: str, low: object, high: object) -> pd.DataFrame:
    """The ranges table with one row's P10 and P90 typed over, as the data editor returns it."""
    table = ranges_table(scenario).astype({"P10": object, "P90": object})
    row = table.index[table["name"] == name][0]
    table.loc[row, ["P10", "P90"]] = [low, high]
    return table


# --- ranges_table --------------------------------------------------------------------------


def test_ranges_table_has_a_row_per_uncertain_input_with_its_range():
    s = Scenario()
    table = ranges_table(s)
    ranges = s.ranges()
    assert list(table["name"]) == list(ranges)
    assert list(table.columns) == ["name", "Input", "P10", "Value", "P90", "Unit", "Why this range"]
    row = table.set_index("name").loc[ADOPTION]
    low, high = ranges[ADOPTION]
    assert (row["P10"], row["Value"], row["P90"]) == (plain(low), 40, plain(high))
    assert row["Input"] == BY_NAME[ADOPTION].label
    assert row["Why this range"] == BY_NAME[ADOPTION].spread_source


def test_ranges_table_marks_a_scenarios_own_range():
    s = Scenario(uncertainty={ADOPTION: [35, 45]})
    row = ranges_table(s).set_index("name").loc[ADOPTION]
    assert (row["P10"], row["P90"]) == (35, 45)
    assert row["Why this range"] == (
        f"Set for this scenario. Default: {BY_NAME[ADOPTION].spread_source}"
    )


# --- edited_overrides ----------------------------------------------------------------------


def test_an_unedited_table_sets_nothing():
    s = Scenario()
    assert edited_overrides(s, ranges_table(s)) == ({}, [])


def test_an_edited_row_becomes_an_override_and_the_default_range_does_not():
    s = Scenario()
    assert edited_overrides(s, _edit(s, ADOPTION, 35.0, 45.0)) == ({ADOPTION: (35.0, 45.0)}, [])
    # Typing the default range back in (to the table's 4 digits) clears the override.
    low, high = BY_NAME[ADOPTION].default_range(40.0)
    overridden = Scenario(uncertainty={ADOPTION: [35, 45]})
    assert edited_overrides(overridden, _edit(overridden, ADOPTION, plain(low), plain(high))) == (
        {},
        [],
    )


@pytest.mark.parametrize(
    ("low", "high"),
    [(41.0, 45.0), (30.0, 39.0), (-5.0, 45.0), (35.0, 120.0), (math.nan, 45.0)],
    ids=["P10 above the value", "P90 below it", "below 0", "above 100", "cleared"],
)
def test_a_range_the_model_refuses_is_refused_with_a_message(low, high):
    s = Scenario()
    overrides, errors = edited_overrides(s, _edit(s, ADOPTION, low, high))
    assert overrides == {}
    assert errors == [
        f"Adoption: need 0 ≤ P10 ≤ value (40) ≤ P90 ≤ 100 % of addressable users; "
        f"got P10 {low:g}, P90 {high:g}. Not applied."
    ]


@pytest.mark.parametrize("low", [None, "many"])
def test_a_cell_that_is_no_number_is_refused(low):
    s = Scenario()
    assert edited_overrides(s, _edit(s, ADOPTION, low, 45.0)) == (
        {},
        ["Adoption: P10 and P90 must be numbers."],
    )


@pytest.mark.parametrize("low", [-1.0, 0.0, 20.0, 40.0, 40.5])
@pytest.mark.parametrize("high", [39.0, 40.0, 55.0, 100.0, 100.5])
def test_the_page_accepts_exactly_the_ranges_a_scenario_accepts(low, high):
    """One rule: the table's edits and a scenario file's ranges agree on every pair."""
    s = Scenario()
    overrides, errors = edited_overrides(s, _edit(s, ADOPTION, low, high))
    try:
        Scenario(uncertainty={ADOPTION: [low, high]})
        model_accepts = True
    except ValueError:
        model_accepts = False
    assert (not errors) == model_accepts
    assert (ADOPTION in overrides) == model_accepts


# --- lever_value ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "current", "expected"),
    [
        (52.3, 40.0, 53.0),  # must rise: rounded up, so the goal still holds
        (27.6, 40.0, 27.0),  # must fall: rounded down
        (52.0, 40.0, 52.0),  # already on the step
        (52.0000000001, 40.0, 52.0),  # float noise is not a step
        (100.4, 40.0, 100.0),  # never past the allowed range
        (-0.2, 40.0, 0.0),
    ],
)
def test_lever_value_is_on_the_step_on_the_side_that_meets_the_goal(value, current, expected):
    result = lever_value(ADOPTION, value, current)
    assert result == expected and isinstance(result, float)


def test_lever_value_keeps_fine_steps():
    # Hardware price moves in steps of 0.1 USD: 2.43 to reach a goal from 2.5 is 2.4.
    assert lever_value("gpu_hour_price_usd", 2.43, 2.5) == 2.4
    assert lever_value("gpu_hour_price_usd", 2.61, 2.5) == 2.7


# --- plain ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "expected"),
    # Four significant digits, as the table shows them (%.4g); whole numbers exact.
    [(45.0, 45), (2.5, 2.5), (0.0333333, 0.03333), (123456.7, 123500.0), (2e8, 200_000_000)],
)
def test_plain_numbers_for_the_table(x, expected):
    result = plain(x)
    assert result == expected
    assert isinstance(result, int) == float(x).is_integer()

"""Reading a user's actuals file (model/actuals.py): what it accepts, what it
refuses (naming the field and row), and the plan-vs-actual variance."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from model import Scenario, project
from model.actuals import (
    COLUMNS,
    MAX_BYTES,
    SERIES,
    canonical,
    outside,
    parse_actuals,
    series_of,
    template_csv,
    to_csv,
    variance,
)

PLAN = Scenario()  # Jan 2026 to Dec 2031
MONTHS = PLAN.month_labels()


def test_reads_a_plain_file_into_a_tidy_table() -> None:
    a = parse_actuals("month,tokens,requests\n2026-02,2.5e12,1300000000\n2026-01,2.4e12,1.2e9\n")
    assert tuple(a.columns) == COLUMNS
    # Series in the registry's order (requests before tokens), then by month.
    assert list(a["series"]) == ["requests", "requests", "tokens", "tokens"]
    assert list(a["month"]) == [pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-01")] * 2
    assert list(a["value"]) == [1.2e9, 1.3e9, 2.4e12, 2.5e12]
    assert a["month"].dtype.kind == "M" and a["value"].dtype == float


def test_what_spreadsheets_write_is_read() -> None:
    """A byte-order mark, CRLF, upper case and spaces in the header, quoted thousands
    separators, a $ sign, 2026-3 and 2026-03-01, empty cells, blank lines and a
    trailing empty column."""
    data = (
        "\ufeffMonth , Inference_Spend_USD,Tokens,\r\n"
        '2026-3,"$1,200.50",,\r\n'
        "\r\n"
        "2026-04-01, 1300 ,7e9,\r\n"
    ).encode()
    a = parse_actuals(data, MONTHS)
    assert series_of(a) == ["tokens", "inference_spend_usd"]
    assert a.loc[a["series"] == "inference_spend_usd", "value"].tolist() == [1200.5, 1300.0]
    assert a.loc[a["series"] == "tokens", "month"].tolist() == [pd.Timestamp("2026-04-01")]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_files(delimiter: str) -> None:
    a = parse_actuals(f"month{delimiter}tokens\n2026-01{delimiter}5\n")
    assert a["value"].tolist() == [5.0]


BAD = [
    pytest.param(b"", "actuals file: empty", id="empty"),
    pytest.param(b"  \n\n", "actuals file: empty", id="blank"),
    pytest.param(b"month,tokens\n2026-01,\xff\xfe\n", "row 2: not UTF-8", id="not-utf8"),
    pytest.param(
        "month,tokens\n2026-01,1\n2026-02,caf\xe9\n".encode("latin-1"),
        "row 3: not UTF-8",
        id="latin-1",
    ),
    pytest.param(b"month,tokenz\n2026-01,1\n", "column 'tokenz': not a known column", id="unknown"),
    pytest.param(
        b"month,tokens,Tokens\n2026-01,1,2\n", "column 'tokens': appears twice", id="dup-col"
    ),
    pytest.param(b"tokens,requests\n1,2\n", "no 'month' column", id="no-month"),
    pytest.param(b"month\n2026-01\n", "no figures; add any of requests", id="no-series"),
    pytest.param(b"month,,tokens\n2026-01,3,4\n", "column 2: has no name", id="unnamed"),
    pytest.param(
        b"month,tokens\n2026-01,1\nMarch,2\n",
        "row 3, month: 'March' is not a month",
        id="bad-month",
    ),
    pytest.param(
        b"month,tokens\n2026-13,1\n", "row 2, month: '2026-13' is not a month", id="month-13"
    ),
    pytest.param(b"month,tokens\n2026-01-15,1\n", "row 2, month: '2026-01-15'", id="mid-month"),
    pytest.param(b"month,tokens\n,1\n", "row 2, month: empty is not a month", id="no-month-cell"),
    pytest.param(
        b"month,tokens\n2026-01,1\n2026-02,2\n2026-1,3\n",
        "row 4, month: Jan 2026 (2026-01) appears twice (rows 2 and 4)",
        id="dup-month",
    ),
    pytest.param(
        b"month,tokens\n2025-12,1\n", "row 2, month: 2025-12 is outside the plan", id="before-plan"
    ),
    pytest.param(
        b"month,tokens\n2026-01,1\n2032-01,1\n", "row 3, month: 2032-01 is outside", id="after-plan"
    ),
    pytest.param(b"month,tokens\n2026-01,-1\n", "row 2, tokens: -1 is negative", id="negative"),
    pytest.param(
        b"month,requests\n2026-01,lots\n", "row 2, requests: 'lots' is not a number", id="text"
    ),
    pytest.param(
        b"month,requests\n2026-01,nan\n", "row 2, requests: 'nan' is not a finite", id="nan"
    ),
    pytest.param(
        b"month,requests\n2026-01,inf\n", "row 2, requests: 'inf' is not a finite", id="inf"
    ),
    pytest.param(
        b"month,tokens\n2026-01,1,2\n", "row 2: 3 fields but the header names 2", id="extra"
    ),
    pytest.param(
        b"month,tokens\n2026-01,\n2026-02,\n",
        "no figures; the rows under the header",
        id="no-values",
    ),
    pytest.param(b"month,tokens\n2026-01,1\x00\n", "NUL characters", id="binary"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_a_bad_file_is_refused_naming_the_field_and_row(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match="^actuals file") as exc:
        parse_actuals(data, MONTHS)
    assert message in str(exc.value)


def test_a_file_over_10_mb_is_refused_before_it_is_read() -> None:
    head = b"month,tokens\n2026-01,1\n"
    data = head + b" " * (MAX_BYTES + 1 - len(head))
    with pytest.raises(ValueError, match=r"actuals file: 10,485,761 bytes; at most 10 MB"):
        parse_actuals(data)
    assert MAX_BYTES == 10 * 1024 * 1024
    parse_actuals(head + b" \n" * ((MAX_BYTES - len(head)) // 2))  # within the limit is fine


def test_any_month_without_a_plan() -> None:
    a = parse_actuals("month,tokens\n1999-12,1\n2050-01,2\n")
    assert outside(a, MONTHS) == ["1999-12", "2050-01"]


def test_to_csv_and_canonical_round_trip() -> None:
    text = "month,training_spend_usd,tokens\n2026-02,0.1,3\n2026-01,,1e20\n"
    a = parse_actuals(text)
    out = to_csv(a)
    assert out == "month,tokens,training_spend_usd\n2026-01,1e+20,\n2026-02,3,0.1\n"
    assert parse_actuals(out).equals(a)
    assert canonical(out) == out  # a fixed point


def test_template_lists_the_plan_months() -> None:
    text = template_csv(MONTHS)
    lines = text.splitlines()
    assert lines[0] == "month," + ",".join(SERIES)
    assert len(lines) == 1 + len(MONTHS) and lines[1].startswith("2026-01,")


def test_variance_is_the_plan_against_the_actuals() -> None:
    proj = project(PLAN)
    m = proj.monthly
    a = pd.DataFrame(
        {
            "month": [m["month"][0], m["month"][1], m["month"][0], pd.Timestamp("2040-01-01")],
            "series": ["tokens", "tokens", "inference_spend_usd", "tokens"],
            "value": [m["tokens"][0] * 1.1, m["tokens"][1] * 0.8, m["inference_spend_usd"][0], 5.0],
        }
    )
    v = variance(proj, a)
    assert list(v.columns) == ["month", "series", "plan", "actual", "difference_pct"]
    assert len(v) == 3  # the month outside the plan is left out
    assert v["difference_pct"].round(9).tolist() == [10.0, -20.0, 0.0]
    assert v["plan"].tolist() == [m["tokens"][0], m["tokens"][1], m["inference_spend_usd"][0]]


def test_variance_against_a_plan_of_zero_is_not_a_number() -> None:
    proj = project(PLAN.replace(adoption_peak_pct=0))
    a = parse_actuals("month,requests\n2026-01,5\n")
    (diff,) = variance(proj, a)["difference_pct"]
    assert math.isnan(diff)


def test_every_series_is_a_projection_column() -> None:
    assert set(SERIES) <= set(project(PLAN).monthly.columns)
    assert np.isfinite(project(PLAN).monthly[list(SERIES)].to_numpy()).all()

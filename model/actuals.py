"""A user's monthly actuals: reading a CSV file and holding the plan against it.

The file has a ``month`` column (``YYYY-MM``) and any of the columns in
:data:`SERIES`, which are also columns of ``Projection.monthly``::

    month,requests,tokens,inference_spend_usd
    2026-01,1.2e9,2.3e12,431000
    2026-02,1.3e9,,455000

An empty cell is a figure not reported (it is left out, not taken as 0).
:func:`parse_actuals` refuses a bad file with a ValueError naming the field
and the row (counted as a spreadsheet counts them: the header is row 1), and
returns a tidy table: one row per month and series. :func:`variance` compares
it with a projection. No Streamlit here.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from model import units

#: The columns an actuals file may carry besides ``month``, in the order tables show them.
SERIES: tuple[str, ...] = (
    "requests",
    "tokens",
    "inference_gpu_hours",
    "training_gpu_hours",
    "inference_spend_usd",
    "training_spend_usd",
)
#: The largest file accepted [bytes] (10 MB, as the app's uploader counts them).
MAX_BYTES = 10 * 1024 * 1024
MONTH = "month"
#: The tidy table's columns: month (first day, Timestamp), series (a name of
#: :data:`SERIES`) and value (in the series' own unit).
COLUMNS = (MONTH, "series", "value")

_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})(?:-0?1)?$")
_WHERE = "actuals file"


def parse_actuals(data: str | bytes, months: Sequence[str] | None = None) -> pd.DataFrame:
    """Read and check an actuals CSV file.

    Parameters
    ----------
    data : str or bytes
        The file's contents; bytes must be UTF-8 (a byte-order mark is allowed,
        as Excel writes one). Commas separate fields; a file using semicolons
        or tabs throughout is read as well.
    months : sequence of str, optional
        The plan's months as ``YYYY-MM`` (``Scenario.month_labels()``): a month
        outside them is refused. None accepts any month.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: ``month`` (Timestamp of the month's first
        day), ``series`` and ``value`` (requests, tokens [count],
        accelerator-hours [h] or USD a month), one row per reported figure,
        ordered by series (as in :data:`SERIES`) then month.

    Raises
    ------
    ValueError
        Naming the field and the row: too large, not UTF-8, empty, an unknown or
        repeated column, no ``month`` column or no series, a bad, repeated or
        out-of-plan month, a value that is not a number, negative or not finite,
        or a row with more fields than the header.
    """
    text = _text(data)
    rows = _rows(text)
    body = rows[1:]
    columns = _columns(rows[0], body)
    header = rows[0][1]  # the names, normalised by _columns
    allowed = set(months) if months is not None else None
    seen: dict[str, int] = {}
    records: list[tuple[str, str, float]] = []
    for number, row in body:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        cells = dict(zip(header, row, strict=False))
        label = _month(cells.get(MONTH, ""), number)
        if label in seen:
            raise ValueError(
                f"{_WHERE}, row {number}, month: {units.month(label)} ({label}) appears twice "
                f"(rows {seen[label]} and {number}); give each month one row"
            )
        seen[label] = number
        if allowed is not None and label not in allowed:
            first, last = months[0], months[-1]  # type: ignore[index]
            raise ValueError(
                f"{_WHERE}, row {number}, month: {label} is outside the plan, which runs "
                f"from {first} to {last} ({units.month(first)} to {units.month(last)})"
            )
        for name in columns:
            value = _value(cells.get(name, ""), name, number)
            if value is not None:
                records.append((label, name, value))
    if not records:
        raise ValueError(
            f"{_WHERE}: no figures; the rows under the header are empty "
            f"(expected numbers in {', '.join(columns)})"
        )
    order = {name: i for i, name in enumerate(SERIES)}
    records.sort(key=lambda r: (order[r[1]], r[0]))
    return pd.DataFrame(
        {
            MONTH: pd.to_datetime([f"{r[0]}-01" for r in records]),
            "series": [r[1] for r in records],
            "value": np.array([r[2] for r in records], dtype=float),
        }
    )


def _text(data: str | bytes) -> str:
    """The file as text: size and encoding checked."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise ValueError(
            f"{_WHERE}: {len(raw):,} bytes; at most {MAX_BYTES // (1024 * 1024)} MB "
            f"({MAX_BYTES:,} bytes) are accepted"
        )
    if isinstance(data, str):
        text = data
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            row = raw[: exc.start].count(b"\n") + 1
            raise ValueError(
                f"{_WHERE}, row {row}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
                f"position {exc.start:,}); save it as “CSV UTF-8”"
            ) from None
    if "\x00" in text:
        raise ValueError(f"{_WHERE}: holds NUL characters; expected a CSV text file")
    return text.removeprefix("\ufeff")


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) of every record; the header is row 1."""
    if not text.strip():
        raise ValueError(
            f"{_WHERE}: empty; expected a header row with {MONTH} and any of "
            f"{', '.join(SERIES)}, then one row per month"
        )
    first = text.lstrip().split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        delimiter = next((d for d in (";", "\t") if d in first), ",")
    try:
        # Trailing blank lines and spaces are no rows (and would be slow to read).
        records = list(csv.reader(io.StringIO(text.rstrip(), newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ValueError(f"{_WHERE}: not a readable CSV file ({exc})") from None
    numbered = [(i, row) for i, row in enumerate(records, start=1)]
    # Leading blank lines: the header is the first line with text.
    while numbered and not any(c.strip() for c in numbered[0][1]):
        numbered.pop(0)
    return numbered


def _columns(header_row: tuple[int, list[str]], body: list[tuple[int, list[str]]]) -> list[str]:
    """Check the header; normalise its names in place and return the series it names."""
    number, header = header_row
    names = [h.strip().lower() for h in header]
    # Trailing unnamed columns that are empty everywhere (a spreadsheet's habit) are dropped.
    while names and not names[-1] and all(len(r) < len(names) or not r[len(names) - 1].strip()
                                          for _, r in body):  # fmt: skip
        names.pop()
    allowed = f"{MONTH} and any of {', '.join(SERIES)}"
    for i, name in enumerate(names, start=1):
        if not name:
            raise ValueError(f"{_WHERE}, row {number}, column {i}: has no name; allowed: {allowed}")
        if name != MONTH and name not in SERIES:
            raise ValueError(
                f"{_WHERE}, row {number}, column {header[i - 1].strip()!r}: not a known "
                f"column; allowed: {allowed}"
            )
        if names.index(name) != i - 1:
            raise ValueError(f"{_WHERE}, row {number}, column {name!r}: appears twice")
    if MONTH not in names:
        raise ValueError(
            f"{_WHERE}, row {number}: no {MONTH!r} column (YYYY-MM); allowed: {allowed}"
        )
    series = [n for n in names if n != MONTH]
    if not series:
        raise ValueError(f"{_WHERE}, row {number}: no figures; add any of {', '.join(SERIES)}")
    header[:] = names
    for row_number, row in body:
        extra = row[len(names) :]
        if any(c.strip() for c in extra):
            raise ValueError(
                f"{_WHERE}, row {row_number}: {len(row)} fields but the header names "
                f"{len(names)} columns"
            )
    return series


def _month(raw: str, number: int) -> str:
    """``YYYY-MM`` from a cell: ``2026-03``, ``2026-3`` or ``2026-03-01``."""
    text = raw.strip()
    m = _MONTH_RE.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1000:
        shown = repr(text[:40]) if text else "empty"
        raise ValueError(
            f"{_WHERE}, row {number}, {MONTH}: {shown} is not a month; write it as YYYY-MM "
            "(e.g. 2026-03)"
        )
    return f"{m.group(1)}-{int(m.group(2)):02d}"


def _value(raw: str, name: str, number: int) -> float | None:
    """A cell's number (None when empty): thousands separators and a leading $ allowed."""
    text = raw.strip()
    if not text:
        return None
    cleaned = text.replace(",", "").replace("_", "").replace(" ", "").removeprefix("$")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{_WHERE}, row {number}, {name}: {text[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{_WHERE}, row {number}, {name}: {text[:40]!r} is not a finite number")
    if value < 0:
        raise ValueError(
            f"{_WHERE}, row {number}, {name}: {text[:40]} is negative; actuals are "
            "counts and amounts, 0 or more"
        )
    return value


# --- the tidy table ----------------------------------------------------------------------


def to_csv(actuals: pd.DataFrame) -> str:
    """The tidy table back as a CSV file (wide: ``month`` then its series, in
    :data:`SERIES` order; a figure not reported is an empty cell). Numbers are
    written exactly, so ``parse_actuals(to_csv(a))`` equals ``a``."""
    names = [s for s in SERIES if s in set(actuals["series"])]
    wide = _wide(actuals, names)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([MONTH, *names])
    for month, row in wide.iterrows():
        writer.writerow([f"{month:%Y-%m}", *(_number(row[n]) for n in names)])
    return out.getvalue()


def canonical(csv_text: str | bytes) -> str:
    """``csv_text`` checked (:func:`parse_actuals`, any month) and rewritten in
    one form (:func:`to_csv`): the form the store keeps and an export carries.
    ValueError naming the field and row of a bad file."""
    return to_csv(parse_actuals(csv_text))


def _number(x: float) -> str:
    if not math.isfinite(x):
        return ""
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(float(x))


def _wide(actuals: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """One row per month (index), one column per series; NaN where not reported."""
    wide = actuals.pivot(index=MONTH, columns="series", values="value")
    return wide.reindex(columns=list(names)).sort_index()


def series_of(actuals: pd.DataFrame) -> list[str]:
    """The series reported in ``actuals``, in :data:`SERIES` order."""
    present = set(actuals["series"])
    return [s for s in SERIES if s in present]


def month_labels(actuals: pd.DataFrame) -> list[str]:
    """The months of ``actuals`` as sorted ``YYYY-MM`` labels."""
    return sorted({f"{m:%Y-%m}" for m in actuals[MONTH]})


def outside(actuals: pd.DataFrame, months: Sequence[str]) -> list[str]:
    """The months of ``actuals`` (``YYYY-MM``) that are not in ``months`` (the plan's)."""
    plan = set(months)
    return [m for m in month_labels(actuals) if m not in plan]


def variance(projection: Any, actuals: pd.DataFrame) -> pd.DataFrame:
    """The plan against the actuals, month by month.

    Parameters
    ----------
    projection : Projection
        ``model.project(scenario)``; its ``monthly`` table has the series as columns.
    actuals : pandas.DataFrame
        :func:`parse_actuals`' tidy table. Months outside the plan are left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``month`` (Timestamp), ``series``, ``plan`` and ``actual`` (in
        the series' unit a month) and ``difference_pct``: how far the actual
        is above (+) or below (-) the plan [% of the plan]; NaN when the plan
        is 0. Ordered like ``actuals``.
    """
    monthly = projection.monthly
    plan_long = monthly.melt(
        id_vars=[MONTH], value_vars=[s for s in SERIES if s in monthly.columns],
        var_name="series", value_name="plan",
    )  # fmt: skip
    out = actuals.rename(columns={"value": "actual"}).merge(
        plan_long, on=[MONTH, "series"], how="inner", sort=False
    )
    plan = out["plan"].to_numpy(dtype=float)
    actual = out["actual"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = np.where(plan > 0, (actual - plan) / plan * 100.0, np.nan)
    out["difference_pct"] = diff
    return out[[MONTH, "series", "plan", "actual", "difference_pct"]].reset_index(drop=True)


def annual(actuals: pd.DataFrame, name: str) -> pd.DataFrame:
    """The actuals of series ``name`` summed by calendar year: ``year``,
    ``value`` [the series' unit a year] and ``months`` (how many months of the
    year reported it, 1-12)."""
    rows = actuals[actuals["series"] == name]
    g = rows.groupby(rows[MONTH].dt.year)["value"]
    out = pd.DataFrame({"value": g.sum(), "months": g.count()}).reset_index(names="year")
    return out.astype({"year": int, "value": float, "months": int})


def template_csv(months: Sequence[str], names: Sequence[str] = SERIES) -> str:
    """An empty actuals file for the plan's ``months``: the header and a row a month."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([MONTH, *names])
    for m in months:
        writer.writerow([m, *([""] * len(names))])
    return out.getvalue()

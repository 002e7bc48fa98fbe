"""Spreadsheet exports of a Projection: an Excel workbook and the monthly CSV.

The workbook's sheets: "Summary" (the headline sentence, the KPI tiles and
the serving assumptions), "Monthly" and "Annual" (the projection's tables,
one readable header row with units; the fleet-economics columns among them),
"Fleet" (the yearly fleet: average busy fleet, capacity for the peak, paid and
training fleets, replica size, achieved MFU), "Strategies" (own, reserve or
rent compared: P&L cost, cash cost, NPV, peak capex), "Purchases" (the
purchase schedule, when the scenario owns or reserves capacity) and
"Assumptions" (one row per registry parameter, with its value in this
scenario, default and source). Headers and number formats
come from the output registry (:mod:`model.outputs`); :func:`read_table` maps
the headers back. Every KPI is a numeric cell with a number format, never text.

A comparison (:func:`build_comparison_xlsx`) has a "Comparison" sheet (the
KPIs side by side with their differences against the first scenario, each
scenario's headline, the assumptions that differ from the default) and one
sheet per scenario, named after it (:func:`sheet_names`), holding its Annual,
Monthly and Assumptions tables one below the other. No Streamlit here.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model import fleet, fleet_plan
from model.engine import Projection
from model.narrative import headline
from model.outputs import OUTPUTS, output
from model.parameters import PARAMETERS
from model.scenario import Scenario
from report.kpis import KpiValue, kpi_values
from report.tables import FLEET_NOTE, SERVING_NOTE, fleet_table, serving_rows

_MONEY = "$#,##0"
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def header(name: str) -> str:
    """A column's header with its unit, as the output registry declares it:
    ``"training_spend_usd"`` -> ``"Training spend (USD)"``."""
    return output(name).header


def column_names(columns: list[str] | pd.Index) -> dict[str, str]:
    """Header -> machine name, to read the Monthly/Annual sheets back."""
    return {header(c): c for c in columns}


def _cell(value: Any) -> Any:
    """A cell value openpyxl writes faithfully: NaN/inf become empty cells."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _write_header(ws: Worksheet, labels: list[str], row: int = 1) -> None:
    for j, label in enumerate(labels, start=1):
        c = ws.cell(row=row, column=j, value=label)
        c.font = _BOLD
        c.fill = _HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")


def _write_table(
    ws: Worksheet, df: pd.DataFrame, note: str | None = None, row: int = 1, alone: bool = True
) -> int:
    """One readable header row at ``row``, then the data with number formats per
    column; ``note`` in italics two rows below the data. ``alone``: the table
    has the sheet to itself (frozen header, filter). Returns the last row written."""
    columns = list(df.columns)
    _write_header(ws, [header(c) for c in columns], row=row)
    ws.row_dimensions[row].height = 45
    formats = [output(c).excel_format for c in columns]
    arrays = [df[c].to_numpy() for c in columns]
    for i in range(len(df)):
        r = row + 1 + i
        for j, (arr, fmt) in enumerate(zip(arrays, formats, strict=True), start=1):
            value = _cell(arr[i])
            if isinstance(value, datetime):
                value = value.date() if value.time() == datetime.min.time() else value
            c = ws.cell(row=r, column=j, value=value)
            c.number_format = fmt
    for j, c in enumerate(columns, start=1):
        width = 11 if c in ("month", "year") else max(12, min(22, len(header(c)) * 0.6 + 4))
        _widen(ws, j, width)
    last = row + len(df)
    if alone:
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(df) + 1}"
    if note:
        last += 2
        c = ws.cell(row=last, column=1, value=note)
        c.font = Font(italic=True, color="666666")
    return last


def _widen(ws: Worksheet, column: int, width: float) -> None:
    """Column ``column`` at least ``width`` wide (tables stacked on one sheet share columns)."""
    letter = get_column_letter(column)
    known = letter in ws.column_dimensions  # (reading a missing one would add it)
    dim = ws.column_dimensions[letter]
    dim.width = max(dim.width, width) if known else width


def _param_format(name: str, value: float) -> str:
    """A parameter value's number format: a year as it is (2026, not 2,026),
    thousands separated, small values as they are."""
    if name.endswith("_year"):
        return "0"
    return "#,##0.####" if abs(value) >= 1000 else "General"


def _write_assumptions(ws: Worksheet, proj: Projection, row: int = 1, alone: bool = True) -> int:
    """One row per registry parameter from ``row`` on: name, label, value, unit,
    default, changed, source. Returns the last row written."""
    values = proj.scenario.params()
    changed = proj.scenario.diff(Scenario())
    _write_header(ws, ["Name", "Parameter", "Value", "Unit", "Default", "Changed", "Source"], row)
    for r, p in enumerate(PARAMETERS, start=row + 1):
        value = values[p.name]
        cells = [
            p.name,
            p.label,
            value,
            p.unit,
            p.default,
            "yes" if p.name in changed else "",
            p.source,
        ]
        for j, v in enumerate(cells, start=1):
            c = ws.cell(row=r, column=j, value=v)
            c.alignment = _WRAP_TOP
            if j in (3, 5) and isinstance(v, float | int):
                c.number_format = _param_format(p.name, v)
        if p.name in changed:
            ws.cell(row=r, column=3).font = _BOLD
    for j, width in enumerate((32, 34, 14, 30, 14, 9, 90), start=1):
        _widen(ws, j, width)
    if alone:
        ws.freeze_panes = "C2"
    return row + len(PARAMETERS)


def _kpi_formats(k: KpiValue) -> tuple[str, str]:
    """Excel number formats of a KPI's value and of its difference against a
    baseline: "$#,##0" and "+$#,##0;-$#,##0;$0" for money."""
    if k.kind == "month":
        return output("month").excel_format, '+0" months";-0" months";0" months"'
    if k.kind == "share":
        return "0.0%", '+0.0" pts";-0.0" pts";0.0" pts"'
    if k.kind == "money":
        return _MONEY, "+$#,##0;-$#,##0;$0"
    if k.kind == "money_rate":
        return "$#,##0.0000", "+$#,##0.0000;-$#,##0.0000;$0.0000"
    body = "#,##0" + (f'" {k.unit}"' if k.unit else "")
    return body, f"+{body};-{body};{body}"


def _kpi_cell(ws: Worksheet, row: int, column: int, k: KpiValue) -> None:
    """A KPI's value as a number (a month as a date), empty when missing."""
    ws.cell(row=row, column=column, value=k.value).number_format = _kpi_formats(k)[0]


def _delta_cell(ws: Worksheet, row: int, column: int, k: KpiValue) -> None:
    """A KPI's difference against the baseline as a number: months for a month,
    percentage points for a share, else the KPI's unit; empty when missing."""
    delta = k.delta
    if delta is not None and k.kind == "share":
        delta = delta * 100
    ws.cell(row=row, column=column, value=delta).number_format = _kpi_formats(k)[1]


def _kpi_meaning(k: KpiValue) -> str:
    """What a KPI means; for a crossover that is not a plain month (ahead from the
    start, or never), the tile's word for it first."""
    if k.kind == "month" and k.value is None:
        return f"Never within the plan. {k.help}"
    if k.kind == "month" and k.value is not None and k.text != f"{k.value:%b %Y}":
        return f"{k.text}. {k.help}"
    return k.help


def _write_summary(ws: Worksheet, proj: Projection, label: str | None, today: date) -> None:
    ws["A1"] = label or "AI infrastructure plan"
    ws["A1"].data_type = "s"  # a name such as =HYPERLINK(...) stays text, never a formula
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = headline(proj.summary, today)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:C2")
    ws.row_dimensions[2].height = 36
    ws["A3"] = f"Generated {today.isoformat()}"
    ws["A3"].font = Font(italic=True, color="666666")
    _write_header(ws, ["KPI", "Value", "Meaning"], row=5)
    r = 6
    for k in kpi_values(proj.summary):
        ws.cell(row=r, column=1, value=k.label)
        _kpi_cell(ws, r, 2, k)
        ws.cell(row=r, column=3, value=_kpi_meaning(k)).alignment = _WRAP_TOP
        r += 1
    r += 1
    # The serving block, written as on every other surface (registry formatters).
    _write_header(ws, ["Serving", "Value", "Meaning"], row=r)
    for row in serving_rows(proj):
        r += 1
        ws.cell(row=r, column=1, value=row.label)
        ws.cell(row=r, column=2, value=row.value)
        ws.cell(row=r, column=3, value=row.help).alignment = _WRAP_TOP
    r += 1
    ws.cell(row=r, column=1, value=SERVING_NOTE).font = Font(italic=True, color="666666")
    r += 2
    _write_header(ws, ["Summary field", "Value"], row=r)
    for key, value in proj.summary.to_dict().items():
        r += 1
        ws.cell(row=r, column=1, value=key)
        c = ws.cell(row=r, column=2, value=_cell(value) if not isinstance(value, bool) else value)
        if key.endswith("_usd") and isinstance(value, float):
            c.number_format = _MONEY if abs(value) >= 100 else "$#,##0.0000"
        elif isinstance(value, float):
            c.number_format = "0.000" if abs(value) < 10 else "#,##0"
    for letter, width in zip("ABC", (36, 22, 80), strict=True):
        ws.column_dimensions[letter].width = width


def _note(ws: Worksheet, row: int, text: str) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(italic=True, color="666666")


def _write_strategies(ws: Worksheet, proj: Projection) -> None:
    """The strategies of :func:`model.fleet_plan.strategies`, money in numeric
    cells, and what each column means below."""
    s = proj.scenario
    table = fleet_plan.strategies(s)
    columns = list(fleet_plan.STRATEGY_COLUMNS)
    _write_header(ws, columns)
    for i, rec in enumerate(table.to_dict("records"), start=2):
        ws.cell(row=i, column=1, value=str(rec["Strategy"])).data_type = "s"
        for j, c in enumerate(columns[1:], start=2):
            ws.cell(row=i, column=j, value=_cell(float(rec[c]))).number_format = _MONEY
    r = len(table) + 3
    best = table.loc[table["NPV (USD)"].idxmin()]
    ws.cell(row=r, column=1, value=f"Cheapest by net present cost: {best['Strategy']}").font = _BOLD
    for k, text in enumerate(
        (
            "P&L cost: depreciation, power, facility, reservations and on-demand rentals over "
            "the plan.",
            "Cash cost: purchases when paid, less resale at the end of a life, plus the same "
            "running costs.",
            "Fleet value at the end: the owned accelerators' book value when the plan ends.",
            "NPV: the net present cost, the cash cost discounted to the start of the plan at the "
            f"cost of capital ({s.cost_of_capital_pct:g}% a year) less the fleet value at the end, "
            "discounted; lower is cheaper.",
            "Peak capex: the largest calendar year's purchases.",
        ),
        start=r + 1,
    ):
        _note(ws, k, text)
    for letter, width in zip("ABCDE", (40, 18, 18, 18, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"


def _write_purchases(ws: Worksheet, proj: Projection) -> None:
    """The purchase schedule (:func:`model.fleet_plan.purchase_schedule`): months
    as date cells, counts as whole numbers, capex in USD."""
    schedule = fleet_plan.purchase_schedule(proj)
    _write_header(ws, list(schedule.columns))
    month_format = output("month").excel_format
    for i, rec in enumerate(schedule.to_dict("records"), start=2):
        for j, c in enumerate(schedule.columns, start=1):
            value = rec[c]
            fmt = "General"
            if c in ("Month", "Order by"):
                y, m = (int(x) for x in str(value).split("-")[:2])
                value, fmt = date(y, m, 1), month_format
            elif c == "Count":
                value, fmt = int(value), "#,##0"
            elif c == "Capex (USD)":
                value, fmt = float(value), _MONEY
            cell = ws.cell(row=i, column=j, value=value)
            cell.number_format = fmt
            if isinstance(value, str):
                cell.data_type = "s"
    if schedule.empty:
        _note(ws, 3, "This strategy buys no accelerators: its capacity is reserved or rented.")
    else:
        _note(
            ws,
            len(schedule) + 3,
            "Month: when the accelerators must be in service; Order by: a lead time before. "
            "Counts are rounded up; capex is the exact amount.",
        )
    for letter, width in zip("ABCDEF", (11, 11, 11, 22, 10, 16), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:F{len(schedule) + 1}"


def build_xlsx(proj: Projection, label: str | None = None, today: date | None = None) -> bytes:
    """The projection as an Excel workbook.

    Parameters
    ----------
    proj : Projection
    label : str, optional
        Scenario name shown on the Summary sheet.
    today : datetime.date, optional
        Date of the report (default: today); the headline counts months from it.

    Returns
    -------
    bytes
        An .xlsx file with sheets Summary, Monthly, Annual, Fleet, Strategies,
        Purchases (only when the scenario owns or reserves capacity) and Assumptions.
    """
    today = today or date.today()
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    _write_summary(summary, proj, label, today)
    _write_table(wb.create_sheet("Monthly"), proj.monthly)
    _write_table(wb.create_sheet("Annual"), proj.annual)
    _write_table(wb.create_sheet("Fleet"), fleet_table(proj), note=FLEET_NOTE)
    _write_strategies(wb.create_sheet("Strategies"), proj)
    if not fleet.is_all_on_demand(proj.scenario):
        _write_purchases(wb.create_sheet("Purchases"), proj)
    _write_assumptions(wb.create_sheet("Assumptions"), proj)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


#: What Excel forbids in a sheet name (and control characters, which XML forbids).
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
#: Longest sheet name Excel accepts.
MAX_SHEET_NAME = 31
#: The sheet of a comparison that sets out the KPIs side by side.
COMPARISON_SHEET = "Comparison"


def sheet_names(names: Iterable[str], taken: Iterable[str] = (COMPARISON_SHEET,)) -> list[str]:
    """A valid, unique Excel sheet name for each of ``names``, as close to it as Excel allows.

    Characters Excel forbids (``[ ] : * ? / \\``) and control characters become
    spaces, runs of white space one space; a leading or trailing apostrophe
    goes; "History" (reserved by Excel) and an empty name get a word added;
    at most 31 characters; a name already used (case-insensitively, like
    Excel), or in ``taken``, gets " (2)", " (3)", ...

    >>> sheet_names(["Board: Q3/Q4", "board: q3/q4", "x" * 40])
    ['Board Q3 Q4', 'board q3 q4 (2)', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']
    """
    used = {t.casefold() for t in taken}
    out = []
    for name in names:
        base = " ".join(_SHEET_FORBIDDEN.sub(" ", str(name)).split()).strip("'").strip()
        if not base:
            base = "Scenario"
        elif base.casefold() == "history":
            base = "History (scenario)"

        def fit(text: str, limit: int = MAX_SHEET_NAME) -> str:
            return text[:limit].rstrip().rstrip("'").rstrip() or "Scenario"

        candidate, n = fit(base), 2
        while candidate.casefold() in used:
            suffix = f" ({n})"
            candidate, n = fit(base, MAX_SHEET_NAME - len(suffix)) + suffix, n + 1
        used.add(candidate.casefold())
        out.append(candidate)
    return out


def _text(ws: Worksheet, row: int, column: int, value: str) -> Any:
    """A cell of user text (a scenario's name): always text, never a formula."""
    c = ws.cell(row=row, column=column, value=str(value))
    c.data_type = "s"
    return c


def _head(cell: Any) -> None:
    """Style ``cell`` as a header cell."""
    cell.font, cell.fill = _BOLD, _HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def _write_comparison(
    ws: Worksheet,
    projections: Sequence[tuple[str, Projection]],
    sheets: list[str],
    today: date,
) -> None:
    """The KPIs side by side (numbers, with their differences against the first
    scenario), each scenario's headline and sheet, and the assumptions that
    differ from the default in any of them."""
    labels = [label for label, _ in projections]
    base_label, base = projections[0]
    n = len(projections)
    _text(ws, 1, 1, " vs ".join(labels)).font = Font(bold=True, size=14)
    _text(
        ws,
        2,
        1,
        f"Generated {today.isoformat()}. Differences are against the first scenario, {base_label}.",
    ).font = Font(italic=True, color="666666")
    # KPI | Unit | each scenario | each other scenario's difference | meaning
    r = 4
    meaning = 2 * n + 2
    heads = ["KPI", "Unit", *labels, *(f"{x} vs {base_label}" for x in labels[1:])]
    for j, text in enumerate([*heads, "What it means"], start=1):
        _head(_text(ws, r, j, text))
    ws.row_dimensions[r].height = 45
    columns = [kpi_values(p.summary, base.summary) for _, p in projections]
    for i, k in enumerate(kpi_values(base.summary)):  # the baseline's labels, as on the tiles
        row = r + 1 + i
        ws.cell(row=row, column=1, value=k.label)
        ws.cell(row=row, column=2, value=k.unit)
        for j, values in enumerate(columns):
            _kpi_cell(ws, row, 3 + j, values[i])
            if j:
                _delta_cell(ws, row, 2 + n + j, values[i])
        ws.cell(row=row, column=meaning, value=k.help).alignment = _WRAP_TOP
        # Row heights are not computed on opening: room for the wrapped lines.
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(k.help) / 85))
        for j in range(1, meaning):
            ws.cell(row=row, column=j).alignment = Alignment(vertical="top")
    r += len(columns[0]) + 2
    for j, text in enumerate(("Scenario", "Sheet", "Headline"), start=1):
        _head(_text(ws, r, j, text))
    for (label, proj), sheet in zip(projections, sheets, strict=True):
        r += 1
        _text(ws, r, 1, label)
        link = _text(ws, r, 2, sheet)
        link.hyperlink = "#'{}'!A1".format(sheet.replace("'", "''"))
        link.font = Font(color="0563C1", underline="single")
        ws.cell(row=r, column=3, value=headline(proj.summary, today))
    r += 2
    scenarios = [p.scenario for _, p in projections]
    changed = [set(sc.diff(Scenario())) for sc in scenarios]
    differ = [p for p in PARAMETERS if any(p.name in names for names in changed)]
    for j, text in enumerate(["Assumption", "Unit", *labels, "Default"], start=1):
        _head(_text(ws, r, j, text))
    if not differ:
        _note(ws, r + 1, "Every parameter is at its default in every scenario.")
    for p in differ:
        r += 1
        ws.cell(row=r, column=1, value=p.label)
        ws.cell(row=r, column=2, value=p.unit)
        values = [
            (getattr(sc, p.name), p.name in names)
            for sc, names in zip(scenarios, changed, strict=True)
        ]
        for j, (value, bold) in enumerate([*values, (p.default, False)], start=3):
            c = ws.cell(row=r, column=j, value=_cell(value))
            if isinstance(value, float | int) and not isinstance(value, bool):
                c.number_format = _param_format(p.name, value)
            if bold:
                c.font = _BOLD
    for j, width in enumerate((34, 18), start=1):
        _widen(ws, j, width)
    for j in range(3, 2 * n + 2):
        _widen(ws, j, 20)
    _widen(ws, meaning, 80)
    # Printed, the comparison fits the width of a landscape page.
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _write_scenario(ws: Worksheet, label: str, proj: Projection, today: date) -> None:
    """One scenario of a comparison: its name and headline, then its Annual,
    Monthly and Assumptions tables one below the other, each under its title."""
    _text(ws, 1, 1, label).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=headline(proj.summary, today))
    r = 4
    for title, write in (
        ("Annual", lambda row: _write_table(ws, proj.annual, row=row, alone=False)),
        ("Monthly", lambda row: _write_table(ws, proj.monthly, row=row, alone=False)),
        ("Assumptions", lambda row: _write_assumptions(ws, proj, row=row, alone=False)),
    ):
        ws.cell(row=r, column=1, value=title).font = Font(bold=True, size=12)
        r = write(r + 1) + 2


def build_comparison_xlsx(
    projections: Sequence[tuple[str, Projection]], today: date | None = None
) -> bytes:
    """Several scenarios as one Excel workbook; one scenario is :func:`build_xlsx`.

    Parameters
    ----------
    projections : list of (name, Projection)
        The first is the baseline the others' differences are taken against.
    today : datetime.date, optional
        Date of the report (default: today); the headlines count months from it.

    Returns
    -------
    bytes
        An .xlsx file: "Comparison" (the KPIs side by side as numbers with
        number formats, their differences against the first, each headline,
        the assumptions that differ from the default), then a sheet per
        scenario named after it (:func:`sheet_names`) with its Annual, Monthly
        and Assumptions tables (:func:`read_table` reads them back by title).
    """
    if not projections:
        raise ValueError("projections: give at least one (name, Projection)")
    today = today or date.today()
    if len(projections) == 1:
        label, proj = projections[0]
        return build_xlsx(proj, label=label, today=today)
    wb = Workbook()
    ws = wb.active
    ws.title = COMPARISON_SHEET
    sheets = sheet_names(label for label, _ in projections)
    _write_comparison(ws, projections, sheets, today)
    for (label, proj), sheet in zip(projections, sheets, strict=True):
        _write_scenario(wb.create_sheet(sheet), label, proj, today)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_table(data: bytes, sheet: str, block: str | None = None) -> pd.DataFrame:
    """A Monthly, Annual or Fleet sheet of :func:`build_xlsx` read back with
    machine column names (the Fleet sheet's note below the data left off).

    ``block``: on a scenario's sheet of :func:`build_comparison_xlsx`, the
    table under that title ("Annual" or "Monthly"), up to the first empty row.
    """
    if block is None:
        df = pd.read_excel(io.BytesIO(data), sheet_name=sheet)
        df = df[df.notna().sum(axis=1) > 1].reset_index(
            drop=True
        )  # a data row fills more than one cell
    else:
        raw = pd.read_excel(io.BytesIO(data), sheet_name=sheet, header=None)
        top = raw.index[raw[0] == block][0] + 1  # the header row, under the title
        body = raw.loc[top + 1 :]
        blank = body.index[body.isna().all(axis=1)]
        body = body.loc[: blank[0] - 1] if len(blank) else body
        heads = raw.loc[top]
        keep = heads.notna().to_numpy()
        df = pd.DataFrame(body.loc[:, keep].to_numpy(), columns=list(heads[keep])).infer_objects()
    return df.rename(columns={o.header: o.name for o in OUTPUTS})


def build_csv(proj: Projection) -> str:
    """The monthly table as CSV, months as "YYYY-MM" (same as ``planner run --format csv``)."""
    return proj.monthly.to_csv(index=False, date_format="%Y-%m")


def build_comparison_csv(projections: Sequence[tuple[str, Projection]]) -> str:
    """Every scenario's monthly table in one CSV, a ``scenario`` column first;
    one scenario is :func:`build_csv`."""
    if len(projections) == 1:
        return build_csv(projections[0][1])
    frames = [p.monthly.assign(scenario=label) for label, p in projections]
    table = pd.concat(frames, ignore_index=True)
    table = table[["scenario", *(c for c in table.columns if c != "scenario")]]
    return table.to_csv(index=False, date_format="%Y-%m")

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
the headers back. No Streamlit here.
"""

from __future__ import annotations

import io
import math
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
from report.kpis import kpis
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


def _write_table(ws: Worksheet, df: pd.DataFrame, note: str | None = None) -> None:
    """One readable header row, then the data with number formats per column;
    ``note`` in italics two rows below the data."""
    columns = list(df.columns)
    _write_header(ws, [header(c) for c in columns])
    ws.row_dimensions[1].height = 45
    formats = [output(c).excel_format for c in columns]
    arrays = [df[c].to_numpy() for c in columns]
    for i in range(len(df)):
        r = i + 2
        for j, (arr, fmt) in enumerate(zip(arrays, formats, strict=True), start=1):
            value = _cell(arr[i])
            if isinstance(value, datetime):
                value = value.date() if value.time() == datetime.min.time() else value
            c = ws.cell(row=r, column=j, value=value)
            c.number_format = fmt
    for j, c in enumerate(columns, start=1):
        width = 11 if c in ("month", "year") else max(12, min(22, len(header(c)) * 0.6 + 4))
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(df) + 1}"
    if note:
        c = ws.cell(row=len(df) + 3, column=1, value=note)
        c.font = Font(italic=True, color="666666")


def _write_assumptions(ws: Worksheet, proj: Projection) -> None:
    values = proj.scenario.params()
    changed = proj.scenario.diff(Scenario())
    _write_header(ws, ["Name", "Parameter", "Value", "Unit", "Default", "Changed", "Source"])
    for r, p in enumerate(PARAMETERS, start=2):
        value = values[p.name]
        row = [
            p.name,
            p.label,
            value,
            p.unit,
            p.default,
            "yes" if p.name in changed else "",
            p.source,
        ]
        for j, v in enumerate(row, start=1):
            c = ws.cell(row=r, column=j, value=v)
            c.alignment = _WRAP_TOP
            if j in (3, 5) and isinstance(v, float | int):
                c.number_format = "#,##0.####" if abs(v) >= 1000 else "General"
        if p.name in changed:
            ws.cell(row=r, column=3).font = _BOLD
    for letter, width in zip("ABCDEFG", (32, 34, 14, 30, 14, 9, 90), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C2"


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
    for k in kpis(proj.summary):
        ws.cell(row=r, column=1, value=k.label)
        ws.cell(row=r, column=2, value=k.value)
        ws.cell(row=r, column=3, value=k.help).alignment = _WRAP_TOP
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


def read_table(data: bytes, sheet: str) -> pd.DataFrame:
    """A Monthly, Annual or Fleet sheet of :func:`build_xlsx` read back with
    machine column names (the Fleet sheet's note below the data left off)."""
    df = pd.read_excel(io.BytesIO(data), sheet_name=sheet)
    df = df[df.notna().sum(axis=1) > 1].reset_index(
        drop=True
    )  # a data row fills more than one cell
    return df.rename(columns={o.header: o.name for o in OUTPUTS})


def build_csv(proj: Projection) -> str:
    """The monthly table as CSV, months as "YYYY-MM" (same as ``planner run --format csv``)."""
    return proj.monthly.to_csv(index=False, date_format="%Y-%m")

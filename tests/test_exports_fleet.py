"""Fleet economics in the exports: the deck, the HTML report and the workbook
carry the strategies compared and the purchase schedule of a scenario that
owns or reserves capacity (model.fleet_plan's own figures); an all on-demand
scenario's deck and report are unchanged, and its workbook still compares
the strategies."""

from __future__ import annotations

import html
import io
import re
from datetime import date, datetime

import numpy as np
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Emu

from model import Scenario, project, units
from model.fleet import STREAM_COLUMNS
from model.fleet_plan import STRATEGY_COLUMNS, purchase_schedule, strategies
from report.deck import MAX_SCHEDULE_ROWS, build_pptx
from report.html_report import build_html
from report.pptx_kit import HEIGHT, MARGIN, WIDTH
from report.workbook import build_xlsx, header, read_table

TODAY = date(2026, 3, 15)
STRATEGY_TITLE = "Fleet: own, reserve or rent"
SCHEDULE_TITLE = "Purchase schedule"
INCH = 914400


@pytest.fixture(scope="module")
def mixed():
    return project(Scenario(inference_owned_pct=60, training_reserved_pct=50))


@pytest.fixture(scope="module")
def rented():
    return project(Scenario())


@pytest.fixture(scope="module")
def reserved_only():
    return project(Scenario(inference_reserved_pct=50))


@pytest.fixture(scope="module")
def table(mixed):
    return strategies(mixed.scenario)


@pytest.fixture(scope="module")
def schedule(mixed):
    return purchase_schedule(mixed)


def _deck(proj) -> Presentation:
    return Presentation(io.BytesIO(build_pptx([("Plan", proj)], TODAY)))


def _title(slide) -> str:
    boxes = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text]
    return boxes[0].text_frame.text if boxes else ""


def _slide(deck, title: str):
    found = [s for s in deck.slides if _title(s) == title]
    assert len(found) == 1, f"{title!r} slides: {len(found)}"
    return found[0]


def _text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _cells(slide) -> list[list[str]]:
    (shape,) = [s for s in slide.shapes if s.has_table]
    return [[c.text for c in r.cells] for r in shape.table.rows]


@pytest.fixture(scope="module")
def deck(mixed):
    return _deck(mixed)


# --- PPTX -------------------------------------------------------------------------


def test_deck_gets_the_two_fleet_slides_before_the_assumptions(deck) -> None:
    titles = [_title(s) for s in deck.slides]
    assert len(titles) == 8
    assert titles[5:7] == [STRATEGY_TITLE, SCHEDULE_TITLE]
    assert titles[7] == "Key assumptions and sources"


def test_strategies_slide_lists_every_strategy_and_names_the_cheapest(deck, table) -> None:
    slide = _slide(deck, STRATEGY_TITLE)
    cells = _cells(slide)
    assert cells[0] == [
        "Strategy",
        "P&L cost",
        "Cash cost",
        "Fleet left at the end",
        "Net present cost",
        "Peak capex a year",
    ]
    assert [r[0] for r in cells[1:]] == list(table["Strategy"])
    assert "This scenario's strategy" in cells[1][0]
    for row, rec in zip(cells[1:], table.to_dict("records"), strict=True):
        assert row[1:] == [units.money(rec[c]) for c in STRATEGY_COLUMNS[1:]]
    best = table.loc[table["NPV (USD)"].idxmin()]
    assert f"{best['Strategy']}, {units.money(best['NPV (USD)'])}." in _text(slide)
    assert "Cheapest by net present cost" in _text(slide)


def test_schedule_slide_shows_the_first_rows_and_counts_the_rest(deck, schedule) -> None:
    slide = _slide(deck, SCHEDULE_TITLE)
    cells = _cells(slide)
    assert cells[0] == ["In service", "Order by", "Stream", "Accelerator", "Count", "Capex"]
    first = schedule.iloc[0]
    assert cells[1] == [
        units.month(first["Month"]),
        units.month(first["Order by"]),
        first["Stream"],
        first["Accelerator"],
        units.count(first["Count"]),
        units.money(first["Capex (USD)"]),
    ]
    shown = len(cells) - 1
    assert shown == min(MAX_SCHEDULE_ROWS, len(schedule)) and len(schedule) > shown
    assert [r[4] for r in cells[1:]] == [units.count(c) for c in schedule["Count"][:shown]]
    assert f"{len(schedule) - shown} more left off" in _text(slide)


def test_fleet_slides_stay_inside_the_slide(deck) -> None:
    footer_top = HEIGHT - Emu(int(0.5 * INCH))
    for title in (STRATEGY_TITLE, SCHEDULE_TITLE):
        slide = _slide(deck, title)
        (shape,) = [s for s in slide.shapes if s.has_table]
        table = shape.table
        width = sum(c.width for c in table.columns)
        bottom = shape.top + sum(r.height for r in table.rows)
        assert shape.left >= MARGIN and shape.left + width <= WIDTH - MARGIN + 10
        assert bottom <= footer_top
        # The line under the table starts below it and ends above the footer.
        below = [s for s in slide.shapes if s.has_text_frame and s.top >= bottom]
        below = [s for s in below if s.top < footer_top]
        assert below and all(s.top + s.height <= footer_top for s in below)


def test_all_on_demand_deck_is_unchanged(rented) -> None:
    deck = _deck(rented)
    titles = [_title(s) for s in deck.slides]
    assert len(titles) == 6
    assert STRATEGY_TITLE not in titles and SCHEDULE_TITLE not in titles


def test_a_strategy_that_buys_nothing_has_no_schedule_slide(reserved_only) -> None:
    titles = [_title(s) for s in _deck(reserved_only).slides]
    assert STRATEGY_TITLE in titles and SCHEDULE_TITLE not in titles
    assert len(titles) == 7


# --- HTML -------------------------------------------------------------------------


def _section(doc: str, heading: str) -> str:
    start = doc.index(f"<h2>{heading}</h2>")
    end = doc.find("<h2>", start + 1)
    return doc[start:end]


def _rows(section: str) -> list[list[str]]:
    body = section[section.index("<tbody>") :]
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>.*?</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    ]


def test_html_has_both_fleet_sections(mixed, table, schedule) -> None:
    doc = build_html([("<b>Plan</b>", mixed)], TODAY)
    strategies_html = _section(doc, STRATEGY_TITLE)
    rows = _rows(strategies_html)
    assert [r[0] for r in rows] == list(table["Strategy"])
    assert rows[0][1:] == [units.money(table.iloc[0][c]) for c in STRATEGY_COLUMNS[1:]]
    assert '<tr class="current"><td>This scenario&#x27;s strategy</td>' in strategies_html
    best = table.loc[table["NPV (USD)"].idxmin(), "Strategy"]
    assert f"Cheapest by net present cost: {html.escape(best)}," in strategies_html
    rows = _rows(_section(doc, SCHEDULE_TITLE))
    assert len(rows) == len(schedule)
    assert [r[4] for r in rows] == [units.count(c) for c in schedule["Count"]]
    assert rows[0][0] == units.month(schedule["Month"].iloc[0])
    assert doc.index(SCHEDULE_TITLE) < doc.index("<h2>Assumptions and sources</h2>")


def test_all_on_demand_html_has_neither_section(rented) -> None:
    doc = build_html([("Plan", rented)], TODAY)
    assert STRATEGY_TITLE not in doc and f"<h2>{SCHEDULE_TITLE}</h2>" not in doc


def test_html_says_when_a_strategy_buys_nothing(reserved_only) -> None:
    doc = build_html([("Plan", reserved_only)], TODAY)
    assert "buys no accelerators" in _section(doc, SCHEDULE_TITLE)


# --- XLSX -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xlsx(mixed) -> bytes:
    return build_xlsx(mixed, "Plan", TODAY)


def test_workbook_sheets(xlsx, rented) -> None:
    wb = load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == [
        "Summary",
        "Monthly",
        "Annual",
        "Fleet",
        "Strategies",
        "Purchases",
        "Assumptions",
    ]
    wb = load_workbook(io.BytesIO(build_xlsx(rented)))
    assert "Strategies" in wb.sheetnames and "Purchases" not in wb.sheetnames


def _strategy_cells_match(ws, table) -> None:
    assert [c.value for c in ws[1]] == list(STRATEGY_COLUMNS)
    for i, rec in enumerate(table.to_dict("records"), start=2):
        assert ws.cell(i, 1).value == rec["Strategy"]
        for j, column in enumerate(STRATEGY_COLUMNS[1:], start=2):
            cell = ws.cell(i, j)
            assert cell.data_type == "n" and isinstance(cell.value, int | float), (i, column)
            assert cell.number_format.startswith("$")
            np.testing.assert_allclose(cell.value, rec[column], rtol=1e-9, err_msg=column)


def test_workbook_strategies_are_the_models_numbers(xlsx, table, rented) -> None:
    wb = load_workbook(io.BytesIO(xlsx))
    _strategy_cells_match(wb["Strategies"], table)
    # All on-demand: the comparison is there too, its own row marked current.
    ws = load_workbook(io.BytesIO(build_xlsx(rented)))["Strategies"]
    all_rented = strategies(rented.scenario)
    _strategy_cells_match(ws, all_rented)
    assert ws.cell(2, 1).value == "All on-demand (current)"


def test_workbook_purchases_have_dates_ints_and_money(xlsx, schedule) -> None:
    ws = load_workbook(io.BytesIO(xlsx))["Purchases"]
    heads = [c.value for c in ws[1]]
    assert heads == list(schedule.columns)
    n = len(schedule)
    for i, rec in enumerate(schedule.to_dict("records"), start=2):
        month, order, stream, chip, count, capex = (ws.cell(i, j) for j in range(1, 7))
        assert month.is_date and isinstance(month.value, datetime)
        assert f"{month.value:%Y-%m}" == rec["Month"]
        assert order.is_date and f"{order.value:%Y-%m}" == rec["Order by"]
        assert (stream.value, chip.value) == (rec["Stream"], rec["Accelerator"])
        assert type(count.value) is int and count.value == rec["Count"]
        assert count.data_type == "n"
        assert capex.data_type == "n" and capex.number_format == "$#,##0"
        np.testing.assert_allclose(capex.value, rec["Capex (USD)"], rtol=1e-12)
    assert ws.cell(n + 1, 5).value == schedule["Count"].iloc[-1]


def test_workbook_monthly_and_annual_carry_the_fleet_columns(xlsx, mixed) -> None:
    for sheet, frame in (("Monthly", mixed.monthly), ("Annual", mixed.annual)):
        back = read_table(xlsx, sheet)
        for column in (*STREAM_COLUMNS, "inference_accelerators_bought"):
            if column not in frame.columns:  # monthly only (the book value)
                assert sheet == "Annual" and column not in back.columns, (sheet, column)
                continue
            assert column in back.columns, (sheet, column)
            np.testing.assert_allclose(
                back[column].to_numpy(dtype=float),
                frame[column].to_numpy(dtype=float),
                rtol=1e-9,
                err_msg=f"{sheet} {column}",
            )
    ws = load_workbook(io.BytesIO(xlsx))["Monthly"]
    heads = [c.value for c in ws[1]]
    assert ws.cell(2, heads.index(header("capex_usd")) + 1).number_format == "$#,##0"

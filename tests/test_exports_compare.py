"""A comparison's exports: the deck opens with "A vs B" and the KPIs side by
side, the workbook holds every scenario with its KPIs in numeric cells, the
HTML report and the CSV carry every scenario."""

from __future__ import annotations

import io
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Inches

from model import PARAMETERS, Scenario, project
from model.narrative import headline
from report.deck import build_pptx
from report.html_report import build_html
from report.kpis import kpi_values, kpis
from report.pptx_kit import HEIGHT
from report.workbook import (
    build_comparison_csv,
    build_comparison_xlsx,
    build_xlsx,
    read_table,
    sheet_names,
)

TODAY = date(2026, 3, 15)
A, B, C = "Board plan", "Cautious: Q3/Q4", '=HYPERLINK("x")'


@pytest.fixture(scope="module")
def pa():
    return project(Scenario(requests_per_user_per_day=25))


@pytest.fixture(scope="module")
def pb():
    return project(Scenario(adoption_peak_pct=30, gpu_hour_price_usd=2))


@pytest.fixture(scope="module")
def pc():
    # Never crosses within its plan, over other years: a missing month.
    return project(Scenario.from_preset("Frontier lab"))


@pytest.fixture(scope="module")
def deck(pa, pb):
    return Presentation(io.BytesIO(build_pptx([(A, pa), (B, pb)], TODAY)))


def _text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _table(slide):
    (table,) = [shape.table for shape in slide.shapes if shape.has_table]
    return table


def _paragraphs(cell) -> list[str]:
    return [p.text for p in cell.text_frame.paragraphs]


# --- PPTX -------------------------------------------------------------------------


def test_deck_opens_with_a_comparison_title(deck, pa, pb) -> None:
    text = _text(deck.slides[0])
    assert f"{A} vs {B}" in text
    assert headline(pa.summary, TODAY) in text and headline(pb.summary, TODAY) in text
    assert "15 March 2026" in text


def test_kpi_slide_names_every_scenario_and_formats_each_kpi(deck, pa, pb) -> None:
    table = _table(deck.slides[1])
    assert [c.text_frame.text for c in table.rows[0].cells] == ["KPI", A, B]
    base = kpis(pa.summary)
    other = kpis(pb.summary, pa.summary)
    assert len(table.rows) == len(base) + 1
    for row, k, o in zip(list(table.rows)[1:], base, other, strict=True):
        label, first, second = row.cells
        assert label.text_frame.text == k.label
        assert _paragraphs(first) == [k.value]  # the baseline: no difference
        assert _paragraphs(second)[0] == o.value
        if o.delta:
            assert _paragraphs(second)[1] == o.delta
    # Some KPI differs, and says by how much.
    assert any(len(_paragraphs(r.cells[2])) == 2 for r in list(table.rows)[1:])


def test_the_overlaid_spend_and_each_scenario_in_detail_follow(deck, pa, pb) -> None:
    charts = [s.chart for s in deck.slides[2].shapes if s.has_chart]
    assert len(charts) == 2
    assert {s.name for s in charts[0].plots[0].series} == {A, B}
    titles = [i for i, slide in enumerate(deck.slides) if "in detail" in _text(slide)]
    assert titles == [3, 8]
    assert A in _text(deck.slides[3]) and B in _text(deck.slides[8])
    assert B in _text(deck.slides[9])  # each detail slide's footer names its scenario


def test_three_scenarios_are_all_named(pa, pb, pc) -> None:
    deck = Presentation(io.BytesIO(build_pptx([(A, pa), (B, pb), (C, pc)], TODAY)))
    assert f"{A} vs {B} vs {C}" in _text(deck.slides[0])
    table = _table(deck.slides[1])
    assert [c.text_frame.text for c in table.rows[0].cells] == ["KPI", A, B, C]
    cross = kpis(pc.summary, pa.summary)[0]
    assert _paragraphs(table.cell(1, 3)) == [cross.value, cross.delta]  # never: "no longer..."


def test_kpi_table_leaves_room_above_the_footer(pa, pb, pc) -> None:
    for n in (2, 3, 4):
        items = [(f"Scenario {i}", p) for i, p in enumerate([pa, pb, pc, pb][:n])]
        deck = Presentation(io.BytesIO(build_pptx(items, TODAY)))
        (shape,) = [s for s in deck.slides[1].shapes if s.has_table]
        bottom = shape.top + sum(row.height for row in shape.table.rows)
        assert bottom <= HEIGHT - Inches(0.6), n  # the footer sits below


def test_one_scenario_deck_has_no_comparison_slide(pa) -> None:
    deck = Presentation(io.BytesIO(build_pptx([(A, pa)], TODAY)))
    assert len(deck.slides) == 6
    assert " vs " not in _text(deck.slides[0])


# --- XLSX -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xlsx(pa, pb, pc) -> bytes:
    return build_comparison_xlsx([(A, pa), (B, pb), (C, pc)], TODAY)


def test_workbook_has_a_comparison_sheet_and_a_sheet_per_scenario(xlsx) -> None:
    wb = load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["Comparison", A, "Cautious Q3 Q4", C]
    ws = wb["Comparison"]
    assert ws["A1"].value == f"{A} vs {B} vs {C}"
    heads = [c.value for c in ws[4]]
    assert heads[:5] == ["KPI", "Unit", A, B, C]
    assert f"{B} vs {A}" in heads and f"{C} vs {A}" in heads
    # A name that looks like a formula stays text.
    assert all(c.data_type == "s" for c in ws[4] if c.value == C)
    assert wb[C]["A1"].value == C and wb[C]["A1"].data_type == "s"


def test_comparison_kpis_are_numbers_equal_to_the_summaries(xlsx, pa, pb, pc) -> None:
    ws = load_workbook(io.BytesIO(xlsx))["Comparison"]
    rows = list(ws.iter_rows(min_row=5, max_row=4 + len(kpi_values(pa.summary))))
    for j, proj in ((3, pa), (4, pb), (5, pc)):
        for row, k in zip(rows, kpi_values(proj.summary), strict=True):
            cell = row[j - 1]
            if k.kind == "month":
                month = proj.summary.crossover_month
                if month is None:
                    assert cell.value is None  # never: an empty cell, not the word
                else:
                    assert isinstance(cell.value, datetime)
                    assert f"{cell.value:%Y-%m}" == month
                    assert cell.number_format == "mmm yyyy"
                continue
            assert cell.data_type == "n" and isinstance(cell.value, int | float), (k.key, j)
            assert not isinstance(cell.value, bool)
            s = proj.summary
            field = {
                "total_spend": s.total_spend_usd,
                "inference_share": s.inference_share_final_year,
                "peak_fleet": s.peak_inference_fleet_gpus,
                "cost_per_mtok_start": s.cost_per_million_tokens_start_usd,
                "cost_per_mtok_end": s.cost_per_million_tokens_end_usd,
                "energy": s.total_energy_mwh,
                "co2": s.total_co2_t,
            }[k.key]
            assert cell.value == pytest.approx(field, rel=1e-12)
            assert cell.number_format not in ("General", "@")
    # The differences against the first: numbers too (points for the share).
    total = next(r for r in rows if r[0].value.startswith("Total spend"))
    share = next(r for r in rows if r[0].value.startswith("Inference share"))
    delta = total[5]  # B vs A
    assert delta.value == pytest.approx(pb.summary.total_spend_usd - pa.summary.total_spend_usd)
    assert delta.number_format.startswith("+$")
    assert share[5].value == pytest.approx(
        100 * (pb.summary.inference_share_final_year - pa.summary.inference_share_final_year)
    )
    cross = rows[0]
    assert cross[6].value is None  # C never crosses: no difference in months


def test_comparison_sheet_lists_headlines_and_differing_assumptions(xlsx, pa, pb) -> None:
    sheet = pd.read_excel(io.BytesIO(xlsx), sheet_name="Comparison", header=None)
    cells = set(sheet.astype(str).to_numpy().ravel())
    assert headline(pa.summary, TODAY) in cells and headline(pb.summary, TODAY) in cells
    start = sheet.index[sheet[0] == "Assumption"][0]
    block = sheet.iloc[start + 1 :].set_index(0)
    assert block.loc["Hardware price", 3] == 2  # B's value, a number
    assert block.loc["Adoption", 3] == 30


def test_scenario_sheets_read_back_as_the_projections(xlsx, pa, pc) -> None:
    for sheet, proj in ((A, pa), (C, pc)):
        for block, want in (("Annual", proj.annual), ("Monthly", proj.monthly)):
            got = read_table(xlsx, sheet, block)
            assert list(got.columns) == list(want.columns)
            for col in want.columns:
                if pd.api.types.is_datetime64_any_dtype(want[col]):
                    assert (pd.to_datetime(got[col]) == want[col]).all(), col
                else:
                    np.testing.assert_allclose(
                        got[col].to_numpy(dtype=float), want[col].to_numpy(dtype=float), rtol=1e-9
                    )
    raw = pd.read_excel(io.BytesIO(xlsx), sheet_name=C, header=None)
    start = raw.index[raw[0] == "Assumptions"][0] + 1
    assert list(raw.iloc[start + 1 : start + 1 + len(PARAMETERS), 0]) == [
        p.name for p in PARAMETERS
    ]


def test_one_scenario_is_the_single_workbook(pa) -> None:
    one = load_workbook(io.BytesIO(build_comparison_xlsx([(A, pa)], TODAY)))
    assert one.sheetnames == load_workbook(io.BytesIO(build_xlsx(pa, A, TODAY))).sheetnames


def test_sheet_names_follow_excels_rules() -> None:
    names = sheet_names(
        ["Board: Q3/Q4", "board: q3/q4", "x" * 40, "History", "'quoted'", "[]*?", "Comparison"]
    )
    assert names == [
        "Board Q3 Q4",
        "board q3 q4 (2)",
        "x" * 31,
        "History (scenario)",
        "quoted",
        "Scenario",
        "Comparison (2)",
    ]
    long = sheet_names(["y" * 40, "y" * 35])
    assert long == ["y" * 31, "y" * 27 + " (2)"]
    assert all(len(n) <= 31 for n in names + long)


# --- HTML and CSV -----------------------------------------------------------------


def test_html_is_titled_by_both_and_has_a_kpi_table_naming_both(pa, pb) -> None:
    doc = build_html([(A, pa), (B, pb)], TODAY)
    assert f"<title>AI infrastructure plan: {A} vs {B}</title>" in doc
    assert f'<tr><th>KPI</th><th class="num">{A}</th><th class="num">{B}</th></tr>' in doc


def test_csv_has_every_scenarios_months(pa, pb) -> None:
    table = pd.read_csv(io.StringIO(build_comparison_csv([(A, pa), (B, pb)])))
    assert list(table.columns[:2]) == ["scenario", "month"]
    assert table["scenario"].value_counts().to_dict() == {A: len(pa.monthly), B: len(pb.monthly)}

"""Boardroom exports: the PPTX deck, the HTML report, the XLSX workbook and the CSV
carry the projection's own numbers, escape user text and load nothing from the web."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu

from model import PARAMETERS, Scenario, narrative, project, units
from model.narrative import headline
from model.outputs import output
from report import figures
from report.deck import SERVING_PT, build_pptx, money_format
from report.html_report import build_html
from report.pptx_kit import HEIGHT, MARGIN, WIDTH
from report.tables import FLEET_COLUMNS, fleet_table, serving_rows
from report.workbook import build_csv, build_xlsx, header, read_table

TODAY = date(2026, 3, 15)
RTOL = 1e-3  # chart values within 0.1 %
BOARD = "<b>Board</b> & co"


@pytest.fixture(scope="module")
def assistant():
    # The default assistant with more requests: it crosses within the plan and stays ahead.
    return project(Scenario(requests_per_user_per_day=25))


def _cross(proj) -> str:
    return units.month(proj.summary.crossover_month)


@pytest.fixture(scope="module")
def frontier():
    # Frontier lab without its training cap and with more demand: inference
    # overtakes in 2025, then 3x-a-generation training pulls ahead again.
    return project(
        Scenario.from_preset("Frontier lab").replace(
            requests_per_user_per_day=20, generation_compute_growth=3, training_spend_cap_x=0
        )
    )


@pytest.fixture(scope="module")
def deck_one(assistant):
    return Presentation(io.BytesIO(build_pptx([("AI assistant at scale", assistant)], TODAY)))


@pytest.fixture(scope="module")
def deck_two(assistant, frontier):
    data = build_pptx([("AI assistant at scale", assistant), ("Frontier lab", frontier)], TODAY)
    return Presentation(io.BytesIO(data))


def _charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _series(chart) -> dict[str, np.ndarray]:
    return {s.name: np.array(s.values, dtype=float) for s in chart.plots[0].series}


def _text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _close(actual, expected) -> None:
    np.testing.assert_allclose(actual, np.asarray(expected, dtype=float), rtol=RTOL)


# --- PPTX -------------------------------------------------------------------------


def test_deck_is_16_9_with_six_slides_for_one_scenario_and_thirteen_for_two(
    deck_one, deck_two
) -> None:
    assert len(deck_one.slides) == 6
    # Title, KPIs side by side, spend overlaid; then each scenario's title and 4 slides.
    assert len(deck_two.slides) == 13
    for deck in (deck_one, deck_two):
        assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))


def test_title_slide_names_the_scenario_and_carries_the_headline(deck_one, assistant) -> None:
    text = _text(deck_one.slides[0])
    assert "AI assistant at scale" in text
    assert headline(assistant.summary, TODAY) in text
    assert "15 March 2026" in text


def test_kpi_slide_has_the_eight_tiles_in_a_4_by_2_grid(deck_one, assistant) -> None:
    slide = deck_one.slides[1]
    tiles = [s for s in slide.shapes if s.has_text_frame and len(s.text_frame.paragraphs) == 2]
    assert len(tiles) == 8
    assert len({t.left for t in tiles}) == 4 and len({t.top for t in tiles}) == 2
    assert _cross(assistant) in _text(slide)


def test_every_chart_is_a_native_chart_not_a_picture(deck_two) -> None:
    expected_charts = [0, 0, 2] + [0, 1, 1, 2, 0] * 2
    for slide, n in zip(deck_two.slides, expected_charts, strict=True):
        assert len(_charts(slide)) == n
        assert not [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def test_crossover_slide_shows_annual_training_and_inference_spend(deck_one, assistant) -> None:
    slide = deck_one.slides[2]
    (chart,) = _charts(slide)
    series = _series(chart)
    _close(series["Training"], assistant.annual["training_spend_usd"])
    _close(series["Inference"], assistant.annual["inference_spend_usd"])
    assert list(chart.plots[0].categories) == [str(y) for y in assistant.annual["year"]]
    assert _cross(assistant) in _text(slide).splitlines()[0]  # the crossover month in the title
    fill = chart.plots[0].series[0].format.fill.fore_color.rgb
    assert str(fill) == figures.TRAINING.lstrip("#")


def test_crossover_title_stays_honest_when_training_pulls_ahead(frontier) -> None:
    deck = Presentation(io.BytesIO(build_pptx([("Frontier lab", frontier)], TODAY)))
    title = _text(deck.slides[2]).splitlines()[0]
    s = frontier.summary
    assert not s.inference_stays_ahead and s.falls_behind_month is not None
    assert title == narrative.title(s)
    assert units.month(s.falls_behind_month) in title


def test_cumulative_slide_shows_year_end_cumulative_spend(deck_one, assistant) -> None:
    (chart,) = _charts(deck_one.slides[3])
    series = _series(chart)
    _close(series["Training"], assistant.annual["training_spend_usd"].cumsum())
    _close(series["Inference"], assistant.annual["inference_spend_usd"].cumsum())
    _close(series["Inference"][-1], assistant.summary["total_inference_spend_usd"])


def test_fleet_and_energy_slide(deck_one, assistant) -> None:
    slide = deck_one.slides[4]
    fleet, energy = _charts(slide)
    _close(_series(fleet)["Inference fleet"], assistant.annual["inference_fleet_gpus"])
    _close(_series(energy)["Energy"], assistant.annual["energy_mwh"])
    peak = output("peak_inference_fleet_gpus").format(assistant.summary.peak_inference_fleet_gpus)
    assert f"Inference fleet peaks at {peak};" in _text(slide)
    assert peak.endswith(" accelerators")
    assert "GPU" not in _text(slide) + fleet.chart_title.text_frame.text


def _serving_table(slide):
    (shape,) = [s for s in slide.shapes if s.has_table]
    return shape


def test_fleet_slide_shows_the_serving_assumptions(deck_one, assistant) -> None:
    table = _serving_table(deck_one.slides[4]).table
    cells = [[c.text for c in r.cells] for r in table.rows]
    assert cells[0][0] == "Serving assumptions"
    shown = {row[j]: row[j + 1] for row in cells[1:] for j in (0, 2) if row[j]}
    rows = serving_rows(assistant)
    assert shown == {r.label: r.value for r in rows}
    s = assistant.summary
    assert shown["Time to first token target"] == "450 ms"
    assert shown["Accelerators per replica"] == output("replica_accelerators").format(
        s.serving_replica_accelerators
    )
    assert shown["Inference achieved MFU"] == output("inference_achieved_mfu").format(
        s.serving_achieved_mfu
    )
    assert shown["Time per output token"] == output("serving_tpot_ms").format(s.serving_tpot_ms)


def _fits(text: str, width_emu: int, size_pt: float, bold: bool) -> bool:
    """Whether ``text`` fits on one line of a box ``width_emu`` wide, with a
    generous average glyph width (0.6 em, 0.64 bold: DejaVu Sans, wider than
    Calibri) and 0.2 in of cell margins."""
    em = 0.64 if bold else 0.6
    return len(text) * size_pt * em / 72 <= width_emu / Emu(914400) - 0.2


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(requests_per_user_per_day=25),
        Scenario(inference_accelerator="TPU v6e (Trillium)", inference_precision="fp8"),
        Scenario(ttft_target_ms=0, tpot_target_ms=0),
    ],
    ids=["assistant", "long-accelerator-name", "no-targets"],
)
def test_fleet_slide_keeps_every_text_inside_its_box(scenario) -> None:
    proj = project(scenario)
    deck = Presentation(io.BytesIO(build_pptx([("x", proj)], TODAY)))
    slide = deck.slides[4]
    shape = _serving_table(slide)
    table = shape.table
    widths = [c.width for c in table.columns]
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            if cell.is_spanned or not cell.text:
                continue
            span = sum(widths[j : j + cell.span_width])
            bold = i == 0 or j % 2 == 1
            assert _fits(cell.text, span, SERVING_PT, bold), cell.text
        # One line of text and its margins fit the row.
        assert row.height >= Emu(int((SERVING_PT * 1.2 / 72 + 0.04) * 914400))
    # The table sits inside the slide's margins, under the charts, above the footer.
    assert shape.left >= MARGIN and shape.left + sum(widths) <= WIDTH - MARGIN + 10
    assert shape.top + sum(r.height for r in table.rows) <= HEIGHT - Emu(int(0.5 * 914400))
    for chart in (s for s in slide.shapes if s.has_chart):
        assert chart.top + chart.height <= shape.top


def test_assumptions_slide_lists_levers_and_changed_settings_with_sources(
    deck_one, frontier
) -> None:
    (table,) = [s.table for s in deck_one.slides[5].shapes if s.has_table]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Parameter", "Value", "Source"]
    labels = [r[0] for r in rows[1:]]
    assert labels[:4] == ["Adoption", "Request volume", "Model efficiency", "Hardware price"]
    assert all(r[2] for r in rows[1:])
    deck = Presentation(io.BytesIO(build_pptx([("Frontier lab", frontier)], TODAY)))
    (table,) = [s.table for s in deck.slides[5].shapes if s.has_table]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert 9 <= len(rows) - 1 <= 12
    by_label = {r[0]: r for r in rows}
    # the first changed settings in registry order, each with its value, the default
    assert (
        by_label["Start year"][1].startswith("2024") and "default 2026" in by_label["Start year"][1]
    )
    assert by_label["Addressable users"][1].startswith("2,000,000,000")
    assert "Set for this scenario." in by_label["Start year"][2]  # not the preset: no preset note


def test_comparison_slide_has_every_scenarios_annual_spend(deck_two, assistant, frontier) -> None:
    total, inference = _charts(deck_two.slides[2])
    # the years of both (2024-2031): each scenario has values in its own years only
    for label, proj in (("AI assistant at scale", assistant), ("Frontier lab", frontier)):
        for chart, col in ((total, "total_spend_usd"), (inference, "inference_spend_usd")):
            values = _series(chart)[label]
            assert len(values) == 8 and np.isnan(values).sum() == 2
            _close(values[~np.isnan(values)], proj.annual[col])


def test_money_axis_format_scales_with_the_values() -> None:
    assert money_format([2e7, 3.8e7]) == '$#,##0,,"M"'
    assert money_format([3e10]) == '$#,##0,,,"B"'
    assert money_format([1.2e9]) == '$#,##0.0,,,"B"'
    assert money_format([500.0]) == "$#,##0"


def test_deck_keeps_an_unusual_scenario_name_exactly(assistant) -> None:
    deck = Presentation(io.BytesIO(build_pptx([(BOARD, assistant)], TODAY)))
    assert BOARD in _text(deck.slides[0])


# --- XLSX and CSV -----------------------------------------------------------------


@pytest.fixture(scope="module")
def xlsx(assistant) -> bytes:
    return build_xlsx(assistant, "AI assistant at scale", TODAY)


def _assert_frame_equal(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        if pd.api.types.is_datetime64_any_dtype(want[col]):
            assert (pd.to_datetime(got[col]) == want[col]).all(), col
        else:
            np.testing.assert_allclose(
                got[col].to_numpy(dtype=float),
                want[col].to_numpy(dtype=float),
                rtol=1e-9,
                err_msg=col,
            )


def test_workbook_monthly_and_annual_read_back_equal_the_projection(xlsx, assistant) -> None:
    _assert_frame_equal(read_table(xlsx, "Monthly"), assistant.monthly)
    _assert_frame_equal(read_table(xlsx, "Annual"), assistant.annual)


def test_workbook_headers_are_readable_with_units(xlsx, assistant) -> None:
    raw = pd.read_excel(io.BytesIO(xlsx), sheet_name="Monthly")
    assert "Training spend (USD)" in raw.columns
    assert "Energy, total (MWh)" in raw.columns
    assert pd.api.types.is_datetime64_any_dtype(raw["Month"])
    names = list(assistant.monthly.columns) + list(assistant.annual.columns)
    assert len({header(n) for n in set(names)}) == len(set(names))  # headers map back


def test_workbook_styles_headers_and_money(xlsx) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["Summary", "Monthly", "Annual", "Fleet", "Strategies", "Assumptions"]
    ws = wb["Monthly"]
    col = [c.value for c in ws[1]].index("Training spend (USD)") + 1
    assert ws.cell(1, col).font.bold
    assert ws.cell(2, col).number_format == "$#,##0"
    assert ws.cell(2, 1).number_format == "mmm yyyy"
    assert ws.column_dimensions["A"].width and ws.column_dimensions["P"].width >= 12


def test_workbook_assumptions_one_row_per_parameter(xlsx, frontier) -> None:
    sheet = pd.read_excel(io.BytesIO(xlsx), sheet_name="Assumptions")
    assert list(sheet["Name"]) == [p.name for p in PARAMETERS]
    assert {"Parameter", "Value", "Unit", "Default", "Source"} <= set(sheet.columns)
    assert sheet["Source"].notna().all()
    data = build_xlsx(frontier)
    sheet = pd.read_excel(io.BytesIO(data), sheet_name="Assumptions").set_index("Name")
    assert sheet.loc["active_params_b", "Value"] == 405
    assert sheet.loc["active_params_b", "Default"] == 70
    assert sheet.loc["inference_accelerator", "Value"] == "H200 SXM"


def test_workbook_summary_has_headline_and_kpis(xlsx, assistant) -> None:
    from openpyxl import load_workbook

    sheet = pd.read_excel(io.BytesIO(xlsx), sheet_name="Summary", header=None)
    cells = set(sheet.astype(str).to_numpy().ravel())
    assert headline(assistant.summary, TODAY) in cells
    # The KPIs are numbers with number formats, never text such as "$287.9M".
    ws = load_workbook(io.BytesIO(xlsx))["Summary"]
    kpi = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(6, 14)}
    s = assistant.summary
    cross = kpi["Inference overtakes training"]
    assert f"{cross.value:%Y-%m}" == s.crossover_month and cross.number_format == "mmm yyyy"
    total = kpi[f"Total spend {s.start_month[:4]}-{s.final_year}"]
    assert total.data_type == "n" and total.value == pytest.approx(s.total_spend_usd)
    assert total.number_format == "$#,##0"
    assert kpi["Inference share, " + str(s.final_year)].number_format == "0.0%"


def test_workbook_fleet_sheet_is_the_yearly_fleet_in_numeric_cells(xlsx, assistant) -> None:
    from openpyxl import load_workbook

    _assert_frame_equal(read_table(xlsx, "Fleet"), fleet_table(assistant))
    ws = load_workbook(io.BytesIO(xlsx))["Fleet"]
    assert [c.value for c in ws[1]] == [header(c) for c in FLEET_COLUMNS]
    assert "Inference capacity for the peak (accelerators)" in [c.value for c in ws[1]]
    for j, column in enumerate(FLEET_COLUMNS, start=1):
        for i in range(2, len(assistant.annual) + 2):
            cell = ws.cell(i, j)
            assert cell.data_type == "n" and isinstance(cell.value, int | float), (column, i)
            assert cell.number_format == output(column).excel_format
    annual = assistant.annual
    np.testing.assert_allclose(
        [ws.cell(i, 3).value for i in range(2, len(annual) + 2)],
        annual["inference_peak_capacity_gpus"],
        rtol=1e-12,
    )


def test_workbook_summary_shows_the_serving_assumptions(xlsx, assistant) -> None:
    sheet = pd.read_excel(io.BytesIO(xlsx), sheet_name="Summary", header=None)
    start = sheet.index[sheet[0] == "Serving"][0]
    rows = serving_rows(assistant)
    block = sheet.iloc[start + 1 : start + 1 + len(rows)]
    assert dict(zip(block[0], block[1].astype(str), strict=True)) == {
        r.label: r.value for r in rows
    }
    s = assistant.summary
    shown = dict(zip(block[0], block[1].astype(str), strict=True))
    assert shown["Decode batch"] == output("serving_batch").format(s.serving_batch)
    assert shown["Time to first token"] == output("serving_ttft_ms").format(s.serving_ttft_ms)


def test_workbook_writes_missing_values_as_empty_cells() -> None:
    proj = project(Scenario(adoption_peak_pct=0, initial_adoption_pct=0, horizon_years=1))
    assert proj.monthly["cost_per_million_tokens_usd"].isna().any()
    back = read_table(build_xlsx(proj), "Monthly")
    assert back["cost_per_million_tokens_usd"].isna().all()


def test_csv_is_the_monthly_table(assistant) -> None:
    text = build_csv(assistant)
    assert text == assistant.monthly.to_csv(index=False, date_format="%Y-%m")
    back = pd.read_csv(io.StringIO(text))
    assert back["month"].iloc[0] == "2026-01"
    for col in assistant.monthly.columns.drop("month"):
        np.testing.assert_allclose(back[col], assistant.monthly[col], rtol=1e-9, err_msg=col)


# --- HTML -------------------------------------------------------------------------


class _Resources(HTMLParser):
    """Every src/href attribute and every url(...) in CSS of a document.

    Script bodies are data to the parser, so plotly.js's own code (which
    holds URL strings for map tiles and its logo link) is not mistaken for
    a reference.
    """

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "action", "poster") and value:
                self.refs.append(value.strip())
            if name == "style" and value:
                self.refs += re.findall(r"url\(\s*['\"]?([^'\")]+)", value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag) -> None:
        self._in_style = False

    def handle_data(self, data) -> None:
        if self._in_style:
            self.refs += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
            self.refs += re.findall(r"@import\s+['\"]([^'\"]+)", data)


def _remote_refs(doc: str) -> list[str]:
    parser = _Resources()
    parser.feed(doc)
    return [r for r in parser.refs if re.match(r"(?i)\s*(https?:)?//", r)]


@pytest.fixture(scope="module")
def html_one(assistant) -> str:
    return build_html([(BOARD, assistant)], TODAY)


@pytest.fixture(scope="module")
def html_two(assistant, frontier) -> str:
    return build_html([(BOARD, assistant), ("Frontier lab", frontier)], TODAY)


def test_html_has_title_date_headline_and_kpis(html_one, assistant) -> None:
    assert "<!DOCTYPE html>" in html_one
    assert headline(assistant.summary, TODAY) in html_one
    assert "15 Mar 2026" in html_one
    assert units.money(assistant.summary.total_spend_usd) in html_one
    assert "Inference overtakes training" in html_one


def test_html_escapes_scenario_names(html_one, html_two) -> None:
    for doc in (html_one, html_two):
        assert "&lt;b&gt;Board&lt;/b&gt; &amp; co" in doc
        assert "<b>Board</b>" not in doc


def test_html_embeds_every_figure_and_plotly_js_once(html_one, html_two) -> None:
    assert html_one.count('class="plotly-graph-div"') == len(figures.ALL)
    assert html_two.count('class="plotly-graph-div"') == len(figures.ALL) + 1
    # plotly.js's bundle starts with its licence banner: inlined exactly once.
    assert html_one.count("plotly.js v") == 1
    assert '"displaylogo": false' in html_one
    assert '"paper_bgcolor":"#ffffff"' in html_one  # the light template, whatever the app's theme


def test_html_references_no_remote_resource(html_one, html_two) -> None:
    for doc in (html_one, html_two):
        assert _remote_refs(doc) == []
        assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*['\"]?https?:", doc)


def test_resource_scan_catches_a_cdn_reference() -> None:
    doc = (
        '<script src="https://cdn.plot.ly/plotly.min.js"></script>'
        "<style>body{background:url( 'http://x/y.png')}</style>"
        '<link href="//fonts.example/css">'
        '<script>var a = "<a href=https://plotly.com/>";</script>'
    )
    assert _remote_refs(doc) == [
        "https://cdn.plot.ly/plotly.min.js",
        "http://x/y.png",
        "//fonts.example/css",
    ]


def _serving_cells(doc: str) -> list[list[str]]:
    """The serving table's body rows, as cell texts."""
    table = doc[doc.index('<table class="serving">') :]
    table = table[: table.index("</table>")]
    body = table[table.index("<tbody>") :]
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>.*?</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def test_html_shows_the_serving_assumptions(html_one, html_two, assistant, frontier) -> None:
    assert "<h2>How the model is served</h2>" in html_one
    rows = serving_rows(assistant)
    cells = _serving_cells(html_one)
    assert [(c[0], c[1]) for c in cells] == [(r.label, r.value) for r in rows]
    s = assistant.summary
    assert [
        "Inference achieved MFU",
        output("inference_achieved_mfu").format(s.serving_achieved_mfu),
    ] == cells[-1][:2]
    # Several scenarios: one value column each.
    two = _serving_cells(html_two)
    assert [c[2] for c in two] == [r.value for r in serving_rows(frontier)]


def test_html_assumptions_table_lists_every_parameter_with_its_source(html_two) -> None:
    for p in PARAMETERS:
        assert f'title="{p.name}"' in html_two
    assert "Sultan, Farley &amp; Lehmann 1990" in html_two
    assert "2,026" not in html_two  # years are not thousands

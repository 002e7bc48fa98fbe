"""Layout kit for the board deck: slide size, type, colours, number formats,
text boxes and native charts (python-pptx). No content decisions here:
report/deck.py says what goes on each slide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from report import figures

#: PowerPoint's own 16:9 size, 13.333 x 7.5 in.
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)
MARGIN = Inches(0.6)

TRAINING = RGBColor.from_string(figures.TRAINING.lstrip("#"))
INFERENCE = RGBColor.from_string(figures.INFERENCE.lstrip("#"))
ENERGY = RGBColor.from_string(figures.ENERGY.lstrip("#"))
INK = RGBColor(0x1F, 0x23, 0x28)
MUTED = RGBColor(0x57, 0x60, 0x6A)
GRID = RGBColor(0xD9, 0xDE, 0xE3)
TILE = RGBColor(0xF3, 0xF6, 0xF9)
#: Scenario colours on the comparison slide: Okabe-Ito without the training
#: orange and inference blue, which mean workloads everywhere else in the deck.
SCENARIO_COLOURS = tuple(
    RGBColor.from_string(c) for c in ("009E73", "CC79A7", "D55E00", "56B4E9", "000000", "F0E442")
)

FONT = "Calibri"
TITLE_PT = 28
TITLE_CHARS_PER_LINE = 48
BODY_PT = 16
SMALL_PT = 12

#: Most rows of the assumptions table (the headline levers come first).
MAX_ASSUMPTION_ROWS = 11
#: Structural parameters shown, when few differ from defaults, to fill the table.


# --- formats -------------------------------------------------------------------

_MONEY_SCALES = ((1e9, ",,,", '"B"'), (1e6, ",,", '"M"'), (1e3, ",", '"k"'), (1.0, "", ""))
#: MWh shown in TWh (1e6 MWh), GWh (1e3 MWh) or MWh; the unit goes in the chart title.
_ENERGY_SCALES = ((1e6, ",,", ""), (1e3, ",", ""), (1.0, "", ""))
_ENERGY_UNITS = {1e6: "TWh", 1e3: "GWh", 1.0: "MWh"}
#: Accelerator counts: millions past a million.
_COUNT_SCALES = ((1e6, ",,", '"M"'), (1.0, "", ""))


def _top(values: Sequence[float] | np.ndarray) -> float:
    v = np.abs(np.asarray(values, dtype=float))
    v = v[np.isfinite(v)]
    return float(v.max()) if v.size else 0.0


def scaled_format(
    values: Sequence[float] | np.ndarray,
    scales: Sequence[tuple[float, str, str]] = _MONEY_SCALES,
    prefix: str = "$",
    label: bool = False,
) -> str:
    """An Excel number format that shows ``values`` in the largest unit they reach.

    ``[2e7, 3.5e7]`` -> ``'$#,##0,,"M"'`` (each trailing comma divides by 1000).
    One decimal when the largest value is under 10 of that unit (under 100 for
    data labels, ``label=True``), so ticks read $0.5B, $1.0B, ... not $0B, $1B.
    """
    top = _top(values)
    scale, commas, suffix = scales[-1]
    for s, c, x in scales:
        if top >= s:
            scale, commas, suffix = s, c, x
            break
    ratio = top / scale
    decimals = ".0" if 0 < ratio < (100 if label else 10) else ""
    return f"{prefix}#,##0{decimals}{commas}{suffix}"


def money_format(values: Sequence[float] | np.ndarray, label: bool = False) -> str:
    """Number format for USD values: ``'$#,##0,,"M"'`` for tens of millions."""
    return scaled_format(values, _MONEY_SCALES, "$", label)


def energy_format(values: Sequence[float] | np.ndarray, label: bool = False) -> tuple[str, str]:
    """Number format for MWh values and the unit it shows them in (TWh, GWh or MWh)."""
    top = _top(values)
    unit = next((u for s, u in _ENERGY_UNITS.items() if top >= s), "MWh")
    return scaled_format(values, _ENERGY_SCALES, "", label), unit


def count_format(values: Sequence[float] | np.ndarray) -> str:
    """Number format for accelerator counts: a decimal below 10, M past a million."""
    return scaled_format(values, _COUNT_SCALES, "")


def add_text(
    slide: Slide,
    left: int,
    top: int,
    width: int,
    height: int,
    text: str,
    size: int = BODY_PT,
    bold: bool = False,
    colour: RGBColor = INK,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> Any:
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    p = tf.paragraphs[0]
    p.alignment = align
    run = p.add_run()
    run.text = text
    style_font(run.font, size, bold, colour)
    return box


def style_font(font: Any, size: float, bold: bool = False, colour: RGBColor = INK) -> None:
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = colour


def _lines(text: str, chars_per_line: int) -> int:
    return max(1, -(-len(text) // chars_per_line))


def new_slide(prs: Any, title: str, subtitle: str | None, footer: str) -> tuple[Slide, int]:
    """A blank slide with a title, an optional subtitle and the footer.

    Returns the slide and the top of the free area below the subtitle [EMU]:
    a title or subtitle too long for one line pushes the content down rather
    than running into it.
    """
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    width = WIDTH - 2 * MARGIN
    # ~48 characters of 28pt bold fit on a line with wide fallback fonts (DejaVu).
    title_h = Inches(0.15) + Inches(0.5) * _lines(title, TITLE_CHARS_PER_LINE)
    box = add_text(slide, MARGIN, Inches(0.3), width, title_h, title, TITLE_PT, True)
    box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    top = Inches(0.3) + title_h
    if subtitle:
        sub_h = Inches(0.08) + Inches(0.3) * _lines(subtitle, 100)
        add_text(slide, MARGIN, top, width, sub_h, subtitle, 15, False, MUTED)
        top += sub_h
    number = len(prs.slides._sldIdLst)
    footer_top = HEIGHT - Inches(0.5)
    add_text(slide, MARGIN, footer_top, Inches(10), Inches(0.35), footer, 11, colour=MUTED)
    add_text(
        slide,
        WIDTH - MARGIN - Inches(1),
        footer_top,
        Inches(1),
        Inches(0.35),
        str(number),
        11,
        colour=MUTED,
        align=PP_ALIGN.RIGHT,
    )
    return slide, top + Inches(0.15)


def content_height(top: int) -> int:
    """Height from ``top`` to just above the footer [EMU]."""
    return HEIGHT - Inches(0.6) - top


def add_chart(
    slide: Slide,
    kind: XL_CHART_TYPE,
    categories: list[str],
    series: list[tuple[str, np.ndarray, RGBColor]],
    box: tuple[int, int, int, int],
    number_format: str,
    title: str | None = None,
    data_labels: str | None = None,
) -> Chart:
    """A native chart: one series per (name, values, colour), values as given."""
    data = CategoryChartData(number_format="General")
    data.categories = categories
    for name, values, _ in series:
        # A year a scenario does not cover is a gap in the chart, not a number.
        data.add_series(name, [float(v) if np.isfinite(v) else None for v in values])
    chart = slide.shapes.add_chart(kind, *box, data).chart
    chart.font.name = FONT
    chart.font.size = Pt(14)
    chart.font.color.rgb = INK
    if title:
        chart.has_title = True
        chart.chart_title.text_frame.text = title
        style_font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 16, True)
    else:
        chart.has_title = False
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(14)
    va = chart.value_axis
    va.tick_labels.number_format = number_format
    va.tick_labels.number_format_is_linked = False
    va.tick_labels.font.size = Pt(13)
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = GRID
    va.format.line.fill.background()
    va.minimum_scale = 0
    ca = chart.category_axis
    ca.tick_labels.font.size = Pt(14)
    ca.format.line.color.rgb = GRID
    line = kind in (XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.LINE)
    for s, (_, _, colour) in zip(chart.plots[0].series, series, strict=True):
        if line:
            s.format.line.color.rgb = colour
            s.format.line.width = Pt(3)
            s.smooth = False
            s.marker.style = XL_MARKER_STYLE.CIRCLE
            s.marker.size = 8
            s.marker.format.fill.solid()
            s.marker.format.fill.fore_color.rgb = colour
            s.marker.format.line.color.rgb = colour
        else:
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = colour
            s.invert_if_negative = False
    plot = chart.plots[0]
    if not line:
        plot.gap_width = 60
        plot.overlap = -10 if len(series) > 1 else 0
    if data_labels:
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format = data_labels
        dl.number_format_is_linked = False
        dl.font.size = Pt(12)
        dl.font.color.rgb = MUTED
        dl.show_value = True
    return chart


def add_notes(slide: Slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def add_table(
    slide: Slide,
    rows: Sequence[Sequence[str]],
    left: int,
    top: int,
    widths: Sequence[int],
    row_height: int,
    size: float = SMALL_PT,
    right: Sequence[bool] | None = None,
    bold_rows: Sequence[int] = (),
    header_height: int | None = None,
) -> Any:
    """A native table: the first of ``rows`` is the header (white on the
    inference blue, ``header_height`` high, default ``row_height``), the others
    on alternating tints; ``right`` marks the columns aligned right (numbers),
    ``bold_rows`` the body rows (counted from 0) set in bold."""
    right = list(right) if right is not None else [False] * len(widths)
    header_height = row_height if header_height is None else header_height
    shape = slide.shapes.add_table(
        len(rows),
        len(widths),
        left,
        top,
        sum(widths, Emu(0)),
        header_height + row_height * (len(rows) - 1),
    )
    table = shape.table
    for j, w in enumerate(widths):
        table.columns[j].width = w
    white = RGBColor(255, 255, 255)
    for i, row in enumerate(rows):
        table.rows[i].height = header_height if i == 0 else row_height
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.text = text
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if right[j] else PP_ALIGN.LEFT
            header = i == 0
            bold = header or (i - 1) in bold_rows
            if paragraph.runs:
                style_font(paragraph.runs[0].font, size, bold, white if header else INK)
            cell.fill.solid()
            cell.fill.fore_color.rgb = INFERENCE if header else (TILE if i % 2 else white)
    return shape


# --- slides --------------------------------------------------------------------

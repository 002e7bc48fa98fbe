"""A board deck of one or more projections: 16:9 PowerPoint with native charts.

Every chart is a native, editable PowerPoint chart (the numbers travel with
the file: a finance team can restyle it or read the data behind it), never a
picture. Chart values are in USD, accelerators and MWh; the axes scale them for
reading through number formats ($#,##0,,"M"). Colours follow Okabe & Ito
(2008): training orange, inference blue. No Streamlit here.

One scenario: title, KPIs, spend crossover, cumulative spend, fleet,
energy and serving, (when it owns or reserves capacity) the strategies
compared and the purchase schedule, key assumptions.

Several: a comparison title ("A vs B"), the KPIs side by side with their
differences against the first, every scenario's spend overlaid; then each
scenario in detail (its own title, spend crossover, cumulative spend, fleet,
energy and serving, fleet strategies, key assumptions).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import numpy as np
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from model import fleet, fleet_plan, narrative, units
from model.engine import Projection
from model.narrative import headline
from model.outputs import output
from model.parameters import BY_NAME, HEADLINE, PARAMETERS, Param
from model.scenario import Scenario, preset_info, presets
from report.kpis import Kpi, kpis
from report.pptx_kit import (
    BODY_PT,
    ENERGY,
    GRID,
    HEIGHT,
    INFERENCE,
    INK,
    MARGIN,
    MAX_ASSUMPTION_ROWS,
    MUTED,
    SCENARIO_COLOURS,
    TILE,
    TRAINING,
    WIDTH,
    add_chart,
    add_notes,
    add_table,
    add_text,
    content_height,
    count_format,
    energy_format,
    money_format,
    new_slide,
    style_font,
)
from report.tables import SERVING_NOTE, Row, serving_rows

_CONTEXT_PARAMS = (
    "addressable_users",
    "active_params_b",
    "train_tokens_t",
    "generation_compute_growth",
    "retrain_every_months",
    "price_performance_gain_pct_per_year",
)


# --- low-level helpers ---------------------------------------------------------


def _title_slide(
    prs: Any, label: str, proj: Projection, today: date, kicker: str = "AI infrastructure plan"
) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), HEIGHT)
    bar.fill.solid()
    bar.fill.fore_color.rgb = INFERENCE
    bar.line.fill.background()
    s = proj.summary
    left, width = Inches(1.0), WIDTH - Inches(2.0)
    add_text(slide, left, Inches(1.0), width, Inches(0.5), kicker, 18, True, INFERENCE)
    # The scenario name is the user's: shrink a long one rather than run into the headline.
    size = 40 if len(label) <= 40 else 32 if len(label) <= 70 else 28
    box = add_text(slide, left, Inches(1.5), width, Inches(1.6), label, size, True)
    box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    add_text(slide, left, Inches(3.3), width, Inches(1.8), headline(s, today), 24)
    period = f"{units.month(s['start_month'])} to {units.month(s['end_month'])}"
    add_text(slide, left, Inches(5.6), width, Inches(0.4), period, BODY_PT, colour=MUTED)
    add_text(
        slide, left, Inches(6.0), width, Inches(0.4), f"{today:%d %B %Y}", BODY_PT, colour=MUTED
    )


def _kpi_slide(prs: Any, proj: Projection, footer: str, today: date) -> None:
    s = proj.summary
    slide, top = new_slide(prs, "Key figures", headline(s, today), footer)
    tiles = kpis(s)
    cols, rows = 4, 2
    gap = Inches(0.3)
    tile_w = int((WIDTH - 2 * MARGIN - (cols - 1) * gap) / cols)
    tile_h = int((content_height(top) - Inches(0.2) - (rows - 1) * gap) / rows)
    top += Inches(0.2)
    for i, k in enumerate(tiles[: cols * rows]):
        r, c = divmod(i, cols)
        box = slide.shapes.add_textbox(
            MARGIN + c * (tile_w + gap), top + r * (tile_h + gap), tile_w, tile_h
        )
        box.fill.solid()
        box.fill.fore_color.rgb = TILE
        box.line.color.rgb = GRID
        tf = box.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        tf.margin_left = tf.margin_right = Inches(0.25)
        run = tf.paragraphs[0].add_run()
        run.text = k.value
        style_font(run.font, 30 if len(k.value) <= 9 else 26, True, INK)
        p2 = tf.add_paragraph()
        p2.space_before = Pt(6)
        run2 = p2.add_run()
        run2.text = k.label
        style_font(run2.font, 15, False, MUTED)
    add_notes(slide, "\n".join(f"{k.label}: {k.value}. {k.help}" for k in tiles))


def _crossover_slide(prs: Any, proj: Projection, footer: str) -> None:
    a = proj.annual
    years = [str(y) for y in a["year"]]
    train, inf = a["training_spend_usd"].to_numpy(), a["inference_spend_usd"].to_numpy()
    slide, top = new_slide(
        prs,
        narrative.title(proj.summary),
        "Spend per year (USD). Crossover: trailing 12-month inference spend reaches training.",
        footer,
    )
    both = np.concatenate([train, inf])
    add_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        years,
        [("Training", train, TRAINING), ("Inference", inf, INFERENCE)],
        (MARGIN, top, WIDTH - 2 * MARGIN, content_height(top)),
        money_format(both),
        data_labels=money_format(both, label=True),
    )
    s = proj.summary
    add_notes(
        slide,
        "The crossover month is the first whose trailing 12-month inference spend (since the "
        "start, while under 12 months) reaches training spend over the same window. "
        f"Training {units.money(s['total_training_spend_usd'])} and inference "
        f"{units.money(s['total_inference_spend_usd'])} over the plan; inference is "
        f"{units.percent(s['inference_share_final_year'])} of spend in {s['final_year']}.",
    )


def _cumulative_slide(prs: Any, proj: Projection, footer: str) -> None:
    a = proj.annual
    years = [str(y) for y in a["year"]]
    train = a["training_spend_usd"].cumsum().to_numpy()
    inf = a["inference_spend_usd"].cumsum().to_numpy()
    slide, top = new_slide(
        prs,
        narrative.cumulative_title(proj.summary),
        "Cumulative spend at each year end (USD), since the start of the plan.",
        footer,
    )
    add_chart(
        slide,
        XL_CHART_TYPE.LINE_MARKERS,
        years,
        [("Training", train, TRAINING), ("Inference", inf, INFERENCE)],
        (MARGIN, top, WIDTH - 2 * MARGIN, content_height(top)),
        money_format(np.concatenate([train, inf])),
    )


def _two_boxes(
    top: int, height: int | None = None
) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]]:
    gap = Inches(0.4)
    half = int((WIDTH - 2 * MARGIN - gap) / 2)
    height = content_height(top) if height is None else height
    return (MARGIN, top, half, height), (MARGIN + half + gap, top, half, height)


#: The serving table at the foot of the fleet slide: font size [pt], row height,
#: and the widths of its label and value columns (two label/value pairs).
SERVING_PT = 13
SERVING_ROW = Inches(0.31)
_SERVING_LABEL_W = Inches(3.4)
_SERVING_VALUE_W = int((WIDTH - 2 * MARGIN - 2 * _SERVING_LABEL_W) / 2)
SERVING_WIDTHS = (_SERVING_LABEL_W, _SERVING_VALUE_W) * 2


def _serving_height(rows: list[Row]) -> int:
    return SERVING_ROW * ((len(rows) + 1) // 2 + 1)


def _serving_table(slide: Any, rows: list[Row], left: int, top: int) -> Any:
    """The serving assumptions (left pair of columns) and what the serving model
    derived from them (right pair), one header row over each pair."""
    half = (len(rows) + 1) // 2
    pairs = list(zip(rows[:half], rows[half:] + [None] * (2 * half - len(rows)), strict=True))
    shape = slide.shapes.add_table(
        half + 1, 4, left, top, sum(SERVING_WIDTHS, Emu(0)), _serving_height(rows)
    )
    table = shape.table
    for j, w in enumerate(SERVING_WIDTHS):
        table.columns[j].width = w
    white = RGBColor(255, 255, 255)

    def put(i: int, j: int, text: str, bold: bool, colour: RGBColor, fill: RGBColor) -> None:
        cell = table.cell(i, j)
        cell.text = text
        cell.margin_top = cell.margin_bottom = Inches(0.02)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        style_font(cell.text_frame.paragraphs[0].runs[0].font, SERVING_PT, bold, colour)
        cell.fill.solid()
        cell.fill.fore_color.rgb = fill

    for j, head in ((0, "Serving assumptions"), (2, "What the serving model derived, first month")):
        table.cell(0, j).merge(table.cell(0, j + 1))
        put(0, j, head, True, white, INFERENCE)
    for i, pair in enumerate(pairs, start=1):
        fill = TILE if i % 2 else white
        for j, row in zip((0, 2), pair, strict=True):
            put(i, j, row.label if row else "", False, INK, fill)
            put(i, j + 1, row.value if row else "", True, INK, fill)
        table.rows[i].height = SERVING_ROW
    table.rows[0].height = SERVING_ROW
    return table


def _fleet_energy_slide(prs: Any, proj: Projection, footer: str) -> None:
    a = proj.annual
    years = [str(y) for y in a["year"]]
    s = proj.summary
    peak = output("peak_inference_fleet_gpus").format(s["peak_inference_fleet_gpus"])
    slide, top = new_slide(
        prs,
        "Fleet, energy and serving",
        f"Inference fleet peaks at {peak}; "
        f"{units.energy(s['total_energy_mwh'])} used over the plan, "
        f"{units.tonnes(s['total_co2_t'])} emitted.",
        footer,
    )
    serving = serving_rows(proj)
    table_top = HEIGHT - Inches(0.6) - _serving_height(serving)
    left, right = _two_boxes(top, table_top - Inches(0.2) - top)
    fleet = a["inference_fleet_gpus"].to_numpy()
    energy = a["energy_mwh"].to_numpy()
    add_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        years,
        [("Inference fleet", fleet, INFERENCE)],
        left,
        count_format(fleet),
        title="Inference accelerators paid, yearly average",
        data_labels=count_format(fleet),
    )
    axis_format, unit = energy_format(energy)
    add_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        years,
        [("Energy", energy, ENERGY)],
        right,
        axis_format,
        title=f"Energy per year, all workloads ({unit})",
        data_labels=energy_format(energy, label=True)[0],
    )
    _serving_table(slide, serving, MARGIN, table_top)
    add_notes(
        slide,
        "Fleet: accelerators paid for serving, averaged over each year. Energy: accelerator "
        "TDP x accelerator-hours x PUE for training and inference, an upper bound. "
        f"Serving: {SERVING_NOTE}\n"
        + "\n".join(f"{r.label}: {r.value}. {r.help}" for r in serving),
    )


#: Most purchase-schedule rows on its slide (fewer when the title runs long).
MAX_SCHEDULE_ROWS = 12
_SCHEDULE_ROW = Inches(0.34)
#: Strategies table: body and header row heights, room for two lines of its type.
_STRATEGY_ROW = Inches(0.55)
_STRATEGY_HEADER = Inches(0.6)
_STRATEGY_PT = 15
#: The strategies table's columns for people: (heading, column of
#: :func:`model.fleet_plan.strategies`).
_STRATEGY_HEADS = (
    ("Strategy", "Strategy"),
    ("P&L cost", "P&L cost (USD)"),
    ("Cash cost", "Cash cost (USD)"),
    ("Fleet left at the end", "Fleet value at the end (USD)"),
    ("Net present cost", "NPV (USD)"),
    ("Peak capex a year", "Peak capex (USD/yr)"),
)


def cheapest_line(table: Any, cost_of_capital_pct: float) -> str:
    """The sentence naming the strategy of ``table`` (:func:`model.fleet_plan.strategies`)
    with the lowest net present cost."""
    best = table.loc[table["NPV (USD)"].idxmin()]
    return (
        f"Cheapest by net present cost (at {cost_of_capital_pct:g}% a year): "
        f"{best['Strategy']}, {units.money(best['NPV (USD)'])}."
    )


def _strategies_slide(prs: Any, proj: Projection, footer: str) -> None:
    s = proj.scenario
    table = fleet_plan.strategies(s)
    slide, top = new_slide(
        prs,
        "Fleet: own, reserve or rent",
        "Cost over the plan of each way of paying for the accelerators. P&L: depreciation "
        "and running costs; cash: purchases when paid, less resale.",
        footer,
    )
    rows = [[h for h, _ in _STRATEGY_HEADS]]
    rows += [
        [r["Strategy"], *(units.money(r[c]) for _, c in _STRATEGY_HEADS[1:])]
        for r in table.to_dict("records")
    ]
    current = [
        i
        for i, name in enumerate(table["Strategy"])
        if name.endswith("(current)") or name == "This scenario's strategy"
    ]
    first = Inches(4.2)
    n = len(_STRATEGY_HEADS) - 1
    widths = [first] + [int((WIDTH - 2 * MARGIN - first) / n)] * n
    add_table(
        slide,
        rows,
        MARGIN,
        top + Inches(0.1),
        widths,
        _STRATEGY_ROW,
        _STRATEGY_PT,
        right=[False] + [True] * n,
        bold_rows=current,
        header_height=_STRATEGY_HEADER,
    )
    below = top + Inches(0.1) + _STRATEGY_HEADER + _STRATEGY_ROW * (len(rows) - 1) + Inches(0.3)
    add_text(
        slide,
        MARGIN,
        below,
        WIDTH - 2 * MARGIN,
        Inches(0.8),
        cheapest_line(table, s.cost_of_capital_pct),
        18,
        True,
    )
    add_notes(
        slide,
        "Each strategy meets the same demand: owned accelerators and reservations serve a "
        "share of each stream's baseline, on-demand rentals at the list price the rest. "
        "P&L cost: depreciation, power, facility, reservations and rentals over the plan. "
        "Cash cost: purchases when paid, less resale at the end of a life, plus the same "
        "running costs. Fleet left at the end: the owned accelerators' book value when the "
        "plan ends. Net present cost: the cash cost discounted to the start of the plan at the "
        f"cost of capital ({s.cost_of_capital_pct:g}% a year), less the fleet left at the end, "
        "discounted; lower is cheaper. Peak capex: the "
        "largest year's purchases. The current strategy is in bold.",
    )


def _schedule_slide(prs: Any, proj: Projection, schedule: Any, footer: str) -> None:
    """The first rows of ``schedule`` (:func:`model.fleet_plan.purchase_schedule`)
    that fit, and how many were left off."""
    s = proj.scenario
    total = units.money(float(proj.monthly["capex_usd"].sum()))
    n = int(s.lead_time_months)
    lead = f"{n} month{'' if n == 1 else 's'}"
    slide, top = new_slide(
        prs,
        "Purchase schedule",
        f"Owned accelerators, ordered {lead} before they enter service; {total} over the plan.",
        footer,
    )
    note_h = Inches(0.45)
    fits = int((content_height(top) - note_h) / _SCHEDULE_ROW) - 1
    shown = schedule.head(max(1, min(MAX_SCHEDULE_ROWS, fits)))
    rows = [["In service", "Order by", "Stream", "Accelerator", "Count", "Capex"]]
    rows += [
        [
            units.month(r["Month"]),
            units.month(r["Order by"]),
            r["Stream"],
            r["Accelerator"],
            units.count(r["Count"]),
            units.money(r["Capex (USD)"]),
        ]
        for r in shown.to_dict("records")
    ]
    narrow = [Inches(1.8), Inches(1.8), Inches(1.8), Inches(1.6), Inches(1.8)]
    widths = [*narrow[:3], WIDTH - 2 * MARGIN - sum(narrow, Emu(0)), *narrow[3:]]
    add_table(
        slide,
        rows,
        MARGIN,
        top,
        widths,
        _SCHEDULE_ROW,
        14,
        right=[False, False, False, False, True, True],
    )
    left_off = len(schedule) - len(shown)
    note = (
        f"First {len(shown)} of {len(schedule)} purchases; {left_off} more left off here "
        "(every one is in the workbook's Purchases sheet and the HTML report)."
        if left_off
        else f"All {len(schedule)} purchases."
    )
    add_text(
        slide,
        MARGIN,
        top + _SCHEDULE_ROW * len(rows) + Inches(0.1),
        WIDTH - 2 * MARGIN,
        Inches(0.35),
        note,
        13,
        colour=MUTED,
    )
    add_notes(
        slide,
        "Purchases keep the owned fleet at the owned share of demand over the target "
        f"utilisation ({s.target_utilisation_pct:g}%); each month's accelerators are of that "
        "month's generation and are retired after their useful life "
        f"({s.useful_life_years:g} years). Counts are rounded up; capex is the exact amount.",
    )


def _preset_notes(scenario: Scenario) -> dict[str, str]:
    """The notes behind a preset's values, when ``scenario`` is exactly that preset."""
    for name in presets():
        if Scenario.from_preset(name) == scenario:
            return dict(preset_info(name).get("notes", {}))
    return {}


def assumption_rows(scenario: Scenario) -> tuple[list[tuple[Param, bool]], int]:
    """Parameters for the assumptions slide: (param, differs from default), and how
    many changed parameters did not fit.

    The headline levers first, then every parameter that differs from its default,
    then (when few differ) structural parameters for context; at most
    :data:`MAX_ASSUMPTION_ROWS` rows.
    """
    changed = set(Scenario().diff(scenario))
    rows = list(HEADLINE)
    rows += [p for p in PARAMETERS if p.name in changed and not p.headline]
    left_off = max(0, len(rows) - MAX_ASSUMPTION_ROWS)
    rows = rows[:MAX_ASSUMPTION_ROWS]
    for name in _CONTEXT_PARAMS:
        if len(rows) >= 8:
            break
        if BY_NAME[name] not in rows:
            rows.append(BY_NAME[name])
    return [(p, p.name in changed) for p in rows], left_off


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _assumptions_slide(prs: Any, proj: Projection, footer: str) -> None:
    scenario = proj.scenario
    rows, left_off = assumption_rows(scenario)
    notes = _preset_notes(scenario)
    values = scenario.params()
    subtitle = "Headline levers, then settings that differ from the default (bold)"
    subtitle += f"; {left_off} more in the workbook." if left_off else "."
    slide, top = new_slide(prs, "Key assumptions and sources", subtitle, footer)
    source_w = WIDTH - 2 * MARGIN - Inches(3.1) - Inches(2.6)
    widths = (Inches(3.1), Inches(2.6), source_w)
    row_h = min(Inches(0.5), int((content_height(top) - Inches(0.35)) / len(rows)))
    shape = slide.shapes.add_table(
        len(rows) + 1, 3, MARGIN, top, sum(widths, Emu(0)), Inches(0.35) + row_h * len(rows)
    )
    table = shape.table
    for j, w in enumerate(widths):
        table.columns[j].width = w
    table.rows[0].height = Inches(0.35)
    size = 12 if len(rows) > 8 else 14
    white = RGBColor(255, 255, 255)
    for j, head in enumerate(("Parameter", "Value", "Source")):
        cell = table.cell(0, j)
        cell.text = head
        style_font(cell.text_frame.paragraphs[0].runs[0].font, size + 1, True, white)
        cell.fill.solid()
        cell.fill.fore_color.rgb = INFERENCE
    # Two lines of source text at most: ~11 characters per inch at 11 pt, 9 at 13 pt.
    source_chars = int(2 * source_w / Inches(1) * (11 if size == 12 else 9))
    for i, (p, changed) in enumerate(rows, start=1):
        value = p.format(values[p.name])
        source = (notes.get(p.name) or "Set for this scenario.") if changed else p.source
        for j, text in enumerate((p.label, value, _shorten(source, source_chars))):
            cell = table.cell(i, j)
            cell.text = text
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            font = cell.text_frame.paragraphs[0].runs[0].font
            style_font(
                font, size - (1 if j == 2 else 0), j == 1 and changed, MUTED if j == 2 else INK
            )
            cell.fill.solid()
            cell.fill.fore_color.rgb = TILE if i % 2 else white
        if changed:
            run = table.cell(i, 1).text_frame.paragraphs[0].add_run()
            run.text = f"  (default {p.format()})"
            style_font(run.font, size - 1, False, MUTED)
        table.rows[i].height = row_h
    add_notes(
        slide,
        "Every parameter, with its value, default and source, is in the workbook's "
        "Assumptions sheet and in the HTML report.",
    )


def comparison_title(labels: list[str]) -> str:
    """The title of a comparison: "A vs B (vs C ...)"."""
    return " vs ".join(labels)


def _comparison_title_slide(
    prs: Any, projections: list[tuple[str, Projection]], today: date
) -> None:
    """ "A vs B": the scenarios' names, then each one's headline."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), HEIGHT)
    bar.fill.solid()
    bar.fill.fore_color.rgb = INFERENCE
    bar.line.fill.background()
    left, width = Inches(1.0), WIDTH - Inches(2.0)
    kicker = "AI infrastructure plan: scenarios compared"
    add_text(slide, left, Inches(0.8), width, Inches(0.5), kicker, 18, True, INFERENCE)
    title = comparison_title([label for label, _ in projections])
    size = 40 if len(title) <= 40 else 32 if len(title) <= 70 else 28
    box = add_text(slide, left, Inches(1.3), width, Inches(1.5), title, size, True)
    box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    # One paragraph per scenario: its name in bold, then its headline.
    size = 20 if len(projections) <= 2 else 16
    first = f"{_shorten(projections[0][0], 60)}: "
    tf = add_text(slide, left, Inches(3.0), width, Inches(2.8), first, size, True).text_frame
    for i, (label, proj) in enumerate(projections):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.space_after = Pt(8)
        if i:
            name = p.add_run()
            name.text = f"{_shorten(label, 60)}: "
            style_font(name.font, size, True, INK)
        rest = p.add_run()
        rest.text = headline(proj.summary, today)
        style_font(rest.font, size, False, INK)
    date_text = f"{today:%d %B %Y}"
    add_text(slide, left, Inches(6.0), width, Inches(0.4), date_text, BODY_PT, colour=MUTED)
    add_notes(
        slide,
        "Differences in this deck are against the first scenario, "
        f"{projections[0][0]}. Each scenario's own slides follow the comparison.",
    )


#: The side-by-side KPI table by number of scenarios (2, 3, 4 or more): the
#: label column's width and the type [pt] of the header, the labels, the
#: values and the differences; narrower columns take smaller type so that an
#: "accelerators" count wraps at most once even in a wide fallback font.
_KPI_LAYOUT = {
    2: (Inches(3.6), 15, 15, 18, 13),
    3: (Inches(3.0), 14, 14, 16, 12),
    4: (Inches(2.5), 12, 13, 13, 10),
}


def compare_kpis(projections: list[tuple[str, Projection]]) -> list[tuple[str, list[Kpi]]]:
    """Each scenario's KPI tiles with deltas against the first scenario's:
    (name, tiles) in order; the first scenario's tiles have no deltas."""
    base = projections[0][1].summary
    return [
        (label, kpis(p.summary, None if i == 0 else base))
        for i, (label, p) in enumerate(projections)
    ]


def _compare_kpi_slide(prs: Any, projections: list[tuple[str, Projection]], footer: str) -> None:
    """The KPIs side by side: a row per KPI, a column per scenario (its name in
    the header), each value formatted for people with its difference against
    the first scenario below it."""
    base_label = projections[0][0]
    slide, top = new_slide(
        prs,
        "Key figures side by side",
        f"Differences are against the first scenario, {_shorten(base_label, 60)}.",
        footer,
    )
    columns = compare_kpis(projections)
    base_tiles = columns[0][1]
    labels = [k.label for k in base_tiles]
    n = len(columns)
    label_w, header_pt, label_pt, value_pt, delta_pt = _KPI_LAYOUT[min(max(n, 2), 4)]
    widths = [label_w] + [int((WIDTH - 2 * MARGIN - label_w) / n)] * n
    header_h = Inches(0.75)
    # A little room to spare: a row whose value wraps grows past its height.
    row_h = min(Inches(0.6), int((content_height(top) - header_h - Inches(0.15)) / len(labels)))
    shape = slide.shapes.add_table(
        len(labels) + 1, n + 1, MARGIN, top, sum(widths, Emu(0)), header_h + row_h * len(labels)
    )
    table = shape.table
    for j, w in enumerate(widths):
        table.columns[j].width = w
    table.rows[0].height = header_h
    white = RGBColor(255, 255, 255)

    def put(i: int, j: int, fill: RGBColor, lines: list[tuple[str, float, bool, RGBColor]]) -> None:
        cell = table.cell(i, j)
        cell.margin_top = cell.margin_bottom = Inches(0.03)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        cell.fill.solid()
        cell.fill.fore_color.rgb = fill
        tf = cell.text_frame
        tf.word_wrap = True
        for k, (text, size, bold, colour) in enumerate(lines):
            run = (tf.paragraphs[0] if k == 0 else tf.add_paragraph()).add_run()
            run.text = text
            style_font(run.font, size, bold, colour)

    for j, text in enumerate(["KPI", *(label for label, _ in columns)]):
        put(0, j, INFERENCE, [(text, header_pt, True, white)])
    for i, label in enumerate(labels, start=1):
        fill = TILE if i % 2 else white
        table.rows[i].height = row_h
        put(i, 0, fill, [(label, label_pt, False, INK)])
        for j, (_, tiles) in enumerate(columns, start=1):
            k = tiles[i - 1]
            lines = [(k.value, value_pt, True, INK)]
            if j > 1:
                change = k.delta or ("no change" if k.value == base_tiles[i - 1].value else "")
                if change:
                    lines.append((change, delta_pt, False, MUTED))
            put(i, j, fill, lines)
    add_notes(
        slide,
        "\n".join(
            f"{label}: "
            + "; ".join(
                f"{name} {tiles[i].value}" + (f" ({tiles[i].delta})" if tiles[i].delta else "")
                for name, tiles in columns
            )
            + f". {base_tiles[i].help}"
            for i, label in enumerate(labels)
        ),
    )


def _compare_slide(
    prs: Any, projections: list[tuple[str, Projection]], footer: str, today: date
) -> None:
    slide, top = new_slide(
        prs,
        "Scenarios compared: spend per year",
        "Total AI compute spend and inference spend per year (USD), one colour per scenario.",
        footer,
    )
    years = sorted({int(y) for _, p in projections for y in p.annual["year"]})

    def by_year(proj: Projection, column: str) -> np.ndarray:
        values = dict(zip(proj.annual["year"].astype(int), proj.annual[column], strict=True))
        return np.array([values.get(y, np.nan) for y in years], dtype=float)

    colours = [SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)] for i in range(len(projections))]
    left, right = _two_boxes(top)
    for box, column, title in (
        (left, "total_spend_usd", "Total spend per year"),
        (right, "inference_spend_usd", "Inference spend per year"),
    ):
        series = [
            (label, by_year(p, column), c)
            for (label, p), c in zip(projections, colours, strict=True)
        ]
        values = np.concatenate([v for _, v, _ in series])
        add_chart(
            slide,
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            [str(y) for y in years],
            series,
            box,
            money_format(values),
            title=title,
        )
    add_notes(
        slide,
        "\n".join(f"{label}: {headline(p.summary, today)}" for label, p in projections),
    )


def _scenario_slides(prs: Any, proj: Projection, footer: str) -> None:
    """A scenario's detail: spend crossover, cumulative spend, fleet, energy and
    serving, (when it owns or reserves capacity) the strategies and the
    purchase schedule, key assumptions."""
    _crossover_slide(prs, proj, footer)
    _cumulative_slide(prs, proj, footer)
    _fleet_energy_slide(prs, proj, footer)
    if not fleet.is_all_on_demand(proj.scenario):
        _strategies_slide(prs, proj, footer)
        schedule = fleet_plan.purchase_schedule(proj)
        if len(schedule):
            _schedule_slide(prs, proj, schedule, footer)
    _assumptions_slide(prs, proj, footer)


def _footer(title: str, today: date) -> str:
    return f"{_shorten(title, 60)} · AI infrastructure plan · {today:%d %b %Y}"


def build_pptx(projections: list[tuple[str, Projection]], today: date | None = None) -> bytes:
    """A 16:9 board deck with native, editable charts.

    Parameters
    ----------
    projections : list of (label, Projection)
        One scenario, or several compared with the first.
    today : datetime.date, optional
        Date on the deck (default: today); the headline counts months from it.

    Returns
    -------
    bytes
        A .pptx file. One scenario: 6 slides (title, KPIs, crossover,
        cumulative, fleet and energy, assumptions); with a fleet strategy that
        owns or reserves capacity, a strategies slide, and a purchase schedule
        slide when it buys accelerators, before the assumptions. Several: a
        comparison title ("A vs B"), the KPIs side by side, the spend overlaid,
        then each scenario's title and detail slides (as for one, without the
        KPI tiles, which the side-by-side slide carries).
    """
    if not projections:
        raise ValueError("projections: give at least one (label, Projection)")
    today = today or date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    if len(projections) == 1:
        label, proj = projections[0]
        footer = _footer(label, today)
        _title_slide(prs, label, proj, today)
        _kpi_slide(prs, proj, footer, today)
        _scenario_slides(prs, proj, footer)
    else:
        footer = _footer(comparison_title([label for label, _ in projections]), today)
        _comparison_title_slide(prs, projections, today)
        _compare_kpi_slide(prs, projections, footer)
        _compare_slide(prs, projections, footer, today)
        n = len(projections)
        for i, (label, proj) in enumerate(projections, start=1):
            _title_slide(prs, label, proj, today, kicker=f"Scenario {i} of {n}, in detail")
            _scenario_slides(prs, proj, _footer(label, today))
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()

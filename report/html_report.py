"""A self-contained HTML report of one or more projections, readable offline.

One file: inline CSS, plotly.js inlined once (before the first figure), no
external resource of any kind, so it opens from an e-mail attachment or a
USB stick in a room without network. Every piece of user text (scenario
names) is HTML-escaped. No Streamlit here.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from model import fleet, fleet_plan, narrative, units
from model.engine import Projection
from model.narrative import headline
from model.parameters import GROUPS, PARAMETERS
from model.scenario import Scenario
from report import figures
from report.kpis import compare_table, kpis
from report.tables import SERVING_NOTE, serving_rows

#: plotly.js options of every embedded figure.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  margin: 0; background: #fff; color: #1f2328;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1120px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 4px; }
h2 { font-size: 1.35rem; margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.05rem; margin: 20px 0 6px; color: #57606a; }
.meta { color: #57606a; margin: 0 0 20px; }
.headline {
  font-size: 1.3rem; line-height: 1.4; margin: 16px 0 8px; padding: 16px 20px;
  border-left: 6px solid #0072B2; background: #f3f8fc;
}
.headline-list li { margin: 6px 0; }
.story { font-size: 1.1rem; font-weight: 600; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid #e4e8ec; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.source { color: #57606a; font-size: 0.85rem; }
td.changed { font-weight: 700; }
tr.current td { font-weight: 700; }
tr.group th { background: #eef2f5; font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 16px 0; }
.kpi { border: 1px solid #d0d7de; border-radius: 8px; padding: 12px 14px; }
.kpi .value { font-size: 1.5rem; font-weight: 700; line-height: 1.2; }
.kpi .label { color: #57606a; font-size: 0.85rem; }
.figure { margin: 8px 0 24px; break-inside: avoid; page-break-inside: avoid; }
.note { color: #57606a; font-size: 0.85rem; }
footer { margin-top: 48px; color: #57606a; font-size: 0.85rem; }
@media (max-width: 800px) { .kpis { grid-template-columns: repeat(2, 1fr); } }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, .kpis { break-inside: avoid; page-break-inside: avoid; }
  table.schedule { break-inside: auto; page-break-inside: auto; }
}
"""


#: The light template as a plain dict: figures are embedded without validation,
#: so a template given by name would stay a bare string.
_LIGHT_TEMPLATE = pio.templates["plotly_white"].to_plotly_json()


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _figure_html(fig: go.Figure, first: bool) -> str:
    """One figure as a div; plotly.js is inlined with the first one only.

    The light template goes onto a copy of the figure's spec: ``update_layout``
    would validate the whole template, ~1 s a figure, against ~1 ms this way
    (tests/test_figures.py validates the figures themselves).
    """
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    layout.update(template=_LIGHT_TEMPLATE, paper_bgcolor="#ffffff", plot_bgcolor="#ffffff")
    div = pio.to_html(
        spec,
        validate=False,
        full_html=False,
        include_plotlyjs=first,
        include_mathjax=False,
        config=PLOTLY_CONFIG,
        default_width="100%",
    )
    return f'<div class="figure">{div}</div>'


def _kpi_tiles(summary: dict[str, Any]) -> str:
    tiles = "".join(
        f'<div class="kpi" title="{_e(k.help)}"><div class="value">{_e(k.value)}</div>'
        f'<div class="label">{_e(k.label)}</div></div>'
        for k in kpis(summary)
    )
    return f'<div class="kpis">{tiles}</div>'


def _kpi_table(projections: list[tuple[str, Projection]]) -> str:
    """KPI | value | meaning for one scenario; KPI | scenario... (with deltas) for several."""
    if len(projections) == 1:
        rows = "".join(
            f'<tr><td>{_e(k.label)}</td><td class="num">{_e(k.value)}</td>'
            f'<td class="source">{_e(k.help)}</td></tr>'
            for k in kpis(projections[0][1].summary)
        )
        head = '<tr><th>KPI</th><th class="num">Value</th><th>What it means</th></tr>'
        return f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"
    labels = [label for label, _ in projections]
    # compare_table keys rows by label: make them unique so two equal names keep two columns.
    keys = [f"{i}\x00{label}" for i, label in enumerate(labels)]
    table = compare_table(
        [(key, proj.summary) for key, (_, proj) in zip(keys, projections, strict=True)]
    )
    head = "<tr><th>KPI</th>" + "".join(f'<th class="num">{_e(x)}</th>' for x in labels) + "</tr>"
    body = "".join(
        f"<tr><td>{_e(row['KPI'])}</td>"
        + "".join(f'<td class="num">{_e(row[key])}</td>' for key in keys)
        + "</tr>"
        for row in table
    )
    note = (
        f'<p class="note">Differences in brackets are against the first scenario, '
        f"{_e(labels[0])}.</p>"
    )
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>{note}"


def _serving_table(projections: list[tuple[str, Projection]]) -> str:
    """The serving assumptions and what the serving model derived: item | value |
    meaning for one scenario; item | scenario... | meaning for several."""
    labels = [label for label, _ in projections]
    per_scenario = [serving_rows(proj) for _, proj in projections]
    value_heads = (
        ['<th class="num">Value</th>']
        if len(labels) == 1
        else [f'<th class="num">{_e(x)}</th>' for x in labels]
    )
    head = "<tr><th>Serving</th>" + "".join(value_heads) + "<th>What it means</th></tr>"
    body = "".join(
        f'<tr><td title="{_e(row.key)}">{_e(row.label)}</td>'
        + "".join(f'<td class="num">{_e(rows[i].value)}</td>' for rows in per_scenario)
        + f'<td class="source">{_e(row.help)}</td></tr>'
        for i, row in enumerate(per_scenario[0])
    )
    return (
        f'<table class="serving"><thead>{head}</thead><tbody>{body}</tbody></table>'
        f'<p class="note">{_e(SERVING_NOTE)}</p>'
    )


def _strategies_section(proj: Projection) -> str:
    """The strategies side by side (:func:`model.fleet_plan.strategies`), the
    current one in bold, and the cheapest by net present cost."""
    s = proj.scenario
    table = fleet_plan.strategies(s)
    money_cols = (
        "P&L cost (USD)",
        "Cash cost (USD)",
        "Fleet value at the end (USD)",
        "NPV (USD)",
        "Peak capex (USD/yr)",
    )
    heads = (
        "P&L cost",
        "Cash cost",
        "Fleet left at the end",
        "Net present cost",
        "Peak capex a year",
    )
    head = "<tr><th>Strategy</th>" + "".join(f'<th class="num">{_e(h)}</th>' for h in heads)
    rows = []
    for r in table.to_dict("records"):
        name = str(r["Strategy"])
        current = name.endswith("(current)") or name == "This scenario's strategy"
        cells = "".join(
            f'<td class="num" title="{_e(f"{r[c]:,.0f}")}">{_e(units.money(r[c]))}</td>'
            for c in money_cols
        )
        attr = ' class="current"' if current else ""
        rows.append(f"<tr{attr}><td>{_e(name)}</td>{cells}</tr>")
    best = table.loc[table["NPV (USD)"].idxmin()]
    rate = f"{s.cost_of_capital_pct:g}%"
    return (
        "<h2>Fleet: own, reserve or rent</h2>"
        '<p class="note">Cost over the plan of each way of paying for the accelerators. P&amp;L: '
        "depreciation, power, facility, reservations and rentals; cash: purchases when paid, "
        "less resale at the end of a life, plus the same running costs; fleet left at the end: "
        "the owned accelerators' book value when the plan ends; net present cost: the cash cost "
        f"discounted to the start of the plan at the cost of capital ({_e(rate)} a year), less "
        "the fleet left at the end, discounted, lower is cheaper; peak capex: the largest "
        "year's purchases. The current strategy is in "
        "bold.</p>"
        f'<table class="strategies"><thead>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f'<p class="story">Cheapest by net present cost: {_e(best["Strategy"])}, '
        f"{_e(units.money(best['NPV (USD)']))}.</p>"
    )


def _schedule_section(proj: Projection) -> str:
    """Every owned purchase (:func:`model.fleet_plan.purchase_schedule`)."""
    s = proj.scenario
    schedule = fleet_plan.purchase_schedule(proj)
    if schedule.empty:
        return (
            "<h2>Purchase schedule</h2>"
            '<p class="note">This strategy buys no accelerators: its capacity is reserved '
            "or rented.</p>"
        )
    n = int(s.lead_time_months)
    total = units.money(float(proj.monthly["capex_usd"].sum()))
    head = (
        "<tr><th>In service</th><th>Order by</th><th>Stream</th><th>Accelerator</th>"
        '<th class="num">Count</th><th class="num">Capex</th></tr>'
    )
    rows = "".join(
        f"<tr><td>{_e(units.month(r['Month']))}</td><td>{_e(units.month(r['Order by']))}</td>"
        f"<td>{_e(r['Stream'])}</td><td>{_e(r['Accelerator'])}</td>"
        f'<td class="num">{_e(units.count(r["Count"]))}</td>'
        f'<td class="num">{_e(units.money(r["Capex (USD)"]))}</td></tr>'
        for r in schedule.to_dict("records")
    )
    return (
        "<h2>Purchase schedule</h2>"
        f'<p class="note">{len(schedule)} purchases of owned accelerators, each ordered '
        f"{n} month{'' if n == 1 else 's'} before it must be in service; {_e(total)} over the "
        "plan. Counts are rounded up; capex is the exact amount.</p>"
        f'<table class="schedule"><thead>{head}</thead><tbody>{rows}</tbody></table>'
    )


def _assumptions_table(projections: list[tuple[str, Projection]]) -> str:
    """Every registry parameter by group: value in each scenario, unit, default, source."""
    values = [proj.scenario.params() for _, proj in projections]
    changed_names = [set(Scenario().diff(proj.scenario)) for _, proj in projections]
    labels = [label for label, _ in projections]
    value_heads = (
        ['<th class="num">Value</th>']
        if len(labels) == 1
        else [f'<th class="num">{_e(x)}</th>' for x in labels]
    )
    head = (
        "<tr><th>Parameter</th><th>Unit</th>"
        + "".join(value_heads)
        + '<th class="num">Default</th><th>Source</th></tr>'
    )
    width = 4 + len(labels)
    rows: list[str] = []
    for group in GROUPS:
        params = [p for p in PARAMETERS if p.group == group]
        if not params:
            continue
        rows.append(f'<tr class="group"><th colspan="{width}">{_e(group)}</th></tr>')
        for p in params:
            cells = []
            for v, names in zip(values, changed_names, strict=True):
                changed = " changed" if p.name in names else ""
                cells.append(f'<td class="num{changed}">{_e(p.format(v[p.name], unit=False))}</td>')
            rows.append(
                f'<tr><td title="{_e(p.name)}">{_e(p.label)}</td><td>{_e(p.unit)}</td>'
                + "".join(cells)
                + f'<td class="num">{_e(p.format(unit=False))}</td>'
                f'<td class="source">{_e(p.source)}</td></tr>'
            )
    return (
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
        '<p class="note">Values in bold differ from the default.</p>'
    )


def build_html(
    projections: list[tuple[str, Projection]],
    today: date | None = None,
    title: str = "AI infrastructure plan",
) -> str:
    """A self-contained HTML report.

    Parameters
    ----------
    projections : list of (label, Projection)
        The first is the scenario the report is about; the others are compared with it.
    today : datetime.date, optional
        Report date (default: today); the headline counts months from it.
    title : str
        Report title, before the scenario's name (a comparison's "A vs B").

    Returns
    -------
    str
        A complete HTML document that loads nothing from the network.
    """
    if not projections:
        raise ValueError("projections: give at least one (label, Projection)")
    today = today or date.today()
    label, proj = projections[0]
    # A comparison is titled by every scenario: "A vs B".
    full_title = f"{title}: {' vs '.join(name for name, _ in projections)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="AI infrastructure planner">',
        f"<title>{_e(full_title)}</title>",
        f"<style>{_CSS}</style>",
        "</head><body><main>",
        f"<h1>{_e(full_title)}</h1>",
        f'<p class="meta">Generated {_e(f"{today:%d %b %Y}")} · '
        f"{_e(units.month(proj.summary['start_month']))} to "
        f"{_e(units.month(proj.summary['end_month']))}</p>",
        f'<p class="headline">{_e(headline(proj.summary, today))}</p>',
        _kpi_tiles(proj.summary),
        "<h2>Key figures explained</h2>"
        if len(projections) == 1
        else "<h2>Key figures side by side</h2>",
        _kpi_table(projections),
        f"<h2>Projection: {_e(label)}</h2>",
        f'<p class="story">{_e(narrative.title(proj.summary))}</p>',
    ]
    first = True
    for build in figures.ALL:
        parts.append(_figure_html(build(proj), first))
        first = False
    if len(projections) > 1:
        parts.append("<h2>Scenarios compared</h2>")
        items = "".join(
            f"<li><strong>{_e(name)}</strong>: {_e(headline(p.summary, today))}</li>"
            for name, p in projections
        )
        parts.append(f'<ul class="headline-list">{items}</ul>')
        # compare_spend escapes the names for plotly itself.
        parts.append(_figure_html(figures.compare_spend(projections), first=False))
    parts += [
        "<h2>How the model is served</h2>",
        _serving_table(projections),
    ]
    if not fleet.is_all_on_demand(proj.scenario):
        parts += [_strategies_section(proj), _schedule_section(proj)]
    parts += [
        "<h2>Assumptions and sources</h2>",
        _assumptions_table(projections),
        "<footer>Made with the AI infrastructure planner. Figures are projections from the "
        "assumptions above, not forecasts; every default's source is listed with it.</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts)

"""The output registry: every monthly and annual column and every KPI, declared once.

Each :class:`Output` says what a column of ``Projection.monthly`` and
``Projection.annual`` is: its label and unit for people, how a calendar year
aggregates its months (``sum`` for flows, ``mean`` for stocks and rates,
``peak`` for the largest month, ``ratio`` for a ratio recomputed from the
year's totals), its number format and a sentence of help. The engine's
:func:`model.engine.annualise`, the app's tables, the workbook and CSV
headers, chart axis titles, the KPI tiles and the methodology page's outputs
table all read this registry, so a label or unit is changed in one place.

Each :class:`KpiSpec` declares one headline tile: the summary field it
shows, its label, format, how its change against a baseline is written and
whether a rise is good or bad.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from model import units
from model.outputs_fleet import FLEET_OUTPUT_SPECS

#: How a calendar year aggregates the months of a column.
AGGREGATIONS = ("calendar", "sum", "mean", "peak", "ratio", "none")

#: Number kinds: how a value is written for people, in a table and in Excel.
#: kind -> (Streamlit column format, Excel number format).
_KINDS: dict[str, tuple[str, str]] = {
    "month": ("", "mmm yyyy"),
    "year": ("%d", "0"),
    "int": ("%d", "0"),
    "money": ("dollar", "$#,##0"),
    "money_rate": ("$%.3f", "$#,##0.0000"),
    "count": ("%,.0f", "#,##0"),
    "compact": ("compact", "#,##0"),
    "decimal": ("%.1f", "#,##0.0"),
    "flops": ("flops", "0.00E+00"),
    "energy": ("%,.0f", "#,##0.0"),
    "tonnes": ("%,.0f", "#,##0.0"),
    "share": ("percent", "0.0%"),
}


@dataclass(frozen=True)
class Output:
    """One column of a projection.

    Attributes
    ----------
    name : str
        Column name in ``Projection.monthly`` / ``Projection.annual`` (stable:
        CSV headers of ``planner run --format csv`` and the workbook read back by it).
    label : str
        Short label for people, without the unit.
    unit : str
        Unit for headers and axis titles ("USD", "accelerator-hours", ""); empty when
        the label says it.
    agg : str
        How a year aggregates the months, one of :data:`AGGREGATIONS`:
        ``calendar`` (the month or year itself), ``sum`` (flows), ``mean``
        (stocks and rates), ``peak`` (the largest month of ``of``), ``ratio``
        (``of[0] / of[1] x scale`` from the year's sums), ``none`` (monthly
        only: no yearly figure means anything).
    kind : str
        Number kind, a key of the formats table: how :meth:`format` writes a
        value and which Excel and table formats it gets.
    help : str
        What it means, in a sentence.
    monthly, annual : bool
        Whether it is a column of ``Projection.monthly`` / ``Projection.annual``.
    of : tuple[str, ...]
        The monthly column(s) a ``peak`` or ``ratio`` is computed from.
    scale : float
        Factor of a ``ratio`` (1e6 for "per million tokens").
    count_unit : str
        The unit written after a count ("accelerators"), for :meth:`format`.
    """

    name: str
    label: str
    unit: str
    agg: str
    kind: str
    help: str
    monthly: bool = True
    annual: bool = True
    of: tuple[str, ...] = ()
    scale: float = 1.0
    count_unit: str = ""

    @property
    def header(self) -> str:
        """Label with its unit: "Training spend (USD)"."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    @property
    def table_format(self) -> str:
        """``st.column_config`` number format ("dollar", "%,.0f", ...)."""
        return _KINDS[self.kind][0]

    @property
    def excel_format(self) -> str:
        """Excel number format of the workbook's cells."""
        return _KINDS[self.kind][1]

    def format(self, value: Any) -> str:
        """``value`` written for people: "$1.2M", "18,400 accelerators", "3.4e24 FLOP"."""
        return format_value(self.kind, value, self.count_unit)


def format_value(kind: str, value: Any, count_unit: str = "") -> str:
    """A value of number ``kind`` for people; "n/a" when missing or not finite."""
    if kind == "month":
        return units.month(value if isinstance(value, str) or value is None else f"{value:%Y-%m}")
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if kind in ("year", "int"):
        return str(int(value))
    formatter = {
        "money": units.money,
        "money_rate": lambda v: units.money(v, 2),
        "count": lambda v: units.count(v, count_unit),
        "compact": lambda v: units.compact(v, count_unit),
        "decimal": lambda v: f"{v:,.1f} {count_unit}".rstrip(),
        "flops": units.flops,
        "energy": units.energy,
        "tonnes": units.tonnes,
        "share": units.percent,
    }[kind]
    return formatter(float(value))


def _o(name: str, label: str, unit: str, agg: str, kind: str, help: str, **kw: Any) -> Output:
    return Output(name, label, unit, agg, kind, help, **kw)


#: Every column, in the order of ``Projection.monthly`` (annual-only ones last).
OUTPUTS: tuple[Output, ...] = (
    _o("month", "Month", "", "calendar", "month", "First day of the month.", annual=False),
    _o("year", "Year", "", "calendar", "year", "Calendar year."),
    _o(
        "model_generation",
        "Model generation in service",
        "",
        "none",
        "int",
        "0 until the first training run of the plan ends, then one more per completed run.",
        annual=False,
    ),
    _o(
        "served_params_b",
        "Served model, active parameters",
        "billion",
        "none",
        "decimal",
        "Active parameters of the model generation in service.",
        annual=False,
        count_unit="B",
    ),
    _o(
        "active_users",
        "Active users",
        "people",
        "mean",
        "compact",
        "Users of the service in the month (Bass adoption).",
    ),
    _o("requests", "Requests", "", "sum", "compact", "Requests sent by active users."),
    _o("tokens", "Tokens", "", "sum", "compact", "Input plus output tokens of all requests."),
    _o(
        "input_tokens_per_request",
        "Input tokens per request",
        "tokens",
        "mean",
        "count",
        "Prompt, history and context per request: grows with the context growth input.",
    ),
    _o(
        "output_tokens_per_request",
        "Output tokens per request",
        "tokens",
        "mean",
        "count",
        "Tokens generated per request: grows yearly and steps up with each model generation.",
    ),
    _o(
        "dc_tokens",
        "Data-centre tokens",
        "",
        "none",
        "compact",
        "Tokens served in the data centre (all tokens less the on-device share).",
        annual=False,
    ),
    _o(
        "training_flops",
        "Training compute",
        "FLOP",
        "sum",
        "flops",
        "Pretraining plus experiments and fine-tuning.",
    ),
    _o(
        "inference_flops",
        "Inference compute",
        "FLOP",
        "sum",
        "flops",
        "Data-centre inference, 2 N FLOPs per token.",
    ),
    _o(
        "edge_flops",
        "Edge (on-device) compute",
        "FLOP",
        "sum",
        "flops",
        "Inference run on users' devices, off the bill.",
    ),
    _o(
        "training_gpu_hours",
        "Training accelerator time",
        "accelerator-hours",
        "sum",
        "compact",
        "Accelerator-hours of training at each run's whole-run MFU (by model size), on the year's accelerators.",
    ),
    _o(
        "inference_busy_gpu_hours",
        "Inference busy time",
        "accelerator-hours",
        "sum",
        "compact",
        "Accelerator-hours spent serving the average load (serving model, before peaks), on the year's accelerators.",
    ),
    _o(
        "inference_gpu_hours",
        "Inference paid time",
        "accelerator-hours",
        "sum",
        "compact",
        "Accelerator-hours paid for serving, peaks included, on the year's accelerators.",
    ),
    _o(
        "training_fleet_gpus",
        "Training fleet, average",
        "accelerators",
        "mean",
        "count",
        "Training accelerator-hours divided by the hours in the month."
        " Counted in accelerators of each year's generation: at the chosen accelerator's hourly price, each does (1 + price-performance gain)^t its work.",
        count_unit="accelerators",
    ),
    _o(
        "inference_busy_fleet_gpus",
        "Inference fleet busy, average",
        "accelerators",
        "mean",
        "count",
        "Accelerators kept busy by the average load: busy hours over the hours in the month."
        " Counted in accelerators of each year's generation: at the chosen accelerator's hourly price, each does (1 + price-performance gain)^t its work.",
        count_unit="accelerators",
    ),
    _o(
        "inference_peak_capacity_gpus",
        "Inference capacity for the peak",
        "accelerators",
        "peak",
        "count",
        "Accelerators needed at the traffic peak: the busy fleet times the peak-to-average ratio."
        " Counted in accelerators of each year's generation: at the chosen accelerator's hourly price, each does (1 + price-performance gain)^t its work.",
        of=("inference_peak_capacity_gpus",),
        count_unit="accelerators",
    ),
    _o(
        "inference_fleet_gpus",
        "Inference fleet paid, average",
        "accelerators",
        "mean",
        "count",
        "Paid inference accelerator-hours (peaks included, after autoscaling) divided by "
        "the hours in the month."
        " Counted in accelerators of each year's generation: at the chosen accelerator's hourly price, each does (1 + price-performance gain)^t its work.",
        count_unit="accelerators",
    ),
    _o(
        "replica_accelerators",
        "Accelerators per replica",
        "",
        "none",
        "int",
        "Accelerators serving one copy of the model: the size with the lowest cost per "
        "token that meets the targets.",
        annual=False,
    ),
    _o(
        "serving_batch",
        "Decode batch",
        "sequences",
        "none",
        "count",
        "Requests decoded together by one replica: the largest that fits the KV cache and "
        "meets the TPOT target.",
        annual=False,
    ),
    _o(
        "serving_ttft_ms",
        "Time to first token",
        "ms",
        "none",
        "decimal",
        "Prefill time of one request on one replica (service time, no queueing).",
        annual=False,
        count_unit="ms",
    ),
    _o(
        "serving_tpot_ms",
        "Time per output token",
        "ms",
        "none",
        "decimal",
        "One decode step at the chosen batch.",
        annual=False,
        count_unit="ms",
    ),
    _o(
        "inference_achieved_mfu",
        "Inference achieved MFU",
        "%",
        "mean",
        "share",
        "Useful FLOPs over peak FLOP/s while busy: an output of the serving model, to hold "
        "against published runs.",
    ),
    _o(
        "training_spend_usd",
        "Training spend",
        "USD",
        "sum",
        "money",
        "Training cost under the fleet strategy, in the spend view (P&L or cash); all on "
        "demand: training accelerator-hours at the list price.",
    ),
    _o(
        "inference_spend_usd",
        "Inference spend",
        "USD",
        "sum",
        "money",
        "Inference cost under the fleet strategy, in the spend view (P&L or cash); all on "
        "demand: paid inference accelerator-hours at the list price.",
    ),
    _o(
        "total_spend_usd",
        "Total spend",
        "USD",
        "sum",
        "money",
        "Training plus data-centre inference spend.",
    ),
    _o(
        "training_energy_mwh",
        "Training energy",
        "MWh",
        "sum",
        "energy",
        "Training hours x TDP x PUE, an upper bound.",
    ),
    _o(
        "inference_energy_mwh",
        "Inference energy",
        "MWh",
        "sum",
        "energy",
        "Paid inference hours x TDP x PUE, an upper bound.",
    ),
    _o(
        "energy_mwh",
        "Energy, total",
        "MWh",
        "sum",
        "energy",
        "Training plus inference facility energy.",
    ),
    _o("co2_t", "CO₂ emitted", "t", "sum", "tonnes", "Energy times the grid's carbon intensity."),
    _o(
        "peak_inference_fleet_gpus",
        "Inference fleet paid, peak month",
        "accelerators",
        "peak",
        "count",
        "The largest monthly-average paid inference fleet of the year.",
        monthly=False,
        of=("inference_fleet_gpus",),
        count_unit="accelerators",
    ),
    _o(
        "cost_per_million_tokens_usd",
        "Inference cost per 1M tokens",
        "USD",
        "ratio",
        "money_rate",
        "Inference spend per million data-centre tokens (a year: its spend over its tokens).",
        of=("inference_spend_usd", "dc_tokens"),
        scale=1e6,
    ),
    _o(
        "inference_share",
        "Inference share of spend",
        "%",
        "ratio",
        "share",
        "Inference spend over total spend in the year.",
        monthly=False,
        of=("inference_spend_usd", "total_spend_usd"),
    ),
    *(_o(*args, **kw) for args, kw in FLEET_OUTPUT_SPECS),
)

BY_NAME: dict[str, Output] = {o.name: o for o in OUTPUTS}
MONTHLY: tuple[Output, ...] = tuple(o for o in OUTPUTS if o.monthly)
ANNUAL: tuple[Output, ...] = tuple(o for o in OUTPUTS if o.annual)


def output(name: str) -> Output:
    """The declaration of column ``name`` (KeyError when undeclared)."""
    return BY_NAME[name]


@dataclass(frozen=True)
class KpiSpec:
    """One headline tile.

    Attributes
    ----------
    name : str
        Stable key of the tile.
    field : str
        The :class:`model.engine.Summary` field it shows.
    label : str
        Label template; ``{start}``, ``{end}`` (months as "Mar 2028"),
        ``{start_year}`` and ``{final_year}`` are filled from the summary.
    kind : str
        Number kind of the value (see :func:`format_value`).
    delta : str
        How a change against a baseline is written: "month", "money",
        "points", "count" or "kind" (the value's own format).
    delta_color : str
        "inverse" when a rise is bad (spend), "off" when neither.
    help : str
        What it means, in a sentence.
    smallest : float
        The smallest change worth showing as a delta.
    count_unit : str
    """

    name: str
    field: str
    label: str
    kind: str
    delta: str
    delta_color: str
    help: str
    smallest: float = 0.5
    count_unit: str = ""

    def format(self, value: Any) -> str:
        """The tile's value for people."""
        return format_value(self.kind, value, self.count_unit)


KPIS: tuple[KpiSpec, ...] = (
    KpiSpec(
        "crossover",
        "crossover_month",
        "Inference overtakes training",
        "month",
        "month",
        "off",
        "First month whose trailing 12-month inference spend reaches training spend.",
    ),
    KpiSpec(
        "total_spend",
        "total_spend_usd",
        "Total spend {start_year}-{final_year}",
        "money",
        "money",
        "inverse",
        "Training plus data-centre inference spend over the whole horizon.",
    ),
    KpiSpec(
        "inference_share",
        "inference_share_final_year",
        "Inference share, {final_year}",
        "share",
        "points",
        "off",
        "Inference spend as a share of AI compute spend in the final year.",
    ),
    KpiSpec(
        "peak_fleet",
        "peak_inference_fleet_gpus",
        "Peak inference fleet",
        "count",
        "kind",
        "inverse",
        "Largest monthly-average number of accelerators paid for serving, counted in "
        "accelerators of that year's generation (each year's do more work at the same price).",
        count_unit="accelerators",
    ),
    KpiSpec(
        "cost_per_mtok_start",
        "cost_per_million_tokens_start_usd",
        "$ per 1M tokens, {start}",
        "money_rate",
        "kind",
        "inverse",
        "Data-centre inference spend per million tokens served, first month.",
        smallest=5e-4,
    ),
    KpiSpec(
        "cost_per_mtok_end",
        "cost_per_million_tokens_end_usd",
        "$ per 1M tokens, {end}",
        "money_rate",
        "kind",
        "inverse",
        "Data-centre inference spend per million tokens served, last month.",
        smallest=5e-4,
    ),
    KpiSpec(
        "energy",
        "total_energy_mwh",
        "Energy used",
        "energy",
        "kind",
        "inverse",
        "Facility energy over the horizon: accelerator TDP x hours x PUE (an upper bound), "
        "falling with each year's energy-efficiency gain.",
    ),
    KpiSpec(
        "co2",
        "total_co2_t",
        "CO₂ emitted",
        "tonnes",
        "kind",
        "inverse",
        "Energy used times the grid's carbon intensity, over the horizon.",
    ),
)

"""The model quantities an observation (:mod:`model.evidence`) is compared with.

Each is ``function(scenario, at) -> float`` in the unit it declares, computed
live from the model: a training run's FLOPs and accelerator-hours, one
replica's serving throughput, and figures read off a projection (tokens in a
month or a period, growth on a year earlier, a year's spend and inference
share, requests per day, energy per request). ``at`` is "", "YYYY",
"YYYY-MM" or "YYYY-MM..YYYY-MM", as :data:`AT_FORM` says.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from model import compute, serving, units
from model.engine import Projection, project
from model.scenario import Scenario


class Quantity(NamedTuple):
    """A model figure an observation can be compared with: label, unit and
    ``function(scenario, at) -> float`` (in ``unit``)."""

    label: str
    unit: str
    function: Callable[[Scenario, str], float]


@lru_cache(maxsize=32)
def _projection(s: Scenario) -> Projection:
    """Each distinct scenario projected once (Scenario is hashable by its values)."""
    return project(s)


def _month_index(s: Scenario, month: str) -> int:
    """Index of ``month`` ("YYYY-MM") in the plan (ValueError when outside it)."""
    i = units.months_between(f"{s.start_year:04d}-01", month)
    if not 0 <= i < s.horizon_years * 12:
        last = units.month_label(s.start_year, s.horizon_years * 12 - 1)
        raise ValueError(
            f"at: {units.month(month)} is outside the plan "
            f"({units.month(f'{s.start_year:04d}-01')} to {units.month(last)})"
        )
    return i


def _monthly(s: Scenario, column: str, month: str) -> float:
    return float(_projection(s).monthly[column].iloc[_month_index(s, month)])


def _period(s: Scenario, column: str, at: str) -> float:
    """Sum of ``column`` over the months of ``at`` ("YYYY-MM..YYYY-MM")."""
    first, last = at.split("..")
    a, b = _month_index(s, first), _month_index(s, last)
    return float(_projection(s).monthly[column].iloc[a : b + 1].sum())


def _annual(s: Scenario, column: str, year: str) -> float:
    annual = _projection(s).annual
    row = annual[annual["year"] == int(year)]
    if row.empty:
        last = s.start_year + s.horizon_years - 1
        raise ValueError(f"at: {year} is outside the plan ({s.start_year} to {last})")
    return float(row[column].iloc[0])


def _year_before(at: str) -> str:
    """The same months a year earlier: "2025-01..2025-03" -> "2024-01..2024-03"."""
    return "..".join(f"{int(m[:4]) - 1:04d}{m[4:]}" for m in at.split(".."))


def _n(s: Scenario) -> float:
    return float(s.active_params_b) * 1e9


def training_run_flops(s: Scenario, at: str = "") -> float:
    """One training run of the scenario's first model: 6 N D [FLOP]."""
    return float(compute.training_flops(_n(s), float(s.train_tokens_t) * 1e12))


def training_run_gpu_hours(s: Scenario, at: str = "") -> float:
    """Accelerator-hours of one run on the scenario's training accelerator at
    the size-aware whole-run MFU [accelerator-hours]."""
    mfu = compute.whole_run_mfu(_n(s), float(s.training_mfu_pct) / 100.0, training_run_flops(s))
    return compute.training_gpu_hours(
        _n(s), float(s.train_tokens_t) * 1e12, s.training_accelerator, mfu=float(mfu)
    )


def serving_output_tokens_per_s(s: Scenario, at: str = "") -> float:
    """Output tokens/s of one replica of one accelerator serving the scenario's
    first model at its precision, tokens per request and latency targets
    (0 = none) [tokens/s]. The KV cache per token is stored as the engine
    stores it (``kv_kib_per_token`` is BF16; FP8 serving halves it)."""
    n = _n(s)
    kv_ref = float(s.kv_kib_per_token) * 1024.0
    kv = float(serving.kv_bytes_per_token(n, s.inference_precision, kv_ref, n)) if kv_ref else None
    r = serving.serving_throughput(
        s.inference_accelerator,
        s.inference_precision,
        n,
        n * float(s.total_to_active_params),
        float(s.input_tokens_per_request),
        float(s.output_tokens_per_request),
        float(s.ttft_target_ms) or None,
        float(s.tpot_target_ms) or None,
        float(s.prefix_cache_hit_pct),
        kv,
        replica_accelerators=1,
        eta_bandwidth=float(s.decode_bandwidth_efficiency_pct) / 100.0,
        eta_decode_compute=float(s.decode_compute_efficiency_pct) / 100.0,
        eta_prefill=float(s.prefill_compute_efficiency_pct) / 100.0,
    )
    return r.output_tokens_per_s


def monthly_tokens(s: Scenario, at: str) -> float:
    """Input plus output tokens of all requests in month ``at`` [tokens per month]."""
    return _monthly(s, "tokens", at)


def tokens_in_period(s: Scenario, at: str) -> float:
    """Tokens summed over the months of ``at`` [tokens]."""
    return _period(s, "tokens", at)


def tokens_growth_yoy(s: Scenario, at: str) -> float:
    """Tokens over the months of ``at`` against the same months a year earlier [x]."""
    before = _year_before(at)
    try:
        earlier = _period(s, "tokens", before)
    except ValueError:
        raise ValueError(
            f"at: the year before ({before.replace('..', ' to ')}) is outside the plan, "
            f"which starts in {s.start_year}"
        ) from None
    now = _period(s, "tokens", at)
    if earlier <= 0:
        raise ValueError(f"at: no tokens in {before.replace('..', ' to ')} to grow from")
    return now / earlier


def annual_inference_share_pct(s: Scenario, at: str) -> float:
    """Inference spend over total spend in year ``at`` [%]."""
    return _annual(s, "inference_share", at) * 100.0


def annual_total_spend_usd(s: Scenario, at: str) -> float:
    """Training plus inference spend in year ``at`` [USD]."""
    return _annual(s, "total_spend_usd", at)


def requests_per_day(s: Scenario, at: str) -> float:
    """Requests in month ``at`` over the days of that month [requests per day]."""
    days = pd.Period(at, freq="M").days_in_month
    return _monthly(s, "requests", at) / days


def energy_wh_per_request(s: Scenario, at: str) -> float:
    """Facility energy of serving one data-centre request in month ``at`` [Wh]:
    the busy accelerator-hours' share of the inference energy (TDP x PUE, an
    upper bound). Capacity kept idle for the peaks is left out, as a published
    per-query figure leaves it."""
    dc_requests = _monthly(s, "requests", at) * (1.0 - float(s.edge_share_pct) / 100.0)
    if dc_requests <= 0:
        raise ValueError(f"at: no data-centre requests in {units.month(at)}")
    paid = _monthly(s, "inference_gpu_hours", at)
    busy = _monthly(s, "inference_busy_gpu_hours", at) / paid if paid > 0 else 1.0
    return _monthly(s, "inference_energy_mwh", at) * busy * 1e6 / dc_requests


#: Model quantity name -> (label, unit, function(scenario, at) -> float).
QUANTITIES: dict[str, Quantity] = {
    "training_run_flops": Quantity("Training run compute", "FLOP", training_run_flops),
    "training_run_gpu_hours": Quantity(
        "Training run accelerator time", "accelerator-hours", training_run_gpu_hours
    ),
    "serving_output_tokens_per_s": Quantity(
        "Output tokens/s of one accelerator", "output tokens/s", serving_output_tokens_per_s
    ),
    "monthly_tokens": Quantity("Tokens in a month", "tokens per month", monthly_tokens),
    "tokens_in_period": Quantity("Tokens in a period", "tokens", tokens_in_period),
    "tokens_growth_yoy": Quantity("Token growth on a year earlier", "x", tokens_growth_yoy),
    "annual_inference_share_pct": Quantity(
        "Inference share of a year's spend", "%", annual_inference_share_pct
    ),
    "annual_total_spend_usd": Quantity("Compute spend in a year", "USD", annual_total_spend_usd),
    "requests_per_day": Quantity("Requests per day", "requests per day", requests_per_day),
    "energy_wh_per_request": Quantity("Energy per request", "Wh", energy_wh_per_request),
}

#: The form of ``at`` each quantity reads (a key of the forms: none, year, month, range).
AT_FORM: dict[str, str] = {
    "training_run_flops": "none",
    "training_run_gpu_hours": "none",
    "serving_output_tokens_per_s": "none",
    "monthly_tokens": "month",
    "tokens_in_period": "range",
    "tokens_growth_yoy": "range",
    "annual_inference_share_pct": "year",
    "annual_total_spend_usd": "year",
    "requests_per_day": "month",
    "energy_wh_per_request": "month",
}


def _short(x: float, digits: int = 3) -> str:
    """Three significant digits with a suffix: 1.46e6 -> "1.46M", 9.7e12 -> "9.7T"."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= scale:
            return f"{x / scale:.{digits}g}{suffix}"
    return f"{x:,.{digits}g}"


def format_quantity(output: str, value: float) -> str:
    """``value`` of model quantity ``output`` for people: "3.14e23 FLOP",
    "1.46M hours", "2,909 tokens/s", "29%", "$7.0B"; "n/a" when missing."""
    if value is None or not math.isfinite(value):
        return "n/a"
    formats: dict[str, Callable[[float], str]] = {
        "training_run_flops": lambda v: f"{v:.3g}".replace("e+", "e") + " FLOP",
        "training_run_gpu_hours": lambda v: f"{_short(v)} hours",
        "serving_output_tokens_per_s": lambda v: units.count(v, "tokens/s"),
        "monthly_tokens": lambda v: f"{_short(v)} tokens",
        "tokens_in_period": lambda v: f"{_short(v)} tokens",
        "tokens_growth_yoy": lambda v: f"{_short(v, 2)}x",
        "annual_inference_share_pct": lambda v: units.percent(v / 100.0),
        "annual_total_spend_usd": units.money,
        "requests_per_day": lambda v: f"{_short(v)} a day",
        "energy_wh_per_request": lambda v: f"{_short(v)} Wh",
    }
    return formats[output](float(value))

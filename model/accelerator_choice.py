"""Which accelerator? Every catalog accelerator side by side for one scenario.

:func:`compare_accelerators` re-projects the scenario once per catalog
accelerator (the same demand, model, latency targets and prices; only
``inference_accelerator``, and where the chip lacks it
``inference_precision``, change) and puts the answers in one table: whether
the plan fits the chip, the serving figures of the engine's first month (the
model in service at the start, with the first year's tokens per request:
replica size, batch, latencies, tokens/s, achieved MFU), and, for one year,
the average fleet, dollars and energy per million data-centre tokens.
The row with the lowest dollars per token among the chips that fit and meet
the targets is marked ``cheapest``.

Prices: each chip costs its catalog list price relative to the reference
accelerator (:func:`model.catalog.price_ratio`) times the scenario's
``gpu_hour_price_usd``; as in the engine, each year's accelerators rent at
that price and do ``price_performance_gain_pct_per_year`` more work a year.
The "Hardware price" lever scales every row alike and never reorders them.

Pure: no Streamlit. Fourteen projections of a few milliseconds each.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from model import demand, units
from model.catalog import PRECISIONS, Accelerator, accelerator, accelerator_names, price_ratio
from model.engine import Projection, project
from model.scenario import Scenario
from model.serving import kv_bytes_per_token, serving_throughput

__all__ = [
    "COLUMNS",
    "STATUSES",
    "cheapest_sentence",
    "compare_accelerators",
    "serving_precision",
    "targets_text",
]

#: The columns of :func:`compare_accelerators`, in order, with their meaning and unit.
COLUMNS: dict[str, str] = {
    "accelerator": "Catalog name",
    "current": "The scenario's own inference accelerator",
    "precision": "Serving precision used",
    "precision_fallback": "True where the chip lacks the scenario's precision and serves at its best one",
    "fits": "The whole plan's served models fit the chip (project() gives a plan)",
    "meets_targets": "Every month meets the TTFT and TPOT targets (NA where the plan does not fit)",
    "cheapest": "The lowest $ per 1M tokens among the rows that fit and meet the targets",
    "status": "One of STATUSES: the pick, a candidate, a chip that misses the targets or does not fit",
    "replica_accelerators": "Accelerators per replica, first month [-]",
    "batch": "Decode batch, first month [sequences]",
    "ttft_ms": "Time to first token, first month [ms]",
    "tpot_ms": "Time per output token, first month [ms]",
    "output_tokens_per_s_per_accelerator": "Output tokens/s per accelerator, first month [1/s]",
    "achieved_mfu": "Achieved model FLOPs utilisation, first month [-]",
    "price_usd_per_hour": "Price of one accelerator-hour at the start of the plan [USD]",
    "inference_fleet": "Average provisioned inference fleet in the year [that chip, counted in the year's accelerators]",
    "cost_per_million_tokens_usd": "Inference spend per 1M data-centre tokens in the year [USD]",
    "energy_kwh_per_million_tokens": "Inference energy per 1M data-centre tokens in the year [kWh]",
    "why_not": "Why the row cannot be the pick: the named misfit, or when it misses the targets",
}

#: The values of the ``status`` column, from the pick to the rows that cannot be one.
STATUSES = ("cheapest", "meets targets", "misses targets", "does not fit")

#: Precisions from the widest to the most compact (bytes per parameter 2, 1, 0.5).
_BY_WIDTH = tuple(PRECISIONS)

#: Tolerance on a latency target, as in the engine's summary (rounding).
_TARGET_TOLERANCE = 1.001


def serving_precision(chip: Accelerator | str, wanted: str) -> tuple[str, bool]:
    """The precision ``chip`` serves at when the scenario asks for ``wanted``.

    ``wanted`` where the chip supports it; else the chip's best supported
    precision no more compact than ``wanted`` (fp4 on an H100 serves at fp8,
    fp8 on an A100 at bf16), else its most compact one.

    Returns
    -------
    (precision, fallback) : tuple of str and bool
        ``fallback`` is True when the precision is not ``wanted``.
    """
    acc = chip if isinstance(chip, Accelerator) else accelerator(chip)
    if acc.supports(wanted):
        return wanted, False
    rank = _BY_WIDTH.index(wanted) if wanted in _BY_WIDTH else len(_BY_WIDTH)
    supported = [p for p in _BY_WIDTH if acc.supports(p)]
    wider = [p for p in supported if _BY_WIDTH.index(p) <= rank]
    return (wider or supported)[-1], True


def _plan_years(scenario: Scenario) -> list[int]:
    return list(range(scenario.start_year, scenario.start_year + scenario.horizon_years))


def _check_year(scenario: Scenario, year: int | None) -> int:
    years = _plan_years(scenario)
    if year is None:
        return years[-1]
    if isinstance(year, bool) or int(year) != year or int(year) not in years:
        raise ValueError(f"year: {year} is outside the plan ({years[0]} to {years[-1]})")
    return int(year)


def _start_serving(s: Scenario, chip: Accelerator) -> dict[str, Any]:
    """Serving figures of the engine's first month: the model generation in
    service at the start (generation 0: run 1's model is never ready in month
    0) with the first year's tokens per request (the engine profiles each
    year at its mid-point), mapped from the scenario's inputs as
    :func:`model.engine.columns` maps them. NaN where it does not fit."""
    n0 = s.active_params_b * 1e9
    tok_in, tok_out = demand.tokens_per_request(
        demand.MID_YEAR,  # the first year's, as the engine takes its serving figures
        0,
        s.input_tokens_per_request,
        s.output_tokens_per_request,
        s.input_tokens_growth_pct_per_year,
        s.output_tokens_growth_pct_per_year,
        s.output_tokens_uplift_per_generation,
    )
    kv_ref = s.kv_kib_per_token * 1024.0
    kv = (
        kv_bytes_per_token(n0, s.inference_precision, kv_ref, n0)
        if kv_ref > 0
        else kv_bytes_per_token(n0, s.inference_precision)
    )
    try:
        r = serving_throughput(
            chip,
            s.inference_precision,
            n0,
            n0 * s.total_to_active_params,
            float(tok_in),
            float(tok_out),
            ttft_target_ms=s.ttft_target_ms or None,
            tpot_target_ms=s.tpot_target_ms or None,
            prefix_cache_hit_pct=s.prefix_cache_hit_pct,
            kv_bytes_per_token=float(kv),
            eta_bandwidth=s.decode_bandwidth_efficiency_pct / 100.0,
            eta_decode_compute=s.decode_compute_efficiency_pct / 100.0,
            eta_prefill=s.prefill_compute_efficiency_pct / 100.0,
        )
    except ValueError:
        return dict(_NO_SERVING)
    return {
        "replica_accelerators": r.replica_accelerators,
        "batch": r.batch,
        "ttft_ms": r.ttft_ms,
        "tpot_ms": r.tpot_ms,
        "output_tokens_per_s_per_accelerator": r.output_tokens_per_s_per_accelerator,
        "achieved_mfu": r.achieved_mfu,
    }


#: The serving figures of a row whose starting model does not fit.
_NO_SERVING: dict[str, Any] = {
    "replica_accelerators": pd.NA,
    "batch": pd.NA,
    "ttft_ms": math.nan,
    "tpot_ms": math.nan,
    "output_tokens_per_s_per_accelerator": math.nan,
    "achieved_mfu": math.nan,
}


def _ms(x: float) -> str:
    """Milliseconds for people: 10.4 ms, 58 ms, 6,000 ms."""
    return f"{x:,.1f} ms".replace(".0 ms", " ms") if x < 100 else f"{x:,.0f} ms"


def _missed_targets(s: Scenario, proj: Projection) -> str:
    """ "" when every month meets the targets, else when and by how much it first misses."""
    m = proj.monthly
    missed = np.zeros(len(m), dtype=bool)
    parts: list[tuple[str, str, float]] = []
    for column, name, target in (
        ("serving_ttft_ms", "TTFT", s.ttft_target_ms),
        ("serving_tpot_ms", "TPOT", s.tpot_target_ms),
    ):
        if target and target > 0:
            over = m[column].to_numpy(dtype=float) > target * _TARGET_TOLERANCE
            missed |= over
            parts.append((column, name, target))
    if not missed.any():
        return ""
    i = int(np.flatnonzero(missed)[0])
    row = m.iloc[i]
    over = [
        f"{name} {_ms(row[column])} > {_ms(target)}"
        for column, name, target in parts
        if row[column] > target * _TARGET_TOLERANCE
    ]
    when = units.month(units.month_label(s.start_year, i))
    grown = " as the served model and its requests grow" if i > 0 else ""
    return f"Misses the latency targets from {when}{grown} ({'; '.join(over)})."


def _year_figures(proj: Projection, year: int) -> dict[str, float]:
    m = proj.monthly
    in_year = m["year"].to_numpy() == year
    spend = float(m["inference_spend_usd"].to_numpy()[in_year].sum())
    tokens = float(m["dc_tokens"].to_numpy()[in_year].sum())
    energy_mwh = float(m["inference_energy_mwh"].to_numpy()[in_year].sum())
    fleet = float(m["inference_fleet_gpus"].to_numpy()[in_year].mean())
    per_m = 1e6 / tokens if tokens > 0 else math.nan
    return {
        "inference_fleet": fleet,
        "cost_per_million_tokens_usd": spend * per_m,
        "energy_kwh_per_million_tokens": energy_mwh * 1000.0 * per_m,
    }


def compare_accelerators(scenario: Scenario, year: int | None = None) -> pd.DataFrame:
    """Every catalog accelerator serving ``scenario``, one row each, in catalog order.

    Parameters
    ----------
    scenario : Scenario
        The plan; each row projects it with ``inference_accelerator`` set to
        that chip (and ``inference_precision`` to :func:`serving_precision`).
    year : int, optional
        Calendar year of the fleet, cost and energy figures; default the
        plan's final year.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`. Serving figures are those of the
        engine's first month (the starting model, with the first year's
        tokens per request); fleet, $ and kWh per 1M
        tokens are the year's (the same definitions as the engine's
        ``inference_fleet_gpus`` and ``cost_per_million_tokens_usd``). A row
        whose plan does not fit has NaN year figures, ``meets_targets`` NA
        and the model's named message in ``why_not``; its serving figures
        are still given where the starting model fits. ``attrs`` holds
        ``year``, ``ttft_target_ms`` and ``tpot_target_ms`` (0: none).

    Raises
    ------
    ValueError
        ``year`` outside the plan.
    """
    year = _check_year(scenario, year)
    rows = []
    for name in accelerator_names():
        chip = accelerator(name)
        precision, fallback = serving_precision(chip, scenario.inference_precision)
        row: dict[str, Any] = {
            "accelerator": name,
            "current": name == scenario.inference_accelerator,
            "precision": precision,
            "precision_fallback": fallback,
            "fits": False,
            "meets_targets": pd.NA,
            "cheapest": False,
            "price_usd_per_hour": scenario.gpu_hour_price_usd * price_ratio(name),
            "inference_fleet": math.nan,
            "cost_per_million_tokens_usd": math.nan,
            "energy_kwh_per_million_tokens": math.nan,
            "why_not": "",
        }
        try:
            s = scenario.replace(inference_accelerator=name, inference_precision=precision)
        except ValueError as exc:
            row.update(_NO_SERVING, why_not=str(exc))
            rows.append(row)
            continue
        row.update(_start_serving(s, chip))
        try:
            proj = project(s)
        except ValueError as exc:
            row["why_not"] = str(exc)
        else:
            missed = _missed_targets(s, proj)
            row.update(_year_figures(proj, year), fits=True, meets_targets=not missed)
            row["why_not"] = missed
        rows.append(row)

    df = pd.DataFrame(rows)
    for column in ("replica_accelerators", "batch"):
        df[column] = pd.array(df[column].tolist(), dtype="Int64")
    df["meets_targets"] = pd.array(df["meets_targets"].tolist(), dtype="boolean")
    meets = df["meets_targets"].fillna(False).astype(bool)
    candidates = (
        df["fits"] & meets & np.isfinite(df["cost_per_million_tokens_usd"].to_numpy(dtype=float))
    )
    if candidates.any():
        df.loc[df.loc[candidates, "cost_per_million_tokens_usd"].idxmin(), "cheapest"] = True
    df["status"] = np.where(
        ~df["fits"],
        STATUSES[3],
        np.where(df["cheapest"], STATUSES[0], np.where(meets, STATUSES[1], STATUSES[2])),
    )
    df = df[list(COLUMNS)]
    df.attrs = {
        "year": year,
        "ttft_target_ms": float(scenario.ttft_target_ms),
        "tpot_target_ms": float(scenario.tpot_target_ms),
    }
    return df


def targets_text(ttft_target_ms: float, tpot_target_ms: float) -> str:
    """The latency targets in words: "the 450 ms / 40 ms targets" (TTFT / TPOT),
    "the 40 ms TPOT target", or "no latency targets"."""
    ttft = ttft_target_ms if ttft_target_ms and ttft_target_ms > 0 else 0.0
    tpot = tpot_target_ms if tpot_target_ms and tpot_target_ms > 0 else 0.0
    if ttft and tpot:
        return f"the {_ms(ttft)} / {_ms(tpot)} targets"
    if ttft:
        return f"the {_ms(ttft)} TTFT target"
    if tpot:
        return f"the {_ms(tpot)} TPOT target"
    return "no latency targets"


def cheapest_sentence(table: pd.DataFrame) -> str:
    """One sentence naming the cheapest row of :func:`compare_accelerators`:
    "Cheapest that meets the 450 ms / 40 ms targets in 2031: H200 SXM at
    $0.12 per 1M tokens." (plain text, no markdown)."""
    a = table.attrs
    targets = targets_text(a.get("ttft_target_ms", 0.0), a.get("tpot_target_ms", 0.0))
    year = a.get("year")
    picked = table[table["cheapest"]]
    if picked.empty:
        if not table["fits"].any():
            return "No accelerator in the catalog can hold every model this plan serves."
        if (table["status"] == STATUSES[1]).any():
            return f"No data-centre tokens in {year}: every request runs on users' devices."
        return f"No accelerator in the catalog meets {targets} with this model through the plan."
    row = picked.iloc[0]
    lead = (
        "Cheapest with no latency targets"
        if targets == "no latency targets"
        else f"Cheapest that meets {targets}"
    )
    return (
        f"{lead} in {year}: {row['accelerator']} at "
        f"{units.money(row['cost_per_million_tokens_usd'])} per 1M tokens."
    )

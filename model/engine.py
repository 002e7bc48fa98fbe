"""project(scenario) -> Projection: the month-by-month engine.

Monthly steps m = 0..M-1 from January of ``start_year``; t = m / 12 years.
The formulas are documented on the Methodology page (app_pages/methodology.py)
and summarised in the README; each lives in demand.py, compute.py or costs.py
with its reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from model import compute, costs, demand, fleet, outputs, roofline, serving, units
from model.catalog import accelerator, price_ratio
from model.scenario import Scenario
from model.summary import Summary, inference_ahead, summarise, trailing_sum

__all__ = [
    "Projection",
    "Summary",
    "annualise",
    "columns",
    "inference_ahead",
    "project",
    "trailing_sum",
]


@dataclass(frozen=True)
class Projection:
    """What :func:`project` returns.

    Attributes
    ----------
    scenario : Scenario
    monthly : pandas.DataFrame
        One row per month (column ``month`` is the first day of the month).
    annual : pandas.DataFrame
        One row per calendar year (column ``year``): flows summed, fleets and users averaged,
        cost per million tokens recomputed from the year's totals.
    summary : Summary
        Headline results and the crossover story (see :func:`model.summary.summarise`);
        ``summary.to_dict()`` is JSON-safe.
    """

    scenario: Scenario
    monthly: pd.DataFrame
    annual: pd.DataFrame
    summary: Summary


def project(scenario: Scenario) -> Projection:
    """Project training and inference compute, spend, fleet, energy and carbon.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    Projection
    """
    cols = columns(scenario)
    annual = annualise(cols, scenario.start_year, scenario.horizon_years)
    summary = summarise(cols, annual, (scenario.ttft_target_ms, scenario.tpot_target_ms))
    return Projection(scenario, pd.DataFrame(cols), pd.DataFrame(annual), summary)


def columns(s: Any, spend_only: bool = False, on_misfit: str = "raise") -> dict[str, Any]:
    """The monthly columns of a projection of ``s``.

    ``s`` is a Scenario, or any object with the same attributes where numeric
    parameters may be arrays of shape (draws, 1): every formula broadcasts,
    so :mod:`model.uncertainty` runs thousands of draws in one call. The
    calendar, schedule and accelerator parameters must stay scalars.
    ``spend_only`` stops after the spend columns (what a simulation needs).
    ``on_misfit="flag"`` gives NaN inference figures, instead of a ValueError,
    where a draw's model outgrows the accelerator.

    Returns
    -------
    dict
        Column name -> array of shape (months,) or (draws, months).
    """
    months = s.horizon_years * 12
    m = np.arange(months)
    t = m / 12.0
    dates, days = _calendar(s.start_year, months)
    hours_in_month = days * 24.0

    # Training schedule and the model generation in service
    n0 = s.active_params_b * 1e9
    tokens0 = s.train_tokens_t * 1e12
    schedule = (s.retrain_every_months, s.training_run_months, s.generation_compute_growth)
    run0 = compute.training_flops(n0, tokens0)
    generation = compute.generation_in_service(months, *schedule[:2])
    # Each run's whole-run MFU follows its model's size (model.compute.whole_run_mfu):
    # the schedule of FLOP / MFU gives accelerator-hours at full peak.
    runs = np.arange(compute.run_count(months, s.retrain_every_months))
    n_runs = n0 * s.generation_compute_growth ** (runs * s.params_share_of_growth)
    run_flops = run0 * s.generation_compute_growth**runs
    mfu_runs = compute.whole_run_mfu(n_runs, s.training_mfu_pct / 100.0, run_flops)
    at_peak = sum(
        compute.training_schedule(
            months, run0, *schedule, s.continuous_training_pct, per_run=1.0 / mfu_runs
        )[:2]
    )

    # Demand: users, requests, and tokens per request that grow with context,
    # reasoning and each new generation.
    users = demand.active_users(
        t, s.addressable_users, s.adoption_peak_pct, s.initial_adoption_pct, s.bass_p, s.bass_q
    )
    reqs = demand.requests(t, users, s.requests_per_user_per_day, s.usage_growth_pct_per_year, days)
    tok_in, tok_out = _tokens_per_request(s, t, generation)
    edge = s.edge_share_pct / 100.0

    # Inference: the served model grows by generation; serving physics turns a
    # request into accelerator-seconds (model.serving); efficiency gains
    # (distillation, quantisation, software) shrink both FLOPs and time.
    efficiency = (1.0 - s.efficiency_gain_pct_per_year / 100.0) ** t

    inf_acc = accelerator(s.inference_accelerator)
    train_acc = accelerator(s.training_accelerator)
    # The serving profile is computed for each (generation, year) in the
    # horizon, with the year's mid-point tokens per request; a month's
    # accelerator-seconds scale with its own tokens.
    pairs, key = np.unique(generation * s.horizon_years + m // 12, return_inverse=True)
    pair_gen, pair_year = pairs // s.horizon_years, pairs % s.horizon_years
    grid_in, grid_out = _tokens_per_request(s, pair_year + demand.MID_YEAR, pair_gen)
    served = _serving(s, n0, pair_gen, grid_in, grid_out, inf_acc, key, on_misfit, spend_only)
    grid_tokens = grid_in + grid_out
    with np.errstate(divide="ignore", invalid="ignore"):  # no tokens: no serving time
        per_token = np.where(
            grid_tokens > 0, served.accelerator_seconds_per_request / grid_tokens, 0.0
        )
    acc_seconds = per_token[..., key] * (tok_in + tok_out)
    # Hours in equivalents of today's chosen accelerator; each year's
    # accelerators do (1 + gain)^t the work at the same hourly price, so the
    # hours and fleets counted below (of the year's generation) fall with t.
    inf_busy_eq = reqs * (1.0 - edge) * acc_seconds * efficiency / 3600.0
    provision = compute.provisioning_factor(s.peak_to_average, s.autoscaling_pct)
    train_eq = compute.gpu_hours(at_peak, train_acc.peak_flops_per_s("bf16"), 1.0)

    gain = s.price_performance_gain_pct_per_year
    newer = costs.price_decline(t, gain)
    inf_price = s.gpu_hour_price_usd * price_ratio(inf_acc.name)
    train_price = s.gpu_hour_price_usd * price_ratio(train_acc.name)
    inf_spend = costs.spend(inf_busy_eq * provision, inf_price, t, gain, newer)
    train_spend = costs.spend(train_eq, train_price, t, gain, newer)
    cap = _training_cap(s, train_spend, inf_spend, months)
    train_spend = train_spend * cap
    train_eq = train_eq * cap
    # How capacity is paid for (model.fleet): all on demand, spend is the rental
    # above, exactly; otherwise each stream's P&L or cash cost under the strategy.
    rented = fleet.is_all_on_demand(s)
    if spend_only and rented:
        return {"training_spend_usd": train_spend, "inference_spend_usd": inf_spend}
    paying = _fleet(s, inf_busy_eq * provision, train_eq, hours_in_month, newer, inf_acc, train_acc)
    if not rented:
        view = "pnl_cost_usd" if s.spend_view == "P&L" else "cash_cost_usd"
        inf_spend, train_spend = paying["inference"][view], paying["training"][view]
    if spend_only:
        return {"training_spend_usd": train_spend, "inference_spend_usd": inf_spend}
    # What the spend needs is above; the FLOPs, fleets and energy below are
    # figures for the tables only (a simulation or a fit skips them).
    pretrain, continuous, _ = compute.training_schedule(
        months, run0, *schedule, s.continuous_training_pct
    )
    train_flops = (pretrain + continuous) * cap
    tokens = reqs * (tok_in + tok_out)
    n_served = n0 * s.generation_compute_growth ** (generation * s.params_share_of_growth)
    flops_per_token = compute.inference_flops(n_served, 1.0) * efficiency
    dc_tokens = tokens * (1.0 - edge)
    inf_flops = flops_per_token * dc_tokens
    edge_flops = flops_per_token * tokens * edge
    inf_busy = inf_busy_eq / newer
    inf_hours = inf_busy * provision
    train_hours = train_eq / newer
    # Energy per FLOP falls as accelerators get more efficient (Epoch AI).
    frugal = costs.price_decline(t, s.energy_efficiency_gain_pct_per_year)
    inf_energy = costs.energy_mwh(inf_busy_eq * provision, inf_acc.tdp_w, s.pue) / frugal
    train_energy = costs.energy_mwh(train_eq, train_acc.tdp_w, s.pue) / frugal
    energy = inf_energy + train_energy

    with np.errstate(divide="ignore", invalid="ignore"):
        cost_per_mtok = np.where(dc_tokens > 0, inf_spend / dc_tokens * 1e6, np.nan)

    cols = {
        "month": dates,
        "year": s.start_year + m // 12,
        "model_generation": generation,
        "served_params_b": n_served / 1e9,
        "active_users": users,
        "requests": reqs,
        "tokens": tokens,
        "input_tokens_per_request": tok_in,
        "output_tokens_per_request": tok_out,
        "dc_tokens": dc_tokens,
        "training_flops": train_flops,
        "inference_flops": inf_flops,
        "edge_flops": edge_flops,
        "training_gpu_hours": train_hours,
        "inference_busy_gpu_hours": inf_busy,
        "inference_gpu_hours": inf_hours,
        "training_fleet_gpus": train_hours / hours_in_month,
        "inference_busy_fleet_gpus": inf_busy / hours_in_month,
        "inference_peak_capacity_gpus": inf_busy / hours_in_month * s.peak_to_average,
        "inference_fleet_gpus": inf_hours / hours_in_month,
        "replica_accelerators": served.replica_accelerators[..., key],
        "serving_batch": served.batch[..., key],
        "serving_ttft_ms": served.ttft_ms[..., key],
        "serving_tpot_ms": served.tpot_ms[..., key],
        "inference_achieved_mfu": served.achieved_mfu[..., key],
        "training_spend_usd": train_spend,
        "inference_spend_usd": inf_spend,
        "total_spend_usd": train_spend + inf_spend,
        "training_energy_mwh": train_energy,
        "inference_energy_mwh": inf_energy,
        "energy_mwh": energy,
        "co2_t": costs.co2_tonnes(energy, s.grid_gco2_per_kwh),
        "cost_per_million_tokens_usd": cost_per_mtok,
    }
    for name in fleet.STREAM_COLUMNS:
        cols[name] = paying["inference"][name] + paying["training"][name]
        if name == "accelerators_bought":  # and by stream: the purchase schedule names each chip
            for stream in ("inference", "training"):
                cols[f"{stream}_accelerators_bought"] = paying[stream][name]
    return cols


def _fleet(
    s: Any,
    inf_hours_eq: Any,
    train_hours_eq: Any,
    hours: np.ndarray,
    newer: np.ndarray,
    inf_acc: Any,
    train_acc: Any,
) -> dict[str, dict[str, np.ndarray]]:
    """Each stream's capacity and costs under the scenario's strategy
    (:func:`model.fleet.stream`); demand is the paid accelerator-hours in
    equivalents of today's accelerator, over the hours of the month."""
    out = {}
    for name, eq_hours, chip in (
        ("inference", inf_hours_eq, inf_acc),
        ("training", train_hours_eq, train_acc),
    ):
        out[name] = fleet.stream(
            np.asarray(eq_hours) / hours,
            hours,
            newer,
            fleet.economics(chip.name, s),
            getattr(s, f"{name}_owned_pct"),
            getattr(s, f"{name}_reserved_pct"),
            s.target_utilisation_pct,
            int(s.reservation_term_months),
        )
    return out


def _tokens_per_request(s: Any, t: Any, generation: Any) -> tuple[np.ndarray, np.ndarray]:
    """Input and output tokens per request of ``s`` at ``t`` [yr] under ``generation``."""
    return demand.tokens_per_request(
        t,
        generation,
        s.input_tokens_per_request,
        s.output_tokens_per_request,
        s.input_tokens_growth_pct_per_year,
        s.output_tokens_growth_pct_per_year,
        s.output_tokens_uplift_per_generation,
    )


def _training_cap(s: Any, train_spend: Any, inf_spend: Any, months: int) -> np.ndarray | float:
    """Factor on each month's training (<= 1) that keeps every calendar year's
    training spend within ``training_spend_cap_x`` x that year's inference
    spend; 1 where there is no cap (0) or the year is within it."""
    cap_x = np.asarray(s.training_spend_cap_x, dtype=float)
    if not np.any(cap_x > 0):
        return 1.0
    years = months // 12
    train = np.asarray(train_spend, dtype=float)
    by_year = train.reshape(*train.shape[:-1], years, 12).sum(axis=-1)
    inf_year = np.asarray(inf_spend, dtype=float).reshape(*train.shape[:-1], years, 12).sum(axis=-1)
    limit = cap_x * inf_year
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where((cap_x > 0) & (by_year > limit), limit / by_year, 1.0)
    return np.repeat(factor, 12, axis=-1)


def _serving(
    s: Any,
    n0: Any,
    pair_gen: np.ndarray,
    input_tokens: Any,
    output_tokens: Any,
    chip: Any,
    key: np.ndarray,
    on_misfit: str = "raise",
    seconds_only: bool = False,
) -> serving.ServingProfile | SimpleNamespace:
    """The serving profile of each (generation, year) pair in the horizon
    (last axis), with that pair's tokens per request: few distinct pairs, so
    the roofline runs per pair, not per month. ``key`` maps months to pairs.
    ``seconds_only``: only ``accelerator_seconds_per_request`` and ``fits``
    (the same values, for the spend alone; :func:`model.roofline.accelerator_seconds`).

    Raises ValueError naming the model size, precision and accelerator, and
    the month the model outgrows it, when a pair does not fit the largest
    replica allowed.
    """
    n_gen = n0 * s.generation_compute_growth ** (pair_gen * s.params_share_of_growth)
    kv_ref = np.asarray(s.kv_kib_per_token, dtype=float) * 1024.0
    if np.any(kv_ref > 0):
        scaled = serving.kv_bytes_per_token(n_gen, s.inference_precision, kv_ref, n0)
        default = serving.kv_bytes_per_token(n_gen, s.inference_precision)
        kv = np.where(kv_ref > 0, scaled, default)
    else:
        kv = serving.kv_bytes_per_token(n_gen, s.inference_precision)

    def profile(on_misfit: str, at: Any = slice(None), seconds_only: bool = False) -> Any:
        n = n_gen[..., at]
        run = roofline.accelerator_seconds if seconds_only else serving.serving_profile
        return run(
            chip,
            s.inference_precision,
            n,
            n * s.total_to_active_params,
            np.broadcast_to(input_tokens, np.shape(n_gen))[..., at],
            np.broadcast_to(output_tokens, np.shape(n_gen))[..., at],
            s.ttft_target_ms,
            s.tpot_target_ms,
            s.prefix_cache_hit_pct,
            np.broadcast_to(kv, np.shape(n_gen))[..., at],
            eta_bandwidth=s.decode_bandwidth_efficiency_pct / 100.0,
            eta_decode_compute=s.decode_compute_efficiency_pct / 100.0,
            eta_prefill=s.prefill_compute_efficiency_pct / 100.0,
            on_misfit=on_misfit,
        )

    if seconds_only:
        seconds, fits = profile("flag", seconds_only=True)
        served = SimpleNamespace(accelerator_seconds_per_request=seconds, fits=fits)
    else:
        served = profile("flag")
    misfit = ~np.asarray(served.fits, dtype=bool)
    if misfit.any() and on_misfit == "raise":
        first = int(np.flatnonzero(misfit.reshape(-1, misfit.shape[-1]).any(axis=0))[0])
        month = int(np.flatnonzero(key == first)[0])
        try:
            profile("raise", slice(first, first + 1))
        except ValueError as exc:
            if month == 0:
                raise
            when = units.month(units.month_label(s.start_year, month))
            raise ValueError(
                f"From {when} the model in service (generation {int(pair_gen[first])}, grown from "
                f"{float(np.max(n0)) / 1e9:,.0f}B active parameters, with its context then) "
                f"outgrows the accelerator. {exc}"
            ) from None
    return served


@lru_cache(maxsize=64)
def _calendar(start_year: int, months: int) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """First day of each month, and days in each month."""
    dates = pd.date_range(f"{start_year}-01-01", periods=months, freq="MS")
    days = dates.days_in_month.to_numpy(dtype=float)
    days.flags.writeable = False
    return dates, days


def annualise(cols: dict[str, Any], start_year: int, years: int) -> dict[str, np.ndarray]:
    """Aggregate the months into calendar years as each output declares
    (:data:`model.outputs.ANNUAL`): flows summed, stocks averaged, peaks
    taken, ratios recomputed from the year's totals. The horizon is whole years.
    """

    def by_year(name: str) -> np.ndarray:
        return np.asarray(cols[name], dtype=float).reshape(years, 12)

    annual: dict[str, np.ndarray] = {}
    for o in outputs.ANNUAL:
        if o.agg == "calendar":
            annual[o.name] = np.arange(start_year, start_year + years)
        elif o.agg == "sum":
            annual[o.name] = by_year(o.name).sum(axis=1)
        elif o.agg == "mean":
            annual[o.name] = by_year(o.name).mean(axis=1)
        elif o.agg == "peak":
            annual[o.name] = by_year(o.of[0]).max(axis=1)
        elif o.agg == "ratio":
            num, den = (by_year(c).sum(axis=1) for c in o.of)
            with np.errstate(divide="ignore", invalid="ignore"):
                annual[o.name] = np.where(den > 0, num / den * o.scale, np.nan)
        else:
            raise ValueError(f"{o.name}: no yearly aggregation {o.agg!r} for an annual column")
    return annual

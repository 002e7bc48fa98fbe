"""project(scenario) -> Projection: the month-by-month engine.

Monthly steps m = 0..M-1 from January of ``start_year``; t = m / 12 years.
The formulas are documented in DESIGN.md and on the methodology page; each
lives in demand.py, compute.py or costs.py with its reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from model import compute, costs, demand, units
from model.catalog import accelerator, price_ratio
from model.scenario import Scenario

#: Columns summed when months are aggregated into years; the rest are rates.
SUM_COLUMNS = (
    "requests",
    "tokens",
    "training_flops",
    "inference_flops",
    "edge_flops",
    "training_gpu_hours",
    "inference_gpu_hours",
    "training_spend_usd",
    "inference_spend_usd",
    "total_spend_usd",
    "training_energy_mwh",
    "inference_energy_mwh",
    "energy_mwh",
    "co2_t",
)


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
    summary : dict
        Headline results, JSON-safe (see :func:`summarise`).
    """

    scenario: Scenario
    monthly: pd.DataFrame
    annual: pd.DataFrame
    summary: dict[str, Any]


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
    summary = summarise(cols, annual)
    return Projection(scenario, pd.DataFrame(cols), pd.DataFrame(annual), summary)


def columns(s: Any, spend_only: bool = False) -> dict[str, Any]:
    """The monthly columns of a projection of ``s``.

    ``s`` is a Scenario, or any object with the same attributes where numeric
    parameters may be arrays of shape (draws, 1): every formula broadcasts,
    so :mod:`model.uncertainty` runs thousands of draws in one call. The
    calendar, schedule and accelerator parameters must stay scalars.
    ``spend_only`` stops after the spend columns (what a simulation needs).

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

    # Demand
    users = demand.active_users(
        t, s.addressable_users, s.adoption_peak_pct, s.initial_adoption_pct, s.bass_p, s.bass_q
    )
    reqs = demand.requests(t, users, s.requests_per_user_per_day, s.usage_growth_pct_per_year, days)
    tokens = reqs * (s.input_tokens_per_request + s.output_tokens_per_request)
    edge = s.edge_share_pct / 100.0

    # Training schedule and the model generation in service
    n0 = s.active_params_b * 1e9
    run0 = compute.training_flops(n0, s.train_tokens_t * 1e12)
    pretrain, continuous, generation = compute.training_schedule(
        months,
        run0,
        s.retrain_every_months,
        s.training_run_months,
        s.generation_compute_growth,
        s.continuous_training_pct,
    )
    train_flops = pretrain + continuous

    # Inference: 2 N per token, N growing by generation, shrinking by efficiency
    n_served = n0 * s.generation_compute_growth ** (generation * s.params_share_of_growth)
    efficiency = (1.0 - s.efficiency_gain_pct_per_year / 100.0) ** t
    flops_per_token = compute.inference_flops(n_served, 1.0) * efficiency
    dc_tokens = tokens * (1.0 - edge)
    inf_flops = flops_per_token * dc_tokens
    edge_flops = flops_per_token * tokens * edge

    inf_acc = accelerator(s.inference_accelerator)
    train_acc = accelerator(s.training_accelerator)
    inf_busy = compute.gpu_hours(
        inf_flops, inf_acc.peak_flops_per_s(s.inference_precision), s.inference_mfu_pct / 100.0
    )
    inf_hours = inf_busy * compute.provisioning_factor(s.peak_to_average, s.autoscaling_pct)
    train_hours = compute.gpu_hours(
        train_flops, train_acc.peak_flops_per_s("bf16"), s.training_mfu_pct / 100.0
    )

    gain = s.price_performance_gain_pct_per_year
    decline = costs.price_decline(t, gain)
    inf_price = s.gpu_hour_price_usd * price_ratio(inf_acc.name)
    train_price = s.gpu_hour_price_usd * price_ratio(train_acc.name)
    inf_spend = costs.spend(inf_hours, inf_price, t, gain, decline)
    train_spend = costs.spend(train_hours, train_price, t, gain, decline)
    if spend_only:
        return {"training_spend_usd": train_spend, "inference_spend_usd": inf_spend}
    inf_energy = costs.energy_mwh(inf_hours, inf_acc.tdp_w, s.pue)
    train_energy = costs.energy_mwh(train_hours, train_acc.tdp_w, s.pue)
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
        "dc_tokens": dc_tokens,
        "training_flops": train_flops,
        "inference_flops": inf_flops,
        "edge_flops": edge_flops,
        "training_gpu_hours": train_hours,
        "inference_gpu_hours": inf_hours,
        "training_fleet_gpus": train_hours / hours_in_month,
        "inference_fleet_gpus": inf_hours / hours_in_month,
        "training_spend_usd": train_spend,
        "inference_spend_usd": inf_spend,
        "total_spend_usd": train_spend + inf_spend,
        "training_energy_mwh": train_energy,
        "inference_energy_mwh": inf_energy,
        "energy_mwh": energy,
        "co2_t": costs.co2_tonnes(energy, s.grid_gco2_per_kwh),
        "cost_per_million_tokens_usd": cost_per_mtok,
    }
    return cols


@lru_cache(maxsize=64)
def _calendar(start_year: int, months: int) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """First day of each month, and days in each month."""
    dates = pd.date_range(f"{start_year}-01-01", periods=months, freq="MS")
    days = dates.days_in_month.to_numpy(dtype=float)
    days.flags.writeable = False
    return dates, days


def annualise(cols: dict[str, Any], start_year: int, years: int) -> dict[str, np.ndarray]:
    """Sum flows and average stocks by calendar year (the horizon is whole years)."""

    def by_year(name: str) -> np.ndarray:
        return np.asarray(cols[name], dtype=float).reshape(years, 12)

    annual: dict[str, np.ndarray] = {"year": np.arange(start_year, start_year + years)}
    for name in SUM_COLUMNS:
        annual[name] = by_year(name).sum(axis=1)
    for name in ("active_users", "training_fleet_gpus", "inference_fleet_gpus"):
        annual[name] = by_year(name).mean(axis=1)
    annual["peak_inference_fleet_gpus"] = by_year("inference_fleet_gpus").max(axis=1)
    dc = by_year("dc_tokens").sum(axis=1)
    total = annual["total_spend_usd"]
    with np.errstate(divide="ignore", invalid="ignore"):
        annual["cost_per_million_tokens_usd"] = np.where(
            dc > 0, annual["inference_spend_usd"] / dc * 1e6, np.nan
        )
        annual["inference_share"] = np.where(
            total > 0, annual["inference_spend_usd"] / total, np.nan
        )
    return annual


def _first(mask: np.ndarray) -> int | None:
    idx = np.flatnonzero(mask)
    return int(idx[0]) if idx.size else None


def trailing_sum(x: np.ndarray, window: int = 12) -> np.ndarray:
    """Sum over the last ``window`` months (the last axis), or since the start
    when shorter; works on one projection (months,) or many (draws, months).

    Each window is summed term by term, not as a difference of cumulative
    sums, which cancels to zero when spend falls by many orders of magnitude
    over the horizon.
    """
    x = np.asarray(x, dtype=float)
    out = x.copy()
    for k in range(1, window):
        out[..., k:] += x[..., :-k]
    return out


def inference_ahead(inference_spend: np.ndarray, training_spend: np.ndarray) -> np.ndarray:
    """The crossover rule, month by month: trailing-12-month inference spend is
    positive and at least training spend over the same window."""
    inf12, train12 = trailing_sum(inference_spend), trailing_sum(training_spend)
    return (inf12 >= train12) & (inf12 > 0)


def summarise(cols: dict[str, Any], annual: dict[str, np.ndarray]) -> dict[str, Any]:
    """Headline results of a projection, JSON-safe.

    ``crossover_month`` is the first month whose trailing 12-month inference
    spend (since the start, while fewer than 12 months have passed) reaches
    training spend over the same window; ``cumulative_crossover_month`` the
    first month whose cumulative inference spend reaches cumulative training
    spend; ``falls_behind_month`` the first month after the crossover in which
    inference is behind again. Months are "YYYY-MM" strings, None when it
    never happens.
    """
    inf = cols["inference_spend_usd"]
    train = cols["training_spend_usd"]
    ahead = inference_ahead(inf, train)
    cross = _first(ahead)
    cum_inf, cum_train = np.cumsum(inf), np.cumsum(train)
    cum_cross = _first((cum_inf >= cum_train) & (cum_inf > 0))
    start_year = int(cols["year"][0])

    def label(i: int | None) -> str | None:
        return None if i is None else units.month_label(start_year, i)

    stays = bool(ahead[cross:].all()) if cross is not None else False
    behind = None if cross is None or stays else cross + int(np.flatnonzero(~ahead[cross:])[0])
    total_train = float(train.sum())
    total_inf = float(inf.sum())
    cpm = cols["cost_per_million_tokens_usd"]
    return {
        "start_month": label(0),
        "end_month": label(len(inf) - 1),
        "crossover_month": label(cross),
        "crossover_index": cross,
        "cumulative_crossover_month": label(cum_cross),
        "inference_stays_ahead": stays,
        "falls_behind_month": label(behind),
        "already_ahead": cross == 0,
        "total_training_spend_usd": total_train,
        "total_inference_spend_usd": total_inf,
        "total_spend_usd": total_train + total_inf,
        "final_year": int(annual["year"][-1]),
        "inference_share_final_year": _float_or_none(annual["inference_share"][-1]),
        "peak_inference_fleet_gpus": float(cols["inference_fleet_gpus"].max()),
        "peak_training_fleet_gpus": float(cols["training_fleet_gpus"].max()),
        "cost_per_million_tokens_start_usd": _float_or_none(cpm[0]),
        "cost_per_million_tokens_end_usd": _float_or_none(cpm[-1]),
        "total_energy_mwh": float(cols["energy_mwh"].sum()),
        "total_co2_t": float(cols["co2_t"].sum()),
    }


def _float_or_none(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)

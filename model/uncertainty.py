"""Uncertainty: Monte Carlo over the inputs' ranges, one-at-a-time sensitivity, goal seek.

Each uncertain input is drawn from a *split normal* distribution whose 10th
and 90th percentiles are the scenario's range (:meth:`Scenario.ranges`) and
whose median is the scenario's value, so a skewed range ("half to double")
stays skewed; draws are clipped to the input's allowed range. Inputs are
drawn independently: correlated inputs (price and price-performance gain,
say) make the true spread wider or narrower than shown.

All draws run through :func:`model.engine.columns` at once, as arrays of
shape (draws, months): no Python loop per draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from model import units
from model.engine import columns, project
from model.parameters import BY_NAME
from model.scenario import Scenario
from model.summary import trailing_sum

#: Standard normal quantile at 0.9: P90 sits 1.2816 standard deviations above the median.
Z90 = 1.2815515655446004
PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class Simulation:
    """What :func:`simulate` returns.

    Attributes
    ----------
    monthly : pandas.DataFrame
        month, and P10/P50/P90 of training and inference spend [USD].
    annual : pandas.DataFrame
        year, and P10/P50/P90 of annual training, inference and total spend [USD].
    crossover : pandas.DataFrame
        month ("YYYY-MM", or "never"), share of draws whose crossover is then.
    probability_by_year : pandas.DataFrame
        year, probability that inference spend has overtaken training by the year's end.
    summary : dict
        draws, seed, P10/P50/P90 crossover month and total spend, P(never).
    """

    scenario: Scenario
    draws: int
    seed: int
    monthly: pd.DataFrame
    annual: pd.DataFrame
    crossover: pd.DataFrame
    probability_by_year: pd.DataFrame
    summary: dict[str, Any]


def draw(scenario: Scenario, draws: int, seed: int) -> SimpleNamespace:
    """The scenario with each uncertain input as an array of shape (draws, 1)."""
    rng = np.random.default_rng(seed)
    values: dict[str, Any] = scenario.params()
    for name, (p10, p90) in scenario.ranges().items():
        p = BY_NAME[name]
        median = float(values[name])
        z = rng.standard_normal((draws, 1))
        sd = np.where(z < 0, (median - p10) / Z90, (p90 - median) / Z90)
        values[name] = np.clip(median + z * sd, p.min, p.max)
    return SimpleNamespace(**values)


def _first_ahead(inf: np.ndarray, train: np.ndarray) -> np.ndarray:
    """Each draw's (row's) first month in which inference is ahead by the rule
    of :func:`model.summary.inference_ahead`, -1 for never.

    The same trailing 12-month sums, term by term in the same order, so the
    same figures; but taken month-major, where each term is one long
    contiguous add instead of one short add per draw.
    """
    inf12, train12 = (trailing_sum(np.ascontiguousarray(x.T), axis=0) for x in (inf, train))
    ahead = (inf12 >= train12) & (inf12 > 0)
    return np.where(ahead.any(axis=0), ahead.argmax(axis=0), -1)


def _pct(x: np.ndarray) -> list[np.ndarray]:
    """``np.percentile(x, PERCENTILES, axis=0)`` (linear interpolation): the
    same values, at about half the cost for many draws.

    The two order statistics each percentile interpolates between come from
    one partition per column (on the floats' order-preserving integer keys,
    cheaper to compare than floats, which must order NaN) and the minimum of
    the partition's next segment; numpy's own interpolation formula combines
    them. Arrays with NaN, or too few draws to matter, go to numpy.
    """
    n = x.shape[0]
    if n < 64 or np.isnan(x).any():
        return list(np.percentile(x, PERCENTILES, axis=0))
    # As np.percentile: the virtual index (n - 1) q, its floor and fraction.
    virtual = (n - 1) * np.true_divide(PERCENTILES, 100)
    below = np.floor(virtual).astype(np.intp)
    gamma = (virtual - below).reshape(-1, *(1,) * (x.ndim - 1))
    # One row of keys per column of x, so that each partition is contiguous.
    keys = _to_keys(np.array(np.moveaxis(x, 0, -1), dtype=np.float64, order="C"))
    keys.partition(below, axis=-1)
    ends = [*(below[1:] + 1), n]
    lower = keys[..., below]
    upper = np.stack(
        [keys[..., i + 1 : e].min(axis=-1) for i, e in zip(below, ends, strict=True)], -1
    )
    a, b = (np.moveaxis(_to_keys(k).view(np.float64), -1, 0) for k in (lower, upper))
    # numpy's _lerp: from below, or from above where the fraction is >= 0.5.
    diff = b - a
    out = a + diff * gamma
    np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5)
    return list(out)


def _to_keys(x: np.ndarray) -> np.ndarray:
    """In place, the 64-bit integer keys that order as the floats of ``x``
    (float64, NaN-free) do, or the floats' bits back from such keys (it is its
    own inverse): a non-negative float's bits already count up with it; a
    negative one's magnitude bits are flipped."""
    keys = x.view(np.int64)
    negative = keys < 0
    if negative.any():
        keys[negative] ^= np.int64(0x7FFF_FFFF_FFFF_FFFF)
    return keys


def simulate(
    scenario: Scenario,
    draws: int = 10_000,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
) -> Simulation:
    """Monte Carlo projection of ``draws`` scenarios drawn around ``scenario``.

    Parameters
    ----------
    scenario : Scenario
    draws : int
        Number of draws, 1 to 200,000.
    seed : int
        The same seed gives the same result.
    progress : callable, optional
        Called with the share done (0-1) as the draws are processed in chunks.
    """
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= 200_000:
        raise ValueError("draws: a whole number from 1 to 200,000")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("seed: a whole number, 0 or more")
    years = scenario.horizon_years
    months = years * 12
    train = np.empty((draws, months))
    inf = np.empty((draws, months))
    first = np.empty(draws, dtype=np.int64)  # crossover month per draw, -1 for never
    by_year = {name: np.empty((draws, years)) for name in STREAMS}
    total = np.empty(draws)  # over the horizon
    # Chunks bound the memory (each chunk's ~25 monthly columns) and give progress.
    chunk = 1_000
    rng_draws = draw(scenario, draws, seed)
    for start in range(0, draws, chunk):
        stop = min(start + chunk, draws)
        part = SimpleNamespace(
            **{
                k: (v[start:stop] if isinstance(v, np.ndarray) else v)
                for k, v in vars(rng_draws).items()
            }
        )
        cols = columns(part, spend_only=True, on_misfit="flag")
        t, i = train[start:stop], inf[start:stop]
        t[...] = cols["training_spend_usd"]
        i[...] = cols["inference_spend_usd"]
        # Per draw, chunk by chunk while the data is in cache: the crossover
        # rule, and the sums over each year and over the horizon.
        first[start:stop] = _first_ahead(i, t)
        both = t + i
        for name, x in zip(STREAMS, (t, i, both), strict=True):
            by_year[name][start:stop] = x.reshape(-1, years, 12).sum(axis=2)
        total[start:stop] = both.sum(axis=1)
        if progress is not None:
            progress(stop / draws)
    # Draws whose model outgrows the accelerator name no plan: counted, then left out.
    feasible = ~np.isnan(inf).any(axis=1)
    if not feasible.any():
        columns(scenario)  # raises the named error of the scenario itself, if it has one
        raise ValueError(
            "simulation: in every draw the served model outgrows the inference accelerator; "
            "narrow the ranges of the model's size and growth"
        )
    if not feasible.all():
        train, inf, first, total = train[feasible], inf[feasible], first[feasible], total[feasible]
        by_year = {name: x[feasible] for name, x in by_year.items()}
    sim = _summarise(scenario, int(feasible.sum()), seed, train, inf, first, by_year, total)
    sim.summary["draws_requested"] = draws
    sim.summary["share_without_plan"] = float(1.0 - feasible.mean())
    return sim


#: The spend streams of the annual table, in its order.
STREAMS = ("training", "inference", "total")


def _summarise(
    scenario: Scenario,
    draws: int,
    seed: int,
    train: np.ndarray,
    inf: np.ndarray,
    first: np.ndarray,
    by_year: dict[str, np.ndarray],
    total: np.ndarray,
) -> Simulation:
    """The tables and summary of the feasible draws: monthly spend (draws,
    months), crossover month, each stream's spend by year (draws, years) and
    total spend over the horizon (draws,)."""
    years, months = scenario.horizon_years, train.shape[1]
    start = scenario.start_year
    labels = [units.month_label(start, i) for i in range(months)]
    crossed = first >= 0

    monthly = {"month": _month_starts(start, months)}
    for name, x in (("training", train), ("inference", inf)):
        for q, v in zip(PERCENTILES, _pct(x), strict=True):
            monthly[f"{name}_spend_p{q}"] = v
    annual = {"year": np.arange(start, start + years)}
    for name in STREAMS:
        for q, v in zip(PERCENTILES, _pct(by_year[name]), strict=True):
            annual[f"{name}_spend_p{q}"] = v

    counts = np.bincount(first[crossed], minlength=months) if crossed.any() else np.zeros(months)
    crossover = pd.DataFrame(
        {"month": [*labels, "never"], "share": [*(counts / draws), float((~crossed).mean())]}
    )
    year_end = np.arange(12, months + 1, 12) - 1
    prob = [float((crossed & (first <= e)).mean()) for e in year_end]
    probability_by_year = pd.DataFrame({"year": annual["year"], "probability": prob})

    def month_quantile(q: float) -> str | None:
        # Draws that never cross count as later than the horizon.
        order = np.sort(np.where(crossed, first, months))
        i = int(order[min(int(np.ceil(q * draws)) - 1, draws - 1)])
        return None if i >= months else labels[i]

    total_q = _pct(total)
    summary = {
        "draws": draws,
        "seed": seed,
        "crossover_month_p10": month_quantile(0.1),
        "crossover_month_p50": month_quantile(0.5),
        "crossover_month_p90": month_quantile(0.9),
        "probability_never": float((~crossed).mean()),
        "total_spend_usd_p10": float(total_q[0]),
        "total_spend_usd_p50": float(total_q[1]),
        "total_spend_usd_p90": float(total_q[2]),
    }
    return Simulation(
        scenario,
        draws,
        seed,
        pd.DataFrame(monthly),
        pd.DataFrame(annual),
        crossover,
        probability_by_year,
        summary,
    )


@lru_cache(maxsize=16)
def _month_starts(start_year: int, months: int) -> pd.DatetimeIndex:
    """First day of each month of the plan, as the monthly table's "month"."""
    labels = [units.month_label(start_year, i) for i in range(months)]
    return pd.to_datetime([f"{x}-01" for x in labels])


def sensitivity(scenario: Scenario) -> pd.DataFrame:
    """One at a time: each uncertain input at its P10 and P90, the rest at their values.

    Returns
    -------
    pandas.DataFrame
        name, label, low, high, crossover month and total spend at each, and
        ``swing`` (|total(high) - total(low)|), most influential first.
    """
    base = project(scenario).summary
    rows = []
    for name, (low, high) in scenario.ranges().items():
        p = BY_NAME[name]
        at = {}
        for side, value in (("low", low), ("high", high)):
            v = int(round(value)) if p.kind == "int" else value
            try:
                at[side] = project(scenario.replace(**{name: v}, uncertainty={})).summary
            except ValueError:  # that end names no plan (the model outgrows the chip)
                at[side] = {"crossover_month": None, "total_spend_usd": float("nan")}
        rows.append(
            {
                "name": name,
                "label": p.label,
                "unit": p.unit,
                "low": low,
                "high": high,
                "crossover_low": at["low"]["crossover_month"],
                "crossover_high": at["high"]["crossover_month"],
                "total_low_usd": at["low"]["total_spend_usd"],
                "total_high_usd": at["high"]["total_spend_usd"],
                "swing_usd": float(
                    np.nan_to_num(
                        abs(at["high"]["total_spend_usd"] - at["low"]["total_spend_usd"]),
                        nan=np.inf,
                    )
                ),
            }
        )
    df = pd.DataFrame(rows).sort_values("swing_usd", ascending=False, ignore_index=True)
    df.attrs["base_total_usd"] = base["total_spend_usd"]
    df.attrs["base_crossover"] = base["crossover_month"]
    return df


@dataclass(frozen=True)
class GoalResult:
    """A goal-seek answer: the value found (None when no allowed value reaches
    the goal), a sentence saying so, and what the engine gives at that value."""

    name: str
    value: float | None
    message: str
    achieved: Any


def _bisect(ok: Callable[[float], bool], lo: float, hi: float, want_low: bool, tol: float) -> float:
    """The boundary of a monotone predicate ``ok`` on [lo, hi], to within ``tol``.

    ``want_low``: ``ok`` holds from some value up to ``hi`` and we want the
    smallest such value; else it holds from ``lo`` up to some value and we
    want the largest.
    """
    for _ in range(200):
        if hi - lo <= tol:
            break
        mid = (lo + hi) / 2
        if ok(mid) == want_low:
            hi = mid
        else:
            lo = mid
    return hi if want_low else lo


def goal_seek_crossover(scenario: Scenario, name: str, by_month: str) -> GoalResult:
    """The value of ``name`` that makes inference overtake training by ``by_month``.

    Searches the parameter's whole allowed range by bisection on the engine;
    where both directions help, the value closest to the scenario's own is
    not guaranteed: the crossover must move monotonically with the lever
    (true of the headline levers).
    """
    p = BY_NAME[name]
    if p.kind == "choice":
        raise ValueError(f"{name}: goal seek needs a numeric parameter")
    target = units.months_between(units.month_label(scenario.start_year, 0), by_month)
    months = scenario.horizon_years * 12
    if not 0 <= target < months:
        raise ValueError(
            f"by: {by_month} is outside the plan ({scenario.start_year} + {scenario.horizon_years} years)"
        )

    def crossover(v: float) -> int:
        try:
            s = project(scenario.replace(**{name: _as(p, v)}, uncertainty={})).summary
        except ValueError:  # no plan at this value: it meets no goal
            return months
        return months if s["crossover_index"] is None else s["crossover_index"]

    def ok(v: float) -> bool:
        return crossover(v) <= target

    assert p.min is not None and p.max is not None
    lo, hi = p.min, p.max
    ok_lo, ok_hi = ok(lo), ok(hi)
    when = units.month(by_month)
    if not ok_lo and not ok_hi:
        return GoalResult(
            name,
            None,
            f"No {p.label.lower()} from {lo:g} to {hi:g} {p.unit} makes inference overtake "
            f"training by {when}; other levers must move too.",
            None,
        )
    if ok(float(getattr(scenario, name))):
        current = float(getattr(scenario, name))
        return GoalResult(
            name,
            current,
            f"Already met: at the current {p.label.lower()} ({current:g} {p.unit}) inference "
            f"overtakes training by {when}.",
            crossover(current),
        )
    want_low = ok_hi  # the goal is met at high values: find the smallest
    tol = (p.step or (hi - lo) / 1e4) / 10
    value = _as(p, _bisect(ok, lo, hi, want_low, tol), up=want_low)
    word = "at least" if want_low else "at most"
    return GoalResult(
        name,
        float(value),
        f"{p.label} of {word} {value:,.4g} {p.unit} makes inference overtake training by {when}.",
        crossover(value),
    )


def goal_seek_budget(
    scenario: Scenario, budget_usd_per_year: float, name: str = "adoption_peak_pct"
) -> GoalResult:
    """The highest ``name`` (adoption by default) whose spend stays under
    ``budget_usd_per_year`` in every year of the plan."""
    p = BY_NAME[name]
    if not budget_usd_per_year > 0:
        raise ValueError("budget: must be a positive amount in USD per year")
    assert p.min is not None and p.max is not None

    def peak_year(v: float) -> float:
        try:
            proj = project(scenario.replace(**{name: _as(p, v)}, uncertainty={}))
        except ValueError:  # no plan at this value: over any budget
            return float("inf")
        return float(proj.annual["total_spend_usd"].max())

    def ok(v: float) -> bool:
        return peak_year(v) <= budget_usd_per_year

    lo, hi = p.min, p.max
    budget = f"${budget_usd_per_year:,.0f} a year"
    if not ok(lo):
        return GoalResult(
            name,
            None,
            f"Even at the lowest {p.label.lower()} ({lo:g} {p.unit}) spend exceeds {budget}: "
            "other levers must move too.",
            peak_year(lo),
        )
    if ok(hi):
        return GoalResult(
            name,
            hi,
            f"Every {p.label.lower()} up to {hi:g} {p.unit} stays under {budget}.",
            peak_year(hi),
        )
    value = _as(p, _bisect(ok, lo, hi, want_low=False, tol=(p.step or 1) / 10))
    return GoalResult(
        name,
        float(value),
        f"The highest {p.label.lower()} under {budget} is {value:,.4g} {p.unit}.",
        peak_year(value),
    )


def _as(p: Any, v: float, up: bool = False) -> float | int:
    """``v`` in the parameter's type; whole numbers round towards the side
    that still meets the goal (``up`` for "at least" answers)."""
    if p.kind != "int":
        return float(v)
    return int(np.ceil(v)) if up else int(np.floor(v))

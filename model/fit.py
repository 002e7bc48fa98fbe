"""Re-fit: chosen inputs of a scenario fitted to a user's monthly actuals.

Bounded non-linear least squares (:func:`scipy.optimize.least_squares`,
trust-region reflective) over 1 to :data:`MAX_PARAMS` continuous inputs of
the registry, each kept within its allowed range (``Param.min`` to
``Param.max``). The residual of a figure is ``ln(plan) - ln(actual)``: a
relative error, so that tokens (10^12 a month) and spend (10^6 USD) weigh
alike and a 5% miss counts the same on either. Figures of 0 have no
logarithm and are left out. A trial value with which the model names no
plan (it raises ValueError: the model no longer fits the accelerator, a
combination the scenario refuses) gets a large residual, so the search
turns away from it instead of failing.

No Streamlit here.

References
----------
.. [1] Branch, M. A., Coleman, T. F. & Li, Y. (1999). A subspace, interior,
   and conjugate gradient method for large-scale bound-constrained
   minimization problems. SIAM Journal on Scientific Computing 21(1), 1-23
   (the "trf" method of scipy.optimize.least_squares).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from model.actuals import MONTH, series_of
from model.engine import columns
from model.parameters import BY_NAME, PARAMETERS
from model.scenario import Scenario

#: The most inputs one fit may move.
MAX_PARAMS = 4
#: Residual of every figure when the model names no plan at a trial value, and the
#: bound of any one residual (ln 10^4: the plan 10,000 times off) [ln ratio].
PENALTY = math.log(1e4)
#: Finite-difference step of the Jacobian, relative to each input's starting value.
_DIFF_STEP = 1e-3
#: A singular value this small against the largest marks inputs the actuals cannot
#: tell apart (they move every series the same way).
_RANK_TOL = 1e-6


def fittable() -> list[str]:
    """The inputs a fit may move: the continuous numeric ones with a range.

    Whole-number inputs (years, months) move the plan in steps, which a
    gradient search cannot follow; choices are not numbers.
    """
    return [
        p.name
        for p in PARAMETERS
        if p.kind == "float" and p.min is not None and p.max is not None and p.max > p.min
    ]


def check_params(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` as a tuple after checking them; ValueError naming the bad one."""
    names = tuple(n.strip() if isinstance(n, str) else n for n in names)
    if not 1 <= len(names) <= MAX_PARAMS:
        raise ValueError(f"params: pick 1 to {MAX_PARAMS} parameters to fit, got {len(names)}")
    allowed = fittable()
    for n in names:
        if n not in BY_NAME:
            raise ValueError(f"params: {n!r} is not a parameter; fittable: {', '.join(allowed)}")
        if n not in allowed:
            kind = {"int": "a whole number", "choice": "a choice"}.get(BY_NAME[n].kind, "fixed")
            raise ValueError(
                f"params: {n} is {kind} and cannot be fitted; fittable: {', '.join(allowed)}"
            )
    if len(set(names)) != len(names):
        raise ValueError("params: each parameter once")
    return names


@dataclass(frozen=True)
class FitResult:
    """What :func:`fit` returns.

    Attributes
    ----------
    params : tuple of str
        The fitted inputs.
    start, fitted : dict
        Their values before and after the fit, in each input's unit.
    std_errors : dict
        Approximate standard error of each fitted value (from the Jacobian at
        the fit and the residuals' spread), in the input's unit; NaN when the
        actuals do not determine it (see ``confounded``).
    scenario : Scenario
        The starting scenario with the fitted values.
    rms_log_before, rms_log_after : float
        Root mean square of ``ln(plan / actual)`` over the figures fitted [-]
        (0.05 is about 5% off); NaN when the model names no plan.
    mean_abs_pct_before, mean_abs_pct_after : float
        Mean absolute difference of the plan from the actuals [% of actual].
    by_series : pandas.DataFrame
        One row per series: ``series``, ``points``, ``mean_abs_pct_before``,
        ``mean_abs_pct_after`` [%].
    points : int
        Figures fitted (months x series); ``left_out`` figures were 0 or outside the plan.
    evaluations : int
        Projections run.
    converged : bool
        Whether the search met its tolerance (else it stopped at its budget).
    at_bounds : tuple of str
        Inputs that ended at an end of their allowed range.
    confounded : tuple of str
        Inputs the actuals cannot tell apart or that do not move them: only some
        combination of them is fitted, and their values are one choice of many.
    message : str
        The optimiser's own word on how it stopped.
    """

    params: tuple[str, ...]
    start: dict[str, float]
    fitted: dict[str, float]
    std_errors: dict[str, float]
    scenario: Scenario
    rms_log_before: float
    rms_log_after: float
    mean_abs_pct_before: float
    mean_abs_pct_after: float
    by_series: pd.DataFrame
    points: int
    left_out: int
    evaluations: int
    converged: bool
    at_bounds: tuple[str, ...]
    confounded: tuple[str, ...]
    message: str


class _Problem:
    """The figures to fit, laid out once: per series, month positions and ln(actual)."""

    def __init__(self, scenario: Scenario, actuals: pd.DataFrame) -> None:
        months = {m: i for i, m in enumerate(scenario.month_labels())}
        self.series: list[tuple[str, np.ndarray, np.ndarray]] = []
        self.left_out = 0
        for name in series_of(actuals):
            rows = actuals[actuals["series"] == name]
            labels = [f"{m:%Y-%m}" for m in rows[MONTH]]
            values = rows["value"].to_numpy(dtype=float)
            keep = np.array(
                [lab in months and v > 0 for lab, v in zip(labels, values, strict=True)], bool
            )
            self.left_out += int((~keep).sum())
            if keep.any():
                idx = np.array([months[lab] for lab, k in zip(labels, keep, strict=True) if k])
                self.series.append((name, idx, np.log(values[keep])))
        self.size = sum(len(idx) for _, idx, _ in self.series)
        self.evaluations = 0

    def residuals(self, scenario: Scenario | None) -> np.ndarray:
        """ln(plan) - ln(actual) of every figure, each within +-PENALTY;
        PENALTY throughout when there is no plan."""
        self.evaluations += 1
        if scenario is None:
            return np.full(self.size, PENALTY)
        try:
            cols = columns(scenario)
        except ValueError:
            return np.full(self.size, PENALTY)
        parts = []
        for name, idx, log_actual in self.series:
            plan = np.asarray(cols[name], dtype=float)[idx]
            with np.errstate(divide="ignore", invalid="ignore"):
                r = np.log(plan) - log_actual
            parts.append(np.clip(np.nan_to_num(r, nan=PENALTY), -PENALTY, PENALTY))
        return np.concatenate(parts)

    def errors(self, r: np.ndarray, feasible: bool) -> tuple[float, float, list[float]]:
        """(RMS of ln ratio, mean absolute % difference, that per series)."""
        if not feasible:
            return math.nan, math.nan, [math.nan] * len(self.series)
        pct = np.abs(np.expm1(r)) * 100.0
        per, start = [], 0
        for _, idx, _ in self.series:
            per.append(float(pct[start : start + len(idx)].mean()))
            start += len(idx)
        return float(np.sqrt(np.mean(r**2))), float(pct.mean()), per


def fit(scenario: Scenario, actuals: pd.DataFrame, params: Sequence[str]) -> FitResult:
    """Fit ``params`` of ``scenario`` to ``actuals`` by bounded least squares.

    Parameters
    ----------
    scenario : Scenario
        The plan; the search starts from its values of ``params``.
    actuals : pandas.DataFrame
        :func:`model.actuals.parse_actuals`' tidy table (month, series, value).
        Months outside the plan and figures of 0 are left out.
    params : sequence of str
        1 to :data:`MAX_PARAMS` names of :func:`fittable` inputs.

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError
        A bad parameter name (naming it), or actuals that leave fewer figures
        within the plan than parameters to fit.
    """
    names = check_params(params)
    problem = _Problem(scenario, actuals)
    if problem.size == 0:
        labels = scenario.month_labels()
        raise ValueError(
            f"actuals: no figure above 0 falls within the plan ({labels[0]} to {labels[-1]})"
        )
    if problem.size < len(names):
        raise ValueError(
            f"actuals: {problem.size} figure(s) within the plan cannot fit {len(names)} parameters"
        )
    start = np.array([float(getattr(scenario, n)) for n in names])
    low = np.array([float(BY_NAME[n].min) for n in names])  # type: ignore[arg-type]
    high = np.array([float(BY_NAME[n].max) for n in names])  # type: ignore[arg-type]
    # Search in units of each input's starting value (or 1% of its range when it
    # starts at 0), so every coordinate is about as sensitive as the others.
    scale = np.where(start != 0, np.abs(start), (high - low) / 100.0)

    def values(x: np.ndarray) -> np.ndarray:
        return np.clip(start + x * scale, low, high)

    def scenario_at(x: np.ndarray) -> Scenario | None:
        try:
            return scenario.replace(**{n: float(v) for n, v in zip(names, values(x), strict=True)})
        except ValueError:
            return None

    def residuals(x: np.ndarray) -> np.ndarray:
        return problem.residuals(scenario_at(x))

    base = scenario_at(np.zeros(len(names)))
    r0 = problem.residuals(base)
    before_ok = _feasible(base)
    x0 = np.zeros(len(names))
    if not before_ok:
        # No plan at the start: search from the registry's defaults if they give one.
        defaults = np.array([float(BY_NAME[n].default) for n in names])  # type: ignore[arg-type]
        if _feasible(scenario_at((defaults - start) / scale)):
            x0 = (defaults - start) / scale
    result = least_squares(
        residuals,
        x0,
        bounds=((low - start) / scale, (high - start) / scale),
        method="trf",
        diff_step=_DIFF_STEP,
        max_nfev=100 * (len(names) + 1),
    )
    x = result.x
    best = values(x)
    fitted_scenario = scenario_at(x)
    r1 = problem.residuals(fitted_scenario)
    after_ok = fitted_scenario is not None and _feasible(fitted_scenario)
    if not after_ok or (before_ok and np.sum(r1**2) > np.sum(r0**2)):
        # Never hand back something worse than the start.
        x, best, fitted_scenario, r1, after_ok = np.zeros(len(names)), start, base, r0, before_ok
    assert fitted_scenario is not None or not after_ok
    rms0, mape0, per0 = problem.errors(r0, before_ok)
    rms1, mape1, per1 = problem.errors(r1, after_ok)
    se, confounded = _std_errors(result.jac, r1, scale, names)
    span = high - low
    at_bounds = tuple(
        n
        for n, v, lo, hi, w in zip(names, best, low, high, span, strict=True)
        if min(v - lo, hi - v) <= 1e-6 * w
    )
    return FitResult(
        params=names,
        start=dict(zip(names, map(float, start), strict=True)),
        fitted=dict(zip(names, map(float, best), strict=True)),
        std_errors=se,
        scenario=fitted_scenario if fitted_scenario is not None else scenario,
        rms_log_before=rms0,
        rms_log_after=rms1,
        mean_abs_pct_before=mape0,
        mean_abs_pct_after=mape1,
        by_series=pd.DataFrame(
            {
                "series": [s for s, _, _ in problem.series],
                "points": [len(idx) for _, idx, _ in problem.series],
                "mean_abs_pct_before": per0,
                "mean_abs_pct_after": per1,
            }
        ),
        points=problem.size,
        left_out=problem.left_out,
        evaluations=problem.evaluations,
        converged=bool(result.status > 0),
        at_bounds=at_bounds,
        confounded=confounded,
        message=str(result.message),
    )


def _feasible(scenario: Scenario | None) -> bool:
    if scenario is None:
        return False
    try:
        columns(scenario)
    except ValueError:
        return False
    return True


def _std_errors(
    jac: np.ndarray, r: np.ndarray, scale: np.ndarray, names: tuple[str, ...]
) -> tuple[dict[str, float], tuple[str, ...]]:
    """Standard errors from the Jacobian (Gauss-Newton covariance, residual
    variance from the fit) and the inputs the actuals cannot determine."""
    m, n = jac.shape
    _, sv, vt = np.linalg.svd(jac, full_matrices=False)
    largest = sv.max() if sv.size else 0.0
    weak = sv <= _RANK_TOL * largest if largest > 0 else np.ones(n, bool)
    confounded: set[str] = set()
    for k in np.flatnonzero(weak):
        # The directions of weak singular values: the inputs taking part in them.
        share = np.abs(vt[k])
        confounded |= {names[i] for i in np.flatnonzero(share > 0.1)}
    dof = max(m - n, 1)
    sigma2 = float(np.sum(r**2)) / dof
    keep = ~weak
    # Covariance in the search's coordinates, the undetermined directions left out.
    inv = (vt[keep].T / sv[keep] ** 2) @ vt[keep]
    se = {
        name: math.nan
        if name in confounded
        else float(math.sqrt(max(sigma2 * inv[i, i], 0.0)) * scale[i])
        for i, name in enumerate(names)
    }
    return se, tuple(n for n in names if n in confounded)

"""Evidence: published observations held against the model.

``data/observations.csv`` lists dated, sourced figures (training runs,
serving throughputs, token volumes, spend, energy per request), each with the
scenario that should reproduce it: a preset, registry parameters set on top
of it, the model quantity to compute and when. :func:`evidence_table`
computes every one live, so the table always reflects the model as it is.

A row *holds* when ``1 / tolerance <= model / published <= tolerance``. Its
``role`` says whether the model was set from it (``calibration``: it can
only show the calibration has not drifted) or not (``check``: out of sample).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from model.catalog import DATA_DIR
from model.evidence_quantities import AT_FORM, QUANTITIES, Quantity, format_quantity
from model.parameters import BY_NAME
from model.scenario import Scenario, presets

__all__ = [
    "AT_FORM",
    "QUANTITIES",
    "Check",
    "Observation",
    "Quantity",
    "counts",
    "evaluate",
    "evidence_table",
    "format_quantity",
    "load_observations",
]

OBSERVATIONS_CSV = DATA_DIR / "observations.csv"
#: The CSV's columns, in order.
COLUMNS = (
    "id", "quantity", "value", "unit", "date", "source",
    "scenario", "overrides", "output", "at", "tolerance", "role",
)  # fmt: skip
ROLES = ("calibration", "check")

_MONTH = r"\d{4}-(0[1-9]|1[0-2])"
#: The forms of ``at``: none (empty), a year, a month, a range of months.
_AT_FORMS = {
    "none": re.compile(r""),
    "year": re.compile(r"\d{4}"),
    "month": re.compile(_MONTH),
    "range": re.compile(rf"{_MONTH}\.\.{_MONTH}"),
}
_AT_EXAMPLES = {"none": "empty", "year": "YYYY", "month": "YYYY-MM", "range": "YYYY-MM..YYYY-MM"}
_DATE = re.compile(rf"\d{{4}}|{_MONTH}|{_MONTH}-\d{{2}}")


@dataclass(frozen=True)
class Observation:
    """One published figure and the scenario that should reproduce it.

    Attributes
    ----------
    id : str
        Unique key of the row.
    quantity : str
        What was published, in words.
    value : float
        The published figure, in ``unit`` (> 0).
    unit : str
        Its unit, the unit of the model quantity ``output``.
    date : str
        When it was published: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    source : str
        Where it was published, cited precisely.
    scenario : str
        A preset name (:func:`model.scenario.presets`).
    overrides : tuple[tuple[str, str], ...]
        Registry parameters set on top of the preset, (name, value) pairs.
    output : str
        A key of :data:`QUANTITIES`.
    at : str
        When the model is read: "", "YYYY", "YYYY-MM" or "YYYY-MM..YYYY-MM",
        as the quantity needs.
    tolerance : float
        Factor >= 1: the row holds when 1/tolerance <= model/published <= tolerance.
    role : str
        "calibration" (the model was set from it) or "check" (out of sample).
    """

    id: str
    quantity: str
    value: float
    unit: str
    date: str
    source: str
    scenario: str
    overrides: tuple[tuple[str, str], ...]
    output: str
    at: str
    tolerance: float
    role: str

    def build_scenario(self) -> Scenario:
        """The preset with the overrides applied (ValueError for an unknown preset)."""
        base = Scenario.from_preset(self.scenario)
        return base.replace(**dict(self.overrides)) if self.overrides else base


@dataclass(frozen=True)
class Check:
    """An observation evaluated: the model's figure, model / published, and whether it holds."""

    observation: Observation
    model: float
    ratio: float
    within: bool


# --- loading -------------------------------------------------------------------------------


def _bad(row_id: str, field: str, problem: str) -> ValueError:
    return ValueError(f"observations, row {row_id!r}: {field}: {problem}")


def _parse_overrides(row_id: str, text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, sep, value = (x.strip() for x in part.partition("="))
        if not sep or not name:
            raise _bad(row_id, "overrides", f"{part!r} is not name=value")
        if name not in BY_NAME:
            raise _bad(row_id, "overrides", f"{name!r} is not a parameter")
        try:
            BY_NAME[name].coerce(value)
        except ValueError as exc:
            raise _bad(row_id, "overrides", str(exc)) from None
        pairs.append((name, value))
    return tuple(pairs)


def _observation(row: dict[str, str], known_presets: list[str] | None) -> Observation:
    """One validated row (ValueError naming the row id and the field)."""
    rid = row["id"].strip()
    if not rid:
        raise ValueError("observations: a row has no id")
    for field in ("quantity", "unit", "source", "scenario", "output", "role"):
        if not row[field].strip():
            raise _bad(rid, field, "empty")
    try:
        value = float(row["value"])
    except ValueError:
        raise _bad(rid, "value", f"{row['value']!r} is not a number") from None
    if not (math.isfinite(value) and value > 0):
        raise _bad(rid, "value", f"{row['value']} must be a positive number")
    output = row["output"].strip()
    if output not in QUANTITIES:
        raise _bad(rid, "output", f"{output!r} is unknown; use one of {', '.join(QUANTITIES)}")
    unit = row["unit"].strip()
    if unit != QUANTITIES[output].unit:
        raise _bad(rid, "unit", f"{unit!r}, but {output} is in {QUANTITIES[output].unit!r}")
    scenario = row["scenario"].strip()
    if known_presets is not None and scenario not in known_presets:
        raise _bad(rid, "scenario", f"{scenario!r} is not a preset; use one of {known_presets}")
    at, form = row["at"].strip(), AT_FORM[output]
    if not _AT_FORMS[form].fullmatch(at):
        raise _bad(rid, "at", f"{at!r}: {output} needs {_AT_EXAMPLES[form]}")
    if form == "range" and at.split("..")[0] > at.split("..")[1]:
        raise _bad(rid, "at", f"{at!r} ends before it starts")
    if not _DATE.fullmatch(row["date"].strip()):
        raise _bad(rid, "date", f"{row['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        tolerance = float(row["tolerance"])
    except ValueError:
        raise _bad(rid, "tolerance", f"{row['tolerance']!r} is not a number") from None
    if not (math.isfinite(tolerance) and tolerance >= 1):
        raise _bad(rid, "tolerance", f"{row['tolerance']} must be a factor of 1 or more")
    role = row["role"].strip()
    if role not in ROLES:
        raise _bad(rid, "role", f"{role!r}; use one of {', '.join(ROLES)}")
    return Observation(
        id=rid,
        quantity=row["quantity"].strip(),
        value=value,
        unit=unit,
        date=row["date"].strip(),
        source=row["source"].strip(),
        scenario=scenario,
        overrides=_parse_overrides(rid, row["overrides"]),
        output=output,
        at=at,
        tolerance=tolerance,
        role=role,
    )


def load_observations(
    path: str | Path | None = None, *, check_presets: bool = True
) -> list[Observation]:
    """Read and validate ``data/observations.csv`` (or ``path``).

    ``check_presets=False`` leaves a preset that does not exist (yet) to
    :func:`evaluate`, which then fails for that row alone.

    Raises
    ------
    ValueError
        Naming the row id and the field: unknown preset, unknown parameter or
        bad value in ``overrides``, an ``at`` its quantity cannot read, a
        tolerance below 1, an unknown output, a value that is not positive,
        a duplicate id; or the header when the columns differ.
    """
    path = Path(path) if path is not None else OBSERVATIONS_CSV
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"observations: the columns must be exactly {','.join(COLUMNS)}")
        rows = list(reader)
    known = presets() if check_presets else None
    out: list[Observation] = []
    seen: set[str] = set()
    for row in rows:
        if None in row or any(v is None for v in row.values()):
            raise _bad(row.get("id") or "?", "columns", f"expected {len(COLUMNS)} fields")
        obs = _observation(row, known)
        if obs.id in seen:
            raise _bad(obs.id, "id", "used twice")
        seen.add(obs.id)
        out.append(obs)
    return out


# --- evaluating ----------------------------------------------------------------------------


def model_value(obs: Observation) -> float:
    """The model's figure for ``obs`` (ValueError starting with the row id)."""
    try:
        value = QUANTITIES[obs.output].function(obs.build_scenario(), obs.at)
    except ValueError as exc:
        raise ValueError(f"{obs.id}: {exc}") from None
    if not math.isfinite(value):
        raise ValueError(f"{obs.id}: the model gives no finite {obs.output}")
    return float(value)


def evaluate(obs: Observation) -> Check:
    """``obs`` held against the model (ValueError, starting with the row id,
    when the model cannot compute it)."""
    value = model_value(obs)
    ratio = value / obs.value
    within = 1.0 / obs.tolerance <= ratio <= obs.tolerance
    return Check(obs, value, ratio, bool(within))


#: The columns of :func:`evidence_table`, in order.
TABLE_COLUMNS = (
    "id", "quantity", "output", "published", "model", "ratio", "tolerance", "within",
    "role", "unit", "date", "source", "scenario", "overrides", "at", "error",
)  # fmt: skip


def evidence_table(observations: list[Observation] | None = None) -> pd.DataFrame:
    """One row per observation, evaluated now: ``TABLE_COLUMNS``.

    ``within`` is a nullable boolean; a row the model cannot compute (say its
    preset does not exist) has NaN model and ratio, NA within and the reason
    in ``error`` (empty otherwise). Loads the CSV leniently about presets
    when ``observations`` is None; a malformed CSV still raises ValueError.
    """
    if observations is None:
        observations = load_observations(check_presets=False)
    records = []
    for obs in observations:
        try:
            c = evaluate(obs)
            model, ratio, within, error = c.model, c.ratio, c.within, ""
        except Exception as exc:  # a row the model cannot compute never stops the table
            known = isinstance(exc, ValueError | LookupError)
            error = (
                str(exc).removeprefix(f"{obs.id}: ") if known else f"{type(exc).__name__}: {exc}"
            )
            model, ratio, within = np.nan, np.nan, pd.NA
        records.append(
            {
                "id": obs.id,
                "quantity": obs.quantity,
                "output": obs.output,
                "published": obs.value,
                "model": model,
                "ratio": ratio,
                "tolerance": obs.tolerance,
                "within": within,
                "role": obs.role,
                "unit": obs.unit,
                "date": obs.date,
                "source": obs.source,
                "scenario": obs.scenario,
                "overrides": "; ".join(f"{k}={v}" for k, v in obs.overrides),
                "at": obs.at,
                "error": error,
            }
        )
    df = pd.DataFrame.from_records(records, columns=list(TABLE_COLUMNS))
    df["within"] = df["within"].astype("boolean")
    return df


def counts(table: pd.DataFrame) -> dict[str, int]:
    """Rows, rows within tolerance, outside it, in error, calibration and check rows."""
    within = table["within"]
    return {
        "observations": len(table),
        "within": int(within.sum()),  # a nullable boolean: NA (an error) counts in neither
        "outside": int((~within).sum()),
        "errors": int(within.isna().sum()),
        "calibration": int((table["role"] == "calibration").sum()),
        "check": int((table["role"] == "check").sum()),
    }

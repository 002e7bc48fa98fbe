"""Scenario: a validated set of inputs, presets, and JSON (de)serialisation."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

from model import units
from model.catalog import DATA_DIR, accelerator
from model.parameters import BY_NAME, NAMES, PARAMETERS

#: Version of the saved-parameter layout. Bump when a parameter is renamed or
#: its meaning changes, and teach :meth:`Scenario.from_dict` to upgrade.
SCHEMA_VERSION = 2

#: Inputs that were retired, with the one-line note shown when an old save,
#: link or command still carries one. Version 2 retired the serving MFU.
RETIRED = {
    "inference_mfu_pct": (
        "inference_mfu_pct is no longer an input: serving utilisation is now derived from "
        "memory, bandwidth, batch and latency targets (the achieved MFU is an output)"
    ),
}

PRESETS_JSON = DATA_DIR / "presets.json"
DEFAULT_PRESET = "AI assistant at scale"


class Scenario:
    """An immutable, validated set of inputs for :func:`model.project`.

    Parameters
    ----------
    uncertainty : dict, optional
        Per-scenario uncertainty ranges, ``{name: [P10, P90]}``, replacing the
        registry's default range of those parameters (see :meth:`ranges`).
    **params
        Any subset of the registry's parameters; the rest take their
        defaults. Values may be numbers or numeric strings.

    Raises
    ------
    ValueError
        Naming every bad field and its allowed range, and every unknown name.
    """

    __slots__ = ("_ranges", "_values", "filled_defaults", "retired")

    def __init__(self, uncertainty: Any = None, **params: Any) -> None:
        errors = [
            RETIRED.get(name, f"{name}: unknown parameter")
            for name in params
            if name not in BY_NAME
        ]
        values: dict[str, float | int | str] = {}
        for p in PARAMETERS:
            try:
                values[p.name] = p.coerce(params.get(p.name, p.default))
            except ValueError as exc:
                errors.append(str(exc))
        if not errors:
            _check_combinations(values, errors)
        ranges = _check_ranges(uncertainty, values, errors) if not errors else {}
        if errors:
            raise ValueError("; ".join(errors))
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_ranges", ranges)
        #: Names that were missing from a loaded file and took their defaults.
        object.__setattr__(self, "filled_defaults", ())
        #: Notes on retired inputs a loaded file carried (dropped, see :data:`RETIRED`).
        object.__setattr__(self, "retired", ())

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Scenario is immutable; use replace()")

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Scenario)
            and self._values == other._values
            and self._ranges == other._ranges
        )

    def __hash__(self) -> int:
        return hash((tuple(self._values[n] for n in NAMES), tuple(sorted(self._ranges.items()))))

    def __repr__(self) -> str:
        changed = {k: mine for k, (mine, _) in self.diff(_default()).items()}
        return f"Scenario({', '.join(f'{k}={v!r}' for k, v in changed.items())})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._values, self._ranges))

    def replace(self, **changes: Any) -> Scenario:
        """A copy with ``changes`` applied (validated); ``uncertainty=`` replaces
        the range overrides, which are otherwise kept where still valid."""
        uncertainty = changes.pop("uncertainty", None)
        values = {**self._values, **changes}
        if uncertainty is None:
            uncertainty = {
                n: r
                for n, r in self._ranges.items()
                if r[0] <= BY_NAME[n].coerce(values[n]) <= r[1]
            }
        return Scenario(uncertainty=uncertainty, **values)

    def ranges(self) -> dict[str, tuple[float, float]]:
        """(P10, P90) of every uncertain parameter: this scenario's overrides,
        else the registry's default range around the value."""
        return {
            p.name: self._ranges.get(p.name) or p.default_range(self._values[p.name])
            for p in PARAMETERS
            if p.spread is not None or p.name in self._ranges
        }

    def range_overrides(self) -> dict[str, tuple[float, float]]:
        """Only the ranges set for this scenario."""
        return dict(self._ranges)

    def month_labels(self) -> list[str]:
        """Every month of the plan, first to last: "YYYY-MM"."""
        return [units.month_label(self.start_year, i) for i in range(self.horizon_years * 12)]

    def params(self) -> dict[str, float | int | str]:
        """All parameter values, in registry order."""
        return dict(self._values)

    def diff(self, other: Scenario) -> dict[str, tuple[Any, Any]]:
        """Parameters whose values differ: name -> (self's, other's)."""
        return {
            n: (self._values[n], other._values[n])
            for n in NAMES
            if self._values[n] != other._values[n]
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict: ``schema_version`` and every parameter."""
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, **self._values}
        if self._ranges:
            out["uncertainty"] = {n: list(r) for n, r in self._ranges.items()}
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, data: Any) -> Scenario:
        """Build from :meth:`to_dict` output, possibly from an older version.

        Parameters absent from ``data`` (saved before they existed) take their
        defaults and are listed in ``filled_defaults``. Unknown names, a
        missing or newer ``schema_version`` and bad values raise ValueError.
        """
        if not isinstance(data, dict):
            raise ValueError("scenario: expected a JSON object of parameter names and values")
        data = dict(data)
        version = data.pop("schema_version", None)
        if isinstance(version, bool) or not isinstance(version, int):
            raise ValueError("schema_version: missing or not a whole number")
        if version > SCHEMA_VERSION or version < 1:
            raise ValueError(
                f"schema_version: {version} is not supported; this app reads 1 to {SCHEMA_VERSION}"
            )
        retired = tuple(RETIRED[n] for n in RETIRED if data.pop(n, None) is not None)
        if isinstance(data.get("uncertainty"), dict):
            data["uncertainty"] = {n: r for n, r in data["uncertainty"].items() if n not in RETIRED}
        scenario = cls(**data)
        missing = tuple(n for n in NAMES if n not in data)
        object.__setattr__(scenario, "filled_defaults", missing)
        object.__setattr__(scenario, "retired", retired)
        return scenario

    @classmethod
    def from_json(cls, text: str) -> Scenario:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"scenario file: not valid JSON ({exc.msg}, line {exc.lineno})"
            ) from None
        except RecursionError:
            raise ValueError("scenario file: nested too deeply to be a scenario") from None
        return cls.from_dict(data)

    @classmethod
    def from_preset(cls, name: str) -> Scenario:
        """The named preset (ValueError listing the presets when unknown), with
        the uncertainty ranges it sets (``"uncertainty"`` in data/presets.json:
        where the registry's default spread makes no sense for it)."""
        table = _preset_table()
        if name not in table:
            raise ValueError(f"preset: {name!r} is unknown; use one of {', '.join(table)}")
        return cls(uncertainty=table[name].get("uncertainty") or None, **table[name]["params"])


def _rebuild(values: dict[str, Any], ranges: dict[str, Any] | None = None) -> Scenario:
    return Scenario(uncertainty=ranges or None, **values)


def check_range(name: str, low: Any, high: Any, value: float) -> tuple[float, float]:
    """The (P10, P90) of parameter ``name`` around its ``value``, validated.

    The one rule for an uncertainty range, whether it comes from a scenario
    file or the Uncertainty page's table: ``name`` is a numeric input that is
    not part of the plan's timeline, both ends are numbers in its allowed
    range, and P10 <= value <= P90.

    Raises
    ------
    ValueError
        Starting with ``name``, saying which condition fails.
    """
    p = BY_NAME.get(name)
    if p is None or p.kind == "choice":
        raise ValueError(f"{name}: not a numeric parameter")
    if p.kind == "int":  # calendar and schedule: one timeline for every draw
        raise ValueError(f"{name}: sets the plan's timeline and is taken as known")
    low, high = (float(p.coerce(v)) for v in (low, high))
    if not low <= value <= high:
        raise ValueError(f"{name}: P10 {low:g} <= value {value:g} <= P90 {high:g} must hold")
    return low, high


def _check_combinations(values: dict[str, Any], errors: list[str]) -> None:
    """Rules between inputs: the inference accelerator supports the serving
    precision; each stream's owned and reserved shares leave room for each
    other; an owned share needs an accelerator that can be bought."""
    chip = accelerator(str(values["inference_accelerator"]))
    try:
        chip.check_precision(str(values["inference_precision"]))
    except ValueError as exc:
        errors.append(f"inference_precision: {exc}")
    for stream in ("inference", "training"):
        owned, reserved = values[f"{stream}_owned_pct"], values[f"{stream}_reserved_pct"]
        if owned + reserved > 100:
            errors.append(
                f"{stream}_reserved_pct: owned {owned:g}% and reserved {reserved:g}% of the "
                f"{stream} baseline add up to {owned + reserved:g}%; together at most 100%"
            )
        name = str(values[f"{stream}_accelerator"])
        if (
            owned > 0
            and not values["accelerator_purchase_usd"]
            and not accelerator(name).purchase_usd
        ):
            errors.append(
                f"{stream}_owned_pct: {name} is only rented (the catalog has no purchase "
                "price); set accelerator_purchase_usd or own 0%"
            )


def _check_ranges(
    uncertainty: Any, values: dict[str, Any], errors: list[str]
) -> dict[str, tuple[float, float]]:
    """Validated range overrides (see :func:`check_range`); a message per bad one in ``errors``."""
    if uncertainty is None:
        return {}
    if not isinstance(uncertainty, dict):
        errors.append("uncertainty: expected {parameter: [P10, P90]}")
        return {}
    out = {}
    for name, pair in uncertainty.items():
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            errors.append(f"uncertainty.{name}: expected [P10, P90]")
            continue
        try:
            out[name] = check_range(name, *pair, values.get(name, math.nan))
        except ValueError as exc:
            errors.append(f"uncertainty.{exc}")
    return out


@lru_cache(maxsize=1)
def _default() -> Scenario:
    """Every input at its default: the base "changed from the default" is measured against."""
    return Scenario()


@lru_cache(maxsize=1)
def _preset_table() -> dict[str, dict[str, Any]]:
    with PRESETS_JSON.open(encoding="utf-8") as fh:
        return json.load(fh)


def presets() -> list[str]:
    """Names of the presets, the default first."""
    return list(_preset_table())


def preset_info(name: str) -> dict[str, Any]:
    """A preset's description, its overrides and the note behind each value."""
    return _preset_table()[name]

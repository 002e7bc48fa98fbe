"""One scenario input: its declaration, validation and uncertainty range.

The registry of every input is :data:`model.parameters.PARAMETERS`.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from model import units


@dataclass(frozen=True)
class Param:
    """One scenario input.

    Attributes
    ----------
    name : str
        Stable public name: JSON key, URL query key, CLI ``--set`` name.
    label : str
        Short label for people; headline levers use their lever name.
    unit : str
        Unit shown next to the value ("%", "USD/GPU-hour", ...).
    default : float | int | str
        Default value (the "AI assistant at scale" preset starts from these).
    min, max : float | None
        Inclusive allowed range for numbers; None for choices.
    step : float | None
        Widget step.
    group : str
        Sidebar / methodology group, one of :data:`model.parameters.GROUPS`.
    help : str
        What it means, in a sentence.
    source : str
        Where the default comes from (citation or reasoning).
    headline : bool
        One of the four headline levers.
    kind : str
        "float", "int" or "choice".
    choices : tuple[str, ...]
        Allowed values for a choice.
    fmt : str
        printf-style format for widgets ("%.1f").
    spread, spread_source : tuple, str
        Default uncertainty range (see :meth:`default_range`) and its reasoning.
    """

    name: str
    label: str
    unit: str
    default: float | int | str
    min: float | None
    max: float | None
    step: float | None
    group: str
    help: str
    source: str
    headline: bool = False
    kind: str = "float"
    choices: tuple[str, ...] = field(default_factory=tuple)
    fmt: str = "%g"
    #: Default uncertainty: the P10 and P90 of this input around a scenario's
    #: value, as factors ("x", 0.5, 2.0 -> half to double) or offsets in the
    #: input's unit ("+", -10, 10). None: the input is taken as known.
    spread: tuple[str, float, float] | None = None
    spread_source: str = ""
    #: What 0 means, for inputs where 0 switches something off ("no target").
    zero_label: str = ""

    def default_range(self, value: float) -> tuple[float, float]:
        """(P10, P90) around ``value`` from :attr:`spread`, within the allowed range."""
        if self.spread is None:
            return (value, value)
        kind, lo, hi = self.spread
        low, high = (value * lo, value * hi) if kind == "x" else (value + lo, value + hi)
        assert self.min is not None and self.max is not None
        return (min(max(low, self.min), value), max(min(high, self.max), value))

    def format(
        self, value: float | int | str | None = None, unit: bool = True, zero_label: bool = True
    ) -> str:
        """``value`` (default: the default) for people: the one way every page,
        export and the CLI write an input.

        With ``unit``, the widget's own format where it carries the unit ("40%",
        "$2.50", "10.0 per day"), else the number and its unit ("70 billion",
        "1 year", "5 years"). ``unit=False`` gives the bare number, for tables
        with a unit column. Years stay "2026", never "2,026".
        """
        value = self.default if value is None else value
        if isinstance(value, str):
            return value
        if zero_label and self.zero_label and value == 0:
            return self.zero_label
        if self.kind == "int":
            v = int(value)
            text = str(v) if abs(v) < 10_000 else f"{v:,}"
            word = self.unit[:-1] if v == 1 and self.unit.endswith("s") else self.unit
        else:
            if unit and _carries_unit(self.fmt) and abs(value) < 1e5:
                return self.fmt % value
            text, word = units.number(float(value)), self.unit
        if not unit or not word:
            return text
        tight = word.startswith("%") or word == "x" or word.startswith("x ")
        return f"{text}{word}" if tight else f"{text} {word}"

    @property
    def widget_format(self) -> str | None:
        """The printf format of this input's number widget: the number part of
        :attr:`fmt`, since Streamlit's number input takes no unit text ("%",
        "$", " ms"); None for whole numbers."""
        if self.kind == "int":
            return None
        spec = _SPEC.search(self.fmt)
        return "%.2f" if spec is None or spec.group() == "%g" else spec.group()

    def range_text(self, unit: bool = True) -> str:
        """The allowed range: "0 to 100 %" or "one of A, B"; ``unit=False``
        leaves the unit off (tables with a unit column)."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        assert self.min is not None and self.max is not None
        low, high = (self.format(v, unit=False, zero_label=False) for v in (self.min, self.max))
        return f"{low} to {high} {self.unit}" if unit and self.unit else f"{low} to {high}"

    def coerce(self, value: Any) -> float | int | str:
        """Validate and convert ``value``; raise ValueError naming this parameter.

        Strings are parsed (URL and CLI values arrive as text); bools, NaN,
        infinities and out-of-range numbers are rejected.
        """
        if self.kind == "choice":
            if isinstance(value, str) and value in self.choices:
                return value
            raise ValueError(f"{self.name}: {value!r} is not allowed; use {self.range_text()}")
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real | str):
            raise ValueError(
                f"{self.name}: expected a number ({self.range_text()}), got {type(value).__name__}"
            )
        if isinstance(value, str):
            try:
                number = float(value.strip().replace("_", ""))
            except ValueError:
                raise ValueError(
                    f"{self.name}: {value[:40]!r} is not a number; allowed {self.range_text()}"
                ) from None
        else:
            try:
                number = float(value)  # numbers.Real covers numpy scalars too
            except OverflowError:
                raise ValueError(
                    f"{self.name}: too large a number; allowed {self.range_text()}"
                ) from None
        if not math.isfinite(number):
            raise ValueError(f"{self.name}: {value!r} is not finite; allowed {self.range_text()}")
        assert self.min is not None and self.max is not None
        if not self.min <= number <= self.max:
            raise ValueError(
                f"{self.name}: {number:g} is out of range; allowed {self.range_text()}"
            )
        if self.kind == "int":
            if number != int(number):
                raise ValueError(
                    f"{self.name}: {number:g} is not a whole number; allowed {self.range_text()}"
                )
            return int(number)
        return number


_SPEC = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[dfgs]")


def _carries_unit(fmt: str) -> bool:
    """Whether a printf format writes a unit besides the number ("%.0f%%", "$%.2f")."""
    return bool(_SPEC.sub("", fmt).replace("%%", "%").strip())

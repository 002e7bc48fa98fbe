"""Pure helpers for the lever widgets, shared by the sidebar (``ui.levers``),
the session state (``ui.state``) and the pages: no Streamlit calls here."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from model.parameters import BY_NAME, Param


def widget_value(name: str, value: Any) -> Any:
    """A parameter value in the type its widget expects."""
    return param_widget_value(BY_NAME[name], value)


def param_widget_value(p: Param, value: Any) -> Any:
    """``value`` in the type of ``p``'s widget: int for whole numbers, float
    for the other numbers, the value itself for a choice."""
    if p.kind == "int":
        return int(value)
    if p.kind == "float":
        return float(value)
    return value


def shows_exactly(p: Param, value: float) -> bool:
    """Whether ``p``'s widget shows ``value`` as it is: its format ("%.0f" for
    a percentage in whole points) writes a number equal to ``value``, so what
    is on screen is what is computed."""
    fmt = p.widget_format
    if p.kind != "float" or fmt is None:
        return True
    return math.isclose(float(fmt % value), value, rel_tol=1e-12, abs_tol=1e-12)


def snap_to_step(p: Param, value: float) -> float:
    """``value`` on the nearest of ``p``'s widget steps (from its minimum; a
    half step rounds up, as the slider does), within its range."""
    assert p.min is not None and p.max is not None and p.step
    low, step = Decimal(repr(float(p.min))), Decimal(repr(float(p.step)))
    steps = ((Decimal(repr(float(value))) - low) / step).to_integral_value(ROUND_HALF_UP)
    return min(max(float(low + steps * step), float(p.min)), float(p.max))


def slider_value(p: Param, value: float) -> float:
    """The value a headline slider can show for ``value``: ``value`` itself
    when the slider shows it exactly (on its step or not), else the nearest
    step (40.5 on a slider of whole percents shows as "41%": it becomes 41)."""
    return float(value) if shows_exactly(p, value) else snap_to_step(p, value)

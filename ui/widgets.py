"""Pure helpers for the lever widgets, shared by the sidebar (``ui.levers``),
the session state (``ui.state``) and the pages: no Streamlit calls here."""

from __future__ import annotations

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

"""The user's actuals in the session: uploaded on the Actuals page, kept with
the open saved scenario, drawn on the Uncertainty fan chart.

The actuals live in session state as checked CSV text (``model.actuals.canonical``),
so what is shown, fitted and saved is the same text. When a saved scenario is
opened, the actuals kept with it (if any) are loaded in place of the current ones.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from model.actuals import canonical, parse_actuals
from model.parameters import BY_NAME
from ui.state import open_scenario, store
from ui.text import md_name
from ui.widgets import widget_value

if TYPE_CHECKING:  # scipy loads only where a fit runs
    from model.fit import FitResult

#: The current actuals as checked CSV text.
ACTUALS_KEY = "_actuals_csv"
#: Where they came from, as markdown: an uploaded file or a saved scenario.
SOURCE_KEY = "_actuals_source"
#: The open saved scenario (name) the actuals were last synced with.
SYNCED_KEY = "_actuals_synced_with"
#: The saved scenario the actuals in use were loaded from or kept with (None: an upload).
FROM_SAVED_KEY = "_actuals_from_saved"


def _sync_with_saved() -> None:
    """Load the actuals kept with the open saved scenario once, when it opens."""
    opened = open_scenario()
    name = opened["name"] if opened else None
    if st.session_state.get(SYNCED_KEY, "\0") == name:
        return
    st.session_state[SYNCED_KEY] = name
    if name is None:
        return
    try:
        text = store().actuals(name)
    except LookupError:
        text = None
    if text is not None:
        mark_kept(name, text)
    elif st.session_state.get(FROM_SAVED_KEY) is not None:
        clear_actuals()  # another scenario's actuals do not belong to this one; uploads stay


def mark_kept(name: str, text: str) -> None:
    """Use ``text``, the actuals kept with saved scenario ``name``."""
    st.session_state[ACTUALS_KEY] = text
    st.session_state[SOURCE_KEY] = f"kept with saved scenario {md_name(name)}"
    st.session_state[FROM_SAVED_KEY] = name


@st.cache_data(max_entries=16, show_spinner=False)
def _parsed(text: str) -> pd.DataFrame:
    return parse_actuals(text)


def current_actuals() -> pd.DataFrame | None:
    """The actuals in use (:func:`model.actuals.parse_actuals`' table), or None."""
    _sync_with_saved()
    text = st.session_state.get(ACTUALS_KEY)
    if not text:
        return None
    try:
        return _parsed(text)
    except ValueError:  # never stored unchecked; a defence, not a path
        st.session_state.pop(ACTUALS_KEY, None)
        return None


def current_text() -> str | None:
    """The actuals in use as CSV text, or None."""
    _sync_with_saved()
    return st.session_state.get(ACTUALS_KEY) or None


def use_actuals(data: str | bytes, source: str, months: list[str]) -> None:
    """Check ``data`` against the plan's ``months`` and make it the actuals in use;
    ValueError (naming the field and row) leaves the current ones as they were."""
    parse_actuals(data, months)
    st.session_state[ACTUALS_KEY] = canonical(data)
    st.session_state[SOURCE_KEY] = source
    st.session_state[FROM_SAVED_KEY] = None


def clear_actuals() -> None:
    """Callback: stop using the current actuals (those kept with a scenario stay kept)."""
    for key in (ACTUALS_KEY, SOURCE_KEY, FROM_SAVED_KEY):
        st.session_state.pop(key, None)


def lever_values(result: FitResult) -> dict[str, float]:
    """The fitted values as the levers take them: 4 significant digits (a fit is
    no more precise), within each input's range, in its widget's type."""
    out = {}
    for name, value in result.fitted.items():
        p = BY_NAME[name]
        assert p.min is not None and p.max is not None
        v = float(f"{value:.4g}") if value and math.isfinite(value) else value
        out[name] = widget_value(name, min(max(v, p.min), p.max))
    return out


def apply_fit(values: dict[str, float]) -> None:
    """Callback: move each fitted input's lever (its widget key) to its value."""
    for name, value in values.items():
        st.session_state[name] = value

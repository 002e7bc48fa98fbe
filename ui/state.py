"""Session state shared by the pages: the current scenario and its projection."""

from __future__ import annotations

import streamlit as st

from model import Projection, Scenario, project
from model.parameters import NAMES
from model.scenario import DEFAULT_PRESET, presets

PRESET_KEY = "preset"


@st.cache_data(max_entries=256, show_spinner=False)
def _project_cached(params_json: str) -> Projection:
    return project(Scenario.from_json(params_json))


def projection(scenario: Scenario) -> Projection:
    """``project(scenario)``, cached by the scenario's values: nothing recomputes twice."""
    return _project_cached(scenario.to_json())


def current_preset() -> str:
    """The preset picked in the sidebar (the default one before the sidebar ran)."""
    name = st.session_state.get(PRESET_KEY, DEFAULT_PRESET)
    return name if name in presets() else DEFAULT_PRESET


def current_scenario() -> Scenario:
    """The scenario the sidebar levers describe: their values in session
    state over the current preset (which fills any lever not drawn yet)."""
    base = Scenario.from_preset(current_preset())
    values = {n: st.session_state[n] for n in NAMES if n in st.session_state}
    try:
        return base.replace(**values)
    except ValueError:
        return base

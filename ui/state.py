"""Session state shared by the pages: the current scenario, its projection,
the scenario store and the saved scenario that is open (if any)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import streamlit as st

from model import Projection, Scenario, project
from model.parameters import NAMES
from model.scenario import DEFAULT_PRESET, presets
from report import figures
from ui.text import md_escape, md_name
from ui.widgets import widget_value

if TYPE_CHECKING:
    from model.store import ScenarioStore

PRESET_KEY = "preset"
#: {"name": str, "version": int, "pinned": bool}: the saved scenario the levers started from.
OPEN_KEY = "_open_scenario"
#: {name: (P10, P90)}: uncertainty ranges set for the current scenario (Uncertainty page).
RANGES_KEY = "_range_overrides"
#: Why the levers give no plan (a ValueError of the model), shown on the page.
PLAN_ERROR_KEY = "_plan_error"


@st.cache_data(max_entries=256, show_spinner=False)
def _project_cached(params_json: str) -> Projection:
    return project(Scenario.from_json(params_json))


def projection(scenario: Scenario) -> Projection:
    """``project(scenario)``, cached by the scenario's values: nothing recomputes twice."""
    return _project_cached(scenario.to_json())


# A resource cache, not a data cache: a cached go.Figure is handed out as the
# object itself, where st.cache_data unpickles a copy (re-validating every
# property) on every hit. Explore's server rerun: 41 -> 34 ms (AppTest, in
# process, with the charts' own JSON step added). The object is shared between
# sessions, so it is read-only: ui.charts.chart and st.plotly_chart both copy it
# (to_json, to_dict) and nothing here changes it; change a copy (go.Figure(fig))
# if a page ever must.
@st.cache_resource(max_entries=128, show_spinner=False)
def _figure_cached(name: str, params_json: str) -> go.Figure:
    return getattr(figures, name)(_project_cached(params_json))


def figure(name: str, scenario: Scenario) -> go.Figure:
    """``report.figures.<name>`` of ``scenario``'s projection, cached like it
    (read-only: the object is shared by every session)."""
    return _figure_cached(name, scenario.to_json())


@st.cache_resource(show_spinner=False)
def store() -> ScenarioStore:
    """The scenario store: DATABASE_URL, else the embedded SQLite file. Results
    saved under an older model are recomputed once, here, at start-up."""
    # Imported here: SQLAlchemy and the store take ~0.2 s to import, and a first
    # visit to Explore (no saved scenario in the link) never touches the store.
    from model.store import ScenarioStore

    db = ScenarioStore()
    db.refresh_results()
    return db


def current_preset() -> str:
    """The preset picked in the sidebar (the default one before the sidebar ran)."""
    name = st.session_state.get(PRESET_KEY, DEFAULT_PRESET)
    return name if name in presets() else DEFAULT_PRESET


def open_scenario() -> dict[str, Any] | None:
    """The saved scenario the levers were opened from, or None."""
    return st.session_state.get(OPEN_KEY)


def scenario_name() -> str:
    """The open saved scenario's name, else the preset's: for file names."""
    opened = open_scenario()
    return opened["name"] if opened is not None else current_preset()


def base_scenario() -> Scenario:
    """What the levers are compared with: the open saved scenario, else the preset."""
    opened = open_scenario()
    if opened is not None:
        try:
            return store().load(opened["name"], opened["version"])
        except (LookupError, ValueError):
            close_saved()  # renamed or deleted meanwhile: fall back to the preset
    return Scenario.from_preset(current_preset())


def base_label() -> str:
    """The baseline for captions, as markdown: the open scenario or the preset."""
    opened = open_scenario()
    if opened is not None:
        return f"saved scenario {md_name(opened['name'])} v{opened['version']}"
    return f"preset “{md_escape(current_preset())}”"


def current_scenario() -> Scenario:
    """The scenario the sidebar levers describe: their values in session
    state over the baseline (which fills any lever not drawn yet)."""
    base = base_scenario()
    values = {n: st.session_state[n] for n in NAMES if n in st.session_state}
    try:
        scenario = base.replace(**values)
        projection(scenario)  # cached; a model the accelerator cannot hold raises here
    except ValueError as exc:
        # A precision the chip lacks, a model too big for it: named on the page
        # (ui.levers.show_warnings), and the baseline shown meanwhile.
        st.session_state[PLAN_ERROR_KEY] = str(exc)
        return base
    st.session_state.pop(PLAN_ERROR_KEY, None)
    overrides = st.session_state.get(RANGES_KEY)
    if overrides is None:
        return scenario
    # Ranges that a lever has since moved out of no longer apply.
    valid = {n: r for n, r in overrides.items() if r[0] <= getattr(scenario, n) <= r[1]}
    return scenario.replace(uncertainty=valid)


def set_levers(scenario: Scenario) -> None:
    """Put every lever at ``scenario``'s value (call before the widgets are drawn,
    e.g. from a callback)."""
    for name, value in scenario.params().items():
        st.session_state[name] = widget_value(name, value)
    st.session_state[RANGES_KEY] = scenario.range_overrides()


def open_saved(name: str, version: int | None = None) -> None:
    """Open a saved scenario into the levers (a callback: runs before the next run)."""
    saved = store().get(name, version)
    set_levers(saved.scenario)
    st.session_state[OPEN_KEY] = {
        "name": saved.name,
        "version": saved.version,
        "pinned": version is not None,
        # Saved by an older app: these parameters did not exist and took defaults.
        "filled_defaults": list(saved.filled_defaults),
        # Saved with inputs since retired (dropped, each with a note).
        "retired": list(saved.scenario.retired),
    }
    st.query_params["scenario"] = saved.name
    if version is not None:
        st.query_params["version"] = str(saved.version)
    elif "version" in st.query_params:
        del st.query_params["version"]


def close_saved() -> None:
    """Forget the open saved scenario (the levers keep their values)."""
    st.session_state.pop(OPEN_KEY, None)
    for key in ("scenario", "version"):
        if key in st.query_params:
            del st.query_params[key]

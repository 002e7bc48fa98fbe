"""The sidebar: preset picker and every lever, generated from the registry.

Each widget's key is its parameter name and is bound to the URL
(``bind="query-params"``), so the address bar reproduces the view. A
widget's default is the baseline's value (the open saved scenario, else the
preset), so a share link carries only what differs from it. Streamlit silently drops URL values it cannot
use, and keeps a slider value between the slider's steps while showing it rounded;
we check them first, put the baseline's value or the nearest step in their place,
and say which parameter was wrong and what is used instead.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from model import Scenario
from model.parameters import BY_NAME, GROUPS, HEADLINE, PARAMETERS, Param
from model.scenario import DEFAULT_PRESET, RETIRED, presets
from ui.state import (
    OPEN_KEY,
    PLAN_ERROR_KEY,
    PRESET_KEY,
    base_label,
    base_scenario,
    close_saved,
    current_preset,
    current_scenario,
    open_saved,
    set_levers,
)
from ui.text import md_escape, md_name
from ui.widgets import param_widget_value, slider_value, widget_value

WARNINGS_KEY = "_url_warnings"
FIXES_KEY = "_url_fixes"
#: {link parameter: raw value} of the link values already checked this session:
#: each is checked (and fixed) once, so a later run never undoes a lever move.
CHECKED_KEY = "_url_checked"

#: The views of Explore's chart picker (its ``view`` link parameter), first the default.
EXPLORE_VIEWS = (
    "Crossover",
    "Cumulative spend",
    "Compute",
    "Fleet",
    "Cost per token",
    "Energy and carbon",
    "Monthly table",
)


@dataclass
class LinkCheck:
    """What is wrong with a link's values, found before the widgets read them."""

    #: Messages that need no baseline: an unknown preset or view, a retired input.
    messages: list[str] = field(default_factory=list)
    #: {parameter: why its value cannot be used}: the baseline's value replaces it.
    bad: dict[str, str] = field(default_factory=dict)
    #: {parameter: (the link's text, the slider's value)}: a slider value its
    #: slider cannot show (between its steps, shown rounded) is put on the step.
    snapped: dict[str, tuple[str, float]] = field(default_factory=dict)


def _unchecked(name: str) -> str | None:
    """The link's value of ``name`` unless it is absent or was checked already."""
    qp = st.query_params
    if name not in qp:
        return None
    raw = qp[name]
    checked = st.session_state.setdefault(CHECKED_KEY, {})
    if checked.get(name) == raw:
        return None
    checked[name] = raw
    return raw


def check_query_params() -> LinkCheck:
    """The link values that are not valid, or that a slider cannot show.

    Called before the widgets read the URL, so that those values can be
    replaced (Streamlit would drop some, truncate others, and keep a slider
    value between its steps while showing it rounded).
    """
    found = LinkCheck()
    qp = st.query_params
    if PRESET_KEY in qp and qp[PRESET_KEY] not in presets():
        found.messages.append(
            f"Link parameter `preset`: {md_name(qp[PRESET_KEY][:60])} is not a preset; "
            f"showing {md_escape(presets()[0])}."
        )
    view = _unchecked("view")
    if view is not None and view not in EXPLORE_VIEWS:
        found.messages.append(
            f"Link parameter `view`: {md_name(view[:60])} is not a view of Explore; showing "
            f"{EXPLORE_VIEWS[0]}. The views are {', '.join(EXPLORE_VIEWS)}."
        )
    for p in PARAMETERS:
        raw = _unchecked(p.name)
        if raw is None:
            continue
        try:
            value = p.coerce(raw)
        except ValueError as exc:
            found.bad[p.name] = str(exc).removeprefix(f"{p.name}: ")
            continue
        if p.headline and isinstance(value, float):
            shown = slider_value(p, value)
            if shown != value:
                found.snapped[p.name] = (raw, shown)
                _relink(p.name, shown)
    for name, note in RETIRED.items():
        if name in qp:  # a link made before the input was retired
            found.messages.append(f"Link parameter `{name}`: {md_escape(note)}. Ignored.")
    return found


def _relink(name: str, value: float) -> None:
    """Put ``value`` in the link in place of the one it replaces, so that the
    address bar, a reload and a copy of the link show what the slider shows.

    Possible only before the slider first binds to the link (a page's first
    run); Streamlit would not correct a value it accepted itself.
    """
    text = str(int(value)) if value.is_integer() else repr(value)
    with contextlib.suppress(StreamlitAPIException):  # bound already: left as it is
        st.query_params[name] = text


def _baseline_source() -> str:
    """Where the baseline's values come from, for "Using ..." messages."""
    opened = st.session_state.get(OPEN_KEY)
    if opened is not None:
        return f"the value of saved scenario {md_name(opened['name'])} v{opened['version']}"
    preset = current_preset()
    if preset == DEFAULT_PRESET:
        return "the default"
    return f"the value of preset “{md_escape(preset)}”"


def _link_fixes(found: LinkCheck, base: Scenario) -> tuple[dict[str, Any], list[str]]:
    """The values replacing a link's bad or unshowable values, and messages
    naming each parameter, the link's value and the value used instead."""
    fixes: dict[str, Any] = {}
    messages: list[str] = []
    source = _baseline_source()
    for name, reason in found.bad.items():
        p = BY_NAME[name]
        fixes[name] = widget_value(name, getattr(base, name))
        messages.append(
            f"Link parameter `{name}` ({p.label}): {md_escape(reason)}. "
            f"Using {source}, {md_escape(p.format(fixes[name]))}."
        )
    for name, (raw, value) in found.snapped.items():
        p = BY_NAME[name]
        fixes[name] = value
        messages.append(
            f"Link parameter `{name}` ({p.label}): {md_name(raw[:30])} lies between the "
            f"slider's steps of {md_escape(p.format(p.step))}; using "
            f"{md_escape(p.format(value))}."
        )
    return fixes, messages


def apply_preset() -> None:
    """Set every lever to the picked preset's value (preset change); this
    closes any open saved scenario."""
    close_saved()
    reset_levers()


def reset_levers() -> None:
    """Set every lever back to the baseline: the open saved scenario, else the preset."""
    set_levers(base_scenario())
    st.session_state.pop(WARNINGS_KEY, None)


def _open_from_link(messages: list[str]) -> None:
    """Open ``?scenario=NAME[&version=N]`` unless it is already the open one; a
    version that does not exist (or is no number) opens the latest, saying so."""
    qp = st.query_params
    opened = st.session_state.get(OPEN_KEY)
    name = qp.get("scenario")
    if not name:
        if opened is not None:  # a page switch drops plain query params: keep them
            qp["scenario"] = opened["name"]
            if opened["pinned"]:
                qp["version"] = str(opened["version"])
        return
    raw_version = qp.get("version")
    version = None
    if raw_version is not None:
        try:
            version = int(raw_version)
            if not 1 <= version < 2**31:
                raise ValueError
        except ValueError:
            messages.append(
                f"Link parameter `version`: {md_name(raw_version[:20])} is not a version "
                "number; showing the latest version."
            )
            del qp["version"]
    same = opened is not None and opened["name"].casefold() == name.strip().casefold()
    if same and version in (None, opened["version"]):
        return
    try:
        open_saved(name, version)
        return
    except (LookupError, ValueError) as exc:
        problem = str(exc)
    if version is not None:
        try:  # the scenario may be there without that version: open its latest
            open_saved(name)
        except (LookupError, ValueError):
            pass
        else:
            latest = st.session_state[OPEN_KEY]
            messages.append(
                f"Link parameter `version`: saved scenario {md_name(latest['name'])} has no "
                f"version {version}; showing its latest, version {latest['version']}."
            )
            return
    messages.append(f"Link parameter `scenario`: {md_escape(problem)}. Showing the preset instead.")
    close_saved()


def _help(p: Param) -> str:
    unit = f" Unit: {p.unit}." if p.unit else ""
    rng = f" Range: {p.range_text()}." if p.kind != "choice" else ""
    return f"{p.help}{unit}{rng}\n\nDefault's source: {p.source}"


def _widget(p: Param, default: Any) -> None:
    common = {"key": p.name, "help": _help(p), "bind": "query-params"}
    value = param_widget_value(p, default)
    if p.kind == "choice":
        st.selectbox(p.label, p.choices, index=p.choices.index(value), **common)
    elif p.headline:
        st.slider(
            p.label,
            min_value=param_widget_value(p, p.min),
            max_value=param_widget_value(p, p.max),
            value=value,
            step=param_widget_value(p, p.step),
            format=p.fmt,
            **common,
        )
    else:
        label = f"{p.label} ({p.unit})" if p.unit else p.label
        st.number_input(
            label,
            min_value=param_widget_value(p, p.min),
            max_value=param_widget_value(p, p.max),
            value=value,
            step=param_widget_value(p, p.step),
            format=p.widget_format,
            **common,
        )


def sidebar() -> Scenario:
    """Draw the sidebar and return the scenario its levers describe."""
    messages: list[str] = []
    _open_from_link(messages)  # first: a bad link value then falls back to the saved one
    found = check_query_params()
    with st.sidebar:
        st.selectbox(
            "Preset",
            presets(),
            key=PRESET_KEY,
            bind="query-params",
            on_change=apply_preset,
            help="A starting point with sourced values; the levers below adjust it.",
        )
        base = base_scenario()
        # Values replacing bad or unshowable link values. On a page's first run
        # the link's value wins over session state, so a value that did not take
        # is set again on one extra run (as is one Streamlit coerced: 2.5 -> 2).
        fixes = st.session_state.pop(FIXES_KEY, {})
        link_fixes, fix_messages = _link_fixes(found, base)
        fixes.update(link_fixes)
        for name, value in fixes.items():
            st.session_state[name] = value
        for p in HEADLINE:
            _widget(p, getattr(base, p.name))
        for group in GROUPS:
            members = [p for p in PARAMETERS if p.group == group and not p.headline]
            if not members:
                continue
            with st.expander(group, expanded=False):
                for p in members:
                    _widget(p, getattr(base, p.name))
        label = "Reset to saved scenario" if st.session_state.get(OPEN_KEY) else "Reset to preset"
        st.button(label, on_click=reset_levers, width="stretch")
    messages = found.messages + fix_messages + messages
    if messages:
        st.session_state[WARNINGS_KEY] = messages
    unapplied = {n: v for n, v in fixes.items() if st.session_state.get(n) != v}
    if not unapplied:
        st.session_state.pop(FIXES_KEY + "_done", None)
    elif not st.session_state.get(FIXES_KEY + "_done"):
        st.session_state[FIXES_KEY] = unapplied
        st.session_state[FIXES_KEY + "_done"] = True  # one extra run at most
        st.rerun()

    return current_scenario()


def show_warnings() -> None:
    """Show why the levers name no plan (if they do not), and the bad-link
    messages with a button to dismiss them."""
    refused = st.session_state.get(PLAN_ERROR_KEY)
    if refused:
        st.error(
            f"These levers give no plan: {md_escape(refused)} Showing the {base_label()} "
            "instead; change the model, precision or accelerator in the sidebar.",
            icon=":material/block:",
        )
    messages = st.session_state.get(WARNINGS_KEY)
    if not messages:
        return
    for msg in messages:
        st.warning(msg, icon="⚠️")  # link text inside is escaped where the message is made
    if st.button("Dismiss", key="_dismiss_url_warnings"):
        st.session_state.pop(WARNINGS_KEY, None)
        st.rerun()

"""The sidebar: preset picker and every lever, generated from the registry.

Each widget's key is its parameter name and is bound to the URL
(``bind="query-params"``), so the address bar reproduces the view. A
widget's default is the baseline's value (the open saved scenario, else the
preset), so a share link carries only what differs from it. Streamlit silently drops URL values it cannot
use; we check them first and say which parameter was wrong.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from model import Scenario
from model.parameters import GROUPS, HEADLINE, PARAMETERS, Param
from model.scenario import RETIRED, presets
from ui.state import (
    OPEN_KEY,
    PLAN_ERROR_KEY,
    PRESET_KEY,
    base_label,
    base_scenario,
    close_saved,
    current_scenario,
    open_saved,
    set_levers,
)
from ui.text import md_escape, md_name
from ui.widgets import param_widget_value, widget_value

WARNINGS_KEY = "_url_warnings"
FIXES_KEY = "_url_fixes"


def check_query_params() -> tuple[list[str], list[str]]:
    """Messages for URL values that are not valid, naming each parameter,
    and the names of those parameters.

    Called before the widgets read the URL, so that the bad values can be
    replaced by the preset's (Streamlit would drop some and truncate others).
    """
    messages, bad = [], []
    qp = st.query_params
    if PRESET_KEY in qp and qp[PRESET_KEY] not in presets():
        messages.append(
            f"Link parameter `preset`: {md_name(qp[PRESET_KEY][:60])} is not a preset; "
            f"showing {md_escape(presets()[0])}."
        )
    for p in PARAMETERS:
        if p.name not in qp:
            continue
        raw = qp[p.name]
        try:
            p.coerce(raw)
        except ValueError as exc:
            reason = str(exc).removeprefix(f"{p.name}: ")
            messages.append(
                f"Link parameter `{p.name}` ({p.label}): {md_escape(reason)}. "
                "Using the preset's value."
            )
            bad.append(p.name)
    for name, note in RETIRED.items():
        if name in qp:  # a link made before the input was retired
            messages.append(f"Link parameter `{name}`: {md_escape(note)}. Ignored.")
    return messages, bad


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
    """Open ``?scenario=NAME[&version=N]`` unless it is already the open one."""
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
                f"Link parameter `version`: {md_name(raw_version[:20])} is not a version number."
            )
    same = opened is not None and opened["name"].casefold() == name.strip().casefold()
    if same and version in (None, opened["version"]):
        return
    try:
        open_saved(name, version)
    except (LookupError, ValueError) as exc:
        messages.append(
            f"Link parameter `scenario`: {md_escape(str(exc))}. Showing the preset instead."
        )
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
    found, bad = check_query_params()
    _open_from_link(found)
    if found:
        st.session_state[WARNINGS_KEY] = found
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
        # Values replacing bad link values; a second pass covers the values
        # Streamlit coerced from the link on the first (2.5 -> 2 for whole numbers).
        fixes = st.session_state.pop(FIXES_KEY, {})
        fixes.update({n: widget_value(n, getattr(base, n)) for n in bad})
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
    unapplied = {n: v for n, v in fixes.items() if st.session_state.get(n) != v}
    if unapplied and not st.session_state.get(FIXES_KEY + "_done"):
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

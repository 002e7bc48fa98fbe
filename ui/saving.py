"""Saving the current levers: a new version of the open scenario, or under a name."""

from __future__ import annotations

import streamlit as st

from model import Scenario
from model.parameters import BY_NAME
from ui.state import open_saved, open_scenario, store
from ui.text import md_escape, md_name

#: Session-state keys of a save form's name and note fields: the prefixes and the form's key.
NAME_FIELD, NOTE_FIELD = "_save_name_", "_save_note_"


def _clear_fields() -> None:
    """Empty every save form's name and note, so no form carries an earlier save's
    text (a note describing other levers) into the next. Runs in a callback,
    before the next run draws the fields: Streamlit allows setting a widget's
    value only then."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith((NAME_FIELD, NOTE_FIELD)):
            st.session_state[key] = ""


def _save(name: str, scenario: Scenario, note: str) -> None:
    """Callback: save, open what was saved, empty the save forms, and say so
    (errors name the field and keep what was typed)."""
    try:
        version = store().save(name, scenario, note=note)
    except ValueError as exc:
        st.session_state["_save_error"] = str(exc)
        return
    _clear_fields()
    open_saved(name)
    saved = open_scenario()
    assert saved is not None
    st.session_state["_save_done"] = f"Saved {md_name(saved['name'])} as version {version}."
    st.session_state["_library_pick"] = saved["name"]
    st.session_state.pop("_save_error", None)


def _save_from_form(scenario: Scenario, key: str) -> None:
    _save(
        st.session_state.get(NAME_FIELD + key, ""),
        scenario,
        st.session_state.get(NOTE_FIELD + key, ""),
    )


def unsaved_banner(scenario: Scenario, base: Scenario) -> None:
    """Under the headline: the open scenario, its unsaved changes, one-click save."""
    opened = open_scenario()
    done = st.session_state.pop("_save_done", None)
    if done:
        st.success(done, icon=":material/check_circle:")
    if opened is None:
        return
    name = md_name(opened["name"])
    filled = opened.get("filled_defaults") or []
    if filled:
        labels = ", ".join(f"{BY_NAME[n].label} (`{n}`)" for n in filled)
        st.info(
            f"{name} version {opened['version']} was saved by an earlier version of this "
            f"app. These parameters did not exist then and take their defaults: {labels}.",
            icon=":material/update:",
        )
    for note in opened.get("retired") or []:
        st.info(f"{name} version {opened['version']}: {md_escape(note)}.", icon=":material/update:")
    changes = scenario.diff(base)
    if not changes:
        st.caption(f"Saved scenario {name}, version {opened['version']}: no unsaved changes.")
        return
    cols = st.columns([3, 1], vertical_alignment="center")
    n = len(changes)
    cols[0].info(
        f"{n} unsaved change{'s' if n != 1 else ''} to saved scenario {name} "
        f"(version {opened['version']}): "
        f"{', '.join(BY_NAME[c].label for c in changes)}.",
        icon=":material/edit:",
    )
    cols[1].button(
        "Save as new version",
        key="_save_new_version",
        on_click=_save,
        args=(opened["name"], scenario, ""),
        type="primary",
        width="stretch",
    )


def save_form(scenario: Scenario, key: str) -> None:
    """A name, a note and a Save button for the current levers.

    Both fields start empty and are emptied by every save (a refused save keeps
    them, to correct): a name or note is never carried to the next save unseen.
    """
    opened = open_scenario()
    again = (
        f" To add a version to the open scenario, save under its name, {md_name(opened['name'])}."
        if opened
        else ""
    )
    with st.form(f"save_form_{key}", clear_on_submit=False, border=False):
        st.text_input(
            "Scenario name",
            placeholder="e.g. Board plan",
            help="1-80 characters; any text, shown exactly as typed. "
            "Saving under an existing name adds a version." + again,
            key=NAME_FIELD + key,
        )
        st.text_input("Note (optional)", key=NOTE_FIELD + key)
        st.form_submit_button(
            "Save", type="primary", on_click=_save_from_form, args=(scenario, key)
        )
    done = st.session_state.pop("_save_done", None)
    if done:
        st.success(done, icon=":material/check_circle:")
    error = st.session_state.pop("_save_error", None)
    if error:
        st.error(f"Not saved: {md_escape(error)}", icon=":material/error:")

"""Library: saved scenarios. Search, open, save, rename, duplicate, delete,
restore, version history, import, export and share links.

Names are user text: they are shown through st.dataframe, widget options and
escaped markdown, never as markup.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from model import units
from model.store import MAX_IMPORT_BYTES
from ui.saving import save_form
from ui.state import current_scenario, open_saved, store
from ui.text import md_escape, md_name

db = store()


def share_link(name: str, version: int | None = None) -> str:
    """An absolute link that opens ``name`` (at ``version``) in Explore."""
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    query = {"scenario": name} | ({"version": str(version)} if version else {})
    return f"{parts.scheme}://{parts.netloc}/?{urlencode(query)}"


def _when(dt: datetime) -> str:
    return f"{dt:%d %b %Y %H:%M} UTC"


def _open(name: str, version: int | None = None) -> None:
    open_saved(name, version)
    st.session_state["_go_explore"] = True


def _act(action: str, *args: str) -> None:
    """Callback for the row actions: run it, keep a message naming what happened."""
    try:
        getattr(db, action)(*args)
    except (LookupError, ValueError) as exc:
        st.session_state["_library_msg"] = ("error", md_escape(str(exc)))
        return
    opened = st.session_state.get("_open_scenario")
    if action == "rename" and opened and opened["name"] == args[0]:
        opened["name"] = db.get(args[1]).name  # the open scenario follows its new name
        st.query_params["scenario"] = opened["name"]
    done = {
        "rename": "Renamed",
        "duplicate": "Duplicated",
        "delete": "Moved to Recently deleted:",
        "restore": "Restored",
        "purge": "Deleted for good:",
    }[action]
    st.session_state["_library_msg"] = ("success", f"{done} {md_name(args[0])}.")


if st.session_state.pop("_go_explore", False):
    st.switch_page("app_pages/explore.py")

st.title("Scenario library")
msg = st.session_state.pop("_library_msg", None)
if msg:
    getattr(st, msg[0])(msg[1])

with st.expander("Save the current levers", icon=":material/save:"):
    save_form(current_scenario(), key="library")

search = st.text_input("Search by name", key="_library_search", placeholder="Type part of a name")
rows = db.list(search=search)
if not rows:
    st.info("No saved scenarios match." if search else "No saved scenarios yet: save one above.")
else:
    table = pd.DataFrame(
        {
            "Name": [r.name for r in rows],
            "Version": [r.latest_version for r in rows],
            "Updated": [_when(r.updated_at) for r in rows],
            "Inference overtakes": [units.month(r.summary["crossover_month"]) for r in rows],
            "Total spend": [units.money(r.summary["total_spend_usd"]) for r in rows],
            "Note": [r.note for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")

    names = [r.name for r in rows]
    if st.session_state.get("_library_pick") not in names:
        st.session_state.pop("_library_pick", None)  # renamed, deleted or filtered out
    chosen = st.selectbox("Scenario", names, key="_library_pick")
    assert chosen is not None
    a, b, c, d = st.columns(4)
    a.button("Open in Explore", on_click=_open, args=(chosen,), type="primary", width="stretch")
    with b.popover("Rename", width="stretch"):
        st.text_input("New name", value=chosen, key="_rename_to")
        st.button(
            "Rename",
            on_click=lambda: _act("rename", chosen, st.session_state["_rename_to"]),
            key="_rename_go",
        )
    with c.popover("Duplicate", width="stretch"):
        st.text_input("Name of the copy", value=f"{chosen} (copy)"[:80], key="_dup_to")
        st.button(
            "Duplicate",
            on_click=lambda: _act("duplicate", chosen, st.session_state["_dup_to"]),
            key="_dup_go",
        )
    d.button("Delete", on_click=_act, args=("delete", chosen), width="stretch")

    st.markdown("**Share link** (opens this scenario in Explore; copy with the button)")
    st.code(share_link(chosen), language=None)

    st.subheader("Version history")
    for v in db.history(chosen):
        cols = st.columns([1, 2, 3, 2, 2], vertical_alignment="center")
        cols[0].markdown(f"**v{v.version}**")
        cols[1].text(_when(v.created_at))
        cols[2].text(v.note or "—")
        cols[3].text(
            f"{units.month(v.summary['crossover_month'])} · {units.money(v.summary['total_spend_usd'])}"
        )
        cols[4].button(
            "Open this version",
            key=f"_open_v{v.version}",
            on_click=_open,
            args=(chosen, v.version),
            width="stretch",
        )

deleted = db.list(deleted=True)
with st.expander(f"Recently deleted ({len(deleted)})", icon=":material/delete:"):
    if not deleted:
        st.caption("Nothing deleted.")
    for i, r in enumerate(deleted):
        cols = st.columns([4, 1, 1], vertical_alignment="center")
        cols[0].text(f"{r.name} · deleted {_when(r.deleted_at)}" if r.deleted_at else r.name)
        cols[1].button("Restore", key=f"_restore_{i}", on_click=_act, args=("restore", r.name))
        cols[2].button("Delete for good", key=f"_purge_{i}", on_click=_act, args=("purge", r.name))

st.subheader("Import and export")
left, right = st.columns(2)
with left:
    upload = st.file_uploader(
        "Import scenarios (JSON export)",
        type=["json"],
        key="_import_file",
        max_upload_size=1,
        help=f"A file exported from this app, at most {MAX_IMPORT_BYTES // 1000:,} kB. "
        "Every scenario is checked before anything is saved; saving never overwrites.",
    )
    if upload is not None and st.button("Import", key="_import_go"):
        try:
            added = db.import_json(upload.getvalue())
        except ValueError as exc:
            st.error(f"Nothing imported: {md_escape(str(exc))}", icon=":material/error:")
        else:
            total = sum(n for _, n in added)
            st.success(
                f"Imported {total} version{'s' if total != 1 else ''} of "
                f"{len(added)} scenario{'s' if len(added) != 1 else ''}."
            )
with right:
    st.download_button(
        "Export the whole library (JSON)",
        data=db.export_json() if rows else "",
        file_name="scenarios.json",
        mime="application/json",
        disabled=not rows,
        icon=":material/download:",
    )

"""Named scenarios persisted with SQLAlchemy 2: save adds a version, never overwrites.

Any SQLAlchemy URL works; SQLite (the default, an embedded file) and
PostgreSQL (psycopg 3) are tested. On SQLite the file runs in WAL mode with a
busy timeout and every write is one short ``BEGIN IMMEDIATE`` transaction, so
concurrent writers queue instead of failing (the habit of datasette's
``execute_write_fn``: writes go through one path, :meth:`ScenarioStore._write`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from model import actuals_store
from model.actuals import canonical
from model.db import Base, ScenarioRow, VersionRow, make_engine
from model.exchange import (
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    parse_import,
    parse_import_entries,
)
from model.names import MAX_NAME_LENGTH, name_key, validate_name, validate_note
from model.results import CURRENT_PREFIX, current_result, is_current, result_json
from model.scenario import Scenario

__all__ = [
    "MAX_IMPORT_BYTES",
    "MAX_NAME_LENGTH",
    "Base",
    "Listing",
    "SavedVersion",
    "ScenarioStore",
    "name_key",
    "parse_import",
    "validate_name",
]

DEFAULT_URL = f"sqlite:///{Path(__file__).resolve().parent.parent / 'data' / 'scenarios.db'}"
_RETRIES = 8
T = TypeVar("T")


@dataclass(frozen=True)
class SavedVersion:
    """A stored version, with the scenario rebuilt from its parameters."""

    name: str
    version: int
    note: str
    created_at: datetime
    scenario: Scenario
    summary: dict[str, Any]
    #: Parameters the stored version lacked (saved by an older app), filled with defaults.
    filled_defaults: tuple[str, ...]


@dataclass(frozen=True)
class Listing:
    """A scenario in the library list: its latest version's note and KPIs."""

    name: str
    latest_version: int
    versions: int
    updated_at: datetime
    note: str
    deleted_at: datetime | None
    summary: dict[str, Any]


def _saved_version(
    name: str, version: int, note: str, created_at: datetime, params: str, summary: str
) -> SavedVersion:
    scenario = Scenario.from_dict(json.loads(params))
    return SavedVersion(
        name=name,
        version=version,
        note=note,
        created_at=_utc(created_at),
        scenario=scenario,
        summary=current_result(summary, scenario),
        filled_defaults=scenario.filled_defaults,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(dt: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


class ScenarioStore:
    """Named, versioned scenarios in any SQLAlchemy database.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; default the ``DATABASE_URL`` environment variable, else
        an SQLite file ``data/scenarios.db`` beside the code.
    busy_timeout_s : float
        How long an SQLite writer waits for another to finish [s].
    """

    def __init__(self, url: str | None = None, *, busy_timeout_s: float = 30.0) -> None:
        self._url = url or os.environ.get("DATABASE_URL") or DEFAULT_URL
        self.is_sqlite = self._url.startswith("sqlite")
        self.engine: Engine = make_engine(self._url, busy_timeout_s)

    @property
    def url(self) -> str:
        return self._url

    def close(self) -> None:
        self.engine.dispose()

    # -- the one write path -------------------------------------------------
    def _write(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` in one short transaction, retrying when a concurrent
        writer won a race (a duplicate version number or name, or a lock)."""
        for attempt in range(_RETRIES):
            try:
                with Session(self.engine, expire_on_commit=False) as session, session.begin():
                    return fn(session)
            except (IntegrityError, OperationalError) as exc:
                if attempt == _RETRIES - 1 or not _retryable(exc):
                    raise
        raise AssertionError("unreachable")

    def _read(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` in a read-only transaction: on SQLite a deferred BEGIN,
        which reads a WAL snapshot and never waits for a writer."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(read_only=True)
            with Session(bind=conn) as session:
                return fn(session)

    # -- lookups ---------------------------------------------------------------
    @staticmethod
    def _find(session: Session, name: str, *, deleted: bool | None = False) -> ScenarioRow:
        """The scenario named ``name``; ``deleted`` None finds either state."""
        key = name_key(name) if isinstance(name, str) else ""
        row = session.scalar(select(ScenarioRow).where(ScenarioRow.name_key == key))
        if row is None or (deleted is not None and (row.deleted_at is not None) != deleted):
            state = "in Recently deleted" if deleted else "saved"
            raise LookupError(f"scenario {name!r}: no such {state} scenario")
        return row

    @staticmethod
    def _saved(row: ScenarioRow, v: VersionRow) -> SavedVersion:
        return _saved_version(
            row.name, v.version, v.note, v.created_at, v.params_json, v.summary_json
        )

    # -- public API ------------------------------------------------------------
    def save(self, name: str, scenario: Scenario, note: str = "") -> int:
        """Add ``scenario`` as the next version of ``name``; returns its number."""
        display = validate_name(name)
        if not isinstance(scenario, Scenario):
            raise ValueError("scenario: expected a Scenario")
        validate_note(note)
        params = json.dumps(scenario.to_dict())
        summary = result_json(scenario)
        return self._write(lambda s: self._add_version(s, display, params, summary, note))

    def _add_version(
        self, session: Session, display: str, params: str, summary: str, note: str
    ) -> int:
        now = _now()
        key = name_key(display)
        row = session.scalar(
            select(ScenarioRow).where(ScenarioRow.name_key == key).with_for_update()
        )
        if row is None:
            row = ScenarioRow(name=display, name_key=key, created_at=now, updated_at=now)
            session.add(row)
            session.flush()  # a concurrent insert of the same name fails here and retries
        last = session.scalar(
            select(func.max(VersionRow.version)).where(VersionRow.scenario_id == row.id)
        )
        number = (last or 0) + 1
        session.add(
            VersionRow(
                scenario_id=row.id,
                version=number,
                params_json=params,
                summary_json=summary,
                note=note,
                created_at=now,
            )
        )
        row.updated_at = now
        row.deleted_at = None  # saving under a deleted name brings it back
        session.flush()
        return number

    def get(self, name: str, version: int | None = None) -> SavedVersion:
        """A stored version (latest by default); LookupError naming what is missing."""
        if version is not None and (
            isinstance(version, bool) or not isinstance(version, int) or not 1 <= version < 2**31
        ):
            raise LookupError(f"scenario {name!r}: no version {version!r}")
        if not isinstance(name, str):
            raise LookupError(f"scenario {name!r}: no such saved scenario")
        q = (
            select(
                ScenarioRow.name,
                VersionRow.version,
                VersionRow.note,
                VersionRow.created_at,
                VersionRow.params_json,
                VersionRow.summary_json,
            )
            .join(VersionRow, VersionRow.scenario_id == ScenarioRow.id)
            .where(ScenarioRow.name_key == name_key(name), ScenarioRow.deleted_at.is_(None))
        )
        q = (
            q.order_by(VersionRow.version.desc()).limit(1)
            if version is None
            else q.where(VersionRow.version == version)
        )

        def read(session: Session) -> SavedVersion:
            row = session.execute(q).first()
            if row is None:
                # Say which part is missing: the name or the version.
                found = self._find(session, name)
                raise LookupError(f"scenario {found.name!r}: no version {version}")
            return _saved_version(*row)

        return self._read(read)

    def load(self, name: str, version: int | None = None) -> Scenario:
        """The scenario saved as ``name`` (latest version by default)."""
        return self.get(name, version).scenario

    def list(self, search: str = "", deleted: bool = False) -> list[Listing]:
        """Live (or soft-deleted) scenarios, most recently updated first."""
        latest = (
            select(
                VersionRow.scenario_id,
                func.max(VersionRow.version).label("latest"),
                func.count(VersionRow.id).label("n"),
            )
            .group_by(VersionRow.scenario_id)
            .subquery()
        )
        # Columns, not ORM entities: a list of 10,000 builds no identity map.
        q = (
            select(
                ScenarioRow.name,
                ScenarioRow.updated_at,
                ScenarioRow.deleted_at,
                VersionRow.version,
                VersionRow.note,
                VersionRow.summary_json,
                latest.c.n,
                VersionRow.id,
            )
            .select_from(ScenarioRow)
            .join(latest, latest.c.scenario_id == ScenarioRow.id)
            .join(
                VersionRow,
                (VersionRow.scenario_id == ScenarioRow.id)
                & (VersionRow.version == latest.c.latest),
            )
            .where(
                ScenarioRow.deleted_at.is_not(None) if deleted else ScenarioRow.deleted_at.is_(None)
            )
            .order_by(ScenarioRow.updated_at.desc(), ScenarioRow.id.desc())
        )
        needle = name_key(search) if isinstance(search, str) else ""
        if needle:
            # Escape LIKE wildcards: a search for "50%" means the text "50%".
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            q = q.where(ScenarioRow.name_key.like(f"%{escaped}%", escape="\\"))

        def read(session: Session) -> list[Listing]:
            rows = session.execute(q).all()
            # Results of an older model (normally refreshed at start-up) are recomputed.
            stale = [r[-1] for r in rows if not is_current(r[5])]
            params = (
                dict(
                    session.execute(
                        select(VersionRow.id, VersionRow.params_json).where(
                            VersionRow.id.in_(stale)
                        )
                    ).all()
                )
                if stale
                else {}
            )
            return [
                Listing(
                    name=name,
                    latest_version=version,
                    versions=int(n),
                    updated_at=_utc(updated),
                    note=note,
                    deleted_at=_utc(deleted_at) if deleted_at else None,
                    summary=current_result(summary, params.get(vid, "")),
                )
                for name, updated, deleted_at, version, note, summary, n, vid in rows
            ]

        return self._read(read)

    def history(self, name: str) -> list[SavedVersion]:
        """Every version of ``name``, newest first."""

        def read(session: Session) -> list[SavedVersion]:
            row = self._find(session, name)
            versions = session.scalars(
                select(VersionRow)
                .where(VersionRow.scenario_id == row.id)
                .order_by(VersionRow.version.desc())
            )
            return [self._saved(row, v) for v in versions]

        return self._read(read)

    def refresh_results(self) -> int:
        """Recompute every stored result computed by another model version
        (:data:`model.results.MODEL_VERSION`); returns how many. Run once at
        start-up by the app and the CLI; the parameters are never touched."""

        def write(session: Session) -> int:
            stale = session.execute(
                select(VersionRow.id, VersionRow.params_json, VersionRow.summary_json).where(
                    ~VersionRow.summary_json.startswith(CURRENT_PREFIX, autoescape=True)
                )
            ).all()
            for vid, params, summary in stale:
                fresh = json.dumps(current_result(summary, params))
                session.execute(
                    update(VersionRow).where(VersionRow.id == vid).values(summary_json=fresh)
                )
            return len(stale)

        return self._write(write)

    def rename(self, name: str, new_name: str) -> None:
        """Give ``name`` a new name (ValueError if another scenario has it)."""
        display = validate_name(new_name)

        def write(session: Session) -> None:
            row = self._find(session, name, deleted=None)
            key = name_key(display)
            if key != row.name_key:
                taken = session.scalar(select(ScenarioRow.id).where(ScenarioRow.name_key == key))
                if taken is not None:
                    raise ValueError(f"name: {display!r} is already used by another scenario")
            row.name, row.name_key, row.updated_at = display, key, _now()

        self._write(write)

    def duplicate(self, name: str, new_name: str) -> int:
        """Copy the latest version of ``name`` as version 1 of ``new_name``."""
        display = validate_name(new_name)
        saved = self.get(name)

        def write(session: Session) -> int:
            key = name_key(display)
            if session.scalar(select(ScenarioRow.id).where(ScenarioRow.name_key == key)):
                raise ValueError(f"name: {display!r} is already used by another scenario")
            note = f"Copy of {saved.name} v{saved.version}" + (
                f": {saved.note}" if saved.note else ""
            )
            return self._add_version(
                session,
                display,
                json.dumps(saved.scenario.to_dict()),
                json.dumps(saved.summary),
                note,
            )

        return self._write(write)

    def delete(self, name: str) -> None:
        """Soft delete: the scenario moves to "Recently deleted"."""

        def write(session: Session) -> None:
            self._find(session, name).deleted_at = _now()

        self._write(write)

    def restore(self, name: str) -> None:
        """Bring a soft-deleted scenario back."""

        def write(session: Session) -> None:
            self._find(session, name, deleted=True).deleted_at = None

        self._write(write)

    def purge(self, name: str) -> None:
        """Remove a deleted scenario and all its versions for good."""

        def write(session: Session) -> None:
            row = self._find(session, name, deleted=None)
            if row.deleted_at is None:
                raise ValueError(f"scenario {row.name!r}: delete it before purging it")
            session.delete(row)

        self._write(write)

    # -- monthly actuals (model/actuals_store.py) ---------------------------------
    def save_actuals(self, name: str, csv_text: str | bytes) -> None:
        """Keep monthly actuals (a CSV file, :func:`model.actuals.parse_actuals`)
        with the saved scenario ``name``, replacing any it had. ValueError
        naming the field and row of a bad file; LookupError for no such scenario."""
        text = canonical(csv_text)
        self._write(lambda s: actuals_store.save(s, self._find(s, name).id, text, _now()))

    def actuals(self, name: str) -> str | None:
        """The actuals kept with ``name`` as CSV text (``month`` then its series), or None."""
        return self._read(lambda s: actuals_store.load(s, self._find(s, name).id))

    def delete_actuals(self, name: str) -> bool:
        """Forget the actuals kept with ``name``; whether it had any."""
        return self._write(lambda s: actuals_store.remove(s, self._find(s, name).id))

    # -- export and import -------------------------------------------------------
    def export_json(self, names: Iterable[str] | None = None) -> str:
        """The named scenarios (default: every live one) with all their versions."""
        wanted = [entry.name for entry in self.list()] if names is None else list(names)
        scenarios = []
        for n in wanted:
            versions = sorted(self.history(n), key=lambda v: v.version)
            entry: dict[str, Any] = {
                "name": versions[0].name,
                "versions": [
                    {
                        "version": v.version,
                        "note": v.note,
                        "created_at": v.created_at.isoformat(),
                        "params": v.scenario.to_dict(),
                    }
                    for v in versions
                ],
            }
            actuals = self.actuals(n)
            if actuals is not None:
                entry["actuals"] = {"csv": actuals}
            scenarios.append(entry)
        doc = {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": _now().isoformat(),
            "scenarios": scenarios,
        }
        return json.dumps(doc, indent=2, ensure_ascii=False)

    def import_json(self, data: str | bytes) -> list[tuple[str, int]]:
        """Add the scenarios of an export (or one ``{"name", "params"}`` object),
        with the actuals an entry carries (which replace any kept before).

        Everything is validated before anything is written, and all versions
        are added in one transaction: on any error nothing stored changes.
        Returns ``[(name, versions added)]``.
        """
        entries = parse_import_entries(data)
        prepared = [
            (
                name,
                [(json.dumps(s.to_dict()), result_json(s), note) for s, note in versions],
                actuals,
            )
            for name, versions, actuals in entries
        ]

        def write(session: Session) -> list[tuple[str, int]]:
            for name, versions, actuals in prepared:
                for params, summary, note in versions:
                    self._add_version(session, name, params, summary, note)
                if actuals is not None:  # the file's actuals replace any kept before
                    actuals_store.save(session, self._find(session, name).id, actuals, _now())
            return [(name, len(versions)) for name, versions, _ in prepared]

        return self._write(write)


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        return True  # a concurrent writer took the version number or the name
    text = str(exc).lower()
    return "locked" in text or "busy" in text or "deadlock" in text or "serializ" in text

"""Fixtures for the scenario store: every test runs on SQLite and on PostgreSQL.

``store`` is parametrized over two backends:

* ``sqlite``: a real file in ``tmp_path`` (``sqlite:///{tmp_path}/s.db``);
* ``postgres``: the server named by ``TEST_DATABASE_URL``. Without it the
  postgres cases are skipped, or fail when ``POSTGRES=required`` (CI). All
  tables are dropped before and after each test, so tests are isolated.

``other_store`` is a second, independent, empty store on the same backend
(another SQLite file, or a second PostgreSQL database created for the session).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_MISSING = (
    "PostgreSQL not available: set TEST_DATABASE_URL (bash .ci/run starts a throwaway server)"
)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _pg_url() -> str:
    """TEST_DATABASE_URL, or skip (fail with POSTGRES=required) when unset."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        if os.environ.get("POSTGRES") == "required":
            pytest.fail(PG_MISSING, pytrace=False)
        pytest.skip(PG_MISSING)
    return url


def _cleanup_engine(url: str) -> sa.Engine:
    # A lock timeout turns a connection the store forgot to release into an
    # error instead of a hung DROP TABLE.
    return sa.create_engine(url, connect_args={"options": "-c lock_timeout=10000"})


def drop_all_tables(url: str) -> None:
    """Drop every table in the PostgreSQL database at ``url``, whatever created it."""
    engine = _cleanup_engine(url)
    try:
        with engine.begin() as conn:
            names = sa.inspect(conn).get_table_names()
            if names:
                quote = conn.dialect.identifier_preparer.quote
                conn.exec_driver_sql(f"DROP TABLE {', '.join(map(quote, names))} CASCADE")
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_other_url() -> Iterator[str]:
    """A second PostgreSQL database next to TEST_DATABASE_URL's, dropped after the session."""
    url = make_url(_pg_url())
    other = url.set(database=f"{url.database}_other")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": other.database}
            ).scalar()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{other.database}"')
        yield other.render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{other.database}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend name: "sqlite" or "postgres"."""
    if request.param == "postgres":
        _pg_url()
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[int], str]:
    """``store_url(0)`` is the main store's URL, ``store_url(1)`` a second, independent one."""

    def url(slot: int = 0) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path}/s.db" if slot == 0 else f"sqlite:///{tmp_path}/s{slot}.db"
        if slot == 0:
            return _pg_url()
        if slot == 1:
            return request.getfixturevalue("pg_other_url")
        raise ValueError(slot)

    return url


@pytest.fixture
def open_store(backend: str, store_url: Callable[[int], str]) -> Iterator[Callable[..., Any]]:
    """Factory: ``open_store(slot=0)`` opens a ScenarioStore; all are closed (and on
    PostgreSQL emptied) afterwards."""
    from model.store import ScenarioStore

    opened: list[Any] = []
    cleaned: set[str] = set()

    def open_(slot: int = 0) -> ScenarioStore:
        url = store_url(slot)
        if backend == "postgres" and url not in cleaned:
            drop_all_tables(url)  # leftovers from an interrupted run
            cleaned.add(url)
        s = ScenarioStore(url)
        opened.append(s)
        return s

    yield open_
    for s in opened:
        s.close()
        s.engine.dispose()
    if backend == "postgres":
        for url in cleaned:
            drop_all_tables(url)


@pytest.fixture
def store(open_store: Callable[..., Any]) -> Any:
    """A fresh, empty ScenarioStore on the parametrized backend."""
    return open_store(0)


@pytest.fixture
def other_store(open_store: Callable[..., Any]) -> Any:
    """A second, independent, empty ScenarioStore on the same backend."""
    return open_store(1)


def snapshot_of(store: Any) -> dict[str, Any]:
    """Everything a user can see in ``store``: both listings and every version."""

    def listing(deleted: bool) -> list[tuple[Any, ...]]:
        rows = []
        for item in store.list(deleted=deleted):
            history = [
                (v.name, v.version, v.note, v.created_at, v.scenario.params())
                for v in _history_even_if_deleted(store, item.name)
            ]
            rows.append(
                (
                    item.name,
                    item.latest_version,
                    item.versions,
                    item.note,
                    item.updated_at,
                    item.deleted_at,
                    history,
                )
            )
        return rows

    return {"live": listing(False), "deleted": listing(True)}


def _history_even_if_deleted(store: Any, name: str) -> list[Any]:
    try:
        return store.history(name)
    except LookupError:
        return []  # a deleted scenario's history may be hidden; its listing still counts


@pytest.fixture
def snapshot() -> Callable[[Any], dict[str, Any]]:
    """``snapshot(store)``: a comparable picture of everything stored."""
    return snapshot_of

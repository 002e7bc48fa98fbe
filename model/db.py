"""The store's tables and engine set-up (SQLAlchemy 2 typed declarative models)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from model.names import MAX_NAME_LENGTH


class Base(DeclarativeBase):
    pass


class ScenarioRow(Base):
    """One named scenario; its contents are in its versions."""

    __tablename__ = "scenario"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME_LENGTH * 4))
    #: Case-folded, NFC-normalised name: uniqueness regardless of case.
    name_key: Mapped[str] = mapped_column(String(MAX_NAME_LENGTH * 12), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    versions: Mapped[list[VersionRow]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan", passive_deletes=True
    )


class VersionRow(Base):
    """One saved version: the parameters as JSON, a note, and the KPIs at save time."""

    __tablename__ = "scenario_version"
    __table_args__ = (UniqueConstraint("scenario_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    params_json: Mapped[str] = mapped_column(Text)
    summary_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    scenario: Mapped[ScenarioRow] = relationship(back_populates="versions")


class ScenarioActualsRow(Base):
    """A scenario's monthly actuals (one set per scenario, kept across its versions).

    Added after the first release: :func:`make_engine`'s ``create_all`` adds
    the table to a database made before it, and nothing else changes.
    """

    __tablename__ = "scenario_actuals"
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenario.id", ondelete="CASCADE"), primary_key=True
    )
    #: The actuals as checked CSV text (model.actuals.to_csv: month, then its series).
    csv_text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def make_engine(url: str, busy_timeout_s: float) -> Engine:
    """An engine for ``url``; SQLite files get WAL, a busy timeout and
    BEGIN IMMEDIATE writes. Creates the tables if missing, which also adds a
    table introduced since the database was made (its only migration)."""
    if url.startswith("sqlite"):
        _ensure_parent(url)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_s})
        _configure_sqlite(engine, busy_timeout_s)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    return engine


def _ensure_parent(url: str) -> None:
    path = url.split("sqlite:///", 1)[-1].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: Engine, busy_timeout_s: float) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for every transaction.

    pysqlite's own transaction handling is turned off so that the write lock
    is taken at BEGIN: a deferred transaction that reads and then writes can
    fail at once with "database is locked" instead of waiting.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get("read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

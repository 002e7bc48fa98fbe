"""A saved scenario's monthly actuals in the store: one set per scenario.

The rows live in :class:`model.db.ScenarioActualsRow`, keyed by the
scenario's id, so they follow a rename and go when the scenario is purged.
They are kept as checked CSV text (:func:`model.actuals.canonical`), the
format a user uploads and an export carries. :class:`model.store.ScenarioStore` calls these
inside its own transactions (``save_actuals``, ``actuals``, ``delete_actuals``,
export and import).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from model.db import ScenarioActualsRow


def save(session: Session, scenario_id: int, csv_text: str, now: datetime) -> None:
    """Store ``csv_text`` (already :func:`model.actuals.canonical`) for the
    scenario, replacing any it had."""
    row = session.get(ScenarioActualsRow, scenario_id)
    if row is None:
        session.add(ScenarioActualsRow(scenario_id=scenario_id, csv_text=csv_text, updated_at=now))
    else:
        row.csv_text, row.updated_at = csv_text, now
    session.flush()  # a concurrent first save fails here, and the store retries


def load(session: Session, scenario_id: int) -> str | None:
    """The scenario's actuals as CSV text, or None."""
    return session.scalar(
        select(ScenarioActualsRow.csv_text).where(ScenarioActualsRow.scenario_id == scenario_id)
    )


def remove(session: Session, scenario_id: int) -> bool:
    """Forget the scenario's actuals; whether it had any."""
    result = session.execute(
        delete(ScenarioActualsRow).where(ScenarioActualsRow.scenario_id == scenario_id)
    )
    return bool(result.rowcount)

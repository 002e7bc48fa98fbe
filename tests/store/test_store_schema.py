"""Rows written by an older app (fewer parameters) still load, with defaults filled in.

The "older app" is simulated by editing the stored parameter JSON of a saved
version directly in the database. The column is found by reflection (the one
holding a JSON object of every parameter), so the test does not depend on
the store's table or column names.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from model.parameters import BY_NAME, NAMES
from model.scenario import SCHEMA_VERSION, Scenario

CUSTOM = Scenario(pue=1.5, adoption_peak_pct=55, inference_accelerator="B200 (HGX)")


def _as_params(value: Any) -> dict[str, Any] | None:
    """``value`` as a parameter dict if it is one (JSON text or an already-decoded dict)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, dict) and set(NAMES) <= set(value):
        return value
    return None


def _params_cells(
    engine: sa.Engine,
) -> list[tuple[sa.Table, sa.Column, dict[str, Any], tuple, Any]]:
    """Every (table, column, params, primary key, raw value) cell holding a full parameter dict."""
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    found = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            pk = list(table.primary_key.columns)
            for row in conn.execute(sa.select(table)).mappings():
                for col in table.columns:
                    params = _as_params(row[col.name])
                    if params is not None:
                        pk_values = tuple(row[c.name] for c in pk)
                        found.append((table, col, params, pk_values, row[col.name]))
    return found


def _rewrite_params(engine: sa.Engine, edit) -> None:
    """Apply ``edit(params) -> params`` to the single stored parameter cell."""
    cells = _params_cells(engine)
    assert len(cells) == 1, f"expected one stored parameter set, found {len(cells)}"
    table, col, params, pk_values, raw = cells[0]
    new = edit(dict(params))
    value: Any = json.dumps(new) if isinstance(raw, str) else new
    cond = sa.and_(*(c == v for c, v in zip(table.primary_key.columns, pk_values, strict=True)))
    with engine.begin() as conn:
        assert conn.execute(sa.update(table).where(cond).values({col.name: value})).rowcount == 1


@pytest.mark.parametrize("missing", ["pue", "edge_share_pct", "training_accelerator"])
def test_a_parameter_missing_from_an_old_row_takes_its_default(store, missing: str) -> None:
    assert store.save("Legacy", CUSTOM, note="old") == 1

    def drop(params: dict[str, Any]) -> dict[str, Any]:
        del params[missing]
        return params

    _rewrite_params(store.engine, drop)

    saved = store.get("Legacy")
    assert saved.filled_defaults == (missing,)
    assert getattr(saved.scenario, missing) == BY_NAME[missing].default
    # every other value is what was saved
    expected = CUSTOM.replace(**{missing: BY_NAME[missing].default})
    assert saved.scenario == expected
    assert store.load("Legacy") == expected
    assert store.get("Legacy", 1).filled_defaults == (missing,)
    assert [v.filled_defaults for v in store.history("Legacy")] == [(missing,)]
    assert saved.note == "old" and saved.version == 1


def test_several_missing_parameters_are_all_named(store) -> None:
    store.save("Legacy", CUSTOM)
    gone = ("bass_p", "pue", "grid_gco2_per_kwh")
    _rewrite_params(store.engine, lambda p: {k: v for k, v in p.items() if k not in gone})
    saved = store.get("Legacy")
    assert set(saved.filled_defaults) == set(gone)
    assert len(saved.filled_defaults) == len(gone)
    assert saved.scenario == CUSTOM.replace(**{n: BY_NAME[n].default for n in gone})


def test_a_new_save_after_an_old_row_has_no_filled_defaults(store) -> None:
    store.save("Legacy", CUSTOM)
    _rewrite_params(store.engine, lambda p: {k: v for k, v in p.items() if k != "pue"})
    assert store.save("Legacy", store.load("Legacy"), note="resaved") == 2
    assert store.get("Legacy").filled_defaults == ()
    assert store.get("Legacy", 1).filled_defaults == ("pue",)
    assert [v.filled_defaults for v in store.history("Legacy")] == [(), ("pue",)]


def test_an_old_row_exports_with_every_parameter(store) -> None:
    store.save("Legacy", CUSTOM)
    _rewrite_params(store.engine, lambda p: {k: v for k, v in p.items() if k != "pue"})
    doc = json.loads(store.export_json())
    params = doc["scenarios"][0]["versions"][0]["params"]
    assert set(NAMES) <= set(params)
    assert params["pue"] == BY_NAME["pue"].default
    assert params["schema_version"] == SCHEMA_VERSION


def test_the_stored_parameters_carry_the_schema_version(store) -> None:
    """Without schema_version an old row could not be upgraded when the layout changes."""
    store.save("Current", CUSTOM)
    cells = _params_cells(store.engine)
    assert len(cells) == 1
    assert cells[0][2].get("schema_version") == SCHEMA_VERSION


def test_purge_leaves_no_orphaned_versions(store) -> None:
    """Purging deletes the versions too (on SQLite that needs foreign keys switched on)."""
    store.save("Keep", CUSTOM)
    for i in range(3):
        store.save("Gone", Scenario(pue=1 + i / 10))
    store.delete("Gone")
    store.purge("Gone")
    cells = _params_cells(store.engine)
    assert [c[2]["pue"] for c in cells] == [CUSTOM.pue]
    assert store.save("Gone", CUSTOM) == 1
    assert len(_params_cells(store.engine)) == 2

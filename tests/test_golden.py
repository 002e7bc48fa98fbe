"""Every preset's annual table against a recorded copy (tests/golden/).

A refactor must leave every figure as it was; a change to the model shows up
here as a deliberate diff. After an intended model change, rewrite the file
with ``UPDATE_GOLDEN=1 make test`` (or this file alone) and say why in the commit.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from model import Scenario, presets, project
from model.results import MODEL_VERSION

GOLDEN = Path(__file__).parent / "golden" / "presets_annual.json"


def _table(name: str) -> dict[str, list]:
    annual = project(Scenario.from_preset(name)).annual
    return {
        c: [
            None if isinstance(v, float) and not math.isfinite(v) else v for v in annual[c].tolist()
        ]
        for c in annual.columns
    }


def _differs(got: dict[str, list], want: dict[str, list]) -> str | None:
    """The first column and year where two tables differ beyond 1e-9, else None.
    A column added since is no change to the figures; one removed is."""
    if set(want) - set(got):
        return f"columns removed: {sorted(set(want) - set(got))}"
    for column, values in want.items():
        for year, (a, b) in enumerate(zip(got[column], values, strict=True)):
            same = a == b if b is None or isinstance(b, str) else a == pytest.approx(b, rel=1e-9)
            if not same:
                return f"{column}, year {year}: {a} != {b}"
    return None


def test_update_golden_when_asked() -> None:
    """Re-record the figures; refused when they changed under the same MODEL_VERSION,
    because saved versions would keep results the model no longer gives."""
    if os.environ.get("UPDATE_GOLDEN") != "1":
        pytest.skip("UPDATE_GOLDEN=1 rewrites tests/golden/presets_annual.json")
    old = json.loads(GOLDEN.read_text())
    new = {p: _table(p) for p in presets()}
    if old["model_version"] == MODEL_VERSION:
        changed = {p: _differs(t, old["presets"].get(p, {})) for p, t in new.items()}
        changed = {p: why for p, why in changed.items() if why and p in old["presets"]}
        assert not changed, f"figures changed but MODEL_VERSION is still {MODEL_VERSION}: {changed}"
    GOLDEN.write_text(json.dumps({"model_version": MODEL_VERSION, "presets": new}, indent=1) + "\n")


def test_recorded_under_this_model_version() -> None:
    assert json.loads(GOLDEN.read_text())["model_version"] == MODEL_VERSION, (
        "MODEL_VERSION changed: re-record with UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize("name", presets())
def test_annual_table_matches_the_recorded_one(name: str) -> None:
    recorded = json.loads(GOLDEN.read_text())["presets"]
    assert name in recorded, f"{name}: no recorded table; run with UPDATE_GOLDEN=1"
    got, want = _table(name), recorded[name]
    assert sorted(got) == sorted(want)
    for column, values in want.items():
        for year, (a, b) in enumerate(zip(got[column], values, strict=True)):
            if b is None or isinstance(b, str):
                assert a == b, (column, year)
            else:
                assert a == pytest.approx(b, rel=1e-9, abs=1e-12), (column, year)

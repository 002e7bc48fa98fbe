"""Results kept with saved versions, and the model version that computed them.

A saved version keeps its KPIs (the Library lists "Inference overtakes" and
"Total spend" without projecting every scenario). When the model changes,
those figures would silently disagree with what opening the scenario shows,
so each stored result records :data:`MODEL_VERSION`, and a result computed by
another version is recomputed: on read (always), and for the whole library
by :meth:`model.store.ScenarioStore.refresh_results` at start-up, so that the
list stays one query.
"""

from __future__ import annotations

import json
from typing import Any

from model.engine import project
from model.scenario import Scenario

#: Version of the model's formulas and defaults. Bump it whenever
#: :func:`model.project` returns different figures for the same inputs;
#: tests/test_golden.py refuses to record new figures under an old version.
MODEL_VERSION = 3

#: How every result stored by this model version begins (a SQL prefix match finds stale ones).
CURRENT_PREFIX = f'{{"model_version": {MODEL_VERSION},'


def result_json(scenario: Scenario) -> str:
    """The result stored with a version: the summary, led by the model version."""
    summary = project(scenario).summary.to_dict()
    return json.dumps({"model_version": MODEL_VERSION, **summary})


def is_current(stored: str) -> bool:
    """Whether a stored result was computed by this model version."""
    return stored.startswith(CURRENT_PREFIX)


def current_result(stored: str, scenario: Scenario | str) -> dict[str, Any]:
    """The stored result if this model computed it, else the scenario's result now.

    ``scenario`` is the Scenario or its stored parameters (JSON), read only
    when the result is stale.
    """
    if is_current(stored):
        return json.loads(stored)
    if isinstance(scenario, str):
        scenario = Scenario.from_dict(json.loads(scenario))
    return json.loads(result_json(scenario))

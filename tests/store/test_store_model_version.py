"""Stored results carry the model version that computed them; stale ones are
recomputed, so the Library never shows a figure the current model would not."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from model import Scenario, project
from model import results as results_module
from model.db import VersionRow
from model.results import MODEL_VERSION, current_result, is_current, result_json

S = Scenario(adoption_peak_pct=55)


def _age(store, factor: float = 3.0) -> None:
    """Make every stored result look computed by an older model, with other figures."""
    with store.engine.begin() as conn:
        for vid, summary in conn.execute(select(VersionRow.id, VersionRow.summary_json)).all():
            old = json.loads(summary)
            old["model_version"] = MODEL_VERSION - 1
            old["total_spend_usd"] *= factor
            conn.execute(
                update(VersionRow).where(VersionRow.id == vid).values(summary_json=json.dumps(old))
            )


def test_result_json_leads_with_the_model_version() -> None:
    stored = result_json(S)
    assert json.loads(stored)["model_version"] == MODEL_VERSION
    assert is_current(stored)
    assert not is_current(stored.replace(f": {MODEL_VERSION},", f": {MODEL_VERSION + 1},", 1))


def test_stale_result_is_recomputed_from_the_parameters() -> None:
    stale = json.dumps({"model_version": 0, "total_spend_usd": 1.0})
    fresh = current_result(stale, json.dumps(S.to_dict()))
    assert fresh["total_spend_usd"] == pytest.approx(project(S).summary.total_spend_usd)
    assert fresh["model_version"] == MODEL_VERSION


def test_saved_under_one_version_read_under_the_next(store, monkeypatch) -> None:
    """Save under model N, then read under model N+1 whose figures differ."""
    store.save("Plan", S)
    stored_under_n = store.list()[0].summary
    assert stored_under_n["model_version"] == MODEL_VERSION

    # The next model version: same inputs, different figures (spend doubled).
    real_project = results_module.project

    class _Summary(dict):
        def to_dict(self) -> dict:
            return dict(self)

    class _Projection:
        def __init__(self, scenario: Scenario) -> None:
            d = real_project(scenario).summary.to_dict()
            self.summary = _Summary(d, total_spend_usd=2 * d["total_spend_usd"])

    monkeypatch.setattr(results_module, "project", _Projection)
    monkeypatch.setattr(results_module, "MODEL_VERSION", MODEL_VERSION + 1)
    monkeypatch.setattr(
        results_module, "CURRENT_PREFIX", f'{{"model_version": {MODEL_VERSION + 1},'
    )
    import model.store as store_module

    monkeypatch.setattr(store_module, "CURRENT_PREFIX", results_module.CURRENT_PREFIX)

    expected = 2 * project(S).summary.total_spend_usd
    # On read, before any refresh: the list and get both show the new model's figure.
    assert store.list()[0].summary["total_spend_usd"] == pytest.approx(expected)
    assert store.get("Plan").summary["total_spend_usd"] == pytest.approx(expected)
    # The start-up refresh rewrites the stored result once; the parameters are kept.
    assert store.refresh_results() == 1
    assert store.refresh_results() == 0
    with store.engine.connect() as conn:
        params, summary = conn.execute(
            select(VersionRow.params_json, VersionRow.summary_json)
        ).one()
    assert json.loads(summary)["model_version"] == MODEL_VERSION + 1
    assert json.loads(summary)["total_spend_usd"] == pytest.approx(expected)
    assert Scenario.from_dict(json.loads(params)) == S


def test_refresh_rewrites_only_stale_results(store) -> None:
    store.save("A", S)
    store.save("B", Scenario())
    assert store.refresh_results() == 0
    _age(store)
    stale = store.list()  # recomputed on read even before the refresh
    assert {x.name: x.summary["total_spend_usd"] for x in stale} == pytest.approx(
        {"A": project(S).summary.total_spend_usd, "B": project(Scenario()).summary.total_spend_usd}
    )
    assert store.refresh_results() == 2
    assert store.refresh_results() == 0


def test_a_version_saved_by_the_first_app_opens_under_model_2(store) -> None:
    """Parameters with the retired MFU and a result without a model version, as
    the first app stored them, open and list with today's figures."""
    store.save("Old", S)
    old_params = {**S.to_dict(), "schema_version": 1, "inference_mfu_pct": 20.0}
    for name in ("ttft_target_ms", "tpot_target_ms", "kv_kib_per_token"):
        old_params.pop(name)
    old_result = {k: v for k, v in project(S).summary.to_dict().items() if k != "story"}
    old_result["total_spend_usd"] = 1.0
    with store.engine.begin() as conn:
        conn.execute(
            update(VersionRow).values(
                params_json=json.dumps(old_params), summary_json=json.dumps(old_result)
            )
        )
    saved = store.get("Old")
    assert "inference_mfu_pct is no longer an input" in saved.scenario.retired[0]
    assert set(saved.filled_defaults) == {"ttft_target_ms", "tpot_target_ms", "kv_kib_per_token"}
    expected = project(saved.scenario).summary.total_spend_usd
    assert saved.summary["total_spend_usd"] == pytest.approx(expected)
    assert store.list()[0].summary["total_spend_usd"] == pytest.approx(expected)
    assert store.refresh_results() == 1

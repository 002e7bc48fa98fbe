"""Compare in Streamlit's AppTest, on a real SQLite store (tests/conftest.py).

What it opens on, when it says "unsaved", the selection in the link, and
identical series drawn so that both show. Each test saves under its own names;
a saved scenario is "the most recent" only until the next test saves one.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario, project, units
from model.store import ScenarioStore

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PICK = "_compare_pick"
UNSAVED = "Current levers (unsaved)"
CURRENT = ""  # the current levers' option (and its value in the link)


@pytest.fixture()
def db() -> ScenarioStore:
    store = ScenarioStore()
    yield store
    store.close()


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def compare_page(query: dict[str, str | list[str]] | None = None) -> AppTest:
    """Compare, reached the way a link to it is: the query, then the page."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def picker(at: AppTest):  # noqa: ANN201 (AppTest's Multiselect)
    return at.multiselect(key=PICK)


def shown_labels(at: AppTest) -> list[str]:
    return list(picker(at).values)


def test_it_opens_on_the_open_scenario_and_the_most_recent_other(db: ScenarioStore) -> None:
    mine, older, newest = unique("Mine"), unique("Older"), unique("Newest")
    db.save(mine, Scenario(adoption_peak_pct=30))
    db.save(older, Scenario(adoption_peak_pct=50))
    db.save(newest, Scenario(adoption_peak_pct=70))
    at = compare_page({"scenario": mine})
    assert picker(at).value == [mine, newest]
    # Nothing unsaved: no "unsaved" option, and the open scenario is not there twice.
    assert not any("unsaved" in o for o in picker(at).options)
    assert picker(at).options.count(mine) == 1
    kpi_table = at.dataframe[0].value
    assert list(kpi_table.columns) == ["KPI", mine, newest]


def test_the_open_scenario_itself_is_not_its_own_other(db: ScenarioStore) -> None:
    other, mine = unique("Other"), unique("Mine, saved last")
    db.save(other, Scenario(adoption_peak_pct=50))
    db.save(mine, Scenario(adoption_peak_pct=30))
    at = compare_page({"scenario": mine})
    assert picker(at).value == [mine, other]


def test_changed_levers_are_current_levers_unsaved(db: ScenarioStore) -> None:
    mine, newest = unique("Mine"), unique("Newest")
    db.save(mine, Scenario(adoption_peak_pct=30))
    db.save(newest, Scenario(adoption_peak_pct=70))
    at = compare_page({"scenario": mine, "adoption_peak_pct": "35"})
    assert picker(at).value == [CURRENT, newest]
    assert shown_labels(at) == [UNSAVED, newest]
    kpi_table = at.dataframe[0].value.set_index("KPI")
    total = f"Total spend 2026-{project(Scenario()).summary['final_year']}"
    assert kpi_table.loc[total, UNSAVED] == units.money(
        project(Scenario(adoption_peak_pct=35)).summary["total_spend_usd"]
    )


def test_the_preset_unchanged_is_not_called_unsaved(db: ScenarioStore) -> None:
    newest = unique("Newest")
    db.save(newest, Scenario(adoption_peak_pct=70))
    at = compare_page()
    assert picker(at).value == [CURRENT, newest]
    first = shown_labels(at)[0]
    assert "unsaved" not in first and "AI assistant at scale" in first


def test_the_selection_is_in_the_link_and_a_link_restores_it(db: ScenarioStore) -> None:
    a, b = unique("Plan & 50% <b>A</b>"), unique("Plan #2 +B")
    db.save(a, Scenario(adoption_peak_pct=30))
    db.save(b, Scenario(adoption_peak_pct=30, gpu_hour_price_usd=4.0))
    at = compare_page()
    picker(at).set_value([b, CURRENT, a]).run()
    assert at.query_params["compare"] == [b, CURRENT, a]

    again = compare_page({"compare": [b, CURRENT, a]})
    assert again.multiselect(key=PICK).value == [b, CURRENT, a]
    assert list(again.dataframe[0].value.columns)[1:] == [
        b,
        "Current levers (preset “AI assistant at scale”)",
        a,
    ]


def test_a_link_naming_a_missing_scenario_warns_and_leaves_it_out(db: ScenarioStore) -> None:
    a = unique("Kept")
    db.save(a, Scenario(adoption_peak_pct=30))
    at = compare_page({"compare": [a, "No such plan", CURRENT]})
    assert picker(at).value == [a, CURRENT]
    assert any("`compare`" in w.value and "No such plan" in w.value for w in at.warning)


def test_identical_scenarios_are_both_drawn_and_said_to_coincide(db: ScenarioStore) -> None:
    a, b = unique("Twin A"), unique("Twin B")
    db.save(a, Scenario(adoption_peak_pct=33))
    db.save(b, Scenario(adoption_peak_pct=33))
    at = compare_page()
    picker(at).set_value([a, b]).run()
    captions = [c.value for c in at.caption]
    assert any(
        a in c and b in c and "same inference and training spend" in c and "dotted" in c
        for c in captions
    ), captions
    assert any("Every parameter is the same" in c for c in captions)
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    later = [t for t in traces if t["name"].startswith(b)]
    assert [t["line"]["dash"] for t in later] == ["dot", "dot"]
    assert all(t["marker"]["symbol"].endswith("-open") for t in later)
    assert all("(same as" in t["name"] for t in later)


def test_scenarios_that_differ_have_no_coincidence_note(db: ScenarioStore) -> None:
    a, b = unique("Compare A"), unique("Compare B")
    db.save(a, Scenario(adoption_peak_pct=30))
    db.save(b, Scenario(adoption_peak_pct=30, gpu_hour_price_usd=4.0))
    at = compare_page()
    picker(at).set_value([a, b]).run()
    assert not any("same" in c.value and "spend" in c.value for c in at.caption)


def test_compare_shows_each_scenario_and_only_differing_parameters(db: ScenarioStore) -> None:
    a, b = unique("Compare A"), unique("Compare B")
    db.save(a, Scenario(adoption_peak_pct=30))
    db.save(b, Scenario(adoption_peak_pct=30, gpu_hour_price_usd=4.0))
    at = compare_page()
    picker(at).set_value([a, b]).run()
    assert not at.exception
    kpi_table, diff_table = at.dataframe[0].value, at.dataframe[1].value
    assert list(kpi_table.columns) == ["KPI", a, b]
    total = kpi_table.set_index("KPI").loc["Total spend 2026-2031"]
    assert total[a] == units.money(
        project(Scenario(adoption_peak_pct=30)).summary["total_spend_usd"]
    )
    assert "(+" in total[b]  # B costs more: a positive delta against the baseline A
    assert list(diff_table.index) == ["Hardware price"]
    assert list(diff_table.columns) == [a, b]
    assert len(at.get("plotly_chart")) == 1


def test_compare_needs_two_scenarios() -> None:
    at = compare_page()
    picker(at).set_value([CURRENT]).run()
    assert any("at least two" in i.value for i in at.info)


def test_moving_a_lever_relabels_the_current_levers_and_keeps_them(db: ScenarioStore) -> None:
    newest = unique("Newest")
    db.save(newest, Scenario(adoption_peak_pct=70))
    at = compare_page()
    assert picker(at).value == [CURRENT, newest]
    assert "unsaved" not in shown_labels(at)[0]
    at.slider(key="adoption_peak_pct").set_value(45.0).run()
    assert picker(at).value == [CURRENT, newest]
    assert shown_labels(at) == [UNSAVED, newest]
    assert at.dataframe[0].value.columns[1] == UNSAVED
    next(b for b in at.button if b.label == "Reset to preset").click().run()
    assert picker(at).value == [CURRENT, newest]
    assert "unsaved" not in shown_labels(at)[0]

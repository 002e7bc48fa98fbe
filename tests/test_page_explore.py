"""Fast page tests of the app frame and the Explore page with Streamlit's AppTest.

The real browser tests are in tests/e2e/; these check, quickly, that each
headline lever moves the KPIs it should, to the values the engine gives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario, narrative, project, units
from model.narrative import crossover_value
from model.outputs import format_value, output
from model.parameters import HEADLINE, PARAMETERS
from model.scenario import presets
from model.uncertainty import simulate
from report import figures
from ui.charts import figure_payload
from ui.uncertainty import EXPLORE_DRAWS, EXPLORE_SEED, confidence_line

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(query: dict[str, str] | None = None, state: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if state:
        # Set widget values the way a user does (through session state) and rerun.
        for k, v in state.items():
            at.session_state[k] = v
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def kpis(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected_kpis(scenario: Scenario) -> dict[str, str]:
    s = project(scenario).summary
    return {
        "Inference overtakes training": crossover_value(s),
        f"Total spend {s['start_month'][:4]}-{s['final_year']}": units.money(s["total_spend_usd"]),
        f"Inference share, {s['final_year']}": units.percent(s["inference_share_final_year"]),
        "Peak inference fleet": units.count(s["peak_inference_fleet_gpus"], "accelerators"),
    }


def charts(at: AppTest) -> dict[str, dict[str, Any]]:
    """The page's charts (ui/charts.py components) by key: the figure each was given."""
    return {
        c.key: json.loads(c.proto.json)["figure"]
        for c in at.get("bidi_component")
        if c.proto.component_name == "planner_plotly_chart"
    }


def expected_chart(name: str, scenario: Scenario) -> dict[str, Any]:
    return figure_payload(getattr(figures, name)(project(scenario)))


@pytest.fixture(scope="module")
def default_app() -> AppTest:
    return run_app()


def test_default_page_renders_headline_kpis_and_charts(default_app: AppTest) -> None:
    at = default_app
    shown = kpis(at)
    for label, value in expected_kpis(Scenario()).items():
        assert shown[label] == value
    assert len(at.metric) == 8
    # The annual split and the picked view (the crossover), each given its figure.
    assert charts(at) == {
        "fig_spend_annual": expected_chart("spend_annual", Scenario()),
        "fig_view": expected_chart("spend_monthly", Scenario()),
    }
    headline = at.markdown[0].value
    assert headline == "## " + narrative.headline(project(Scenario()).summary)


def test_headline_levers_come_first_with_their_names(default_app: AppTest) -> None:
    assert [s.label for s in default_app.slider] == [
        "Adoption",
        "Request volume",
        "Model efficiency",
        "Hardware price",
    ]
    assert [p.name for p in HEADLINE] == [
        "adoption_peak_pct",
        "requests_per_user_per_day",
        "efficiency_gain_pct_per_year",
        "gpu_hour_price_usd",
    ]
    for slider in default_app.slider:
        assert "source" in slider.help.lower()


def test_every_parameter_has_a_widget_keyed_by_its_name(default_app: AppTest) -> None:
    keys = {
        w.key for kind in ("slider", "number_input", "selectbox") for w in default_app.get(kind)
    }
    assert {p.name for p in PARAMETERS} <= keys


@pytest.mark.parametrize(
    ("name", "value", "moves", "stays"),
    [
        # Adoption and request volume move inference, and with it the fleet and crossover.
        ("adoption_peak_pct", 80.0, ["Peak inference fleet", "Total spend 2026-2031"], []),
        ("requests_per_user_per_day", 30.0, ["Peak inference fleet", "Inference share, 2031"], []),
        (
            "efficiency_gain_pct_per_year",
            60.0,
            ["Peak inference fleet", "Inference share, 2031"],
            [],
        ),
        # Price moves every dollar figure but not the fleet (accelerators do not depend on price).
        ("gpu_hour_price_usd", 5.0, ["Total spend 2026-2031"], ["Peak inference fleet"]),
    ],
)
def test_each_headline_lever_moves_its_kpis(
    default_app: AppTest, name: str, value: float, moves: list[str], stays: list[str]
) -> None:
    before = kpis(default_app)
    at = run_app(state={name: value})
    after = kpis(at)
    expected = expected_kpis(Scenario(**{name: value}))
    for label in moves:
        assert after[label] != before[label], label
    for label in stays:
        assert after[label] == before[label], label
    for label, text in expected.items():
        assert after[label] == text, label
    # Deltas are shown against the preset.
    deltas = {m.label: m.proto.delta for m in at.metric}
    assert deltas["Total spend 2026-2031"]
    # The charts get the moved scenario's figures (every one of these levers moves spend).
    shown, before_charts = charts(at), charts(default_app)
    assert shown == {
        "fig_spend_annual": expected_chart("spend_annual", Scenario(**{name: value})),
        "fig_view": expected_chart("spend_monthly", Scenario(**{name: value})),
    }
    for key in shown:
        assert shown[key]["data"] != before_charts[key]["data"], key


def test_url_value_sets_the_lever() -> None:
    at = run_app(query={"adoption_peak_pct": "55"})
    assert at.slider[0].value == 55.0
    assert (
        kpis(at)["Peak inference fleet"]
        == expected_kpis(Scenario(adoption_peak_pct=55))["Peak inference fleet"]
    )
    assert not at.warning


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("adoption_peak_pct", "abc"),
        ("adoption_peak_pct", "500"),
        ("gpu_hour_price_usd", "-3"),
        ("inference_accelerator", "<script>alert(1)</script>"),
        ("horizon_years", "2.5"),
    ],
)
def test_bad_url_value_warns_naming_the_parameter_and_falls_back(key: str, bad: str) -> None:
    at = run_app(query={key: bad})
    messages = [w.value for w in at.warning]
    assert any(key in m for m in messages), messages
    # The page still renders, on the preset's values.
    assert kpis(at)["Peak inference fleet"] == expected_kpis(Scenario())["Peak inference fleet"]


def test_unknown_preset_in_url_warns() -> None:
    at = run_app(query={"preset": "No such preset"})
    assert any("preset" in w.value for w in at.warning)
    assert at.selectbox(key="preset").value == presets()[0]


def test_preset_in_url_sets_every_lever() -> None:
    at = run_app(query={"preset": "Frontier lab"})
    assert kpis(at) | expected_kpis(Scenario.from_preset("Frontier lab")) == kpis(at)
    assert at.number_input(key="active_params_b").value == 405.0


def test_reset_to_preset_restores_the_levers() -> None:
    at = run_app(query={"adoption_peak_pct": "90", "gpu_hour_price_usd": "7"})
    assert at.slider[0].value == 90.0
    assert kpis(at) != kpis(at) | expected_kpis(Scenario())
    reset = next(b for b in at.button if b.label == "Reset to preset")
    reset.click().run()
    assert at.session_state["adoption_peak_pct"] == 40.0
    assert at.session_state["gpu_hour_price_usd"] == 2.5
    assert kpis(at) | expected_kpis(Scenario()) == kpis(at)


def test_a_link_with_the_retired_mfu_says_it_is_now_derived() -> None:
    at = run_app(query={"inference_mfu_pct": "20"})
    messages = [w.value for w in at.warning]
    assert any("inference_mfu_pct" in m and "now derived" in m for m in messages), messages
    assert kpis(at) | expected_kpis(Scenario()) == kpis(at)


def test_a_model_too_big_for_the_accelerator_is_named_and_the_preset_shown() -> None:
    at = run_app(
        query={
            "active_params_b": "405",
            "inference_precision": "bf16",
            "inference_accelerator": "L4",
        }
    )
    errors = [e.value for e in at.error]
    assert any("405B" in e and "bf16" in e and "L4" in e for e in errors), errors
    # The page keeps running and shows the preset's plan meanwhile.
    assert kpis(at) | expected_kpis(Scenario()) == kpis(at)


def test_a_precision_the_chip_lacks_is_named() -> None:
    at = run_app(query={"inference_accelerator": "A100 SXM 80GB", "inference_precision": "fp8"})
    errors = [e.value for e in at.error]
    assert any("A100 SXM 80GB has no FP8 unit" in e for e in errors), errors


def test_fleet_view_shows_the_yearly_fleet_table_under_its_chart() -> None:
    at = run_app(query={"view": "Fleet", "adoption_peak_pct": "60"})
    proj = project(Scenario(adoption_peak_pct=60))
    shown = charts(at)
    assert list(shown) == ["fig_spend_annual", "fig_view"]
    assert shown["fig_view"] == expected_chart("fleet", Scenario(adoption_peak_pct=60))
    (table,) = at.table
    shown = table.value
    annual = proj.annual.set_index("year")
    assert list(shown.columns) == [str(y) for y in annual.index]
    for column in (
        "inference_busy_fleet_gpus",
        "inference_peak_capacity_gpus",
        "inference_fleet_gpus",
        "training_fleet_gpus",
        "inference_achieved_mfu",
    ):
        o = output(column)
        assert list(shown.loc[o.header]) == [format_value(o.kind, v) for v in annual[column]]
    m = proj.monthly
    largest = [str(m.loc[m["year"] == y, "replica_accelerators"].max()) for y in annual.index]
    assert list(shown.loc[output("replica_accelerators").header]) == largest
    assert "Inference capacity for the peak (accelerators)" in shown.index
    assert any("capacity for the peak" in c.value.lower() for c in at.caption)


def test_other_views_have_no_fleet_table(default_app: AppTest) -> None:
    assert not default_app.table


# --- how sure, why the price leaves the crossover, the link --------------------------------


def how_sure(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("How sure")]


def test_how_sure_line_follows_the_headline_with_the_simulations_numbers(
    default_app: AppTest,
) -> None:
    (line,) = how_sure(default_app)
    headline_at = next(i for i, m in enumerate(default_app.markdown) if m.value.startswith("## "))
    assert default_app.markdown[headline_at + 1].value == line  # right under the headline
    sim = simulate(Scenario(), EXPLORE_DRAWS, EXPLORE_SEED)
    assert line == confidence_line(sim)
    s = sim.summary
    text = line.replace("\\", "")
    assert f"{EXPLORE_DRAWS:,} draws" in text
    low, high = units.money(s["total_spend_usd_p10"]), units.money(s["total_spend_usd_p90"])
    assert f"{low}–{high}" in text and "(P10–P90)" in text
    year = int(sim.probability_by_year["year"].iloc[-1])
    probability = float(sim.probability_by_year["probability"].iloc[-1])
    assert year == project(Scenario()).summary["final_year"]
    assert 0.01 < probability < 0.99  # the default plan: neither certain nor impossible
    assert f"by {year} in {units.percent(probability)} of them" in text
    assert s["total_spend_usd_p10"] < s["total_spend_usd_p90"]


def test_how_sure_line_names_draws_without_a_plan_and_follows_the_levers() -> None:
    at = run_app(query={"preset": "Frontier lab", "adoption_peak_pct": "60"})
    scenario = Scenario.from_preset("Frontier lab").replace(adoption_peak_pct=60)
    sim = simulate(scenario, EXPLORE_DRAWS, EXPLORE_SEED)
    assert how_sure(at) == [confidence_line(sim)]
    if sim.draws < EXPLORE_DRAWS:  # draws whose model outgrows the accelerator are named
        assert f"{EXPLORE_DRAWS - sim.draws:,} left out" in how_sure(at)[0]


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (1.0, "in every one of them"),
        (0.0, "in none of them"),
        (0.998, "in more than 99% of them"),
        (0.003, "in fewer than 1% of them"),
        (0.5, "in 50% of them"),
    ],
)
def test_how_sure_never_rounds_a_tail_to_all_or_none(p: float, words: str) -> None:
    sim = simulate(Scenario(), 20, 0)
    sim.probability_by_year.loc[sim.probability_by_year.index[-1], "probability"] = p
    assert words in confidence_line(sim)


def note_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if "scales training and inference" in c.value]


def test_moving_the_price_says_why_the_crossover_and_share_stay() -> None:
    at = run_app(query={"gpu_hour_price_usd": "5"})
    (note,) = note_captions(at)
    assert note.endswith(narrative.equal_scaling_note(Scenario(gpu_hour_price_usd=5), Scenario()))
    assert "hardware price" in note and "crossover month" in note and "share" in note
    deltas = {m.label: m.proto.delta for m in at.metric}
    assert not deltas["Inference overtakes training"]
    assert not deltas["Inference share, 2031"]
    helps = {m.label: m.help for m in at.metric}
    assert narrative.PRICE_SCALES_BOTH in helps["Inference overtakes training"]


@pytest.mark.parametrize(
    "query",
    [{}, {"adoption_peak_pct": "60"}, {"gpu_hour_price_usd": "5", "inference_owned_pct": "60"}],
    ids=["preset", "another-lever", "owned-capacity"],
)
def test_no_price_note_when_it_does_not_apply(query: dict[str, str]) -> None:
    assert not note_captions(run_app(query=query))


def test_charts_update_in_place_with_plotly_react(default_app: AppTest) -> None:
    """Keyed components in the page's own DOM: kept across reruns, redrawn with Plotly.react."""
    charts = [
        c
        for c in default_app.get("bidi_component")
        if c.proto.component_name == "planner_plotly_chart"
    ]
    assert len(charts) == 2  # the annual split and the picked view
    for c in charts:
        assert not c.proto.isolate_styles  # Plotly's injected styles (modebar, hover) apply
        assert "Plotly.react(" in c.proto.js_content
        assert "/app/static/plotly.min.js" in json.loads(c.proto.json)["src"]
    assert not default_app.get("plotly_chart")


def test_monthly_table_view_has_only_the_annual_chart() -> None:
    at = run_app(query={"view": "Monthly table"})
    assert list(charts(at)) == ["fig_spend_annual"]


def test_explore_has_a_copy_link_button(default_app: AppTest) -> None:
    (button,) = [c for c in default_app.get("bidi_component") if c.key == "copy_link"]
    assert button.proto.component_name == "planner_copy_link"
    assert "Copy link" in button.proto.html_content
    assert "navigator.clipboard.writeText" in button.proto.js_content
    assert "location.href" in button.proto.js_content  # the page's address, query and all

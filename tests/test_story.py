"""One crossover story per projection, told the same way on every surface.

The engine decides the story (:class:`model.summary.Story`); the headline,
the crossover KPI's help, the deck's crossover slide, the HTML report and the
CLI all word it through :mod:`model.narrative`. For every preset, each surface
must name the months that story turns on, and none may tell another story.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from pptx import Presentation

from model import Scenario, presets, project, units
from model.narrative import crossover_note, crossover_value, headline, title
from model.summary import Story
from planner.cli import main
from report.deck import build_pptx
from report.html_report import build_html
from report.kpis import kpis

TODAY = date(2026, 11, 29)


def _months(summary) -> list[str]:
    """The months a surface must name for this story, as people read them."""
    story = summary.story
    m = units.month
    if story is Story.NEVER:
        return [m(summary.end_month)]
    if story is Story.AHEAD_THROUGHOUT:
        return []
    if story is Story.AHEAD_THEN_FALLS_BEHIND:
        return [m(summary.falls_behind_month)]
    if story is Story.OVERTAKES:
        return [m(summary.crossover_month)]
    if story is Story.OVERTAKES_THEN_FALLS_BEHIND:
        return [m(summary.crossover_month), m(summary.falls_behind_month)]
    return [m(summary.crossover_month), m(summary.ahead_again_month)]


#: Phrases that belong to one story only: a surface using another's is telling it wrong.
_PHRASES = {
    Story.NEVER: "does not overtake",
    Story.AHEAD_THROUGHOUT: "from the start",
    Story.AHEAD_THEN_FALLS_BEHIND: "training overtakes it",
}


def _check(text: str, summary, surface: str) -> None:
    for month in _months(summary):
        assert month in text, f"{surface} does not name {month}: {text!r}"
    for story, phrase in _PHRASES.items():
        if story is not summary.story and story is not Story.AHEAD_THROUGHOUT:
            assert phrase not in text, f"{surface} tells the {story} story: {text!r}"
    if summary.already_ahead:  # ahead in month 0 is no overtaking
        assert f"overtakes training in {units.month(summary.start_month)}" not in text, surface


#: Scenarios beyond the presets that tell the stories no preset tells today.
EXTRA = {
    "Frontier lab, uncapped, 20 requests a day, 3x compute a generation": Scenario.from_preset(
        "Frontier lab"
    ).replace(requests_per_user_per_day=20, generation_compute_growth=3, training_spend_cap_x=0),
    "Default, 3x compute a generation": Scenario(generation_compute_growth=3),
}


@pytest.fixture(scope="module", params=[*presets(), *EXTRA])
def case(request):
    scenario = EXTRA.get(request.param) or Scenario.from_preset(request.param)
    return request.param, project(scenario)


def test_cases_cover_several_stories() -> None:
    """The checks below are only worth something if the cases tell different
    stories: the presets tell three, the extra scenarios two more."""
    presets_told = {project(Scenario.from_preset(p)).summary.story for p in presets()}
    assert len(presets_told) >= 3, presets_told
    extra = {project(s).summary.story for s in EXTRA.values()}
    assert extra == {Story.OVERTAKES_THEN_FALLS_BEHIND, Story.BACK_AND_FORTH}


def test_headline_and_title(case) -> None:
    _, proj = case
    s = proj.summary
    _check(headline(s, TODAY), s, "headline")
    _check(title(s), s, "title")


def test_kpi_help(case) -> None:
    _, proj = case
    s = proj.summary
    tile = next(k for k in kpis(s) if k.key == "crossover")
    assert tile.help.endswith(crossover_note(s))
    after = [units.month(m) for m in (s.falls_behind_month, s.ahead_again_month) if m]
    for month in after:
        assert month in tile.help
    assert tile.value == crossover_value(s)
    if s.already_ahead:
        assert tile.value == "From the start"
    else:
        assert tile.value == units.month(s.crossover_month)


def test_deck(case) -> None:
    name, proj = case
    deck = Presentation(io.BytesIO(build_pptx([(name, proj)], TODAY)))
    slide_title = deck.slides[2].shapes.title
    text = (
        slide_title.text_frame.text
        if slide_title is not None
        else next(sh.text_frame.text for sh in deck.slides[2].shapes if sh.has_text_frame)
    )
    assert text == title(proj.summary)
    _check(text, proj.summary, "deck title")
    first = "\n".join(sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame)
    assert headline(proj.summary, TODAY) in first


def test_html_report(case) -> None:
    name, proj = case
    page = build_html([(name, proj)], TODAY)
    import html

    assert html.escape(headline(proj.summary, TODAY)) in page
    assert html.escape(title(proj.summary)) in page


def test_cli(case, capsys) -> None:
    name, proj = case
    if name in EXTRA:  # the preset with the scenario's changes, as a user would type them
        base = "Frontier lab" if name.startswith("Frontier") else "AI assistant at scale"
        sets = [f"{k}={v[0]}" for k, v in proj.scenario.diff(Scenario.from_preset(base)).items()]
        args = ["run", "--preset", base, *[x for kv in sets for x in ("--set", kv)]]
    else:
        args = ["run", "--preset", name]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == headline(proj.summary)
    _check(out.splitlines()[0], proj.summary, "CLI")

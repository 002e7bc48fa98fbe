"""The crossover story in words: the headline, the short title and the KPI note.

:func:`model.summary.summarise` decides the :class:`~model.summary.Story`;
this module only words it, so the app, the deck, the HTML report, the
workbook and the CLI tell the same story.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from model import units
from model.fleet import is_all_on_demand
from model.summary import Story, story_of

#: Levers that scale training and inference spend by the same factor while every
#: accelerator-hour is rented on demand at the one hourly price: they move every
#: dollar figure but not when inference overtakes training, nor its share.
EQUAL_SCALING = ("gpu_hour_price_usd",)

#: Why the hardware price leaves the crossover alone, for the KPI help.
PRICE_SCALES_BOTH = (
    " While every accelerator-hour is rented on demand, the hardware price scales training "
    "and inference spend alike, so it moves neither this month nor the inference share."
)


def headline(summary: Any, today: date | None = None) -> str:
    """One sentence on when inference spend overtakes training spend.

    Honest for each :class:`~model.summary.Story`: overtakes and stays ahead,
    ahead from the start, never within the horizon, overtakes then falls
    behind, ahead until training overtakes it, or back and forth. The delay
    is counted from ``today`` (default: the real date) when today falls
    inside the plan, otherwise from the plan's start.

    Parameters
    ----------
    summary : model.summary.Summary
    today : datetime.date, optional
    """
    story = story_of(summary)
    share = units.percent(summary["inference_share_final_year"])
    year = summary["final_year"]
    share_tail = f"in {year} it is {share} of AI compute spend."
    tail = f"by {year} it is {share} of AI compute spend."
    when = units.month(summary["crossover_month"])
    behind = units.month(summary["falls_behind_month"])
    if story is Story.NEVER:
        return (
            f"Inference spend does not overtake training by {units.month(summary['end_month'])}; "
            + share_tail
        )
    if story is Story.AHEAD_THROUGHOUT:
        return f"Inference spend is ahead of training from the start; {tail}"
    if story is Story.AHEAD_THEN_FALLS_BEHIND:
        return (
            f"Inference spend is ahead of training from the start until training "
            f"overtakes it in {behind}; " + share_tail
        )
    if story is Story.OVERTAKES_THEN_FALLS_BEHIND:
        return f"Inference spend overtakes training in {when}, then falls behind again in {behind}; {share_tail}"
    if story is Story.BACK_AND_FORTH:
        again = units.month(summary["ahead_again_month"])
        return (
            f"Inference spend overtakes training in {when}, falls behind in {behind} and is "
            f"ahead again from {again}; {share_tail}"
        )
    cross = summary["crossover_month"]
    today = today or date.today()
    now = f"{today.year:04d}-{today.month:02d}"
    start, end = summary["start_month"], summary["end_month"]
    if start <= now <= end:
        n = units.months_between(now, cross)
        if n > 0:
            return f"Inference spend overtakes training in {when}, {_months(n)} from now; {tail}"
        if n == 0:
            return f"Inference spend overtakes training this month ({when}); {tail}"
        return f"Inference spend overtook training in {when}, {_months(-n)} ago; {tail}"
    n = units.months_between(start, cross)
    return f"Inference spend overtakes training in {when}, {_months(n)} into the plan; {tail}"


def title(summary: Any) -> str:
    """A short title for a slide or a report section: the story in a few words."""
    story = story_of(summary)
    when = units.month(summary["crossover_month"])
    behind = units.month(summary["falls_behind_month"])
    if story is Story.NEVER:
        return f"Inference does not overtake training by {units.month(summary['end_month'])}"
    if story is Story.AHEAD_THROUGHOUT:
        return "Inference spend leads training from the start"
    if story is Story.AHEAD_THEN_FALLS_BEHIND:
        return f"Inference leads until training overtakes it in {behind}"
    if story is Story.OVERTAKES_THEN_FALLS_BEHIND:
        return f"Inference overtakes training in {when}, behind again from {behind}"
    if story is Story.BACK_AND_FORTH:
        again = units.month(summary["ahead_again_month"])
        return f"Inference overtakes training in {when}, ahead for good from {again}"
    return f"Inference overtakes training in {when}"


def crossover_value(summary: Any) -> str:
    """The crossover tile's value: the month inference overtakes training, "never",
    or "from the start" when it is ahead in the first month (no overtaking then)."""
    if story_of(summary) in (Story.AHEAD_THROUGHOUT, Story.AHEAD_THEN_FALLS_BEHIND):
        return "From the start"
    return units.month(summary["crossover_month"])


def crossover_note(summary: Any) -> str:
    """What happens after the crossover month, for the KPI's help; "" when nothing does."""
    story = story_of(summary)
    if story is Story.AHEAD_THROUGHOUT:
        return " Inference is ahead in every month of the plan."
    if story in (Story.AHEAD_THEN_FALLS_BEHIND, Story.OVERTAKES_THEN_FALLS_BEHIND):
        return f" Inference falls behind again in {units.month(summary['falls_behind_month'])}."
    if story is Story.BACK_AND_FORTH:
        return (
            f" Inference falls behind in {units.month(summary['falls_behind_month'])} and is "
            f"ahead again from {units.month(summary['ahead_again_month'])}."
        )
    return ""


def equal_scaling_note(scenario: Any, base: Any) -> str | None:
    """Why a lever of :data:`EQUAL_SCALING` that differs from ``base`` leaves the
    crossover month and the inference share where they were (all of ``scenario``'s
    capacity rented on demand); None when no such lever differs, or when some
    capacity is owned or reserved (then the price does move them).

    Shown under the headline, so a price change that leaves the answer in place
    does not read like a bug.
    """
    if not is_all_on_demand(scenario):
        return None
    moved = [n for n in EQUAL_SCALING if getattr(scenario, n) != getattr(base, n)]
    if not moved:
        return None
    return (
        "The hardware price scales training and inference spend alike (all rented on "
        "demand), so it moves every dollar figure but not the crossover month or the share."
    )


def cumulative_title(summary: Any) -> str:
    """When cumulative inference spend passes cumulative training spend."""
    cross = summary["cumulative_crossover_month"]
    if cross is None:
        return "Cumulative spend: training stays ahead"
    if cross == summary["start_month"]:
        return "Cumulative spend: inference ahead from the start"
    return f"Cumulative spend: inference ahead from {units.month(cross)}"


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"

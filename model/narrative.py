"""The one-sentence answer: when inference spend overtakes training spend."""

from __future__ import annotations

from datetime import date
from typing import Any

from model import units


def headline(summary: dict[str, Any], today: date | None = None) -> str:
    """One sentence on when inference spend overtakes training spend.

    Honest for each case: overtakes and stays ahead, already ahead from the
    start, never overtakes within the horizon, overtakes then falls behind.
    The delay is counted from ``today`` (default: the real date) when today
    falls inside the plan, otherwise from the plan's start.

    Parameters
    ----------
    summary : dict
        ``Projection.summary``.
    today : datetime.date, optional
    """
    cross = summary["crossover_month"]
    share = units.percent(summary["inference_share_final_year"])
    year = summary["final_year"]
    tail = f"by {year} it is {share} of AI compute spend."
    if cross is None:
        return (
            f"Inference spend does not overtake training by {units.month(summary['end_month'])}; "
            f"in {year} it is {share} of AI compute spend."
        )
    if summary["already_ahead"] and summary["inference_stays_ahead"]:
        return f"Inference spend is ahead of training from the start; {tail}"
    when = units.month(cross)
    if not summary["inference_stays_ahead"]:
        return (
            f"Inference spend overtakes training in {when}, then falls behind again in "
            f"{units.month(summary['falls_behind_month'])}; "
            f"in {year} it is {share} of AI compute spend."
        )
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


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"

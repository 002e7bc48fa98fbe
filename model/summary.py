"""The crossover rule, the crossover story and a projection's summary.

One rule decides, month by month, whether inference is ahead of training
(:func:`inference_ahead`); :func:`summarise` turns it into one
:class:`Story`. The headline, the KPI help, the deck's titles, the HTML
report and the CLI all tell that story (:mod:`model.narrative` writes its
sentences), so no surface works it out for itself.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np

from model import units


class Story(enum.StrEnum):
    """How inference spend and training spend cross over the horizon."""

    #: Inference never reaches training within the horizon.
    NEVER = "never"
    #: Inference is ahead in every month.
    AHEAD_THROUGHOUT = "ahead_throughout"
    #: Inference overtakes training after the start and stays ahead.
    OVERTAKES = "overtakes"
    #: Inference overtakes training, then falls behind and stays behind.
    OVERTAKES_THEN_FALLS_BEHIND = "overtakes_then_falls_behind"
    #: Inference is ahead from the start; training overtakes it later for good.
    AHEAD_THEN_FALLS_BEHIND = "ahead_then_falls_behind"
    #: Ahead, behind, and ahead again by the end of the horizon.
    BACK_AND_FORTH = "back_and_forth"


def trailing_sum(x: np.ndarray, window: int = 12, axis: int = -1) -> np.ndarray:
    """Sum over the last ``window`` months (along ``axis``, the last by default),
    or since the start when shorter; works on one projection (months,) or many
    (draws, months), or (months, draws) with ``axis=0``, which the simulation
    uses because whole contiguous rows then add at once.

    Each window is summed term by term, not as a difference of cumulative
    sums, which cancels to zero when spend falls by many orders of magnitude
    over the horizon.
    """
    x = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    out = x.copy(order="K")  # keeps a months-first array months-first in memory
    for k in range(1, window):
        out[..., k:] += x[..., :-k]
    return np.moveaxis(out, -1, axis)


def inference_ahead(inference_spend: np.ndarray, training_spend: np.ndarray) -> np.ndarray:
    """The crossover rule, month by month: trailing-12-month inference spend is
    positive and at least training spend over the same window."""
    inf12, train12 = trailing_sum(inference_spend), trailing_sum(training_spend)
    return (inf12 >= train12) & (inf12 > 0)


@dataclass(frozen=True)
class Summary(Mapping[str, Any]):
    """Headline results of a projection. Months are "YYYY-MM", None when it never happens.

    Attributes
    ----------
    story : Story
        How the two spends cross (see :class:`Story`).
    crossover_month : str | None
        First month whose trailing 12-month inference spend (since the start,
        while fewer than 12 months have passed) reaches training spend.
    crossover_index : int | None
        That month's index from the start.
    cumulative_crossover_month : str | None
        First month whose cumulative inference spend reaches cumulative training spend.
    inference_stays_ahead : bool
        Inference is ahead in every month from the crossover on.
    falls_behind_month : str | None
        First month after the crossover in which inference is behind again.
    ahead_again_month : str | None
        In a :attr:`Story.BACK_AND_FORTH` story, the month from which inference
        stays ahead to the end.
    already_ahead : bool
        Inference is ahead in the first month.
    total_training_spend_usd, total_inference_spend_usd, total_spend_usd : float
        Over the horizon [USD].
    final_year : int
    inference_share_final_year : float | None
        Inference spend over total spend in the final year [-].
    peak_inference_fleet_gpus, peak_training_fleet_gpus : float
        Largest monthly-average fleet [accelerators].
    cost_per_million_tokens_start_usd, cost_per_million_tokens_end_usd : float | None
        First and last month [USD per 1M data-centre tokens].
    total_energy_mwh : float
    total_co2_t : float
    serving_replica_accelerators, serving_batch : int, float
        Accelerators per replica and decode batch of the first month's model.
    serving_ttft_ms, serving_tpot_ms : float
        Its time to first token and per output token [ms].
    serving_achieved_mfu : float
        Its useful FLOPs over peak while busy [-].
    serving_meets_targets : bool
        Every month's model meets the latency targets (none set: True).
    """

    start_month: str
    end_month: str
    story: Story
    crossover_month: str | None
    crossover_index: int | None
    cumulative_crossover_month: str | None
    inference_stays_ahead: bool
    falls_behind_month: str | None
    ahead_again_month: str | None
    already_ahead: bool
    total_training_spend_usd: float
    total_inference_spend_usd: float
    total_spend_usd: float
    final_year: int
    inference_share_final_year: float | None
    peak_inference_fleet_gpus: float
    peak_training_fleet_gpus: float
    cost_per_million_tokens_start_usd: float | None
    cost_per_million_tokens_end_usd: float | None
    total_energy_mwh: float
    total_co2_t: float
    serving_replica_accelerators: int
    serving_batch: float
    serving_ttft_ms: float
    serving_tpot_ms: float
    serving_achieved_mfu: float
    serving_meets_targets: bool

    # A read-only mapping of its fields too, so a summary stored as JSON (a
    # dict, as saved versions keep it) and a live one go through the same code.
    def __getitem__(self, key: str) -> Any:
        if key not in _FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_ORDER)

    def __len__(self) -> int:
        return len(_ORDER)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: plain str, int, float, bool and None."""
        out = asdict(self)
        out["story"] = str(self.story)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        """From :meth:`to_dict` output (the story is re-derived when absent)."""
        values = {f: data.get(f) for f in _FIELDS}
        values["story"] = story_of(data)
        return cls(**values)


_ORDER = tuple(f.name for f in fields(Summary))
_FIELDS = frozenset(_ORDER)


def story_of(summary: Any) -> Story:
    """The story of a Summary, or of its ``to_dict()`` (re-derived for one
    saved before stories were recorded)."""
    d = summary
    if d.get("story"):
        return Story(d["story"])
    if d.get("crossover_month") is None:
        return Story.NEVER
    if d.get("inference_stays_ahead"):
        return Story.AHEAD_THROUGHOUT if d.get("already_ahead") else Story.OVERTAKES
    if d.get("already_ahead"):
        return Story.AHEAD_THEN_FALLS_BEHIND
    return Story.OVERTAKES_THEN_FALLS_BEHIND


def _first(mask: np.ndarray) -> int | None:
    idx = np.flatnonzero(mask)
    return int(idx[0]) if idx.size else None


def _float_or_none(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def summarise(
    cols: dict[str, Any],
    annual: dict[str, np.ndarray],
    targets: tuple[float, float] = (0.0, 0.0),
) -> Summary:
    """The :class:`Summary` of a projection's monthly columns and annual table;
    ``targets`` are the TTFT and TPOT targets [ms] (0: none)."""
    inf = cols["inference_spend_usd"]
    train = cols["training_spend_usd"]
    ahead = inference_ahead(inf, train)
    cross = _first(ahead)
    cum_inf, cum_train = np.cumsum(inf), np.cumsum(train)
    cum_cross = _first((cum_inf >= cum_train) & (cum_inf > 0))
    start_year = int(cols["year"][0])

    def label(i: int | None) -> str | None:
        return None if i is None else units.month_label(start_year, i)

    stays = bool(ahead[cross:].all()) if cross is not None else False
    behind = None if cross is None or stays else cross + int(np.flatnonzero(~ahead[cross:])[0])
    again = None
    if cross is None:
        story = Story.NEVER
    elif stays:
        story = Story.AHEAD_THROUGHOUT if cross == 0 else Story.OVERTAKES
    elif ahead[-1]:
        story = Story.BACK_AND_FORTH
        again = int(np.flatnonzero(~ahead)[-1]) + 1
    else:
        story = Story.AHEAD_THEN_FALLS_BEHIND if cross == 0 else Story.OVERTAKES_THEN_FALLS_BEHIND
    total_train = float(train.sum())
    total_inf = float(inf.sum())
    cpm = cols["cost_per_million_tokens_usd"]
    return Summary(
        start_month=label(0),
        end_month=label(len(inf) - 1),
        story=story,
        crossover_month=label(cross),
        crossover_index=cross,
        cumulative_crossover_month=label(cum_cross),
        inference_stays_ahead=stays,
        falls_behind_month=label(behind),
        ahead_again_month=label(again),
        already_ahead=cross == 0,
        total_training_spend_usd=total_train,
        total_inference_spend_usd=total_inf,
        total_spend_usd=total_train + total_inf,
        final_year=int(annual["year"][-1]),
        inference_share_final_year=_float_or_none(annual["inference_share"][-1]),
        peak_inference_fleet_gpus=float(cols["inference_fleet_gpus"].max()),
        peak_training_fleet_gpus=float(cols["training_fleet_gpus"].max()),
        cost_per_million_tokens_start_usd=_float_or_none(cpm[0]),
        cost_per_million_tokens_end_usd=_float_or_none(cpm[-1]),
        total_energy_mwh=float(cols["energy_mwh"].sum()),
        total_co2_t=float(cols["co2_t"].sum()),
        serving_replica_accelerators=int(cols["replica_accelerators"][0]),
        serving_batch=float(cols["serving_batch"][0]),
        serving_ttft_ms=float(cols["serving_ttft_ms"][0]),
        serving_tpot_ms=float(cols["serving_tpot_ms"][0]),
        serving_achieved_mfu=float(cols["inference_achieved_mfu"][0]),
        serving_meets_targets=_meets(cols, targets),
    )


def _meets(cols: dict[str, Any], targets: tuple[float, float]) -> bool:
    """Every month's serving latency within its target (a 0.1% tolerance for rounding)."""
    ok = True
    for column, target in zip(("serving_ttft_ms", "serving_tpot_ms"), targets, strict=True):
        if target and target > 0:
            ok &= bool(np.all(np.asarray(cols[column]) <= target * 1.001))
    return ok

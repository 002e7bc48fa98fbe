"""KPI tiles and number formatting for people."""

from __future__ import annotations

import math

import pytest

from model import Scenario, narrative, project, units
from model.fleet import is_all_on_demand
from model.narrative import headline
from model.scenario import presets
from report.kpis import compare_table, kpis


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1_234_567, "$1.2M"),
        (48_593_500_000, "$48.6B"),
        (999, "$999"),
        (2.5, "$2.50"),
        (0.368, "$0.368"),
        (-1_500_000, "-$1.5M"),
        (None, "n/a"),
        (math.nan, "n/a"),
    ],
)
def test_money(value, text) -> None:
    assert units.money(value) == text


def test_other_units() -> None:
    assert units.count(18_400.2, "accelerators") == "18,400 accelerators"
    assert units.flops(3.4e24) == "3.4e24 FLOP"
    assert units.percent(0.783) == "78%"
    assert units.month("2028-03") == "Mar 2028"
    assert units.month(None) == "never"
    assert units.energy(264_000) == "264 GWh"
    assert units.energy(41_200_000) == "41.2 TWh"
    assert units.tonnes(115_100) == "115k tCO₂"
    assert units.months_between("2026-11", "2028-03") == 16


def test_kpis_without_baseline_have_no_deltas() -> None:
    tiles = kpis(project(Scenario()).summary)
    assert len(tiles) == 8
    assert all(t.delta is None for t in tiles)


def test_kpi_deltas_have_the_right_sign_and_units() -> None:
    base = project(Scenario(requests_per_user_per_day=25)).summary
    more = project(Scenario(requests_per_user_per_day=25, adoption_peak_pct=80)).summary
    tiles = {t.key: t for t in kpis(more, base)}
    assert tiles["total_spend"].delta.startswith("+$")
    fleet = tiles["peak_fleet"].delta
    assert fleet.startswith("+") and fleet.endswith(" accelerators")
    assert tiles["inference_share"].delta.endswith("pts")
    # Higher adoption brings the crossover earlier: a negative month delta.
    assert tiles["crossover"].delta.startswith("-") and "month" in tiles["crossover"].delta
    cheaper = project(Scenario(requests_per_user_per_day=25, gpu_hour_price_usd=1.0)).summary
    tiles = {t.key: t for t in kpis(cheaper, base)}
    assert tiles["total_spend"].delta.startswith("-$")
    assert tiles["peak_fleet"].delta is None  # price does not change the fleet


def test_compare_table_baseline_first() -> None:
    a, b = project(Scenario()).summary, project(Scenario(gpu_hour_price_usd=5.0)).summary
    rows = {r["KPI"]: r for r in compare_table([("A", a), ("B", b)])}
    total = rows["Total spend 2026-2031"]
    assert total["A"] == units.money(a["total_spend_usd"])
    assert total["B"].startswith(units.money(b["total_spend_usd"])) and "(+" in total["B"]


#: Overtakes, then falls behind as 3x-a-generation training outgrows it (no cap).
BEHIND = Scenario.from_preset("Frontier lab").replace(
    requests_per_user_per_day=20, generation_compute_growth=3, training_spend_cap_x=0
)


def test_headline_cases() -> None:
    from datetime import date

    s = project(Scenario(requests_per_user_per_day=25)).summary
    assert "months from now" in headline(s, today=date(2026, 11, 1))
    assert "into the plan" in headline(s, today=date(2040, 1, 1))
    never = project(Scenario(adoption_peak_pct=1)).summary
    assert never["crossover_month"] is None
    assert headline(never).startswith("Inference spend does not overtake training by Dec 2031")
    ahead = project(Scenario.from_preset("Enterprise fine-tuning")).summary
    assert headline(ahead).startswith("Inference spend is ahead of training from the start")
    behind = project(BEHIND).summary
    assert behind["story"] == "overtakes_then_falls_behind"
    assert headline(behind).startswith(
        f"Inference spend overtakes training in {units.month(behind['crossover_month'])}, "
        f"then falls behind again in {units.month(behind['falls_behind_month'])}"
    )
    seesaw = project(Scenario(generation_compute_growth=3)).summary
    assert seesaw["story"] == "back_and_forth"
    assert headline(seesaw).startswith(
        f"Inference spend overtakes training in {units.month(seesaw['crossover_month'])}, "
        f"falls behind in {units.month(seesaw['falls_behind_month'])} and is ahead again from "
        f"{units.month(seesaw['ahead_again_month'])}"
    )


def test_falls_behind_month_is_the_first_month_behind_after_the_crossover() -> None:
    import numpy as np

    from model.engine import trailing_sum

    proj = project(BEHIND)
    m = proj.monthly
    inf12 = trailing_sum(m["inference_spend_usd"].to_numpy())
    train12 = trailing_sum(m["training_spend_usd"].to_numpy())
    cross = proj.summary["crossover_index"]
    first_behind = cross + int(np.flatnonzero(inf12[cross:] < train12[cross:])[0])
    assert proj.summary["falls_behind_month"] == m["month"].iloc[first_behind].strftime("%Y-%m")
    assert units.month(proj.summary["falls_behind_month"]) in headline(proj.summary)
    assert project(Scenario()).summary["falls_behind_month"] is None


# --- the hardware price scales both sides: why the crossover does not move -----------------


@pytest.mark.parametrize("preset", presets())
def test_price_moves_neither_the_crossover_nor_the_share_when_all_is_rented(preset: str) -> None:
    """The fact the KPI help and Explore's caption state, for every preset."""
    base = Scenario.from_preset(preset)
    assert is_all_on_demand(base)
    tiles = {t.key: t for t in kpis(project(base).summary)}
    for price in (0.5, base.gpu_hour_price_usd * 2):
        moved = project(base.replace(gpu_hour_price_usd=price)).summary
        other = {t.key: t for t in kpis(moved, project(base).summary)}
        assert other["crossover"].value == tiles["crossover"].value
        assert other["crossover"].delta is None and other["inference_share"].delta is None
        assert other["total_spend"].delta is not None


def test_crossover_and_share_help_say_why_the_price_does_not_move_them() -> None:
    tiles = {t.key: t for t in kpis(project(Scenario()).summary)}
    for key in ("crossover", "inference_share"):
        assert narrative.PRICE_SCALES_BOTH in tiles[key].help
        assert "hardware price" in tiles[key].help and "alike" in tiles[key].help
    for key in ("total_spend", "peak_fleet", "energy"):
        assert narrative.PRICE_SCALES_BOTH not in tiles[key].help


def test_equal_scaling_note_only_for_the_price_and_only_when_all_is_rented() -> None:
    base = Scenario()
    note = narrative.equal_scaling_note(base.replace(gpu_hour_price_usd=4.0), base)
    assert note and "hardware price" in note and "alike" in note and "crossover" in note
    # Price and another lever: the price still does not move it; the note stays.
    both = base.replace(gpu_hour_price_usd=4.0, adoption_peak_pct=60)
    assert narrative.equal_scaling_note(both, base) == note
    # No price change, or a lever that moves the crossover: nothing to explain.
    assert narrative.equal_scaling_note(base, base) is None
    assert narrative.equal_scaling_note(base.replace(adoption_peak_pct=60), base) is None
    # Owned accelerators cost their purchase price, not the hourly price: it does move.
    owned = base.replace(inference_owned_pct=60)
    assert narrative.equal_scaling_note(owned.replace(gpu_hour_price_usd=4.0), owned) is None
    a = project(owned).summary
    b = project(owned.replace(gpu_hour_price_usd=4.0)).summary
    assert a["inference_share_final_year"] != b["inference_share_final_year"]

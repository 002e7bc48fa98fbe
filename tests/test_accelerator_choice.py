"""model.accelerator_choice: every catalog accelerator side by side for one scenario.

Each figure is checked against the engine run directly (a projection of the
scenario on that chip), so a table that mislabels a column, takes the wrong
year or forgets the price ratio fails here.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

from model import Scenario, project, serving
from model.accelerator_choice import (
    COLUMNS,
    STATUSES,
    cheapest_sentence,
    compare_accelerators,
    serving_precision,
    targets_text,
)
from model.catalog import accelerator, accelerator_names, price_ratio
from model.scenario import presets


@pytest.fixture(scope="module")
def default_table() -> pd.DataFrame:
    return compare_accelerators(Scenario())


def _row(df: pd.DataFrame, name: str) -> pd.Series:
    return df.set_index("accelerator").loc[name]


def _direct(scenario: Scenario, name: str, year: int) -> dict[str, float]:
    """The year's figures of ``scenario`` on ``name``, from a direct projection."""
    precision, _ = serving_precision(name, scenario.inference_precision)
    proj = project(scenario.replace(inference_accelerator=name, inference_precision=precision))
    m = proj.monthly[proj.monthly["year"] == year]
    tokens = m["dc_tokens"].sum()
    annual = proj.annual.set_index("year").loc[year]
    return {
        "cost": m["inference_spend_usd"].sum() / tokens * 1e6,
        "annual_cost": annual["cost_per_million_tokens_usd"],
        "kwh": m["inference_energy_mwh"].sum() * 1000 / tokens * 1e6,
        "fleet": annual["inference_fleet_gpus"],
        "hours": m["inference_gpu_hours"].sum(),
    }


#: A frontier lab's growing 405B model, pinned rather than read from the
#: "Frontier lab" preset: Llama 3.1 405B at FP8 (504 KiB of KV cache a token),
#: 4x compute a generation with 0.3 of it in parameters, MLPerf's 6 s TTFT,
#: and tokens per request growing (1,500 in and 400 out at the start, +40% and
#: +25% a year, x1.25 output a generation).
GROWING_405B = {
    "active_params_b": 405,
    "inference_precision": "fp8",
    "kv_kib_per_token": 504,
    "generation_compute_growth": 4.0,
    "params_share_of_growth": 0.3,
    "ttft_target_ms": 6000,
    "input_tokens_per_request": 1500,
    "output_tokens_per_request": 400,
    "input_tokens_growth_pct_per_year": 40,
    "output_tokens_growth_pct_per_year": 25,
    "output_tokens_uplift_per_generation": 1.25,
}


def test_one_row_per_catalog_accelerator_in_catalog_order(default_table: pd.DataFrame) -> None:
    df = default_table
    assert df["accelerator"].tolist() == accelerator_names()
    assert list(df.columns) == list(COLUMNS)
    assert df["current"].sum() == 1
    assert _row(df, Scenario().inference_accelerator)["current"]
    assert df.attrs == {
        "year": Scenario().start_year + Scenario().horizon_years - 1,
        "ttft_target_ms": Scenario().ttft_target_ms,
        "tpot_target_ms": Scenario().tpot_target_ms,
    }


@pytest.mark.parametrize("year", [None, 2026, 2029])
def test_year_figures_are_those_of_a_direct_projection(year: int | None) -> None:
    s = Scenario()
    df = compare_accelerators(s, year)
    y = year if year is not None else s.start_year + s.horizon_years - 1
    assert df.attrs["year"] == y
    checked = 0
    for name in ("H100 SXM", "H200 SXM", "MI300X", "A100 SXM 80GB", "TPU v5e"):
        row = _row(df, name)
        assert row["fits"]
        want = _direct(s, name, y)
        # $ per 1M tokens = the year's inference spend / data-centre tokens x 1e6,
        # the engine's own yearly ratio.
        assert row["cost_per_million_tokens_usd"] == pytest.approx(want["cost"], rel=1e-12)
        assert row["cost_per_million_tokens_usd"] == pytest.approx(want["annual_cost"], rel=1e-9)
        assert row["energy_kwh_per_million_tokens"] == pytest.approx(want["kwh"], rel=1e-12)
        assert row["inference_fleet"] == pytest.approx(want["fleet"], rel=1e-12)
        checked += 1
    assert checked == 5
    # Later years are cheaper per token where the chip keeps meeting the targets
    # (prices and serving efficiency improve); the L4 misses them as the model and
    # its requests grow.
    if year == 2026:
        final = compare_accelerators(s)
        ok = final["meets_targets"].fillna(False).astype(bool).to_numpy()
        assert 10 <= ok.sum() < len(final)
        later = final["cost_per_million_tokens_usd"].to_numpy()[ok]
        assert (later < df["cost_per_million_tokens_usd"].to_numpy()[ok]).all()


def test_serving_figures_are_those_of_the_first_month(default_table: pd.DataFrame) -> None:
    """The start columns agree with the engine's month 0 on that chip, and the
    tokens/s with serving_throughput called by hand (70B at FP8 on H200) at the
    first year's tokens per request: the engine profiles each year at its
    mid-point, 5.5 months in, and tokens per request grow by default."""
    s = Scenario()
    assert s.input_tokens_growth_pct_per_year > 0 and s.output_tokens_growth_pct_per_year > 0
    for name in ("H100 SXM", "H200 SXM", "B200 (HGX)", "A100 SXM 80GB", "Intel Gaudi 3"):
        row = _row(default_table, name)
        precision, _ = serving_precision(name, s.inference_precision)
        m0 = project(s.replace(inference_accelerator=name, inference_precision=precision)).monthly
        m0 = m0.iloc[0]
        assert row["replica_accelerators"] == m0["replica_accelerators"]
        assert row["batch"] == m0["serving_batch"]
        assert row["ttft_ms"] == pytest.approx(m0["serving_ttft_ms"], rel=1e-9)
        assert row["tpot_ms"] == pytest.approx(m0["serving_tpot_ms"], rel=1e-9)
        assert row["achieved_mfu"] == pytest.approx(m0["inference_achieved_mfu"], rel=1e-9)
    n = s.active_params_b * 1e9
    kv = serving.kv_bytes_per_token(n, "fp8", s.kv_kib_per_token * 1024, n)
    # Generation 0 (no uplift yet) at the first year's mid-point, t = 5.5 / 12 years.
    mid = 5.5 / 12
    tok_in = s.input_tokens_per_request * (1 + s.input_tokens_growth_pct_per_year / 100) ** mid
    tok_out = s.output_tokens_per_request * (1 + s.output_tokens_growth_pct_per_year / 100) ** mid
    r = serving.serving_throughput(
        "H200 SXM", "fp8", n, n, tok_in, tok_out,
        s.ttft_target_ms, s.tpot_target_ms, kv_bytes_per_token=float(kv),
    )  # fmt: skip
    h200 = _row(default_table, "H200 SXM")
    assert h200["output_tokens_per_s_per_accelerator"] == pytest.approx(
        r.output_tokens_per_s_per_accelerator, rel=1e-12
    )
    assert h200["replica_accelerators"] == r.replica_accelerators
    assert h200["batch"] == r.batch
    assert h200["tpot_ms"] == pytest.approx(r.tpot_ms, rel=1e-12)
    # The starting tokens (t = 0) give other figures: the check above tells them apart.
    at_zero = serving.serving_throughput(
        "H200 SXM", "fp8", n, n, s.input_tokens_per_request, s.output_tokens_per_request,
        s.ttft_target_ms, s.tpot_target_ms, kv_bytes_per_token=float(kv),
    )  # fmt: skip
    assert at_zero.output_tokens_per_s_per_accelerator != pytest.approx(
        r.output_tokens_per_s_per_accelerator, rel=1e-3
    )


def test_prices_follow_the_hardware_price_lever_and_the_catalog_ratio() -> None:
    cheap = compare_accelerators(Scenario(gpu_hour_price_usd=1.0))
    dear = compare_accelerators(Scenario(gpu_hour_price_usd=4.0))
    for name in accelerator_names():
        assert _row(cheap, name)["price_usd_per_hour"] == pytest.approx(price_ratio(name))
    # Every $ figure scales by 4; fleets, energy and the pick do not move.
    np.testing.assert_allclose(
        dear["cost_per_million_tokens_usd"], 4 * cheap["cost_per_million_tokens_usd"], rtol=1e-12
    )
    np.testing.assert_allclose(dear["inference_fleet"], cheap["inference_fleet"], rtol=1e-12)
    assert dear["cheapest"].tolist() == cheap["cheapest"].tolist()


#: Tokens per request held at their starting values (model v2's constant tokens).
_FIXED_TOKENS = {
    "input_tokens_growth_pct_per_year": 0,
    "output_tokens_growth_pct_per_year": 0,
    "output_tokens_uplift_per_generation": 1,
}


@pytest.mark.parametrize(
    ("changes", "h200_cheaper"),
    [
        # 70B at FP8, 40 ms, tokens per request growing: H200 needs ~25% fewer
        # accelerator-hours in 2031, still short of 1 / 1.4
        ({}, False),
        (_FIXED_TOKENS, False),  # constant tokens: only ~8% fewer hours, ~28% dearer
        ({"active_params_b": 8, **_FIXED_TOKENS}, False),  # 8B: ~26% fewer hours, short too
        # 8B with answers growing (reasoning): long decodes favour the H200's bandwidth
        ({"active_params_b": 8}, True),
        # 405B at FP8 with a 20 ms TPOT: H100's small memory forces big, slow replicas
        ({"active_params_b": 405, "tpot_target_ms": 20}, True),
        ({"active_params_b": 8, "output_tokens_per_request": 4000}, True),
    ],
)
def test_h200_beats_h100_per_token_only_where_the_price_ratio_allows(
    changes: dict[str, float], h200_cheaper: bool
) -> None:
    """H200 always needs fewer accelerator-hours than H100 (more bandwidth and
    memory), but each of its hours costs 1.4x, month by month: it is cheaper
    per token exactly when its (price-weighted) hours ratio is below 1 / 1.4,
    and its $ ratio is that hours ratio x 1.4."""
    s = Scenario(**changes)
    df = compare_accelerators(s)
    y = df.attrs["year"]
    months = {}
    for name in ("H100 SXM", "H200 SXM"):
        proj = project(s.replace(inference_accelerator=name))
        months[name] = proj.monthly[proj.monthly["year"] == y]
    h100, h200 = (months[n]["inference_gpu_hours"].to_numpy() for n in ("H100 SXM", "H200 SXM"))
    rate100, rate200 = (
        months[n]["inference_spend_usd"].to_numpy() / months[n]["inference_gpu_hours"].to_numpy()
        for n in ("H100 SXM", "H200 SXM")
    )
    price = price_ratio("H200 SXM") / price_ratio("H100 SXM")
    assert price == pytest.approx(1.4)
    np.testing.assert_allclose(rate200, price * rate100, rtol=1e-12)
    assert (h200 < h100).all()
    hours = (h200 * rate100).sum() / (h100 * rate100).sum()  # the year's, at one price path
    cost = (
        _row(df, "H200 SXM")["cost_per_million_tokens_usd"]
        / _row(df, "H100 SXM")["cost_per_million_tokens_usd"]
    )
    assert cost == pytest.approx(hours * price, rel=1e-9)
    assert bool(cost < 1.0) == bool(hours * price < 1.0) == h200_cheaper


def test_a_405b_bf16_model_does_not_fit_an_l4_and_says_why() -> None:
    s = Scenario(active_params_b=405, inference_precision="bf16")
    df = compare_accelerators(s)  # does not raise, although some chips cannot hold it
    l4 = _row(df, "L4")
    assert not l4["fits"]
    assert l4["why_not"].startswith("A 405B-parameter model at bf16 (810 GB of weights")
    assert "does not fit on L4" in l4["why_not"]
    with pytest.raises(ValueError) as exc:
        project(s.replace(inference_accelerator="L4"))
    assert l4["why_not"] == str(exc.value)
    assert pd.isna(l4["meets_targets"]) and not l4["cheapest"]
    assert pd.isna(l4["replica_accelerators"]) and math.isnan(l4["tpot_ms"])
    assert math.isnan(l4["cost_per_million_tokens_usd"]) and math.isnan(l4["inference_fleet"])
    # B200 holds it in one node, through the plan: the engine projects it. Its
    # context grows (40% a year by default), so by the end prefill may miss the
    # TTFT target; that is a latency miss, never a misfit.
    b200 = _row(df, "B200 (HGX)")
    assert b200["fits"] and b200["replica_accelerators"] <= 8
    project(s.replace(inference_accelerator="B200 (HGX)"))  # does not raise
    assert bool(b200["meets_targets"]) == (b200["why_not"] == "")
    if b200["why_not"]:
        assert b200["why_not"].startswith("Misses the latency targets from ")
        assert "does not fit" not in b200["why_not"]


def test_a_model_that_outgrows_a_chip_later_keeps_its_start_figures() -> None:
    """A growing 405B model (GROWING_405B): the H100 holds the first generations
    but not the plan's last one. The row does not fit, names the month, and
    still shows how the starting model serves."""
    s = Scenario.from_preset("Frontier lab").replace(**GROWING_405B)
    h100 = _row(compare_accelerators(s), "H100 SXM")
    assert not h100["fits"]
    assert h100["why_not"].startswith("From ") and "outgrows the accelerator" in h100["why_not"]
    assert h100["replica_accelerators"] >= 8 and h100["tpot_ms"] > 0


def test_precision_falls_back_to_the_chips_best() -> None:
    assert serving_precision("A100 SXM 80GB", "fp8") == ("bf16", True)
    assert serving_precision("H100 SXM", "fp4") == ("fp8", True)
    assert serving_precision("B200 (HGX)", "fp4") == ("fp4", False)
    assert serving_precision("B200 (HGX)", "bf16") == ("bf16", False)
    s = Scenario(inference_accelerator="B200 (HGX)", inference_precision="fp4")
    table = compare_accelerators(s)
    df = table.set_index("accelerator")
    for name in accelerator_names():
        chip = accelerator(name)
        want = "fp4" if chip.supports("fp4") else "fp8" if chip.supports("fp8") else "bf16"
        assert df.loc[name, "precision"] == want, name
        assert df.loc[name, "precision_fallback"] == (want != "fp4"), name
    # The fallback row is the engine's projection at that precision.
    a100 = _direct(s, "A100 SXM 80GB", table.attrs["year"])
    assert df.loc["A100 SXM 80GB", "cost_per_million_tokens_usd"] == pytest.approx(a100["cost"])


def test_cheapest_is_the_lowest_cost_among_rows_that_fit_and_meet_the_targets() -> None:
    for name in presets():
        df = compare_accelerators(Scenario.from_preset(name))
        ok = df[df["fits"] & df["meets_targets"].fillna(False).astype(bool)]
        assert df["cheapest"].sum() == (1 if len(ok) else 0), name
        if len(ok):
            pick = df[df["cheapest"]].iloc[0]
            assert pick["cost_per_million_tokens_usd"] == ok["cost_per_million_tokens_usd"].min()
    # A chip that fits but misses the targets is never the pick, however cheap.
    df = compare_accelerators(Scenario())
    l4 = _row(df, "L4")
    assert l4["fits"] and not l4["meets_targets"] and not l4["cheapest"]
    assert l4["cost_per_million_tokens_usd"] > _row(df, "H100 SXM")["cost_per_million_tokens_usd"]
    # why_not names the first month that misses and the target(s) it misses
    # then, as the engine's own month-by-month latencies on the L4 give them.
    s = Scenario()
    m = project(s.replace(inference_accelerator="L4")).monthly
    ttft_over = m["serving_ttft_ms"].to_numpy() > s.ttft_target_ms * 1.001
    tpot_over = m["serving_tpot_ms"].to_numpy() > s.tpot_target_ms * 1.001
    first = int(np.flatnonzero(ttft_over | tpot_over)[0])
    assert first > 0  # the starting model meets them: it is the growth that misses
    when = m["month"].iloc[first].strftime("%b %Y")
    assert l4["why_not"].startswith(f"Misses the latency targets from {when} as the ")
    assert ("TTFT" in l4["why_not"]) == bool(ttft_over[first])
    assert ("TPOT" in l4["why_not"]) == bool(tpot_over[first])


def test_tightening_tpot_changes_the_pick_and_never_raises_tokens_per_second() -> None:
    """A growing 405B model (GROWING_405B on the Frontier lab preset): at
    MLPerf's 175 ms TPOT several chips meet the targets and a cheaper one than
    the NVL72 rack is the pick; at 10 ms only the NVL72 rack keeps every
    generation under the target, so it is the pick."""
    base = Scenario.from_preset("Frontier lab").replace(**GROWING_405B)
    loose = compare_accelerators(base.replace(tpot_target_ms=175))
    tight = compare_accelerators(base.replace(tpot_target_ms=10))
    pick_loose = loose.loc[loose["cheapest"], "accelerator"].tolist()
    pick_tight = tight.loc[tight["cheapest"], "accelerator"].tolist()
    assert len(pick_loose) == len(pick_tight) == 1
    assert pick_loose != pick_tight
    meets_tight = tight.loc[tight["meets_targets"].fillna(False).astype(bool), "accelerator"]
    assert meets_tight.tolist() == pick_tight == ["GB200 (NVL72)"]
    meets_loose = loose[loose["meets_targets"].fillna(False).astype(bool)]
    assert len(meets_tight) < len(meets_loose)
    rack = _row(loose, "GB200 (NVL72)")
    assert rack["meets_targets"]  # still a candidate, just not the cheapest one
    assert meets_loose["cost_per_million_tokens_usd"].min() < rack["cost_per_million_tokens_usd"]
    # A tighter TPOT never raises tokens/s per accelerator, on any row, in any preset.
    for name in presets():
        prev = None
        for tpot in (0, 200, 40, 10, 5):
            df = compare_accelerators(Scenario.from_preset(name).replace(tpot_target_ms=tpot))
            tok = df["output_tokens_per_s_per_accelerator"].to_numpy(dtype=float)
            if prev is not None:
                both = np.isfinite(tok) & np.isfinite(prev)
                assert (tok[both] <= prev[both] * (1 + 1e-9)).all(), (name, tpot)
                assert not (np.isfinite(tok) & ~np.isfinite(prev)).any(), (name, tpot)
            prev = tok


def test_sentence_names_the_pick_with_its_targets_and_year(default_table: pd.DataFrame) -> None:
    pick = default_table[default_table["cheapest"]].iloc[0]
    text = cheapest_sentence(default_table)
    assert text.startswith("Cheapest that meets the 450 ms / 40 ms targets in 2031: ")
    assert f": {pick['accelerator']} at $" in text and text.endswith(" per 1M tokens.")
    assert targets_text(0, 0) == "no latency targets"
    assert targets_text(0, 40) == "the 40 ms TPOT target"
    assert targets_text(2000, 0) == "the 2,000 ms TTFT target"
    none = compare_accelerators(Scenario(ttft_target_ms=0, tpot_target_ms=0), 2027)
    assert cheapest_sentence(none).startswith("Cheapest with no latency targets in 2027: ")
    nobody = compare_accelerators(
        Scenario.from_preset("Frontier lab").replace(**GROWING_405B, tpot_target_ms=5)
    )
    assert not nobody["cheapest"].any()
    assert cheapest_sentence(nobody) == (
        "No accelerator in the catalog meets the 6,000 ms / 5 ms targets with this model "
        "through the plan."
    )


def test_a_year_outside_the_plan_is_a_named_error() -> None:
    with pytest.raises(ValueError, match=r"year: 2040 is outside the plan \(2026 to 2031\)"):
        compare_accelerators(Scenario(), 2040)


def test_fast_enough_for_every_page_view() -> None:
    compare_accelerators(Scenario())  # warm caches
    start = time.perf_counter()
    for _ in range(3):
        compare_accelerators(Scenario())
    assert (time.perf_counter() - start) / 3 < 0.5


def test_status_says_what_each_row_is(default_table: pd.DataFrame) -> None:
    df = default_table
    assert set(df["status"]) <= set(STATUSES)
    assert (df["status"] == "cheapest").tolist() == df["cheapest"].tolist()
    assert _row(df, "L4")["status"] == "misses targets"
    assert (df.loc[df["status"] == "meets targets", "why_not"] == "").all()
    big = compare_accelerators(Scenario(active_params_b=405, inference_precision="bf16"))
    assert (big.loc[~big["fits"], "status"] == "does not fit").all()
    assert _row(big, "L4")["status"] == "does not fit"


def test_all_traffic_on_devices_has_no_pick_and_says_why() -> None:
    df = compare_accelerators(Scenario(edge_share_pct=100))
    assert not df["cheapest"].any()
    assert (df["status"] == "meets targets").any()
    assert (df["inference_fleet"].dropna() == 0).all()
    assert cheapest_sentence(df) == (
        "No data-centre tokens in 2031: every request runs on users' devices."
    )

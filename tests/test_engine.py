"""Tests for model/engine.py: project(scenario) -> Projection."""

import calendar
import dataclasses
import json
import math
from functools import cache

import numpy as np
import pandas as pd
import pytest

import model
from model import Scenario
from model.serving import serving_throughput
from model.summary import Story, Summary

PRESETS = model.presets()

REQUIRED_MONTHLY = [
    "month",
    "active_users",
    "requests",
    "tokens",
    "training_flops",
    "inference_flops",
    "edge_flops",
    "training_gpu_hours",
    "inference_gpu_hours",
    "inference_fleet_gpus",
    "training_spend_usd",
    "inference_spend_usd",
    "energy_mwh",
    "co2_t",
    "cost_per_million_tokens_usd",
]

SUMMED = [
    "requests",
    "tokens",
    "training_flops",
    "inference_flops",
    "edge_flops",
    "training_gpu_hours",
    "inference_gpu_hours",
    "training_spend_usd",
    "inference_spend_usd",
    "energy_mwh",
    "co2_t",
]


@cache
def run(name: str) -> model.Projection:
    return model.project(Scenario.from_preset(name))


def catalog_row(name: str) -> pd.Series:
    return model.accelerators().loc[name]


# ---------------------------------------------------------------- shape


@pytest.mark.parametrize("name", PRESETS)
def test_monthly_rows_and_columns(name):
    p = run(name)
    s = p.scenario
    assert len(p.monthly) == s.horizon_years * 12
    assert set(REQUIRED_MONTHLY) <= set(p.monthly.columns)
    months = pd.to_datetime(p.monthly["month"])
    assert months.iloc[0] == pd.Timestamp(f"{s.start_year}-01-01")
    expected = pd.date_range(f"{s.start_year}-01-01", periods=len(p.monthly), freq="MS")
    assert list(months) == list(expected)


@pytest.mark.parametrize("horizon", [1, 3, 15])
def test_horizon_sets_the_number_of_months(horizon):
    p = model.project(Scenario(horizon_years=horizon, start_year=2030))
    assert len(p.monthly) == horizon * 12
    assert len(p.annual) == horizon
    assert list(p.annual["year"]) == list(range(2030, 2030 + horizon))


@pytest.mark.parametrize("name", PRESETS)
def test_annual_sums_equal_monthly_sums(name):
    p = run(name)
    years = pd.to_datetime(p.monthly["month"]).dt.year
    annual = p.annual.set_index("year")
    assert list(annual.index) == sorted(set(years))
    for col in SUMMED:
        by_year = p.monthly[col].groupby(years.to_numpy()).sum()
        np.testing.assert_allclose(
            annual.loc[by_year.index, col].to_numpy(), by_year.to_numpy(), rtol=1e-9, err_msg=col
        )


@pytest.mark.parametrize("name", PRESETS)
def test_annual_fleet_is_averaged_not_summed(name):
    p = run(name)
    years = pd.to_datetime(p.monthly["month"]).dt.year.to_numpy()
    mean = p.monthly["inference_fleet_gpus"].groupby(years).mean()
    got = p.annual.set_index("year").loc[mean.index, "inference_fleet_gpus"]
    np.testing.assert_allclose(got.to_numpy(), mean.to_numpy(), rtol=1e-9)


@pytest.mark.parametrize("name", PRESETS)
def test_annual_rates_are_recomputed_from_annual_totals(name):
    p = run(name)
    m = p.monthly.assign(
        year_=pd.to_datetime(p.monthly["month"]).dt.year,
        dc_tokens_=p.monthly["tokens"] * (1 - p.scenario.edge_share_pct / 100),
    )
    g = m.groupby("year_")[["inference_spend_usd", "training_spend_usd", "dc_tokens_"]].sum()
    a = p.annual.set_index("year").loc[g.index]
    total = g["inference_spend_usd"] + g["training_spend_usd"]
    np.testing.assert_allclose(a["inference_share"], g["inference_spend_usd"] / total, rtol=1e-9)
    if "cost_per_million_tokens_usd" in a:
        has = g["dc_tokens_"] > 0
        np.testing.assert_allclose(
            a.loc[has, "cost_per_million_tokens_usd"],
            (g["inference_spend_usd"] / g["dc_tokens_"] * 1e6)[has],
            rtol=1e-9,
        )


@pytest.mark.parametrize("name", PRESETS)
def test_no_nan_except_cost_per_token_without_tokens(name):
    p = run(name)
    numeric = p.monthly.drop(columns=["month"]).select_dtypes("number")
    nan_cols = [c for c in numeric.columns if numeric[c].isna().any()]
    assert set(nan_cols) <= {"cost_per_million_tokens_usd"}
    cpm = p.monthly["cost_per_million_tokens_usd"]
    dc_tokens = p.monthly["tokens"] * (1 - p.scenario.edge_share_pct / 100)
    assert (cpm.isna() == (dc_tokens <= 0)).all()
    assert np.isfinite(numeric.drop(columns=["cost_per_million_tokens_usd"]).to_numpy()).all()


@pytest.mark.parametrize("name", PRESETS)
def test_flows_are_non_negative(name):
    p = run(name)
    for col in REQUIRED_MONTHLY[1:-1]:
        assert (p.monthly[col] >= 0).all(), col


# ---------------------------------------------------------------- summary


@pytest.mark.parametrize("name", PRESETS)
def test_summary_keys_and_json(name):
    summary = run(name).summary
    for key in (
        "crossover_month",
        "cumulative_crossover_month",
        "total_training_spend_usd",
        "total_inference_spend_usd",
        "inference_share_final_year",
        "peak_inference_fleet_gpus",
        "inference_stays_ahead",
        "already_ahead",
    ):
        assert key in summary, key
    assert dataclasses.is_dataclass(summary) and summary.__dataclass_params__.frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.crossover_month = "2000-01"  # type: ignore[misc]
    data = summary.to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    assert data["story"] == summary.story.value
    assert Summary.from_dict(json.loads(text)) == summary
    assert isinstance(summary["inference_stays_ahead"], bool)
    assert isinstance(summary["already_ahead"], bool)
    for key in ("crossover_month", "cumulative_crossover_month"):
        label = summary[key]
        assert label is None or (isinstance(label, str) and len(label) == 7 and label[4] == "-")


def test_summary_json_safe_when_nothing_is_spent():
    # no users and no training: every share and cost per token is undefined
    p = model.project(Scenario(addressable_users=0, train_tokens_t=0))
    json.dumps(p.summary.to_dict(), allow_nan=False)
    assert p.summary.crossover_month is None
    assert p.summary.story is Story.NEVER
    assert p.summary["inference_stays_ahead"] is False


@pytest.mark.parametrize("name", PRESETS)
def test_summary_totals_match_monthly(name):
    p = run(name)
    s, m = p.summary, p.monthly
    assert s["total_training_spend_usd"] == pytest.approx(m["training_spend_usd"].sum(), rel=1e-9)
    assert s["total_inference_spend_usd"] == pytest.approx(m["inference_spend_usd"].sum(), rel=1e-9)
    assert s["peak_inference_fleet_gpus"] == pytest.approx(m["inference_fleet_gpus"].max())
    last = m[pd.to_datetime(m["month"]).dt.year == pd.to_datetime(m["month"]).dt.year.max()]
    inf, train = last["inference_spend_usd"].sum(), last["training_spend_usd"].sum()
    assert s["inference_share_final_year"] == pytest.approx(inf / (inf + train), rel=1e-9)


def _label(monthly: pd.DataFrame, i: int | None) -> str | None:
    return None if i is None else pd.Timestamp(monthly["month"].iloc[i]).strftime("%Y-%m")


def _crossover_by_hand(monthly: pd.DataFrame) -> tuple[int | None, bool]:
    inf = [float(x) for x in monthly["inference_spend_usd"]]
    train = [float(x) for x in monthly["training_spend_usd"]]
    ahead = []
    for i in range(len(inf)):
        lo = max(0, i - 11)
        inf12 = sum(inf[lo : i + 1])
        train12 = sum(train[lo : i + 1])
        # "reaches": >=, and something must be spent on inference
        ahead.append(inf12 > 0 and inf12 >= train12 * (1 - 1e-12))
    first = next((i for i, a in enumerate(ahead) if a), None)
    stays = first is not None and all(ahead[first:])
    return first, stays


def _cumulative_crossover_by_hand(monthly: pd.DataFrame) -> int | None:
    ci = ct = 0.0
    pairs = zip(monthly["inference_spend_usd"], monthly["training_spend_usd"], strict=True)
    for i, (a, b) in enumerate(pairs):
        ci += float(a)
        ct += float(b)
        if ci > 0 and ci >= ct * (1 - 1e-12):
            return i
    return None


@pytest.mark.parametrize("name", PRESETS)
def test_crossover_recomputed_by_hand(name):
    p = run(name)
    first, stays = _crossover_by_hand(p.monthly)
    assert p.summary["crossover_month"] == _label(p.monthly, first)
    assert p.summary["inference_stays_ahead"] is stays
    assert p.summary["already_ahead"] is (first == 0)
    cum = _cumulative_crossover_by_hand(p.monthly)
    assert p.summary["cumulative_crossover_month"] == _label(p.monthly, cum)


@pytest.mark.parametrize(
    "changes",
    [
        dict(adoption_peak_pct=10, horizon_years=10),
        dict(generation_compute_growth=4, params_share_of_growth=0.25, horizon_years=8),
        dict(requests_per_user_per_day=1, retrain_every_months=6, horizon_years=4),
        dict(horizon_years=1),
    ],
)
def test_crossover_recomputed_by_hand_variants(changes):
    p = model.project(Scenario(**changes))
    first, stays = _crossover_by_hand(p.monthly)
    assert p.summary["crossover_month"] == _label(p.monthly, first)
    assert p.summary["inference_stays_ahead"] is stays


def test_crossover_survives_steeply_falling_spend():
    # every value inside its registry range; spend falls ~1e-20x over 15 years
    s = Scenario(
        horizon_years=15,
        efficiency_gain_pct_per_year=90,
        price_performance_gain_pct_per_year=100,
        active_params_b=0.001,
        train_tokens_t=0.001,
        generation_compute_growth=0.1,
        retrain_every_months=1,
        continuous_training_pct=0,
    )
    p = model.project(s)
    first, stays = _crossover_by_hand(p.monthly)
    assert (first, stays) == (0, True)
    assert p.summary["crossover_index"] == first
    assert p.summary["inference_stays_ahead"] is stays


def test_default_preset_inference_overtakes_as_tokens_per_request_grow():
    """Model v3: the 70B assistant starts with training ahead (inference ~a
    quarter of spend); as answers and context grow, inference overtakes within
    the horizon and stays ahead."""
    p = run("AI assistant at scale")
    share = p.annual["inference_share"].to_numpy()
    assert 0.15 < share[0] < 0.5 < share[-1]
    assert p.summary.story is Story.OVERTAKES
    fixed = model.project(
        p.scenario.replace(
            input_tokens_growth_pct_per_year=0,
            output_tokens_growth_pct_per_year=0,
            output_tokens_uplift_per_generation=1,
        )
    )
    assert fixed.summary.story is Story.NEVER  # with v2's constant tokens it never did


def test_enterprise_fine_tuning_is_ahead_from_the_start():
    s = run("Enterprise fine-tuning").summary
    assert s["already_ahead"] is True
    assert s["crossover_month"] == s["start_month"] == "2026-01"


def test_frontier_lab_shows_the_thesis_failing():
    # 4x compute per generation: inference does not stay ahead of training
    s = run("Frontier lab").summary
    assert s["inference_stays_ahead"] is False


# ---------------------------------------------------------------- hand-computed month

TINY = dict(
    start_year=2026,
    horizon_years=2,
    addressable_users=1_000_000,
    adoption_peak_pct=50,
    initial_adoption_pct=10,
    bass_p=0.03,
    bass_q=0.38,
    requests_per_user_per_day=4,
    usage_growth_pct_per_year=20,
    input_tokens_per_request=300,
    output_tokens_per_request=100,
    edge_share_pct=0,
    peak_to_average=3,
    autoscaling_pct=25,
    active_params_b=7,
    efficiency_gain_pct_per_year=25,
    inference_precision="fp8",
    inference_accelerator="H100 SXM",
    retrain_every_months=120,  # one run: the served model stays generation 0
    training_run_months=1,
    gpu_hour_price_usd=2.0,
    price_performance_gain_pct_per_year=30,
)


def _bass(t: float, p: float, q: float) -> float:
    e = math.exp(-(p + q) * t)
    return (1 - e) / (1 + q / p * e)


def _bass_shift(f0: float, p: float, q: float) -> float:
    lo, hi = 0.0, 100.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _bass(mid, p, q) < f0 else (lo, mid)
    return lo


@pytest.mark.parametrize("m", [0, 5, 14, 23])
def test_one_month_of_inference_spend_by_hand(m):
    p = model.project(Scenario(**TINY))
    row = p.monthly.iloc[m]
    t = m / 12
    year, month = 2026 + m // 12, m % 12 + 1
    days = calendar.monthrange(year, month)[1]
    t0 = _bass_shift(0.10, 0.03, 0.38)
    users = 1e6 * 0.50 * _bass(t + t0, 0.03, 0.38)
    # tokens per request grow 40% (input) and 25% (output) a year: the defaults
    tok_in, tok_out = 300 * 1.4**t, 100 * 1.25**t
    tokens = users * 4 * 1.2**t * days * (tok_in + tok_out)
    assert row["active_users"] == pytest.approx(users, rel=1e-9)
    assert row["tokens"] == pytest.approx(tokens, rel=1e-9)
    assert row["output_tokens_per_request"] == pytest.approx(tok_out, rel=1e-12)
    flops = 2 * 7e9 * tokens * 0.75**t
    assert row["inference_flops"] == pytest.approx(flops, rel=1e-9)
    provisioning = 1 + (3 - 1) * (1 - 0.25)  # 2.5
    # The serving model's accelerator-seconds per request (its own tests check it
    # against published throughputs), for the 7B model at the default targets,
    # computed once a year at the year's mid-point tokens and scaled per token.
    mid = m // 12 + 5.5 / 12
    grid_in, grid_out = 300 * 1.4**mid, 100 * 1.25**mid
    served = serving_throughput("H100 SXM", "fp8", 7e9, 7e9, grid_in, grid_out, 450, 40, 0, kv_7b())
    seconds = served.accelerator_seconds_per_request / (grid_in + grid_out) * (tok_in + tok_out)
    requests = users * 4 * 1.2**t * days
    # Hours on the year's accelerators: each does 1.3^t the work of today's H100.
    hours = requests * seconds * 0.75**t / 3600 * provisioning / 1.3**t
    assert row["inference_gpu_hours"] == pytest.approx(hours, rel=1e-9)
    spend = hours * 2.0  # the year's accelerator rents at today's price
    assert row["inference_spend_usd"] == pytest.approx(spend, rel=1e-9)
    assert row["inference_fleet_gpus"] == pytest.approx(hours / (days * 24), rel=1e-9)
    assert row["cost_per_million_tokens_usd"] == pytest.approx(spend / tokens * 1e6, rel=1e-9)


def kv_7b() -> float:
    """KV bytes per token of TINY's 7B model at FP8: the default 320 KiB (BF16, 70B)
    is taken as the first served model's own, halved for an FP8 cache."""
    return 320 * 1024 / 2


def test_bf16_serving_costs_more_accelerator_hours_than_fp8():
    """Twice the bytes per weight and half the peak: bf16 needs more hours, but
    about twice as many (its KV cache is BF16 too, so batches are smaller)."""
    fp8 = model.project(Scenario(**TINY)).monthly
    bf16 = model.project(Scenario(**{**TINY, "inference_precision": "bf16"})).monthly
    ratio = bf16["inference_gpu_hours"] / fp8["inference_gpu_hours"]
    assert (ratio > 1.2).all() and (ratio < 3.0).all()


def test_a_model_too_big_for_the_accelerator_is_a_named_error():
    with pytest.raises(ValueError, match=r"405.*bf16.*L4|L4.*405"):
        model.project(
            Scenario(active_params_b=405, inference_precision="bf16", inference_accelerator="L4")
        )


def test_a_precision_the_chip_lacks_is_a_named_error():
    with pytest.raises(ValueError, match="inference_precision: A100 SXM 80GB has no FP8 unit"):
        Scenario(inference_accelerator="A100 SXM 80GB", inference_precision="fp8")


def test_one_month_of_training_spend_by_hand():
    s = Scenario(
        **{**TINY, "train_tokens_t": 1.0, "training_mfu_pct": 40, "continuous_training_pct": 0}
    )
    row = model.project(s).monthly.iloc[0]
    # whole-run MFU of a 7B model at a 40% best phase: the Llama 3.1 size fit (~13%),
    # blended with the small-run 34.5% by log10 of the run's 4.2e22 FLOP (1e21 to 1e23)
    fit = 0.3452 + 0.1213 * math.log10(7 / 405)
    w = (math.log10(6 * 7e9 * 1e12) - 21) / 2
    mfu = (1 - w) * 0.3452 + w * fit
    hours = 6 * 7e9 * 1e12 / (989e12 * mfu) / 3600
    assert row["training_gpu_hours"] == pytest.approx(hours, rel=1e-9)
    assert row["training_spend_usd"] == pytest.approx(hours * 2.0, rel=1e-9)


# ---------------------------------------------------------------- energy and carbon


def test_energy_and_co2_by_hand():
    s = Scenario(
        training_accelerator="A100 SXM 80GB",
        inference_accelerator="L40S",
        pue=1.4,
        grid_gco2_per_kwh=300,
    )
    m = model.project(s).monthly
    tdp_train = float(catalog_row("A100 SXM 80GB")["tdp_w"])
    tdp_inf = float(catalog_row("L40S")["tdp_w"])
    assert (tdp_train, tdp_inf) == (400.0, 350.0)
    t = np.arange(len(m)) / 12
    # hours are of the year's accelerators (1.3^t today's work each); energy per
    # unit of work falls 40% a year
    work = 1.3**t / 1.4**t
    energy = (m["training_gpu_hours"] * tdp_train + m["inference_gpu_hours"] * tdp_inf) * work
    energy = energy * 1.4 / 1e6
    np.testing.assert_allclose(m["energy_mwh"], energy, rtol=1e-9)
    np.testing.assert_allclose(m["co2_t"], energy * 300 / 1000, rtol=1e-9)


def test_energy_one_h100_hour():
    from model.costs import co2_tonnes, energy_mwh

    # 1000 H100-hours x 700 W x PUE 1.2 = 840 kWh = 0.84 MWh; x 436 g/kWh = 0.366 t
    assert float(energy_mwh(1000, 700, 1.2)) == pytest.approx(0.84, rel=1e-12)
    assert float(co2_tonnes(0.84, 436)) == pytest.approx(0.36624, rel=1e-12)


def test_zero_carbon_grid():
    m = model.project(Scenario(grid_gco2_per_kwh=0)).monthly
    assert (m["co2_t"] == 0).all()
    assert (m["energy_mwh"] > 0).all()


# ---------------------------------------------------------------- switches


def test_all_on_device_means_no_inference_bill():
    base = model.project(Scenario()).monthly
    m = model.project(Scenario(edge_share_pct=100)).monthly
    assert (m["inference_spend_usd"] == 0).all()
    assert (m["inference_gpu_hours"] == 0).all()
    assert (m["inference_flops"] == 0).all()
    assert (m["inference_fleet_gpus"] == 0).all()
    assert (m["edge_flops"] > 0).all()
    np.testing.assert_allclose(m["edge_flops"], base["inference_flops"], rtol=1e-12)
    # training is untouched
    np.testing.assert_array_equal(m["training_spend_usd"], base["training_spend_usd"])
    # no data-centre tokens: cost per token is undefined, not zero or inf
    assert m["cost_per_million_tokens_usd"].isna().all()


def test_no_training_tokens_means_no_training_bill():
    m = model.project(Scenario(train_tokens_t=0)).monthly
    assert (m["training_spend_usd"] == 0).all()
    assert (m["training_flops"] == 0).all()
    assert (m["training_gpu_hours"] == 0).all()
    assert (m["inference_spend_usd"] > 0).all()


def test_no_training_preset_crosses_at_once():
    s = model.project(Scenario(train_tokens_t=0)).summary
    assert s["already_ahead"] is True
    assert s["inference_stays_ahead"] is True
    assert s["inference_share_final_year"] == pytest.approx(1.0)


@pytest.mark.parametrize("chip", ["L4", "A100 SXM 80GB", "B200 (HGX)", "TPU v6e (Trillium)"])
def test_non_reference_accelerator_priced_by_catalog_ratio(chip):
    price = 3.0
    ratio = float(catalog_row(chip)["price_usd_per_hour"]) / float(
        catalog_row("H100 SXM")["price_usd_per_hour"]
    )
    s = Scenario(
        inference_accelerator=chip,
        inference_precision="bf16" if chip.startswith("A100") else "fp8",
        training_accelerator=chip,
        gpu_hour_price_usd=price,
        price_performance_gain_pct_per_year=0,
    )
    m = model.project(s).monthly
    np.testing.assert_allclose(
        m["inference_spend_usd"], m["inference_gpu_hours"] * price * ratio, rtol=1e-9
    )
    train = m["training_gpu_hours"] > 0
    assert train.any()
    np.testing.assert_allclose(
        m.loc[train, "training_spend_usd"],
        m.loc[train, "training_gpu_hours"] * price * ratio,
        rtol=1e-9,
    )


def test_reference_accelerator_is_priced_at_the_lever():
    m = model.project(Scenario(gpu_hour_price_usd=4.0, price_performance_gain_pct_per_year=0))
    np.testing.assert_allclose(
        m.monthly["inference_spend_usd"], m.monthly["inference_gpu_hours"] * 4.0, rtol=1e-12
    )


def test_price_performance_gain_discounts_by_year():
    flat = model.project(Scenario(price_performance_gain_pct_per_year=0)).monthly
    fall = model.project(Scenario(price_performance_gain_pct_per_year=30)).monthly
    t = np.arange(len(flat)) / 12
    np.testing.assert_allclose(
        fall["inference_spend_usd"], flat["inference_spend_usd"] / 1.3**t, rtol=1e-9
    )
    np.testing.assert_allclose(
        fall["training_spend_usd"], flat["training_spend_usd"] / 1.3**t, rtol=1e-9
    )
    # the same work needs fewer of the year's accelerators: fleets fall too
    np.testing.assert_allclose(
        fall["inference_gpu_hours"], flat["inference_gpu_hours"] / 1.3**t, rtol=1e-9
    )
    np.testing.assert_allclose(
        fall["inference_fleet_gpus"], flat["inference_fleet_gpus"] / 1.3**t, rtol=1e-9
    )
    # and energy follows work at the energy-efficiency gain, not the price
    np.testing.assert_allclose(fall["energy_mwh"], flat["energy_mwh"], rtol=1e-9)


def test_new_generation_serves_a_bigger_model_after_its_run():
    s = Scenario(
        generation_compute_growth=4,
        params_share_of_growth=0.5,
        retrain_every_months=12,
        training_run_months=3,
        efficiency_gain_pct_per_year=0,
        usage_growth_pct_per_year=0,
    )
    m = model.project(s).monthly
    per_token = m["inference_flops"] / m["tokens"]
    # generation 0 (70B) until run 1 (months 12-14) ends; 2x params (4^0.5) from month 15
    assert per_token.iloc[14] == pytest.approx(2 * 70e9, rel=1e-9)
    assert per_token.iloc[15] == pytest.approx(2 * 140e9, rel=1e-9)


def test_projection_is_deterministic():
    a = model.project(Scenario.from_preset("Frontier lab"))
    b = model.project(Scenario.from_preset("Frontier lab"))
    pd.testing.assert_frame_equal(a.monthly, b.monthly)
    assert a.summary == b.summary

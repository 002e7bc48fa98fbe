"""Property-based tests of the engine: levers move the answer the way they must.

Scenarios start from a random preset, with a few other parameters redrawn
anywhere inside their registry range (read from ``model.parameters.BY_NAME``).
"""

import json

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import model
from model import Scenario
from model.parameters import BY_NAME, PARAMETERS

# database=None: write nothing outside tests/ (no .hypothesis/ directory).
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

DEMAND_LEVERS = (
    "adoption_peak_pct",
    "requests_per_user_per_day",
    "addressable_users",
    "input_tokens_per_request",
    "output_tokens_per_request",
    "usage_growth_pct_per_year",
    "edge_share_pct",
    "initial_adoption_pct",
    "bass_p",
    "bass_q",
    "peak_to_average",
    "autoscaling_pct",
    "tpot_target_ms",
    "prefix_cache_hit_pct",
    "inference_precision",
    "inference_accelerator",
)


def value_of(name: str) -> st.SearchStrategy:
    """Any value inside ``name``'s registry range."""
    p = BY_NAME[name]
    if p.kind == "choice":
        return st.sampled_from(p.choices)
    if p.kind == "int":
        return st.integers(int(p.min), int(p.max))
    floor = max(p.min, 0.0)
    # No magnitudes below 1e-6 (e.g. 5e-324 people): products of several such
    # inputs underflow, and ratio tests would then compare 0 with 5e-324.
    return st.floats(
        p.min, p.max, allow_nan=False, allow_infinity=False, allow_subnormal=False
    ).map(lambda x: x if abs(x) >= 1e-6 else floor)


def _cap_horizon(values: dict) -> dict:
    # Keep each projection cheap; the horizon itself is varied below.
    values.setdefault("horizon_years", 6)
    return values


@st.composite
def scenarios(draw, exclude: tuple[str, ...] = ()) -> Scenario:
    """A random preset with up to five other parameters redrawn in range."""
    base = Scenario.from_preset(draw(st.sampled_from(model.presets())))
    names = [p.name for p in PARAMETERS if p.name not in exclude]
    picked = draw(st.lists(st.sampled_from(names), max_size=5, unique=True))
    changes = {n: draw(value_of(n)) for n in picked}
    try:  # some draws name no plan: a precision the chip lacks, a model too big for it
        s = base.replace(**changes)
        _fits(s)
    except ValueError:
        assume(False)
    return s


def _fits(s: Scenario) -> None:
    model.project(s)


def _named_refusal(exc: ValueError) -> bool:
    """The ways a valid-looking set of inputs names no plan, each a named error."""
    text = str(exc)
    return any(
        phrase in text
        for phrase in (
            "inference_precision:",
            "does not fit on",
            "together at most 100%",  # owned and reserved shares of one stream
            "is only rented",  # owning an accelerator that is not sold
        )
    )


def monthly(s: Scenario):
    return model.project(s).monthly


def spend(s: Scenario, col: str) -> np.ndarray:
    return monthly(s)[col].to_numpy()


# ---------------------------------------------------------------- price


@SETTINGS
@given(
    scenarios(exclude=("gpu_hour_price_usd",)),
    value_of("gpu_hour_price_usd"),
    value_of("gpu_hour_price_usd"),
)
def test_spend_is_linear_in_gpu_hour_price(s, p1, p2):
    # Rentals scale with the list price; owning costs (purchases, power) do not.
    s = s.replace(
        inference_owned_pct=0,
        inference_reserved_pct=0,
        training_owned_pct=0,
        training_reserved_pct=0,
    )
    a = monthly(s.replace(gpu_hour_price_usd=p1))
    b = monthly(s.replace(gpu_hour_price_usd=p2))
    for col in ("training_spend_usd", "inference_spend_usd"):
        np.testing.assert_allclose(b[col], a[col] * (p2 / p1), rtol=1e-9, err_msg=col)
    total_a = a["training_spend_usd"] + a["inference_spend_usd"]
    total_b = b["training_spend_usd"] + b["inference_spend_usd"]
    np.testing.assert_allclose(total_b, total_a * (p2 / p1), rtol=1e-9)
    # the price moves money, not hardware (a training cap scales both sides
    # alike, so its factor is the same up to rounding)
    np.testing.assert_array_equal(a["inference_gpu_hours"], b["inference_gpu_hours"])
    np.testing.assert_allclose(a["training_gpu_hours"], b["training_gpu_hours"], rtol=1e-12)
    np.testing.assert_allclose(a["energy_mwh"], b["energy_mwh"], rtol=1e-12)


# ---------------------------------------------------------------- demand


@SETTINGS
@given(
    scenarios(exclude=("addressable_users",)),
    value_of("addressable_users"),
    value_of("addressable_users"),
)
def test_inference_spend_is_linear_in_addressable_users(s, u1, u2):
    a = spend(s.replace(addressable_users=u1), "inference_spend_usd")
    b = spend(s.replace(addressable_users=u2), "inference_spend_usd")
    # b / u2 == a / u1, written without dividing by a possibly-zero u1
    np.testing.assert_allclose(b * u1, a * u2, rtol=1e-9)


def _never_falls(low: np.ndarray, high: np.ndarray) -> bool:
    return bool(np.all(high >= low * (1 - 1e-12)))


@SETTINGS
@given(
    scenarios(exclude=("adoption_peak_pct",)),
    value_of("adoption_peak_pct"),
    value_of("adoption_peak_pct"),
)
def test_more_adoption_never_lowers_inference_spend(s, x, y):
    lo, hi = sorted((x, y))
    a = spend(s.replace(adoption_peak_pct=lo), "inference_spend_usd")
    b = spend(s.replace(adoption_peak_pct=hi), "inference_spend_usd")
    assert _never_falls(a, b)


@SETTINGS
@given(
    scenarios(exclude=("requests_per_user_per_day",)),
    value_of("requests_per_user_per_day"),
    value_of("requests_per_user_per_day"),
)
def test_more_requests_never_lower_inference_spend(s, x, y):
    lo, hi = sorted((x, y))
    a = spend(s.replace(requests_per_user_per_day=lo), "inference_spend_usd")
    b = spend(s.replace(requests_per_user_per_day=hi), "inference_spend_usd")
    assert _never_falls(a, b)


@SETTINGS
@given(
    scenarios(exclude=DEMAND_LEVERS),
    st.fixed_dictionaries(
        {},
        optional={
            n: value_of(n)
            for n in (
                "adoption_peak_pct",
                "requests_per_user_per_day",
                "addressable_users",
                "input_tokens_per_request",
                "output_tokens_per_request",
                "usage_growth_pct_per_year",
                "edge_share_pct",
            )
        },
    ),
)
def test_training_spend_ignores_demand_levers(s, demand_changes):
    s = s.replace(training_spend_cap_x=0)  # a cap ties training to inference spend
    a = monthly(s)
    try:  # longer requests may outgrow the accelerator: a named refusal, no plan
        b = monthly(s.replace(**demand_changes))
    except ValueError as exc:
        assert _named_refusal(exc), exc
        assume(False)
    for col in ("training_spend_usd", "training_flops", "training_gpu_hours"):
        np.testing.assert_array_equal(a[col].to_numpy(), b[col].to_numpy(), err_msg=col)


@SETTINGS
@given(scenarios(), value_of("training_spend_cap_x"))
def test_a_training_cap_holds_every_year_and_only_ever_cuts(s, cap):
    # The cap is on the rental cost of training compute: all on demand, that is the spend.
    s = s.replace(
        inference_owned_pct=0,
        inference_reserved_pct=0,
        training_owned_pct=0,
        training_reserved_pct=0,
    )
    capped = model.project(s.replace(training_spend_cap_x=cap)).annual
    free = model.project(s.replace(training_spend_cap_x=0)).annual
    train, inf = capped["training_spend_usd"], capped["inference_spend_usd"]
    np.testing.assert_array_equal(inf, free["inference_spend_usd"])
    assert np.all(train <= free["training_spend_usd"] * (1 + 1e-12))
    if cap > 0:
        assert np.all(train <= cap * inf * (1 + 1e-9))
        # a year within the cap is untouched
        within = free["training_spend_usd"] <= cap * inf
        np.testing.assert_allclose(train[within], free["training_spend_usd"][within], rtol=1e-12)


# ---------------------------------------------------------------- efficiency


@SETTINGS
@given(
    scenarios(exclude=("efficiency_gain_pct_per_year",)),
    value_of("efficiency_gain_pct_per_year"),
    value_of("efficiency_gain_pct_per_year"),
)
def test_faster_efficiency_gain_never_raises_inference_spend(s, x, y):
    slow, fast = sorted((x, y))
    a = spend(s.replace(efficiency_gain_pct_per_year=slow), "inference_spend_usd")
    b = spend(s.replace(efficiency_gain_pct_per_year=fast), "inference_spend_usd")
    assert np.all(b <= a * (1 + 1e-12))
    # month 0 is before any gain has accrued
    np.testing.assert_allclose(b[0], a[0], rtol=1e-12)


# ---------------------------------------------------------------- crossover


def _crossover_rank(s: Scenario) -> float:
    idx = model.project(s).summary["crossover_index"]
    return float("inf") if idx is None else idx


@SETTINGS
@given(
    scenarios(exclude=("adoption_peak_pct",)),
    value_of("adoption_peak_pct"),
    value_of("adoption_peak_pct"),
)
def test_more_adoption_never_delays_the_crossover(s, x, y):
    lo, hi = sorted((x, y))
    assert _crossover_rank(s.replace(adoption_peak_pct=hi)) <= _crossover_rank(
        s.replace(adoption_peak_pct=lo)
    )


@SETTINGS
@given(scenarios())
def test_crossover_label_matches_index(s):
    summary = model.project(s).summary
    idx = summary["crossover_index"]
    if idx is None:
        assert summary["crossover_month"] is None
        assert summary["inference_stays_ahead"] is False
    else:
        year, month = s.start_year + idx // 12, idx % 12 + 1
        assert summary["crossover_month"] == f"{year:04d}-{month:02d}"
        assert summary["already_ahead"] is (idx == 0)


# ---------------------------------------------------------------- edge


@SETTINGS
@given(scenarios(exclude=("edge_share_pct",)), value_of("edge_share_pct"))
def test_edge_share_moves_inference_off_the_bill_in_proportion(s, e):
    dc = monthly(s.replace(edge_share_pct=0))
    mixed = monthly(s.replace(edge_share_pct=e))
    np.testing.assert_allclose(
        mixed["inference_spend_usd"],
        dc["inference_spend_usd"] * (1 - e / 100),
        rtol=1e-9,
        atol=1e-12 * float(dc["inference_spend_usd"].max()),
    )
    np.testing.assert_allclose(
        mixed["edge_flops"] + mixed["inference_flops"], dc["inference_flops"], rtol=1e-9
    )
    assert (dc["edge_flops"] == 0).all()
    # demand itself does not change
    np.testing.assert_array_equal(mixed["tokens"], dc["tokens"])


# ---------------------------------------------------------------- any scenario


@settings(SETTINGS, max_examples=50)
@given(st.fixed_dictionaries({}, optional={p.name: value_of(p.name) for p in PARAMETERS}))
def test_any_valid_scenario_projects_to_finite_non_negative_numbers(values):
    try:
        p = model.project(Scenario(**_cap_horizon(values)))
    except ValueError as exc:
        assert _named_refusal(exc), exc
        assume(False)
    m = p.monthly
    assert len(m) == p.scenario.horizon_years * 12
    # Cash can flow in: a retired accelerator's sale may exceed a month's costs.
    cash = {"cash_cost_usd"}
    if p.scenario.spend_view == "cash":
        cash |= {"training_spend_usd", "inference_spend_usd", "total_spend_usd"}
        cash |= {"cost_per_million_tokens_usd"}
    numbers = m.select_dtypes("number")
    assert np.isfinite(numbers.drop(columns=["cost_per_million_tokens_usd"]).to_numpy()).all()
    cols = [c for c in numbers.columns if c != "cost_per_million_tokens_usd" and c not in cash]
    assert (m[cols].to_numpy(dtype=float) >= 0).all()
    # ... but never more than the sales
    assert (m["cash_cost_usd"] + m["residual_proceeds_usd"] >= -1e-6).all()
    json.dumps(p.summary.to_dict(), allow_nan=False)

"""Tests for model/scenario.py and the parameter registry: validation, presets, JSON."""

import json
import math
import pickle
import re
from pathlib import Path

import numpy as np
import pytest

import model
from model.catalog import accelerator, accelerator_names
from model.parameters import BY_NAME, PARAMETERS
from model.scenario import Scenario, check_range, preset_info

DATA = Path(__file__).resolve().parent.parent / "data"

PRESET_NAMES = [
    "AI assistant at scale",
    "Frontier lab",
    "Hyperscale AI platform",
    "Enterprise fine-tuning",
    "E-commerce recommendations",
    "Fraud detection (finance)",
    "Medical imaging (healthcare)",
    "Edge / on-device",
]

#: The uncertainty ranges each preset sets in data/presets.json, as [p10, p90] lists.
PRESETS_JSON_RANGES = {
    name: {k: [float(x) for x in v] for k, v in info.get("uncertainty", {}).items()}
    for name, info in json.loads((DATA / "presets.json").read_text(encoding="utf-8")).items()
}

NUMERIC = [p for p in PARAMETERS if p.kind != "choice"]
CHOICE = [p for p in PARAMETERS if p.kind == "choice"]
INTS = [p for p in PARAMETERS if p.kind == "int"]


def _ids(params):
    return [p.name for p in params]


def _numeric_bad_values(p):
    span = p.max - p.min
    return {
        "below_min": p.min - max(1.0, span) if p.kind != "int" else int(p.min) - 1,
        "above_max": p.max + max(1.0, span) if p.kind != "int" else int(p.max) + 1,
        "just_above_max": p.max * (1 + 1e-9) + 1e-9,
        "nan": math.nan,
        "inf": math.inf,
        "-inf": -math.inf,
        "list": [p.default],
        "none": None,
        "bool_true": True,
        "text": "lots",
        "nan_text": "nan",
        "inf_text": "inf",
    }


def _choice_bad_values(p):
    return {
        "not_a_choice": "nope",
        "case_changed": p.choices[0].upper() + "x",
        "nan": math.nan,
        "inf": math.inf,
        "-inf": -math.inf,
        "list": [p.choices[0]],
        "none": None,
        "bool_true": True,
        "number": 3,
    }


BAD_CASES = [
    pytest.param(p, kind, value, id=f"{p.name}-{kind}")
    for p in PARAMETERS
    for kind, value in (
        _choice_bad_values(p) if p.kind == "choice" else _numeric_bad_values(p)
    ).items()
]


# ---------------------------------------------------------------- the registry


def test_registry_has_the_documented_names_once():
    documented = """start_year, horizon_years, addressable_users, adoption_peak_pct,
    initial_adoption_pct, bass_p, bass_q, requests_per_user_per_day,
    usage_growth_pct_per_year, input_tokens_per_request, output_tokens_per_request,
    input_tokens_growth_pct_per_year, output_tokens_growth_pct_per_year,
    output_tokens_uplift_per_generation, edge_share_pct, peak_to_average, autoscaling_pct, active_params_b,
    params_share_of_growth, efficiency_gain_pct_per_year, ttft_target_ms,
    tpot_target_ms, prefix_cache_hit_pct, total_to_active_params, kv_kib_per_token,
    decode_bandwidth_efficiency_pct, decode_compute_efficiency_pct,
    prefill_compute_efficiency_pct, inference_precision, inference_accelerator, train_tokens_t, retrain_every_months,
    training_run_months, generation_compute_growth, continuous_training_pct,
    training_mfu_pct, training_accelerator, training_spend_cap_x, gpu_hour_price_usd,
    price_performance_gain_pct_per_year, energy_efficiency_gain_pct_per_year, pue,
    grid_gco2_per_kwh, inference_owned_pct, inference_reserved_pct, training_owned_pct,
    training_reserved_pct, reservation_term_months, reservation_discount_pct,
    accelerator_purchase_usd, useful_life_years, residual_value_pct, electricity_usd_per_kwh,
    facility_usd_per_kw_month, host_power_share_pct, lead_time_months,
    target_utilisation_pct, cost_of_capital_pct, spend_view"""
    names = [n.strip() for n in documented.split(",")]
    assert sorted(p.name for p in PARAMETERS) == sorted(names)
    assert len(BY_NAME) == len(PARAMETERS)


def test_headline_levers_in_order():
    headline = [p.name for p in PARAMETERS if p.headline]
    assert headline == [
        "adoption_peak_pct",
        "requests_per_user_per_day",
        "efficiency_gain_pct_per_year",
        "gpu_hour_price_usd",
    ]


@pytest.mark.parametrize("p", PARAMETERS, ids=_ids(PARAMETERS))
def test_every_default_is_valid_and_sourced(p):
    assert p.coerce(p.default) == p.default
    assert p.source.strip()
    assert p.help.strip()
    if p.kind == "choice":
        assert p.default in p.choices
    else:
        assert p.min < p.max


# ---------------------------------------------------------------- one bad field


@pytest.mark.parametrize(("p", "kind", "value"), BAD_CASES)
def test_bad_value_names_field_and_range(p, kind, value):
    with pytest.raises(ValueError) as exc:
        Scenario(**{p.name: value})
    message = str(exc.value)
    assert p.name in message
    assert p.range_text() in message


@pytest.mark.parametrize("p", NUMERIC, ids=_ids(NUMERIC))
def test_range_text_shows_min_and_max(p):
    text = p.range_text()
    low, high = (
        float(v.replace(",", "")) for v in re.findall(r"-?[\d,]*\.?\d+(?:e[+-]?\d+)?", text)[:2]
    )
    assert (low, high) == (p.min, p.max)
    assert "e+" not in text  # written out for people, not 1e+10


@pytest.mark.parametrize("p", CHOICE, ids=_ids(CHOICE))
def test_range_text_lists_choices(p):
    text = p.range_text()
    assert all(c in text for c in p.choices)


@pytest.mark.parametrize("p", NUMERIC, ids=_ids(NUMERIC))
def test_bounds_are_inclusive(p):
    assert getattr(Scenario(**{p.name: p.min}), p.name) == p.min
    assert getattr(Scenario(**{p.name: p.max}), p.name) == p.max


@pytest.mark.parametrize("p", NUMERIC, ids=_ids(NUMERIC))
def test_numeric_strings_are_accepted(p):
    value = p.max if p.kind == "int" else (p.min + p.max) / 2
    text = str(int(value)) if p.kind == "int" else repr(value)
    s = Scenario(**{p.name: text})
    assert getattr(s, p.name) == pytest.approx(value, rel=1e-12)
    assert type(getattr(s, p.name)) is (int if p.kind == "int" else float)


def test_numeric_string_forty():
    s = Scenario(adoption_peak_pct="40", horizon_years="6", gpu_hour_price_usd=" 2.5 ")
    assert s.adoption_peak_pct == 40.0
    assert s.horizon_years == 6 and isinstance(s.horizon_years, int)
    assert s.gpu_hour_price_usd == 2.5
    assert s == Scenario(adoption_peak_pct=40, horizon_years=6, gpu_hour_price_usd=2.5)


@pytest.mark.parametrize("p", INTS, ids=_ids(INTS))
def test_int_params_reject_fractions(p):
    value = p.min + 0.5
    for bad in (value, str(value)):
        with pytest.raises(ValueError) as exc:
            Scenario(**{p.name: bad})
        assert p.name in str(exc.value)
        assert p.range_text() in str(exc.value)


@pytest.mark.parametrize("p", INTS, ids=_ids(INTS))
def test_int_params_accept_whole_floats(p):
    s = Scenario(**{p.name: float(p.min)})
    assert getattr(s, p.name) == int(p.min)
    assert isinstance(getattr(s, p.name), int)


@pytest.mark.parametrize("p", CHOICE, ids=_ids(CHOICE))
def test_every_choice_is_accepted(p):
    """Each choice is accepted, with a serving precision the accelerator supports."""
    for c in p.choices:
        partner = {}
        if p.name == "inference_precision":
            partner = {
                "inference_accelerator": next(
                    a for a in accelerator_names() if accelerator(a).supports(c)
                )
            }
        elif p.name == "inference_accelerator":
            partner = {"inference_precision": accelerator(c).precisions[-1]}
        assert getattr(Scenario(**{p.name: c, **partner}), p.name) == c


def test_a_precision_the_accelerator_lacks_is_refused_by_name():
    with pytest.raises(ValueError, match="inference_precision: H100 SXM has no FP4 unit"):
        Scenario(inference_precision="fp4")
    assert Scenario(inference_precision="fp4", inference_accelerator="B200 (HGX)")


# ---------------------------------------------------------------- several at once


def test_several_bad_fields_are_all_named():
    bad = {
        "adoption_peak_pct": 150,
        "horizon_years": 2.5,
        "bass_p": math.nan,
        "inference_accelerator": "Z80",
        "pue": "hot",
    }
    with pytest.raises(ValueError) as exc:
        Scenario(**bad)
    message = str(exc.value)
    for name in bad:
        assert name in message
        assert BY_NAME[name].range_text() in message


def test_unknown_name_is_rejected_and_named():
    with pytest.raises(ValueError) as exc:
        Scenario(adoption_pct=3)
    assert "adoption_pct" in str(exc.value)


def test_unknown_and_bad_fields_reported_together():
    with pytest.raises(ValueError) as exc:
        Scenario(adoption_pct=3, pue=0.5)
    assert "adoption_pct" in str(exc.value)
    assert "pue" in str(exc.value)


def test_scenario_defaults_are_registry_defaults():
    s = Scenario()
    for p in PARAMETERS:
        assert getattr(s, p.name) == p.default


# ---------------------------------------------------------------- JSON


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_round_trip_every_preset(name):
    s = Scenario.from_preset(name)
    d = s.to_dict()
    assert d["schema_version"] == model.SCHEMA_VERSION
    # a preset that sets uncertainty ranges carries them (data/presets.json)
    ranges = {"uncertainty"} if PRESETS_JSON_RANGES.get(name) else set()
    assert set(d) == {"schema_version", *BY_NAME, *ranges}
    if ranges:
        assert d["uncertainty"] == PRESETS_JSON_RANGES[name]
    text = json.dumps(d, allow_nan=False)
    back = Scenario.from_dict(json.loads(text))
    assert back == s
    assert back.to_dict() == d
    assert back.filled_defaults == ()
    assert Scenario.from_dict(d) == s


def test_to_dict_is_a_copy():
    s = Scenario()
    d = s.to_dict()
    d["adoption_peak_pct"] = 99.0
    assert s.adoption_peak_pct == 40.0


def test_missing_parameter_takes_default_and_is_listed():
    d = Scenario(adoption_peak_pct=55, bass_q=0.5).to_dict()
    del d["bass_q"]
    del d["pue"]
    s = Scenario.from_dict(d)
    assert s.bass_q == BY_NAME["bass_q"].default
    assert s.pue == BY_NAME["pue"].default
    assert s.adoption_peak_pct == 55.0
    assert set(s.filled_defaults) == {"bass_q", "pue"}


@pytest.mark.parametrize("version", [model.SCHEMA_VERSION + 1, 999])
def test_newer_schema_version_is_rejected(version):
    d = Scenario().to_dict()
    d["schema_version"] = version
    with pytest.raises(ValueError) as exc:
        Scenario.from_dict(d)
    assert "schema_version" in str(exc.value)


@pytest.mark.parametrize("version", [None, "1", 0, True, 1.5])
def test_missing_or_malformed_schema_version_is_rejected(version):
    d = Scenario().to_dict()
    if version is None:
        del d["schema_version"]
    else:
        d["schema_version"] = version
    with pytest.raises(ValueError) as exc:
        Scenario.from_dict(d)
    assert "schema_version" in str(exc.value)


def test_from_dict_rejects_unknown_and_bad_values():
    d = Scenario().to_dict()
    d["adoption_pct"] = 3
    d["pue"] = 9
    with pytest.raises(ValueError) as exc:
        Scenario.from_dict(d)
    assert "adoption_pct" in str(exc.value)
    assert "pue" in str(exc.value) and BY_NAME["pue"].range_text() in str(exc.value)


@pytest.mark.parametrize("data", [None, [], "x", 3])
def test_from_dict_rejects_non_objects(data):
    with pytest.raises(ValueError):
        Scenario.from_dict(data)


def test_from_dict_does_not_mutate_input():
    d = Scenario().to_dict()
    copy = dict(d)
    Scenario.from_dict(d)
    assert d == copy


# ---------------------------------------------------------------- presets


def test_unknown_preset():
    with pytest.raises(ValueError) as exc:
        Scenario.from_preset("nope")
    assert "nope" in str(exc.value)


def test_presets_list():
    names = model.presets()
    assert names[0] == "AI assistant at scale"
    assert names == PRESET_NAMES
    with (DATA / "presets.json").open(encoding="utf-8") as fh:
        assert names == list(json.load(fh))


def test_default_preset_is_registry_defaults():
    assert Scenario.from_preset("AI assistant at scale") == Scenario()


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_preset_params_are_valid_and_applied(name):
    info = preset_info(name)
    assert info["description"].strip()
    s = Scenario.from_preset(name)
    for key, value in info["params"].items():
        assert key in BY_NAME, f"{name}: unknown parameter {key}"
        assert getattr(s, key) == BY_NAME[key].coerce(value)
    for key in set(BY_NAME) - set(info["params"]):
        assert getattr(s, key) == BY_NAME[key].default


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_override_has_a_note(name):
    info = preset_info(name)
    missing = sorted(set(info["params"]) - set(info["notes"]))
    assert not missing, f"{name}: overrides without a note: {missing}"
    for key in info["params"]:
        assert info["notes"][key].strip()


# ---------------------------------------------------------------- value semantics


def test_equal_values_equal_scenarios_and_hashes():
    a = Scenario(adoption_peak_pct=40, horizon_years="6")
    b = Scenario()
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert {a: "x"}[b] == "x"


def test_different_values_differ():
    a = Scenario()
    b = Scenario(adoption_peak_pct=41)
    assert a != b
    assert len({a, b}) == 2
    assert a.diff(b) == {"adoption_peak_pct": (40.0, 41.0)}


def test_every_preset_is_hashable_and_distinct():
    scenarios = [Scenario.from_preset(n) for n in PRESET_NAMES]
    assert len(set(scenarios)) == len(PRESET_NAMES)


def test_scenario_is_immutable():
    s = Scenario()
    with pytest.raises(AttributeError):
        s.adoption_peak_pct = 10
    assert s.adoption_peak_pct == 40.0


def test_replace_applies_and_keeps_the_original():
    s = Scenario()
    r = s.replace(adoption_peak_pct="60", horizon_years=10)
    assert r.adoption_peak_pct == 60.0 and r.horizon_years == 10
    assert s == Scenario()


def test_replace_validates():
    s = Scenario()
    with pytest.raises(ValueError) as exc:
        s.replace(adoption_peak_pct=101)
    assert "adoption_peak_pct" in str(exc.value)
    assert BY_NAME["adoption_peak_pct"].range_text() in str(exc.value)
    with pytest.raises(ValueError) as exc:
        s.replace(adoption_pct=3)
    assert "adoption_pct" in str(exc.value)


def test_pickle_round_trip():
    s = Scenario.from_preset("Frontier lab")
    assert pickle.loads(pickle.dumps(s)) == s


def test_numpy_scalars_are_accepted():
    # values read back from pandas/numpy arrive as numpy scalars
    s = Scenario(horizon_years=np.int64(3), adoption_peak_pct=np.float32(50.0))
    assert s.horizon_years == 3 and isinstance(s.horizon_years, int)
    assert s.adoption_peak_pct == 50.0 and isinstance(s.adoption_peak_pct, float)


def test_numpy_bool_is_rejected():
    with pytest.raises(ValueError) as exc:
        Scenario(adoption_peak_pct=np.bool_(True))
    assert "adoption_peak_pct" in str(exc.value)


# --- check_range: the one rule for uncertainty ranges -------------------------------------


def test_check_range_returns_the_range_as_numbers():
    assert check_range("adoption_peak_pct", 30, "50", 40.0) == (30.0, 50.0)
    assert check_range("adoption_peak_pct", 40, 40, 40.0) == (40.0, 40.0)  # a known value


@pytest.mark.parametrize(
    ("name", "low", "high", "value", "reason"),
    [
        ("no_such_input", 1, 2, 1.5, "not a numeric parameter"),
        ("inference_accelerator", 1, 2, 1.5, "not a numeric parameter"),
        ("horizon_years", 5, 7, 6, "timeline"),
        ("adoption_peak_pct", 45, 55, 40.0, "must hold"),  # value below P10
        ("adoption_peak_pct", 30, 35, 40.0, "must hold"),  # value above P90
        ("adoption_peak_pct", -1, 50, 40.0, "out of range"),  # below the allowed range
        ("adoption_peak_pct", 30, 101, 40.0, "out of range"),  # above it
        ("adoption_peak_pct", math.nan, 50, 40.0, "not finite"),
        ("adoption_peak_pct", "low", 50, 40.0, "not a number"),
        ("adoption_peak_pct", None, 50, 40.0, "expected a number"),
    ],
)
def test_check_range_refuses_a_bad_range_naming_the_input(name, low, high, value, reason):
    with pytest.raises(ValueError, match=reason) as exc:
        check_range(name, low, high, value)
    assert str(exc.value).startswith(f"{name}: ")
    # A scenario's own ranges follow the same rule, with the same words (40 is the default).
    with pytest.raises(ValueError) as from_scenario:
        Scenario(uncertainty={name: [low, high]})
    assert f"uncertainty.{exc.value}" in str(from_scenario.value)


def test_month_labels_are_the_projections_months():
    s = Scenario(start_year=2030, horizon_years=2)
    labels = s.month_labels()
    assert len(labels) == 24 and labels[0] == "2030-01" and labels[-1] == "2031-12"
    assert labels == list(model.project(s).monthly["month"].dt.strftime("%Y-%m"))


# ---------------------------------------------------------------- schema 2: MFU retired


def _v1_save(**changes) -> dict:
    """A scenario as version 1 of the app saved it: with the serving MFU input."""
    data = {k: v for k, v in Scenario(**changes).to_dict().items() if k in V1_NAMES}
    data.update(schema_version=1, inference_mfu_pct=20.0)
    return data


#: The inputs of schema version 1 (before the serving model).
V1_NAMES = {
    *(p.name for p in PARAMETERS),
} - {
    "ttft_target_ms",
    "tpot_target_ms",
    "prefix_cache_hit_pct",
    "total_to_active_params",
    "kv_kib_per_token",
    "decode_bandwidth_efficiency_pct",
    "decode_compute_efficiency_pct",
    "prefill_compute_efficiency_pct",
}


def test_a_version_1_save_with_the_mfu_opens_with_a_note() -> None:
    s = Scenario.from_dict(_v1_save(adoption_peak_pct=55))
    assert s.adoption_peak_pct == 55
    assert len(s.retired) == 1 and "inference_mfu_pct is no longer an input" in s.retired[0]
    assert "ttft_target_ms" in s.filled_defaults
    assert "inference_mfu_pct" not in s.to_dict()
    assert s.to_dict()["schema_version"] == 2


def test_a_version_1_range_on_the_mfu_is_dropped_too() -> None:
    data = _v1_save()
    data["uncertainty"] = {"inference_mfu_pct": [10, 30], "adoption_peak_pct": [30, 50]}
    s = Scenario.from_dict(data)
    assert s.range_overrides() == {"adoption_peak_pct": (30.0, 50.0)}


def test_the_mfu_given_directly_is_refused_with_the_note() -> None:
    with pytest.raises(ValueError, match="inference_mfu_pct is no longer an input"):
        Scenario(inference_mfu_pct=20)

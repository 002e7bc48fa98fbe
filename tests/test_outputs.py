"""The output registry: every column of a projection declared once, and used."""

from __future__ import annotations

import numpy as np
import pytest

from model import Scenario, presets, project
from model.engine import annualise, columns
from model.outputs import ANNUAL, BY_NAME, KPIS, MONTHLY, OUTPUTS, Output, format_value
from model.summary import Summary

PRESETS = presets()


@pytest.fixture(scope="module")
def proj():
    return project(Scenario())


def test_every_monthly_column_is_declared_and_every_declaration_has_a_column(proj) -> None:
    assert list(proj.monthly.columns) == [o.name for o in MONTHLY]


def test_every_annual_column_is_declared_and_every_declaration_has_a_column(proj) -> None:
    assert list(proj.annual.columns) == [o.name for o in ANNUAL]


def test_names_are_unique_and_aggregations_known() -> None:
    assert len(BY_NAME) == len(OUTPUTS)
    for o in OUTPUTS:
        assert o.agg in ("calendar", "sum", "mean", "peak", "ratio", "none"), o.name
        assert o.label and o.help, o.name
        if o.agg in ("peak", "ratio"):
            assert o.of and all(BY_NAME[c].monthly for c in o.of), o.name
        if o.agg == "none":
            assert not o.annual, o.name


def test_kpis_read_summary_fields() -> None:
    fields = set(Summary.__dataclass_fields__)
    for k in KPIS:
        assert k.field in fields, k.name


@pytest.mark.parametrize("name", PRESETS)
def test_annualise_follows_each_declaration(name) -> None:
    """Each annual column is what its declared aggregation of the months gives."""
    s = Scenario.from_preset(name)
    cols = columns(s)
    annual = annualise(cols, s.start_year, s.horizon_years)
    years = s.horizon_years

    def by_year(c: str) -> np.ndarray:
        return np.asarray(cols[c], dtype=float).reshape(years, 12)

    for o in ANNUAL:
        got = annual[o.name]
        if o.agg == "sum":
            np.testing.assert_allclose(got, by_year(o.name).sum(axis=1), rtol=1e-12)
        elif o.agg == "mean":
            np.testing.assert_allclose(got, by_year(o.name).mean(axis=1), rtol=1e-12)
        elif o.agg == "peak":
            np.testing.assert_allclose(got, by_year(o.of[0]).max(axis=1), rtol=1e-12)
        elif o.agg == "ratio":
            num, den = (by_year(c).sum(axis=1) for c in o.of)
            expected = np.where(den > 0, num / np.where(den > 0, den, 1) * o.scale, np.nan)
            np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_ratio_is_recomputed_not_averaged() -> None:
    """A year's cost per token is its spend over its tokens, not the mean of 12 monthly ratios."""
    p = project(Scenario(usage_growth_pct_per_year=200))
    a, m = p.annual, p.monthly
    first = m[m["year"] == a["year"][0]]
    expected = first["inference_spend_usd"].sum() / first["dc_tokens"].sum() * 1e6
    assert a["cost_per_million_tokens_usd"][0] == pytest.approx(expected, rel=1e-12)
    assert a["cost_per_million_tokens_usd"][0] != pytest.approx(
        first["cost_per_million_tokens_usd"].mean(), rel=1e-3
    )


def test_headers_carry_units() -> None:
    assert BY_NAME["training_spend_usd"].header == "Training spend (USD)"
    assert BY_NAME["inference_fleet_gpus"].header == "Inference fleet paid, average (accelerators)"
    assert BY_NAME["month"].header == "Month"


@pytest.mark.parametrize(
    ("kind", "value", "text"),
    [
        ("money", 1_234_567.0, "$1.2M"),
        ("money_rate", 0.0392, "$0.039"),
        ("count", 18_400.2, "18,400"),
        ("flops", 3.4e24, "3.4e24 FLOP"),
        ("energy", 264_000.0, "264 GWh"),
        ("share", 0.783, "78%"),
        ("year", 2028, "2028"),
        ("month", "2028-03", "Mar 2028"),
        ("month", None, "never"),
        ("money", float("nan"), "n/a"),
        ("count", None, "n/a"),
    ],
)
def test_format_value(kind, value, text) -> None:
    assert format_value(kind, value) == text


def test_output_format_adds_count_unit() -> None:
    o = Output("x", "X", "accelerators", "mean", "count", "h", count_unit="accelerators")
    assert o.format(7922.4) == "7,922 accelerators"


def test_counts_say_accelerator_not_gpu() -> None:
    """TPUs, Trainium and Gaudi are counted too: labels, units and count units say
    "accelerator"; only the public column names keep "gpu"."""
    for o in OUTPUTS:
        for text in (o.label, o.unit, o.count_unit, o.help):
            assert "GPU" not in text, (o.name, text)
    for k in KPIS:
        assert "GPU" not in k.label + k.help + k.count_unit, k.name
    assert BY_NAME["peak_inference_fleet_gpus"].format(4351.7) == "4,352 accelerators"
    assert {k.name: k for k in KPIS}["peak_fleet"].format(4351.7) == "4,352 accelerators"
    assert BY_NAME["training_gpu_hours"].unit == "accelerator-hours"

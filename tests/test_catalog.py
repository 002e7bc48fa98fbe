"""Tests for model/catalog.py and data/accelerators.csv."""

import re

import pandas as pd
import pytest

import model
from model.catalog import REFERENCE_ACCELERATOR, accelerator, accelerator_names, price_ratio
from model.parameters import BY_NAME

# REFERENCES.md, "Accelerators (dense TFLOP/s)": name -> (vendor, BF16, FP8 or INT8,
# memory GB, TB/s, TDP W or None where not published). The A100 has no FP8
# unit: the catalog repeats its BF16 figure in the low-precision column.
REFERENCE = {
    "A100 SXM 80GB": ("NVIDIA", 312, 312, 80, 2.04, 400),
    "H100 SXM": ("NVIDIA", 989, 1979, 80, 3.35, 700),
    "H200 SXM": ("NVIDIA", 989, 1979, 141, 4.8, 700),
    "B200 (HGX)": ("NVIDIA", 2250, 4500, 180, 7.7, 1000),
    "L4": ("NVIDIA", 121, 242, 24, 0.30, 72),
    "L40S": ("NVIDIA", 362, 733, 48, 0.86, 350),
    "MI300X": ("AMD", 1307, 2615, 192, 5.3, 750),  # "AMD MI300X" in REFERENCES.md
    "TPU v5e": ("Google", 197, 393, 16, 0.82, None),
    "TPU v6e (Trillium)": ("Google", 918, 1836, 32, 1.64, None),
}

NUMERIC = ["bf16_tflops", "fp8_tflops", "memory_gb", "bandwidth_tbs", "tdp_w", "price_usd_per_hour"]


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return model.accelerators()


def test_catalog_has_the_nine_reference_chips(catalog):
    assert len(catalog) == 9
    assert sorted(catalog["name"]) == sorted(REFERENCE)
    assert catalog["name"].is_unique
    assert list(catalog.index) == list(catalog["name"])
    assert accelerator_names() == list(catalog["name"])


def test_every_chip_has_a_source(catalog):
    for name, source in catalog["source"].items():
        assert isinstance(source, str) and source.strip(), name


def test_every_price_is_dated(catalog):
    for name, seen in catalog["price_seen"].items():
        assert re.fullmatch(r"\d{4}-\d{2}", str(seen)), name


@pytest.mark.parametrize("col", NUMERIC)
def test_numbers_are_positive(catalog, col):
    values = pd.to_numeric(catalog[col], errors="raise")
    assert (values > 0).all(), values[values <= 0]


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_datasheet_values(catalog, name):
    vendor, bf16, low, mem, bw, tdp = REFERENCE[name]
    row = catalog.loc[name]
    assert row["vendor"] == vendor
    assert float(row["bf16_tflops"]) == pytest.approx(bf16)
    assert float(row["fp8_tflops"]) == pytest.approx(low)
    assert float(row["memory_gb"]) == pytest.approx(mem)
    assert float(row["bandwidth_tbs"]) == pytest.approx(bw)
    if tdp is not None:
        assert float(row["tdp_w"]) == pytest.approx(tdp)
        assert str(row["tdp_published"]).startswith("yes")
    else:
        # not published: the estimate must say so
        assert not str(row["tdp_published"]).startswith("yes")


def test_headline_datasheet_values(catalog):
    assert float(catalog.loc["H100 SXM", "bf16_tflops"]) == 989
    assert float(catalog.loc["H100 SXM", "fp8_tflops"]) == 1979
    assert float(catalog.loc["A100 SXM 80GB", "bf16_tflops"]) == 312


def test_peaks_are_dense_not_sparse(catalog):
    # low precision doubles throughput at most; a sparse figure would be 2x the dense one
    ratio = catalog["fp8_tflops"].astype(float) / catalog["bf16_tflops"].astype(float)
    assert ((ratio >= 1.0) & (ratio <= 2.05)).all()


def test_accelerator_lookup():
    h100 = accelerator("H100 SXM")
    assert h100.peak_flops_per_s("bf16") == pytest.approx(989e12)
    assert h100.peak_flops_per_s("fp8") == pytest.approx(1979e12)
    assert h100.tdp_w == 700
    assert accelerator("A100 SXM 80GB").peak_flops_per_s("bf16") == pytest.approx(312e12)
    with pytest.raises(KeyError):
        accelerator("Z80")


def test_price_ratio_is_relative_to_the_reference(catalog):
    assert REFERENCE_ACCELERATOR == "H100 SXM"
    assert price_ratio("H100 SXM") == 1.0
    ref = float(catalog.loc["H100 SXM", "price_usd_per_hour"])
    for name in catalog.index:
        expected = float(catalog.loc[name, "price_usd_per_hour"]) / ref
        assert price_ratio(name) == pytest.approx(expected, rel=1e-12)


def test_scenario_choices_are_the_catalog():
    names = tuple(accelerator_names())
    assert BY_NAME["inference_accelerator"].choices == names
    assert BY_NAME["training_accelerator"].choices == names
    assert BY_NAME["inference_accelerator"].default in names
    assert BY_NAME["training_accelerator"].default in names

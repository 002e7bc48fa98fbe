"""Tests for model/catalog.py and data/accelerators.csv."""

import re

import numpy as np
import pandas as pd
import pytest

import model
from model.catalog import (
    PRECISIONS,
    REFERENCE_ACCELERATOR,
    Accelerator,
    accelerator,
    accelerator_names,
    price_ratio,
)
from model.parameters import BY_NAME

# REFERENCES.md, "Accelerators (dense TFLOP/s)": name -> (vendor, BF16, FP8 or INT8,
# memory GB, TB/s, TDP W or None where not published). The A100 has no FP8
# unit: the catalog repeats its BF16 figure in the low-precision column. These
# nine rows drive today's projections: their figures must not move.
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

# Inference-oriented additions (dated 2026-11), from the vendors' documents named
# in each row's source: name -> (vendor, BF16, FP8, memory GB, TB/s, TDP W or None).
ADDED = {
    "AWS Inferentia2": ("AWS", 190, 190, 32, 0.82, None),  # AWS Neuron docs
    "AWS Trainium2": ("AWS", 667, 1299, 96, 2.9, None),  # AWS Neuron docs
    "Intel Gaudi 3": ("Intel", 1835, 1835, 128, 3.7, 900),  # Intel datasheet
    "MI325X": ("AMD", 1307, 2615, 256, 6.0, 1000),  # AMD datasheet
    "GB200 (NVL72)": ("NVIDIA", 2500, 5000, 186, 8.0, None),  # NVL72 datasheet / 72
}
ALL = {**REFERENCE, **ADDED}

# Dense FP4 [TFLOP/s] where the chip has an FP4 unit (Blackwell).
FP4 = {"B200 (HGX)": 9000, "GB200 (NVL72)": 10000}

# Accelerators per node or scale-up domain.
NODE_SIZE = {"AWS Inferentia2": 12, "AWS Trainium2": 16, "GB200 (NVL72)": 72}

NUMERIC = [
    "bf16_tflops",
    "fp8_tflops",
    "memory_gb",
    "bandwidth_tbs",
    "node_size",
    "tdp_w",
    "price_usd_per_hour",
]


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return model.accelerators()


def test_catalog_has_the_reference_chips_and_the_inference_additions(catalog):
    assert len(catalog) == len(ALL) == 14
    assert sorted(catalog["name"]) == sorted(ALL)
    assert list(catalog["name"])[: len(REFERENCE)] == list(REFERENCE)  # file order kept
    assert catalog["name"].is_unique
    assert list(catalog.index) == list(catalog["name"])
    assert accelerator_names() == list(catalog["name"])


def test_every_chip_has_a_source(catalog):
    for name, source in catalog["source"].items():
        assert isinstance(source, str) and source.strip(), name
        assert "price" in source, name  # says where the price comes from
        assert "node" in source, name  # and the node size


def test_every_price_is_dated(catalog):
    for name, seen in catalog["price_seen"].items():
        assert re.fullmatch(r"\d{4}-\d{2}", str(seen)), name
    for name in ADDED:
        assert catalog.loc[name, "price_seen"] == "2026-11"


def test_estimates_say_so(catalog):
    # An estimated price or TDP is labelled as one in the source text.
    for name, row in catalog.iterrows():
        if not str(row["tdp_published"]).startswith("yes"):
            assert "estimate" in row["source"], name


@pytest.mark.parametrize("col", NUMERIC)
def test_numbers_are_positive(catalog, col):
    values = pd.to_numeric(catalog[col], errors="raise")
    assert (values > 0).all(), values[values <= 0]


@pytest.mark.parametrize("name", sorted(ALL))
def test_datasheet_values(catalog, name):
    vendor, bf16, low, mem, bw, tdp = ALL[name]
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
    fp4 = pd.to_numeric(catalog["fp4_tflops"])
    has = fp4.notna()
    ratio4 = fp4[has] / catalog.loc[has, "fp8_tflops"].astype(float)
    assert ((ratio4 >= 1.0) & (ratio4 <= 2.05)).all()


def test_ridge_points_are_plausible(catalog):
    # Dense BF16 FLOP per byte of bandwidth sits between ~150 and ~700 for every
    # current accelerator; a sparse figure or a GB/TB slip falls outside.
    ridge = catalog["bf16_tflops"].astype(float) / catalog["bandwidth_tbs"].astype(float)
    assert ridge.between(150, 700).all(), ridge


def test_fp4_only_where_the_chip_has_it(catalog):
    fp4 = pd.to_numeric(catalog["fp4_tflops"])
    for name in catalog.index:
        if name in FP4:
            assert fp4[name] == FP4[name]
            assert "fp4" in catalog.loc[name, "precisions"].split()
        else:
            assert np.isnan(fp4[name]), name  # blank where unsupported
            assert "fp4" not in catalog.loc[name, "precisions"].split()


def test_precisions_are_known_and_start_with_bf16(catalog):
    for name, text in catalog["precisions"].items():
        listed = text.split()
        assert listed[0] == "bf16", name
        assert set(listed) <= set(PRECISIONS), name
    assert catalog.loc["A100 SXM 80GB", "precisions"] == "bf16"  # no FP8 unit
    for name in ("TPU v5e", "TPU v6e (Trillium)"):
        # INT8 serves as the 8-bit format on TPUs, and the source says so
        assert "fp8" in catalog.loc[name, "precisions"].split()
        assert "INT8" in catalog.loc[name, "source"]


def test_node_sizes(catalog):
    for name, size in catalog["node_size"].items():
        assert int(size) == NODE_SIZE.get(name, 8), name


def test_precisions_constant_is_compatible():
    # The two v1 keys keep their columns; fp4 is added.
    assert PRECISIONS["bf16"] == "bf16_tflops"
    assert PRECISIONS["fp8"] == "fp8_tflops"
    assert PRECISIONS["fp4"] == "fp4_tflops"
    assert list(PRECISIONS)[:2] == ["bf16", "fp8"]


def test_accelerator_lookup():
    h100 = accelerator("H100 SXM")
    assert h100.peak_flops_per_s("bf16") == pytest.approx(989e12)
    assert h100.peak_flops_per_s("fp8") == pytest.approx(1979e12)
    assert h100.tdp_w == 700
    assert h100.memory_bytes == pytest.approx(80e9)
    assert h100.bandwidth_bytes_per_s == pytest.approx(3.35e12)
    assert h100.node_size == 8
    assert h100.precisions == ("bf16", "fp8")
    assert accelerator("A100 SXM 80GB").peak_flops_per_s("bf16") == pytest.approx(312e12)
    assert accelerator("B200 (HGX)").peak_flops_per_s("fp4") == pytest.approx(9000e12)
    assert accelerator("TPU v5e").peak_flops_per_s("fp8") == pytest.approx(393e12)  # INT8
    with pytest.raises(KeyError):
        accelerator("Z80")


def test_unsupported_precision_is_a_named_error():
    with pytest.raises(ValueError, match=r"^A100 SXM 80GB has no FP8 unit; use bf16$"):
        accelerator("A100 SXM 80GB").peak_flops_per_s("fp8")
    with pytest.raises(ValueError, match=r"H100 SXM has no FP4 unit; use fp8 or bf16"):
        accelerator("H100 SXM").peak_flops_per_s("fp4")
    with pytest.raises(ValueError, match="int4"):
        accelerator("H100 SXM").peak_flops_per_s("int4")
    assert not accelerator("A100 SXM 80GB").supports("fp8")
    assert accelerator("GB200 (NVL72)").supports("fp4")


@pytest.mark.parametrize("name", sorted(ALL))
def test_dataclass_matches_the_file(catalog, name):
    acc = accelerator(name)
    row = catalog.loc[name]
    assert isinstance(acc, Accelerator)
    assert acc.memory_gb == float(row["memory_gb"])
    assert acc.bandwidth_tbs == float(row["bandwidth_tbs"])
    assert acc.node_size == int(row["node_size"])
    assert acc.precisions == tuple(row["precisions"].split())
    assert acc.fp4_tflops == (0.0 if pd.isna(row["fp4_tflops"]) else float(row["fp4_tflops"]))
    for precision in acc.precisions:
        assert acc.peak_flops_per_s(precision) > 0


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

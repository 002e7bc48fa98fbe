"""Accelerator catalog: dense peak throughput, power and list price per chip.

The figures live in ``data/accelerators.csv`` with a source for each row, so
that a planner can check (and a maintainer can update) them without touching
code. Peak figures are *dense* tensor throughput: vendor datasheets often
print the 2:4-sparse figure, which is twice as large.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CATALOG_CSV = DATA_DIR / "accelerators.csv"

#: The accelerator whose hour the "Hardware price" lever prices; others are
#: priced in proportion to their catalog list price.
REFERENCE_ACCELERATOR = "H100 SXM"

#: Precisions a scenario may run inference at, and the catalog column each reads.
PRECISIONS = {"bf16": "bf16_tflops", "fp8": "fp8_tflops"}


@dataclass(frozen=True)
class Accelerator:
    """One catalog row.

    Attributes
    ----------
    name : str
    bf16_tflops : float
        Dense BF16 peak [TFLOP/s].
    fp8_tflops : float
        Dense low-precision peak [TFLOP/s]: FP8, or INT8 [TOP/s] where the
        chip has no FP8 unit (TPUs); equal to BF16 where it has neither (A100).
    tdp_w : float
        Thermal design power [W], an upper bound on draw.
    price_usd_per_hour : float
        Catalog on-demand list price [USD per accelerator-hour].
    """

    name: str
    bf16_tflops: float
    fp8_tflops: float
    tdp_w: float
    price_usd_per_hour: float

    def peak_flops_per_s(self, precision: str) -> float:
        """Dense peak at ``precision`` ("bf16" or "fp8") [FLOP/s]."""
        return float(getattr(self, PRECISIONS[precision])) * 1e12


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    with CATALOG_CSV.open(newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def accelerator_names() -> list[str]:
    """Names of the catalog's accelerators, in file order."""
    return [row["name"] for row in _rows()]


@cache
def accelerator(name: str) -> Accelerator:
    """Look one accelerator up by its exact name (KeyError when unknown)."""
    for row in _rows():
        if row["name"] == name:
            return Accelerator(
                name=name,
                bf16_tflops=float(row["bf16_tflops"]),
                fp8_tflops=float(row["fp8_tflops"]),
                tdp_w=float(row["tdp_w"]),
                price_usd_per_hour=float(row["price_usd_per_hour"]),
            )
    raise KeyError(name)


def price_ratio(name: str) -> float:
    """List price of ``name`` relative to the reference accelerator [-]."""
    ref = accelerator(REFERENCE_ACCELERATOR).price_usd_per_hour
    return accelerator(name).price_usd_per_hour / ref


def accelerators() -> pd.DataFrame:
    """The whole catalog as a DataFrame, one row per accelerator, with sources."""
    df = pd.read_csv(CATALOG_CSV)
    return df.set_index("name", drop=False)

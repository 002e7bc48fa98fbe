"""Accelerator catalog: dense peak throughput, memory, power and list price per chip.

The figures live in ``data/accelerators.csv`` with a source for each row, so
that a planner can check (and a maintainer can update) them without touching
code. Peak figures are *dense* tensor throughput: vendor datasheets often
print the 2:4-sparse figure, which is twice as large.

Each row also says which precisions the chip can serve at (``precisions``):
"bf16" everywhere; "fp8" where the chip has an 8-bit tensor unit (on TPUs,
whose 8-bit unit is INT8, "fp8" means 8-bit integer weights and activations
at the INT8 peak; the A100 has no 8-bit floating-point unit and refuses it);
"fp4" where it has a 4-bit unit (Blackwell). ``node_size`` is the number of
accelerators in one server or scale-up domain (8 on an HGX baseboard, 72 in a
GB200 NVL72 rack), the unit in which serving replicas grow past 8.
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
PRECISIONS = {"bf16": "bf16_tflops", "fp8": "fp8_tflops", "fp4": "fp4_tflops"}

_UNIT_NAME = {"bf16": "BF16", "fp8": "FP8", "fp4": "FP4"}


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
        chip has no FP8 unit (TPUs); equal to BF16 where it has neither (A100,
        which then does not list "fp8" in ``precisions``).
    tdp_w : float
        Thermal design power [W], an upper bound on draw.
    price_usd_per_hour : float
        Catalog on-demand list price [USD per accelerator-hour].
    fp4_tflops : float
        Dense FP4 peak [TFLOP/s]; 0 where the chip has no FP4 unit.
    memory_gb : float
        Accelerator memory (HBM or GDDR) [GB, 1e9 bytes].
    bandwidth_tbs : float
        Peak memory bandwidth [TB/s, 1e12 bytes/s].
    node_size : int
        Accelerators per server or scale-up domain [-].
    precisions : tuple of str
        Serving precisions the chip supports, a subset of ``PRECISIONS``.
    purchase_usd : float or None
        All-in purchase price of one accelerator with its share of the server
        and network [USD]; None where it is only rented (TPUs, AWS chips).
    """

    name: str
    bf16_tflops: float
    fp8_tflops: float
    tdp_w: float
    price_usd_per_hour: float
    fp4_tflops: float = 0.0
    memory_gb: float = 0.0
    bandwidth_tbs: float = 0.0
    node_size: int = 8
    precisions: tuple[str, ...] = ("bf16", "fp8")
    purchase_usd: float | None = None

    def supports(self, precision: str) -> bool:
        """Whether the chip can serve at ``precision`` ("bf16", "fp8" or "fp4")."""
        return precision in self.precisions

    def check_precision(self, precision: str) -> None:
        """Raise ValueError naming the chip and precision when it cannot serve at it."""
        if precision not in PRECISIONS:
            raise ValueError(
                f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}"
            )
        if not self.supports(precision):
            unit = _UNIT_NAME.get(precision, precision.upper())
            usable = " or ".join(reversed(self.precisions))
            raise ValueError(f"{self.name} has no {unit} unit; use {usable}")

    def peak_flops_per_s(self, precision: str) -> float:
        """Dense peak at ``precision`` ("bf16", "fp8" or "fp4") [FLOP/s].

        Raises
        ------
        ValueError
            When the chip has no unit for ``precision`` (for example "A100 SXM
            80GB has no FP8 unit; use bf16"), or the precision is unknown.
        """
        self.check_precision(precision)
        return float(getattr(self, PRECISIONS[precision])) * 1e12

    @property
    def memory_bytes(self) -> float:
        """Accelerator memory [bytes]."""
        return self.memory_gb * 1e9

    @property
    def bandwidth_bytes_per_s(self) -> float:
        """Peak memory bandwidth [bytes/s]."""
        return self.bandwidth_tbs * 1e12


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    with CATALOG_CSV.open(newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def _float(text: str | None) -> float:
    return float(text) if text not in (None, "") else 0.0


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
                fp4_tflops=_float(row.get("fp4_tflops")),
                memory_gb=float(row["memory_gb"]),
                bandwidth_tbs=float(row["bandwidth_tbs"]),
                node_size=int(row["node_size"]),
                precisions=tuple(row["precisions"].split()),
                purchase_usd=_float(row.get("purchase_usd")) or None,
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

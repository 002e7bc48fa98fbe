"""Tables for people: the projection's columns with labels, units and formats."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import Projection, units

#: Monthly column -> (label with unit, st.column_config format).
MONTHLY_COLUMNS = {
    "active_users": ("Active users", "compact"),
    "requests": ("Requests", "compact"),
    "tokens": ("Tokens", "compact"),
    "served_params_b": ("Model served (B params)", "%.0f"),
    "training_flops": ("Training FLOP", "flops"),
    "inference_flops": ("Inference FLOP", "flops"),
    "edge_flops": ("Edge FLOP", "flops"),
    "training_gpu_hours": ("Training GPU-hours", "compact"),
    "inference_gpu_hours": ("Inference GPU-hours", "compact"),
    "inference_fleet_gpus": ("Inference fleet (GPUs)", "%,.0f"),
    "training_spend_usd": ("Training spend (USD)", "dollar"),
    "inference_spend_usd": ("Inference spend (USD)", "dollar"),
    "energy_mwh": ("Energy (MWh)", "%,.0f"),
    "co2_t": ("CO2 (t)", "%,.0f"),
    "cost_per_million_tokens_usd": ("USD per 1M tokens", "$%.3f"),
}


def monthly_table(proj: Projection) -> pd.DataFrame:
    """The monthly projection, months as "Mar 2028", ready for ``st.dataframe``."""
    m = proj.monthly
    df = pd.DataFrame({"Month": m["month"].dt.strftime("%b %Y")})
    for col, (label, fmt) in MONTHLY_COLUMNS.items():
        # FLOPs exceed the 2^53 that number columns hold: shown as text, 3.4e24.
        df[label] = (
            [units.flops(v).removesuffix(" FLOP") for v in m[col]] if fmt == "flops" else m[col]
        )
    return df


def monthly_column_config() -> dict[str, object]:
    return {
        label: st.column_config.NumberColumn(label, format=fmt)
        for label, fmt in MONTHLY_COLUMNS.values()
        if fmt != "flops"
    }

"""Tables for people: the projection's columns with the labels, units and
formats the output registry (:mod:`model.outputs`) declares."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import Projection, units
from model.outputs import MONTHLY

#: The monthly table's columns: every declared monthly output but the calendar.
TABLE_COLUMNS = tuple(o for o in MONTHLY if o.agg != "calendar")


def monthly_table(proj: Projection) -> pd.DataFrame:
    """The monthly projection, months as "Mar 2028", ready for ``st.dataframe``."""
    m = proj.monthly
    df = pd.DataFrame({"Month": m["month"].dt.strftime("%b %Y")})
    for o in TABLE_COLUMNS:
        # FLOPs exceed the 2^53 that number columns hold: shown as text, 3.4e24.
        df[o.header] = (
            [units.flops(v).removesuffix(" FLOP") for v in m[o.name]]
            if o.kind == "flops"
            else m[o.name]
        )
    return df


def monthly_column_config() -> dict[str, object]:
    return {
        o.header: st.column_config.NumberColumn(o.header, format=o.table_format)
        for o in TABLE_COLUMNS
        if o.kind != "flops"
    }

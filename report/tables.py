"""Tables built from a Projection for every surface: the yearly fleet and the
serving assumptions. No Streamlit here.

The Explore page, Present, the deck, the HTML report and the workbook show
these from one place, so a figure reads the same everywhere. Labels, units
and formats come from the registries (:mod:`model.outputs`,
:mod:`model.parameters`): values are written with ``Param.format`` or
``Output.format``, never formatted here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.engine import Projection
from model.outputs import format_value, output
from model.parameters import BY_NAME

#: The yearly fleet table's columns, in order (output registry names).
FLEET_COLUMNS: tuple[str, ...] = (
    "year",
    "inference_busy_fleet_gpus",
    "inference_peak_capacity_gpus",
    "inference_fleet_gpus",
    "training_fleet_gpus",
    "replica_accelerators",
    "inference_achieved_mfu",
)

#: How each yearly figure of the fleet table is taken from the months.
FLEET_NOTE = (
    "Counts are in accelerators of each year's generation: at the chosen accelerator's "
    "hourly price, each year's does more work (the price-performance gain), so the same "
    "work needs fewer of them. Busy fleet: accelerators kept busy by the average load. Capacity for the peak: "
    "accelerators needed at the traffic peak, in the year's peak month. Fleet paid: "
    "accelerator-hours paid for serving (peaks included, after autoscaling) over the "
    "hours in the year. Accelerators per replica: the largest in the year (the served "
    "model grows with each generation). Achieved MFU: the yearly average."
)


def fleet_table(proj: Projection) -> pd.DataFrame:
    """The yearly fleet: average busy fleet, capacity for the peak, paid fleet,
    training fleet, replica size and achieved MFU, one row per calendar year.

    Parameters
    ----------
    proj : Projection

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FLEET_COLUMNS` (machine names; headers, units and
        formats from ``model.outputs.output(name)``). Fleets are in
        accelerators, the MFU a fraction [-]. Every column but
        ``replica_accelerators`` is the projection's annual column;
        ``replica_accelerators`` (monthly only) is the year's largest.
    """
    a = proj.annual
    df = a[[c for c in FLEET_COLUMNS if c != "replica_accelerators"]].reset_index(drop=True)
    m = proj.monthly
    largest = m.groupby("year")["replica_accelerators"].max()
    replica = df["year"].map(largest).astype("int64")
    df.insert(FLEET_COLUMNS.index("replica_accelerators"), "replica_accelerators", replica)
    return df[list(FLEET_COLUMNS)]


def fleet_table_text(proj: Projection) -> pd.DataFrame:
    """:func:`fleet_table` for reading on a screen: one row per measure, labelled
    with its header and unit, one column per year, each value written by the
    output registry's formatter without repeating the unit ("4,352", "40%")."""
    table = fleet_table(proj).set_index("year")
    columns = [output(c) for c in table.columns]
    return pd.DataFrame(
        {
            str(year): [format_value(o.kind, row[o.name]) for o in columns]
            for year, row in table.iterrows()
        },
        index=pd.Index([o.header for o in columns], name="Fleet"),
    )


@dataclass(frozen=True)
class Row:
    """One line of a small table for people: label, value written out, meaning."""

    key: str
    label: str
    value: str
    help: str


#: The serving block's rows: the inputs first (scenario), then what the model
#: derived (summary). Surfaces that lay them out in two columns split them in half.
SERVING_INPUTS = (
    "inference_accelerator",
    "inference_precision",
    "ttft_target_ms",
    "tpot_target_ms",
)
SERVING_RESULTS = (
    ("replica_accelerators", "serving_replica_accelerators"),
    ("serving_batch", "serving_batch"),
    ("serving_ttft_ms", "serving_ttft_ms"),
    ("serving_tpot_ms", "serving_tpot_ms"),
    ("inference_achieved_mfu", "serving_achieved_mfu"),
)

#: Caption of the serving block: which month the derived figures describe.
SERVING_NOTE = (
    "Achieved figures are for the model served in the first month; later, larger "
    "generations may need bigger replicas (each year's is in the yearly fleet table: "
    "Explore's Fleet view and the workbook's Fleet sheet)."
)


def _targets_met(proj: Projection) -> Row:
    if not (proj.scenario.ttft_target_ms or proj.scenario.tpot_target_ms):
        value = "no targets set"
    else:
        value = "yes, every month" if proj.summary["serving_meets_targets"] else "no"
    return Row(
        "serving_meets_targets",
        "Latency targets met",
        value,
        "Whether the model served in every month meets the time-to-first-token and "
        "time-per-output-token targets.",
    )


def serving_rows(proj: Projection) -> list[Row]:
    """The serving assumptions and what the serving model made of them.

    Five rows from the scenario (accelerator, precision, the two latency
    targets, whether they are met), then five from the summary
    (accelerators per replica, decode batch, time to first token, time per
    output token, achieved MFU), each written by its registry's formatter.
    """
    scenario, s = proj.scenario, proj.summary
    rows = [
        Row(
            name,
            BY_NAME[name].label,
            BY_NAME[name].format(getattr(scenario, name)),
            BY_NAME[name].help,
        )
        for name in SERVING_INPUTS
    ]
    rows.append(_targets_met(proj))
    for column, field in SERVING_RESULTS:
        o = output(column)
        rows.append(Row(field, o.label, o.format(s[field]), o.help))
    return rows

"""``planner evidence``: the model held against published figures (data/observations.csv).

Formats: ``table`` (for a terminal), ``json``, ``csv`` and ``markdown`` (the
table the README shows between its evidence markers; see
scripts/update_readme_evidence.py and tests/test_docs_evidence.py).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

import pandas as pd

from model.evidence import counts, evidence_table, format_quantity

#: The README's markers around the generated table.
README_START = "<!-- evidence:start -->"
README_END = "<!-- evidence:end -->"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``evidence`` on the CLI's subparsers."""
    ev = sub.add_parser(
        "evidence", help="the model held against published figures (data/observations.csv)"
    )
    ev.add_argument("--format", choices=("table", "json", "csv", "markdown"), default="table")


def run(args: argparse.Namespace) -> None:
    """Print the evidence table in ``args.format``."""
    table = evidence_table()
    if args.format == "csv":
        sys.stdout.write(table.to_csv(index=False))
    elif args.format == "json":
        doc = {
            "summary": counts(table),
            "observations": [
                {k: _json_value(v) for k, v in rec.items()} for rec in table.to_dict("records")
            ],
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(markdown_table(table))
    else:
        print(text_table(table))


def _json_value(v: Any) -> Any:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v.item() if hasattr(v, "item") else v


def _cells(table: pd.DataFrame) -> list[dict[str, str]]:
    """Each row written for people: id, quantity, published, model, ratio, tolerance, within."""
    out = []
    for r in table.itertuples():
        failed = pd.isna(r.within)
        out.append(
            {
                "id": r.id,
                "quantity": r.quantity,
                "published": format_quantity(r.output, r.published),
                "model": format_quantity(r.output, r.model),
                "ratio": "n/a" if failed else f"{r.ratio:.2f}x",
                "tolerance": f"{r.tolerance:g}x",
                "within": "not computed" if failed else ("yes" if r.within else "no"),
                "role": r.role,
            }
        )
    return out


def summary_line(table: pd.DataFrame) -> str:
    """'21 observations: 10 within tolerance, 3 outside, 8 not computed (10 calibration, 11 check).'"""
    n = counts(table)
    failed = f", {n['errors']} not computed" if n["errors"] else ""
    return (
        f"{n['observations']} observations: {n['within']} within tolerance, {n['outside']} "
        f"outside{failed} ({n['calibration']} calibration, {n['check']} check)."
    )


def _errors(table: pd.DataFrame) -> list[tuple[str, str]]:
    return [(r.id, r.error) for r in table.itertuples() if r.error]


def text_table(table: pd.DataFrame) -> str:
    """The table for a terminal: columns padded, the errors listed below."""
    heads = ("id", "published", "model", "ratio", "tolerance", "within", "role")
    rows = [dict(zip(heads, heads, strict=True)), *_cells(table)]
    widths = {h: max(len(r[h]) for r in rows) for h in heads}
    lines = [summary_line(table), ""]
    for r in rows:
        cells = [
            f"{r[h]:<{widths[h]}}" if h in ("id", "within", "role") else f"{r[h]:>{widths[h]}}"
            for h in heads
        ]
        lines.append("  ".join(cells).rstrip())
    if errors := _errors(table):
        lines += ["", "Not computed:", *(f"  {i}: {e}" for i, e in errors)]
    return "\n".join(lines)


def markdown_table(table: pd.DataFrame | None = None) -> str:
    """The README's table: id, quantity, published, model, ratio, within; a summary
    line above and the rows the model cannot compute below."""
    table = evidence_table() if table is None else table
    heads = ("id", "quantity", "published", "model", "ratio", "within")

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        summary_line(table),
        "",
        "| " + " | ".join(heads) + " |",
        "|" + "|".join("---" for _ in heads) + "|",
    ]
    lines += ["| " + " | ".join(cell(r[h]) for h in heads) + " |" for r in _cells(table)]
    if errors := _errors(table):
        lines += ["", "Not computed now:", ""]
        lines += [f"- `{i}`: {cell(e)}" for i, e in errors]
    return "\n".join(lines)


def readme_with_table(readme: str, table_md: str) -> str:
    """``readme`` with the text between its evidence markers replaced by ``table_md``.

    Raises ValueError when the markers are missing or out of order.
    """
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"README: needs {README_START} ... {README_END}, in that order")
    head = readme[: start + len(README_START)]
    return f"{head}\n{table_md}\n{readme[end:]}"


def readme_table(readme: str) -> str:
    """The text between the README's evidence markers, without the surrounding newlines."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"README: needs {README_START} ... {README_END}, in that order")
    return readme[start + len(README_START) : end].strip("\n")

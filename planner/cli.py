"""The command line: ``planner run | presets | params | scenarios ... | export | simulate
| accelerators | fit | evidence | fleet``.

Bad input exits with status 2 and one line naming the field and its allowed
range; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model import units
from model.accelerator_choice import cheapest_sentence, compare_accelerators
from model.engine import project
from model.narrative import headline
from model.outputs import output
from model.parameters import PARAMETERS
from model.scenario import DEFAULT_PRESET, Scenario, presets
from model.store import ScenarioStore
from planner import evidence_cmd, fleet_cmd

EXIT_USAGE = 2


class CliError(Exception):
    """A user mistake: printed as one line, exit status 2."""


def _parse_sets(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CliError(f"--set {pair!r}: expected NAME=VALUE")
        out[name.strip()] = value.strip()
    return out


def build_scenario(
    preset: str | None, scenario_file: str | None, sets: Sequence[str], saved: str | None = None
) -> Scenario:
    """The scenario named by the CLI options: preset, file or saved name, then --set overrides."""
    if sum(x is not None for x in (preset, scenario_file, saved)) > 1:
        raise CliError("use one of --preset, --scenario and --saved, not both")
    if saved is not None:
        base = _store().load(saved)
    elif scenario_file:
        path = Path(scenario_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"--scenario {scenario_file}: cannot read ({exc.strerror})") from None
        base = Scenario.from_json(text)
    else:
        base = Scenario.from_preset(preset or DEFAULT_PRESET)
    overrides = _parse_sets(sets)
    return base.replace(**overrides) if overrides else base


#: The CLI table's columns: (output, heading, width); each value is written as
#: its declaration formats it.
_TABLE = (
    ("year", "year", 6),
    ("training_spend_usd", "training", 12),
    ("inference_spend_usd", "inference", 12),
    ("inference_share", "inf. share", 12),
    ("inference_fleet_gpus", "fleet (avg)", 22),
    ("cost_per_million_tokens_usd", "$/M tokens", 12),
    ("energy_mwh", "energy", 12),
)


def _table(scenario: Scenario) -> str:
    proj = project(scenario)
    s = proj.summary
    lines = [headline(s), ""]
    rows = [[output(n).format(row[n]) for n, _, _ in _TABLE] for _, row in proj.annual.iterrows()]
    # Each column at least its declared width and two spaces wider than its widest cell.
    widths = [
        max(w, len(h) + 2, *(len(r[i]) + 2 for r in rows)) if n != "year" else w
        for i, (n, h, w) in enumerate(_TABLE)
    ]
    names = [n for n, _, _ in _TABLE]
    heads = [h for _, h, _ in _TABLE]
    for cells in (heads, *rows):
        lines.append(
            "".join(
                f"{t:<{w}}" if n == "year" else f"{t:>{w}}"
                for t, w, n in zip(cells, widths, names, strict=True)
            )
        )
    lines.append("")
    money = output("total_spend_usd").format
    lines.append(
        f"Total: {money(s.total_spend_usd)} "
        f"(training {money(s.total_training_spend_usd)}, "
        f"inference {money(s.total_inference_spend_usd)}); "
        f"peak inference fleet {output('peak_inference_fleet_gpus').format(s.peak_inference_fleet_gpus)}"
    )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: every subcommand and its options."""
    # The options naming a scenario, declared once and shared by the
    # subcommands that take them (``scenarios save`` has no --saved).
    source = argparse.ArgumentParser(add_help=False)
    source.add_argument("--preset", help="start from this preset (see `presets`)")
    source.add_argument("--scenario", metavar="FILE", help="start from a scenario JSON file")
    source.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="override one parameter"
    )
    saved = argparse.ArgumentParser(add_help=False)
    saved.add_argument(
        "--saved", metavar="NAME", help="start from a saved scenario (latest version)"
    )
    named = [source, saved]

    parser = argparse.ArgumentParser(prog="planner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", parents=named, help="project a scenario")
    run.add_argument("--format", choices=("json", "csv", "table"), default="table")
    sub.add_parser("presets", help="list the presets")
    sub.add_parser("params", help="list the parameters with defaults, ranges and sources")
    _add_scenarios_parser(sub, source)
    exp = sub.add_parser("export", parents=named, help="a board deck, HTML report, workbook or CSV")
    exp.add_argument("--format", choices=("pptx", "html", "xlsx", "csv"), required=True)
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    acc = sub.add_parser(
        "accelerators",
        parents=named,
        help="every catalog accelerator serving the scenario, side by side, the cheapest marked",
    )
    acc.add_argument(
        "--year", metavar="Y", help="year of the fleet, $ and energy figures (default: the last)"
    )
    acc.add_argument("--format", choices=("table", "json", "csv"), default="table")
    fit = sub.add_parser(
        "fit",
        parents=named,
        help="re-fit 1-4 parameters to monthly actuals by bounded least squares",
    )
    fit.add_argument(
        "--actuals",
        metavar="FILE",
        help="CSV of monthly actuals: month (YYYY-MM) and any of requests, tokens, "
        "inference_gpu_hours, training_gpu_hours, inference_spend_usd, training_spend_usd "
        "(default with --saved: the actuals kept with it)",
    )
    fit.add_argument(
        "--params", required=True, metavar="A,B", help="1-4 parameters to fit, comma-separated"
    )
    fit.add_argument("--format", choices=("table", "json"), default="table")
    sim = sub.add_parser(
        "simulate", parents=named, help="Monte Carlo: P10/P50/P90 and crossover probability"
    )
    sim.add_argument("--draws", type=int, default=10_000)
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--format", choices=("json", "csv"), default="json")
    evidence_cmd.add_parser(sub)
    fleet_cmd.add_parser(sub, named)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (2 for a user mistake)."""
    args = build_parser().parse_args(argv)

    try:
        if args.command == "presets":
            for name in presets():
                print(name)
        elif args.command == "params":
            _print_params()
        elif args.command == "run":
            scenario = build_scenario(args.preset, args.scenario, args.set, args.saved)
            if args.format == "json":
                out = {
                    "scenario": scenario.to_dict(),
                    "summary": project(scenario).summary.to_dict(),
                }
                print(json.dumps(out, indent=2))
            elif args.format == "csv":
                sys.stdout.write(project(scenario).monthly.to_csv(index=False, date_format="%Y-%m"))
            else:
                print(_table(scenario))
        elif args.command == "scenarios":
            _scenarios(args)
        elif args.command == "simulate":
            _simulate(args)
        elif args.command == "fit":
            _fit(args)
        elif args.command == "accelerators":
            _accelerators(args)
        elif args.command == "export":
            _export(args)
        elif args.command == "evidence":
            evidence_cmd.run(args)
        elif args.command == "fleet":
            fleet_cmd.run(args, build_scenario(args.preset, args.scenario, args.set, args.saved))
    except (CliError, ValueError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _store() -> ScenarioStore:
    """The store at DATABASE_URL, else the embedded SQLite file; results saved
    under an older model are recomputed first."""
    db = ScenarioStore()
    db.refresh_results()
    return db


def _add_scenarios_parser(sub: argparse._SubParsersAction, source: argparse.ArgumentParser) -> None:
    sc = sub.add_parser("scenarios", help="the saved-scenario library")
    ssub = sc.add_subparsers(dest="action", required=True)
    ssub.add_parser("list", help="saved scenarios, most recent first")
    save = ssub.add_parser("save", parents=[source], help="save a new version of NAME")
    save.add_argument("name")
    save.add_argument("--note", default="")
    show = ssub.add_parser("show", help="a saved scenario's parameters and summary")
    show.add_argument("name")
    show.add_argument("--version", type=int)
    export = ssub.add_parser("export", help="export one scenario (or all) to JSON")
    export.add_argument("name", nargs="?")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    imp = ssub.add_parser("import", help="import scenarios from a JSON export")
    imp.add_argument("file")


def _scenarios(args: argparse.Namespace) -> None:
    store = _store()
    try:
        if args.action == "list":
            rows = store.list()
            if not rows:
                print("No saved scenarios.")
            for r in rows:
                print(
                    f"{r.name}\tv{r.latest_version}\t{r.updated_at:%Y-%m-%d %H:%M} UTC\t"
                    f"crossover {units.month(r.summary['crossover_month'])}\t"
                    f"total {output('total_spend_usd').format(r.summary['total_spend_usd'])}\t{r.note}"
                )
        elif args.action == "save":
            scenario = build_scenario(args.preset, args.scenario, args.set)
            version = store.save(args.name, scenario, note=args.note)
            print(f"Saved {store.get(args.name, version).name!r} as version {version}.")
        elif args.action == "show":
            saved = store.get(args.name, args.version)
            out = {
                "name": saved.name,
                "version": saved.version,
                "note": saved.note,
                "created_at": saved.created_at.isoformat(),
                "filled_defaults": list(saved.filled_defaults),
                "scenario": saved.scenario.to_dict(),
                "summary": saved.summary,
            }
            print(json.dumps(out, indent=2, ensure_ascii=False))
        elif args.action == "export":
            text = store.export_json(None if args.name is None else [args.name])
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CliError(f"-o {args.output}: cannot write ({exc.strerror})") from None
            print(f"Exported to {args.output}.")
        elif args.action == "import":
            try:
                data = Path(args.file).read_bytes()
            except OSError as exc:
                raise CliError(f"{args.file}: cannot read ({exc.strerror})") from None
            for name, n in store.import_json(data):
                print(f"Imported {n} version{'s' if n != 1 else ''} of {name!r}.")
    finally:
        store.close()


def _export(args: argparse.Namespace) -> None:
    # Imported here: python-pptx and openpyxl are slow to load and only export needs them.
    from report.deck import build_pptx
    from report.html_report import build_html
    from report.workbook import build_csv, build_xlsx

    scenario = build_scenario(args.preset, args.scenario, args.set, args.saved)
    label = (
        args.saved or args.preset or (Path(args.scenario).stem if args.scenario else DEFAULT_PRESET)
    )
    proj = project(scenario)
    data: str | bytes = {
        "pptx": lambda: build_pptx([(label, proj)]),
        "html": lambda: build_html([(label, proj)]),
        "xlsx": lambda: build_xlsx(proj, label=label),
        "csv": lambda: build_csv(proj),
    }[args.format]()
    try:
        if isinstance(data, bytes):
            Path(args.output).write_bytes(data)
        else:
            Path(args.output).write_text(data, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"-o {args.output}: cannot write ({exc.strerror})") from None
    print(
        f"Wrote {args.output} ({len(data):,} {'bytes' if isinstance(data, bytes) else 'characters'})."
    )


def _simulate(args: argparse.Namespace) -> None:
    from model.uncertainty import simulate

    scenario = build_scenario(args.preset, args.scenario, args.set, args.saved)
    sim = simulate(scenario, draws=args.draws, seed=args.seed)
    if args.format == "csv":
        table = sim.annual.merge(sim.probability_by_year, on="year")
        sys.stdout.write(table.to_csv(index=False))
        return
    out = {
        "scenario": scenario.to_dict(),
        "summary": sim.summary,
        "annual": sim.annual.to_dict(orient="records"),
        "probability_by_year": {
            str(r.year): r.probability for r in sim.probability_by_year.itertuples()
        },
    }
    print(json.dumps(out, indent=2, default=float))


def _fit(args: argparse.Namespace) -> None:
    """``planner fit``: fitted values, the error before and after, and warnings."""
    from model.actuals import MONTH, parse_actuals, series_of
    from model.fit import check_params, fit
    from report.actuals_figures import error_rows, fit_table

    try:
        names = check_params([n for n in args.params.split(",") if n.strip()])
    except ValueError as exc:
        raise CliError(f"--{exc}") from None
    scenario = build_scenario(args.preset, args.scenario, args.set, args.saved)
    if args.actuals is not None:
        try:
            data: str | bytes = Path(args.actuals).read_bytes()
        except OSError as exc:
            raise CliError(f"--actuals {args.actuals}: cannot read ({exc.strerror})") from None
        where = f"actuals file {args.actuals}"
    elif args.saved is not None:
        kept = _store().actuals(args.saved)
        if kept is None:
            raise CliError(
                f"--actuals FILE: needed; saved scenario {args.saved!r} keeps no actuals"
            )
        data, where = kept, f"actuals kept with {args.saved!r}"
    else:
        raise CliError("--actuals FILE: needed (or --saved NAME of a scenario that keeps actuals)")
    try:
        actuals = parse_actuals(data, scenario.month_labels())
    except ValueError as exc:
        raise CliError(str(exc).replace("actuals file", where, 1)) from None
    result = fit(scenario, actuals, names)
    if args.format == "json":
        doc = {
            "scenario": scenario.to_dict(),
            "params": list(result.params),
            "start": result.start,
            "fitted": result.fitted,
            "std_errors": {k: _json_value(v) for k, v in result.std_errors.items()},
            "error_before": {
                "rms_log": _json_value(result.rms_log_before),
                "mean_abs_pct": _json_value(result.mean_abs_pct_before),
            },
            "error_after": {
                "rms_log": _json_value(result.rms_log_after),
                "mean_abs_pct": _json_value(result.mean_abs_pct_after),
            },
            "by_series": [
                {k: _json_value(v) for k, v in rec.items()}
                for rec in result.by_series.to_dict(orient="records")
            ],
            "points": result.points,
            "left_out": result.left_out,
            "evaluations": result.evaluations,
            "converged": result.converged,
            "at_bounds": list(result.at_bounds),
            "confounded": list(result.confounded),
            "message": result.message,
            "fitted_scenario": result.scenario.to_dict(),
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    months = sorted(actuals[MONTH].unique())
    lines = [
        f"Fitted {len(names)} parameter{'s' if len(names) != 1 else ''} to "
        f"{units.count(result.points)} figures ({', '.join(series_of(actuals))}; "
        f"{pd.Timestamp(months[0]):%b %Y} to {pd.Timestamp(months[-1]):%b %Y}).",
        "",
    ]
    table = fit_table(result)
    table.insert(0, "Parameter", list(names))
    lines += _text_table(table)
    lines += [""] + _text_table(
        error_rows(result).rename(columns={"Before": "Error before", "After": "Error after"})
    )
    lines += [
        "",
        "Error: the mean absolute difference of the plan from the actuals. "
        f"{units.count(result.evaluations)} projections.",
    ]
    if result.confounded:
        lines.append(
            f"Not determined by these actuals: {', '.join(result.confounded)} (they move the "
            "series alike, or not at all): the fitted values are one choice of many."
        )
    if result.at_bounds:
        lines.append(f"At the end of its allowed range: {', '.join(result.at_bounds)}.")
    if not result.converged:
        lines.append(f"The search stopped early: {result.message}")
    source = [
        f"--{opt} {shlex.quote(value)}"
        for opt, value in (
            ("preset", args.preset),
            ("scenario", args.scenario),
            ("saved", args.saved),
        )
        if value is not None
    ]
    source += [f"--set {shlex.quote(pair)}" for pair in args.set if pair.split("=")[0] not in names]
    source += [f"--set {n}={float(f'{v:.4g}'):g}" for n, v in result.fitted.items()]
    lines += ["", f"With the fitted values: planner run {' '.join(source)}"]
    print("\n".join(lines))


def _text_table(df: pd.DataFrame) -> list[str]:
    """A table of text cells, columns padded; the first column left-aligned."""
    cols = list(df.columns)
    widths = [max(len(str(c)), *(len(str(v)) for v in df[c])) for c in cols]
    out = []
    for row in [cols, *df.astype(str).to_numpy().tolist()]:
        cells = [
            f"{v:<{w}}" if i == 0 else f"{v:>{w}}"
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    return out


def _sig(x: float, prefix: str = "", digits: int = 2) -> str:
    """``x`` with at least ``digits`` significant digits and thousands separators:
    0.0146 -> "0.015", 23.91 -> "24", 5.43 -> "5.4"."""
    if x == 0 or not math.isfinite(x):
        return f"{prefix}{x:g}"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    return f"{prefix}{x:,.{decimals}f}"


def _json_value(v: Any) -> Any:
    """A table cell as JSON: NaN and NA as null, numpy scalars as Python ones."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v) if math.isfinite(v) else None
    return v


#: The accelerators table: (column, heading, width, format); the first two left-aligned.
_ACC_TABLE: tuple[tuple[str, str, int, Callable[[Any], str]], ...] = (
    ("accelerator", "accelerator", 21, str),
    ("status", "status", 16, str),
    ("cost_per_million_tokens_usd", "$/1M tokens", 12, lambda x: _sig(x, "$")),
    ("inference_fleet", "fleet", 11, units.count),
    ("energy_kwh_per_million_tokens", "kWh/1M tok", 11, _sig),
    ("output_tokens_per_s_per_accelerator", "tok/s/acc", 10, units.count),
    ("replica_accelerators", "replica", 8, units.count),
    ("batch", "batch", 7, units.count),
    ("ttft_ms", "TTFT ms", 9, units.count),
    ("tpot_ms", "TPOT ms", 9, lambda x: _sig(x, digits=3)),
    ("achieved_mfu", "MFU", 6, units.percent),
    ("precision", "precision", 11, str),
)


def _accelerators(args: argparse.Namespace) -> None:
    scenario = build_scenario(args.preset, args.scenario, args.set, args.saved)
    year = None
    if args.year is not None:
        try:
            year = int(args.year)
        except ValueError:
            raise CliError(f"--year {args.year!r}: expected a year such as 2030") from None
    table = compare_accelerators(scenario, year)
    if args.format == "csv":
        out = table.drop(columns="why_not").assign(why_not=table["why_not"])
        out.insert(1, "year", table.attrs["year"])
        sys.stdout.write(out.to_csv(index=False))
        return
    if args.format == "json":
        picked = table.loc[table["cheapest"], "accelerator"].tolist()
        doc = {
            "scenario": scenario.to_dict(),
            "year": table.attrs["year"],
            "ttft_target_ms": table.attrs["ttft_target_ms"],
            "tpot_target_ms": table.attrs["tpot_target_ms"],
            "cheapest": picked[0] if picked else None,
            "sentence": cheapest_sentence(table),
            "accelerators": [
                {k: _json_value(v) for k, v in rec.items()}
                for rec in table.to_dict(orient="records")
            ],
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    year = table.attrs["year"]
    lines = [cheapest_sentence(table), ""]
    heads = [(h.replace("fleet", f"fleet {year}") if c == "inference_fleet" else h, w)
             for c, h, w, _ in _ACC_TABLE]  # fmt: skip
    lines.append("".join(f"{h:<{w}}" if i < 2 else f"{h:>{w}}" for i, (h, w) in enumerate(heads)))
    for rec in table.to_dict(orient="records"):
        cells = []
        for i, (column, _, width, fmt) in enumerate(_ACC_TABLE):
            value = rec[column]
            text = "n/a" if _json_value(value) is None else fmt(value)
            if column == "precision" and rec["precision_fallback"]:
                text += "*"
            if column == "accelerator" and rec["current"]:
                text = f"{text} <"
            cells.append(f"{text:<{width}}" if i < 2 else f"{text:>{width}}")
        lines.append("".join(cells).rstrip())
    fallback = (
        f"; * the chip lacks {scenario.inference_precision} and serves at its best precision"
        if table["precision_fallback"].any()
        else ""
    )
    lines += [
        "",
        f"< the scenario's accelerator{fallback}. Serving figures: the model in service at "
        f"the start; fleet (average, that chip's accelerators), $ and kWh per 1M "
        f"data-centre tokens: {year}.",
    ]
    notes = [
        f"  {r['accelerator']}: {r['why_not']}" for r in table.to_dict("records") if r["why_not"]
    ]
    if notes:
        lines += ["", "Not candidates:", *notes]
    print("\n".join(lines))


def _print_params() -> None:
    print(f"{'name':<38}{'unit':<40}{'default':>14}  {'range':<32}source")
    for p in PARAMETERS:
        default = p.format(unit=False)
        rng = p.range_text() if p.kind == "choice" else f"{p.min:g} to {p.max:g}"
        print(f"{p.name:<38}{p.unit[:39]:<40}{default:>14}  {rng[:31]:<32}{p.source}")


def script() -> int:
    """The ``planner`` console script and ``python -m planner``: :func:`main`
    on ``sys.argv``, with a reader that stopped early (``| head``) as success."""
    try:
        return main()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that
        # flush does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

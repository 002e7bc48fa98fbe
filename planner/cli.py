"""The command line: ``planner run | presets | params | scenarios ... | export | simulate``.

Bad input exits with status 2 and one line naming the field and its allowed
range; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from model import units
from model.engine import project
from model.narrative import headline
from model.outputs import output
from model.parameters import PARAMETERS
from model.scenario import DEFAULT_PRESET, Scenario, presets
from model.store import ScenarioStore

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
    ("inference_fleet_gpus", "fleet (avg)", 16),
    ("cost_per_million_tokens_usd", "$/M tokens", 12),
    ("energy_mwh", "energy", 12),
)


def _table(scenario: Scenario) -> str:
    proj = project(scenario)
    s = proj.summary
    lines = [headline(s), ""]
    lines.append("".join(f"{h:<{w}}" if n == "year" else f"{h:>{w}}" for n, h, w in _TABLE))
    for _, row in proj.annual.iterrows():
        cells = [(output(n).format(row[n]), w, n) for n, _, w in _TABLE]
        lines.append("".join(f"{t:<{w}}" if n == "year" else f"{t:>{w}}" for t, w, n in cells))
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
    sim = sub.add_parser(
        "simulate", parents=named, help="Monte Carlo: P10/P50/P90 and crossover probability"
    )
    sim.add_argument("--draws", type=int, default=10_000)
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--format", choices=("json", "csv"), default="json")
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
        elif args.command == "export":
            _export(args)
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

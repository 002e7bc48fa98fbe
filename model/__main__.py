"""Command line: ``python -m model run | presets | params | scenarios ...``.

Bad input exits with status 2 and one line naming the field and its allowed
range; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from model import units
from model.engine import project
from model.narrative import headline
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


def _table(scenario: Scenario) -> str:
    proj = project(scenario)
    s = proj.summary
    lines = [headline(s), ""]
    header = f"{'year':<6}{'training':>12}{'inference':>12}{'inf. share':>12}{'fleet (avg)':>14}{'$/M tokens':>12}{'energy MWh':>13}"
    lines.append(header)
    for row in proj.annual.itertuples():
        lines.append(
            f"{row.year:<6}{units.money(row.training_spend_usd):>12}"
            f"{units.money(row.inference_spend_usd):>12}{units.percent(row.inference_share):>12}"
            f"{units.count(row.inference_fleet_gpus):>14}"
            f"{units.money(row.cost_per_million_tokens_usd, 2):>12}{units.count(row.energy_mwh):>13}"
        )
    lines.append("")
    lines.append(
        f"Total: {units.money(s['total_spend_usd'])} "
        f"(training {units.money(s['total_training_spend_usd'])}, "
        f"inference {units.money(s['total_inference_spend_usd'])}); "
        f"peak inference fleet {units.count(s['peak_inference_fleet_gpus'])} GPUs"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="project a scenario")
    run.add_argument("--preset", help="start from this preset (see `presets`)")
    run.add_argument("--scenario", metavar="FILE", help="start from a scenario JSON file")
    run.add_argument("--saved", metavar="NAME", help="start from a saved scenario (latest version)")
    run.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="override one parameter"
    )
    run.add_argument("--format", choices=("json", "csv", "table"), default="table")
    sub.add_parser("presets", help="list the presets")
    sub.add_parser("params", help="list the parameters with defaults, ranges and sources")
    _add_scenarios_parser(sub)
    exp = sub.add_parser("export", help="a board deck, HTML report, workbook or CSV")
    exp.add_argument("--preset")
    exp.add_argument("--saved", metavar="NAME")
    exp.add_argument("--scenario", metavar="FILE")
    exp.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    exp.add_argument("--format", choices=("pptx", "html", "xlsx", "csv"), required=True)
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    sim = sub.add_parser("simulate", help="Monte Carlo: P10/P50/P90 and crossover probability")
    sim.add_argument("--preset")
    sim.add_argument("--saved", metavar="NAME")
    sim.add_argument("--scenario", metavar="FILE")
    sim.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    sim.add_argument("--draws", type=int, default=10_000)
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--format", choices=("json", "csv"), default="json")
    args = parser.parse_args(argv)

    try:
        if args.command == "presets":
            for name in presets():
                print(name)
        elif args.command == "params":
            _print_params()
        elif args.command == "run":
            scenario = build_scenario(args.preset, args.scenario, args.set, args.saved)
            if args.format == "json":
                out = {"scenario": scenario.to_dict(), "summary": project(scenario).summary}
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
    """The store at DATABASE_URL, else the embedded SQLite file."""
    return ScenarioStore()


def _add_scenarios_parser(sub: argparse._SubParsersAction) -> None:
    sc = sub.add_parser("scenarios", help="the saved-scenario library")
    ssub = sc.add_subparsers(dest="action", required=True)
    ssub.add_parser("list", help="saved scenarios, most recent first")
    save = ssub.add_parser("save", help="save a new version of NAME")
    save.add_argument("name")
    save.add_argument("--preset")
    save.add_argument("--scenario", metavar="FILE")
    save.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
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
                    f"total {units.money(r.summary['total_spend_usd'])}\t{r.note}"
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
    # The one place model/ reaches into report/: the command line is an
    # application shell over both; the library code keeps the one-way arrows.
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
        default = units.value(p.default)
        rng = p.range_text() if p.kind == "choice" else f"{p.min:g} to {p.max:g}"
        print(f"{p.name:<38}{p.unit[:39]:<40}{default:>14}  {rng[:31]:<32}{p.source}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head` closed the pipe
        sys.exit(0)

"""Benchmarks: `make bench` prints figures; no test asserts a time.

Speeds are reported as ratios against a baseline measured in the same run,
since these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import calendar
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from model import Scenario, presets, project  # noqa: E402
from model.actuals import SERIES, parse_actuals, to_csv  # noqa: E402
from model.catalog import accelerator, price_ratio  # noqa: E402
from model.compute import whole_run_mfu  # noqa: E402
from model.engine import columns  # noqa: E402
from model.fit import fit  # noqa: E402
from model.serving import (  # noqa: E402
    KV_BYTES_PER_VALUE,
    KV_SCALING_EXPONENT,
    LLAMA3_70B_KV_BYTES_PER_TOKEN,
    LLAMA3_70B_PARAMS,
    serving_throughput,
)


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def reference_loop(s: Scenario) -> tuple[list[float], list[float]]:
    """The engine's formulas month by month in plain Python: the baseline.

    Model v3: tokens per request grow with time and generation; the serving
    profile is computed once per (generation, year) at the year's mid-point
    tokens, and a month's accelerator-seconds scale with its own tokens; each
    training run's hours use its size-aware whole-run MFU; an optional cap
    keeps each calendar year's training spend within a multiple of that
    year's inference spend.

    Returns monthly training and inference spend [USD], which the bench
    compares with ``project()`` so the baseline is known to compute the same.
    """
    months = s.horizon_years * 12
    p, q = s.bass_p, s.bass_q
    f0 = s.initial_adoption_pct / 100
    t0 = -math.log((1 - f0) / (1 + f0 * q / p)) / (p + q)
    n0 = s.active_params_b * 1e9
    run0 = 6 * n0 * s.train_tokens_t * 1e12
    R, T, g = s.retrain_every_months, s.training_run_months, s.generation_compute_growth
    n_runs = (months - 1) // R + 1
    # Each run's whole-run MFU follows the size of the model it trains.
    mfu = [
        float(
            whole_run_mfu(
                n0 * g ** (k * s.params_share_of_growth), s.training_mfu_pct / 100, run0 * g**k
            )
        )
        for k in range(n_runs)
    ]
    inf_acc, train_acc = accelerator(s.inference_accelerator), accelerator(s.training_accelerator)
    # Accelerator-seconds per token, per (generation, year index) pair, from the
    # serving model at the year's mid-point tokens per request.
    seconds_per_token: dict[tuple[int, int], float] = {}
    train_peak = train_acc.peak_flops_per_s("bf16")
    prov = 1 + (s.peak_to_average - 1) * (1 - s.autoscaling_pct / 100)
    inf_price = s.gpu_hour_price_usd * price_ratio(inf_acc.name)
    train_price = s.gpu_hour_price_usd * price_ratio(train_acc.name)
    g_in = 1 + s.input_tokens_growth_pct_per_year / 100
    g_out = 1 + s.output_tokens_growth_pct_per_year / 100
    uplift = s.output_tokens_uplift_per_generation

    def tokens(t: float, gen: int) -> tuple[float, float]:
        return (
            s.input_tokens_per_request * g_in**t,
            s.output_tokens_per_request * g_out**t * uplift**gen,
        )

    train_spend, inf_spend = [], []
    for m in range(months):
        t = m / 12
        year, month = s.start_year + m // 12, m % 12 + 1
        days = calendar.monthrange(year, month)[1]
        e = math.exp(-(p + q) * (t + t0))
        users = s.addressable_users * s.adoption_peak_pct / 100 * (1 - e) / (1 + q / p * e)
        reqs = users * s.requests_per_user_per_day * (1 + s.usage_growth_pct_per_year / 100) ** t
        # Training FLOP at full peak: each run's FLOP over its MFU.
        at_peak = 0.0
        completed = 0
        for k in range(n_runs):
            start = k * R
            if start <= m < start + T:
                at_peak += run0 * g**k / T / mfu[k]
            if start + T <= m:
                completed += 1
        latest = m // R
        at_peak += run0 * g**latest / mfu[latest] * s.continuous_training_pct / 100 / R
        gen = max(completed - 1, 0)
        pair = (gen, m // 12)
        if pair not in seconds_per_token:
            n = n0 * g ** (gen * s.params_share_of_growth)
            if s.kv_kib_per_token > 0:
                kv = s.kv_kib_per_token * 1024 * (n / n0) ** KV_SCALING_EXPONENT
            else:  # the default: Llama 3 70B scaled to the served model
                kv = LLAMA3_70B_KV_BYTES_PER_TOKEN * (n / LLAMA3_70B_PARAMS) ** KV_SCALING_EXPONENT
            kv *= KV_BYTES_PER_VALUE[s.inference_precision] / 2
            mid_in, mid_out = tokens(pair[1] + 5.5 / 12, gen)
            seconds_per_token[pair] = serving_throughput(
                inf_acc,
                s.inference_precision,
                n,
                n * s.total_to_active_params,
                mid_in,
                mid_out,
                s.ttft_target_ms,
                s.tpot_target_ms,
                s.prefix_cache_hit_pct,
                kv,
                eta_bandwidth=s.decode_bandwidth_efficiency_pct / 100,
                eta_decode_compute=s.decode_compute_efficiency_pct / 100,
                eta_prefill=s.prefill_compute_efficiency_pct / 100,
            ).accelerator_seconds_per_request / (mid_in + mid_out)
        tok_in, tok_out = tokens(t, gen)
        seconds = seconds_per_token[pair] * (tok_in + tok_out)
        eff = (1 - s.efficiency_gain_pct_per_year / 100) ** t
        busy_s = reqs * days * (1 - s.edge_share_pct / 100) * seconds * eff
        decline = (1 + s.price_performance_gain_pct_per_year / 100) ** t
        train_spend.append(at_peak / train_peak / 3600 * train_price / decline)
        inf_spend.append(busy_s / 3600 * prov * inf_price / decline)
    cap_x = s.training_spend_cap_x
    if cap_x > 0:  # scale each calendar year's training down to the cap
        for y in range(s.horizon_years):
            train_year = sum(train_spend[y * 12 : y * 12 + 12])
            limit = cap_x * sum(inf_spend[y * 12 : y * 12 + 12])
            if train_year > limit:
                for m in range(y * 12, y * 12 + 12):
                    train_spend[m] *= limit / train_year
    return train_spend, inf_spend


def max_rel_diff(s: Scenario) -> float:
    """Largest relative difference of ``reference_loop`` from ``project()``
    over the monthly training and inference spend of ``s``."""
    monthly = project(s).monthly
    ref_train, ref_inf = reference_loop(s)
    return max(
        abs(a - b) / max(abs(b), 1e-300)
        for a, b in zip(
            [*ref_train, *ref_inf],
            [*monthly["training_spend_usd"], *monthly["inference_spend_usd"]],
            strict=True,
        )
    )


#: The loop must give project()'s spend to this relative difference.
AGREEMENT = 1e-9


def bench_engine(runs: int) -> None:
    s = Scenario()
    worst = max_rel_diff(s)
    worst_preset = max(max_rel_diff(Scenario.from_preset(name)) for name in presets())
    t_engine = median_seconds(lambda: project(s), runs)
    t_loop = median_seconds(lambda: reference_loop(s), runs)
    print(f"== project() on the default scenario, {runs} runs, {s.horizon_years * 12} months")
    print(f"project()            median {t_engine * 1e3:8.3f} ms")
    print(
        f"plain-Python loop    median {t_loop * 1e3:8.3f} ms   (same spend, max rel. diff {worst:.1e})"
    )
    print(f"ratio project()/loop        {t_engine / t_loop:8.2f}x")
    print(f"loop vs project() on all {len(presets())} presets: max rel. diff {worst_preset:.1e}")
    if max(worst, worst_preset) >= AGREEMENT:
        print(f"SELF-CHECK FAILED: the loop differs from project() by more than {AGREEMENT:g}")
        sys.exit(1)


#: The fit bench: the truth moves these inputs of the default scenario, and the
#: fit searches them from the default. Adoption and requests per user per day
#: only ever appear as a product (no series holds users), so the pair would be
#: confounded; usage growth and the hourly price are what the series can tell apart.
FIT_TRUTH = {
    "adoption_peak_pct": 1.15,  # x the default
    "usage_growth_pct_per_year": 0.80,
    "gpu_hour_price_usd": 1.10,
}
FIT_NOISE = 0.05
FIT_SEED = 7


def fit_actuals(truth: Scenario, noise: float, seed: int) -> pd.DataFrame:
    """Every series of :data:`model.actuals.SERIES` of ``truth``, each month
    times lognormal noise, read back through a CSV file as an upload would be."""
    rng = np.random.default_rng(seed)
    monthly = project(truth).monthly
    rows = []
    for name in SERIES:
        values = monthly[name].to_numpy() * np.exp(rng.normal(0.0, noise, len(monthly)))
        rows += [(m, name, v) for m, v in zip(monthly["month"], values, strict=True)]
    tidy = pd.DataFrame(rows, columns=["month", "series", "value"])
    return parse_actuals(to_csv(tidy), truth.month_labels())


def bench_fit(runs: int) -> None:
    """model.fit.fit on 72 months of 6 series made by the model, against one project()."""
    start = Scenario()
    assert start.horizon_years == 6, "the fit bench expects the default's 6-year horizon"
    truth = start.replace(**{n: getattr(start, n) * f for n, f in FIT_TRUTH.items()})
    actuals = fit_actuals(truth, FIT_NOISE, FIT_SEED)
    names = list(FIT_TRUTH)
    results = []

    def run_fit() -> None:
        results.append(fit(start, actuals, names))

    t_fit = median_seconds(run_fit, runs)
    t_one = median_seconds(lambda: project(start), max(runs * 20, 50))
    t_cols = median_seconds(lambda: columns(start), max(runs * 20, 50))
    r = results[-1]
    assert all(x.evaluations == r.evaluations for x in results), "the fit is deterministic"
    floor = r.evaluations * t_cols
    months = start.horizon_years * 12
    print(
        f"\n== fit of {len(names)} inputs to {months} months x {len(SERIES)} series "
        f"({r.points} figures, {FIT_NOISE:.0%} noise, seed {FIT_SEED}; median of {runs})"
    )
    print(f"fit()                median {t_fit * 1e3:8.1f} ms   ({r.evaluations} evaluations)")
    print(f"project()            median {t_one * 1e3:8.3f} ms")
    print(f"ratio fit/project()         {t_fit / t_one:8.0f}x one projection")
    print(
        f"lower bound {r.evaluations} x columns() ({t_cols * 1e3:.3f} ms) = {floor * 1e3:8.1f} ms"
        f"   measured/bound {t_fit / floor:5.2f}"
    )
    print(f"{'input':<28}{'start':>10}{'truth':>10}{'fitted':>10}{'std err':>10}{'off':>8}")
    for n in names:
        want, got = getattr(truth, n), r.fitted[n]
        print(
            f"{n:<28}{r.start[n]:>10.4g}{want:>10.4g}{got:>10.4g}{r.std_errors[n]:>10.2g}"
            f"{(got / want - 1):>+8.1%}"
        )
    print(
        f"mean abs. miss {r.mean_abs_pct_before:.1f}% -> {r.mean_abs_pct_after:.1f}% of actual; "
        f"converged {r.converged}; confounded {', '.join(r.confounded) or 'none'}"
    )
    if t_fit < 0.5 * floor:
        print(
            f"SELF-CHECK FAILED: the fit took {t_fit * 1e3:.1f} ms, under half of "
            f"{r.evaluations} evaluations x one columns() call ({floor * 1e3:.1f} ms)"
        )
        sys.exit(1)


def bench_store(n_stored: int, runs: int) -> None:
    """save, load and list with ``n_stored`` scenarios, against raw sqlite3."""
    import json
    import sqlite3
    import tempfile
    from datetime import UTC, datetime

    from model.results import is_current, result_json
    from model.store import ScenarioStore, name_key

    tmp = Path(tempfile.mkdtemp(prefix="bench-store-"))
    path = tmp / "bench.db"
    store = ScenarioStore(f"sqlite:///{path}")
    s = Scenario()
    # Results as the store writes them (stamped with the model version): an
    # unstamped one counts as stale and is recomputed on every read, which once
    # made this bench time 10,000 projections inside list() (157x raw sqlite3).
    params, summary = json.dumps(s.to_dict()), result_json(s)
    now = datetime.now(UTC).isoformat(sep=" ")
    # Fill quickly with the store's own schema, then measure through both paths.
    con = sqlite3.connect(path, isolation_level=None, timeout=30)
    con.execute("PRAGMA busy_timeout=30000")
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO scenario (id, name, name_key, created_at, updated_at) VALUES (?,?,?,?,?)",
        [(i, f"Plan {i}", name_key(f"Plan {i}"), now, now) for i in range(1, n_stored + 1)],
    )
    con.executemany(
        "INSERT INTO scenario_version (scenario_id, version, params_json, summary_json, note, "
        "created_at) VALUES (?,?,?,?,?,?)",
        [(i, 1, params, summary, "", now) for i in range(1, n_stored + 1)],
    )
    con.execute("COMMIT")

    (stored,) = con.execute("SELECT summary_json FROM scenario_version LIMIT 1").fetchone()
    if not is_current(stored):
        print("SELF-CHECK FAILED: the bench's stored results are stale; reads would recompute them")
        sys.exit(1)

    counter = iter(range(10**9))

    def store_save() -> None:
        store.save(f"Plan {next(counter) % n_stored + 1}", s)

    def raw_save() -> None:
        key = name_key(f"Plan {next(counter) % n_stored + 1}")
        summary_now = result_json(s)  # the store computes KPIs too
        con.execute("BEGIN IMMEDIATE")
        (sid,) = con.execute("SELECT id FROM scenario WHERE name_key = ?", (key,)).fetchone()
        (last,) = con.execute(
            "SELECT max(version) FROM scenario_version WHERE scenario_id = ?", (sid,)
        ).fetchone()
        con.execute(
            "INSERT INTO scenario_version (scenario_id, version, params_json, summary_json, "
            "note, created_at) VALUES (?,?,?,?,?,?)",
            (sid, last + 1, json.dumps(s.to_dict()), summary_now, "", now),
        )
        con.execute(
            "UPDATE scenario SET updated_at = ?, deleted_at = NULL WHERE id = ?", (now, sid)
        )
        con.execute("COMMIT")

    def store_load() -> None:
        store.load(f"Plan {next(counter) % n_stored + 1}")

    def raw_load() -> None:
        key = name_key(f"Plan {next(counter) % n_stored + 1}")
        (text,) = con.execute(
            "SELECT v.params_json FROM scenario s JOIN scenario_version v ON v.scenario_id = s.id "
            "WHERE s.name_key = ? AND s.deleted_at IS NULL ORDER BY v.version DESC LIMIT 1",
            (key,),
        ).fetchone()
        Scenario.from_dict(json.loads(text))

    def raw_list() -> None:
        rows = con.execute(
            "SELECT s.name, v.version, n, s.updated_at, v.note, v.summary_json FROM scenario s "
            "JOIN (SELECT scenario_id, max(version) AS latest, count(id) AS n "
            "FROM scenario_version GROUP BY scenario_id) l ON l.scenario_id = s.id "
            "JOIN scenario_version v ON v.scenario_id = s.id AND v.version = l.latest "
            "WHERE s.deleted_at IS NULL ORDER BY s.updated_at DESC, s.id DESC"
        ).fetchall()
        [json.loads(r[5]) for r in rows]

    print(f"\n== scenario store on SQLite with {n_stored:,} stored scenarios ({runs} runs each)")
    for label, ours, raw, n in (
        ("save", store_save, raw_save, runs),
        ("load", store_load, raw_load, runs),
        ("list", store.list, raw_list, max(runs // 10, 5)),
    ):
        t_ours, t_raw = median_seconds(ours, n), median_seconds(raw, n)
        print(
            f"{label:<5} ScenarioStore {t_ours * 1e3:8.3f} ms   raw sqlite3 {t_raw * 1e3:8.3f} ms"
            f"   ratio {t_ours / t_raw:5.2f}x"
        )
    con.close()
    store.close()


def bench_exports(runs: int) -> None:
    """Time to build each board export for the default preset."""
    from report.deck import build_pptx
    from report.html_report import build_html
    from report.workbook import build_csv, build_xlsx

    proj = project(Scenario())
    items = [("AI assistant at scale", proj)]
    print(f"\n== exports of the default preset (median of {runs})")
    for label, build in (
        ("PowerPoint deck", lambda: build_pptx(items)),
        ("HTML report", lambda: build_html(items)),
        ("Excel workbook", lambda: build_xlsx(proj)),
        ("CSV", lambda: build_csv(proj)),
    ):
        size = len(build())
        print(f"{label:<16} {median_seconds(build, runs) * 1e3:8.1f} ms   {size / 1024:8.0f} KiB")


def bench_simulation(draws: int, runs: int) -> None:
    """10,000 draws as a multiple of one deterministic project(), and peak memory.

    The ratio is cross-checked with a second clock: timeit, best of several
    repeats, on the same pair. A simulation of many draws cannot take less
    than one projection; a ratio under 1 means the timing is broken.
    """
    import timeit
    import tracemalloc

    from model.uncertainty import simulate

    s = Scenario()
    simulate(s, draws=draws, seed=0)  # warm caches
    t_sim = median_seconds(lambda: simulate(s, draws=draws, seed=0), runs)
    t_one = median_seconds(lambda: project(s), runs * 20)
    best_sim = min(timeit.Timer(lambda: simulate(s, draws=draws, seed=0)).repeat(runs, 1))
    loops = 20
    best_one = min(timeit.Timer(lambda: project(s)).repeat(runs, loops)) / loops
    tracemalloc.start()
    simulate(s, draws=draws, seed=0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\n== Monte Carlo, {draws:,} draws (median of {runs})")
    print(f"simulate()           median {t_sim * 1e3:8.1f} ms")
    print(f"project()            median {t_one * 1e3:8.3f} ms")
    print(f"ratio                       {t_sim / t_one:8.0f}x one projection (goal: at most 100x)")
    print(
        f"timeit min of {runs}        {best_sim * 1e3:8.1f} ms / {best_one * 1e3:.3f} ms"
        f" = {best_sim / best_one:.0f}x (second clock)"
    )
    print(f"peak memory (tracemalloc)   {peak / 2**20:8.1f} MiB")
    if min(t_sim / t_one, best_sim / best_one) < 1:
        print(
            f"SELF-CHECK FAILED: {draws:,} draws reported faster than one project() "
            f"({t_sim * 1e3:.3f} ms vs {t_one * 1e3:.3f} ms; timeit {best_sim * 1e3:.3f} ms vs "
            f"{best_one * 1e3:.3f} ms)"
        )
        sys.exit(1)


#: The fleet bench's strategy: most of the baseline owned or reserved, the rest on demand.
FLEET_STRATEGY = {"inference_owned_pct": 60, "inference_reserved_pct": 20, "training_owned_pct": 50}


def paired_medians(
    a: Callable[[], object], b: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median seconds of ``a`` and of ``b``, timed alternately so drift on a
    shared machine falls on both alike."""
    ta, tb = [], []
    for _ in range(runs):
        for fn, times in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(ta), statistics.median(tb)


def bench_fleet(runs: int) -> None:
    """project() with a fleet strategy against the same scenario all on demand.

    project() runs model.fleet's month loop (cohorts of purchases and
    reservations) for each stream whether or not anything is owned (its
    columns are zeros then), so the ratio is what a strategy's own figures add.
    Cross-checked with timeit (best of several repeats of a loop), a second
    clock on the same pair. Spend-only runs (simulations, fits) of an
    all-on-demand plan skip the loop: their ratio is the loop's whole cost.
    """
    import timeit

    base = Scenario()
    owning = base.replace(**FLEET_STRATEGY)
    rented, bought = project(base).monthly, project(owning).monthly
    # what the timings are of: the strategy buys, reserves and rents; all on
    # demand is the rental spend, exactly
    rental = rented["inference_spend_usd"] + rented["training_spend_usd"]
    worst = float(((rented["on_demand_usd"] - rental).abs() / rental.abs()).max())
    t_base, t_fleet = paired_medians(lambda: project(base), lambda: project(owning), runs)
    # the spend alone (simulations, fits): here all on demand skips the month loop
    s_base, s_fleet = paired_medians(
        lambda: columns(base, spend_only=True), lambda: columns(owning, spend_only=True), runs
    )
    loops = max(runs // 10, 5)
    best = {
        name: min(timeit.Timer(lambda s=s: project(s)).repeat(repeat=7, number=loops)) / loops
        for name, s in (("base", base), ("fleet", owning))
    }
    months = base.horizon_years * 12
    strategy = ", ".join(f"{k}={v}" for k, v in FLEET_STRATEGY.items())
    print(f"\n== fleet strategy: project() with {strategy}, {months} months")
    print(
        f"bought {bought['accelerators_bought'].sum():,.0f} accelerators, capex "
        f"${bought['capex_usd'].sum() / 1e9:,.2f}B; P&L ${bought['pnl_cost_usd'].sum() / 1e9:,.2f}B "
        f"vs all on-demand ${rental.sum() / 1e9:,.2f}B (on-demand = rental, max rel. diff {worst:.1e})"
    )
    print(f"{'':<21}{'all on-demand':>15}{'with strategy':>15}{'ratio':>9}")
    print(
        f"{'median of ' + str(runs):<21}{t_base * 1e3:>12.3f} ms{t_fleet * 1e3:>12.3f} ms"
        f"{t_fleet / t_base:>8.2f}x"
    )
    print(
        f"{f'timeit min, {loops} loops':<21}{best['base'] * 1e3:>12.3f} ms"
        f"{best['fleet'] * 1e3:>12.3f} ms{best['fleet'] / best['base']:>8.2f}x"
    )
    print(
        f"{'spend only, median':<21}{s_base * 1e3:>12.3f} ms{s_fleet * 1e3:>12.3f} ms"
        f"{s_fleet / s_base:>8.2f}x   (columns(spend_only=True))"
    )
    if worst >= 1e-12 or not bought["capex_usd"].sum() > 0:
        print("SELF-CHECK FAILED: all on demand is not the rental, or the strategy buys nothing")
        sys.exit(1)


PARTS = ("engine", "fleet", "fit", "store", "simulation", "exports", "ui")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--fit-runs", type=int, default=3, help="timed fits (median)")
    parser.add_argument("--skip-ui", action="store_true", help="skip the browser latency bench")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=PARTS,
        metavar="PART",
        help=f"run only these parts, of: {', '.join(PARTS)} (default: all)",
    )
    args = parser.parse_args(argv)
    parts = set(args.only or PARTS)
    if args.skip_ui:
        parts.discard("ui")
    if "engine" in parts:
        bench_engine(args.runs)
    if "fleet" in parts:
        bench_fleet(args.runs)
    if "fit" in parts:
        bench_fit(args.fit_runs)
    if "store" in parts:
        bench_store(args.stored, min(args.runs, 100))
    if "simulation" in parts:
        bench_simulation(10_000, 5)
    if "exports" in parts:
        bench_exports(5)
    if "ui" not in parts:
        return
    from scripts._serve import browser_missing

    if why := browser_missing():
        print(f"\n== UI latency skipped: {why}")
        return
    import bench_ui
    import bench_ui_load

    print("\n== UI: one session, slider press to idle (scripts/bench_ui.py)")
    failed = bench_ui.main([])
    print("\n== UI under load: cold start, page switch, ten sessions (scripts/bench_ui_load.py)")
    failed |= bench_ui_load.main([])
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

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

from model import Scenario, project  # noqa: E402
from model.catalog import accelerator, price_ratio  # noqa: E402
from model.serving import (  # noqa: E402
    KV_BYTES_PER_VALUE,
    KV_SCALING_EXPONENT,
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
    inf_acc, train_acc = accelerator(s.inference_accelerator), accelerator(s.training_accelerator)
    seconds_per_request: dict[int, float] = {}  # per model generation, from the serving model
    train_peak = train_acc.peak_flops_per_s("bf16") * s.training_mfu_pct / 100
    prov = 1 + (s.peak_to_average - 1) * (1 - s.autoscaling_pct / 100)
    inf_price = s.gpu_hour_price_usd * price_ratio(inf_acc.name)
    train_price = s.gpu_hour_price_usd * price_ratio(train_acc.name)
    train_spend, inf_spend = [], []
    for m in range(months):
        t = m / 12
        year, month = s.start_year + m // 12, m % 12 + 1
        days = calendar.monthrange(year, month)[1]
        e = math.exp(-(p + q) * (t + t0))
        users = s.addressable_users * s.adoption_peak_pct / 100 * (1 - e) / (1 + q / p * e)
        reqs = users * s.requests_per_user_per_day * (1 + s.usage_growth_pct_per_year / 100) ** t
        flops_train = 0.0
        completed = 0
        for k in range(0, (months - 1) // R + 1):
            start = k * R
            if start <= m < start + T:
                flops_train += run0 * g**k / T
            if start + T <= m:
                completed += 1
        flops_train += run0 * g ** (m // R) * s.continuous_training_pct / 100 / R
        gen = max(completed - 1, 0)
        n = n0 * g ** (gen * s.params_share_of_growth)
        eff = (1 - s.efficiency_gain_pct_per_year / 100) ** t
        if gen not in seconds_per_request:
            kv = s.kv_kib_per_token * 1024 * (n / n0) ** KV_SCALING_EXPONENT
            kv *= KV_BYTES_PER_VALUE[s.inference_precision] / 2
            seconds_per_request[gen] = serving_throughput(
                inf_acc,
                s.inference_precision,
                n,
                n * s.total_to_active_params,
                s.input_tokens_per_request,
                s.output_tokens_per_request,
                s.ttft_target_ms,
                s.tpot_target_ms,
                s.prefix_cache_hit_pct,
                kv,
                eta_bandwidth=s.decode_bandwidth_efficiency_pct / 100,
                eta_decode_compute=s.decode_compute_efficiency_pct / 100,
                eta_prefill=s.prefill_compute_efficiency_pct / 100,
            ).accelerator_seconds_per_request
        busy_s = reqs * days * (1 - s.edge_share_pct / 100) * seconds_per_request[gen] * eff
        decline = (1 + s.price_performance_gain_pct_per_year / 100) ** t
        train_spend.append(flops_train / train_peak / 3600 * train_price / decline)
        inf_spend.append(busy_s / 3600 * prov * inf_price / decline)
    return train_spend, inf_spend


def bench_engine(runs: int) -> None:
    s = Scenario()
    proj = project(s)
    ref_train, ref_inf = reference_loop(s)
    worst = max(
        abs(a - b) / max(abs(b), 1e-300)
        for a, b in zip(
            [*proj.monthly["training_spend_usd"], *proj.monthly["inference_spend_usd"]],
            [*ref_train, *ref_inf],
            strict=True,
        )
    )
    t_engine = median_seconds(lambda: project(s), runs)
    t_loop = median_seconds(lambda: reference_loop(s), runs)
    print(f"== project() on the default scenario, {runs} runs, {s.horizon_years * 12} months")
    print(f"project()            median {t_engine * 1e3:8.3f} ms")
    print(
        f"plain-Python loop    median {t_loop * 1e3:8.3f} ms   (same spend, max rel. diff {worst:.1e})"
    )
    print(f"ratio project()/loop        {t_engine / t_loop:8.2f}x")


def bench_store(n_stored: int, runs: int) -> None:
    """save, load and list with ``n_stored`` scenarios, against raw sqlite3."""
    import json
    import sqlite3
    import tempfile
    from datetime import UTC, datetime

    from model.store import ScenarioStore, name_key

    tmp = Path(tempfile.mkdtemp(prefix="bench-store-"))
    path = tmp / "bench.db"
    store = ScenarioStore(f"sqlite:///{path}")
    s = Scenario()
    params, summary = json.dumps(s.to_dict()), json.dumps(project(s).summary.to_dict())
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

    counter = iter(range(10**9))

    def store_save() -> None:
        store.save(f"Plan {next(counter) % n_stored + 1}", s)

    def raw_save() -> None:
        key = name_key(f"Plan {next(counter) % n_stored + 1}")
        summary_now = json.dumps(project(s).summary.to_dict())  # the store computes KPIs too
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
    """10,000 draws as a multiple of one deterministic project(), and peak memory."""
    import tracemalloc

    from model.uncertainty import simulate

    s = Scenario()
    simulate(s, draws=draws, seed=0)  # warm caches
    t_sim = median_seconds(lambda: simulate(s, draws=draws, seed=0), runs)
    t_one = median_seconds(lambda: project(s), runs * 20)
    tracemalloc.start()
    simulate(s, draws=draws, seed=0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\n== Monte Carlo, {draws:,} draws (median of {runs})")
    print(f"simulate()           median {t_sim * 1e3:8.1f} ms")
    print(f"project()            median {t_one * 1e3:8.3f} ms")
    print(f"ratio                       {t_sim / t_one:8.0f}x one projection (goal: at most 100x)")
    print(f"peak memory (tracemalloc)   {peak / 2**20:8.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--skip-ui", action="store_true", help="skip the browser latency bench")
    args = parser.parse_args()
    bench_engine(args.runs)
    bench_store(args.stored, min(args.runs, 100))
    bench_simulation(10_000, 5)
    bench_exports(5)
    if args.skip_ui:
        return
    import shutil

    if shutil.which("chromium") is None:
        print("\n== UI latency skipped: Chromium not found (apt-get install chromium)")
        return
    import bench_ui

    print()
    bench_ui.main([])


if __name__ == "__main__":
    main()

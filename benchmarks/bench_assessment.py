"""Assessment speed: aggregating one Yeda-style panel (10 experts x 20 indicators; goal < 50 ms) and ranking
1,000 assessed achievements (goal < 1 s).

Aggregation is `aggregate` + `decide` (weighted scores, dispersion, Kendall's W, ICC, outlier flags, a
2,000-resample BCa bootstrap, decision rules) on random panels, after one warm-up call that pays the scipy
imports. Ranking is measured twice: the pure `rank` over 1,000 entries, and the whole path a platform
operator takes (`AssessmentStore.assessments` from SQLite, `within` a route group through the taxonomy,
`rank`). The 1,000 stored assessments are written directly as closed rows with random figures: the
benchmark is about ranking, and closing 1,000 rounds through panels would only time aggregation again.

Run: .venv/bin/python benchmarks/bench_assessment.py [--panels 200] [--ranked 1000]
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np


def _ms(xs: list[float]) -> str:
    xs = sorted(xs)
    return (f"median {statistics.median(xs) * 1000:.1f} ms, p95 {xs[int(len(xs) * 0.95) - 1] * 1000:.1f} ms, "
            f"max {xs[-1] * 1000:.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--panels", type=int, default=200)
    ap.add_argument("--ranked", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()

    import greentaxo
    from greentaxo.assessment.decision import decide
    from greentaxo.assessment.stats import aggregate
    from greentaxo.assessment.systems import system

    kg = greentaxo.load()
    yeda = system(kg, "yeda")
    rng = np.random.default_rng(2026)
    leaves = [i.iri for i in yeda.leaves()]

    def panel() -> dict:
        base = rng.integers(2, 6, len(leaves))
        return {f"e{k}": {i: float(np.clip(b + rng.integers(-1, 2), 1, 5)) for i, b in zip(leaves, base, strict=True)}
                for k in range(10)}

    t0 = time.perf_counter()
    decide(yeda, aggregate(yeda, panel()))
    print(f"first aggregation (scipy imports): {(time.perf_counter() - t0) * 1000:.0f} ms")
    times, cpu = [], []
    for seed in range(a.panels):
        p = panel()
        t0, c0 = time.perf_counter(), time.process_time()
        r = aggregate(yeda, p, seed=seed)
        r["decision"] = decide(yeda, r)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(f"aggregate + decide, 10 experts x 20 indicators, {a.panels} panels: wall {_ms(times)}; "
          f"CPU median {statistics.median(cpu) * 1000:.1f} ms")

    from greentaxo.assessment.ranking import Entry, rank, within

    storage = kg.taxonomy.concept("01.10")
    routes = [c.iri for c in kg.taxonomy.descendants(storage.iri)] + [c.iri for c in kg.taxonomy.leaves()[:200]]
    scores = rng.uniform(20, 90, a.ranked)
    half = rng.uniform(1.5, 12, a.ranked)
    entries = [Entry(str(k), f"achievement {k}", "yeda", float(s), float(s - h), float(s + h), None, 10, None,
                     (routes[k % len(routes)],)) for k, (s, h) in enumerate(zip(scores, half, strict=True))]
    pure = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        rank(entries)
        pure.append(time.perf_counter() - t0)
    print(f"rank {a.ranked} entries (ties, CI rank ranges): {_ms(pure)}")

    from greentaxo.assessment.schema import ASSESSMENTS
    from greentaxo.assessment.store import AssessmentStore

    with tempfile.TemporaryDirectory() as tmp:
        store = AssessmentStore(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", kg=kg)
        snapshot = json.dumps(yeda.to_dict(), ensure_ascii=False)
        with store.engine.begin() as conn:
            conn.execute(ASSESSMENTS.insert(), [{
                "system_id": "yeda", "system_version": yeda.version, "system_json": snapshot, "subject_kind": "achievement",
                "subject_ref": e.id, "title": e.title, "subject_json": json.dumps({"title": e.title, "routes": list(e.routes)}),
                "chair": "bench", "min_experts": 10, "round": 1, "status": "closed", "version": 3, "locks": 0,
                "created": "2026-12-06", "updated": "2026-12-06", "score": e.score, "median": e.score, "ci_low": e.ci_low,
                "ci_high": e.ci_high, "outcome": "patent", "experts": 10, "routes": json.dumps(list(e.routes))}
                for e in entries])
        full, fcpu, kept = [], [], 0
        for _ in range(a.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            rows = store.assessments(None, "yeda")
            got = [Entry(str(r["id"]), r["title"], r["system"], r["score"], r["ci_low"], r["ci_high"], None, r["experts"],
                         r["outcome"], tuple(r["routes"])) for r in rows]
            ranked = rank(within(kg, got, route="01.10"))
            full.append(time.perf_counter() - t0)
            fcpu.append(time.process_time() - c0)
            kept = len(ranked)
        store.engine.dispose()
    print(f"read {a.ranked} stored assessments, keep those under 01.10 ({kept}), rank them: wall {_ms(full)}; "
          f"CPU median {statistics.median(fcpu) * 1000:.1f} ms")
    import os

    print(f"load average while running: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()

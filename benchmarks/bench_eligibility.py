"""Eligibility speed, memory and coverage, measured (figures go into docs/eligibility.md and docs/benchmarks.md).

    .venv/bin/python benchmarks/bench_eligibility.py [--n 10000] [--cli]

Measures: criteria load (first verdict); single-verdict latency (p50/p99) over every leaf route; a synthetic
loan book of --n loans (60 % route with a fact, 20 % free text, every one different, 20 % industry code, all
with amounts) screened and written as the CSV/XLSX/HTML report, with the process's resident memory sampled
as the book goes (flat memory: it must not grow with the number of loans); with --cli the same book through
`greentaxo eligibility --input` in a fresh process (start-up and graph load included); the coverage of
criteria over the catalogue items the routes reach.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATES = ["新建{zh}项目，总投资{n}亿元", "{zh}改造工程（{n} MW）", "{en} project, {n} MW", "Loan for {en}, phase {n}",
             "{zh}设施建设运营，装机{n}万千瓦", "Construction of a {en} plant ({n} MW)"]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def loan_book(kg, n: int, seed: int = 6) -> list[dict]:
    rng = random.Random(seed)
    leaves = kg.taxonomy.leaves()
    codes = sorted({"gbt4754:" + r.code for r in kg.mappings.rows if r.scheme == "gbt4754-2017" and r.is_match})
    book = []
    for i in range(n):
        kind, amount = rng.random(), rng.randint(1, 500) * 100_000
        rec = {"id": f"L{i:05d}", "amount": amount, "turnover": amount // 3, "capex": amount // 2}
        if kind < 0.6:
            rec.update(route=rng.choice(leaves).iri, facts="lifecycle_ghg_intensity=90 gCO2e/kWh")
        elif kind < 0.8:
            c = rng.choice(leaves)
            rec["description"] = rng.choice(TEMPLATES).format(zh=c.label("zh"), en=c.label("en"), n=rng.randint(2, 900))
        else:
            rec["code"] = rng.choice(codes)
        book.append(rec)
    return book


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000, help="loans in the synthetic book")
    ap.add_argument("--cli", action="store_true", help="also time the CLI on the same book in a fresh process")
    args = ap.parse_args()

    import greentaxo
    from greentaxo.eligibility import evaluate, report
    from greentaxo.eligibility.criteria import items
    from greentaxo.eligibility.portfolio import screen

    t0 = time.perf_counter()
    kg = greentaxo.load()
    _ = kg.taxonomy, kg.codes, kg.mappings
    t1 = time.perf_counter()
    evaluate(kg, route=kg.taxonomy.leaves()[0].iri)
    t2 = time.perf_counter()
    print(f"graph load {t1 - t0:.2f} s; first verdict (criteria load) {1000 * (t2 - t1):.0f} ms")

    leaves = kg.taxonomy.leaves()
    lat = []
    for c in leaves:
        s = time.perf_counter()
        evaluate(kg, route=c.iri, facts=["lifecycle_ghg_intensity=90 gCO2e/kWh"])
        lat.append(time.perf_counter() - s)
    lat.sort()
    print(f"single verdict over {len(leaves)} leaf routes: p50 {1000 * statistics.median(lat):.2f} ms, "
          f"p99 {1000 * lat[int(0.99 * len(lat))]:.2f} ms, max {1000 * lat[-1]:.2f} ms")
    s = time.perf_counter()
    evaluate(kg, text="光伏电站")          # loads the classifier model once, outside the throughput figure
    print(f"first text input (classifier load) {time.perf_counter() - s:.2f} s")

    book = loan_book(kg, args.n)
    marks = {int(args.n * f) for f in (0.1, 0.25, 0.5, 0.75, 1.0)}
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        s, cpu = time.perf_counter(), time.process_time()
        rep = report.Report(report.provenance(kg, ["bench_eligibility"], None))
        for i, r in enumerate(screen(kg, book), start=1):
            rep.add(r)
            if i in marks:
                samples.append((i, rss_mb()))
        screened = time.perf_counter() - s
        rep.finish(Path(tmp) / "book.csv")
        total, cpu = time.perf_counter() - s, time.process_time() - cpu
        summary = rep.summary()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
    print(f"loan book of {args.n} (60 % route, 20 % text, 20 % industry code): screened in {screened:.2f} s "
          f"({args.n / screened:.0f} loans/s), report written (CSV+XLSX+HTML, {size:.1f} MB) at {total:.2f} s "
          f"wall, {cpu:.2f} s CPU; {summary['errors']} errors; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    print("resident memory while screening: " + ", ".join(f"{i} loans {m:.0f} MB" for i, m in samples))

    if args.cli:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "book.csv"
            with src.open("w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=["id", "route", "code", "description", "facts", "amount", "turnover",
                                                   "capex"])
                w.writeheader()
                w.writerows(book)
            exe = Path(sys.executable).parent / "greentaxo"
            s = time.perf_counter()
            p = subprocess.run([str(exe), "eligibility", "--input", str(src), "--output", str(Path(tmp) / "out.csv")],
                               capture_output=True, text=True)
            print(f"CLI, fresh process, {args.n} loans from CSV to CSV+XLSX+HTML: {time.perf_counter() - s:.2f} s "
                  f"(exit {p.returncode}); {p.stdout.splitlines()[0] if p.stdout else p.stderr[:200]}")

    for scheme in ("gfspc2025", "gigc2019", "eutaxonomy"):
        reached = {r.code for r in kg.mappings.rows if r.scheme == scheme and r.is_match}
        if scheme == "eutaxonomy":
            reached = {c for c in reached if c.startswith("ccm-")}
        table = items(kg, scheme)
        all_items = [c for c, it in table.items() if it.level == 3 or (scheme == "eutaxonomy" and c.startswith("ccm-")
                                                                           and "." in c)]
        own = [c for c in all_items if any(k.role not in ("dnsh", "safeguards") for k in table[c].criteria)]
        checkable = [c for c in all_items if any(k.checkable for k in table[c].criteria)]
        n_rules = sum(1 for c in all_items for k in table[c].criteria if k.checkable)
        print(f"{scheme}: {len(all_items)} items, {len(reached)} reached by a route; {len(own)} with encoded conditions "
              f"({len(checkable)} with a machine-checkable rule, {n_rules} rules); {len(all_items) - len(own)} not encoded")


if __name__ == "__main__":
    main()

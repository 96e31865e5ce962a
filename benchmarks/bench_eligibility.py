"""Eligibility speed and coverage, measured (results go into docs/eligibility.md by hand).

    .venv/bin/python benchmarks/bench_eligibility.py [--n 2000]

Measures: criteria load (first verdict), single-verdict latency (p50/p99) over every leaf route,
portfolio throughput on a synthetic loan book drawn from the routes and industry codes, and the
coverage of criteria over the finance categories the routes reach.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000, help="loans in the synthetic portfolio")
    args = ap.parse_args()

    import greentaxo
    from greentaxo.eligibility import evaluate
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

    rng = random.Random(6)
    codes = sorted({r.object_id.rsplit("/", 2)[-2] + ":" + r.code for r in kg.mappings.rows
                    if r.scheme == "gbt4754-2017" and r.is_match})
    book = []
    for i in range(args.n):
        kind = rng.random()
        if kind < 0.6:
            book.append({"id": f"L{i}", "route": rng.choice(leaves).iri, "facts": "lifecycle_ghg_intensity=90 gCO2e/kWh"})
        elif kind < 0.8:
            book.append({"id": f"L{i}", "description": rng.choice(leaves).label("zh")})
        else:
            book.append({"id": f"L{i}", "code": rng.choice(codes).replace("gbt4754-2017:", "gbt4754:")})
    s = time.perf_counter()
    out = list(screen(kg, book))
    dt = time.perf_counter() - s
    errors = sum(1 for r in out if "error" in r)
    print(f"portfolio of {len(book)} loans (60 % route, 20 % text, 20 % industry code): {dt:.2f} s, "
          f"{len(book) / dt:.0f} loans/s, {errors} errors")

    reached = {}
    for r in kg.mappings.rows:
        if r.is_match and r.scheme in ("gfspc2025", "eutaxonomy"):
            if r.scheme == "eutaxonomy" and not r.code.startswith("ccm-"):
                continue
            reached.setdefault(r.scheme, set()).add(r.code)
    for scheme, codes_ in sorted(reached.items()):
        table = items(kg, scheme)
        own = [c for c in codes_ if any(k.role != "dnsh" for k in table[c].criteria)]
        checkable = [c for c in codes_ if any(k.checkable for k in table[c].criteria)]
        n_crit = sum(len(table[c].criteria) for c in codes_)
        print(f"{scheme}: {len(codes_)} categories reached; {len(own)} with encoded criteria "
              f"({len(checkable)} with a machine-checkable rule, {len(own) - len(checkable)} evidence-only); "
              f"{len(codes_) - len(own)} not yet encoded; {n_crit} criteria on reached items")


if __name__ == "__main__":
    main()

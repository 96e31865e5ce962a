"""Package assembly speed: the best package plus 3 alternatives on a generated graph of 10,000 routes
and 500 functions (the issue's target: under 1 s), and on the bundled scenarios.

Each generated problem asks for 12 required and 3 optional functions; routes provide 1-3 functions,
8 % carry a `requires` (any of 1-3 routes), 4 % a conflict, 5 % a complement, 20 % fit the site.
Timings are for `Assembler.assemble` (filtering, model, CP-SAT solves, explanations) after one warm-up
call that pays the OR-Tools import; the cold first call is reported separately.

Run: .venv/bin/python benchmarks/bench_packages.py [--problems 20] [--routes 10000] [--functions 500]
"""
from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--problems", type=int, default=20)
    ap.add_argument("--routes", type=int, default=10_000)
    ap.add_argument("--functions", type=int, default=500)
    ap.add_argument("--required", type=int, default=12)
    ap.add_argument("--k", type=int, default=3)
    a = ap.parse_args()

    from greentaxo.packages.base import get_assembler
    from greentaxo.packages.generate import random_pool, random_problem

    t0 = time.perf_counter()
    pool = random_pool(a.routes, a.functions, seed=7)
    print(f"generated {a.routes} routes / {a.functions} functions in {time.perf_counter() - t0:.2f} s")
    asm = get_assembler("cpsat")
    t0 = time.perf_counter()
    asm.assemble(pool, random_problem(pool, a.required, 3, seed=10_000, fit=0.2), k=a.k)
    print(f"cold first call (OR-Tools import, provider index): {time.perf_counter() - t0:.3f} s")
    times, sizes, cands, proven = [], [], [], 0
    from greentaxo.packages.formulation import formulate
    from greentaxo.packages.model import Constraints, Weights

    for seed in range(a.problems):
        prob = random_problem(pool, a.required, 3, seed=seed, fit=0.2)
        t0 = time.perf_counter()
        res = asm.assemble(pool, prob, k=a.k)
        times.append(time.perf_counter() - t0)
        assert res.ok and len(res.packages) == a.k + 1, res.infeasible
        proven += asm.proven
        sizes.append(len(res.packages[0].members))
        cands.append(len(formulate(pool, prob, Constraints(), Weights()).candidates))
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    print(f"best + {a.k} alternatives, {a.problems} problems: median {statistics.median(times):.3f} s, "
          f"p95 {p95:.3f} s, max {times[-1]:.3f} s; {proven}/{a.problems} proven optimal; "
          f"candidates per problem median {statistics.median(cands):.0f}; package size median {statistics.median(sizes):.0f}")

    import greentaxo
    from greentaxo.packages.scenarios import scenarios_from_graph
    from greentaxo.packages.service import assemble

    kg = greentaxo.load()
    assemble(kg, "S001", k=0)         # builds the pool from the graph once
    bundled = []
    for s in scenarios_from_graph(kg).all():
        t0 = time.perf_counter()
        res, _ = assemble(kg, s.id, k=a.k)
        bundled.append((time.perf_counter() - t0, s.id))
        assert res.ok
    bundled.sort()
    print(f"bundled graph, {len(bundled)} scenarios, best + {a.k}: median {statistics.median(t for t, _ in bundled):.3f} s, "
          f"max {bundled[-1][0]:.3f} s ({bundled[-1][1]})")


if __name__ == "__main__":
    main()

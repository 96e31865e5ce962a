"""Random route pools and problems with a seed: for the optimality tests and the benchmark."""
from __future__ import annotations

import random

from greentaxo.packages.model import Problem, Route, RoutePool

R = "https://example.org/route/"
F = "https://example.org/function/"


def random_pool(routes: int, functions: int, seed: int = 0, requires: float = 0.08,
                conflicts: float = 0.04, complements: float = 0.05, alternatives: float = 0.05,
                attributes: tuple[str, ...] = ()) -> RoutePool:
    """`routes` leaves, each providing 1-3 of `functions` functions, with relations at the given rates."""
    rnd = random.Random(seed)
    ids = [f"{R}G{n:05d}" for n in range(routes)]
    fids = [f"{F}H{n:04d}" for n in range(functions)]
    out: dict[str, Route] = {}
    for n, iri in enumerate(ids):
        fs = {fids[n % functions]} | set(rnd.sample(fids, rnd.randint(0, 2)))   # every function has providers
        lo = rnd.randint(3, 9)
        out[iri] = Route(iri, {"en": f"route {n}"}, lo, rnd.randint(lo, 9), frozenset(fs),
                         attributes={a: round(rnd.random(), 2) for a in attributes},
                         catalogues=frozenset(c for c in ("gfspc2025", "eutaxonomy") if rnd.random() < 0.6))
    pairs = {"conflicts": set(), "complements": set(), "alternatives": set()}
    for rel, rate in (("conflicts", conflicts), ("complements", complements), ("alternatives", alternatives)):
        for _ in range(int(rate * routes)):
            a, b = rnd.sample(ids, 2)
            pairs[rel].add((a, b))
    for rel, ps in pairs.items():
        nb: dict[str, set[str]] = {}
        for a, b in ps:
            nb.setdefault(a, set()).add(b)
            nb.setdefault(b, set()).add(a)
        for iri, others in nb.items():
            setattr(out[iri], rel, frozenset(others))
    for _ in range(int(requires * routes)):
        a = rnd.choice(ids)
        opts = frozenset(rnd.sample(ids, rnd.randint(1, 3))) - {a}
        if opts:
            out[a].requires.append(opts)
    return RoutePool(out, {f: {"en": f"function {f.rsplit('/', 1)[-1]}"} for f in fids})


def random_problem(pool: RoutePool, required: int, optional: int = 0, seed: int = 0, fit: float = 0.0) -> Problem:
    rnd = random.Random(seed)
    fids = sorted(pool.function_labels)
    chosen = rnd.sample(fids, required + optional)
    fitting = frozenset(r for r in pool.routes if rnd.random() < fit) if fit else frozenset()
    return Problem(sorted(chosen[:required]), sorted(chosen[required:]), fit=fitting)

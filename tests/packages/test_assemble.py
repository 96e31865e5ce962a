"""The assembler on generated graphs: CP-SAT answers checked against exhaustive search."""
from __future__ import annotations

from itertools import combinations

import pytest

from greentaxo.errors import InputError
from greentaxo.packages.base import get_assembler
from greentaxo.packages.formulation import formulate
from greentaxo.packages.generate import random_pool, random_problem
from greentaxo.packages.model import Constraints, Infeasibility, Problem, Route, RoutePool, Weights


def _all_feasible(form):
    cands = form.candidates
    for n in range(len(cands) + 1):
        for combo in combinations(cands, n):
            s = frozenset(combo)
            if form.feasible(s):
                yield s


POOL_SIZE = 16
CASES = [(seed, req) for seed in range(12) for req in (2, 3, 4)]


@pytest.mark.parametrize("seed,required", CASES)
def test_cpsat_is_optimal_against_brute_force(seed, required):
    pool = random_pool(POOL_SIZE, 10, seed=seed, requires=0.25, conflicts=0.2, complements=0.2, alternatives=0.1)
    problem = random_problem(pool, required, optional=1, seed=seed, fit=0.3)
    weights = Weights(optional=0.4 if seed % 2 else 0.0)
    constraints = Constraints(max_size=4 if seed % 3 == 0 else None, min_trl=6 if seed % 4 == 1 else None)
    form = formulate(pool, problem, constraints, weights)
    res = get_assembler("cpsat").assemble(pool, problem, constraints, weights, k=3)
    if isinstance(form, Infeasibility):     # a function lost every candidate to a filter
        assert not res.ok and res.infeasible.function is not None
        assert not any(f in r.functions for r in pool.routes.values() if r.iri not in constraints.exclude
                       and (constraints.min_trl is None or r.maturity >= constraints.min_trl)
                       and not r.requires and not r.conflicts
                       for f in [res.infeasible.function])
        return
    assert len(form.candidates) <= 16, "keep the brute force small"
    feasible = list(_all_feasible(form))
    if not feasible:
        assert not res.ok and res.infeasible is not None
        return
    got = [p.iris for p in res.packages]
    assert got, res.infeasible
    # the i-th package is optimal among feasible sets that contain none of the earlier packages
    for i, pkg in enumerate(got):
        allowed = [s for s in feasible if not any(prev <= s for prev in got[:i])]
        assert pkg in allowed
        assert form.objective(pkg) == min(form.objective(s) for s in allowed)
    n_possible = 0
    chosen: list[frozenset[str]] = []
    for s in sorted(feasible, key=lambda s: (form.objective(s), sorted(s))):
        if not any(p <= s for p in chosen):
            chosen.append(s)
            n_possible += 1
    assert len(got) == min(4, n_possible)      # no alternative is missed while one exists
    # the brute-force backend finds the same objective values
    bf = get_assembler("bruteforce").assemble(pool, problem, constraints, weights, k=3)
    assert [p.cost for p in bf.packages][:1] == [res.packages[0].cost]


def test_seeds_are_not_trivial():
    """The generated cases exercise requires, conflicts and infeasibility, not only plain cover."""
    kinds = set()
    for seed, req in CASES:
        pool = random_pool(POOL_SIZE, 10, seed=seed, requires=0.25, conflicts=0.2, complements=0.2, alternatives=0.1)
        problem = random_problem(pool, req, optional=1, seed=seed, fit=0.3)
        c = Constraints(max_size=4 if seed % 3 == 0 else None, min_trl=6 if seed % 4 == 1 else None)
        res = get_assembler("cpsat").assemble(pool, problem, c, Weights(), k=0)
        if not res.ok:
            kinds.add("infeasible")
        else:
            form = formulate(pool, problem, c, Weights())
            best = res.packages[0].iris
            if any(a in best for a, _ in form.requires):
                kinds.add("requires")
            if form.conflicts:
                kinds.add("conflicts")
    assert {"requires", "conflicts"} <= kinds


def _tiny() -> RoutePool:
    def r(i, fs, trl=9, **kw):
        return Route(f"https://example.org/route/{i}", {"en": i}, trl, trl, frozenset(fs), **kw)
    F = "https://example.org/function/"
    routes = [
        r("A", {F + "cap"}, 9, requires=[frozenset({"https://example.org/route/T"})]),
        r("B", {F + "cap"}, 6),
        r("T", {F + "move"}, 9),
        r("S", {F + "store"}, 8, conflicts=frozenset({"https://example.org/route/A"})),
        r("S2", {F + "store"}, 5),
    ]
    # conflicts are symmetric in a pool
    routes[0].conflicts = frozenset({"https://example.org/route/S"})
    return RoutePool({x.iri: x for x in routes}, {F + n: {"en": n} for n in ("cap", "move", "store")})


F = "https://example.org/function/"
RT = "https://example.org/route/"


def test_requires_and_conflicts_shape_the_package():
    pool = _tiny()
    res = get_assembler("cpsat").assemble(pool, Problem([F + "cap", F + "store"]), k=2)
    best = {m.route.id for m in res.packages[0].members}
    # A is most mature but needs T and conflicts with S; B + S (2 routes) vs A + T + S2 (3 routes)
    assert best == {"B", "S"}
    assert all(not ({"A", "S"} <= {m.route.id for m in p.members}) for p in res.packages)
    for p in res.packages:
        ids = {m.route.id for m in p.members}
        assert "A" not in ids or "T" in ids


def test_infeasible_names_function_and_constraint():
    pool = _tiny()
    res = get_assembler("cpsat").assemble(pool, Problem([F + "cap", F + "store"]),
                                          Constraints(min_trl=9, exclude=[RT + "S"]), k=0)
    assert not res.ok
    inf = res.infeasible
    assert inf.function == F + "store"
    # S was excluded first, S2 (TRL 5) removed by the minimum TRL: the last candidate went to min-trl
    assert inf.constraint == "min-trl"
    assert "S2" in inf.detail and "below the minimum 9" in inf.detail


def test_infeasible_by_requires_chain():
    pool = _tiny()
    res = get_assembler("cpsat").assemble(pool, Problem([F + "cap"]),
                                          Constraints(exclude=[RT + "T", RT + "B"]), k=0)
    assert res.infeasible.function == F + "cap"
    assert res.infeasible.constraint == "requires"
    assert "A" in res.infeasible.detail and "T" in res.infeasible.detail


def test_infeasible_by_max_size_and_by_include():
    pool = _tiny()
    res = get_assembler("cpsat").assemble(pool, Problem([F + "cap", F + "store", F + "move"]),
                                          Constraints(max_size=1), k=0)
    assert res.infeasible.constraint == "max-size" and res.infeasible.function is not None
    res = get_assembler("cpsat").assemble(pool, Problem([F + "store"]),
                                          Constraints(include=[RT + "A"], exclude=[RT + "S2"]), k=0)
    assert res.infeasible.function == F + "store"
    assert res.infeasible.constraint == "conflicts-with-include"


def test_include_is_honoured_and_explained():
    pool = _tiny()
    res = get_assembler("cpsat").assemble(pool, Problem([F + "cap", F + "store"]),
                                          Constraints(include=[RT + "A"]), k=0)
    members = {m.route.id: m for m in res.packages[0].members}
    assert set(members) == {"A", "T", "S2"}
    assert "included on request" in members["A"].reason
    assert "required by A" in members["T"].reason


def test_why_not_names_the_real_reason():
    pool = _tiny()
    res = get_assembler("cpsat").assemble(pool, Problem([F + "cap", F + "store"]), k=0)
    b = next(m for m in res.packages[0].members if m.route.id == "B")
    why = {d["id"]: d["why_not"] for d in b.rejected}
    assert "conflicts with S" in why["A"]


@pytest.mark.parametrize("kwargs,field", [
    (dict(k=-1), "k"), (dict(k=99), "k"),
    (dict(constraints=Constraints(min_trl=0)), "min_trl"),
    (dict(constraints=Constraints(max_size=0)), "max_size"),
    (dict(constraints=Constraints(include=[RT + "nope"])), "include"),
    (dict(constraints=Constraints(include=[RT + "A"], exclude=[RT + "A"])), "include/exclude"),
    (dict(weights=Weights(size=-1)), "weights.size"),
])
def test_bad_input_is_one_clear_error(kwargs, field):
    with pytest.raises(InputError) as e:
        get_assembler("cpsat").assemble(_tiny(), Problem([F + "cap"]), **kwargs)
    assert str(e.value).startswith(field)


def test_unknown_backend():
    with pytest.raises(InputError, match="unknown backend"):
        get_assembler("greedy")

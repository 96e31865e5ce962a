"""Turn (pool, problem, constraints, weights) into a small 0/1 model both backends solve.

Filtering happens here, stage by stage, and every removed route keeps the first reason it was
removed for: that is what lets an infeasible answer say which constraint removed a function's last
candidate. Costs are integers (CP-SAT needs them) and every route costs > 0, so optimal packages
are minimal: nothing is added that the objective does not pay for.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from greentaxo.packages.model import Constraints, Infeasibility, Problem, Route, RoutePool, Weights

SCALE = 100

# filter stages, in the order they are applied; min-trl is the user's minimum, trl-floor the scenario's
STAGES = ("exclude", "not-applicable", "min-trl", "trl-floor", "eligible-under", "conflicts-with-include", "requires")


@dataclass
class Removal:
    stage: str
    detail: str


@dataclass
class Formulation:
    pool: RoutePool
    problem: Problem
    constraints: Constraints
    weights: Weights
    candidates: list[str]                        # route IRIs in the model, sorted
    cost: dict[str, int]
    cover: dict[str, list[str]]                  # required function -> candidate routes
    optional_cover: dict[str, list[str]]         # optional function -> candidate routes
    requires: list[tuple[str, list[str]]]        # route -> at least one of these must be in too
    requires_for: list[str | None]               # per requires entry: the function it stands for (needsFunction)
    conflicts: list[tuple[str, str]]
    complements: list[tuple[str, str]]
    include: list[str]
    removed: dict[str, Removal] = field(default_factory=dict)

    def objective(self, chosen: frozenset[str]) -> int:
        """The value the solvers minimise, for any set of candidates (used by brute force and tests)."""
        total = sum(self.cost[r] for r in chosen)
        total -= round(SCALE * self.weights.complement) * sum(1 for a, b in self.complements if a in chosen and b in chosen)
        bonus = round(SCALE * self.weights.optional)
        total -= bonus * sum(1 for rs in self.optional_cover.values() if any(r in chosen for r in rs))
        return total

    def feasible(self, chosen: frozenset[str]) -> bool:
        if any(not any(r in chosen for r in rs) for rs in self.cover.values()):
            return False
        if any(a in chosen and not any(b in chosen for b in opts) for a, opts in self.requires):
            return False
        if any(a in chosen and b in chosen for a, b in self.conflicts):
            return False
        if not all(r in chosen for r in self.include):
            return False
        ms = self.constraints.max_size
        return ms is None or len(chosen) <= ms


def route_cost(route: Route, weights: Weights, fit: frozenset[str]) -> int:
    c = weights.size + weights.maturity * (9 - min(9, max(1, route.maturity))) / 8
    if fit and route.iri not in fit:
        c += weights.fit
    for name, w in weights.attributes.items():
        c += w * route.attributes.get(name, 0.0)
    return max(1, round(SCALE * c))


def formulate(pool: RoutePool, problem: Problem, constraints: Constraints, weights: Weights) -> Formulation | Infeasibility:
    routes = pool.routes
    removed: dict[str, Removal] = {}

    def drop(iri: str, stage: str, detail: str) -> None:
        if iri not in removed:
            removed[iri] = Removal(stage, detail)

    include = [r for r in constraints.include]
    for iri in constraints.exclude:
        drop(iri, "exclude", "excluded by --exclude")
    for iri, why in problem.not_applicable.items():
        if iri in routes:
            drop(iri, "not-applicable", why)
    floor, floor_stage = constraints.min_trl, "min-trl"
    if floor is None and problem.trl_floor is not None:
        floor, floor_stage = problem.trl_floor, "trl-floor"
    for r in routes.values():
        if floor is not None and r.maturity < floor:
            below = f"the minimum {floor}" if floor_stage == "min-trl" else f"the scenario's TRL floor {floor}"
            drop(r.iri, floor_stage, f"TRL at most {r.maturity}, below {below}")
        if constraints.eligible_under and constraints.eligible_under not in r.catalogues:
            drop(r.iri, "eligible-under", f"no category in {constraints.eligible_under}")
    for inc in include:
        if inc in removed:
            hint = ("it cannot be used at this site; drop it from --include, or give --function instead of the "
                    "scenario" if removed[inc].stage == "not-applicable" else
                    "drop it from --include or relax that constraint")
            return Infeasibility(None, removed[inc].stage, f"the included route {routes[inc].id} is removed by "
                                 f"{removed[inc].stage} ({removed[inc].detail}); {hint}")
        for other in routes[inc].conflicts:
            drop(other, "conflicts-with-include", f"conflicts with the included route {routes[inc].id}")
    drop_unmet_requirements(pool, removed)
    for inc in include:
        if inc in removed:
            return Infeasibility(None, removed[inc].stage,
                                 f"the included route {routes[inc].id} cannot be used: {removed[inc].detail}")
    alive = {i for i in routes if i not in removed}
    # only routes that serve a function of the problem, the included ones, and what they require
    needed = set(problem.required) | set(problem.optional)
    frontier = [i for i in alive if routes[i].functions & needed] + include
    model: set[str] = set()
    while frontier:
        i = frontier.pop()
        if i in model:
            continue
        model.add(i)
        for opts in routes[i].requires:
            frontier += [o for o in opts if o in alive and o not in model]
    cover: dict[str, list[str]] = {}
    for f in problem.required:
        cands = sorted(i for i in model if f in routes[i].functions)
        if not cands:
            return _explain_empty(pool, f, removed)
        cover[f] = cands
    optional_cover = {f: sorted(i for i in model if f in routes[i].functions) for f in problem.optional}
    cands = sorted(model)
    requires, requires_for = [], []
    for i in cands:
        for n, opts in enumerate(routes[i].requires):
            if i not in opts:
                requires.append((i, sorted(o for o in opts if o in model)))
                requires_for.append(routes[i].needs.get(n))
    conflicts = sorted({tuple(sorted((a, b))) for a in cands for b in routes[a].conflicts if b in model})
    complements = sorted({tuple(sorted((a, b))) for a in cands for b in routes[a].complements if b in model})
    cost = {i: route_cost(routes[i], weights, problem.fit) for i in cands}
    return Formulation(pool, problem, constraints, weights, cands, cost, cover,
                       {f: v for f, v in optional_cover.items() if v}, requires, requires_for, conflicts,
                       complements, include, removed)


def drop_unmet_requirements(pool: RoutePool, removed: dict[str, Removal]) -> None:
    """Remove every route a requirement of which has no surviving option, repeated to a fixed point
    (a route that is removed can no longer satisfy another route's requirement)."""
    routes = pool.routes
    changed = True
    while changed:
        changed = False
        for r in routes.values():
            if r.iri in removed:
                continue
            for n, opts in enumerate(r.requires):
                if r.iri in opts or any(o in routes and o not in removed for o in opts):
                    continue
                if n in r.needs:
                    f = r.needs[n]
                    detail = (f"needs a route for {f.rsplit('/', 1)[-1]} {pool.function_name(f)} "
                              f"(gt:needsFunction), and none is left")
                else:
                    why = ", ".join(sorted(routes[o].id for o in opts if o in routes)) or "a route that is not live"
                    detail = f"requires one of {why}, none of which is left"
                removed.setdefault(r.iri, Removal("requires", detail))
                changed = True
                break


def _explain_empty(pool: RoutePool, function: str, removed: dict[str, Removal]) -> Infeasibility:
    """The function has no candidate left: name the stage that removed the last one."""
    providers = pool.providers(function)
    name = f"{function.rsplit('/', 1)[-1]} {pool.function_name(function)}"
    if not providers:
        return Infeasibility(function, "graph", f"no live route provides {name}; add gt:providesFunction to a route")
    order = {s: n for n, s in enumerate(STAGES)}
    last = max(providers, key=lambda r: (order[removed[r.iri].stage], r.id))
    rem = removed[last.iri]
    counts: dict[str, int] = {}
    for r in providers:
        counts[removed[r.iri].stage] = counts.get(removed[r.iri].stage, 0) + 1
    spread = ", ".join(f"{n} by {s}" for s, n in sorted(counts.items(), key=lambda kv: order[kv[0]]))
    return Infeasibility(function, rem.stage,
                         f"no route left for {name}: its {len(providers)} candidates were removed ({spread}); "
                         f"the last one, {last.id} {last.name()}, was removed by {rem.stage}: {rem.detail}")

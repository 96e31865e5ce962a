"""The assembler interface: `assemble()` checks input, formulates, calls the backend's `_solve`, and
explains both the packages and a failure. Backends only solve a `Formulation`; explaining is shared,
so the exact CP-SAT backend and the brute-force check give the same kind of answer."""
from __future__ import annotations

import importlib
import time
from abc import ABC, abstractmethod
from dataclasses import replace

from greentaxo.errors import InputError
from greentaxo.packages.explain import explain_members
from greentaxo.packages.formulation import Formulation, formulate
from greentaxo.packages.model import (
    Constraints,
    Infeasibility,
    Package,
    Problem,
    Result,
    RoutePool,
    Weights,
)

MAX_K = 20


class Assembler(ABC):
    name = "base"

    def assemble(self, pool: RoutePool, problem: Problem, constraints: Constraints | None = None,
                 weights: Weights | None = None, k: int = 0) -> Result:
        """The best package and up to k next-best alternatives, or the reason there is none."""
        constraints = constraints or Constraints()
        weights = weights or Weights()
        _check(pool, problem, constraints, weights, k)
        t0 = time.perf_counter()
        form = formulate(pool, problem, constraints, weights)
        if isinstance(form, Infeasibility):
            return Result(problem, constraints, weights, [], form, solver=self.name,
                          seconds=time.perf_counter() - t0, function_labels=pool.function_labels)
        ruled_out = _ruled_out(form)
        found = self._solve(form, k + 1)
        packages = [Package(explain_members(form, chosen), form.objective(chosen), rank=n + 1)
                    for n, chosen in enumerate(found)]
        infeasible = None if packages else self._explain_failure(form)
        uncovered = [f for f in problem.optional
                     if packages and not any(f in m.route.functions for m in packages[0].members)]
        return Result(problem, constraints, weights, packages, infeasible, uncovered, solver=self.name,
                      seconds=time.perf_counter() - t0, function_labels=pool.function_labels,
                      proven_optimal=getattr(self, "proven", True), ruled_out=ruled_out)

    @abstractmethod
    def _solve(self, form: Formulation, count: int) -> list[frozenset[str]]:
        """Up to `count` packages, best first; each later one contains no earlier one as a subset."""

    def _explain_failure(self, form: Formulation) -> Infeasibility:
        """Every function has candidates, yet no package exists: find the first function that cannot be
        added, then the constraint whose removal lets it in."""
        sub: dict[str, list[str]] = {}
        for f, rs in form.cover.items():
            sub[f] = rs
            if self._solve(replace(form, cover=dict(sub)), 1):
                continue
            name = f"{f.rsplit('/', 1)[-1]} {form.pool.function_name(f)}"
            ms = form.constraints.max_size
            unbounded = replace(form, cover=dict(sub), constraints=replace(form.constraints, max_size=None))
            if ms is not None and self._solve(unbounded, 1):
                return Infeasibility(f, "max-size", f"{name} cannot be covered within --max-size {ms}: every package that "
                                     f"covers it and the functions before it needs more routes; raise --max-size")
            if form.include and self._solve(replace(form, cover=dict(sub), include=[]), 1):
                ids = ", ".join(form.pool.routes[i].id for i in form.include)
                return Infeasibility(f, "include", f"{name} cannot be covered together with the included route(s) {ids}: "
                                     f"each of its candidates conflicts with them or with what they require; drop an --include")
            ids = ", ".join(form.pool.routes[i].id for i in rs[:6])
            return Infeasibility(f, "conflictsWith", f"{name}: every candidate ({ids}) conflicts with, or requires a route "
                                 f"that conflicts with, a route needed for another function; review gt:conflictsWith")
        return Infeasibility(None, "solver", "no package found although every constraint can be met one at a time")


SITE_STAGES = ("not-applicable", "trl-floor", "min-trl")


def _ruled_out(form: Formulation) -> dict[str, list[dict]]:
    """Per function of the problem, the providers that applicability or the TRL minimum took out."""
    out: dict[str, list[dict]] = {}
    for f in list(form.problem.required) + list(form.problem.optional):
        gone = [r for r in form.pool.providers(f) if r.iri in form.removed and form.removed[r.iri].stage in SITE_STAGES]
        if gone:
            out[f] = [{"route": r.iri, "id": r.id, "stage": form.removed[r.iri].stage,
                       "why": form.removed[r.iri].detail} for r in sorted(gone, key=lambda r: r.id)]
    return out


def _check(pool: RoutePool, problem: Problem, c: Constraints, w: Weights, k: int) -> None:
    if not problem.required:
        raise InputError("functions: the problem needs at least one required function")
    if not isinstance(k, int) or k < 0 or k > MAX_K:
        raise InputError(f"k: give a whole number of alternatives from 0 to {MAX_K}")
    if c.min_trl is not None and not 1 <= c.min_trl <= 9:
        raise InputError("min_trl: give a technology readiness level from 1 to 9")
    if c.max_size is not None and c.max_size < 1:
        raise InputError("max_size: give a package size of at least 1")
    for field_name, refs in (("include", c.include), ("exclude", c.exclude)):
        for r in refs:
            if r not in pool.routes:
                raise InputError(f"{field_name}: {r} is not a live leaf route; give routes that can be built")
    both = set(c.include) & set(c.exclude)
    if both:
        raise InputError(f"include/exclude: {', '.join(sorted(pool.routes[i].id for i in both))} is both included "
                         f"and excluded; keep it in one list")
    for name in ("size", "maturity", "fit", "optional", "complement"):
        if getattr(w, name) < 0:
            raise InputError(f"weights.{name}: weights cannot be negative")
    if w.complement >= w.size and w.complement > 0:
        raise InputError("weights.complement: must stay below weights.size, or packages would grow without need")
    for name, v in w.attributes.items():
        if v < 0:
            raise InputError(f"weights.{name}: weights cannot be negative")


_BACKENDS = {"cpsat": ("greentaxo.packages.cpsat", "CpSatAssembler"),
             "bruteforce": ("greentaxo.packages.bruteforce", "BruteForceAssembler")}


def get_assembler(name: str = "cpsat") -> Assembler:
    """Tiny registry with lazy imports: OR-Tools loads only when a package is asked for."""
    if name not in _BACKENDS:
        raise InputError(f"assembler: unknown backend {name!r}; choose one of {', '.join(_BACKENDS)}")
    mod, cls = _BACKENDS[name]
    return getattr(importlib.import_module(mod), cls)()

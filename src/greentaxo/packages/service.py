"""The graph-level entry point used by the CLI and the API: resolve what the user typed (a scenario,
functions, free text; routes as IRI, CURIE or notation), assemble, and return a `Result`."""
from __future__ import annotations

from typing import TYPE_CHECKING

from greentaxo.errors import InputError, NotFoundError
from greentaxo.namespaces import GTX
from greentaxo.packages.applicability import applicability, judge_all
from greentaxo.packages.base import get_assembler
from greentaxo.packages.model import Constraints, Problem, Result, Weights
from greentaxo.packages.pool import CATALOGUES, leaves_under, pool_from_graph
from greentaxo.packages.scenarios import ScenarioMatch, scenarios_from_graph

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


def problem_for(kg: KnowledgeGraph, scenario: str | None = None, functions: list[str] | None = None,
                text: str | None = None) -> tuple[Problem, list[ScenarioMatch]]:
    """A problem from exactly one of: a scenario reference, a list of functions, a free-text problem.

    A scenario argument that does not look like an identifier is treated as free text, so
    `greentaxo package "cement plant"` works; the matches are returned so the caller can show them.
    """
    given = [v for v in (scenario, functions, text) if v]
    if len(given) != 1:
        raise InputError("give exactly one of: a scenario, a list of functions, or a free-text problem")
    scen = scenarios_from_graph(kg)
    matches: list[ScenarioMatch] = []
    if scenario and not scen.looks_like_id(scenario):
        text, scenario = scenario, None
    if text:
        matches = scen.match(text)
        if not matches:
            raise NotFoundError(f"no scenario matches {text!r}; list them with `greentaxo package --list`, "
                                "or give the functions directly.")
        s = matches[0].scenario
    elif scenario:
        s = scen.get(scenario)
    else:
        return _function_problem(kg, functions or []), matches

    fit: set[str] = set()
    for r in s.related:
        fit |= leaves_under(kg, r)
    barred, notes, site = judge_all(kg, s, pool_from_graph(kg).routes)
    return Problem(list(s.required), list(s.optional), s.iri, dict(s.pref), frozenset(fit),
                   matched_from=text, not_applicable=barred, applicable=notes, trl_floor=s.trl_floor,
                   site=applicability(kg).describe(site)), matches


def _function_problem(kg: KnowledgeGraph, refs: list[str]) -> Problem:
    pool = pool_from_graph(kg)
    out = []
    for ref in refs:
        iri = ref.strip()
        iri = iri if iri.startswith(GTX) else GTX + iri.removeprefix("gtx:")
        if iri not in pool.function_labels:
            raise NotFoundError(f"functions: no function {ref!r}; functions are gtx:F001 ... in "
                                "ontology/scenarios/functions.ttl.")
        out.append(iri)
    return Problem(sorted(set(out)))


def route_refs(kg: KnowledgeGraph, refs: list[str], field: str, allow_groups: bool) -> list[str]:
    """Resolve route references; a group stands for its live leaves where `allow_groups`."""
    tax = kg.taxonomy
    out: list[str] = []
    for ref in refs:
        for part in (p.strip() for p in ref.split(",")):
            if not part:
                continue
            c = tax.concept(part)
            leaves = leaves_under(kg, c.iri)
            if not leaves:
                raise InputError(f"{field}: {part} is deprecated; use its replacement")
            if len(leaves) > 1 or c.iri not in leaves:
                if not allow_groups:
                    raise InputError(f"{field}: {part} is a route group; include a leaf route under it")
            out += sorted(leaves)
    return list(dict.fromkeys(out))


WEIGHT_FIELDS = ("size", "maturity", "fit", "optional", "complement")
ATTRIBUTES = ("abatement",)     # route attributes the bundled pool carries (pool.py)


def weights_from(pairs: dict[str, float] | list[str] | None) -> Weights:
    """Weights from {"maturity": 2, "abatement": 1} or CLI-style ["maturity=2", "abatement=1"]."""
    w = Weights()
    if not pairs:
        return w
    if isinstance(pairs, list):
        parsed: dict[str, float] = {}
        for item in pairs:
            name, sep, value = item.partition("=")
            try:
                parsed[name.strip()] = float(value)
            except ValueError:
                raise InputError(f"--weight: {item!r} is not NAME=NUMBER, e.g. maturity=2") from None
            if not sep:
                raise InputError(f"--weight: {item!r} is not NAME=NUMBER, e.g. maturity=2")
        pairs = parsed
    for name, value in pairs.items():
        if not 0 <= value <= 100:
            raise InputError(f"weights.{name}: give a number from 0 to 100")
        if name in WEIGHT_FIELDS:
            setattr(w, name, float(value))
        elif name in ATTRIBUTES:
            w.attributes[name] = float(value)
        else:
            raise InputError(f"weights.{name}: unknown weight; choose from {', '.join(WEIGHT_FIELDS + ATTRIBUTES)}")
    return w


def assemble(kg: KnowledgeGraph, scenario: str | None = None, *, functions: list[str] | None = None,
             text: str | None = None, min_trl: int | None = None, include: list[str] | None = None,
             exclude: list[str] | None = None, max_size: int | None = None, eligible_under: str | None = None,
             k: int = 3, weights: Weights | None = None, with_optional: bool = False,
             backend: str = "cpsat") -> tuple[Result, list[ScenarioMatch]]:
    if eligible_under is not None and eligible_under not in CATALOGUES:
        raise InputError(f"eligible_under: unknown catalogue {eligible_under!r}; choose one of {', '.join(CATALOGUES)}")
    problem, matches = problem_for(kg, scenario, functions, text)
    weights = weights or Weights()
    if with_optional and weights.optional == 0:
        weights.optional = 1.5      # above one route's cost: worth adding a route to cover it
    constraints = Constraints(min_trl=min_trl, include=route_refs(kg, include or [], "include", False),
                              exclude=route_refs(kg, exclude or [], "exclude", True), max_size=max_size,
                              eligible_under=eligible_under)
    result = get_assembler(backend).assemble(pool_from_graph(kg), problem, constraints, weights, k)
    return result, matches

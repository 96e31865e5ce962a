"""Plain data the assembler works on: a pool of candidate routes, a problem, constraints, the answer.

The assembler never touches RDF: a `RoutePool` is built once from the knowledge graph (see pool.py)
or generated for tests and benchmarks, so the solver and its brute-force check read the same data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SYMMETRIC = ("complements", "conflictsWith", "alternativeTo")


@dataclass
class Route:
    """A live leaf route as the assembler sees it."""

    iri: str
    label: dict[str, str] = field(default_factory=dict)
    trl_min: int | None = None
    trl_max: int | None = None
    functions: frozenset[str] = frozenset()
    requires: list[frozenset[str]] = field(default_factory=list)   # each entry: any one of these routes
    needs: dict[int, str] = field(default_factory=dict)   # index into requires -> function it stands for
    complements: frozenset[str] = frozenset()
    conflicts: frozenset[str] = frozenset()
    alternatives: frozenset[str] = frozenset()
    attributes: dict[str, float] = field(default_factory=dict)     # 0..1 penalties, e.g. "cost"
    catalogues: frozenset[str] = frozenset()                       # catalogues with a positive mapping

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def name(self, lang: str = "en") -> str:
        return self.label.get(lang) or next(iter(self.label.values()), self.id)

    @property
    def maturity(self) -> int:
        """The TRL the objective rewards: the most mature common variant (unknown counts as 1)."""
        return self.trl_max or self.trl_min or 1


@dataclass
class RoutePool:
    routes: dict[str, Route]
    function_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def providers(self, function: str) -> list[Route]:
        index = self.__dict__.get("_providers")
        if index is None:     # built on first use; pools are not changed after construction
            index = {}
            for r in self.routes.values():
                for f in r.functions:
                    index.setdefault(f, []).append(r)
            self.__dict__["_providers"] = index
        return index.get(function, [])

    def function_name(self, iri: str, lang: str = "en") -> str:
        lab = self.function_labels.get(iri, {})
        return lab.get(lang) or next(iter(lab.values()), iri.rsplit("/", 1)[-1])


@dataclass
class Problem:
    """What to cover. `scenario` is informational; `fit` lists routes that suit the site.

    `not_applicable` maps routes that cannot be used at the scenario's site to the reason (sector,
    plant type, scale, or an exclusion the scenario states); `trl_floor` is the scenario's default
    minimum TRL; `applicable` notes why a restricted route does apply; `site` describes the site for
    output. All four are empty for a problem given as bare functions."""

    required: list[str]
    optional: list[str] = field(default_factory=list)
    scenario: str | None = None
    label: dict[str, str] = field(default_factory=dict)
    fit: frozenset[str] = frozenset()
    matched_from: str | None = None     # the free text the scenario was matched from, if any
    not_applicable: dict[str, str] = field(default_factory=dict)
    applicable: dict[str, str] = field(default_factory=dict)
    trl_floor: int | None = None
    site: dict = field(default_factory=dict)


@dataclass
class Weights:
    """Penalties per member (all >= 0, so packages stay minimal); bonuses smaller than one member."""

    size: float = 1.0          # each route in the package
    maturity: float = 1.0      # times (9 - TRL) / 8
    fit: float = 1.5           # a route the scenario does not list as fitting the site
    optional: float = 0.0      # bonus per optional function covered (0: ignore optional functions)
    complement: float = 0.1    # bonus per complementing pair inside the package
    attributes: dict[str, float] = field(default_factory=dict)   # e.g. {"cost": 1.0}


@dataclass
class Constraints:
    min_trl: int | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_size: int | None = None
    eligible_under: str | None = None


@dataclass
class Member:
    route: Route
    covers: list[str]            # functions of the problem this member covers
    reason: str                  # why it is in the package
    rejected: list[dict] = field(default_factory=list)  # alternatives it was preferred to, and why


@dataclass
class Package:
    members: list[Member]
    cost: int                    # the integer objective the solver minimised
    rank: int = 1

    @property
    def iris(self) -> frozenset[str]:
        return frozenset(m.route.iri for m in self.members)


@dataclass
class Infeasibility:
    function: str | None
    constraint: str
    detail: str


@dataclass
class Result:
    problem: Problem
    constraints: Constraints
    weights: Weights
    packages: list[Package]
    infeasible: Infeasibility | None = None
    uncovered_optional: list[str] = field(default_factory=list)
    solver: str = ""
    seconds: float = 0.0
    function_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    proven_optimal: bool = True    # False if a solve hit the time limit before proving optimality
    ruled_out: dict[str, list[dict]] = field(default_factory=dict)   # function -> providers not usable here

    @property
    def ok(self) -> bool:
        return bool(self.packages)

"""Where a route can be used: applicability of routes to a scenario's site, read from the graph.

A route (or a route group, for every route under it) may be limited to some sectors (GB/T 4754-2017
codes: `gt:applicableSector`, matched with the codes above and below them), some plant types
(`gt:applicablePlantType`, matched with narrower plant types) and some scales (`gt:applicableScale`).
The nearest statement up the hierarchy decides each aspect; a route with none is not limited in it.
A scenario names its plant types (which carry their sectors), its scale, a default TRL floor and the
routes it rules out (`gt:exclusion`, each with a reason). Data: ontology/scenarios/applicability.ttl
and scenarios.ttl; shapes: shapes/packages.ttl.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greentaxo.namespaces import GT
from greentaxo.packages.pool import leaves_under

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.packages.scenarios import Scenario

SCALES = ("building", "site", "district", "city", "region")
ASPECTS = {"applicableSector": "sector", "applicablePlantType": "plant type", "applicableScale": "scale"}

_PLANT_TYPES = """
SELECT ?p ?label ?b ?sector WHERE { ?p a gt:PlantType .
    OPTIONAL { ?p skos:prefLabel ?label } OPTIONAL { ?p skos:broader ?b } OPTIONAL { ?p gt:sector ?sector } }"""
_STATED = """
SELECT ?r ?p ?v WHERE { ?r ?p ?v .
    FILTER (?p IN (gt:applicableSector, gt:applicablePlantType, gt:applicableScale)) }"""
_CODE_LABELS = """
SELECT ?c ?label WHERE { ?c skos:inScheme <https://w3id.org/greentaxo/code/gbt4754-2017> ; skos:prefLabel ?label }"""


def code_of(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@dataclass
class PlantType:
    iri: str
    label: dict[str, str] = field(default_factory=dict)
    broader: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)     # GB/T 4754 codes, e.g. "3011"

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def name(self, lang: str = "en") -> str:
        return self.label.get(lang) or self.label.get("en") or self.id


@dataclass
class Site:
    """A scenario's site as the applicability rules see it."""

    scenario: str
    plant_types: list[str]
    within: frozenset[str]          # the plant types and every broader one
    sectors: frozenset[str]
    scale: str | None
    trl_floor: int | None
    exclusions: dict[str, str]      # leaf route -> reason


class Applicability:
    """The graph's applicability statements, read once per graph."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.plant_types: dict[str, PlantType] = {}
        for row in kg.query(_PLANT_TYPES):
            p = self.plant_types.setdefault(row["p"].value, PlantType(row["p"].value))
            if row["label"] is not None:
                p.label[getattr(row["label"], "language", "") or ""] = row["label"].value
            if row["b"] is not None and row["b"].value not in p.broader:
                p.broader.append(row["b"].value)
            if row["sector"] is not None and code_of(row["sector"].value) not in p.sectors:
                p.sectors.append(code_of(row["sector"].value))
        self.stated: dict[str, dict[str, set[str]]] = {}
        for row in kg.query(_STATED):
            aspect = row["p"].value.removeprefix(GT)
            v = row["v"].value
            self.stated.setdefault(row["r"].value, {}).setdefault(aspect, set()).add(
                code_of(v) if aspect == "applicableSector" else v)
        self.code_labels = {code_of(r["c"].value): r["label"].value for r in kg.query(_CODE_LABELS)}

    # ------------------------------------------------------------ the site

    def site(self, scenario: Scenario) -> Site:
        within: set[str] = set()
        todo = list(scenario.plant_types)
        while todo:
            p = todo.pop()
            if p not in within:
                within.add(p)
                todo += self.plant_types.get(p, PlantType(p)).broader
        sectors = {s for p in within for s in self.plant_types.get(p, PlantType(p)).sectors}
        exclusions: dict[str, str] = {}
        for route, reason in scenario.exclusions:
            for leaf in leaves_under(self.kg, route):
                exclusions.setdefault(leaf, f"ruled out by {scenario.id}: {reason}")
        return Site(scenario.iri, list(scenario.plant_types), frozenset(within), frozenset(sectors),
                    scenario.scale, scenario.trl_floor, exclusions)

    # ------------------------------------------------------------ a route

    def limits(self, route: str) -> dict[str, tuple[set[str], str]]:
        """aspect -> (allowed values, the concept that states them), nearest statement first."""
        tax = self.kg.taxonomy
        out: dict[str, tuple[set[str], str]] = {}
        for c in [route] + [a.iri for a in tax.ancestors(route)]:
            for aspect, values in self.stated.get(c, {}).items():
                out.setdefault(aspect, (values, c))
        return out

    def judge(self, route: str, site: Site) -> tuple[str | None, str | None]:
        """(why the route cannot be used at the site, or None; why a limited route can, or None)."""
        if route in site.exclusions:
            return site.exclusions[route], None
        notes = []
        for aspect, (values, where) in sorted(self.limits(route).items()):
            stated = "" if where == route else f" (stated on {where.rsplit('/', 1)[-1]})"
            if aspect == "applicableSector":
                hit = sorted(s for s in site.sectors for v in values if s.startswith(v) or v.startswith(s))
                if not hit:
                    return (f"for {self._codes(values)} only{stated}; the site is "
                            f"{self._codes(site.sectors) if site.sectors else 'in no stated sector'}"), None
                notes.append(f"sector {self._codes(set(hit))}")
            elif aspect == "applicablePlantType":
                hit = sorted(values & site.within)
                if not hit:
                    return (f"for {self._plants(values)} only{stated}; the site is "
                            f"{self._plants(set(site.plant_types)) or 'of no stated plant type'}"), None
                notes.append(f"plant type {self._plants(set(hit))}")
            elif aspect == "applicableScale":
                if site.scale not in values:
                    return (f"for {' or '.join(v for v in SCALES if v in values)} scale only{stated}; "
                            f"the site is {site.scale or 'of no stated'} scale"), None
                notes.append(f"{site.scale} scale")
        return None, ("; ".join(notes) or None)

    def _codes(self, codes) -> str:
        return ", ".join(f"GB/T 4754 {c} {self.code_labels.get(c, '')}".rstrip() for c in sorted(codes))

    def _plants(self, iris) -> str:
        return ", ".join(f"{self.plant_types[p].id} {self.plant_types[p].name()}" if p in self.plant_types
                         else p.rsplit("/", 1)[-1] for p in sorted(iris))

    def describe(self, site: Site) -> dict:
        """The site as plain data for output."""
        return {"plant_types": [{"id": p, "label": self.plant_types[p].label if p in self.plant_types else {}}
                                for p in site.plant_types],
                "sectors": [{"code": c, "label": self.code_labels.get(c)} for c in sorted(site.sectors)],
                "scale": site.scale, "trl_floor": site.trl_floor,
                "exclusions": [{"route": r, "reason": why} for r, why in sorted(site.exclusions.items())]}


def applicability(kg: KnowledgeGraph) -> Applicability:
    """The applicability statements of `kg`, read once and kept with the graph (KnowledgeGraph.derived)."""
    return kg.derived("greentaxo.packages.applicability", Applicability)


def judge_all(kg: KnowledgeGraph, scenario: Scenario, leaves) -> tuple[dict[str, str], dict[str, str], Site]:
    """For every leaf: the routes that cannot be used at the scenario's site (with the reason), the
    limited routes that can (with why), and the site."""
    app = applicability(kg)
    site = app.site(scenario)
    barred: dict[str, str] = {}
    notes: dict[str, str] = {}
    for leaf in leaves:
        why_not, why = app.judge(leaf, site)
        if why_not:
            barred[leaf] = why_not
        elif why:
            notes[leaf] = why
    return barred, notes, site

"""Read catalogue items and their eligibility criteria from the graph (ontology/criteria/*.ttl).

One SPARQL pass per catalogue, kept with the graph (KnowledgeGraph.derived): a verdict then only walks Python
objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greentaxo.namespaces import DCT, GT, GTC, SKOS

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


@dataclass
class Criterion:
    iri: str
    id: str                      # "ccm-4.29/sc1"
    item: str
    role: str
    summary: dict[str, str]
    source: str
    checkable: bool
    metric: str | None = None
    comparator: str | None = None
    threshold: float | None = None
    unit: str | None = None
    scope: dict[str, str] = field(default_factory=dict)
    group: str | None = None
    branches: list[str] = field(default_factory=list)
    dnsh_objective: str | None = None
    routes: list[str] = field(default_factory=list)     # route notations it is limited to (gt:forRoute)

    def rule_text(self) -> str | None:
        if not self.metric:
            return None
        return f"{self.metric} {self.comparator} {self.threshold:g} {self.unit}"


@dataclass
class Item:
    scheme: str
    code: str
    iri: str
    label: dict[str, str]
    level: int = 0
    carbon_mark: str | None = None
    contribution_type: str | None = None
    criteria: list[Criterion] = field(default_factory=list)


_ITEMS_Q = """SELECT ?c ?n ?l ?lev ?mark ?ct WHERE {{
  ?c skos:inScheme <{scheme}> ; skos:notation ?n .
  OPTIONAL {{ ?c skos:prefLabel ?l }} OPTIONAL {{ ?c gt:level ?lev }}
  OPTIONAL {{ ?c gt:carbonMark ?mark }} OPTIONAL {{ ?c gt:contributionType ?ct }} }}"""

_CRIT_Q = """SELECT ?item ?k ?p ?o WHERE {{
  ?item skos:inScheme <{scheme}> ; gt:hasCriterion ?k . ?k a gt:EligibilityCriterion ; ?p ?o . }}"""

def items(kg: KnowledgeGraph, scheme: str) -> dict[str, Item]:
    """All items of one catalogue, by code, with their criteria (read once per graph)."""
    return kg.derived(f"greentaxo.eligibility.criteria:{scheme}", lambda g: _load(g, scheme))


def _load(kg: KnowledgeGraph, scheme: str) -> dict[str, Item]:
    scheme_iri = GTC + scheme
    out: dict[str, Item] = {}
    by_iri: dict[str, Item] = {}
    for r in kg.query(_ITEMS_Q.format(scheme=scheme_iri)):
        code = r["n"].value
        it = out.get(code)
        if it is None:
            it = out[code] = Item(scheme, code, r["c"].value, {})
            by_iri[it.iri] = it
        if r["l"] is not None:
            it.label[getattr(r["l"], "language", None) or "und"] = r["l"].value
        if r["lev"] is not None:
            it.level = int(r["lev"].value)
        if r["mark"] is not None:
            it.carbon_mark = r["mark"].value
        if r["ct"] is not None:
            it.contribution_type = r["ct"].value or None
    crits: dict[str, Criterion] = {}
    for r in kg.query(_CRIT_Q.format(scheme=scheme_iri)):
        item = by_iri.get(r["item"].value)
        if item is None:
            continue
        k = r["k"].value
        c = crits.get(k)
        if c is None:
            c = crits[k] = Criterion(k, "", item.code, "", {}, "", False)
            item.criteria.append(c)
        p, o = r["p"].value, r["o"]
        lang = getattr(o, "language", None)
        if p == SKOS + "notation":
            c.id = o.value
        elif p == DCT + "description":
            c.summary[lang or "en"] = o.value
        elif p == DCT + "source":
            c.source = o.value
        elif p == GT + "criterionRole":
            c.role = o.value
        elif p == GT + "checkable":
            c.checkable = o.value in ("true", "1")
        elif p == GT + "metric":
            c.metric = o.value
        elif p == GT + "comparator":
            c.comparator = o.value
        elif p == GT + "threshold":
            c.threshold = float(o.value)
        elif p == GT + "unit":
            c.unit = o.value
        elif p == GT + "scope":
            c.scope[lang or "en"] = o.value
        elif p == GT + "alternativeGroup":
            c.group = o.value
        elif p == GT + "alternativeBranch":
            c.branches.append(o.value)
        elif p == GT + "dnshObjective":
            c.dnsh_objective = o.value
        elif p == GT + "forRoute":
            c.routes.append(o.value)
    for it in out.values():
        it.criteria.sort(key=lambda c: (c.role == "dnsh", c.id))
        for c in it.criteria:
            c.branches.sort()
    return out


def metrics_in_use(kg: KnowledgeGraph, schemes: list[str]) -> set[str]:
    key = "greentaxo.eligibility.criteria.metrics:" + ",".join(sorted(schemes))
    return kg.derived(key, lambda g: {c.metric for s in schemes for it in items(g, s).values() for c in it.criteria
                                      if c.metric})

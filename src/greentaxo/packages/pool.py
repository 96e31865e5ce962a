"""Build the assembler's `RoutePool` from the knowledge graph, once per graph.

Leaves are the buildable routes; relations pointing at a route group are read as "any live leaf
under that group". complements/conflictsWith/alternativeTo are symmetric in the schema but are often
stated one way only, so both directions are added here. A route requiring the group it belongs to
needs another route of that group (CO2 storage monitoring needs a storage site to monitor).

Functions form a small hierarchy (skos:broader): a route providing SO2 removal also counts for
flue-gas control, never the reverse. `gt:needsFunction F` becomes one more requirement: any other live
leaf providing F (or a narrower function).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from greentaxo.packages.model import SYMMETRIC, Route, RoutePool

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

CATALOGUES = ("gfspc2025", "gigc2019", "eutaxonomy")

_FUNCTIONS = """
SELECT ?f ?label WHERE { ?f a gt:Function . OPTIONAL { ?f skos:prefLabel ?label } }"""
_BROADER = """
SELECT ?f ?b WHERE { ?f a gt:Function ; skos:broader ?b . ?b a gt:Function }"""
_NEEDS = """
SELECT ?r ?f WHERE { ?r gt:needsFunction ?f }"""

# Abatement is not a number in the graph; the 2025 Green Finance catalogue's carbon mark is the evidence
# it has: √√ direct reduction, √ enabling. The attribute is a penalty in [0, 1] the objective can weigh.
ABATEMENT_PENALTY = {"√√": 0.0, "√": 0.5}
_MARKS = """
SELECT ?c ?m WHERE { { ?c gt:carbonMark ?m } UNION { ?c gt:industryRow ?row . ?row gt:carbonMark ?m } }"""

def pool_from_graph(kg: KnowledgeGraph) -> RoutePool:
    """The pool for `kg`, built once and kept with the graph (KnowledgeGraph.derived)."""
    return kg.derived("greentaxo.packages.pool", _build)


def leaves_under(kg: KnowledgeGraph, iri: str) -> frozenset[str]:
    """The live leaves a reference to `iri` stands for: itself if a live leaf, else its live leaf descendants."""
    tax = kg.taxonomy
    c = tax.concepts.get(iri)
    if c is None or c.deprecated:
        return frozenset()
    if tax.is_leaf(iri):
        return frozenset({iri})
    return frozenset(d.iri for d in tax.descendants(iri) if tax.is_leaf(d.iri))


def function_ancestors(kg: KnowledgeGraph) -> dict[str, frozenset[str]]:
    """Each function with a broader function -> all its broader functions (transitively)."""
    up: dict[str, set[str]] = {}
    for row in kg.query(_BROADER):
        up.setdefault(row["f"].value, set()).add(row["b"].value)
    out: dict[str, frozenset[str]] = {}
    for f in up:
        seen: set[str] = set()
        todo = list(up[f])
        while todo:
            b = todo.pop()
            if b not in seen:
                seen.add(b)
                todo += up.get(b, ())
        out[f] = frozenset(seen)
    return out


def _build(kg: KnowledgeGraph) -> RoutePool:
    tax = kg.taxonomy
    leaves = {c.iri: c for c in tax.leaves()}
    broader = function_ancestors(kg)
    functions = {iri: frozenset(c.functions).union(*(broader.get(f, ()) for f in c.functions))
                 for iri, c in leaves.items()}
    providers: dict[str, set[str]] = {}
    for iri, fs in functions.items():
        for f in fs:
            providers.setdefault(f, set()).add(iri)
    needs: dict[str, list[str]] = {}
    for row in kg.query(_NEEDS):
        for leaf in leaves_under(kg, row["r"].value):
            if row["f"].value not in needs.setdefault(leaf, []):
                needs[leaf].append(row["f"].value)
    sym: dict[str, dict[str, set[str]]] = {rel: {} for rel in SYMMETRIC}
    for c in tax.concepts.values():
        if c.deprecated:
            continue
        for rel in SYMMETRIC:
            for target in c.relations.get(rel, []):
                for a in leaves_under(kg, c.iri):
                    for b in leaves_under(kg, target):
                        if a != b:
                            sym[rel].setdefault(a, set()).add(b)
                            sym[rel].setdefault(b, set()).add(a)
    marks: dict[str, float] = {}
    for row in kg.query(_MARKS):
        pen = ABATEMENT_PENALTY.get(row["m"].value.strip(), 1.0)
        marks[row["c"].value] = min(pen, marks.get(row["c"].value, 1.0))
    routes: dict[str, Route] = {}
    for iri, c in leaves.items():
        rows = [r for r in kg.mappings.for_route(iri) if r.scheme in CATALOGUES and r.is_match]
        cats = frozenset(r.scheme for r in rows)
        # only a category the route lies inside lends it its carbon mark; a relatedMatch merely overlaps it
        abatement = min((marks.get(r.object_id, 1.0) for r in rows if r.scheme == "gfspc2025" and r.inside),
                        default=1.0)
        requires = [leaves_under(kg, t) - {iri} for t in c.relations.get("requires", [])]
        need_index = {}
        for f in sorted(needs.get(iri, [])):
            need_index[len(requires)] = f
            requires.append(frozenset(providers.get(f, ())) - {iri})
        routes[iri] = Route(
            iri=iri, label=dict(c.pref), trl_min=c.trl_min, trl_max=c.trl_max,
            functions=functions[iri], requires=requires, needs=need_index,
            complements=frozenset(sym["complements"].get(iri, ())),
            conflicts=frozenset(sym["conflictsWith"].get(iri, ())),
            alternatives=frozenset(sym["alternativeTo"].get(iri, ())),
            attributes={"abatement": abatement}, catalogues=cats)
    labels: dict[str, dict[str, str]] = {}
    for row in kg.query(_FUNCTIONS):
        lab = row["label"]
        d = labels.setdefault(row["f"].value, {})
        if lab is not None:
            d[getattr(lab, "language", "") or ""] = lab.value
    return RoutePool(routes, labels)

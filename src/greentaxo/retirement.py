"""Retire a route in one step: deprecate it, point it at its successor, and carry over what it owned.

One function serves every way of retiring a route (the content scripts, the workbook import, the edit
API), so a retirement means the same everywhere:

- the route stays (IRIs are never deleted) with `owl:deprecated true`, `dct:isReplacedBy` and a reason;
- its labels become hidden labels of the successor, so text that named it still finds the successor
  (a label already on the successor, or carried by another live route, is left out and reported);
- its mapping rows move to the successor (a row the successor already has is dropped; a NoTermFound row
  gives way to a match in the same scheme; an exactMatch becomes closeMatch where the successor already has
  an exact match in that scheme);
- live routes that pointed at it (relations) now point at the successor; its indicators measure the
  successor; facet concepts that involved it involve the successor.

The successor is a live route, or a facet concept when a non-technology leaves the route scheme (then its
labels become hidden labels of the facet, relations to it are dropped, its indicators are dropped).
A route with live narrower routes cannot be retired: move or retire those first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greentaxo.errors import InputError
from greentaxo.namespaces import DCT, FACET_SCHEME, GT, OWL, ROUTE_SCHEME, SKOS, compact

if TYPE_CHECKING:
    from rdflib import Graph

    from greentaxo.mappings.sssom import MappingRow

RELATIONS = [SKOS + "related", *(GT + r for r in ("requires", "complements", "alternativeTo", "conflictsWith"))]
LABELS = [SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel"]
EXACT, CLOSE = SKOS + "exactMatch", SKOS + "closeMatch"


@dataclass
class RetireReport:
    route: str
    successor: str
    labels_moved: list[str] = field(default_factory=list)
    labels_skipped: list[str] = field(default_factory=list)   # "label@lang: why"
    rows_moved: int = 0
    rows_dropped: list[str] = field(default_factory=list)     # "scheme object: why"
    relations_repointed: list[str] = field(default_factory=list)
    kpis_moved: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _live(g: Graph, iri, scheme: str) -> bool:
    from rdflib import Literal, URIRef  # noqa: PLC0415  (heavy: rdflib)

    node = URIRef(iri)
    return (node, URIRef(SKOS + "inScheme"), URIRef(scheme)) in g and \
        (node, URIRef(OWL + "deprecated"), Literal(True)) not in g


def retire(g: Graph, rows: list[MappingRow], route: str, successor: str, reason: str) -> RetireReport:
    """Apply the retirement to `g` (routes, indicators, facets) and `rows` (all mapping rows) in place.

    Raises InputError, changing nothing, when the route or successor is not usable."""
    from rdflib import Literal, URIRef  # noqa: PLC0415  (heavy: rdflib)

    r, s = URIRef(route), URIRef(successor)
    if not _live(g, route, ROUTE_SCHEME):
        raise InputError(f"{compact(route)} is not a live route; only a live route can be retired")
    to_facet = _live(g, successor, FACET_SCHEME)
    if not to_facet and not _live(g, successor, ROUTE_SCHEME):
        raise InputError(f"{compact(successor)} is neither a live route nor a facet concept; name a live successor")
    if r == s:
        raise InputError(f"{compact(route)} cannot replace itself")
    kids = [k for k in g.subjects(URIRef(SKOS + "broader"), r) if _live(g, k, ROUTE_SCHEME)]
    if kids:
        raise InputError(f"{compact(route)} still has live narrower routes ({', '.join(sorted(compact(k) for k in kids))}); "
                         "move or retire them first")
    if not reason.strip():
        raise InputError("a retirement needs a reason (gt:deprecationReason) saying why and what to use instead")
    rep = RetireReport(route, successor)
    _labels(g, r, s, rep)
    g.add((r, URIRef(OWL + "deprecated"), Literal(True)))
    g.add((r, URIRef(DCT + "isReplacedBy"), s))
    g.add((r, URIRef(GT + "deprecationReason"), Literal(reason.strip(), lang="en")))
    family = _family(g, s)
    for p in RELATIONS:
        for subj in list(g.subjects(URIRef(p), r)):
            g.remove((subj, URIRef(p), r))
            if not to_facet and subj != s and subj not in family:
                g.add((subj, URIRef(p), s))
            rep.relations_repointed.append(f"{compact(str(subj))} {compact(p)}")
        for obj in list(g.objects(r, URIRef(p))):       # its own relations go with it, except into the
            g.remove((r, URIRef(p), obj))                  # successor's own family (a parent is no alternative to its child)
            if not to_facet and obj != s and obj not in family and \
                    (obj, URIRef(OWL + "deprecated"), Literal(True)) not in g:
                g.add((s, URIRef(p), obj))
    for f in list(g.subjects(URIRef(GT + "involvesRoute"), r)):
        g.remove((f, URIRef(GT + "involvesRoute"), r))
        if not to_facet:
            g.add((f, URIRef(GT + "involvesRoute"), s))
    for k in list(g.subjects(URIRef(GT + "kpiOf"), r)):
        if to_facet:
            for t in list(g.objects(k, URIRef(GT + "hasThreshold"))):
                g.remove((t, None, None))
            g.remove((k, None, None))
        else:
            g.set((k, URIRef(GT + "kpiOf"), s))
            rep.kpis_moved.append(compact(str(k)))
    label = next((str(lab) for lab in g.objects(s, URIRef(SKOS + "prefLabel")) if lab.language == "zh"), "")
    _rows(rows, route, successor, label, rep)
    return rep


def _family(g: Graph, s) -> set:
    """The successor's ancestors and descendants: relations to them would clash with the hierarchy."""
    from rdflib import URIRef  # noqa: PLC0415  (heavy: rdflib)

    broader = URIRef(SKOS + "broader")
    out, todo = set(), [s]
    while todo:                                   # ancestors
        for p in g.objects(todo.pop(), broader):
            if p not in out:
                out.add(p)
                todo.append(p)
    todo = [s]
    while todo:                                   # descendants
        for c in g.subjects(broader, todo.pop()):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def _labels(g: Graph, r, s, rep: RetireReport) -> None:
    from rdflib import Literal, URIRef  # noqa: PLC0415  (heavy: rdflib)

    taken: dict[tuple[str, str], set] = {}
    for p in LABELS:
        for c, lab in g.subject_objects(URIRef(p)):
            if c != r and _live(g, c, ROUTE_SCHEME):
                taken.setdefault((str(lab), lab.language or ""), set()).add(c)
    own = {(str(lab), lab.language or "") for p in LABELS for lab in g.objects(s, URIRef(p))}
    for p in LABELS:
        for lab in sorted(g.objects(r, URIRef(p)), key=str):
            key = (str(lab), lab.language or "")
            if key in own:
                continue
            others = taken.get(key, set()) - {s}
            if others:
                rep.labels_skipped.append(f"{lab}@{key[1]}: also a label of {', '.join(sorted(compact(str(o)) for o in others))}")
                continue
            g.add((s, URIRef(SKOS + "hiddenLabel"), Literal(str(lab), lang=key[1] or None)))
            own.add(key)
            rep.labels_moved.append(f"{lab}@{key[1]}")


def _rows(rows: list[MappingRow], route: str, successor: str, label: str, rep: RetireReport) -> None:
    mine = [x for x in rows if x.subject_id == route]
    theirs = [x for x in rows if x.subject_id == successor]
    for row in mine:
        same = [t for t in theirs if t.scheme == row.scheme and t.object_id == row.object_id
                and t.predicate_modifier == row.predicate_modifier and t.industry_role == row.industry_role]
        if same:
            rows.remove(row)
            rep.rows_dropped.append(f"{row.scheme} {compact(row.object_id)}: the successor already maps to it")
            continue
        matches = [t for t in theirs if t.scheme == row.scheme and t.is_match]
        if row.no_term and matches:
            rows.remove(row)
            rep.rows_dropped.append(f"{row.scheme} NoTermFound: the successor has a match in this scheme")
            continue
        if row.is_match:
            for t in [t for t in theirs if t.scheme == row.scheme and t.no_term]:
                rows.remove(t)
                theirs.remove(t)
                rep.rows_dropped.append(f"{row.scheme} NoTermFound of the successor: a match moved in")
            if row.predicate_id == EXACT and any(t.predicate_id == EXACT for t in matches):
                row.predicate_id = CLOSE
                row.comment = (row.comment + " " if row.comment else "") + \
                    f"Moved from {compact(route)} on retirement; closeMatch, as the successor has its exact match in this scheme."
        row.subject_id, row.subject_label = successor, label
        row.comment = row.comment or f"Moved from {compact(route)} on retirement."
        theirs.append(row)
        rep.rows_moved += 1

"""Crosswalks: from a code in one scheme, through the routes mapped to it, to codes of another scheme."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentaxo.codes.registry import parse_ref, scheme_id
from greentaxo.errors import InputError, NotFoundError
from greentaxo.mappings.sssom import MappingRow
from greentaxo.namespaces import GTR, code_iri

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


@dataclass
class Step:
    route: str
    route_label: dict
    via: MappingRow | None       # the row that led from the source code to the route (None if from a route)
    to: MappingRow | Link
    confidence: float | None
    note: str = ""


@dataclass
class Link:
    """A step that is not one of our mapping rows: a NACE code the EU act lists for an activity, or the
    official GB/T 4754 -> ISIC -> NACE concordance."""
    object_id: str
    code: str
    object_label: str
    predicate: str
    comment: str

    def to_dict(self) -> dict:
        return {"object_id": self.object_id, "predicate_id": self.predicate, "object_label": self.object_label,
                "comment": self.comment}


@dataclass
class CrosswalkResult:
    source: str
    target_scheme: str
    targets: dict[str, list[Step]]     # target code -> the paths that reach it
    deprecation: dict | None = None    # the source is a deprecated route: where its replacements lead

    def to_dict(self, kg: KnowledgeGraph) -> dict:
        out = []
        def best(steps: list[Step]) -> float:
            return max((s.confidence for s in steps if s.confidence is not None), default=0.0)

        for code_iri_, steps in sorted(self.targets.items(), key=lambda kv: (-best(kv[1]), kv[0])):
            code = kg.codes.codes.get(self.target_scheme, {}).get(steps[0].to.code)
            out.append({
                "code": steps[0].to.code, "id": code_iri_, "label": code.label if code else steps[0].to.object_label,
                "confidence": round(best(steps), 3) if any(s.confidence is not None for s in steps) else None,
                "paths": [{"route": s.route, "route_label": s.route_label,
                           "from_row": s.via.to_dict() if s.via else None, "to_row": s.to.to_dict(),
                           "weakest_confidence": None if s.confidence is None else round(s.confidence, 3),
                           "note": s.note or None} for s in steps],
            })
        d = {"from": self.source, "to": self.target_scheme, "results": out}
        if self.deprecation:        # a deprecated route maps to nothing: say why and where to go instead
            d["deprecation"] = self.deprecation
        return d


def _routes_for_code(kg: KnowledgeGraph, scheme: str, code: str) -> list[tuple[MappingRow, str]]:
    """Rows whose object is this code; for IPC also broader groups; for hierarchical codes also narrower ones."""
    found = [(r, "") for r in kg.mappings.for_code(code_iri(scheme, code))]
    if found:
        return found
    if scheme == "ipc":
        sym = code.replace("-", "/")
        for obj in kg.mappings.objects():
            if f"/code/{scheme}/" not in obj:
                continue
            mapped = obj.rsplit("/", 1)[-1].replace("-", "/")
            main_group = mapped.split("/")[0] + "/00" if "/" in mapped else mapped
            if sym != mapped and (sym.startswith(mapped) or (mapped.endswith("/00") and sym.split("/")[0] == mapped.split("/")[0])
                                  or mapped == main_group and sym.startswith(mapped.split("/")[0] + "/")):
                found += [(r, f"matched through the broader IPC group {mapped}") for r in kg.mappings.for_code(obj)]
        return found
    # a broader code (e.g. a GB/T 4754 middle class): routes mapped to any of its sub-codes
    prefix = code_iri(scheme, code)
    for obj in kg.mappings.objects():
        if obj.startswith(prefix) and obj != prefix and scheme not in ("eutaxonomy",):
            sub = obj.rsplit("/", 1)[-1]
            if sub.startswith(code):
                found += [(r, f"through the narrower code {sub}") for r in kg.mappings.for_code(obj)]
    return found


def crosswalk(kg: KnowledgeGraph, source: str, to: str, min_confidence: float = 0.0) -> CrosswalkResult:
    target = scheme_id(to)
    if target == "nace2":
        return to_nace(kg, source, min_confidence)
    if target not in kg.mappings.schemes():
        raise InputError(f"no mapping set for {target}; mapped schemes: {', '.join(kg.mappings.schemes())}, nace2")
    starts: list[tuple[str, MappingRow | None, str]] = []
    deprecation = None
    is_code = ":" in source and not source.startswith(("gtr:", GTR, "http://"))
    if source.startswith(GTR) or not is_code:
        c = kg.taxonomy.concept(source)
        starts = [(c.iri, None, "")]
        label = c.curie
        deprecation = kg.taxonomy.deprecation(c.iri)
    else:
        scheme, code = parse_ref(source)
        found = kg.codes.lookup(scheme, code)  # raises with nearest codes when unknown or malformed
        hits = _routes_for_code(kg, scheme, found.code)
        if not hits:
            raise NotFoundError(f"{scheme}:{found.code} ({found.label}) is valid, but no route is mapped to it yet.")
        starts = [(r.subject_id, r, note) for r, note in hits]
        label = f"{scheme}:{found.code}"
    targets: dict[str, list[Step]] = {}
    for route, via, note in starts:
        c = kg.taxonomy.concepts.get(route)
        if c is None or c.deprecated:
            continue
        for row in kg.mappings.for_route(route, target):
            if not row.is_match:
                continue
            conf = min(x for x in (row.confidence or 0.0, via.confidence if via and via.confidence is not None else 1.0))
            if note:
                conf *= 0.8
            if conf < min_confidence:
                continue
            targets.setdefault(row.object_id, []).append(Step(route, c.pref, via, row, conf, note))
    return CrosswalkResult(label, target, targets, deprecation)


def to_nace(kg: KnowledgeGraph, source: str, min_confidence: float = 0.0) -> CrosswalkResult:
    """NACE Rev. 2 codes for a code or route: through the routes to the EU activities mapped to them and the NACE codes
    the delegated act lists for each activity; for a GB/T 4754 code also through the official concordance
    (GB/T 4754-2017 appendix C to ISIC Rev. 4, Eurostat's ISIC Rev. 4 to NACE Rev. 2)."""
    scheme, code = parse_ref(source) if ":" in source and not source.startswith(("gtr:", GTR)) else (None, None)
    try:
        eu = crosswalk(kg, source, "eutaxonomy", min_confidence)
    except NotFoundError:
        if scheme != "gbt4754-2017":
            raise
        # no route reaches this industry: the statistical concordance still answers
        eu = CrosswalkResult(f"{scheme}:{kg.codes.lookup(scheme, code).code}", "eutaxonomy", {})
    nace_of = _eu_nace(kg)
    targets: dict[str, list[Step]] = {}
    for steps in eu.targets.values():
        for st in steps:
            for nace, label in nace_of.get(st.to.code, []):
                link = Link(code_iri("nace2", nace), nace, label, "gt:industryCode",
                            f"the delegated act associates eutaxonomy:{st.to.code} with NACE {nace}")
                targets.setdefault(link.object_id, []).append(
                    Step(st.route, st.route_label, st.via, link, st.confidence,
                         f"through eutaxonomy:{st.to.code} {st.to.object_label}" + (f"; {st.note}" if st.note else "")))
    if scheme == "gbt4754-2017":
        for isic, nace, label, shared in _concordance(kg, kg.codes.lookup(scheme, code).code):
            link = Link(code_iri("nace2", nace), nace, label, "skos:closeMatch",
                        f"statistical concordance GB/T 4754 {code} -> ISIC {isic} -> NACE {nace}")
            note = f"official concordance via ISIC {isic}" + (f", which NACE splits into {shared}" if shared else "")
            targets.setdefault(link.object_id, []).insert(0, Step("", {}, None, link, None, note))
    return CrosswalkResult(eu.source, "nace2", targets, eu.deprecation)


def _eu_nace(kg: KnowledgeGraph) -> dict[str, list[tuple[str, str]]]:
    q = """SELECT ?a ?n ?l WHERE { ?c skos:inScheme <https://w3id.org/greentaxo/code/eutaxonomy> ; skos:notation ?a ;
             gt:industryCode ?nc . ?nc skos:notation ?n . OPTIONAL { ?nc skos:prefLabel ?l } }"""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in kg.query(q):
        out.setdefault(r["a"].value, []).append((r["n"].value, r["l"].value if r["l"] is not None else ""))
    return {k: sorted(set(v)) for k, v in out.items()}


def _concordance(kg: KnowledgeGraph, code: str) -> list[tuple[str, str, str, str]]:
    """(ISIC, NACE, NACE label, the other NACE classes of that ISIC class) for one GB/T 4754 class."""
    q = f"""SELECT ?i ?n ?l WHERE {{ <{code_iri("gbt4754-2017", code)}> skos:closeMatch ?ic . ?ic skos:notation ?i .
             ?nc skos:inScheme <https://w3id.org/greentaxo/code/nace2> ; skos:closeMatch ?ic ; skos:notation ?n .
             OPTIONAL {{ ?nc skos:prefLabel ?l }} }}"""
    rows = sorted({(r["i"].value, r["n"].value, r["l"].value if r["l"] is not None else "") for r in kg.query(q)})
    return [(i, n, label, ", ".join(m for j, m, _ in rows if j == i and m != n)) for i, n, label in rows]

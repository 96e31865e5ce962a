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
    to: MappingRow
    confidence: float
    note: str = ""


@dataclass
class CrosswalkResult:
    source: str
    target_scheme: str
    targets: dict[str, list[Step]]     # target code -> the paths that reach it
    deprecation: dict | None = None    # the source is a deprecated route: where its replacements lead

    def to_dict(self, kg: KnowledgeGraph) -> dict:
        out = []
        for code_iri_, steps in sorted(self.targets.items(), key=lambda kv: -max(s.confidence for s in kv[1])):
            code = kg.codes.codes.get(self.target_scheme, {}).get(steps[0].to.code)
            out.append({
                "code": steps[0].to.code, "id": code_iri_, "label": code.label if code else steps[0].to.object_label,
                "confidence": round(max(s.confidence for s in steps), 3),
                "paths": [{"route": s.route, "route_label": s.route_label,
                           "from_row": s.via.to_dict() if s.via else None, "to_row": s.to.to_dict(),
                           "weakest_confidence": round(s.confidence, 3), "note": s.note or None} for s in steps],
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
    if target not in kg.mappings.schemes():
        raise InputError(f"no mapping set for {target}; mapped schemes: {', '.join(kg.mappings.schemes())}")
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

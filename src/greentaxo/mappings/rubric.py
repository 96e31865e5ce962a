"""Mapping semantics the SSSOM form cannot see (docs/decisions.md, "Mappings"): findings for `greentaxo mappings check`.

- MAP-CONFIDENCE-LEVEL (warning): a confidence off the rubric's four levels 0.95 / 0.8 / 0.6 / 0.4.
- MAP-CONFIDENCE-PREDICATE (error): an exactMatch or closeMatch below 0.8 (a near-identity nobody is sure of is
  a broadMatch or relatedMatch), or a NoTermFound row below 0.6 (absence claimed without checking the scheme).
- MAP-CLOSE-SHARED (warning): two live routes, neither an ancestor of the other, both exact or close to one code
  (two exactMatches are MAP-EXACT-SHARED, checked by `validate`).
- MAP-INDUSTRY-ROLE-SECTION (warning): a GB/T 4754 `made` row outside 门类 C (manufacturing, 13-43) and 651
  software development; equipment is made in C, software in 651, and everything else is where a route is applied.
- MAP-SUBJECT-LABEL (warning): a row whose subject_label is not its subject's current zh preferred label (the
  route's, or the facet concept's). A renamed route is often a narrowed one, and the stale label is the sign that
  the row was judged against the old scope: re-judge it first, then update the label.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING

from greentaxo.namespaces import GTC, GTF, GTR
from greentaxo.validate.report import Finding

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.mappings.sssom import MappingRow

SKOS = "http://www.w3.org/2004/02/skos/core#"
EXACT, CLOSE = SKOS + "exactMatch", SKOS + "closeMatch"
LEVELS = (0.95, 0.8, 0.6, 0.4)


def made_section_ok(code: str) -> bool:
    """门类 C is divisions 13-43; 651 is software development (a route's software is made there)."""
    return code.startswith("651") or (code[:2].isdigit() and 13 <= int(code[:2]) <= 43)


def rubric_findings(kg: KnowledgeGraph, rows: list[MappingRow] | None = None) -> list[Finding]:
    rows = kg.mappings.rows if rows is None else rows
    tax = kg.taxonomy
    out: list[Finding] = []

    def add(check: str, severity: str, r, msg: str) -> None:
        out.append(Finding(check, severity, r.subject_id.replace(GTR, "gtr:").replace(GTF, "gtf:"), msg, r.where))

    near_identity: dict[tuple[str, str], list] = defaultdict(list)
    facets = kg.facets
    for r in rows:
        c = tax.concepts.get(r.subject_id)
        facet = c is None and r.subject_id.startswith(GTF)     # rows of facet concepts follow the same rubric
        if (c is None and not facet) or (c is not None and c.deprecated):
            continue                      # validate reports unknown subjects and rows left on retired routes
        subject = c if c is not None else facets.get(r.subject_id)
        expected = subject.pref.get("zh", "") if subject is not None else ""
        if expected and r.subject_label != expected:
            add("MAP-SUBJECT-LABEL", "warning", r, f"subject_label {r.subject_label!r} is not the current zh preferred "
                f"label {expected!r}: re-judge the row against the route as it is now, then update the label")
        if r.confidence is None:
            continue                      # validate reports a missing confidence
        if not any(abs(r.confidence - level) < 1e-9 for level in LEVELS):
            add("MAP-CONFIDENCE-LEVEL", "warning", r, f"confidence {r.confidence:g} is not a rubric level; set 0.95 "
                "(official text names the route), 0.8 (direct reading), 0.6 (domain reading) or 0.4 (weak pointer)")
        if r.no_term and r.confidence < 0.6:
            add("MAP-CONFIDENCE-PREDICATE", "error", r, f"NoTermFound at {r.confidence:g}: a row saying no code is even "
                "related needs at least 0.6 (a remote code judged unrelated); if unsure, map the related code")
        elif r.predicate_id in (EXACT, CLOSE) and not r.negated and r.confidence < 0.8:
            add("MAP-CONFIDENCE-PREDICATE", "error", r, f"{r.predicate_id[len(SKOS):]} at {r.confidence:g}: a near-"
                "identity needs at least 0.8; if the code only contains or overlaps the route, use broadMatch or "
                "relatedMatch")
        if r.scheme == "gbt4754-2017" and r.industry_role == "made" and r.is_match and not made_section_ok(r.code):
            add("MAP-INDUSTRY-ROLE-SECTION", "warning", r, f"industry_role 'made' on {r.code}, which is not in 门类 C "
                "(manufacturing) or 651 (software); equipment is made in C: say 'applied' or map the manufacturing class")
        if r.predicate_id in (EXACT, CLOSE) and r.is_match and not facet:
            near_identity[(r.scheme, r.object_id)].append(r)
    for (_scheme, obj), rs in near_identity.items():
        by_route = {r.subject_id: r for r in rs}
        for a, b in combinations(sorted(by_route), 2):
            ra, rb = by_route[a], by_route[b]
            if ra.predicate_id == rb.predicate_id == EXACT:
                continue                  # MAP-EXACT-SHARED (validate)
            if {x.iri for x in tax.ancestors(a)} & {b} or {x.iri for x in tax.ancestors(b)} & {a}:
                continue                  # nested routes: MAP-NESTED-EXACT (validate)
            add("MAP-CLOSE-SHARED", "warning", rb, f"{obj.replace(GTC, '')} is also the exact/close match of "
                f"{a.replace(GTR, 'gtr:')} ({ra.where}); two different routes cannot both nearly equal one code: "
                "keep the one the code names and make the other broadMatch or relatedMatch")
    return out

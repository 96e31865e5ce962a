"""Checks of the SSSOM mapping sets against the routes and the code schemes; messages cite file:row."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from greentaxo.mappings.sssom import MAPPING_PREDICATES
from greentaxo.namespaces import GTC, GTR, SEMAPV
from greentaxo.validate.report import Finding

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"
RELATED = "http://www.w3.org/2004/02/skos/core#relatedMatch"      # the one predicate of a NoTermFound row
FINANCE = {"gfspc2025", "gigc2019"}


def check_mappings(kg: KnowledgeGraph) -> list[Finding]:
    out: list[Finding] = []
    tax, codes = kg.taxonomy, kg.codes

    def err(check: str, r, msg: str, severity: str = "error") -> None:
        out.append(Finding(check, severity, r.subject_id.replace(GTR, "gtr:"), msg, r.where))

    seen: dict[tuple, int] = {}
    positive: dict[tuple[str, str], set[str]] = defaultdict(set)
    negative: dict[tuple[str, str], set[str]] = defaultdict(set)
    exact: dict[tuple[str, str], list] = defaultdict(list)
    for r in kg.mappings.rows:
        c = tax.concepts.get(r.subject_id)
        if c is None and r.subject_id not in kg.facets:
            err("MAP-SUBJECT-UNKNOWN", r, "subject is not a route of the taxonomy (nor a facet concept); use an "
                "existing gtr: (or gtf:) IRI")
        elif c is not None and c.deprecated:
            err("MAP-SUBJECT-DEPRECATED", r, "subject is a deprecated route; move the row to its replacement "
                f"({', '.join(x.replace(GTR, 'gtr:') for x in c.replaced_by) or 'none given'})")
        if r.predicate_id not in MAPPING_PREDICATES:
            err("MAP-PREDICATE", r, f"predicate {r.predicate_id} is not a SKOS mapping relation; use "
                "skos:exactMatch, closeMatch, broadMatch, narrowMatch or relatedMatch")
        if r.predicate_modifier not in ("", "Not"):
            err("MAP-MODIFIER", r, f"predicate_modifier {r.predicate_modifier!r} is not allowed; leave it empty or write Not")
        if r.confidence is None or not 0.0 <= r.confidence <= 1.0:
            err("MAP-CONFIDENCE", r, "confidence must be a number from 0 to 1")
        if not r.mapping_justification.startswith(SEMAPV):
            err("MAP-JUSTIFICATION", r, "mapping_justification must be a semapv term, e.g. semapv:ManualMappingCuration")
        if not r.author_id.strip():
            err("MAP-AUTHOR", r, "author_id is empty; say who curated the row")
        if (r.predicate_id != EXACT or r.no_term or r.negated) and not r.comment.strip():
            err("MAP-COMMENT", r, "a row that is not an exact match (or records no match) needs a comment saying why")
        key = (r.scheme, r.subject_id, r.predicate_id, r.predicate_modifier, r.object_id, r.industry_role)
        if key in seen:
            err("MAP-DUPLICATE", r, f"same mapping as row {seen[key]}; delete one")
        seen[key] = r.line
        if r.no_term:
            if r.predicate_id != RELATED:
                err("MAP-NOTERM-PREDICATE", r, f"a NoTermFound row uses {r.predicate_id.rsplit('#', 1)[-1]}; the convention "
                    "is skos:relatedMatch, read 'no code of this scheme is even related to the route': change the predicate")
            negative[(r.subject_id, r.scheme)].add("*")
            continue
        if not r.object_id.startswith(GTC + r.scheme + "/"):
            err("MAP-OBJECT-SCHEME", r, f"object {r.object_id} is not a {r.scheme} code; move the row to its scheme's file")
            continue
        code = r.code
        if r.scheme == "ipc":
            if not re.fullmatch(r"[A-H]\d{2}[A-Z](\d{1,4}-\d{2,6})?", code):
                err("MAP-OBJECT-MALFORMED", r, f"IPC symbol {code!r} is not well formed; write e.g. ipc:H01M10-0525")
        elif not codes.exists(r.scheme, code):
            near = ", ".join(codes.nearest(r.scheme, code)) or "none"
            err("MAP-OBJECT-UNKNOWN", r, f"{r.scheme} has no code {code!r} in the current edition; nearest: {near}")
            continue
        if r.scheme == "gbt4754-2017" and r.industry_role not in ("made", "applied"):
            err("MAP-INDUSTRY-ROLE", r, "GB/T 4754 rows need industry_role 'made' (where it is manufactured) or "
                "'applied' (where it is used)")
        if r.scheme in FINANCE and codes.codes[r.scheme][code].level != 3 and not r.negated:
            err("MAP-FINANCE-LEVEL", r, f"{r.scheme} {code} is not a level-3 category; map to the level-3 item "
                "a verdict can cite", severity="warning")
        if r.negated:
            negative[(r.subject_id, r.scheme)].add(r.object_id)
        else:
            positive[(r.subject_id, r.scheme)].add(r.object_id)
            if r.predicate_id == EXACT:
                exact[(r.subject_id, r.scheme)].append(r)
    for key, objs in negative.items():
        both = objs & positive.get(key, set())
        if both:
            out.append(Finding("MAP-MATCH-AND-NOT", "error", key[0].replace(GTR, "gtr:"),
                               f"maps both to and Not to {', '.join(sorted(both))} in {key[1]}; keep one", ""))
        if "*" in objs and positive.get(key):
            out.append(Finding("MAP-MATCH-AND-NOTERM", "error", key[0].replace(GTR, "gtr:"),
                               f"has a NoTermFound row and also matches in {key[1]}; delete the NoTermFound row", ""))
    for key, rows in exact.items():
        if len({r.object_id for r in rows}) > 1:
            out.append(Finding("MAP-EXACT-TWICE", "error", key[0].replace(GTR, "gtr:"),
                               f"exactMatch to {len(rows)} codes of {key[1]} (rows {', '.join(str(r.line) for r in rows)}); "
                               "an exact match is one-to-one: make the others closeMatch or broadMatch", rows[0].source))
    return out


def leaf_coverage(kg: KnowledgeGraph) -> list[Finding]:
    """Every leaf needs a 4-digit GB/T 4754 class, a discipline, and a finance answer (code or explicit none)."""
    out = []
    for c in kg.taxonomy.leaves():
        rows = kg.mappings.for_route(c.iri)
        by = defaultdict(list)
        for r in rows:
            by[r.scheme].append(r)
        if not any(r.is_match and len(r.code) == 4 for r in by["gbt4754-2017"]):
            out.append(Finding("MAP-LEAF-GBT4754", "error", c.curie, "leaf route has no 4-digit GB/T 4754 class; add a "
                               "row to mappings/gbt4754-2017.sssom.tsv"))
        if not any(r.is_match for r in by["gbt13745-2009"]):
            out.append(Finding("MAP-LEAF-DISCIPLINE", "error", c.curie, "leaf route has no GB/T 13745 discipline; add a "
                               "row to mappings/gbt13745-2009.sssom.tsv"))
        for s in ("gfspc2025", "gigc2019"):
            if not by[s]:
                out.append(Finding("MAP-LEAF-FINANCE", "error", c.curie, f"leaf route has neither a {s} category nor a "
                                   f"NoTermFound row; add one to mappings/{s}.sssom.tsv"))
    return out

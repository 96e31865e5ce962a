"""Mapping semantics (docs/decisions.md, "Mappings"): the bundled rows pass, and each kind of broken row is caught."""
from __future__ import annotations

from dataclasses import replace

from greentaxo.mappings.rubric import made_section_ok, rubric_findings

SKOS = "http://www.w3.org/2004/02/skos/core#"
GTR = "https://w3id.org/greentaxo/route/"


def _row(kg, scheme, route=None, pred=None):
    return next(r for r in kg.mappings.rows if r.scheme == scheme and not r.no_term and r.is_match
                and r.subject_id.startswith(GTR) and (route is None or r.subject_id == GTR + route)
                and (pred is None or r.predicate_id == SKOS + pred))


def test_bundled_rows_follow_the_rubric(kg):
    assert rubric_findings(kg) == []
    assert {r.confidence for r in kg.mappings.rows} <= {0.95, 0.8, 0.6, 0.4}


def test_off_rubric_rows_are_caught(kg):
    base = _row(kg, "gfspc2025", pred="broadMatch")
    noterm = next(r for r in kg.mappings.rows if r.no_term)
    rows = [replace(base, confidence=0.85, line=9001),
            replace(base, predicate_id=SKOS + "closeMatch", confidence=0.6, line=9002),
            replace(noterm, confidence=0.4, line=9003)]
    found = {(f.check, f.source.rsplit(":", 1)[-1]) for f in rubric_findings(kg, rows)}
    assert ("MAP-CONFIDENCE-LEVEL", "9001") in found
    assert ("MAP-CONFIDENCE-PREDICATE", "9002") in found
    assert ("MAP-CONFIDENCE-PREDICATE", "9003") in found
    assert not any(src == "9001" for check, src in found if check == "MAP-CONFIDENCE-PREDICATE")


def test_two_routes_close_to_one_code_caught_but_not_nested_ones(kg):
    close = _row(kg, "gfspc2025", pred="closeMatch")
    outsider = next(c.iri for c in kg.taxonomy.leaves()
                    if c.iri != close.subject_id and close.subject_id not in {a.iri for a in kg.taxonomy.ancestors(c.iri)})
    parent = kg.taxonomy.concepts[close.subject_id].broader[0]
    zh = {iri: kg.taxonomy.concepts[iri].pref["zh"] for iri in (outsider, parent)}
    shared = [close, replace(close, subject_id=outsider, subject_label=zh[outsider], line=9004)]
    assert [f.check for f in rubric_findings(kg, shared)] == ["MAP-CLOSE-SHARED"]
    nested = [close, replace(close, subject_id=parent, subject_label=zh[parent], line=9005)]
    assert rubric_findings(kg, nested) == []


def test_made_outside_manufacturing_caught(kg):
    applied = next(r for r in kg.mappings.rows if r.scheme == "gbt4754-2017" and r.industry_role == "applied"
                   and r.code.startswith("44"))
    found = rubric_findings(kg, [replace(applied, industry_role="made")])
    assert [f.check for f in found] == ["MAP-INDUSTRY-ROLE-SECTION"]
    assert made_section_ok("3825") and made_section_ok("6513") and not made_section_ok("4416")
    assert not made_section_ok("0610") and not made_section_ok("6531")



def test_rows_of_facet_concepts_follow_the_rubric(kg):
    facet = next(r for r in kg.mappings.rows if r.subject_id.startswith("https://w3id.org/greentaxo/facet/"))
    found = rubric_findings(kg, [replace(facet, confidence=0.85, line=9006)])
    assert [(f.check, f.focus.split(":")[0]) for f in found] == [("MAP-CONFIDENCE-LEVEL", "gtf")]

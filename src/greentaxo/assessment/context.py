"""What the knowledge graph says about an assessed subject, shown beside the panel's scores: its routes
(with TRL range, key performance indicators and mapped codes), the eligibility verdicts, and for each
indicator tied to route data (gt:evidenceProperty) the values the experts could check their scores against.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from greentaxo.eligibility.engine import evaluate
from greentaxo.errors import GreentaxoError
from greentaxo.kpi import kpis_of as route_kpis
from greentaxo.namespaces import GT, compact

if TYPE_CHECKING:
    from greentaxo.assessment.systems import IndicatorSystem
    from greentaxo.graph import KnowledgeGraph

MAX_ROUTES = 3
CODE_SCHEMES = ("gbt4754-2017", "gfspc2025", "eutaxonomy", "ipc")


def kpis_of(kg: KnowledgeGraph, route: str) -> list[dict]:
    """Key performance indicators of the route (greentaxo.kpi), in the shape the report shows."""
    return [{"metric": k.metric or compact(k.iri), "unit": k.unit, "typical": [_num(k.typical_min), _num(k.typical_max)],
             "direction": k.direction or None} for k in route_kpis(kg, route)]


def _num(x: float | None) -> str | None:
    return None if x is None else f"{x:g}"


def _route(kg: KnowledgeGraph, iri: str) -> dict:
    c = kg.taxonomy.concept(iri)
    codes: dict[str, list[str]] = {}
    for row in kg.mappings.for_route(c.iri):
        if row.scheme in CODE_SCHEMES and row.is_match and len(codes.setdefault(row.scheme, [])) < 4:
            role = f" [{row.industry_role}]" if row.industry_role else ""
            codes[row.scheme].append(f"{row.code} {row.object_label}{role}".strip())
    return {"iri": c.iri, "curie": c.curie, "notation": c.notation, "label": c.pref, "trl": [c.trl_min, c.trl_max],
            "kpis": kpis_of(kg, c.iri), "codes": codes}


def _eligibility(kg: KnowledgeGraph, **given) -> dict:
    try:
        res = evaluate(kg, **given)
    except GreentaxoError as exc:
        return {"error": str(exc)}
    return {"summary": res["summary"]["line"], "disagree": res["summary"]["disagree"],
            "verdicts": {v["catalogue"]: v["verdict"] for v in res["verdicts"]},
            "routes": [r["id"] for r in res["routes"]], "classification": res.get("classification")}


def subject_context(kg: KnowledgeGraph, subject: dict, system: IndicatorSystem) -> dict:
    """Routes, eligibility and evidence for the report; a subject without routes is classified from its text."""
    routes = list(subject.get("routes") or [])
    eligibility = []
    classified = None
    if routes:
        for r in routes[:MAX_ROUTES]:
            eligibility.append({"route": compact(r), **_eligibility(kg, route=r)})
    else:
        text = "\n".join(x for x in (subject.get("title"), subject.get("text")) if x)
        found = _eligibility(kg, text=text)
        classified = found.get("classification")
        routes = found.get("routes", [])[:MAX_ROUTES]
        eligibility.append({"route": "(from the text)", **{k: v for k, v in found.items() if k != "classification"}})
    route_info = [_route(kg, r) for r in routes[:MAX_ROUTES]]
    evidence: dict[str, list[str]] = {}
    for ind in system.leaves():
        for prop in ind.evidence:
            for r in route_info:
                if prop in (GT + "trlMin", GT + "trlMax"):
                    lo, hi = r["trl"]
                    if lo is not None:
                        evidence.setdefault(ind.notation, []).append(f"{r['curie']} TRL {lo}-{hi}")
                elif prop == GT + "kpiOf":
                    for k in r["kpis"]:
                        lo, hi = k["typical"]
                        evidence.setdefault(ind.notation, []).append(
                            f"{r['curie']} {k['metric']} typical {lo}-{hi} {k['unit']}".strip())
    for notation in evidence:          # TRL min and max both point at the same range: say it once
        evidence[notation] = list(dict.fromkeys(evidence[notation]))
    return {"routes": route_info, "eligibility": eligibility, "classification": classified, "evidence": evidence}

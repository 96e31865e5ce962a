"""A result as JSON-ready dict, as RDF (gt:SolutionPackage in Turtle), and as a text tree.

Industry codes and the per-catalogue summary come from the members' mapping rows
(kg.mappings.for_route): a member counts for a catalogue when it has a positive match there.
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from greentaxo.namespaces import GTX, compact
from greentaxo.packages.model import Package, Result

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

CATALOGUE_NAMES = {"gfspc2025": "Green Finance Endorsed Projects Catalogue (2025)",
                   "gigc2019": "Green Industry Guidance Catalogue (2019)",
                   "eutaxonomy": "EU Taxonomy"}
INDUSTRY = "gbt4754-2017"


def package_iri(result: Result, package: Package) -> str:
    """Stable for the same problem, constraints and members: a hash, not a counter."""
    key = "|".join([result.problem.scenario or ",".join(result.problem.required),
                    *sorted(package.iris)])
    return f"{GTX}package/{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def result_to_dict(result: Result, kg: KnowledgeGraph | None = None, matches=None) -> dict:
    pool_f = _fn_labels(result)
    out = {
        "problem": {"scenario": result.problem.scenario, "label": result.problem.label,
                    "matched_from": result.problem.matched_from,
                    "required": [pool_f(f) for f in result.problem.required],
                    "optional": [pool_f(f) for f in result.problem.optional],
                    "site": result.problem.site or None,
                    "not_applicable": len(result.problem.not_applicable)},
        "constraints": {"min_trl": result.constraints.min_trl, "trl_floor": result.problem.trl_floor,
                        "include": result.constraints.include,
                        "exclude": result.constraints.exclude, "max_size": result.constraints.max_size,
                        "eligible_under": result.constraints.eligible_under},
        "weights": {"size": result.weights.size, "maturity": result.weights.maturity, "fit": result.weights.fit,
                    "optional": result.weights.optional, "complement": result.weights.complement,
                    **{f"attribute:{k}": v for k, v in result.weights.attributes.items()}},
        "feasible": result.ok,
        "solver": result.solver,
        "proven_optimal": result.proven_optimal,
        "seconds": round(result.seconds, 4),
        "packages": [package_to_dict(result, p, kg) for p in result.packages],
        "uncovered_optional": [pool_f(f) for f in result.uncovered_optional],
        "ruled_out": {compact(f): v for f, v in result.ruled_out.items()},
    }
    if matches:
        out["scenario_matches"] = [{"scenario": m.scenario.iri, "label": m.scenario.pref, "score": m.score,
                                    "matched_label": m.matched} for m in matches]
    if result.infeasible:
        inf = result.infeasible
        out["infeasible"] = {"function": pool_f(inf.function) if inf.function else None,
                             "constraint": inf.constraint, "explanation": inf.detail}
    return out


def package_to_dict(result: Result, p: Package, kg: KnowledgeGraph | None = None) -> dict:
    fl = _fn_labels(result)
    d = {"id": package_iri(result, p), "rank": p.rank, "objective": p.cost, "size": len(p.members),
         "members": [{"route": m.route.iri, "curie": compact(m.route.iri), "label": m.route.label,
                      "trlMin": m.route.trl_min, "trlMax": m.route.trl_max,
                      "covers": [fl(f) for f in m.covers], "why": m.reason, "preferred_to": m.rejected}
                     for m in p.members]}
    if kg is not None:
        d["industry_codes"], d["eligibility"] = _codes(kg, p)
    return d


def _codes(kg: KnowledgeGraph, p: Package) -> tuple[list[dict], dict]:
    industry: dict[tuple[str, str], dict] = {}
    summary: dict[str, dict] = {}
    for cat in CATALOGUE_NAMES:
        summary[cat] = {"catalogue": CATALOGUE_NAMES[cat], "members_with_category": 0, "members": len(p.members),
                        "categories": [], "members_without": []}
    for m in p.members:
        rows = kg.mappings.for_route(m.route.iri)
        for r in rows:
            if r.scheme == INDUSTRY and r.is_match:
                e = industry.setdefault((r.code, r.industry_role), {"code": r.code, "label": r.object_label,
                                                                     "role": r.industry_role or None, "routes": []})
                e["routes"].append(m.route.id)
        for cat, s in summary.items():
            hits = [r for r in rows if r.scheme == cat and r.is_match]
            if hits:
                s["members_with_category"] += 1
                for r in hits:
                    s["categories"].append({"code": r.code, "label": r.object_label, "route": m.route.id,
                                            "match": compact(r.predicate_id), "confidence": r.confidence})
            else:
                s["members_without"].append(m.route.id)
    for s in summary.values():
        n, t = s["members_with_category"], s["members"]
        s["verdict"] = "all members have a category" if n == t else (
            "no member has a category" if n == 0 else f"{n} of {t} members have a category")
    codes = sorted(industry.values(), key=lambda e: (e["role"] != "applied", e["code"]))
    return codes, summary


def _fn_labels(result: Result):
    labels = result.function_labels

    def fl(f: str) -> dict:
        return {"id": f, "curie": compact(f), "label": labels.get(f, {})}
    return fl


def to_turtle(result: Result) -> str:
    """The packages as gt:SolutionPackage resources (one per package, best first)."""
    from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef  # noqa: PLC0415  (heavy: rdflib)

    gt = Namespace("https://w3id.org/greentaxo/def#")
    g = Graph()
    g.bind("gt", gt)
    g.bind("gtx", GTX)
    g.bind("gtr", "https://w3id.org/greentaxo/route/")
    for p in result.packages:
        node = URIRef(package_iri(result, p))
        g.add((node, RDF.type, gt.SolutionPackage))
        if result.problem.scenario:
            g.add((node, gt.forScenario, URIRef(result.problem.scenario)))
        title = result.problem.label.get("en") or "functions " + ", ".join(compact(f) for f in result.problem.required)
        g.add((node, RDFS.label, Literal(f"Package {p.rank} for {title}", lang="en")))
        if result.problem.label.get("zh"):
            g.add((node, RDFS.label, Literal(f"{result.problem.label['zh']}技术成果包{p.rank}", lang="zh")))
        g.add((node, RDFS.comment, Literal(f"rank {p.rank}, objective {p.cost}")))
        for m in p.members:
            g.add((node, gt.hasMember, URIRef(m.route.iri)))
    return g.serialize(format="turtle")


def render_text(result: Result, lang: str = "en", matches=None) -> str:
    """A tree of functions -> routes per package, then alternatives in one line each."""
    lines = []
    fl = result.function_labels

    def fname(f: str) -> str:
        lab = fl.get(f, {})
        return f"{f.rsplit('/', 1)[-1]} {lab.get(lang) or lab.get('en') or ''}".strip()

    if matches:
        lines.append("matched scenarios: " + "; ".join(f"{m.scenario.id} {m.scenario.label(lang)} ({m.score:g})"
                                                     for m in matches[:3]))
    title = result.problem.label.get(lang) or result.problem.label.get("en") or "given functions"
    sid = result.problem.scenario.rsplit("/", 1)[-1] + " " if result.problem.scenario else ""
    lines.append(f"{sid}{title}")
    if result.problem.site:
        lines.append(site_line(result, lang))
    if not result.ok:
        inf = result.infeasible
        where = f" [{fname(inf.function)}]" if inf and inf.function else ""
        lines.append(f"NO PACKAGE{where}: constraint {inf.constraint if inf else '?'}: {inf.detail if inf else ''}")
        return "\n".join(lines)
    for p in result.packages:
        lines.append(f"\npackage {p.rank}  ({len(p.members)} routes, objective {p.cost})")
        by_id = {m.route.iri: m for m in p.members}
        shown: set[str] = set()
        for f in result.problem.required + result.problem.optional:
            ms = [m for m in p.members if f in m.covers]
            if not ms:
                continue
            opt = " (optional)" if f in result.problem.optional else ""
            lines.append(f"  {fname(f)}{opt}")
            for m in ms:
                lines.append(f"    └─ {m.route.id} {m.route.name(lang)}  TRL {m.route.trl_min}-{m.route.trl_max}")
                if p.rank == 1 and m.route.iri not in shown:
                    for rj in m.rejected[:2]:
                        lines.append(f"         over {rj['id']} {rj['label'].get(lang, '')}: {rj['why_not']}")
                shown.add(m.route.iri)
            gone = result.ruled_out.get(f, []) if p.rank == 1 else []
            if gone:
                more = f" (+{len(gone) - 4})" if len(gone) > 4 else ""
                lines.append("    not usable at this site: " + ", ".join(g["id"] for g in gone[:4]) + more
                             + " (reasons in --format json)")
        extra = [m for iri, m in by_id.items() if not m.covers]
        if extra:
            lines.append("  needed by other members (gt:requires)")
            for m in extra:
                lines.append(f"    └─ {m.route.id} {m.route.name(lang)}  TRL {m.route.trl_min}-{m.route.trl_max}: {m.reason}")
    if result.uncovered_optional:
        lines.append("\noptional functions not covered: " + ", ".join(fname(f) for f in result.uncovered_optional))
    return "\n".join(lines)


def site_line(result: Result, lang: str = "en") -> str:
    """One line on where the package must work: plant type, sectors, scale, TRL floor, routes ruled out."""
    site = result.problem.site
    plants = ", ".join(p["label"].get(lang) or p["label"].get("en") or p["id"] for p in site["plant_types"])
    sectors = ", ".join(f"{c['code']} {c['label'] or ''}".rstrip() for c in site["sectors"])
    parts = [f"site: {plants or 'no stated plant type'}" + (f" (GB/T 4754 {sectors})" if sectors else ""),
             f"{site['scale']} scale" if site["scale"] else "no stated scale"]
    if result.constraints.min_trl is not None:
        parts.append(f"min TRL {result.constraints.min_trl} (--min-trl; the scenario's floor is {site['trl_floor']})")
    elif site["trl_floor"] is not None:
        parts.append(f"TRL floor {site['trl_floor']}")
    parts.append(f"{len(result.problem.not_applicable)} routes not applicable here, "
                 f"{len(site['exclusions'])} of them ruled out by the scenario")
    return "; ".join(parts)

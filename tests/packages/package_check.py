"""An independent check of a solution package against the graph, for the package tests.

It reads the graph with its own SPARQL queries (property paths for the function hierarchy and route
groups) instead of the assembler's pool, formulation and applicability code, so that a fault in
those shows up as a package the check rejects: a required function left uncovered, a requirement not
met, two conflicting routes, a route that is not applicable at the scenario's site, or one below the
TRL floor.
"""
from __future__ import annotations

GT = "https://w3id.org/greentaxo/def#"
LIVE_LEAF = """?x a gt:TechnologyRoute . FILTER NOT EXISTS { ?x owl:deprecated true }
    FILTER NOT EXISTS { ?n skos:broader ?x . FILTER NOT EXISTS { ?n owl:deprecated true } }"""


def _values(iris) -> str:
    return " ".join(f"<{i}>" for i in sorted(iris))


def _rows(kg, query: str, *names: str) -> list[tuple]:
    return [tuple(r[n].value if r[n] is not None else None for n in names) for r in kg.query(query)]


def _leaves_under(kg, target: str) -> set[str]:
    return {x for (x,) in _rows(kg, f"SELECT ?x WHERE {{ ?x skos:broader* <{target}> . {LIVE_LEAF} }}", "x")}


def package_faults(kg, scenario: str, members, min_trl: int | None = None) -> list[str]:
    """Everything wrong with `members` (route IRIs) as a package for `scenario`; empty when sound."""
    members = set(members)
    tax = kg.taxonomy
    faults: list[str] = []
    vals = _values(members)
    for m in members:
        c = tax.concepts.get(m)
        if c is None or c.deprecated or not tax.is_leaf(m):
            faults.append(f"{m} is not a live leaf route")
    for (f,) in _rows(kg, f"SELECT ?f WHERE {{ <{scenario}> gt:requiresFunction ?f }}", "f"):
        if not _rows(kg, f"SELECT ?m WHERE {{ VALUES ?m {{ {vals} }} ?m gt:providesFunction/skos:broader* <{f}> }}", "m"):
            faults.append(f"required function {f} is not covered")
    for m, t in _rows(kg, f"SELECT ?m ?t WHERE {{ VALUES ?m {{ {vals} }} ?m gt:requires ?t }}", "m", "t"):
        if not (_leaves_under(kg, t) - {m}) & members:
            faults.append(f"{m} requires {t}, which the package lacks")
    for m, f in _rows(kg, f"SELECT DISTINCT ?m ?f WHERE {{ VALUES ?m {{ {vals} }} ?m skos:broader* ?s . "
                          f"?s gt:needsFunction ?f }}", "m", "f"):
        others = _values(members - {m}) or "<urn:none>"
        if not _rows(kg, f"SELECT ?o WHERE {{ VALUES ?o {{ {others} }} ?o gt:providesFunction/skos:broader* <{f}> }}", "o"):
            faults.append(f"{m} needs function {f}, which no other member performs")
    for a, b in _rows(kg, f"""SELECT ?a ?b WHERE {{ VALUES ?a {{ {vals} }} VALUES ?b {{ {vals} }}
            ?a skos:broader* ?x . ?b skos:broader* ?y . {{ ?x gt:conflictsWith ?y }} UNION {{ ?y gt:conflictsWith ?x }}
            FILTER (?a != ?b) }}""", "a", "b"):
        faults.append(f"{a} conflicts with {b}")
    faults += _site_faults(kg, scenario, members)
    floor = min_trl
    if floor is None:
        floor = next((int(v) for (v,) in _rows(kg, f"SELECT ?v WHERE {{ <{scenario}> gt:trlFloor ?v }}", "v")), None)
    for m in members:
        c = tax.concepts.get(m)
        top = (c.trl_max or c.trl_min or 1) if c else 1
        if floor is not None and top < floor:
            faults.append(f"{m} reaches TRL {top}, below the floor {floor}")
    return faults


def _site_faults(kg, scenario: str, members: set[str]) -> list[str]:
    tax = kg.taxonomy
    out = []
    excluded = {r for (r,) in _rows(kg, f"SELECT ?r WHERE {{ <{scenario}> gt:exclusion/gt:route ?r }}", "r")}
    sectors = {s.rsplit("/", 1)[-1] for (s,) in _rows(
        kg, f"SELECT ?s WHERE {{ <{scenario}> gt:plantType/skos:broader*/gt:sector ?s }}", "s")}
    kinds = {p for (p,) in _rows(kg, f"SELECT ?p WHERE {{ <{scenario}> gt:plantType/skos:broader* ?p }}", "p")}
    scale = next((v for (v,) in _rows(kg, f"SELECT ?v WHERE {{ <{scenario}> gt:scale ?v }}", "v")), None)
    for m in members:
        chain = [m] + [a.iri for a in tax.ancestors(m)]
        if excluded & set(chain):
            out.append(f"{m} is ruled out by the scenario")
        for prop in ("applicableSector", "applicablePlantType", "applicableScale"):
            for concept in chain:       # the nearest statement decides
                stated = {v for (v,) in _rows(kg, f"SELECT ?v WHERE {{ <{concept}> gt:{prop} ?v }}", "v")}
                if not stated:
                    continue
                if prop == "applicableSector":
                    codes = {v.rsplit("/", 1)[-1] for v in stated}
                    ok = any(s.startswith(c) or c.startswith(s) for s in sectors for c in codes)
                elif prop == "applicablePlantType":
                    ok = bool(stated & kinds)
                else:
                    ok = scale in stated
                if not ok:
                    out.append(f"{m} is not applicable at the site ({prop} {sorted(stated)})")
                break
    return out

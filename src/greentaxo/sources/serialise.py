"""Write the route scheme as one Turtle file per top domain, deterministically.

Concepts are ordered by notation and predicates in a fixed, readable order, so that a diff between two
releases shows only what an editor changed.
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from greentaxo.namespaces import FACET_SCHEME, GTR, PREFIXES

ORDER = [
    RDF.type, SKOS.inScheme, SKOS.topConceptOf, SKOS.broader, SKOS.notation, SKOS.prefLabel, SKOS.altLabel,
    SKOS.hiddenLabel, URIRef(PREFIXES["gt"] + "ambiguousLabel"), URIRef(PREFIXES["gt"] + "requiresContext"),
    URIRef(PREFIXES["gt"] + "excludedBy"), URIRef(PREFIXES["gt"] + "vetoedBy"), SKOS.definition, SKOS.scopeNote,
    SKOS.editorialNote,
    URIRef(PREFIXES["gt"] + "trlMin"), URIRef(PREFIXES["gt"] + "trlMax"), URIRef(PREFIXES["gt"] + "providesFunction"),
    URIRef(PREFIXES["gt"] + "requires"), URIRef(PREFIXES["gt"] + "complements"),
    URIRef(PREFIXES["gt"] + "alternativeTo"), URIRef(PREFIXES["gt"] + "conflictsWith"), SKOS.related,
    URIRef(PREFIXES["owl"] + "deprecated"), URIRef(PREFIXES["dct"] + "isReplacedBy"),
    URIRef(PREFIXES["gt"] + "deprecationReason"),
    # key performance indicators and their thresholds (ontology/kpis), facets (ontology/facets)
    *(URIRef(PREFIXES["gt"] + n) for n in ("kpiOf", "metric", "unit", "direction", "typicalMin", "typicalMax",
                                          "comparator", "threshold", "setBy", "testedBy", "hasThreshold",
                                          "involvesRoute")),
    URIRef(PREFIXES["dct"] + "source"),
]
USED_PREFIXES = ["dct", "gt", "gtf", "gtk", "gtr", "gtx", "owl", "rdfs", "skos", "xsd"]
HEADER = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in USED_PREFIXES)


def term(t) -> str:
    if isinstance(t, URIRef):
        s = str(t)
        for p in USED_PREFIXES:
            ns = PREFIXES[p]
            local = s[len(ns):]
            if s.startswith(ns) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", local or "-"):
                return f"{p}:{local}"
        return f"<{s}>"
    if isinstance(t, Literal):
        if t.datatype and str(t.datatype).endswith(("#integer", "#boolean")) and not t.language:
            return str(t).lower() if str(t.datatype).endswith("#boolean") else str(t)
        if t.datatype and str(t.datatype).endswith("#decimal") and re.fullmatch(r"-?\d+(\.\d+)?", str(t)):
            return str(t) if "." in str(t) else f"{t}.0"      # a bare decimal needs its point in Turtle
        body = str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if t.language:
            return f'"{body}"@{t.language}'
        if t.datatype and str(t.datatype) != PREFIXES["xsd"] + "string":
            return f'"{body}"^^{term(URIRef(t.datatype))}'
        return f'"{body}"'
    if isinstance(t, BNode):
        raise ValueError("blank nodes are not allowed in route files; give the node an IRI")
    raise TypeError(t)


def _obj_key(o) -> tuple:
    lang = getattr(o, "language", None) or ""
    return ({"zh": 0, "en": 1}.get(lang, 2), lang, str(o))


def subject_block(g: Graph, s: URIRef) -> str:
    preds = sorted(set(g.predicates(s)), key=lambda p: (ORDER.index(p) if p in ORDER else len(ORDER), str(p)))
    parts = []
    for p in preds:
        objs = sorted(g.objects(s, p), key=_obj_key)
        pname = "a" if p == RDF.type else term(p)
        parts.append(f"    {pname} " + ",\n        ".join(term(o) for o in objs))
    return f"{term(s)}\n" + " ;\n".join(parts) + " .\n"


def top_of(g: Graph, c: URIRef, seen: set | None = None) -> URIRef:
    seen = seen or set()
    parents = sorted(p for p in g.objects(c, SKOS.broader) if p not in seen)
    if not parents:
        return c
    seen.add(c)
    return top_of(g, parents[0], seen)


def slug(text: str, limit: int = 32) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    out = ""
    for w in words:
        if out and len(out) + 1 + len(w) > limit:
            break
        out = f"{out}-{w}" if out else w
    return out


def _notation(g: Graph, c) -> str:
    return str(g.value(c, SKOS.notation) or "~" + str(c))


def domain_file(g: Graph, top: URIRef) -> str:
    """The file name of a top domain's routes (and of its indicators), e.g. 01-energy-transition.ttl."""
    en = next((lbl for lbl in g.objects(top, SKOS.prefLabel) if lbl.language == "en"), top.split("/")[-1])
    return f"{_notation(g, top)}-{slug(str(en))}.ttl"


def _write(out: Path, files: dict[Path, str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.ttl"):
        if old not in files:
            old.unlink()
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return sorted(files)


def write_routes(g: Graph, out: Path) -> list[Path]:
    """Split the route scheme by top concept; returns the files written (old route files are removed)."""
    scheme = URIRef(GTR + "scheme")
    concepts = sorted({s for s in g.subjects(SKOS.inScheme, scheme) if str(s).startswith(GTR)})
    groups: dict[URIRef, list[URIRef]] = {}
    for c in concepts:
        groups.setdefault(top_of(g, c), []).append(c)

    files: dict[Path, str] = {}
    files[out / "scheme.ttl"] = HEADER + "\n" + subject_block(g, scheme)
    for top, members in groups.items():
        body = "\n".join(subject_block(g, c) for c in sorted(members, key=lambda c: _notation(g, c)))
        files[out / domain_file(g, top)] = HEADER + "\n" + body
    return _write(out, files)


def write_kpis(g: Graph, out: Path) -> list[Path]:
    """Key performance indicators, one file per top domain of their routes, each followed by its thresholds.

    The graph must hold the routes too (to find each route's domain). Old indicator files are removed.
    """
    kpi_of = URIRef(PREFIXES["gt"] + "kpiOf")
    has_threshold = URIRef(PREFIXES["gt"] + "hasThreshold")
    groups: dict[URIRef, list[tuple[str, URIRef]]] = {}
    for k in set(g.subjects(RDF.type, URIRef(PREFIXES["gt"] + "KeyPerformanceIndicator"))):
        route = g.value(k, kpi_of)
        top = top_of(g, route) if route is not None else URIRef(GTR + "unplaced")
        groups.setdefault(top, []).append((_notation(g, route) if route is not None else "~", k))
    files: dict[Path, str] = {}
    for top, members in groups.items():
        blocks = []
        for _, k in sorted(members, key=lambda m: (m[0], str(m[1]))):
            blocks.append(subject_block(g, k))
            blocks += [subject_block(g, t) for t in sorted(g.objects(k, has_threshold))]
        files[out / domain_file(g, top)] = HEADER + "\n" + "\n".join(blocks)
    return _write(out, files)


def write_facets(g: Graph, out: Path) -> list[Path]:
    """The facet scheme and its concepts, ordered by notation, in out/facets.ttl."""
    scheme = URIRef(FACET_SCHEME)
    concepts = sorted(set(g.subjects(SKOS.inScheme, scheme)), key=lambda c: (_notation(g, c), str(c)))
    body = "\n".join(subject_block(g, c) for c in [scheme, *concepts])
    return _write(out, {out / "facets.ttl": HEADER + "\n" + body})

"""Write the route scheme as one Turtle file per top domain, deterministically.

Concepts are ordered by notation and predicates in a fixed, readable order, so that a diff between two
releases shows only what an editor changed.
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from greentaxo.namespaces import GTR, PREFIXES

ORDER = [
    RDF.type, SKOS.inScheme, SKOS.topConceptOf, SKOS.broader, SKOS.notation, SKOS.prefLabel, SKOS.altLabel,
    SKOS.hiddenLabel, URIRef(PREFIXES["gt"] + "ambiguousLabel"), URIRef(PREFIXES["gt"] + "requiresContext"),
    SKOS.definition, SKOS.scopeNote, SKOS.editorialNote,
    URIRef(PREFIXES["gt"] + "trlMin"), URIRef(PREFIXES["gt"] + "trlMax"), URIRef(PREFIXES["gt"] + "providesFunction"),
    URIRef(PREFIXES["gt"] + "requires"), URIRef(PREFIXES["gt"] + "complements"),
    URIRef(PREFIXES["gt"] + "alternativeTo"), URIRef(PREFIXES["gt"] + "conflictsWith"), SKOS.related,
    URIRef(PREFIXES["owl"] + "deprecated"), URIRef(PREFIXES["dct"] + "isReplacedBy"),
    URIRef(PREFIXES["gt"] + "deprecationReason"),
]
USED_PREFIXES = ["dct", "gt", "gtr", "gtx", "owl", "rdfs", "skos", "xsd"]
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


def write_routes(g: Graph, out: Path) -> list[Path]:
    """Split the route scheme by top concept; returns the files written (old route files are removed)."""
    scheme = URIRef(GTR + "scheme")
    concepts = sorted({s for s in g.subjects(SKOS.inScheme, scheme) if str(s).startswith(GTR)})
    groups: dict[URIRef, list[URIRef]] = {}
    for c in concepts:
        groups.setdefault(top_of(g, c), []).append(c)

    def notation(c):
        return str(g.value(c, SKOS.notation) or "~" + str(c))

    files: dict[Path, str] = {}
    files[out / "scheme.ttl"] = HEADER + "\n" + subject_block(g, scheme)
    for top, members in groups.items():
        en = next((lbl for lbl in g.objects(top, SKOS.prefLabel) if lbl.language == "en"), top.split("/")[-1])
        name = f"{notation(top)}-{slug(str(en))}.ttl"
        body = "\n".join(subject_block(g, c) for c in sorted(members, key=notation))
        files[out / name] = HEADER + "\n" + body
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.ttl"):
        if old not in files:
            old.unlink()
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return sorted(files)

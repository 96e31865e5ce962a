"""Check an achievement submission (JSON, JSON-LD or Turtle) against shapes/achievement.ttl."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from greentaxo.errors import InputError, NotFoundError
from greentaxo.security import rdf
from greentaxo.validate.shacl import parse_turtle

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

GT = "https://w3id.org/greentaxo/def#"
DCT = "http://purl.org/dc/terms/"
SUBJECT = "urn:greentaxo:achievement:"
FIELDS = {"id", "title", "abstract", "keywords", "ipc", "trl", "routes", "lang"}


@dataclass
class Problem:
    field: str
    check: str
    message: str
    value: str | None = None

    def to_dict(self) -> dict:
        return {"field": self.field, "check": self.check, "message": self.message, "value": self.value}


def from_json(record: dict[str, Any], kg: KnowledgeGraph):
    """JSON record -> rdflib graph; route references are resolved so unknown ones fail the shape."""
    from rdflib import Graph, Literal, URIRef  # noqa: PLC0415  (heavy: rdflib)
    from rdflib.namespace import RDF, XSD  # noqa: PLC0415  (heavy: rdflib)

    if not isinstance(record, dict):
        raise InputError("the body must be a JSON object with at least title and abstract")
    unknown = sorted(set(record) - FIELDS)
    if unknown:
        raise InputError(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(FIELDS))}")
    g = Graph()
    s = URIRef(SUBJECT + str(record.get("id") or "submission").replace(" ", "_"))
    g.add((s, RDF.type, URIRef(GT + "Achievement")))
    for key, prop in (("title", DCT + "title"), ("abstract", DCT + "abstract")):
        v = record.get(key)
        if v is not None:
            g.add((s, URIRef(prop), Literal(str(v))))
    trl = record.get("trl")
    if trl is not None:
        ok = isinstance(trl, int) and not isinstance(trl, bool)
        g.add((s, URIRef(GT + "trl"), Literal(trl, datatype=XSD.integer) if ok else Literal(str(trl))))
    ipc = record.get("ipc") or []
    for code in ([ipc] if isinstance(ipc, str) else ipc):
        g.add((s, URIRef(GT + "ipcCode"), Literal(str(code).strip())))
    routes = record.get("routes") or []
    for ref in ([routes] if isinstance(routes, str) else routes):
        g.add((s, URIRef(GT + "classifiedAs"), _route_node(kg, str(ref), g)))
    return g


def _route_node(kg: KnowledgeGraph, ref: str, g):
    from rdflib import Literal, URIRef  # noqa: PLC0415  (heavy: rdflib)
    from rdflib.namespace import OWL, RDF  # noqa: PLC0415  (heavy: rdflib)


    try:
        c = kg.taxonomy.concept(ref)
    except NotFoundError:
        return URIRef(ref if ref.startswith("http") else f"urn:greentaxo:unknown-route:{ref}")
    node = URIRef(c.iri)
    g.add((node, RDF.type, URIRef(GT + "TechnologyRoute")))
    if c.deprecated:
        g.add((node, OWL.deprecated, Literal(True)))
    return node


def parse(body: bytes, media_type: str, kg: KnowledgeGraph):
    media = (media_type or "application/json").split(";")[0].strip().lower()
    if media in ("application/json", "text/json", ""):
        try:
            return from_json(json.loads(body.decode("utf-8")), kg)
        except UnicodeDecodeError:
            raise InputError("the body is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"the body is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
        except RecursionError:
            raise InputError("the JSON body is nested too deeply") from None
    if media not in ("application/ld+json", "text/turtle"):
        raise InputError(f"content type {media!r} not accepted; send application/json, application/ld+json or text/turtle")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the body is not UTF-8 text") from None
    # nothing outside the request is read: no remote or local JSON-LD context, a fixed base IRI (greentaxo.security.rdf)

    g = rdf.parse_jsonld(text, kg.root) if media == "application/ld+json" else rdf.parse_turtle(text)
    _describe_routes(g, kg)
    return g


def _describe_routes(g, kg: KnowledgeGraph) -> None:
    """What the taxonomy says of each route an RDF submission names (its type, whether it is deprecated), as the
    JSON path does, so the shapes judge an RDF submission the same way."""
    from rdflib import Literal, URIRef  # noqa: PLC0415  (heavy: rdflib)
    from rdflib.namespace import OWL, RDF  # noqa: PLC0415  (heavy: rdflib)

    for node in set(g.objects(None, URIRef(GT + "classifiedAs"))):
        c = kg.taxonomy.concepts.get(str(node))
        if c is not None:
            g.add((node, RDF.type, URIRef(GT + "TechnologyRoute")))
            if c.deprecated:
                g.add((node, OWL.deprecated, Literal(True)))


def validate(g, kg: KnowledgeGraph) -> list[Problem]:
    """SHACL over the submission; each problem names the JSON field it came from."""
    import pyshacl  # noqa: PLC0415  (heavy: pyshacl)
    from rdflib import URIRef  # noqa: PLC0415  (heavy: rdflib)
    from rdflib.namespace import RDF  # noqa: PLC0415  (heavy: rdflib)


    shapes = parse_turtle(kg.root / "shapes" / "achievement.ttl")
    SH = "http://www.w3.org/ns/shacl#"
    if not list(g.subjects(RDF.type, URIRef(GT + "Achievement"))):
        return [Problem("@type", "ACH-TYPE", "the submission has no resource of type gt:Achievement")]
    # do_owl_imports off (pyshacl's default, said here on purpose): an owl:imports in a submission is never followed
    _, results, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", allow_warnings=True, do_owl_imports=False)
    problems = []
    for res in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        shape = results.value(res, URIRef(SH + "sourceShape"))
        field = shapes.value(shape, URIRef("https://w3id.org/greentaxo/shapes#field"))
        name = shapes.value(shape, URIRef(SH + "name"))
        value = results.value(res, URIRef(SH + "value"))
        msg = str(results.value(res, URIRef(SH + "resultMessage")))
        shown = None if value is None else str(value).replace("urn:greentaxo:unknown-route:", "")
        problems.append(Problem(str(field or "?"), str(name or "SHACL"), msg, shown))
    return sorted(problems, key=lambda p: (p.field, p.check, p.value or ""))

"""Run the SHACL shapes with pyshacl (no inference: RDFS inference mis-fires on SKOS) and turn the
results into findings that name the concept, the rule and the fix."""
from __future__ import annotations

import re
from pathlib import Path

from greentaxo.errors import GreentaxoError, InputError
from greentaxo.namespaces import GTF, GTI, GTK, GTR
from greentaxo.validate.report import Finding

SH = "http://www.w3.org/ns/shacl#"


def parse_turtle(path: Path):
    """rdflib parse with a one-line error naming file and line."""
    from rdflib import Graph  # noqa: PLC0415  (heavy: rdflib)

    if not path.exists():
        raise InputError("file not found; check the path", source=str(path))
    if path.is_dir():
        raise InputError("is a directory; give Turtle files, or a directory's *.ttl via a shell glob", source=str(path))
    data = path.read_bytes()
    if not data.strip():
        raise InputError("file is empty; a Turtle file needs at least one triple", source=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; save the file as UTF-8", source=str(path)) from None
    g = Graph()
    try:
        g.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises BadSyntax and a few others; all mean "fix the file"
        line = getattr(exc, "lines", None)
        msg = str(getattr(exc, "message", "") or exc).splitlines()[0][:200]
        raise InputError(f"malformed Turtle: {msg}", source=str(path),
                         line=(line + 1) if isinstance(line, int) else None) from None
    return g


def run_shapes(data, shapes, background=None) -> tuple[list[Finding], int]:
    """Validate; returns findings and the number of focus nodes the shapes targeted."""
    import pyshacl  # noqa: PLC0415  (heavy: pyshacl)
    from rdflib import URIRef  # noqa: PLC0415  (heavy: rdflib)
    from rdflib.namespace import RDF  # noqa: PLC0415  (heavy: rdflib)

    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=background, inference="none", advanced=True,
        allow_warnings=True, abort_on_first=False, meta_shacl=False)

    if not hasattr(results, "subjects"):
        raise GreentaxoError(f"the SHACL shapes could not be run: {str(results).splitlines()[0]}")
    findings = []
    for res in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        focus = results.value(res, URIRef(SH + "focusNode"))
        value = results.value(res, URIRef(SH + "value"))
        msg = str(results.value(res, URIRef(SH + "resultMessage")) or "violates a shape")
        sev = str(results.value(res, URIRef(SH + "resultSeverity")) or "").rsplit("#", 1)[-1].lower()
        source_shape = results.value(res, URIRef(SH + "sourceShape"))
        name = shapes.value(source_shape, URIRef(SH + "name")) if source_shape is not None else None
        if name is None:
            constraint = results.value(res, URIRef(SH + "sourceConstraint"))
            name = shapes.value(constraint, URIRef(SH + "name")) if constraint is not None else None
        check = str(name or "SHACL")
        concept = str(focus)
        if str(focus).endswith("/route/scheme") and value is not None:
            concept = str(value)       # graph-wide rules report the offending concept as the value
            prefix = _curie(concept)
            msg = msg.replace(concept, prefix)
        findings.append(Finding(check, {"violation": "error", "warning": "warning"}.get(sev, "info"),
                                _curie(concept), _tidy(msg)))
    findings.sort(key=lambda f: (f.focus, f.check))
    return findings, len(set(data.subjects(RDF.type, URIRef("https://w3id.org/greentaxo/def#TechnologyRoute"))))


def _tidy(msg: str) -> str:
    return re.sub(r"<?https://w3id.org/greentaxo/(route|kpi|facet)/([A-Za-z0-9_\-]+)>?",
                  lambda m: f"gt{m.group(1)[0]}:{m.group(2)}", msg)


def _curie(iri: str) -> str:
    return iri.replace(GTR, "gtr:").replace(GTK, "gtk:").replace(GTF, "gtf:").replace(GTI, "gti:")

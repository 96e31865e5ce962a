"""`greentaxo validate`: the shapes over routes and scenarios, then the mapping checks, as one report.

Two engines give the same answers (a test holds them to it): `sparql` (default) runs the taxonomy
shapes as SPARQL on pyoxigraph and any other shapes with pyshacl; `shacl` runs every shape with pyshacl.
"""
from __future__ import annotations

from pathlib import Path

from greentaxo import paths as P
from greentaxo.errors import InputError
from greentaxo.graph import KnowledgeGraph, load_graph
from greentaxo.mappings.check import check_mappings, leaf_coverage
from greentaxo.namespaces import RDF, XSD
from greentaxo.validate.mirror import run_graphwide, run_rules
from greentaxo.validate.report import Finding, Report
from greentaxo.validate.shacl import parse_turtle, run_shapes

TAXONOMY_SHAPES = "taxonomy.ttl"
SUBMISSION_SHAPES = ("achievement.ttl",)   # shapes for incoming submissions, not for the bundled graph
ENGINES = ("sparql", "shacl")


def _shape_files(root: Path) -> list[Path]:
    return sorted(f for f in P.shapes_dir(root).glob("*.ttl") if f.name not in SUBMISSION_SHAPES)


def _graph(files: list[Path]):
    from rdflib import Graph  # noqa: PLC0415  (heavy: rdflib)

    g = Graph()
    for f in files:
        g += parse_turtle(f)
    return g


def _background_files(root: Path) -> list[Path]:
    """Schema, functions and scenarios, so that a user's file of routes can be checked on its own."""
    onto = root / "ontology"
    return [onto / "greentaxo.ttl", *sorted((onto / "scenarios").glob("*.ttl"))]


def _add_match_triples(data, kg) -> None:
    """The SKOS match triples of the mapping rows (the store has them from SSSOM), for pyshacl's mapping rules."""
    from rdflib import URIRef  # noqa: PLC0415  (heavy: rdflib)

    for r in kg.mappings.rows if kg.mappings.files else []:
        if r.is_match:
            data.add((URIRef(r.subject_id), URIRef(r.predicate_id), URIRef(r.object_id)))


def _to_rdflib(kg, keep: tuple[str, ...]):
    """Copy the named graphs listed in `keep` (file URIs) into rdflib for pyshacl, without route details.

    Route rules run on pyoxigraph (mirror); only the rdf:type of routes is needed by the other shapes,
    and leaving the rest out keeps rdflib's slow triple-by-triple build short.
    """
    from rdflib import BNode, Graph, Literal, URIRef  # noqa: PLC0415  (heavy: rdflib)

    XSD_STRING = XSD + "string"

    def conv(t):
        name = type(t).__name__
        if name == "NamedNode":
            return URIRef(t.value)
        if name == "BlankNode":
            return BNode(t.value)
        # xsd:string is dropped: rdflib tells "x" and "x"^^xsd:string apart, so sh:in ("x") would never match
        plain = t.language or t.datatype.value == XSD_STRING
        return Literal(t.value, lang=t.language, datatype=None if plain else URIRef(t.datatype.value))

    routes = {r["r"].value for r in kg.query("SELECT ?r WHERE { ?r a gt:TechnologyRoute }")}
    g = Graph()
    for name in kg.store.named_graphs():
        if name.value not in keep:
            continue
        for q in kg.store.quads_for_pattern(None, None, None, name):
            if q.subject.value in routes and q.predicate.value != RDF + "type":
                continue
            g.add((conv(q.subject), conv(q.predicate), conv(q.object)))
    return g


def _run(kg, data_files: list[Path], root: Path, engine: str) -> tuple[list[Finding], int]:
    if engine not in ENGINES:
        raise InputError(f"--engine {engine!r} unknown; choose {' or '.join(ENGINES)}")
    shape_files = _shape_files(root)
    findings: list[Finding] = []
    if engine == "shacl":
        data = _graph(data_files + _background_files(root))
        _add_match_triples(data, kg)
        found, _ = run_shapes(data, _graph(shape_files))
        findings += found
    else:
        tax = _graph([f for f in shape_files if f.name == TAXONOMY_SHAPES])
        findings += run_rules(kg, tax) + run_graphwide(kg, tax)
        others = [f for f in shape_files if f.name != TAXONOMY_SHAPES]
        if others:
            from rdflib import URIRef  # noqa: PLC0415  (heavy: rdflib)

            shapes = _graph(others)
            findings += run_graphwide(kg, shapes)
            # the per-node shapes (scenarios, functions) go to pyshacl; graph-wide ones already ran above,
            # so their targets are dropped here, and route triples other than rdf:type are left out
            for triple in list(shapes.triples((None, URIRef("http://www.w3.org/ns/shacl#targetNode"), None))):
                shapes.remove(triple)
            keep = tuple(f.resolve().as_uri() for f in _background_files(root) + data_files)
            found, _ = run_shapes(_to_rdflib(kg, keep), shapes)
            findings += found
    n = len(list(kg.query("SELECT ?c WHERE { ?c a gt:TechnologyRoute }")))
    return sorted(set(findings), key=lambda f: (f.focus, f.check, f.message)), n


def validate_files(files: list[Path], root: Path | None = None, engine: str = "sparql") -> Report:
    """The shapes over any Turtle files a user points at (with our schema, functions and scenarios)."""
    root = P.home(root)
    expanded: list[Path] = []
    for f in files:      # a folder stands for the Turtle files in it
        if f.is_dir():
            inside = sorted(f.glob("*.ttl"))
            if not inside:
                raise InputError("folder holds no .ttl files", source=str(f))
            expanded += inside
        else:
            expanded.append(f)
    files = expanded
    kg = KnowledgeGraph.from_files(_background_files(root) + list(files), root)
    findings, n = _run(kg, list(files), root, engine)
    return Report(findings, {"files": len(files), "routes": n})


def validate_bundle(root: Path | None = None, with_mappings: bool = True, engine: str = "sparql") -> Report:
    """The bundled taxonomy: routes and scenarios through the shapes, then every mapping row and leaf coverage."""
    root = P.home(root)
    kg = load_graph(str(root))
    onto = root / "ontology"
    route_files = [f for sub in ("routes", "kpis", "facets") for f in sorted((onto / sub).glob("*.ttl"))]
    indicator_files = sorted((onto / "indicators").glob("*.ttl"))   # their shapes need their triples
    findings, n = _run(kg, route_files + indicator_files, root, engine)
    report = Report(findings, {"files": len(route_files), "routes": n})
    if indicator_files:
        report.checked["indicator_systems"] = len(indicator_files)
    if with_mappings:
        report.findings.extend(check_mappings(kg) + leaf_coverage(kg))
        report.checked["mapping_rows"] = len(kg.mappings.rows)
        report.checked["mapping_files"] = len(kg.mappings.files)
    return report

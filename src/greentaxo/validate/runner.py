"""`greentaxo validate`: SHACL over the routes plus the mapping checks, as one report."""
from __future__ import annotations

from pathlib import Path

from greentaxo import paths as P
from greentaxo.validate.report import Finding, Report
from greentaxo.validate.shacl import parse_turtle, run_shapes


def _shapes(root: Path):
    from rdflib import Graph

    g = Graph()
    for f in sorted(P.shapes_dir(root).glob("*.ttl")):
        g += parse_turtle(f)
    return g


def _background(root: Path):
    """Schema and functions, so that a user's file of routes can be checked on its own."""
    from rdflib import Graph

    g = Graph()
    g += parse_turtle(root / "ontology" / "greentaxo.ttl")
    for f in sorted((root / "ontology" / "scenarios").glob("*.ttl")):
        g += parse_turtle(f)
    return g


def validate_files(files: list[Path], root: Path | None = None) -> Report:
    """SHACL over any Turtle files a user points at (with our schema and functions as background)."""
    from rdflib import Graph

    root = P.home(root)
    data = Graph()
    for f in files:
        data += parse_turtle(f)
    data += _background(root)   # pyshacl mixes ont_graph in only with inference, which we do not run
    findings, n = run_shapes(data, _shapes(root))
    return Report(findings, {"files": len(files), "routes": n})


def validate_bundle(root: Path | None = None, with_mappings: bool = True) -> Report:
    """The bundled taxonomy: routes and scenarios through SHACL, then every mapping row and leaf coverage."""
    root = P.home(root)
    route_files = sorted((root / "ontology" / "routes").glob("*.ttl"))
    report = validate_files(route_files, root)
    if with_mappings:
        from greentaxo.graph import load_graph
        from greentaxo.mappings.check import check_mappings, leaf_coverage

        kg = load_graph(str(root))
        extra: list[Finding] = check_mappings(kg) + leaf_coverage(kg)
        report.findings.extend(extra)
        report.checked["mapping_rows"] = len(kg.mappings.rows)
        report.checked["mapping_files"] = len(kg.mappings.files)
    return report

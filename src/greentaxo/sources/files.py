"""The editable sources of one repository root: route Turtle files and SSSOM mapping sets.

Everything in the editorial workflow (spreadsheet round-trip, diff, release) reads and writes the
sources through these few functions, so that "a root" always means the same files: the route files
in ontology/routes/, the route indicators in ontology/kpis/, the facet scheme in ontology/facets/ and
the mapping sets in mappings/.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from greentaxo import paths
from greentaxo.errors import InputError
from greentaxo.mappings import sssom
from greentaxo.namespaces import FACET_SCHEME, GTR, ROUTE_SCHEME
from greentaxo.sources.serialise import write_facets, write_kpis, write_routes


def routes_dir(root: Path) -> Path:
    return root / "ontology" / "routes"


def route_files(root: Path) -> list[Path]:
    return sorted(routes_dir(root).glob("*.ttl"))


def load_routes(root: Path) -> Graph:
    """The route scheme (scheme node and every route) as an rdflib graph, for editing and comparing."""
    files = route_files(root)
    if not files:
        raise InputError("no route files (ontology/routes/*.ttl) here; give a repository root", source=str(root))
    g = Graph()
    for f in files:
        try:
            g.parse(f, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            raise InputError(f"malformed Turtle: {str(exc).splitlines()[0]}", source=str(f)) from None
    return g


def kpis_dir(root: Path) -> Path:
    return root / "ontology" / "kpis"


def facets_dir(root: Path) -> Path:
    return root / "ontology" / "facets"


def load_sources(root: Path) -> Graph:
    """Routes with their indicators and the facet scheme: everything an editor changes besides mapping rows
    (a retirement touches all three: labels, indicators and facet links follow the successor)."""
    g = load_routes(root)
    for f in sorted(kpis_dir(root).glob("*.ttl")) + sorted(facets_dir(root).glob("*.ttl")):
        try:
            g.parse(f, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            raise InputError(f"malformed Turtle: {str(exc).splitlines()[0]}", source=str(f)) from None
    return g


def write_sources(g: Graph, root: Path) -> list[Path]:
    """Write routes, indicators and facets of `g` under `root` with the canonical writers."""
    written = write_routes(g, routes_dir(root))
    written += write_kpis(g, kpis_dir(root))
    if (URIRef(FACET_SCHEME), None, None) in g:
        written += write_facets(g, facets_dir(root))
    return written


def concept_iris(g: Graph) -> set[str]:
    """Every route IRI in the scheme (deprecated ones included: IRIs are never deleted)."""
    scheme = URIRef(ROUTE_SCHEME)

    return {str(s) for s in g.subjects(SKOS.inScheme, scheme) if str(s).startswith(GTR)}


def mapping_sets(root: Path) -> dict:
    """scheme id -> MappingSetFile for every mappings/*.sssom.tsv under the root."""
    out = {}
    for f in paths.mapping_files(root):
        ms = sssom.read(f)
        out[ms.scheme] = ms
    return out


def write_mapping_set(path: Path, scheme: str, rows: list, template=None, *, version: str | None = None,
                      date: str | None = None) -> None:
    """Write one SSSOM file, keeping the header of `template` (the file being replaced) where given."""
    meta = template.metadata if template is not None else {}
    sssom.write(path, scheme, rows,
                version=version or str(meta.get("mapping_set_version", "0.1.0")),
                title=str(meta.get("mapping_set_title", f"Routes to {scheme}")),
                date=date or str(meta.get("mapping_date", dt.date.today().isoformat())),
                object_source_version=str(meta.get("object_source_version", "")))


def row_key(r) -> tuple:
    """Everything an SSSOM file stores about a row, as a comparable tuple."""
    return (r.subject_id, r.subject_label, r.predicate_id, r.predicate_modifier, r.object_id, r.object_label,
            r.mapping_justification, r.confidence, r.author_id, r.comment, r.industry_role)

"""Serialise concepts and the whole graph in the standard RDF formats (and CSV / SSSOM)."""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pyoxigraph as ox

from greentaxo.errors import InputError
from greentaxo.mappings import sssom
from greentaxo.namespaces import PREFIXES
from greentaxo.security.cells import safe_row

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

RDF_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
FORMATS = (*RDF_FORMATS, "csv", "sssom")
MEDIA = {**{k: v[1] for k, v in RDF_FORMATS.items()}, "csv": "text/csv", "sssom": "text/tab-separated-values"}


def _triples(kg: KnowledgeGraph, subjects: list[str]) -> list[ox.Triple]:
    out = []
    for s in subjects:
        for q in kg.store.quads_for_pattern(ox.NamedNode(s), None, None):
            out.append(ox.Triple(q.subject, q.predicate, q.object))
    return out


def _serialise(triples, fmt: str) -> bytes:
    rdf_format = RDF_FORMATS[fmt][0]
    kwargs = {"prefixes": dict(PREFIXES)} if fmt in ("ttl", "rdfxml") else {}
    return ox.serialize(sorted(triples, key=str), format=rdf_format, **kwargs)


def concept_rdf(kg: KnowledgeGraph, iri: str, fmt: str) -> bytes:
    """One concept's own triples (labels, hierarchy, relations, mappings) in an RDF format."""
    if fmt not in RDF_FORMATS:
        raise InputError(f"format {fmt!r} unknown; choose one of {', '.join(RDF_FORMATS)}")
    return _serialise(_triples(kg, [iri]), fmt)


def export(kg: KnowledgeGraph, fmt: str) -> bytes:
    """The route scheme with its schema, functions and mappings (not the generated code systems)."""
    if fmt not in FORMATS:
        raise InputError(f"format {fmt!r} unknown; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return routes_csv(kg).encode("utf-8")
    if fmt == "sssom":
        return mappings_tsv(kg).encode("utf-8")
    codes = (kg.root / "ontology" / "codes").resolve().as_uri()
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.store
               if not str(getattr(q.graph_name, "value", "")).startswith(codes)]
    return _serialise(triples, fmt)


def routes_csv(kg: KnowledgeGraph) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "notation", "prefLabel_zh", "prefLabel_en", "altLabels", "broader", "trlMin", "trlMax",
                "definition_zh", "definition_en", "deprecated"])
    for c in sorted(kg.taxonomy.concepts.values(), key=lambda c: c.notation):
        alts = [a for lang in ("zh", "en") for a in c.alt.get(lang, [])]
        w.writerow(safe_row([c.iri, c.notation, c.pref.get("zh", ""), c.pref.get("en", ""), "; ".join(alts),
                             " ".join(c.broader), c.trl_min or "", c.trl_max or "", c.definition.get("zh", ""),
                             c.definition.get("en", ""), str(c.deprecated).lower()]))
    return buf.getvalue()


def mappings_tsv(kg: KnowledgeGraph) -> str:
    """All mapping sets as one SSSOM/TSV table, with its metadata block (curie_map, mapping_set_id, license)."""
    return sssom.combined(kg.mappings.rows, version=kg.version or "unversioned")

"""Shared by the deprecation, release-serving and impact-on-records tests: a copy of the sources with
known deprecations, written through the project's own route writer (as an import or an edit would)."""
from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from greentaxo.namespaces import GTR
from greentaxo.sources.files import load_routes
from greentaxo.sources.serialise import write_routes
from tests.support import ROOT

# R0104 -> R0105 -> R0102 is a chain; R0107 was split in two; R0108 was retired with no replacement
KNOWN = {"R0104": ["R0105"], "R0105": ["R0102"], "R0107": ["R0102", "R0103"], "R0108": []}


def copy_sources(dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for part in ("ontology", "mappings", "shapes"):
        shutil.copytree(ROOT / part, dst / part)
    return dst


def deprecate(root: Path, replacements: dict[str, list[str]] = KNOWN) -> Path:
    g = load_routes(root)
    for old, new in replacements.items():
        g.add((URIRef(GTR + old), OWL.deprecated, Literal(True)))
        for n in new:
            g.add((URIRef(GTR + old), DCTERMS.isReplacedBy, URIRef(GTR + n)))
    write_routes(g, root / "ontology" / "routes")
    return root

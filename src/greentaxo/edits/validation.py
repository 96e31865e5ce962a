"""Validate a change set before it is accepted: the taxonomy shapes over the edited route graph.

The whole route graph with the change applied is loaded, with the schema, functions and scenarios,
into an in-memory pyoxigraph store, and the taxonomy shapes run there through
greentaxo.validate.mirror (the SPARQL mirror the validate tests hold to the SHACL file, and the graph-wide
SPARQL constraints as written: unique notations and labels, notation prefixes, pointers to retired routes). pyshacl
over the same graph takes ~28 s (validate_files on the bundled routes, measured), the mirror ~0.4 s,
which is what makes validation on every submission affordable. A change is refused for the findings
it adds: findings already present before the change are the store's debt, not this editor's.
"""
from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from greentaxo.graph import KnowledgeGraph
from greentaxo.validate.mirror import run_graphwide, run_rules
from greentaxo.validate.report import Finding
from greentaxo.validate.runner import TAXONOMY_SHAPES, _background_files, _graph

_CACHE: dict[str, frozenset[Finding]] = {}
_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _background(root: str) -> bytes:
    """Schema, functions and scenarios as N-Triples, read once: the rules test functions and classes."""
    store = ox.Store()
    for f in _background_files(Path(root)):
        store.load(f.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=f.resolve().as_uri())
    return "".join(f"{q.triple} .\n" for q in store).encode("utf-8")


@lru_cache(maxsize=4)
def _shapes(root: str):
    return _graph([Path(root) / "shapes" / TAXONOMY_SHAPES])


def findings(concept_texts: list[str], root: Path) -> frozenset[Finding]:
    """Taxonomy-shape findings over the given concepts (canonical N-Triples, one text per concept)."""
    store = ox.Store()
    store.bulk_load(_background(str(root)), format=ox.RdfFormat.N_TRIPLES)
    store.bulk_load("".join(concept_texts).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    kg, shapes = KnowledgeGraph(store, root, []), _shapes(str(root))
    return frozenset(run_rules(kg, shapes) + run_graphwide(kg, shapes))


def cached_findings(concept_texts: list[str], root: Path) -> frozenset[Finding]:
    """`findings`, computed once per content (a hash of every concept's triples): the state a change set
    was validated into is, once approved, the baseline of the next submission."""
    digest = hashlib.sha256()
    for text in sorted(concept_texts):
        digest.update(text.encode("utf-8"))
    key = f"{root}|{digest.hexdigest()}"
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    found = findings(concept_texts, root)
    with _LOCK:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = found
    return found


def new_violations(before: frozenset[Finding], after: frozenset[Finding]) -> list[dict]:
    return [{"check": f.check, "severity": f.severity, "concept": f.focus, "message": f.message}
            for f in sorted(after - before, key=lambda f: (f.focus, f.check, f.message)) if f.severity == "error"]

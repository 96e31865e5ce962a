"""Load the knowledge graph once into an embedded pyoxigraph store.

pyoxigraph was chosen over rdflib's memory store by measurement (docs/benchmarks.md): it loads an
order of magnitude faster and answers hierarchy queries in milliseconds. rdflib stays for editing,
transforms and pyshacl.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from greentaxo import facets, kpi, paths
from greentaxo.codes.registry import CodeRegistry
from greentaxo.errors import InputError
from greentaxo.mappings.provider import MappingSet
from greentaxo.namespaces import GTR, PREFIXES, ROUTE_SCHEME
from greentaxo.taxonomy import Taxonomy

T = TypeVar("T")
_LOCK = threading.Lock()
_CACHE: dict[str, KnowledgeGraph] = {}


def parse_turtle_into(store: ox.Store, path: Path) -> None:
    """Load one Turtle file into its own named graph; bad input becomes a one-line InputError."""
    if not path.exists():
        raise InputError("file not found; check the path", source=str(path))
    data = path.read_bytes()
    if not data.strip():
        raise InputError("file is empty; a Turtle file needs at least one triple", source=str(path))
    try:
        store.load(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                   to_graph=ox.NamedNode(path.resolve().as_uri()))
    except SyntaxError as exc:
        line = _line_of(exc)
        raise InputError(f"malformed Turtle: {_first_line(exc)}", source=str(path), line=line) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; save the file as UTF-8", source=str(path)) from None


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def _line_of(exc: SyntaxError) -> int | None:
    # pyoxigraph reports "error at 3:14" style positions in the message; fall back to lineno.
    m = re.search(r"(?:line |at )(\d+):(\d+)", str(exc))
    if m:
        return int(m.group(1)) + (0 if "line " in m.group(0) else 1)
    return getattr(exc, "lineno", None)


class KnowledgeGraph:
    """The whole graph: schema, routes, scenarios, code systems and mappings.

    The store is read-only once loaded, so everything computed from it (the taxonomy, code and mapping
    indexes, the classifier's route index, the package assembler's pool, ...) is computed once and kept on
    the graph with `derived`: dropped with the graph, never shared between two graphs (a release served
    with ?release= has its own).
    """

    def __init__(self, store: ox.Store, root: Path, files: list[Path]) -> None:
        self.store = store
        self.root = root
        self.files = files
        self._derived: dict[str, object] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    @classmethod
    def from_files(cls, files: list[Path], root: Path, mapping_files: list[Path] | None = None) -> KnowledgeGraph:
        store = ox.Store()
        for f in files:
            parse_turtle_into(store, f)
        kg = cls(store, root, list(files))
        if mapping_files:
            kg.mappings.load_into(store, mapping_files)
        return kg

    def query(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)

    def derived(self, key: str, factory: Callable[[KnowledgeGraph], T]) -> T:
        """`factory(self)`, computed on first use and kept with the graph under `key` (a module's dotted
        name, e.g. "greentaxo.packages.pool"). Thread-safe: one lock per key, so two threads asking for the
        same index compute it once while other keys stay free. A factory must not ask for its own key."""
        try:
            return self._derived[key]           # type: ignore[return-value]
        except KeyError:
            pass
        with self._locks_lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._derived:
                self._derived[key] = factory(self)
            return self._derived[key]           # type: ignore[return-value]

    @property
    def taxonomy(self) -> Taxonomy:
        return self.derived("greentaxo.taxonomy", Taxonomy.from_graph)

    @property
    def codes(self) -> CodeRegistry:
        return self.derived("greentaxo.codes", CodeRegistry.from_graph)

    @property
    def mappings(self) -> MappingSet:
        return self.derived("greentaxo.mappings", MappingSet)

    @property
    def kpis(self) -> dict:
        """route IRI -> its key performance indicators (greentaxo.kpi)."""
        return self.derived("greentaxo.kpi", kpi.load)

    @property
    def facets(self) -> dict:
        """facet IRI -> project type, service, market mechanism or business model (greentaxo.facets)."""
        return self.derived("greentaxo.facets", facets.load)

    @property
    def version(self) -> str | None:
        """The release of the route scheme (its owl:versionInfo), None when it has none."""
        return self.derived("greentaxo.version", _scheme_version)

    def stats(self) -> dict:
        """Counts: the taxonomy's (concepts, leaves, per domain and depth), mapping rows per scheme and
        codes held per scheme (CLI `stats`, API /stats)."""
        s = self.taxonomy.stats()
        per_scheme: dict[str, int] = {}
        for r in self.mappings.rows:
            per_scheme[r.scheme] = per_scheme.get(r.scheme, 0) + 1
        s["mapping_rows"] = dict(sorted(per_scheme.items()))
        s["code_schemes"] = {k: len(v) for k, v in sorted(self.codes.codes.items())}
        return s

    def describe(self, ref: str) -> dict:
        """One route as a record: its own fields, its ancestors, every mapping row and, for a deprecated
        route, where its replacements lead (`succession`; `movedTo` when it left the route scheme for the facet
        scheme) and its key performance indicators (`kpis`) (CLI show, API)."""
        c = self.taxonomy.concept(ref)
        d = c.to_dict()
        d["ancestors"] = [a.iri for a in self.taxonomy.ancestors(c.iri)]
        d["mappings"] = [r.to_dict() for r in self.mappings.for_route(c.iri)]
        d["kpis"] = [k.to_dict() for k in self.kpis.get(c.iri, [])]
        note = self.taxonomy.deprecation(c.iri)
        if note:
            moved = facets.moved_to(self, c.replaced_by)
            if moved:
                note["movedTo"] = moved
            d["succession"] = note
        return d

    def __len__(self) -> int:
        return len(self.store)          # a full count in pyoxigraph: never on a hot path

    def __bool__(self) -> bool:
        # without this, `kg or default` would call __len__ and count the whole store
        return True


def _scheme_version(kg: KnowledgeGraph) -> str | None:
    rows = list(kg.query(f"SELECT ?v WHERE {{ <{ROUTE_SCHEME}> owl:versionInfo ?v }}"))
    return rows[0]["v"].value if rows else None


def load_graph(home: str | None = None) -> KnowledgeGraph:
    root = paths.home(home)
    key = str(root.resolve())
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = KnowledgeGraph.from_files(paths.ontology_files(root), root, paths.mapping_files(root))
        return _CACHE[key]


def route_scheme() -> str:
    return GTR + "scheme"


def invalidate(home: str | None = None) -> None:
    """Forget the cached graph of a root, so the next load() reads the files again (after an edit or release)."""
    key = str(paths.home(home).resolve())
    with _LOCK:
        _CACHE.pop(key, None)

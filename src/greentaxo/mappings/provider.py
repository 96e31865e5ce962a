"""MappingSet: the mapping rows of the bundled SSSOM sets, indexed both ways."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from greentaxo.mappings.sssom import MappingRow, MappingSetFile, read

if TYPE_CHECKING:
    import pyoxigraph

    from greentaxo.graph import KnowledgeGraph


class MappingSet:
    """All mapping rows. Rows are kept as read (with file and line) so that every answer can cite them."""

    def __init__(self, kg: KnowledgeGraph | None = None) -> None:
        self.kg = kg
        self.files: list[MappingSetFile] = []
        self.rows: list[MappingRow] = []
        self._by_subject: dict[str, list[MappingRow]] = defaultdict(list)
        self._by_object: dict[str, list[MappingRow]] = defaultdict(list)

    def add_file(self, msf: MappingSetFile) -> None:
        self.files.append(msf)
        for r in msf.rows:
            self.rows.append(r)
            self._by_subject[r.subject_id].append(r)
            self._by_object[r.object_id].append(r)

    def load_into(self, store: pyoxigraph.Store, paths: list[Path]) -> None:
        """Read the SSSOM files and add each positive match as a SKOS triple in the file's named graph."""
        for p in paths:
            msf = read(p)
            self.add_file(msf)
            graph = ox.NamedNode(p.resolve().as_uri())
            quads = [ox.Quad(ox.NamedNode(r.subject_id), ox.NamedNode(r.predicate_id), ox.NamedNode(r.object_id), graph)
                     for r in msf.rows if r.is_match]
            store.extend(quads)

    def schemes(self) -> list[str]:
        return sorted({f.scheme for f in self.files})

    def for_route(self, route_iri: str, scheme: str | None = None) -> list[MappingRow]:
        rows = self._by_subject.get(route_iri, [])
        return [r for r in rows if scheme is None or r.scheme == scheme]

    def for_code(self, code_iri: str) -> list[MappingRow]:
        return [r for r in self._by_object.get(code_iri, []) if r.is_match]

    def objects(self) -> list[str]:
        return list(self._by_object)

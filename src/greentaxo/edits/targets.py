"""What a change set touches: its targets as they are now, read on the caller's connection.

A deprecation with a successor (greentaxo.retirement) also touches the successor, every concept pointing at the
retired route and the mapping rows of both, so they are loaded (and their ETags checked at approval) too.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import sqlalchemy as sa

from greentaxo.edits import changesets as C
from greentaxo.edits.schema import MAPPINGS
from greentaxo.namespaces import GTF


@functools.cache
def facet_iris(root: Path) -> frozenset[str]:
    """The facet concepts of ontology/facets: mapping rows may have them as subject (routes moved to a facet)."""
    found = set()
    for f in sorted((root / "ontology" / "facets").glob("*.ttl")):
        found.update(GTF + m for m in re.findall(r"^gtf:(F\d+)\s*$", f.read_text(encoding="utf-8"), re.M))
    return frozenset(found)


def load_state(conn: sa.Connection, ops: list[dict], texts: dict[str, str],
               etags: dict[str, str]) -> tuple[C.State, dict[str, str | None]]:
    """The targets of `ops` as they are now, and the ETag each had (the change set's base)."""
    state, base = C.State(), {}

    def load(iri: str) -> None:
        if iri not in state.concepts:
            state.concepts[iri] = C.parse_nt(texts[iri]) if iri in texts else None
            base[iri] = etags.get(iri)

    def load_row(row) -> None:
        if row.id not in state.mappings:
            state.mappings[row.id] = json.loads(row.data)
            state.mapping_scheme[row.id] = row.scheme
            base[row.id] = row.etag

    for i, op in enumerate(ops):
        if op["op"] in C.CONCEPT_OPS:
            iri = C.iri_of(op.get("concept") or "", f"ops[{i}].concept")
            load(iri)
            if op["op"] == "deprecate" and op.get("replacedBy"):
                # deprecation in one step touches the successor, every concept pointing at the route
                # (relations, narrower routes) and the mapping rows of both (C.retire_in_state)
                succ = C.iri_of(op["replacedBy"], f"ops[{i}].replacedBy")
                load(succ)
                needle = f" <{iri}> .\n"
                for other, text in texts.items():
                    if other != iri and needle in text:
                        load(other)
                for row in conn.execute(sa.select(MAPPINGS).where(MAPPINGS.c.subject.in_([iri, succ]))):
                    load_row(row)
        elif op.get("mapping"):
            row = conn.execute(sa.select(MAPPINGS).where(MAPPINGS.c.id == op["mapping"])).first()
            if row:
                load_row(row)
            else:
                state.mappings.setdefault(op["mapping"], None)
                base.setdefault(op["mapping"], None)
    return state, base

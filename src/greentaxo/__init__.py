"""greentaxo: a knowledge graph of green-technology routes.

Heavy modules (rdflib, pyoxigraph, pyshacl) are imported lazily so that the CLI starts fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from greentaxo.graph import KnowledgeGraph


def load(home: str | None = None) -> KnowledgeGraph:
    """Return the bundled knowledge graph (routes, schema, code systems, mappings), loaded once."""
    from greentaxo.graph import load_graph  # noqa: PLC0415  (start-up: `import greentaxo` stays light for the CLI)

    return load_graph(home)

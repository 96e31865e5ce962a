"""The backend contract, in the style of Annif: public methods check input and wrap `_train`/`_suggest`.

Backends score every live route for a batch of documents at once (numpy arrays, one row per document,
one column per route in `RouteIndex` order), so that fusion and the hierarchy rules are vectorised.
"""
from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from greentaxo.classify.document import Document
    from greentaxo.classify.routes import RouteIndex


# A label occurrence: (start, end) in the normalised text, the label as written, and the normalised text
# (which maps back to input offsets). Kept as a plain tuple because most are never shown: input offsets
# are worked out only for the routes a record returns (`evidence_dicts`).
Evidence = tuple  # (int, int, str, NormText)


def evidence_dicts(items: list[Evidence], limit: int) -> list[dict]:
    """The first `limit` distinct spans, in text order, as output objects with input offsets."""
    out: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for i, j, matched, nt in sorted(items, key=lambda e: (e[0], -e[1])):
        s, e = nt.span(i, j)
        if (s, e) in seen:          # "heat pump" and "heat pumps" both cover "Heat Pumps"
            continue
        seen.add((s, e))
        out.append({"start": s, "end": e, "text": nt.raw[s:e], "matched": matched})
        if len(out) >= limit:
            break
    return out


@dataclass
class Entries:
    """Features that are zero for nearly every route (a document matches a label of 2 of 703 routes on
    average), kept only where they are not: one entry per (document, route) pair, in no particular
    order, with one value per feature name. Classifying works on these directly; training, which needs
    every pair, asks for `dense`."""

    rows: np.ndarray
    cols: np.ndarray
    values: dict[str, np.ndarray]

    def dense(self, n_docs: int, n_routes: int) -> dict[str, np.ndarray]:
        out = {}
        for name, v in self.values.items():
            m = np.zeros((n_docs, n_routes), dtype=np.float32)
            m[self.rows, self.cols] = v
            out[name] = m
        return out


@dataclass
class BackendResult:
    """Named feature matrices (n_docs x n_routes), or `entries` for sparse ones, and, per document,
    evidence by route column."""

    features: dict[str, np.ndarray]
    evidence: list[dict[int, list[Evidence]]] = field(default_factory=list)
    entries: Entries | None = None

    def all_features(self, n_docs: int, n_routes: int) -> dict[str, np.ndarray]:
        """Every feature as a dense matrix (for training)."""
        return {**self.features, **(self.entries.dense(n_docs, n_routes) if self.entries else {})}


class Backend(abc.ABC):
    name: str = "backend"

    def __init__(self, routes: RouteIndex) -> None:
        self.routes = routes

    @property
    def is_trained(self) -> bool:
        return True

    def train(self, docs: list[Document], gold: list[list[int]]) -> None:
        """Fit on documents with their gold route columns (the taxonomy's own text is added by the backend)."""
        if len(docs) != len(gold):
            raise ValueError("train: one gold list per document is required")
        self._train(docs, gold)

    def check_trained(self) -> None:
        if not self.is_trained:
            raise RuntimeError(f"backend {self.name!r} is not trained; run `greentaxo train` first")

    def suggest(self, docs: list[Document]) -> BackendResult:
        self.check_trained()
        result = self._suggest(docs)
        for name, m in result.features.items():
            if m.shape != (len(docs), len(self.routes)):
                raise AssertionError(f"backend {self.name} feature {name} has shape {m.shape}")
        if result.entries is not None:
            e = result.entries
            if any(v.shape != e.rows.shape for v in [e.cols, *e.values.values()]):
                raise AssertionError(f"backend {self.name}: entries of unequal length")
        return result

    def _train(self, docs: list[Document], gold: list[list[int]]) -> None:  # noqa: B027 - optional hook
        """Backends without a statistical part need no training."""

    @abc.abstractmethod
    def _suggest(self, docs: list[Document]) -> BackendResult: ...

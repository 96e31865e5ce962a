"""The route taxonomy as arrays: one column per live route, with the hierarchy and mapped codes.

Built once per knowledge graph; everything the classifier needs at request time is a list or a numpy
array here, so classifying a batch never touches the RDF store.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.taxonomy import Concept

# the code systems reported in every output record, in this order
CODE_SCHEMES = ("gbt4754-2017", "gbt13745-2009", "gfspc2025", "gigc2019", "eutaxonomy", "ipc")


@dataclass
class RouteIndex:
    concepts: list[Concept]
    parent: np.ndarray              # column of the parent route, -1 for a domain
    depth: np.ndarray
    leaf: np.ndarray                # bool
    domain: np.ndarray              # column of the top-level domain
    codes: list[dict[str, list[str]]]
    ipc_rows: list[tuple[str, int, float]]   # (IPC code as in our IRIs, route column, mapping confidence)
    taxonomy_version: str

    def __post_init__(self) -> None:
        self.iris = [c.iri for c in self.concepts]
        self.col = {iri: i for i, iri in enumerate(self.iris)}
        self.lineage: list[tuple[int, ...]] = []       # strict ancestors, nearest first
        for i in range(len(self.concepts)):
            anc, p = [], int(self.parent[i])
            while p >= 0 and p not in anc:
                anc.append(p)
                p = int(self.parent[p])
            self.lineage.append(tuple(anc))
        self.ancestors: list[frozenset[int]] = [frozenset(a) for a in self.lineage]
        self.below: list[list[int]] = [[i] for i in range(len(self.concepts))]     # a route and every route under it
        for i, anc in enumerate(self.lineage):
            for a in anc:
                self.below[a].append(i)
        self.children: list[list[int]] = [[] for _ in self.concepts]
        for i, p in enumerate(self.parent.tolist()):
            if p >= 0:
                self.children[p].append(i)
        # the same as flat arrays (CSR: route -> its strict ancestors), for vectorised lookups
        self.anc_ptr = np.cumsum([0] + [len(a) for a in self.lineage]).astype(np.int64)
        self.anc_idx = np.array([a for anc in self.lineage for a in anc], dtype=np.int64)
        # bottom-up passes for "a child lifts its parent": deepest level first
        # per level: the kids grouped by parent, each parent once, and where its group starts (for reduceat)
        self.lift_levels: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for d in sorted(set(self.depth.tolist()), reverse=True):
            kids = np.where((self.depth == d) & (self.parent >= 0))[0]
            if len(kids):
                kids = kids[np.argsort(self.parent[kids], kind="stable")]
                parents, start = np.unique(self.parent[kids], return_index=True)
                self.lift_levels.append((kids, parents, start))

    def __len__(self) -> int:
        return len(self.concepts)

    @cached_property
    def echoes(self) -> np.ndarray:
        """Per route (bool): one of its labels contains one of its parent's ("聚光光伏发电" under 光伏发电). A title
        that names the parent by that label matches the child's n-grams as well as it ever will, and says
        nothing of the child's own qualifier (`fusion.best_leaf` stops at the parent)."""
        from greentaxo.classify.textnorm import normalise_label  # noqa: PLC0415  (only when selection first needs it)

        def names(c: Concept) -> set[str]:        # padded, so that a Latin label is found only as whole words
            return {f" {n} " for _k, _lang, t in c.all_labels() if len(n := normalise_label(t).strip()) >= 2}
        own = [names(c) for c in self.concepts]
        # Chinese has no word boundaries: a parent's label counts anywhere in the child's, without its padding
        keys = [{q if q.isascii() else q.strip() for q in labels} for labels in own]
        return np.array([p >= 0 and any(q in n for q in keys[p] for n in own[i])
                         for i, p in enumerate(self.parent.tolist())], dtype=bool)

    def content_hash(self) -> str:
        """A hash of what the classifier reads from the taxonomy: the live routes, their parents, labels,
        sense rules, exclusion words, definitions and IPC mappings. A model records it; a different one at load time means
        the model was built for another state of the taxonomy (`Classifier.stale`)."""
        h = hashlib.sha256()
        for i, c in enumerate(self.concepts):
            parts = [c.iri, str(int(self.parent[i])), repr(sorted(c.all_labels())),
                     repr(sorted((k, sorted(v)) for k, v in c.ambiguous.items())),
                     repr(sorted((k, sorted(v)) for k, v in c.context.items())), repr(sorted(c.definition.items())),
                     repr(sorted((k, sorted(v)) for k, v in c.excluded.items()))]
            if c.vetoed:             # only where present, so that models built before gt:vetoedBy keep their hash
                parts.append(repr(sorted((k, sorted(v)) for k, v in c.vetoed.items())))
            h.update("\x1f".join(parts).encode("utf-8") + b"\x1e")
        h.update(repr(sorted(self.ipc_rows)).encode("utf-8"))
        return h.hexdigest()[:16]

    def column(self, ref: str) -> int | None:
        return self.col.get(ref)

    @classmethod
    def from_graph(cls, kg: KnowledgeGraph) -> RouteIndex:
        tx = kg.taxonomy
        live = tx.live()
        col = {c.iri: i for i, c in enumerate(live)}
        parent = np.array([next((col[b] for b in c.broader if b in col), -1) for c in live], dtype=np.int64)
        depth = np.array([tx.depth(c.iri) for c in live], dtype=np.int64)
        leaf = np.array([not tx.children(c.iri) for c in live], dtype=bool)
        domain = np.array([col.get(tx.domain_of(c.iri).iri, i) for i, c in enumerate(live)], dtype=np.int64)
        own: list[dict[str, list[str]]] = [{} for _ in live]
        nothing: list[set[str]] = [set() for _ in live]   # schemes where the editors said "no category"
        ipc_rows: list[tuple[str, int, float]] = []
        for c in live:
            i = col[c.iri]
            for r in kg.mappings.for_route(c.iri):
                if r.scheme not in CODE_SCHEMES:
                    continue
                if r.no_term and not r.negated:
                    nothing[i].add(r.scheme)
                elif r.is_match and (code := r.code):
                    have = own[i].setdefault(r.scheme, [])
                    if code not in have:
                        have.append(code)
                    if r.scheme == "ipc":
                        ipc_rows.append((code, i, r.confidence if r.confidence is not None else 0.5))
        codes = []
        for i in range(len(live)):
            merged: dict[str, list[str]] = {}
            for scheme in CODE_SCHEMES:
                # a route without its own mapping inherits its nearest mapped ancestor's codes, unless the
                # editors recorded that no category exists for it (sssom:NoTermFound)
                j = i
                while j >= 0 and scheme not in own[j] and scheme not in nothing[j]:
                    j = int(parent[j])
                merged[scheme] = sorted(own[j].get(scheme, [])) if j >= 0 else []
            codes.append(merged)
        return cls(live, parent, depth, leaf, domain, codes, ipc_rows, kg.version or "unversioned")


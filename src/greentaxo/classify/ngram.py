"""Statistical part: TF-IDF over character n-grams, one centroid per route (the approach of Annif's tfidf
backend, but on characters so that two-character Chinese terms are never dropped by a tokeniser).

Hashing keeps the model small and needs no vocabulary: n-grams are hashed into 2**18 columns; only the
document frequencies seen in training and the pruned centroids are stored. The hashing is done with
numpy over a whole batch at once (code points -> rolling polynomial hash -> Fibonacci hashing), which is
about ten times faster than scikit-learn's per-character Python analyzer on 500-character texts. A route's centroid is built
from its own labels and definitions, its training documents, and (at half weight) those of its
descendants, so an inner route stands for its whole subtree.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from greentaxo.classify.base import Backend, BackendResult
from greentaxo.classify.document import Document
from greentaxo.classify.textnorm import fold

N_FEATURES = 2 ** 18
NGRAMS = (2, 3)
KEEP_PER_ROUTE = 1500          # centroid pruning: the rest carries little weight and costs memory
# n-grams found in the centroids of more routes than this are dropped from all centroids: they barely
# discriminate, yet they dominate the cost of the sparse similarity product
MAX_ROUTES_PER_FEATURE = 30
DESCENDANT_WEIGHT = 0.5


def preprocess(text: str) -> str:
    """Whole-string fold (width, case, traditional -> simplified, separators); n-grams tolerate plurals."""
    return fold(text)


_BITS = 18
_MULT = np.uint64(0x9E3779B97F4A7C15)     # 2**64 / golden ratio: spreads the hash over the top bits
_BASE = np.uint64(1_000_003)
_SALT = {n: np.uint64((n * 0x517CC1B727220A95) % 2**64) for n in range(1, 9)}


def hash_counts(texts: list[str]) -> sp.csr_matrix:
    """Counts of hashed character n-grams (sizes NGRAMS), one row per already folded text."""
    if not texts:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    folded = [" ".join(t.split()) for t in texts]
    joined = "\x00".join(folded)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.array([len(t) for t in folded], dtype=np.int64)
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(cps)]
    rows, cols = [], []
    h = cps.copy()
    with np.errstate(over="ignore"):
        for n in range(2, NGRAMS[1] + 1):
            h = h[:-1] * _BASE + cps[n - 1:]
            if n < NGRAMS[0]:
                continue
            ok = doc[: len(h)] == doc[n - 1:]                # the n-gram lies inside one text
            ok &= (cps[: len(h)] != 0) & (cps[n - 1:] != 0)
            idx = ((h ^ _SALT[n]) * _MULT) >> np.uint64(64 - _BITS)
            rows.append(doc[: len(h)][ok])
            cols.append(idx[ok].astype(np.int64))
    # count duplicates with one sort of (row, column) keys; the result is already in CSR order
    flat = np.concatenate(rows) * N_FEATURES + np.concatenate(cols)
    if len(texts) * N_FEATURES < 2 ** 32:
        flat = flat.astype(np.uint32)          # sorting 32-bit keys is about twice as fast
    keys, counts = np.unique(flat, return_counts=True)
    keys = keys.astype(np.int64)
    r = keys // N_FEATURES
    indptr = np.searchsorted(r, np.arange(len(texts) + 1))
    return sp.csr_matrix((counts.astype(np.float32), (keys % N_FEATURES).astype(np.int32), indptr.astype(np.int32)),
                         shape=(len(texts), N_FEATURES))


def route_text(concept) -> str:
    labels = [t for _k, _l, t in concept.all_labels()]
    return "\n".join(labels + list(concept.definition.values()))


def _l2(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


class NgramBackend(Backend):
    name = "ngram"

    def __init__(self, routes) -> None:
        super().__init__(routes)
        self.idf: np.ndarray | None = None
        self.centroids_t: sp.csr_matrix | None = None     # n_features x n_routes

    @property
    def is_trained(self) -> bool:
        return self.centroids_t is not None

    # -- training
    def counts(self, texts: list[str]) -> sp.csr_matrix:
        return hash_counts([preprocess(t) for t in texts])

    def _train(self, docs: list[Document], gold: list[list[int]]) -> None:
        self.fit_counts(self.counts([route_text(c) for c in self.routes.concepts]),
                        self.counts([d.full_text for d in docs]), gold)

    def fit_counts(self, route_counts: sp.csr_matrix, doc_counts: sp.csr_matrix, gold: list[list[int]]) -> None:
        """Fit from raw n-gram counts (lets training reuse one vectorisation across cross-validation folds)."""
        allc = sp.vstack([route_counts, doc_counts]).tocsr()
        df = np.bincount(allc.indices, minlength=N_FEATURES).astype(np.float32)
        n = allc.shape[0]
        self.idf = (np.log((n + 1) / (df + 1)) + 1).astype(np.float32)
        own = _l2(self._weigh(route_counts)).tolil()
        docs = _l2(self._weigh(doc_counts))
        rows, cols = [], []
        for d, g in enumerate(gold):
            for c in g:
                rows.append(c)
                cols.append(d)
        assign = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                               shape=(len(self.routes), docs.shape[0]))
        per_route = _l2(sp.csr_matrix(own) + assign @ docs)
        # add descendants at half weight: walk each route's ancestors once
        anc_rows, anc_cols, anc_w = [], [], []
        for i, anc in enumerate(self.routes.ancestors):
            anc_rows.append(i)
            anc_cols.append(i)
            anc_w.append(1.0)
            for a in anc:
                anc_rows.append(a)
                anc_cols.append(i)
                anc_w.append(DESCENDANT_WEIGHT)
        up = sp.csr_matrix((np.array(anc_w, dtype=np.float32), (anc_rows, anc_cols)),
                           shape=(len(self.routes), len(self.routes)))
        # one extra centroid, after the routes: the training records that are not green
        neg = [d for d, g in enumerate(gold) if not g]
        neg_row = sp.csr_matrix(docs[neg].sum(axis=0)) if neg else sp.csr_matrix((1, N_FEATURES), dtype=np.float32)
        cent = self._prune(_l2(sp.vstack([sp.csr_matrix(up @ per_route), neg_row]).tocsr()))
        common = np.bincount(cent.indices, minlength=N_FEATURES) > MAX_ROUTES_PER_FEATURE
        cent.data[common[cent.indices]] = 0
        cent.eliminate_zeros()
        self.centroids_t = sp.csr_matrix(_l2(cent).T)
        self.centroids_t.indices = self.centroids_t.indices.astype(np.int32)
        self.centroids_t.indptr = self.centroids_t.indptr.astype(np.int32)

    @staticmethod
    def _prune(m: sp.csr_matrix) -> sp.csr_matrix:
        rows = []
        for i in range(m.shape[0]):
            row = m.getrow(i)
            if row.nnz > KEEP_PER_ROUTE:
                keep = np.argpartition(row.data, -KEEP_PER_ROUTE)[-KEEP_PER_ROUTE:]
                row = sp.csr_matrix((row.data[keep], (np.zeros(len(keep), dtype=np.int64), row.indices[keep])),
                                    shape=row.shape)
            rows.append(row)
        return sp.vstack(rows).tocsr()

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        m = counts.copy().astype(np.float32)
        m.data = np.log1p(m.data) * self.idf[m.indices]     # sublinear tf x idf
        return m

    # -- suggesting
    def similarities(self, counts: sp.csr_matrix) -> np.ndarray:
        """Cosine similarity to each route centroid, plus a last column: to the not-green centroid."""
        x = _l2(self._weigh(counts))
        return np.asarray((x @ self.centroids_t).todense(), dtype=np.float32)

    def _suggest(self, docs: list[Document]) -> BackendResult:
        # the label matcher has already folded title + abstract: reuse it (see Document.normalised)
        texts = [d.normalised.text + ("\n" + preprocess(" ; ".join(d.keywords)) if d.keywords else "") for d in docs]
        return BackendResult(self.features(self.similarities(hash_counts(texts))), [{} for _ in docs])

    @staticmethod
    def features(sim_all: np.ndarray) -> dict[str, np.ndarray]:
        sim, neg = sim_all[:, :-1], sim_all[:, -1:]
        top = sim.max(axis=1, keepdims=True)
        rel = np.divide(sim, top, out=np.zeros_like(sim), where=top > 0)
        return {"ngram": sim, "ngram_rel": rel, "ngram_top": (rel >= 0.999).astype(np.float32),
                "not_green": np.broadcast_to(neg, sim.shape)}

    # -- persistence
    def state(self) -> dict[str, np.ndarray]:
        df_idx = np.nonzero(self.idf != self.idf.max())[0].astype(np.int32)
        c = self.centroids_t.tocsr()
        return {"ngram_idf_idx": df_idx, "ngram_idf_val": self.idf[df_idx].astype(np.float16),
                "ngram_idf_max": np.array([self.idf.max()], dtype=np.float32),
                "ngram_c_data": c.data.astype(np.float16), "ngram_c_indices": c.indices.astype(np.int32),
                "ngram_c_indptr": c.indptr.astype(np.int64), "ngram_c_shape": np.array(c.shape, dtype=np.int64)}

    def load_state(self, arrays, route_map: np.ndarray) -> None:
        """`route_map[j]` is the current column of the model's route j, or -1 if it is gone."""
        idf = np.full(N_FEATURES, float(arrays["ngram_idf_max"][0]), dtype=np.float32)
        idf[arrays["ngram_idf_idx"]] = arrays["ngram_idf_val"].astype(np.float32)
        self.idf = idf
        c = sp.csr_matrix((arrays["ngram_c_data"].astype(np.float32), arrays["ngram_c_indices"],
                           arrays["ngram_c_indptr"]), shape=tuple(arrays["ngram_c_shape"]))
        # re-order the model's route columns to the live taxonomy; new routes get an empty centroid
        route_map = np.append(route_map, len(self.routes))       # the not-green centroid stays last
        keep = np.where(route_map >= 0)[0]
        perm = sp.csr_matrix((np.ones(len(keep), dtype=np.float32), (keep, route_map[keep])),
                             shape=(c.shape[1], len(self.routes) + 1))
        self.centroids_t = sp.csr_matrix(c @ perm)

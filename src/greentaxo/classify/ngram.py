"""Statistical part: TF-IDF, one centroid per route (the approach of Annif's tfidf backend), over
- character 2-3-grams of Chinese text, so that two-character Chinese terms are never dropped by a
  tokeniser (an n-gram counts when at least one of its ends is a CJK character), and
- Latin words (plural-folded, common function words left out) and word pairs: character 2-3-grams of
  English carry little meaning ("ion", "at"); words raised English NDCG@5 from 0.40 to 0.46 in
  cross-validation on the training split, Chinese unchanged (docs/classifier.md).
The green model (green.py) reads, after those, single Chinese characters and Latin character 3-grams.

Features are hashed into 2**19 columns, the first half for Chinese n-grams and the second for Latin words and
pairs, so that an English phrase never shares a column with a Chinese n-gram (docs/classifier.md). Hashing is done
with numpy over a whole batch (code points -> rolling polynomial hash -> Fibonacci hashing), about ten times faster
than scikit-learn's per-character analyzer on 500-character texts. A route's centroid is built from its labels and
definitions, its training documents and (at half weight) its descendants', so an inner route stands for its whole
subtree. Suggesting needs numpy only (`_similarity`): loading a model does not import scipy (~0.27 s of start-up).
"""
from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from greentaxo.classify.base import Backend, BackendResult
from greentaxo.classify.document import Document
from greentaxo.classify.textnorm import STOPWORDS as _STOP
from greentaxo.classify.textnorm import fold, latin_words

if TYPE_CHECKING:
    import scipy.sparse as sp

N_FEATURES = 2 ** 19
NGRAMS = (2, 3)
KEEP_PER_ROUTE = 1500          # centroid pruning: the rest carries little weight and costs memory
# features found in the centroids of more routes than this are dropped from all centroids: they barely
# discriminate, yet they dominate the cost of the sparse similarity product. 15 was the best of 8, 10, 15,
# 20, 30 and 50 in 4-fold cross-validation on the training split (docs/classifier.md)
MAX_ROUTES_PER_FEATURE = 15
DESCENDANT_WEIGHT = 0.5
REL_FLOOR = 0.1    # ngram_rel / ngram_top read the best similarity as at least this: noise is no best match (CV, classifier.md)
# names the text -> feature columns scheme and how labels are indexed and weighed (labels.py, textnorm.variants);
# a model file made with another one is refused (retrain)
FEATURIZER = ("cjk-char-2-3|latin-words-1-2/crc32-mix,split-2^18|green:latin-char-3;"
              f"labels-exact+word-set+us-spelling,groups-0.5,domains-0.25/5;rel-floor-{REL_FLOOR}")


def preprocess(text: str) -> str:
    """Whole-string fold (width, case, traditional -> simplified, separators); n-grams tolerate plurals."""
    return fold(text)


_BITS = 18                       # each script's half of the columns
LATIN_BASE = 2 ** _BITS          # Latin words and pairs start here; Chinese n-grams fill [0, LATIN_BASE)
_MULT = np.uint64(0x9E3779B97F4A7C15)     # 2**64 / golden ratio: spreads the hash over the top bits
_BASE = np.uint64(1_000_003)
_SALT = {n: np.uint64((n * 0x517CC1B727220A95) % 2**64) for n in range(1, 9)}


class Counts(NamedTuple):
    """Counts of hashed features for a batch of texts, in coordinate form ordered by feature column, then
    text. That order is the point: the similarity product looks every feature up in tables of ~4 MB (idf,
    centroid offsets, centroid entries), more than a core's cache on this machine, and in column order
    those reads run forward through memory instead of jumping about (3x faster; docs/classifier.md)."""

    data: np.ndarray            # count of feature cols[i] in text rows[i]
    rows: np.ndarray
    cols: np.ndarray
    shape: tuple[int, int]


# for the green model only, after the n-gram space (so the route similarity drops them as one suffix of the
# column-ordered counts): single CJK characters (code point modulo 2**16: none of the BMP collide), much of
# what a short Chinese title says; then Latin character 3-grams inside words (as scikit-learn's "char_wb"),
# for sparse English titles: the decision's English AUC +0.008-0.017 on patents-dev (docs/classifier.md)
UNIGRAM_SPACE = 2 ** 16
CHAR_BASE = N_FEATURES + UNIGRAM_SPACE
CHAR_SPACE = 2 ** 18
CHAR_NGRAMS = (3, 3)


def hash_counts(texts: list[str], unigrams: bool = False) -> sp.csr_matrix:
    """`count_arrays` as a scipy CSR matrix (for training), one row per already folded text."""
    import scipy.sparse as sp  # noqa: PLC0415  (heavy: scipy)

    c = count_arrays(texts, unigrams=unigrams)
    return sp.csr_matrix((c.data, (c.rows, c.cols)), shape=c.shape)


def without_unigrams(c: Counts) -> Counts:
    """The n-gram and word part of counts made with `unigrams=True` (a prefix: they are column-ordered)."""
    if c.shape[1] == N_FEATURES:
        return c
    cut = int(np.searchsorted(c.cols, N_FEATURES))
    return Counts(c.data[:cut], c.rows[:cut], c.cols[:cut], (c.shape[0], N_FEATURES))


def count_arrays(texts: list[str], words: list[list[str]] | None = None, unigrams: bool = False) -> Counts:
    """Counts of hashed features, without scipy. `words[i]`, if given, must be `latin_words(texts[i])`
    (the caller has it already). With `unigrams`, single CJK characters too (columns from N_FEATURES)."""
    width = CHAR_BASE + CHAR_SPACE if unigrams else N_FEATURES
    if not texts:
        return Counts(np.zeros(0, np.float32), np.zeros(0, np.int32), np.zeros(0, np.int32), (0, width))
    folded = [" ".join(t.split()) for t in texts]
    joined = "\x00".join(folded)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.array([len(t) for t in folded], dtype=np.int64)
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(cps)]
    rows, cols = [], []
    if unigrams:
        cjk = cps > 0x2E80
        char_rows, char_cols = _latin_char_grams(cps, doc)
        rows += [doc[cjk], char_rows]
        cols += [(cps[cjk] & np.uint64(UNIGRAM_SPACE - 1)).astype(np.int64) + N_FEATURES, char_cols]
    h = cps.copy()
    with np.errstate(over="ignore"):
        for n in range(2, NGRAMS[1] + 1):
            h = h[:-1] * _BASE + cps[n - 1:]
            if n < NGRAMS[0]:
                continue
            ok = doc[: len(h)] == doc[n - 1:]                # the n-gram lies inside one text
            ok &= (cps[: len(h)] != 0) & (cps[n - 1:] != 0)
            ok &= (cps[: len(h)] > 0x2E80) | (cps[n - 1:] > 0x2E80)    # Latin text is counted by words
            idx = ((h ^ _SALT[n]) * _MULT) >> np.uint64(64 - _BITS)
            rows.append(doc[: len(h)][ok])
            cols.append(idx[ok].astype(np.int64))
    w_rows, w_cols = _word_features(folded, words)
    rows.append(w_rows)
    cols.append(w_cols)
    # count duplicates with one sort of (column, row) keys, which also yields the column order
    n = len(texts)
    flat = np.concatenate(cols) * n + np.concatenate(rows)
    if n * width < 2 ** 32:
        flat = flat.astype(np.uint32)          # sorting 32-bit keys is about twice as fast
    keys, counts = np.unique(flat, return_counts=True)
    keys = keys.astype(np.int64)
    return Counts(counts.astype(np.float32), (keys % n).astype(np.int32), (keys // n).astype(np.int32),
                  (n, width))


def _latin_char_grams(cps: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Character 3-grams of Latin words, hashed into [CHAR_BASE, CHAR_BASE + CHAR_SPACE), from `count_arrays`'
    code points of the NUL-joined texts: a NUL or the batch's end marks a word edge as a space does (and hashes
    as one); an n-gram belongs to the text of its last character (a NUL, to the text before it)."""
    edge, top = np.uint64(0), np.uint64(65 - CHAR_SPACE.bit_length())     # top bits: exactly CHAR_SPACE columns
    cps, doc = np.concatenate([[edge], cps, [edge]]), np.concatenate([doc[:1], doc, doc[-1:]])
    latin = cps <= 0x2E80                                           # Latin letters, spaces and text edges
    letter, vals = latin & (cps != 32) & (cps != edge), np.where(cps == edge, np.uint64(32), cps)
    whole, inner, h, rows, cols = latin, np.ones(len(cps), bool), vals, [], []
    with np.errstate(over="ignore"):
        for n in range(2, CHAR_NGRAMS[1] + 1):
            h = h[:-1] * _BASE + vals[n - 1:]
            whole = whole[:-1] & latin[n - 1:]                      # every character Latin or an edge
            inner = inner[:-1] & (letter[n - 2:-1] if n > 2 else True)    # no space or edge inside the n-gram
            if n >= CHAR_NGRAMS[0]:
                ok = whole & inner
                rows.append(doc[n - 1:][ok])
                cols.append((((h[ok] ^ _SALT[n + 3]) * _MULT) >> top).astype(np.int64) + CHAR_BASE)
    return np.concatenate(rows), np.concatenate(cols)


class _WordColumns(dict):
    """word -> its hashed column, or -1 for what is not a word here (function words, numbers, single
    letters). crc32, not Python's salted hash, so columns are the same in every process; memoised (and
    bounded), as words repeat, and looked up with map() so known words cost no Python call."""

    def __missing__(self, word: str) -> int:
        if len(word) < 2 or word[0] <= "9" or word in _STOP:
            col = -1
        else:
            col = LATIN_BASE + (zlib.crc32(("w:" + word).encode()) & (LATIN_BASE - 1))
        if len(self) > 200_000:
            self.clear()
        self[word] = col
        return col


_WORD_COLUMNS = _WordColumns()
_PAIR_A, _PAIR_B = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def _word_features(folded: list[str], words_of: list[list[str]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Latin words (plural-folded) and pairs of neighbouring words, hashed into the Latin half of the
    columns. Character 2-3-grams of English carry little meaning; whole words and pairs carry
    most of it. A pair's column is mixed from its two words' columns in numpy."""
    cols: list[int] = []
    lengths: list[int] = []
    for d, t in enumerate(folded):
        c = list(map(_WORD_COLUMNS.__getitem__, words_of[d] if words_of is not None else latin_words(t)))
        cols.extend(c)
        lengths.append(len(c))
    u = np.array(cols, dtype=np.int64)
    doc = np.repeat(np.arange(len(folded), dtype=np.int64), lengths)
    single = u >= 0
    pair = single[:-1] & single[1:] & (doc[:-1] == doc[1:])
    a, b = u[:-1][pair].astype(np.uint64), u[1:][pair].astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed = (((a * _PAIR_A) ^ (b * _PAIR_B + np.uint64(1))) * _MULT) >> np.uint64(64 - _BITS)
    return (np.concatenate([doc[single], doc[:-1][pair]]),
            np.concatenate([u[single], mixed.astype(np.int64) + LATIN_BASE]))


def _similarity(x: Counts, idf: np.ndarray, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray,
                n_cols: int) -> np.ndarray:
    """Cosine similarity of l2-normalised tf-idf rows of `x` to the centroid columns (CSR: feature -> columns).

    Each (document, n-gram) pair is expanded into the centroid entries of that n-gram, and the products
    are summed per (document, column) with one bincount: the same arithmetic as scipy's sparse product,
    in a handful of vectorised passes. Any order of `x`'s entries gives the same sums as long as each
    text's features are ascending; column order (`count_arrays`) is the fast one.
    """
    n = x.shape[0]
    if n == 0:
        return np.zeros((0, n_cols), dtype=np.float32)
    rows, f = x.rows, x.cols
    w = np.log1p(x.data) * idf[f]                                   # sublinear tf x idf
    norm = np.sqrt(np.bincount(rows, w * w, minlength=n))
    norm[norm == 0] = 1.0
    w = (w / norm[rows]).astype(np.float32)
    lo = indptr[f]
    lens = indptr[f + 1] - lo
    keep = np.flatnonzero(lens)
    lo, w, rows, lens = lo[keep], w[keep], rows[keep], lens[keep]
    if not len(lens):
        return np.zeros((n, n_cols), dtype=np.float32)
    # 32-bit and in place: about a fifth faster than the same passes in 64 bits
    ends = np.cumsum(lens)
    pos = np.arange(int(ends[-1]), dtype=np.int32)
    pos += np.repeat((lo - ends + lens).astype(np.int32), lens)    # position of each expanded entry
    key = np.repeat(rows * np.int32(n_cols), lens)
    key += indices[pos]
    vals = data[pos]
    vals *= np.repeat(w, lens)
    return np.bincount(key, weights=vals, minlength=n * n_cols).reshape(n, n_cols).astype(np.float32)


def from_csr(m: sp.csr_matrix) -> Counts:
    """A scipy CSR count matrix (training) as `Counts`, in its row order."""
    rows = np.repeat(np.arange(m.shape[0], dtype=np.int32), np.diff(m.indptr))
    return Counts(m.data, rows, m.indices.astype(np.int32), m.shape)


def route_text(concept) -> str:
    labels = [t for _k, _l, t in concept.all_labels()]
    return "\n".join(labels + list(concept.definition.values()))


def _l2(m: sp.csr_matrix) -> sp.csr_matrix:
    import scipy.sparse as sp  # noqa: PLC0415  (heavy: scipy)

    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


class NgramBackend(Backend):
    name = "ngram"

    def __init__(self, routes) -> None:
        super().__init__(routes)
        self.idf: np.ndarray | None = None
        # centroids, transposed (n_features x (n_routes + 1)), as CSR arrays: indptr, indices, data
        self._cent: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @property
    def is_trained(self) -> bool:
        return self._cent is not None

    def _set_centroids(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray) -> None:
        self._cent = (indptr.astype(np.int32), indices.astype(np.int32), data.astype(np.float32))

    # -- training
    def counts(self, texts: list[str]) -> sp.csr_matrix:
        return hash_counts([preprocess(t) for t in texts])

    def _train(self, docs: list[Document], gold: list[list[int]]) -> None:
        self.fit_counts(self.counts([route_text(c) for c in self.routes.concepts]),
                        self.counts([d.full_text for d in docs]), gold)

    def fit_counts(self, route_counts: sp.csr_matrix, doc_counts: sp.csr_matrix, gold: list[list[int]]) -> None:
        """Fit from raw n-gram counts (lets training reuse one vectorisation across cross-validation folds)."""
        import scipy.sparse as sp  # noqa: PLC0415  (heavy: scipy)

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
        ct = sp.csr_matrix(_l2(cent).T)
        self._set_centroids(ct.indptr, ct.indices, ct.data)

    @staticmethod
    def _prune(m: sp.csr_matrix) -> sp.csr_matrix:
        import scipy.sparse as sp  # noqa: PLC0415  (heavy: scipy)

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
    def similarities(self, counts: Counts | sp.csr_matrix) -> np.ndarray:
        """Cosine similarity to each route centroid, plus a last column: to the not-green centroid."""
        indptr, indices, data = self._cent
        counts = without_unigrams(counts if isinstance(counts, Counts) else from_csr(counts))
        return _similarity(counts, self.idf, indptr, indices, data, len(self.routes) + 1)

    def _suggest(self, docs: list[Document]) -> BackendResult:
        return BackendResult(self.features(self.similarities_of(docs)), [{} for _ in docs])

    def similarities_of(self, docs: list[Document]) -> np.ndarray:
        """`similarities` of the documents' text and keywords."""
        return self.similarities(self.counts_of(docs))

    def counts_of(self, docs: list[Document], unigrams: bool = False) -> Counts:
        """The feature counts of the documents' text and keywords (shared with the green model)."""
        self.check_trained()
        # the label matcher has already folded title + abstract: reuse it (see Document.normalised)
        texts, words = [], []
        for d in docs:
            nt = d.normalised
            text, tw = (nt.text, nt.words) if d.masked is None else (d.masked, latin_words(d.masked))
            if d.keywords:
                kw = preprocess(" ; ".join(d.keywords))
                texts.append(text + "\n" + kw)
                words.append(tw + latin_words(kw))
            else:
                texts.append(text)
                words.append(tw)
        return count_arrays(texts, words, unigrams)

    @staticmethod
    def features(sim_all: np.ndarray) -> dict[str, np.ndarray]:
        sim, neg = sim_all[:, :-1], sim_all[:, -1:]
        top = sim.max(axis=1, keepdims=True)
        rel = np.divide(sim, np.maximum(top, np.float32(REL_FLOOR)), out=np.zeros_like(sim), where=top > 0)
        return {"ngram": sim, "ngram_rel": rel, "ngram_top": (rel >= 0.999).astype(np.float32),
                "not_green": np.broadcast_to(neg, sim.shape)}

    # -- persistence
    def state(self) -> dict[str, np.ndarray]:
        df_idx = np.nonzero(self.idf != self.idf.max())[0].astype(np.int32)
        indptr, indices, data = self._cent
        return {"ngram_idf_idx": df_idx, "ngram_idf_val": self.idf[df_idx].astype(np.float16),
                "ngram_idf_max": np.array([self.idf.max()], dtype=np.float32),
                "ngram_c_data": data.astype(np.float16), "ngram_c_indices": indices.astype(np.int32),
                "ngram_c_indptr": indptr.astype(np.int64),
                "ngram_c_shape": np.array((N_FEATURES, len(self.routes) + 1), dtype=np.int64)}

    def load_state(self, arrays, route_map: np.ndarray) -> None:
        """`route_map[j]` is the current column of the model's route j, or -1 if it is gone."""
        idf = np.full(N_FEATURES, float(arrays["ngram_idf_max"][0]), dtype=np.float32)
        idf[arrays["ngram_idf_idx"]] = arrays["ngram_idf_val"].astype(np.float32)
        self.idf = idf
        # re-order the model's route columns to the live taxonomy: entries of routes that are gone are
        # dropped, new routes get an empty centroid, the not-green centroid stays last
        route_map = np.append(route_map, len(self.routes)).astype(np.int64)
        indptr = arrays["ngram_c_indptr"].astype(np.int64)
        new_cols = route_map[arrays["ngram_c_indices"]]
        kept = new_cols >= 0
        rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows[kept], minlength=len(indptr) - 1))])
        self._set_centroids(indptr, new_cols[kept], arrays["ngram_c_data"][kept])

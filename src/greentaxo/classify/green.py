"""Green or not green: the record-level decision, on a statistical base trained on real patent text.

Three parts, all plain arrays at serving time (numpy only, no scikit-learn or scipy):
- `GreenText`: logistic regression over sublinear TF-IDF of the hashed features the route model reads
  (Chinese character 2-3-grams, Latin words and word pairs) plus single Chinese characters. Trained on
  real patents (patents-dev, at a realistic class balance: about 10 % of Chinese and 18 % of English
  titles are green). The distant-supervision text could join at a lower weight; that is wired in but off
  (`AUX_WEIGHT`, why: below).
- a general English model (`GreenText` again), trained on the distant-supervision text alone (English IPC
  scheme titles and patent titles labelled through the IPC Green Inventory, `corpus.py`): patents-dev's
  English titles are all engine patents, so the text model knows nothing of English text about anything
  else; this one has read every field of technology, and the decision weighs its logit for English texts.
- `GreenDecision`: a small logistic regression over the text models' logits and what the taxonomy found (the
  best label match, after the sense rules of `gt:requiresContext`; the best leaf's own route score and the
  best route score of any route, a group's included: `EVIDENCE`),
  fitted on out-of-fold predictions for patents-dev so that its output is a probability on a realistic
  stream of submissions; `cut` turns it into green / not green (best F1 on those predictions).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greentaxo.classify.ngram import N_FEATURES, UNIGRAM_SPACE, Counts

WIDTH = N_FEATURES + UNIGRAM_SPACE
C_TEXT = 4.0              # inverse regularisation of the text model (1, 4, 16 tried: docs/classifier.md)
# weight of a distant-supervision example (inventory-labelled IPC scheme and patent titles) against a real
# patent title in the text model. 0: in cross-validation on patents-dev it cost English F1 (0.43 -> 0.36 at
# 0.3), so it is off; that text trains the general English model instead, a separate decision input
AUX_WEIGHT = 0.0
C_GENERAL = 4.0           # the general English model's (1, 4, 16 tried: docs/classifier.md)
# weight of a gold record (catalogue texts, abstracts) in the decision next to a real patent. Without them
# the decision learns from patent titles alone that a route label found in the text adds little (batteries
# and most storage are missing from patents-dev), and long texts naming a route come out not green; at 1
# they cost Chinese F1 0.670 -> 0.637 in cross-validation and made P(green) over-confident (82 % -> 68 %
# green above 0.8); at 0.2: 0.638, 78 % (docs/classifier.md)
EXTRA_WEIGHT = 0.2
# IPC codes given with a record that our mappings tie to a route: a prior, not learned (the training text
# carries no codes), in logit per unit of mapping confidence, as the route fusion's IPC prior
IPC_PRIOR = 4.0
# the decision's inputs, per document
DECISION = ["text", "label", "route", "group", "english", "english_text", "english_label", "english_general"]
# what the taxonomy found, per document, as the decision's evidence columns (`Classifier.route_part`)
EVIDENCE = ["label", "route", "group"]


@dataclass
class GreenText:
    idf: np.ndarray           # WIDTH
    weights: np.ndarray       # WIDTH
    bias: float

    def logits(self, c: Counts) -> tuple[np.ndarray, np.ndarray]:
        """Per document: the text model's logit, and whether the text has Chinese characters."""
        n = c.shape[0]
        if c.shape[1] != WIDTH:
            raise ValueError("the green model reads counts made with unigrams=True")
        w = np.log1p(c.data) * self.idf[c.cols]
        norm = np.sqrt(np.bincount(c.rows, w * w, minlength=n))
        norm[norm == 0] = 1.0
        z = np.bincount(c.rows, w * self.weights[c.cols], minlength=n) / norm + self.bias
        cjk = np.bincount(c.rows[c.cols >= N_FEATURES], minlength=n) > 0
        return z.astype(np.float32), cjk

    @classmethod
    def empty(cls) -> GreenText:
        """A model with nothing learnt (logit 0 for every text): the general English model when no
        distant-supervision text was there to train it."""
        return cls(np.ones(WIDTH, np.float32), np.zeros(WIDTH, np.float32), 0.0)

    @classmethod
    def fit(cls, counts, y: np.ndarray, weight: np.ndarray, c: float = C_TEXT) -> GreenText:
        """From a scipy CSR count matrix (rows: texts), labels and per-example weights."""
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  (heavy: sklearn)

        df = np.bincount(counts.indices, minlength=WIDTH).astype(np.float64)
        idf = (np.log((counts.shape[0] + 1) / (df + 1)) + 1).astype(np.float32)
        if len(np.unique(y)) < 2:       # a fold of a tiny set with one class: nothing to learn but the prior
            return cls(idf, np.zeros(WIDTH, np.float32), 4.0 if y.all() else -4.0)
        x = _tfidf(counts, idf)
        lr = LogisticRegression(C=c, max_iter=3000).fit(x, y.astype(int), sample_weight=weight)
        return cls(idf, lr.coef_[0].astype(np.float32), float(lr.intercept_[0]))

    def state(self, prefix: str = "green_text") -> dict[str, np.ndarray]:
        used = np.flatnonzero(self.weights).astype(np.int32)
        return {f"{prefix}_idx": used, f"{prefix}_w": self.weights[used].astype(np.float32),
                f"{prefix}_idf": self.idf[used].astype(np.float16),
                f"{prefix}_idf_max": np.array([self.idf.max()], np.float32),
                f"{prefix}_bias": np.array([self.bias])}

    @classmethod
    def from_state(cls, a, prefix: str = "green_text") -> GreenText:
        idf = np.full(WIDTH, float(a[f"{prefix}_idf_max"][0]), np.float32)
        w = np.zeros(WIDTH, np.float32)
        idf[a[f"{prefix}_idx"]] = a[f"{prefix}_idf"].astype(np.float32)
        w[a[f"{prefix}_idx"]] = a[f"{prefix}_w"]
        return cls(idf, w, float(a[f"{prefix}_bias"][0]))


def _tfidf(counts, idf: np.ndarray):
    import scipy.sparse as sp  # noqa: PLC0415  (heavy: scipy)

    m = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    m.data = np.log1p(m.data) * idf[m.indices]
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def decision_inputs(text: np.ndarray, cjk: np.ndarray, evidence: np.ndarray,
                    general: np.ndarray | None = None) -> np.ndarray:
    """DECISION columns for a batch: the text logit; the EVIDENCE columns (the best label weight, the best
    leaf's own fused score, the best fused score of any route, which a group whose label is in the text
    earns); and English (no Chinese characters) with its text logit and label weight, as the English text
    model is weaker and scaled differently, and the general English model's logit (`general`, none: 0)."""
    en = (~cjk).astype(np.float32)
    label = evidence[:, EVIDENCE.index("label")]
    general = np.zeros(len(text), np.float32) if general is None else general
    return np.column_stack([text, evidence, en, en * text, en * label, en * general]).astype(np.float32)


@dataclass
class GreenDecision:
    weights: np.ndarray       # one per DECISION column
    bias: float
    cut: float

    def probability(self, x: np.ndarray, ipc: np.ndarray | None = None) -> np.ndarray:
        """P(green) from DECISION columns; `ipc`: per document, the best mapping confidence of a given IPC code."""
        z = x @ self.weights + self.bias
        if ipc is not None:
            z = z + IPC_PRIOR * ipc
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None) -> GreenDecision:
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  (heavy: sklearn)
        from sklearn.model_selection import cross_val_predict  # noqa: PLC0415  (heavy: sklearn)

        if len(np.unique(y)) < 2:
            return cls(np.zeros(x.shape[1]), 4.0 if y.all() else -4.0, 0.5)
        lr = LogisticRegression(C=1.0, max_iter=2000)
        folds = int(min(5, y.sum(), (~y).sum()))
        p = (cross_val_predict(lr, x, y.astype(int), cv=folds, method="predict_proba", params={"sample_weight": weight})[:, 1]
             if folds >= 2 else np.full(len(y), 0.5))
        lr.fit(x, y.astype(int), sample_weight=weight)
        return cls(lr.coef_[0].astype(np.float64), float(lr.intercept_[0]), best_threshold(p, y))

    def state(self) -> dict[str, np.ndarray]:
        return {"green_dec_w": self.weights, "green_dec_bias": np.array([self.bias]),
                "green_dec_cut": np.array([self.cut])}

    @classmethod
    def from_state(cls, a) -> GreenDecision:
        if len(a["green_dec_w"]) != len(DECISION):
            raise ValueError(f"the green decision has {len(a['green_dec_w'])} inputs, this version {len(DECISION)}")
        return cls(a["green_dec_w"].astype(np.float64), float(a["green_dec_bias"][0]), float(a["green_dec_cut"][0]))


def best_threshold(p_green: np.ndarray, green: np.ndarray, tolerance: float = 0.005) -> float:
    """The probability cut that separates green from not green best (F1 of 'green').

    Many cuts are usually within a hair of the best F1; the middle of that plateau is taken rather than
    its first point, so that a tiny change in the features does not move the cut from one edge to the other.
    """
    cuts = np.unique(np.round(p_green, 4))
    f1s = []
    for t in cuts:
        pred = p_green >= t
        tp = float(np.sum(pred & green))
        prec = tp / max(pred.sum(), 1)
        rec = tp / max(green.sum(), 1)
        f1s.append(2 * prec * rec / max(prec + rec, 1e-9))
    if not len(cuts):
        return 0.5
    f1s = np.array(f1s)
    near = cuts[f1s >= f1s.max() - tolerance]
    return float(np.median(near))

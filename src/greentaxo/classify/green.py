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
  best route score of any route, a group's included; whether an ambiguous label came without its context:
  `EVIDENCE`), fitted on out-of-fold predictions for patents-dev so that its output is a probability on a
  realistic stream of submissions; `cut` turns it into green / not green (half the best F1 on those
  predictions, `half_best_f1`). Texts over `LONG_TEXT` characters are judged by a second set of weights,
  fitted with the catalogue texts too.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greentaxo.classify.ngram import CHAR_BASE, CHAR_SPACE, N_FEATURES, Counts

WIDTH = CHAR_BASE + CHAR_SPACE
# the Latin character n-grams (columns from CHAR_BASE) are TF-IDF-normalised apart from the other features and
# then scaled by this, so that their many small counts do not drown the words. English of patents-dev, grouped
# folds, mean of three deals (3-5-grams): average precision of the text model 0.391 with one norm, 0.409 / 0.411 /
# 0.409 / 0.402 for a block weight of 0.5 / 0.7 / 1 / 1.4, against 0.400 without them (docs/classifier.md)
CHAR_WEIGHT = 0.7
C_TEXT = 4.0              # inverse regularisation of the text model (1, 4, 16 tried: docs/classifier.md)
# weight of a distant-supervision example (inventory-labelled IPC scheme and patent titles) against a real
# patent title in the text model. 0: in cross-validation on patents-dev it cost English F1 (0.43 -> 0.36 at
# 0.3), so it is off; that text trains the general English model instead, a separate decision input
AUX_WEIGHT = 0.0
C_GENERAL = 4.0           # the general English model's (1, 4, 16 tried: docs/classifier.md)
# weight of a gold record (catalogue texts, abstracts) next to a real patent in the decision's weights for long
# texts (the weights for short texts read the short ones only, at SHORT_EXTRA_WEIGHT). Without them the
# decision learns from patent titles alone that a route label found in the text adds little (batteries and most
# storage are missing from patents-dev), and long texts naming a route come out not green; at 1 they made
# P(green) over-confident (82 % -> 68 % green above 0.8; docs/classifier.md)
EXTRA_WEIGHT = 0.2
# IPC codes given with a record that our mappings tie to a route: a prior, not learned (the training text
# carries no codes), in logit per unit of mapping confidence, as the route fusion's IPC prior
IPC_PRIOR = 4.0
# characters of text over which a text is judged by the long-text weights of the decision (`GreenDecision`): a title
# rarely runs longer (95 % of patents-dev's are at most 84), a catalogue description or an abstract does
LONG_TEXT = 100
# weight of a short catalogue row (a catalogue item's name, a short abstract) in the decision's weights for short
# texts, next to a real patent title at 1. Titles alone learn the inventory's view, in which battery cells are
# not green ("一种全钒液流电池储能系统的电解液配方" P 0.20); our catalogues count storage green, which only the
# catalogue rows teach. Chinese F1 on patents-dev, mean of three deals of the folds: 0.677 without them, 0.671 at
# 0.1, 0.666 at 0.2, 0.652 with the long rows too at 0.2 (as before); the flow-battery title is green from 0.1
# (docs/classifier.md)
SHORT_EXTRA_WEIGHT = 0.2
# weight of an English patent title of patents-public (every field of technology, labelled through its CPC symbol;
# `corpus.public_titles`) next to a patents-dev title in the decision, read with the general English model's logit
# out of fold (`green_training.TextTrainer`): PUBLIC_WEIGHT in the weights for long texts, PUBLIC_SHORT_WEIGHT in
# those for short ones. patents-dev's English titles are all engines, so on them the general model barely separates
# green from not and the decision had learnt to give it little weight: English claims on a vehicle seat, a drug or a
# smartphone came out at P(green) 0.2-0.3, around the cut. In the weights for titles the same rows cost English F1
# on patents-dev (seed 0: 0.476 -> 0.422 at 0.5), as the inventory counts engine titles green the general model does
# not; the cuts stay chosen on patents-dev (docs/classifier.md, "English text from every field")
PUBLIC_WEIGHT = 0.5
PUBLIC_SHORT_WEIGHT = 0.0
# the decision's inputs, per document
DECISION = ["text", "label", "route", "group", "english", "english_text", "english_label", "english_general",
            "english_blocked", "english_general_bare"]
ENGLISH = DECISION.index("english")
# columns only one weight set reads. Titles read the general English model's logit as it is: on patents-dev's
# English titles that is worth +0.01 of AUC, and gated by route support it cost English F1 (seed 0: 0.476 ->
# 0.453). Long texts read it only as far as no route supports the text: read whole, it turned EU Taxonomy activity
# descriptions not green (118 -> 88 of 148), whose wording the general model has not read
SHORT_ONLY = ["english_general"]
LONG_ONLY = ["english_general_bare"]
# the best route score from which the gated column is 0. Held-out English text (benchmarks/green_public.py, long
# IPC wording; benchmarks/green_long_text.py, EU Taxonomy descriptions), weight at 1 - score (no cap) / ramp to
# 0.5 / a step at 0.3: F1 on the IPC texts 0.531 / 0.438 / 0.438 (0.444 without the public titles), EU descriptions
# judged green 106 / 110 / 110 of 148 (118), an LED-lighting claim of ours lost with no cap (docs/classifier.md)
ROUTE_SUPPORT = 0.5
# what the taxonomy found, per document, as the decision's evidence columns (`Classifier.route_part`); the last
# is whether an ambiguous label was found without its context words (`gt:requiresContext`), read for English
# texts: 15 % of such English patent titles are green against 21 % of the others (in Chinese it is the other
# way round, 21 % against 10 %: 节能 and 环保 mostly come with green titles)
EVIDENCE = ["label", "route", "group", "english_blocked"]


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
        char = c.cols >= CHAR_BASE
        block = c.rows + n * char              # rows 0..n-1: words and n-grams; n..2n-1: character n-grams
        norm = np.sqrt(np.bincount(block, w * w, minlength=2 * n))
        norm[norm == 0] = 1.0
        dot = np.bincount(block, w * self.weights[c.cols], minlength=2 * n) / norm
        z = self.bias + dot[:n] + CHAR_WEIGHT * dot[n:]
        cjk = np.bincount(c.rows[(c.cols >= N_FEATURES) & ~char], minlength=n) > 0
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
    char = np.zeros(m.shape[1], bool)
    char[CHAR_BASE:] = True                 # the character n-grams: a block of their own (CHAR_WEIGHT)
    parts = []
    for keep, scale in ((~char, 1.0), (char, CHAR_WEIGHT)):
        p = m @ sp.diags(keep.astype(np.float64))
        norms = np.sqrt(np.asarray(p.multiply(p).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        parts.append(sp.diags(scale / norms) @ p)
    return sp.csr_matrix(parts[0] + parts[1])


def decision_inputs(text: np.ndarray, cjk: np.ndarray, evidence: np.ndarray,
                    general: np.ndarray | None = None) -> np.ndarray:
    """DECISION columns for a batch: the text logit; the EVIDENCE columns (the best label weight, the best
    leaf's own fused score, the best fused score of any route, which a group whose label is in the text
    earns); and English (no Chinese characters) with its text logit and label weight, as the English text
    model is weaker and scaled differently, the general English model's logit (`general`, none: 0), whether an
    English text had an ambiguous label without its context, and the general logit again as far as no route
    supports the text (in full at a best route score of 0, not at all from ROUTE_SUPPORT): the general model
    has read little of what our catalogues call green in their own words (EU Taxonomy activities: "Freight rail
    transport", ...), so its "not green" should weigh where the taxonomy finds nothing either."""
    en = (~cjk).astype(np.float32)
    label, route, group, blocked = evidence.T          # the EVIDENCE columns, in order
    general = np.zeros(len(text), np.float32) if general is None else general
    bare = np.clip(1.0 - group / ROUTE_SUPPORT, 0.0, 1.0)
    return np.column_stack([text, label, route, group, en, en * text, en * label, en * general,
                            en * blocked, en * general * bare]).astype(np.float32)


@dataclass
class GreenDecision:
    """Two sets of weights over the same DECISION columns, chosen by the length of the text (`LONG_TEXT`):
    titles and other short texts are judged by weights fitted on the real patents and the short catalogue rows
    (`weights`, `bias`: a probability on a stream of real submissions); longer texts by weights fitted
    on the patents and every catalogue row (`long_weights`, `long_bias`), whose bias is shifted so that the
    same `cut` applies. A short text is green from `cut` (half the best F1 on all the patents), or from
    `english_cut` (half the best F1 on the English ones) if it has no Chinese characters: `cuts`.

    Why two: the catalogue rows (abstracts and catalogue descriptions, 55 % green, most naming a route) are
    what teaches the decision that a route label in a long text counts; all of them mixed into the fit for
    titles made a label in a title count as much, and called label-bearing not-green titles green (Chinese
    best-cut F1 0.661, against 0.687 for the text model alone and 0.674 now; docs/classifier.md)."""

    weights: np.ndarray       # one per DECISION column: short texts
    bias: float
    cut: float                # short texts with Chinese characters, and every long text
    long_weights: np.ndarray  # long texts
    long_bias: float          # includes logit(cut) - logit(the long weights' own cut)
    english_cut: float        # short texts without Chinese characters (titles in English)

    def cuts(self, x: np.ndarray, length: np.ndarray) -> np.ndarray:
        """Per document, the P(green) from which it is green: `english_cut` for a short text without Chinese
        characters (an English title), else `cut`."""
        english = (x[:, ENGLISH] > 0) & (np.asarray(length) <= LONG_TEXT)
        return np.where(english, self.english_cut, self.cut)

    def probability(self, x: np.ndarray, length: np.ndarray, ipc: np.ndarray | None = None) -> np.ndarray:
        """P(green) from DECISION columns; `length`: per document, characters of text (`text_length`);
        `ipc`: per document, the best mapping confidence of a given IPC code."""
        z = np.where(np.asarray(length) > LONG_TEXT, x @ self.long_weights + self.long_bias, x @ self.weights + self.bias)
        if ipc is not None:
            z = z + IPC_PRIOR * ipc
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, weight: np.ndarray, fold: np.ndarray, patents: np.ndarray,
            long: np.ndarray, short_weight: np.ndarray | None = None) -> GreenDecision:
        """`patents`: the rows that are real patents, the others catalogue rows (`weight` EXTRA_WEIGHT); `long`:
        the rows over LONG_TEXT characters. The weights for short texts read the patents and, at
        SHORT_EXTRA_WEIGHT, the short catalogue rows, and their cut is chosen on the patents alone; the weights
        for long texts read every row, and their cut is chosen on the long rows. `fold`: each row's fold for the
        cross-validated probabilities the cuts are chosen on (the text model's folds for the patents, the
        catalogue rows dealt at random: in row order one fold would hold every catalogue row). `short_weight`: each
        row's weight in the weights for short texts, 0 for a row they do not read (default: a patent its `weight`, a
        short catalogue row SHORT_EXTRA_WEIGHT, a long one 0)."""
        if short_weight is None:
            short_weight = short_weights(weight, patents, long)
        short = short_weight > 0
        short_weight = short_weight[short]
        short_w, short_b, p = _fit_part(_without(x[short], LONG_ONLY), y[short], short_weight, fold[short])
        english, ys = x[short][:, ENGLISH] > 0, y[short].astype(bool)
        # English titles get their own cut: at the cut of all patents they were judged at the Chinese titles' point
        # (English F1 on patents-dev, three deals of the folds: 0.429 / 0.462 / 0.482 -> 0.459 / 0.480 / ...). The
        # other texts keep the cut of all patents: chosen on Chinese titles alone it came out higher (0.33 against
        # 0.28) and Chinese F1 fell (0.653 / 0.646 / 0.663 -> 0.647 / 0.627 / 0.660; docs/classifier.md)
        cut = half_best_f1(*_rows(p, ys, patents[short]))
        english_cut = half_best_f1(*_rows(p, ys, patents[short] & english))
        long_w, long_b, p = _fit_part(_without(x, SHORT_ONLY), y, weight, fold)
        long_cut = best_threshold(*_rows(p, y.astype(bool), long))
        return cls(short_w, short_b, cut, long_w, long_b + _logit(cut) - _logit(long_cut), english_cut)

    def state(self) -> dict[str, np.ndarray]:
        return {"green_dec_w": self.weights, "green_dec_bias": np.array([self.bias]),
                "green_dec_cut": np.array([self.cut]), "green_dec_long_w": self.long_weights,
                "green_dec_long_bias": np.array([self.long_bias]), "green_dec_cut_en": np.array([self.english_cut])}

    @classmethod
    def from_state(cls, a) -> GreenDecision:
        if len(a["green_dec_w"]) != len(DECISION):
            raise ValueError(f"the green decision has {len(a['green_dec_w'])} inputs, this version {len(DECISION)}")
        if "green_dec_long_w" not in a:
            raise ValueError("the green decision has no weights for long texts (made by an older version)")
        if "green_dec_cut_en" not in a:
            raise ValueError("the green decision has no cut for English titles (made by an older version)")
        return cls(a["green_dec_w"].astype(np.float64), float(a["green_dec_bias"][0]), float(a["green_dec_cut"][0]),
                   a["green_dec_long_w"].astype(np.float64), float(a["green_dec_long_bias"][0]),
                   float(a["green_dec_cut_en"][0]))


def short_weights(weight: np.ndarray, patents: np.ndarray, long: np.ndarray) -> np.ndarray:
    """Each row's weight in the decision's weights for short texts: a patent its `weight`, a short catalogue row
    SHORT_EXTRA_WEIGHT, a long catalogue row 0 (not read)."""
    return np.where(patents, weight, np.where(long, 0.0, SHORT_EXTRA_WEIGHT))


def text_length(text: str) -> int:
    """The length the decision is chosen by: characters, outer white space left out."""
    return len(text.strip())


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def _without(x: np.ndarray, columns: list[str]) -> np.ndarray:
    """`x` with the named DECISION columns zeroed: a weight set that must not read them gets weight 0 for them."""
    x = x.copy()
    x[:, [DECISION.index(c) for c in columns]] = 0.0
    return x


def _rows(p: np.ndarray, y: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`p` and `y` on `rows`, or on every row if those hold no green one (a tiny set: nothing to choose on)."""
    rows = rows if (rows & y).any() else np.ones(len(y), bool)
    return p[rows], y[rows]


def _fit_part(x: np.ndarray, y: np.ndarray, weight: np.ndarray, fold: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Weights, bias and cross-validated probabilities of every row (for choosing a cut; 0.5 if there are no
    two folds with both classes)."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  (heavy: sklearn)
    from sklearn.model_selection import PredefinedSplit, cross_val_predict  # noqa: PLC0415  (heavy: sklearn)

    if len(np.unique(y)) < 2:
        return np.zeros(x.shape[1]), 4.0 if y.all() else -4.0, np.full(len(y), 0.5)
    lr = LogisticRegression(C=1.0, max_iter=2000)
    p = np.full(len(y), 0.5)
    if len(np.unique(fold)) >= 2 and all(len(np.unique(y[fold != f])) == 2 for f in np.unique(fold)):
        p = cross_val_predict(lr, x, y.astype(int), cv=PredefinedSplit(fold), method="predict_proba",
                              params={"sample_weight": weight})[:, 1]
    lr.fit(x, y.astype(int), sample_weight=weight)
    return lr.coef_[0].astype(np.float64), float(lr.intercept_[0]), p


def best_threshold(p_green: np.ndarray, green: np.ndarray, tolerance: float = 0.005) -> float:
    """The probability cut at which F1 of "green" is best on these probabilities.

    Many cuts are usually within a hair of the best F1; the middle of that plateau is taken rather than
    its first point, so that a tiny change in the features does not move the cut from one edge to the other.
    """
    cuts = np.unique(np.round(p_green, 4))
    if not len(cuts):
        return 0.5
    f1s = f1_at(p_green, green, cuts)
    near = cuts[f1s >= f1s.max() - tolerance]
    return float(np.median(near))


def half_best_f1(p_green: np.ndarray, green: np.ndarray) -> float:
    """The cut for calibrated probabilities: half the best F1 of "green" that any cut reaches on them.

    For calibrated probabilities the cut that maximises F1 is half that maximum F1 (Lipton, Elkan and
    Naryanaswamy, "Thresholding classifiers to maximize F1 score", 2014). The arg-max itself (`best_threshold`)
    sits on a wide, flat plateau: on patents-dev it moved between 0.21 and 0.29 from one deal of the folds to
    the next, and 0.183 to 0.283 between retrainings, which flipped titles near it; half the best F1 moved
    between 0.27 and 0.29, at a cost of 0.003-0.005 in F1 (docs/classifier.md).
    """
    if not len(p_green) or not green.any():
        return 0.5
    return float(f1_at(p_green, green, np.unique(p_green)).max() / 2)


def f1_at(p_green: np.ndarray, green: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """F1 of "green" when everything with a probability at or above each cut is called green.

    Records with equal probabilities fall on the same side of every cut; a running sum over the sorted
    records would also score the places inside such a tie, which no cut can reach, and overstate the best
    F1 (duplicate titles give equal probabilities, and they share a fold).
    """
    order = np.argsort(p_green, kind="stable")
    ranked, hits = p_green[order], green[order].astype(np.float64)
    tp_from = np.append(np.cumsum(hits[::-1])[::-1], 0.0)  # greens at or after each sorted place
    start = np.searchsorted(ranked, cuts, side="left")
    return 2 * tp_from[start] / np.maximum(len(p_green) - start + hits.sum(), 1)

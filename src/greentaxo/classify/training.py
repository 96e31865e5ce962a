"""Training: the n-gram centroids, the fusion weights, the calibration and the green threshold.

Fusion and calibration must be fitted on predictions for documents the n-gram model did not see, or
they would learn to trust an over-fitted similarity. So the training records are split into folds; each
fold is scored by centroids built from the taxonomy text and the other folds, and those out-of-fold
features train the fusion, the isotonic calibration and the threshold. The final centroids then use all
training records. The held-out test split is never read here.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np

from greentaxo import __version__
from greentaxo.classify import make_backends
from greentaxo.classify.classifier import Classifier, lengths
from greentaxo.classify.corpus import Example
from greentaxo.classify.document import Document
from greentaxo.classify.fusion import FEATURES, SELECTION, Fusion, drop_unfounded, lift, select, stack, stops
from greentaxo.classify.gold import relevant
from greentaxo.classify.green_training import attach_green
from greentaxo.classify.ngram import FEATURIZER, NgramBackend, route_text
from greentaxo.classify.routes import RouteIndex
from greentaxo.errors import InputError

FOLDS = 5
CAL_TOP_K = 5
# Few training records carry IPC codes, so the regression cannot learn how much a mapped IPC code is worth;
# it gets at least this weight (logit per unit of mapping confidence) as a prior. Calibration is fitted
# afterwards, so the scores stay calibrated on the training folds.
IPC_PRIOR = 6.0
# routes below this calibrated score are not shown (the best route of a green record always is)
ROUTE_THRESHOLD = 0.1
MAX_SCORE = 0.99


def _relevance(gold: list[list[int]], routes: RouteIndex) -> np.ndarray:
    y = np.zeros((len(gold), len(routes)), dtype=np.int8)
    for d, g in enumerate(gold):
        for col in range(len(routes)):
            if g and relevant(col, g, routes):
                y[d, col] = 1
    return y


def out_of_fold(routes: RouteIndex, docs: list[Document], gold: list[list[int]], folds: int = FOLDS,
                seed: int = 0) -> tuple[np.ndarray, list]:
    """Feature tensor (n_docs, n_routes, n_features) where the n-gram part never saw its own document."""
    backends = make_backends(routes)
    feats: dict[str, np.ndarray] = {}
    for name in ("labels", "ipc"):
        feats.update(backends[name].suggest(docs).all_features(len(docs), len(routes)))
    ng: NgramBackend = backends["ngram"]
    route_counts = ng.counts([route_text(c) for c in routes.concepts])
    doc_counts = ng.counts([d.full_text for d in docs])
    sim = np.zeros((len(docs), len(routes) + 1), dtype=np.float32)
    fold_of = np.random.default_rng(seed).permutation(len(docs)) % folds
    for k in range(folds):
        tr, te = np.where(fold_of != k)[0], np.where(fold_of == k)[0]
        ng.fit_counts(route_counts, doc_counts[tr], [gold[i] for i in tr])
        sim[te] = ng.similarities(doc_counts[te])
    feats.update(NgramBackend.features(sim))
    return stack(feats, routes), backends


def _subtree_target(y: np.ndarray, routes: RouteIndex) -> np.ndarray:
    """What the fusion learns to score: whether the right route lies in a route's subtree (the route itself,
    a descendant, or an ancestor of it). A group is mostly not shown (selection shows its best leaf), so its
    raw score is mainly a rank: with relevance alone as the target, a group whose own label is in the text
    counted as a wrong answer in training, and lost to any leaf of n-gram noise ("pumped-storage hydropower"
    below plain hydropower leaves). The calibration reads the same target for the routes shown."""
    out = y.copy()
    for d, col in zip(*np.nonzero(y), strict=True):
        out[d, list(routes.ancestors[col])] = 1
    return out


def fit_fusion(x: np.ndarray, y: np.ndarray, routes: RouteIndex, lens: np.ndarray) -> Fusion:
    """The fusion's weights, and its calibration fitted on the routes `select` shows for the training texts
    (`lens`: their lengths, which decide where the walk down may stop)."""
    from sklearn.isotonic import IsotonicRegression  # noqa: PLC0415  (heavy: sklearn)
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415  (heavy: sklearn)

    n, r, f = x.shape
    target = _subtree_target(y, routes)
    lr = LogisticRegression(C=1.0, max_iter=1000)
    lr.fit(x.reshape(n * r, f), target.reshape(n * r))
    weights = lr.coef_[0].astype(np.float64)
    weights[FEATURES.index("ipc")] = max(weights[FEATURES.index("ipc")], IPC_PRIOR)
    fusion = Fusion(weights, float(lr.intercept_[0]), np.array([]), np.array([]), 0.0)
    p = lift(drop_unfounded(fusion.raw(x), routes), routes)
    named = x[:, :, FEATURES.index("label")] > 0          # the routes each text names, as the classifier finds them
    scores, hits = [], []
    for d in range(n):
        stop = stops(np.flatnonzero(named[d]).tolist(), int(lens[d]))
        for col, s in select(p[d], routes, CAL_TOP_K, 0.0, named=stop):
            scores.append(s)
            # a group shown (a title naming it, `best_leaf`) is right when the right route lies under it: less
            # specific, not wrong; for a leaf this is plain relevance
            hits.append(int(target[d, col]))
    # no score says "certain": even a bin where every training suggestion was right has seen only so many
    iso = IsotonicRegression(y_min=0.0, y_max=MAX_SCORE, out_of_bounds="clip").fit(scores, hits)
    fusion.iso_x, fusion.iso_y = iso.X_thresholds_.astype(np.float64), iso.y_thresholds_.astype(np.float64)
    fusion.threshold = ROUTE_THRESHOLD
    return fusion


def train(kg, docs: list[Document], gold: list[list[int]], corpus: tuple[list[Example], list[Example]],
          folds: int = FOLDS, source: str = "") -> Classifier:
    """Route part from the gold records (plus the taxonomy's own text); green decision from `corpus`
    (real patents, distant-supervision text: `corpus.green_corpus`)."""
    clf = train_routes(kg, docs, gold, folds, source)
    dev, aux = corpus
    # the gold records (catalogue texts, abstracts) inform the decision, next to the real patents
    extra = [Example(d.id, d.text, bool(g), d.lang or "", "gold") for d, g in zip(docs, gold, strict=True)]
    attach_green(clf, dev, aux, extra=extra)
    clf.meta["trained_on"]["green"] = {"patents": len(dev), "patents_green": sum(e.green for e in dev),
                                       "distant": len(aux), "distant_green": sum(e.green for e in aux)}
    return clf


def train_routes(kg, docs: list[Document], gold: list[list[int]], folds: int = FOLDS, source: str = "") -> Classifier:
    """The route part only (no green decision yet)."""
    routes = RouteIndex.from_graph(kg)
    if len(docs) < folds * 2:
        raise InputError(f"{len(docs)} training records are too few for {folds}-fold training; give at least {folds * 2}")
    x, backends = out_of_fold(routes, docs, gold, folds)
    y = _relevance(gold, routes)
    green = np.array([bool(g) for g in gold])
    fusion = fit_fusion(x, y, routes, lengths(docs))
    backends["ngram"].train(docs, gold)
    # the version names the training text, the way text becomes features and the selection rule the
    # calibration was fitted under: any of them changing means a new model
    digest = hashlib.sha256("\n".join([FEATURIZER, SELECTION] + [d.id + d.full_text for d in docs])
                            .encode("utf-8")).hexdigest()[:10]
    meta = {"model_version": f"{__version__}+{digest}", "taxonomy_version": routes.taxonomy_version,
            "taxonomy_hash": routes.content_hash(),
            "featurizer": FEATURIZER, "selection": SELECTION,
            "trained_on": {"source": source, "records": len(docs), "green": int(green.sum())},
            "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    return Classifier(routes, backends, fusion, meta)

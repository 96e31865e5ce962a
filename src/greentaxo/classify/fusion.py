"""Fusion of the backends' features, the hierarchy rules and calibration.

Every (document, route) pair gets a feature vector from the backends; a logistic regression trained on
out-of-fold predictions turns it into a probability that the route is right. Then:
- a child lifts its parent: a parent's score is at least its best child's (bottom-up max);
- isotonic regression, fitted on held-out-from-training predictions, maps scores to calibrated ones,
  so that a score of 0.8 is right about 80 % of the time;
- selection returns the best routes above the threshold and drops a parent listed beside its own child.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from greentaxo.classify.routes import RouteIndex

# a child replaces its already chosen parent when its score is at least this share of the parent's
SPECIFIC_RATIO = 0.85

FEATURES = ["ngram", "ngram_rel", "ngram_top", "label", "label_count", "label_title", "label_top", "ipc",
            "leaf", "ngram_x_label", "descendant_label", "doc_label", "doc_ngram", "not_green"]


def stack(features: dict[str, np.ndarray], routes: RouteIndex) -> np.ndarray:
    """(n_docs, n_routes, n_features) array in FEATURES order (for training)."""
    full = complete(features, routes)
    return np.stack([full[f] for f in FEATURES], axis=-1)


def complete(features: dict[str, np.ndarray], routes: RouteIndex) -> dict[str, np.ndarray]:
    """The backends' features plus the derived ones, by name."""
    n = next(iter(features.values())).shape[0]
    extra = {"leaf": np.broadcast_to(routes.leaf.astype(np.float32), (n, len(routes))),
             "ngram_x_label": features["ngram_rel"] * features["label"],
             # a route whose descendant matched a label is usually not the answer itself: the child is
             "descendant_label": _descendant_max(features["label"], routes),
             # document-level evidence: a text with no label match at all and weak n-gram similarity
             # everywhere is most likely not green, whatever route ranks first
             "doc_label": np.broadcast_to(features["label"].max(axis=1, keepdims=True), (n, len(routes))),
             "doc_ngram": np.broadcast_to(features["ngram"].max(axis=1, keepdims=True), (n, len(routes)))}
    return {**features, **extra}


DOC_FEATURES = ["doc_label", "doc_ngram", "top1", "top_gap", "label_routes", "doc_ipc", "title_label", "not_green",
                "not_green_margin"]


def doc_features(x: np.ndarray | dict[str, np.ndarray], lifted: np.ndarray) -> np.ndarray:
    """Per-document evidence for the green / not-green decision (n_docs, len(DOC_FEATURES)).

    `x` is the stacked tensor (training) or the feature dict (classifying)."""
    if isinstance(x, np.ndarray):
        x = {name: x[:, :, i] for i, name in enumerate(FEATURES)}
    top2 = -np.partition(-lifted, 1, axis=1)[:, :2] if lifted.shape[1] > 1 else np.hstack([lifted, lifted])
    ngram_max = x["ngram"].max(axis=1)
    return np.stack([x["label"].max(axis=1), ngram_max, top2[:, 0], top2[:, 0] - top2[:, 1],
                     np.log1p((x["label"] > 0).sum(axis=1)), x["ipc"].max(axis=1), x["label_title"].max(axis=1),
                     x["not_green"][:, 0], x["not_green"][:, 0] - ngram_max], axis=1)


@dataclass
class Fusion:
    weights: np.ndarray          # one per feature
    bias: float
    iso_x: np.ndarray            # isotonic calibration knots (raw -> calibrated); empty = identity
    iso_y: np.ndarray
    threshold: float             # minimum calibrated route score shown
    green_weights: np.ndarray = field(default_factory=lambda: np.zeros(len(DOC_FEATURES)))
    green_bias: float = 0.0
    green_threshold: float = 0.5

    def green(self, docf: np.ndarray) -> np.ndarray:
        """Probability that each document is green at all (logistic regression on DOC_FEATURES)."""
        z = docf @ self.green_weights + self.green_bias
        return 1.0 / (1.0 + np.exp(-z))

    def raw(self, x: np.ndarray | dict[str, np.ndarray]) -> np.ndarray:
        """Route probabilities from the stacked tensor or, cheaper, from the feature dict (no big copy)."""
        if isinstance(x, np.ndarray):
            z = x @ self.weights + self.bias
        else:
            z = np.full(x["ngram"].shape, self.bias, dtype=np.float32)
            for w, name in zip(self.weights, FEATURES, strict=True):
                if w:
                    z += np.float32(w) * x[name]
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def calibrate(self, p: np.ndarray) -> np.ndarray:
        if len(self.iso_x) == 0:
            return p
        return np.interp(p, self.iso_x, self.iso_y).astype(np.float32)


def _descendant_max(m: np.ndarray, routes: RouteIndex) -> np.ndarray:
    """For each route, the best value among its strict descendants."""
    below = np.zeros_like(m)
    for kids, parents, start in routes.lift_levels:
        _max_into(below, parents, start, np.maximum(m[:, kids], below[:, kids]))
    return below


def lift(p: np.ndarray, routes: RouteIndex) -> np.ndarray:
    """A parent scores at least as high as its best child (bottom-up, level by level)."""
    p = p.copy()
    for kids, parents, start in routes.lift_levels:
        _max_into(p, parents, start, p[:, kids])
    return p


def _max_into(p: np.ndarray, parents: np.ndarray, start: np.ndarray, values: np.ndarray) -> None:
    """p[:, parent] = max(p[:, parent], its kids' values); `values` are grouped by parent, groups at `start`."""
    best = np.maximum.reduceat(values, start, axis=1)
    p[:, parents] = np.maximum(p[:, parents], best)


def candidates(scores: np.ndarray, top_k: int) -> np.ndarray:
    """The columns `select` looks at, for a whole batch at once (n_docs x n_cand, unordered)."""
    n_cand = min(scores.shape[1], max(top_k * 4, 20))
    return np.argpartition(-scores, n_cand - 1, axis=1)[:, :n_cand]


def select(scores: np.ndarray, routes: RouteIndex, top_k: int, threshold: float,
           include_ancestors: bool = False, shown: np.ndarray | None = None,
           cand: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Best routes of one document: ranked, above threshold, no parent beside its own child.

    `scores` (uncalibrated) decide the order and parent/child choices; `shown` (calibrated, monotone in
    `scores`) are what the threshold applies to and what is returned. Ranking on the raw scores matters
    because isotonic calibration is a step function that would turn near-ties into large gaps.
    """
    shown = scores if shown is None else shown
    cand = candidates(scores[None, :], top_k)[0] if cand is None else cand
    # ties go to the deeper route: a lifted parent has its child's score but says less
    cand = cand[np.lexsort((-routes.depth[cand], -scores[cand]))].tolist()
    chosen: list[int] = []
    for c in cand:
        if shown[c] < threshold:
            break
        if include_ancestors:
            chosen.append(c)
        else:
            _choose(chosen, c, scores, routes)
        if len(chosen) >= top_k:
            break
    return [(c, float(shown[c])) for c in chosen]


def _choose(chosen: list[int], c: int, scores: np.ndarray, routes: RouteIndex) -> None:
    """Add c unless it repeats a chosen route's branch; a nearly-as-strong child replaces its parent."""
    for i, s in enumerate(chosen):
        if c in routes.ancestors[s]:
            return                          # c is a parent of a chosen route
        if s in routes.ancestors[c]:
            if scores[c] >= SPECIFIC_RATIO * scores[s]:
                chosen[i] = c               # the more specific route says nearly as much with more precision
            return
    chosen.append(c)

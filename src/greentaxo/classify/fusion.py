"""Fusion of the backends' features, the hierarchy rules and calibration.

Every (document, route) pair gets a feature vector from the backends; a logistic regression trained on
out-of-fold predictions turns it into a score that the right route lies in that route's subtree (the route,
a descendant or an ancestor of it: a group is shown only when the text names it and nothing below it, else
its best leaf stands for it, so its score mainly ranks its subtree). Then:
- a child lifts its parent: a parent's score is at least its best child's (bottom-up max);
- isotonic regression, fitted on held-out-from-training predictions, maps scores to calibrated ones,
  so that a score of 0.8 is right about 80 % of the time;
- selection returns the best routes above the threshold, each group route replaced by its best leaf unless
  the text names the group and no route below it (`best_leaf`).
Whether a record is green at all is decided elsewhere (`green.py`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from greentaxo.classify import ngram
from greentaxo.classify.base import Entries
from greentaxo.classify.green import LONG_TEXT
from greentaxo.classify.routes import RouteIndex

# names the rule that picks the routes shown and what the fusion was fitted to score (whether the right route
# lies in a route's subtree); the calibration is fitted on its picks, so a model made under another rule is
# refused (retrain)
SELECTION = ("groups-as-best-leaf/2:stops-below-named-group-0.5-echo-0.8-in-titles-not-domains;fusion-target:subtree;"
             "no-route-without-evidence;named-first-in-titles")
# the walk from a group down to its best leaf stops, at or below a group the text names (one of its labels
# found) with no named route under it, where the best child scores under this share of the route it stands on:
# the child's lead then rests on n-grams alone, which in a short title are mostly the group label's own
# characters ("一种光伏发电装置" had walked to concentrator PV, whose name contains 光伏发电). Only in title-length
# text (`stops`): an abstract or a catalogue description says more than its group label, and there the walk
# was right more often than not
STOP = 0.5
# the same share for a child one of whose labels contains its parent's (`RouteIndex.echoes`: 聚光光伏发电 under
# 光伏发电): a title naming the parent matches such a child's n-grams through the parent's label alone, so the
# child leads only on more than that ("一种光伏发电装置" walked to concentrator PV at 0.59 of its group once a
# taxonomy edit elsewhere let a shared n-gram back into the centroids)
ECHO_STOP = 0.8

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


@dataclass
class Fusion:
    weights: np.ndarray          # one per feature
    bias: float
    iso_x: np.ndarray            # isotonic calibration knots (raw -> calibrated); empty = identity
    iso_y: np.ndarray
    threshold: float             # minimum calibrated route score shown

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

    def raw_sparse(self, sim_all: np.ndarray, entries: list[Entries], routes: RouteIndex) -> tuple[np.ndarray, dict]:
        """`raw(complete(...))` and `doc_features` for classifying, without the dense matrices of features
        that are zero for nearly every route. The n-gram features and the route and document constants fold
        into three passes over the (documents x routes) matrix; label, IPC and descendant-label terms are
        added only where they are non-zero. Same arithmetic as the dense path up to float rounding (a test
        holds them together). Returns unlifted probabilities and per-document maxima and counts, by name."""
        w = dict(zip(FEATURES, self.weights.astype(np.float32), strict=True))
        n, r = sim_all.shape[0], len(routes)
        sim = sim_all[:, :r]
        top = sim.max(axis=1) if r else np.zeros(n, np.float32)
        inv_top = np.divide(np.float32(1), np.maximum(top, np.float32(ngram.REL_FLOOR)), out=np.zeros_like(top), where=top > 0)
        keys, add = [], []
        near_r, near_c = np.nonzero(sim >= (top * np.float32(0.998))[:, None])      # ngram_top: rel >= 0.999
        is_top = (sim[near_r, near_c] * inv_top[near_r] >= 0.999) & (top[near_r] > 0)
        keys.append(near_r[is_top] * r + near_c[is_top])
        add.append(np.full(int(is_top.sum()), w["ngram_top"], dtype=np.float32))
        per_doc = {name: np.zeros(n, np.float32) for name in ("label", "ipc", "label_title")}
        label_routes = np.zeros(n, np.int64)
        for e in entries:             # each feature comes from one backend; their terms simply add up
            rows, cols = e.rows.astype(np.int64), e.cols.astype(np.int64)
            at = rows * r + cols
            keys.append(at)
            add.append(sum((w[name] * v for name, v in e.values.items()), np.zeros(len(rows), np.float32)))
            for name, v in e.values.items():
                if name in per_doc:
                    np.maximum.at(per_doc[name], rows, v)
            if "label" in e.values:
                label = e.values["label"]
                keys.append(at)
                add.append(w["ngram_x_label"] * sim[rows, cols] * inv_top[rows] * label)
                d_keys, d_vals = _descendant_entries(rows, cols, label, routes)
                keys.append(d_keys)
                add.append(w["descendant_label"] * d_vals)
                label_routes += np.bincount(rows[label > 0], minlength=n)
        # w_ngram * sim + w_rel * sim / top, then the per-document and per-route constant terms
        z = sim * (w["ngram"] + w["ngram_rel"] * inv_top)[:, None]
        z += (np.float32(self.bias) + w["not_green"] * sim_all[:, r] + w["doc_ngram"] * top
              + w["doc_label"] * per_doc["label"])[:, None]
        z += w["leaf"] * routes.leaf.astype(np.float32)
        np.add.at(z.reshape(-1), np.concatenate(keys), np.concatenate(add))
        np.negative(z, out=z)
        np.exp(z, out=z)
        z += np.float32(1)
        np.reciprocal(z, out=z)
        return z, {"label_max": per_doc["label"], "ngram_max": top, "label_routes": label_routes,
                   "ipc_max": per_doc["ipc"], "title_max": per_doc["label_title"], "not_green": sim_all[:, r]}

    def calibrate(self, p: np.ndarray) -> np.ndarray:
        if len(self.iso_x) == 0:
            return p
        return np.interp(p, self.iso_x, self.iso_y).astype(np.float32)


def _descendant_entries(rows: np.ndarray, cols: np.ndarray, label: np.ndarray,
                        routes: RouteIndex) -> tuple[np.ndarray, np.ndarray]:
    """descendant_label where it is non-zero: flat (document * n_routes + ancestor) keys and the best
    label value among that ancestor's descendants."""
    hit = label > 0
    rows, cols, label = rows[hit], cols[hit], label[hit]
    lo = routes.anc_ptr[cols]
    lens = routes.anc_ptr[cols + 1] - lo
    if not lens.sum():
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    ends = np.cumsum(lens)
    pos = np.arange(int(ends[-1])) + np.repeat(lo - ends + lens, lens)
    keys = np.repeat(rows, lens) * len(routes) + routes.anc_idx[pos]
    ukeys, inv = np.unique(keys, return_inverse=True)
    best = np.zeros(len(ukeys), np.float32)
    np.maximum.at(best, inv, np.repeat(label, lens))
    return ukeys, best


def _descendant_max(m: np.ndarray, routes: RouteIndex) -> np.ndarray:
    """For each route, the best value among its strict descendants."""
    below = np.zeros_like(m)
    for kids, parents, start in routes.lift_levels:
        _max_into(below, parents, start, np.maximum(m[:, kids], below[:, kids]))
    return below


def lift(p: np.ndarray, routes: RouteIndex, inplace: bool = False) -> np.ndarray:
    """A parent scores at least as high as its best child (bottom-up, level by level)."""
    p = p if inplace else p.copy()
    for kids, parents, start in routes.lift_levels:
        _max_into(p, parents, start, p[:, kids])
    return p


def _max_into(p: np.ndarray, parents: np.ndarray, start: np.ndarray, values: np.ndarray) -> None:
    """p[:, parent] = max(p[:, parent], its kids' values); `values` are grouped by parent, groups at `start`."""
    best = np.maximum.reduceat(values, start, axis=1)
    p[:, parents] = np.maximum(p[:, parents], best)


def drop_unfounded(p: np.ndarray, routes: RouteIndex) -> np.ndarray:
    """Route scores before the lift (documents x routes) with 0 for every route that nothing in the text supports
    of its own: no label of it or below it, no n-gram similarity, no mapped IPC code. Such routes all score the same
    base value (the fusion's constant terms: one for leaves, one for groups), each kind's least score, since every
    piece of evidence raises a score. Lifted afterwards, a group without evidence of its own scores its best
    supported child's score, and a route with nothing under it 0, which `select` never shows: the routes that came
    first among base values were arbitrary ("Engine Fuels" -> a pumped-storage plant at 0.00, an English title's
    weak n-gram match below a group at its base score). In place; returns `p`."""
    if not p.size:
        return p
    for kind in (routes.leaf, ~routes.leaf):
        if kind.any():
            part = p[:, kind]
            # a relative margin: the dense (training) path sums the constant terms by matrix product
            part[part <= part.min(axis=1, keepdims=True) * np.float32(1 + 1e-5)] = 0
            p[:, kind] = part
    return p


def candidates(scores: np.ndarray, top_k: int, routes: RouteIndex) -> np.ndarray:
    """The columns `select` looks at, for a whole batch at once (n_docs x n_cand), best first; ties go to
    the deeper route (a lifted parent has its child's score but says less)."""
    n_cand = min(scores.shape[1], max(top_k * 4, 20))
    cand = np.argpartition(-scores, n_cand - 1, axis=1)[:, :n_cand]
    order = np.lexsort((-routes.depth[cand], -np.take_along_axis(scores, cand, axis=1)), axis=-1)
    return np.take_along_axis(cand, order, axis=1)


def stops(named: Iterable[int], length: int) -> frozenset[int]:
    """Where the walk down may stop for one text (`best_leaf`): the routes it names (the columns of its label
    evidence), if it is title-length (`green.LONG_TEXT`, the length up to which the green decision reads a text
    as a title)."""
    return frozenset(named) if length <= LONG_TEXT else frozenset()


def select(scores: np.ndarray, routes: RouteIndex, top_k: int, threshold: float,
           include_ancestors: bool = False, shown: np.ndarray | None = None,
           cand: np.ndarray | None = None, cand_shown: np.ndarray | None = None,
           named: frozenset[int] = frozenset()) -> list[tuple[int, float]]:
    """Best routes of one document: ranked, above threshold, no parent beside its own child. `cand`: this
    document's row of `candidates`; `cand_shown`, if given, the calibrated scores of those candidates in
    the same order (instead of `shown` for every route); `named`, the routes whose own labels the text
    contains (where the walk down may stop, `best_leaf`).

    `scores` (uncalibrated) decide the order; `shown` (calibrated, monotone in `scores`) are what the
    threshold applies to and what is returned. Ranking on the raw scores matters because isotonic
    calibration is a step function that would turn near-ties into large gaps.

    The routes shown are leaves: a group route that ranks among the best stands for its best leaf
    (following the highest-scoring child down), which takes the group's place and score; in a title that names
    a group and nothing below it, the walk stops where no child comes near (`best_leaf`), and a group is
    shown. The group's own
    evidence (its label in the text) says where in the ranking its subtree belongs; the children's say
    which route in it is meant. The calibration is fitted on exactly these (route, score) pairs, so the
    score stays the probability that the route shown is right. With `include_ancestors`, routes are
    listed as ranked, groups included.
    """
    cand = candidates(scores[None, :], top_k, routes)[0] if cand is None else cand
    if cand_shown is None:
        cand_shown = (scores if shown is None else shown)[cand]
    chosen: list[tuple[int, float]] = []
    taken: set[int] = set()
    row = scores.tolist()               # Python floats, made once: the walk down reads them one by one
    for c, score in zip(cand.tolist(), cand_shown.tolist(), strict=True):
        if score < threshold or not scores[c] > 0:       # 0: nothing supports the route (`drop_unfounded`)
            break
        route = c if include_ancestors else best_leaf(c, row, routes, named)
        if route in taken:
            continue
        taken.add(route)
        chosen.append((route, score))
        if len(chosen) >= top_k:
            break
    if named and chosen and not _near_named(chosen[0][0], named, routes):
        # in a title, a route the text names (or one on its path) goes before a first pick its words do not name:
        # "一种污水处理装置" names 水污染治理技术, not the electronics exhaust leaf whose n-grams came first
        for c, score in zip(cand.tolist(), cand_shown.tolist(), strict=True):
            if score < threshold or not scores[c] > 0:
                break
            if not _near_named(c, named, routes):
                continue
            route = c if include_ancestors else best_leaf(c, row, routes, named)
            if _near_named(route, named, routes):        # the walk down from a group above it may leave the path
                chosen = [(route, score)] + [(r, s) for r, s in chosen if r != route][:top_k - 1]
                break
    return chosen


def _near_named(col: int, named: frozenset[int], routes: RouteIndex) -> bool:
    """`col` is a route the text names below the domains, or above or below one."""
    return any(routes.depth[n] > 1 and (col == n or col in routes.ancestors[n] or n in routes.ancestors[col])
               for n in named)


def best_leaf(col: int, scores: np.ndarray | list[float], routes: RouteIndex, named: frozenset[int] = frozenset()) -> int:
    """The leaf reached from `col` by following the highest-scoring child (lifted scores: a child's score
    is its subtree's best); `col` itself if it is a leaf. Below a route in `named` (the text contains one of
    its labels) with no named route under it, the walk stops where the best child scores under `STOP` times
    the route it stands on: from there on the text says no more than that route ("一种废水处理系统" names
    water pollution control, whose n-grams lead on to industrial wastewater, and there they fade); right below
    the named route, a child whose label contains the named route's must reach `ECHO_STOP` times it. A domain
    (depth 1) does not count as named: its labels are too general to say where the text belongs."""
    kids = routes.children[col]
    # the walk may start below the named route (a lifted candidate ranks its subtree's best group first)
    free = bool(named) and any(_named_alone(a, named, routes) for a in routes.lineage[col])
    while kids:
        free = free or _named_alone(col, named, routes)
        best = max(kids, key=scores.__getitem__)
        if free and scores[best] < (ECHO_STOP if col in named and routes.echoes[best] else STOP) * scores[col]:
            return col
        col = best
        kids = routes.children[col]
    return col


def named_route(scores: np.ndarray, routes: RouteIndex, named: frozenset[int]) -> int | None:
    """The route a title names (below the domains) that scores best; None if it names none. Shown when no
    route reaches the threshold, as named, not walked down: below it nothing scores either, and the n-grams'
    best guess (an unrelated leaf at 0.06 for "一种污水处理装置") says less than the label the title contains."""
    below = [c for c in named if routes.depth[c] > 1]
    return max(below, key=lambda c: (scores[c], -c)) if below else None


def _named_alone(col: int, named: frozenset[int], routes: RouteIndex) -> bool:
    """The text names `col` (below the domains) and nothing under it."""
    return col in named and routes.depth[col] > 1 and not any(col in routes.ancestors[n] for n in named)

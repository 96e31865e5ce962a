"""Evaluation against gold records: the issue's metrics, per language and per domain, a per-route table
and the reliability (calibration) table.

Ranking metrics (P@1, R@3, NDCG@5) read the ranked list without the threshold, over green gold records;
F1@5 and the green/not-green figures read what a user sees (threshold applied). A suggested route counts
as right when it is a gold route or lies inside one (see gold.relevant).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from greentaxo.classify.classifier import BATCH, Classifier, lengths, walk_stops
from greentaxo.classify.document import Document, detect_lang
from greentaxo.classify.fusion import select
from greentaxo.classify.gold import relevant

BINS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]


@dataclass
class _Acc:
    n_green: int = 0
    p1: float = 0.0
    r3: float = 0.0
    ndcg5: float = 0.0
    f1_5: float = 0.0
    domain: float = 0.0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def summary(self) -> dict:
        g = max(self.n_green, 1)
        prec = self.tp / max(self.tp + self.fp, 1)
        rec = self.tp / max(self.tp + self.fn, 1)
        return {"records": self.n_green + self.fp + self.tn, "green_records": self.n_green,
                "precision@1": round(self.p1 / g, 4), "recall@3": round(self.r3 / g, 4),
                "f1@5": round(self.f1_5 / g, 4), "ndcg@5": round(self.ndcg5 / g, 4),
                "domain_accuracy": round(self.domain / g, 4),
                "green_precision": round(prec, 4), "green_recall": round(rec, 4),
                "green_f1": round(2 * prec * rec / max(prec + rec, 1e-9), 4),
                "false_green": round(self.fp / max(self.fp + self.tn, 1), 4)}


@dataclass
class Report:
    overall: dict
    by_language: dict[str, dict]
    by_domain: dict[str, dict]
    per_route: list[dict]
    reliability: list[dict]
    threshold: float
    model_version: str
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"overall": self.overall, "by_language": self.by_language, "by_domain": self.by_domain,
                "reliability": self.reliability, "threshold": self.threshold, "model_version": self.model_version,
                "per_route": self.per_route, **self.extra}


def evaluate(clf: Classifier, docs: list[Document], gold: list[list[int]], langs: list[str] | None = None) -> Report:
    routes = clf.routes
    accs: dict[tuple[str, str], _Acc] = defaultdict(_Acc)
    per_route: dict[int, dict] = defaultdict(lambda: {"support": 0, "hit@1": 0, "found@3": 0, "suggested": 0,
                                                      "correct_suggested": 0})
    bins = np.zeros((len(BINS) - 1, 3))    # count, sum score, sum correct
    for start in range(0, len(docs), BATCH):
        chunk = docs[start:start + BATCH]
        raw, scores, _p, green, evidence, outright = clf.score(chunk)
        for j, (doc, named) in enumerate(zip(chunk, walk_stops(evidence, lengths(chunk)), strict=True)):
            d = start + j
            g = gold[d]
            ranked = select(raw[j], routes, 5, 0.0, shown=scores[j], named=named)
            said_green = bool(green[j])           # green with no route shown: route-unknown or route-uncertain
            shown = [c for c, _ in clf.decide(raw[j], scores[j], said_green, named=named, outright=outright[j])]
            lang = (langs[d] if langs else None) or doc.lang or detect_lang(doc.text)
            dom = routes.concepts[routes.domain[g[0]]].notation if g else "not green"
            keys = [("all", ""), ("lang", lang), ("domain", dom)]
            for c in shown:
                per_route[c]["suggested"] += 1
                per_route[c]["correct_suggested"] += int(bool(g) and relevant(c, g, routes))
            for c, s in ranked:
                b = min(np.searchsorted(BINS, s, side="right") - 1, len(BINS) - 2)
                bins[b] += (1, s, int(bool(g) and relevant(c, g, routes)))
            for key in keys:
                a = accs[key]
                if not g:
                    a.fp += int(said_green)
                    a.tn += int(not said_green)
                    continue
                a.n_green += 1
                a.tp += int(said_green)
                a.fn += int(not said_green)
                a.p1 += float(relevant(ranked[0][0], g, routes)) if ranked else 0.0
                a.r3 += recall(ranked[:3], g, routes)
                a.ndcg5 += ndcg([c for c, _ in ranked], g, routes)
                hits = sum(relevant(c, g, routes) for c in shown)
                p5, r5 = hits / max(len(shown), 1), recall([(c, 0) for c in shown], g, routes)
                a.f1_5 += 2 * p5 * r5 / max(p5 + r5, 1e-9)
                a.domain += float(bool(ranked) and routes.domain[ranked[0][0]] in {routes.domain[x] for x in g})
            for gc in g:
                pr = per_route[gc]
                pr["support"] += 1
                pr["hit@1"] += int(bool(ranked) and relevant(ranked[0][0], [gc], routes))
                pr["found@3"] += int(any(relevant(c, [gc], routes) for c, _ in ranked[:3]))
    table = []
    for col, pr in sorted(per_route.items(), key=lambda kv: routes.concepts[kv[0]].notation):
        c = routes.concepts[col]
        table.append({"route": c.iri, "notation": c.notation, "label": c.pref.get("zh", ""), **pr})
    reliability = [{"bin": f"{BINS[i]:.1f}-{min(BINS[i + 1], 1.0):.1f}", "suggestions": int(n),
                    "mean_score": round(float(s / n), 3) if n else None,
                    "fraction_right": round(float(k / n), 3) if n else None}
                   for i, (n, s, k) in enumerate(bins)]
    return Report(accs[("all", "")].summary(),
                  {k[1]: a.summary() for k, a in sorted(accs.items()) if k[0] == "lang"},
                  {k[1]: a.summary() for k, a in sorted(accs.items()) if k[0] == "domain"},
                  table, reliability, clf.threshold, clf.model_version)


def ndcg(ranked: list[int], gold: list[int], routes, k: int = 5) -> float:
    """NDCG@k with each gold route credited once: a suggestion gains if it is, or lies inside, a gold route
    that no earlier suggestion has matched. So three children of one gold group count as one hit (as in
    recall), and the score can never exceed 1 (the ideal list finds min(k, |gold|) gold routes first)."""
    left = list(gold)
    dcg = 0.0
    for i, c in enumerate(ranked[:k]):
        g = next((g for g in left if relevant(c, [g], routes)), None)
        if g is not None:
            left.remove(g)
            dcg += 1 / math.log2(i + 2)
    return dcg / sum(1 / math.log2(i + 2) for i in range(min(len(gold), k)))


def recall(ranked: list[tuple[int, float]], gold: list[int], routes) -> float:
    """Share of the gold routes that some ranked route is, or lies inside."""
    if not gold:
        return 0.0
    return sum(any(relevant(c, [g], routes) for c, _ in ranked) for g in gold) / len(gold)

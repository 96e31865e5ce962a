"""Cross-validation of the green / not-green decision on real patents (patents-dev), as `greentaxo eval` runs it.

Each fold is predicted by a text model and decision trained on the other folds (plus the distant-supervision
text and the gold records, which are never scored here); the route part of the classifier is the trained
one (it never reads patents-dev). Reported per source kind (Chinese title, English title): green precision,
recall, F1 and false-green rate; the same for the keyword floor (`floor.py`) on the same records; route
P@1 and NDCG@5 where the record's inventory-green IPC codes lead to routes through our IPC mappings; and
the reliability of P(green) over all out-of-fold predictions.
"""
from __future__ import annotations

import copy

import numpy as np

from greentaxo.classify.classifier import BATCH, Classifier, lengths, walk_stops
from greentaxo.classify.corpus import Example, Inventory
from greentaxo.classify.document import Document
from greentaxo.classify.evaluate import BINS, ndcg
from greentaxo.classify.floor import keyword_green
from greentaxo.classify.fusion import select
from greentaxo.classify.gold import relevant
from greentaxo.classify.green import decision_inputs, text_length
from greentaxo.classify.green_training import FOLDS, TextTrainer, attach_green, group_folds, route_info
from greentaxo.classify.ipc import covers


def topic_routes(ex: Example, inv: Inventory, clf: Classifier) -> list[int]:
    """Routes for a green record: those mapped (mappings/ipc.sssom.tsv) to an IPC symbol inside one of the
    record's inventory-green codes, or containing it. Subclass-level codes (the Chinese part) give every
    route mapped inside the subclass, a loose gold; full symbols a tight one."""
    cols: set[int] = set()
    for code in ex.codes:
        if not inv.green(code):
            continue
        ours = code.replace("/", "-")
        for mapped, col, _conf in clf.routes.ipc_rows:
            if mapped[:4] == ours[:4] and (covers(mapped, ours) or covers(ours, mapped)):
                cols.add(col)
    return sorted(cols)


def _prf(y: np.ndarray, p: np.ndarray) -> dict:
    tp, fp, fn = int((y & p).sum()), int((~y & p).sum()), int((y & ~p).sum())
    prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"records": len(y), "green": int(y.sum()), "green_precision": round(prec, 4), "green_recall": round(rec, 4),
            "green_f1": round(2 * prec * rec / max(prec + rec, 1e-9), 4),
            "false_green": round(fp / max(int((~y).sum()), 1), 4)}


def cross_validate(clf: Classifier, dev: list[Example], aux: list[Example], extra: list[Example],
                   folds: int = FOLDS, inv: Inventory | None = None, seed: int = 0) -> dict:
    """Out-of-fold green decisions for every dev record and the report (see module doc)."""
    fold = group_folds(dev, folds, seed)
    trainer = TextTrainer(dev, aux, labels=clf.backends["labels"])
    info = route_info(clf, dev)
    p_green = np.zeros(len(dev))
    length = np.array([text_length(e.text) for e in dev])
    cut = np.zeros(len(dev))
    for k in range(folds):
        tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        model = copy.copy(clf)
        attach_green(model, dev, aux, idx=tr, trainer=trainer, info=info, extra=extra)
        z, cjk = trainer.logits(model.green_text, te)
        x = decision_inputs(z, cjk, info[te], trainer.dev_general[te])
        p_green[te] = model.decision.probability(x, length[te])
        cut[te] = model.decision.cuts(x, length[te])
    y = np.array([e.green for e in dev])
    pred = p_green >= cut
    floor = np.array([keyword_green(e.text) for e in dev])
    kinds = sorted({e.kind for e in dev})
    report: dict = {"folds": folds, "seed": seed, "slices": {}, "floor": {}, "routes": {}}
    for name in ["all", *kinds]:
        m = np.array([name == "all" or e.kind == name for e in dev])
        report["slices"][name] = _prf(y[m], pred[m])
        report["floor"][name] = _prf(y[m], floor[m])
    if inv is not None:
        report["routes"] = _route_metrics(clf, dev, inv, kinds)
    report["reliability"] = _reliability(p_green, y)
    report["predictions"] = [{"id": e.id, "kind": e.kind, "green": e.green, "p_green": round(float(p), 4),
                              "predicted": bool(q), "fold": int(f)} for e, p, q, f in zip(dev, p_green, pred, fold, strict=True)]
    return report


def _route_metrics(clf: Classifier, dev: list[Example], inv: Inventory, kinds: list[str]) -> dict:
    """P@1 and NDCG@5 (the first route a gold route or inside one), and on-path@1: the first route is that, or a
    group above a gold route (a title that names a group gets the group: less specific, not wrong; no domain is
    ever listed so). This gold credits any leaf in a Chinese record's subclass, so the strict figures reward a
    guessed leaf over the group the title names; the two read together."""
    acc = {name: [0, 0.0, 0.0, 0.0] for name in ["all", *kinds]}      # records, P@1, NDCG@5, on-path@1 sums
    green = [(i, g) for i, e in enumerate(dev) if e.green and (g := topic_routes(e, inv, clf))]
    for s in range(0, len(green), BATCH):
        part = green[s:s + BATCH]
        docs = [Document(dev[i].id, dev[i].text) for i, _ in part]
        raw, cal, _p, _green, evidence, _outright = clf.score(docs)
        for j, ((i, gold), named) in enumerate(zip(part, walk_stops(evidence, lengths(docs)), strict=True)):
            ranked = [c for c, _ in select(raw[j], clf.routes, 5, 0.0, shown=cal[j], named=named)]
            first = bool(ranked) and relevant(ranked[0], gold, clf.routes)
            above = bool(ranked) and any(ranked[0] in clf.routes.ancestors[g] for g in gold)
            for name in ("all", dev[i].kind):
                a = acc[name]
                a[0] += 1
                a[1] += float(first)
                a[2] += ndcg(ranked, gold, clf.routes)
                a[3] += float(first or above)
    return {k: {"records": n, "precision@1": round(p / max(n, 1), 4), "ndcg@5": round(g / max(n, 1), 4),
                "on_path@1": round(o / max(n, 1), 4)}
            for k, (n, p, g, o) in acc.items()}


def _reliability(p: np.ndarray, y: np.ndarray) -> list[dict]:
    out = []
    for lo, hi in zip(BINS[:-1], BINS[1:], strict=True):
        m = (p >= lo) & (p < hi)
        out.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "records": int(m.sum()),
                    "mean_p_green": round(float(p[m].mean()), 3) if m.any() else None,
                    "fraction_green": round(float(y[m].mean()), 3) if m.any() else None})
    return out

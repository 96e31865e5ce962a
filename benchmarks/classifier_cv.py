"""Cross-validation of the classifier on the training split only (how its settings are chosen).

Run: .venv/bin/python benchmarks/classifier_cv.py   (about 15 s on this machine)

`data/gold/train.jsonl` is cut into four folds by a hash of each record's id; four times, a classifier is
trained on three folds (taxonomy text included, as `greentaxo train` does) and evaluated on the fourth.
Prints the mean of the four evaluations, overall and per language, and the reliability table summed over
folds. The held-out `test.jsonl` is never read: it is for reporting, not for choosing.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METRICS = ["precision@1", "recall@3", "f1@5", "ndcg@5", "green_f1"]


def main(folds: int = 4) -> None:
    import numpy as np

    import greentaxo
    from greentaxo.classify import load_classifier
    from greentaxo.classify.evaluate import evaluate
    from greentaxo.classify.gold import read_gold, to_training
    from greentaxo.classify.routes import RouteIndex
    from greentaxo.classify.training import train_routes

    kg = greentaxo.load()
    routes = RouteIndex.from_graph(kg)
    records = read_gold(ROOT / "data" / "gold" / "train.jsonl")
    docs, gold, records, _aside = to_training(records, routes, kg, source="train.jsonl", moved="not-green")
    langs = [r.get("lang") for r in records]
    fold = [int(hashlib.md5(r["id"].encode()).hexdigest(), 16) % folds for r in records]
    scores: dict[str, dict[str, list[float]]] = {}
    bins: dict[str, list[float]] = {}
    for k in range(folds):
        tr = [i for i in range(len(docs)) if fold[i] != k]
        te = [i for i in range(len(docs)) if fold[i] == k]
        clf = train_routes(kg, [docs[i] for i in tr], [gold[i] for i in tr], source=f"cv fold {k}")
        # the green decision is the bundled model's (real patents; it also saw these gold records as
        # decision inputs, so green figures here are optimistic): this script judges the route ranking
        bundled = load_classifier(kg)
        clf.green_text, clf.decision, clf.general_text = bundled.green_text, bundled.decision, bundled.general_text
        rep = evaluate(clf, [docs[i] for i in te], [gold[i] for i in te], [langs[i] for i in te])
        for name, vals in {"all": rep.overall, **{f"lang {g}": v for g, v in rep.by_language.items()}}.items():
            for m in METRICS:
                if vals.get(m) is not None:
                    scores.setdefault(name, {}).setdefault(m, []).append(vals[m])
        for b in rep.reliability:
            acc = bins.setdefault(b["bin"], [0, 0.0, 0.0])
            if b["suggestions"]:
                acc[0] += b["suggestions"]
                acc[1] += b["mean_score"] * b["suggestions"]
                acc[2] += b["fraction_right"] * b["suggestions"]
    print(f"{folds}-fold cross-validation on train.jsonl ({len(docs)} records)")
    print("| slice | " + " | ".join(METRICS) + " |\n|" + " --- |" * (len(METRICS) + 1))
    for name in sorted(scores):
        print(f"| {name} | " + " | ".join(f"{np.mean(scores[name][m]):.3f}" for m in METRICS) + " |")
    print("\n| score | suggestions | mean score | right |\n| --- | --- | --- | --- |")
    for b, (n, s, r) in bins.items():
        print(f"| {b} | {n} | " + (f"{s / n:.3f} | {r / n:.3f} |" if n else "– | – |"))


if __name__ == "__main__":
    main()

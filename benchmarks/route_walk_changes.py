"""Which first routes the title stop rule changes (fusion.best_leaf, `named`), on real patents and on the gold split.

Run: .venv/bin/python benchmarks/route_walk_changes.py [--data ../shared/data]
For every green record with route gold (patents-dev: routes mapped inside its inventory-green IPC codes, as
`greentaxo eval` scores them; data/gold/test.jsonl: its gold routes), the committed model's first route is
selected twice: walking every group down to its best leaf (the rule before model 0.1.0+d87c1a1177) and with
the stop at a group a title names. Each changed answer is printed with both routes and whether each is
right by the strict measure (the route is a gold route or lies inside one); "group above gold" marks a new
answer that is a group over a gold route (less specific, counted wrong by the strict measure). Reading
them is the point: the gold of patents-dev is loose (a subclass credits every leaf in its area).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import greentaxo
from greentaxo.classify import load_classifier
from greentaxo.classify.classifier import lengths, walk_stops
from greentaxo.classify.corpus import Inventory, patents_dev
from greentaxo.classify.document import Document
from greentaxo.classify.evaluate_patents import topic_routes
from greentaxo.classify.fusion import select
from greentaxo.classify.gold import read_gold, relevant, to_training

ROOT = Path(__file__).resolve().parents[1]


def changes(clf, docs: list[Document], golds: list[list[int]], tag: str) -> None:
    routes = clf.routes

    def name(c: int) -> str:
        return f"{routes.concepts[c].notation} {routes.concepts[c].pref.get('zh', '')}"

    counts = {"changed": 0, "lost": 0, "won": 0, "group above gold": 0}
    for start in range(0, len(docs), 128):
        part = docs[start:start + 128]
        raw, cal, _p, _green, evidence, _outright = clf.score(part)
        for j, (doc, named) in enumerate(zip(part, walk_stops(evidence, lengths(part)), strict=True)):
            gold = golds[start + j]
            walk = select(raw[j], routes, 1, 0.0, shown=cal[j])
            stop = select(raw[j], routes, 1, 0.0, shown=cal[j], named=named)
            if not walk or walk[0][0] == stop[0][0]:
                continue
            a, b = walk[0][0], stop[0][0]
            ra, rb = relevant(a, gold, routes), relevant(b, gold, routes)
            above = any(b in routes.ancestors[g] for g in gold)
            counts["changed"] += 1
            counts["lost"] += ra and not rb
            counts["won"] += rb and not ra
            counts["group above gold"] += above
            mark = "lost" if ra and not rb else "won" if rb and not ra else "-"
            print(f"{tag}\t{mark}\t{'group above gold' if above else ''}\t{doc.full_text[:60]!r}\t{name(a)} -> {name(b)}")
    print(f"{tag}: {len(docs)} records with route gold; " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    kg = greentaxo.load()
    clf = load_classifier(kg)
    docs, gold, *_ = to_training(read_gold(ROOT / "data" / "gold" / "test.jsonl"), clf.routes, kg)
    keep = [i for i, g in enumerate(gold) if g]
    changes(clf, [docs[i] for i in keep], [gold[i] for i in keep], "gold")
    if not (args.data / "patents-dev").is_dir():
        print(f"no {args.data / 'patents-dev'}: the real patents are left out")
        return
    inv = Inventory.read(args.data)
    pairs = [(e, g) for e in patents_dev(args.data) if e.green and (g := topic_routes(e, inv, clf))]
    changes(clf, [Document(e.id, e.text) for e, _ in pairs], [g for _, g in pairs], "patents-dev")


if __name__ == "__main__":
    main()

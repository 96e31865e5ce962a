"""Choose the route-support floor below which a verdict from free text is `needs-review`.

For each green record of the classifier's held-out gold split (data/gold/test.jsonl) and each catalogue, the
support of the route eligibility would use (resolve.py: the summed calibrated score of the candidates leading
to the same catalogue items, or 1.0 when the text names such a route) is paired with whether those items are the
items of a gold route. Printed: for each floor, the share of verdicts kept firm (coverage) and how often their
items are right (precision). The floor is the lowest value whose precision reaches the target.

    .venv/bin/python benchmarks/eligibility_floor.py [--target 0.9]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", type=float, default=0.9)
    ap.add_argument("--gold", default=str(ROOT / "data/gold/test.jsonl"))
    args = ap.parse_args()
    import greentaxo
    from greentaxo.eligibility import CATALOGUES
    from greentaxo.eligibility.catalogue import route_items
    from greentaxo.eligibility.resolve import classify_texts, resolve

    kg = greentaxo.load()
    recs = [json.loads(x) for x in Path(args.gold).read_text(encoding="utf-8").splitlines() if x.strip()]
    recs = [r for r in recs if r.get("green") and r.get("routes")]
    texts = [(r["title"] + "。" + r.get("abstract", "")).strip() for r in recs]
    answers = classify_texts(kg, texts)
    pairs: dict[str, list[tuple[float, bool]]] = {c: [] for c in CATALOGUES}
    for rec, text, ans in zip(recs, texts, answers, strict=True):
        res = resolve(kg, text, ans)
        if not res.used:
            continue
        gold = [kg.taxonomy.concepts[g] for g in rec["routes"] if g in kg.taxonomy.concepts]
        for cid in CATALOGUES:
            key = route_items(kg, res.used, cid)
            if not key:
                continue
            found = res.support(lambda c, cid=cid, key=key: route_items(kg, c, cid) == key)
            if found is None:
                continue
            right = any(route_items(kg, g, cid) == key for g in gold)
            pairs[cid].append((found[0], right))
    print(f"{len(recs)} green held-out records; per catalogue: floor, coverage (firm verdicts), precision (items right)")
    for cid, ps in pairs.items():
        print(f"\n{cid}: {len(ps)} records with items; all: precision {sum(r for _, r in ps) / max(len(ps), 1):.3f}")
        for floor in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            kept = [r for s, r in ps if s >= floor]
            prec = sum(kept) / len(kept) if kept else float("nan")
            print(f"  floor {floor:.1f}: coverage {len(kept) / max(len(ps), 1):.3f}  precision {prec:.3f}")


if __name__ == "__main__":
    main()

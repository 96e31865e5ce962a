"""How far the inventory's labels of patents-dev agree with a person's reading, and which of the two the
classifier follows (issue 14's goals are set on the inventory's labels).

Run: .venv/bin/greentaxo eval ../shared/data/patents-dev/patents-dev.jsonl --predictions OOF.jsonl
     .venv/bin/python benchmarks/green_reader.py OOF.jsonl      (needs ../shared/data; a second)

data/reader/patents-dev-reader.tsv holds two readers' green / not green, and the adjudicated label, for every
inventory-green title and 200 drawn inventory-not-green titles per language (data/reader/README.md: criterion,
sampling, limits). Each drawn
not-green title is weighted by its stratum's size over the draw, so the figures estimate the whole slice; the
bracket is a 95 % bootstrap interval (resampling within each stratum, 2,000 draws). "Against" means the second
system's labels are the truth: "reader against the inventory" is what a person reading the titles would score
on the issue's yardstick.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
READER = ROOT / "data" / "reader" / "patents-dev-reader.tsv"


def f1(pred: np.ndarray, gold: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
    tp, fp, fn = (w * (pred & gold)).sum(), (w * (pred & ~gold)).sum(), (w * (~pred & gold)).sum()
    p, r = tp / max(tp + fp, 1e-9), tp / max(tp + fn, 1e-9)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def interval(pred, gold, w, strata, rng, draws: int = 2000) -> tuple[float, float]:
    groups = [np.flatnonzero(strata == s) for s in (True, False)]
    vals = []
    for _ in range(draws):
        idx = np.concatenate([rng.choice(g, len(g)) for g in groups])
        vals.append(f1(pred[idx], gold[idx], w[idx])[2])
    return float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (po - pe) / (1 - pe)


def main() -> None:
    if len(sys.argv) != 2:
        print("usage: green_reader.py OOF.jsonl   (from greentaxo eval PATENTS --predictions OOF.jsonl)", file=sys.stderr)
        raise SystemExit(2)
    from greentaxo import paths
    from greentaxo.classify.corpus import read_patents
    from greentaxo.classify.floor import keyword_green

    data = paths.shared_data(ROOT)
    if not (data / "patents-dev").is_dir():
        print("../shared/data not found: this benchmark reads patents-dev's labels and titles", file=sys.stderr)
        raise SystemExit(2)
    with open(READER, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    reader = {r["id"]: r["reader_green"] == "1" for r in rows}
    with open(sys.argv[1], encoding="utf-8") as f:
        oof = {r["id"]: r for r in map(json.loads, f)}
    dev = [e for e in read_patents(data / "patents-dev" / "patents-dev.jsonl") if e.id in oof]
    missing = [i for i in reader if i not in oof]
    if missing:
        print(f"{len(missing)} annotated ids are not in {sys.argv[1]} (first {missing[0]}): predictions of the whole "
              "of patents-dev are needed", file=sys.stderr)
        raise SystemExit(2)
    rng = np.random.default_rng(0)
    print(f"{len(reader)} titles read; predictions {sys.argv[1]}")
    for lang in ("zh", "en"):
        pairs = [(r["reader1"] == "1", r["reader2"] == "1") for r in rows if r["lang"] == lang]
        print(f"{lang}: the two readers agree on {sum(a == b for a, b in pairs)} of {len(pairs)}, Cohen's kappa "
              f"{kappa(pairs):.3f}; the adjudicated label is the table's \"reader\"")
    print("| language | what | against | P | R | F1 (95 % interval) |\n| --- | --- | --- | --- | --- | --- |")
    for lang in ("zh", "en"):
        part = [e for e in dev if e.lang == lang]
        drawn = [e for e in part if e.id in reader]
        inv = np.array([e.green for e in drawn])
        size_not = sum(not e.green for e in part)
        w = np.where(inv, 1.0, size_not / max((~inv).sum(), 1))
        read = np.array([reader[e.id] for e in drawn])
        model = np.array([bool(oof[e.id]["predicted"]) for e in drawn])
        floor = np.array([keyword_green(e.text) for e in drawn])
        for what, pred, gold, against in (("the reader", read, inv, "the inventory"),
                                          ("greentaxo", model, inv, "the inventory"),
                                          ("greentaxo", model, read, "the reader"),
                                          ("30-keyword floor", floor, inv, "the inventory"),
                                          ("30-keyword floor", floor, read, "the reader")):
            p, r, f = f1(pred, gold, w)
            lo, hi = interval(pred, gold, w, inv, rng)
            print(f"| {lang} | {what} | {against} | {p:.3f} | {r:.3f} | {f:.3f} ({lo:.2f}-{hi:.2f}) |")


if __name__ == "__main__":
    main()

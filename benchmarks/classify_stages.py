"""Where the time of `greentaxo classify --input` goes, stage by stage, on short records.

Run: .venv/bin/python benchmarks/classify_stages.py [RECORDS.jsonl] [-n 20000]
(default: the held-out data/gold/test.jsonl repeated to 20,000 records; about 10 seconds)

The records go through `Classifier.classify_records` and orjson as the CLI runs them (batches, the cycle collector
paused); each stage is wrapped in a timer, and the least of three runs is printed as microseconds per record.
Stages nest (label matching includes normalisation, `found` includes the backends), so the lines do not add up;
the timers themselves cost about 0.2 µs a call. Figures in docs/classifier.md, "Against Annif".
"""
from __future__ import annotations

import argparse
import gc
import time
from collections import Counter
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("records", nargs="?", type=Path, default=ROOT / "data" / "gold" / "test.jsonl")
    ap.add_argument("-n", type=int, default=20_000, help="records per run (the input repeated)")
    args = ap.parse_args()
    import greentaxo.classify.classifier as classifier
    import greentaxo.classify.green as green
    import greentaxo.classify.labels as labels
    import greentaxo.classify.ngram as ngram
    import greentaxo.classify.textnorm as textnorm
    from greentaxo.classify import load_classifier

    clf = load_classifier()
    spent: Counter[str] = Counter()

    def timed(owner, name: str, key: str) -> None:
        f = getattr(owner, name)

        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return f(*a, **kw)
            finally:
                spent[key] += time.perf_counter() - t
        setattr(owner, name, wrapper)

    stages = [(classifier.Classifier, "found", "what the text holds (`Classifier.found`: the indented lines)"),
              (labels.LabelBackend, "_suggest", "  label matching"),
              (textnorm, "normalise_with_offsets", "    normalisation"),
              (labels.LabelBackend, "_fuzzy", "    word-set matching"),
              (textnorm, "latin_words", "      Latin words (split once, shared with n-gram counting)"),
              (ngram.NgramBackend, "counts_of", "  n-gram counting"),
              (ngram.NgramBackend, "similarities", "  similarity product"),
              (green.GreenText, "logits", "  green text models"),
              (classifier.Classifier, "ranked", "lifting and ranking (green texts)"),
              (classifier.Classifier, "decide", "selection (green texts)"),
              (classifier.Classifier, "_record", "output objects")]
    for owner, name, key in stages:
        timed(owner, name, key)
    if hasattr(labels, "normalise_with_offsets"):          # imported by name there too
        timed(labels, "normalise_with_offsets", "    normalisation")
    import greentaxo.classify.document as document
    timed(document, "normalise_with_offsets", "    normalisation")

    lines = [ln for ln in args.records.read_bytes().splitlines() if ln.strip()]
    lines = [lines[k % len(lines)] for k in range(args.n)]

    def run() -> int:
        n = 0
        for out in clf.classify_records((str(i), orjson.loads(ln)) for i, ln in enumerate(lines)):
            orjson.dumps(out)
            n += 1
        return n

    run()
    best, snapshot = float("inf"), {}
    gc.disable()
    for _ in range(3):
        spent.clear()
        t = time.process_time()
        n = run()
        elapsed = time.process_time() - t
        if elapsed < best:
            best, snapshot = elapsed, dict(spent)
    gc.enable()
    print(f"{n:,} records of {args.records.name}: {best:.2f} CPU-s, {n / best:,.0f} records per CPU-second, "
          f"{1e6 * best / n:.1f} µs each (least of three runs)")
    for _owner, _name, key in stages:
        print(f"  {key:66s} {1e6 * snapshot.get(key, 0.0) / n:7.1f} µs")


if __name__ == "__main__":
    main()

"""Classifier throughput, load time and memory (issue 4). Run: .venv/bin/python benchmarks/bench_classify.py

Records are ~500 characters: gold test records (zh, en, mixed; green and not) with their text repeated or
cut to 500 characters. One process, in the classifier's own batches, as `greentaxo classify --input` runs them.
Prints a markdown table for docs/classifier.md.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def records(n: int, chars: int) -> list[tuple[str, dict]]:
    src = [json.loads(x) for x in open(ROOT / "data" / "gold" / "test.jsonl", encoding="utf-8")]
    out = []
    for i in range(n):
        r = src[i % len(src)]
        body = r["abstract"] or r["title"]
        while len(r["title"]) + len(body) + 1 < chars:
            body = body + " " + (src[(i + len(body)) % len(src)]["abstract"] or "")
        out.append((str(i), {"id": f"b{i}", "title": r["title"], "abstract": body[: max(chars - len(r["title"]) - 1, 0)]}))
    return out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--chars", type=int, default=500)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    rows = []
    t0 = time.perf_counter()
    import greentaxo
    from greentaxo.classify.classifier import BATCH, Classifier
    from greentaxo.classify.document import from_record
    from greentaxo.classify.model import default_path
    from greentaxo.classify.routes import RouteIndex

    kg = greentaxo.load()
    _ = kg.taxonomy, kg.mappings
    rows.append(("load knowledge graph + taxonomy (shared with the API)", f"{time.perf_counter() - t0:.2f} s"))
    t1 = time.perf_counter()
    routes = RouteIndex.from_graph(kg)
    t2 = time.perf_counter()
    clf = Classifier.from_file(routes, default_path())
    t3 = time.perf_counter()
    rows.append(("route index (hierarchy, codes, IPC table)", f"{t2 - t1:.2f} s"))
    rows.append(("model file + label index", f"{t3 - t2:.2f} s"))
    rows.append(("classifier load total (given the graph)", f"{t3 - t1:.2f} s"))
    data = records(args.n, args.chars)
    avg = sum(len(r["title"]) + len(r["abstract"]) + 1 for _, r in data) / len(data)
    clf.classify_docs([from_record(r) for _, r in data[:BATCH]])      # warm-up
    walls, cpus = [], []
    for _ in range(args.repeats):        # the shared VM's speed drifts: report the median and the spread
        t, c = time.perf_counter(), time.process_time()
        n = sum(1 for _ in clf.classify_records(data))
        walls.append(n / (time.perf_counter() - t))
        cpus.append(n / (time.process_time() - c))
    rows.append((f"throughput, {n} records of {avg:.0f} chars, end to end (validate, score, output dicts), "
                 f"{args.repeats} runs",
                 f"median {statistics.median(walls):,.0f} records/s wall (runs {min(walls):,.0f}-{max(walls):,.0f}), "
                 f"median {statistics.median(cpus):,.0f} / best {max(cpus):,.0f} records per CPU-second"))
    docs = [from_record(r) for _, r in data[:2048]]
    for name, backend in clf.backends.items():
        t = time.perf_counter()
        for i in range(0, len(docs), BATCH):
            backend.suggest(docs[i:i + BATCH])
        rows.append((f"  backend {name} alone", f"{len(docs) / (time.perf_counter() - t):,.0f} records/s"))
    load = os.getloadavg()[0]
    rows.append(("machine load average during the run (2 cores, shared)", f"{load:.1f}"))
    rows.append(("peak resident memory (graph + classifier + benchmark data)", f"{rss_mb():.0f} MB"))
    rows.append(("model file size", f"{default_path().stat().st_size / 1e6:.1f} MB"))
    print("| measure | value |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()

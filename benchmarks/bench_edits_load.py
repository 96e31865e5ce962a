"""Editors and reviewers at once against a live server: 5xx count, submit and approve latency, and afterwards
the proof that nothing was lost (docs/benchmarks.md, "Availability").

    python benchmarks/bench_edits_load.py                                  # 18 editors + 6 reviewers, SQLite, 1 worker
    python benchmarks/bench_edits_load.py --backend postgresql --workers 2
    python benchmarks/bench_edits_load.py --src /tmp/before                # another checkout's code (before/after)
    python benchmarks/bench_edits_load.py --burst 25                       # 25 approvals at once beside 15 readers

Each editor loops: read a concept (one of six shared ones, so editors collide and get honest 412s) or their own
mapping row, think (uniform 0..2x --think seconds), submit a change with If-Match. Each reviewer loops: list
pending change sets, approve one (two reviewers may race: 409/412 are answers, not failures). A request that
gets a 5xx or no answer within 60 s (the client's patience) is a failure. Afterwards every acknowledged
submission must exist, every acknowledged approval be applied, each applied label be in its concept exactly
once, and the store pass its consistency check.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from live import EDITORS, REVIEWERS, Postgres, Server, load_average, percentile, store_env

CONCEPTS = ["gtr:R0102", "gtr:R0103", "gtr:R0104", "gtr:R0105", "gtr:R0106", "gtr:R0107"]


class Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.codes: Counter = Counter()
        self.times: dict[str, list[float]] = {"submit": [], "approve": [], "read": []}
        self.submitted: dict[int, str] = {}     # change set -> label it adds (concepts) or "" (mappings)
        self.approved: set[int] = set()

    def add(self, kind: str, code: int | str, seconds: float) -> None:
        with self.lock:
            self.codes[(kind, code)] += 1
            self.times[kind].append(seconds)


def _timed(log: Log, kind: str, fn, *args, **kw):
    t0 = time.monotonic()
    try:
        r = fn(*args, **kw)
    except httpx.HTTPError as exc:
        log.add(kind, type(exc).__name__, time.monotonic() - t0)
        return None
    log.add(kind, r.status_code, time.monotonic() - t0)
    return r


def editor(base: str, token: str, n: int, mapping: str, stop: threading.Event, log: Log, think: float, rnd) -> None:
    h = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=60, headers=h) as http:
        k = 0
        while not stop.is_set():
            k += 1
            if k % 2:
                concept = rnd.choice(CONCEPTS)
                r = _timed(log, "read", http.get, f"/edits/concepts/{concept}")
                if r is None or r.status_code != 200:
                    continue
                alt = r.json().get("altLabel", {})
                label = f"load {n}-{k}"
                time.sleep(rnd.uniform(0, 2 * think))
                body = {"set": {"altLabel": {**alt, "en": alt.get("en", []) + [label]}}}
                r = _timed(log, "submit", http.put, f"/edits/concepts/{concept}", json=body,
                           headers={"If-Match": r.headers["ETag"]})
            else:
                r = _timed(log, "read", http.get, f"/edits/mappings/{mapping}")
                if r is None or r.status_code != 200:
                    continue
                label = ""
                time.sleep(rnd.uniform(0, 2 * think))
                r = _timed(log, "submit", http.patch, f"/edits/mappings/{mapping}", json={"set": {"comment": f"load {n}-{k}"}},
                           headers={"If-Match": r.headers["ETag"]})
            if r is not None and r.status_code == 202:
                with log.lock:
                    log.submitted[r.json()["id"]] = label


def reviewer(base: str, token: str, stop: threading.Event, log: Log, rnd) -> None:
    h = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=60, headers=h) as http:
        while not stop.is_set():
            r = _timed(log, "read", http.get, "/edits/changesets", params={"status": "pending", "limit": 20})
            if r is None or r.status_code != 200 or not r.json():
                time.sleep(0.2)
                continue
            cid = rnd.choice(r.json())["id"]
            r = _timed(log, "approve", http.post, f"/edits/changesets/{cid}/approve")
            if r is not None and r.status_code == 200:
                with log.lock:
                    log.approved.add(cid)


def verify(url: str, log: Log) -> list[str]:
    from greentaxo.edits.store import EditStore

    store = EditStore(url)
    problems = store.check_consistency()
    statuses = {cs["id"]: cs for cs in store.changesets(limit=100000)}
    problems += [f"acknowledged change set {c} is missing" for c in log.submitted if c not in statuses]
    problems += [f"acknowledged approval {c} is {statuses[c]['status']}" for c in log.approved
                 if statuses.get(c, {}).get("status") != "applied"]
    labels: Counter = Counter()
    for concept in CONCEPTS:
        labels.update(store.concept(concept)[0].get("altLabel", {}).get("en", []))
    for cid, cs in statuses.items():
        label = log.submitted.get(cid)
        if label and cs["status"] == "applied" and labels[label] != 1:
            problems.append(f"change set {cid}: its label is in the store {labels[label]} times")
    store.engine.dispose()
    return problems


def burst(base: str, n: int, kind: str, log: Log) -> None:
    """The issue's freeze: n change sets on n mapping rows (or concepts), submitted first, then approved all
    at once while readers read; each approval re-validates (the store moved since each was submitted)."""
    ed = {"Authorization": f"Bearer {next(iter(EDITORS))}"}
    pending = []
    with httpx.Client(base_url=base, timeout=120) as http:
        if kind == "mapping":
            targets = [f"/edits/mappings/{m}" for m in _mapping_rows(base, n)]
        else:
            ids = [c["id"] for c in http.get("/concepts", params={"limit": 500}).json()["items"]]
            targets = [f"/edits/concepts/gtr:{iri.rsplit('/', 1)[1]}" for iri in ids]
        for path in targets:
            if len(pending) == n:
                break
            r = http.get(path, headers=ed)
            h = {**ed, "If-Match": r.headers["ETag"]}
            if kind == "mapping":
                r = http.patch(path, headers=h, json={"set": {"comment": f"burst {path}"}})
            else:
                alt = r.json().get("altLabel", {})
                r = http.put(path, headers=h, json={"set": {"altLabel": {**alt, "en": alt.get("en", []) + ["burst"]}}})
            if r.status_code == 202:
                pending.append(r.json()["id"])
                log.submitted[r.json()["id"]] = ""
    reviewers, go = list(REVIEWERS), threading.Barrier(n + 15)

    def approve(k: int) -> None:
        with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {reviewers[k]}"}) as http:
            go.wait()
            r = _timed(log, "approve", http.post, f"/edits/changesets/{pending[k]}/approve")
            if r is not None and r.status_code == 200:
                log.approved.add(pending[k])

    def read(k: int) -> None:
        with httpx.Client(base_url=base, timeout=60, headers=ed) as http:
            go.wait()
            for _ in range(5):
                _timed(log, "read", http.get, "/edits/concepts/gtr:R0102")

    threads = [threading.Thread(target=approve, args=(k,)) for k in range(n)]
    threads += [threading.Thread(target=read, args=(k,)) for k in range(15)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--editors", type=int, default=18)
    ap.add_argument("--reviewers", type=int, default=6)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--think", type=float, default=1.0, help="editors' mean pause between reading and submitting")
    ap.add_argument("--src", type=Path, help="serve this checkout's code instead (for before/after)")
    ap.add_argument("--burst", type=int, default=0, help="instead: approve this many change sets at once")
    ap.add_argument("--burst-kind", choices=["mapping", "concept"], default="mapping",
                    help="what the burst's change sets edit (mapping rows: the issue's freeze)")
    args = ap.parse_args()
    rnd = random.Random(21)
    with tempfile.TemporaryDirectory() as tmp, (Postgres() if args.backend == "postgresql" else _Nothing()) as pg:
        env = store_env(args.backend, pg, Path(tmp))
        url = env.get("GREENTAXO_EDITS_URL") or f"sqlite:///{env['GREENTAXO_EDITS_DB']}"
        with Server(env, workers=args.workers, src=args.src, log=Path(tmp) / "server.log") as server:
            server.wait()
            mappings = _mapping_rows(server.base, args.editors)
            log, stop = Log(), threading.Event()
            load = load_average()
            if args.burst:
                burst(server.base, args.burst, args.burst_kind, log)
                args.editors = args.reviewers = args.seconds = 0
            threads = [threading.Thread(target=editor, args=(server.base, tok, i, mappings[i], stop, log, args.think,
                                                             random.Random(rnd.random())))
                       for i, tok in enumerate(list(EDITORS)[:args.editors])]
            threads += [threading.Thread(target=reviewer, args=(server.base, tok, stop, log, random.Random(rnd.random())))
                        for tok in list(REVIEWERS)[:args.reviewers]]
            for t in threads:
                t.start()
            time.sleep(args.seconds)
            stop.set()
            for t in threads:
                t.join(120)
        problems = verify(url, log)
    fails = sum(n for (kind, code), n in log.codes.items() if not isinstance(code, int) or code >= 500)
    what = f"burst of {args.burst} {args.burst_kind} approvals + 15 readers x 5 reads" if args.burst else \
        f"{args.editors} editors + {args.reviewers} reviewers, {args.seconds:g} s, think {args.think:g} s"
    print(f"{args.backend}, {args.workers} worker(s), {what}, load before {load}, after {load_average()}")
    for kind in ("submit", "approve", "read"):
        t = log.times[kind]
        codes = ", ".join(f"{code}: {n}" for (k, code), n in sorted(log.codes.items(), key=str) if k == kind)
        print(f"  {kind:8} n={len(t):5}  p50 {percentile(t, 50):.3f} s  p99 {percentile(t, 99):.3f} s  "
              f"max {max(t, default=float('nan')):.3f} s   [{codes}]")
    print(f"  5xx or no answer: {fails}; acknowledged submits {len(log.submitted)}, approvals {len(log.approved)}; "
          f"verification: {'ok' if not problems else problems[:5]}")


def _mapping_rows(base: str, n: int) -> list[str]:
    """One non-exact mapping row per editor (a comment may be edited freely on those)."""
    h = {"Authorization": f"Bearer {next(iter(EDITORS))}"}
    out: list[str] = []
    for k in range(1, 2000):
        if len(out) == n:
            break
        r = httpx.get(f"{base}/edits/mappings/M{k:06d}", headers=h, timeout=60)
        if r.status_code == 200 and not r.json()["predicate_id"].endswith("exactMatch"):
            out.append(f"M{k:06d}")
    return out


class _Nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return None


if __name__ == "__main__":
    main()

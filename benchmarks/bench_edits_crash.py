"""kill -9 at random moments while editors and reviewers write: is every acknowledged write kept, exactly once?

    python benchmarks/bench_edits_crash.py                         # 10 crashes on SQLite (1 worker)
    python benchmarks/bench_edits_crash.py --backend postgresql --workers 2
    python benchmarks/bench_edits_crash.py --src /tmp/before       # another checkout's code (before/after)

Each round starts the server on the same store, lets 8 editors and 3 reviewers (bench_edits_load's) work until
the round's first submission is acknowledged and then a random 2-6 s more, then SIGKILLs the server's whole
process group. After the last round: every change set whose submission was acknowledged (202) exists, every
acknowledged approval (200) is applied, each applied label is in its concept exactly once, and the store passes
its consistency check (and SQLite's integrity_check).
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench_edits_load import Log, _mapping_rows, editor, reviewer, verify
from live import EDITORS, REVIEWERS, Postgres, Server, load_average, store_env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--crashes", type=int, default=10)
    ap.add_argument("--src", type=Path, help="serve this checkout's code instead (for before/after)")
    args = ap.parse_args()
    rnd = random.Random(2121)
    log = Log()
    with tempfile.TemporaryDirectory() as tmp, Postgres() as pg:
        env = store_env(args.backend, pg, Path(tmp))
        url = env.get("GREENTAXO_EDITS_URL") or f"sqlite:///{env['GREENTAXO_EDITS_DB']}"
        print(f"{args.backend}, {args.workers} worker(s), {args.crashes} crashes, load {load_average()}")
        for crash in range(args.crashes):
            server = Server(env, workers=args.workers, src=args.src, log=Path(tmp) / f"server-{crash}.log")
            started = server.wait()
            stop = threading.Event()
            mappings = _mapping_rows(server.base, 8)
            threads = [threading.Thread(target=editor, args=(server.base, tok, 1000 * crash + i, mappings[i], stop, log,
                                                             0.2, random.Random(rnd.random())))
                       for i, tok in enumerate(list(EDITORS)[:8])]
            threads += [threading.Thread(target=reviewer, args=(server.base, tok, stop, log, random.Random(rnd.random())))
                        for tok in list(REVIEWERS)[:3]]
            for t in threads:
                t.start()
            # a fresh worker's first submission loads the validator (seconds on a loaded machine): kill only once
            # writes are being acknowledged, else every round cuts the same first requests and proves nothing
            before, t0 = len(log.submitted), time.monotonic()
            while len(log.submitted) == before and time.monotonic() - t0 < 60:
                time.sleep(0.1)
            time.sleep(rnd.uniform(2, 6))
            server.kill()                                   # SIGKILL to the whole process group, mid-write
            stop.set()
            for t in threads:
                t.join(120)
            print(f"  crash {crash + 1}: server up in {started:.1f} s; acknowledged so far: {len(log.submitted)} "
                  f"submits, {len(log.approved)} approvals", flush=True)
        problems = verify(url, log)
        if args.backend == "sqlite":
            with sqlite3.connect(env["GREENTAXO_EDITS_DB"]) as db:
                problems += [f"integrity_check: {r[0]}" for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
    failed: Counter = Counter()
    for (_kind, code), n in log.codes.items():
        if not isinstance(code, int) or code >= 500:
            failed[code] += n
    print(f"after {args.crashes} kill -9: {len(log.submitted)} acknowledged submits, {len(log.approved)} acknowledged "
          f"approvals; lost or duplicated: {len(problems)} {problems[:5]}; requests cut by the crashes or 5xx: {dict(failed)}")


if __name__ == "__main__":
    main()

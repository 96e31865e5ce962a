"""Cold starts of a two-worker server on an empty edit store: does any first request fail?

    python benchmarks/bench_cold_start.py                        # 10 starts each on SQLite and PostgreSQL
    python benchmarks/bench_cold_start.py --launcher uvicorn     # plain `uvicorn --workers 2` (workers migrate)
    python benchmarks/bench_cold_start.py --src /tmp/before      # another checkout's code (before/after)

Each start: a new empty store, a server with --workers 2, and 20 edit reads sent at once as soon as it is
launched (the two workers take them as they come). Reported per backend: answers by status over all starts,
and whether every store ended seeded exactly once and consistent.
"""
from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import sqlalchemy as sa
from live import EDITORS, Postgres, Server, load_average, store_env


def first_requests(base: str, n: int = 20) -> Counter:
    codes: Counter = Counter()
    lock = threading.Lock()
    h = {"Authorization": f"Bearer {next(iter(EDITORS))}"}

    def one():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                code = httpx.get(f"{base}/edits/concepts/gtr:R0102", headers=h, timeout=60).status_code
            except httpx.ConnectError:          # not listening yet
                time.sleep(0.05)
                continue
            except httpx.HTTPError as exc:
                code = type(exc).__name__
            with lock:
                codes[code] += 1
            return

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    return codes


def check(url: str) -> str:
    eng = sa.create_engine(url)
    with eng.connect() as conn:
        meta = conn.execute(sa.text("SELECT count(*) FROM edit_meta")).scalar_one()
        concepts = conn.execute(sa.text("SELECT count(*) FROM edit_concepts")).scalar_one()
    eng.dispose()
    return f"meta rows {meta}, concepts {concepts}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--starts", type=int, default=10)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--launcher", choices=["serve", "uvicorn"], default="serve")
    ap.add_argument("--src", type=Path, help="serve this checkout's code instead (for before/after)")
    args = ap.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(f"load {load_average()}; {'before: ' + str(args.src) if args.src else 'this checkout'}")
    with tempfile.TemporaryDirectory() as tmp, Postgres() as pg:
        for backend in backends:
            codes: Counter = Counter()
            states: Counter = Counter()
            for i in range(args.starts):
                env = store_env(backend, pg, Path(tmp))
                url = env.get("GREENTAXO_EDITS_URL") or f"sqlite:///{env['GREENTAXO_EDITS_DB']}"
                with Server(env, workers=2, src=args.src, plain=args.launcher == "uvicorn",
                            log=Path(tmp) / f"{backend}-{i}.log") as server:
                    got = first_requests(server.base)
                    codes.update(got)
                states[check(url)] += 1
                print(f"  {backend} start {i + 1}: {dict(got)}", flush=True)
            bad = sum(n for c, n in codes.items() if c != 200)
            print(f"{backend}: {args.starts} cold starts x 2 workers ({server.launcher}): {dict(codes)} -> {bad} failed; "
                  f"stores: {dict(states)}")


if __name__ == "__main__":
    main()

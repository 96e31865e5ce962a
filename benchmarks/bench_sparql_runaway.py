"""Runaway SPARQL queries against a live server: do they stop, and does the endpoint answer again?

    python benchmarks/bench_sparql_runaway.py                   # this checkout
    python benchmarks/bench_sparql_runaway.py --src /tmp/before # another checkout's code (before/after)

1. Two queries that would run for minutes are sent at once (GREENTAXO_SPARQL_TIMEOUT, 5 s by default); a
   trivial ASK is sent every 0.1 s from then on. Reported: when the two got their 503, how long after the
   later of those the first trivial query answered 200 (goal: within 1 s), and the CPU seconds the server's
   processes used in the 10 s after the timeouts (a query that really stopped uses none).
2. 20 clients send a query that runs about --near seconds alone, for --seconds; a client given a 503 waits
   its Retry-After. Reported: answers by status, and how many trivial queries from one more client succeeded.
"""
from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from live import Server, group_cpu, load_average, percentile

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
TRIVIAL = "ASK { ?s ?p ?o }"


def near(k: int) -> str:
    """A query whose work grows with k (k x ~98,000 rows joined): calibrated to run near the timeout."""
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT ?a WHERE {{ ?a ?b ?c }} LIMIT {k} }} ?d ?e ?f }}"


def ask(base: str, query: str, timeout: float = 60) -> tuple[int | str, float, httpx.Response | None]:
    t0 = time.monotonic()
    try:
        r = httpx.get(f"{base}/sparql", params={"query": query}, timeout=timeout)
    except httpx.HTTPError as exc:
        return type(exc).__name__, time.monotonic() - t0, None
    return r.status_code, time.monotonic() - t0, r


def runaway(server: Server) -> None:
    base, done = server.base, []

    def send():
        code, took, _ = ask(base, RUNAWAY, timeout=300)
        done.append((code, took, time.monotonic()))

    start = time.monotonic()
    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    first_ok, trivial = None, Counter()
    while time.monotonic() - start < 200:
        code, _, _ = ask(base, TRIVIAL, timeout=10)
        trivial[code] += 1
        if code == 200 and len(done) == 2:
            first_ok = time.monotonic()
            break
        time.sleep(0.1)
    for t in threads:
        t.join(300)
    timed_out = max(at for _, _, at in done)
    cpu0 = group_cpu(server.proc.pid)
    time.sleep(10)
    burned = group_cpu(server.proc.pid) - cpu0
    print(f"  runaway queries: {[(c, round(t, 2)) for c, t, _ in done]} (status, seconds)")
    print(f"  trivial ASK every 0.1 s meanwhile: {dict(trivial)}")
    late = f"{first_ok - timed_out:+.2f} s" if first_ok else "never (200 s)"
    print(f"  first trivial 200 after both runaways answered: {late}; server CPU in the next 10 s: {burned:.1f} s")


def crowd(server: Server, seconds: float, k: int) -> None:
    base, stop = server.base, threading.Event()
    codes: Counter = Counter()
    oks: list[float] = []
    trivial: Counter = Counter()
    lock = threading.Lock()

    def client():
        while not stop.is_set():
            code, took, r = ask(base, near(k))
            with lock:
                codes[code] += 1
                if code == 200:
                    oks.append(took)
            if code == 503 and r is not None:
                time.sleep(float(r.headers.get("retry-after", "1")))

    def poller():
        while not stop.is_set():
            code, _, _ = ask(base, TRIVIAL, timeout=30)
            trivial[code] += 1
            time.sleep(0.5)

    threads = [threading.Thread(target=client) for _ in range(20)] + [threading.Thread(target=poller)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(120)
    print(f"  20 clients x near-timeout query for {seconds:g} s: {dict(codes)}; 200s took p50 "
          f"{percentile(oks, 50):.2f} s; one more client's trivial ASKs: {dict(trivial)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, help="serve this checkout's code instead (for before/after)")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--near", type=float, default=4.0, help="seconds the crowd's query runs alone (calibrated)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Server({"GREENTAXO_SPARQL_TIMEOUT": "5"}, src=args.src,
                                                      log=Path(tmp) / "server.log") as server:
        server.wait()
        print(f"SPARQL timeout 5 s, {'before: ' + str(args.src) if args.src else 'this checkout'}, load {load_average()}")
        runaway(server)
        k, took = 20, 0.0
        while took < args.near * 0.7 and k < 10**6:        # calibrate on the idle server
            code, took, _ = ask(server.base, near(k))
            if code != 200:
                break
            k = int(k * max(1.2, min(4.0, args.near / max(took, 0.05))))
        print(f"  near-timeout query: LIMIT {k} (last calibration run {took:.2f} s)")
        crowd(server, args.seconds, k)


if __name__ == "__main__":
    main()

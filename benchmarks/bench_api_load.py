"""Bounded load test of the HTTP API on loopback: fixed arrival rate, latency percentiles, memory.

Starts `uvicorn api.main:app` (production settings: one worker, no reload, access log off) on a free
127.0.0.1 port, sends a mix of concept lookups, searches and (when the classifier is installed) single
classifications at a fixed rate for a fixed time, then stops the server. Nothing leaves the machine.

Run: .venv/bin/python benchmarks/bench_api_load.py [--rate 200] [--duration 120]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return 0.0
    return 0.0


async def run(base: str, rate: float, duration: float, pid: int, kinds: list[str]) -> dict:
    import httpx

    sys.path.insert(0, str(ROOT / "src"))
    import greentaxo

    kg = greentaxo.load()
    notations = [c.notation for c in kg.taxonomy.live()]
    words = [t for c in kg.taxonomy.leaves() for _, _, t in c.all_labels()][:3000]
    texts = [f"{c.pref['zh']}：{c.definition['zh']}" for c in kg.taxonomy.leaves()]
    lat: dict[str, list[float]] = {k: [] for k in kinds}
    errors: dict[str, int] = {k: 0 for k in kinds}
    mem = [rss_mb(pid)]
    rng = random.Random(1)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        async def one(kind: str) -> None:
            t = time.perf_counter()
            try:
                if kind == "concept":
                    r = await client.get(f"/concepts/{rng.choice(notations)}")
                elif kind == "search":
                    r = await client.get("/search", params={"q": rng.choice(words)[:12], "limit": 10})
                else:
                    text = rng.choice(texts)
                    r = await client.post("/classify", json={"id": "x", "title": text[:30], "abstract": text})
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            lat[kind].append((time.perf_counter() - t) * 1000)
            if not ok:
                errors[kind] += 1

        tasks = []
        start = time.perf_counter()
        n = 0
        next_mem = start + 5
        while (now := time.perf_counter()) - start < duration:
            target = start + n / rate
            if target > now:
                await asyncio.sleep(target - now)
            tasks.append(asyncio.create_task(one(kinds[n % len(kinds)])))
            n += 1
            if time.perf_counter() > next_mem:
                mem.append(rss_mb(pid))
                next_mem += 5
        await asyncio.gather(*tasks)
        mem.append(rss_mb(pid))
    out = {"rate": rate, "duration_s": duration, "requests": n, "memory_mb": {"start": mem[0], "max": max(mem), "end": mem[-1]}}
    for k in kinds:
        xs = sorted(lat[k])
        out[k] = {"count": len(xs), "errors": errors[k], "p50_ms": round(statistics.median(xs), 2),
                  "p99_ms": round(xs[int(len(xs) * 0.99) - 1], 2), "max_ms": round(xs[-1], 2)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--duration", type=float, default=120)
    ap.add_argument("--no-classify", action="store_true", help="leave single classifications out of the mix")
    args = ap.parse_args()
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "uvicorn"), "api.main:app", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", "1", "--no-access-log", "--log-level", "warning"],
                              cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        t0 = time.perf_counter()
        while True:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - t0 > 30:
                raise SystemExit("server did not start within 30 s")
            time.sleep(0.05)
        ready = time.perf_counter() - t0
        has_classify = not args.no_classify and httpx.post(
            base + "/classify", json={"title": "光伏", "abstract": "光伏电站"}).status_code == 200
        kinds = ["concept", "search"] + (["classify"] if has_classify else [])
        res = asyncio.run(run(base, args.rate, args.duration, server.pid, kinds))
        res["startup_s"] = round(ready, 2)
        print(json.dumps(res, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""Bounded load test of the HTTP API on loopback with wrk, at a paced rate; latency and memory.

Starts `uvicorn greentaxo.api.main:app` (production settings: one process, no reload, no access log) on a free
127.0.0.1 port, then drives each kind of request with wrk (Debian package `wrk`) for a fixed time.
wrk is paced with a per-connection delay (Lua `delay()`), so the offered load is about
connections x 1000 / (delay + latency) requests per second. The server's memory is sampled during the
run. Nothing leaves the machine; every run stops by itself.

Run: .venv/bin/python benchmarks/bench_api_load.py [--seconds 40] [--connections 4] [--rate 200] [--workers 2]
[--kinds "concept lookup"]
(--workers N starts `uvicorn --workers N`: a supervisor and N worker processes, each with its own graph and
model; memory is then reported per worker)
(each kind is first probed for 3 s to learn its latency, and the pacing delay is set so that
connections x 1000 / (delay + latency) is the target rate)
(the Python httpx client tops out near 250 req/s on this machine, so it cannot measure the server)
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LUA = r"""
local paths = {}
local bodies = {}
local method = "%(method)s"
for line in io.lines("%(inputs)s") do
  if method == "GET" then paths[#paths + 1] = line else bodies[#bodies + 1] = line end
end
local i = 0
request = function()
  i = i + 1
  if method == "GET" then
    return wrk.format("GET", paths[(i %% #paths) + 1])
  end
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/json"}, bodies[(i %% #bodies) + 1])
end
delay = function() return %(delay)d end
response = function(status, headers, body)
  if status ~= 200 then errors_seen = (errors_seen or 0) + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("JSON {\"requests\": %%d, \"non2xx\": %%d, \"socket_errors\": %%d, " ..
    "\"p50_ms\": %%.2f, \"p99_ms\": %%.2f, \"max_ms\": %%.2f, \"mean_ms\": %%.2f}\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(poll: float = 0.05, workers: int = 1) -> tuple[subprocess.Popen, str, float]:
    """`uvicorn greentaxo.api.main:app` with production settings on a free loopback port; returns the process, its base
    URL and the seconds from process start to the first 200 from /health (the caller stops the process). With
    several workers, the seconds until every worker has answered /ready."""
    import urllib.request

    port = free_port()
    t0 = time.perf_counter()
    extra = ["--workers", str(workers)] if workers > 1 else []
    server = subprocess.Popen([str(Path(sys.executable).parent / "uvicorn"), "greentaxo.api.main:app", "--host", "127.0.0.1",
                               "--port", str(port), "--no-access-log", "--log-level", "warning", *extra], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    seen: set[str] = set()
    while True:
        try:
            with urllib.request.urlopen(base + ("/ready" if workers > 1 else "/health"), timeout=1) as r:
                if r.status == 200:
                    seen.add(json.loads(r.read()).get("instance", "the server"))
                if len(seen) >= workers:       # every worker has answered (a new connection each time)
                    return server, base, time.perf_counter() - t0
        except OSError:
            pass
        if time.perf_counter() - t0 > 180:
            server.terminate()
            raise SystemExit("server did not start within 180 s")
        time.sleep(poll)


def workers_of(pid: int) -> list[int]:
    """The worker processes of a uvicorn supervisor (its children), or the process itself when it has none."""
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(d.name))
            except (OSError, IndexError, ValueError):
                pass
    # uvicorn's multiprocessing supervisor also starts a resource tracker; workers are the ones holding the graph
    return [k for k in kids if rss_mb(k) > 50] or [pid]


def rss_mb(pid: int) -> float:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def inputs(tmp: Path) -> dict[str, tuple[str, str, Path]]:
    sys.path.insert(0, str(ROOT / "src"))
    import urllib.parse

    import greentaxo

    kg = greentaxo.load()
    rng = random.Random(1)
    notations = [c.notation for c in kg.taxonomy.live()]
    words = [t for c in kg.taxonomy.leaves() for _, _, t in c.all_labels()]
    texts = [(c.pref["zh"], c.definition["zh"]) for c in kg.taxonomy.leaves()] + \
            [(c.pref["en"], c.definition["en"]) for c in kg.taxonomy.leaves()]
    files = {}
    (tmp / "concept.txt").write_text("\n".join(f"/concepts/{n}" for n in rng.sample(notations, len(notations))))
    files["concept lookup"] = ("GET", "/concepts", tmp / "concept.txt")
    queries = [f"/search?q={urllib.parse.quote(w[:12])}&limit=10" for w in rng.sample(words, 2000)]
    (tmp / "search.txt").write_text("\n".join(queries))
    files["search"] = ("GET", "/search", tmp / "search.txt")
    (tmp / "classify.txt").write_text("\n".join(json.dumps({"id": str(i), "title": t, "abstract": a}, ensure_ascii=False)
                                                for i, (t, a) in enumerate(rng.sample(texts, len(texts)))))
    files["single classify"] = ("POST", "/classify", tmp / "classify.txt")
    return files


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=40, help="per kind of request (three kinds: 2 minutes in all)")
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--rate", type=float, default=200, help="target requests per second per kind")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--kinds", default="", help="comma-separated kinds to run (default: all)")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp())
    kinds = inputs(tmp)
    if args.kinds:
        kinds = {k: v for k, v in kinds.items() if k in args.kinds.split(",")}
    server, base, startup = start_server(workers=args.workers)
    results: dict = {}
    try:
        results["startup_s"] = round(startup, 2)
        results["workers"] = args.workers
        pids = workers_of(server.pid) if args.workers > 1 else [server.pid]
        mem = [[rss_mb(p) for p in pids]]
        stop = threading.Event()

        def sample():
            while not stop.wait(2):
                mem.append([rss_mb(p) for p in pids])

        threading.Thread(target=sample, daemon=True).start()
        def wrk(name, method, path, file, delay, seconds):
            script = tmp / f"{name.replace(' ', '_')}.lua"
            script.write_text(LUA % {"method": method, "inputs": file, "path": path, "delay": delay})
            out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "-s", str(script), base],
                                 capture_output=True, text=True, check=True).stdout
            stats = json.loads(re.search(r"^JSON (.*)$", out, re.M).group(1))
            stats["rate_per_s"] = round(stats["requests"] / seconds, 1)
            return stats

        budget = args.connections * 1000 / args.rate
        for name, (method, path, file) in kinds.items():
            probe = wrk(name, method, path, file, int(budget), 3)
            delay = max(0, int(budget - probe["mean_ms"]))
            stats = wrk(name, method, path, file, delay, args.seconds)
            stats["pacing_delay_ms"] = delay
            results[name] = stats
        stop.set()
        results["memory_mb"] = {"per_worker_start": [round(m, 1) for m in mem[0]],
                                 "per_worker_max": [round(max(s[i] for s in mem), 1) for i in range(len(pids))],
                                 "per_worker_end": [round(m, 1) for m in mem[-1]]}
        print(json.dumps(results, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

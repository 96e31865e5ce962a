"""Web interface speed (issue 18: server time p95 < 50 ms for any HTML page; first page usable < 1 s on loopback).
Run: nice .venv/bin/python benchmarks/bench_web.py [--n 60]

1. Server time: the app is called in-process through its ASGI interface (httpx.ASGITransport), so the figure is
   the server's own work — routing, the library call, rendering — without sockets or a client. Each page is
   requested once to warm up (templates compiled, indexes built: the first request after start), then N times
   in turn; p50 / p95 / max per page. POST pages send what a user's form sends.
2. In the browser: a live `uvicorn greentaxo.api.main:app` on a loopback port and Debian's chromium (Playwright);
   for three pages, the navigation timing of a fresh load (responseEnd, DOMContentLoaded, load), median of 5.
   Skipped when /usr/bin/chromium is missing.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}

PAGES = [
    ("GET", "/", None), ("GET", "/search?q=储能", None), ("GET", "/search?q=floating offshore wind", None),
    ("GET", "/ui/tree", None), ("GET", "/ui/tree?open=R0312", None), ("GET", "/route/R0312", None),
    ("GET", "/route/R0102", None), ("GET", "/code/gbt4754-2017/4416", None),
    ("GET", "/code/gbt4754-2017/4416?to=gfspc2025", None), ("GET", "/code/gbt4754-2017", None),
    ("GET", "/scenario/S001", None), ("GET", "/scenario/F014", None), ("GET", "/ui/changes?since=2020-01-01", None),
    ("GET", "/ui/classify", None), ("GET", "/ui/eligibility", None), ("GET", "/ui/packages", None),
    ("GET", "/ui/quality", None), ("GET", "/ui/edits", None),
    ("POST", "/ui/classify", {"title": "一种全钒液流电池储能系统的电解液配方",
                              "abstract": "本发明公开了一种用于电网储能的全钒液流电池电解液。"}),
    ("POST", "/ui/eligibility", {"route": "gtr:R0132", "facts": "lifecycle_ghg_intensity=420 kgCO2/MWh"}),
    ("POST", "/ui/eligibility", {"text": "光伏电站建设运营"}),
    ("GET", "/ui/packages?scenario=gtx:S001&k=2", None),
]


async def server_times(n: int) -> list[tuple[str, float, float, float, float]]:
    import httpx

    from greentaxo.api.main import app, lifespan

    out = []
    async with lifespan(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for method, path, form in PAGES:
                t = time.perf_counter()
                r = await client.request(method, path, data=form, headers=HTML)      # warm-up
                first = (time.perf_counter() - t) * 1000
                assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), (path, r.status_code)
                times = []
                for _ in range(n):
                    t = time.perf_counter()
                    r = await client.request(method, path, data=form, headers=HTML)
                    times.append((time.perf_counter() - t) * 1000)
                times.sort()
                label = f"{method} {path}" + (f" {next(iter(form))}=…" if form else "")
                out.append((label, first, statistics.median(times), times[int(0.95 * (n - 1))], times[-1]))
    return out


def browser_times(repeat: int = 5) -> list[tuple[str, float, float, float]]:
    if not Path("/usr/bin/chromium").exists():
        print("chromium not found: browser timings skipped")
        return []
    from bench_api_load import start_server  # a sibling script in benchmarks/
    from playwright.sync_api import sync_playwright

    out = []
    server, base, _ = start_server()
    try:
        with sync_playwright() as p:
            out = _loads(p, base, repeat)
    finally:
        server.terminate()
        server.wait(10)
    return out


def _loads(p, base: str, repeat: int) -> list[tuple[str, float, float, float]]:
    out = []
    b = p.chromium.launch(executable_path="/usr/bin/chromium",
                          args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                "--disable-component-update", "--disable-sync", "--no-first-run"])
    for path in ("/", "/route/R0312", "/ui/tree"):
        rows = []
        for _ in range(repeat + 1):
            ctx = b.new_context(base_url=base)
            pg = ctx.new_page()
            pg.goto(path, wait_until="load")
            rows.append(pg.evaluate("""() => { const t = performance.getEntriesByType('navigation')[0];
                return [t.responseEnd - t.startTime, t.domContentLoadedEventEnd - t.startTime,
                        t.loadEventEnd - t.startTime]; }"""))
            ctx.close()
        rows = rows[1:]         # the first load also warms the server's indexes
        out.append((path, *(statistics.median(r[i] for r in rows) for i in range(3))))
    b.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60, help="requests per page after the warm-up")
    args = ap.parse_args()
    rows = asyncio.run(server_times(args.n))
    print(f"server time per HTML page, in-process, {args.n} requests each after one warm-up (ms)")
    print(f"{'page':60} {'first':>7} {'p50':>7} {'p95':>7} {'max':>7}")
    for label, first, p50, p95, mx in rows:
        print(f"{label[:60]:60} {first:7.1f} {p50:7.1f} {p95:7.1f} {mx:7.1f}")
    worst = max(rows, key=lambda r: r[3])
    print(f"worst p95: {worst[3]:.1f} ms ({worst[0]}); 'first' is the warm-up request (indexes built, a package solved)")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    timings = browser_times()
    if timings:
        print("\nchromium, live uvicorn on loopback, fresh context per load, median of 5 (ms)")
        print(f"{'page':20} {'responseEnd':>12} {'DOMContentLoaded':>17} {'load':>8}")
        for path, resp, dcl, load in timings:
            print(f"{path:20} {resp:12.1f} {dcl:17.1f} {load:8.1f}")


if __name__ == "__main__":
    main()

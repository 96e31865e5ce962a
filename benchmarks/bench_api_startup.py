"""API start-up (issue 5: ready to serve in under 2 s). Run: .venv/bin/python benchmarks/bench_api_startup.py

Starts `uvicorn greentaxo.api.main:app` (production settings: one process, no reload, no access log) several times and
measures from process start to the first `200` from `/health`, which the lifespan only allows once the graph,
its indexes and the classifier are loaded. Then times the phases in one fresh process, to show where the
time goes. Loopback only; every server is stopped.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench_api_load import start_server  # a sibling script in benchmarks/

ROOT = Path(__file__).resolve().parents[1]

PHASES = r"""
import time
t = time.perf_counter()
def lap(name):
    global t
    now = time.perf_counter(); print(f"{name}\t{now - t:.3f}"); t = now
import fastapi; lap("import FastAPI")
import greentaxo.api.main; lap("import the app and its routers")
import greentaxo
kg = greentaxo.load(); lap("load the graph (Turtle + SSSOM into pyoxigraph)")
kg.taxonomy; lap("taxonomy index")
kg.codes; lap("code registry")
from greentaxo.classify import load_classifier
load_classifier(kg); lap("classifier (route index, model file, label automaton)")
"""


def one_start() -> float:
    server, _base, seconds = start_server(poll=0.01)
    server.terminate()
    server.wait(10)
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    times = [one_start() for _ in range(args.runs)]
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"start-up to first /health 200 over {args.runs} runs: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s")
    out = subprocess.run([sys.executable, "-c", PHASES], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    print("| phase (one fresh process) | seconds |\n| --- | --- |")
    for line in out.stdout.splitlines():
        name, secs = line.split("\t")
        print(f"| {name} | {secs} |")


if __name__ == "__main__":
    main()

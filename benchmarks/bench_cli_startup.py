"""CLI start-up (goal: < 0.4 s). Run: .venv/bin/python benchmarks/bench_cli_startup.py [--root OTHER_CHECKOUT]

Runs the console script a few ways, seven times each, and reports the median CPU seconds (user + system)
of the child process: on a shared machine wall-clock time mostly measures the neighbours. `--help` and
`--version` are pure start-up; `show` and `search` add loading the graph, which every such command pays.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [("--help",), ("--version",), ("show", "gtr:R0312"), ("search", "钒液流"), ("classify", "--help")]


def cpu_seconds(exe: Path, args: tuple[str, ...], cwd: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([str(exe), *args], capture_output=True, cwd=cwd, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose .venv/bin/greentaxo to time")
    ap.add_argument("-n", type=int, default=7, help="runs per case")
    args = ap.parse_args()
    exe = args.root / ".venv" / "bin" / "greentaxo"
    print("| command | CPU s, median | min | max |\n| --- | --- | --- | --- |")
    for case in CASES:
        runs = [cpu_seconds(exe, case, args.root) for _ in range(args.n)]
        print(f"| `greentaxo {' '.join(case)}` | {statistics.median(runs):.3f} | {min(runs):.3f} | {max(runs):.3f} |")


if __name__ == "__main__":
    main()

"""Spark against the single-process engine on the same records: throughput with local[1] and local[2], start-up
overhead, and the two ways of getting the model onto the workers (broadcast vs each worker loading its own).

    nice .venv/bin/python benchmarks/bench_spark.py [--records 100000] [--source patents|gold] [--skip-local] [--pin]

`--pin` confines each local[N] run, JVM and Python workers included, to N CPUs (sched_setaffinity, inherited by
every process Spark starts). Without it, local[1] is not one core's worth: the JVM reads, converts and writes on
threads of its own beside the Python worker (measured: 1.4 cores busy), so on a 2-core machine local[2] can gain
at most 2/1.4 over it. Pinned, the comparison is one core against two, which is what scaling out buys.

Input: real patent titles with their office-assigned IPC codes from ../shared/data/patents-dev (3,306 records,
cycled with new ids; `--source gold` uses the title+abstract gold files of the repository instead). Every Spark
run is a fresh process (`greentaxo classify --engine spark`'s own code path, greentaxo.spark.classify_files), so
its figures include starting the JVM; the job time excludes it. CPU seconds are counted too (this process, or
the Spark driver with the JVM and every Python worker): on a machine shared with other work they are the
stable measure, where wall-clock throughput depends on the neighbours' load. The single-process figure is
`greentaxo classify --input ... --output ...` in this process after the model is loaded.
Prints one JSON object; docs/benchmarks.md has the figures and the conditions they were taken in.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATENTS = ROOT.parent / "shared" / "data" / "patents-dev" / "patents-dev.jsonl"

SPARK_RUN = """
import json, os, sys, time
from pathlib import Path

def cpu_s():
    # CPU seconds of this process and all its descendants (the JVM, Spark's Python daemon and workers):
    # user + system, plus what finished children used; on a shared machine CPU time is the stable measure
    tick, kids, total = os.sysconf("SC_CLK_TCK"), {}, 0
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                f = (d / "stat").read_text().rsplit(")", 1)[1].split()
                kids.setdefault(int(f[1]), []).append((int(d.name), f))
            except (OSError, IndexError, ValueError):
                pass
    stack = [os.getpid()]
    me = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    total = sum(int(x) for x in me[11:15])
    while stack:
        for pid, f in kids.get(stack.pop(), []):
            total += sum(int(x) for x in f[11:15])
            stack.append(pid)
    return total / tick

t0 = time.perf_counter()
from greentaxo.spark import classify_files, session
spark = session(sys.argv[1])
spark.range(1).count()                                    # the JVM and one Python worker are up
started = time.perf_counter() - t0
c0 = cpu_s()
t1 = time.perf_counter()
res = classify_files(sys.argv[2], sys.argv[3], out_format=sys.argv[4], load=sys.argv[5])
res["job_s"] = round(time.perf_counter() - t1, 2)
res["job_cpu_s"] = round(cpu_s() - c0, 1)
res["start_s"] = round(started, 2)
res["start_cpu_s"] = round(c0, 1)
print("RESULT " + json.dumps(res))
"""


def make_input(path: Path, n: int, source: str) -> None:
    if source == "patents":
        if not PATENTS.is_file():
            raise SystemExit(f"{PATENTS} not found: give --source gold, or run beside ../shared")
        base = [{"title": r["text"], "ipc": r["codes"], "lang": r["lang"]}
                for r in map(json.loads, PATENTS.read_text(encoding="utf-8").splitlines())]
    else:
        base = [{"title": r["title"], "abstract": r.get("abstract", "")}
                for name in ("train", "test", "handwritten")
                for r in map(json.loads, (ROOT / "data" / "gold" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines())]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"b{i}", **base[i % len(base)]}, ensure_ascii=False) + "\n")


def local_engine(src: Path, dst: Path) -> dict:
    """The single-process bulk path, as `greentaxo classify --input --output` runs it."""
    from greentaxo.classify import load_classifier
    from greentaxo.classify.recordio import Writer, read_records

    t0 = time.perf_counter()
    clf = load_classifier()
    loaded = time.perf_counter() - t0
    n = 0
    t1, c1 = time.perf_counter(), time.process_time()
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        w = Writer(fo, "jsonl")
        for out in clf.classify_records(read_records(fi, "jsonl")):
            w.write(out)
            n += 1
    secs, cpu = time.perf_counter() - t1, time.process_time() - c1
    return {"records": n, "load_s": round(loaded, 2), "job_s": round(secs, 2), "job_cpu_s": round(cpu, 1),
            "per_s": round(n / secs), "per_cpu_s": round(n / cpu)}


def spark_run(master: str, src: Path, dst: Path, fmt: str = "parquet", load: str = "broadcast",
              pin: bool = False) -> dict:
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable}
    cores = int(master[len("local["):-1]) if pin and master[len("local["):-1].isdigit() else None
    if cores is not None and cores > len(os.sched_getaffinity(0)):
        raise SystemExit(f"--pin: {master} needs {cores} CPUs, this process may use {len(os.sched_getaffinity(0))}")
    cpus = sorted(os.sched_getaffinity(0))[:cores] if cores else None

    def confine() -> None:      # in the child before exec: the JVM and Python workers inherit the CPU set
        if cpus:
            os.sched_setaffinity(0, cpus)

    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", SPARK_RUN, master, str(src), str(dst), fmt, load], capture_output=True,
                       text=True, env=env, cwd=ROOT, timeout=3600, preexec_fn=confine)
    wall = time.perf_counter() - t0
    line = next((x for x in p.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"spark run failed: {p.stderr[-3000:]}")
    res = json.loads(line[7:])
    res.update(master=master, load=load, format=fmt, wall_s=round(wall, 2), cpus=len(cpus) if cpus else "all",
               per_s=round(res["records"] / res["job_s"]), per_cpu_s=round(res["records"] / res["job_cpu_s"]))
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--source", choices=("patents", "gold"), default="patents")
    ap.add_argument("--skip-local", action="store_true")
    ap.add_argument("--pin", action="store_true", help="run local[N] on N CPUs only (see the module docstring)")
    ap.add_argument("--runs", default="1b,2b,2l,small", help="which Spark runs: 1b local[1] broadcast, 2b local[2] "
                                                             "broadcast, 2l local[2] per-worker load, small (1,000 records)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    src = tmp / "records.jsonl"
    make_input(src, args.records, args.source)
    out: dict = {"records": args.records, "source": args.source, "input_mb": round(src.stat().st_size / 1e6, 1),
                 "load_average_at_start": os.getloadavg()[0]}
    if not args.skip_local:
        out["local_engine"] = local_engine(src, tmp / "local.jsonl")
        print(json.dumps({"local_engine": out["local_engine"]}), file=sys.stderr)
    runs = {"1b": ("local[1]", "broadcast"), "2b": ("local[2]", "broadcast"), "2l": ("local[2]", "local")}
    for key in args.runs.split(","):
        if key == "small":
            small = tmp / "small.jsonl"
            make_input(small, 1000, args.source)
            res = spark_run("local[2]", small, tmp / "out-small")
        else:
            master, load = runs[key]
            res = spark_run(master, src, tmp / f"out-{key}", load=load, pin=args.pin)
        out[f"spark_{key}"] = res
        print(json.dumps({key: res}), file=sys.stderr)
    if "spark_1b" in out and "spark_2b" in out:
        out["speedup_local2_over_local1"] = round(out["spark_2b"]["per_s"] / out["spark_1b"]["per_s"], 2)
    out["load_average_at_end"] = os.getloadavg()[0]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

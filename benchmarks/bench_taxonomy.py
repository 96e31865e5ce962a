"""Benchmark the foundation: store choice, hierarchy queries, validation engines, CLI start-up.

Run: .venv/bin/python benchmarks/bench_taxonomy.py [--synthetic N]
Prints a Markdown table; the figures in docs/benchmarks.md come from this script.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def synthetic(n: int, path: Path) -> None:
    """A route scheme of n concepts, 10 top domains, branching 8, with labels and definitions."""
    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix gt: <https://w3id.org/greentaxo/def#> .", "@prefix gtr: <https://w3id.org/greentaxo/route/> ."]
    notation = {}
    for i in range(n):
        parent = None if i < 10 else (i - 10) // 8
        notation[i] = f"{i + 1:02d}" if parent is None else f"{notation[parent]}.{(i - 10) % 8 + 1:02d}"
        lines.append(f'gtr:S{i} a skos:Concept, gt:TechnologyRoute ; skos:inScheme gtr:scheme ; skos:notation "{notation[i]}" ;'
                     f' skos:prefLabel "路线{i}"@zh, "route {i}"@en ; skos:altLabel "别名{i}"@zh, "alias {i}"@en ;'
                     f' skos:definition "定义{i}。"@zh, "Definition {i}."@en'
                     + (f" ; skos:broader gtr:S{parent} ." if parent is not None else " ; skos:topConceptOf gtr:scheme ."))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def store_compare(path: Path) -> dict:
    out = {}
    for engine in ("pyoxigraph", "rdflib"):
        script = f"""
import time
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'): return int(line.split()[1]) / 1024
base = rss()
t = time.perf_counter()
if {engine!r} == 'pyoxigraph':
    import pyoxigraph as ox
    s = ox.Store(); s.load(path={str(path)!r}, format=ox.RdfFormat.TURTLE)
    q = lambda text: list(s.query(text))
else:
    import rdflib
    g = rdflib.Graph(); g.parse({str(path)!r}, format='turtle')
    q = lambda text: list(g.query(text))
load = time.perf_counter() - t
P = 'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX gtr: <https://w3id.org/greentaxo/route/> '
t = time.perf_counter(); d = q(P + 'SELECT ?c WHERE {{ ?c skos:broader+ gtr:S0 }}'); desc = time.perf_counter() - t
t = time.perf_counter()
for _ in range(20): a = q(P + 'SELECT ?a WHERE {{ gtr:S%d skos:broader+ ?a }}' % __import__('random').randint(10, 1000))
anc = (time.perf_counter() - t) / 20
print(load, desc, anc, rss() - base, len(d))
"""
        res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        load, desc, anc, mem, n = res.stdout.split()
        out[engine] = {"load_s": float(load), "descendants_s": float(desc), "ancestors_ms": float(anc) * 1000,
                       "rss_mb": float(mem), "descendants": int(n)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synthetic", type=int, default=20000)
    args = ap.parse_args()
    rows = []

    bundle = Path(tempfile.mkdtemp()) / "bundle.ttl"
    import rdflib
    g = rdflib.Graph()
    for f in sorted((ROOT / "ontology" / "routes").glob("*.ttl")):
        g.parse(f)
    g.serialize(bundle, format="turtle")
    syn = Path(tempfile.mkdtemp()) / "synthetic.ttl"
    synthetic(args.synthetic, syn)
    for name, path in (("bundled routes", bundle), (f"synthetic {args.synthetic} concepts", syn)):
        cmp = store_compare(path)
        for engine, m in cmp.items():
            rows.append((f"load {name}: {engine}", f"{m['load_s']:.3f} s, +{m['rss_mb']:.0f} MB RSS"))
        if "synthetic" in name:
            for engine, m in cmp.items():
                rows.append((f"descendants of a top concept ({name}): {engine}", f"{m['descendants_s'] * 1000:.1f} ms"))
                rows.append((f"ancestors of a concept ({name}): {engine}", f"{m['ancestors_ms']:.2f} ms"))

    from greentaxo.graph import load_graph
    t = time.perf_counter()
    kg = load_graph(str(ROOT))
    _ = kg.taxonomy, kg.codes
    rows.append(("greentaxo.load() full bundle (routes + codes + mappings) + indexes", f"{time.perf_counter() - t:.2f} s"))
    leaf = kg.taxonomy.leaves()[100]
    rows.append(("Taxonomy.ancestors (in-memory index)", f"{timed(lambda: kg.taxonomy.ancestors(leaf.iri), 200) * 1e6:.1f} µs"))
    top = kg.taxonomy.top_concepts()[0]
    t_desc = timed(lambda: kg.taxonomy.descendants(top.iri), 50)
    rows.append(("Taxonomy.descendants of the largest domain", f"{t_desc * 1e3:.2f} ms"))
    rows.append(("Taxonomy.search('储能')", f"{timed(lambda: kg.taxonomy.search('储能'), 20) * 1e3:.1f} ms"))

    exe = str(Path(sys.executable).parent / "greentaxo")
    for args_ in (["validate"], ["validate", "--engine", "shacl"]):
        t = time.perf_counter()
        subprocess.run([exe, *args_], capture_output=True, check=False, cwd=ROOT)
        rows.append((f"`greentaxo {' '.join(args_)}` (bundle, wall clock incl. start-up)", f"{time.perf_counter() - t:.2f} s"))
    times = []
    for _ in range(10):
        t = time.perf_counter()
        subprocess.run([exe, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    rows.append(("`greentaxo --help` start-up (median of 10)", f"{statistics.median(times):.3f} s"))

    print("| measurement | result |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()

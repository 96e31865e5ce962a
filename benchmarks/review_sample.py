"""Draw the independent review sample of issue 16: 40 live leaf routes and 60 mapping rows, seeded.

Run: .venv/bin/python benchmarks/review_sample.py [--rev COMMIT] [--seed 2026] [--routes 40] [--rows 60]

Leaves are the live concepts of ontology/routes (not owl:deprecated) with no live narrower concept, sorted
by IRI; rows are every data row of the six mappings/*.sssom.tsv files, files in name order and rows in file
order, nothing excluded (facet subjects and sssom:NoTermFound rows included). Each draw uses its own
random.Random(seed), so the route sample does not depend on the row count and vice versa. `--rev` reads the
files as they were at a git commit (the review in docs/review.md was drawn at the commit it names), so the
sample can be drawn again after the files have been corrected.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import subprocess
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF, SKOS

ROOT = Path(__file__).resolve().parents[1]
ROUTE = "https://w3id.org/greentaxo/route/"


def _files(rev: str | None, folder: str, suffix: str) -> list[tuple[str, str]]:
    """(path, text) of the files in `folder` ending in `suffix`, from the working tree or from a commit."""
    if rev is None:
        return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
                for p in sorted((ROOT / folder).glob("*" + suffix))]
    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{rev}:{folder}"],
                           check=True, capture_output=True, text=True).stdout.split()
    return [(f"{folder}/{n}", subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{folder}/{n}"], check=True,
                                             capture_output=True, text=True).stdout)
            for n in sorted(names) if n.endswith(suffix)]


def live_leaves(rev: str | None) -> tuple[Graph, list[str]]:
    g = Graph()
    for _, text in _files(rev, "ontology/routes", ".ttl"):
        g.parse(data=text, format="turtle")
    live = {str(s) for s in g.subjects(RDF.type, SKOS.Concept)
            if str(s).startswith(ROUTE) and str(g.value(s, OWL.deprecated)).lower() != "true"}
    narrower_live = {str(o) for s, o in g.subject_objects(SKOS.broader) if str(s) in live}
    return g, sorted(live - narrower_live)


def mapping_rows(rev: str | None) -> list[tuple[str, int, dict[str, str]]]:
    """(file, line number, row) for every data row of every mapping file."""
    out = []
    for path, text in _files(rev, "mappings", ".sssom.tsv"):
        lines = text.splitlines()
        start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        reader = csv.DictReader(io.StringIO("\n".join(lines[start:])), delimiter="\t", quoting=csv.QUOTE_NONE)
        for n, row in enumerate(reader, start=start + 2):
            out.append((path, n, row))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="git commit to read the files from (default: the working tree)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--routes", type=int, default=40)
    ap.add_argument("--rows", type=int, default=60)
    a = ap.parse_args()

    g, leaves = live_leaves(a.rev)
    routes = random.Random(a.seed).sample(leaves, a.routes)
    print(f"## {a.routes} of {len(leaves)} live leaf routes (seed {a.seed}, rev {a.rev or 'working tree'})")
    for i, iri in enumerate(routes, 1):
        labels = {lbl.language: str(lbl) for lbl in g.objects(next(s for s in g.subjects() if str(s) == iri),
                                                               SKOS.prefLabel)}
        print(f"R{i:02d}\tgtr:{iri[len(ROUTE):]}\t{labels.get('zh', '')}\t{labels.get('en', '')}")

    rows = mapping_rows(a.rev)
    picked = random.Random(a.seed).sample(rows, a.rows)
    print(f"\n## {a.rows} of {len(rows)} mapping rows (seed {a.seed}, rev {a.rev or 'working tree'})")
    for i, (path, line, r) in enumerate(picked, 1):
        print(f"M{i:02d}\t{path}:{line}\t{r['subject_id']}\t{r['predicate_id']}\t{r['object_id']}\t"
              f"{r['object_label']}\t{r['confidence']}")


if __name__ == "__main__":
    main()

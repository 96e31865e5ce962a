"""Green patent titles that name a route, and whether the first route shown is that route or on its path.

Run: .venv/bin/python benchmarks/title_names_route.py [--list]   (needs ../shared/data; about 10 s)

For every patents-dev title the committed model calls green and in which a label of a route below the domains
occurs, the first route shown is counted "unrelated" when it is none of the named routes, nor an ancestor or a
descendant of one ("一种污水处理装置" naming 水污染治理技术 but showing an electronics exhaust-abatement leaf). The
inventory's labels are not read: this asks whether the answer agrees with the title's own words.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true", help="print each unrelated first route")
    args = ap.parse_args()
    from greentaxo import paths
    from greentaxo.classify import load_classifier
    from greentaxo.classify.document import from_record

    data = paths.shared_data(ROOT) / "patents-dev" / "patents-dev.jsonl"
    if not data.is_file():
        raise SystemExit(f"{data} not found: this benchmark reads real patent titles from ../shared/data")
    clf = load_classifier()
    routes, labels = clf.routes, clf.backends["labels"]
    with open(data, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    out = clf.classify_records((r["id"], {"id": r["id"], "title": r["text"]}) for r in rows)
    naming = unrelated = 0
    for r, o in zip(rows, out, strict=True):
        if not o["routes"]:
            continue
        named = {c for c in labels.suggest([from_record({"title": r["text"]})]).evidence[0] if routes.depth[c] > 1}
        if not named:
            continue
        naming += 1
        first = routes.col[o["routes"][0]["id"]]
        if not any(first == c or first in routes.ancestors[c] or c in routes.ancestors[first] for c in named):
            unrelated += 1
            if args.list:
                print(f"  {r['text'][:50]} -> {o['routes'][0]['notation']} {o['routes'][0]['label']['zh']} "
                      f"({o['routes'][0]['score']}); names {sorted(routes.concepts[c].notation for c in named)}")
    print(f"model {clf.model_version}: {naming} green titles name a route below the domains; "
          f"the first route shown is unrelated to every named one in {unrelated}")


if __name__ == "__main__":
    main()

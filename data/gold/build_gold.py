"""Build the labelled development set (data/gold/) from public catalogue text and hand-written records.

Run from the repository root: `.venv/bin/python data/gold/build_gold.py`. Deterministic.

Sources (see data/gold/README.md):
- gigc-2019 explanations (zh): title = item name, abstract = the official explanation; gold = the routes our
  mappings/gigc2019.sssom.tsv maps to that item (exact, close or broad match).
- gfspc-2025 conditions (zh): title = category name, abstract = the first condition of the category;
  gold = routes mapped in mappings/gfspc2025.sssom.tsv.
- EU Taxonomy activity descriptions (en): gold = routes mapped in mappings/eutaxonomy.sssom.tsv.
- Not green (en): NACE Rev. 2 class notes from sections clearly outside green activity (software, finance,
  health, food, clothing, publishing, ...).
- Not green (zh): GB/T 4754-2017 class descriptions from the same kind of industries.
- handwritten.jsonl: realistic abstracts written for this project (zh, en, mixed; green and not green).

The split is by a hash of the normalised title so near-duplicate titles (the 2019 and 2025 catalogues
share item names) always land on the same side; about 35 % is held out in test.jsonl.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from greentaxo.mappings.sssom import read  # noqa: E402
from greentaxo.namespaces import GTR  # noqa: E402
from greentaxo.text import normalise  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "data" / "gold"
USE = {"exactMatch", "closeMatch", "broadMatch"}
MAX_ROUTES = 6          # a catalogue item mapped to more routes is too broad to be a useful gold record
MAX_CHARS = 900

NACE_NOT_GREEN = ("10", "11", "13", "14", "15", "18", "21", "26", "32", "47", "56", "58", "59", "60", "61",
                  "62", "63", "64", "65", "66", "69", "70", "73", "85", "86", "87", "90", "93")
GBT_NOT_GREEN = ("13", "14", "15", "17", "18", "19", "23", "24", "27", "39", "51", "52", "62", "63", "64", "65",
                 "66", "67", "68", "69", "72", "83", "84", "86", "87", "88")


def by_code(scheme_file: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in read(ROOT / "mappings" / scheme_file).rows:
        if r.is_match and r.predicate_id.rsplit("#", 1)[-1] in USE:
            out.setdefault(r.code, []).append(r.subject_id)
    return out


def clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS].rsplit(" ", 1)[0]


def gigc() -> list[dict]:
    m = by_code("gigc2019.sssom.tsv")
    out = []
    for row in csv.DictReader(open(DATA / "gigc-2019" / "gigc2019_catalogue.csv", encoding="utf-8")):
        routes = sorted(set(m.get(row["code"], [])))
        if row["level"] == "3" and row["explanation"].strip() and 0 < len(routes) <= MAX_ROUTES:
            out.append({"id": f"gigc2019-{row['code']}", "lang": "zh", "title": row["name"],
                        "abstract": clip(row["explanation"]), "routes": routes, "source": "gigc-2019"})
    return out


def gfspc() -> list[dict]:
    m = by_code("gfspc2025.sssom.tsv")
    seen: set[str] = set()
    out = []
    for row in csv.DictReader(open(DATA / "gfspc-2025" / "gfspc2025_industry_map.csv", encoding="utf-8")):
        code = row["cat3_code"]
        routes = sorted(set(m.get(code, [])))
        if code in seen or not row["condition"].strip() or not 0 < len(routes) <= MAX_ROUTES:
            continue
        seen.add(code)
        out.append({"id": f"gfspc2025-{code}", "lang": "zh", "title": row["cat3_name"],
                    "abstract": clip(row["condition"]), "routes": routes, "source": "gfspc-2025"})
    return out


def eu() -> list[dict]:
    m = by_code("eutaxonomy.sssom.tsv")
    out = []
    seen: set[str] = set()
    for row in csv.DictReader(open(DATA / "eu-taxonomy" / "eu_taxonomy_activities.csv", encoding="utf-8")):
        code = f"{row['objective_code'].lower()}-{row['activity_number']}"
        routes = sorted(set(m.get(code, [])))
        if code in seen or not 0 < len(routes) <= MAX_ROUTES:
            continue
        seen.add(code)
        # the legal boilerplate about NACE codes says nothing about the technology
        desc = re.split(r"The economic activities in this category", row["description"])[0]
        desc = re.sub(r"\(\d+\)", "", desc)
        out.append({"id": f"eutaxonomy-{code}", "lang": "en", "title": row["activity"], "abstract": clip(desc),
                    "routes": routes, "source": "eu-taxonomy"})
    return out


def nace_negatives() -> list[dict]:
    out = []
    for row in csv.DictReader(open(DATA / "nace-rev2" / "nace_rev2_with_notes.csv", encoding="utf-8")):
        code = row["Code"]
        if row["Level"] == "4" and code[:2] in NACE_NOT_GREEN and len(row["This_item_includes"]) > 80:
            out.append({"id": f"nace2-{code}", "lang": "en", "title": row["Description"],
                        "abstract": clip(row["This_item_includes"]), "routes": [], "source": "nace-rev2"})
    return out[::2]


def gbt_negatives() -> list[dict]:
    out = []
    for row in csv.DictReader(open(DATA / "gbt4754-2017" / "gbt4754_2017.csv", encoding="utf-8")):
        code = row["code"]
        if row["level"] == "4" and code[:2] in GBT_NOT_GREEN and len(row["description"]) > 25:
            out.append({"id": f"gbt4754-{code}", "lang": "zh", "title": row["name"],
                        "abstract": clip(row["description"]), "routes": [], "source": "gbt4754-2017"})
    return out[::2]


def handwritten() -> list[dict]:
    out = []
    for line in open(OUT / "handwritten.jsonl", encoding="utf-8"):
        rec = json.loads(line)
        rec["routes"] = [GTR + r for r in rec["routes"]]
        rec["source"] = "handwritten"
        out.append(rec)
    return out


def is_test(rec: dict) -> bool:
    key = normalise(rec["title"]).encode("utf-8")
    return int(hashlib.sha1(key).hexdigest(), 16) % 100 < 35


def main() -> None:
    records = gigc() + gfspc() + eu() + nace_negatives() + gbt_negatives() + handwritten()
    for r in records:
        r["green"] = bool(r["routes"])
    train = [r for r in records if not is_test(r)]
    test = [r for r in records if is_test(r)]
    for name, recs in (("train", train), ("test", test)):
        with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    by: dict[str, int] = {}
    for r in records:
        key = f"{r['source']}/{r['lang']}/{'green' if r['green'] else 'not green'}"
        by[key] = by.get(key, 0) + 1
    print(f"{len(records)} records: train {len(train)}, test {len(test)}, "
          f"not green {sum(not r['green'] for r in records)}")
    for k, v in sorted(by.items()):
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()

"""The green decision on long real text it was not trained on: abstracts, catalogue descriptions, lists.

Run: .venv/bin/python benchmarks/green_long_text.py   (needs ../shared/data; a minute)

The committed model was trained on patent titles (patents-dev) and, in its decision, on data/gold/train.jsonl.
None of the texts below were used in training or tuning:
- newzhoujian-patentclassification: 29 Chinese patents with title + abstract (2008, mostly telecoms and
  control), labelled here by the IPC Green Inventory through their one main IPC code;
- the EU Taxonomy activity descriptions (English, every one green by definition; the gold split uses 94 of
  them, so those are left out here), the MEE key environmental-protection equipment list and the transport
  ministry's low-carbon technology list (Chinese, green by definition): the share judged green is recall;
- data/gold/test.jsonl's not-green records (NACE and GB/T 4754 notes, handwritten abstracts): the share
  judged green is the false-green rate on long not-green text;
- the MEE list's "high-pollution / high-risk" product names (Chinese, short; official wording of what is
  not green): the share judged green is a false-green rate. Some names carry the cleaner process the
  list exempts ("...（...工艺除外）"), which is green wording inside a not-green name.
"""
from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    import greentaxo
    from greentaxo import paths
    from greentaxo.classify import load_classifier
    from greentaxo.classify.corpus import Inventory

    data = paths.shared_data(ROOT)
    clf = load_classifier(greentaxo.load())
    inv = Inventory.read(data)
    gold_ids = {json.loads(x)["id"] for name in ("train.jsonl", "test.jsonl")
                for x in open(ROOT / "data" / "gold" / name, encoding="utf-8")}
    sets: dict[str, list[tuple[dict, bool | None]]] = {}
    with gzip.open(data / "patents-public" / "newzhoujian-patentclassification.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(x) for x in f]
    sets["zh patents, title + abstract (newzhoujian)"] = [
        ({"id": r["id"], "title": r["title"], "abstract": r["abstract"]}, bool(inv.green(r["ipc"][0])))
        for r in rows if r["abstract"]]
    with open(data / "eu-taxonomy" / "eu_taxonomy_activities.csv", encoding="utf-8") as f:
        eu = [r for r in csv.DictReader(f) if f"eutaxonomy-{r['objective_code'].lower()}-{r['activity_number']}" not in gold_ids]
    sets["en EU Taxonomy activity descriptions"] = [
        ({"id": f"eu{i}", "title": r["activity"], "abstract": r["description"].split("The economic activities in this")[0]},
         True) for i, r in enumerate(eu)]
    with open(data / "mee-env-comprehensive-list-2021" / "mee_key_env_equipment_2021.csv", encoding="utf-8") as f:
        sets["zh MEE key environmental equipment"] = [
            ({"id": f"mee{r['seq']}", "title": r["equipment_name"], "abstract": r["main_indicators_and_requirements"]}, True)
            for r in csv.DictReader(f)]
    with open(data / "transport-lowcarbon-tech-2021" / "transport_lowcarbon_tech_2021.csv", encoding="utf-8") as f:
        sets["zh transport low-carbon technologies"] = [
            ({"id": f"tr{r['seq']}", "title": r["tech_name"], "abstract": r["content"]}, True) for r in csv.DictReader(f)]
    with open(data / "mee-env-comprehensive-list-2021" / "mee_high_pollution_risk_products_2021.csv", encoding="utf-8") as f:
        sets["zh MEE high-pollution / high-risk products"] = [
            ({"id": f"hp{r['seq']}", "title": r["product_name"], "abstract": ""}, False) for r in csv.DictReader(f)]
    test = [json.loads(x) for x in open(ROOT / "data" / "gold" / "test.jsonl", encoding="utf-8")]
    sets["gold test, not green (NACE/GB/T notes, handwritten)"] = [
        ({"id": r["id"], "title": r["title"], "abstract": r.get("abstract", "")}, False) for r in test if not r["routes"]]
    print("| set | records | green (label) | judged green | precision | recall | F1 | mean characters |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, items in sets.items():
        out = list(clf.classify_records([(r["id"], r) for r, _ in items]))
        y = [g for _, g in items]
        p = [o.get("green", False) for o in out]
        tp = sum(a and b for a, b in zip(y, p, strict=True))
        prec = tp / max(sum(p), 1)
        rec = tp / max(sum(y), 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        chars = sum(len(r["title"]) + len(r["abstract"]) for r, _ in items) / max(len(items), 1)
        cells = [f"{prec:.2f}" if sum(p) else "-", f"{rec:.2f}" if sum(y) else "-", f"{f1:.2f}" if sum(y) else "-"]
        print(f"| {name} | {len(items)} | {sum(y)} | {sum(p)} | " + " | ".join(cells) + f" | {chars:.0f} |")


if __name__ == "__main__":
    main()

"""The catalogues' own item titles, put to the engine as loan lines.

Run: .venv/bin/python benchmarks/eligibility_item_titles.py [--misses]   (no ../shared needed; about 10 seconds)

Banks tag loans with the catalogue's words ("节能型泵及真空设备制造", "氢能基础设施建设和运营", "Manufacture of hydrogen").
Every item that carries criteria (level 3 of the 2025 catalogue and of the 2019 guidance catalogue, the EU
activities) is asked as a text, twice: as the engine reads it (a text naming an item by its official title is read
as that item, `eligibility/itemnames.py`) and with that reading switched off (route labels, the classifier and
project types only, as before it). Counted per catalogue of the title: the verdict in that catalogue, and whether a
firm verdict (eligible, eligible-if) rests on the titled item. The second reading is the independent figure: the
titles were not written here, and no route label was written from this list.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from greentaxo.eligibility import criteria as crit  # noqa: E402
from greentaxo.eligibility import evaluate, itemnames  # noqa: E402
from greentaxo.eligibility.catalogues import CATALOGUES  # noqa: E402
from greentaxo.graph import load_graph  # noqa: E402

VERDICTS = ("eligible", "eligible-if", "needs-review", "unknown", "not-eligible")


def _titles(kg) -> list[tuple[str, str, str]]:
    out = []
    for cid in CATALOGUES:
        for item in crit.items(kg, cid).values():
            if item.criteria:
                title = item.label.get("zh") or item.label.get("en") or ""
                if title:
                    out.append((cid, item.code, title))
    return out


def _run(kg, titles, misses: bool, label: str) -> None:
    counts: dict[str, Counter] = {cid: Counter() for cid in CATALOGUES}
    on_item: Counter = Counter()
    shown = []
    for cid, code, title in titles:
        v = next(x for x in evaluate(kg, text=title, catalogues=[cid])["verdicts"])
        counts[cid][v["verdict"]] += 1
        firm = v["verdict"] in ("eligible", "eligible-if")
        rests = firm and any(i["code"] == code and i.get("verdict") in ("eligible", "eligible-if") for i in v["items"])
        on_item[cid] += rests
        if misses and not rests:
            shown.append(f"  {cid}:{code} {title} -> {v['verdict']}: {v['reason'][:110]}")
    print(f"\n{label}\n")
    print("| catalogue | titles | " + " | ".join(VERDICTS) + " | firm, on the titled item |")
    print("| --- | --- | " + " | ".join("---" for _ in VERDICTS) + " | --- |")
    for cid in CATALOGUES:
        n = sum(counts[cid].values())
        print(f"| {cid} | {n} | " + " | ".join(str(counts[cid][k]) for k in VERDICTS)
              + f" | {on_item[cid]} ({on_item[cid] / max(n, 1):.0%}) |")
    for line in shown:
        print(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="list the titles not answered on their own item")
    args = ap.parse_args()
    kg = load_graph()
    titles = _titles(kg)
    with mock.patch.object(itemnames, "named_items", lambda *a, **k: {}):
        _run(kg, titles, args.misses, "Without reading item titles (route labels, classifier, project types):")
    _run(kg, titles, args.misses, "As the engine reads them (a title names its item):")


if __name__ == "__main__":
    main()

"""Eligibility on official Chinese wording of what is and is not green, put to the engine as loan lines.

Run: .venv/bin/python benchmarks/eligibility_official_names.py [--misses]   (needs ../shared/data; about a minute)

None of these names were written here, and none are training data of the classifier:
- the MEE key environmental-protection equipment list (环境保护重点设备名录, 2021): each named piece of equipment,
  asked as "<name>制造" (making it). The 2025 catalogue's items 2.1.x (先进环保装备制造) cover making such equipment,
  so the expected verdict is eligible or eligible-if (the equipment's grade or standard still to be evidenced);
  rows whose name the PDF extraction lost (SOURCE.md: 79 rows, some blank) are left out and counted;
- the transport ministry's low-carbon technology list (2021): each technology name as it stands; green by
  definition, the 2025 catalogue should give a verdict (eligible, eligible-if) rather than not-eligible;
- the MEE "high-pollution / high-risk" product names (802 rows = 932 products), asked as "<name>生产": the
  expected verdict is not-eligible in every catalogue. The exempted cleaner process stays in the name as the list
  prints it ("淀粉糖（双酶法工艺除外）"), so a few names carry green wording.

Counted per set, for the 2025 catalogue: eligible / eligible-if (a firm yes, conditions open), needs-review (a person
decides), unknown, not-eligible. For the product names a firm yes in any catalogue is a false eligible.
"""
from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YES = ("eligible", "eligible-if")


def _sets(data: Path) -> dict[str, tuple[list[str], bool]]:
    mee = data / "mee-env-comprehensive-list-2021"
    with open(mee / "mee_key_env_equipment_2021.csv", encoding="utf-8") as f:
        equipment = [r["equipment_name"].strip() for r in csv.DictReader(f)]
    with open(data / "transport-lowcarbon-tech-2021" / "transport_lowcarbon_tech_2021.csv", encoding="utf-8") as f:
        transport = [r["tech_name"].strip() for r in csv.DictReader(f)]
    with open(mee / "mee_high_pollution_risk_products_2021.csv", encoding="utf-8") as f:
        products = [r["product_name"].strip() for r in csv.DictReader(f)]
    blank = sum(1 for e in equipment if not e)
    print(f"MEE equipment rows: {len(equipment)}, {blank} with the name lost in extraction (left out)")
    return {"MEE key environmental equipment, '<name>制造'": ([e + "制造" for e in equipment if e], True),
            "transport low-carbon technologies, name as printed": ([t for t in transport if t], True),
            "MEE high-pollution / high-risk products, '<name>生产'": ([p + "生产" for p in products if p], False)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", action="store_true", help="list every line that did not get the expected verdict")
    args = ap.parse_args()
    import greentaxo
    from greentaxo import paths
    from greentaxo.eligibility import evaluate

    data = paths.shared_data(ROOT)
    if not data.is_dir():
        raise SystemExit(f"{data} not found: this benchmark reads the official lists from ../shared/data")
    kg = greentaxo.load()
    sets = _sets(data)
    print("| set | lines | 2025 eligible / eligible-if | needs-review | unknown | not-eligible | "
          "firm yes in any catalogue |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    misses: list[str] = []
    for name, (lines, green) in sets.items():
        counts: Counter[str] = Counter()
        any_yes = 0
        for text in lines:
            res = evaluate(kg, text=text)
            got = {v["catalogue"]: v["verdict"] for v in res["verdicts"]}
            first = got["gfspc2025"]
            counts["yes" if first in YES else first] += 1
            yes_anywhere = any(v in YES for v in got.values())
            any_yes += yes_anywhere
            used = ((res.get("classification") or {}).get("used") or "-").rsplit("/", 1)[-1]
            if (green and first not in YES) or (not green and yes_anywhere):
                misses.append(f"  {'green' if green else 'not green'}: {text} -> "
                              + ", ".join(f"{c} {v}" for c, v in got.items()) + f" (route {used})")
        n = len(lines)
        print(f"| {name} | {n} | {counts['yes']} ({counts['yes'] / n:.0%}) | {counts['needs-review']} | "
              f"{counts['unknown']} | {counts['not-eligible']} | {any_yes} ({any_yes / n:.1%}) |")
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()

"""Every criterion with a number is checked against the official wording of its item.

The number (or grade, or named level) a rule tests must stand in the official text of the item it belongs to:
the 2025 catalogue's condition and remark rows, the 2019 catalogue's explanation, the EU activity's substantial
contribution criteria (and those of a section it points to, e.g. 3.5 -> 4.16). Numbers the official text does
not hold (a grade table of a cited standard) are the bank-metric tables' business and are tested there.
"""
from __future__ import annotations

import csv
import json
import re

import pytest

from greentaxo import paths
from greentaxo.eligibility.criteria import items

DATA = paths.shared_data(paths.home())
ZH_NUM = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


def _official() -> dict[str, dict[str, str]]:
    if not DATA.is_dir():
        pytest.skip("official catalogue texts: ../shared/data not found")
    gf: dict[str, str] = {}
    for r in csv.DictReader((DATA / "gfspc-2025/gfspc2025_industry_map.csv").open(encoding="utf-8")):
        gf[r["cat3_code"]] = gf.get(r["cat3_code"], "") + r["condition"] + r["remark"]
    gi = {r["code"]: r["explanation"] for r in csv.DictReader((DATA / "gigc-2019/gigc2019_catalogue.csv").open(encoding="utf-8"))}
    eu = {f"ccm-{r['Activity number']}": r["Description"] + r["Substantial contribution criteria"]
          for r in json.loads((DATA / "eu-taxonomy/eu_taxonomy_activities_full.json").read_text(encoding="utf-8"))
          if r["objective_code"] == "CCM"}
    return {"gfspc2025": gf, "gigc2019": gi, "eutaxonomy": eu}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\xa0", " ")).replace("，", ",")


def _forms(metric: str, threshold: float, unit: str) -> list[str]:
    """How the official text writes the threshold."""
    if metric == "energy_saving_value_reached":
        return ["节能评价值"]
    if metric == "boiler_efficiency_margin_tsg91":
        return ["目标值"]
    if threshold == 0:
        return ["zero", "零"]
    n = f"{threshold:g}"
    forms = [n, n.replace(".", ","), f"{threshold:.1f}", f"{threshold:.1f}".replace(".", ",")]
    if metric.endswith("_grade") or metric == "green_building_stars":
        g = int(threshold)
        forms = [f"{g}级", f"{ZH_NUM[g]}级", f"{ZH_NUM[g]}星", f"{g}星"]
    if unit == "MW":
        forms += [f"{n}兆瓦"]
    return forms


def _numeric_criteria():
    import greentaxo

    kg = greentaxo.load()
    out = []
    for cid in ("gfspc2025", "gigc2019", "eutaxonomy"):
        for it in items(kg, cid).values():
            for c in it.criteria:
                if c.metric:
                    out.append((cid, it.code, c))
    return out


CRITERIA = _numeric_criteria()


def test_there_are_numeric_criteria_in_every_catalogue():
    assert {cid for cid, _, _ in CRITERIA} == {"gfspc2025", "gigc2019", "eutaxonomy"}
    assert len(CRITERIA) >= 100


@pytest.mark.parametrize("cid, item, crit", CRITERIA, ids=[c.id for _, _, c in CRITERIA])
def test_the_number_stands_in_the_official_wording(cid, item, crit):
    texts = _official()[cid]
    text = texts.get(item, "")
    assert text, f"{cid} has no official text for item {item}"
    for ref in re.findall(r"Section (\d+\.\d+)", crit.source):   # "heat pumps (Section 4.16)"
        text += texts.get(f"ccm-{ref}", "")
    flat = _flat(text)
    forms = _forms(crit.metric, crit.threshold, crit.unit or "")
    assert any(_flat(f) in flat for f in forms), (
        f"{crit.id}: {crit.rule_text()} -- none of {forms} is in the official text of {cid} {item}")

"""crosswalk --to nace2: through the EU activities mapped to the routes (the NACE codes the delegated act lists
for each) and, for a GB/T 4754 code, through the official concordance -- each answer with its path."""
from __future__ import annotations

import pytest

from greentaxo.errors import NotFoundError
from greentaxo.mappings.crosswalk import crosswalk


def test_gbt4754_solar_power_reaches_nace_electricity_both_ways(kg):
    res = crosswalk(kg, "gbt4754:4416", "nace2").to_dict(kg)
    by = {r["code"]: r for r in res["results"]}
    paths = by["35.11"]["paths"]
    concordance = [p for p in paths if not p["route"]]
    assert concordance and "ISIC 3510" in concordance[0]["note"]
    via_eu = [p for p in paths if p["route"]]
    assert via_eu and all("eutaxonomy:ccm-" in p["note"] for p in via_eu)
    assert any(p["route"].endswith("R0212") and "ccm-4.1" in p["note"] for p in via_eu)
    assert by["35.11"]["confidence"] == max(p["weakest_confidence"] for p in via_eu)


def test_a_route_reaches_the_nace_codes_of_its_eu_activities(kg):
    res = crosswalk(kg, "gtr:R0651", "nace").to_dict(kg)
    codes = {r["code"] for r in res["results"]}
    assert {"23.11", "35.30", "43.22"} <= codes     # 3.5 lists 23.11 and more; 4.16 lists 35.30 and 43.22
    assert all(p["to_row"]["predicate_id"] == "gt:industryCode" for r in res["results"] for p in r["paths"])


def test_eutaxonomy_answers_with_the_path(kg):
    res = crosswalk(kg, "gbt4754:4416", "eutaxonomy").to_dict(kg)
    first = res["results"][0]
    assert first["code"].startswith("ccm-") and first["paths"][0]["route"] and first["paths"][0]["from_row"]


def test_an_industry_no_route_reaches_still_has_its_statistical_nace(kg):
    res = crosswalk(kg, "gbt4754:6422", "nace2").to_dict(kg)
    assert res["results"] and all(not p["route"] for r in res["results"] for p in r["paths"])
    with pytest.raises(NotFoundError, match="no route is mapped to it"):
        crosswalk(kg, "gbt4754:6422", "eutaxonomy")

"""Eligibility engine: units, facts, rule combination, the output contract and bad input."""
from __future__ import annotations

import pytest

from greentaxo.eligibility import CATALOGUES, evaluate
from greentaxo.eligibility.criteria import Criterion, items
from greentaxo.eligibility.rules import Result, combine, parse_fact
from greentaxo.eligibility.units import convert
from greentaxo.errors import InputError, NotFoundError


# ---- units and facts
def test_carbon_units_convert_both_ways():
    assert convert(95, "kgCO2/MWh", "gCO2e/kWh") == pytest.approx(95)
    assert convert(0.3, "tCO2e/MWh", "gCO2e/kWh") == pytest.approx(300)
    assert convert(2500, "kgCO2e/tH2", "tCO2e/tH2") == pytest.approx(2.5)
    assert convert(0.8, "dimensionless", "percent") == pytest.approx(80)


@pytest.mark.parametrize("unit", ["kg", "kWh", "tCO2e/t"])
def test_incompatible_unit_is_an_error_not_a_pass(unit):
    with pytest.raises(InputError, match="cannot be converted"):
        parse_fact(f"lifecycle_ghg_intensity=1 {unit}")


def test_hydrogen_mass_does_not_cancel_with_other_mass():
    # tCO2e per tonne of product must not be accepted for tCO2e per tonne of hydrogen
    with pytest.raises(InputError, match="cannot be converted"):
        parse_fact("hydrogen_lifecycle_ghg=2 tCO2e/t")


@pytest.mark.parametrize("text, words", [
    ("lifecycle_ghg_intensity=85", "a unit is required"),
    ("lifecycle_ghg_intensity=85 furlongs_per_fortnight", "unknown unit"),
    ("lifecycle_ghg_intensty=85 gCO2e/kWh", "Did you mean: lifecycle_ghg_intensity"),
    ("lifecycle_ghg_intensity is 85", "metric=value unit"),
])
def test_bad_facts_get_one_line_messages(text, words):
    with pytest.raises(InputError) as exc:
        parse_fact(text)
    assert words in str(exc.value) and "\n" not in str(exc.value)


# ---- combining criteria
def _c(cid, group=None, branches=()):
    return Criterion(cid, cid, "x", "technical", {"en": cid}, "", True, group=group, branches=list(branches))


def test_alternative_branches():
    a, b, shared = _c("a", "g", ["1"]), _c("b", "g", ["2"]), _c("s", "g", ["2"])
    # branch 1 fails, branch 2 passes entirely -> eligible
    assert combine([Result(a, "fail"), Result(b, "pass"), Result(shared, "pass")]).verdict == "eligible"
    # branch 1 fails, branch 2 still open -> eligible-if, and only branch-2 criteria are pending
    out = combine([Result(a, "fail"), Result(b, "pass"), Result(shared, "not-evidenced")])
    assert out.verdict == "eligible-if" and [r.criterion.id for r in out.pending] == ["s"]
    # every branch closed by a failure -> not eligible
    assert combine([Result(a, "fail"), Result(b, "fail"), Result(shared, "pass")]).verdict == "not-eligible"


def test_plain_failure_beats_everything():
    assert combine([Result(_c("a"), "fail"), Result(_c("b"), "pass")]).verdict == "not-eligible"
    assert combine([Result(_c("a"), "not-evidenced"), Result(_c("b"), "pass")]).verdict == "eligible-if"


# ---- the contract
def test_contract_shape(kg):
    res = evaluate(kg, route="gtr:R0132", facts=["lifecycle_ghg_intensity=80 gCO2e/kWh"])
    assert set(res) >= {"input", "classification", "verdicts", "summary", "routes", "warnings"}
    assert [v["catalogue"] for v in res["verdicts"]] == list(CATALOGUES)
    for v in res["verdicts"]:
        assert v["verdict"] in {"eligible", "eligible-if", "not-eligible", "unknown"}
        assert {"catalogue", "edition", "items", "criteria", "reason", "mapping_rows"} <= set(v)
        assert v["reason"]
    eu = res["verdicts"][2]
    assert eu["items"][0] | {} and {"code", "name", "mapping_confidence"} <= set(eu["items"][0])
    sc1 = next(c for c in eu["criteria"] if c["id"] == "ccm-4.29/sc1")
    assert sc1["result"] == "pass" and sc1["value_given"] == pytest.approx(80)
    assert {"zh", "en"} <= set(sc1["summary"])


def test_unit_conversion_decides_the_threshold(kg):
    # 0.095 kgCO2/kWh is 95 g/kWh (< 100, pass); 0.105 is 105 (fail) -- the number, not the unit, decides
    def sc1(value):
        res = evaluate(kg, route="gtr:R0132", facts=[f"lifecycle_ghg_intensity={value} kgCO2/kWh"])
        return next(c for c in res["verdicts"][2]["criteria"] if c["id"] == "ccm-4.29/sc1")
    assert sc1(0.095)["result"] == "pass"
    failed = sc1(0.105)
    assert failed["result"] == "fail" and "105 gCO2e/kWh" in failed["detail"]


def test_no_term_found_is_not_eligible_with_the_rows_comment(kg):
    res = evaluate(kg, route="gtr:R0107")
    v = res["verdicts"][0]
    row = kg.mappings.for_route("https://w3id.org/greentaxo/route/R0107", "gfspc2025")[0]
    assert row.no_term and v["verdict"] == "not-eligible" and row.comment in v["reason"]


def test_no_row_at_all_is_unknown_never_guessed(kg):
    rid = "https://w3id.org/greentaxo/route/R0151"
    assert not kg.mappings.for_route(rid, "eutaxonomy")
    v = evaluate(kg, route=rid)["verdicts"][2]
    assert v["verdict"] == "unknown" and v["items"] == [] and "not guessed" in v["reason"]


def test_a_group_without_rows_reads_the_leaves_that_reach_an_item_for_the_project(kg):
    """Geothermal power (a group with no 2025 row): of its three leaves only binary-cycle plants have the making
    item 4.1.6 (the catalogue names 中低温地热发电系统), so making geothermal generating sets depends on which."""
    rid = "https://w3id.org/greentaxo/route/R0271"
    assert not kg.mappings.for_route(rid, "gfspc2025")
    v = evaluate(kg, route=rid, activity="manufacturing", catalogues=["gfspc2025"])["verdicts"][0]
    assert v["verdict"] == "eligible-if" and "has no rows" in v["reason"] and "gtr:R0273 of the 3" in v["reason"]
    assert "4.1.6" in {i["code"] for i in v["items"] if i["verdict"] not in ("not-applicable", "unknown")}
    # with no activity given nothing is read through the leaves: unknown, naming them
    v = evaluate(kg, route=rid, catalogues=["gfspc2025"])["verdicts"][0]
    assert v["verdict"] == "unknown" and "narrower routes that do have rows" in v["reason"]


def test_the_existing_building_group_has_its_own_related_rows(kg):
    """A title naming only the group "existing-building retrofit" (the classifier lists it since the title rule) is
    read on the group's own rows: 2025 6.1.3, 2019 5.1.5, EU 7.2, each eligible once evidenced, never unknown."""
    res = evaluate(kg, route="gtr:R0770", project="retrofit", activity="operation")
    assert [v["verdict"] for v in res["verdicts"]] == ["eligible-if"] * 3
    assert [sorted(i["code"] for i in v["items"] if i["verdict"] != "not-applicable") for v in res["verdicts"]] == [
        ["6.1.3"], ["5.1.5"], ["ccm-7.2"]]


def test_all_pass_with_evidence_attested_is_eligible(kg):
    first = evaluate(kg, route="gtr:R0132", facts=["lifecycle_ghg_intensity=80 gCO2e/kWh"])
    eu = first["verdicts"][2]
    assert eu["verdict"] == "eligible-if" and eu["to_evidence"]
    again = evaluate(kg, route="gtr:R0132", facts=["lifecycle_ghg_intensity=80 gCO2e/kWh"], attested=eu["to_evidence"])
    assert again["verdicts"][2]["verdict"] == "eligible"


def test_as_of_before_an_edition_gives_unknown_with_reason(kg):
    res = evaluate(kg, route="gtr:R0212", as_of="2024-06-30")
    gf = res["verdicts"][0]
    assert gf["verdict"] == "unknown" and "2025-10-01" in gf["reason"]
    assert res["verdicts"][1]["verdict"] != "unknown"          # the 2019 catalogue applied then


def test_eu_nuclear_did_not_apply_before_the_complementary_act(kg):
    before = evaluate(kg, route="gtr:R0152", as_of="2022-06-30")["verdicts"][2]
    after = evaluate(kg, route="gtr:R0152", as_of="2023-06-30")["verdicts"][2]
    assert before["verdict"] == "unknown" and "2023-01-01" in before["reason"]
    assert after["verdict"] == "eligible-if"


@pytest.mark.parametrize("kwargs, words", [
    ({"route": "gtr:R0132", "as_of": "30/06/2025"}, "YYYY-MM-DD"),
    ({"route": "gtr:R0132", "editions": {"gfspc2025": "2021"}}, "not held"),
    ({"route": "gtr:R0132", "editions": {"cbi": "4"}}, "unknown catalogue"),
    ({"route": "gtr:R0132", "text": "x"}, "exactly one"),
    ({"text": "   "}, "empty"),
    ({"text": ""}, "text: empty"),
    ({"code": "gbt4754"}, "SCHEME:CODE"),
    ({"route": "gtr:R0132", "facts": ["lifecycle_ghg_intensity=1 gCO2e/kWh", "lifecycle_ghg_intensity=2 gCO2e/kWh"]}, "twice"),
])
def test_bad_input_is_a_clear_error(kg, kwargs, words):
    with pytest.raises(InputError, match=words):
        evaluate(kg, **kwargs)


def test_unknown_route_and_code_name_near_matches(kg):
    with pytest.raises(NotFoundError, match="Did you mean"):
        evaluate(kg, route="gtr:R9999")
    with pytest.raises(NotFoundError):
        evaluate(kg, code="gbt4754:9999")


def test_fact_no_reached_criterion_uses_is_reported(kg):
    res = evaluate(kg, route="gtr:R0212", facts=["window_u_value=0.8 W/m2/K"], catalogues=["gfspc2025"])
    assert any("window_u_value" in w for w in res["warnings"])


def test_industry_code_goes_through_routes(kg):
    res = evaluate(kg, code="gbt4754:4416")
    assert len(res["routes"]) >= 1
    gf = res["verdicts"][0]
    assert gf["items"] and all(i["route"] for i in gf["items"])


def test_catalogue_code_is_judged_directly(kg):
    res = evaluate(kg, code="eutaxonomy:ccm-4.29", facts=["lifecycle_ghg_intensity=50 gCO2e/kWh"])
    eu = res["verdicts"][2]
    assert [i["code"] for i in eu["items"]] == ["ccm-4.29"] and eu["items"][0]["predicate"] == "given"
    assert eu["items"][0]["contribution_type"] == "transitional"


def test_text_shows_the_classification_used(kg):
    res = evaluate(kg, text="集中式地面光伏电站")
    cls = res["classification"]
    assert cls["method"] and cls["used"] == res["routes"][0]["id"]
    assert cls["candidates"][0]["id"] == cls["used"]


def test_text_that_is_not_green_is_not_eligible_everywhere(kg):
    res = evaluate(kg, text="quarterly sales report of a bakery")
    assert res["routes"] == [] and {v["verdict"] for v in res["verdicts"]} == {"not-eligible"}
    assert all("no green technology route found in the text" in v["reason"].lower() for v in res["verdicts"])
    assert all(v["reason"].lower().count("no green technology route") == 1 for v in res["verdicts"])   # said once


def test_carbon_mark_is_carried(kg):
    gf = evaluate(kg, route="gtr:R0212")["verdicts"][0]
    assert gf["items"][0]["code"] == "4.2.2" and gf["items"][0]["carbon_mark"] == "√√"
    assert items(kg, "gfspc2025")["1.1.1"].carbon_mark == "√"


def test_one_failing_item_does_not_sink_another_that_fits(kg):
    gf = evaluate(kg, route="gtr:R0135", facts=["cchp_overall_efficiency=65 percent"])["verdicts"][0]
    by_item = {i["code"]: i["verdict"] for i in gf["items"]}
    assert by_item["4.3.1"] == "not-eligible"
    failed = next(c for c in gf["criteria"] if c["id"] == "4.3.1/c1")
    assert failed["result"] == "fail" and "65 percent does not meet >= 70 percent" in failed["detail"]


@pytest.mark.parametrize("unit", ["g CO2e / kWh", "kg CO2/MWh"])
def test_units_written_with_spaces_are_read(unit):
    assert parse_fact(f"lifecycle_ghg_intensity=90 {unit}").unit == unit


@pytest.mark.parametrize("unit", ["1/0", "gCO2e/kWh/0", "kg**kg"])
def test_pathological_units_are_input_errors(unit):
    with pytest.raises(InputError, match="unknown unit"):
        parse_fact(f"lifecycle_ghg_intensity=90 {unit}")


def test_activity_separates_making_equipment_from_running_a_plant(kg):
    both = evaluate(kg, route="gtr:R0354")["verdicts"][0]
    assert both["verdict"] == "eligible-if" and "give activity" in both["reason"]
    op = evaluate(kg, route="gtr:R0354", activity="operation")["verdicts"][0]
    assert {i["code"]: i["verdict"] for i in op["items"]}["4.1.9"] == "not-applicable"
    assert op["to_evidence"] == ["4.2.8/c1"]


def test_a_retrofit_only_item_holds_only_once_the_project_is_said_to_be_a_retrofit(kg):
    """Biomass heat-only boilers in 2019: 1.5.1 (replacing old coal boilers) sets no bar, 3.2.3 (building and running
    biomass facilities) has a standard to show. A line that says neither new nor retrofit is not eligible through
    the retrofit item alone."""
    def verdict(**kw):
        return evaluate(kg, route="gtr:R1334", activity="operation", catalogues=["gigc2019"], **kw)["verdicts"][0]
    unsaid = verdict()
    assert unsaid["verdict"] == "eligible-if" and "1.5.1" in unsaid["reason"] and "give project" in unsaid["reason"]
    assert "3.2.3" in unsaid["reason"]
    assert verdict(project="retrofit")["verdict"] == "eligible"
    new = verdict(project="new")
    assert new["verdict"] == "eligible-if" and "1.5.1" not in new["reason"] and new["to_evidence"]


def test_a_group_whose_leaves_agree_for_this_project_is_judged_on_their_items(kg):
    """Geothermal power (a group with no 2025 rows): its leaves lead to different items in all, but every one
    leads to 4.2.6 for running a plant, so an operation loan is judged there; with no activity it stays unknown."""
    rid = "https://w3id.org/greentaxo/route/R0271"
    assert not kg.mappings.for_route(rid, "gfspc2025")
    plain = evaluate(kg, route="gtr:R0271", catalogues=["gfspc2025"])["verdicts"][0]
    assert plain["verdict"] == "unknown" and "not guessed" in plain["reason"]
    op = evaluate(kg, route="gtr:R0271", activity="operation", catalogues=["gfspc2025"])["verdicts"][0]
    assert op["verdict"] != "unknown"
    assert {i["code"] for i in op["items"] if i["verdict"] != "not-applicable"} == {"4.2.6"}
    assert "every leaf of gtr:R0271 leads to 4.2.6" in op["reason"]


def test_a_group_whose_leaves_disagree_for_this_project_stays_unknown(kg):
    """Clean coal power (no 2025 rows of its own): its leaves reach different items for running a plant, so
    an operation loan named by the group alone is not read through them."""
    rid = "https://w3id.org/greentaxo/route/R0101"
    assert not kg.mappings.for_route(rid, "gfspc2025")
    v = evaluate(kg, route="gtr:R0101", activity="operation", catalogues=["gfspc2025"])["verdicts"][0]
    assert v["verdict"] == "unknown" and "narrower routes that do have rows" in v["reason"]


def test_a_group_item_of_one_activity_holds_only_for_that_activity(kg):
    """Water pollution control's own row is the equipment-making item; without an activity the verdict says it
    holds for manufacturing only, and running a plant is read through the narrower routes."""
    v = evaluate(kg, route="gtr:R0823", catalogues=["gfspc2025"])["verdicts"][0]
    assert v["verdict"] == "eligible-if" and "only if the project is manufacturing" in v["reason"]
    made = evaluate(kg, route="gtr:R0823", activity="manufacturing", catalogues=["gfspc2025"])["verdicts"][0]
    assert "only if" not in made["reason"] and "2.1.2" in made["reason"]
    run = evaluate(kg, route="gtr:R0823", activity="operation", catalogues=["gfspc2025"])["verdicts"][0]
    assert "6.4.7" in {i["code"] for i in run["items"] if i["verdict"] != "not-applicable"}


def test_a_leaf_without_an_item_for_this_activity_is_read_through_its_broader_route(kg):
    """Sludge anaerobic digestion's own items are for running a plant; making its equipment falls under the sludge
    group's broad match to the water-pollution equipment item (what holds for a group holds for every route below
    it), so a manufacturing loan is judged there rather than left unknown."""
    rid = "https://w3id.org/greentaxo/route/R0839"
    own = {x.code for x in kg.mappings.for_route(rid, "gfspc2025")}
    assert "2.1.2" not in own
    v = evaluate(kg, route="gtr:R0839", activity="manufacturing", catalogues=["gfspc2025"])["verdicts"][0]
    assert v["verdict"] == "eligible-if" and "read through the broader routes" in v["reason"]
    assert {i["code"] for i in v["items"] if i["verdict"] != "not-applicable"} == {"2.1.2"}
    run = evaluate(kg, route="gtr:R0839", activity="operation", catalogues=["gfspc2025"])["verdicts"][0]
    assert "broader" not in run["reason"] and "2.1.2" not in {i["code"] for i in run["items"]
                                                              if i["verdict"] != "not-applicable"}


def test_label_search_is_the_fallback_without_a_classifier(kg, monkeypatch):
    from greentaxo.eligibility import resolve

    monkeypatch.setattr(resolve, "classify_texts", lambda kg, texts: [None] * len(texts))
    res = evaluate(kg, text="集中式地面光伏电站")
    assert res["classification"]["method"] == "label-search"
    assert res["routes"][0]["label"]["zh"] == "集中式地面光伏电站"
    res = evaluate(kg, text="本项目拟建设集中式地面光伏电站一座，装机 100 MW")
    assert res["classification"]["method"] == "label-in-text"
    assert res["routes"][0]["label"]["zh"] == "集中式地面光伏电站"


def test_the_open_branch_closest_to_done_is_what_to_evidence():
    a, b1, b2, shared = _c("a", "g", ["1"]), _c("b1", "g", ["2"]), _c("b2", "g", ["3"]), _c("s", "g", ["2", "3"])
    out = combine([Result(a, "fail"), Result(b1, "pass"), Result(b2, "not-evidenced"), Result(shared, "not-evidenced")])
    assert out.verdict == "eligible-if" and [r.criterion.id for r in out.pending] == ["s"]


def test_portfolio_batches_give_the_same_answers_in_order(kg):
    from greentaxo.eligibility.portfolio import screen

    recs = [{"id": "a", "description": "集中式地面光伏电站"}, {"id": "b", "route": "gtr:R0132"},
            {"id": "c", "description": "碱性电解水制氢"}, {"id": "d", "code": "gbt4754:4416"},
            {"id": "e", "description": "集中式地面光伏电站"}, {"id": "f", "route": "gtr:R9999"}]
    out = list(screen(kg, recs, chunk=2))
    assert [r["id"] for r in out] == ["a", "b", "c", "d", "e", "f"]
    assert "R9999" in out[5]["error"]
    for rec, res in zip(recs[:5], out[:5], strict=True):
        one = evaluate(kg, route=rec.get("route"), code=rec.get("code"), text=rec.get("description"))
        assert res["summary"] == one["summary"] and res["routes"] == one["routes"]


def test_route_by_iri_curie_or_notation_is_the_same_answer(kg):
    by = [evaluate(kg, route=r)["summary"] for r in
          ("https://w3id.org/greentaxo/route/R0132", "gtr:R0132", "01.02.01.01")]
    assert by[0] == by[1] == by[2]


def _items(out: dict, catalogue: str) -> set[str]:
    v = next(v for v in out["verdicts"] if v["catalogue"] == catalogue)
    return {i["code"] for i in v["items"] if i.get("verdict") not in ("not-applicable", None)}


def test_a_production_line_of_a_material_is_its_plant_but_not_a_neighbours(kg):
    """A line making LC3 cement is the producing plant (2025 1.4.2, EU 3.7) when the route has no item for making
    equipment; a line of electrolyser equipment stays equipment making (EU 3.2, not 3.10 Manufacture of hydrogen), and a
    wind-blade line read through the wind group's leaves gets no hydrogen plant of one of them."""
    lc3 = evaluate(kg, text="Green cement (LC3) production line")
    assert "1.4.2" in _items(lc3, "gfspc2025") and "ccm-3.7" in _items(lc3, "eutaxonomy")
    h2 = evaluate(kg, text="Hydrogen electrolyser equipment production line")
    assert "ccm-3.10" not in _items(h2, "eutaxonomy")
    blade = evaluate(kg, text="风电叶片生产线")
    assert "ccm-3.10" not in _items(blade, "eutaxonomy") and "4.1.1" in _items(blade, "gfspc2025")

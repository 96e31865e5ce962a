"""A loan line that names a catalogue item by its official title is read as that item (eligibility/itemnames.py):
the catalogue's own words outrank our reading of the text, the figures the text states are still tested, and a
title is only read where it stands as the name of the thing financed."""
from __future__ import annotations

from greentaxo.eligibility import evaluate
from greentaxo.eligibility.catalogues import CATALOGUES
from greentaxo.eligibility.itemnames import named_items
from tests.support import run_cli


def _by_cat(out: dict) -> dict[str, dict]:
    return {v["catalogue"]: v for v in out["verdicts"]}


def _named(kg, text: str) -> dict[str, str]:
    return {cid: n.code for cid, n in named_items(kg, text, tuple(CATALOGUES)).items()}


def test_an_item_title_that_the_route_reading_missed_lands_on_its_item(kg):
    """节能 alone is an ambiguous word, so the classifier found no route and every catalogue said not-eligible."""
    out = evaluate(kg, text="节能型泵及真空设备制造")
    v = _by_cat(out)
    assert v["gfspc2025"]["verdict"] == "eligible-if" and "gfspc2025:1.1.5" in v["gfspc2025"]["reason"]
    assert "by its official title" in v["gfspc2025"]["reason"]
    assert v["gigc2019"]["verdict"] == "eligible-if" and "gigc2019:1.1.3" in v["gigc2019"]["reason"]
    assert {(i["catalogue"], i["code"]) for i in out["read_from_text"]["items"]} == {("gfspc2025", "1.1.5"),
                                                                                      ("gigc2019", "1.1.3")}
    # the EU Taxonomy names no such item: it is read through the routes mapped to the named items
    assert "routes mapped to" in v["eutaxonomy"]["reason"] and v["eutaxonomy"]["verdict"] != "not-eligible"


def test_a_title_is_read_without_its_quotation_marks_and_inside_a_longer_line(kg):
    assert _named(kg, "某公司氢能制储输用全链条装备制造项目贷款") == {"gfspc2025": "4.1.9"}
    assert _named(kg, "氢能“制储输用”全链条装备制造") == {"gfspc2025": "4.1.9"}


def test_the_figures_of_the_text_are_still_tested(kg):
    bad = _by_cat(evaluate(kg, text="绿色数据中心建设，设计PUE 1.8"))["gfspc2025"]
    assert bad["verdict"] == "not-eligible" and "6.6.2/c1" in bad["reason"]
    good = _by_cat(evaluate(kg, text="绿色数据中心建设，设计PUE 1.2"))["gfspc2025"]
    assert good["verdict"] == "eligible", good["reason"]


def test_english_titles_as_whole_words(kg):
    """"Manufacture of hydrogen" is an EU activity; "Manufacture of hydrogen electrolysers" is another one (3.2)."""
    assert _named(kg, "Manufacture of hydrogen electrolysers") == {}
    assert _named(kg, "Storage of electricity in Jiangsu, 100 MW") == {"eutaxonomy": "ccm-4.10"}
    assert _named(kg, "Battery storage of electricity") == {"eutaxonomy": "ccm-4.10"}
    assert _named(kg, "Restorage of electricity") == {}


def test_a_three_character_title_only_as_the_whole_line(kg):
    assert _named(kg, "竹产业项目") == {"gfspc2025": "5.1.13"}
    assert _named(kg, "竹产业园区房地产开发") == {}
    assert _by_cat(evaluate(kg, text="竹产业园区房地产开发"))["gfspc2025"]["verdict"] == "not-eligible"


def test_a_title_before_consulting_names_the_subject_of_a_service(kg):
    assert "gigc2019" not in _named(kg, "绿色建筑咨询服务")      # consulting on green buildings, not 5.1.2 绿色建筑
    assert _named(kg, "绿色建筑项目")["gigc2019"] == "5.1.2"


def test_the_named_item_is_not_refused_by_the_verbs_the_text_uses(kg):
    """"Manufacture of cement" reads as making things (activity manufacturing), while the EU item is running a
    plant; the text names the item, so the item stands. An activity the user states still counts."""
    v = _by_cat(evaluate(kg, text="Manufacture of cement", catalogues=["eutaxonomy"]))["eutaxonomy"]
    assert v["verdict"] == "eligible-if" and "ccm-3.7" in v["reason"]
    told = _by_cat(evaluate(kg, text="Manufacture of cement", catalogues=["eutaxonomy"],
                            activity="manufacturing"))["eutaxonomy"]
    assert told["verdict"] == "unknown" and "manufacturing" in told["reason"]


def test_an_item_mapped_to_a_project_type_reads_the_other_catalogues_through_it(kg):
    """绿色建筑 is the 2019 catalogue's item 5.1.2, mapped only to the project type of star-rated green buildings:
    the 2025 catalogue reads its green-building item through that project type, as for "绿色建筑项目"."""
    v = _by_cat(evaluate(kg, text="绿色建筑"))
    assert "gigc2019:5.1.2" in v["gigc2019"]["reason"]
    assert v["gfspc2025"]["verdict"] == "eligible-if" and [i["code"] for i in v["gfspc2025"]["items"]] == ["6.1.1"]


def test_a_text_naming_no_title_is_judged_as_before(kg):
    out = evaluate(kg, text="外卖平台营销推广费用")
    assert out["read_from_text"]["items"] == []
    assert {v["verdict"] for v in out["verdicts"]} == {"not-eligible"}


def test_the_cli_says_which_item_the_text_names():
    p = run_cli("eligibility", "--text", "节能型泵及真空设备制造", "--catalogue", "gfspc2025")
    assert p.returncode == 0, p.stderr
    assert "item gfspc2025:1.1.5 节能型泵及真空设备制造 (its official title)" in p.stdout

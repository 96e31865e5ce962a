"""The string rules of a loan line (eligibility/lines.py): what wraps the thing financed, a short label at the line's
head, and the thing before its site. Pure functions on normalised lines (as `resolve.query` gives them: lower case,
hyphens as spaces); no graph, except for the veto words, which are the taxonomy's."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from greentaxo.eligibility.lines import at_head, bare, heads_first, site_pairs


@dataclass(frozen=True)
class _C:            # a route as heads_first reads it: only its IRI
    iri: str


@pytest.mark.parametrize(("q", "label", "head", "alone"), [
    ("燃气电厂碳捕集项目", "碳捕集", True, False),
    ("焦化企业干熄焦改造", "干熄焦", True, False),
    ("声屏障生产线", "声屏障", True, True),
    ("氢冶金示范项目", "氢冶金", True, True),          # 示范: demonstrating it wraps the thing too
    ("一种声屏障安装移动小车", "声屏障", False, False),
    ("干熄焦系统优化控制", "干熄焦", False, False),
    ("再生铝项目(年产10万吨)", "再生铝", True, True),          # a stated output is not part of the thing
    ("再生铅(不规范回收)生产", "再生铅", False, False),       # a qualifier is: informal lead recycling pollutes
])
def test_a_short_label_at_the_head_of_a_line(q, label, head, alone):
    assert at_head(q, label) is head
    assert bare(q, label) is alone


@pytest.mark.parametrize(("q", "named", "first"), [
    ("燃气电厂碳捕集项目", [("site", "燃气电厂"), ("thing", "碳捕集")], "thing"),
    ("城市污水处理厂污泥处置", [("site", "污水处理"), ("thing", "污泥处置")], "thing"),     # 污水处理 + 厂
    ("carbon capture at a gas fired power plant", [("site", "gas-fired power plant"), ("thing", "carbon capture")],
     "thing"),
    # a label before another that names no facility is no site: the boiler switches to pellets
    ("燃煤锅炉改燃生物质成型燃料", [("switch", "锅炉改燃生物质"), ("pellets", "成型燃料")], "switch"),
    # two sentences, or two clauses: a description, not a line
    ("生物质锅炉供暖。配套布袋除尘", [("boiler", "生物质锅炉"), ("filter", "布袋除尘")], "boiler"),
    ("生物质锅炉供暖,配套布袋除尘", [("boiler", "生物质锅炉"), ("filter", "布袋除尘")], "boiler"),
    ("gas-fired power plant", [("site", "gas-fired power plant")], "site"),
    # a label in brackets after another only qualifies it; a facility word does not make the first a site then
    ("光热发电项目(塔式熔盐储热)", [("thing", "光热发电"), ("aside", "熔盐储热")], "thing"),
    ("光伏电站(配套储能)", [("thing", "光伏电站"), ("aside", "储能")], "thing"),
    ("储能电站(配套光伏)", [("thing", "储能电站"), ("aside", "光伏")], "thing"),
    ("solar farm (with battery storage)", [("aside", "battery storage"), ("thing", "solar farm")], "thing"),
])
def test_the_thing_comes_before_its_site(q, named, first):
    routes = [(_C(iri), label) for iri, label in named]
    assert heads_first(q, routes)[0][0].iri == first
    pairs = site_pairs(q, routes)
    assert all(s != first for s, _h in pairs)


def test_a_long_text_is_not_read_as_a_line():
    q = "燃气电厂碳捕集" + "，" * 100
    assert site_pairs(q, [(_C("site"), "燃气电厂"), (_C("thing"), "碳捕集")]) == []


def test_veto_words_take_a_named_route_and_those_below_it_out_of_a_line(kg):
    from greentaxo.eligibility import evaluate, resolve
    from greentaxo.eligibility.lines import vetoed_routes
    low_voc = "https://w3id.org/greentaxo/route/R0870"
    assert low_voc in vetoed_routes(kg, resolve.query("TGIC粉末涂料生产线"))
    assert vetoed_routes(kg, resolve.query("不含TGIC的粉末涂料生产线")) == frozenset()
    assert vetoed_routes(kg, resolve.query("粉末涂料生产线")) == frozenset()
    out = evaluate(kg, text="TGIC粉末涂料生产线")
    assert {v["verdict"] for v in out["verdicts"]} == {"not-eligible"}
    assert all("gtr:R0870" in v["reason"] and "veto word" in v["reason"] for v in out["verdicts"]), out["verdicts"]


def test_a_veto_word_beside_nothing_but_n_gram_support_leaves_a_line_not_green(kg):
    """The veto word takes the route the line names (flue-gas desulphurisation in a coal plant's expansion); a best
    route resting on n-grams alone is then no reason to send the line to a person, whatever the green decision said.
    With a label behind the best route the line stays with that route."""
    from greentaxo.eligibility import evaluate

    text = "Expansion of a coal-fired power station with flue-gas desulphurisation"
    for green in (True, False):
        ans = {"id": "1", "green": green, "p_green": 0.6 if green else 0.2, "model_version": "test",
               "candidates": [{"id": "https://w3id.org/greentaxo/route/R0810", "score": 0.45, "evidence": []}]}
        ans["routes"] = ans["candidates"] if green else []
        if not green:
            ans["reason"] = {"code": "low-probability", "text": "reads like not-green patents"}
        out = evaluate(kg, text=text, classification=ans)
        assert {v["verdict"] for v in out["verdicts"]} == {"not-eligible"}, out["verdicts"]
        assert all("gtr:R0801" in v["reason"] and "veto word" in v["reason"] for v in out["verdicts"])
    ans["candidates"][0]["evidence"] = [{"start": 0, "end": 9, "text": "Expansion", "matched": "thermal oxidiser"}]
    out = evaluate(kg, text=text, classification=ans)
    assert "not-eligible" not in {v["verdict"] for v in out["verdicts"]}


@pytest.mark.parametrize(("q", "label", "supply"), [
    ("data centre powered by rooftop solar", "rooftop solar", True),
    ("electrolyser plant powered by offshore wind", "electrolyser", False),    # the thing itself, before the word
    ("greenhouse complex heated by geothermal energy", "geothermal energy", True),
    ("offshore wind farm", "offshore wind", False),                              # no word of supply
    ("powered by hydropower", "hydropower", False),                              # nothing it powers
    ("data centre powered by rooftop solar. the second phase adds rooftop solar", "rooftop solar", False),  # not a line
])
def test_what_powers_the_thing_financed_is_not_the_thing(q, label, supply):
    from greentaxo.eligibility.lines import supplied
    assert supplied(q, label) is supply


def test_a_route_named_only_as_the_supply_gives_way_to_the_thing(kg):
    from greentaxo.eligibility import evaluate
    out = evaluate(kg, text="Electric bus fleet charged by solar carports")
    assert out["classification"]["used"].endswith("R1003"), out["classification"]["used"]
    assert [c["id"].rsplit("/", 1)[-1] for c in out["classification"]["candidates"]][:1] != ["R0213"]


@pytest.mark.parametrize(("q", "thing", "evidence", "qualifies"), [
    ("solar farm (with battery storage)", "solar farm", ["battery storage"], True),
    ("battery storage (at a solar farm)", "battery storage", ["solar farm"], True),
    ("solar farm with battery storage", "solar farm", ["battery storage"], False),     # no brackets
    ("project finance (solar farm)", "solar farm", ["solar farm"], False),            # the thing is the aside
    ("solar farm (with battery storage)", "solar farm", [], False),                    # n-grams only: nothing to weigh
    ("battery storage (battery storage)", "solar farm", ["battery storage"], False),   # also outside the brackets
])
def test_words_in_brackets_after_the_thing_only_qualify_it(q, thing, evidence, qualifies):
    from greentaxo.eligibility.lines import qualified
    assert qualified(q, thing, evidence) is qualifies


def test_a_qualifier_in_brackets_gives_way_to_the_thing_named(kg):
    from greentaxo.eligibility import evaluate
    out = evaluate(kg, text="Solar farm (with battery storage)")
    assert out["classification"]["used"].endswith("R0212"), out["classification"]["used"]


@pytest.mark.parametrize(("q", "label", "attachment"), [
    ("airport expansion with rooftop solar panels", "rooftop solar", True),
    ("cement plant expansion with waste heat recovery", "waste heat recovery", True),
    ("replacement of diesel buses with electric buses", "electric bus", False),     # work: the new thing
    ("capacity expansion with rooftop solar. phase two adds storage", "rooftop solar", False),   # not a line
    ("cold chain logistics warehouse with ammonia refrigeration", "ammonia refrigeration", False),  # a property
    ("green mortgage for residential apartments with china two star label", "two star", False),
    ("rooftop solar expansion with rooftop solar", "rooftop solar", False),          # also before "with"
])
def test_what_comes_with_an_expansion_is_not_the_thing(q, label, attachment):
    from greentaxo.eligibility.lines import attached
    assert attached(q, label) is attachment

"""A description (a title with an abstract) that names a route by a specific label is green with that route, even
when its wording reads like not-green patents (`classifier.named_outright`); a bare title keeps the decision's
verdict. And the gold evaluation reads deprecated gold routes through their successors (`gold.set_aside`)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from greentaxo.classify.document import from_record
from greentaxo.classify.gold import to_training
from greentaxo.classify.labels import names_route
from greentaxo.cli.main import app
from greentaxo.namespaces import GTR

# our own wording of a hot in-place asphalt recycling project: its P(green) is under the cut (0.26 against 0.28
# with models 0.1.0+43e1ee6605 and 18ef889738), and "就地热再生" is a label of gtr:R0893
TITLE = "沥青路面就地热再生技术推广应用"
ABSTRACT = "在公路养护中对旧沥青路面就地加热、翻松，掺入再生剂和少量新料后拌和摊铺，旧料全部在现场再利用，减少运输和新沥青用量。"


def test_names_route_wants_four_chinese_characters_or_two_words():
    assert names_route("就地热再生") and names_route("抽水蓄能电站") and names_route("offshore wind farm")
    assert not names_route("岸电") and not names_route("声屏障") and not names_route("solar")
    assert names_route("heat pump")       # two words: a loan line "heat pump retrofit" names it
    assert not names_route("Wind")


def test_a_description_naming_a_route_is_green_with_it_though_its_wording_is_not(clf):
    out = clf.classify({"id": "1", "title": TITLE, "abstract": ABSTRACT})
    assert out["p_green"] < clf.green_threshold         # the wording alone would not make it green
    assert out["green"] is True
    assert out["routes"][0]["id"] == GTR + "R0893"
    assert out["routes"][0]["evidence"] and out["codes"]["gfspc2025"]
    assert out["reason"]["code"] == "route-named"
    assert "06.01.04" in out["reason"]["text"] and "就地热再生" in out["reason"]["text"]


def test_a_bare_title_naming_the_same_route_keeps_the_decision(clf):
    # patent titles name routes for their parts as often as not: green F1 on patents-dev fell when they counted
    out = clf.classify({"id": "1", "title": "一种沥青路面就地热再生设备"})
    assert out["p_green"] < clf.green_threshold
    assert out["green"] is False and out["routes"] == [] and out["reason"]["code"] == "low-probability"


def test_a_short_label_in_a_description_does_not_decide(clf):
    # "岸电" (two characters) is not specific enough to name its route outright: the decision's verdict stands
    rec = {"id": "1", "title": "码头用电改造", "abstract": "为装卸设备和办公楼更换配电柜，岸电不在本期范围。"}
    out = clf.classify(rec)
    assert out["green"] is (out["p_green"] >= clf.green_threshold)


def test_the_batch_path_and_the_evaluation_path_agree(clf):
    docs = [from_record({"id": "1", "title": TITLE, "abstract": ABSTRACT}),
            from_record({"id": "2", "title": "一种沥青路面就地热再生设备"})]
    scores = clf.score(docs)
    assert scores.green.tolist() == [o["green"] for o in clf.classify_docs(docs)] == [True, False]
    assert scores.outright[0] and not scores.outright[1]


def test_gold_routes_are_read_through_their_successors_and_moved_records_set_aside(kg, clf):
    # evaluation: read as not green, a correct "green" for a project description counted as a false green
    records = [
        {"id": "a", "title": "生态安全预警平台", "routes": ["gtr:R1286"]},      # deprecated, replaced by route R1081
        {"id": "b", "title": "综合交通枢纽节能改造", "routes": ["gtr:R1051"]},  # moved to the facets (project type)
        {"id": "c", "title": "一种餐盒", "routes": []},                        # not green
    ]
    docs, gold, kept, aside = to_training(records, clf.routes, kg)
    assert [r["id"] for r in kept] == ["a", "c"] and len(docs) == 2 and aside == ["b"]
    assert gold == [[clf.routes.col[GTR + "R1081"]], []]
    # training reads the moved record as not green (a project type is no technology route), successors the same
    _docs, gold, kept, aside = to_training(records, clf.routes, kg, moved="not-green")
    assert [r["id"] for r in kept] == ["a", "b", "c"] and aside == []
    assert gold == [[clf.routes.col[GTR + "R1081"]], [], []]
    with pytest.raises(ValueError):
        to_training(records, clf.routes, kg, moved="drop")


def test_eval_says_how_many_gold_records_it_sets_aside(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "b", "title": "综合交通枢纽节能改造", "routes": ["gtr:R1051"]},
        {"id": "p", "title": "抽水蓄能电站", "routes": ["gtr:R0352"]},
        {"id": "c", "title": "一种便携式餐盒", "routes": []}]) + "\n", encoding="utf-8")
    text = CliRunner().invoke(app, ["eval", str(gold)])
    assert text.exit_code == 0, text.output
    assert "1 green records set aside" in text.output
    js = CliRunner().invoke(app, ["eval", str(gold), "--format", "json"])
    body = json.loads(js.output)
    assert body["set_aside"] == ["b"] and body["overall"]["records"] == 2

"""The classifier library: output contract, evidence offsets, languages, hierarchy, IPC, bad input."""
from __future__ import annotations

import json

import numpy as np
import pytest

from greentaxo.classify.document import from_record, normalise_ipc
from greentaxo.classify.fusion import lift, select
from greentaxo.classify.ipc import covers
from greentaxo.classify.textnorm import normalise_with_offsets
from greentaxo.errors import InputError
from greentaxo.namespaces import GTR
from tests.support import ROOT

SCHEMES = {"gbt4754-2017", "gbt13745-2009", "gfspc2025", "gigc2019", "eutaxonomy", "ipc"}



def _ids(out: dict) -> list[str]:
    return [r["id"].rsplit("/", 1)[-1] for r in out["routes"]]


def test_output_contract(clf):
    out = clf.classify({"id": "a1", "title": "全钒液流电池储能电站",
                        "abstract": "采用全钒液流电池建设200 MWh长时储能电站，参与电网调峰。"})
    assert set(out) == {"id", "green", "p_green", "reason", "routes", "codes", "taxonomy_version", "model_version"}
    assert out["reason"] is None and clf.green_threshold <= out["p_green"] <= 1     # green means P(green) >= the cut
    assert out["id"] == "a1" and out["green"] is True
    assert set(out["codes"]) == SCHEMES
    assert out["taxonomy_version"] and out["model_version"] == clf.model_version
    scores = [r["score"] for r in out["routes"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    for r in out["routes"]:
        assert set(r) == {"id", "notation", "label", "score", "evidence"} and set(r["label"]) == {"zh", "en"}
    assert _ids(out)[0] == "R0312"
    # codes are those mapped to the returned routes
    mapped: set[tuple[str, str]] = set()
    for r in out["routes"]:
        col = clf.routes.col[r["id"]]
        for scheme, codes in clf.routes.codes[col].items():
            mapped |= {(scheme, c) for c in codes}
    assert {(s, c) for s, cs in out["codes"].items() for c in cs} == mapped and mapped


def test_evidence_offsets_point_into_title_and_abstract(clf):
    title = "超超臨界機組的ＵＳＣ技術"                      # traditional characters and full-width letters
    abstract = "We retrofit Air-Source Heat Pumps and ultra-supercritical coal plants."
    out = clf.classify({"id": "e", "title": title, "abstract": abstract}, top_k=10, threshold=0.0)
    text = title + "\n" + abstract
    spans = [e for r in out["routes"] for e in r["evidence"]]
    assert spans, out
    for e in spans:
        assert text[e["start"]:e["end"]] == e["text"]
    assert "R0102" in _ids(out)
    assert any(e["text"] == "超超臨界機組" or e["text"].startswith("超超臨界") for e in spans)
    assert any("Heat Pumps" in e["text"] for e in spans)          # plural and case folded to the label


@pytest.mark.parametrize("record, expected", [
    ({"title": "一种质子交换膜电解水制氢系统",
      "abstract": "质子交换膜电解槽采用低载量铱催化剂，可与光伏波动出力匹配。"}, "R0355"),
    ({"title": "Floating offshore wind turbine on a semi-submersible platform",
      "abstract": "Mooring design and coupled dynamics of a floating offshore wind foundation in 100 m water depth."}, "R0238"),
    ({"title": "基于MEA吸收的post-combustion CO2 capture能耗优化",
      "abstract": "采用lean vapor compression改进吸收-解吸流程，reboiler duty降至2.6 GJ/t。"}, "R0502"),
], ids=["chinese", "english", "mixed"])
def test_languages(clf, record, expected):
    out = clf.classify({"id": "x", **record})
    assert out["green"] and expected in _ids(out)[:3], _ids(out)


@pytest.mark.parametrize("record", [
    {"title": "一种基于深度学习的短视频推荐方法", "abstract": "融合用户点击与停留时长，训练多任务排序模型，提升用户留存。"},
    {"title": "Randomised trial of a new anticoagulant",
     "abstract": "Patients after hip replacement received the drug or placebo."},
    {"title": "!!!，。？", "abstract": "……"},
], ids=["software-zh", "medicine-en", "punctuation"])
def test_not_green(clf, record):
    out = clf.classify({"id": "n", **record})
    assert out["green"] is False and out["routes"] == []
    assert all(v == [] for v in out["codes"].values())


def test_no_parent_beside_its_child(clf, kg):
    out = clf.classify({"id": "h", "title": "光伏 太阳能电池 钙钛矿太阳电池 TOPCon电池 分布式屋顶光伏",
                        "abstract": "储能 风电 海上风电 漂浮式海上风电"}, top_k=10)
    ids = [r["id"] for r in out["routes"]]
    for a in ids:
        anc = {c.iri for c in kg.taxonomy.ancestors(a)}
        assert not anc & set(ids), (a, anc & set(ids))
    with_parents = clf.classify({"id": "h", "title": "钙钛矿太阳电池", "abstract": ""}, top_k=10,
                                include_ancestors=True, threshold=0.0)
    got = [r["id"] for r in with_parents["routes"]]
    leaf = GTR + "R0207"
    assert leaf in got and any(p.iri in got for p in kg.taxonomy.ancestors(leaf))


def test_child_lifts_parent(clf):
    routes = clf.routes
    leaf = routes.col[GTR + "R0207"]
    parent = int(routes.parent[leaf])
    p = np.zeros((1, len(routes)), dtype=np.float32)
    p[0, leaf] = 0.9
    lifted = lift(p, routes)
    assert lifted[0, parent] == pytest.approx(0.9)
    assert all(lifted[0, a] == pytest.approx(0.9) for a in routes.ancestors[leaf])
    assert select(lifted[0], routes, 5, 0.5) == [(leaf, pytest.approx(0.9))]


def test_a_group_route_stands_for_its_best_leaf(clf):
    routes = clf.routes
    leaf = routes.col[GTR + "R0207"]
    parent = int(routes.parent[leaf])
    sibling = next(k for k in routes.children[parent] if k != leaf and not routes.children[k])
    p = np.zeros((1, len(routes)), dtype=np.float32)
    p[0, parent] = 0.8          # the group's own evidence is strong, its children's weaker
    p[0, leaf] = 0.3
    p[0, sibling] = 0.2
    lifted = lift(p, routes)
    # the leaf takes the group's place and score; the sibling follows with its own; no group is shown
    assert select(lifted[0], routes, 5, 0.1) == [(leaf, pytest.approx(0.8)), (sibling, pytest.approx(0.2))]
    assert select(lifted[0], routes, 5, 0.5) == [(leaf, pytest.approx(0.8))]
    # asked for ancestors: routes as ranked, groups included
    with_groups = [c for c, _ in select(lifted[0], routes, 5, 0.1, include_ancestors=True)]
    assert with_groups[0] == parent and leaf in with_groups


def test_the_walk_stops_at_a_group_the_text_names_when_no_child_comes_near(clf):
    routes = clf.routes
    leaf = routes.col[GTR + "R0207"]
    parent = int(routes.parent[leaf])
    p = np.zeros((1, len(routes)), dtype=np.float32)
    p[0, parent], p[0, leaf] = 0.8, 0.3
    lifted = lift(p, routes)
    # named, nothing below it named, its best child under half of it: the group is shown, with its score
    assert select(lifted[0], routes, 1, 0.1, named=frozenset({parent})) == [(parent, pytest.approx(0.8))]
    # a named child, or a child that comes near the group, and the walk goes on
    assert select(lifted[0], routes, 1, 0.1, named=frozenset({parent, leaf}))[0][0] == leaf
    p[0, leaf] = 0.5
    assert select(lift(p, routes)[0], routes, 1, 0.1, named=frozenset({parent}))[0][0] == leaf
    # a domain (depth 1) says next to nothing: never a stop
    domain = routes.col[GTR + "R0001"]
    q = np.zeros((1, len(routes)), dtype=np.float32)
    q[0, domain], q[0, leaf] = 0.8, 0.1
    assert select(lift(q, routes)[0], routes, 1, 0.0, named=frozenset({domain}))[0][0] == leaf


def test_a_child_whose_label_contains_its_named_parents_needs_to_come_closer(clf):
    """聚光光伏发电 (concentrator PV) contains its group's label 光伏发电: a title naming the group matches the
    child's n-grams through that label alone, so the child must reach ECHO_STOP of the group, not STOP."""
    routes = clf.routes
    cpv, pv = routes.col[GTR + "R1323"], routes.col[GTR + "R0211"]
    assert routes.echoes[cpv] and not routes.echoes[routes.col[GTR + "R0213"]]   # rooftop PV: 分布式屋顶光伏
    p = np.zeros((1, len(routes)), dtype=np.float32)
    p[0, pv], p[0, cpv] = 1.0, 0.6           # over STOP, under ECHO_STOP
    assert select(lift(p, routes)[0], routes, 1, 0.1, named=frozenset({pv}))[0][0] == pv
    p[0, cpv] = 0.85
    assert select(lift(p, routes)[0], routes, 1, 0.1, named=frozenset({pv}))[0][0] == cpv


@pytest.mark.parametrize(("title", "shown"), [
    ("一种光伏发电装置", "R0211"),                       # was concentrator PV, whose name contains 光伏发电
    ("一种具有角度调节功能的光伏组件", "R0200"),         # was the perovskite cell
    ("风力发电机全生命周期检测方法", "R0230"),           # was distributed wind
    ("一种反射聚光太阳能光伏发电站及其调试方法", "R1323"),   # concentrator PV named: the leaf stays
    ("一种光伏支架", "R0211"),                           # hidden label; was geological CO2 storage at 0.05
    ("一种烟气处理装置", "R0801"),                       # 烟气处理 a label; was the electronics F-gas leaf R0580
    ("光伏光热一体化装置及其控制方法", "R1324"),         # the PVT route (new); was EV traction batteries at 0.08
])
def test_real_titles_get_the_route_they_name(clf, title, shown):
    assert _ids(clf.classify({"id": "t", "title": title}, top_k=1))[0] == shown


def test_when_nothing_reaches_the_threshold_the_route_the_title_names_is_shown(clf):
    """污水处理 names water pollution control, whose common n-grams give it no score beyond the label; an unrelated
    leaf had been shown on n-gram noise. With a threshold nothing reaches, the named route is the one shown."""
    out = clf.classify({"id": "t", "title": "一种污水处理装置"}, top_k=3, threshold=0.9)
    assert out["green"] and _ids(out) == ["R0823"] and out["routes"][0]["score"] < 0.9
    assert [e["matched"] for e in out["routes"][0]["evidence"]] == ["污水处理"]


def test_in_a_title_the_named_route_goes_before_an_unnamed_first_pick(clf):
    """废水处理 names water pollution control; the electronics exhaust-abatement leaf (R0580) has the n-grams of
    处理装置 and ranks higher, but the title does not name it: the named route is listed first."""
    out = clf.classify({"id": "t", "title": "一种废水处理装置"}, top_k=3)
    assert out["green"] and _ids(out)[0] == "R0823"
    assert [e["matched"] for e in out["routes"][0]["evidence"]] == ["废水处理"]


def test_a_named_route_goes_first_only_as_a_route_on_its_path(clf):
    """The first pick is unrelated to the route the title names; the best candidate near the named route is its
    group, whose walk down follows a sibling the title does not name. That sibling is not put first: the named
    route is."""
    routes = clf.routes
    group = next(c for c in range(len(routes)) if routes.depth[c] > 1 and len(routes.children[c]) >= 2
                 and all(not routes.children[k] for k in routes.children[c]))
    named, sibling = routes.children[group][:2]
    other = next(c for c in range(len(routes)) if not routes.children[c] and routes.domain[c] != routes.domain[group])
    p = np.zeros((1, len(routes)), dtype=np.float32)
    p[0, other], p[0, sibling], p[0, named] = 0.9, 0.8, 0.3
    raw = lift(p, routes)[0]
    shown = select(raw, routes, 3, 0.1, named=frozenset({named}))
    assert [c for c, _ in shown][:2] == [named, other]


def test_a_long_text_still_walks_to_a_leaf(clf):
    """An abstract says more than its group label, and there the walk was right more often (docs/classifier.md)."""
    title = "一种光伏发电装置"
    body = "本发明公开了一种光伏发电装置，包括支架、组件、汇流箱和逆变器，" * 4     # over green.LONG_TEXT characters
    got = _ids(clf.classify({"id": "t", "title": title, "abstract": body}, top_k=1))[0]
    assert not clf.routes.children[clf.routes.col[GTR + got]]


def test_ipc_codes_steer_the_answer(clf):
    base = {"id": "i", "title": "一种储能装置", "abstract": "一种电池系统及其控制方法。"}
    plain = clf.score([from_record(base)])[0][0]
    with_ipc = clf.score([from_record({**base, "ipc": ["H01M 8/18"]})])[0][0]   # raw scores
    col = clf.routes.col[GTR + "R0312"]
    assert with_ipc[col] > plain[col]
    ranked = clf.classify({**base, "ipc": ["H01M8/18"]}, threshold=0.0, top_k=3)
    assert GTR + "R0312" in [r["id"] for r in ranked["routes"]]


def test_ipc_prefix_matching():
    assert normalise_ipc("h01m 10/0525") == "H01M10-0525" and normalise_ipc("H01M") == "H01M"
    assert covers("H01M10-05", "H01M10-0525") and covers("H01M", "H01M10-0525")
    assert covers("H01M10-00", "H01M10-0525")
    assert not covers("H01M10-06", "H01M10-0525") and not covers("H01M8-18", "H01M10-18")
    with pytest.raises(InputError, match="field ipc"):
        from_record({"title": "x", "ipc": ["not-a-code"]})


@pytest.mark.parametrize("record, message", [
    ({"title": "", "abstract": "  "}, "both empty"),
    ({"id": "a", "text": "一种光伏组件", "lang": "zh"},
     r"under 'text', which is not read: send it as title or abstract \(greentaxo classify: --column abstract=text\)"),
    ({"title": "x" * 200_001}, "limit"),
    ({"title": "ok\x00binary"}, "NUL"),
    ({"title": 5}, "field title"),
    ("not an object", "JSON object"),
])
def test_bad_records_are_input_errors(record, message):
    with pytest.raises(InputError, match=message):
        from_record(record)


def test_bulk_keeps_going_after_a_bad_record(clf):
    records = [("1", {"id": "good", "title": "城镇污水处理厂膜生物反应器MBR改造"}),
               ("2", {"id": "bad", "title": ""}),
               ("3", InputError("line 3: not valid UTF-8")),
               ("4", {"id": "good2", "title": "Seawater reverse osmosis desalination plant"})]
    out = list(clf.classify_records(records, batch=2))
    assert [o["id"] for o in out] == ["good", "bad", "3", "good2"]
    assert "error" in out[1] and "error" in out[2] and out[0]["green"] and out[3]["green"]


def test_bulk_batches_are_cut_by_characters_and_do_not_change_outputs(clf, monkeypatch):
    import greentaxo.classify.classifier as classifier_module
    texts = ["城镇污水处理厂膜生物反应器MBR改造", "Seawater reverse osmosis desalination plant", "一种麻辣火锅底料",
             "燃煤电厂烟气超低排放改造"]
    records = [(str(i), {"id": f"r{i}", "title": t, "abstract": "说明" * (40 * (i % 3))}) for i, t in enumerate(texts * 5)]
    alone = [clf.classify(r) for _, r in records]
    sizes: list[int] = []
    real = clf.classify_docs
    monkeypatch.setattr(clf, "classify_docs", lambda docs, **kw: sizes.append(len(docs)) or real(docs, **kw))
    monkeypatch.setattr(classifier_module, "BATCH_CHARS", 300)
    out = list(clf.classify_records(records))
    assert out == alone                                 # a text's answer does not depend on its batch
    assert sum(sizes) == len(records) and len(sizes) > 3 and max(sizes) < len(records)
    lengths = [len(r["title"]) + len(r["abstract"]) for _, r in records]
    start = 0
    for n in sizes[:-1]:                                # each batch closed at the first record that reached the budget
        assert sum(lengths[start:start + n]) >= 300 > sum(lengths[start:start + n - 1])
        start += n


def test_top_k_limits_routes(clf):
    rec = {"id": "k", "title": "光伏 风电 储能 氢能 热泵 污水处理 垃圾焚烧", "abstract": ""}
    assert len(clf.classify(rec, top_k=2, threshold=0.0)["routes"]) == 2
    assert len(clf.classify(rec, top_k=7, threshold=0.0)["routes"]) == 7


def test_normalisation_keeps_offsets():
    raw = "Ｈｅａｔ  Pumps—臺灣電網"
    nt = normalise_with_offsets(raw)
    assert nt.text == "heat pumps 台湾电网"
    assert [raw[o] for o in nt.offsets[:4]] == list("Ｈｅａｔ")
    assert raw[nt.offsets[nt.text.index("湾")]] == "灣"
    assert nt.span(5, 10) == (6, 11)      # "pumps", after the collapsed double space


def test_gold_split_is_disjoint_and_large_enough():
    def read(name):
        return [json.loads(x) for x in open(ROOT / "data" / "gold" / name, encoding="utf-8")]
    train, test = read("train.jsonl"), read("test.jsonl")
    assert len(train) + len(test) >= 400
    assert sum(not r["routes"] for r in train + test) >= 100
    assert not {r["id"] for r in train} & {r["id"] for r in test}
    assert {r["lang"] for r in test} >= {"zh", "en", "mixed"}


def test_ndcg_credits_each_gold_route_once(clf):
    from greentaxo.classify.evaluate import ndcg

    routes = clf.routes
    leaf = routes.col[GTR + "R0207"]
    group = int(routes.parent[leaf])
    kids = [k for k in routes.children[group] if k != leaf][:2]
    # three routes inside one gold group are one hit, not three: the score stays at most 1
    assert ndcg([leaf, *kids], [group], routes) == pytest.approx(1.0)
    # the group itself is not inside a gold leaf; the leaf found second earns 1/log2(3)
    assert ndcg([group, leaf], [leaf], routes) == pytest.approx(1 / np.log2(3))
    assert ndcg([kids[0]], [leaf, group], routes) == pytest.approx(1 / (1 + 1 / np.log2(3)))


def test_routes_ranked_only_for_green_texts_give_the_same_answers(clf):
    """Not-green texts skip the ranking (`classify_docs`); their reason reads the best route's score without it,
    which must equal the best candidate's, as `explain` (which ranks every text) computes it."""
    from greentaxo.classify.document import from_record

    texts = ["脱硫设备", "一种麻辣火锅底料", "Gas Turbine Engine", "一种废水处理系统", "光伏组件缺陷检测方法和系统",
             "一种建筑水电安装用开槽装置", "Exhaust System", "一种全钒液流电池储能系统的电解液配方", "!!!"]
    plain = clf.classify_docs([from_record({"title": t}, default_id=str(i)) for i, t in enumerate(texts)])
    explained = clf.classify_docs([from_record({"title": t}, default_id=str(i)) for i, t in enumerate(texts)], explain=True)
    assert {o["green"] for o in plain} == {True, False}
    for a, b in zip(plain, explained, strict=True):
        assert a == {k: v for k, v in b.items() if k != "candidates"}
    # the reason "no-route" is given only when no candidate reaches the threshold: the best score decides it
    for o in explained:
        if o["reason"] and o["reason"]["code"] == "no-route":
            assert all(c["score"] < clf.threshold for c in o["candidates"])

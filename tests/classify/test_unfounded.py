"""Routes that nothing in a text supports are never shown (`fusion.drop_unfounded`): without a label, an n-gram
or a mapped IPC code, every route scores the fusion's constant terms, and the ones that came first among them
were arbitrary -- "Engine Fuels", judged green by its wording, was shown as a pumped-storage plant at 0.00."""
from __future__ import annotations

import numpy as np

from greentaxo.classify.fusion import drop_unfounded, lift, select
from greentaxo.classify.routes import RouteIndex
from greentaxo.namespaces import GTR


def _base(routes: RouteIndex, n: int = 2) -> np.ndarray:
    """Scores with no evidence: one constant for leaves, a higher one for groups (the fusion's leaf weight is
    negative)."""
    return np.where(routes.leaf, np.float32(0.001), np.float32(0.004))[None, :].repeat(n, axis=0).astype(np.float32)


def test_unsupported_routes_drop_to_zero_and_a_group_takes_its_supported_childs_score(kg):
    routes = RouteIndex.from_graph(kg)
    leaf = routes.col[GTR + "R0352"]                  # pumped storage: a leaf three groups down
    p = _base(routes)
    p[0, leaf] = 0.002                                # weak evidence: under the groups' constant score
    raw = lift(drop_unfounded(p, routes), routes)
    assert raw[0, leaf] == np.float32(0.002)
    assert all(raw[0, a] == np.float32(0.002) for a in routes.ancestors[leaf])     # not the groups' constant
    supported = {leaf, *routes.ancestors[leaf]}
    assert set(np.flatnonzero(raw[0])) == supported
    assert not raw[1].any()                           # nothing at all supports anything in the second text
    # the weak leaf is what selection shows, not a group's arbitrary best leaf; the second text shows nothing
    assert [c for c, _ in select(raw[0], routes, 5, 0.0)] == [leaf]
    assert select(raw[1], routes, 5, 0.0) == []


def test_a_group_with_evidence_of_its_own_keeps_it(kg):
    routes = RouteIndex.from_graph(kg)
    group = routes.col[GTR + "R0300"]                 # energy storage power stations, a group
    assert not routes.leaf[group]
    p = _base(routes, 1)
    p[0, group] = 0.3
    raw = lift(drop_unfounded(p, routes), routes)
    assert raw[0, group] == np.float32(0.3) and not raw[0, routes.children[group]].any()
    assert {c for c, _ in select(raw[0], routes, 5, 0.0, include_ancestors=True)} == {group, *routes.ancestors[group]}


def test_a_green_title_with_nothing_of_any_route_shows_no_route_and_says_why(clf):
    # a real patent title (patents-dev, English; C10L liquid fuels, green by the IPC inventory)
    out = clf.classify({"id": "1", "title": "Engine Fuels"}, explain=True)
    assert out["p_green"] >= clf.english_threshold and out["green"] is True
    assert out["routes"] == [] and out["candidates"] == [] and out["codes"]["gfspc2025"] == []
    assert out["reason"]["code"] == "route-unknown" and "person" in out["reason"]["text"]
    # a title that names its route is unaffected
    named = clf.classify({"id": "2", "title": "一种光伏支架"})
    assert named["green"] and named["routes"] and named["reason"] is None


def test_a_green_title_whose_routes_stay_under_the_threshold_shows_none_and_names_the_guess(clf):
    """A real patent title (patents-dev, Chinese, green by the inventory) that names no route: its n-grams support
    some routes, none near the threshold. No unnamed guess is shown as the answer; the reason names it, and the
    candidates list it."""
    out = clf.classify({"id": "1", "title": "一种一体化光伏亮化装置"}, explain=True)
    assert out["green"] is True and out["routes"] == [] and out["codes"]["gfspc2025"] == []
    guess = out["candidates"][0]
    assert guess["score"] < clf.threshold
    assert out["reason"]["code"] == "route-uncertain" and guess["notation"] in out["reason"]["text"]
    # with the threshold under the guess, it is shown again; a title naming its route keeps it under any threshold
    low = clf.classify({"id": "1", "title": "一种一体化光伏亮化装置"}, threshold=0.0)
    assert [r["notation"] for r in low["routes"]][:1] == [guess["notation"]] and low["reason"] is None
    named = clf.classify({"id": "2", "title": "一种污水处理装置"}, threshold=0.99)
    assert named["routes"] and named["reason"] is None

"""Aggregation checked against published figures and hand-computed cases, not against itself."""
from __future__ import annotations

import numpy as np
import pytest

from greentaxo.assessment.decision import decide
from greentaxo.assessment.stats import aggregate, icc, kendall_w
from greentaxo.assessment.systems import system

# Shrout and Fleiss (1979), table 2: six targets rated by four judges; their ICC(2,1) = .29, ICC(2,4) = .62
SHROUT_FLEISS = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], float)


def test_icc_matches_shrout_and_fleiss():
    r = icc(SHROUT_FLEISS.T)          # rows = raters
    assert round(r["icc_a1"], 2) == 0.29 and round(r["icc_ak"], 2) == 0.62
    assert r["p"] < 0.001


def test_kendall_w_matches_the_textbook_formula_without_ties():
    rng = np.random.default_rng(7)
    m, n = 6, 8
    ranks = np.array([rng.permutation(n) + 1 for _ in range(m)], float)
    totals = ranks.sum(axis=0)
    s = ((totals - totals.mean()) ** 2).sum()
    expected = 12 * s / (m ** 2 * (n ** 3 - n))
    assert kendall_w(ranks)["w"] == pytest.approx(expected)
    assert kendall_w(np.tile(np.arange(1.0, n + 1), (m, 1)))["w"] == pytest.approx(1.0)
    assert kendall_w(np.full((m, n), 3.0))["w"] is None        # nobody ranked anything: W undefined, said so


def _sheets(sys_, rows: dict[str, list[float | None]]):
    leaves = sys_.leaves()
    return {e: {ind.iri: v for ind, v in zip(leaves, vals, strict=True)} for e, vals in rows.items()}


def test_weighted_score_reverses_lower_is_better_indicators(kg):
    y = system(kg, "yeda")
    r = aggregate(y, _sheets(y, {f"e{i}": [1.0] * 20 for i in range(10)}))
    # all 1s: only the five lower-is-better indicators (2.9 + 2.8 + 2.7 + 2.2 + 1.3 = 11.9 of 61) count as favourable
    assert r["overall"]["mean"] == pytest.approx(11.9 / 61 * 100)
    assert r["overall"]["ci_low"] == r["overall"]["ci_high"] == r["overall"]["mean"]     # identical panel: no spread
    assert r["indicators"][0]["counts"] == {"1": 10, "2": 0, "3": 0, "4": 0, "5": 0}
    assert r["consensus_share"] == 1.0


def test_not_applicable_hands_its_weight_to_the_siblings(kg):
    g = system(kg, "gib")
    base = [3.0] * 19
    expert = list(base)
    expert[0:5] = [5.0, None, None, None, None]          # only renewable energy applies, scored 5
    r = aggregate(g, _sheets(g, {"a": expert, "b": base, "c": base}))
    a = next(p for p in r["per_expert"] if p["expert"] == "a")
    assert a["groups"]["1"] == 100.0 and a["groups"]["2"] == 50.0
    tech = r["indicators"][1]
    assert tech["n"] == 2 and tech["na"] == 1
    # overall: equal top-level weights, so (100 + 50 + 50 + risk 50) / 4
    assert a["score"] == pytest.approx(62.5)


def test_an_outlier_is_flagged_and_still_counted(kg):
    y = system(kg, "yeda")
    rng = np.random.default_rng(3)
    panel = {f"e{i}": list(np.clip(4 + rng.integers(-1, 1, 20), 1, 5).astype(float)) for i in range(9)}
    contrarian = [1.0 if ind.direction == "higher" else 5.0 for ind in y.leaves()]
    panel["zz"] = contrarian
    r = aggregate(y, _sheets(y, panel))
    flagged = [p for p in r["per_expert"] if p["outlier"]]
    assert [p["expert"] for p in flagged] == ["zz"] and "below the panel median" in flagged[0]["reasons"][0]
    assert r["experts"] == 10 and r["overall"]["min"] == pytest.approx(0.0)


def test_bootstrap_interval_is_reproducible_and_brackets_the_mean(kg):
    y = system(kg, "yeda")
    rng = np.random.default_rng(11)
    panel = _sheets(y, {f"e{i}": list(rng.integers(2, 6, 20).astype(float)) for i in range(10)})
    a, b, c = aggregate(y, panel, seed=5), aggregate(y, panel, seed=5), aggregate(y, panel, seed=6)
    assert a["overall"]["ci_low"] == b["overall"]["ci_low"] and a["overall"]["ci_high"] == b["overall"]["ci_high"]
    assert c["overall"]["ci_low"] != a["overall"]["ci_low"]
    assert a["overall"]["ci_low"] < a["overall"]["mean"] < a["overall"]["ci_high"]
    assert "BCa" in a["overall"]["ci_method"]
    w = a["agreement"]["kendall"]
    assert 0 <= w["w"] <= 1 and w["df"] == 19 and a["agreement"]["icc"]["icc_a1"] is not None


@pytest.mark.parametrize("level,outcome", [(5.0, "transfer"), (3.0, "patent"), (2.0, "decline")])
def test_yeda_decision_thresholds(kg, level, outcome):
    y = system(kg, "yeda")
    favourable = [level if ind.direction == "higher" else 6 - level for ind in y.leaves()]
    panel = {f"e{i}": list(favourable) for i in range(10)}
    panel["e0"] = [min(5.0, v + (1 if j % 2 else 0)) for j, v in enumerate(favourable)]   # a little spread
    r = aggregate(y, _sheets(y, panel))
    d = decide(y, r)
    assert d["outcome"] == outcome
    assert d["rules"][-1]["outcome"] == outcome and d["rules"][-1]["holds"]


def test_decision_shows_when_the_interval_could_change_it(kg):
    y = system(kg, "yeda")
    fav5 = [5.0 if i.direction == "higher" else 1.0 for i in y.leaves()]      # 100 on the 0-100 scale
    fav3 = [3.0] * 20                                                           # 50
    panel = {**{f"a{i}": fav5 for i in range(4)}, **{f"b{i}": fav3 for i in range(6)}}
    r = aggregate(y, _sheets(y, panel))
    d = decide(y, r)
    assert r["overall"]["mean"] == pytest.approx(70.0) and r["overall"]["ci_low"] < 60
    assert d["outcome"] == "patent"         # the mean reaches 70, but a divided panel's lower bound is below 60
    transfer = d["rules"][0]
    assert transfer["outcome"] == "transfer" and not transfer["holds"]
    assert [c["holds"] for c in transfer["conditions"]] == [True, False]
    assert d["stable"] and d["at_ci_low"] == d["at_ci_high"] == "patent"


def test_decision_reports_when_the_interval_crosses_a_threshold(kg):
    y = system(kg, "yeda")

    def level(v: float) -> list[float]:
        return [v if i.direction == "higher" else 6 - v for i in y.leaves()]
    panel = {**{f"a{i}": level(4.0) for i in range(5)}, **{f"b{i}": level(2.0) for i in range(4)}, "c": level(3.0)}
    r = aggregate(y, _sheets(y, panel))
    d = decide(y, r)
    assert r["overall"]["mean"] == pytest.approx(52.5) and r["overall"]["ci_low"] < 50
    assert d["outcome"] == "patent" and d["at_ci_low"] == "decline" and d["stable"] is False


def test_group_rules_need_the_green_heading(kg):
    g = system(kg, "gib")
    # strong on everything but green: GIB's double standard declines it
    row = []
    for t in g.tops():
        for c in t.children:
            ind = g.indicators[c]
            good = 1.0 if t.notation == "2" else 5.0
            row.append(good if ind.direction == "higher" else 6 - good)
    r = aggregate(g, _sheets(g, {"a": row, "b": row, "c": row}))
    assert r["overall"]["mean"] == pytest.approx(75.0)
    assert decide(g, r)["outcome"] == "decline"

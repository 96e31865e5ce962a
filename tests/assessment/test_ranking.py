"""Ranking assessed achievements: ties, the rank range intervals allow, and selection by route or category."""
from __future__ import annotations

import pytest

from greentaxo.assessment.ranking import Entry, rank, within
from greentaxo.errors import InputError


def _e(i: str, score: float, half: float, route: str = "https://w3id.org/greentaxo/route/R0312", system: str = "yeda"):
    return Entry(i, f"achievement {i}", system, score, score - half, score + half, routes=(route,))


def test_ties_share_a_rank_and_overlaps_widen_the_range():
    ranked = rank([_e("c", 50.0, 3), _e("a", 70.0, 5), _e("b", 70.04, 2), _e("d", 20.0, 1)])
    assert [(r["id"], r["rank"], r["tied"]) for r in ranked] == [("a", 1, True), ("b", 1, True), ("c", 3, False),
                                                                  ("d", 4, False)]
    assert [r["rank_range"] for r in ranked] == [[1, 2], [1, 2], [3, 3], [4, 4]]
    assert ranked[0]["overlaps_next"] and not ranked[1]["overlaps_next"]


def test_one_wide_interval_spans_every_rank():
    ranked = rank([_e("x", 60.0, 40), _e("y", 80.0, 1), _e("z", 40.0, 1)])
    assert {r["id"]: r["rank_range"] for r in ranked} == {"y": [1, 2], "x": [1, 3], "z": [2, 3]}


def test_scores_of_different_systems_are_not_ranked_together():
    with pytest.raises(InputError, match="use gib, yeda; scores of different indicator systems are not comparable"):
        rank([_e("a", 60, 1), _e("b", 50, 1, system="gib")])


def test_within_a_route_group_and_a_catalogue_category(kg):
    vrfb, pv = "https://w3id.org/greentaxo/route/R0312", "https://w3id.org/greentaxo/route/R0211"
    entries = [_e("a", 60, 1, vrfb), _e("b", 50, 1, pv)]
    assert [e.id for e in within(kg, entries, route="01.10")] == ["a"]              # storage holds the flow battery
    assert [e.id for e in within(kg, entries, category="gfspc2025:4.2.2")] == ["b"]  # solar facilities
    with pytest.raises(InputError, match="either a route or a category"):
        within(kg, entries, route="01.10", category="gfspc2025:4.2.2")

"""Applicability of routes to a scenario's site (greentaxo.packages.applicability) on the bundled data:
sectors match up and down the GB/T 4754 hierarchy, plant types match narrower plant types, the
nearest statement up the route hierarchy wins, and scenario exclusions carry their reason."""
from __future__ import annotations

import pytest

from greentaxo.namespaces import GTR
from greentaxo.packages.applicability import applicability
from greentaxo.packages.scenarios import scenarios_from_graph


def _judge(kg, route: str, scenario: str):
    app = applicability(kg)
    return app.judge(GTR + route, app.site(scenarios_from_graph(kg).get(scenario)))


CASES = [
    # route, scenario, applicable?, words in the reason (or in the note when applicable)
    ("R0888", "S002", True, "3110"),        # limited to 31 (ferrous metals); the steelworks is in 3110
    ("R0418", "S003", False, "3012"),       # the leaf's own limit (lime) wins over its group's (30)
    ("R0412", "S003", True, "3011"),
    ("R0692", "S010", True, "6450"),        # limited through its group R0690
    ("R0692", "S003", False, "stated on R0690"),
    ("R0771", "S012", True, "P013"),        # existing building; the site is an existing public building
    ("R0212", "S012", False, "building"),   # utility PV is not a building-scale route
    ("R0107", "S001", True, "P001"),
    ("R0132", "S001", False, "P002"),       # gas turbines at a coal plant
    ("R0360", "S001", False, "4411"),       # fossil hydrogen with capture: a hydrogen plant, not a power plant
    ("R0511", "S001", False, "ambient air"),  # ruled out by the scenario, with its reason
    ("R0502", "S001", None, ""),            # not limited at all
]


@pytest.mark.parametrize("route,scenario,ok,words", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_judge(kg, route, scenario, ok, words):
    why_not, note = _judge(kg, route, scenario)
    if ok is None:
        assert why_not is None and note is None
    elif ok:
        assert why_not is None and words in note
    else:
        assert why_not and words in why_not


def test_site_of_a_scenario(kg):
    app = applicability(kg)
    site = app.site(scenarios_from_graph(kg).get("S012"))
    assert site.scale == "building" and site.trl_floor == 7
    assert {p.rsplit("/", 1)[-1] for p in site.within} == {"P013", "P014"}
    d = app.describe(app.site(scenarios_from_graph(kg).get("S001")))
    assert [c["code"] for c in d["sectors"]] == ["4411", "4412"]
    assert {e["route"].rsplit("/", 1)[-1] for e in d["exclusions"]} == {"R0102", "R0103", "R0104", "R0511"}

"""Packages an engineer would sign (issue 16 item 6), checked on the bundled scenarios.

Packages are judged by tests/packages/package_check.py, which reads the graph on its own (every
scenario's best and alternatives: tests/packages/test_bundle.py); the
check itself is shown to reject packages with an uncovered function, an inapplicable route and a
route below the floor. The knock-out test removes each member of each best package in turn, so the
solver has to fall back to its next candidates: that is where inapplicable routes used to slip in
(fossil hydrogen with capture or ECBM at a coal plant).
"""
from __future__ import annotations

import pytest

from greentaxo.namespaces import GTR, GTX
from greentaxo.packages.scenarios import scenarios_from_graph
from greentaxo.packages.service import assemble
from tests.packages.package_check import package_faults


def _ids(result, n: int = 0) -> set[str]:
    return {m.route.id for m in result.packages[n].members}


def _best(kg, scenario: str, **kw):
    result, _ = assemble(kg, scenario, k=0, **kw)
    assert result.ok, (scenario, result.infeasible)
    return result


def test_knocking_out_any_member_never_lets_an_unsound_package_through(kg):
    """Each member of each best package excluded in turn: the next package is sound, or there is none."""
    checked = 0
    for s in scenarios_from_graph(kg).all():
        base = _best(kg, s.iri)
        for m in base.packages[0].members:
            result, _ = assemble(kg, s.iri, k=0, exclude=[m.route.iri])
            if not result.ok:
                assert result.infeasible.detail
                continue
            assert m.route.iri not in result.packages[0].iris
            assert not package_faults(kg, s.iri, result.packages[0].iris), (s.id, m.route.id)
            checked += 1
    assert checked > 80


def test_the_check_rejects_what_it_should(kg):
    coal = GTX + "S001"
    good = _best(kg, coal).packages[0].iris
    assert not package_faults(kg, coal, good)
    without_scr = good - {GTR + "R0804"}
    assert any("F064" in f for f in package_faults(kg, coal, without_scr))
    assert any("not applicable" in f for f in package_faults(kg, coal, good | {GTR + "R0360"}))
    assert any("ruled out" in f for f in package_faults(kg, coal, good | {GTR + "R0511"}))
    assert any("below the floor" in f for f in package_faults(kg, coal, good | {GTR + "R0522"}))
    assert any("requires" in f or "needs" in f for f in package_faults(kg, coal, good - {GTR + "R0533"}))


def test_flue_gas_functions_are_a_set_not_a_choice(kg):
    """SO2, NOx and dust are three functions: the coal plant gets a desulphuriser, an SCR and a dust filter."""
    ids = _ids(_best(kg, "S001"))
    assert {"R0802", "R0804"} <= ids
    assert ids & {"R0806", "R0807"}
    # an incinerator needs all three as well
    msw = _ids(_best(kg, "S008"))
    assert "R0853" in msw and msw & {"R0802", "R0803"} and msw & {"R0804", "R0805"} and msw & {"R0806", "R0807"}


def test_coal_plant_under_pressure_stays_applicable(kg):
    """The issue's cases: with post-combustion capture excluded the solver used to take pre-combustion
    capture or fossil hydrogen with capture, and with the usual storage excluded, ECBM at TRL 4-6."""
    result = _best(kg, "S001", exclude=["R0502"])
    ids = _ids(result)
    assert not ids & {"R0360", "R0507", "R0511", "R0512"}
    rejected = {r["id"]: r["why_not"] for m in result.packages[0].members for r in m.rejected}
    result = _best(kg, "S001", exclude=["R0531", "R0532"])
    assert "R0522" not in _ids(result) and "R0521" in _ids(result)
    # the reasons are in the explanation
    result, _ = assemble(kg, "S001", k=0, exclude=["R0502", "R0506", "R0508", "R0503", "R0504"])
    assert not result.ok and result.infeasible.function == GTX + "F014"
    assert "not-applicable" in result.infeasible.detail and "trl-floor" in result.infeasible.detail
    assert rejected  # rivals were explained


def test_inapplicable_routes_are_explained_and_cannot_be_forced(kg):
    from greentaxo.packages.output import result_to_dict

    result = _best(kg, "S003")
    gone = {g["id"]: g for g in result.ruled_out[GTX + "F069"]}
    assert gone["R0418"]["stage"] == "not-applicable" and "3012" in gone["R0418"]["why"]   # lime kilns: lime plants
    assert gone["R0415"]["stage"] == "trl-floor"                                               # electric calcination
    whys = [r["why_not"] for m in result.packages[0].members for r in m.rejected]
    assert any(w.startswith("removed by not-applicable") for w in whys)
    d = result_to_dict(result)
    assert d["ruled_out"]["gtx:F069"]
    assert d["problem"]["site"]["sectors"] == [{"code": "3011", "label": "水泥制造"}]
    assert d["problem"]["not_applicable"] > 100 and d["constraints"]["trl_floor"] == 7
    forced, _ = assemble(kg, "S001", k=0, include=["R0360"])
    assert not forced.ok and forced.infeasible.constraint == "not-applicable"
    assert "cannot be used at this site" in forced.infeasible.detail


def test_min_trl_overrides_the_floor_both_ways(kg):
    low = _best(kg, "S001", min_trl=4, exclude=["R0531", "R0532", "R0521"])
    assert "R0522" in _ids(low)                     # ECBM (TRL 4-6) once the user lowers the minimum
    assert not package_faults(kg, GTX + "S001", low.packages[0].iris, min_trl=4)
    high = _best(kg, "S001", min_trl=9)
    assert all(m.route.maturity >= 9 for m in high.packages[0].members)


REFERENCE = {
    # scenario: (routes the best package must contain, routes it must not contain)
    "S001": ({"R0107", "R0502", "R0516", "R0533", "R0802", "R0804"}, {"R0132", "R0133", "R0360", "R0511"}),
    "S002": ({"R0642", "R0643", "R0403", "R0502", "R0808", "R0888"}, {"R0405", "R0401", "R0402"}),
    "S003": ({"R0411", "R0413", "R0644", "R0806"}, {"R0418", "R0655", "R0632"}),
    "S004": ({"R0354", "R0833"}, {"R0360", "R0358"}),
    "S008": ({"R0852", "R0853", "R0855", "R0915", "R1076"}, {"R0854"}),
    "S010": ({"R0694"}, {"R0695", "R0139"}),
    "S012": ({"R0771", "R0772", "R0702"}, {"R0722", "R0751", "R0773"}),
    "S017": ({"R0213", "R0310", "R0328", "R0329"}, {"R0316", "R0322", "R0352"}),
}


@pytest.mark.parametrize("scenario", sorted(REFERENCE))
def test_reference_designs(kg, scenario):
    must, never = REFERENCE[scenario]
    ids = _ids(_best(kg, scenario))
    assert must <= ids, (scenario, must - ids)
    assert not never & ids, (scenario, never & ids)


def test_electrolysis_brings_its_low_carbon_power(kg):
    ids = _ids(_best(kg, "S004"))
    assert "R0354" in ids and ids & {"R0212", "R0213", "R1092", "R0232"}


def test_sintering_is_no_longer_low_carbon_reduction(kg):
    route = kg.taxonomy.concept("R0405")
    assert GTX + "F021" not in route.functions

"""Packages for the bundled scenarios: every scenario is solvable, and every package is checked
against the graph itself (functions, requires, conflicts), not against the assembler's own model."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from greentaxo.namespaces import GTX
from greentaxo.packages.output import result_to_dict, to_turtle
from greentaxo.packages.pool import leaves_under
from greentaxo.packages.scenarios import scenarios_from_graph
from greentaxo.packages.service import assemble
from tests.packages.package_check import package_faults
from tests.support import run_cli


def _scenarios(kg):
    return scenarios_from_graph(kg).all()


def test_at_least_20_scenarios_across_all_domains(kg):
    scen = _scenarios(kg)
    assert len(scen) >= 20
    domains = {s.subject for s in scen}
    assert domains == {c.iri for c in kg.taxonomy.top_concepts()}
    for s in scen:
        assert s.pref.get("zh") and s.pref.get("en") and s.definition.get("zh") and s.definition.get("en")
        assert s.required and not set(s.required) & set(s.optional)
        for r in s.related:
            assert leaves_under(kg, r), f"{s.id}: {r} is not a live route"


def test_every_scenario_yields_a_valid_package(kg):
    """Every bundled scenario, including ones added later, gets packages the independent check accepts
    (tests/packages/package_check.py), and alternatives never contain an earlier package."""
    for scenario in _scenarios(kg):
        result, _ = assemble(kg, scenario.iri, k=2)
        assert result.ok, (scenario.id, result.infeasible)
        seen = []
        for p in result.packages:
            assert not package_faults(kg, scenario.iri, p.iris), (scenario.id, package_faults(kg, scenario.iri, p.iris))
            assert not any(prev <= p.iris for prev in seen), f"{scenario.id}: an alternative contains an earlier package"
            seen.append(p.iris)
        costs = [p.cost for p in result.packages]
        assert costs == sorted(costs), scenario.id


def test_coal_plant_package_is_engineering_sense(kg):
    result, _ = assemble(kg, "gtx:S001", k=0)
    ids = {m.route.id for m in result.packages[0].members}
    assert "R0516" in ids                      # storage and capture need CO2 transport
    assert ids & {"R0531", "R0532"}            # a storage site, not only its monitoring
    assert not {"R0502", "R0506"} <= ids       # the two capture routes for one boiler conflict


def test_min_trl_excludes_immature_routes(kg):
    result, _ = assemble(kg, "S006", min_trl=9, k=1)
    for p in result.packages:
        assert all(m.route.maturity >= 9 for m in p.members)


def test_exclude_group_and_include(kg):
    result, _ = assemble(kg, "S001", exclude=["03.01.05"], include=["gtr:R0506"], k=0)
    ids = {m.route.id for m in result.packages[0].members}
    assert "R0506" in ids and "R0502" not in ids              # included, and its conflicting rival gone
    assert not ids & {"R0531", "R0532", "R0533"}               # the whole storage group excluded
    assert "R0521" in ids                                       # storage through CO2-EOR instead


def test_eligible_under_keeps_only_mapped_routes(kg):
    result, _ = assemble(kg, "S012", eligible_under="gfspc2025", k=0)
    d = result_to_dict(result, kg)
    assert result.ok
    summary = d["packages"][0]["eligibility"]["gfspc2025"]
    assert summary["members_with_category"] == summary["members"]
    for m in result.packages[0].members:
        assert any(r.scheme == "gfspc2025" and r.is_match for r in kg.mappings.for_route(m.route.iri))


def test_infeasible_names_function_and_constraint(kg):
    result, _ = assemble(kg, "S015", exclude=["R0516", "R0518"], min_trl=9, k=0)
    assert not result.ok
    assert result.infeasible.function == GTX + "F015"
    assert result.infeasible.constraint == "min-trl"
    assert "R0517" in result.infeasible.detail


def test_free_text_is_matched_to_a_scenario(kg):
    result, matches = assemble(kg, text="水泥厂降碳", k=0)
    assert matches[0].scenario.id == "S003" and result.problem.scenario.endswith("S003")
    result, matches = assemble(kg, "our steel mill needs to cut CO2", k=0)
    assert matches[0].scenario.id == "S002"


def test_functions_instead_of_a_scenario(kg):
    result, _ = assemble(kg, functions=["F014", "gtx:F015"], k=0)
    assert result.ok and result.problem.scenario is None
    covered = {f for m in result.packages[0].members for f in m.route.functions}
    assert {GTX + "F014", GTX + "F015"} <= covered


def test_json_and_rdf_outputs(kg):
    from rdflib import Graph, Namespace, URIRef

    result, _ = assemble(kg, "S008", k=1)
    d = json.loads(json.dumps(result_to_dict(result, kg)))
    p = d["packages"][0]
    assert p["members"] and all(m["why"] and "covers" in m for m in p["members"])
    assert p["industry_codes"] and set(p["eligibility"]) == {"gfspc2025", "gigc2019", "eutaxonomy"}
    gt = Namespace("https://w3id.org/greentaxo/def#")
    g = Graph().parse(data=to_turtle(result), format="turtle")
    pkgs = list(g.subjects(predicate=None, object=gt.SolutionPackage))
    assert len(pkgs) == 2
    for node in pkgs:
        assert (node, gt.forScenario, URIRef(GTX + "S008")) in g
    members = {str(o) for o in g.objects(URIRef(p["id"]), gt.hasMember)}
    assert members == {m["route"] for m in p["members"]}


def test_cli_package_exit_codes():
    ok = run_cli("package", "S003", "--k", "1")
    assert ok.returncode == 0 and "package 1" in ok.stdout and "package 2" in ok.stdout
    js = run_cli("package", "gtx:S010", "--format", "json", "--k", "0")
    assert js.returncode == 0 and json.loads(js.stdout)["feasible"] is True
    bad = run_cli("package", "S015", "--exclude", "R0516,R0518", "--min-trl", "9")
    assert bad.returncode == 1 and "F015" in bad.stdout and "min-trl" in bad.stdout
    unknown = run_cli("package", "S999")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr and "S999" in unknown.stderr
    badtrl = run_cli("package", "S001", "--min-trl", "12")
    assert badtrl.returncode == 2 and "min_trl" in badtrl.stderr


@pytest.fixture(scope="module")
def client():
    from greentaxo.api.main import app

    with TestClient(app) as c:
        yield c


def test_api_packages(client):
    r = client.post("/packages", json={"scenario": "S003", "k": 1})
    assert r.status_code == 200 and r.json()["feasible"] and len(r.json()["packages"]) == 2
    r = client.post("/packages", json={"scenario": "S015", "exclude": ["R0516", "R0518"], "min_trl": 9})
    assert r.status_code == 200 and r.json()["feasible"] is False
    assert r.json()["infeasible"]["constraint"] == "min-trl"
    r = client.post("/packages", json={"scenario": "S999"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    r = client.post("/packages", json={"scenario": "S001", "text": "coal"})
    assert r.status_code == 422
    r = client.post("/packages", json={"scenario": "S001", "k": 0, "format": "turtle"})
    assert r.status_code == 200 and "gt:SolutionPackage" in r.text


def test_abatement_weight_lowers_the_abatement_penalty(kg):
    from greentaxo.packages.service import weights_from

    def total(result):
        return sum(m.route.attributes["abatement"] for m in result.packages[0].members)

    for sid in ("S001", "S010", "S012", "S017"):
        base, _ = assemble(kg, sid, k=0)
        heavy, _ = assemble(kg, sid, k=0, weights=weights_from(["abatement=5"]))
        assert total(heavy) <= total(base)       # a larger weight never buys a worse attribute total
    heavy, _ = assemble(kg, "S017", k=0, weights=weights_from({"abatement": 5}))
    why = {r["id"]: r["why_not"] for m in heavy.packages[0].members for r in m.rejected}
    # ice/chilled-water storage lies inside a 2025 category marked "√" (some carbon reduction), not "√√": half a penalty
    assert "worse on abatement (penalty 0.5 vs 0)" in why["R0326"]


@pytest.mark.parametrize("pairs,words", [
    (["maturity"], "NAME=NUMBER"), (["maturity=x"], "NAME=NUMBER"), ({"bogus": 1}, "unknown weight"),
    ({"fit": -1}, "from 0 to 100"),
])
def test_bad_weights(pairs, words):
    from greentaxo.errors import InputError
    from greentaxo.packages.service import weights_from

    with pytest.raises(InputError, match=words):
        weights_from(pairs)

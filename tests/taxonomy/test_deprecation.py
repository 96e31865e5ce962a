"""Deprecate, never delete: following dct:isReplacedBy in the library, `greentaxo show` and the API."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import greentaxo
from greentaxo.api.main import app
from greentaxo.namespaces import GTR
from greentaxo.taxonomy import Concept, ReplacementCycle, Taxonomy
from tests.support.deprecation import copy_sources, deprecate

R = lambda n: GTR + n  # noqa: E731


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return deprecate(copy_sources(tmp_path_factory.mktemp("deprecation") / "root"))


@pytest.fixture(scope="module")
def kg(root):
    return greentaxo.load(str(root))


@pytest.fixture(scope="module")
def client(kg):
    with TestClient(app) as c:
        served = app.state.kg
        app.state.kg = kg            # serve the copy with deprecations instead of the bundle
        yield c
        app.state.kg = served


# -- library
def test_chain_is_followed_to_the_live_successor(kg):
    s = kg.taxonomy.succession("gtr:R0104")
    assert [c.iri for c in s.chain] == [R("R0104"), R("R0105"), R("R0102")]
    assert s.successor.iri == R("R0102") and kg.taxonomy.successor("01.01.01.03").iri == R("R0102")


def test_live_concept_is_its_own_successor_and_has_no_deprecation(kg):
    assert kg.taxonomy.successor("gtr:R0102").iri == R("R0102")
    assert kg.taxonomy.deprecation("gtr:R0102") is None and kg.taxonomy.deprecation("no-such-route") is None


def test_split_and_dead_end_have_no_single_successor(kg):
    split = kg.taxonomy.succession("gtr:R0107")
    assert split.successor is None and {c.iri for c in split.live} == {R("R0102"), R("R0103")}
    end = kg.taxonomy.deprecation("gtr:R0108")
    assert end["deprecated"] and end["successor"] is None and end["liveReplacements"] == []


def _concept(n: str, *, to: list[str] | None = None) -> Concept:
    return Concept(R(n), notation=n, deprecated=to is not None, replaced_by=[R(x) for x in to or []])


def test_cycle_is_detected_and_named():
    tax = Taxonomy({c.iri: c for c in (_concept("A", to=["B"]), _concept("B", to=["C"]), _concept("C", to=["A"]))})
    with pytest.raises(ReplacementCycle, match=r"gtr:A -> gtr:B -> gtr:C -> gtr:A"):
        tax.succession("gtr:A")
    assert "cycle" in tax.deprecation("gtr:B")["error"]


def test_diamond_is_not_a_cycle():
    tax = Taxonomy({c.iri: c for c in (_concept("A", to=["B", "C"]), _concept("B", to=["D"]), _concept("C", to=["D"]),
                                       _concept("D"))})
    assert tax.successor("gtr:A").iri == R("D")


def test_replacement_outside_the_scheme_ends_the_branch():
    tax = Taxonomy({c.iri: c for c in (_concept("A", to=["ZZZ"]),)})
    s = tax.succession("gtr:A")
    assert s.successor is None and [c.iri for c in s.chain] == [R("A")]


# -- CLI
def _show(root: Path, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "greentaxo"
    return subprocess.run([str(exe), "show", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "GREENTAXO_HOME": str(root)})


def test_cli_show_names_the_replacement_and_follows_it(root):
    p = _show(root, "gtr:R0104")
    assert p.returncode == 0, p.stderr
    assert "DEPRECATED; replaced by: gtr:R0105" in p.stdout
    assert "replacement chain: gtr:R0104 -> gtr:R0105 -> gtr:R0102" in p.stdout
    assert "use instead: gtr:R0102" in p.stdout
    p = _show(root, "gtr:R0104", "--follow")
    assert p.returncode == 0 and p.stdout.startswith("gtr:R0102 ") and "DEPRECATED" not in p.stdout
    assert "showing its successor gtr:R0102" in p.stderr
    d = json.loads(_show(root, "gtr:R0107", "--format", "json").stdout)
    assert d["deprecated"] and d["succession"]["successor"] is None and len(d["succession"]["liveReplacements"]) == 2
    p = _show(root, "gtr:R0108", "--follow")
    assert p.returncode == 0 and p.stdout.startswith("gtr:R0108 ") and "no live replacement" in p.stderr


# -- API
def test_deprecated_concept_answers_with_successor_link(client):
    r = client.get("/concepts/gtr:R0104")
    assert r.status_code == 200
    body = r.json()
    assert body["deprecated"] is True and body["isReplacedBy"] == [R("R0105")]
    assert body["succession"]["successor"] == R("R0102")
    assert r.headers["link"] == '<http://testserver/concepts/gtr:R0102>; rel="successor-version"'
    assert "link" not in client.get("/concepts/gtr:R0102").headers


def test_follow_redirects_308_keeping_the_query(client):
    r = client.get("/concepts/gtr:R0104", params={"follow": "true"}, follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "http://testserver/concepts/gtr:R0102"
    r = client.get("/concepts/gtr:R0104/mappings", params={"follow": "true", "scheme": "gbt4754"},
                   follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"].endswith("/concepts/gtr:R0102/mappings?scheme=gbt4754")
    assert client.get("/concepts/gtr:R0104", params={"follow": "true"}).json()["id"] == R("R0102")
    # nothing to follow: a split or a dead end answers with the concept itself, never a guess
    split = client.get("/concepts/gtr:R0107", params={"follow": "true"}, follow_redirects=False)
    assert split.status_code == 200 and split.headers["link"].count("successor-version") == 2
    assert client.get("/concepts/gtr:R0108", params={"follow": "true"}, follow_redirects=False).status_code == 200


def test_mappings_crosswalk_and_eligibility_say_deprecated(client):
    rows = client.get("/concepts/gtr:R0104/mappings").json()
    assert rows and all(r["route_deprecated"] and r["route_successor"] == R("R0102") for r in rows)
    assert "route_deprecated" not in client.get("/concepts/gtr:R0102/mappings").json()[0]
    cw = client.get("/crosswalk", params={"from": "gtr:R0104", "to": "gfspc2025"}).json()
    assert cw["deprecation"]["successor"] == R("R0102")
    el = client.post("/eligibility", json={"route": "gtr:R0104"}).json()
    assert el["deprecation"]["successor"] == R("R0102")
    assert any("deprecated" in w and R("R0102") in w for w in el["warnings"])
    live = client.post("/eligibility", json={"route": "gtr:R0102"}).json()
    assert "deprecation" not in live


def test_eligibility_of_a_deprecated_route_names_its_successor_in_library_and_cli(kg, root):
    from greentaxo.eligibility import evaluate

    out = evaluate(kg, route="gtr:R0104")
    assert out["deprecation"]["successor"].endswith("R0102")
    assert any("deprecated; replaced by" in w for w in out["warnings"])
    exe = Path(sys.executable).parent / "greentaxo"
    p = subprocess.run([str(exe), "eligibility", "--route", "gtr:R0104"], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "GREENTAXO_HOME": str(root)})
    assert "deprecated; replaced by" in p.stdout + p.stderr, p.stdout + p.stderr


def test_crosswalk_of_a_deprecated_route_says_so_in_library_and_cli(kg, root):
    from greentaxo.mappings.crosswalk import crosswalk

    res = crosswalk(kg, "gtr:R0104", "gbt4754-2017").to_dict(kg)
    assert res["results"] == [] and res["deprecation"]["successor"].endswith("R0102")
    exe = Path(sys.executable).parent / "greentaxo"
    p = subprocess.run([str(exe), "crosswalk", "gtr:R0104", "--to", "gbt4754-2017"], capture_output=True, text=True,
                       timeout=120, env={**os.environ, "GREENTAXO_HOME": str(root)})
    assert p.returncode == 0 and "is deprecated and maps to nothing; replaced by" in p.stdout, p.stdout + p.stderr

"""The HTTP API over the library: concepts, search, crosswalk, and problem+json errors."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from greentaxo.api.main import app


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as c:
        yield c


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["routes"] >= 300


def test_ready_names_the_worker_and_refuses_while_the_edit_database_is_unreachable(client, monkeypatch):
    body = client.get("/ready").json()
    assert body["status"] == "ready" and body["edits"] == "not configured" and body["instance"]
    monkeypatch.setenv("GREENTAXO_EDITS_URL", "sqlite:////nonexistent-dir/edits.sqlite")
    monkeypatch.setattr(client.app.state, "edits", None, raising=False)        # no store opened by another test
    monkeypatch.setattr(client.app.state, "ready_engine", None, raising=False)
    r = client.get("/ready")
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert r.json()["edits"].startswith("unreachable: ") and "nonexistent" not in r.json()["edits"]


def test_concept_by_curie_and_notation(client, kg):
    leaf = kg.taxonomy.leaves()[0]
    a = client.get(f"/concepts/{leaf.curie}").json()
    b = client.get(f"/concepts/{leaf.notation}").json()
    assert a["id"] == b["id"] == leaf.iri and a["mappings"]


def test_unknown_concept_is_problem_json_404(client):
    r = client.get("/concepts/gtr:R01O1")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "R0101" in r.json()["detail"]


def test_search_and_bad_parameter(client):
    r = client.get("/search", params={"q": "储能", "limit": 3})
    assert r.status_code == 200 and len(r.json()["results"]) == 3
    r = client.get("/search", params={"q": "x", "lang": "fr"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")


def test_crosswalk(client):
    r = client.get("/crosswalk", params={"from": "gbt4754:4416", "to": "gfspc2025"})
    assert r.status_code == 200 and any(t["code"] == "4.2.2" for t in r.json()["results"])
    r = client.get("/crosswalk", params={"from": "gbt4754:44160", "to": "gfspc2025"})
    assert r.status_code == 422


def test_paged_listing_and_relations(client, kg):
    page = client.get("/concepts", params={"offset": 10, "limit": 5}).json()
    assert page["total"] == len(kg.taxonomy.live()) and len(page["items"]) == 5
    leaf = kg.taxonomy.leaves()[3]
    anc = client.get(f"/concepts/{leaf.notation}/ancestors").json()
    assert [a["id"] for a in anc] == [a.iri for a in kg.taxonomy.ancestors(leaf.iri)]
    parent = kg.taxonomy.parents(leaf.iri)[0]
    kids = client.get(f"/concepts/{parent.curie}/narrower").json()
    assert leaf.iri in [k["id"] for k in kids]
    h = client.get(f"/concepts/{leaf.curie}/hierarchy").json()
    assert h["path"][-1]["id"] == leaf.iri and h["path"][0]["notation"] == leaf.notation[:2]


def test_concept_turtle_and_jsonld(client):
    r = client.get("/concepts/01.10.01.03", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle") and "全钒液流电池储能" in r.text
    r = client.get("/concepts/01.10.01.03", headers={"accept": "application/ld+json"})
    assert r.status_code == 200 and "R0312" in r.text


def test_lookup_schemes_codes(client):
    assert client.get("/lookup", params={"label": "vrfb"}).json()[0]["curie"] == "gtr:R0312"
    assert client.get("/lookup", params={"label": "不存在的技术"}).status_code == 404
    assert any(s["scheme"] == "gfspc2025" for s in client.get("/schemes").json())
    code = client.get("/schemes/gbt4754/codes/4416").json()
    assert code["label"] == "太阳能发电" and code["routes"]


def test_sparql_protocol(client):
    q = "SELECT ?c WHERE { ?c a gt:TechnologyRoute } LIMIT 3"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
    r = client.get("/sparql", params={"query": q}, headers={"accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv") and len(r.text.strip().splitlines()) == 4
    r = client.post("/sparql", content="ASK { gtr:R0312 a gt:TechnologyRoute }",
                    headers={"content-type": "application/sparql-query"})
    assert r.json()["boolean"] is True
    r = client.post("/sparql", content="DELETE WHERE { ?s ?p ?o }", headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400
    r = client.get("/sparql", params={"query": "SELEC nonsense"})
    assert r.status_code == 422 and "syntax" in r.json()["detail"]


def test_sparql_result_limit(client, monkeypatch):
    from greentaxo.api import settings

    monkeypatch.setattr(settings.SETTINGS, "sparql_max_results", 5)
    r = client.get("/sparql", params={"query": "SELECT ?c WHERE { ?c a gt:TechnologyRoute }"})
    assert r.status_code == 422 and "LIMIT" in r.json()["detail"]


def test_achievement_validation(client):
    ok = {"title": "钒电池储能", "abstract": "全钒液流电池储能电站。", "trl": 8, "ipc": ["H01M 8/18"], "routes": ["01.10.01.03"]}
    assert client.post("/achievements/validate", json=ok).json()["conforms"] is True
    bad = {"title": "x", "abstract": "", "trl": 12, "ipc": ["H01M-bad"], "routes": ["gtr:R9999"]}
    r = client.post("/achievements/validate", json=bad)
    assert r.status_code == 422
    fields = {p["field"] for p in r.json()["problems"]}
    assert fields == {"abstract", "trl", "ipc", "routes"}
    ttl = ('@prefix gt: <https://w3id.org/greentaxo/def#> . @prefix dct: <http://purl.org/dc/terms/> .'
           ' <urn:a> a gt:Achievement ; dct:title "t" .')
    r = client.post("/achievements/validate", content=ttl, headers={"content-type": "text/turtle"})
    assert r.status_code == 422 and {p["field"] for p in r.json()["problems"]} == {"abstract"}
    r = client.post("/achievements/validate", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["detail"]


def test_body_too_large(client):
    from greentaxo.api.settings import SETTINGS

    r = client.post("/achievements/validate", content=b"x" * (SETTINGS.max_body_bytes + 1),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"].startswith("application/problem+json")


def test_export_changes_version(client):
    r = client.get("/export", params={"format": "csv"})
    assert r.status_code == 200 and r.text.count("\n") > 700
    r = client.get("/export", params={"format": "ttl"})
    assert "gtr:R0312" in r.text or "route/R0312" in r.text
    ch = client.get("/changes", params={"since": "2026-01-01"}).json()
    assert len(ch["new"]) + len(ch["deprecated"]) >= 700 and ch["deprecated"]      # merged and moved routes
    assert client.get("/changes", params={"since": "2099-01-01"}).json()["new"] == []
    assert client.get("/changes", params={"since": "yesterday"}).status_code == 422
    v = client.get("/version").json()
    assert v["package"] and v["taxonomy"]


def test_changes_since_release(client):
    ch = client.get("/changes", params={"since": "0.1.0"}).json()
    assert len(ch["new"]) + len(ch["deprecated"]) >= 700
    r = client.get("/changes", params={"since": "0.0.9"})
    assert r.status_code == 422 and "0.1.0" in r.json()["detail"]


def test_a_route_moved_to_the_facet_scheme_points_there(client):
    """R0703 (合同能源管理) is a business model now: the route answers deprecated with movedTo and a Link to
    /facets/gtf:F0015, which lists its routes and carries the mapping rows the route had."""
    r = client.get("/concepts/gtr:R0703")
    assert r.status_code == 200 and r.json()["succession"]["movedTo"][0]["curie"] == "gtf:F0015"
    assert r.headers["link"].endswith('/facets/gtf:F0015>; rel="successor-version"')
    f = client.get("/facets/gtf:F0015").json()
    assert f["kind"] == "business model" and f["involvesRoute"] and f["mappings"]
    assert client.get("/facets").json()["total"] >= 40
    assert client.get("/facets/gtf:F9999").status_code == 404


def test_a_runaway_sparql_query_is_a_503_saying_when_to_retry_and_the_next_query_answers(client, monkeypatch):
    """The query is stopped at the timeout (its worker process killed: tests/api/test_sparql_workers.py), so the
    slot serves the next query at once instead of staying busy for minutes."""
    from greentaxo.api.settings import SETTINGS

    monkeypatch.setattr(SETTINGS, "sparql_timeout", 1.0)
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
    assert r.headers["content-type"].startswith("application/problem+json") and "stopped" in r.json()["detail"]
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert client.get("/health").json()["sparql"]["stopped_at_timeout"] >= 1


def test_overlapping_lifespans_of_the_app_each_close_their_own_query_pool():
    """Test clients of one app overlap (a session fixture and a module's): the inner one's shutdown closes its
    own SPARQL pool and gives the outer one back its pool, and the outer one then shuts down cleanly (it had
    deleted the outer's pool: AttributeError at the outer's shutdown)."""
    ask = {"query": "ASK { ?s ?p ?o }"}
    with TestClient(app) as outer:
        pool = app.state.sparql
        with TestClient(app) as inner:
            assert app.state.sparql is not pool and inner.get("/sparql", params=ask).status_code == 200
        assert app.state.sparql is pool and outer.get("/sparql", params=ask).status_code == 200

"""Facet concepts (project types, services, market mechanisms, business models: issue 16) in the web interface:
their page at the IRI's path by content negotiation, the list, the link from a retired route to the facet it
moved to, and the key performance indicators on a route page. Expectations come from the graph, not the page."""
from __future__ import annotations

import re

import pytest
import rdflib
from fastapi.testclient import TestClient

from greentaxo.api.main import app
from greentaxo.namespaces import GT, GTF, SKOS
from greentaxo.web.i18n import MESSAGES

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Accept-Language": "en"}


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def kg(client):
    return client.app.state.kg


def _retired_into(kg, iri: str) -> list[str]:
    return sorted(c.iri for c in kg.taxonomy.concepts.values() if iri in c.replaced_by)


def test_facet_page_shows_kind_definition_routes_mappings_and_the_routes_it_replaces(client, kg):
    f = kg.facets[GTF + "F0015"]
    retired = _retired_into(kg, f.iri)
    rows = kg.mappings.for_route(f.iri)
    assert f.routes and retired and rows, "F0015 should involve routes, replace a retired route and have mappings"
    r = client.get("/facet/F0015", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert f.pref["en"] in r.text and f.definition["en"] in r.text
    assert 'data-kind="business model"' in r.text and MESSAGES["facet.kind.business_model"][1] in r.text
    involved = re.search(r"<ul class=\"plain\" data-involves>(.*?)</ul>", r.text, re.S).group(1)
    assert set(re.findall(r'href="/route/(R\d+)"', involved)) == {i.rsplit("/", 1)[-1] for i in f.routes}
    replaced = re.search(r"<ul class=\"plain\" data-replaces>(.*?)</ul>", r.text, re.S).group(1)
    assert sorted(re.findall(r'href="/route/(R\d+)"', replaced)) == [i.rsplit("/", 1)[-1] for i in retired]
    for row in rows:           # every mapping row, under its scheme
        assert row.no_term or f'href="/code/{row.scheme}/' in r.text
    # the same path in the other language, and the CURIE as the reference
    assert client.get("/facet/gtf:F0015", headers={**HTML, "Accept-Language": "zh"}).text.count(f.pref["zh"]) >= 1


def test_facet_as_turtle_and_json(client, kg):
    f = kg.facets[GTF + "F0015"]
    ttl = client.get("/facet/F0015", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=ttl.text, format="turtle")
    node = rdflib.URIRef(f.iri)
    assert (node, rdflib.URIRef(SKOS + "prefLabel"), rdflib.Literal(f.pref["zh"], lang="zh")) in g
    assert {str(o) for o in g.objects(node, rdflib.URIRef(GT + "involvesRoute"))} == set(f.routes)
    data = client.get("/facet/F0015").json()
    assert data["kind"] == "business model" and data["replaces"] == _retired_into(kg, f.iri)
    assert len(data["mappings"]) == len(kg.mappings.for_route(f.iri))


def test_unknown_facet_is_a_404_page_for_browsers_and_a_problem_for_clients(client):
    page = client.get("/facet/F9999", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html") and "/facets" in page.text
    api = client.get("/facet/F9999")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/problem+json")


def test_a_retired_route_links_to_the_facet_it_moved_to(client, kg):
    moved = sorted((c for c in kg.taxonomy.concepts.values()
                    if c.deprecated and any(i.startswith(GTF) for i in c.replaced_by)), key=lambda c: c.iri)
    assert moved, "the graph has no route retired into the facet scheme"
    for c in moved[:5]:
        r = client.get(f"/route/{c.iri.rsplit('/', 1)[-1]}", headers=HTML)
        assert r.status_code == 200 and MESSAGES["concept.moved"][1] in r.text
        targets = set(re.findall(r'<a href="/facet/(F\d+)" data-moved-to>', r.text))
        assert targets == {i.rsplit("/", 1)[-1] for i in c.replaced_by if i.startswith(GTF)}


def test_facet_list_for_browsers_and_json_for_clients(client, kg):
    page = client.get("/facets", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert len(set(re.findall(r'href="/facet/(F\d+)"', page.text))) == len(kg.facets)
    assert client.get("/facets").json()["total"] == len(kg.facets)


def test_one_facet_under_the_api_path_is_its_page_for_browsers_and_json_for_clients(client, kg):
    f = sorted(kg.facets.values(), key=lambda f: f.notation)[0]
    page = client.get(f"/facets/{f.curie}", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f.pref["en"] in page.text
    data = client.get(f"/facets/{f.curie}")
    assert data.status_code == 200 and data.json()["id"] == f.iri
    # a full IRI (slashes) stays with the API, which answers JSON
    assert client.get(f"/facets/{f.iri}", headers=HTML).status_code in (200, 404)


@pytest.mark.parametrize("route", ["R0312", "R0691"])     # flow-battery storage; data-centre PUE
def test_route_page_shows_its_key_performance_indicators(client, kg, route):
    kpis = kg.kpis.get(kg.taxonomy.concept(route).iri, [])
    assert kpis, f"{route} has no key performance indicators in the graph"
    r = client.get(f"/route/{route}", headers=HTML)
    table = re.search(r'<table class="kpis">(.*?)</table>', r.text, re.S).group(1)
    assert len(re.findall(r"<tr>", table)) == len(kpis) + 1            # a row each, under the header
    for k in kpis:
        assert k.label["en"] in table
        for th in k.thresholds:
            assert all(f'href="/code/{s.split("/code/")[1]}"' in table for s in th.set_by if "/code/" in s)

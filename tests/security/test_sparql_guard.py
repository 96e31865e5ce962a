"""The SERVICE pre-check (greentaxo.security.sparql): found in every form, never in strings, IRIs, comments,
prefixed names or variables; agrees with the construction of generated queries and with rdflib's full parser;
the allow-list lets through exactly the endpoints it names."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from greentaxo.namespaces import PREFIXES
from greentaxo.security.sparql import FederationRefused, refuse_federation, services
from tests.security.sparql_grammar import query

EP = "http://127.0.0.1:9/sparql"

FOUND = [
    (f"SELECT * WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}", EP),
    (f"select * where {{ sErViCe SILENT <{EP}> {{ ?s ?p ?o }} }}", EP),
    ("PREFIX ex: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE ex:sparql { ?s ?p ?o } }", EP),
    ("PREFIX ex:<http://127.0.0.1:9/>SELECT*WHERE{SERVICE ex:sparql{?s ?p ?o}}", EP),
    ("BASE <http://127.0.0.1:9/a/> SELECT * WHERE { SERVICE <../sparql> { ?s ?p ?o } }", EP),
    (f"SELECT * WHERE {{ ?s ?p ?o }}SERVICE<{EP}>{{}}", EP),
    (f"SELECT * WHERE {{ ?s ?p ?o.SERVICE<{EP}>{{?a ?b ?c}} }}", EP),
    (f'SELECT * WHERE {{ ?s ?p "a"@en SERVICE <{EP}> {{ ?a ?b ?c }} }}', EP),
    (f'SELECT * WHERE {{ ?s ?p "x\\"" SERVICE <{EP}> {{ ?a ?b ?c }} }}', EP),
    (f"SELECT * WHERE {{ ?s ?p 'x\\'' . SERVICE <{EP}> {{ ?a ?b ?c }} }}", EP),
    (f'SELECT * WHERE {{ ?s ?p "#" . SERVICE <{EP}> {{ ?a ?b ?c }} }}', EP),
    (f"SELECT * WHERE {{ ?s ?p ?o FILTER(?s<?o&&?o>?s) SERVICE <{EP}> {{ ?a ?b ?c }} }}", EP),
    (f"SELECT * WHERE {{ \\u0053ERVICE <{EP}> {{ ?s ?p ?o }} }}", EP),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/\\u0073parql> { ?s ?p ?o } }", EP),
    (f"SELECT * WHERE {{ {{ {{ OPTIONAL {{ MINUS {{ SERVICE <{EP}> {{ }} }} }} }} }} }}", EP),
    ("SELECT * WHERE { VALUES ?e { <x:y> } SERVICE ?e { ?s ?p ?o } }", None),
    ("SELECT * WHERE { SERVICE nope:x { ?s ?p ?o } }", None),
    ("SELECT * WHERE { SERVICE <relative> { ?s ?p ?o } }", None),
]
NOT_FOUND = [
    f"SELECT * WHERE {{ ?s ?p ?o }} # SERVICE <{EP}> {{ }}",
    f'SELECT * WHERE {{ ?s ?p "SERVICE <{EP}> {{ ?s ?p ?o }}" }}',
    f"SELECT * WHERE {{ ?s ?p '''x\n SERVICE <{EP}> {{ }}''' }}",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX service: <http://e/> SELECT ?service WHERE { ?service service:SERVICE _:service }",
    'SELECT * WHERE { ?s ?p "x"@service }',
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:o.SERVICE }",   # one prefixed name, as the grammar reads it
    "SELECT ?c WHERE { ?c skos:prefLabel ?l } LIMIT 3",
]


@pytest.mark.parametrize("text,target", FOUND)
def test_service_found(text, target):
    assert services(text, PREFIXES) == [target]
    with pytest.raises(FederationRefused, match="federated queries are disabled on this endpoint"):
        refuse_federation(text, (), PREFIXES)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_service_not_found(text):
    assert services(text, PREFIXES) == []
    refuse_federation(text, (), PREFIXES)


def test_allow_list_names_exact_endpoints():
    q = f"SELECT * WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}"
    refuse_federation(q, {EP}, PREFIXES)
    with pytest.raises(FederationRefused, match="GREENTAXO_SPARQL_SERVICES"):
        refuse_federation(q, {EP + "/other"}, PREFIXES)
    with pytest.raises(FederationRefused, match="not a fixed IRI"):      # a variable is never allowed
        refuse_federation("SELECT * WHERE { VALUES ?e { <x:y> } SERVICE ?e { } }", {EP}, PREFIXES)
    two = q + f" SERVICE <{EP}2> {{ }}"
    with pytest.raises(FederationRefused, match=f"<{EP}2>"):
        refuse_federation(two, {EP}, PREFIXES)


def test_allow_list_setting_reaches_the_endpoint(api, monkeypatch):
    from greentaxo.api.settings import SETTINGS, ApiSettings

    assert ApiSettings().allowed_services() == frozenset()
    monkeypatch.setattr(SETTINGS, "sparql_services", f" {EP} , http://other.example/sparql")
    assert SETTINGS.allowed_services() == {EP, "http://other.example/sparql"}
    r = api.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{EP}9> {{ ?s ?p ?o }} }}"})
    assert r.status_code == 400 and "GREENTAXO_SPARQL_SERVICES" in r.json()["detail"]


def _rdflib_has_service(text: str) -> bool | None:
    """rdflib's own SPARQL parser as a second opinion (None when it cannot parse the query)."""
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except Exception:
        return None

    def walk(x) -> bool:
        if isinstance(x, CompValue):
            return x.name == "ServiceGraphPattern" or any(walk(v) for v in x.values())
        if isinstance(x, dict):
            return any(walk(v) for v in x.values())
        if isinstance(x, (list, tuple)) or type(x).__name__ == "ParseResults":
            return any(walk(v) for v in x)
        return False
    return walk(tree)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(query(EP, service=True))
def test_generated_queries_agree_with_their_construction(case):
    text, has = case
    assert bool(services(text, PREFIXES)) == has, text


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(query(EP, service=True))
def test_generated_queries_agree_with_rdflib(case):
    """A second, independent reading (rdflib's pyparsing grammar: ~0.1-0.3 s a query here, hence few examples)."""
    text, has = case
    second = _rdflib_has_service(text)
    if second is not None:
        assert second == has, text

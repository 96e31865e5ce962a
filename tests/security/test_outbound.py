"""The public API never reaches out on a caller's behalf (issue 20): every endpoint that takes a URL, an IRI,
JSON-LD, Turtle, SPARQL or a value of any kind is driven with payloads pointing at the loopback listener, and the
listener must see no connection, nor may any answer be a 5xx."""
from __future__ import annotations

import pytest

from tests.security import payloads

TOKEN_HEADERS = {"if-match": '"0"'}


@pytest.fixture
def unlimited(rate_limits):
    rate_limits(sparql="off", batch="off", export="off", auth_failures="off")   # the 429s are test_rate_limits'


def test_sparql_payloads(api, listener, unlimited):
    answers = []
    for kind, query in payloads.sparql(listener.url):
        for how in ("get", "post", "form"):
            if how == "get":
                r = api.get("/sparql", params={"query": query})
            elif how == "post":
                r = api.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"})
            else:
                field = "update" if kind.startswith("LOAD") else "query"
                r = api.post("/sparql", data={field: query})
            answers.append((kind, how, r.status_code, r.json().get("detail", "") if r.status_code >= 400 else ""))
    assert listener.connections() == []
    assert not [a for a in answers if a[2] >= 500], answers
    refused = [a for a in answers if a[0].startswith("SERVICE")]
    assert refused and all(a[2] == 400 and "federated queries are disabled" in a[3] for a in refused), refused
    # an update is refused as one (400), or by the query parser when a comment hides it from that check (422)
    assert all(a[2] in (400, 422) for a in answers if a[0].startswith("LOAD")), answers
    assert [a[2] for a in answers if a[0] == "word in text"] == [200, 200, 200]      # the word alone is not refused


def test_submission_payloads(api, listener):
    answers = []
    for kind, media, body in payloads.submissions(listener.url):
        r = api.post("/achievements/validate", content=body.encode(), headers={"content-type": media})
        answers.append((kind, media, r.status_code, r.json().get("detail", "")))
    assert listener.connections() == []
    assert not [a for a in answers if a[2] >= 500], answers
    for kind, _, status, detail in answers:
        if kind.startswith("@context") or kind == "@import":
            assert status == 422 and "is not fetched" in detail, (kind, detail)
    # nothing of the server's disk or of the listener's answer comes back in any message
    assert not [a for a in answers if "root:" in a[3] or "/work/" in a[3] or "e.org/title" in a[3]], answers


def test_bundled_context_is_used_without_fetching(api, listener):
    body = {"@context": "https://w3id.org/greentaxo/context.jsonld", "@type": "Achievement", "id": "urn:x:1",
            "title": "全钒液流电池储能", "abstract": "Vanadium redox flow storage.", "trl": 7, "routes": ["gtr:R0312"]}
    import json

    r = api.post("/achievements/validate", content=json.dumps(body), headers={"content-type": "application/ld+json"})
    assert r.status_code == 200, r.text
    bad = {**body, "routes": ["gtr:R9999"]}
    r = api.post("/achievements/validate", content=json.dumps(bad), headers={"content-type": "application/ld+json"})
    assert r.status_code == 422 and r.json()["problems"][0]["check"] == "ACH-ROUTE-UNKNOWN"
    assert listener.connections() == []


def test_every_operation_with_urls_everywhere(api, listener, unlimited, admin_token, tmp_path, monkeypatch):
    """Every operation of the OpenAPI description, every parameter and body field set to a URL, a file: IRI, a
    scheme-relative URL or a CURIE hiding one; the edit endpoints with an admin token on a throwaway store."""
    from greentaxo.api.settings import SETTINGS

    monkeypatch.setenv("GREENTAXO_EDITS_DB", str(tmp_path / "edits.sqlite"))
    monkeypatch.delenv("GREENTAXO_EDITS_URL", raising=False)
    monkeypatch.setattr(SETTINGS, "edits_export_dir", tmp_path / "exports")
    monkeypatch.delattr(api.app.state, "edits", raising=False)
    spec = api.get("/openapi.json").json()
    headers = {"Authorization": f"Bearer {admin_token}", **TOKEN_HEADERS}
    answers, operations = [], set()
    try:
        for kind, value in payloads.values(listener.url):
            for method, path, query, body in payloads.operations(spec, value):
                r = api.request(method, path, params=query, json=body, headers=headers)
                operations.add((method, path.split("/")[1]))
                answers.append((kind, method, path, r.status_code))
    finally:
        monkeypatch.delattr(api.app.state, "edits", raising=False)
    assert listener.connections() == []
    assert not [a for a in answers if a[3] >= 500], [a for a in answers if a[3] >= 500]
    assert len({(m, p) for _, m, p, _ in answers}) >= 40 and len(answers) >= 4 * 40


def test_edit_proposals_pointing_outside(api, listener, unlimited, admin_token, tmp_path, monkeypatch):
    """IRIs in proposed edits are data: stored, validated, approved and exported without being dereferenced."""
    from greentaxo.api.settings import SETTINGS

    monkeypatch.setenv("GREENTAXO_EDITS_DB", str(tmp_path / "edits.sqlite"))
    monkeypatch.delenv("GREENTAXO_EDITS_URL", raising=False)
    monkeypatch.setattr(SETTINGS, "edits_export_dir", tmp_path / "exports")
    monkeypatch.delattr(api.app.state, "edits", raising=False)
    h = {"Authorization": f"Bearer {admin_token}"}
    try:
        ops = [{"op": "create", "set": {"prefLabel@en": "Probe", "prefLabel@zh": "探针", "broader": "gtr:R0102",
                                        "notation": "01.99", "exactMatch": listener.url("exact"),
                                        "seeAlso": "file:///etc/passwd"}},
               {"op": "add_mapping", "scheme": "nace2", "row": {"subject_id": "gtr:R0102", "object_id": listener.url("code"),
                                                                "predicate_id": "skos:closeMatch",
                                                                "mapping_justification": "semapv:ManualMappingCuration"}}]
        r = api.post("/edits/changesets", json={"ops": ops, "comment": listener.url("comment")}, headers=h)
        assert r.status_code < 500, r.text
        if r.status_code == 202:
            cid = r.json()["id"]
            assert api.post(f"/edits/changesets/{cid}/approve", headers=h).status_code < 500
        assert api.post("/edits/export", json={"folder": "probe"}, headers=h).status_code < 500
    finally:
        monkeypatch.delattr(api.app.state, "edits", raising=False)
    assert listener.connections() == []

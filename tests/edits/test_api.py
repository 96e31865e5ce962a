"""The edit endpoints over HTTP on the real app: every role against every endpoint, ETags, refusals."""
from __future__ import annotations

import pytest

from greentaxo.edits.auth import Principal
from tests.support.edits import auth, unreferenced_leaf

ROLES = ["editor", "reviewer", "admin"]
RANK = {r: i for i, r in enumerate(ROLES)}
ERIN = Principal("erin", "editor")
ALT = {"en": ["USC", "USC-PC", "double-reheat ultra-supercritical unit", "ultra-supercritical coal plant", "more"]}


def _pending(edits_store) -> int:
    """A fresh pending change set by erin, for the approve/reject calls."""
    c, etag = edits_store.concept("gtr:R0102")
    return edits_store.submit(ERIN, [{"op": "update", "concept": "gtr:R0102", "set": {"scopeNote": {"en": ["a note"]}},
                                "if_match": etag}])["id"]


def _mapping_id(edits_store) -> str:
    return edits_store.mappings_of("gtr:R0102")[0]["id"]


def _calls(edits_store) -> list[tuple[str, str, str, dict, int]]:
    """(name, method, path, request kwargs, minimum role, success status), built against the current store."""
    _, etag = edits_store.concept("gtr:R0102")
    mid = _mapping_id(edits_store)
    m_etag = edits_store.mapping(mid)[1]
    leaf = unreferenced_leaf(edits_store).rsplit("/", 1)[-1]
    new = {"set": {"broader": "gtr:R0101", "notation": "01.01.01.97",
                   "prefLabel": {"zh": "接口测试路线", "en": "A route made through the API"},
                   "definition": {"zh": "接口测试。", "en": "Made by the API test."},
                   "altLabel": {"en": ["api route", "API-R", "api test route"]}, "trlMin": 3, "trlMax": 5,
                   "providesFunction": ["gtx:F013"]}}
    row = {"subject_id": "gtr:R0102", "predicate_id": "skos:relatedMatch", "object_id": "gbt4754:4411",
           "mapping_justification": "semapv:ManualMappingCuration", "confidence": 0.5, "comment": "thermal power"}
    im = {"If-Match": f'"{etag}"'}
    return [
        ("read concept", "GET", "/edits/concepts/gtr:R0102", {}, "editor", 200),
        ("read concept mappings", "GET", "/edits/concepts/gtr:R0102/mappings", {}, "editor", 200),
        ("read mapping", "GET", f"/edits/mappings/{mid}", {}, "editor", 200),
        ("create", "POST", "/edits/concepts", {"json": new}, "editor", 202),
        ("update", "PUT", "/edits/concepts/gtr:R0102", {"json": {"set": {"altLabel": ALT}}, "headers": im}, "editor", 202),
        ("move", "POST", "/edits/concepts/gtr:R0102/move",
         {"json": {"broader": "gtr:R0100", "notation": "01.01.96"}, "headers": im}, "editor", 202),
        ("deprecate", "POST", f"/edits/concepts/{leaf}/deprecate",
         {"json": {"reason": {"en": "test"}}, "headers": {"If-Match": f'"{edits_store.concept(leaf)[1]}"'}},
         "editor", 202),
        ("add mapping", "POST", "/edits/mappings", {"json": {"scheme": "gbt4754-2017", "row": row}}, "editor", 202),
        ("update mapping", "PATCH", f"/edits/mappings/{mid}",
         {"json": {"set": {"confidence": 0.9}}, "headers": {"If-Match": f'"{m_etag}"'}}, "editor", 202),
        ("remove mapping", "DELETE", f"/edits/mappings/{mid}", {"headers": {"If-Match": f'"{m_etag}"'}}, "editor", 202),
        ("changeset", "POST", "/edits/changesets",
         {"json": {"ops": [{"op": "update", "concept": "gtr:R0102", "set": {"scopeNote": {"en": ["n"]}}}]}}, "editor", 202),
        ("list changesets", "GET", "/edits/changesets", {}, "editor", 200),
        ("read changeset", "GET", f"/edits/changesets/{_pending(edits_store)}", {}, "editor", 200),
        ("audit", "GET", "/edits/audit", {}, "editor", 200),
        ("approve", "POST", f"/edits/changesets/{_pending(edits_store)}/approve", {}, "reviewer", 200),
        ("reject", "POST", f"/edits/changesets/{_pending(edits_store)}/reject", {"json": {"reason": "no"}}, "reviewer", 200),
        ("export", "POST", "/edits/export", {"json": {"folder": "next"}}, "admin", 200),
    ]


def test_every_endpoint_refuses_missing_and_unknown_tokens(edits_client, edits_store, rate_limits):
    rate_limits(auth_failures="off")      # 18 unknown tokens in a row: the 429 after 10 is tests/security's
    for name, method, path, kw, _role, _ok in _calls(edits_store):
        r = edits_client.request(method, path, **kw)
        assert r.status_code == 401, name
        assert r.headers["content-type"].startswith("application/problem+json") and "WWW-Authenticate" in r.headers
        r = edits_client.request(method, path, **{**kw, "headers": {**kw.get("headers", {}), **auth("tok-not-a-known-token-x")}})
        assert r.status_code == 401, name


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_by_role(edits_client, edits_store, role):
    """Each role against each endpoint: the minimum role and above succeed, lower roles get 403."""
    for name, method, path, kw, needed, ok in _calls(edits_store):
        headers = {**kw.get("headers", {}), **auth(role)}
        r = edits_client.request(method, path, **{**kw, "headers": headers})
        if RANK[role] >= RANK[needed]:
            assert r.status_code == ok, (name, role, r.text)
        else:
            assert r.status_code == 403, (name, role, r.text)
            assert "needs" in r.json()["detail"]


def test_etag_if_match_and_412(edits_client, edits_store):
    r = edits_client.get("/edits/concepts/gtr:R0102", headers=auth("editor"))
    etag = r.headers["ETag"]
    body = {"set": {"altLabel": ALT}}
    assert edits_client.put("/edits/concepts/gtr:R0102", json=body, headers=auth("editor")).status_code == 428
    first = edits_client.put("/edits/concepts/gtr:R0102", json=body, headers={**auth("editor"), "If-Match": etag})
    assert first.status_code == 202 and first.headers["Location"] == f"/edits/changesets/{first.json()['id']}"
    second = edits_client.put("/edits/concepts/gtr:R0102", json={"set": {"scopeNote": {"en": ["x"]}}},
                        headers={**auth("editor2"), "If-Match": etag})
    assert second.status_code == 202                      # both read the same version: both wait for review
    assert edits_client.post(f"/edits/changesets/{first.json()['id']}/approve", headers=auth("reviewer")).status_code == 200
    r = edits_client.post(f"/edits/changesets/{second.json()['id']}/approve", headers=auth("reviewer"))
    assert r.status_code == 412 and r.headers["content-type"].startswith("application/problem+json")
    current = edits_client.get("/edits/concepts/gtr:R0102", headers=auth("editor")).headers["ETag"]
    assert r.headers["ETag"] == current != etag
    seen = edits_client.get(f"/edits/changesets/{second.json()['id']}", headers=auth("editor2")).json()
    assert seen["status"] == "conflict" and "changed after it was submitted" in seen["reason"]
    stale = edits_client.put("/edits/concepts/gtr:R0102", json=body, headers={**auth("editor"), "If-Match": etag})
    assert stale.status_code == 412 and stale.headers["ETag"] == current
    again = edits_client.put("/edits/concepts/gtr:R0102", json=body, headers={**auth("editor"), "If-Match": current})
    assert again.status_code == 202


def test_refused_change_is_problem_json_with_violations(edits_client, edits_store):
    etag = edits_client.get("/edits/concepts/gtr:R0102", headers=auth("editor")).headers["ETag"]
    h = {**auth("editor"), "If-Match": etag}
    r = edits_client.put("/edits/concepts/gtr:R0102", json={"set": {"notation": "1.2"}}, headers=h)
    assert r.status_code == 422 and r.json()["title"] == "Change refused"
    assert {v["check"] for v in r.json()["violations"]} >= {"TAX-NOTATION"}
    r = edits_client.put("/edits/concepts/gtr:R0102", json={"set": {"colour": "green"}}, headers=h)
    assert r.status_code == 422 and "ops[0].set.colour" in r.json()["detail"]
    assert edits_client.get("/edits/changesets", headers=auth("editor")).json() == []
    assert edits_client.get("/edits/concepts/gtr:R9999", headers=auth("editor")).status_code == 404


def test_self_approval_double_approval_and_audit(edits_client, edits_store):
    cid = _pending(edits_store)
    r = edits_client.post(f"/edits/changesets/{cid}/approve", headers=auth("editor"))
    assert r.status_code == 403
    assert edits_client.post(f"/edits/changesets/{cid}/approve", headers=auth("reviewer")).status_code == 200
    assert edits_client.post(f"/edits/changesets/{cid}/approve", headers=auth("reviewer2")).status_code == 409
    [row] = edits_client.get("/edits/audit", params={"changeset": cid}, headers=auth("editor")).json()
    assert (row["author"], row["reviewer"], row["target"]) == ("erin", "rita", "https://w3id.org/greentaxo/route/R0102")
    assert "a note" in row["after"] and "a note" not in row["before"]


def test_export_writes_sources_into_the_export_dir(edits_client, edits_store, tmp_path):
    cid = _pending(edits_store)
    edits_client.post(f"/edits/changesets/{cid}/approve", headers=auth("reviewer"))
    r = edits_client.post("/edits/export", json={"folder": "release-next"}, headers=auth("admin"))
    assert r.status_code == 200 and r.json()["store_version"] == 1
    out = tmp_path / "exports" / "release-next"
    assert "a note" in (out / "ontology" / "routes" / "01-energy-transition.ttl").read_text("utf-8")
    assert (out / "mappings" / "gbt4754-2017.sssom.tsv").exists()
    assert edits_client.post("/edits/export", json={"folder": "../escape"}, headers=auth("admin")).status_code == 422

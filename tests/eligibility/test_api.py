"""POST /eligibility and /eligibility/batch share the library's contract; bad input is problem+json 422/404."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client():
    from greentaxo.api.main import app

    with TestClient(app) as c:
        yield c


def test_post_eligibility(client):
    r = client.post("/eligibility", json={"route": "gtr:R0132", "facts": [
        {"metric": "lifecycle_ghg_intensity", "value": 0.42, "unit": "kgCO2e/kWh"}]})
    assert r.status_code == 200
    body = r.json()
    assert body["summary"]["by_catalogue"]["eutaxonomy"] == "eligible-if"
    sc1 = next(c for c in body["verdicts"][2]["criteria"] if c["id"] == "ccm-4.29/sc1")
    assert sc1["result"] == "fail" and sc1["value_given"] == pytest.approx(420)


@pytest.mark.parametrize("payload, status, words", [
    ({"route": "gtr:R9999"}, 404, "Did you mean"),
    ({"route": "gtr:R0132", "facts": ["lifecycle_ghg_intensity=1 kg"]}, 422, "cannot be converted"),
    ({"route": "gtr:R0132", "as_of": "2019-13-01"}, 422, "YYYY-MM-DD"),
    ({}, 422, "exactly one"),
    ({"route": "gtr:R0132", "activity": "trading"}, 422, "activity"),
])
def test_bad_input(client, payload, status, words):
    r = client.post("/eligibility", json=payload)
    assert r.status_code == status and r.headers["content-type"].startswith("application/problem+json")
    assert words in r.text


def test_batch_keeps_going_past_bad_records(client):
    r = client.post("/eligibility/batch", json={"records": [
        {"id": "ok", "route": "gtr:R0212"}, {"id": "bad", "code": "gbt4754:9999"}, {"text": "钙钛矿太阳电池"}]})
    assert r.status_code == 200
    res = r.json()["results"]
    assert [x["id"] for x in res] == ["ok", "bad", "3"]
    assert "verdicts" in res[0] and "error" in res[1] and r.json()["errors"] == 1


def test_batch_size_is_bounded(client):
    r = client.post("/eligibility/batch", json={"records": [{"route": "gtr:R0212"}] * 1001})
    assert r.status_code == 422


def test_text_batch_matches_single_calls_and_project_is_honoured(client):
    recs = [{"id": "dc", "text": "新建数据中心项目，PUE 1.8"}, {"id": "pv", "text": "集中式地面光伏电站"},
            {"id": "dc-retro", "route": "gtr:R0693", "project": "retrofit"}]
    batch = client.post("/eligibility/batch", json={"records": recs}).json()["results"]
    for rec, got in zip(recs, batch, strict=True):
        one = client.post("/eligibility", json={k: v for k, v in rec.items() if k != "id"}).json()
        assert got["summary"] == one["summary"] and got["facts"] == one["facts"]
    assert batch[0]["read_from_text"]["project"] == "new"
    items = {i["code"]: i["verdict"] for i in batch[2]["verdicts"][0]["items"]}
    assert items["6.6.2"] == "not-applicable"
    assert client.post("/eligibility", json={"route": "gtr:R0693", "project": "rebuild"}).status_code == 422

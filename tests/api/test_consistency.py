"""Every JSON answer keeps Chinese as UTF-8 (no \\uXXXX) and carries no server file path; /docs and /redoc
load nothing from outside the app."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from greentaxo.api.main import app
from tests.support import ROOT

GETS = ["/health", "/version", "/stats", "/concepts?limit=3", "/top-concepts", "/concepts/gtr:R0312",
        "/concepts/gtr:R0312/mappings", "/concepts/gtr:R0312/broader", "/concepts/gtr:R0312/related",
        "/concepts/gtr:R0312/hierarchy", "/search?q=储能", "/lookup?label=VRFB", "/schemes",
        "/schemes/gbt4754-2017/codes/4416", "/crosswalk?from=gbt4754:4416&to=gfspc2025",
        "/changes?since=2026-01-01", "/releases", "/concepts/gtr:R9999", "/concepts/%E5%82%A8%E8%83%BD%E6%8A%80"]
POSTS = [("/classify", {"title": "全钒液流电池储能系统"}), ("/classify/batch", {"records": [{"title": "光伏电站"}, 7]}),
         ("/eligibility", {"route": "gtr:R0212"}), ("/eligibility/batch", {"records": [{"text": "钙钛矿太阳电池"}]}),
         ("/packages", {"scenario": "S001", "k": 0}), ("/achievements/validate", {"title": "钒电池", "trl": 12})]


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as c:
        yield c


def _check(r) -> None:
    assert r.headers["content-type"].split(";")[0] in ("application/json", "application/problem+json"), r.url
    assert not re.search(r"\\u[0-9a-fA-F]{4}", r.text), f"{r.url}: escaped characters"
    assert str(ROOT) not in r.text and "/site-packages/" not in r.text, f"{r.url}: a server path"


def test_get_answers(client):
    for url in GETS:
        _check(client.get(url))


def test_post_answers(client):
    for url, body in POSTS:
        r = client.post(url, json=body)
        assert r.status_code in (200, 422), (url, r.status_code, r.text[:300])
        _check(r)


def test_docs_are_served_by_the_app(client):
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        urls = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)
        assert urls and all(u.startswith("/") for u in urls), (page, urls)
        for u in urls:
            assert client.get(u).status_code == 200, u

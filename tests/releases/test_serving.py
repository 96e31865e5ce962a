"""Serving named releases: greentaxo.releases (listing, LRU) and ?release= on the read API."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from greentaxo.api import graphs
from greentaxo.api.main import app
from greentaxo.editorial.release import write_release
from greentaxo.errors import NotFoundError
from greentaxo.namespaces import GTR
from greentaxo.releases import ReleaseCache, find_release, list_releases, releases_dir
from tests.support.deprecation import copy_sources, deprecate


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    """1.0.0 = the bundle; 1.1.0 = the bundle with R0104..R0108 deprecated (gates skipped: they are tested
    in test_editorial_release; here only the artefacts matter)."""
    base = tmp_path_factory.mktemp("served")
    root = copy_sources(base / "root")
    out = base / "releases"
    write_release(root, "1.0.0", out, issued="2026-01-15")
    deprecate(root)
    write_release(root, "1.1.0", out, issued="2026-02-01", previous=out / "1.0.0")
    (out / ".1.2.0.partial").mkdir()                     # an interrupted release: never listed
    (out / "notes").mkdir()                              # not a version: ignored
    return out


@pytest.fixture(scope="module")
def client(releases):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GREENTAXO_RELEASES", str(releases))
        with TestClient(app) as c:
            yield c


def test_listing_is_ordered_and_skips_partial_folders(releases):
    found = list_releases(releases)
    assert [r.version for r in found] == ["1.0.0", "1.1.0"]
    assert found[1].issued == "2026-02-01" and found[1].previous == "1.0.0"
    assert list_releases(releases / "missing") == []


def test_unknown_release_lists_the_available_ones(releases):
    with pytest.raises(NotFoundError, match=r"no release '9\.9\.9'; available releases: 1\.0\.0, 1\.1\.0"):
        find_release(releases, "9.9.9")
    with pytest.raises(NotFoundError):
        find_release(releases, "../releases/1.0.0")


def test_releases_dir_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("GREENTAXO_RELEASES", str(tmp_path))
    assert releases_dir() == tmp_path and releases_dir("/x") == Path("/x")


def test_cache_is_bounded_and_reuses_loaded_graphs(releases, monkeypatch):
    import greentaxo.releases as mod

    loads = []
    real = mod.load_release
    monkeypatch.setattr(mod, "load_release", lambda info: loads.append(info.version) or real(info))
    cache = ReleaseCache(size=1)
    a = cache.get(releases, "1.0.0")
    assert cache.get(releases, "1.0.0") is a and loads == ["1.0.0"]
    cache.get(releases, "1.1.0")
    assert cache.loaded() == ["1.1.0"]                  # 1.0.0 was dropped to stay within size 1
    cache.get(releases, "1.0.0")
    assert loads == ["1.0.0", "1.1.0", "1.0.0"]


def test_get_releases(client):
    d = client.get("/releases").json()
    assert d["latest"] == "1.1.0" and [r["version"] for r in d["releases"]] == ["1.0.0", "1.1.0"]
    assert d["releases"][0]["manifest"]["versionIRI"]["https://w3id.org/greentaxo/def"].endswith("/1.0.0")


def test_release_parameter_answers_from_that_release(client):
    latest = client.get("/concepts/gtr:R0104").json()
    old = client.get("/concepts/gtr:R0104", params={"release": "1.0.0"}).json()
    new = client.get("/concepts/gtr:R0104", params={"release": "1.1.0"})
    assert latest["deprecated"] is False and old["deprecated"] is False
    assert new.json()["deprecated"] is True
    # the successor link stays inside the release it was asked of
    assert new.headers["link"] == '<http://testserver/concepts/gtr:R0102?release=1.1.0>; rel="successor-version"'
    s_old = client.get("/stats", params={"release": "1.0.0"}).json()
    s_new = client.get("/stats", params={"release": "1.1.0"}).json()
    assert s_new["deprecated"] == s_old["deprecated"] + 4 and s_new["concepts"] == s_old["concepts"] - 4
    ids = lambda r: {c["id"] for c in r.json()["items"]}  # noqa: E731
    assert GTR + "R0104" in ids(client.get("/concepts", params={"release": "1.0.0", "limit": 50}))
    assert GTR + "R0104" not in ids(client.get("/concepts", params={"release": "1.1.0", "limit": 50}))
    kids = lambda v: {c["id"] for c in client.get("/concepts/gtr:R0101/narrower", params={"release": v}).json()}  # noqa: E731
    assert GTR + "R0104" in kids("1.0.0") and GTR + "R0104" not in kids("1.1.0")
    for path in ("/top-concepts", "/concepts/gtr:R0102/ancestors", "/concepts/gtr:R0102/hierarchy",
                 "/concepts/gtr:R0101/descendants", "/concepts/gtr:R0102/related", "/concepts/gtr:R0102/broader",
                 "/concepts/gtr:R0104/mappings"):
        assert client.get(path, params={"release": "1.0.0"}).status_code == 200, path
    hits = client.get("/search", params={"q": "IGCC", "release": "1.0.0"}).json()["results"]
    assert hits and hits[0]["id"] == GTR + "R0104"
    later = client.get("/search", params={"q": "IGCC", "release": "1.1.0"}).json()["results"]
    assert GTR + "R0104" not in {h["id"] for h in later}
    assert client.get("/lookup", params={"label": "IGCC power plant", "release": "1.0.0"}).status_code == 200
    assert client.get("/lookup", params={"label": "IGCC power plant", "release": "1.1.0"}).status_code == 404


def test_export_of_a_release(client):
    ttl = client.get("/export", params={"format": "ttl", "release": "1.1.0"})
    assert ttl.status_code == 200 and "owl:deprecated true" in ttl.text


def test_unknown_release_is_a_404_problem(client):
    r = client.get("/concepts/gtr:R0102", params={"release": "9.9.9"})
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert "available releases: 1.0.0, 1.1.0" in r.json()["detail"]
    r = client.get("/stats", params={"release": "latest"})
    assert r.status_code == 422 and "release" in r.json()["detail"]


def test_cache_in_the_api_stays_bounded(client):
    for v in ("1.0.0", "1.1.0", "1.0.0"):
        client.get("/top-concepts", params={"release": v})
    assert len(json.loads(client.get("/releases").text)["loaded"]) <= graphs.CACHE.size

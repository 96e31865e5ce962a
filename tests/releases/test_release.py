"""greentaxo release: gates and artefacts, on a copy of the sources and a releases folder under tmp_path."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from greentaxo.editorial.release import ReleaseRefused, release
from greentaxo.errors import InputError
from greentaxo.namespaces import GTR, OWL, ROUTE_SCHEME
from greentaxo.sources.files import concept_iris, load_routes, mapping_sets, row_key
from greentaxo.sources.serialise import write_routes
from tests.support import ROOT, run_cli

FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML,
           "jsonld": ox.RdfFormat.JSON_LD}


def copy_sources(dst: Path) -> Path:
    for part in ("ontology", "mappings", "shapes"):
        shutil.copytree(ROOT / part, dst / part)
    return dst


def relabel(root: Path) -> URIRef:
    g = load_routes(root)
    c = URIRef(GTR + "R0102")
    old = next(o for o in g.objects(c, SKOS.prefLabel) if o.language == "en")
    g.remove((c, SKOS.prefLabel, old))
    g.add((c, SKOS.prefLabel, Literal("Ultra-supercritical coal power units", lang="en")))
    write_routes(g, root / "ontology" / "routes")
    return c


def objects(store: ox.Store, s: str, p: str) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)}


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    base = tmp_path_factory.mktemp("release")
    root = copy_sources(base / "root")
    releases = base / "releases"
    first = release(root, "1.0.0", releases, issued="2026-01-15")
    relabel(root)
    second = release(root, "1.1.0", releases, issued="2026-02-01")
    return root, releases, first, second


def test_first_release_artefacts(released):
    root, releases, first, _ = released
    folder = releases / "1.0.0"
    assert first.folder == folder and first.previous is None
    counts = {}
    for ext, fmt in FORMATS.items():
        triples = list(ox.parse(path=str(folder / f"greentaxo-1.0.0.{ext}"), format=fmt))
        counts[ext] = len(triples)
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        for s, v_iri in (("https://w3id.org/greentaxo/def", "https://w3id.org/greentaxo/def/1.0.0"),
                         (ROUTE_SCHEME, "https://w3id.org/greentaxo/releases/1.0.0/scheme")):
            assert objects(store, s, OWL + "versionIRI") == {v_iri}, ext
            assert objects(store, s, OWL + "versionInfo") == {"1.0.0"}, ext
            assert objects(store, s, "http://purl.org/dc/terms/issued") == {"2026-01-15"}, ext
    assert len(set(counts.values())) == 1 and counts["nt"] > 10_000, counts
    src = mapping_sets(root)
    from greentaxo.mappings import sssom
    for ms in src.values():
        out = sssom.read(folder / "mappings" / ms.path.name)
        assert str(out.metadata["mapping_set_version"]) == "1.0.0"
        assert sorted(map(row_key, out.rows)) == sorted(map(row_key, ms.rows))
    from openpyxl import load_workbook
    assert any(n.startswith("SSSOM ") for n in load_workbook(folder / "greentaxo-1.0.0.xlsx", read_only=True).sheetnames)
    page = (folder / "index.html").read_text(encoding="utf-8")
    n = len(concept_iris(load_routes(folder / "source")))
    assert "Version 1.0.0, issued 2026-01-15" in page and page.count("class='c' id=") == n
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for rel, digest in manifest["files"].items():
        assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == digest
    assert manifest["checks"]["validate"]["routes"] == n
    assert f"| concepts added | {n} |" in (folder / "CHANGELOG.md").read_text(encoding="utf-8")


def test_second_release_changelog_comes_from_the_diff(released):
    _, releases, _, second = released
    assert second.previous == "1.0.0"
    log = (releases / "1.1.0" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.startswith("# greentaxo 1.1.0 (2026-02-01)")
    assert "## Concepts relabelled (1)" in log and "gtr:R0102" in log and "Ultra-supercritical coal power units" in log
    assert "| concepts added | 0 |" in log and "## Concepts added" not in log
    assert second.summary["concepts_relabelled"] == 1


def test_version_must_be_new_and_higher(released):
    root, releases, _, _ = released
    with pytest.raises(ReleaseRefused, match="already exists"):
        release(root, "1.1.0", releases)
    with pytest.raises(ReleaseRefused, match="not above the latest release 1.1.0"):
        release(root, "1.0.5", releases)
    with pytest.raises(InputError, match="MAJOR.MINOR.PATCH"):
        release(root, "1.2", releases)
    assert sorted(p.name for p in releases.iterdir()) == ["1.0.0", "1.1.0"]


def test_refused_when_an_iri_of_the_previous_release_disappears(released, tmp_path):
    root, releases, _, _ = released
    edited = tmp_path / "root"
    shutil.copytree(root, edited)
    g = load_routes(edited)
    g.remove((URIRef(GTR + "R0104"), None, None))
    write_routes(g, edited / "ontology" / "routes")
    with pytest.raises(ReleaseRefused, match=r"1 route IRI\(s\) of release 1.1.0 disappeared: gtr:R0104"):
        release(edited, "2.0.0", releases)
    assert sorted(p.name for p in releases.iterdir()) == ["1.0.0", "1.1.0"]


def test_refused_when_validation_fails(released, tmp_path):
    root, releases, _, _ = released
    edited = tmp_path / "root"
    shutil.copytree(root, edited)
    g = load_routes(edited)
    g.remove((URIRef(GTR + "R0102"), SKOS.definition, None))     # every route needs its definitions
    write_routes(g, edited / "ontology" / "routes")
    with pytest.raises(ReleaseRefused, match="validate does not conform"):
        release(edited, "2.0.0", releases)
    assert sorted(p.name for p in releases.iterdir()) == ["1.0.0", "1.1.0"]


def test_cli_refusal_is_one_line(released):
    root, releases, _, _ = released
    p = run_cli("release", "1.0.0", "--root", str(root), "--output", str(releases))
    assert p.returncode == 1 and "already exists" in p.stderr and "Traceback" not in p.stderr
    p = run_cli("release", "3.0.0", "--root", str(root), "--output", str(releases), "--date", "yesterday")
    assert p.returncode == 2 and "--date" in p.stderr

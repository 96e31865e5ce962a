"""greentaxo diff and impact: two versions of a copy of the sources, edited in known ways."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from greentaxo.editorial.changelog import to_markdown
from greentaxo.editorial.diff import diff, is_empty
from greentaxo.editorial.impact import impact
from greentaxo.editorial.revisions import load_graph_at, snapshot
from greentaxo.namespaces import GT, GTR, compact
from greentaxo.sources.files import load_routes, mapping_sets, write_mapping_set
from greentaxo.sources.serialise import write_routes
from tests.support import ROOT, run_cli

R = lambda n: URIRef(GTR + n)  # noqa: E731
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


def copy_sources(dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "ontology", dst / "ontology")
    shutil.copytree(ROOT / "mappings", dst / "mappings")
    return dst


def edit(root: Path) -> dict:
    """Known edits: one of each kind of change. Returns what was changed, for the assertions."""
    g = load_routes(root)
    new = R("R9999")
    for p, o in [(RDF.type, SKOS.Concept), (RDF.type, URIRef(GT + "TechnologyRoute")),
                 (SKOS.inScheme, R("scheme")), (SKOS.broader, R("R0101")), (SKOS.notation, Literal("01.01.01.99")),
                 (SKOS.prefLabel, Literal("测试路线", lang="zh")), (SKOS.prefLabel, Literal("Test route", lang="en")),
                 (SKOS.definition, Literal("测试用。", lang="zh")), (SKOS.definition, Literal("For tests.", lang="en"))]:
        g.add((new, p, o))
    g.add((R("R0104"), OWL.deprecated, Literal(True)))                      # deprecated
    g.add((R("R0104"), DCTERMS.isReplacedBy, R("R0102")))
    g.set((R("R0103"), SKOS.broader, R("R0100")))                           # moved
    g.remove((R("R0102"), SKOS.prefLabel, Literal("Ultra-supercritical pulverised-coal power units", lang="en")))
    g.add((R("R0102"), SKOS.prefLabel, Literal("USC coal power units", lang="en")))     # relabelled
    g.add((R("R0102"), SKOS.altLabel, Literal("USC power", lang="en")))
    old_def = next(o for o in g.objects(R("R0101"), SKOS.definition) if o.language == "zh")
    g.remove((R("R0101"), SKOS.definition, old_def))
    g.add((R("R0101"), SKOS.definition, Literal(str(old_def) + "（已修订）", lang="zh")))   # redefined
    g.set((R("R0102"), URIRef(GT + "trlMax"), Literal(8, datatype=XSD_INTEGER)))            # changed
    write_routes(g, root / "ontology" / "routes")

    ms = mapping_sets(root)["gbt4754-2017"]
    rows = list(ms.rows)
    removed = rows.pop(0)
    rows[0].predicate_id = "http://www.w3.org/2004/02/skos/core#exactMatch" if "broad" in rows[0].predicate_id \
        else "http://www.w3.org/2004/02/skos/core#broadMatch"
    repred = rows[0]
    updated = rows[1]
    old_conf = updated.confidence
    updated.confidence = 0.11
    write_mapping_set(ms.path, ms.scheme, rows, ms)
    return {"removed": removed, "repredicated": repred, "updated": updated, "old_conf": old_conf}


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    base = tmp_path_factory.mktemp("diff")
    old = copy_sources(base / "old")
    new = copy_sources(base / "new")
    changed = edit(new)
    return old, new, changed


def ids(entries):
    return sorted(e["id"] for e in entries)


def test_identical_versions_have_no_diff(versions, tmp_path):
    old, _, _ = versions
    twin = tmp_path / "twin"
    shutil.copytree(old, twin)
    d = diff(snapshot(str(old)), snapshot(str(twin)))
    assert is_empty(d) and "No changes." in to_markdown(d)


def test_each_kind_of_change_is_found(versions):
    old, new, changed = versions
    d = diff(snapshot(str(old)), snapshot(str(new)))
    c = d["concepts"]
    assert ids(c["added"]) == ["gtr:R9999"] and c["added"][0]["broader"] == ["gtr:R0101"]
    assert ids(c["deprecated"]) == ["gtr:R0104"] and c["deprecated"][0]["isReplacedBy"] == ["gtr:R0102"]
    assert ids(c["moved"]) == ["gtr:R0103"]
    assert c["moved"][0]["old_broader"] == ["gtr:R0101"] and c["moved"][0]["new_broader"] == ["gtr:R0100"]
    assert ids(c["relabelled"]) == ["gtr:R0102"]
    kinds = {(x["kind"], "added" in x) for x in c["relabelled"][0]["changes"]}
    assert kinds == {("prefLabel", True), ("prefLabel", False), ("altLabel", True)}
    assert ids(c["redefined"]) == ["gtr:R0101"] and c["redefined"][0]["changes"][0]["lang"] == "zh"
    assert "gtr:R0102" in ids(c["changed"])
    assert c["removed"] == []
    m = d["mappings"]
    assert [(e["subject_id"], e["object_id"]) for e in m["removed"]] == [
        (compact(changed["removed"].subject_id), "gbt4754:" + changed["removed"].code)]
    assert len(m["repredicated"]) == 1 and m["repredicated"][0]["old_predicate"] != m["repredicated"][0]["new_predicate"]
    assert len(m["updated"]) == 1
    assert m["updated"][0]["changes"] == {"confidence": {"old": changed["old_conf"], "new": 0.11}}
    assert m["added"] == []
    md = to_markdown(d)
    for title in ("Concepts added (1)", "Concepts deprecated (1)", "Concepts moved (1)", "Concepts relabelled (1)",
                  "Concepts redefined (1)", "Mappings removed (1)", "Mappings re-predicated (1)"):
        assert f"## {title}" in md


def test_removed_concept_is_reported(versions, tmp_path):
    old, _, _ = versions
    gone = copy_sources(tmp_path / "gone")
    g = load_routes(gone)
    g.remove((R("R0104"), None, None))
    write_routes(g, gone / "ontology" / "routes")
    d = diff(snapshot(str(old)), snapshot(str(gone)))
    assert ids(d["concepts"]["removed"]) == ["gtr:R0104"]


def test_route_folders_and_git_revisions_give_the_same_diff(versions, tmp_path):
    old, new, _ = versions
    by_path = diff(snapshot(str(old)), snapshot(str(new)))
    folders = diff(snapshot(str(old / "ontology" / "routes")), snapshot(str(new / "ontology" / "routes")))
    assert folders["concepts"] == by_path["concepts"] and folders["mappings"] == by_path["mappings"]

    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    for src in (old, new):
        for part in ("ontology", "mappings"):
            shutil.rmtree(repo / part, ignore_errors=True)
            shutil.copytree(src / part, repo / part)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", str(src.name)], check=True)
    by_git = diff(snapshot("HEAD~1", repo), snapshot("HEAD", repo))
    assert by_git["summary"] == by_path["summary"]
    assert by_git["concepts"] == by_path["concepts"]


def test_cli_diff_json_and_errors(versions):
    old, new, _ = versions
    p = run_cli("diff", str(old), str(new), "--format", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["summary"]["concepts_added"] == 1 and d["summary"]["mappings_repredicated"] == 1
    p = run_cli("diff", str(old), "no-such-thing-or-revision")
    assert p.returncode == 2 and "neither a folder nor a git revision" in p.stderr and "Traceback" not in p.stderr


def test_impact_from_a_diff_and_with_both_graphs(versions, tmp_path):
    old, new, changed = versions
    d = diff(snapshot(str(old)), snapshot(str(new)))
    light = impact(d)
    assert light["verdicts"] is None and light["mappings"]["changed"]["repredicated"] == 1
    assert set(light["routes_touched"]) >= {"gtr:R9999", "gtr:R0104", "gtr:R0103"}

    # drop every gfspc2025 row of one route that has a match there: its gfspc2025 verdict must change
    ms = mapping_sets(new)["gfspc2025"]
    target = next(r.subject_id for r in ms.rows if r.is_match and "/route/" in r.subject_id)   # a route, not a facet
    write_mapping_set(ms.path, ms.scheme, [r for r in ms.rows if r.subject_id != target], ms)
    d = diff(snapshot(str(old)), snapshot(str(new)))
    full = impact(d, load_graph_at(str(old)), load_graph_at(str(new)))
    curie = "gtr:" + target.rsplit("/", 1)[1]
    hits = [v for v in full["verdicts"] if v["route"] == curie and v["catalogue"] == "gfspc2025"]
    assert hits and hits[0]["before"] != hits[0]["after"]
    # the deprecated route's remaining mapping rows are flagged for review
    assert any(r["subject_id"] == "gtr:R0104" and r["reason"] == "route deprecated" for r in full["mappings"]["to_review"])
    assert isinstance(full["packages"], list)

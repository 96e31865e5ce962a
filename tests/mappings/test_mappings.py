"""Mapping content and checks: coverage, agreement with the official table, crosswalks, broken rows caught."""
from __future__ import annotations

import shutil

import pytest

from greentaxo.errors import InputError, NotFoundError
from greentaxo.graph import KnowledgeGraph
from greentaxo.mappings.agreement import agreement, coverage
from greentaxo.mappings.check import check_mappings, leaf_coverage
from greentaxo.mappings.crosswalk import crosswalk
from greentaxo.paths import mapping_files, ontology_files
from tests.support import ROOT, run_cli


def test_bundled_mappings_pass_checks(kg):
    assert check_mappings(kg) == []
    assert leaf_coverage(kg) == []


def test_every_leaf_covered_per_scheme(kg):
    rows = {r["scheme"]: r for r in coverage(kg)}
    for scheme in ("gbt4754-2017", "gbt13745-2009", "gfspc2025", "gigc2019"):
        assert rows[scheme]["leaves_covered"] == rows[scheme]["leaves_total"], scheme
    assert rows["gfspc2025"]["level3_reached"] >= 190


def test_agreement_with_official_industry_table(kg):
    agree, total, bad = agreement(kg)
    assert total > 300 and agree / total >= 0.95
    assert all(d.comments[0] for d in bad), "every disagreement needs a comment explaining it"


def test_industry_rows_say_made_or_applied(kg):
    rows = [r for r in kg.mappings.rows if r.scheme == "gbt4754-2017"]
    assert {r.industry_role for r in rows} == {"made", "applied"}
    routes_with_both = {r.subject_id for r in rows if r.industry_role == "made"} & {
        r.subject_id for r in rows if r.industry_role == "applied"}
    assert len(routes_with_both) > 100


def test_clean_coal_is_in_2019_but_not_2025(kg):
    route = kg.taxonomy.search("超超临界", limit=1)[0].concept
    rows = kg.mappings.for_route(route.iri)
    assert any(r.scheme == "gigc2019" and r.is_match for r in rows)
    # the 2025 catalogue funds no coal plant: at most the boiler's manufacture is related, never a scope claim
    in_2025 = [r for r in rows if r.scheme == "gfspc2025"]
    assert in_2025 and all(r.predicate_id.endswith("#relatedMatch") and r.comment for r in in_2025)
    flex = kg.taxonomy.search("煤电机组灵活性改造", limit=1)[0].concept
    assert any(r.scheme == "gfspc2025" and r.no_term and r.comment for r in kg.mappings.for_route(flex.iri))


@pytest.mark.parametrize("source,to,expect", [
    ("gbt4754:4416", "gfspc2025", "4.2.2"),
    ("gfspc2025:4.1.8", "gbt4754", "3841"),
    ("gbt4754:4415", "eutaxonomy", "ccm-4.3"),
])
def test_crosswalk_examples(kg, source, to, expect):
    res = crosswalk(kg, source, to).to_dict(kg)
    codes = [t["code"] for t in res["results"]]
    assert expect in codes
    path = res["results"][codes.index(expect)]["paths"][0]
    assert path["route"] and path["to_row"]["source"] and 0 < path["weakest_confidence"] <= 1


def test_crosswalk_ipc_through_broader_group(kg):
    res = crosswalk(kg, "ipc:H01M10/0525", "eutaxonomy").to_dict(kg)
    assert res["results"], "a lithium-ion cell patent should reach an EU Taxonomy activity"


def test_crosswalk_errors(kg):
    with pytest.raises(InputError, match="not well formed"):
        crosswalk(kg, "gbt4754:44160", "gfspc2025")
    with pytest.raises(NotFoundError):
        crosswalk(kg, "gbt4754:4499", "gfspc2025")
    with pytest.raises(InputError, match="unknown code scheme"):
        crosswalk(kg, "gbt4754:4416", "nosuch")


def _copy_bundle(tmp_path):
    for sub in ("ontology", "mappings", "shapes"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    return tmp_path


def _load(root):
    return KnowledgeGraph.from_files(ontology_files(root), root, mapping_files(root))


def test_broken_rows_are_caught(tmp_path):
    root = _copy_bundle(tmp_path)
    p = root / "mappings" / "gfspc2025.sssom.tsv"
    lines = p.read_text(encoding="utf-8").splitlines()
    body = [i for i, ln in enumerate(lines) if ln.startswith("gtr:") and "NoTermFound" not in ln]
    cells = lines[body[0]].split("\t")
    unknown = cells.copy(); unknown[4] = "gfspc2025:9.9.9"                        # noqa: E702
    ghost = cells.copy(); ghost[0] = "gtr:R9999"                                    # noqa: E702
    neg = cells.copy(); neg[3] = "Not"                                              # noqa: E702
    nocomment = cells.copy(); nocomment[9] = ""                                     # noqa: E702
    lines += ["\t".join(x) for x in (unknown, ghost, neg, nocomment)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = {f.check: f for f in check_mappings(_load(root))}
    assert "MAP-OBJECT-UNKNOWN" in found and "9.9.9" in found["MAP-OBJECT-UNKNOWN"].message
    assert found["MAP-OBJECT-UNKNOWN"].source.endswith(f"gfspc2025.sssom.tsv:{len(lines) - 3}")
    assert "MAP-SUBJECT-UNKNOWN" in found
    assert "MAP-MATCH-AND-NOT" in found
    assert "MAP-COMMENT" in found or "MAP-DUPLICATE" in found


def test_exact_twice_caught(tmp_path):
    root = _copy_bundle(tmp_path)
    p = root / "mappings" / "gbt13745-2009.sssom.tsv"
    lines = p.read_text(encoding="utf-8").splitlines()
    row = next(ln for ln in lines if ln.startswith("gtr:")).split("\t")
    a, b = row.copy(), row.copy()
    a[2] = b[2] = "skos:exactMatch"
    a[4], b[4] = "gbt13745:48040", "gbt13745:48050"
    lines += ["\t".join(a), "\t".join(b)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(f.check == "MAP-EXACT-TWICE" for f in check_mappings(_load(root)))


def test_cli_mappings_check_and_crosswalk():
    r = run_cli("mappings", "check", "--min-rate", "0.95")
    assert r.returncode == 0 and "agreement" in r.stdout
    assert "mapping semantics (docs/decisions.md, Mappings): 0 errors" in r.stdout
    r = run_cli("crosswalk", "gbt4754:4416", "--to", "gfspc2025")
    assert r.returncode == 0 and "4.2.2" in r.stdout and "via" in r.stdout
    r = run_cli("crosswalk", "gbt4754:44160", "--to", "gfspc2025")
    assert r.returncode == 2 and "4416" in r.stderr and "Traceback" not in r.stderr

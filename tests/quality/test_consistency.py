"""The committee's checks (issue 16): label uniqueness, mapping semantics, NoTermFound convention, and
requires-chains the package solver cannot satisfy — in `validate` (both engines) and in `quality`."""
from __future__ import annotations

from greentaxo.validate.runner import validate_files
from tests.conftest import MINI, ROOT

LEAF = """
gtr:{id} a skos:Concept, gt:TechnologyRoute ; skos:inScheme gtr:scheme ; skos:broader gtr:{parent} ;
    skos:notation "{notation}" ; skos:prefLabel "{zh}"@zh, "{en}"@en ;
    skos:altLabel {alts} ;
    skos:definition "测试。"@zh, "A test route."@en ;
    gt:trlMin 5 ; gt:trlMax 7 ; gt:providesFunction gtx:F001 .
"""
CODE = "<https://w3id.org/greentaxo/code/gfspc2025/{}>"
BROKEN = MINI + "".join([
    # a synonym carried by two routes, and a synonym that is another route's preferred label
    LEAF.format(id="R9005", parent="R9002", notation="91.01.03", zh="测试叶路线三", en="Third test leaf",
                alts='"测试甲"@zh, "test gamma"@en, "TG"@en'),
    LEAF.format(id="R9006", parent="R9002", notation="91.01.04", zh="测试叶路线四", en="Fourth test leaf",
                alts='"测试叶路线"@zh, "test delta"@en, "TD"@en'),
    # a group whose only leaf conflicts with the route that requires the group
    """gtr:R9007 a skos:Concept, gt:TechnologyRoute ; skos:inScheme gtr:scheme ; skos:broader gtr:R9001 ;
    skos:notation "91.02" ; skos:prefLabel "测试路线组二"@zh, "Second test group"@en ;
    skos:definition "测试。"@zh, "A test group."@en .
""",
    LEAF.format(id="R9008", parent="R9007", notation="91.02.01", zh="测试叶路线八", en="Eighth test leaf",
                alts='"测试八"@zh, "test eta"@en, "TE"@en'),
    "gtr:R9004 gt:requires gtr:R9007 .\ngtr:R9008 gt:conflictsWith gtr:R9004 .\n",
    # parent and child both close/exact to one code; two routes exactMatch one code
    f"gtr:R9002 skos:exactMatch {CODE.format('1.1.1')} .\ngtr:R9003 skos:closeMatch {CODE.format('1.1.1')} .\n",
    f"gtr:R9005 skos:exactMatch {CODE.format('1.1.2')} .\ngtr:R9006 skos:exactMatch {CODE.format('1.1.2')} .\n",
])
EXPECTED = {
    ("TAX-LABEL-COLLISION", "gtr:R9003"), ("TAX-LABEL-COLLISION", "gtr:R9005"),
    ("TAX-ALT-IS-PREFLABEL", "gtr:R9006"),
    ("TAX-REQUIRES-UNSATISFIABLE", "gtr:R9004"),
    ("MAP-NESTED-EXACT", "gtr:R9003"),
    ("MAP-EXACT-SHARED", "gtr:R9005"), ("MAP-EXACT-SHARED", "gtr:R9006"),
}
NEW = {c for c, _ in EXPECTED}


def test_each_rule_is_reported_by_both_engines_and_nothing_else(mini):
    path = mini(BROKEN)
    fast = {(f.check, f.focus) for f in validate_files([path], engine="sparql").findings}
    slow = {(f.check, f.focus) for f in validate_files([path], engine="shacl").findings}
    assert fast == slow == EXPECTED


def test_messages_name_the_other_concept_and_the_fix(mini):
    found = validate_files([mini(BROKEN)]).findings
    msg = {(f.check, f.focus): f.message for f in found}
    assert "gtr:R9005" in msg[("TAX-LABEL-COLLISION", "gtr:R9003")] and "测试甲" in msg[("TAX-LABEL-COLLISION", "gtr:R9003")]
    assert "gtr:R9003" in msg[("TAX-ALT-IS-PREFLABEL", "gtr:R9006")]
    assert "gtr:R9002" in msg[("MAP-NESTED-EXACT", "gtr:R9003")] and "broadMatch" in msg[("MAP-NESTED-EXACT", "gtr:R9003")]
    assert "gtr:R9007" in msg[("TAX-REQUIRES-UNSATISFIABLE", "gtr:R9004")]


def test_live_labels_only_and_deprecated_routes_are_left_alone(mini):
    text = BROKEN.replace('skos:notation "91.01.03" ;', 'skos:notation "91.01.03" ; owl:deprecated true ; '
                          'dct:isReplacedBy gtr:R9003 ;')
    found = {(f.check, f.focus) for f in validate_files([mini(text)]).findings if f.check in NEW}
    assert ("TAX-LABEL-COLLISION", "gtr:R9003") not in found
    assert not any(focus == "gtr:R9005" for _, focus in found)


def _kg(path, tmp_path, mappings=None):
    from greentaxo.graph import KnowledgeGraph

    onto = ROOT / "ontology"
    files = [onto / "greentaxo.ttl", *sorted((onto / "scenarios").glob("*.ttl")), path]
    return KnowledgeGraph.from_files(files, ROOT, mappings or [])


def test_quality_reports_the_same_findings(mini, tmp_path):
    from greentaxo.quality.report import run

    kg = _kg(mini(BROKEN), tmp_path)
    found = {(f.check, f.focus) for f in run(kg, only=sorted(NEW)) if f.check in NEW}
    assert found == EXPECTED


def test_requires_chain_the_solver_cannot_satisfy(mini, tmp_path):
    """A route that requires a group whose every leaf conflicts with something it needs: a chain, so the
    one-step shape rule does not see it; the solver does."""
    from greentaxo.quality.report import run

    text = MINI + LEAF.format(id="R9005", parent="R9002", notation="91.01.03", zh="测试叶路线三", en="Third test leaf",
                              alts='"测试丙"@zh, "test gamma"@en, "TG"@en')
    text += "gtr:R9003 gt:requires gtr:R9004 .\ngtr:R9004 gt:requires gtr:R9005 .\ngtr:R9005 gt:conflictsWith gtr:R9003 .\n"
    kg = _kg(mini(text), tmp_path)
    found = run(kg, only=["QS-REQUIRES-INFEASIBLE"])
    assert [f.focus for f in found] == ["gtr:R9003"]
    assert "route-relations.ttl" in found[0].message
    assert not [f for f in validate_files([mini(text)]).findings if f.check == "TAX-REQUIRES-UNSATISFIABLE"]


def test_noterm_rows_must_use_related_match(mini, tmp_path):
    from greentaxo.mappings.check import check_mappings

    head = (ROOT / "mappings" / "gigc2019.sssom.tsv").read_text(encoding="utf-8").split("subject_id\t")[0]
    cols = "subject_id\tsubject_label\tpredicate_id\tpredicate_modifier\tobject_id\tobject_label\t" \
           "mapping_justification\tconfidence\tauthor_id\tcomment\n"
    tail = "\t\tsssom:NoTermFound\t\tsemapv:ManualMappingCuration\t0.9\tgtteam:editors\tnone\n"
    rows = ["gtr:R9003\t测试叶路线\tskos:relatedMatch" + tail, "gtr:R9004\t测试叶路线二\tskos:closeMatch" + tail]
    tsv = tmp_path / "gigc2019.sssom.tsv"
    tsv.write_text(head + cols + "".join(rows), encoding="utf-8")
    kg = _kg(mini(), tmp_path, [tsv])
    hits = [f for f in check_mappings(kg) if f.check == "MAP-NOTERM-PREDICATE"]
    assert [f.focus for f in hits] == ["gtr:R9004"]
    assert "relatedMatch" in hits[0].message and hits[0].source.endswith(f"gigc2019.sssom.tsv:{len(head.splitlines()) + 3}")

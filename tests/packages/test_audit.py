"""`greentaxo package --check` (greentaxo.packages.audit): the bundle is clean, and each kind of broken
package data is reported with the scenario or route at fault."""
from __future__ import annotations

from greentaxo import paths
from greentaxo.graph import KnowledgeGraph
from greentaxo.packages.audit import audit, requires_dead_ends
from tests.support import run_cli

BROKEN = """@prefix gt: <https://w3id.org/greentaxo/def#> .
@prefix gtr: <https://w3id.org/greentaxo/route/> .
@prefix gtx: <https://w3id.org/greentaxo/scenario/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

gtx:F999 a gt:Function ; skos:prefLabel "无人提供的功能"@zh, "A function nobody provides"@en ;
    skos:definition "测试用。"@zh, "For tests."@en .
gtr:R0644 gt:needsFunction gtx:F999 .
gtx:S003 skos:related gtr:R0418 .
gtx:S999 a gt:Scenario ; skos:prefLabel "测试"@zh, "Test"@en ; gt:requiresFunction gtx:F999 ;
    gt:plantType gtx:P006 ; gt:scale "site" ; gt:trlFloor 7 .
"""


def test_bundle_has_no_findings(kg):
    assert audit(kg) == []


def test_each_kind_of_fault_is_found(tmp_path):
    extra = tmp_path / "broken.ttl"
    extra.write_text(BROKEN, encoding="utf-8")
    root = paths.home()
    kg = KnowledgeGraph.from_files(paths.ontology_files(root) + [extra], root)
    found = {(f.check, f.focus) for f in audit(kg)}
    assert ("PKG-AUDIT-REQUIRES-DEAD-END", "gtr:R0644") in found
    assert ("PKG-AUDIT-FIT-NOT-APPLICABLE", "gtx:S003") in found
    assert ("PKG-AUDIT-SCENARIO-INFEASIBLE", "gtx:S999") in found
    assert ("PKG-AUDIT-SCENARIO-INFEASIBLE", "gtx:S003") not in found      # cement falls back to another route
    dead = requires_dead_ends(kg)
    assert [f.focus for f in dead] == ["gtr:R0644"] and "F999" in dead[0].message


def test_cli_check():
    ok = run_cli("package", "--check")
    assert ok.returncode == 0 and "no findings" in ok.stdout
    bad = run_cli("package", "--check", "S001")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "--check" in bad.stderr

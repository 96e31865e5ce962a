"""Quality report: each check fires on a fixture built to break it, and the bundle has no errors."""
from __future__ import annotations

import json

import pytest

from greentaxo.graph import KnowledgeGraph
from greentaxo.quality.report import fails, run, to_html
from tests.support import MINI, ROOT, run_cli


def _kg(mini, text):
    path = mini(text)
    return KnowledgeGraph.from_files([ROOT / "ontology" / "greentaxo.ttl", ROOT / "ontology" / "scenarios" / "functions.ttl",
                                      path], ROOT)


def test_mini_is_clean(mini):
    assert [f for f in run(_kg(mini, MINI)) if f.severity == "error"] == []


CASES = [
    ("QS-DISJOINT-LABELS", "gtr:R9003", '"test alpha"@en', '"Test leaf route"@en'),
    ("QS-OVERLAPPING-LABELS", "gtr:R9003", '"test beta"@en', '"Test Alpha"@en'),   # the same after folding
    ("QS-HIERARCHY-REDUNDANCY", "gtr:R9003", "skos:broader gtr:R9002 ;\n    skos:notation \"91.01.01\"",
     "skos:broader gtr:R9002, gtr:R9001 ;\n    skos:notation \"91.01.01\""),
    ("QS-RELATION-CLASH", "gtr:R9002", "gt:providesFunction gtx:F001 .",
     "gt:providesFunction gtx:F001 ; gt:complements gtr:R9002 ."),
    ("QS-UNDEFINED-RESOURCE", "gtr:R9003", "gt:providesFunction gtx:F001 .",
     "gt:providesFunction gtx:F001 ; gt:requires gtr:R7777 ."),
    ("QS-ORPHAN", "gtr:R9004", "skos:broader gtr:R9002 ;\n    skos:notation \"91.01.02\"", "skos:notation \"91.01.02\""),
    ("QS-CYCLE", "gtr:R9002", 'skos:notation "91" ;', 'skos:notation "91" ; skos:broader gtr:R9003 ;'),
    ("QS-MISSING-DEFINITION", "gtr:R9003", '"用于测试的叶路线。"@zh, ', ""),
    ("QS-INCOMPLETE-LANGUAGE", "gtr:R9003", 'skos:altLabel "测试甲"@zh, "test alpha"@en, "TA"@en ;',
     'skos:altLabel "test alpha"@en, "TA"@en, "T-A"@en ;'),
    ("LBL-WHITESPACE", "gtr:R9003", '"test alpha"@en', '"test  alpha"@en'),
    ("LBL-DUPLICATE-SYNONYM", "gtr:R9003", '"TA"@en', '"TEST ALPHAS"@en'),
    ("LBL-FORMATTING", "gtr:R9003", '"Test leaf route"@en', '"test leaf route."@en'),
]


@pytest.mark.parametrize("code,focus,old,new", CASES, ids=[c[0] for c in CASES])
def test_check_fires(mini, code, focus, old, new):
    assert old in MINI
    found = [f for f in run(_kg(mini, MINI.replace(old, new, 1))) if f.check == code]
    assert found and any(f.focus == focus for f in found), [f.line() for f in found]
    assert all(f.message for f in found)


def test_fail_on_levels(mini):
    findings = run(_kg(mini, MINI.replace('"TA"@en', '"TEST ALPHAS"@en')))
    assert not fails(findings, "error") and fails(findings, "warning")
    assert "LBL-DUPLICATE-SYNONYM" in to_html(findings)


def test_bundle_has_no_errors_and_cli_formats(tmp_path):
    r = run_cli("quality", "--format", "json")
    assert r.returncode == 0, r.stdout[-2000:]
    d = json.loads(r.stdout)
    assert "error" not in d["summary"]
    out = tmp_path / "q.html"
    r = run_cli("quality", "--format", "html", "--output", str(out), "--fail-on", "error")
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")
    r = run_cli("quality", "--check", "NOPE")
    assert r.returncode == 2 and "unknown" in r.stderr

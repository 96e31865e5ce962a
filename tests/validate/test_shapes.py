"""Every SHACL rule has a fixture that breaks it on purpose, and the report names the rule, concept and fix."""
from __future__ import annotations

import pytest

from greentaxo.validate.runner import validate_files
from tests.support import MINI


def test_mini_taxonomy_conforms(mini):
    report = validate_files([mini()])
    assert report.conforms, [f.line() for f in report.findings]


BREAKS = [
    # (check code, concept reported, replace this, with this, words the message must contain)
    ("TAX-PREFLABEL-ZH", "gtr:R9003", '"测试叶路线"@zh, ', "", "Chinese preferred label"),
    ("TAX-PREFLABEL-ZH", "gtr:R9003", '"测试叶路线"@zh, ', '"测试叶路线"@zh, "另一个名字"@zh, ', "exactly one"),
    ("TAX-PREFLABEL-EN", "gtr:R9003", ', "Test leaf route"@en', "", "English preferred label"),
    ("TAX-DEFINITION-ZH", "gtr:R9003", '"用于测试的叶路线。"@zh, ', "", "Chinese definition"),
    ("TAX-DEFINITION-EN", "gtr:R9003", ', "A leaf route used in tests."@en', "", "English definition"),
    ("TAX-NOTATION", "gtr:R9003", 'skos:notation "91.01.01" ;', "", "notation"),
    ("TAX-NOTATION", "gtr:R9003", '"91.01.01"', '"91.01.1a"', "two-digit"),
    ("TAX-IN-SCHEME", "gtr:R9003", "skos:inScheme gtr:scheme ; skos:broader gtr:R9002 ;\n    skos:notation \"91.01.01\"",
     "skos:broader gtr:R9002 ;\n    skos:notation \"91.01.01\"", "route scheme"),
    ("TAX-LABEL-UNTAGGED", "gtr:R9003", '"test alpha"@en', '"test alpha"', "language tag"),
    ("TAX-LABEL-WHITESPACE", "gtr:R9003", '"test alpha"@en', '" test alpha"@en', "spaces"),
    ("TAX-LABEL-WHITESPACE", "gtr:R9003", '"test alpha"@en', '""@en', "empty"),
    ("TAX-BROADER-UNKNOWN", "gtr:R9003", "skos:broader gtr:R9002 ;\n    skos:notation \"91.01.01\"",
     "skos:broader gtr:R8888 ;\n    skos:notation \"91.01.01\"", "not a route"),
    ("TAX-TRL-RANGE", "gtr:R9003", "gt:trlMin 5", "gt:trlMin 0", "1 to 9"),
    ("TAX-TRL-RANGE", "gtr:R9003", "gt:trlMin 5 ; gt:trlMax 7", "gt:trlMin 8 ; gt:trlMax 7", "above its maximum"),
    ("TAX-TRL-RANGE", "gtr:R9003", "gt:trlMax 7", "gt:trlMax 12", "1 to 9"),
    ("TAX-FUNCTION-UNKNOWN", "gtr:R9003", "gtx:F001", "gtx:F999", "functions.ttl"),
    ("TAX-LEAF-ALTLABELS", "gtr:R9003", 'skos:altLabel "测试甲"@zh, "test alpha"@en, "TA"@en ;', 'skos:altLabel "TA"@en ;',
     "fewer than 3"),
    ("TAX-LEAF-TRL", "gtr:R9003", "gt:trlMin 5 ; gt:trlMax 7 ;", "", "technology readiness"),
    ("TAX-LEAF-FUNCTION", "gtr:R9003", "; gt:providesFunction gtx:F001 .", ".", "provides no function"),
    ("TAX-TOP-BROADER", "gtr:R9001", 'skos:notation "91" ;', 'skos:notation "91" ; skos:broader gtr:R9002 ;',
     "top concept"),
    ("TAX-CYCLE", "gtr:R9002", 'skos:notation "91" ;', 'skos:notation "91" ; skos:broader gtr:R9002 ;', "own ancestor"),
    ("TAX-DUPLICATE-PREFLABEL", "gtr:R9004", '"测试叶路线二"@zh', '"测试叶路线"@zh', "shares the preferred label"),
    ("TAX-DUPLICATE-NOTATION", "gtr:R9004", '"91.01.02"', '"91.01.01"', "shares the notation"),
    ("TAX-NOTATION-PREFIX", "gtr:R9004", '"91.01.02"', '"92.01.02"', "does not start with its parent"),
    ("TAX-ORPHAN", "gtr:R9004", "skos:broader gtr:R9002 ;\n    skos:notation \"91.01.02\"", "skos:notation \"91.01.02\"",
     "no broader concept"),
    ("TAX-DEPRECATED-NO-REPLACEMENT", "gtr:R9004", "gt:trlMin 3", "owl:deprecated true ; gt:trlMin 3",
     "without dct:isReplacedBy"),
    # sense rules: an ambiguous label needs context words, and context words need an ambiguous label
    ("TAX-SENSE-NO-CONTEXT", "gtr:R9003", "gt:trlMin 5", 'gt:ambiguousLabel "engine"@en ; gt:trlMin 5',
     "no context words"),
    ("TAX-SENSE-NO-LABEL", "gtr:R9003", "gt:trlMin 5", 'gt:requiresContext "hydrogen"@en ; gt:trlMin 5',
     "no ambiguous label"),
    ("TAX-LABEL-UNTAGGED", "gtr:R9003", "gt:trlMin 5",
     'gt:ambiguousLabel "engine" ; gt:requiresContext "hydrogen"@en ; gt:trlMin 5', "language tag"),
    ("TAX-LABEL-UNTAGGED", "gtr:R9003", "gt:trlMin 5", 'gt:excludedBy "diesel" ; gt:trlMin 5', "language tag"),
    ("TAX-LABEL-WHITESPACE", "gtr:R9003", "gt:trlMin 5", 'gt:excludedBy "diesel "@en ; gt:trlMin 5', "spaces"),
    ("TAX-LABEL-UNTAGGED", "gtr:R9003", "gt:trlMin 5", 'gt:vetoedBy "TGIC" ; gt:trlMin 5', "language tag"),
]


@pytest.mark.parametrize("check,focus,old,new,words", BREAKS, ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKS)])
def test_each_rule_is_reported(mini, check, focus, old, new, words):
    """With the default engine; test_engines_agree holds pyshacl to the same findings."""
    assert old in MINI, f"fixture edit not applicable: {old!r}"
    report = validate_files([mini(MINI.replace(old, new, 1))])
    hits = [f for f in report.findings if f.check == check]
    assert hits, f"{check} not reported; got {[f.line() for f in report.findings]}"
    assert any(f.focus == focus and words in f.message for f in hits), [f.line() for f in hits]
    assert not report.conforms


@pytest.mark.parametrize("check,focus,old,new,words", BREAKS, ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKS)])
def test_engines_agree(mini, check, focus, old, new, words):
    """The SPARQL mirror and pyshacl report the same (check, concept) pairs."""
    path = mini(MINI.replace(old, new, 1))
    fast = {(f.check, f.focus) for f in validate_files([path], engine="sparql").findings}
    slow = {(f.check, f.focus) for f in validate_files([path], engine="shacl").findings}
    assert fast == slow


def test_every_shape_has_a_mirror_rule():
    from rdflib import URIRef

    from greentaxo.validate.mirror import RULES
    from greentaxo.validate.runner import _graph
    from tests.support import ROOT

    shapes = _graph([ROOT / "shapes" / "taxonomy.ttl"])
    names = {str(o) for o in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#name"))}
    sparql = URIRef("http://www.w3.org/ns/shacl#sparql")
    graphwide = {str(shapes.value(c, URIRef("http://www.w3.org/ns/shacl#name"))) for c in shapes.objects(None, sparql)}
    assert names == {r.check for r in RULES} | graphwide     # graph-wide SPARQL runs as written on pyoxigraph
    assert not graphwide & {r.check for r in RULES}


def test_points_to_deprecated(mini):
    text = MINI.replace("gt:trlMin 3", "owl:deprecated true ; dct:isReplacedBy gtr:R9003 ; gt:trlMin 3")
    text = text.replace("gt:providesFunction gtx:F001 .", "gt:providesFunction gtx:F001 ; gt:alternativeTo gtr:R9004 .")
    report = validate_files([mini(text)])
    hits = [f for f in report.findings if f.check == "TAX-POINTS-TO-DEPRECATED"]
    assert hits and hits[0].focus == "gtr:R9003" and "gtr:R9004" in hits[0].message


def test_deprecated_with_replacement_is_fine(mini):
    text = MINI.replace("gt:trlMin 3", "owl:deprecated true ; dct:isReplacedBy gtr:R9003 ; gt:trlMin 3")
    report = validate_files([mini(text)])
    assert not [f for f in report.findings if f.check == "TAX-DEPRECATED-NO-REPLACEMENT"]

"""Each package shape (shapes/packages.ttl) broken on purpose: the report names the check, the focus
and the fix. The fixture adds the scheme's own label, which switches on the whole-scheme rules."""
from __future__ import annotations

import pytest

from greentaxo.validate.runner import validate_files
from tests.support import MINI

S = "https://w3id.org/greentaxo/scenario/S901"

PKG = MINI.replace("gtr:scheme a skos:ConceptScheme .",
                   'gtr:scheme a skos:ConceptScheme ; skos:prefLabel "测试分类"@zh, "Test scheme"@en .') + """
gtx:S901 a gt:Scenario ;
    skos:prefLabel "测试场景"@zh, "Test scenario"@en ;
    skos:definition "用于测试的场景。"@zh, "A scenario used in tests."@en ;
    gt:requiresFunction gtx:F001 ;
    gt:optionalFunction gtx:F002 ;
    skos:related gtr:R9003 ;
    gt:plantType gtx:P001 ; gt:scale "site" ; gt:trlFloor 7 ;
    gt:exclusion [ gt:route gtr:R9004 ; skos:note "not at this site"@en ] .
"""


def _pkg_findings(report, focus=None):
    return [f for f in report.findings if f.check.startswith("PKG-") and (focus is None or f.focus == focus)]


def test_fixture_is_clean_for_its_own_nodes(mini):
    report = validate_files([mini(PKG)])
    own = [f for f in report.findings if f.focus in (S, "gtr:R9003", "gtr:R9004")
           or f.focus.endswith(("/F001", "/F002"))]
    assert not own, [f.line() for f in own]


def test_whole_scheme_rules_stay_off_for_a_partial_file(mini):
    """Without the scheme's description, the bundled scenarios are not reported as uncovered."""
    report = validate_files([mini(MINI)])
    assert not _pkg_findings(report), [f.line() for f in _pkg_findings(report)]
    assert report.conforms


BREAKS = [
    # (check, focus, replace this, with this, words the message must contain)
    ("PKG-SCENARIO-ID", "https://w3id.org/greentaxo/scenario/cement", "gtx:S901 a", "gtx:cement a", "three digits"),
    ("PKG-SCENARIO-PREFLABEL-ZH", S, '"测试场景"@zh, ', "", "Chinese preferred label"),
    ("PKG-SCENARIO-PREFLABEL-EN", S, ', "Test scenario"@en', "", "English preferred label"),
    ("PKG-SCENARIO-PREFLABEL-EN", S, '"Test scenario"@en', '"Test scenario"@en, "Other"@en', "exactly one"),
    ("PKG-SCENARIO-DEFINITION-ZH", S, '"用于测试的场景。"@zh, ', "", "Chinese description"),
    ("PKG-SCENARIO-DEFINITION-EN", S, ', "A scenario used in tests."@en', "", "English description"),
    ("PKG-SCENARIO-NO-FUNCTION", S, "gt:requiresFunction gtx:F001 ;", "", "requires no function"),
    ("PKG-SCENARIO-FUNCTION-UNKNOWN", S, "gt:requiresFunction gtx:F001", "gt:requiresFunction gtx:F999", "functions.ttl"),
    ("PKG-SCENARIO-FUNCTION-UNKNOWN", S, "gt:optionalFunction gtx:F002", "gt:optionalFunction gtx:F998", "functions.ttl"),
    ("PKG-SCENARIO-FUNCTION-TWICE", S, "gt:optionalFunction gtx:F002", "gt:optionalFunction gtx:F001",
     "required and as optional"),
    ("PKG-SCENARIO-UNCOVERED", S, "gt:requiresFunction gtx:F001", "gt:requiresFunction gtx:F003",
     "requires gtx:F003, which no live route"),
    ("PKG-SCENARIO-UNCOVERED", S, "gt:trlMin 5 ; gt:trlMax 7 ; gt:providesFunction gtx:F001",
     "owl:deprecated true ; dct:isReplacedBy gtr:R9004 ; gt:trlMin 5 ; gt:trlMax 7 ; gt:providesFunction gtx:F001",
     "no live route"),
    ("PKG-SCENARIO-RELATED-UNKNOWN", S, "skos:related gtr:R9003", "skos:related gtr:R8888", "not a live route"),
    ("PKG-FUNCTION-PREFLABEL-ZH", "https://w3id.org/greentaxo/scenario/F901", "gtx:S901 a",
     'gtx:F901 a gt:Function ; skos:prefLabel "Test function"@en ; skos:definition "x"@en, "测"@zh .\ngtx:S901 a',
     "Chinese preferred label"),
    ("PKG-FUNCTION-PREFLABEL-EN", "https://w3id.org/greentaxo/scenario/F901", "gtx:S901 a",
     'gtx:F901 a gt:Function ; skos:prefLabel "测试功能"@zh ; skos:definition "x"@en, "测"@zh .\ngtx:S901 a',
     "English preferred label"),
    ("PKG-FUNCTION-DEFINITION", "https://w3id.org/greentaxo/scenario/F901", "gtx:S901 a",
     'gtx:F901 a gt:Function ; skos:prefLabel "测试功能"@zh, "Test function"@en ; skos:definition "x"@en .\ngtx:S901 a',
     "in Chinese and in English"),
    ("PKG-REL-SELF", "gtr:R9003", "gt:providesFunction gtx:F001 .", "gt:providesFunction gtx:F001 ; gt:complements gtr:R9003 .",
     "related to itself by gt:complements"),
    ("PKG-REL-TARGET-UNKNOWN", "gtr:R9003", "gt:providesFunction gtx:F001 .",
     "gt:providesFunction gtx:F001 ; gt:requires gtr:R8888 .", "not a route of the taxonomy"),
    ("PKG-REL-REQUIRES-CONFLICT", "gtr:R9003", "gt:providesFunction gtx:F001 .",
     "gt:providesFunction gtx:F001 ; gt:requires gtr:R9004 .\ngtr:R9004 gt:conflictsWith gtr:R9003 .", "can never be used"),
    ("PKG-REL-CONFLICT-COMPLEMENT", "gtr:R9003", "gt:providesFunction gtx:F001 .",
     "gt:providesFunction gtx:F001 ; gt:conflictsWith gtr:R9004 .\ngtr:R9004 gt:complements gtr:R9003 .", "keep one relation"),
    # applicability: the scenario's site and the routes' limits
    ("PKG-SCENARIO-PLANT-TYPE", S, "gt:plantType gtx:P001 ;", "", "gt:plantType"),
    ("PKG-SCENARIO-PLANT-TYPE", S, "gt:plantType gtx:P001", "gt:plantType gtx:F001", "plant types"),
    ("PKG-SCENARIO-SCALE", S, 'gt:scale "site"', 'gt:scale "factory"', "exactly one gt:scale"),
    ("PKG-SCENARIO-SCALE", S, 'gt:scale "site" ;', "", "exactly one gt:scale"),
    ("PKG-SCENARIO-TRL-FLOOR", S, "gt:trlFloor 7", "gt:trlFloor 12", "1 to 9"),
    ("PKG-SCENARIO-TRL-FLOOR", S, "gt:trlFloor 7", 'gt:trlFloor "seven"', "1 to 9"),
    ("PKG-SCENARIO-EXCLUSION", S, '; skos:note "not at this site"@en', "", "English reason"),
    ("PKG-SCENARIO-EXCLUSION", S, "gt:route gtr:R9004 ;", "", "exactly one route"),
    ("PKG-EXCLUSION-UNKNOWN", S, "gt:route gtr:R9004", "gt:route gtr:R8888", "not a live route"),
    ("PKG-PLANT-TYPE-ID", "https://w3id.org/greentaxo/scenario/steelworks", "gtx:S901 a",
     'gtx:steelworks a gt:PlantType ; skos:prefLabel "钢厂"@zh, "Steelworks"@en ;'
     ' skos:definition "钢厂。"@zh, "A steelworks."@en .\ngtx:S901 a',
     "three digits"),
    ("PKG-PLANT-TYPE-PREFLABEL-EN", "https://w3id.org/greentaxo/scenario/P901", "gtx:S901 a",
     'gtx:P901 a gt:PlantType ; skos:prefLabel "钢厂"@zh ; skos:definition "钢厂。"@zh, "A steelworks."@en .\ngtx:S901 a',
     "English preferred label"),
    ("PKG-PLANT-TYPE-DEFINITION", "https://w3id.org/greentaxo/scenario/P901", "gtx:S901 a",
     'gtx:P901 a gt:PlantType ; skos:prefLabel "钢厂"@zh, "Steelworks"@en .\ngtx:S901 a', "definition in Chinese and in English"),
    ("PKG-PLANT-TYPE-SECTOR", "https://w3id.org/greentaxo/scenario/P901", "gtx:S901 a",
     'gtx:P901 a gt:PlantType ; skos:prefLabel "钢厂"@zh, "Steelworks"@en ; skos:definition "钢厂。"@zh, "A steelworks."@en ;'
     ' gt:sector <https://w3id.org/greentaxo/code/nace2/C24.10> .\ngtx:S901 a', "GB/T 4754-2017"),
    ("PKG-APPLICABLE-SECTOR", "gtr:R9003", "gt:providesFunction gtx:F001 .",
     'gt:providesFunction gtx:F001 ; gt:applicableSector "3011" .', "not a GB/T 4754-2017 code"),
    ("PKG-APPLICABLE-PLANT-TYPE", "gtr:R9003", "gt:providesFunction gtx:F001 .",
     "gt:providesFunction gtx:F001 ; gt:applicablePlantType gtx:P999 .", "not defined as a gt:PlantType"),
    ("PKG-APPLICABLE-SCALE", "gtr:R9003", "gt:providesFunction gtx:F001 .",
     'gt:providesFunction gtx:F001 ; gt:applicableScale "continent" .', "not one of building"),
    ("PKG-APPLICABLE-NOT-A-ROUTE", "https://w3id.org/greentaxo/scenario/F001", "gtx:S901 a",
     'gtx:F001 gt:applicableScale "site" .\ngtx:S901 a', "not a route of the taxonomy"),
    ("PKG-NEEDS-FUNCTION-UNKNOWN", "gtr:R9003", "gt:providesFunction gtx:F001 .",
     "gt:providesFunction gtx:F001 ; gt:needsFunction gtx:F999 .", "functions.ttl"),
    ("PKG-FUNCTION-BROADER", "https://w3id.org/greentaxo/scenario/F901", "gtx:S901 a",
     'gtx:F901 a gt:Function ; skos:prefLabel "测试功能"@zh, "Test function"@en ; skos:definition "x"@en, "测"@zh ;'
     ' skos:broader gtr:R9003 .\ngtx:S901 a', "not a function"),
    ("PKG-FUNCTION-CYCLE", "https://w3id.org/greentaxo/scenario/F901", "gtx:S901 a",
     'gtx:F901 a gt:Function ; skos:prefLabel "测试功能"@zh, "Test function"@en ; skos:definition "x"@en, "测"@zh ;'
     ' skos:broader gtx:F902 .\ngtx:F902 a gt:Function ; skos:prefLabel "测试功能二"@zh, "Test function 2"@en ;'
     ' skos:definition "y"@en, "测二"@zh ; skos:broader gtx:F901 .\ngtx:S901 a', "remove one link"),
]


@pytest.mark.parametrize("check,focus,old,new,words", BREAKS, ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKS)])
def test_each_package_rule_is_reported(mini, check, focus, old, new, words):
    assert old in PKG, f"fixture edit not applicable: {old!r}"
    report = validate_files([mini(PKG.replace(old, new, 1))])
    hits = [f for f in report.findings if f.check == check]
    assert any(f.focus == focus and words in f.message for f in hits), \
        [f.line() for f in report.findings if f.check.startswith("PKG-")][:10]
    assert not report.conforms


def test_unprovided_function_is_a_warning_only(mini):
    report = validate_files([mini(PKG)])
    hits = [f for f in report.findings if f.check == "PKG-FUNCTION-UNPROVIDED"]
    foci = {f.focus.rsplit("/", 1)[-1] for f in hits}
    assert "F003" in foci and "F001" not in foci and "F002" not in foci
    assert all(f.severity == "warning" for f in hits)


def test_a_narrower_function_covers_the_broader_one(mini):
    """A scenario needing flue-gas control (F035) is covered by a route that only removes SO2 (F063)."""
    text = PKG.replace("gt:requiresFunction gtx:F001", "gt:requiresFunction gtx:F035").replace(
        "gt:trlMin 5 ; gt:trlMax 7 ; gt:providesFunction gtx:F001", "gt:trlMin 5 ; gt:trlMax 7 ; gt:providesFunction gtx:F063")
    report = validate_files([mini(text)])
    assert not [f for f in report.findings if f.check == "PKG-SCENARIO-UNCOVERED" and f.focus == S]


def test_alternatives_with_no_shared_function_are_a_warning(mini):
    text = PKG.replace("gt:providesFunction gtx:F001 .", "gt:providesFunction gtx:F001 ; gt:alternativeTo gtr:R9004 .", 1)
    report = validate_files([mini(text)])
    hits = [f for f in report.findings if f.check == "PKG-REL-ALTERNATIVE-DISJOINT" and f.focus == "gtr:R9003"]
    assert hits and all(f.severity == "warning" for f in hits)
    shared = text.replace("gt:trlMin 3 ; gt:trlMax 4 ; gt:providesFunction gtx:F002",
                          "gt:trlMin 3 ; gt:trlMax 4 ; gt:providesFunction gtx:F001")
    report = validate_files([mini(shared)])
    assert not [f for f in report.findings if f.check == "PKG-REL-ALTERNATIVE-DISJOINT" and f.focus == "gtr:R9003"]

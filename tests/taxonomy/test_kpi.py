"""Key performance indicators and facet concepts: shapes (both engines), loading, describe() and the writer."""
from __future__ import annotations

from greentaxo.validate.runner import validate_files
from tests.conftest import MINI

EXTRA = """
@prefix gtk: <https://w3id.org/greentaxo/kpi/> .
@prefix gtf: <https://w3id.org/greentaxo/facet/> .

gtk:R9003-test_efficiency a gt:KeyPerformanceIndicator ; gt:kpiOf gtr:R9003 ;
    skos:prefLabel "测试效率"@zh, "Test efficiency"@en ; gt:metric "test_efficiency" ; gt:unit "percent" ;
    gt:direction "higher" ; gt:typicalMin 60.0 ; gt:typicalMax 80.0 ; dct:source "test survey 2025" ;
    gt:hasThreshold gtk:R9003-test_efficiency-bar .

gtk:R9003-test_efficiency-bar a gt:KPIThreshold ; gt:comparator ">=" ; gt:threshold 65.0 ; gt:unit "percent" ;
    dct:source "test catalogue, item 1.1.1" ; gt:setBy <https://w3id.org/greentaxo/code/gfspc2025/1.1.1> .

gtf:scheme a skos:ConceptScheme .

gtf:F9001 a skos:Concept, gt:FacetConcept, gt:BusinessModel ; skos:inScheme gtf:scheme ; skos:topConceptOf gtf:scheme ;
    skos:notation "B91" ; skos:prefLabel "测试模式"@zh, "Test business model"@en ;
    skos:definition "用于测试的商业模式。"@zh, "A business model used in tests."@en ; gt:involvesRoute gtr:R9003 .
"""
FULL = MINI + EXTRA

BREAKS = [
    ("TAX-KPI-ROUTE", "gtk:R9003-test_efficiency", "gt:kpiOf gtr:R9003 ;", ""),
    ("TAX-KPI-ROUTE", "gtk:R9003-test_efficiency", "gt:kpiOf gtr:R9003 ;", "gt:kpiOf gtr:R8888 ;"),
    ("TAX-KPI-LABEL", "gtk:R9003-test_efficiency", '"测试效率"@zh, ', ""),
    ("TAX-KPI-METRIC", "gtk:R9003-test_efficiency", '"test_efficiency"', '"Test Efficiency"'),
    ("TAX-KPI-UNIT", "gtk:R9003-test_efficiency", 'gt:unit "percent" ;\n    gt:direction', "gt:direction"),
    ("TAX-KPI-DIRECTION", "gtk:R9003-test_efficiency", '"higher"', '"up"'),
    ("TAX-KPI-RANGE", "gtk:R9003-test_efficiency", "gt:typicalMin 60.0", "gt:typicalMin 90.0"),
    ("TAX-KPI-RANGE", "gtk:R9003-test_efficiency", "gt:typicalMin 60.0", "gt:typicalMin 60"),
    ("TAX-KPI-SOURCE", "gtk:R9003-test_efficiency", 'dct:source "test survey 2025" ;', ""),
    ("TAX-KPI-THRESHOLD", "gtk:R9003-test_efficiency-bar", 'gt:comparator ">="', 'gt:comparator "at least"'),
    ("TAX-KPI-THRESHOLD", "gtk:R9003-test_efficiency-bar", "gt:threshold 65.0 ;", ""),
    ("TAX-KPI-THRESHOLD", "gtk:R9003-test_efficiency-bar", 'dct:source "test catalogue, item 1.1.1" ;', ""),
    ("TAX-KPI-UNIT-MISMATCH", "gtk:R9003-test_efficiency-bar", 'gt:threshold 65.0 ; gt:unit "percent"',
     'gt:threshold 65.0 ; gt:unit "dimensionless"'),
    ("TAX-KPI-ROUTE-DEPRECATED", "gtk:R9003-test_efficiency", "gt:trlMin 5 ; gt:trlMax 7 ;",
     'gt:trlMin 5 ; gt:trlMax 7 ; owl:deprecated true ; gt:deprecationReason "test" ;'),
    ("TAX-FACET-LABEL", "gtf:F9001", '"测试模式"@zh, ', ""),
    ("TAX-FACET-DEFINITION", "gtf:F9001", '"A business model used in tests."@en', '"用于测试。"@zh'),
    ("TAX-FACET-SCHEME", "gtf:F9001", "skos:inScheme gtf:scheme ; skos:topConceptOf", "skos:topConceptOf"),
    ("TAX-FACET-KIND", "gtf:F9001", "gt:FacetConcept, gt:BusinessModel", "gt:FacetConcept"),
    ("TAX-FACET-KIND", "gtf:F9001", "gt:FacetConcept, gt:BusinessModel", "gt:FacetConcept, gt:BusinessModel, gt:ProjectType"),
    ("TAX-FACET-ROUTE", "gtf:F9001", "gt:involvesRoute gtr:R9003", "gt:involvesRoute gtr:R8888"),
]


def test_full_fixture_conforms(mini):
    for engine in ("sparql", "shacl"):
        report = validate_files([mini(FULL)], engine=engine)
        assert report.conforms, (engine, [f.line() for f in report.findings])


def _broken_copies() -> tuple[str, set[tuple[str, str]]]:
    """One file holding the valid fixture plus, for each break, a renamed copy of the indicator and facet
    broken that one way: both engines run once over all of them (a run costs ~1.5 s)."""
    text, expected = FULL, set()
    for i, (check, focus, old, new) in enumerate(BREAKS):
        if check == "TAX-KPI-ROUTE-DEPRECATED":
            continue            # it breaks the route, not the copy; tested on its own below
        assert old in EXTRA, f"fixture edit not applicable: {old!r}"
        copy = EXTRA.split("gtf:scheme a skos:ConceptScheme .")
        copy = (copy[0] + copy[1]).replace("@prefix", "# @prefix")
        copy = copy.replace(old, new, 1).replace("R9003-test_efficiency", f"R9003-test_efficiency{i}")
        copy = copy.replace("gtf:F9001", f"gtf:F90{i:02d}").replace('"B91"', f'"B9{i:02d}"')
        text += copy
        expected.add((check, focus.replace("R9003-test_efficiency", f"R9003-test_efficiency{i}")
                      .replace("gtf:F9001", f"gtf:F90{i:02d}")))
    return text, expected


def test_each_rule_is_reported_by_both_engines(mini):
    text, expected = _broken_copies()
    path = mini(text)
    fast = validate_files([path], engine="sparql")
    slow = validate_files([path], engine="shacl")
    found = {(f.check, f.focus) for f in fast.findings}
    assert expected <= found, sorted(expected - found)
    assert found == {(f.check, f.focus) for f in slow.findings}
    assert all("{?" not in f.message and len(f.message) > 30 for f in fast.findings)


def test_indicator_of_a_deprecated_route_is_reported(mini):
    (check, focus, old, new), = [b for b in BREAKS if b[0] == "TAX-KPI-ROUTE-DEPRECATED"]
    path = mini(FULL.replace(old, new, 1))
    for engine in ("sparql", "shacl"):
        assert (check, focus) in {(f.check, f.focus) for f in validate_files([path], engine=engine).findings}


def test_kpis_and_facets_load_and_describe(mini, tmp_path):
    from greentaxo.graph import KnowledgeGraph
    from tests.conftest import ROOT

    kg = KnowledgeGraph.from_files([ROOT / "ontology" / "greentaxo.ttl", mini(FULL)], tmp_path)
    d = kg.describe("gtr:R9003")
    (k,) = d["kpis"]
    assert (k["metric"], k["unit"], k["direction"], k["typicalMin"], k["typicalMax"]) == (
        "test_efficiency", "percent", "higher", 60.0, 80.0)
    (t,) = k["thresholds"]
    assert (t["comparator"], t["threshold"], t["setBy"]) == (">=", 65.0, ["https://w3id.org/greentaxo/code/gfspc2025/1.1.1"])
    assert kg.describe("gtr:R9004")["kpis"] == []
    f = kg.facets["https://w3id.org/greentaxo/facet/F9001"]
    assert (f.kind, f.routes) == ("business model", ["https://w3id.org/greentaxo/route/R9003"])


def test_a_route_moved_to_a_facet_says_where(mini, tmp_path):
    from greentaxo.graph import KnowledgeGraph
    from tests.conftest import ROOT

    moved = "@prefix gtf: <https://w3id.org/greentaxo/facet/> .\n" + FULL.replace("gt:trlMin 3 ; gt:trlMax 4 ;",
                         "gt:trlMin 3 ; gt:trlMax 4 ; owl:deprecated true ; dct:isReplacedBy gtf:F9001 ;")
    kg = KnowledgeGraph.from_files([ROOT / "ontology" / "greentaxo.ttl", mini(moved)], tmp_path)
    note = kg.describe("gtr:R9004")["succession"]
    assert note["successor"] is None and note["liveReplacements"] == []
    assert [m["curie"] for m in note["movedTo"]] == ["gtf:F9001"]
    assert note["movedTo"][0]["kind"] == "business model"


def test_writer_round_trips_indicators_and_facets(mini, tmp_path):
    from rdflib import Graph

    from greentaxo.sources.serialise import write_facets, write_kpis, write_routes

    g = Graph().parse(mini(FULL))
    first = write_routes(g, tmp_path / "a" / "routes") + write_kpis(g, tmp_path / "a" / "kpis") + write_facets(
        g, tmp_path / "a" / "facets")
    g2 = Graph()
    for f in first:
        g2.parse(f)
    assert set(g2) == set(g)
    second = write_routes(g2, tmp_path / "b" / "routes") + write_kpis(g2, tmp_path / "b" / "kpis") + write_facets(
        g2, tmp_path / "b" / "facets")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    kpi_text = (tmp_path / "a" / "kpis" / "91-test-domain.ttl").read_text(encoding="utf-8")
    assert "gt:typicalMin 60.0" in kpi_text and kpi_text.index("R9003-test_efficiency\n") < kpi_text.index("-bar")


def test_bundle_files_are_written_canonically(tmp_path):
    """The committed route, indicator and facet files are exactly what the writer produces from them."""
    from rdflib import Graph

    from greentaxo.sources.serialise import write_facets, write_kpis, write_routes
    from tests.conftest import ROOT

    onto = ROOT / "ontology"
    g = Graph()
    for sub in ("routes", "kpis", "facets"):
        for f in sorted((onto / sub).glob("*.ttl")):
            g.parse(f)
    written = write_routes(g, tmp_path / "routes")
    if (onto / "kpis").exists():
        written += write_kpis(g, tmp_path / "kpis")
    if (onto / "facets").exists():
        written += write_facets(g, tmp_path / "facets")
    for p in written:
        ours = onto / p.parent.name / p.name
        assert ours.exists() and ours.read_bytes() == p.read_bytes(), f"{ours} is not in canonical form"


def test_bundled_bars_agree_with_the_criteria_that_test_them(kg):
    """A bar with gt:testedBy states the criterion's own comparator, number and unit (eligibility reads the
    criterion; the indicator must not say something else), the criterion belongs to the category named by
    gt:setBy, and the route maps to that category."""
    from decimal import Decimal

    from greentaxo.kpi import kpis_of

    crit = {}
    for r in kg.query("""SELECT ?c ?op ?v ?u WHERE { ?c a gt:EligibilityCriterion ; gt:comparator ?op ;
                         gt:threshold ?v ; gt:unit ?u }"""):
        crit[r["c"].value] = (r["op"].value, Decimal(r["v"].value), r["u"].value)
    tested = 0
    for route in {c.iri for c in kg.taxonomy.live()}:
        codes = {row.object_id for row in kg.mappings.for_route(route)}
        for k in kpis_of(kg, route):
            for t in k.thresholds:
                for c in t.tested_by:
                    tested += 1
                    assert c in crit, (k.iri, c)
                    assert (t.comparator, Decimal(str(t.value)), t.unit) == crit[c], (k.iri, c)
                    assert any(c.startswith(s + "/criterion/") and s in codes for s in t.set_by), (k.iri, t.set_by)
                    assert k.metric == next(r["m"].value for r in kg.query(
                        f"SELECT ?m WHERE {{ <{c}> gt:metric ?m }}")), k.iri
    assert tested >= 20

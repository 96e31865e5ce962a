"""The OWL schema loads in owlready2 and HermiT finds it (with the routes) consistent."""
from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from tests.support import ROOT

SCHEMA = ROOT / "ontology" / "greentaxo.ttl"


def test_schema_terms_have_labels_definitions_domain_range():
    from rdflib.namespace import SKOS

    g = Graph().parse(SCHEMA)
    terms = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(
        g.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(terms) >= 20
    for t in terms:
        langs = {lbl.language for lbl in g.objects(t, RDFS.label)}
        assert {"zh", "en"} <= langs, t
        assert {d.language for d in g.objects(t, SKOS.definition)} >= {"zh", "en"}, t
        if (t, RDF.type, OWL.Class) not in g:
            assert g.value(t, RDFS.range) is not None, f"{t} has no range"
            assert g.value(t, RDFS.domain) is not None, f"{t} has no domain"
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    for p in (OWL.versionIRI, OWL.versionInfo):
        assert g.value(onto, p) is not None


def test_hermit_consistent(tmp_path):
    """HermiT runs on Java (17 on this machine kind); the reasoner is never on a request path."""
    import owlready2

    g = Graph().parse(SCHEMA)
    # retired routes point at facets; route KPIs and assessment indicator systems use the schema
    for sub in ("routes", "facets", "kpis", "indicators"):
        for f in sorted((ROOT / "ontology" / sub).glob("*.ttl")):
            g.parse(f)
    nt = tmp_path / "greentaxo.nt"
    g.serialize(nt, format="nt")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert not list(world.inconsistent_classes())
    assert world.search_one(iri="https://w3id.org/greentaxo/def#TechnologyRoute") is not None

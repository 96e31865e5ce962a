"""Retiring a route in one step: labels, mapping rows, relations and indicators go to the successor."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from greentaxo.errors import InputError
from greentaxo.mappings.sssom import MappingRow
from greentaxo.namespaces import GTC, GTF, GTR, SKOS
from greentaxo.retirement import retire
from tests.conftest import MINI
from tests.taxonomy.test_kpi import EXTRA

R3, R4, F1 = GTR + "R9003", GTR + "R9004", GTF + "F9001"
SK = "http://www.w3.org/2004/02/skos/core#"


def _row(subject, scheme, code, pred="broadMatch", **kw):
    obj = "https://w3id.org/sssom/NoTermFound" if code is None else f"{GTC}{scheme}/{code}"
    return MappingRow(subject_id=subject, predicate_id=SK + pred, object_id=obj,
                      mapping_justification="https://w3id.org/semapv/vocab/ManualMappingCuration", confidence=0.8,
                      author_id="gtteam:editors", comment="c", scheme=scheme, **kw)


@pytest.fixture
def g():
    return Graph().parse(data=MINI + EXTRA + "gtr:R9003 gt:complements gtr:R9004 .\n", format="turtle")


def test_labels_rows_relations_and_indicators_move(g):
    rows = [_row(R4, "gfspc2025", "1.1.1", "exactMatch"), _row(R4, "gigc2019", "1.1.1"),
            _row(R4, "eutaxonomy", None, "relatedMatch"),
            _row(R3, "gfspc2025", "1.1.2", "exactMatch"), _row(R3, "gigc2019", "1.1.1"),
            _row(R3, "eutaxonomy", "ccm-4.1", "closeMatch")]
    rep = retire(g, rows, R3, R4, "merged: the same technology")
    hidden = {str(x) for x in g.objects(URIRef(R4), URIRef(SKOS + "hiddenLabel"))}
    assert {"测试叶路线", "Test leaf route", "测试甲", "test alpha", "TA"} <= hidden
    assert (URIRef(R3), URIRef("http://purl.org/dc/terms/isReplacedBy"), URIRef(R4)) in g
    assert (URIRef(R3), URIRef("http://www.w3.org/2002/07/owl#deprecated"), Literal(True)) in g
    assert not any(r.subject_id == R3 for r in rows)
    # the duplicate gigc row is dropped, the second exact becomes close, the NoTermFound gives way to the match
    by = {(r.scheme, r.object_id.rsplit("/", 1)[-1]): r for r in rows}
    assert by[("gfspc2025", "1.1.2")].predicate_id == SK + "closeMatch" and by[("gfspc2025", "1.1.2")].subject_label
    assert ("eutaxonomy", "NoTermFound") not in by and by[("eutaxonomy", "ccm-4.1")].subject_id == R4
    assert len(rows) == 4 and rep.rows_moved == 2 and len(rep.rows_dropped) == 2
    assert (None, URIRef("https://w3id.org/greentaxo/def#complements"), URIRef(R3)) not in g
    assert g.value(URIRef("https://w3id.org/greentaxo/kpi/R9003-test_efficiency"),
                   URIRef("https://w3id.org/greentaxo/def#kpiOf")) == URIRef(R4)
    assert g.value(URIRef(F1), URIRef("https://w3id.org/greentaxo/def#involvesRoute")) == URIRef(R4)


def test_moving_out_to_a_facet(g):
    rows = [_row(R3, "gfspc2025", "7.2.2", "closeMatch")]
    rep = retire(g, rows, R3, F1, "not a technology: a business model")
    assert rows[0].subject_id == F1 and rep.rows_moved == 1
    assert "测试叶路线" in {str(x) for x in g.objects(URIRef(F1), URIRef(SKOS + "hiddenLabel"))}
    assert not list(g.triples((URIRef("https://w3id.org/greentaxo/kpi/R9003-test_efficiency"), None, None)))
    assert not list(g.triples((None, URIRef("https://w3id.org/greentaxo/def#complements"), URIRef(R3))))


@pytest.mark.parametrize("route,succ,reason,words", [
    (GTR + "R9002", R4, "x", "narrower"), (R3, R3, "x", "itself"), (R3, GTR + "R8888", "x", "neither"),
    (R3, R4, " ", "reason"), (GTR + "R8888", R4, "x", "not a live route")])
def test_refusals_change_nothing(g, route, succ, reason, words):
    before = set(g)
    rows = [_row(R3, "gigc2019", "1.1.1")]
    with pytest.raises(InputError, match=words):
        retire(g, rows, route, succ, reason)
    assert set(g) == before and rows[0].subject_id == R3


def test_merging_into_the_parent_drops_relations_to_its_own_children(g):
    """R9003 complements its sibling R9004; merged into their parent R9002, the relation is not carried over
    (a group is no complement of its own child, QS-RELATION-CLASH)."""
    retire(g, [], R3, GTR + "R9002", "merged into its parent")
    rel = URIRef("https://w3id.org/greentaxo/def#complements")
    assert (URIRef(GTR + "R9002"), rel, URIRef(R4)) not in g and not list(g.objects(URIRef(R3), rel))

"""The bundled taxonomy: accessors, search, and the content targets of the foundation issue."""
from __future__ import annotations

import pytest

from greentaxo.errors import NotFoundError


def test_content_targets(kg):
    s = kg.taxonomy.stats()
    assert s["concepts"] >= 300
    assert s["leaves"] >= 200
    assert s["max_depth"] >= 4          # top -> sub-domain -> group -> route
    assert s["top_concepts"] >= 9


def test_every_live_concept_is_complete(kg):
    for c in kg.taxonomy.live():
        assert set(c.pref) == {"zh", "en"}, c.iri
        assert {"zh", "en"} <= set(c.definition), c.iri
        assert c.notation, c.iri
    for c in kg.taxonomy.leaves():
        n_alt = sum(len(v) for v in c.alt.values()) + sum(len(v) for v in c.hidden.values())
        assert n_alt >= 3, c.iri
        assert c.trl_min and c.trl_max and 1 <= c.trl_min <= c.trl_max <= 9, c.iri
        assert c.functions, c.iri


def test_lookup_by_iri_curie_notation(kg):
    tax = kg.taxonomy
    top = tax.top_concepts()[0]
    assert tax.concept(top.iri) is top
    assert tax.concept(top.curie) is top
    assert tax.concept(top.id) is top
    assert tax.concept(top.notation) is top


def test_unknown_reference_suggests(kg):
    with pytest.raises(NotFoundError) as exc:
        kg.taxonomy.concept("gtr:R01O1")
    assert "R0101" in str(exc.value)


def test_hierarchy_walks(kg):
    tax = kg.taxonomy
    leaf = tax.leaves()[0]
    anc = tax.ancestors(leaf.iri)
    assert anc and anc[-1].top
    assert leaf in tax.descendants(anc[-1].iri)
    assert all(leaf.iri not in [d.iri for d in tax.descendants(leaf.iri)] for _ in [0])
    parent = tax.parents(leaf.iri)[0]
    assert leaf in tax.children(parent.iri)


@pytest.mark.parametrize("query,expect_label", [
    ("光伏", "光伏"),                 # Chinese, no word boundaries, inside a longer label
    ("ＣＣＵＳ", "碳"),               # full-width Latin folds to half-width
    ("heat pumps", "heat pump"),      # English plural and case
    ("Wind", "wind"),
])
def test_search_handles_chinese_english_width_plural(kg, query, expect_label):
    hits = kg.taxonomy.search(query, limit=5)
    assert hits, query
    texts = " ".join(" ".join(t for _, _, t in h.concept.all_labels()).lower() for h in hits)
    assert expect_label.lower() in texts


def test_search_ranks_exact_before_inside(kg):
    leaf = kg.taxonomy.leaves()[5]
    hits = kg.taxonomy.search(leaf.pref["zh"])
    assert hits[0].concept is leaf and hits[0].score > 0.9


def test_search_empty_and_lang_filter(kg):
    assert kg.taxonomy.search("   ") == []
    assert all(h.lang == "en" for h in kg.taxonomy.search("solar", lang="en"))
    assert kg.taxonomy.search("太阳能", lang="en") == []


def test_symmetric_relations_answer_both_ways(kg):
    tax = kg.taxonomy
    pairs = [(c, o) for c in tax.live() for o in c.relations.get("alternativeTo", [])]
    assert pairs
    for c, o in pairs:
        assert c.iri in tax.concepts[o].relations.get("alternativeTo", [])

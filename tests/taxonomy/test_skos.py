"""The shared reader of a concept's SKOS text, and the two loaders that use it (facets, scenarios)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from greentaxo import facets
from greentaxo.namespaces import SKOS
from greentaxo.packages.scenarios import Scenarios
from greentaxo.skos import take_text


@dataclass
class _Concept:
    pref: dict[str, str] = field(default_factory=dict)
    alt: dict[str, list[str]] = field(default_factory=dict)
    definition: dict[str, str] = field(default_factory=dict)


def test_take_text_keeps_labels_by_language_and_leaves_other_predicates():
    c = _Concept()
    assert take_text(c, SKOS + "prefLabel", ox.Literal("储能", language="zh"))
    assert take_text(c, SKOS + "altLabel", ox.Literal("storage", language="en"))
    assert take_text(c, SKOS + "altLabel", ox.Literal("energy storage", language="en"))
    assert take_text(c, SKOS + "definition", ox.Literal("no language tag"))
    assert not take_text(c, SKOS + "notation", ox.Literal("01"))
    assert c.pref == {"zh": "储能"} and c.alt == {"en": ["storage", "energy storage"]}
    assert c.definition == {"": "no language tag"}


def test_facets_and_scenarios_read_their_labels_and_definitions(kg):
    fs = facets.load(kg)
    assert fs and all(f.pref.get("zh") and f.pref.get("en") for f in fs.values())
    assert any(f.definition for f in fs.values()) and any(f.alt for f in fs.values())
    sc = Scenarios.from_graph(kg).items
    assert sc and all(s.pref.get("zh") and s.pref.get("en") and s.definition for s in sc.values())

"""Exclusion words (gt:excludedBy): a word that says a text is not about a route although it resembles it rules out
the route and every route below it, unless one of their own labels is in the text too."""
from __future__ import annotations

from greentaxo.classify.document import Document

R = "https://w3id.org/greentaxo/route/"


def _routes(clf, text: str) -> set[str]:
    out = clf.classify({"id": "1", "title": text}, top_k=5, explain=True)
    return {r["id"].rsplit("/", 1)[1] for r in out["candidates"]}


def test_the_words_are_read_from_the_taxonomy_and_inherited_downwards(kg, clf):
    labels = clf.backends["labels"]
    col = clf.routes.col
    found = labels.excluded_routes(" purchase of diesel buses ")
    # on the vehicle group (08.01.01): its battery-electric bus and fuel-cell bus leaves are ruled out with it
    assert {col[R + "R1001"], col[R + "R1003"], col[R + "R1327"]} <= found
    assert col[R + "R1046"] not in found          # bus priority lanes do not care what the bus burns
    assert labels.excluded_routes(" purchase of electric buses ") == frozenset()
    # Latin words count as whole words only
    assert col[R + "R1003"] not in labels.excluded_routes(" biodieselbus ")
    assert "柴油" in kg.taxonomy.concepts[R + "R1001"].excluded["zh"]


def test_a_diesel_bus_is_not_a_battery_electric_bus(clf):
    """"Purchase of diesel buses" had come back green as battery-electric city buses (0.44, n-grams of "buses")
    and eligible under the 2025 catalogue's new-energy-vehicle item."""
    for text in ("Purchase of diesel buses", "柴油公交车购置", "Purchase of diesel forklifts"):
        assert not _routes(clf, text) & {"R1003", "R1327", "R1056", "R1002"}, text


def test_a_route_whose_own_label_is_in_the_text_stands(clf):
    out = clf.classify({"id": "1", "title": "Replacement of diesel buses with electric buses"})
    assert out["green"] and out["routes"][0]["id"] == R + "R1003"
    out = clf.classify({"id": "1", "title": "新能源物流车替代燃油货车"})
    assert out["routes"][0]["id"] == R + "R1056"


def test_the_label_backend_marks_the_document(clf):
    doc = Document("1", title="Purchase of diesel buses")
    clf.backends["labels"].suggest([doc])
    assert clf.routes.col[R + "R1003"] in doc.excluded
    named = Document("2", title="Electric buses replacing diesel buses")
    clf.backends["labels"].suggest([named])
    assert clf.routes.col[R + "R1003"] not in named.excluded and clf.routes.col[R + "R1001"] not in named.excluded


def test_a_label_in_another_word_order_does_not_hold_off_an_exclusion_word(clf):
    """"Conversion of coal-fired boilers to natural gas" holds the words of "coal conversion" (a fuzzy match), not
    the label: the exclusion word "boiler" on modern coal-chemical conversion rules that route out; the label as
    written keeps it."""
    col = clf.routes.col[R + "R0115"]
    doc = Document("1", title="Conversion of coal-fired boilers to natural gas")
    clf.backends["labels"].suggest([doc])
    assert col in doc.excluded
    kept = Document("2", title="Coal conversion plant with a waste-heat boiler")
    clf.backends["labels"].suggest([kept])
    assert col not in kept.excluded


def test_a_veto_word_rules_a_route_out_beside_its_own_label(kg, clf):
    """gt:vetoedBy names the polluting form of what a route makes: "TGIC粉末涂料" holds the low-VOC route's label
    粉末涂料, but TGIC powder coatings are on the MEE list of high-environmental-risk products."""
    assert "TGIC" in kg.taxonomy.concepts[R + "R0870"].vetoed["en"]
    col = clf.routes.col[R + "R0870"]
    for text in ("TGIC粉末涂料生产线", "高VOCs含量UV固化涂料生产项目", "High-VOC UV coatings plant"):
        doc = Document("1", title=text)
        clf.backends["labels"].suggest([doc])
        assert col in doc.excluded, text
        assert "R0870" not in _routes(clf, text), text
    plain = Document("2", title="粉末涂料生产线")
    clf.backends["labels"].suggest([plain])
    assert col not in plain.excluded


def test_a_veto_word_negated_or_replaced_does_not_count(clf):
    col = clf.routes.col[R + "R0870"]
    for text in ("不含TGIC的粉末涂料生产线", "TGIC-free powder coating line", "以低VOCs涂料替代高VOCs涂料",
                 "Replacing high-VOC paints with waterborne paint"):
        doc = Document("1", title=text)
        clf.backends["labels"].suggest([doc])
        assert col not in doc.excluded, text


def test_a_veto_word_on_a_domain_rules_out_every_route_below_it(kg, clf):
    """"Bitcoin mining farm powered by hydropower" names hydropower; 'bitcoin' is a veto word of every domain."""
    doc = Document("1", title="Bitcoin mining farm powered by hydropower")
    clf.backends["labels"].suggest([doc])
    assert clf.routes.col[R + "R0240"] in doc.excluded and clf.routes.col[R + "R0241"] in doc.excluded
    assert not _routes(clf, "Geothermal spa resort") & {"R0270", "R0275"}

"""The reason codes of the contract, from the classifier's numbers (greentaxo.classify.reasons)."""
from __future__ import annotations

from greentaxo.classify.document import from_record
from greentaxo.classify.reasons import not_green, unrouted


def test_no_route_only_when_no_route_would_be_shown(clf):
    doc = from_record({"title": "一种麻辣火锅底料"}, default_id="1")
    assert not_green(doc, 0.01, 0.28, 0.0, False, clf.routes)["code"] == "no-route"
    # a route that would be shown makes it a low probability, not "no route" ("脱硫设备")
    assert not_green(doc, 0.01, 0.28, 0.0, True, clf.routes)["code"] == "low-probability"
    # so does a label found, or a probability near the cut
    assert not_green(doc, 0.01, 0.28, 0.7, False, clf.routes)["code"] == "low-probability"
    out = not_green(doc, 0.2, 0.28, 0.0, False, clf.routes)
    assert out["code"] == "low-probability" and "0.20" in out["text"] and "0.28" in out["text"]


def test_a_blocked_word_is_named_with_its_route(clf):
    doc = from_record({"title": "Gas Turbine Engine"}, default_id="1")
    doc.blocked = [("gas turbine", clf.routes.col["https://w3id.org/greentaxo/route/R0375"])]
    out = not_green(doc, 0.05, 0.24, 0.0, False, clf.routes)
    assert out["code"] == "context-missing" and "gas turbine" in out["text"] and "hydrogen" in out["text"].lower()


def test_unrouted_names_the_guess_or_says_nothing_supports_any(clf):
    assert unrouted(0.9, [], 0.1, clf.routes)["code"] == "route-unknown"
    col = clf.routes.col["https://w3id.org/greentaxo/route/R0312"]
    out = unrouted(0.9, [(col, 0.04)], 0.1, clf.routes)
    assert out["code"] == "route-uncertain" and "01.10.01.03" in out["text"] and "0.04" in out["text"]

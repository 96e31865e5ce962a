"""RouteWords: words that apply to routes, found in one pass; the strong ones (gt:vetoedBy) unless negated or
replaced."""
from __future__ import annotations

from greentaxo.classify.route_words import RouteWords


def test_plain_words_count_as_whole_latin_words_and_as_chinese_characters():
    words = RouteWords({"diesel": {1}, "柴油": {1, 2}})
    assert words.routes_in(" purchase of diesel buses ") == {1}
    assert words.routes_in("柴油公交车") == {1, 2}
    assert words.routes_in(" biodieselbus ") == frozenset()
    assert words.ruled_out(" diesel ")[1] == frozenset()          # no strong word


def test_strong_words_rule_out_unless_negated_or_replaced():
    words = RouteWords({}, {"tgic": {3}, "高vocs": {3}})
    assert words.ruled_out("tgic粉末涂料生产线") == (frozenset(), {3})
    assert words.ruled_out("高vocs含量uv固化涂料")[1] == {3}
    for text in ("不含tgic的粉末涂料", "无tgic粉末涂料", "tgic free powder coating", "powder coating without tgic",
                 "以低vocs涂料替代高vocs涂料", "replacing 高vocs coatings", "phasing out tgic"):
        assert words.ruled_out(text)[1] == frozenset(), text
    assert RouteWords({}).ruled_out("anything") == (frozenset(), frozenset())
    assert RouteWords({}, {"bitcoin": {4}}).ruled_out(" casino bitcoin mining ")[1] == {4}    # "no" inside a word

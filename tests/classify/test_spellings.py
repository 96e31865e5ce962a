"""Labels are indexed in American spelling too, so a British label finds a patent written the other way."""
from __future__ import annotations

import pytest

from greentaxo.classify.textnorm import spellings, variants
from greentaxo.namespaces import GTR


@pytest.mark.parametrize("british, american", [
    ("flue gas desulphurisation", "flue gas desulfurization"),
    ("waste tyre recycling", "waste tire recycling"),
    ("carbon fibre", "carbon fiber"),
    ("alkaline electrolyser", "alkaline electrolyzer"),
    ("vapour recovery", "vapor recovery"),
    ("aluminium smelting", "aluminum smelting"),
    ("dual-fuelled engine", "dual-fueled engine"),
])
def test_a_british_label_gets_its_american_spelling(british, american):
    assert {british, american} <= spellings(british)


def test_a_label_also_gets_the_mixed_forms_of_two_rules():
    """"desulphurization" (British ph, American z) is common in Chinese and Indian English: it found no label, and
    "Flue gas desulphurization for a coal-fired boiler" went to ammonia co-firing in coal boilers."""
    assert spellings("flue gas desulphurisation") == {
        "flue gas desulphurisation", "flue gas desulfurization", "flue gas desulphurization", "flue gas desulfurisation"}
    assert spellings("carbon fibre") == {"carbon fibre", "carbon fiber"}     # one rule: no mixed forms


@pytest.mark.parametrize("word", ["noise", "rise", "parameter", "four", "hour", "sulfur"])
def test_words_that_are_not_british_spellings_stay_as_they_are(word):
    assert spellings(word) == {word}


def test_variants_cover_plural_and_spelling_together():
    assert {"alkaline electrolyzers", "alkaline electrolysers"} <= variants("alkaline electrolyser")


def test_an_american_claim_finds_the_british_label(clf):
    fgd = {GTR + "R0801", GTR + "R0802"}
    hits = clf.backends["labels"].match("A wet flue gas desulfurization system with an absorber")
    found = {clf.routes.concepts[lab.col].iri for lab, *_ in hits}
    assert found & fgd, found
    hits = clf.backends["labels"].match("Flue gas desulphurization for a coal-fired boiler")
    assert {clf.routes.concepts[lab.col].iri for lab, *_ in hits} & fgd

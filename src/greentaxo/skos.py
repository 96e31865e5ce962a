"""The SKOS text of a concept (preferred, alternative and hidden labels, definitions), read off SPARQL result rows
by the loaders of facet and scenario concepts, which keep them in the same per-language fields."""
from __future__ import annotations

from typing import Any

from greentaxo.namespaces import SKOS

_PREF, _ALT, _HIDDEN, _DEF = SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel", SKOS + "definition"


def take_text(concept: Any, predicate: str, literal: Any) -> bool:
    """Store `literal` on `concept` (which has `pref`, `alt` and `definition` dicts keyed by language, and may have
    `hidden`) if `predicate` is skos:prefLabel, altLabel, definition or, where kept, hiddenLabel; whether it was."""
    lang = getattr(literal, "language", None) or ""
    if predicate == _PREF:
        concept.pref[lang] = literal.value
    elif predicate == _ALT:
        concept.alt.setdefault(lang, []).append(literal.value)
    elif predicate == _HIDDEN and hasattr(concept, "hidden"):
        concept.hidden.setdefault(lang, []).append(literal.value)
    elif predicate == _DEF:
        concept.definition[lang] = literal.value
    else:
        return False
    return True

"""Text normalisation shared by label search and the classifier.

Chinese has no word boundaries, so matching is done on normalised character strings: NFKC folds
full-width forms to half-width, casefold handles case, and English words are reduced to a crude
singular so that "batteries" finds "battery".
"""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")
_SPACE = re.compile(r"\s+")


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """Fold width and case, singularise English words, collapse whitespace and hyphens."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("-", " ").replace("_", " ")
    text = _WORD.sub(lambda m: _singular(m.group(0)), text)
    return _SPACE.sub(" ", text).strip()


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)

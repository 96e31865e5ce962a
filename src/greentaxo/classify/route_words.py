"""Words that apply to routes without being their labels: the context words of sense rules (gt:requiresContext) and
the exclusion words (gt:excludedBy, gt:vetoedBy), each found in a text in one Aho-Corasick pass."""
from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick_rs

from greentaxo.classify.textnorm import is_word, normalise_label, variants

# A veto word does not count where the text negates it or replaces the product it names: "不含TGIC的粉末涂料",
# "TGIC-free powder coatings" and "以低VOCs涂料替代高VOCs涂料" describe the route, not its polluting form. These are
# rules of the two languages, not of any route, so they live here; the texts are normalised (casefolded, hyphens
# as spaces).
_NEGATED_BEFORE = re.compile(r"(?:无|不含|非|免|零|(?<![a-z0-9])(?:free of|without|no|non))\s*$")   # not "casino"
_NEGATED_AFTER = re.compile(r"^\s*(?:free|含量低于|以下)")
_REPLACING = re.compile(r"替代|代替|取代|替换|淘汰|改用|\b(?:replac\w*|substitut\w*|instead of|phas\w* out|switch\w* from)\b")


def file_words(into: dict[str, set[int]], words: dict[str, list[str]], routes: Iterable[int]) -> None:
    """File every word of a concept's language-tagged list (`words`), in each spelling it is matched in (normalised as
    labels are), under the routes it applies to: its own, or its own and those below it for exclusion words."""
    routes = tuple(routes)
    for t in (t for ts in words.values() for t in ts):
        for n in variants(normalise_label(t)):
            into.setdefault(n, set()).update(routes)


class RouteWords:
    """Words that each apply to some routes (context words, exclusion words), found in one Aho-Corasick pass; Latin
    words count only as whole words. `strong` marks, per word, the routes it rules out even beside their own labels
    (gt:vetoedBy)."""

    def __init__(self, words: dict[str, set[int]], strong: dict[str, set[int]] | None = None) -> None:
        strong = strong or {}
        self.words = sorted(words.keys() | strong.keys())
        self.cols = [frozenset(words.get(w, ())) for w in self.words]
        self.strong = [frozenset(strong.get(w, ())) for w in self.words]
        self.automaton = (ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MatchKind.Standard)
                          if self.words else None)

    def _found(self, t: str, spans: bool = False):
        """Indexes of the words found in the normalised text `t` (with their spans if asked)."""
        if self.automaton is None:
            return
        for k, i, j in self.automaton.find_matches_as_indexes(t, overlapping=True):
            w = self.words[k]
            if (is_word(w[0]) and i > 0 and is_word(t[i - 1])) or (is_word(w[-1]) and j < len(t) and is_word(t[j])):
                continue
            yield (k, i, j) if spans else k

    def routes_in(self, t: str) -> frozenset[int]:
        found: set[int] = set()
        for k in self._found(t):
            found |= self.cols[k]
        return frozenset(found)

    def ruled_out(self, t: str) -> tuple[frozenset[int], frozenset[int]]:
        """The routes the words found in `t` rule out: (by the plain words, by the strong ones). A strong word does
        not count where it is negated ("TGIC free") or where the text speaks of replacing something."""
        plain: set[int] = set()
        strong: set[int] = set()
        replacing = None
        for k, i, j in self._found(t, spans=True):
            plain |= self.cols[k]
            if self.strong[k] and not (_NEGATED_BEFORE.search(t, 0, i) or _NEGATED_AFTER.match(t[j:j + 8])):
                if replacing is None:
                    replacing = bool(_REPLACING.search(t))
                if not replacing:
                    strong |= self.strong[k]
        return frozenset(plain), frozenset(strong)

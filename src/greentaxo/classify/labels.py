"""Exact matching of every preferred, alternative and hidden label, with evidence spans.

Chinese has no spaces and most domain words are two characters (储能, 煤电, 碳汇), so matching works on
normalised characters, not tokens: every normalised label (in singular and plural form) is a key of one
Aho-Corasick automaton (ahocorasick_rs, the Rust aho-corasick crate), which finds all occurrences of all
labels in one pass over the text, overlapping ones included. pyahocorasick was tried first: its trie scans
a node's children linearly, and the root of a Chinese label set has thousands, so it took ~300 µs for a
500-character Chinese text against ~17 µs here (benchmarks in docs/classifier.md).

Latin labels must sit on word boundaries ("ORC" must not fire inside "force"). Short upper-case
abbreviations (ITS, PCS, SAF) are also checked case-sensitively on the original text, because
casefolded they collide with ordinary words ("its").

Fuzzy matching, for English: a label of two or more content words also matches when all its words
(plural-folded, function words aside) occur close together in another order or with words between
("electrolysis of alkaline water" for "alkaline water electrolysis"), at FUZZY_WEIGHT of an exact match.
Normalisation covers the other kinds of variation: full-/half-width, case, traditional characters,
plurals, hyphens.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import ahocorasick_rs
import numpy as np

from greentaxo.classify.base import Backend, BackendResult, Entries, Evidence
from greentaxo.classify.document import Document
from greentaxo.classify.route_words import RouteWords, file_words
from greentaxo.classify.textnorm import (
    STOPWORDS,
    TOKEN,
    NormText,
    is_word,
    normalise_label,
    normalise_with_offsets,
    singular,
    variants,
    without_exclusions,
)
from greentaxo.text import has_cjk, normalise

KIND_WEIGHT = {"pref": 1.0, "alt": 0.9, "hidden": 0.8}
_ABBREV = re.compile(r"^[A-Z0-9&+./\- ]{2,8}$")
_NOT_CJK = re.compile("[\x00-\u2e80]")
_CJK = re.compile("[^\x00-\u2e80]")
FUZZY_WEIGHT = 0.7
INNER_WEIGHT = 0.5        # a group's name is weaker evidence than a concrete route's (CV on the training split)
# a domain's name ("energy efficiency", 节能环保) is weaker still: it says which tenth of the taxonomy, not which
# route, yet with the fusion scoring subtrees it could lift the whole domain above a narrower group's label
DOMAIN_WEIGHT = 0.25
FUZZY_SLACK = 3          # words allowed between a word-set label's words


class _Label:
    __slots__ = ("norm", "col", "weight", "original", "abbrev", "latin_start", "latin_end", "ambiguous")

    def __init__(self, norm: str, col: int, weight: float, original: str, ambiguous: bool = False) -> None:
        self.norm, self.col, self.weight, self.original = norm, col, weight, original
        self.ambiguous = ambiguous          # counts only with one of its route's context words in the text
        self.abbrev = bool(_ABBREV.match(original)) and any(c.isalpha() for c in original)
        self.latin_start, self.latin_end = is_word(norm[0]), is_word(norm[-1])


@lru_cache(maxsize=16384)     # called per label hit of every described record: the labels are a finite set
def names_route(label: str) -> bool:
    """Whether a label is specific enough to name its route inside a longer text: four or more Chinese characters,
    or two or more words (eight characters at least). "抽水蓄能电站" and "offshore wind farm" name a route; "岸电"
    and "solar" are pieces of many texts."""
    n = normalise(label)
    return len(n) >= 4 if has_cjk(n) else len(n.split()) >= 2 and len(n) >= 8


def specificity(label: str) -> float:
    """Longer labels are more specific: a CJK character carries about as much as three Latin letters."""
    cjk = len(_NOT_CJK.sub("", label))
    latin = len(label) - cjk - label.count(" ")
    return min(1.0, (cjk + 0.34 * latin) / 6.0)


def _level_weight(routes, col: int) -> float:
    if routes.leaf[col]:
        return 1.0
    return DOMAIN_WEIGHT if routes.depth[col] <= 1 else INNER_WEIGHT


class LabelBackend(Backend):
    name = "labels"

    def __init__(self, routes) -> None:
        super().__init__(routes)
        by_norm: dict[str, list[_Label]] = {}
        context: dict[str, set[int]] = {}       # context word -> routes whose ambiguous labels it makes count
        for col, c in enumerate(routes.concepts):
            seen: set[str] = set()
            ambiguous = {n for ts in c.ambiguous.values() for t in ts for n in variants(normalise_label(t))}
            file_words(context, c.context, (col,))
            # an ambiguous label need not be a label too; if it is, the sense rule wins
            extra = [("alt", "", t) for ts in c.ambiguous.values() for t in ts]
            for kind, _lang, text in c.all_labels() + extra:
                for norm in sorted(variants(normalise_label(text))):     # sorted: the same index in every process
                    if len(norm) < 2 or norm in seen:
                        continue
                    seen.add(norm)
                    weight = KIND_WEIGHT[kind] * specificity(norm) * _level_weight(routes, col)
                    by_norm.setdefault(norm, []).append(_Label(norm, col, weight, text, norm in ambiguous))
        # exclusion words (gt:excludedBy) rule out their route and every route below it
        excluded: dict[str, set[int]] = {}
        vetoed: dict[str, set[int]] = {}       # gt:vetoedBy is a kind of gt:excludedBy that labels do not hold off
        for col, c in enumerate(routes.concepts):
            file_words(excluded, c.excluded, routes.below[col])
            file_words(vetoed, c.vetoed, routes.below[col])
        self._excluding = RouteWords(excluded, vetoed)
        self._context = RouteWords(context)
        strongest: dict[tuple[int, frozenset[str]], _Label] = {}
        for norm, labs in by_norm.items():
            if " " not in norm or (not norm.isascii() and _CJK.search(norm)):
                continue                     # one word, or Chinese: exact only (no word order to vary)
            words = frozenset(singular(w) for w in TOKEN.findall(norm) if w not in STOPWORDS)
            if len(words) < 2:
                continue
            for lab in labs:                 # one entry per (route, word set): its strongest label
                if lab.ambiguous:            # a sense rule is about the words as written: no fuzzy form
                    continue
                old = strongest.get((lab.col, words))
                if old is None or lab.weight > old.weight:
                    strongest[(lab.col, words)] = lab
        self._word_sets: list[tuple[frozenset[str], _Label]] = [
            (w, _Label(lab.norm, lab.col, lab.weight * FUZZY_WEIGHT, lab.original)) for (_c, w), lab in strongest.items()]
        # each word set is filed under its rarest word only: a text is then checked against few sets
        spread: dict[str, int] = {}
        for words, _lab in self._word_sets:
            for w in words:
                spread[w] = spread.get(w, 0) + 1
        self._by_word: dict[str, list[tuple[frozenset[str], int]]] = {}
        for k, (words, _lab) in enumerate(self._word_sets):
            self._by_word.setdefault(min(words, key=lambda w: (spread[w], w)), []).append((words, k))
        self._filing_words = frozenset(self._by_word)     # set & frozenset walks the smaller side
        self._norms = list(by_norm)
        self._labels = [tuple(by_norm[n]) for n in self._norms]
        # a pattern whose only label needs no word-boundary, case or context check is taken as found
        self._plain = [len(labs) == 1 and not (labs[0].latin_start or labs[0].latin_end or labs[0].abbrev
                                               or labs[0].ambiguous) for labs in self._labels]
        self._automaton = ahocorasick_rs.AhoCorasick(self._norms, matchkind=ahocorasick_rs.MatchKind.Standard,
                                                     implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def match(self, raw: str) -> list[tuple[_Label, int, int, NormText]]:
        """All label occurrences in `raw` as (label, normalised start, normalised end, normalised text)."""
        return self.match_many([raw])[0]

    def match_many(self, raws: list[str], nts: list[NormText] | None = None,
                   blocked: list[list[tuple[_Label, int, int]]] | None = None) -> list[list[tuple[_Label, int, int, NormText]]]:
        """Label occurrences for a batch of texts, ordered by start, longer first. Ambiguous labels whose
        route has none of its context words in the text are left out; if `blocked` is given, they are
        appended to its list for that text instead, with their normalised spans."""
        nts = nts or [without_exclusions(normalise_with_offsets(r)) for r in raws]
        out: list[list[tuple[_Label, int, int, NormText]]] = []
        for d, (raw, nt) in enumerate(zip(raws, nts, strict=True)):
            hits: list[tuple[_Label, int, int, NormText]] = []
            t = nt.text
            n = len(t)
            sense: frozenset[int] | None = None      # routes whose context words occur, found on first need
            for k, i, j in self._automaton.find_matches_as_indexes(t, overlapping=True):
                labs = self._labels[k]
                if self._plain[k]:                 # most labels (Chinese, no abbreviation): nothing to check
                    hits.append((labs[0], i, j, nt))
                    continue
                lab = labs[0]
                if lab.latin_start and i > 0 and is_word(t[i - 1]):
                    continue
                if lab.latin_end and j < n and is_word(t[j]):
                    continue
                for lab in labs:
                    if lab.abbrev and not self._same_case(raw, nt, i, j, lab.original):
                        continue
                    if lab.ambiguous:
                        if sense is None:
                            sense = self.context_routes(t)
                        if lab.col not in sense:
                            if blocked is not None:
                                blocked[d].append((lab, i, j))
                            continue
                    hits.append((lab, i, j, nt))
            if self._word_sets:
                self._fuzzy(t, nt, hits)
            hits.sort(key=lambda h: (h[1], -h[2], h[0].col, h[0].original))     # deterministic ties
            out.append(_longest(hits))
        return out

    def context_routes(self, t: str) -> frozenset[int]:
        """Routes one of whose context words occurs in the normalised text `t` (Latin ones as whole words)."""
        return self._context.routes_in(t)

    def excluded_routes(self, t: str) -> frozenset[int]:
        """Routes one of whose plain exclusion words (gt:excludedBy, inherited downwards; veto words aside) occurs in
        the normalised text `t`, Latin ones as whole words: "diesel" in "Purchase of diesel buses" rules out
        battery-electric buses."""
        return self._excluding.ruled_out(t)[0]

    def masked(self, nt: NormText, blocked: list[tuple[_Label, int, int]], hits: list) -> str | None:
        """The normalised text with the ambiguous words that did not count blanked out (None if there are
        none), so that the statistical models do not read them either; a span that another label matched
        as a real label stays."""
        kept = {(i, j) for _lab, i, j, _nt in hits}
        spans = sorted({(i, j) for _lab, i, j in blocked if (i, j) not in kept})
        if not spans:
            return None
        t = list(nt.text)
        for i, j in spans:
            t[i:j] = " " * (j - i)
        return "".join(t)

    def _fuzzy(self, t: str, nt: NormText, hits: list) -> None:
        """Word-set matches of multi-word Latin labels whose exact form was not found."""
        present = set(nt.words)
        if len(present) < 2:
            return
        found = sorted(k for w in present & self._filing_words for words, k in self._by_word[w] if words <= present)
        if not found:
            return
        exact = {(h[0].col, h[0].norm) for h in hits}
        found = [k for k in found if (self._word_sets[k][1].col, self._word_sets[k][1].norm) not in exact]
        needed = frozenset().union(*(self._word_sets[k][0] for k in found)) if found else frozenset()
        where: dict[str, list[int]] = {}
        for k, w in enumerate(nt.words):              # token positions, only of the words that matter
            if w in needed:
                where.setdefault(w, []).append(k)
        spans: list[tuple[int, int]] | None = None
        for k in found:
            words, lab = self._word_sets[k]
            window = _tightest(sorted((i, w) for w in words for i in where[w]), len(words))
            if window and window[1] - window[0] + 1 <= len(words) + FUZZY_SLACK:
                if spans is None:                     # character offsets of the tokens, once per text
                    spans = [m.span() for m in TOKEN.finditer(t)]
                hits.append((lab, spans[window[0]][0], spans[window[1]][1], nt))

    @staticmethod
    def _same_case(raw: str, nt: NormText, i: int, j: int, original: str) -> bool:
        s, e = nt.span(i, j)
        fold = unicodedata.normalize("NFKC", raw[s:e]).replace("-", " ")
        return fold == unicodedata.normalize("NFKC", original).replace("-", " ")

    def _suggest(self, docs: list[Document]) -> BackendResult:
        n, r = len(docs), len(self.routes)
        evidence: list[dict[int, list[Evidence]]] = []
        # hits are collected as flat lists and turned into entries once (numpy per-element access from
        # Python would cost more than the matching)
        rows: list[int] = []
        cols: list[int] = []
        weights: list[float] = []
        in_title: list[bool] = []
        blocked: list[list[tuple[_Label, int, int]]] = [[] for _ in docs]
        matches = self.match_many([doc.text for doc in docs], [doc.normalised for doc in docs], blocked)
        for d, doc in enumerate(docs):
            if blocked[d]:
                doc.blocked = [(lab.original, lab.col) for lab, _i, _j in blocked[d]]
                doc.masked = self.masked(doc.normalised, blocked[d], matches[d])
            ev: dict[int, list[Evidence]] = {}
            cut = len(doc.title)
            for lab, i, j, nt in matches[d]:
                ev.setdefault(lab.col, []).append((i, j, lab.original, nt))     # see Evidence
                rows.append(d)
                cols.append(lab.col)
                weights.append(lab.weight)
                in_title.append(nt.offsets[j - 1] < cut)   # ends inside the title ("\n" after it never matches)
            out, vetoed = self._excluding.ruled_out(doc.normalised.text)
            if out:
                # a route whose own label is in the text stands ("electric buses to replace diesel ones"), and so do
                # the routes above it, which its score lifts; a label's words in another order do not hold off an
                # exclusion word ("Conversion of coal-fired boilers" is no coal conversion)
                named = {a for lab, i, j, nt in matches[d] if nt.text[i:j] == lab.norm
                         for a in (lab.col, *self.routes.lineage[lab.col])}
                out -= named
            # a veto word (the polluting form of what the route makes, "TGIC粉末涂料", or a use that is not the route,
            # "新能源汽车4S店"): no label holds it off
            if out or vetoed:
                doc.excluded = out | vetoed
            for kw in doc.keywords:
                # keywords count as evidence for scoring but have no offsets in title + abstract
                for lab, _i, _j, _nt in self.match(kw):
                    rows.append(d)
                    cols.append(lab.col)
                    weights.append(lab.weight)
                    in_title.append(False)
            evidence.append(ev)
        return BackendResult({}, evidence, _entries(rows, cols, weights, in_title, n, r))


def _entries(rows: list[int], cols: list[int], weights: list[float], in_title: list[bool], n: int,
             r: int) -> Entries:
    """One entry per (document, route) with label hits: the best hit's weight, log(1 + number of hits),
    whether one ends in the title, and whether the route has the document's best label weight."""
    if not rows:
        empty = np.zeros(0, dtype=np.float32)
        return Entries(np.zeros(0, np.int64), np.zeros(0, np.int64),
                       {"label": empty, "label_count": empty, "label_title": empty, "label_top": empty})
    keys, inv = np.unique(np.array(rows, dtype=np.int64) * r + np.array(cols, dtype=np.int64), return_inverse=True)
    best = np.zeros(len(keys), dtype=np.float32)
    np.maximum.at(best, inv, np.array(weights, dtype=np.float32))
    count = np.log1p(np.bincount(inv, minlength=len(keys)).astype(np.float32))
    title = np.zeros(len(keys), dtype=np.float32)
    title[inv[np.array(in_title)]] = 1.0
    urows, ucols = keys // r, keys % r
    lmax = np.zeros(n, dtype=np.float32)
    np.maximum.at(lmax, urows, best)
    top = ((best > 0) & (best >= lmax[urows])).astype(np.float32)
    return Entries(urows, ucols, {"label": best, "label_count": count, "label_title": title, "label_top": top})


def _longest(hits: list) -> list:
    """Hits minus those whose span lies strictly inside another hit's span: in "pumped-storage hydropower"
    the label "hydropower" is part of a longer, more specific label, not evidence of its own. `hits` are
    sorted by start, longer first, so an earlier hit reaching at least as far covers a later one."""
    if len(hits) < 2:
        return hits
    kept, reach, first = [], -1, (-1, -1)
    for h in hits:
        i, j = h[1], h[2]
        if j <= reach and (i, j) != first:
            continue
        if j > reach:
            reach, first = j, (i, j)
        kept.append(h)
    return kept


def _tightest(positions: list[tuple[int, str]], need: int) -> tuple[int, int] | None:
    """Smallest (first, last) token window holding every distinct word, over (token index, word) pairs
    sorted by index (the classic sliding window)."""
    count: dict[str, int] = {}
    best: tuple[int, int] | None = None
    lo = 0
    for k, w in positions:
        count[w] = count.get(w, 0) + 1
        while len(count) == need:
            first = positions[lo][0]
            if best is None or k - first < best[1] - best[0]:
                best = (first, k)
            lw = positions[lo][1]
            count[lw] -= 1
            if not count[lw]:
                del count[lw]
            lo += 1
    return best


def exclude(p: np.ndarray, docs: list[Document]) -> None:
    """Zero, in place, each document's route scores that its exclusion words rule out (`Document.excluded`, set by
    `LabelBackend`), before the green decision or the ranking read them."""
    for d, doc in enumerate(docs):
        if doc.excluded:
            p[d, list(doc.excluded)] = 0.0


def named_outright(docs: list[Document], evidence: list[dict[int, list[Evidence]]], routes) -> list[frozenset[int]]:
    """Per document, the routes below the domains that a description names outright: a record with an abstract
    (a title and what it is about, as a platform's submissions and the official lists have them, not a bare patent
    title) holding one of the route's specific labels (`labels.names_route`). Such a record is green whatever
    P(green) says: the decision's text model learnt from patent titles, and read project descriptions as patents
    ("沥青路面高效就地热再生技术 ..." 0.27 against a cut of 0.28, "公路隧道照明节能 ..." 0.17). Titles alone keep the
    decision: there a named route is as often a part of something else ("一种新能源汽车电池外壳生产模具"; green F1
    on patents-dev fell from 0.647 to 0.598 when every named route counted, docs/classifier.md)."""
    out = []
    for doc, ev in zip(docs, evidence, strict=True):
        if not doc.abstract.strip() or not ev:
            out.append(frozenset())
            continue
        out.append(frozenset(c for c, items in ev.items()
                             if routes.depth[c] > 1 and any(names_route(m) for _i, _j, m, _nt in items)))
    return out

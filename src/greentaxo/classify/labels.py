"""Exact matching of every preferred, alternative and hidden label, with evidence spans.

Chinese has no spaces and most domain words are two characters (储能, 煤电, 碳汇), so matching works on
normalised characters, not tokens: an index from each label's first two normalised characters (for a
label starting with a Latin letter or digit: its first word) to the labels that start with them. The
text's set of bigrams and of words is intersected with the index keys (C-level set operations), and only
the keys that start some label are then located with str.find: fast enough for thousands of records a
second without an Aho-Corasick package.

Latin labels must sit on word boundaries ("ORC" must not fire inside "force"). Short upper-case
abbreviations (ITS, PCS, SAF) are also checked case-sensitively on the original text, because
casefolded they collide with ordinary words ("its").
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np

from greentaxo.classify.base import Backend, BackendResult, Evidence
from greentaxo.classify.document import Document
from greentaxo.classify.textnorm import NormText, normalise_label, normalise_with_offsets, variants

KIND_WEIGHT = {"pref": 1.0, "alt": 0.9, "hidden": 0.8}
_WORDS = re.compile(r"[a-z0-9]+")
_PAIR = re.compile(r"[a-z0-9]+ [a-z0-9]+(?![a-z0-9])")
_ABBREV = re.compile(r"^[A-Z0-9&+./\- ]{2,8}$")


def _word(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("0" <= ch <= "9")


class _Label:
    __slots__ = ("norm", "col", "weight", "original", "abbrev", "latin_start", "latin_end")

    def __init__(self, norm: str, col: int, weight: float, original: str) -> None:
        self.norm, self.col, self.weight, self.original = norm, col, weight, original
        self.abbrev = bool(_ABBREV.match(original)) and any(c.isalpha() for c in original)
        self.latin_start, self.latin_end = _word(norm[0]), _word(norm[-1])


def _key(norm: str, latin: bool) -> str:
    """Index key. A label starting with a Latin letter or digit: its first two words (or its only word),
    found through the text's words. Any other: its first three characters (two for a two-character
    label), found through integer-coded character windows."""
    if latin:
        m = _PAIR.match(norm)
        return m.group(0) if m else _WORDS.match(norm).group(0)
    return norm[:3]


def _code(key: str) -> int:
    code = 0
    for ch in key:
        code = (code << 21) | ord(ch)
    return code


_TABLE_BITS = 22
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _slot(values: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return ((values * _MIX) >> np.uint64(64 - _TABLE_BITS)).astype(np.int64)


def _table(codes: list[int]) -> np.ndarray:
    """A bit table over hashed key codes: a cheap vectorised pre-filter (false positives are rare and
    are dropped by the exact dict lookup that follows)."""
    table = np.zeros(1 << _TABLE_BITS, dtype=bool)
    if codes:
        table[_slot(np.array(codes, dtype=np.uint64))] = True
    return table


def _member(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    return table[_slot(values)]


def specificity(label: str) -> float:
    """Longer labels are more specific: a CJK character carries about as much as three Latin letters."""
    weight = sum(1.0 if ord(c) > 0x2E80 else 0.34 for c in label if not c.isspace())
    return min(1.0, weight / 6.0)


class LabelBackend(Backend):
    name = "labels"

    def __init__(self, routes) -> None:
        super().__init__(routes)
        self._index: dict[str, list[_Label]] = {}
        for col, c in enumerate(routes.concepts):
            seen: set[str] = set()
            for kind, _lang, text in c.all_labels():
                for norm in sorted(variants(normalise_label(text))):
                    if len(norm) < 2 or norm in seen:
                        continue
                    seen.add(norm)
                    lab = _Label(norm, col, KIND_WEIGHT[kind] * specificity(norm), text)
                    self._index.setdefault(_key(norm, lab.latin_start), []).append(lab)
        for labs in self._index.values():
            labs.sort(key=lambda lab: -len(lab.norm))
        self._latin = frozenset(k for k in self._index if _word(k[0]))
        self._codes = {n: _table([_code(k) for k in self._index if len(k) == n and k not in self._latin])
                       for n in (2, 3)}

    def match(self, raw: str) -> list[tuple[_Label, int, int, NormText]]:
        """All label occurrences in `raw` as (label, normalised start, normalised end, normalised text)."""
        return self.match_many([raw])[0]

    def match_many(self, raws: list[str], nts: list[NormText] | None = None) -> list[list[tuple[_Label, int, int, NormText]]]:
        """Label occurrences for a batch of texts.

        Every 2- and 3-character window of every text is encoded exactly as an integer (21 bits per code
        point) with numpy, and looked up in the sorted integer codes of the index keys; only windows that
        start some label reach the Python check.
        """
        nts = nts or [normalise_with_offsets(r) for r in raws]
        out: list[list[tuple[_Label, int, int, NormText]]] = [[] for _ in raws]
        texts = [nt.text for nt in nts]
        joined = "\x00".join(texts)
        if len(joined) < 2:
            return out
        cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
        h2 = (cps[:-1] << np.uint64(21)) | cps[1:]
        found = [np.nonzero(_member(h2, self._codes[2]))[0]]
        if len(cps) > 2:
            h3 = (h2[:-1] << np.uint64(21)) | cps[2:]
            found.append(np.nonzero(_member(h3, self._codes[3]))[0])
        positions = np.unique(np.concatenate(found))
        docs_of = np.searchsorted(starts, positions, side="right") - 1
        for p, d in zip(positions.tolist(), docs_of.tolist(), strict=True):
            i = p - int(starts[d])
            t = texts[d]
            for key in (t[i:i + 3], t[i:i + 2]):
                if len(key) >= 2 and key in self._index:
                    self._check(self._index[key], t, i, raws[d], nts[d], out[d])
        for d, t in enumerate(texts):
            # Latin labels: through the text's words and word pairs, so "heat" is only tried at word starts
            words = _WORDS.findall(t)
            keys = self._latin.intersection(words).union(
                self._latin.intersection([f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]))
            for key in keys:
                i = t.find(key)
                while i >= 0:
                    self._check(self._index[key], t, i, raws[d], nts[d], out[d])
                    i = t.find(key, i + 1)
        for hits in out:
            hits.sort(key=lambda h: (h[1], -h[2]))
        return out

    def _check(self, labs: list[_Label], t: str, i: int, raw: str, nt: NormText, hits: list) -> None:
        for lab in labs:
            n = len(lab.norm)
            if not t.startswith(lab.norm, i):
                continue
            if lab.latin_start and i > 0 and _word(t[i - 1]):
                continue
            if lab.latin_end and i + n < len(t) and _word(t[i + n]):
                continue
            if lab.abbrev and not self._same_case(raw, nt, i, i + n, lab.original):
                continue
            hits.append((lab, i, i + n, nt))

    @staticmethod
    def _same_case(raw: str, nt: NormText, i: int, j: int, original: str) -> bool:
        s, e = nt.span(i, j)
        fold = unicodedata.normalize("NFKC", raw[s:e]).replace("-", " ")
        return fold == unicodedata.normalize("NFKC", original).replace("-", " ")

    def _suggest(self, docs: list[Document]) -> BackendResult:
        n, r = len(docs), len(self.routes)
        best = np.zeros((n, r), dtype=np.float32)
        count = np.zeros((n, r), dtype=np.float32)
        title = np.zeros((n, r), dtype=np.float32)
        evidence: list[dict[int, list[Evidence]]] = []
        matches = self.match_many([doc.text for doc in docs], [doc.normalised for doc in docs])
        for d, doc in enumerate(docs):
            raw = doc.text
            ev: dict[int, list[Evidence]] = {}
            cut = len(doc.title)
            for lab, i, j, nt in matches[d]:
                s, e = nt.span(i, j)
                ev.setdefault(lab.col, []).append(Evidence(s, e, raw[s:e], lab.original))
                best[d, lab.col] = max(best[d, lab.col], lab.weight)
                count[d, lab.col] += 1
                if e <= cut:
                    title[d, lab.col] = 1.0
            for kw in doc.keywords:
                # keywords count as evidence for scoring but have no offsets in title + abstract
                for lab, _i, _j, _nt in self.match(kw):
                    best[d, lab.col] = max(best[d, lab.col], lab.weight)
                    count[d, lab.col] += 1
            evidence.append(ev)
        count = np.log1p(count)
        lmax = best.max(axis=1, keepdims=True)
        top = ((best > 0) & (best >= lmax)).astype(np.float32)
        return BackendResult({"label": best, "label_count": count, "label_title": title, "label_top": top},
                             evidence)

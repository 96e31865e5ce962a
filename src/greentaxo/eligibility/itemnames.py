"""A loan line that names a catalogue item by its official title is read as that item.

Banks tag loans with the catalogue's own words: "节能型泵及真空设备制造", "氢能基础设施建设和运营", "Manufacture of
hydrogen". Read only through the route taxonomy, such a line could come back "no green technology route found"
(节能 alone is an ambiguous word), although it names the item as plainly as `--code` would. So before the classifier's
answer is used, the text is scanned for the titles of every catalogue's items that carry criteria (level 3 of the
two Chinese catalogues, the EU activities); a title found is that catalogue's item, as if given by code, and the
figures the text states are still read and tested against the item's criteria.

What counts as naming a title: a Chinese title of four or more characters anywhere in the text, read without spaces
and quotation marks ("氢能“制储输用”全链条装备制造" = "氢能制储输用全链条装备制造"), one of three
("竹产业", "碳交易") only as the whole line or with the words of building or running it ("竹产业项目"), and not
before 咨询 (consulting on a thing is a service); an English title of two or more words, as whole words, ending the
text or followed by punctuation or a word that only places or frames it ("... in Jiangsu", "... project"), so that
"Manufacture of hydrogen electrolysers" is not read as "Manufacture of hydrogen". Bracketed exclusions are blanked
first, as for route labels. The longest title of a catalogue wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentaxo.eligibility import criteria as crit
from greentaxo.eligibility.lines import automaton, bare
from greentaxo.eligibility.resolve import query
from greentaxo.text import has_cjk, normalise

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

# characters a Chinese title is read without: spaces and the quotation marks some titles carry
_CJK_DROP = re.compile(r"[\s\"'“”‘’「」『』《》]")
# words that may follow an English title without changing what it names
_FRAME = frozenset({"in", "at", "for", "by", "project", "projects", "loan", "loans", "facility", "plant", "site",
                    "programme", "program", "phase", "with", "and", "under"})


@dataclass(frozen=True)
class NamedItem:
    catalogue: str
    code: str
    title: str

    def to_dict(self) -> dict:
        return {"catalogue": self.catalogue, "code": self.code, "title": self.title}


class _Titles:
    """The titles of every catalogue's items, normalised once, in two Aho-Corasick automata (Chinese, Latin)."""

    def __init__(self, kg: KnowledgeGraph, catalogues: tuple[str, ...]) -> None:
        self.cjk: list[tuple[NamedItem, str]] = []       # (item, normalised title), as resolve's automaton reads them
        self.latin: list[tuple[NamedItem, str]] = []
        for cid in catalogues:
            for item in crit.items(kg, cid).values():
                if not item.criteria:
                    continue        # a category, not an item a verdict rests on
                for title in dict.fromkeys(item.label.values()):
                    named = NamedItem(cid, item.code, title)
                    if has_cjk(title):
                        key = _CJK_DROP.sub("", normalise(title))
                        if len(key) >= 3:
                            self.cjk.append((named, key))
                    elif len((key := normalise(title)).split()) >= 2:
                        self.latin.append((named, key))
        self._cjk = automaton(self.cjk)
        self._latin = automaton(self.latin)

    def named(self, text: str) -> dict[str, NamedItem]:
        """Per catalogue, the item whose title the text names (the longest title found)."""
        q = query(text)
        flat = _CJK_DROP.sub("", q)
        found: list[tuple[NamedItem, str]] = []
        for i, _s, e in self._cjk.find_matches_as_indexes(flat, overlapping=True):
            key = self.cjk[i][1]
            if flat.startswith("咨询", e):
                continue        # consulting on the thing is a service: "绿色建筑咨询服务" is not 绿色建筑
            # a three-character title ("竹产业") only as the whole line, or with the words of building it
            if len(key) >= 4 or bare(flat, key):
                found.append(self.cjk[i])
        for i, start, end in self._latin.find_matches_as_indexes(q, overlapping=True):
            if _whole(q, start, end):
                found.append(self.latin[i])
        best: dict[str, tuple[str, NamedItem]] = {}
        for named, key in found:
            have = best.get(named.catalogue)
            if have is None or (len(key), named.code) > (len(have[0]), have[1].code):
                best[named.catalogue] = (key, named)
        return {cid: named for cid, (_key, named) in best.items()}


def _whole(q: str, start: int, end: int) -> bool:
    """An English title as whole words: a word boundary before it, and after it the end, punctuation, or a word that
    only frames it."""
    if start > 0 and q[start - 1].isalnum():
        return False
    rest = q[end:]
    if not rest or not (rest[0].isalnum() or rest[0] == " "):
        return True
    if rest[0] != " ":
        return False
    nxt = rest[1:].split(" ", 1)[0]
    return not nxt or not nxt[0].isalnum() or nxt.strip(",.;:()") in _FRAME


def named_items(kg: KnowledgeGraph, text: str, catalogues: tuple[str, ...]) -> dict[str, NamedItem]:
    """The catalogue items the text names by their official titles, per catalogue (read once per graph)."""
    key = "greentaxo.eligibility.itemnames:" + ",".join(catalogues)
    return kg.derived(key, lambda g: _Titles(g, catalogues)).named(text)

"""How a loan line wraps the thing it finances: the words of making, building or buying it, a short label at its
head, and the site it names beside the thing ("燃气电厂碳捕集项目", "Carbon capture at a gas-fired power plant").

Plain string rules on the normalised line (`resolve.query`), used by `resolve` when a line names routes and by
`itemnames` when it names a catalogue item; both find the labels in a line with one Aho-Corasick pass (`automaton`,
`scan`). `vetoed_routes` reads the veto words (gt:vetoedBy) as the classifier does.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import ahocorasick_rs

from greentaxo.classify.labels import names_route
from greentaxo.classify.route_words import RouteWords, file_words
from greentaxo.text import has_cjk, normalise

if TYPE_CHECKING:
    from greentaxo.facets import Facet
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.taxonomy import Concept

# What a loan line wraps round the thing it finances: making, building, buying, retrofitting or demonstrating it.
WRAPPING = re.compile(r"生产线|产线|制造|生产|建设|项目|工程|改造|升级|技改|采购|购置|安装|销售|新建|扩建|运营|设备|装置|示范")


def at_head(q: str, label: str) -> bool:
    """Whether the (three-character) label ends the line but for the words of making, building or buying it:
    "焦化企业干熄焦改造" and "燃气电厂碳捕集项目" finance the thing the label names, while in "一种声屏障安装移动小车"
    the label is only a part of what follows. What comes before is the site (`heads_first`)."""
    at = q.rfind(label)
    return at >= 0 and bare(q[at:], label)


def bare(q: str, label: str) -> bool:
    """Whether the normalised text is the (three-character) label and nothing but the words of making, building or
    buying it: "声屏障生产线" names noise barriers, while in "一种声屏障安装移动小车" the label is only a part. A stated output
    or size, bracketed or not, is not part of the thing: "再生铝项目（年产10万吨）" finances secondary aluminium; a bracketed
    qualifier without figures is ("再生铅（不规范回收）", on the MEE list of polluting products)."""
    rest = WRAPPING.sub("", _SIZE.sub("", _ASIDE.sub("", q.replace(label, "", 1))))
    return not re.sub(r"[\W_]+", "", rest)


_ASIDE = re.compile(r"\([^()]*\d[^()]*\)")     # normalised text: full-width brackets are folded to these
_BRACKETED = re.compile(r"\([^()]*\)")
_SIZE = re.compile(r"(?:年产|日产|年处理|日处理|产能)?\s*[\d.]+\s*(?:万|千|亿)?\s*(?:吨|千瓦|立方米|平方米|mwh?|gwh?|kw|t)?")


# English words that put the site or the user of a thing after the thing: "carbon capture at a gas-fired power plant"; and
# what powers, heats or fuels it: "electrolyser plant powered by offshore wind" finances the electrolysers
_SUPPLY = r" (?:(?:powered|charged|heated|fuell?ed|supplied|driven) by|running on) "
_SITE = re.compile(rf" (?:at|for|in|on) |{_SUPPLY}")
# an expansion of capacity, after which "with" names an attachment (`attached`); work on a thing, after which it names
# what is put in; and properties it may name
_EXPANSION = re.compile(r"expansion|extension|capacity|enlargement")
_WORK = re.compile(r"retrofit|replac|upgrad|refurbish|renovat|equip|fitt|conver|install|switch|repower|modernis|modernize")
_PROPERTY = re.compile(r"label|certif|rating|star|standard|grade|class|\bpue\b|\bepc\b|efficien|emission")
# what ends a clause in a normalised text; the longest text read as a line (the classifier's LONG_TEXT, green.py)
_CLAUSE = re.compile(r"[,.;:!?，。；：！？、\n]")
_SENTENCE = re.compile(r"[。！？\n]|[.!?] ")
LINE = 100
# what a Chinese site or user ends in: a plant, station, park, works, base, centre, grid, unit, boiler, kiln, mine, port,
# building, vehicle or ship. A label before another is a site only so: in "燃煤锅炉改燃生物质成型燃料" the last label
# (pellets) is what the boiler switches to, not the thing financed
_FACILITY = re.compile(r"(?:厂|站|园区|园|企业|基地|中心|管网|电网|机组|锅炉|窑|矿井|煤矿|矿山|矿区|油田|港口|码头|机场|建筑|楼宇"
                       r"|汽车|车辆|船舶)$")


def is_line(q: str) -> bool:
    """Whether the normalised text reads as a loan line: one sentence of up to `LINE` characters. A description
    names its plant in one sentence and the plant's parts in the next; the line rules below are not for it."""
    return len(q) <= LINE and not _SENTENCE.search(q.rstrip(" .。"))


def heads_first(q: str, named: list[tuple[Concept, str]]) -> list[tuple[Concept, str]]:
    """The named routes with the line's head first, longest label first otherwise. A loan line often names two
    routes, the thing financed and where it goes: Chinese puts the thing last ("燃气电厂碳捕集项目", "光伏电站储能系统"),
    English before "at", "for", "in" or "on" ("Carbon capture at a gas-fired power plant"). The other is its site,
    however long its label; a label in brackets after another only qualifies it ("光热发电项目（塔式熔盐储热）"). Only
    in a line: one sentence of up to `LINE` characters, the two labels in one clause (a description names its plant
    in one sentence and the plant's parts in the next)."""
    pairs = site_pairs(q, named)
    heads = {h for _s, h in pairs}
    sites = {s for s, _h in pairs} - heads
    return ([p for p in named if p[0].iri in heads] + [p for p in named if p[0].iri not in heads | sites]
            + [p for p in named if p[0].iri in sites])


def site_pairs(q: str, named: list[tuple[Concept, str]]) -> list[tuple[str, str]]:
    """(site, thing) route IRIs of the labels `heads_first` reads as a thing and the site it goes to."""
    if not is_line(q):
        return []
    spans = [(c.iri, normalise(m), *_span(q, normalise(m))) for c, m in named]
    spans = [x for x in spans if x[2] >= 0]
    site = _SITE.search(q)
    asides = [m.span() for m in _BRACKETED.finditer(q)]
    out = []
    for iri, n, start, end in spans:
        for iri2, _n2, s2, e2 in spans:
            if iri2 == iri:
                continue
            if any(a <= s2 and e2 <= b and end <= a for a, b in asides) and not any(a <= start < b for a, b in asides):
                # a label in brackets after another qualifies it: "光热发电项目（塔式熔盐储热）" finances the solar plant
                out.append((iri2, iri))
            elif has_cjk(n):
                # a Chinese label naming a facility ("燃气电厂", or "污水处理" in "污水处理厂") that another label follows
                if s2 >= end and _FACILITY.search(q[:_facility_end(q, end)]) and not _CLAUSE.search(q[end:s2]):
                    out.append((iri, iri2))
            elif site is not None and start >= site.end() and e2 <= site.start() and not _CLAUSE.search(q[e2:start]):
                out.append((iri, iri2))
    return out


def supplied(q: str, label: str) -> bool:
    """Whether, in a line, the label stands only after a word of supply ("powered by", "heated by", "running on") that
    something precedes: "Data centre powered by rooftop solar" finances the data centre, not rooftop PV."""
    if not is_line(q) or not (m := re.search(_SUPPLY, q)) or not q[:m.start()].strip():
        return False
    return _only_after(q, m, label)


def attached(q: str, label: str) -> bool:
    """Whether, in a line, the label stands only after "with" that an expansion of capacity precedes: "Airport
    expansion with rooftop solar panels" finances the airport, "Cement plant expansion with waste heat recovery" the
    cement plant. Elsewhere what follows "with" is often the point: the new thing after work on an old one
    ("Replacement of diesel buses with electric buses"), a property ("... with China Two Star label", "... warehouse
    with ammonia refrigeration")."""
    if not is_line(q) or not (m := re.search(" with ", q)):
        return False
    if not _EXPANSION.search(q[:m.start()]) or _WORK.search(q[:m.start()]) or _PROPERTY.search(q[m.end():]):
        return False
    return _only_after(q, m, label)


def beside(q: str, label: str) -> bool:
    """Whether, in a line, the label names only what powers the thing financed or what comes with its expansion
    (`supplied`, `attached`), not the thing."""
    return supplied(q, label) or attached(q, label)


def _only_after(q: str, m: re.Match, label: str) -> bool:
    """Whether the normalised label occurs after the marker `m` and not before it."""
    n = normalise(label)
    return bool(n) and n in q[m.end():] and n not in q[:m.start()]


def qualified(q: str, thing: str, evidence: list[str]) -> bool:
    """Whether, in a line, the evidence texts stand only in brackets after the thing named outside them: "Solar farm
    (with battery storage)" finances the solar farm, whatever the storage's label scores."""
    return bool(evidence) and not bracketed(q, thing) and all(bracketed(q, t) for t in evidence)


def bracketed(q: str, text: str) -> bool:
    """Whether, in a line, the text stands only inside brackets that something precedes: in "Solar farm (with battery
    storage)" the storage qualifies the solar farm financed."""
    n = normalise(text)
    if not n or not is_line(q) or n not in q:
        return False
    asides = [m.span() for m in _BRACKETED.finditer(q)]
    at = [m.start() for m in re.finditer(re.escape(n), q)]
    return all(any(a < i and i + len(n) <= b and q[:a].strip() for a, b in asides) for i in at)


def contains(label: str, thing: str) -> bool:
    """Whether a normalised label holds the thing: Chinese as characters, Latin as words (`normalise` made them singular)."""
    if has_cjk(thing):
        return thing in label
    return set(thing.split()) <= set(label.split())


def pieces(s: str) -> set[str]:
    """Two-character runs of Chinese and Latin words of four letters or more: what a label and a text can share."""
    cjk = [s[i:i + 2] for i in range(len(s) - 1) if has_cjk(s[i]) and has_cjk(s[i + 1])]
    return set(cjk) | {w for w in re.findall(r"[a-z]{4,}", s)}


def _facility_end(q: str, end: int) -> int:
    """Where a label's facility word ends: the label's own end, or one or two characters on ("污水处理" + "厂")."""
    for n in (2, 1):
        if _FACILITY.search(q[:end + n]) and end + n <= len(q):
            return end + n
    return end


def _span(q: str, label: str) -> tuple[int, int]:
    start = q.find(label)
    return start, start + len(label)


def automaton(entries: list) -> ahocorasick_rs.AhoCorasick:
    """One automaton over the normalised key each entry holds second (route labels, facet labels, item titles)."""
    return ahocorasick_rs.AhoCorasick([e[1] for e in entries], matchkind=ahocorasick_rs.MatchKind.Standard)


def scan(ac: ahocorasick_rs.AhoCorasick, entries: list, q: str, punctuation_ends: bool = False):
    """The entries whose normalised label occurs in `q`, with where. Route labels must be followed by a space or the
    end; with `punctuation_ends` a comma or other non-alphanumeric character ends a word too ("data centre,")."""
    def edge(ch: str) -> bool:
        return ch == " " or (punctuation_ends and not ch.isalnum())
    for idx, start, end in ac.find_matches_as_indexes(q, overlapping=True):
        cjk = entries[idx][4]
        # Chinese has no word boundaries; Latin labels must match whole words ("PV" not inside "approval")
        if not cjk and ((start > 0 and not edge(q[start - 1])) or (end < len(q) and not edge(q[end]))):
            continue
        yield entries[idx], start, end


def vetoed_routes(kg: KnowledgeGraph, q: str) -> frozenset[str]:
    """The routes (IRIs) a veto word in the normalised line rules out, with the routes below them: "TGIC粉末涂料生产线"
    names powder coatings, but their polluting form (gt:vetoedBy, docs/editing.md)."""
    return kg.derived("greentaxo.eligibility.lines:vetoes", _Vetoes).routes(q)


class _Vetoes:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.iris: list[str] = []
        words: dict[str, set[int]] = {}
        for c in kg.taxonomy.concepts.values():
            if not c.vetoed or c.deprecated:
                continue
            cols = set(range(len(self.iris), len(self.iris) + 1 + len(below := kg.taxonomy.descendants(c.iri))))
            self.iris += [c.iri, *(d.iri for d in below)]
            file_words(words, c.vetoed, cols)
        self.words = RouteWords({}, words)

    def routes(self, q: str) -> frozenset[str]:
        return frozenset(self.iris[k] for k in self.words.ruled_out(q)[1]) if self.iris else frozenset()


class FacetLabels:
    """The preferred, alternative and hidden labels of the facet concepts (project types, services, ...), scanned as
    the route labels are: a loan line may name what is built ("地铁线路建设") rather than a technology."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.entries = [(f, n, label, "", has_cjk(n), 1.0) for f in kg.facets.values()
                        for label in [*f.pref.values(), *(a for names in (*f.alt.values(), *f.hidden.values())
                                                           for a in names)]
                        for n in [normalise(label)] if names_route(n)]
        self.automaton = automaton(self.entries)

    def best(self, q: str) -> tuple[Facet, str] | None:
        found = [(e[0], e[2], e[1]) for e, _s, _e in scan(self.automaton, self.entries, q, True)]
        if not found:
            return None
        f, label, _n = max(found, key=lambda x: (len(x[2]), x[0].notation))
        return f, label

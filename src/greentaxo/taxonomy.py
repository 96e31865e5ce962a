"""Typed, read-only access to the route taxonomy: `Taxonomy`, built once per graph (`kg.taxonomy`).

The route scheme is small (hundreds of concepts), so after one SPARQL pass over the store the
hierarchy is held as plain Python objects: ancestors and descendants are dictionary walks.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greentaxo.errors import InputError, NotFoundError
from greentaxo.namespaces import DCT, GT, GTR, OWL, ROUTE_SCHEME, SKOS
from greentaxo.text import normalise

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


@dataclass
class Concept:
    iri: str
    notation: str = ""
    pref: dict[str, str] = field(default_factory=dict)
    alt: dict[str, list[str]] = field(default_factory=dict)
    hidden: dict[str, list[str]] = field(default_factory=dict)
    # sense rules: labels that count only with one of the context words in the same text
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    context: dict[str, list[str]] = field(default_factory=dict)
    # words that rule the route (and the routes below it) out of a text holding none of their labels
    excluded: dict[str, list[str]] = field(default_factory=dict)
    # words that rule them out even beside their own labels: the polluting form of what the route makes
    vetoed: dict[str, list[str]] = field(default_factory=dict)
    definition: dict[str, str] = field(default_factory=dict)
    scope: dict[str, str] = field(default_factory=dict)      # skos:scopeNote: what the route leaves to others
    broader: list[str] = field(default_factory=list)
    narrower: list[str] = field(default_factory=list)
    deprecated: bool = False
    replaced_by: list[str] = field(default_factory=list)
    trl_min: int | None = None
    trl_max: int | None = None
    functions: list[str] = field(default_factory=list)
    relations: dict[str, list[str]] = field(default_factory=dict)
    top: bool = False

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    @property
    def curie(self) -> str:
        return "gtr:" + self.id

    def label(self, lang: str = "en") -> str:
        return self.pref.get(lang) or next(iter(self.pref.values()), self.id)

    def all_labels(self) -> list[tuple[str, str, str]]:
        """(kind, lang, text) for every label, preferred first."""
        out = [("pref", lang, t) for lang, t in self.pref.items()]
        out += [("alt", lang, t) for lang, ts in self.alt.items() for t in ts]
        out += [("hidden", lang, t) for lang, ts in self.hidden.items() for t in ts]
        return out

    def to_dict(self) -> dict:
        return {
            "id": self.iri, "curie": self.curie, "notation": self.notation, "prefLabel": self.pref,
            "altLabel": self.alt, "hiddenLabel": self.hidden, "ambiguousLabel": self.ambiguous,
            "requiresContext": self.context, "excludedBy": self.excluded,
            "vetoedBy": self.vetoed, "definition": self.definition,
            "scopeNote": self.scope,
            "broader": self.broader, "narrower": self.narrower, "deprecated": self.deprecated,
            "isReplacedBy": self.replaced_by, "trlMin": self.trl_min, "trlMax": self.trl_max,
            "providesFunction": self.functions, "relations": self.relations, "topConcept": self.top,
        }


class ReplacementCycle(InputError):
    """dct:isReplacedBy leads back to a concept already on the chain: the sources need an editor."""


@dataclass
class Succession:
    """Where following dct:isReplacedBy from one concept leads.

    `chain` is the path taken (the start first); `live` the live concepts reached — one in the usual case,
    several when a concept was split, none when the chain ends at a deprecated concept with no replacement.
    """
    start: Concept
    chain: list[Concept]
    live: list[Concept]

    @property
    def successor(self) -> Concept | None:
        """The single live successor a client can be sent to; None when there is none or a choice to make."""
        return self.live[0] if len(self.live) == 1 else None

    def to_dict(self) -> dict:
        return {"deprecated": self.start.deprecated, "isReplacedBy": self.start.replaced_by,
                "chain": [c.iri for c in self.chain],
                "successor": self.successor.iri if self.successor else None,
                "liveReplacements": [c.iri for c in self.live]}


@dataclass
class SearchHit:
    concept: Concept
    score: float
    matched: str
    kind: str
    lang: str


_REL = {
    "https://w3id.org/greentaxo/def#requires": "requires",
    "https://w3id.org/greentaxo/def#complements": "complements",
    "https://w3id.org/greentaxo/def#conflictsWith": "conflictsWith",
    "https://w3id.org/greentaxo/def#alternativeTo": "alternativeTo",
}

SYMMETRIC = ("complements", "conflictsWith", "alternativeTo")

_QUERY = f"""
SELECT ?c ?p ?o WHERE {{
  ?c skos:inScheme <{ROUTE_SCHEME}> ; ?p ?o .
}}"""


class Taxonomy:
    """In-memory view of the route scheme."""

    def __init__(self, concepts: dict[str, Concept]) -> None:
        self.concepts = concepts
        self._by_notation = {c.notation: c for c in concepts.values() if c.notation}
        self._label_index: list[tuple[Concept, str, str, str, str]] | None = None

    @classmethod
    def from_graph(cls, kg: KnowledgeGraph) -> Taxonomy:
        concepts: dict[str, Concept] = {}
        for row in kg.query(_QUERY):
            iri = row[0].value         # by position: several times faster than by name on 18k rows
            if not iri.startswith(GTR):
                continue
            c = concepts.get(iri)
            if c is None:
                c = concepts[iri] = Concept(iri)
            _absorb(c, row[1].value, row[2])
        for c in concepts.values():
            for b in c.broader:
                if b in concepts and c.iri not in concepts[b].narrower:
                    concepts[b].narrower.append(c.iri)
        for c in concepts.values():
            c.narrower.sort(key=lambda i: concepts[i].notation)
        # symmetric relations are often stated once in the sources; the index answers both ways
        for c in list(concepts.values()):
            for rel in SYMMETRIC:
                for other in c.relations.get(rel, []):
                    back = concepts.get(other)
                    if back is not None and c.iri not in back.relations.setdefault(rel, []):
                        back.relations[rel].append(c.iri)
        return cls(concepts)

    # -- lookup
    def concept(self, ref: str) -> Concept:
        c = self._find(ref)
        if c is None:
            ref = ref.strip()
            raise NotFoundError(f"no route with IRI, CURIE or notation {ref!r}.", self.near(ref))
        return c

    def _find(self, ref: str) -> Concept | None:
        """The concept with this IRI, CURIE or notation, or None."""
        ref = ref.strip()
        return self.concepts.get(ref) or self.concepts.get(GTR + ref.removeprefix("gtr:")) or self._by_notation.get(ref)

    def near(self, ref: str, n: int = 3) -> list[str]:
        """Near matches for a mistyped id: look-alike characters first (O/0, I/l/1), then edit similarity."""
        keys = [c.id for c in self.concepts.values()] + list(self._by_notation)
        bare = ref.removeprefix("gtr:").removeprefix(GTR)
        folded = bare[:1] + bare[1:].translate(str.maketrans("OoIl", "0011"))
        close = [folded] if folded in keys and folded != bare else []
        close += [k for k in difflib.get_close_matches(bare, keys, n=n, cutoff=0.6) if k not in close]
        close = close[:n]
        if not close:
            close = [h.concept.id for h in self.search(ref, limit=n)]
        return close

    def succession(self, ref: str) -> Succession:
        """Follow dct:isReplacedBy from `ref` to the live concepts that replace it (itself when it is live).

        Depth first over every replacement (a split has several); a replacement outside the scheme ends
        its branch; a concept met twice on one path is a cycle and raises ReplacementCycle naming it.
        """
        start = self.concept(ref)
        chain: list[Concept] = []
        live: list[Concept] = []
        seen: set[str] = set()

        def walk(c: Concept, path: tuple[str, ...]) -> None:
            if c.iri in path:
                loop = " -> ".join(self.concepts[i].curie for i in (*path[path.index(c.iri):], c.iri))
                raise ReplacementCycle(f"dct:isReplacedBy goes round in a cycle ({loop}); point the last one "
                                       "at a live concept or remove its isReplacedBy")
            if c.iri in seen:
                return
            seen.add(c.iri)
            chain.append(c)
            if not c.deprecated:
                live.append(c)
                return
            for nxt in c.replaced_by:
                if nxt in self.concepts:
                    walk(self.concepts[nxt], (*path, c.iri))

        walk(start, ())
        return Succession(start, chain, live)

    def successor(self, ref: str) -> Concept | None:
        """The one live concept to use instead of `ref` (`ref` itself when live); None if none or several."""
        return self.succession(ref).successor

    def deprecation(self, ref: str) -> dict | None:
        """What a client needs to know about a deprecated route, as a record (Succession.to_dict, plus
        `error` when the chain is a cycle); None when `ref` is live or not a route at all."""
        c = self._find(ref)
        if c is None or not c.deprecated:
            return None
        try:
            return self.succession(c.iri).to_dict()
        except ReplacementCycle as exc:     # a data error: still say it is deprecated, and why it cannot be followed
            return {"deprecated": True, "isReplacedBy": c.replaced_by, "chain": [], "successor": None,
                    "liveReplacements": [], "error": str(exc)}

    @staticmethod
    def replacement_text(note: dict) -> str:
        """Where a deprecation record (`deprecation`) sends a reader, in words for a message."""
        return note["successor"] or ", ".join(note["liveReplacements"]) or "no live replacement"

    def live(self) -> list[Concept]:
        return sorted((c for c in self.concepts.values() if not c.deprecated), key=lambda c: c.notation)

    def top_concepts(self) -> list[Concept]:
        return [c for c in self.live() if c.top or not c.broader]

    def children(self, ref: str) -> list[Concept]:
        return [self.concepts[i] for i in self.concept(ref).narrower if not self.concepts[i].deprecated]

    def parents(self, ref: str) -> list[Concept]:
        return [self.concepts[i] for i in self.concept(ref).broader if i in self.concepts]

    def ancestors(self, ref: str) -> list[Concept]:
        """Nearest first; the hierarchy is acyclic by validation, but guard against loops anyway."""
        out: list[Concept] = []
        seen: set[str] = set()
        frontier = list(self.concept(ref).broader)
        while frontier:
            iri = frontier.pop(0)
            if iri in seen or iri not in self.concepts:
                continue
            seen.add(iri)
            out.append(self.concepts[iri])
            frontier += self.concepts[iri].broader
        return out

    def descendants(self, ref: str) -> list[Concept]:
        out: list[Concept] = []
        seen: set[str] = set()
        stack = list(reversed(self.concept(ref).narrower))
        while stack:
            iri = stack.pop()
            if iri in seen:
                continue
            seen.add(iri)
            c = self.concepts[iri]
            if not c.deprecated:
                out.append(c)
            stack += reversed(c.narrower)
        return out

    def leaves(self) -> list[Concept]:
        return [c for c in self.live() if not self.children(c.iri)]

    def is_leaf(self, ref: str) -> bool:
        return not self.children(ref)

    def depth(self, ref: str) -> int:
        return 1 + len(self.ancestors(ref))

    def domain_of(self, ref: str) -> Concept:
        anc = self.ancestors(ref)
        return anc[-1] if anc else self.concept(ref)

    # -- search
    def search(self, text: str, lang: str | None = None, limit: int = 10,
               parent: str | None = None) -> list[SearchHit]:
        """Rank concepts by how well one of their labels matches: exact, prefix, then inside."""
        q = normalise(text)
        if not q:
            return []
        words = q.split(" ")
        multi = len(words) > 1
        longest = max(words, key=len)   # a cheap substring test first: most labels lack the longest word
        within = {c.iri for c in self.descendants(parent)} if parent else None
        hits: dict[str, SearchHit] = {}
        kind_weight = {"pref": 1.0, "alt": 0.9, "hidden": 0.8}
        for c, kind, lg, label, n in self._labels():
            if (within is not None and c.iri not in within) or (lang and lg != lang) or c.deprecated:
                continue
            if q not in n and not (multi and longest in n and all(w in n for w in words)):
                continue
            base = 1.0 if n == q else 0.8 if n.startswith(q) else 0.6 if q in n else 0.5
            score = round(base * kind_weight[kind] * (0.5 + 0.5 * min(1.0, len(q) / max(len(n), 1))), 4)
            old = hits.get(c.iri)
            if old is None or score > old.score:
                hits[c.iri] = SearchHit(c, score, label, kind, lg)
        ranked = sorted(hits.values(), key=lambda h: (-h.score, h.concept.notation))
        return ranked[:limit]

    def lookup(self, label: str, lang: str | None = None) -> list[Concept]:
        """Concepts with exactly this label (preferred, alternative or hidden; case and width folded)."""
        key = normalise(label)
        out: list[Concept] = []
        for c, _, lg, _, n in self._labels():
            if n == key and (lang is None or lg == lang) and c not in out:
                out.append(c)
        return out

    def hierarchy(self, ref: str) -> dict:
        """The path from the top concept down to this one, with the children of each step."""
        c = self.concept(ref)
        path = list(reversed(self.ancestors(c.iri))) + [c]
        return {"path": [{"id": p.iri, "notation": p.notation, "label": p.pref,
                          "narrower": [{"id": k.iri, "notation": k.notation, "label": k.pref} for k in self.children(p.iri)]}
                         for p in path]}

    def _labels(self) -> list[tuple[Concept, str, str, str, str]]:
        """Every label with its normalised form, computed once: search is a scan of plain strings."""
        if self._label_index is None:
            self._label_index = [(c, kind, lg, t, normalise(t)) for c in self.live() for kind, lg, t in c.all_labels()]
        return self._label_index

    def stats(self) -> dict:
        live = self.live()
        by_domain: dict[str, int] = {}
        by_depth: dict[int, int] = {}
        for c in live:
            d = self.domain_of(c.iri)
            key = f"{d.notation} {d.label('en')}"
            by_domain[key] = by_domain.get(key, 0) + 1
            dep = self.depth(c.iri)
            by_depth[dep] = by_depth.get(dep, 0) + 1
        return {
            "concepts": len(live), "leaves": len(self.leaves()), "deprecated": len(self.concepts) - len(live),
            "top_concepts": len(self.top_concepts()), "max_depth": max(by_depth, default=0),
            "by_domain": dict(sorted(by_domain.items())), "by_depth": dict(sorted(by_depth.items())),
        }


def _absorb(c: Concept, p: str, o) -> None:
    val = o.value
    lang = getattr(o, "language", None) or ""
    if p == _PREF:
        c.pref[lang] = val
    elif p in _WORDS:           # language-tagged lists: alt and hidden labels, sense rules, exclusion and veto words
        getattr(c, _WORDS[p]).setdefault(lang, []).append(val)
    elif p == _DEFINITION:
        c.definition[lang] = val
    elif p == _SCOPE:
        c.scope[lang] = val
    elif p == _NOTATION:
        c.notation = val
    elif p == _BROADER:
        c.broader.append(val)
    elif p == _TOP:
        c.top = True
    elif p == _DEPRECATED:
        c.deprecated = val.lower() in ("true", "1")
    elif p == _REPLACED_BY:
        c.replaced_by.append(val)
    elif p == _TRL_MIN:
        c.trl_min = int(val)
    elif p == _TRL_MAX:
        c.trl_max = int(val)
    elif p == _FUNCTION:
        c.functions.append(val)
    elif p in _REL:
        c.relations.setdefault(_REL[p], []).append(val)


# predicate IRIs, built once (the loader compares 18k rows against them)
_PREF, _ALT, _HIDDEN, _DEFINITION = (SKOS + n for n in ("prefLabel", "altLabel", "hiddenLabel", "definition"))
_SCOPE = SKOS + "scopeNote"
_NOTATION, _BROADER, _TOP = (SKOS + n for n in ("notation", "broader", "topConceptOf"))
_DEPRECATED, _REPLACED_BY = OWL + "deprecated", DCT + "isReplacedBy"
_TRL_MIN, _TRL_MAX, _FUNCTION = (GT + n for n in ("trlMin", "trlMax", "providesFunction"))
_WORDS = {_ALT: "alt", _HIDDEN: "hidden", GT + "ambiguousLabel": "ambiguous", GT + "requiresContext": "context",
          GT + "excludedBy": "excluded", GT + "vetoedBy": "vetoed"}

"""Scenarios (gt:Scenario) read from the graph, looked up by IRI/CURIE/notation or matched from free text.

Free-text matching is deliberately simple and documented (docs/packages.md): the text and every
scenario label (preferred and alternative, zh and en) are normalised; a label found inside the text,
or the text inside a label, scores highest (0.8-1.0); otherwise the text and the labels are cut into
English words and Chinese character bigrams, each weighted by how rare it is among the scenarios
(idf), and the score (at most 0.75) mixes how much of the text's known words the scenario's labels
contain (70 %) and how much of the best label the text contains (30 %). Rare words such as 水泥
therefore outweigh common ones such as 降碳.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greentaxo.errors import InputError, NotFoundError
from greentaxo.namespaces import DCT, GT, GTX, SKOS
from greentaxo.skos import take_text
from greentaxo.text import normalise

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

_QUERY = """
SELECT ?s ?p ?o WHERE { ?s a gt:Scenario ; ?p ?o . }"""
_EXCLUSIONS = """
SELECT ?s ?r ?note WHERE { ?s a gt:Scenario ; gt:exclusion ?x . ?x gt:route ?r .
    OPTIONAL { ?x skos:note ?note FILTER (LANGMATCHES(LANG(?note), "en")) } }"""

_NOTATION = re.compile(r"^S\d{3}$")


@dataclass
class Scenario:
    iri: str
    pref: dict[str, str] = field(default_factory=dict)
    alt: dict[str, list[str]] = field(default_factory=dict)
    definition: dict[str, str] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    subject: str | None = None
    plant_types: list[str] = field(default_factory=list)
    scale: str | None = None
    trl_floor: int | None = None
    exclusions: list[tuple[str, str]] = field(default_factory=list)     # (route or group, reason)

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    @property
    def curie(self) -> str:
        return "gtx:" + self.id

    def label(self, lang: str = "en") -> str:
        return self.pref.get(lang) or next(iter(self.pref.values()), self.id)

    def labels(self) -> list[str]:
        return list(self.pref.values()) + [a for v in self.alt.values() for a in v]

    def to_dict(self) -> dict:
        return {"id": self.iri, "curie": self.curie, "prefLabel": self.pref, "altLabel": self.alt,
                "definition": self.definition, "requiresFunction": self.required,
                "optionalFunction": self.optional, "related": self.related, "domain": self.subject,
                "plantType": self.plant_types, "scale": self.scale, "trlFloor": self.trl_floor,
                "exclusions": [{"route": r, "reason": why} for r, why in self.exclusions]}


@dataclass
class ScenarioMatch:
    scenario: Scenario
    score: float
    matched: str


class Scenarios:
    def __init__(self, items: dict[str, Scenario]) -> None:
        self.items = items

    @classmethod
    def from_graph(cls, kg: KnowledgeGraph) -> Scenarios:
        items: dict[str, Scenario] = {}
        for row in kg.query(_QUERY):
            s = items.setdefault(row["s"].value, Scenario(row["s"].value))
            p, o = row["p"].value, row["o"]
            if take_text(s, p, o):
                continue
            if p == GT + "requiresFunction":
                s.required.append(o.value)
            elif p == GT + "optionalFunction":
                s.optional.append(o.value)
            elif p == SKOS + "related":
                s.related.append(o.value)
            elif p == DCT + "subject":
                s.subject = o.value
            elif p == GT + "plantType":
                s.plant_types.append(o.value)
            elif p == GT + "scale":
                s.scale = o.value
            elif p == GT + "trlFloor":
                s.trl_floor = int(o.value) if o.value.strip().isdigit() else None   # the shapes report bad values
        for row in kg.query(_EXCLUSIONS):
            if row["s"].value in items:
                note = row["note"].value if row["note"] is not None else "no reason given"
                items[row["s"].value].exclusions.append((row["r"].value, note))
        for s in items.values():
            s.required.sort()
            s.optional.sort()
            s.related.sort()
            s.plant_types.sort()
            s.exclusions.sort()
        return cls(dict(sorted(items.items())))

    def all(self) -> list[Scenario]:
        return list(self.items.values())

    def get(self, ref: str) -> Scenario:
        """By IRI, CURIE (gtx:S001) or notation (S001)."""
        ref = ref.strip()
        if not ref:
            raise InputError("scenario is empty: give an IRI, a CURIE such as gtx:S001, or a notation such as S001")
        key = ref if ref.startswith(GTX) else GTX + ref.removeprefix("gtx:")
        if key in self.items:
            return self.items[key]
        near = difflib.get_close_matches(ref.removeprefix("gtx:"), [s.id for s in self.all()], n=3, cutoff=0.6)
        if not near:
            near = [m.scenario.id for m in self.match(ref, limit=3)]
        raise NotFoundError(f"no scenario with IRI, CURIE or notation {ref!r}.", near)

    def looks_like_id(self, ref: str) -> bool:
        ref = ref.strip()
        return ref.startswith((GTX, "gtx:")) or bool(_NOTATION.match(ref))

    def match(self, text: str, limit: int = 5, threshold: float = 0.25) -> list[ScenarioMatch]:
        """Scenarios whose labels best match a free-text problem description, best first."""
        q = normalise(text)
        if not q:
            return []
        idf = self._idf()
        qg = {g for g in _grams(q) if g in idf}
        qw = sum(idf[g] for g in qg)
        out = []
        for s in self.all():
            best, which = 0.0, ""
            sg = set().union(*(_grams(normalise(label)) for label in s.labels()))
            text_side = sum(idf[g] for g in qg & sg) / qw if qw else 0.0
            for label in s.labels():
                n = normalise(label)
                if not n:
                    continue
                if n == q:
                    score = 1.0
                elif n in q or q in n:
                    score = 0.8 + 0.1 * min(len(n), len(q)) / max(len(n), len(q))
                else:
                    lg = _grams(n)
                    label_side = sum(idf[g] for g in qg & lg) / sum(idf[g] for g in lg) if lg else 0.0
                    score = 0.75 * (0.7 * text_side + 0.3 * label_side)
                if score > best:
                    best, which = score, label
            if best >= threshold:
                out.append(ScenarioMatch(s, round(best, 4), which))
        out.sort(key=lambda m: (-m.score, m.scenario.id))
        return out[:limit]

    def _idf(self) -> dict[str, float]:
        if not hasattr(self, "_idf_cache"):
            df: dict[str, int] = {}
            for s in self.all():
                for g in set().union(*(_grams(normalise(lb)) for lb in s.labels())):
                    df[g] = df.get(g, 0) + 1
            n = len(self.items)
            self._idf_cache = {g: math.log(1 + n / d) for g, d in df.items()}
        return self._idf_cache


def _grams(text: str) -> set[str]:
    """English words (3+ letters) and Chinese character bigrams."""
    words = {w for w in re.findall(r"[a-z0-9]+", text) if len(w) >= 3}
    cjk = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return words | {cjk[i:i + 2] for i in range(len(cjk) - 1)}


def scenarios_from_graph(kg: KnowledgeGraph) -> Scenarios:
    """The scenarios of `kg`, read once and kept with the graph (KnowledgeGraph.derived)."""
    return kg.derived("greentaxo.packages.scenarios", Scenarios.from_graph)

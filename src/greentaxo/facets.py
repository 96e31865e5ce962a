"""The facet scheme: project types, services, market mechanisms and business models (docs/principles.md).

They are not technologies, so they are not routes; each links to the routes it deploys, assesses or trades
(gt:involvesRoute). A route moved here stays in the route scheme, deprecated, with dct:isReplacedBy pointing
at its facet concept; `moved_to` puts that into the record a client reads.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greentaxo.namespaces import FACET_SCHEME, GT, GTF, SKOS, compact
from greentaxo.skos import take_text

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

KINDS = {GT + "ProjectType": "project type", GT + "ServiceType": "service",
         GT + "MarketMechanism": "market mechanism", GT + "BusinessModel": "business model"}


@dataclass
class Facet:
    iri: str
    notation: str = ""
    kind: str = ""
    pref: dict[str, str] = field(default_factory=dict)
    alt: dict[str, list[str]] = field(default_factory=dict)
    # for matching loan lines only, as SKOS means them: not shown, not in to_dict
    hidden: dict[str, list[str]] = field(default_factory=dict)
    definition: dict[str, str] = field(default_factory=dict)
    broader: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)

    @property
    def curie(self) -> str:
        return compact(self.iri)

    def to_dict(self) -> dict:
        return {"id": self.iri, "curie": self.curie, "scheme": FACET_SCHEME, "notation": self.notation,
                "kind": self.kind, "prefLabel": self.pref, "altLabel": self.alt, "definition": self.definition,
                "broader": self.broader, "involvesRoute": sorted(self.routes)}


_QUERY = f"SELECT ?c ?p ?o WHERE {{ ?c skos:inScheme <{FACET_SCHEME}> ; ?p ?o }}"


def load(kg: KnowledgeGraph) -> dict[str, Facet]:
    out: dict[str, Facet] = {}
    for c, p, o in ((r[0].value, r[1].value, r[2]) for r in kg.query(_QUERY)):
        f = out.setdefault(c, Facet(c))
        if take_text(f, p, o):
            continue
        if p == SKOS + "notation":
            f.notation = o.value
        elif p == SKOS + "broader":
            f.broader.append(o.value)
        elif p == GT + "involvesRoute":
            f.routes.append(o.value)
        elif p.endswith("#type") and o.value in KINDS:
            f.kind = KINDS[o.value]
    return out


def find(kg: KnowledgeGraph, ref: str) -> Facet | None:
    """A facet concept by IRI or CURIE (gtf:F0001), or None."""
    ref = ref.strip()
    iri = GTF + ref.removeprefix("gtf:") if not ref.startswith("http") else ref
    return kg.facets.get(iri)


def moved_to(kg: KnowledgeGraph, replaced_by: list[str]) -> list[dict]:
    """The facet concepts among a deprecated route's replacements, as short records."""
    return [{"id": f.iri, "curie": f.curie, "kind": f.kind, "prefLabel": f.pref}
            for f in (kg.facets.get(i) for i in replaced_by) if f is not None]

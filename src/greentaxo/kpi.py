"""Key performance indicators of routes (关键性能和技术指标): what a buyer or a bank asks for first.

Each indicator is a node of its own (`gtk:<route>-<metric>`, files in ontology/kpis/) pointing at its route
with gt:kpiOf, so the route files stay the domain editors' own. Thresholds are nodes too, each naming the
catalogue category or standard that sets the bar; eligibility reads them by metric id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greentaxo.namespaces import DCT, GT, SKOS, compact

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


@dataclass
class Threshold:
    iri: str
    comparator: str = ""
    value: float | None = None
    unit: str = ""
    source: str = ""
    set_by: list[str] = field(default_factory=list)
    tested_by: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.iri, "comparator": self.comparator, "threshold": self.value, "unit": self.unit,
                "source": self.source, "setBy": self.set_by, "testedBy": self.tested_by}

    def text(self) -> str:
        setter = ", ".join(compact(s) for s in self.set_by) or self.source
        return f"{self.comparator} {self.value:g} {self.unit} ({setter})"


@dataclass
class KPI:
    iri: str
    route: str = ""
    label: dict[str, str] = field(default_factory=dict)
    metric: str = ""
    unit: str = ""
    direction: str = ""
    typical_min: float | None = None
    typical_max: float | None = None
    source: str = ""
    scope: dict[str, str] = field(default_factory=dict)
    thresholds: list[Threshold] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.iri, "label": self.label, "metric": self.metric, "unit": self.unit,
                "direction": self.direction, "typicalMin": self.typical_min, "typicalMax": self.typical_max,
                "source": self.source, "scopeNote": self.scope, "thresholds": [t.to_dict() for t in self.thresholds]}

    def text(self, lang: str = "en") -> str:
        """One line for `greentaxo show`: name, typical range, which way is better, bars."""
        name = self.label.get(lang) or self.metric
        rng = ""
        if self.typical_min is not None and self.typical_max is not None:
            rng = f" {self.typical_min:g}-{self.typical_max:g} {self.unit}"
        better = {"higher": "higher is better", "lower": "lower is better"}.get(self.direction, self.direction)
        bars = "; bar " + "; ".join(t.text() for t in self.thresholds) if self.thresholds else ""
        return f"{name}:{rng} ({better}){bars}"


_QUERY = """
SELECT ?k ?p ?o WHERE { ?k a gt:KeyPerformanceIndicator ; ?p ?o }
"""
_THRESHOLDS = """
SELECT ?t ?p ?o WHERE { ?k gt:hasThreshold ?t . ?t ?p ?o }
"""


def _num(term) -> float | None:
    try:
        return float(term.value)
    except ValueError:
        return None


def load(kg: KnowledgeGraph) -> dict[str, list[KPI]]:
    """route IRI -> its indicators (ordered by metric id), read from the graph in two queries."""
    thresholds: dict[str, Threshold] = {}
    for t, p, o in ((r[0].value, r[1].value, r[2]) for r in kg.query(_THRESHOLDS)):
        th = thresholds.setdefault(t, Threshold(t))
        if p == GT + "comparator":
            th.comparator = o.value
        elif p == GT + "threshold":
            th.value = _num(o)
        elif p == GT + "unit":
            th.unit = o.value
        elif p == DCT + "source":
            th.source = o.value
        elif p == GT + "setBy":
            th.set_by.append(o.value)
        elif p == GT + "testedBy":
            th.tested_by.append(o.value)
    kpis: dict[str, KPI] = {}
    for k, p, o in ((r[0].value, r[1].value, r[2]) for r in kg.query(_QUERY)):
        kpi = kpis.setdefault(k, KPI(k))
        lang = getattr(o, "language", None) or ""
        if p == GT + "kpiOf":
            kpi.route = o.value
        elif p == SKOS + "prefLabel":
            kpi.label[lang] = o.value
        elif p == SKOS + "scopeNote":
            kpi.scope[lang] = o.value
        elif p == GT + "metric":
            kpi.metric = o.value
        elif p == GT + "unit":
            kpi.unit = o.value
        elif p == GT + "direction":
            kpi.direction = o.value
        elif p == GT + "typicalMin":
            kpi.typical_min = _num(o)
        elif p == GT + "typicalMax":
            kpi.typical_max = _num(o)
        elif p == DCT + "source":
            kpi.source = o.value
        elif p == GT + "hasThreshold" and o.value in thresholds:
            kpi.thresholds.append(thresholds[o.value])
    out: dict[str, list[KPI]] = {}
    for kpi in sorted(kpis.values(), key=lambda x: (x.route, x.metric, x.iri)):
        kpi.thresholds.sort(key=lambda t: t.iri)
        out.setdefault(kpi.route, []).append(kpi)
    return out


def kpis_of(kg: KnowledgeGraph, route_iri: str) -> list[KPI]:
    """The indicators of one route (none for most groups)."""
    return kg.kpis.get(route_iri, [])

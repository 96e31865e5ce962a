"""Indicator systems (ontology/indicators/) as plain objects: indicators, weights, scale, decision rules.

The graph is the source; an assessment keeps a snapshot of the system it was opened under (`to_dict`),
so a later change of weights or rules never changes a finished assessment's figures. Weights are
relative to siblings; `global_weights` multiplies the normalised sibling weights down the hierarchy.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from greentaxo.errors import InputError, NotFoundError
from greentaxo.namespaces import DCT, GT, GTI, OWL, RDF, SKOS, compact

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

STATISTICS = ("overall_mean", "overall_median", "ci_low", "ci_high", "group_mean", "consensus_share", "kendall_w",
              "experts")


@dataclass(frozen=True)
class Scale:
    lo: float
    hi: float
    step: float
    kind: str            # interval | ordinal

    @property
    def points(self) -> list[float]:
        n = round((self.hi - self.lo) / self.step)
        return [round(self.lo + i * self.step, 9) for i in range(n + 1)]

    def problem(self, value: float) -> str | None:
        """Why a score is not on this scale, or None."""
        if not self.lo <= value <= self.hi:
            return f"{_num(value)} is outside the scale {_num(self.lo)}-{_num(self.hi)}"
        k = (value - self.lo) / self.step
        if abs(k - round(k)) > 1e-9:
            return f"{_num(value)} is not a step of the scale (allowed: {', '.join(_num(p) for p in self.points)})"
        return None

    def to_percent(self, value: float) -> float:
        return (value - self.lo) / (self.hi - self.lo) * 100.0


@dataclass(frozen=True)
class Indicator:
    iri: str
    notation: str
    label: dict[str, str]
    weight: float
    direction: str                       # higher | lower (gt:direction: which way is better)
    guidance: dict[str, str] = field(default_factory=dict)
    parent: str | None = None
    children: tuple[str, ...] = ()
    na_allowed: bool = False
    evidence: tuple[str, ...] = ()       # route properties that inform the score (gt:trlMax, ...)

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def name(self, lang: str = "en") -> str:
        return self.label.get(lang) or self.label.get("en") or self.label.get("zh") or self.id


@dataclass(frozen=True)
class Condition:
    statistic: str
    indicator: str | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Rule:
    iri: str
    outcome: str
    priority: int
    label: dict[str, str]
    definition: dict[str, str]
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class IndicatorSystem:
    iri: str
    id: str
    label: dict[str, str]
    definition: dict[str, str]
    version: str
    source: str
    note: str
    min_experts: int
    weight_basis: str
    scale: Scale
    indicators: dict[str, Indicator]     # IRI -> indicator, in notation order
    rules: tuple[Rule, ...]              # by priority

    def leaves(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.is_leaf]

    def tops(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.parent is None]

    @property
    def hierarchical(self) -> bool:
        return any(i.parent for i in self.indicators.values())

    def global_weights(self) -> dict[str, float]:
        """Leaf IRI -> its share of the whole (sums to 1): normalised sibling weights multiplied down."""
        out: dict[str, float] = {}

        def walk(iris: list[str], share: float) -> None:
            total = sum(self.indicators[i].weight for i in iris)
            for i in iris:
                ind = self.indicators[i]
                w = share * ind.weight / total
                if ind.children:
                    walk(list(ind.children), w)
                else:
                    out[i] = w
        walk([t.iri for t in self.tops()], 1.0)
        return out

    def indicator(self, ref: str, where: str = "indicator") -> Indicator:
        """An indicator by notation ("3", "2.4"), local id (I03), CURIE, IRI or exact label."""
        key = str(ref).strip()
        for ind in self.indicators.values():
            if key in (ind.notation, ind.id, ind.iri, f"{self.id}:{ind.id}") or key in ind.label.values():
                return ind
        if key.endswith(".0") and key[:-2].isdigit():      # spreadsheets turn "3" into 3.0
            return self.indicator(key[:-2], where)
        near = [f"{i.notation} {i.name()}" for i in self.indicators.values()
                if key.lower() in i.name().lower() or i.notation.startswith(key)][:3]
        raise NotFoundError(f"{where}: {key!r} is not an indicator of {self.id}; use its notation (1, 2, ...) or id (I01).",
                            near)

    def with_weights(self, overrides: dict[str, object] | None) -> IndicatorSystem:
        """A copy with some sibling weights replaced (a panel adopting its own weights); each must be positive."""
        if not overrides:
            return self
        new = dict(self.indicators)
        for ref, value in overrides.items():
            ind = self.indicator(ref, f"weights.{ref}")
            try:
                w = float(value)          # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise InputError(f"weights.{ref}: {value!r} is not a number; give a positive weight such as 2.5") from None
            if not w > 0 or w != w or w == float("inf"):
                raise InputError(f"weights.{ref}: {value!r} is not positive; a weight of zero or less would silence "
                                 "or invert the indicator (give a number above 0)")
            new[ind.iri] = replace(ind, weight=w)
        return replace(self, indicators=new)

    def to_dict(self) -> dict:
        return {"iri": self.iri, "id": self.id, "label": self.label, "definition": self.definition,
                "version": self.version, "source": self.source, "note": self.note, "min_experts": self.min_experts,
                "weight_basis": self.weight_basis,
                "scale": {"min": self.scale.lo, "max": self.scale.hi, "step": self.scale.step, "type": self.scale.kind},
                "indicators": [{"iri": i.iri, "id": i.id, "notation": i.notation, "label": i.label, "weight": i.weight,
                                "direction": i.direction, "guidance": i.guidance, "parent": i.parent,
                                "children": list(i.children), "na_allowed": i.na_allowed, "evidence": list(i.evidence)}
                               for i in self.indicators.values()],
                "rules": [{"iri": r.iri, "outcome": r.outcome, "priority": r.priority, "label": r.label,
                           "definition": r.definition,
                           "conditions": [{"statistic": c.statistic, "indicator": c.indicator, "min": c.min, "max": c.max}
                                          for c in r.conditions]} for r in self.rules]}

    @classmethod
    def from_dict(cls, d: dict) -> IndicatorSystem:
        s = d["scale"]
        inds = {i["iri"]: Indicator(i["iri"], i["notation"], i["label"], float(i["weight"]), i["direction"], i["guidance"],
                                    i["parent"], tuple(i["children"]), bool(i["na_allowed"]), tuple(i["evidence"]))
                for i in d["indicators"]}
        rules = tuple(Rule(r["iri"], r["outcome"], int(r["priority"]), r["label"], r["definition"],
                           tuple(Condition(c["statistic"], c["indicator"], c["min"], c["max"]) for c in r["conditions"]))
                      for r in d["rules"])
        return cls(d["iri"], d["id"], d["label"], d["definition"], d["version"], d["source"], d["note"],
                   int(d["min_experts"]), d["weight_basis"], Scale(float(s["min"]), float(s["max"]), float(s["step"]), s["type"]),
                   inds, rules)


# ---------------------------------------------------------------------------- loading from the graph

def systems(kg: KnowledgeGraph) -> dict[str, IndicatorSystem]:
    """Every indicator system in the graph, by its id (skos:notation), read once per graph."""
    return kg.derived("greentaxo.assessment.systems", _read)


def system(kg: KnowledgeGraph, ref: str) -> IndicatorSystem:
    """One system by id (yeda), CURIE (gti:yeda) or IRI; an unknown one is a NotFoundError listing the known."""
    known = systems(kg)
    key = (ref or "").strip()
    for s in known.values():
        if key in (s.id, s.iri, f"gti:{s.id}"):
            return s
    raise NotFoundError(f"system: {key!r} is not an indicator system; known: {', '.join(sorted(known))}.",
                        [k for k in known if key.lower()[:2] in k])


def _read(kg: KnowledgeGraph) -> dict[str, IndicatorSystem]:
    rows = kg.query(f"""SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o
        FILTER (STRSTARTS(STR(?s), "{GTI}")) }} }}""")
    props: dict[str, dict[str, list]] = {}
    files: dict[str, str] = {}
    for g, s, p, o in rows:
        props.setdefault(s.value, {}).setdefault(p.value, []).append(o)
        files.setdefault(s.value, g.value)
    out = {}
    for iri, ps in props.items():
        if any(o.value == GT + "IndicatorSystem" for o in ps.get(RDF + "type", [])):
            sys_ = _system(iri, ps, props, _path_of(files.get(iri, iri)))
            out[sys_.id] = sys_
    return dict(sorted(out.items()))


def _one(ps: dict, pred: str, default=None):
    vals = ps.get(pred) or []
    return vals[0].value if vals else default


def _langs(ps: dict, pred: str) -> dict[str, str]:
    return {o.language or "": o.value for o in sorted(ps.get(pred) or [], key=lambda o: o.language or "")}


def _float(ps: dict, pred: str, where: str, source: str) -> float:
    raw = _one(ps, pred)
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise InputError(f"{where}: {_short(pred)} {raw!r} is missing or not a number", source=source) from None


def _system(iri: str, ps: dict, props: dict, source: str) -> IndicatorSystem:
    sid = _one(ps, SKOS + "notation") or iri.rsplit("/", 1)[-1]
    members = sorted((s for s, q in props.items() if any(o.value == iri for o in q.get(SKOS + "inScheme", []))
                      and any(o.value == GT + "Indicator" for o in q.get(RDF + "type", []))),
                     key=lambda s: _notation_key(_one(props[s], SKOS + "notation", "~")))
    scales = {_one(props[m], GT + "ratingScale") for m in members}
    if len(scales) != 1 or None in scales or next(iter(scales)) not in props:
        raise InputError(f"system {sid}: every indicator needs the same gt:ratingScale, defined in the file (run "
                         "greentaxo validate)", source=source)
    sc = props[next(iter(scales))]
    scale = Scale(_float(sc, GT + "scaleMin", sid, source), _float(sc, GT + "scaleMax", sid, source),
                  _float(sc, GT + "scaleStep", sid, source), _one(sc, GT + "scaleType", "interval"))
    if not (scale.hi > scale.lo and scale.step > 0):
        raise InputError(f"system {sid}: the rating scale needs gt:scaleMin < gt:scaleMax and a positive gt:scaleStep",
                         source=source)
    children: dict[str, list[str]] = {}
    for m in members:
        parent = _one(props[m], SKOS + "broader")
        if parent:
            children.setdefault(parent, []).append(m)
    inds = {}
    for m in members:
        q = props[m]
        weight = _float(q, GT + "weight", f"indicator {_short(m)}", source)
        if not weight > 0:
            raise InputError(f"indicator {_short(m)}: gt:weight {weight:g} is not positive; give a weight above 0", source=source)
        inds[m] = Indicator(m, _one(q, SKOS + "notation", m), _langs(q, SKOS + "prefLabel"), weight,
                            _one(q, GT + "direction", "higher"), _langs(q, GT + "guidance"), _one(q, SKOS + "broader"),
                            tuple(children.get(m, [])), _one(q, GT + "notApplicableAllowed") == "true",
                            tuple(sorted(o.value for o in q.get(GT + "evidenceProperty", []))))
    if not inds:
        raise InputError(f"system {sid} has no indicators", source=source)
    rules = []
    for r in (o.value for o in ps.get(GT + "decisionRule", [])):
        q = props.get(r, {})
        cps = [props.get(c.value, {}) for c in sorted(q.get(GT + "condition", []), key=lambda c: c.value)]
        conds = tuple(Condition(_one(c, GT + "statistic", ""), _one(c, GT + "ofIndicator"), _opt(c, GT + "minValue"),
                                _opt(c, GT + "maxValue")) for c in cps)
        rules.append(Rule(r, _one(q, GT + "outcome", "?"), int(_one(q, GT + "priority", 0)), _langs(q, SKOS + "prefLabel"),
                          _langs(q, SKOS + "definition"), conds))
    return IndicatorSystem(iri, sid, _langs(ps, SKOS + "prefLabel"), _langs(ps, SKOS + "definition"),
                           _one(ps, OWL + "versionInfo", "0"), _one(ps, DCT + "source", ""), _one(ps, SKOS + "editorialNote", ""),
                           int(_one(ps, GT + "minExperts", 1)), _one(ps, GT + "weightBasis", "assumed"), scale, inds,
                           tuple(sorted(rules, key=lambda r: r.priority)))


def _path_of(graph_name: str) -> str:
    """Each file is loaded into a named graph called by its file URI; errors name the path."""
    return unquote(urlparse(graph_name).path) if graph_name.startswith("file:") else graph_name


def _opt(ps: dict, pred: str) -> float | None:
    v = _one(ps, pred)
    return float(v) if v is not None else None


def _notation_key(n: str) -> tuple:
    return tuple(int(x) if x.isdigit() else 10**6 for x in n.split("."))


def _short(iri: str) -> str:
    return compact(iri)


def _num(x: float) -> str:
    return f"{x:g}"

"""Decide one criterion from project facts, and combine a category's criteria into an item verdict.

Criteria are ANDed, except those sharing a gt:alternativeGroup: such a group is met when every criterion
of one of its branches is met (EU 4.29: life-cycle < 100 g, OR the transitional path). A failing
number closes its branch; only when every branch of a group is closed is the item not eligible.
"""
from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass, field

from greentaxo.eligibility import bankmetrics
from greentaxo.eligibility import metrics as metric_vocab
from greentaxo.eligibility.criteria import Criterion
from greentaxo.eligibility.metrics import Fact
from greentaxo.eligibility.units import convert, parse_unit
from greentaxo.errors import InputError

_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq}
_FACT = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
SCOPE_PREDICATES = {"exactMatch", "closeMatch", "broadMatch"}
# a catalogue's best item decides; needs-review is set by the engine for uncertain text, never by an item
ORDER = {"eligible": 3, "eligible-if": 2, "not-eligible": 1, "needs-review": 0, "unknown": 0}



_NAMED = re.compile(r"^\s*(refrigerant|motor_ie_class)\s*=\s*([A-Za-z][A-Za-z0-9\-() ]*?)\s*$")


def parse_fact(text: str, field_name: str = "fact") -> Fact:
    """'lifecycle_ghg_intensity=85 gCO2e/kWh' -> Fact; every mistake is a one-line InputError.

    Two facts are given by name, as loan files hold them: refrigerant=R410A (its GWP is looked up) and
    motor_ie_class=IE4."""
    named = _NAMED.match(text or "")
    if named:
        return _named_fact(named.group(1), named.group(2), field_name)
    m = _FACT.match(text or "")
    if not m:
        raise InputError(f"{field_name} {text!r}: write it as metric=value unit, e.g. lifecycle_ghg_intensity=85 gCO2e/kWh")
    return make_fact(m.group(1), float(m.group(2)), m.group(3), field_name)


def _named_fact(metric: str, value: str, field_name: str) -> Fact:
    if metric == "refrigerant":
        r = bankmetrics.refrigerant(value, field=field_name)
        return Fact("refrigerant_gwp", r.gwp, "dimensionless", "derived", r.note())
    m = re.fullmatch(r"IE\s*([1-5])", value.strip(), flags=re.I)
    if not m:
        raise InputError(f"{field_name} motor_ie_class: write IE1 to IE5 (or the number), not {value!r}")
    return Fact("motor_ie_class", float(m.group(1)), "dimensionless")


def make_fact(metric: str, value: float, unit: str | None, field_name: str = "fact") -> Fact:
    met = metric_vocab.get(metric, field=field_name)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise InputError(f"{field_name} {metric}: value must be a finite number")
    unit = (unit or "").strip()
    if not unit:
        if met.unit != "dimensionless":
            raise InputError(f"{field_name} {metric}: a unit is required (criteria use {met.unit})")
        unit = "dimensionless"
    parse_unit(unit, field=f"{field_name} {metric}")
    convert(value, unit, met.unit, field=f"{field_name} {metric}")   # incompatible -> InputError now
    return Fact(met.id, float(value), unit)


@dataclass
class Result:
    criterion: Criterion
    result: str                  # pass | fail | not-evidenced | noted (documentation: on file, never deciding)
    detail: str = ""
    value: float | None = None   # the fact, in the criterion's unit
    fact_source: str | None = None   # given | text | derived

    def to_dict(self, route: str | None = None) -> dict:
        c = self.criterion
        d = {"id": c.id, "item": c.item, "role": c.role, "summary": c.summary, "result": self.result,
             "checkable": c.checkable, "source": c.source, "detail": self.detail}
        if c.metric:
            d.update({"metric": c.metric, "comparator": c.comparator, "threshold": c.threshold, "unit": c.unit,
                      "scope": c.scope or None, "value_given": self.value})
            if self.fact_source:
                d["fact_source"] = self.fact_source
        if c.group:
            d.update({"alternative_group": c.group, "alternative_branches": c.branches})
        if c.dnsh_objective:
            d["dnsh_objective"] = c.dnsh_objective
        if route:
            d["route"] = route
        return d


def decide(c: Criterion, facts: dict[str, Fact], predicate: str, attested: set[str]) -> Result:
    if c.role == "scope":
        if predicate in SCOPE_PREDICATES or predicate == "given":
            return Result(c, "pass", f"the mapping ({predicate}) places the route inside this item")
        return Result(c, "not-evidenced", f"the mapping is only skos:{predicate}: show that the project is the part "
                                          "of the route this item covers")
    if c.metric and c.metric in facts:
        f = facts[c.metric]
        v = convert(f.value, f.unit, c.unit or "dimensionless", field=f"fact {f.metric}")
        ok = _OPS[c.comparator or "="](v, c.threshold)
        shown = f.shown() + ("" if f.unit == c.unit else f" = {v:.6g} {c.unit}")
        verb = "meets" if ok else "does not meet"
        limit = f"{c.comparator} {c.threshold:g} {c.unit}".replace(" dimensionless", "")
        sep = " -- " if f.source == "derived" else " "
        return Result(c, "pass" if ok else "fail", f"{shown}{sep}{verb} {limit}", v, f.source)
    if c.id in attested:
        return Result(c, "pass", "attested by the user; keep the evidence on file")
    if c.role == "documentation":
        return Result(c, "noted", "codes a lawful project follows anyway: keep the approvals on file (not decided here)")
    if c.metric:
        return Result(c, "not-evidenced", f"give the fact {c.metric}=<value> {c.unit}")
    return Result(c, "not-evidenced", "needs documentary evidence")


@dataclass
class ItemOutcome:
    verdict: str
    results: list[Result]
    failed: list[Result] = field(default_factory=list)
    pending: list[Result] = field(default_factory=list)


def combine(results: list[Result]) -> ItemOutcome:
    plain = [r for r in results if not r.criterion.group]
    groups: dict[str, list[Result]] = {}
    for r in results:
        if r.criterion.group:
            groups.setdefault(r.criterion.group, []).append(r)
    failed = [r for r in plain if r.result == "fail"]
    pending = [r for r in plain if r.result == "not-evidenced"]
    for members in groups.values():
        branches = list(dict.fromkeys(b for r in members for b in r.criterion.branches))
        live, met = [], False
        for b in branches:
            rs = [r for r in members if b in r.criterion.branches]
            if any(r.result == "fail" for r in rs):
                continue
            live.append(rs)
            met = met or all(r.result in ("pass", "noted") for r in rs)
        if met:
            continue
        if not live:
            failed += [r for r in members if r.result == "fail"]
        else:
            # the open branch a fact has already advanced, closest to done, is the one to evidence; with no such
            # branch, the first the editors listed (their most common case); the others stay in the criteria list
            nearest = min(live, key=lambda rs: (not any(r.result == "pass" and r.value is not None for r in rs),
                                                sum(r.result == "not-evidenced" for r in rs), live.index(rs)))
            pending += [r for r in nearest if r.result == "not-evidenced" and r not in pending]
    if failed:
        verdict = "not-eligible"
    elif pending:
        verdict = "eligible-if"
    else:
        verdict = "eligible"
    return ItemOutcome(verdict, results, failed, pending)


def set_aside(entry: dict) -> str:
    """Why an item was set aside, with the item and the editors' note on its mapping row: "2025年目录不收录燃煤发电本身"
    tells a bank more than "this item is manufacturing"."""
    note = f"; mapping note: {entry['comment']}" if entry.get("comment") else ""
    return f"{entry.get('reason', '')} ({entry['code']} {entry['name']}{note})"

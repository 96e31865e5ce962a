"""Decision rules as data: the first rule (by priority) whose conditions all hold gives the outcome.

Each condition names a statistic of the aggregated result (systems.STATISTICS) and a lower and/or upper
bound. Besides the outcome, the decision says how it would read at both ends of the confidence interval,
so a reviewer sees whether the panel's uncertainty could change it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greentaxo.assessment.systems import Condition, IndicatorSystem


def statistic(result: dict, cond: Condition, overall: float | None = None) -> float | None:
    """The value a condition tests; `overall` replaces the mean (to test the rules at the CI bounds)."""
    o = result["overall"]
    if cond.statistic == "overall_mean":
        return o["mean"] if overall is None else overall
    if cond.statistic == "overall_median":
        return o["median"]
    if cond.statistic in ("ci_low", "ci_high"):
        return o[cond.statistic]
    if cond.statistic == "group_mean":
        return next((g["mean"] for g in result["groups"] if g["iri"] == cond.indicator), None)
    if cond.statistic == "consensus_share":
        return result["consensus_share"]
    if cond.statistic == "kendall_w":
        return result["agreement"]["kendall"].get("w")
    if cond.statistic == "experts":
        return float(result["experts"])
    return None


def holds(value: float | None, cond: Condition) -> bool:
    if value is None or value != value:        # an undefined statistic (NaN, W of a flat panel) never passes
        return False
    return (cond.min is None or value >= cond.min - 1e-9) and (cond.max is None or value <= cond.max + 1e-9)


def decide(system: IndicatorSystem, result: dict) -> dict:
    """The outcome, the rule that gave it with every condition's value, and the outcome at the CI bounds."""
    outcome = _first(system, result)
    checked = []
    for rule in system.rules:
        conds = [{"statistic": c.statistic, "indicator": _notation(system, c.indicator), "min": c.min, "max": c.max,
                  "value": statistic(result, c), "holds": holds(statistic(result, c), c)} for c in rule.conditions]
        checked.append({"outcome": rule.outcome, "label": rule.label, "priority": rule.priority,
                        "holds": all(c["holds"] for c in conds), "conditions": conds})
        if checked[-1]["holds"]:
            break
    low = _first(system, result, result["overall"]["ci_low"])
    high = _first(system, result, result["overall"]["ci_high"])
    return {"outcome": outcome.outcome if outcome else None, "label": outcome.label if outcome else {},
            "definition": outcome.definition if outcome else {}, "rules": checked,
            "at_ci_low": low.outcome if low else None, "at_ci_high": high.outcome if high else None,
            "stable": (low.outcome if low else None) == (high.outcome if high else None)}


def _first(system: IndicatorSystem, result: dict, overall: float | None = None):
    for rule in system.rules:
        if all(holds(statistic(result, c, overall), c) for c in rule.conditions):
            return rule
    return None


def _notation(system: IndicatorSystem, iri: str | None) -> str | None:
    return system.indicators[iri].notation if iri and iri in system.indicators else None

"""Ranking assessed achievements within a route or a catalogue category, with ties and uncertainty shown.

Each entry brings its panel's overall score and bootstrap interval (stored when its round closed), so
ranking never re-aggregates. Ties: equal scores at the shown precision share a rank (1, 2, 2, 4).
Uncertainty: the rank range an entry could take if each score could be anywhere in its interval,
best = 1 + entries whose interval lies wholly above, worst = n - entries wholly below; two entries whose
intervals overlap cannot be told apart by this panel, and the output says so. Sorting and two binary
searches make it O(n log n).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from greentaxo.errors import InputError

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    system: str
    score: float
    ci_low: float
    ci_high: float
    median: float | None = None
    experts: int = 0
    outcome: str | None = None
    routes: tuple[str, ...] = field(default_factory=tuple)


def rank(entries: list[Entry], precision: int = 1) -> list[dict]:
    """Entries best first, each with its rank, whether it is tied, its rank range and overlap with the next."""
    systems = sorted({e.system for e in entries})
    if len(systems) > 1:
        raise InputError(f"system: these assessments use {', '.join(systems)}; scores of different indicator systems "
                         "are not comparable, so rank within one (give --system)")
    order = sorted(entries, key=lambda e: (-round(e.score, precision), e.id))
    n = len(order)
    if not n:
        return []
    lows = np.sort(np.array([e.ci_low for e in order]))
    highs = np.sort(np.array([e.ci_high for e in order]))
    out: list[dict] = []
    shown = [round(e.score, precision) for e in order]
    for i, e in enumerate(order):
        rk = i + 1 if i == 0 or shown[i] != shown[i - 1] else out[-1]["rank"]
        above = n - int(np.searchsorted(lows, e.ci_high, side="right"))     # intervals wholly above this one
        below = int(np.searchsorted(highs, e.ci_low, side="left"))          # intervals wholly below
        nxt = order[i + 1] if i + 1 < n else None
        out.append({"rank": rk, "tied": (i > 0 and shown[i] == shown[i - 1]) or (nxt is not None and shown[i + 1] == shown[i]),
                    "rank_range": [1 + above, n - below],
                    "overlaps_next": bool(nxt is not None and nxt.ci_high >= e.ci_low),
                    "id": e.id, "title": e.title, "system": e.system, "score": e.score, "median": e.median,
                    "ci_low": e.ci_low, "ci_high": e.ci_high, "experts": e.experts, "outcome": e.outcome,
                    "routes": list(e.routes)})
    return out


def within(kg: KnowledgeGraph, entries: list[Entry], route: str | None = None, category: str | None = None) -> list[Entry]:
    """The entries whose routes fall under a route (itself or a descendant) or inside a catalogue category."""
    if route and category:
        raise InputError("give either a route or a category, not both")
    if route:
        top = kg.taxonomy.concept(route)
        wanted = {top.iri} | {c.iri for c in kg.taxonomy.descendants(top.iri)}
    elif category:
        code = kg.codes.get(category)       # NotFoundError / InputError for unknown or malformed codes
        # the route inside the category (exact, close, broad); a related or narrow match is no claim of scope
        wanted = {r.subject_id for r in kg.mappings.for_code(code.iri) if r.inside}
        if not wanted:
            raise InputError(f"category: no route is mapped inside {category} ({code.label}); nothing can be ranked in it")
    else:
        return list(entries)
    return [e for e in entries if wanted.intersection(e.routes)]

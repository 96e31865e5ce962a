"""Why each member is in the package, and why it was preferred to the routes that could replace it.

The reasons are the model's own terms (maturity, fit to the site, what a route would drag in, what
it conflicts with, what a filter removed), so they can be checked against the objective.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from greentaxo.packages.model import Member

if TYPE_CHECKING:
    from greentaxo.packages.formulation import Formulation

MAX_REJECTED = 4


def explain_members(form: Formulation, chosen: frozenset[str]) -> list[Member]:
    routes = form.pool.routes
    wanted = list(form.problem.required) + list(form.problem.optional)
    members = []
    for iri in sorted(chosen, key=lambda i: (_first_function(routes[i].functions, wanted), routes[i].id)):
        r = routes[iri]
        covers = [f for f in wanted if f in r.functions]
        parts = []
        if covers:
            parts.append("covers " + ", ".join(_fname(form, f) for f in covers))
        needed_by = sorted({routes[a].id + (f" for {_fname(form, f)}" if f else "")
                            for (a, opts), f in zip(form.requires, form.requires_for, strict=True)
                            if a in chosen and iri in opts})
        if needed_by:
            parts.append("required by " + ", ".join(needed_by))
        if iri in form.include:
            parts.append("included on request")
        parts.append(f"TRL {r.trl_min}-{r.trl_max}")
        if form.problem.fit and iri in form.problem.fit:
            parts.append("listed as fitting the scenario")
        if iri in form.problem.applicable:
            parts.append("applicable: " + form.problem.applicable[iri])
        comp = sorted(routes[o].id for o in r.complements if o in chosen)
        if comp:
            parts.append("complements " + ", ".join(comp))
        members.append(Member(r, covers, "; ".join(parts), _rejected(form, chosen, iri, covers)))
    return members


def _rejected(form: Formulation, chosen: frozenset[str], iri: str, covers: list[str]) -> list[dict]:
    routes = form.pool.routes
    me = routes[iri]
    rivals: dict[str, str] = {}
    for f in covers:
        for other in form.pool.providers(f):
            if other.iri in chosen or other.iri in rivals:
                continue
            rivals[other.iri] = ""
    for other in me.alternatives:
        if other not in chosen and other in routes:
            rivals.setdefault(other, "")
    out = []
    for o in rivals:
        rival = routes[o]
        out.append({"route": o, "id": rival.id, "label": rival.label, "why_not": _why_not(form, chosen, me, rival),
                    "declared_alternative": o in me.alternatives,
                    "_key": (0 if o in me.alternatives else 1, form.cost.get(o, 10**9), rival.id)})
    out.sort(key=lambda d: d["_key"])
    for d in out:
        d.pop("_key")
    return out[:MAX_REJECTED]


def _why_not(form: Formulation, chosen: frozenset[str], me, rival) -> str:
    if rival.iri in form.removed:
        rem = form.removed[rival.iri]
        return f"removed by {rem.stage}: {rem.detail}"
    if rival.iri not in form.cost:
        return "not a candidate for this problem"
    clash = sorted(form.pool.routes[c].id for c in rival.conflicts if c in chosen and c != me.iri)
    if clash:
        return "conflicts with " + ", ".join(clash) + " in the package"
    reasons = [f"cannot be used together with {me.id} (gt:conflictsWith)"] if me.iri in rival.conflicts else []
    extra = [(opts, f) for (a, opts), f in zip(form.requires, form.requires_for, strict=True)
             if a == rival.iri and not any(o in chosen for o in opts)]
    if extra:
        reasons.append("would also need " + "; ".join(
            f"a route for {_fname(form, f)}" if f else " or ".join(form.pool.routes[o].id for o in opts[:3])
            for opts, f in extra))
    if rival.maturity < me.maturity:
        reasons.append(f"less mature (TRL up to {rival.maturity} vs {me.maturity})")
    if form.problem.fit and me.iri in form.problem.fit and rival.iri not in form.problem.fit:
        reasons.append("not listed as fitting the scenario")
    for name, w in form.weights.attributes.items():
        mine, theirs = me.attributes.get(name, 0.0), rival.attributes.get(name, 0.0)
        if w and theirs > mine:
            reasons.append(f"worse on {name} (penalty {theirs:g} vs {mine:g})")
    own = [f for f in form.cover if f in me.functions and f not in rival.functions]
    if own:
        reasons.append("does not also cover " + ", ".join(_fname(form, f) for f in own))
    if len(reasons) <= (1 if me.iri in rival.conflicts else 0):
        diff = form.cost[rival.iri] - form.cost[me.iri]
        reasons.append(f"scores {'equal' if diff == 0 else 'worse'} in the objective "
                       f"({form.cost[rival.iri]} vs {form.cost[me.iri]}){'; kept the first found' if diff == 0 else ''}")
    return "; ".join(reasons)


def _fname(form: Formulation, f: str) -> str:
    return f"{f.rsplit('/', 1)[-1]} {form.pool.function_name(f)}"


def _first_function(functions, wanted: list[str]) -> int:
    return min((n for n, f in enumerate(wanted) if f in functions), default=len(wanted))

"""When a route's own catalogue items do not fit the project: its narrower, broader and sibling routes, the leaves
of a group without rows, and the verdict when none fits ("outside the catalogue for this project").

Functions of a catalogue (`Catalogue.verdict` calls them in that order); they read its item table and decide rows
through its protected `_decide` and `_activity`, as a backend's helpers would.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from greentaxo.eligibility import criteria as crit
from greentaxo.eligibility.rules import SCOPE_PREDICATES, set_aside

if TYPE_CHECKING:
    from greentaxo.eligibility.catalogue import Catalogue, Request
    from greentaxo.taxonomy import Concept


def narrower_for_activity(cat: Catalogue, req: Request, out: dict,
                           reach: tuple[str, ...] = ("narrower routes", "broader routes", "sibling routes")) -> dict:
    """A route whose own items are all for the other activity or project kind: its narrower routes, else its
    broader ones (a broad, close or exact match of a group holds for every route below it: making sludge
    digesters falls under the sludge group's equipment item), else its siblings, may reach items for this one
    (heat-pump manufacturing under the group "heat pumps", whose own item is operation; a new data centre read
    as a retrofit technique, whose group has the new-build item). `reach`: which of the three to read."""
    def fits(decision: dict) -> bool:
        return any(i.get("verdict") not in ("not-applicable", "unknown") for i in decision["items"])

    tax = cat.kg.taxonomy
    for where, near in (("narrower routes", lambda r: tax.descendants(r.iri)),
                        ("broader routes", lambda r: tax.ancestors(r.iri)),
                        ("sibling routes", lambda r: [s for p in tax.parents(r.iri) for s in tax.descendants(p.iri)
                                                     if s.iri != r.iri])):
        if where not in reach:
            continue
        # a related item is no reading of a neighbour's position: firm rows only
        pairs = [(d, rows) for r in req.routes for d in near(r) if not d.deprecated for rows in [_rows(cat, d)] if rows]
        if not pairs:
            continue
        alt = cat._decide(pairs, req)
        if alt["verdict"] != "unknown" and fits(alt):
            names = ", ".join(r.curie for r in req.routes)
            alt["reason"] += (f"; read through the {where}, since " + (f"the items of {names} itself do not fit the project"
                              if out["items"] else f"{names} itself has no rows"))
            fitting = [d.curie for d, rows in pairs if fits(cat._decide([(d, rows)], req))]
            if alt["verdict"] == "eligible" and where != "broader routes" and len(fitting) < len({d.iri for d, _ in pairs}):
                # heat-pump manufacturing: only ground-source units have a 2019 making item, so it depends
                alt["verdict"] = "eligible-if"
                alt["reason"] += (f"; only {', '.join(fitting)} of the {len(pairs)} {where} reach an item "
                                  "that fits, so it depends on which one the project is")
            return alt
    return out


def outside_for_project(req: Request, out: dict) -> dict:
    """Every item the route's rows reach -- and its neighbours' -- is for the other activity or project kind: the
    catalogue's position for this route is known, and the project as described is not in it ("新建燃煤电厂": the
    2025 catalogue holds coal units only as boiler making; a new build against retrofit-only items). The rows are
    complete by the mapping convention (every leaf has rows or a NoTermFound row in each catalogue), so this is
    `not-eligible`, not `unknown`; the reason says which reading of the text to correct if it is wrong."""
    # an item of the asked activity was set aside for the project kind (`Catalogue._decide` tests activity first)
    for_activity = [i for i in out["items"] if req.activity and i.get("activity") != req.activity]
    kinds = sorted({i["activity"] for i in for_activity if i.get("activity")})
    ask = []
    if kinds:
        ask.append(f"if the loan finances {kinds[0]}, give activity={kinds[0]}")
    if req.project and len(for_activity) < len(out["items"]):
        other = "retrofit" if req.project == "new" else "new"
        ask.append(f"if it is a {other} project, give project={other}")
    hint = f" ({'; '.join(ask)})" if ask else ""
    return {**out, "verdict": "not-eligible",
            "reason": f"outside the catalogue for this project: {out['reason']}{hint}"}


def leaves_outside(cat: Catalogue, req: Request) -> dict | None:
    """A route group with no rows of its own, every leaf of which has rows, none reaching an item for this project
    (making electrolysers in 2019: the electrolysis leaves reach only 3.2.9, building and running hydrogen
    facilities): outside the catalogue, as for a route whose own items are all set aside. None when a leaf has no
    rows (its position is not known) or some item fits."""
    pairs = _leaf_rows(cat, req, firm_only=False)
    if pairs is None:
        return None
    out = cat._decide(pairs, req)
    if out["verdict"] not in ("unknown", "not-eligible") \
            or any(i.get("verdict") != "not-applicable" for i in out["items"]):
        return None
    outside = [d.curie for d, rows in pairs if not any(r.is_match for r in rows)]
    parts = [f"{', '.join(outside)} outside it (sssom:NoTermFound)"] if outside else []
    parts += list(dict.fromkeys(set_aside(i) for i in out["items"]))
    names = ", ".join(r.curie for r in req.routes)
    return outside_for_project(req, {**out, "reason": f"every leaf of {names} has rows, none for this project: "
                                                             + "; ".join(parts)})


def leaves_for_project(cat: Catalogue, req: Request) -> dict | None:
    """A route group with no rows of its own whose leaves lead to different items, but to the same items that
    fit this project: judged on those (geothermal power *to run*: every geothermal leaf has 2025 item 4.2.6
    for operation, though their manufacturing items differ). None unless every leaf has firm rows and they
    agree; then the group's position for this project is known, not guessed."""
    pairs = _leaf_rows(cat, req, firm_only=True)
    if pairs is None:
        return None
    out = cat._decide(pairs, req)           # each item's verdict depends on its own route's rows only
    per_leaf: dict[str, set[str]] = {d.iri: set() for d, _ in pairs}
    for i in out["items"]:
        if i.get("verdict") not in ("not-applicable", "unknown"):
            per_leaf[i["route"]].add(i["code"])
    fitting = {frozenset(codes) for codes in per_leaf.values()}
    if len(fitting) != 1 or frozenset() in fitting:
        return None
    what = req.activity + (f", {req.project}" if req.project else "")
    out["reason"] += ("; read through the narrower routes: every leaf of "
                      + ", ".join(r.curie for r in req.routes)
                      + f" leads to {', '.join(sorted(next(iter(fitting))))} for a project of this kind ({what})")
    return out


def other_activity_below(cat: Catalogue, req: Request, out: dict) -> None:
    """A group's own items of one activity only (water pollution control: the equipment-making item) say
    nothing of running a plant, for which its narrower routes hold items: without `activity`, the verdict
    holds only for that activity and says so."""
    kinds = {i.get("activity") for i in out["items"] if i.get("activity")}
    if len(kinds) != 1:
        return
    kind = next(iter(kinds))
    tax, table = cat.kg.taxonomy, crit.items(cat.kg, cat.id)
    below = {cat._activity(table[x.code]) for r in req.routes for d in tax.descendants(r.iri)
             for x in cat.kg.mappings.for_route(d.iri, cat.id) if x.is_match and x.code in table}
    other = sorted(below - kinds)
    if other:
        out["verdict"] = "eligible-if"
        out["reason"] += (f"; only if the project is {kind}: for {other[0]} the narrower routes hold other items "
                          f"(give activity={other[0]} to read them)")


def narrower_with_rows(cat: Catalogue, routes: list[Concept], n: int = 5) -> list[str]:
    """For a route group without rows, name the narrower routes that have some (a pointer, not a guess)."""
    found: list[str] = []
    for r in routes:
        for d in cat.kg.taxonomy.descendants(r.iri):
            if cat.kg.mappings.for_route(d.iri, cat.id) and len(found) < n:
                found.append(f"{d.curie} {d.label('zh')}")
    return found


def _leaf_rows(cat: Catalogue, req: Request, firm_only: bool) -> list[tuple[Concept, list]] | None:
    """The live leaves below the asked routes, each with its rows for this catalogue (only exact, close and broad
    matches if `firm_only`); None when an asked route has rows of its own or no leaves, or a leaf has none."""
    tax, pairs = cat.kg.taxonomy, []
    for r in req.routes:
        if cat.kg.mappings.for_route(r.iri, cat.id) or not r.narrower:
            return None
        for d in tax.descendants(r.iri):
            if d.narrower or d.deprecated:
                continue
            rows = _rows(cat, d, firm_only)
            if not rows:
                return None
            pairs.append((d, rows))
    return pairs


def _rows(cat: Catalogue, route: Concept, firm_only: bool = True) -> list:
    """A route's mapping rows to this catalogue; only exact, close and broad matches if `firm_only`."""
    return [x for x in cat.kg.mappings.for_route(route.iri, cat.id)
            if not firm_only or x.predicate_id.rsplit("#", 1)[-1] in SCOPE_PREDICATES]

"""One finance catalogue: its edition, when it applies, and the verdict for a set of routes.

The abstract base holds the verdict logic; subclasses say what is particular to a catalogue (edition
dates, per-item applicability, the √/√√ mark or the EU contribution type) through protected hooks,
in the style of Annif's backends. `CATALOGUES` (catalogues.py) maps ids to subclasses.
"""
from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentaxo.eligibility import criteria as crit
from greentaxo.eligibility import neighbours
from greentaxo.eligibility.rules import ORDER, Fact, ItemOutcome, combine, decide, set_aside
from greentaxo.errors import InputError
from greentaxo.namespaces import code_iri

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.taxonomy import Concept


@dataclass
class Request:
    routes: list[Concept]
    facts: dict[str, Fact]
    as_of: dt.date | None = None
    attested: frozenset[str] = frozenset()
    given_item: str | None = None        # the input was this catalogue's own code
    activity: str | None = None          # "manufacturing" | "operation": what the financed project does
    project: str | None = None           # "new" | "retrofit": a new asset or work on an existing one
    facet_rows: list | None = None       # this catalogue's rows of a facet concept a text was read through
    facet_routes: tuple = ()             # the routes that facet concept involves (gt:involvesRoute)
    equipment: bool = False              # the text names equipment it makes: its production line makes no material


class Catalogue(ABC):
    id: str = ""
    edition: str = ""
    title: str = ""
    in_force: dt.date = dt.date.min
    editions_accepted: tuple[str, ...] = ()
    note: str | None = None

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg

    # ---- public
    def check_edition(self, edition: str) -> None:
        if edition.strip().lower() not in {e.lower() for e in self.editions_accepted}:
            raise InputError(f"editions.{self.id}: edition {edition!r} is not held; this graph holds "
                             f"{self.edition} ({self.title})")

    def verdict(self, req: Request) -> dict:
        """The verdict record of the contract for one catalogue."""
        head = {"catalogue": self.id, "edition": self.edition, "title": self.title}
        if req.as_of and req.as_of < self.in_force:
            return {**head, "verdict": "unknown", "items": [], "criteria": [], "mapping_rows": [], "to_evidence": [],
                    "reason": f"as_of {req.as_of} is before this edition applied ({self.in_force}); "
                              "the edition in force then is not held, so no verdict is given"}
        if req.given_item:
            per_route = [(None, [_GivenRow(self.id, req.given_item)])]
        elif req.facet_rows is not None:
            per_route = [(None, req.facet_rows)]
        else:
            per_route = [pair for r in req.routes for pair in route_rows(self.kg, r, self.id)]
        out = self._decide(per_route, req, own=True)
        if out["verdict"] == "unknown" and out["items"] and not req.given_item \
                and all(i.get("verdict") == "not-applicable" for i in out["items"]):
            out = neighbours.narrower_for_activity(self, req, out)
            if out["verdict"] == "unknown" and all(i.get("verdict") == "not-applicable" for i in out["items"]):
                out = neighbours.outside_for_project(req, out)
        if out["verdict"] == "unknown" and not out["items"] and not req.given_item and req.activity:
            # a group with no rows (the classifier shows one when a title names it and nothing below it): its
            # leaves agree for this project, or some of them reach an item for it and it depends on which
            out = neighbours.leaves_for_project(self, req) \
                or neighbours.narrower_for_activity(self, req, out, ("narrower routes",))
            if out["verdict"] == "unknown" and not out["items"]:
                out = neighbours.leaves_outside(self, req) or out
        if not req.activity and not req.given_item and out["verdict"] in ("eligible", "eligible-if"):
            neighbours.other_activity_below(self, req, out)
        if out["verdict"] == "unknown" and not out["items"] and not req.given_item:
            hint = neighbours.narrower_with_rows(self, req.routes)
            if hint:
                out["reason"] += "; narrower routes that do have rows: " + ", ".join(hint)
        return {**head, **out, **({"note": self.note} if self.note else {})}

    # ---- protected hooks
    @abstractmethod
    def _item_extra(self, item: crit.Item) -> dict:
        """Catalogue-specific fields of an item in the answer (the √/√√ mark, the EU contribution type)."""

    def _activity(self, item: crit.Item) -> str:
        """Whether the item finances making equipment or building/running a facility (banks lend to one)."""
        return "manufacturing" if "制造" in item.label.get("zh", "") else "operation"

    def fits_activity(self, item: crit.Item, activity: str) -> bool:
        """Whether the item finances `activity`: its own kind, or either kind when its title names both making a
        product and using it ("无毒无害原料、产品生产与替代使用": a low-VOC paint line and a plant switching to that
        paint both fall under it)."""
        return self._activity(item) == activity or "生产与" in item.label.get("zh", "")

    def produces(self, item: crit.Item) -> bool:
        """Whether the item finances producing a material or fuel by a process rather than making equipment (生产 or
        工艺 without 制造): a line making low-carbon cement falls under "工艺改进和流程优化" when no item for making the
        route's equipment does."""
        zh = item.label.get("zh", "")
        return ("生产" in zh or "工艺" in zh) and "制造" not in zh

    def _applies(self, item: crit.Item, as_of: dt.date | None) -> str | None:
        """None if the item applies on as_of, else the reason it does not."""
        return None

    def _project_kind(self, item: crit.Item) -> str:
        """retrofit (work on an existing asset only), new (new assets only) or any -- read from the item's title."""
        zh, en = item.label.get("zh", ""), item.label.get("en", "").lower()
        if ("改造" in zh or "更新" in zh) and "建设" not in zh or any(w in en for w in _RETROFIT_EN):
            return "retrofit"
        if "新建" in zh or " new " in f" {en} ":
            return "new"
        return "any"

    # ---- the shared logic
    def _decide(self, per_route: list[tuple[Concept | None, list]], req: Request, own: bool = False) -> dict:
        """The verdict on these routes' rows; `own` when they are the request's routes, not neighbours read through."""
        table = crit.items(self.kg, self.id)
        items_out, crit_out, rows_out, outcomes, no_term = [], [], [], [], []
        # a production line is the route's own making item if it has one, else the plant producing the material (not
        # read through neighbours: a wind-blade line is no hydrogen plant below the wind group)
        making = own and req.activity == "manufacturing" and not req.equipment and not any(
            self.fits_activity(table[r.code], req.activity) for _, rows in per_route for r in rows
            if r.is_match and r.code in table)
        for route, rows in per_route:
            rid = route.iri if route else None
            for row in rows:
                rows_out.append(row_dict(self.kg, row) if not isinstance(row, _GivenRow) else row.to_dict())
                if row.no_term:
                    no_term.append((route, row))
                    continue
                if not row.is_match:
                    continue
                item = table.get(row.code)
                pred = row.predicate_id.rsplit("#", 1)[-1]
                name = row.object_label
                if item:
                    name = item.label.get("zh") or item.label.get("en") or next(iter(item.label.values()), "")
                entry = {"code": row.code, "name": name, "mapping_confidence": row.confidence, "predicate": pred,
                         "route": rid, "comment": row.comment or None}
                if item is None:
                    entry.update(verdict="unknown", reason="the mapped code is not in the catalogue data")
                    items_out.append(entry)
                    continue
                entry.update(self._item_extra(item))
                entry["activity"] = self._activity(item)
                if req.activity and not self.fits_activity(item, req.activity) and not (making and self.produces(item)):
                    entry.update(verdict="not-applicable",
                                 reason=f"the project is {req.activity}, this item is {entry['activity']}")
                    items_out.append(entry)
                    continue
                misfit = self._project_mismatch(item, req, rows, table)
                if misfit:
                    entry.update(verdict="not-applicable", reason=misfit)
                    items_out.append(entry)
                    continue
                stop = self._applies(item, req.as_of)
                if stop:
                    entry.update(verdict="unknown", reason=stop)
                    items_out.append(entry)
                    continue
                outcome = self._item_outcome(item, req, pred, route)
                entry.update(verdict=outcome.verdict, criteria_encoded=bool(item.criteria))
                items_out.append(entry)
                outcomes.append((route, row, item, outcome))
                crit_out += [r.to_dict(rid) for r in outcome.results]
        verdict, reason, to_evidence = self._overall(outcomes, no_term, items_out, req)
        return {"verdict": verdict, "items": items_out, "criteria": crit_out, "mapping_rows": rows_out,
                "to_evidence": to_evidence, "reason": reason}

    def _project_mismatch(self, item: crit.Item, req: Request, rows: list, table: dict) -> str | None:
        """Why the item does not fit a new build or a retrofit; a retrofit item reached beats a general one."""
        if not req.project:
            return None
        kind = self._project_kind(item)
        if req.project == "new" and kind == "retrofit":
            return "the project is a new build; this item is for work on existing assets"
        if req.project == "retrofit" and kind == "new":
            return "the project is a retrofit; this item is for new assets"
        if req.project == "retrofit" and kind == "any" and "建设" in item.label.get("zh", ""):
            special = [r.code for r in rows if r.is_match and r.code in table and self._project_kind(table[r.code]) == "retrofit"]
            if special:
                return f"the project is a retrofit, which item {special[0]} covers specifically"
        return None

    def _item_outcome(self, item: crit.Item, req: Request, predicate: str, route: Concept | None = None) -> ItemOutcome:
        # read through a facet (a project type), the route is not known, but the routes the facet involves are:
        # a criterion limited to other routes (buses bought for a public-transport item) does not concern it
        routes = [route] if route is not None else list(req.facet_routes)
        results = [decide(c, req.facts, predicate, req.attested) for c in self._for_routes(item.criteria, routes)]
        if not any(c.role == "scope" for c in item.criteria):
            # every item needs the project to be inside it; without an encoded scope row, the mapping decides
            scope = crit.Criterion(f"{item.iri}/criterion/scope", f"{item.code}/scope", item.code, "scope",
                                   {"zh": "项目属于该条目所列的活动范围。", "en": "The project is an activity this item covers."},
                                   f"{self.title}, item {item.code}", False)
            results.insert(0, decide(scope, req.facts, predicate, req.attested))
        if not item.criteria:
            c = crit.Criterion(f"{item.iri}/criterion/conditions", f"{item.code}/conditions", item.code, "evidence",
                               {"zh": "该条目的官方条件尚未编码为数据，请对照目录原文核验。",
                                "en": "This item's official conditions are not yet encoded as data; "
                                      "check them against the catalogue text."},
                               f"{self.title}, item {item.code}", False)
            results.append(decide(c, req.facts, predicate, req.attested))
        return combine(results)

    def _for_routes(self, criteria: list[crit.Criterion], routes: list[Concept]) -> list[crit.Criterion]:
        """The criteria that concern these routes: in an alternative group where some branch is for one of them
        (gt:forRoute), the branches that are not are set aside; a criterion outside any group that is limited to
        other routes is set aside; a group none of whose branches is for them is kept whole."""
        if not routes or not any(c.routes for c in criteria):
            return criteria
        tax = self.kg.taxonomy
        lineages = [(r.notation, {r.notation, *(a.notation for a in tax.ancestors(r.iri))}) for r in routes]

        def fits(c: crit.Criterion) -> bool:      # for a route, one above it, or (the route is a group) one below
            return any(n in lineage or n.startswith(own + ".") for own, lineage in lineages for n in c.routes)
        claimed = {c.group for c in criteria if c.group and c.routes and fits(c)}
        # a group no branch of which is for this route stays whole (a PV plant may use any module technology)
        return [c for c in criteria if (fits(c) if c.group in claimed else True) if c.group
                or not c.routes or fits(c)]

    def _overall(self, outcomes, no_term, items_out, req: Request) -> tuple[str, str, list[str]]:
        if not outcomes:
            if no_term:
                comments = "; ".join(dict.fromkeys(r.comment for _, r in no_term if r.comment)) or "no item fits"
                return "not-eligible", f"outside the catalogue (mapping row sssom:NoTermFound): {comments}", []
            if items_out:
                return "unknown", "; ".join(dict.fromkeys(set_aside(i) for i in items_out)), []
            if not req.routes and not req.given_item:
                return "unknown", "no route was found for the input, so there is nothing to map", []
            what = f"item {req.given_item}" if req.given_item else "the route(s)"
            return "unknown", f"no mapping row from {what} to {self.id} yet; not guessed", []
        best = max(outcomes, key=lambda o: (ORDER[o[3].verdict], o[1].confidence or 0))
        route, row, item, out = best
        rank = {"scope": 0, "technical": 1, "evidence": 2, "exclusion": 3, "dnsh": 4}
        out.pending.sort(key=lambda r: (rank.get(r.criterion.role, 5), r.criterion.id))
        verdict = out.verdict
        cite = f"{self.id}:{item.code} {item.label.get('zh') or item.label.get('en', '')}".strip()
        via = f" via {route.curie}" if route else ""
        conf = f", confidence {row.confidence:g}" if row.confidence is not None else ""
        if verdict == "eligible":
            reason = f"{cite}{via}: every criterion passes ({row.predicate_id.rsplit('#', 1)[-1]}{conf})"
        elif verdict == "eligible-if":
            reason = f"{cite}{via}: eligible once these are evidenced: {', '.join(r.criterion.id for r in out.pending)}"
        else:
            reason = f"{cite}{via}: fails " + "; ".join(f"{r.criterion.id} ({r.detail})" for r in out.failed)
            if no_term:
                reason += "; other routes are outside the catalogue"
        by_route: dict[str, set[str]] = {}
        for o in outcomes:
            if o[0]:
                by_route.setdefault(o[0].iri, set()).add(o[2].code)
        if verdict == "eligible" and len({frozenset(v) for v in by_route.values()}) > 1:
            verdict = "eligible-if"
            reason += (f"; the input reaches {len(by_route)} routes with different items, so it depends on which one "
                       "the project is")
        kinds = {self._activity(o[2]): o for o in outcomes}
        if verdict == "eligible" and not req.activity and len(kinds) > 1:
            other = next(o for k, o in kinds.items() if k != self._activity(item))
            if other[3].verdict != "eligible":
                verdict = "eligible-if"
                reason += (f"; only if the project is {self._activity(item)} -- as {self._activity(other[2])} it falls under "
                           f"{other[2].code}, which is {other[3].verdict} (give activity to decide)")
        # the same for new build against retrofit: a line that does not say which must not be eligible through a
        # retrofit-only item when, built new, it falls under an item that still asks for something
        kind = self._project_kind(item)
        others = ([o for o in outcomes if o[3].verdict != "eligible" and self._project_kind(o[2]) != kind]
                  if verdict == "eligible" and not req.project and kind != "any" else [])
        if others:
            other = max(others, key=lambda o: (ORDER[o[3].verdict], o[1].confidence or 0))
            verdict = "eligible-if"
            said = {"retrofit": "a retrofit of an existing asset", "new": "a new build"}[kind]
            reason += (f"; only if the project is {said} -- otherwise it falls under {other[2].code}, which is "
                       f"{other[3].verdict} (give project to decide)")
        to_evidence = list(dict.fromkeys(r.criterion.id for r in out.pending))
        return verdict, reason, to_evidence


def route_rows(kg: KnowledgeGraph, route: Concept, cid: str) -> list[tuple[Concept, list]]:
    """The mapping rows a verdict on `route` rests on: its own; or, for a route group with none, those of its
    narrower routes when every narrower leaf has rows and all lead to the same items (then the group's
    position is known, not guessed); else none."""
    own = kg.mappings.for_route(route.iri, cid)
    if own or not route.narrower:
        return [(route, own)]
    leaves = [d for d in kg.taxonomy.descendants(route.iri) if not d.narrower and not d.deprecated]
    pairs = [(d, kg.mappings.for_route(d.iri, cid)) for d in leaves]
    keys = {_key(rows) for _, rows in pairs}
    if leaves and len(keys) == 1 and frozenset() not in keys:
        return pairs
    return [(route, [])]


def fitting_items(kg: KnowledgeGraph, cat: Catalogue, codes: frozenset[str], activity: str | None) -> frozenset[str]:
    """The items among `codes` that finance `activity` (all of them when it is not known)."""
    if not activity:
        return codes
    table = crit.items(kg, cat.id)
    return frozenset(c for c in codes if c in table and cat.fits_activity(table[c], activity))


def route_items(kg: KnowledgeGraph, route: Concept, cid: str) -> frozenset[str]:
    """The catalogue items a route leads to (its consensus set for a group); "<outside>" for a no-match row."""
    memo = kg.derived("greentaxo.eligibility.catalogue:route_items", lambda g: {})
    key = (route.iri, cid)
    if key not in memo:
        keys = {_key(rows) for _, rows in route_rows(kg, route, cid)}
        memo[key] = next(iter(keys)) if len(keys) == 1 else frozenset()
    return memo[key]


def row_dict(kg: KnowledgeGraph, row) -> dict:
    """A mapping row as the contract shows it, made once per row (rows live as long as their graph)."""
    memo = kg.derived("greentaxo.eligibility.catalogue:row_dicts", lambda g: {})
    d = memo.get(id(row))
    if d is None or d[0] is not row:
        d = memo[id(row)] = (row, row.to_dict())
    return d[1]


def _key(rows: list) -> frozenset[str]:
    matched = frozenset(r.code for r in rows if r.is_match)
    return matched or (frozenset({"<outside>"}) if any(r.no_term for r in rows) else frozenset())


_RETROFIT_EN = ("renovation", "renewal", "retrofitting", "refurbish", "existing installations")


class _GivenRow:
    """Stands in for a mapping row when the user names the catalogue item itself."""

    def __init__(self, scheme: str, code: str) -> None:
        self.scheme, self.code, self.object_id = scheme, code, code_iri(scheme, code)
        self.predicate_id, self.confidence, self.comment, self.object_label = "given", None, "", ""
        self.no_term, self.is_match = False, True

    def to_dict(self) -> dict:
        return {"object_id": self.object_id, "predicate_id": "given", "confidence": None,
                "comment": "the input named this catalogue item directly"}

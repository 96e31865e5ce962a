"""From one input (route, code or text) and optional facts to the verdict of every catalogue.

This is the one entry point: the CLI, the API, portfolio screening and the release-impact report all call
`evaluate`. It resolves the input to routes (text through `resolve.py`, with the facts the text states read
by `textfacts.py`), validates facts and dates once, asks each catalogue for its verdict, marks verdicts
from uncertain text `needs-review`, notes deprecated routes, and lines the verdicts up so that disagreement
between regimes is stated rather than left for the reader to spot.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from greentaxo.codes.registry import parse_ref
from greentaxo.eligibility import bankmetrics, itemnames, resolve, textfacts
from greentaxo.eligibility.catalogue import Request, fitting_items, route_items
from greentaxo.eligibility.catalogues import CATALOGUES, catalogue_for
from greentaxo.eligibility.criteria import metrics_in_use
from greentaxo.eligibility.lines import contains
from greentaxo.eligibility.rules import ORDER, Fact, make_fact, parse_fact
from greentaxo.errors import InputError, NotFoundError
from greentaxo.namespaces import GTR
from greentaxo.text import normalise

if TYPE_CHECKING:
    from greentaxo.facets import Facet
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.taxonomy import Concept

MAX_TEXT = resolve.MAX_TEXT
ACTIVITIES = ("manufacturing", "operation")
PROJECTS = ("new", "retrofit")
# metrics a criterion never names but that become one it does (bankmetrics.derive)
_FEEDS = {"pue": "data_centre_grade", "motor_ie_class": "energy_efficiency_grade"}


def evaluate(kg: KnowledgeGraph, *, route: str | None = None, code: str | None = None, text: str | None = None,
             facts: list | None = None, as_of: str | dt.date | None = None, editions: dict[str, str] | None = None,
             attested: list[str] | None = None, catalogues: list[str] | None = None,
             activity: str | None = None, project: str | None = None, classification: dict | None = None) -> dict:
    """The eligibility contract: input, classification, facts, one verdict per catalogue, and a summary line.

    `classification` is the classifier's answer for `text` when the caller already has it (batches)."""
    given = [n for n, v in (("route", route), ("code", code), ("text", text)) if v not in (None, "")]
    if not given and text is not None:
        resolve.check_text(text)            # an empty text says so, rather than "give exactly one of ..."
    if len(given) != 1:
        raise InputError("give exactly one of route, code or text" + (f" (got {', '.join(given)})" if given else ""))
    cids = _catalogues(catalogues)
    _choice("activity", activity, ACTIVITIES, "manufacturing (making equipment) or operation (building or running a facility)")
    _choice("project", project, PROJECTS, "new (a new build or extension) or retrofit (work on an existing asset)")
    day = _date(as_of)
    for cid, ed in (editions or {}).items():
        if cid not in CATALOGUES:
            raise InputError(f"editions: unknown catalogue {cid!r}; known: {', '.join(CATALOGUES)}")
        catalogue_for(kg, cid).check_edition(str(ed))
    explicit = _facts(facts or [])
    fact_map, read, res, facet = dict(explicit), None, None, None
    given: dict[str, str] = {}                          # catalogue -> the item given by code or named by its title
    named: dict[str, itemnames.NamedItem] = {}
    item_routes: list[Concept] = []
    if route:
        routes = [kg.taxonomy.concept(route)]
    elif code:
        routes, given_item = _from_code(kg, code)
        given = dict([given_item]) if given_item else {}
    else:
        res = resolve.resolve(kg, text or "", classification)
        read = textfacts.read(text or "")
        fact_map = {**read.facts, **explicit}          # an explicit fact overrides the one read from the text
        # the catalogue's own title outranks our reading of the text: each named item as if given by code
        named = itemnames.named_items(kg, text or "", tuple(CATALOGUES))
        given = {cid: n.code for cid, n in named.items()}
        item_routes = _item_routes(kg, named, res)
        if item_routes:
            routes = item_routes        # they answer the catalogues whose items the text does not name
        else:
            facet = _facet(kg, text or "", res) or _item_facet(kg, named)
            # read through a project type, the answer claims no route (a doubted candidate is only in the block)
            routes = [res.used] if res.used and facet is None else []
    fact_map.update(bankmetrics.derive(fact_map))
    asked_activity = activity           # a named item is what the text is about, whatever its verbs suggest
    activity = activity or (read.activity if read else None)
    project = project or (read.project if read else None)
    # "manufacturing" stated by the caller is making equipment, as the parameter says (no producing plant read for it)
    equipment = bool(read and read.equipment) or asked_activity == "manufacturing"
    warnings = _unused_facts(kg, explicit, cids)
    req_att = frozenset(a.strip() for a in (attested or []) if a.strip())
    verdicts = []
    involved = () if facet is None else \
        tuple(c for r in sorted(facet.routes) if (c := kg.taxonomy.concepts.get(r)) is not None)
    for cid in cids:
        item = given.get(cid)
        cat = catalogue_for(kg, cid)
        if item is not None and named:
            v = _named_verdict(cat, named, Request(item_routes, fact_map, day, req_att, item, asked_activity or None,
                                                   project or None, equipment=equipment))
            verdicts.append(v)
            continue
        if facet is not None:
            v = _facet_verdict(kg, cat, facet, Request([], fact_map, day, req_att, None, activity or None,
                                                       project or None, kg.mappings.for_route(facet.iri, cid),
                                                       involved, equipment))
            verdicts.append(v)
            continue
        req = Request(routes, fact_map, day, req_att, item, activity or None, project or None, equipment=equipment)
        if item_routes:
            v = _named_verdict(cat, named, req)
        elif res is not None and not res.green:
            v = _without_route(cat, res, "not-eligible")
        elif res is not None and res.used is None:
            # green by its wording, but no route found: a question for a person, who names the route
            v = _without_route(cat, res, "needs-review", ". Name the route (give it as route) to get a verdict.")
        else:
            v = cat.verdict(req)
        if not item_routes and res is not None and res.green and res.used is not None:
            v = _review(kg, cat, res, v, activity or None)
        verdicts.append(v)
    out = {
        "input": {"route": route, "code": code, "text": text, "facts": [f.to_dict() for f in explicit.values()],
                  "as_of": day.isoformat() if day else None, "editions": editions or None,
                  "attested": sorted(req_att) or None, "activity": activity or None, "project": project or None},
        "classification": res.block if res else None,
        "read_from_text": ({**read.to_dict(), "items": [n.to_dict() for n in named.values()]} if read else None),
        "facts": [f.to_dict() for f in fact_map.values()],
        "routes": [{"id": r.iri, "notation": r.notation, "label": r.pref} for r in routes],
        "verdicts": verdicts,
        "summary": summarise(verdicts),
        "warnings": warnings,
    }
    _deprecations(kg, routes, out)
    return out


def summarise(verdicts: list[dict]) -> dict:
    """One line per input lining the catalogues up, and whether they disagree."""
    line = "; ".join(f"{v['catalogue']}: {v['verdict']}" for v in verdicts)
    known = {_polarity(v["verdict"]) for v in verdicts if v["verdict"] in ORDER and v["verdict"] not in ("unknown",
                                                                                                         "needs-review")}
    return {"line": line, "disagree": len(known) > 1,
            "by_catalogue": {v["catalogue"]: v["verdict"] for v in verdicts}}


def _polarity(verdict: str) -> str:
    return "in" if verdict in ("eligible", "eligible-if") else "out"


def _without_route(cat, res: resolve.Resolution, verdict: str, ask: str = "") -> dict:
    """A verdict on a text that no route was read from: no items, the resolution's note as the reason."""
    note = res.block.get("note") or resolve.NOT_GREEN
    return {"catalogue": cat.id, "edition": cat.edition, "title": cat.title, "verdict": verdict, "items": [],
            "criteria": [], "mapping_rows": [], "to_evidence": [], "reason": note[:1].upper() + note[1:] + ask,
            **({"note": cat.note} if cat.note else {})}


def _named_verdict(cat, named: dict[str, itemnames.NamedItem], req: Request) -> dict:
    """The verdict on a text that names catalogue items by their official titles: on this catalogue's named item,
    or, where the text names none of its items, through the routes mapped to the items it names."""
    v = cat.verdict(req)
    own = named.get(cat.id)
    if own is not None:
        v["reason"] = f"the text names {cat.id}:{own.code} {own.title} by its official title: {v['reason']}"
    else:
        names = ", ".join(f"{n.catalogue}:{n.code} {n.title}" for n in named.values())
        how = "the item the text names by its official title" if len(named) == 1 else \
            "the items the text names by their official titles"
        v["reason"] = f"read through the routes mapped to {names} ({how}): {v['reason']}"
    return v


def _item_routes(kg: KnowledgeGraph, named: dict[str, itemnames.NamedItem], res: resolve.Resolution) -> list[Concept]:
    """The routes mapped to the items a text names, each once; only the route firmly read from the text where it is
    one of them or lies below one (an item maps to many routes: the text's own says which)."""
    found = {c.iri: c for n in named.values() for c in _from_code(kg, f"{n.catalogue}:{n.code}")[0]}
    used = res.used if res.firm else None
    if used is not None and (used.iri in found or any(a.iri in found for a in kg.taxonomy.ancestors(used.iri))):
        return [used]
    return list(found.values())


def _item_facet(kg: KnowledgeGraph, named: dict[str, itemnames.NamedItem]) -> Facet | None:
    """A project type or service mapped to an item the text names: the other catalogues are read through it, as
    when the text names the facet concept itself (services and project types are mapped to facets only)."""
    rank = {"exactMatch": 0, "closeMatch": 1, "broadMatch": 2, "narrowMatch": 3, "relatedMatch": 4}
    rows = [row for n in named.values() for row in kg.mappings.for_code(kg.codes.get(f"{n.catalogue}:{n.code}").iri)
            if row.is_match and row.subject_id in kg.facets]
    if not rows:
        return None
    # the closest mapping: "绿色建筑" is the star-rated green building closely, a green terminal only broadly
    best = min(rows, key=lambda r: (rank.get(r.predicate_id.rsplit("#", 1)[-1], 5), -(r.confidence or 0), r.subject_id))
    return kg.facets[best.subject_id]


def _facet(kg: KnowledgeGraph, text: str, res: resolve.Resolution) -> Facet | None:
    """A project type (or other facet concept) the text names, when no route was firmly found: the verdicts are then
    read through its mapping rows, and the classification block says so (method facet-label)."""
    hit = resolve.named_facet(kg, text)
    if hit is None or (res.firm and not _holds(hit[1], res)):
        return None
    f, matched = hit
    block = res.block
    block.update(method="facet-label", green=True, used=None,
                 facet={"id": f.iri, "curie": f.curie, "kind": f.kind, "prefLabel": f.pref, "matched": matched,
                        "involvesRoute": sorted(f.routes)},
                 note=(f"no route was firmly found; the text names the {f.kind} {f.curie} {f.pref.get('zh', '')} "
                       f"(\"{matched}\"), so each catalogue is read through its mapping rows"))
    return f


def _holds(matched: str, res: resolve.Resolution) -> bool:
    """Whether the facet label the text names holds every label the firmly found route rests on: in "可再生能源绿证交易"
    and "Purchase of renewable energy certificates" the renewable-energy route is only part of the trading mechanism's
    name, so the longer name wins."""
    m = normalise(matched)
    used = res.used
    labels = [n["matched"] for n in res.block.get("named_in_text", []) if used and n["id"] == used.iri] or \
        [e.get("matched") or e.get("text") or "" for c in res.candidates[:1] for e in c.evidence]
    return bool(labels) and all((n := normalise(x)) and n != m and contains(m, n) for x in labels)


def _facet_verdict(kg: KnowledgeGraph, cat, f: Facet, req: Request) -> dict:
    """The catalogue's verdict on the facet concept's own mapping rows and the items' criteria."""
    v = cat.verdict(req)
    rows = req.facet_rows
    name = f"{f.curie} {f.pref.get('zh') or f.pref.get('en', '')}"
    v["reason"] = (f"read through {f.kind} {name}: {v['reason']}" if rows else
                   f"the text names {f.kind} {name}, which has no mapping row to {cat.id} yet; not guessed")
    v["facet"] = f.iri
    return v


def _review(kg: KnowledgeGraph, cat, res: resolve.Resolution, v: dict, activity: str | None = None) -> dict:
    """Below the floor, a verdict from text is a question for a person, not an answer. The candidates whose items
    for the project's activity are the used route's back it up: to buy fuel-cell or battery-electric heavy trucks
    is the same 2025 item 9.1.1, though the two routes' making items differ."""
    if v["verdict"] in ("unknown", "needs-review"):
        return v
    used = res.used
    if not fitting_items(kg, cat, route_items(kg, used, cat.id), activity):
        activity = None     # nothing of the route's own fits (read through a neighbour): compare what the routes lead to

    def items_of(c: Concept) -> frozenset[str]:
        return fitting_items(kg, cat, route_items(kg, c, cat.id), activity)
    key = items_of(used)
    found = res.support(lambda c: items_of(c) == key)
    if found is None:
        return v
    support, why = found
    if res.review_only:
        support, why = min(support, 0.0), res.block.get("note", "the classifier doubts the text is green")
    v["route_support"] = {"score": round(support, 4), "from": why}
    if support >= resolve.FLOOR:
        return v
    others = ", ".join(f"{c.concept.curie} {c.concept.label('zh')}" + (f" ({c.score:.2f})" if c.score is not None else "")
                       for c in res.candidates[:5])
    doubt = (f"{why}" if res.review_only else
             f"the candidates leading to the items of {used.curie} {used.label('zh')} score {support:.2f} together, "
             f"under the floor {resolve.FLOOR}")
    return {**v, "verdict": "needs-review", "tentative_verdict": v["verdict"],
            "reason": (f"the route read from the text is uncertain for this catalogue: {doubt}; candidates: {others}. "
                       f"Confirm the route (give it as route) to get a verdict. "
                       f"If it is {used.curie}: {v['verdict']} -- {v['reason']}")}


def _deprecations(kg: KnowledgeGraph, routes: list[Concept], out: dict) -> None:
    """A retired route's verdict is not what a bank should cite: name the successor, for every caller."""
    for r in routes:
        note = kg.taxonomy.deprecation(r.iri)
        if note:
            out.setdefault("deprecation", note)
            to = kg.taxonomy.replacement_text(note)
            out["warnings"].append(f"route {r.curie} is deprecated; replaced by {to}. Ask again with the replacement route.")


def _choice(name: str, value: str | None, allowed: tuple[str, ...], hint: str) -> None:
    if value not in (None, "", *allowed):
        raise InputError(f"{name} {value!r}: use {hint}")


def _catalogues(wanted: list[str] | None) -> list[str]:
    if not wanted:
        return list(CATALOGUES)
    bad = [c for c in wanted if c not in CATALOGUES]
    if bad:
        raise InputError(f"catalogues: unknown {', '.join(bad)}; known: {', '.join(CATALOGUES)}")
    return [c for c in CATALOGUES if c in wanted]


def _date(value: str | dt.date | None) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"as_of {value!r}: not a date; write it as YYYY-MM-DD") from None


def _facts(raw: list) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    for i, f in enumerate(raw):
        name = f"facts[{i}]"
        if isinstance(f, Fact):
            fact = f
        elif isinstance(f, str):
            fact = parse_fact(f, name)
        elif isinstance(f, dict):
            fact = make_fact(str(f.get("metric", "")), f.get("value"), f.get("unit"), name)
        else:
            raise InputError(f"{name}: expected 'metric=value unit' or an object with metric, value, unit")
        if fact.metric in out:
            raise InputError(f"{name}: metric {fact.metric} is given twice; give each metric once")
        out[fact.metric] = fact
    return out


def _unused_facts(kg: KnowledgeGraph, facts: dict[str, Fact], cids: list[str]) -> list[str]:
    used = metrics_in_use(kg, cids)
    return [f"fact {m} is not tested by any criterion of the catalogues asked; it was ignored"
            for m in facts if m not in used and _FEEDS.get(m) not in used]


def _from_code(kg: KnowledgeGraph, ref: str) -> tuple[list[Concept], tuple[str, str] | None]:
    scheme, _ = parse_ref(ref)
    code = kg.codes.get(ref)            # NotFoundError / InputError for unknown or malformed codes
    rows = kg.mappings.for_code(code.iri)
    routes = [kg.taxonomy.concepts[r.subject_id] for r in rows if r.subject_id.startswith(GTR)
              and r.subject_id in kg.taxonomy.concepts]
    routes = list({c.iri: c for c in routes}.values())
    given = (scheme, code.code) if scheme in CATALOGUES else None
    if not routes and not given:
        # codes of services and project types are mapped to facet concepts only (docs/principles.md): name them, so
        # the user can describe the project in their words (a text naming one is read through it)
        facets = sorted({kg.facets[r.subject_id].curie + " " + kg.facets[r.subject_id].pref.get("zh", "")
                         for r in rows if r.subject_id in kg.facets})
        seen = f"; it is mapped only to the facet concept(s) {', '.join(facets)}" if facets else ""
        raise NotFoundError(f"no route is mapped to {scheme}:{code.code} ({code.label}){seen}; give a route or a "
                            "description instead")
    return routes, given

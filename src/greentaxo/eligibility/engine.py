"""From one input (route, code or text) and optional facts to the verdict of every catalogue.

The engine resolves the input to routes (showing how, for text), validates facts and dates once,
asks each registered catalogue for its verdict, and lines the verdicts up so that disagreement
between regimes is stated rather than left for the reader to spot.
"""
from __future__ import annotations

import datetime as dt
import weakref
from typing import TYPE_CHECKING

from greentaxo.eligibility import CATALOGUES
from greentaxo.eligibility import catalogue_of as catalogue
from greentaxo.eligibility.catalogue import Request
from greentaxo.eligibility.criteria import metrics_in_use
from greentaxo.eligibility.rules import Fact, make_fact, parse_fact
from greentaxo.errors import GreentaxoError, InputError, NotFoundError

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.taxonomy import Concept

MAX_TEXT = 20_000


def evaluate(kg: KnowledgeGraph, *, route: str | None = None, code: str | None = None, text: str | None = None,
             facts: list | None = None, as_of: str | dt.date | None = None, editions: dict[str, str] | None = None,
             attested: list[str] | None = None, catalogues: list[str] | None = None,
             activity: str | None = None, classification: dict | None = None) -> dict:
    """The eligibility contract: input, classification, one verdict per catalogue, and a summary line."""
    given = [n for n, v in (("route", route), ("code", code), ("text", text)) if v not in (None, "")]
    if len(given) != 1:
        raise InputError("give exactly one of route, code or text" + (f" (got {', '.join(given)})" if given else ""))
    cids = _catalogues(catalogues)
    if activity not in (None, "", "manufacturing", "operation"):
        raise InputError(f"activity {activity!r}: use manufacturing (making equipment) or operation "
                         "(building or running a facility)")
    day = _date(as_of)
    for cid, ed in (editions or {}).items():
        if cid not in CATALOGUES:
            raise InputError(f"editions: unknown catalogue {cid!r}; known: {', '.join(CATALOGUES)}")
        catalogue(kg, cid).check_edition(str(ed))
    fact_map = _facts(facts or [])
    given_cls, classification = classification, None
    given_item: tuple[str, str] | None = None
    if route:
        routes = [kg.taxonomy.concept(route)]
    elif code:
        routes, given_item = _from_code(kg, code)
    else:
        routes, classification = _from_text(kg, text or "", given_cls)
    warnings = _unused_facts(kg, fact_map, cids)
    req_att = frozenset(a.strip() for a in (attested or []) if a.strip())
    verdicts = []
    for cid in cids:
        item = given_item[1] if given_item and given_item[0] == cid else None
        verdicts.append(catalogue(kg, cid).verdict(Request(routes, fact_map, day, req_att, item, activity or None)))
    return {
        "input": {"route": route, "code": code, "text": text, "facts": [f.to_dict() for f in fact_map.values()],
                  "as_of": day.isoformat() if day else None, "editions": editions or None,
                  "attested": sorted(req_att) or None, "activity": activity or None},
        "classification": classification,
        "routes": [{"id": r.iri, "notation": r.notation, "label": r.pref} for r in routes],
        "verdicts": verdicts,
        "summary": summarise(verdicts),
        "warnings": warnings,
    }


def summarise(verdicts: list[dict]) -> dict:
    """One line per input lining the catalogues up, and whether they disagree."""
    line = "; ".join(f"{v['catalogue']}: {v['verdict']}" for v in verdicts)
    known = {_polarity(v["verdict"]) for v in verdicts if v["verdict"] != "unknown"}
    return {"line": line, "disagree": len(known) > 1,
            "by_catalogue": {v["catalogue"]: v["verdict"] for v in verdicts}}


def _polarity(verdict: str) -> str:
    return "in" if verdict in ("eligible", "eligible-if") else "out"


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
            for m in facts if m not in used]


def _from_code(kg: KnowledgeGraph, ref: str) -> tuple[list[Concept], tuple[str, str] | None]:
    from greentaxo.codes.registry import parse_ref
    from greentaxo.namespaces import GTR

    scheme, _ = parse_ref(ref)
    code = kg.codes.get(ref)            # NotFoundError / InputError for unknown or malformed codes
    rows = kg.mappings.for_code(code.iri)
    routes = [kg.taxonomy.concepts[r.subject_id] for r in rows if r.subject_id.startswith(GTR)
              and r.subject_id in kg.taxonomy.concepts]
    routes = list({c.iri: c for c in routes}.values())
    given = (scheme, code.code) if scheme in CATALOGUES else None
    if not routes and not given:
        raise NotFoundError(f"no route is mapped to {scheme}:{code.code} ({code.label}); give a route or a description instead")
    return routes, given


def _from_text(kg: KnowledgeGraph, text: str, given: dict | None = None) -> tuple[list[Concept], dict]:
    """Classify the text (the trained classifier if it loads, else label search) and use the top route.

    `given` is a classification already made for this text (the portfolio classifies in batches)."""
    text = text.strip()
    if not text:
        raise InputError("text: empty; describe the technology or project")
    if len(text) > MAX_TEXT:
        raise InputError(f"text: {len(text)} characters; at most {MAX_TEXT}")
    cls = dict(given) if given else _classify(kg, text)
    if cls is None:
        hits = kg.taxonomy.search(text, limit=5)
        method = "label-search"
        if not hits:
            # label search needs the whole text inside a label; a longer description may contain a label instead
            hits = _labels_in_text(kg, text)
            method = "label-in-text"
        cls = {"method": method, "text": text,
               "candidates": [{"id": h.concept.iri, "notation": h.concept.notation, "label": h.concept.pref,
                               "score": h.score, "matched": h.matched} for h in hits]}
    cls["used"] = cls["candidates"][0]["id"] if cls["candidates"] else None
    if not cls["used"]:
        cls["note"] = "no route fits the text; every verdict is unknown"
        return [], cls
    return [kg.taxonomy.concept(cls["used"])], cls


_CLASSIFIERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _classifier(kg: KnowledgeGraph):
    """The trained classifier for this graph, looked up once (its own cache key counts the store)."""
    if kg in _CLASSIFIERS:
        return _CLASSIFIERS[kg]
    try:
        from greentaxo.classify import load_classifier

        clf = load_classifier(kg)
    except (ImportError, OSError, GreentaxoError, ValueError):
        clf = None      # no classifier or no bundled model: label search is the documented fallback
    _CLASSIFIERS[kg] = clf
    return clf


def _as_block(text: str, out: dict) -> dict | None:
    if "error" in out:
        return None
    return {"method": "classifier", "model_version": out.get("model_version"), "text": text, "green": out.get("green"),
            "candidates": [{"id": r["id"], "notation": r.get("notation"), "label": r.get("label"),
                            "score": r.get("score")} for r in out.get("routes", [])]}


def _classify(kg: KnowledgeGraph, text: str) -> dict | None:
    """The classifier's answer in the classification block, or None when no trained model is available."""
    clf = _classifier(kg)
    if clf is None:
        return None
    return _as_block(text, clf.classify({"id": "1", "title": text, "abstract": ""}, top_k=5))


def classify_many(kg: KnowledgeGraph, texts: list[str]) -> list[dict | None]:
    """Classification blocks for many texts in the classifier's batches (None where it has no answer)."""
    clf = _classifier(kg)
    if clf is None or not texts:
        return [None] * len(texts)
    outs = clf.classify_records(((str(i), {"id": str(i), "title": t, "abstract": ""}) for i, t in enumerate(texts)),
                                top_k=5)
    return [_as_block(t, o) for t, o in zip(texts, outs, strict=True)]


def _labels_in_text(kg: KnowledgeGraph, text: str, limit: int = 5):
    from greentaxo.taxonomy import SearchHit
    from greentaxo.text import has_cjk, normalise

    q = normalise(text)
    padded = f" {q} "
    found: dict[str, SearchHit] = {}
    for c in kg.taxonomy.live():
        for kind, lang, label in c.all_labels():
            n = normalise(label)
            # Chinese has no word boundaries; Latin labels must match whole words ("PV" not inside "approval")
            inside = n in q if has_cjk(n) else f" {n} " in padded
            if len(n) >= 2 and inside:
                score = round(min(1.0, len(n) / max(len(q), 1)) * {"pref": 1.0, "alt": 0.9, "hidden": 0.8}[kind], 4)
                if c.iri not in found or score > found[c.iri].score:
                    found[c.iri] = SearchHit(c, score, label, kind, lang)
    # prefer longer (more specific) labels, then leaves over groups
    ranked = sorted(found.values(), key=lambda h: (-len(h.matched), bool(h.concept.narrower), h.concept.notation))
    return ranked[:limit]

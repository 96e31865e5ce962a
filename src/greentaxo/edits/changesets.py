"""Change sets: the edit operations on concepts and mapping rows, applied to an in-memory copy.

A concept is held as the set of its triples (it is their subject) in canonical N-Triples; its ETag is a
hash of those lines, so any change to any of its triples changes the ETag. A mapping row is held as a
JSON object of SSSOM slots (full IRIs); its ETag is a hash of that object. Operations never touch the
database: `apply` returns the new state of every target it changed, and the store decides whether
to keep it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from greentaxo.errors import InputError
from greentaxo.mappings.sssom import MAPPING_PREDICATES, NO_TERM, MappingRow
from greentaxo.namespaces import DCT, GT, GTC, GTF, GTR, OWL, RDF, ROUTE_SCHEME, SCHEME_PREFIX, SKOS, XSD, compact, expand
from greentaxo.retirement import retire

# field name in the JSON view -> (predicate, kind). kinds: lang1 = one literal per language,
# langN = several literals per language, iri = list of IRIs, int, str = one plain literal
FIELDS: dict[str, tuple[str, str]] = {
    "notation": (SKOS + "notation", "str"),
    "broader": (SKOS + "broader", "iri"),
    "prefLabel": (SKOS + "prefLabel", "lang1"),
    "altLabel": (SKOS + "altLabel", "langN"),
    "hiddenLabel": (SKOS + "hiddenLabel", "langN"),
    "definition": (SKOS + "definition", "lang1"),
    "scopeNote": (SKOS + "scopeNote", "langN"),
    "editorialNote": (SKOS + "editorialNote", "langN"),
    "trlMin": (GT + "trlMin", "int"),
    "trlMax": (GT + "trlMax", "int"),
    "providesFunction": (GT + "providesFunction", "iri"),
    "requires": (GT + "requires", "iri"),
    "complements": (GT + "complements", "iri"),
    "alternativeTo": (GT + "alternativeTo", "iri"),
    "conflictsWith": (GT + "conflictsWith", "iri"),
    "related": (SKOS + "related", "iri"),
    "isReplacedBy": (DCT + "isReplacedBy", "iri"),
    "deprecationReason": (GT + "deprecationReason", "langN"),
}
BY_PREDICATE = {p: name for name, (p, _) in FIELDS.items()}
CONCEPT_OPS = ("create", "update", "move", "deprecate")
MAPPING_OPS = ("add_mapping", "update_mapping", "remove_mapping")
MAPPING_SLOTS = ("subject_id", "subject_label", "predicate_id", "predicate_modifier", "object_id", "object_label",
                 "mapping_justification", "confidence", "author_id", "comment", "industry_role")
TYPE, IN_SCHEME, TOP = RDF + "type", SKOS + "inScheme", SKOS + "topConceptOf"
DEPRECATED = OWL + "deprecated"


def canonical(triples) -> str:
    return "".join(sorted(f"{t} .\n" for t in triples))


def parse_nt(text: str) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)} if text else set()


def etag_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def mapping_text(row: dict) -> str:
    return json.dumps({k: row.get(k) for k in sorted(row)}, ensure_ascii=False, sort_keys=True)


def iri_of(ref: str, where: str) -> str:
    """A route reference (gtr:R0102, R0102 or the full IRI) as an IRI."""
    ref = (ref or "").strip()
    if ref.startswith("R") and ref[1:].isdigit():
        ref = "gtr:" + ref
    try:
        iri = expand(ref)
    except ValueError:          # an unknown prefix, or another scheme (file:, urn:): the same answer as below
        iri = ""
    if not iri.startswith(("http://", "https://")):
        raise InputError(f"{where}: {ref!r} is not an IRI or a CURIE with a known prefix (e.g. gtr:R0102)")
    return iri


@dataclass
class State:
    """The targets a change set reads or writes: concept IRI -> triples, mapping id -> row (None = absent)."""

    concepts: dict[str, set[ox.Triple] | None] = field(default_factory=dict)
    mappings: dict[str, dict | None] = field(default_factory=dict)
    mapping_scheme: dict[str, str] = field(default_factory=dict)


def concept_json(iri: str, triples: set[ox.Triple]) -> dict:
    """A readable view of a concept: one key per editable field, plus the triples it has no field for."""
    out: dict = {"id": compact(iri), "iri": iri, "deprecated": False, "topConcept": False}
    other = []
    for t in sorted(triples, key=str):
        p, o = t.predicate.value, t.object
        name = BY_PREDICATE.get(p)
        if p == DEPRECATED:
            out["deprecated"] = o.value == "true"
        elif p == TOP:
            out["topConcept"] = True
        elif p in (TYPE, IN_SCHEME):
            continue
        elif name is None:
            other.append(f"{t} .")
        else:
            kind = FIELDS[name][1]
            if kind in ("lang1", "langN"):
                per = out.setdefault(name, {})
                lang = o.language or ""
                if kind == "lang1":
                    per[lang] = o.value
                else:
                    per.setdefault(lang, []).append(o.value)
            elif kind == "iri":
                out.setdefault(name, []).append(compact(o.value))
            elif kind == "int":
                out[name] = int(o.value) if o.value.lstrip("-").isdigit() else o.value
            else:
                out[name] = o.value
    if other:
        out["other"] = other
    return out


def _objects(name: str, value, where: str) -> list:
    """JSON value of a field -> RDF objects; None or an empty value clears the field."""
    pred, kind = FIELDS[name]
    if value is None or value == "" or value == [] or value == {}:
        return []
    if kind in ("lang1", "langN"):
        if not isinstance(value, dict):
            raise InputError(f"{where}: give an object keyed by language, e.g. {{\"zh\": \"...\", \"en\": \"...\"}}")
        objs = []
        for lang, v in value.items():
            vals = [v] if isinstance(v, str) else v
            if kind == "lang1" and not isinstance(v, str):
                raise InputError(f"{where}.{lang}: give one string (this field has one value per language)")
            if not isinstance(vals, list) or not all(isinstance(x, str) for x in vals):
                raise InputError(f"{where}.{lang}: give a string or a list of strings")
            objs += [ox.Literal(x, language=lang) if lang else ox.Literal(x) for x in vals]
        return objs
    if kind == "iri":
        vals = [value] if isinstance(value, str) else value
        if not isinstance(vals, list) or not all(isinstance(x, str) for x in vals):
            raise InputError(f"{where}: give an IRI/CURIE or a list of them")
        return [ox.NamedNode(iri_of(x, where)) for x in vals]
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{where}: give a whole number")
        return [ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))]
    if not isinstance(value, str):
        raise InputError(f"{where}: give a string")
    return [ox.Literal(value)]


def _set_fields(iri: str, triples: set[ox.Triple], values: dict, where: str) -> set[ox.Triple]:
    if not isinstance(values, dict):
        raise InputError(f"{where}: give an object of fields, e.g. {{\"prefLabel\": {{\"en\": \"...\"}}}}")
    out = set(triples)
    s = ox.NamedNode(iri)
    for name, value in values.items():
        if name not in FIELDS:
            raise InputError(f"{where}.{name}: unknown field; editable fields are {', '.join(FIELDS)}")
        pred = FIELDS[name][0]
        out = {t for t in out if t.predicate.value != pred}
        out |= {ox.Triple(s, ox.NamedNode(pred), o) for o in _objects(name, value, f"{where}.{name}")}
    return out


def _need(op: dict, key: str, where: str):
    if key not in op or op[key] in (None, ""):
        raise InputError(f"{where}.{key}: required for op {op.get('op')!r}")
    return op[key]


def apply_op(state: State, op: dict, index: int, new_iri: str | None = None, new_mapping: str | None = None) -> str:
    """Apply one operation to `state` in place; returns the target it changed (IRI or mapping id)."""
    where = f"ops[{index}]"
    if not isinstance(op, dict) or op.get("op") not in CONCEPT_OPS + MAPPING_OPS:
        raise InputError(f"{where}.op: give one of {', '.join(CONCEPT_OPS + MAPPING_OPS)}")
    kind = op["op"]
    if kind in MAPPING_OPS:
        return _apply_mapping(state, op, where, new_mapping)
    if kind == "create":
        iri = new_iri or iri_of(_need(op, "concept", where), f"{where}.concept")
        if state.concepts.get(iri) is not None:
            raise InputError(f"{where}.concept: {compact(iri)} already exists; use update")
        s = ox.NamedNode(iri)
        base = {ox.Triple(s, ox.NamedNode(TYPE), ox.NamedNode(SKOS + "Concept")),
                ox.Triple(s, ox.NamedNode(TYPE), ox.NamedNode(GT + "TechnologyRoute")),
                ox.Triple(s, ox.NamedNode(IN_SCHEME), ox.NamedNode(ROUTE_SCHEME))}
        values = op.get("set") or {}
        if not values.get("broader"):
            base.add(ox.Triple(s, ox.NamedNode(TOP), ox.NamedNode(ROUTE_SCHEME)))
        state.concepts[iri] = _set_fields(iri, base, values, f"{where}.set")
        return iri
    iri = iri_of(_need(op, "concept", where), f"{where}.concept")
    current = state.concepts.get(iri)
    if current is None:
        raise InputError(f"{where}.concept: {compact(iri)} is not in the edit store; create it first")
    if kind == "update":
        state.concepts[iri] = _set_fields(iri, current, _need(op, "set", where), f"{where}.set")
    elif kind == "move":
        values = {"broader": _need(op, "broader", where), "notation": _need(op, "notation", where)}
        moved = {t for t in _set_fields(iri, current, values, where) if t.predicate.value != TOP}
        state.concepts[iri] = moved
    else:  # deprecate: the IRI stays, marked and pointed at its replacement or given a reason
        if not op.get("replacedBy") and not op.get("reason"):
            raise InputError(f"{where}: deprecate needs replacedBy (a concept) or reason ({{\"en\": \"...\"}})")
        succ = iri_of(op["replacedBy"], f"{where}.replacedBy") if op.get("replacedBy") else None
        if succ and _live_in(state, succ):
            retire_in_state(state, iri, succ, op.get("reason"), where)
            return iri
        values = {"isReplacedBy": op.get("replacedBy"), "deprecationReason": op.get("reason")}
        values = {k: v for k, v in values.items() if v}
        s = ox.NamedNode(iri)
        new = {t for t in _set_fields(iri, current, values, where) if t.predicate.value != DEPRECATED}
        new.add(ox.Triple(s, ox.NamedNode(DEPRECATED), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))))
        state.concepts[iri] = new
    return iri


def _live_in(state: State, iri: str) -> bool:
    t = state.concepts.get(iri)
    return t is not None and not any(x.predicate.value == DEPRECATED and x.object.value == "true" for x in t) and \
        any(x.predicate.value == IN_SCHEME and x.object.value == ROUTE_SCHEME for x in t)


def retire_in_state(state: State, iri: str, successor: str, reason, where: str) -> None:
    """Deprecation in one step: greentaxo.retirement.retire on the loaded targets (the route, its successor,
    every concept that points at it, and the mapping rows of both), so that an API deprecation moves labels,
    rows and relations exactly as the workbook import and the content scripts do.

    The store loads those targets for a deprecate op with replacedBy (EditStore._state_for)."""
    from rdflib import Graph  # noqa: PLC0415  (heavy: rdflib)

    g = Graph()
    g.parse(data="".join(canonical(t) for t in state.concepts.values() if t is not None), format="nt")
    reasons = reason if isinstance(reason, dict) else ({"en": reason} if isinstance(reason, str) else {})
    flat = [(lang, x) for lang, v in reasons.items() for x in ([v] if isinstance(v, str) else v)]
    primary = next((x for lang, x in flat if lang == "en"), next((x for _, x in flat), "")) or \
        f"Merged into {compact(successor)}."
    ids, rows = [], []
    for mid, row in state.mappings.items():
        if row is not None and row.get("subject_id") in (iri, successor):
            data = {k: row.get(k) for k in MAPPING_SLOTS}
            mr = MappingRow(**{k: (v if v is not None else "") for k, v in data.items() if k != "confidence"},
                            confidence=data.get("confidence"), extra=row.get("extra") or {},
                            scheme=state.mapping_scheme[mid])
            ids.append(mid)
            rows.append(mr)
    by_obj = {id(r): mid for mid, r in zip(ids, rows, strict=True)}
    try:
        retire(g, rows, iri, successor, primary)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    if len(flat) > 0:       # the editor's reasons, in every language given, replace the one retire wrote
        _set_reasons(g, iri, flat)
    kept = {by_obj[id(r)]: r for r in rows}
    for mid in ids:
        if mid not in kept:
            state.mappings[mid] = None
        else:
            old, new = state.mappings[mid], {k: getattr(kept[mid], k) for k in MAPPING_SLOTS}
            if any((old.get(k) or "") != (new[k] or "") for k in MAPPING_SLOTS if k != "confidence"):
                state.mappings[mid] = {**old, **new}
    graph = parse_nt(g.serialize(format="nt"))
    for target in list(state.concepts):
        if state.concepts[target] is not None:
            state.concepts[target] = {t for t in graph if t.subject.value == target}


def _set_reasons(g, iri: str, flat: list[tuple[str, str]]) -> None:
    from rdflib import Literal, URIRef  # noqa: PLC0415  (heavy: rdflib)

    p = URIRef(GT + "deprecationReason")
    g.remove((URIRef(iri), p, None))
    for lang, x in flat:
        g.add((URIRef(iri), p, Literal(x, lang=lang or None)))


def _row(values: dict, where: str, base: dict | None = None) -> dict:
    if not isinstance(values, dict):
        raise InputError(f"{where}: give an object of SSSOM slots")
    row = dict(base or {})
    for k, v in values.items():
        if k not in MAPPING_SLOTS:
            raise InputError(f"{where}.{k}: unknown SSSOM slot; use {', '.join(MAPPING_SLOTS)}")
        if k in ("subject_id", "predicate_id", "object_id", "mapping_justification") and isinstance(v, str):
            v = expand(v.strip())
        row[k] = v
    return row


def _apply_mapping(state: State, op: dict, where: str, new_id: str | None) -> str:
    kind = op["op"]
    if kind == "add_mapping":
        mid = new_id or _need(op, "mapping", where)
        scheme = _need(op, "scheme", where)
        if scheme not in state.mapping_scheme.values() and not _known_scheme(scheme):
            raise InputError(f"{where}.scheme: {scheme!r} has no mapping file; use one of the mappings/*.sssom.tsv names")
        state.mappings[mid] = _row(_need(op, "row", where), f"{where}.row")
        state.mapping_scheme[mid] = scheme
        return mid
    mid = _need(op, "mapping", where)
    if state.mappings.get(mid) is None:
        raise InputError(f"{where}.mapping: {mid!r} is not a mapping row in the edit store")
    if kind == "update_mapping":
        state.mappings[mid] = _row(_need(op, "set", where), f"{where}.set", state.mappings[mid])
    else:
        state.mappings[mid] = None
    return mid


def _known_scheme(scheme: str) -> bool:
    return scheme in SCHEME_PREFIX


def check_mapping(mid: str, row: dict, scheme: str, route_exists) -> list[str]:
    """Problems with one mapping row, each naming the slot; `route_exists(iri)` says if a route is live (or a facet exists)."""
    problems = []
    for slot in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
        if not isinstance(row.get(slot), str) or not row[slot].strip():
            problems.append(f"{mid}.{slot}: required")
    if problems:
        return problems
    if not row["subject_id"].startswith((GTR, GTF)) or not route_exists(row["subject_id"]):
        problems.append(f"{mid}.subject_id: {compact(row['subject_id'])} is not a live route (or a facet) in the edit store")
    if row["predicate_id"] not in MAPPING_PREDICATES:
        problems.append(f"{mid}.predicate_id: use skos:exactMatch, closeMatch, broadMatch, narrowMatch or relatedMatch")
    if row.get("predicate_modifier") not in (None, "", "Not"):
        problems.append(f"{mid}.predicate_modifier: leave empty or write Not")
    if row["object_id"] != NO_TERM and not row["object_id"].startswith(f"{GTC}{scheme}/"):
        problems.append(f"{mid}.object_id: {row['object_id']} is not a code of {scheme} (nor sssom:NoTermFound)")
    conf = row.get("confidence")
    if conf is not None and (isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 <= conf <= 1):
        problems.append(f"{mid}.confidence: give a number between 0 and 1")
    if row.get("industry_role") not in (None, "", "made", "applied"):
        problems.append(f"{mid}.industry_role: write made or applied")
    if row["object_id"] != NO_TERM and row["predicate_id"] != SKOS + "exactMatch" and not row.get("comment"):
        problems.append(f"{mid}.comment: a match that is not exact needs a comment saying how it differs")
    return problems

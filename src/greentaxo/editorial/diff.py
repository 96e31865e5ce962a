"""`greentaxo diff OLD NEW`: what an editor changed between two versions of the sources, by kind.

Concepts: added, removed (never allowed in a release), deprecated, moved (broader changed), relabelled,
redefined, otherwise changed (TRL, functions, relations, notes). Mappings, keyed by route, target code
and industry role: added, removed, re-predicated (same pair, different relation), updated (other columns).
Criteria: eligibility criteria resources whose statements changed.
"""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from greentaxo.editorial.revisions import Snapshot
from greentaxo.namespaces import compact
from greentaxo.sources.files import concept_iris

LABELS = {SKOS.prefLabel: "prefLabel", SKOS.altLabel: "altLabel", SKOS.hiddenLabel: "hiddenLabel"}
SKIP = {SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition, SKOS.broader, SKOS.notation,
        SKOS.topConceptOf, OWL.deprecated}
MAPPING_FIELDS = ("mapping_justification", "confidence", "author_id", "comment", "object_label", "subject_label")


def _show(o) -> str:
    if isinstance(o, Literal):
        return f"{o}@{o.language}" if o.language else str(o)
    return compact(str(o))


def _brief(g: Graph, c: URIRef) -> dict:
    pref = {x.language: str(x) for x in g.objects(c, SKOS.prefLabel) if isinstance(x, Literal)}
    return {"id": compact(str(c)), "notation": str(g.value(c, SKOS.notation) or ""),
            "label": pref.get("en") or pref.get("zh", "")}


def _deprecated(g: Graph, c: URIRef) -> bool:
    return any(o.toPython() is True for o in g.objects(c, OWL.deprecated) if isinstance(o, Literal))


def diff_concepts(old: Graph, new: Graph) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {k: [] for k in ("added", "removed", "deprecated", "moved", "relabelled",
                                                  "redefined", "changed")}
    a, b = concept_iris(old), concept_iris(new)
    for i in sorted(b - a):
        broader = sorted(compact(str(x)) for x in new.objects(URIRef(i), SKOS.broader))
        out["added"].append({**_brief(new, URIRef(i)), "broader": broader})
    for i in sorted(a - b):
        out["removed"].append(_brief(old, URIRef(i)))
    for i in sorted(a & b):
        c = URIRef(i)
        head = _brief(new, c)
        was, now = _deprecated(old, c), _deprecated(new, c)
        if now and not was:
            repl = new.objects(c, DCTERMS.isReplacedBy)
            out["deprecated"].append({**head, "isReplacedBy": sorted(compact(str(x)) for x in repl)})
        ob, nb = set(old.objects(c, SKOS.broader)), set(new.objects(c, SKOS.broader))
        on, nn = str(old.value(c, SKOS.notation) or ""), head["notation"]
        if ob != nb or on != nn:
            out["moved"].append({**head, "old_broader": sorted(map(_show, ob)), "new_broader": sorted(map(_show, nb)),
                                 "old_notation": on, "new_notation": nn})
        labels = []
        for p, kind in LABELS.items():
            olds, news = set(old.objects(c, p)), set(new.objects(c, p))
            for x in sorted(olds - news, key=str):
                labels.append({"kind": kind, "lang": x.language, "removed": str(x)})
            for x in sorted(news - olds, key=str):
                labels.append({"kind": kind, "lang": x.language, "added": str(x)})
        if labels:
            out["relabelled"].append({**head, "changes": labels})
        defs = []
        od = {x.language: str(x) for x in old.objects(c, SKOS.definition)}
        nd = {x.language: str(x) for x in new.objects(c, SKOS.definition)}
        for lang in sorted(set(od) | set(nd)):
            if od.get(lang) != nd.get(lang):
                defs.append({"lang": lang, "old": od.get(lang), "new": nd.get(lang)})
        if defs:
            out["redefined"].append({**head, "changes": defs})
        other = []
        for p in sorted({*old.predicates(c), *new.predicates(c)} - SKIP):
            olds, news = set(old.objects(c, p)), set(new.objects(c, p))
            if olds != news:
                other.append({"property": compact(str(p)), "removed": sorted(map(_show, olds - news)),
                              "added": sorted(map(_show, news - olds))})
        if was and not now:   # taken back into use
            other.append({"property": "owl:deprecated", "removed": ["true"], "added": []})
        if other:
            out["changed"].append({**head, "changes": other})
    return out


def _mkey(r) -> tuple:
    return (r.scheme, r.subject_id, r.object_id, r.industry_role)


def _mrow(r) -> dict:
    return {"scheme": r.scheme, "subject_id": compact(r.subject_id), "subject_label": r.subject_label,
            "predicate_id": ("NOT " if r.negated else "") + compact(r.predicate_id), "object_id": compact(r.object_id),
            "object_label": r.object_label, "industry_role": r.industry_role or None}


def diff_mappings(old: dict, new: dict) -> dict[str, list[dict]]:
    def index(sets: dict) -> dict[tuple, dict[tuple, object]]:
        out: dict[tuple, dict[tuple, object]] = {}
        for rows in sets.values():
            for r in rows:
                out.setdefault(_mkey(r), {})[(r.predicate_id, r.predicate_modifier)] = r
        return out

    a, b = index(old), index(new)
    out: dict[str, list[dict]] = {"added": [], "removed": [], "repredicated": [], "updated": []}
    for k in sorted(set(a) | set(b)):
        ao, bo = a.get(k, {}), b.get(k, {})
        if not ao:
            out["added"] += [_mrow(r) for r in bo.values()]
        elif not bo:
            out["removed"] += [_mrow(r) for r in ao.values()]
        elif set(ao) != set(bo):
            r = next(iter(bo.values()))
            out["repredicated"].append({**_mrow(r), "old_predicate": sorted(_pred(p) for p in ao),
                                        "new_predicate": sorted(_pred(p) for p in bo)})
        else:
            for pk, r in bo.items():
                changed = {f: {"old": getattr(ao[pk], f), "new": getattr(r, f)} for f in MAPPING_FIELDS
                           if getattr(ao[pk], f) != getattr(r, f)}
                if changed:
                    out["updated"].append({**_mrow(r), "changes": changed})
    return out


def _pred(pk: tuple) -> str:
    return ("NOT " if pk[1] == "Not" else "") + compact(pk[0])


def diff_criteria(old: Graph | None, new: Graph | None) -> list[dict]:
    if old is None or new is None:
        return []

    def by_subject(g: Graph) -> dict[str, set]:
        out: dict[str, set] = {}
        for s, p, o in g:
            if not isinstance(s, BNode):
                out.setdefault(str(s), set()).add((compact(str(p)), _show(o)))
        return out

    a, b = by_subject(old), by_subject(new)
    out = []
    for s in sorted(set(a) | set(b)):
        if a.get(s) != b.get(s):
            status = "added" if s not in a else "removed" if s not in b else "changed"
            out.append({"id": compact(s), "status": status,
                        "removed": sorted(f"{p} {o}" for p, o in a.get(s, set()) - b.get(s, set())),
                        "added": sorted(f"{p} {o}" for p, o in b.get(s, set()) - a.get(s, set()))})
    return out


def diff(old: Snapshot, new: Snapshot) -> dict:
    """The whole difference as plain data (the JSON output)."""
    concepts = diff_concepts(old.routes, new.routes)
    mappings = diff_mappings(old.mappings, new.mappings) if old.has_mappings and new.has_mappings else None
    criteria = diff_criteria(old.criteria, new.criteria)
    summary = {f"concepts_{k}": len(v) for k, v in concepts.items()}
    if mappings is not None:
        summary.update({f"mappings_{k}": len(v) for k, v in mappings.items()})
    summary["criteria_changed"] = len(criteria)
    return {"old": old.name, "new": new.name, "summary": summary, "concepts": concepts,
            "mappings": mappings, "criteria": criteria}


def is_empty(d: dict) -> bool:
    return not any(d["summary"].values())

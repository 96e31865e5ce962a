"""`greentaxo impact`: what a change (a diff) does downstream of the taxonomy.

Three questions, each answered only as far as the inputs allow:
- mappings: the mapping rows the diff changes, and the rows that still point at routes the diff
  deprecated, removed or moved (they need a reviewer's eye);
- eligibility verdicts: for every route the diff touches, the verdict per catalogue before and after
  (needs the whole graph of both versions, i.e. repository roots or git revisions);
- solution packages: the scenarios that require a function whose providing routes changed.
"""
from __future__ import annotations

from greentaxo.editorial.impact_records import to_markdown as records_markdown
from greentaxo.eligibility import evaluate
from greentaxo.errors import GreentaxoError
from greentaxo.namespaces import GT, compact, expand
from greentaxo.packages.scenarios import scenarios_from_graph

REVIEW_KINDS = ("deprecated", "removed", "moved")


def touched_routes(d: dict) -> dict[str, set[str]]:
    """route CURIE -> the kinds of change the diff records for it."""
    out: dict[str, set[str]] = {}
    for kind, entries in d["concepts"].items():
        for e in entries:
            out.setdefault(e["id"], set()).add(kind)
    for kind, entries in (d.get("mappings") or {}).items():
        for e in entries:
            out.setdefault(e["subject_id"], set()).add(f"mapping {kind}")
    return out


def mapping_impact(d: dict, kg_new=None) -> dict:
    changed = {k: len(v) for k, v in (d.get("mappings") or {}).items()}
    review = []
    if kg_new is not None:
        flagged = {e["id"]: kind for kind in REVIEW_KINDS for e in d["concepts"].get(kind, [])}
        for r in kg_new.mappings.rows:
            kind = flagged.get(compact(r.subject_id))
            if kind:
                review.append({"reason": f"route {kind}", "scheme": r.scheme, "subject_id": compact(r.subject_id),
                               "predicate_id": compact(r.predicate_id), "object_id": compact(r.object_id),
                               "object_label": r.object_label})
    return {"changed": changed, "to_review": review}


def _verdicts(kg, route: str) -> dict | None:
    try:
        res = evaluate(kg, route=route)
    except GreentaxoError:
        return None   # the route does not exist in this version
    return {v["catalogue"]: {"verdict": v["verdict"], "items": sorted(i["code"] for i in v.get("items", []))}
            for v in res["verdicts"]}


def verdict_impact(routes: list[str], kg_old, kg_new) -> list[dict]:
    out = []
    for r in routes:
        before, after = _verdicts(kg_old, r), _verdicts(kg_new, r)
        if before == after:
            continue
        cats = sorted(set(before or {}) | set(after or {}))
        for c in cats:
            b, a = (before or {}).get(c), (after or {}).get(c)
            if b != a:
                out.append({"route": r, "catalogue": c, "before": b, "after": a})
    return out


def package_impact(d: dict, kg_old, kg_new) -> list[dict]:
    """Scenarios whose required functions gained or lost a providing route."""
    funcs: set[str] = set()
    for kind in ("added", "removed", "deprecated"):
        for e in d["concepts"].get(kind, []):
            for kg in (kg_old, kg_new):
                for row in kg.query(f"SELECT ?f WHERE {{ <{expand(e['id'])}> <{GT}providesFunction> ?f }}"):
                    funcs.add(row["f"].value)
    for e in d["concepts"].get("changed", []):
        for c in e["changes"]:
            if c["property"] == "gt:providesFunction":
                funcs |= {expand(x) for x in c["added"] + c["removed"]}
    if not funcs:
        return []

    out = []
    for s in scenarios_from_graph(kg_new).all():
        hit = sorted(compact(f) for f in set(s.required) | set(s.optional) if f in funcs)
        if hit:
            out.append({"scenario": s.curie, "label": s.label("en"), "functions": hit})
    return out


def impact(d: dict, kg_old=None, kg_new=None) -> dict:
    touched = touched_routes(d)
    out: dict = {"diff": {"old": d["old"], "new": d["new"], "summary": d["summary"]},
                 "routes_touched": {k: sorted(v) for k, v in sorted(touched.items())},
                 "mappings": mapping_impact(d, kg_new), "verdicts": None, "packages": None, "notes": []}
    if kg_old is None or kg_new is None:
        out["notes"].append("verdicts and packages need the whole graph of both versions: give repository roots "
                            "or git revisions, not route folders or a diff file")
        return out
    out["verdicts"] = verdict_impact(sorted(touched), kg_old, kg_new)
    out["packages"] = package_impact(d, kg_old, kg_new)
    return out


def to_markdown(res: dict) -> str:
    lines = [f"# Impact of the changes from {res['diff']['old']} to {res['diff']['new']}", "",
             f"Routes touched: {len(res['routes_touched'])}", ""]
    m = res["mappings"]
    lines += ["## Mappings", ""]
    lines += [f"- {k}: {v}" for k, v in m["changed"].items() if v] or ["- no mapping row changed"]
    if m["to_review"]:
        lines += ["", f"Rows that point at a deprecated, removed or moved route ({len(m['to_review'])}):", ""]
        lines += [f"- {r['subject_id']} {r['predicate_id']} {r['object_id']} {r['object_label']} [{r['scheme']}] "
                  f"({r['reason']})" for r in m["to_review"]]
    if res["verdicts"] is not None:
        lines += ["", "## Eligibility verdicts", ""]
        lines += [f"- {v['route']} {v['catalogue']}: {_v(v['before'])} → {_v(v['after'])}" for v in res["verdicts"]] \
            or ["- no verdict changes"]
    if res["packages"] is not None:
        lines += ["", "## Solution packages", ""]
        lines += [f"- {p['scenario']} {p['label']}: functions {', '.join(p['functions'])} gained or lost a route"
                  for p in res["packages"]] or ["- no scenario is affected"]
    if res.get("records"):
        lines += records_markdown(res["records"])
    lines += [f"\nNote: {n}" for n in res["notes"]]
    return "\n".join(lines).rstrip() + "\n"


def _v(x: dict | None) -> str:
    if x is None:
        return "(route absent)"
    return f"{x['verdict']}" + (f" [{', '.join(x['items'])}]" if x["items"] else "")

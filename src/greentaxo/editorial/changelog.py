"""Render a diff (greentaxo.editorial.diff) as Markdown: the changelog of a release and the review text."""
from __future__ import annotations

TITLES = {
    "added": "Concepts added", "removed": "Concepts removed (IRIs must never disappear)",
    "deprecated": "Concepts deprecated", "moved": "Concepts moved", "relabelled": "Concepts relabelled",
    "redefined": "Concepts redefined", "changed": "Other concept changes",
}
MAP_TITLES = {"added": "Mappings added", "removed": "Mappings removed", "repredicated": "Mappings re-predicated",
              "updated": "Mappings updated"}


def _cell(s) -> str:
    return str(s if s is not None else "").replace("|", "\\|").replace("\n", " ")


def _concept(e: dict) -> str:
    return f"{e['id']} {e['notation']} {_cell(e['label'])}".strip()


def _line(kind: str, e: dict) -> str:
    head = _concept(e)
    if kind == "added":
        return f"- {head} (under {', '.join(e['broader']) or 'the scheme'})"
    if kind == "deprecated":
        return f"- {head}" + (f" → replaced by {', '.join(e['isReplacedBy'])}" if e["isReplacedBy"] else "")
    if kind == "moved":
        return (f"- {head}: broader {', '.join(e['old_broader']) or '—'} → {', '.join(e['new_broader']) or '—'}"
                + (f"; notation {e['old_notation']} → {e['new_notation']}" if e["old_notation"] != e["new_notation"] else ""))
    if kind == "relabelled":
        parts = [f"{c['kind']}@{c['lang']} " + (f"+“{c['added']}”" if "added" in c else f"−“{c['removed']}”")
                 for c in e["changes"]]
        return f"- {head}: " + "; ".join(parts)
    if kind == "redefined":
        return f"- {head}: " + "; ".join(f"{c['lang']}: “{_cell(c['old'])}” → “{_cell(c['new'])}”" for c in e["changes"])
    if kind == "changed":
        return f"- {head}: " + "; ".join(
            f"{c['property']}" + "".join(f" −{x}" for x in c["removed"]) + "".join(f" +{x}" for x in c["added"])
            for c in e["changes"])
    return f"- {head}"


def _mapping(kind: str, e: dict) -> str:
    role = f" ({e['industry_role']})" if e.get("industry_role") else ""
    head = f"{e['subject_id']} {_cell(e['subject_label'])} → {e['object_id']} {_cell(e['object_label'])}{role} [{e['scheme']}]"
    if kind == "repredicated":
        return f"- {head}: {', '.join(e['old_predicate'])} → {', '.join(e['new_predicate'])}"
    if kind == "updated":
        return f"- {head}: " + "; ".join(f"{f} {_cell(v['old'])} → {_cell(v['new'])}" for f, v in e["changes"].items())
    return f"- {e['predicate_id']} {head}"


def to_markdown(d: dict, title: str | None = None, limit: int = 200) -> str:
    """Markdown for people; `limit` caps each list (the JSON output always has everything)."""
    title = title or f"Changes from {d['old']} to {d['new']}"
    out = [f"# {title}", ""]
    s = d["summary"]
    out.append("| change | count |\n| --- | ---: |")
    out += [f"| {k.replace('_', ' ')} | {v} |" for k, v in s.items()]
    out.append("")
    sections = [(TITLES[k], [_line(k, e) for e in v]) for k, v in d["concepts"].items()]
    if d["mappings"] is not None:
        sections += [(MAP_TITLES[k], [_mapping(k, e) for e in v]) for k, v in d["mappings"].items()]
    sections.append(("Eligibility criteria changed", [
        f"- {c['id']} ({c['status']}: {len(c['removed'])} statements removed, {len(c['added'])} added)"
        for c in d["criteria"]]))
    for name, lines in sections:
        if not lines:
            continue
        out += [f"## {name} ({len(lines)})", ""]
        out += lines[:limit]
        if len(lines) > limit:
            out.append(f"- … and {len(lines) - limit} more (see the JSON output)")
        out.append("")
    if not any(s.values()):
        out.append("No changes.")
    return "\n".join(out).rstrip() + "\n"

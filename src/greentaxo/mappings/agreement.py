"""Agreement of our route mappings with the 2025 catalogue's own category -> GB/T 4754 table, and coverage."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greentaxo.namespaces import GTC

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph


@dataclass
class Disagreement:
    route: str
    category: str
    our_classes: list[str]
    official_classes: list[str]
    comments: list[str]


def official_industry_table(kg: KnowledgeGraph) -> dict[str, set[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    q = f"""SELECT ?cat ?ind WHERE {{ ?cat gt:industryRow ?row . ?row gt:industryCode ?ind .
             FILTER(STRSTARTS(STR(?cat), "{GTC}gfspc2025/")) }}"""
    for row in kg.query(q):
        table[row["cat"].value.rsplit("/", 1)[-1]].add(row["ind"].value.rsplit("/", 1)[-1])
    return table


def agreement(kg: KnowledgeGraph) -> tuple[int, int, list[Disagreement]]:
    """Per (route, 2025 category) pair with GB/T 4754 rows: do they share a class with the official table?"""
    table = official_industry_table(kg)
    agree = total = 0
    bad: list[Disagreement] = []
    for route in sorted(kg.taxonomy.concepts):
        rows = kg.mappings.for_route(route)
        ours = sorted({r.code for r in rows if r.scheme == "gbt4754-2017" and r.is_match})
        if not ours:
            continue
        for r in rows:
            if r.scheme != "gfspc2025" or not r.is_match:
                continue
            official = table.get(r.code, set())
            if not official:
                continue        # the catalogue lists only "-" (activity spans many industries)
            total += 1
            if set(ours) & official:
                agree += 1
            else:
                bad.append(Disagreement(route, r.code, ours, sorted(official), [r.comment]))
    return agree, total, bad


def coverage(kg: KnowledgeGraph) -> list[dict]:
    """Per scheme: routes mapped / routes, leaves covered / leaves, codes reached / codes held.

    A code is reached by a live route or by a facet concept (a project type, service, market mechanism or
    business model carries the catalogue categories that name it, docs/principles.md section 2)."""
    tax = kg.taxonomy
    live = {c.iri for c in tax.live()}
    facets = set(kg.facets)
    leaves = {c.iri for c in tax.leaves()}
    out = []
    for scheme in kg.mappings.schemes():
        mapped, answered, reached = set(), set(), set()
        for r in kg.mappings.rows:
            if r.scheme != scheme:
                continue
            if r.subject_id in facets:
                if r.is_match:
                    reached.add(r.code)
                continue
            if r.subject_id not in live:
                continue
            answered.add(r.subject_id)
            if r.is_match:
                mapped.add(r.subject_id)
                reached.add(r.code)
        held = kg.codes.codes.get(scheme, {})
        level3 = {c for c, v in held.items() if v.level == 3} if scheme in ("gfspc2025", "gigc2019") else None
        out.append({
            "scheme": scheme, "routes_mapped": len(mapped), "routes_total": len(live),
            "leaves_covered": len(leaves & answered), "leaves_matched": len(leaves & mapped), "leaves_total": len(leaves),
            "codes_reached": len(reached), "codes_total": len(held) if held else None,
            "level3_reached": len(reached & level3) if level3 is not None else None,
            "level3_total": len(level3) if level3 is not None else None,
        })
    return out


def coverage_markdown(rows: list[dict]) -> str:
    lines = ["| scheme | routes mapped | leaves covered (code or explicit none) | leaves with a code | codes reached "
             "| level-3 categories reached |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        codes = f"{r['codes_reached']} / {r['codes_total']}" if r["codes_total"] else f"{r['codes_reached']} (no full table held)"
        l3 = f"{r['level3_reached']} / {r['level3_total']}" if r["level3_total"] else "–"
        lines.append(f"| {r['scheme']} | {r['routes_mapped']} / {r['routes_total']} | {r['leaves_covered']} / "
                     f"{r['leaves_total']} | {r['leaves_matched']} / {r['leaves_total']} | {codes} | {l3} |")
    return "\n".join(lines) + "\n"


def unverified_ipc(kg: KnowledgeGraph) -> list[str]:
    """IPC symbols used in our mappings that neither the WIPO green inventory nor the ENV-TECH list holds.

    No full IPC table is available here, so these are checked for form only; editors should confirm
    them against the IPC scheme (WIPO IPCPUB).
    """
    held = set(kg.codes.codes.get("ipc", {})) | set(kg.codes.codes.get("envtech", {}))
    used = {r.code.replace("-", "/") for r in kg.mappings.rows if r.scheme == "ipc" and r.is_match}
    return sorted(used - held)

"""Shapes of the library's answers that pages share: mapping rows grouped by scheme, labels of scenario
resources, the routes a function is provided by, domain sizes. Indexes are computed once per graph
(`kg.derived`), so a page costs a dictionary look-up, not a query."""
from __future__ import annotations

from collections import OrderedDict, defaultdict
from threading import Lock
from typing import TYPE_CHECKING

from greentaxo.namespaces import GTX, SCHEME_PREFIX

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph
    from greentaxo.mappings.sssom import MappingRow

SCHEME_TITLES = {
    "gbt4754-2017": ("GB/T 4754-2017 国民经济行业分类", "GB/T 4754-2017 Industrial classification"),
    "gbt13745-2009": ("GB/T 13745-2009 学科分类与代码", "GB/T 13745-2009 Disciplines"),
    "gfspc2025": ("绿色金融支持项目目录（2025年版）", "Green Finance Endorsed Projects Catalogue (2025)"),
    "gigc2019": ("绿色产业指导目录（2019年版）", "Green Industry Guidance Catalogue (2019)"),
    "eutaxonomy": ("欧盟可持续金融分类方案", "EU Taxonomy"),
    "ipc": ("国际专利分类 IPC", "International Patent Classification"),
    "nace2": ("NACE Rev. 2", "NACE Rev. 2"),
    "isic4": ("ISIC Rev. 4", "ISIC Rev. 4"),
    "envtech": ("OECD ENV-TECH 环境技术专利分类", "OECD ENV-TECH patent classes"),
}


def scheme_title(scheme: str, lang: str) -> str:
    zh, en = SCHEME_TITLES.get(scheme, (scheme, scheme))
    return zh if lang == "zh" else en


def by_scheme(rows: list[MappingRow]) -> dict[str, list[dict]]:
    """Mapping rows per target scheme (in the order of SCHEME_PREFIX), strongest first, each as its
    to_dict() plus `code` (empty for NoTermFound)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[r.scheme].append({**r.to_dict(), "code": r.code, "no_term": r.no_term, "negated": r.negated})
    order = list(SCHEME_PREFIX)
    return {s: sorted(out[s], key=lambda r: -(r["confidence"] or 0))
            for s in sorted(out, key=lambda s: order.index(s) if s in order else len(order))}


def gtx_labels(kg: KnowledgeGraph) -> dict[str, dict[str, str]]:
    """Labels of scenarios, functions and plant types (gtx:), by IRI."""
    def build(g: KnowledgeGraph) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for s, label in g.query(f'SELECT ?s ?l WHERE {{ ?s skos:prefLabel ?l FILTER(STRSTARTS(STR(?s), "{GTX}")) }}'):
            out.setdefault(s.value, {})[label.language or ""] = label.value
        return out
    return kg.derived("greentaxo.web.gtx_labels", build)


def providers(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """Function IRI -> the live routes that provide it, in notation order."""
    def build(g: KnowledgeGraph) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for c in g.taxonomy.live():
            for f in c.functions:
                out[f].append(c.iri)
        return dict(out)
    return kg.derived("greentaxo.web.providers", build)


def domain_sizes(kg: KnowledgeGraph) -> dict[str, int]:
    """Top concept IRI -> how many live routes lie below it."""
    return kg.derived("greentaxo.web.domain_sizes",
                      lambda g: {c.iri: len(g.taxonomy.descendants(c.iri)) for c in g.taxonomy.top_concepts()})


def mapped_codes(kg: KnowledgeGraph, scheme: str) -> list[tuple[str, str, int]]:
    """(code, label, rows) for every code of `scheme` that a mapping row points at, in code order."""
    def build(g: KnowledgeGraph) -> dict[str, list[tuple[str, str, int]]]:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for r in g.mappings.rows:
            if r.is_match and r.code:
                counts[(r.scheme, r.code)] += 1
        out: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for (s, code), n in sorted(counts.items()):
            held = g.codes.codes.get(s, {}).get(code.replace("-", "/") if s == "ipc" else code)
            out[s].append((code, held.label if held else "", n))
        return dict(out)
    return kg.derived("greentaxo.web.mapped_codes", build).get(scheme, [])


def kpis_of(kg: KnowledgeGraph, iri: str) -> list[dict]:
    """The route's key performance indicators, where the graph carries them (greentaxo.kpi, issue 16)."""
    index = getattr(kg, "kpis", None)
    return [k.to_dict() for k in index.get(iri, [])] if index else []


def stats(kg: KnowledgeGraph) -> dict:
    """kg.stats(), computed once per graph (the home page shows it on every visit)."""
    return kg.derived("greentaxo.web.stats", lambda g: g.stats())


def tree_rows(kg: KnowledgeGraph) -> list[tuple[str, object, int]]:
    """The live hierarchy flattened depth first for one template loop: ("node", concept, children) opens a
    node (its children follow, then ("end", None, 0)); ("leaf", concept, 0) is a node without children.
    A flat loop renders the 700-route tree about 5x faster than a recursive macro."""
    def build(g: KnowledgeGraph) -> list[tuple[str, object, int]]:
        tax = g.taxonomy
        rows: list[tuple[str, object, int]] = []

        def walk(c) -> None:
            kids = tax.children(c.iri)
            if not kids:
                rows.append(("leaf", c, 0))
                return
            rows.append(("node", c, len(kids)))
            for k in kids:
                walk(k)
            rows.append(("end", None, 0))
        for top in tax.top_concepts():
            walk(top)
        return rows
    return kg.derived("greentaxo.web.tree_rows", build)


class Memo:
    """A small LRU of answers that depend only on the graph and the request's parameters (a package solve, the
    changes since a date): kept with the graph, so a new graph starts empty; bounded, so odd parameters
    cannot fill memory."""

    def __init__(self, size: int = 64) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), Lock()

    def get(self, key, compute):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = compute()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


def memo(kg: KnowledgeGraph, name: str) -> Memo:
    return kg.derived(f"greentaxo.web.memo.{name}", lambda g: Memo())

"""`greentaxo export xlsx`: the route scheme and its mapping sets as one workbook for editors.

Layout: an `about` sheet (how to edit), one sheet per top domain (one row per route, the domain's own
row first), a `facets` sheet (project types, services, market mechanisms, business models), an
`indicators` sheet (route key performance indicators) with a `thresholds` sheet (the bars catalogues and
standards set on them), and one `SSSOM <scheme>` sheet per mapping set with every SSSOM column. The
reverse direction is greentaxo.workbook.importer; together they are lossless for the bundled taxonomy.
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from greentaxo.mappings.sssom import COLUMNS, EXTENSION
from greentaxo.namespaces import FACET_SCHEME, GT, GTR, ROUTE_SCHEME, compact
from greentaxo.security.cells import write_row
from greentaxo.sources.files import load_sources, mapping_sets
from greentaxo.sources.serialise import top_of
from greentaxo.workbook.columns import BASE, LANGS, SEP, cell_text, column_for

MAPPING_SHEET = "SSSOM "
ABOUT = "about"
FACET_SHEET, KPI_SHEET, THRESHOLD_SHEET = "facets", "indicators", "thresholds"
ABOUT_TEXT = [
    "greentaxo editing workbook / greentaxo 编辑工作簿",
    "",
    "One sheet per top domain: one row per route. Do not change the IRI of a row; leave IRI empty for a new",
    "route and it gets the next free gtr:R number on import. Refer to routes by CURIE (gtr:R0412) or, for a",
    "new route, by its notation. Several values in one cell: one per line (Alt+Enter).",
    "Never delete a row: set deprecated to true and name the replacement in isReplacedBy (a route, or a facet",
    "concept gtf:F0001 for what is not a technology) with a deprecationReason. On import that one change also",
    "moves the route's labels to hidden labels of the replacement, its mapping rows, relations, indicators and",
    "facet links (greentaxo.retirement); the import runs the taxonomy shapes and writes nothing on an error.",
    "facets: one row per project type, service, market mechanism or business model (kind), involvesRoute lists",
    "its routes. indicators: one row per route indicator (kpiOf, metric, unit, direction higher|lower, typical",
    "range, source); thresholds: one row per bar (indicator, comparator, threshold, unit, setBy, testedBy).",
    "SSSOM sheets: one mapping row per line, values as in the SSSOM/TSV files (CURIEs).",
    "Import: greentaxo import xlsx FILE --dry-run (check only), then without --dry-run (writes the sources).",
    "",
    "每个顶层领域一个工作表，每行一条技术路线。不要修改已有行的 IRI；新增路线的 IRI 留空，导入时自动分配下一个编号。",
    "引用其他路线时写 CURIE（如 gtr:R0412），新路线可写其编号（notation）。一个单元格有多个值时每行一个（Alt+Enter）。",
    "不要删除行：把 deprecated 设为 true，并在 isReplacedBy 中写替代路线（或分面概念 gtf:F…）和 deprecationReason；",
    "导入时一步完成：原路线的标签成为替代概念的隐藏标签，映射行、关系、指标和分面链接随之转移；导入先运行校验，有错误则不写入。",
]
# triples every route row stands for without a column
IMPLICIT_TYPES = {SKOS.Concept, URIRef(GT + "TechnologyRoute")}
FACET_KINDS = ("ProjectType", "ServiceType", "MarketMechanism", "BusinessModel")
FACET_TYPES = {SKOS.Concept, URIRef(GT + "FacetConcept")}
KPI_TYPE, THRESHOLD_TYPE = URIRef(GT + "KeyPerformanceIndicator"), URIRef(GT + "KPIThreshold")
HAS_THRESHOLD = URIRef(GT + "hasThreshold")
FACET_BASE = ["IRI", "notation", "kind", "prefLabel@zh", "prefLabel@en", "altLabel@zh", "altLabel@en", "hiddenLabel@zh",
              "hiddenLabel@en", "definition@zh", "definition@en", "involvesRoute"]
KPI_BASE = ["IRI", "kpiOf", "metric", "prefLabel@zh", "prefLabel@en", "unit", "direction", "typicalMin", "typicalMax",
            "source", "scopeNote@zh", "scopeNote@en"]
THRESHOLD_BASE = ["IRI", "indicator", "comparator", "threshold", "unit", "source", "setBy", "testedBy"]


def sheet_title(notation: str, label: str) -> str:
    """Excel titles: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", f"{notation} {label}")[:31].strip()


def _implicit(g: Graph, c: URIRef, p: URIRef, o, sheet: str = "") -> bool:
    """Triples a row stands for without a column of its own (types, scheme membership, notation)."""
    if sheet in (KPI_SHEET, THRESHOLD_SHEET):
        return (p == RDF.type and o == (KPI_TYPE if sheet == KPI_SHEET else THRESHOLD_TYPE)) or p == HAS_THRESHOLD
    facet = sheet == FACET_SHEET
    scheme = URIRef(FACET_SCHEME if facet else ROUTE_SCHEME)
    if p == RDF.type:
        return o in (FACET_TYPES | {URIRef(GT + k) for k in FACET_KINDS} if facet else IMPLICIT_TYPES)
    if p == SKOS.inScheme:
        return o == scheme
    if p == SKOS.topConceptOf:   # a row without broader is a top concept
        return o == scheme and g.value(c, SKOS.broader) is None
    return p == SKOS.notation


def concept_cells(g: Graph, c: URIRef, sheet: str = "") -> dict[str, list[str]]:
    cells: dict[str, list[str]] = {}
    if sheet == FACET_SHEET:
        cells["kind"] = [k for k in FACET_KINDS if (c, RDF.type, URIRef(GT + k)) in g]
    if sheet == THRESHOLD_SHEET:
        cells["indicator"] = [compact(str(k)) for k in g.subjects(HAS_THRESHOLD, c)]
    for p, o in g.predicate_objects(c):
        if _implicit(g, c, p, o, sheet):
            continue
        col = column_for(p, o)
        cells.setdefault(col, []).append(cell_text(col, o))
    for col in cells:
        cells[col].sort()
    return cells


def _ordered_columns(found: set[str], base: list[str] = BASE) -> list[str]:
    extra = sorted(found - set(base), key=lambda h: (h.startswith("ttl "), h.split("@")[0],
                                                     LANGS.index(h.split("@")[1]) if h.split("@")[-1] in LANGS else 9, h))
    return base + extra


def _side_sheet(wb, g: Graph, title: str, subjects: list, base: list[str], bold, wrap) -> int:
    """One row per facet concept, indicator or threshold, with the layout `base` plus any other property."""
    rows = {c: concept_cells(g, c, title) for c in subjects}
    columns = _ordered_columns({h for cells in rows.values() for h in cells}, base)
    ws = wb.create_sheet(title)
    write_row(ws, columns)
    for c in subjects:
        cells = rows[c]
        notation = [str(g.value(c, SKOS.notation) or "")] if "notation" in columns else []
        start = 2 if notation else 1
        write_row(ws, [compact(str(c)), *notation, *[SEP.join(cells.get(h, [])) or None for h in columns[start:]]])
    _style(ws, bold, wrap)
    return len(subjects)


def export_workbook(routes: Graph, mapping_sets: dict, out: Path) -> dict:
    """Write the workbook; returns counts per sheet."""
    from openpyxl import Workbook  # noqa: PLC0415  (heavy: openpyxl)
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415  (heavy: openpyxl)

    scheme = URIRef(ROUTE_SCHEME)
    concepts = sorted({s for s in routes.subjects(SKOS.inScheme, scheme) if str(s).startswith(GTR)})
    notation = {c: str(routes.value(c, SKOS.notation) or "") for c in concepts}
    groups: dict[URIRef, list[URIRef]] = {}
    for c in concepts:
        groups.setdefault(top_of(routes, c), []).append(c)
    rows = {c: concept_cells(routes, c) for c in concepts}
    columns = _ordered_columns({h for cells in rows.values() for h in cells})

    wb = Workbook()
    about = wb.active
    about.title = ABOUT
    for line in ABOUT_TEXT:
        write_row(about, [line])
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    counts: dict[str, int] = {}
    for top in sorted(groups, key=lambda t: notation[t]):
        en = next((str(x) for x in routes.objects(top, SKOS.prefLabel) if x.language == "en"), str(top))
        ws = wb.create_sheet(sheet_title(notation[top], en))
        write_row(ws, columns)
        for c in sorted(groups[top], key=lambda x: (notation[x], str(x))):
            cells = rows[c]
            # text cells stay text, never formulas (greentaxo.security.cells): a label may start with "="
            write_row(ws, [compact(str(c)), notation[c], *[SEP.join(cells.get(h, [])) or None for h in columns[2:]]])
        _style(ws, bold, wrap)
        counts[ws.title] = len(groups[top])
    facets = sorted(set(routes.subjects(SKOS.inScheme, URIRef(FACET_SCHEME))),
                    key=lambda c: (str(routes.value(c, SKOS.notation) or ""), str(c)))
    kpis = sorted(set(routes.subjects(RDF.type, KPI_TYPE)), key=str)
    thresholds = sorted(set(routes.subjects(RDF.type, THRESHOLD_TYPE)), key=str)
    for title, subjects, base in ((FACET_SHEET, facets, FACET_BASE), (KPI_SHEET, kpis, KPI_BASE),
                                  (THRESHOLD_SHEET, thresholds, THRESHOLD_BASE)):
        counts[title] = _side_sheet(wb, routes, title, subjects, base, bold, wrap)
    for scheme_id in sorted(mapping_sets):
        ms = mapping_sets[scheme_id]
        ws = wb.create_sheet(f"{MAPPING_SHEET}{scheme_id}"[:31])
        cols = mapping_columns(scheme_id)
        write_row(ws, cols)
        for r in ms.rows:
            write_row(ws, [mapping_cell(r, col) for col in cols])
        _style(ws, bold, None)
        counts[ws.title] = len(ms.rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return counts


def mapping_columns(scheme_id: str) -> list[str]:
    return COLUMNS + ([EXTENSION] if scheme_id == "gbt4754-2017" else [])


def mapping_cell(r, col: str):
    v = getattr(r, col)
    if col == "confidence":
        return v
    if col in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
        return compact(v)
    return v or None


def _style(ws, bold, wrap) -> None:
    ws.freeze_panes = "C2" if wrap else "B2"
    for cell in ws[1]:
        cell.font = bold
    for col in ws.iter_cols(min_row=1, max_row=1):
        head = str(col[0].value or "")
        ws.column_dimensions[col[0].column_letter].width = 40 if head.startswith(("definition", "altLabel")) else 16
    if wrap is not None:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and SEP in cell.value:
                    cell.alignment = wrap


def export_root(root: Path, out: Path) -> dict:
    """Export the sources of a repository root (ontology/routes, kpis, facets, mappings) to `out`."""
    return export_workbook(load_sources(root), mapping_sets(root), out)

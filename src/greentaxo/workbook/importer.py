"""`greentaxo import xlsx`: read an edited workbook back into the Turtle and SSSOM sources.

All or nothing: every cell is checked first and each problem is reported as sheet/cell/reason; then
retirements are applied and the taxonomy shapes run over the result (the validation the edit API runs);
the sources are written only when there is no error. Existing rows keep their IRI; a row without IRI gets
the next free gtr:R (gtf:F for a facet) number, above every IRI ever used, so none is reused.

A route that was live and is now `deprecated` with an `isReplacedBy` is retired in one step by
greentaxo.retirement.retire: its labels become hidden labels of the successor, its mapping rows move,
relations, indicators and facet links follow (the same function the content scripts and the edit API use).
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from greentaxo.errors import InputError
from greentaxo.namespaces import FACET_SCHEME, GT, GTR, ROUTE_SCHEME, SCHEME_PREFIX, compact, expand
from greentaxo.security.uploads import read_xlsx
from greentaxo.sources.files import (
    concept_iris,
    facets_dir,
    kpis_dir,
    load_sources,
    mapping_sets,
    routes_dir,
    row_key,
    write_mapping_set,
)
from greentaxo.sources.serialise import write_facets, write_kpis, write_routes
from greentaxo.workbook.cells import CellError, cell_object
from greentaxo.workbook.columns import SEP, Column, parse_header, text_of
from greentaxo.workbook.export import (
    ABOUT,
    FACET_KINDS,
    FACET_SHEET,
    FACET_TYPES,
    HAS_THRESHOLD,
    IMPLICIT_TYPES,
    KPI_SHEET,
    KPI_TYPE,
    MAPPING_SHEET,
    THRESHOLD_SHEET,
    THRESHOLD_TYPE,
    mapping_columns,
)
from greentaxo.workbook.identities import IRI_RE, assign_iris
from greentaxo.workbook.mapping_rows import mapping_rows
from greentaxo.workbook.retire import retire_marked, validation_errors

SIDE_SHEETS = (FACET_SHEET, KPI_SHEET, THRESHOLD_SHEET)


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    new: dict[str, str] = field(default_factory=dict)          # new IRI -> notation
    concepts: int = 0
    changed_files: list[str] = field(default_factory=list)
    mapping_rows: dict[str, int] = field(default_factory=dict)
    retired: list[dict] = field(default_factory=list)         # greentaxo.retirement reports, one per route
    written: bool = False

    def to_dict(self) -> dict:
        return {"errors": [e.to_dict() for e in self.errors], "new": self.new, "concepts": self.concepts,
                "mapping_rows": self.mapping_rows, "retired": self.retired, "changed_files": self.changed_files,
                "written": self.written}


@dataclass
class _Row:
    sheet: str
    row: int
    cells: dict[Column, tuple[str, str]]   # column -> (cell ref, text)
    iri: str = ""
    notation: str = ""

    @property
    def kind(self) -> str:
        """route, facets, indicators or thresholds (the sheet it is on)."""
        return self.sheet if self.sheet in SIDE_SHEETS else "route"

    def cell(self, header: str) -> tuple[str, str]:
        return next(((ref, t) for c, (ref, t) in self.cells.items() if c.header == header), (f"row {self.row}", ""))


def _ref(col: int, row: int) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415  (heavy: openpyxl)

    return f"{get_column_letter(col)}{row}"


def _values(text: str) -> list[str]:
    return [v.strip() for v in text.split(SEP) if v.strip()]


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.old = load_sources(root)
        self.old_iris = concept_iris(self.old)
        self.old_facets = {str(s) for s in self.old.subjects(SKOS.inScheme, URIRef(FACET_SCHEME))}
        self.old_maps = mapping_sets(root)
        self.functions = self._functions()
        self.errors: list[CellError] = []
        self.rows: list[_Row] = []
        self.maps: dict[str, list[tuple[str, int, dict[str, tuple[str, object]]]]] = {}

    def _functions(self) -> set[str] | None:
        f = self.root / "ontology" / "scenarios" / "functions.ttl"
        if not f.exists():
            return None
        g = Graph().parse(f, format="turtle")
        return {str(s) for s in g.subjects(RDF.type, None)}

    def err(self, sheet: str, cell: str, reason: str) -> None:
        self.errors.append(CellError(sheet, cell, reason))

    # -- reading the sheets -------------------------------------------------------------------
    def read(self, path: Path) -> None:
        # size, unpacked-size and cell limits, no entity expansion, formulas listed and never run
        for sheet in read_xlsx(path):
            for ref, formula in sheet.formulas:
                self.err(sheet.title, ref, f"holds a formula ({formula}); type the value itself, formulas are "
                                           "never evaluated")
            if sheet.title == ABOUT or not sheet.rows:
                continue
            if sheet.title.startswith(MAPPING_SHEET):
                self._mapping_sheet(sheet.title, sheet.rows)
            else:
                self._concept_sheet(sheet.title, sheet.rows)

    def _concept_sheet(self, sheet: str, rows: list[tuple]) -> None:
        cols: dict[int, Column] = {}
        for j, h in enumerate(rows[0], start=1):
            if h is None or not str(h).strip():
                continue
            if sheet == FACET_SHEET and str(h).strip() == "kind":
                cols[j] = Column("kind", None, "kind")
                continue
            if sheet == THRESHOLD_SHEET and str(h).strip() == "indicator":
                cols[j] = Column("indicator", HAS_THRESHOLD, "indicator")
                continue
            try:
                cols[j] = parse_header(str(h))
            except ValueError as exc:
                self.err(sheet, _ref(j, 1), str(exc))
        seen = [c.header for c in cols.values()]
        needed = ("IRI",) if sheet in (KPI_SHEET, THRESHOLD_SHEET) else ("IRI", "notation")
        lacking = [need for need in needed if need not in seen]
        for need in lacking:
            self.err(sheet, "1", f"header has no {need!r} column; export a fresh workbook to see the layout")
        if lacking:
            return
        for dup in {h for h in seen if seen.count(h) > 1}:
            self.err(sheet, "1", f"column {dup!r} appears twice")
        for i, values in enumerate(rows[1:], start=2):
            cells = {col: (_ref(j, i), text_of(values[j - 1]) if j - 1 < len(values) else "") for j, col in cols.items()}
            if not any(text for _, text in cells.values()):
                continue
            self.rows.append(_Row(sheet, i, cells))

    def _mapping_sheet(self, sheet: str, rows: list[tuple]) -> None:
        scheme = sheet[len(MAPPING_SHEET):].strip()
        if scheme not in SCHEME_PREFIX:
            self.err(sheet, "A1", f"unknown mapping target {scheme!r}; sheet names are 'SSSOM <scheme>' with a "
                                  f"scheme of {', '.join(SCHEME_PREFIX)}")
            return
        header = [str(h).strip() if h is not None else "" for h in rows[0]]
        expected = mapping_columns(scheme)
        for j, h in enumerate(header, start=1):
            if h and h not in expected:
                self.err(sheet, _ref(j, 1), f"unknown SSSOM column {h!r}; columns: {', '.join(expected)}")
        for need in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
            if need not in header:
                self.err(sheet, "1", f"header lacks the required SSSOM column {need!r}")
                return
        out = self.maps.setdefault(scheme, [])
        for i, values in enumerate(rows[1:], start=2):
            rec = {h: (_ref(j, i), values[j - 1] if j - 1 < len(values) else None)
                   for j, h in enumerate(header, start=1) if h in expected}
            if all(v is None or not text_of(v) for _, v in rec.values()):
                continue
            out.append((sheet, i, rec))

    # -- resolving identities -----------------------------------------------------------------
    def assign_iris(self) -> dict[str, str]:
        return assign_iris(self)

    def iri(self, text: str) -> str | None:
        t = text.strip()
        if IRI_RE.fullmatch(t):
            return GTR + t
        try:
            return expand(t)
        except ValueError:
            return None

    def report(self, sheet: str, i: int, ref: dict, errs: list[tuple[str, str]]) -> None:
        for col, reason in errs:
            self.err(sheet, ref.get(col, f"row {i}"), reason)

    def resolve_route(self, text: str) -> str | None:
        if text in self.by_notation:
            return self.by_notation[text]
        iri = self.iri(text)
        return iri if iri in self.known else None

    # -- building the sources -----------------------------------------------------------------
    def concepts_graph(self) -> Graph:
        g = Graph()
        for scheme in (URIRef(ROUTE_SCHEME), URIRef(FACET_SCHEME)):
            for s, p, o in self.old.triples((scheme, None, None)):   # scheme nodes are release metadata, not edited here
                g.add((s, p, o))
        for r in self.rows:
            if r.iri:
                self._concept(g, r)
        return g

    REQUIRED = {
        "route": ("prefLabel@zh", "prefLabel@en", "definition@zh", "definition@en"),
        FACET_SHEET: ("kind", "prefLabel@zh", "prefLabel@en", "definition@zh", "definition@en"),
        KPI_SHEET: ("kpiOf", "metric", "prefLabel@zh", "prefLabel@en", "unit", "direction"),
        THRESHOLD_SHEET: ("indicator", "comparator", "threshold", "unit"),
    }

    def _concept(self, g: Graph, r: _Row) -> None:
        c = URIRef(r.iri)
        scheme = None
        if r.kind == "route":
            scheme = URIRef(ROUTE_SCHEME)
            for t in IMPLICIT_TYPES:
                g.add((c, RDF.type, t))
        elif r.kind == FACET_SHEET:
            scheme = URIRef(FACET_SCHEME)
            for t in FACET_TYPES:
                g.add((c, RDF.type, t))
        else:
            g.add((c, RDF.type, KPI_TYPE if r.kind == KPI_SHEET else THRESHOLD_TYPE))
        if scheme is not None:
            g.add((c, SKOS.inScheme, scheme))
        if r.notation:
            g.add((c, SKOS.notation, Literal(r.notation)))
        present = {col.header: (ref, text) for col, (ref, text) in r.cells.items()}
        for need in self.REQUIRED[r.kind]:
            if not present.get(need, ("", ""))[1]:
                where = present.get(need, (f"row {r.row}", ""))[0]
                self.err(r.sheet, where, f"{need} is empty; every {'route' if r.kind == 'route' else r.kind[:-1]} needs it")
        trl: dict[str, tuple[str, int]] = {}
        for col, (ref, text) in r.cells.items():
            if col.kind in ("iri-cell", "notation") or not text:
                continue
            values = _values(text)
            if col.single and len(values) > 1:
                self.err(r.sheet, ref, f"{col.header} takes one value but the cell has {len(values)} lines")
                continue
            for v in values:
                if col.kind == "kind":
                    if v not in FACET_KINDS:
                        self.err(r.sheet, ref, f"kind {v!r} is not one of {', '.join(FACET_KINDS)}")
                    else:
                        g.add((c, RDF.type, URIRef(GT + v)))
                    continue
                if col.kind == "indicator":
                    ind = self.iri(v)
                    if ind not in self.kpi_iris:
                        self.err(r.sheet, ref, f"{v!r} is not an indicator on the {KPI_SHEET} sheet")
                    else:
                        g.add((URIRef(ind), HAS_THRESHOLD, c))
                    continue
                obj = self._object(col, v, r.sheet, ref)
                if obj is not None:
                    if col.header in ("kpiOf", "involvesRoute") and str(obj) not in self.route_iris:
                        self.err(r.sheet, ref, f"{v!r} in {col.header} is a facet concept; name a route")
                        continue
                    g.add((c, col.prop, obj))
                    if col.header in ("trlMin", "trlMax"):
                        trl[col.header] = (ref, int(obj))
        if scheme is not None and not any(True for _ in g.objects(c, SKOS.broader)):
            g.add((c, SKOS.topConceptOf, scheme))
        if len(trl) == 2 and trl["trlMin"][1] > trl["trlMax"][1]:
            self.err(r.sheet, trl["trlMax"][0], f"trlMax {trl['trlMax'][1]} is below trlMin {trl['trlMin'][1]}")

    def _object(self, col: Column, v: str, sheet: str, ref: str):
        return cell_object(self, col, v, sheet, ref)


def import_workbook(path: Path, root: Path, *, dry_run: bool = False, today: str | None = None) -> ImportResult:
    """Check the workbook against the sources under `root`; write them only if nothing is wrong."""
    if not path.exists():
        raise InputError("workbook not found; check the path", source=str(path))
    rd = _Reader(root)
    rd.read(path)
    res = ImportResult()
    if rd.errors:   # a broken header hides whole sheets; the follow-on errors would only be noise
        res.errors = rd.errors
        return res
    res.new = {compact(k): v for k, v in rd.assign_iris().items()}
    graph = rd.concepts_graph()
    labels = {str(s): str(o) for s, o in graph.subject_objects(SKOS.prefLabel) if o.language == "zh"}
    maps = mapping_rows(rd, labels)
    res.errors = rd.errors
    res.concepts = sum(1 for r in rd.rows if r.iri and r.kind == "route")
    res.mapping_rows = {k: len(v) for k, v in maps.items()}
    if res.errors:
        return res
    res.retired = retire_marked(rd, graph, maps)
    res.errors = rd.errors + validation_errors(rd.old, graph, root)
    if res.errors:
        return res
    today = today or dt.date.today().isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        staged: dict[Path, Path] = {}     # target -> staged file
        for write, target_dir in ((write_routes, routes_dir(root)), (write_kpis, kpis_dir(root)),
                                  (write_facets, facets_dir(root))):
            if write is write_facets and (URIRef(FACET_SCHEME), None, None) not in graph:
                continue
            for f in write(graph, Path(tmp) / target_dir.name):
                staged[target_dir / f.name] = f
        for scheme, rows in maps.items():
            old = rd.old_maps.get(scheme)
            target = old.path if old else root / "mappings" / f"{scheme}.sssom.tsv"
            same = old is not None and sorted(map(row_key, old.rows)) == sorted(map(row_key, rows))
            f = Path(tmp) / target.name
            # the mapping date moves only when the rows changed, so an unchanged set stays byte-identical
            write_mapping_set(f, scheme, rows, old, date=None if same else today)
            staged[target] = f
        removed = [f for d in (routes_dir(root), kpis_dir(root)) for f in d.glob("*.ttl") if f not in staged]
        changed = [t for t, f in staged.items() if not t.exists() or t.read_bytes() != f.read_bytes()]
        res.changed_files = sorted(str(p.relative_to(root)) for p in changed + removed)
        if not dry_run:
            for t in changed:
                t.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(staged[t], t)
            for f in removed:
                f.unlink()
            res.written = True
    return res

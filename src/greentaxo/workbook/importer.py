"""`greentaxo import xlsx`: read an edited workbook back into the Turtle and SSSOM sources.

All or nothing: every cell is checked first and each problem is reported as sheet/cell/reason; the
sources are written only when there is none. Existing rows keep their IRI; a row without IRI gets the
next free gtr:R number (above every IRI ever used, deprecated ones included, so none is reused).
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from greentaxo.errors import InputError
from greentaxo.namespaces import GTR, PREFIXES, ROUTE_SCHEME, SCHEME_PREFIX, compact, expand
from greentaxo.security.uploads import read_xlsx
from greentaxo.sources.files import concept_iris, load_routes, mapping_sets, routes_dir, row_key, write_mapping_set
from greentaxo.sources.serialise import write_routes
from greentaxo.workbook.columns import SEP, Column, parse_header, text_of
from greentaxo.workbook.export import ABOUT, IMPLICIT_TYPES, MAPPING_SHEET, mapping_columns
from greentaxo.workbook.mapping_rows import mapping_rows

IRI_RE = re.compile(r"R(\d+)")


@dataclass
class CellError:
    sheet: str
    cell: str
    reason: str

    def line(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.reason}"

    def to_dict(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, "reason": self.reason}


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    new: dict[str, str] = field(default_factory=dict)          # new IRI -> notation
    concepts: int = 0
    changed_files: list[str] = field(default_factory=list)
    mapping_rows: dict[str, int] = field(default_factory=dict)
    written: bool = False

    def to_dict(self) -> dict:
        return {"errors": [e.to_dict() for e in self.errors], "new": self.new, "concepts": self.concepts,
                "mapping_rows": self.mapping_rows, "changed_files": self.changed_files, "written": self.written}


@dataclass
class _Row:
    sheet: str
    row: int
    cells: dict[Column, tuple[str, str]]   # column -> (cell ref, text)
    iri: str = ""
    notation: str = ""


def _ref(col: int, row: int) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415  (heavy: openpyxl)

    return f"{get_column_letter(col)}{row}"


def _values(text: str) -> list[str]:
    return [v.strip() for v in text.split(SEP) if v.strip()]


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.old = load_routes(root)
        self.old_iris = concept_iris(self.old)
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
            try:
                cols[j] = parse_header(str(h))
            except ValueError as exc:
                self.err(sheet, _ref(j, 1), str(exc))
        seen = [c.header for c in cols.values()]
        lacking = [need for need in ("IRI", "notation") if need not in seen]
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
        by_iri: dict[str, _Row] = {}
        by_notation: dict[str, _Row] = {}
        used = [int(m.group(1)) for i in self.old_iris if (m := IRI_RE.fullmatch(i[len(GTR):]))]
        for r in self.rows:
            iri_col = next(c for c in r.cells if c.kind == "iri-cell")
            ref, text = r.cells[iri_col]
            if text:
                iri = self.iri(text)
                if iri is None or not IRI_RE.fullmatch(iri[len(GTR):]):
                    self.err(r.sheet, ref, f"{text!r} is not a route IRI; write gtr:R<number> or leave it empty for a new route")
                elif iri in by_iri:
                    first = by_iri[iri]
                    self.err(r.sheet, ref, f"{compact(iri)} is also on {first.sheet} row {first.row}; one row per route")
                else:
                    r.iri = iri
                    by_iri[iri] = r
                    used.append(int(iri[len(GTR) + 1:]))
            not_col = next(c for c in r.cells if c.kind == "notation")
            ref, text = r.cells[not_col]
            if not text:
                self.err(r.sheet, ref, "notation is empty; every route needs its hierarchical code (e.g. 01.02.03)")
            elif text in by_notation:
                first = by_notation[text]
                self.err(r.sheet, ref, f"notation {text!r} is also on {first.sheet} row {first.row}; notations are unique")
            else:
                r.notation = text
                by_notation[text] = r
        nxt = max(used, default=0) + 1
        new = {}
        for r in self.rows:
            if not r.iri and not any(c.kind == "iri-cell" and t for c, (_, t) in r.cells.items()):
                r.iri = f"{GTR}R{nxt:04d}"
                nxt += 1
                new[r.iri] = r.notation
        for gone in sorted(self.old_iris - set(by_iri)):
            label = self.old.value(URIRef(gone), SKOS.prefLabel)
            self.err("(workbook)", "IRI", f"{compact(gone)} ({label}) is missing; IRIs are never deleted: put the "
                                         "row back and set deprecated to true (and isReplacedBy) instead")
        self.by_notation = {n: r.iri for n, r in by_notation.items() if r.iri}
        self.known = {r.iri for r in self.rows if r.iri}
        return new

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
        scheme = URIRef(ROUTE_SCHEME)
        for s, p, o in self.old.triples((scheme, None, None)):   # the scheme node is release metadata, not edited here
            g.add((s, p, o))
        for r in self.rows:
            if r.iri:
                self._concept(g, r)
        return g

    def _concept(self, g: Graph, r: _Row) -> None:
        c = URIRef(r.iri)
        for t in IMPLICIT_TYPES:
            g.add((c, RDF.type, t))
        g.add((c, SKOS.inScheme, URIRef(ROUTE_SCHEME)))
        if r.notation:
            g.add((c, SKOS.notation, Literal(r.notation)))
        present = {col.header: (ref, text) for col, (ref, text) in r.cells.items()}
        for need in ("prefLabel@zh", "prefLabel@en", "definition@zh", "definition@en"):
            if not present.get(need, ("", ""))[1]:
                where = present.get(need, (f"row {r.row}", ""))[0]
                self.err(r.sheet, where, f"{need} is empty; every route needs exactly one")
        trl: dict[str, tuple[str, int]] = {}
        for col, (ref, text) in r.cells.items():
            if col.kind in ("iri-cell", "notation") or not text:
                continue
            values = _values(text)
            if col.single and len(values) > 1:
                self.err(r.sheet, ref, f"{col.header} takes one value but the cell has {len(values)} lines")
                continue
            for v in values:
                obj = self._object(col, v, r.sheet, ref)
                if obj is not None:
                    g.add((c, col.prop, obj))
                    if col.header in ("trlMin", "trlMax"):
                        trl[col.header] = (ref, int(obj))
        if not any(True for _ in g.objects(c, SKOS.broader)):
            g.add((c, SKOS.topConceptOf, URIRef(ROUTE_SCHEME)))
        if len(trl) == 2 and trl["trlMin"][1] > trl["trlMax"][1]:
            self.err(r.sheet, trl["trlMax"][0], f"trlMax {trl['trlMax'][1]} is below trlMin {trl['trlMin'][1]}")

    def _object(self, col: Column, v: str, sheet: str, ref: str):
        if col.kind == "lang":
            return Literal(v, lang=col.lang)
        if col.kind == "ref":
            iri = self.resolve_route(v)
            if iri is None:
                self.err(sheet, ref, f"{v!r} in {col.header} is not a route of this workbook; write its CURIE "
                                     "(gtr:R0412) or the notation of a new row")
                return None
            return URIRef(iri)
        if col.kind == "iri":
            try:
                iri = expand(v)
            except ValueError as exc:
                self.err(sheet, ref, f"{col.header}: {exc}")
                return None
            if self.functions is not None and col.header == "providesFunction" and iri not in self.functions:
                self.err(sheet, ref, f"{v!r} is not a function in ontology/scenarios/functions.ttl (gtx:F001 ...)")
                return None
            return URIRef(iri)
        if col.kind == "int":
            if not re.fullmatch(r"\d+", v) or not 1 <= int(v) <= 9:
                self.err(sheet, ref, f"{col.header} {v!r} is not a whole number from 1 to 9")
                return None
            return Literal(int(v), datatype=XSD.integer)
        if col.kind == "bool":
            if v.lower() not in ("true", "false", "1", "0", "yes", "no"):
                self.err(sheet, ref, f"{col.header} {v!r} is not true or false")
                return None
            return Literal(v.lower() in ("true", "1", "yes"), datatype=XSD.boolean)
        return self._turtle(col, v, sheet, ref)

    def _turtle(self, col: Column, v: str, sheet: str, ref: str):
        head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
        try:
            g = Graph().parse(data=f"{head}<urn:s> <urn:p> {v} .", format="turtle")
            return next(iter(g.objects()))
        except Exception:  # rdflib's parser raises several types; the cell is simply not a Turtle term
            self.err(sheet, ref, f"{v!r} is not a Turtle term (\"text\"@en, 12, <https://...>, prefix:name)")
            return None


def import_workbook(path: Path, root: Path, *, dry_run: bool = False, today: str | None = None) -> ImportResult:
    """Check the workbook against the sources under `root`; write them only if no cell has an error."""
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
    res.concepts = sum(1 for r in rd.rows if r.iri)
    res.mapping_rows = {k: len(v) for k, v in maps.items()}
    if res.errors:
        return res
    today = today or dt.date.today().isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        staged: dict[Path, Path] = {}     # target -> staged file
        tmp_routes = Path(tmp) / "routes"
        for f in write_routes(graph, tmp_routes):
            staged[routes_dir(root) / f.name] = f
        for scheme, rows in maps.items():
            old = rd.old_maps.get(scheme)
            target = old.path if old else root / "mappings" / f"{scheme}.sssom.tsv"
            same = old is not None and sorted(map(row_key, old.rows)) == sorted(map(row_key, rows))
            f = Path(tmp) / target.name
            # the mapping date moves only when the rows changed, so an unchanged set stays byte-identical
            write_mapping_set(f, scheme, rows, old, date=None if same else today)
            staged[target] = f
        removed = [f for f in routes_dir(root).glob("*.ttl") if f not in staged]
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

"""Portfolio screening: a loan book (CSV, JSONL or XLSX) in, one eligibility result per loan out, streamed.

Input columns: id; one of route / code (or industry_code) / description (free text); optional facts
("metric=value unit" separated by ';'), as_of, activity (manufacturing|operation), project (new|retrofit),
evidence (criterion ids separated by ';'), and amounts: amount (the exposure), turnover, capex.
A record that cannot be read becomes an error record naming its line and field; the run goes on and the
caller reports a non-zero exit. Nothing is held per loan but the answer being yielded (reports stream).
"""
from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from greentaxo.classify.recordio import NAME_COLUMNS, check_encoding, parse_columns, renamed, renamed_header
from greentaxo.eligibility.engine import evaluate
from greentaxo.eligibility.resolve import classify_texts
from greentaxo.errors import GreentaxoError, InputError
from greentaxo.security.uploads import check_cells, check_size, check_zip

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

AMOUNTS = ("amount", "turnover", "capex")
MEMO = 1_000                 # identical inputs remembered (a verdict with its criteria is tens of kB)
TEXT_FIELDS = ("description", "text")
CODE_FIELDS = ("code", "industry_code")
KNOWN = {"id", "route", *CODE_FIELDS, *TEXT_FIELDS, "facts", "as_of", "activity", "project", "evidence", *AMOUNTS,
         "currency", "borrower", "name"}
# the fields a loan file's columns can be named as (`--column`), in the order the help lists them
FIELDS = ("id", "route", *CODE_FIELDS, *TEXT_FIELDS, "facts", *AMOUNTS, "currency", "activity", "project", "as_of",
          "evidence", "borrower", "name")


def loan_columns(pairs: list[str] | None) -> dict[str, str]:
    """`--column FIELD=COLUMN` values of a loan book as {the bank's column: field} (`recordio.parse_columns`)."""
    return parse_columns(pairs, FIELDS, "description=贷款用途")


def read_records(path: Path, encoding: str = "utf-8", columns: list[str] | None = None) -> Iterator[dict]:
    """Records of a loan file, one at a time; each carries `_line` (its line or sheet row) for error messages.
    `encoding`: of a CSV file (a loan book exported by Excel on Chinese Windows is GB18030); `columns`: `--column
    FIELD=COLUMN` values naming the bank's own columns (贷款编号, 贷款用途)."""
    check_size(path)                 # GREENTAXO_MAX_UPLOAD_BYTES, before anything is read
    codec = check_encoding(encoding)
    names = loan_columns(columns)        # not `renamed`: that is recordio's function, which _renamed calls
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _renamed(_jsonl(path), names)
    if suffix == ".xlsx":
        return _xlsx(path, names)
    return _csv(path, codec, names)


def _renamed(records: Iterator[dict], columns: dict[str, str]) -> Iterator[dict]:
    for rec in records:
        yield renamed(rec, columns) if columns and "_error" not in rec else rec


def _header(found: list[str], columns: dict[str, str], path: Path) -> list[str]:
    """The fields the file's columns hold (`renamed_header`), an id among them."""
    fields = renamed_header(found, columns, "file", str(path))
    _check_header(fields, path)
    return fields


def _not_text(codec: str) -> str:
    if codec == "utf-8":
        return ("not UTF-8 text; save the file as UTF-8, or choose its encoding (gb18030 for a CSV saved by Excel on "
                "Chinese Windows: --encoding gb18030; on the web page, the encoding field)")
    return f"not valid {codec} text; check --encoding"


def _csv(path: Path, codec: str = "utf-8", columns: dict[str, str] | None = None) -> Iterator[dict]:
    fh = path.open(encoding="utf-8-sig" if codec == "utf-8" else codec, newline="")
    try:
        reader = csv.DictReader(fh)
        reader.fieldnames = _header([h.strip() for h in reader.fieldnames or []], columns or {}, path)
    except UnicodeDecodeError:
        fh.close()
        raise InputError(_not_text(codec), source=str(path)) from None
    except BaseException:
        fh.close()
        raise

    def rows() -> Iterator[dict]:
        cells = 0
        with fh:
            try:
                for rec in reader:
                    line = reader.line_num
                    cells += max(1, len(rec))
                    check_cells(cells, path, line)      # GREENTAXO_MAX_CELLS
                    if None in rec:
                        yield {"id": rec.get("id") or f"line-{line}", "_line": line,
                               "_error": f"line {line}: more cells than the header has columns"}
                        continue
                    yield {**rec, "_line": line}
            except UnicodeDecodeError:
                yield {"id": f"line-{reader.line_num + 1}", "_error": f"line {reader.line_num + 1}: {_not_text(codec)}"}
    return rows()


def _check_header(names, path: Path) -> None:
    if not names or "id" not in names:
        raise InputError("the header needs an id column plus route, code or description (name the bank's own columns: "
                         f"{NAME_COLUMNS}, e.g. id=贷款编号)", source=str(path), line=1)


def _jsonl(path: Path) -> Iterator[dict]:
    cells = 0
    with path.open("rb") as fh:
        for i, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw.decode("utf-8-sig" if i == 1 else "utf-8"))
            except UnicodeDecodeError:
                yield {"id": f"line-{i}", "_line": i, "_error": f"line {i}: not UTF-8 text"}
                continue
            except (json.JSONDecodeError, RecursionError) as exc:
                why = getattr(exc, "msg", "nested too deeply")
                yield {"id": f"line-{i}", "_line": i, "_error": f"line {i}: not JSON ({why})"}
                continue
            cells += max(1, len(rec) if isinstance(rec, dict) else 1)
            check_cells(cells, path, i)
            if not isinstance(rec, dict):
                yield {"id": f"line-{i}", "_line": i, "_error": f"line {i}: expected a JSON object"}
                continue
            yield {**rec, "_line": i}


def _xlsx(path: Path, columns: dict[str, str] | None = None) -> Iterator[dict]:
    from openpyxl import load_workbook  # noqa: PLC0415  (heavy: openpyxl)

    check_zip(path)                  # a zip bomb is refused from the directory, before openpyxl inflates anything
    try:
        wb = load_workbook(path, read_only=True, data_only=False)    # formulas come back as text, never run
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException ... for a bad workbook
        raise InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__})", source=str(path)) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = _header([str(h).strip() if h is not None else "" for h in next(rows, [])], columns or {}, path)

    def gen() -> Iterator[dict]:
        cells = len(header)
        try:
            for n, values in enumerate(rows, start=2):
                cells += max(1, len(values))
                check_cells(cells, path, n)
                if all(v is None for v in values):
                    continue
                formula = next((v for v in values if isinstance(v, str) and v.startswith("=")), None)
                if formula is not None:
                    raise InputError(f"a cell holds a formula ({formula[:40]}); type the value itself, formulas are "
                                     "never evaluated", source=str(path), line=n)
                rec = {h: ("" if v is None else v) for h, v in zip(header, values, strict=False) if h}
                yield {**rec, "_line": n}
        finally:
            wb.close()
    return gen()


def _split(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _first(rec: dict, names: tuple[str, ...]) -> str | None:
    for n in names:
        v = rec.get(n)
        if v not in (None, "") and str(v).strip():
            return str(v).strip()
    return None


def amounts(rec: dict) -> dict[str, float]:
    """The loan's amounts as numbers; a cell that is not a number is an InputError naming line and column."""
    out = {}
    for name in AMOUNTS:
        v = rec.get(name)
        if v in (None, ""):
            continue
        try:
            x = float(str(v).replace(",", "").replace("_", "").strip()) if not isinstance(v, (int, float)) else float(v)
        except ValueError:
            x = math.nan
        if not math.isfinite(x) or x < 0:
            where = f"line {rec['_line']}, " if rec.get("_line") else ""
            raise InputError(f"{where}{name} {v!r}: not a non-negative number; write it without currency signs")
        out[name] = x
    return out


def screen_one(kg: KnowledgeGraph, rec: dict, n: int, memo: dict | None = None,
               classification: dict | None = None) -> dict:
    rid = str(rec.get("id") or f"row-{n}")
    if rec.get("_error"):
        return {"id": rid, "error": rec["_error"]}
    route, code, text = _first(rec, ("route",)), _first(rec, CODE_FIELDS), _first(rec, TEXT_FIELDS)
    if route:          # the most specific input wins; the others are kept for the reader
        code = text = None
    elif code:
        text = None
    kwargs = {"route": route, "code": code, "text": text, "facts": _split(rec.get("facts")),
              "as_of": str(rec.get("as_of") or "").strip() or None, "attested": _split(rec.get("evidence")),
              "activity": str(rec.get("activity") or "").strip() or None,
              "project": str(rec.get("project") or "").strip() or None}
    try:
        money = amounts(rec)
    except InputError as exc:
        return {"id": rid, "error": str(exc)}
    # loan books repeat the same industry code or route many times: identical inputs get the same answer
    key = repr(sorted(kwargs.items()))
    if memo is not None and key in memo:
        res = memo[key]
    else:
        try:
            res = evaluate(kg, **kwargs, classification=classification if text else None)
        except GreentaxoError as exc:
            res = {"error": str(exc)}
        if memo is not None:
            if len(memo) >= MEMO:
                memo.clear()             # bounded: memory stays flat however long the book
            memo[key] = res
    if "error" in res and rec.get("_line"):      # this record's line, also when the answer was remembered
        res = {"error": f"line {rec['_line']}: {res['error']}"}
    return {"id": rid, **({"amounts": money} if money else {}), **res}


def screen(kg: KnowledgeGraph, records: Iterable[dict], progress: Callable[[], None] | None = None,
           chunk: int = 256, start: int = 1) -> Iterator[dict]:
    """Results in input order; free-text records are classified a chunk at a time (the classifier is batched).
    `start`: the number of the first record (a record without an id is named row-N); the Spark engine screens
    a file in pieces."""
    memo: dict = {}
    buf: list[dict] = []

    def flush(start: int) -> Iterator[dict]:
        texts = [_text_of(r) for r in buf]
        wanted = [i for i, t in enumerate(texts) if t]
        answers = dict(zip(wanted, classify_texts(kg, [texts[i] for i in wanted]), strict=True))
        for i, rec in enumerate(buf):
            out = screen_one(kg, rec, start + i, memo, answers.get(i))
            if progress:
                progress()
            yield out
        buf.clear()

    n = start
    for rec in records:
        buf.append(rec)
        if len(buf) >= chunk:
            yield from flush(n)
            n += chunk
    yield from flush(n)


def _text_of(rec: dict) -> str | None:
    """The description a record will be judged by, if free text is what it gives (route and code win)."""
    if rec.get("_error") or _first(rec, ("route",)) or _first(rec, CODE_FIELDS):
        return None
    text = _first(rec, TEXT_FIELDS)
    return text if text and len(text) <= 20_000 else None

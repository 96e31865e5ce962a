"""Streaming input and output of records (JSONL, CSV or an .xlsx sheet in; JSONL or CSV out), one record at a
time: constant memory.

Each input record comes out as (fallback id, dict) or (fallback id, InputError) so that a bad line
(invalid JSON, invalid UTF-8, a missing column) becomes an error line for that record and the run goes on.
The fallback id is the line number, used when a record has no usable id.

Real submission files come from spreadsheets: CSV saved by Excel on Chinese Windows is GB18030 (GBK), not
UTF-8, and its columns are named as the platform names them (成果名称, 摘要). `encoding` reads such a file as it
is, and `columns` says which column holds which field; a row that is not valid UTF-8 says when it reads as
GB18030.

JSONL is read and written with orjson: encoding a result took ~20 µs with the standard library and ~2 µs
with orjson, a tenth of the whole cost of classifying a short record (docs/classifier.md).
"""
from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import orjson

from greentaxo.classify.document import FIELDS
from greentaxo.errors import InputError
from greentaxo.security.cells import safe_record

FORMATS = ("jsonl", "csv", "xlsx")
OUTPUT_FORMATS = ("jsonl", "csv")
# how a user names a file's columns: the messages below are read at the command line and on the upload pages alike
NAME_COLUMNS = "--column FIELD=COLUMN, or the column-names field of the upload page"
CSV_COLUMNS = ["id", "green", "p_green", "reason", "routes", "notations", "labels_zh", "labels_en", "scores", "codes",
               "taxonomy_version", "model_version", "error"]


def guess_format(path: Path | None, given: str | None, default: str = "jsonl", formats: tuple[str, ...] = FORMATS,
                 option: str = "--format") -> str:
    """The format named by `given` (the value of `option`), else by the file's suffix; `formats`: those the caller
    can handle."""
    names = _either(formats)
    if given:
        if given not in formats:
            raise InputError(f"{option} {given!r}: choose {names}")
        return given
    if path is None:
        return default
    suffix = path.suffix.lower()
    fmt = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}.get(suffix)
    if fmt not in formats:
        raise InputError(f"cannot tell the format of {path.name!r} from its suffix; use "
                         f"{_either(tuple('.' + f for f in formats))}, or give the format")
    return fmt


def _either(words: tuple[str, ...]) -> str:
    """"a, b or c" """
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]


def check_encoding(name: str) -> str:
    """A text encoding records can be read in: one Python knows that writes ASCII as ASCII (so lines, commas
    and JSON punctuation are the bytes they look like): utf-8, gb18030, gbk, big5, latin-1 ..."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InputError(f"--encoding {name!r}: not an encoding Python knows; e.g. utf-8 or gb18030") from None
    try:
        ascii_safe = "id,\"\n{}".encode(codec) == b'id,"\n{}'
    except (UnicodeError, LookupError):
        ascii_safe = False
    if not ascii_safe:
        raise InputError(f"--encoding {name!r}: lines and commas are not single ASCII bytes in it; save the file "
                         "as UTF-8 (or GB18030)")
    return codec


def parse_columns(pairs: list[str] | None, fields: tuple[str, ...] = FIELDS,
                  example: str = "title=成果名称") -> dict[str, str]:
    """`--column FIELD=COLUMN` values as {column in the file: field}; an InputError naming a bad one. `fields`:
    those the caller reads (a record's, by default)."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        field, sep, column = pair.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise InputError(f"column name {pair!r}: write FIELD=COLUMN, e.g. {example}")
        if field not in fields:
            raise InputError(f"column name {pair!r}: {field!r} is not a field; choose {', '.join(fields)}")
        if field in out.values():
            raise InputError(f"column name {pair!r}: {field} is given twice")
        out[column] = field
    return out


def read_records(stream: IO[bytes], fmt: str, encoding: str = "utf-8",
                 columns: dict[str, str] | None = None) -> Iterator[tuple[str, object]]:
    """(fallback id, record or InputError) pairs; `encoding` of a text format (`check_encoding`), `columns` to
    rename (`parse_columns`: a file's column or key -> a record field)."""
    codec = check_encoding(encoding)
    if fmt == "jsonl":
        records = _jsonl(stream, codec)
    elif fmt == "xlsx":
        records = _xlsx(stream, columns or {})
    else:
        records = _csv(stream, codec, columns or {})
    if fmt == "jsonl" and columns:
        records = ((rid, renamed(rec, columns) if isinstance(rec, dict) else rec) for rid, rec in records)
    yield from records


def renamed(rec: dict, columns: dict[str, str]) -> dict:
    """A record with its keys renamed by `columns` (`parse_columns`); a renamed key wins over a key already named
    as the field."""
    out = {k: v for k, v in rec.items() if k not in columns}
    out.update({columns[k]: v for k, v in rec.items() if k in columns})
    return out


def renamed_header(found: list[str], columns: dict[str, str], kind: str, source: str | None = None) -> list[str]:
    """The fields a file's columns hold, renamed by `columns`, each of which must be a column of the file (an
    InputError listing the columns it has, naming `source`, line 1, when given)."""
    missing = [c for c in columns if c not in found]
    if missing:
        given = ", ".join(f"{columns[c]}={c}" for c in missing)
        raise InputError(f"column name {given}: the {kind} has no such column (its columns: {', '.join(found) or 'none'})",
                         source=source, line=1 if source else None)
    return [columns.get(h, h) for h in found]


def parse_json_line(raw: bytes, where: str, codec: str = "utf-8") -> object:
    """One JSONL line as a Python value; an InputError naming `where` when it is not valid text or not JSON."""
    if codec != "utf-8":
        try:
            raw = raw.decode(codec)
        except UnicodeDecodeError:
            raise InputError(f"{where}: {_bad_text(raw, codec)}") from None
    try:
        return orjson.loads(raw)            # checks UTF-8 itself: no separate decode on the good path
    except json.JSONDecodeError as exc:     # orjson's error is a json.JSONDecodeError
        error = exc
    if isinstance(raw, bytes):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{where}: {_bad_text(raw, 'utf-8')}") from None
    raise InputError(f"{where}: not JSON ({error.msg} at column {error.colno}); one JSON object per line") from None


def _bad_text(raw: bytes, codec: str) -> str:
    """What to say of bytes that are not valid in `codec`: for UTF-8, name GB18030 when they read as it (Excel on
    Chinese Windows)."""
    if codec != "utf-8":
        return f"not valid {codec} text; check --encoding"
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "not valid UTF-8; save the input as UTF-8"
    return ("not valid UTF-8, but it reads as GB18030 (GBK), as Excel saves CSV on Chinese Windows: choose the "
            "encoding gb18030 (--encoding gb18030; on the web page, the encoding field) or save the file as UTF-8")


def _jsonl(stream: IO[bytes], codec: str = "utf-8") -> Iterator[tuple[str, object]]:
    for n, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            rec = parse_json_line(raw, f"line {n}", codec)
        except InputError as exc:
            yield f"line-{n}", exc
            continue
        yield f"line-{n}", rec


def _header(found: list[str], columns: dict[str, str], kind: str) -> list[str]:
    """The record fields the file's columns hold (`renamed_header`), a title or an abstract among them."""
    fields = renamed_header(found, columns, kind)
    if not {"title", "abstract"} & set(fields):
        raise InputError(f"{kind} header has no title or abstract column (found: {', '.join(found) or 'nothing'}); "
                         f"name them ({NAME_COLUMNS}), e.g. title=成果名称")
    return fields


def _csv(stream: IO[bytes], codec: str = "utf-8", columns: dict[str, str] | None = None) -> Iterator[tuple[str, object]]:
    # utf-8-sig: spreadsheet exports often start with a byte-order mark that would rename the first column
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if codec == "utf-8" else codec, errors="surrogateescape",
                            newline="")
    reader = csv.reader(text)
    found = [h.strip() for h in next(reader, [])]
    if any(map(_undecoded, found)):
        raise InputError(f"the CSV header is {_bad_text(','.join(found).encode(codec, 'surrogateescape'), codec)}")
    fields = _header(found, columns or {}, "CSV")
    for n, cells in enumerate(reader, start=2):
        rid = f"row-{n}"
        if not cells:
            continue
        if len(cells) > len(fields):
            yield rid, InputError(f"row {n}: more cells than the header has columns; quote fields with commas")
            continue
        bad = next(filter(_undecoded, cells), None)
        if bad is not None:
            yield rid, InputError(f"row {n}: {_bad_text(bad.encode(codec, 'surrogateescape'), codec)}")
            continue
        yield rid, {k: v for k, v in zip(fields, cells, strict=False) if v not in (None, "")}


def _undecoded(cell: str) -> bool:
    """Whether a cell holds bytes its encoding could not decode (kept as surrogates by `surrogateescape`)."""
    return any("\udc80" <= ch <= "\udcff" for ch in cell)


def _xlsx(stream: IO[bytes], columns: dict[str, str]) -> Iterator[tuple[str, object]]:
    """The first sheet's rows under its header row. Read only (streamed); a formula is never run: its row is
    an error asking for the value."""
    from openpyxl import load_workbook  # noqa: PLC0415  (heavy: openpyxl)

    from greentaxo.security.uploads import check_zip  # noqa: PLC0415  (settings: only for workbooks)

    if not stream.seekable():
        raise InputError("an .xlsx workbook cannot be read from stdin; give it as a file")
    check_zip(stream)                 # a zip bomb is refused from the directory, before anything is inflated
    stream.seek(0)
    try:
        wb = load_workbook(stream, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException ... for a bad workbook
        raise InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__}); save it as Excel .xlsx") from None
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()         # the stored dimension may claim millions of cells; read what is there
        rows = ws.iter_rows(values_only=True)
        found = [_cell(h).strip() for h in next(rows, ())]
        fields = _header(found, columns, "sheet")
        for n, values in enumerate(rows, start=2):
            if all(v is None or v == "" for v in values):
                continue
            formula = next((v for v in values if isinstance(v, str) and v.startswith("=")), None)
            if formula is not None:
                yield f"row-{n}", InputError(f"row {n}: a cell holds a formula ({formula[:40]}); type the value "
                                             "itself, formulas are never run")
                continue
            yield f"row-{n}", {k: text for k, v in zip(fields, values, strict=False) if k and (text := _cell(v))}
    finally:
        wb.close()


def _cell(value: object) -> str:
    """A sheet cell as the text a record holds: 12 and 12.0 as "12" (ids typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Writer:
    """Output records to a stream: JSONL to a binary stream (orjson's bytes as they are) or a text one;
    CSV to a text stream."""

    def __init__(self, stream: IO, fmt: str) -> None:
        self.stream, self.fmt = stream, fmt
        self._csv = None
        self._binary = not isinstance(stream, io.TextIOBase)
        if fmt == "csv":
            self._csv = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            self._csv.writeheader()

    def write(self, out: dict) -> None:
        if self._csv is None:
            line = orjson.dumps(out, option=orjson.OPT_APPEND_NEWLINE)
            self.stream.write(line if self._binary else line.decode())
            return
        routes = out.get("routes", [])
        self._csv.writerow(safe_record({
            "id": out["id"], "green": out.get("green", ""), "p_green": out.get("p_green", ""),
            "reason": (out.get("reason") or {}).get("code", ""), "routes": ";".join(r["id"] for r in routes),
            "notations": ";".join(r["notation"] for r in routes),
            "labels_zh": ";".join(r["label"]["zh"] for r in routes), "labels_en": ";".join(r["label"]["en"] for r in routes),
            "scores": ";".join(f"{r['score']:.4f}" for r in routes),
            "codes": json.dumps(out["codes"], ensure_ascii=False) if "codes" in out else "",
            "taxonomy_version": out.get("taxonomy_version", ""), "model_version": out.get("model_version", ""),
            "error": out.get("error", ""),
        }))

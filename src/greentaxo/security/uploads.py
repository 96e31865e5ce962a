"""Files given to the library (a workbook to import, a loan book to screen, an expert's score sheet) are untrusted:
they are read within limits, and a spreadsheet is never run.

- Size: at most GREENTAXO_MAX_UPLOAD_BYTES, checked before reading.
- XLSX: the zip directory is read first and the workbook refused when its entries would unpack to more than
  GREENTAXO_MAX_UNZIPPED_BYTES or when there are more entries than any workbook needs (a zip bomb); Python's
  zipfile never inflates an entry past the size its directory gives, so a directory cannot lie its way past
  the cap. The XML inside is parsed by openpyxl through defusedxml (a dependency; openpyxl uses it when
  installed), so entity expansion (the billion-laughs bomb) and external entities are refused.
- Cells: at most GREENTAXO_MAX_CELLS per file (an empty row counts as one), counted while the rows stream,
  so a sheet that claims a huge dimension or has a million empty rows stops early.
- Formulas are never evaluated, nor their cached results trusted: the workbook is opened with
  data_only=False and each formula cell is reported (`Sheet.formulas`) for the caller to refuse by name.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from greentaxo import settings
from greentaxo.errors import InputError

MAX_ENTRIES = 10_000          # parts of a workbook; a real one has tens


@dataclass
class Sheet:
    title: str
    rows: list[tuple[Any, ...]]                       # cell values; a formula cell's value is None
    formulas: list[tuple[str, str]] = field(default_factory=list)     # (cell reference, formula text)


def check_size(path: Path) -> int:
    """The file's size; InputError if it does not exist or is over GREENTAXO_MAX_UPLOAD_BYTES."""
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found; check the path", source=str(path))
    size, most = path.stat().st_size, settings.current().max_upload_bytes
    if size > most:
        raise InputError(f"the file has {size:,} bytes, more than the {most:,} allowed (GREENTAXO_MAX_UPLOAD_BYTES); "
                         "split it", source=str(path))
    return size


def read_text(path: Path) -> str:
    """A UTF-8 text file (a BOM is dropped), after the size check."""
    check_size(path)
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; save the file as UTF-8", source=str(path)) from None


def check_cells(count: int, path: Path, line: int | None = None) -> None:
    """InputError once `count` cells have been read from one file and that is more than GREENTAXO_MAX_CELLS."""
    most = settings.current().max_cells
    if count > most:
        raise InputError(f"more than {most:,} cells (GREENTAXO_MAX_CELLS); split the file", source=str(path), line=line)


def check_zip(path: Path | IO[bytes], source: str | None = None) -> None:
    """Refuse a zip (an .xlsx; a path or a seekable binary stream) whose directory says it unpacks to more than
    GREENTAXO_MAX_UNZIPPED_BYTES. `source`: the file's name in messages (default: the path)."""
    most = settings.current().max_unzipped_bytes
    if source is None and isinstance(path, str | Path):
        source = str(path)
    try:
        with zipfile.ZipFile(path) as z:
            entries = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"not an .xlsx workbook ({exc.__class__.__name__}); save it as Excel .xlsx",
                         source=source) from None
    unpacked = sum(e.file_size for e in entries)
    if unpacked > most or len(entries) > MAX_ENTRIES:
        raise InputError(f"the workbook would unpack to {unpacked:,} bytes in {len(entries):,} parts, more than the "
                         f"{most:,} bytes allowed (GREENTAXO_MAX_UNZIPPED_BYTES); refusing it", source=source)


def read_xlsx(path: Path) -> list[Sheet]:
    """Every sheet's rows, within the limits; formulas listed, never run."""
    import openpyxl  # noqa: PLC0415  (heavy: openpyxl)
    from openpyxl import load_workbook  # noqa: PLC0415  (heavy: openpyxl)

    path = Path(path)
    check_size(path)
    check_zip(path)
    if not openpyxl.DEFUSEDXML:     # a dependency; missing, workbooks would be parsed with entity expansion
        raise InputError("cannot read workbooks safely: the defusedxml package is missing; reinstall greentaxo",
                         source=str(path))
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # zipfile, KeyError, InvalidFileException, defusedxml's refusals: not a workbook we read
        raise InputError(f"not a readable .xlsx workbook ({exc.__class__.__name__}); save it as Excel .xlsx",
                         source=str(path)) from None
    sheets, count = [], 0
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()          # the stored dimension may claim millions of cells; read what is there
            sheet = Sheet(ws.title, [])
            for cells in ws.iter_rows():
                count += max(1, len(cells))
                check_cells(count, path, line=len(sheet.rows) + 1)
                values = []
                for cell in cells:
                    if getattr(cell, "data_type", None) == "f":
                        sheet.formulas.append((f"{cell.column_letter}{cell.row}", str(cell.value)[:60]))
                        values.append(None)
                    else:
                        values.append(cell.value)
                sheet.rows.append(tuple(values))
            sheets.append(sheet)
    except InputError:
        raise
    except Exception as exc:  # a malformed or refused part found while streaming the rows
        raise InputError(f"the workbook could not be read ({exc.__class__.__name__}); save it again as Excel .xlsx",
                         source=str(path)) from None
    finally:
        wb.close()
    return sheets

"""Every CSV, TSV and XLSX the project writes goes through here, so that no cell runs as a formula when a person
opens the file in a spreadsheet (CSV/formula injection, CWE-1236): a label or comment that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return would otherwise be taken for a formula (`=HYPERLINK(...)`, `@SUM(...)`,
`=cmd|...`).

- CSV/TSV (`safe_cell`): such text gets a leading apostrophe, which spreadsheets read as "this is text".
  A number written as text ("-3", "+1.5e3") is left alone: it is not a formula. The escape is reversible
  (`plain_cell`), so the project's own readers of its own files (the SSSOM sources) get the exact text back.
- XLSX (`write_row`): the exact text is stored as a text cell (never as a formula, which openpyxl would make
  of any string starting with "=") and marked with the quote-prefix style, so Excel keeps it text even when
  the cell is edited. The workbook round trip keeps the text exactly.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _risky(text: str) -> bool:
    return text[:1] in TRIGGERS and not _NUMBER.fullmatch(text)


def safe_cell(value: Any) -> Any:
    """A CSV/TSV cell that a spreadsheet shows as text: formula-like text gets a leading apostrophe (so does text
    that already starts with apostrophes before such a character, which keeps the escape reversible)."""
    if not isinstance(value, str):
        return value
    bare = value.lstrip("'")
    if bare[:1] in TRIGGERS and (bare != value or _risky(bare)):
        return "'" + value
    return value


def plain_cell(text: str) -> str:
    """The text `safe_cell` was given: one escaping apostrophe removed, anything else unchanged."""
    bare = text.lstrip("'")
    return text[1:] if bare != text and bare[:1] in TRIGGERS else text


def safe_row(values: Iterable[Any]) -> list[Any]:
    """`safe_cell` of each value (a csv.writer row)."""
    return [safe_cell(v) for v in values]


def safe_record(record: dict[str, Any]) -> dict[str, Any]:
    """`safe_cell` of each value (a csv.DictWriter row)."""
    return {k: safe_cell(v) for k, v in record.items()}


def write_row(ws, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet (normal or write-only) with every text cell stored as text, exactly
    as given."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415  (heavy: openpyxl)
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # noqa: PLC0415  (heavy: openpyxl)

    if isinstance(ws, WriteOnlyWorksheet):      # cells are made here, before the row is streamed out
        ws.append([_as_text(WriteOnlyCell(ws, value=v)) if isinstance(v, str) and v[:1] in TRIGGERS else v
                   for v in values])
        return
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value[:1] in TRIGGERS:
            _as_text(cell)


def _as_text(cell):
    cell.data_type = "s"          # openpyxl makes a formula of any text starting with "="; keep the text
    if _risky(cell.value):
        cell.quotePrefix = True
    return cell

"""Uploaded files (greentaxo.security.uploads): size, unpacked-size and cell limits, entity-expansion and
external-entity workbooks refused (and nothing fetched), formula cells refused by name and never run."""
from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from greentaxo.errors import InputError
from greentaxo.security.uploads import read_xlsx
from tests.support import MINI


def _workbook(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _replace_part(src: Path, dst: Path, name: str, text: str) -> Path:
    """A copy of the workbook `src` with its part `name` replaced by `text`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, text.encode() if item.filename == name else zin.read(item.filename))
    return dst


def test_defusedxml_is_what_openpyxl_parses_with():
    assert openpyxl.DEFUSEDXML is True


def test_plain_workbook_reads(tmp_path):
    sheets = read_xlsx(_workbook(tmp_path / "a.xlsx", [["id", "score"], ["x", 3], ["=x", None]]))
    assert sheets[0].rows[:2] == [("id", "score"), ("x", 3)] and sheets[0].formulas == [("A3", "=x")]


def test_size_limit(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "a.xlsx", [["x"] * 50])
    monkeypatch.setenv("GREENTAXO_MAX_UPLOAD_BYTES", "1000")
    with pytest.raises(InputError, match="GREENTAXO_MAX_UPLOAD_BYTES"):
        read_xlsx(path)


def test_zip_bomb_refused_from_the_directory(tmp_path, monkeypatch):
    """An entry that inflates to 20 MB of zeros (from ~20 kB) is refused before any XML is parsed."""
    base = _workbook(tmp_path / "a.xlsx", [["x"]])
    bomb = tmp_path / "bomb.xlsx"
    shutil.copyfile(base, bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/zeros.bin", b"\0" * 20_000_000)
    assert bomb.stat().st_size < 100_000
    monkeypatch.setenv("GREENTAXO_MAX_UNZIPPED_BYTES", "5000000")
    t = time.perf_counter()
    with pytest.raises(InputError, match="would unpack to 20,0"):
        read_xlsx(bomb)
    assert time.perf_counter() - t < 1


SHEET = ('<?xml version="1.0"?>{dtd}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row></sheetData></worksheet>')
LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' +
          "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")


def test_entity_expansion_refused(tmp_path):
    """Billion laughs in a worksheet: 10^9 characters if expanded; refused at once."""
    src = _workbook(tmp_path / "a.xlsx", [["text"]])
    bomb = _replace_part(src, tmp_path / "laughs.xlsx", "xl/worksheets/sheet1.xml", SHEET.format(dtd=LAUGHS, text="&i;"))
    t = time.perf_counter()
    with pytest.raises(InputError, match="not a readable .xlsx|could not be read"):
        read_xlsx(bomb)
    assert time.perf_counter() - t < 2


def test_external_entity_refused_and_not_fetched(tmp_path, listener):
    src = _workbook(tmp_path / "a.xlsx", [["text"]])
    dtd = f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "{listener.url("xxe-xlsx")}"><!ENTITY f SYSTEM "file:///etc/passwd">]>'
    bad = _replace_part(src, tmp_path / "xxe.xlsx", "xl/worksheets/sheet1.xml", SHEET.format(dtd=dtd, text="&x;&f;"))
    with pytest.raises(InputError):
        read_xlsx(bad)
    assert listener.connections() == []


def test_cell_limit_and_a_claimed_dimension(tmp_path, monkeypatch):
    """A sheet that claims A1:XFD1048576 and has its one cell in the last row stops at the cell limit."""
    src = _workbook(tmp_path / "a.xlsx", [["x"]])
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576" t="inlineStr">'
             "<is><t>far</t></is></c></row></sheetData></worksheet>")
    wide = _replace_part(src, tmp_path / "wide.xlsx", "xl/worksheets/sheet1.xml", sheet)
    monkeypatch.setenv("GREENTAXO_MAX_CELLS", "1000")
    t = time.perf_counter()
    with pytest.raises(InputError, match="more than 1,000 cells"):
        read_xlsx(wide)
    assert time.perf_counter() - t < 2


def test_workbook_import_refuses_formula_cells_and_writes_nothing(tmp_path):
    from greentaxo.workbook.export import export_root
    from greentaxo.workbook.importer import import_workbook

    (tmp_path / "ontology" / "routes").mkdir(parents=True)
    (tmp_path / "ontology" / "routes" / "91-test.ttl").write_text(MINI, encoding="utf-8")
    (tmp_path / "mappings").mkdir()
    wb_path = tmp_path / "t.xlsx"
    export_root(tmp_path, wb_path)
    wb = openpyxl.load_workbook(wb_path)
    ws = wb.worksheets[1]
    col = [c.value for c in ws[1]].index("prefLabel@en") + 1
    ws.cell(row=2, column=col).value = '=HYPERLINK("http://127.0.0.1:9/x","click")'    # stored as a formula
    wb.save(wb_path)
    before = {f: f.read_bytes() for f in (tmp_path / "ontology" / "routes").glob("*.ttl")}
    result = import_workbook(wb_path, tmp_path)
    assert not result.written
    assert [e.line() for e in result.errors if "formula" in e.reason] == \
        [f"{ws.title}!{ws.cell(row=2, column=col).coordinate}: holds a formula (=HYPERLINK(\"http://127.0.0.1:9/x\","
         "\"click\")); type the value itself, formulas are never evaluated"]
    assert before == {f: f.read_bytes() for f in (tmp_path / "ontology" / "routes").glob("*.ttl")}


def test_portfolio_limits(tmp_path, monkeypatch):
    from greentaxo.eligibility.portfolio import read_records

    book = tmp_path / "loans.csv"
    book.write_text("id,code\n" + "".join(f"L{i},4416\n" for i in range(100)), encoding="utf-8")
    assert len(list(read_records(book))) == 100
    monkeypatch.setenv("GREENTAXO_MAX_CELLS", "50")
    with pytest.raises(InputError, match="loans.csv:27: more than 50 cells"):
        list(read_records(book))          # records stream: the limit stops the read where it is passed
    monkeypatch.setenv("GREENTAXO_MAX_UPLOAD_BYTES", "100")
    with pytest.raises(InputError, match="GREENTAXO_MAX_UPLOAD_BYTES"):
        read_records(book)


def test_a_limit_that_does_not_parse_is_named():
    from greentaxo.settings import Settings

    with pytest.raises(InputError, match="GREENTAXO_MAX_CELLS='lots' is not a positive whole number"):
        Settings.from_env({"GREENTAXO_MAX_CELLS": "lots"})

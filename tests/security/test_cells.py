"""Formula injection (greentaxo.security.cells): no CSV/TSV/XLSX the project writes has a cell a spreadsheet
would run, every writer uses the one helper, and the project's own files read back exactly."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from greentaxo.security.cells import TRIGGERS, plain_cell, safe_cell, write_row

SRC = Path(__file__).resolve().parents[2] / "src" / "greentaxo"
EVIL = ["=HYPERLINK(\"http://127.0.0.1:9/x\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
        "\t=1", "\r=1"]


@given(st.text(alphabet=st.sampled_from(list("=+-@\t\r'a1 .e")), max_size=8))
def test_escape_is_safe_and_reversible(text):
    escaped = safe_cell(text)
    assert plain_cell(escaped) == text
    if escaped[:1] in TRIGGERS:                      # left alone only when it is a plain number
        assert re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", escaped)


def test_numbers_and_plain_text_unchanged():
    assert [safe_cell(v) for v in ("-3", "+1.5e3", "abc", "", 7, None)] == ["-3", "+1.5e3", "abc", "", 7, None]
    assert [safe_cell(v) for v in EVIL] == ["'" + v for v in EVIL]


def test_every_csv_and_xlsx_writer_uses_the_helper():
    writers = [p for p in SRC.rglob("*.py") if re.search(r"csv\.(writer|DictWriter)\(|\bWorkbook\(", p.read_text())]
    assert writers, "no writer found: the pattern is out of date"
    missing = [str(p.relative_to(SRC)) for p in writers
               if "greentaxo.security.cells" not in p.read_text() and p.name != "cells.py"]
    assert missing == [], f"these write CSV/XLSX without greentaxo.security.cells: {missing}"


def test_sssom_write_and_read_back(tmp_path):
    from greentaxo.mappings import sssom
    from greentaxo.mappings.sssom import MappingRow

    row = MappingRow(subject_id="https://w3id.org/greentaxo/route/R0102", predicate_id="http://www.w3.org/2004/02/skos/core#closeMatch",
                     object_id="https://w3id.org/greentaxo/code/nace2/D35.11", mapping_justification="https://w3id.org/semapv/vocab/ManualMappingCuration",
                     confidence=0.8, subject_label=EVIL[0], object_label="'=quoted", comment=EVIL[3])
    path = tmp_path / "nace2.sssom.tsv"
    sssom.write(path, "nace2", [row], version="0", title="t", date="2026-01-01")
    body = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    cells = [c for ln in body[1:] for c in ln.split("\t")]
    assert not [c for c in cells if c[:1] in TRIGGERS and not re.fullmatch(r"[\d.]+", c)], cells
    back = sssom.read(path).rows[0]
    assert (back.subject_label, back.object_label, back.comment) == (EVIL[0], "'=quoted", EVIL[3])


def test_sparql_csv_results(api):
    q = 'SELECT ?x ?n WHERE { VALUES (?x ?n) { ("=1+1" -3) ("@SUM(A1)" 2) } }'
    r = api.get("/sparql", params={"query": q}, headers={"accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[1:] == [["'=1+1", "-3"], ["'@SUM(A1)", "2"]]


def test_classify_csv_output():
    from greentaxo.classify.recordio import Writer

    out = io.StringIO()
    Writer(out, "csv").write({"id": EVIL[0], "routes": [], "error": EVIL[3]})
    row = list(csv.DictReader(io.StringIO(out.getvalue())))[0]
    assert (row["id"], row["error"]) == ("'" + EVIL[0], "'" + EVIL[3])


def test_portfolio_csv_output(tmp_path):
    from greentaxo.eligibility.report import loan_line, write_csv

    write_csv([loan_line({"id": EVIL[1], "error": EVIL[4]})], tmp_path / "out.csv")
    row = list(csv.DictReader(open(tmp_path / "out.csv", encoding="utf-8")))[0]
    assert (row["id"], row["error"]) == ("'" + EVIL[1], "'" + EVIL[4])


def test_xlsx_keeps_text_as_text(tmp_path):
    from openpyxl import Workbook, load_workbook

    evil = EVIL[:-1]          # XML reads a carriage return back as a line feed: no formula, but not the same text
    for write_only in (False, True):
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("s") if write_only else wb.active
        write_row(ws, [*evil, "-3", 4])
        wb.save(tmp_path / "t.xlsx")
        cells = list(load_workbook(tmp_path / "t.xlsx").worksheets[-1].iter_rows())[0]
        assert [c.value for c in cells] == [*evil, "-3", 4]          # exactly the text given
        assert [c.data_type for c in cells] == ["s"] * 6 + ["n"]       # never a formula ("f")
        assert [bool(c.quotePrefix) for c in cells] == [True] * 5 + [False, False]

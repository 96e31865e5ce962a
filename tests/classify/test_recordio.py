"""Streaming JSONL/CSV records: parsing with errors that name the line, writing to text or binary streams."""
from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest

from greentaxo.classify.recordio import (
    OUTPUT_FORMATS,
    Writer,
    check_encoding,
    guess_format,
    parse_columns,
    parse_json_line,
    read_records,
)
from greentaxo.errors import InputError


def test_json_lines_parse_and_errors_name_line_and_column():
    assert parse_json_line('{"id": "a", "title": "储能"}\n'.encode(), "line 1") == {"id": "a", "title": "储能"}
    with pytest.raises(InputError, match="line 3: not valid UTF-8"):
        parse_json_line(b'{"title": "\xff\xfe"}', "line 3")
    # the column counts characters, not bytes, also after Chinese text
    with pytest.raises(InputError, match=r"line 4: not JSON \(.* at column 14\)"):
        parse_json_line('{"t": "储能储能" x}'.encode(), "line 4")


def test_writer_gives_the_same_lines_to_binary_and_text_streams():
    out = {"id": "1", "green": True, "routes": [{"label": {"zh": "储能"}}], "codes": {"ipc": ["H01M8-18"]}}
    binary, text = io.BytesIO(), io.StringIO()
    for stream in (binary, text):
        w = Writer(stream, "jsonl")
        w.write(out)
        w.write({"id": "2", "error": "line 2: not JSON"})
    assert binary.getvalue().decode("utf-8") == text.getvalue()
    assert [orjson.loads(x) for x in text.getvalue().splitlines()][0] == out


def test_read_records_keeps_going_after_a_bad_line():
    src = io.BytesIO(b'{"id": "a", "title": "x"}\n{oops\n\n{"id": "c", "title": "y"}\n')
    got = list(read_records(src, "jsonl"))
    assert [rid for rid, _ in got] == ["line-1", "line-2", "line-4"]
    assert isinstance(got[1][1], InputError) and got[2][1]["id"] == "c"


# -- real submission files: spreadsheets, GB18030, the platform's own column names

def _gbk_csv(rows: list[list[str]]) -> io.BytesIO:
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    return io.BytesIO(text.encode("gb18030"))


def test_a_gb18030_csv_with_its_own_column_names_reads_with_encoding_and_columns():
    rows = [["编号", "成果名称", "摘要"], ["7", "一种聚光光伏装置", ""], ["8", "一种废水处理系统", "工业废水"]]
    got = list(read_records(_gbk_csv(rows), "csv", "gb18030", parse_columns(["id=编号", "title=成果名称", "abstract=摘要"])))
    assert got == [("row-2", {"id": "7", "title": "一种聚光光伏装置"}),
                   ("row-3", {"id": "8", "title": "一种废水处理系统", "abstract": "工业废水"})]


def test_a_gb18030_file_read_as_utf8_says_what_it_is_and_which_option_reads_it():
    with pytest.raises(InputError, match=r"header is not valid UTF-8, but it reads as GB18030.*--encoding gb18030"):
        list(read_records(_gbk_csv([["id", "成果名称"], ["1", "光伏"]]), "csv"))
    # a UTF-8 header with one GBK row: that row is an error naming the row and the option, the others are read
    src = io.BytesIO("id,title\n1,一种储能装置\n".encode() + "2,一种风电叶片\n".encode("gb18030") + b"3,wind\n")
    got = list(read_records(src, "csv"))
    assert got[0][1]["title"] == "一种储能装置" and got[2][1]["title"] == "wind"
    assert isinstance(got[1][1], InputError) and "row 3: not valid UTF-8" in str(got[1][1]) and "gb18030" in str(got[1][1])
    with pytest.raises(InputError, match=r"line 1: not valid UTF-8, but it reads as GB18030"):
        parse_json_line('{"title": "风电"}'.encode("gb18030"), "line 1")


def test_json_lines_in_another_encoding_and_keys_renamed_by_columns():
    src = io.BytesIO('{"名称": "一种储能装置", "title": "ignored"}\n{"名称": "风电"}\n'.encode("gb18030"))
    got = [rec for _rid, rec in read_records(src, "jsonl", "gb18030", parse_columns(["title=名称"]))]
    assert got == [{"title": "一种储能装置"}, {"title": "风电"}]           # the named column wins over a stray key


def test_a_header_without_the_named_column_or_any_text_column_is_refused_naming_what_is_there():
    rows = [["编号", "成果名称"], ["1", "光伏"]]
    with pytest.raises(InputError, match=r"column name title=名称: the CSV has no such column \(its columns: 编号, 成果名称\)"):
        list(read_records(_gbk_csv(rows), "csv", "gb18030", parse_columns(["title=名称"])))
    with pytest.raises(InputError, match=r"no title or abstract column .*\(--column FIELD=COLUMN, or the column-names .*title="):
        list(read_records(_gbk_csv(rows), "csv", "gb18030"))


@pytest.mark.parametrize(("pair", "why"), [("title", "FIELD=COLUMN"), ("name=名称", "not a field"),
                                            ("title=", "FIELD=COLUMN")])
def test_bad_column_options_say_how_to_write_them(pair, why):
    with pytest.raises(InputError, match=why):
        parse_columns([pair])
    with pytest.raises(InputError, match="given twice"):
        parse_columns(["title=a", "title=b"])


def test_only_encodings_that_keep_ascii_are_accepted():
    assert check_encoding("GBK") == "gbk" and check_encoding("utf8") == "utf-8"
    with pytest.raises(InputError, match="not single ASCII bytes"):
        check_encoding("utf-16")
    with pytest.raises(InputError, match="not an encoding"):
        check_encoding("klingon")


def test_results_are_not_written_as_xlsx_and_unknown_suffixes_are_named():
    assert guess_format(Path("subs.xlsx"), None) == "xlsx"
    with pytest.raises(InputError, match=r"use \.jsonl or \.csv"):
        guess_format(Path("out.xlsx"), None, formats=OUTPUT_FORMATS)
    with pytest.raises(InputError, match=r"--input-format 'xml': choose jsonl, csv or xlsx"):
        guess_format(None, "xml", option="--input-format")


def _sheet(rows: list[list]) -> io.BytesIO:
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_a_sheet_reads_under_its_header_with_numeric_ids_blank_rows_and_formulas_refused():
    src = _sheet([["编号", "成果名称", "IPC"], [101, "一种聚光光伏装置", "H01L 31/052"], [102.0, "Gas Turbine Engine", None],
                  [None, None, None], [103, '=HYPERLINK("x")', None]])
    got = list(read_records(src, "xlsx", columns=parse_columns(["id=编号", "title=成果名称", "ipc=IPC"])))
    assert [rid for rid, _ in got] == ["row-2", "row-3", "row-5"]
    assert got[0][1] == {"id": "101", "title": "一种聚光光伏装置", "ipc": "H01L 31/052"}
    assert got[1][1] == {"id": "102", "title": "Gas Turbine Engine"}
    assert isinstance(got[2][1], InputError) and "formula" in str(got[2][1])


def test_a_sheet_that_is_not_a_workbook_or_comes_on_a_pipe_is_refused():
    with pytest.raises(InputError, match="not an .xlsx workbook"):
        list(read_records(io.BytesIO(b"id,title\n1,x\n"), "xlsx"))

    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False
    with pytest.raises(InputError, match="cannot be read from stdin"):
        list(read_records(Pipe(_sheet([["title"], ["x"]]).getvalue()), "xlsx"))

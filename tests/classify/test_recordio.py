"""Streaming JSONL/CSV records: parsing with errors that name the line, writing to text or binary streams."""
from __future__ import annotations

import io

import orjson
import pytest

from greentaxo.classify.recordio import Writer, parse_json_line, read_records
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

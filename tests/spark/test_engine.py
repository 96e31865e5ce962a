"""The Spark engine gives what the local engine gives, record for record: classification (JSONL byte for byte,
Parquet field for field, CSV with malformed rows, a DataFrame from the library) and portfolio screening,
error rows and evidence offsets included. Spark runs in local mode with two cores; one session for the module
(pytest-xdist runs a file's tests on one worker: --dist loadfile in pyproject.toml), so one JVM.

The inputs are cut into many small partitions (several per file) so that the numbering of records without an
id across partitions, and the per-worker model cache across tasks, are exercised.
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import orjson
import pytest

from tests.support import ROOT

GOLD = [json.loads(line) for name in ("train", "test", "handwritten")
        for line in (ROOT / "data" / "gold" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def spark():
    from greentaxo.spark import session

    s = session("local[2]")
    s.conf.set("spark.sql.files.maxPartitionBytes", str(96 * 1024))      # a few hundred records a partition
    s.conf.set("spark.sql.files.openCostInBytes", str(8 * 1024))
    s.conf.set("spark.sql.shuffle.partitions", "4")        # the counting pass's shuffle: 200 tasks by default
    yield s
    s.stop()


def _records(n: int, seed: int = 19) -> list[str]:
    """n input lines from the gold files: ids changed, keywords and IPC codes mixed in, and every kind of bad
    record the local engine turns into an error line."""
    rng = random.Random(seed)
    bad = ['{"id": "nul", "title": "a\\u0000b"}', "{not json", "[1, 2]", '{"id": "empty", "title": "  "}',
           '{"id": "ipc", "title": "储能", "ipc": ["X99"]}', '{"id": {"a": 1}, "title": "x"}',
           '{"id": "long", "abstract": "' + "光伏" * 50_001 + '"}', '{"title": 5}', "", "   ",
           '{"id": 42, "title": "Vanadium redox flow battery", "keywords": "储能; VRFB", "ipc": "H01M 8/18"}']
    lines = []
    for i in range(n):
        if i % 97 == 13:
            lines.append(bad[(i // 97) % len(bad)])
            continue
        rec = dict(rng.choice(GOLD))
        for k in ("routes", "source", "green"):
            rec.pop(k, None)
        rec["id"] = f"g{i}"
        if i % 61 == 5:
            del rec["id"]                 # named by its line number
        lines.append(json.dumps(rec, ensure_ascii=False))
    return lines


def _local(path: Path, fmt: str = "jsonl") -> bytes:
    from greentaxo.classify import load_classifier
    from greentaxo.classify.recordio import read_records

    with open(path, "rb") as fh:
        outs = load_classifier().classify_records(read_records(fh, fmt))
        return b"".join(orjson.dumps(o, option=orjson.OPT_APPEND_NEWLINE) for o in outs)


def _parts(folder: Path, suffix: str) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("part-") and p.name.endswith(suffix))


@pytest.fixture(scope="module")
def achievements(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "achievements.jsonl"
    path.write_text("\n".join(_records(2000)) + "\n", encoding="utf-8")
    return path, _local(path)


def test_jsonl_output_is_the_local_engines_byte_for_byte(spark, achievements, tmp_path):
    from greentaxo.spark import classify_files

    src, expected = achievements
    res = classify_files(str(src), str(tmp_path / "out"), out_format="jsonl")
    assert res["partitions"] >= 4, "the test must cross partition boundaries"
    got = b"".join(p.read_bytes() for p in _parts(tmp_path / "out", ".txt"))
    assert got.count(b"\n") == expected.count(b"\n") == res["records"]
    assert got == expected
    errors = [orjson.loads(line) for line in expected.splitlines() if b'"error"' in line]
    assert res["errors"] == len(errors) >= 9
    assert {"line-" in e["id"] for e in errors} == {True, False}       # errors named by line and by id
    assert any(r["evidence"] for line in expected.splitlines()[:50] for r in orjson.loads(line).get("routes", []))


def test_parquet_rows_are_the_local_records_with_workers_loading_their_own_model(spark, achievements, tmp_path):
    import pyarrow.parquet as pq

    from greentaxo.spark import classify_files
    from greentaxo.spark.schema import from_row

    src, expected = achievements
    classify_files(str(src), str(tmp_path / "out"), load="local")
    table = pq.read_table(tmp_path / "out")
    assert table.schema.field("routes").type.value_type.field("evidence").type.value_type.field("start").type == "int32"
    rows = [from_row(r) for p in _parts(tmp_path / "out", ".parquet") for r in pq.read_table(p).to_pylist()]
    assert rows == [orjson.loads(line) for line in expected.splitlines()]


def test_csv_with_malformed_rows_and_line_breaks_in_cells(spark, tmp_path):
    from greentaxo.spark import classify_files

    src = tmp_path / "subs.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["\ufeffid", "title", "abstract", "ipc"])              # a spreadsheet's byte-order mark
        for i, rec in enumerate(GOLD[:150]):
            if i % 40 == 4:
                w.writerow([f"c{i}", "a", "b", "H01M", "one cell too many"])
            elif i % 40 == 6:
                w.writerow([f"c{i}", rec["title"]])                        # fewer cells: missing values, no error
            else:
                w.writerow(["" if i % 25 == 2 else f"c{i}", rec["title"], rec.get("abstract", "").replace("。", "。\n", 1),
                            "H01M 10/0525" if i % 7 == 0 else ""])
    res = classify_files(str(src), str(tmp_path / "out"), out_format="jsonl")
    expected = _local(src, "csv")
    assert b"".join(p.read_bytes() for p in _parts(tmp_path / "out", ".txt")) == expected
    assert res["errors"] == expected.count(b"more cells than the header") == 4


def test_a_dataframe_in_a_dataframe_out(spark):
    from greentaxo.classify import load_classifier
    from greentaxo.spark import classify_dataframe
    from greentaxo.spark.schema import from_row

    recs = [{"id": None if i % 9 == 0 else str(i), "title": r["title"], "abstract": r.get("abstract"),
             "keywords": ["储能", "flow battery"] if i % 5 == 0 else None, "ipc": ["H01M8/18"] if i % 4 == 0 else None}
            for i, r in enumerate(GOLD[:400])]
    recs[7]["ipc"] = ["not an IPC code"]
    df = spark.createDataFrame(recs, "id string, title string, abstract string, keywords array<string>, ipc array<string>")
    # explain=True: the candidates column (p_green and reason are there either way) holds what the local engine gives
    out = classify_dataframe(df.repartition(3).sortWithinPartitions("title"), top_k=3, explain=True)
    got = {json.dumps(r, sort_keys=True) for r in (from_row(row.asDict(recursive=True)) for row in out.collect())}
    rows = df.repartition(3).sortWithinPartitions("title").collect()        # the same order, hence the same row-N
    assert len(got) == len(rows) == 400
    local = load_classifier().classify_records([(f"row-{i}", {k: v for k, v in r.asDict().items() if v is not None})
                                                for i, r in enumerate(rows, start=1)], top_k=3, explain=True)
    assert {json.dumps(o, sort_keys=True) for o in local} == got
    assert sum('"error"' in g for g in got) == 1
    assert sum('"candidates"' in g for g in got) == 399


def test_portfolio_screening_as_the_local_engine(spark, tmp_path):
    import pyarrow.parquet as pq

    import greentaxo
    from greentaxo.eligibility.portfolio import read_records, screen
    from greentaxo.eligibility.report import loan_line, write_csv
    from greentaxo.spark import screen_files

    kg = greentaxo.load()
    rng = random.Random(3)
    leaves = kg.taxonomy.leaves()
    loans = []
    for i in range(240):
        k = rng.random()
        rec = ({"id": f"L{i}", "route": rng.choice(leaves).iri, "facts": "lifecycle_ghg_intensity=90 gCO2e/kWh"}
               if k < 0.5 else {"id": f"L{i}", "description": rng.choice(leaves).label("zh")} if k < 0.8
               else {"id": f"L{i}", "code": "gbt4754:4416"})
        if i % 40 == 3:
            del rec["id"]
        if i % 50 == 9:
            rec = {"id": f"L{i}", "route": "gtr:R9999"}
        loans.append(rec)
    src = tmp_path / "loans.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + ("\n\nnot json\n[1]\n" if i % 60 == 5 else "\n")
                           for i, r in enumerate(loans)), encoding="utf-8")
    screen_files(str(src), str(tmp_path / "out-jsonl"), out_format="jsonl")
    expected = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in screen(kg, read_records(src)))
    assert b"".join(p.read_bytes() for p in _parts(tmp_path / "out-jsonl", ".txt")).decode("utf-8") == expected

    book = tmp_path / "loans.csv"
    with book.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "route", "code", "description", "facts"])
        w.writeheader()
        w.writerows(loans)
    res = screen_files(str(book), str(tmp_path / "out-parquet"))
    write_csv((loan_line(r) for r in screen(kg, read_records(book))), tmp_path / "local.csv")
    with (tmp_path / "local.csv").open(encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    got = [{k: v or "" for k, v in r.items()} for p in _parts(tmp_path / "out-parquet", ".parquet")
           for r in pq.read_table(p).to_pylist()]
    assert got == expected
    assert res["records"] == 240 and res["errors"] == 5


def test_cli_engine_spark(spark, tmp_path, capsys):
    """The command as a user types it (in this process, so that it finds the module's Spark session); its errors
    are one line with exit status 2."""
    from greentaxo.cli.main import main

    def run(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as done:
            main(["classify", "--engine", "spark", "--master", "local[2]", *args])
        return done.value.code, capsys.readouterr().err

    src = tmp_path / "subs.jsonl"
    src.write_text("\n".join(_records(300, seed=5)) + "\n", encoding="utf-8")
    code, err = run("--input", str(src), "--output", str(tmp_path / "out"))
    assert code == 1, err                                    # some records are error rows: exit 1, as locally
    lines = _local(src).splitlines()
    errors = sum(1 for line in lines if b'"error"' in line)
    assert errors and f"classified {len(lines)} records ({errors} with errors) with Spark" in err
    assert _parts(tmp_path / "out", ".parquet")
    code, err = run("--input", str(src), "--output", str(tmp_path / "out"))
    assert code == 2 and err.strip().count("\n") == 0 and "output folder exists" in err
    code, err = run("--input", str(src))
    assert code == 2 and "--output (a new folder)" in err
    code, err = run("--input", str(tmp_path), "--output", str(tmp_path / "out2"))
    assert code == 2 and "cannot tell the input format of the folder" in err


def test_a_platforms_gb18030_csv_with_its_own_column_names(spark, tmp_path, capsys):
    """Excel on Chinese Windows saves CSV as GB18030 with the platform's headers: --encoding and --column read it as
    the local engine does, through the command a user types."""
    from greentaxo.classify import load_classifier
    from greentaxo.classify.recordio import parse_columns, read_records
    from greentaxo.cli.main import main

    src = tmp_path / "成果.csv"
    with src.open("w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "成果名称", "摘要"])
        for i, rec in enumerate(GOLD[:120]):
            w.writerow([f"c{i}", rec["title"], rec.get("abstract", "")])
    opts = ["--encoding", "gb18030", "--column", "id=编号", "--column", "title=成果名称", "--column", "abstract=摘要"]
    with pytest.raises(SystemExit) as done:
        main(["classify", "--engine", "spark", "--master", "local[2]", "--input", str(src), "--output",
              str(tmp_path / "out"), "--format", "jsonl", *opts])
    assert done.value.code == 0, capsys.readouterr().err
    with open(src, "rb") as fh:
        outs = load_classifier().classify_records(read_records(fh, "csv", "gb18030", parse_columns(opts[3::2])))
        expected = b"".join(orjson.dumps(o, option=orjson.OPT_APPEND_NEWLINE) for o in outs)
    got = b"".join(p.read_bytes() for p in _parts(tmp_path / "out", ".txt"))
    assert got == expected and b'"id":"c0"' in got and b"error" not in got


def test_spark_refuses_a_missing_column_and_an_encoding_for_json_lines(spark, tmp_path):
    from greentaxo.errors import InputError
    from greentaxo.spark import classify_files

    src = tmp_path / "subs.csv"
    src.write_text("编号,成果名称\nc1,全钒液流电池储能电站\n", encoding="utf-8")
    with pytest.raises(InputError, match="no such column.*编号, 成果名称"):
        classify_files(str(src), str(tmp_path / "out"), columns={"摘要": "abstract"})
    assert not (tmp_path / "out").exists()
    lines = tmp_path / "subs.jsonl"
    lines.write_text('{"编号": "c1", "名称": "全钒液流电池储能电站"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="only a CSV file has an encoding"):
        classify_files(str(lines), str(tmp_path / "out"), encoding="gb18030")
    # JSON Lines keys are renamed on the workers
    classify_files(str(lines), str(tmp_path / "out"), out_format="jsonl", columns={"编号": "id", "名称": "title"})
    out = [orjson.loads(x) for p in _parts(tmp_path / "out", ".txt") for x in p.read_bytes().splitlines()]
    assert out[0]["id"] == "c1" and out[0]["green"] is True


def test_a_banks_loan_book_with_its_own_column_names(spark, kg, tmp_path):
    from greentaxo.eligibility.portfolio import loan_columns, read_records, screen
    from greentaxo.spark import screen_files

    book = tmp_path / "贷款.csv"
    with book.open("w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["贷款编号", "贷款用途", "金额"])
        w.writerows([["L1", "新建抽水蓄能电站", "1000"], ["L2", "购置氢燃料电池公交车50辆", "200"],
                     ["L3", "手机游戏平台开发", "50"]])
    pairs = ["id=贷款编号", "description=贷款用途", "amount=金额"]
    screen_files(str(book), str(tmp_path / "out"), out_format="jsonl", encoding="gb18030", columns=loan_columns(pairs))
    got = [json.loads(x) for p in _parts(tmp_path / "out", ".txt") for x in p.read_text(encoding="utf-8").splitlines()]
    expected = [json.loads(json.dumps(r, ensure_ascii=False)) for r in screen(kg, read_records(book, "gb18030", pairs))]
    assert got == expected and [r["id"] for r in got] == ["L1", "L2", "L3"]

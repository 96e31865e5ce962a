"""`greentaxo classify`, `train` and `eval` as a user runs them."""
from __future__ import annotations

import csv
import io
import json

from tests.support import ROOT, run_cli


def test_classify_one_text_from_argument_and_stdin():
    r = run_cli("classify", "一种全钒液流电池储能系统的电解液配方")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["green"] and out["routes"][0]["id"].endswith("/R0312")
    r2 = run_cli("classify", input="Alkaline water electrolysis for green hydrogen production")
    assert r2.returncode == 0 and json.loads(r2.stdout)["routes"][0]["id"].endswith("/R0354")


def test_classify_file_streams_with_per_record_errors(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": "a", "title": "生活垃圾焚烧发电", "abstract": "机械炉排炉焚烧生活垃圾并发电。"},
                        ensure_ascii=False).encode(),
             b"{not json",
             json.dumps({"id": "c", "title": "", "abstract": ""}).encode(),
             b'{"id": "d", "title": "\xff\xfe broken"}',
             json.dumps({"id": "e", "title": "Smart contract audit tool", "abstract": "Static analysis of Solidity."}).encode()]
    src.write_bytes(b"\n".join(lines) + b"\n")
    dst = tmp_path / "out.jsonl"
    r = run_cli("classify", "--input", str(src), "--output", str(dst), "--top-k", "2")
    assert r.returncode == 1                       # some records failed; the run still finished
    assert "classified 5 records (3 with errors)" in r.stderr
    assert "Traceback" not in r.stderr and "\x1b[" not in r.stderr   # no progress bar off a terminal
    out = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == ["a", "line-2", "c", "line-4", "e"]
    assert out[0]["green"] and len(out[0]["routes"]) <= 2
    assert "not JSON" in out[1]["error"] and "empty" in out[2]["error"] and "UTF-8" in out[3]["error"]
    assert out[4]["green"] is False


def test_classify_csv_in_and_out(tmp_path):
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "abstract", "ipc"])
        w.writerow(["p1", "Seawater reverse osmosis desalination", "Energy recovery devices cut energy use.", ""])
        w.writerow(["p2", "一种储能装置", "电池系统", "H01M 8/18; bad-code"])
    r = run_cli("classify", "--input", str(src), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [x["id"] for x in rows] == ["p1", "p2"]
    assert rows[0]["green"] == "True" and "R0920" in rows[0]["routes"]
    assert "field ipc" in rows[1]["error"]


def test_an_excel_csv_from_chinese_windows_with_its_own_headers(tmp_path):
    """What a platform operator exports: GB18030, Chinese column names. Said once what to do, then read as it is."""
    src = tmp_path / "成果.csv"
    src.write_bytes("编号,成果名称,摘要\r\n1,一种聚光光伏装置,\r\n2,一种便携式节能环保餐盒,\r\n".encode("gb18030"))
    dst = tmp_path / "out.csv"
    dst.write_text("an earlier run's results\n", encoding="utf-8")
    r = run_cli("classify", "--input", str(src), "--output", str(dst))
    assert r.returncode == 2 and "--encoding gb18030" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert dst.read_text(encoding="utf-8") == "an earlier run's results\n"      # refused before the output is opened
    r = run_cli("classify", "--input", str(src), "--output", str(dst), "--encoding", "gb18030",
                "--column", "id=编号", "--column", "title=成果名称", "--column", "abstract=摘要")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(dst.read_text(encoding="utf-8"))))
    assert [(x["id"], x["green"]) for x in rows] == [("1", "True"), ("2", "False")] and "R1323" in rows[0]["routes"]
    r = run_cli("classify", "--input", str(src), "--encoding", "gb18030", "--column", "title=名称")
    assert r.returncode == 2 and "its columns: 编号, 成果名称, 摘要" in r.stderr


def test_workers_give_the_same_output_in_order(tmp_path):
    src = tmp_path / "in.jsonl"
    titles = ["生活垃圾焚烧发电", "Seawater reverse osmosis desalination", "手机游戏", "钠离子电池储能", "",
              "Payroll software", "漂浮式海上风电"] * 60
    src.write_text("\n".join(json.dumps({"id": f"r{i}", "title": t}, ensure_ascii=False) for i, t in enumerate(titles)),
                   encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = run_cli("classify", "--input", str(src), "--output", str(one))
    r2 = run_cli("classify", "--input", str(src), "--output", str(two), "--workers", "2")
    assert r1.returncode == r2.returncode == 1          # the empty titles are per-record errors
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert len(one.read_text(encoding="utf-8").splitlines()) == len(titles)


def test_classify_bad_usage_is_one_line():
    r = run_cli("classify", "--input", "does-not-exist.jsonl")
    assert r.returncode == 2 and "not found" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run_cli("classify", "--input", "x.txt")
    assert r.returncode == 2 and ".jsonl, .csv or .xlsx" in r.stderr


def tiny_patents(tmp_path):
    """A data folder shaped like ../shared/data with a handful of patents we wrote, for the green decision."""
    data = tmp_path / "data"
    (data / "patents-dev").mkdir(parents=True)
    (data / "ipc-green-inventory").mkdir()
    (data / "ipc-green-inventory" / "ipc_green_inventory.csv").write_text(
        "ipc_code,green_inventory_topic\nF03D,Wind energy\nC02F,Treating waste-water or sewage\n", encoding="utf-8")
    rows = [("一种风力发电机叶片", ["F03D"]), ("一种污水处理装置", ["C02F"]), ("一种风电机组偏航系统", ["F03D"]),
            ("一种餐盒", ["B65D"]), ("一种手机支架", ["F16M"]), ("一种座椅", ["A47C"]), ("一种鼠标", ["G06F"]),
            ("Wind turbine blade", ["F03D1/06"]), ("Sewage sludge treatment", ["C02F11/00"]),
            ("Wind turbine tower", ["F03D13/20"]), ("Golf club", ["A63B53/04"]), ("Office chair", ["A47C7/00"]),
            ("Computer mouse", ["G06F3/03"]), ("Lunch box", ["B65D81/34"])]
    with open(data / "patents-dev" / "patents-dev.jsonl", "w", encoding="utf-8") as f:
        for i, (text, codes) in enumerate(rows):
            green = codes[0][:4] in {"F03D", "C02F"}
            f.write(json.dumps({"id": f"P{i}", "lang": "en" if text.isascii() else "zh", "text": text,
                                "green": green, "codes": codes, "generic_only": False}, ensure_ascii=False) + "\n")
    return data


def test_train_and_eval_round_trip(tmp_path):
    gold = tmp_path / "gold.jsonl"
    recs = [{"id": f"g{i}", "title": t, "abstract": "", "routes": rs} for i, (t, rs) in enumerate([
        ("全钒液流电池储能电站", ["R0312"]), ("钒电池电堆", ["R0312"]), ("空气源热泵供暖", ["R0651"]),
        ("低温空气源热泵", ["R0651"]), ("生活垃圾焚烧发电厂", ["R0853"]), ("垃圾焚烧余热发电", ["R0853"]),
        ("手机游戏", []), ("银行信贷审批系统", []), ("Mobile banking app", []), ("Cancer drug trial", []),
        ("Air-source heat pump", ["R0651"]), ("Vanadium flow battery", ["01.10.01.03"])])]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    model = tmp_path / "m.npz"
    r = run_cli("train", str(gold), "--output", str(model), "--folds", "2", "--data", str(tiny_patents(tmp_path)))
    assert r.returncode == 0, r.stderr
    assert model.exists() and "trained on 12 records (8 green)" in r.stdout
    table = tmp_path / "routes.tsv"
    r = run_cli("eval", str(gold), "--model", str(model), "--format", "json", "--per-route", str(table))
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert set(rep["overall"]) >= {"precision@1", "recall@3", "f1@5", "ndcg@5", "domain_accuracy",
                                   "green_precision", "green_recall"}
    assert rep["overall"]["records"] == 12 and set(rep["by_language"]) >= {"zh", "en"}
    assert table.read_text(encoding="utf-8").startswith("route\t")


def test_train_rejects_unknown_route(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "x", "title": "t", "routes": ["R9999"]}) + "\n", encoding="utf-8")
    r = run_cli("train", str(gold), "--output", str(tmp_path / "m.npz"))
    assert r.returncode == 2 and "record x" in r.stderr and "R9999" in r.stderr


def test_same_output_in_every_process(tmp_path):
    """Python salts string hashes per process; nothing in matching, features or ties may depend on it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = tmp_path / "in.jsonl"
    gold = ROOT / "data" / "gold" / "test.jsonl"
    lines = [ln for ln in gold.read_text(encoding="utf-8").splitlines() if '"lang": "en"' in ln][:40]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}.jsonl"
        exe = Path(sys.executable).parent / "greentaxo"
        r = subprocess.run([str(exe), "classify", "--input", str(src), "--output", str(out)], capture_output=True,
                           text=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
        assert r.returncode == 0, r.stderr
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] and len(outs[0].splitlines()) == 40


def test_bulk_run_pauses_the_cycle_collector_only_while_it_runs():
    import gc

    from greentaxo.cli.classify import _collector_paused

    assert gc.isenabled()
    with _collector_paused() as collect:
        assert not gc.isenabled()
        collect()                                  # the periodic guard collection works while paused
    assert gc.isenabled()
    try:
        with _collector_paused():
            raise KeyError("a failing run")
    except KeyError:
        pass
    assert gc.isenabled()                          # re-enabled after an error too

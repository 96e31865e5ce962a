"""greentaxo impact --records: earlier classify results re-classified with a changed taxonomy.

The change is real: a copy of the sources where gtr:R0104 (IGCC) is deprecated, replaced by gtr:R0105,
itself replaced by gtr:R0102. The earlier results are real `classify` output over the bundled taxonomy.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import greentaxo
from greentaxo.classify import load_classifier
from greentaxo.classify.recordio import Writer, read_records
from greentaxo.editorial.impact_records import Earlier, EarlierFile, compare, records_impact
from greentaxo.errors import InputError
from greentaxo.namespaces import GTR
from tests.support import ROOT, run_cli
from tests.support.deprecation import copy_sources, deprecate

TEXTS = [
    {"id": "igcc-1", "title": "整体煤气化联合循环发电 IGCC电站示范", "abstract": "煤气化联合循环，燃烧前捕集二氧化碳"},
    {"id": "pv-1", "title": "晶硅光伏电站建设", "abstract": "集中式光伏发电站，单晶硅组件，并网运行"},
    {"id": "vrfb-1", "title": "全钒液流电池储能电站", "abstract": "全钒液流电池电堆，电网侧长时储能"},
    {"id": "usc-1", "title": "Ultra-supercritical coal power unit", "abstract": "A 1000 MW ultra-supercritical "
                                                                              "pulverised-coal power unit."},
    {"id": "empty", "title": ""},
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    base = tmp_path_factory.mktemp("impact-records")
    new = deprecate(copy_sources(base / "new"))
    inputs = base / "input.jsonl"
    with open(inputs, "w", encoding="utf-8") as f:
        for i, t in enumerate(TEXTS):
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
            if i == 1:
                f.write("{not json\n")                 # a bad line in the middle: reported, the run goes on
    earlier = base / "earlier.jsonl"
    old_clf = load_classifier(greentaxo.load())
    with open(inputs, "rb") as src, open(earlier, "w", encoding="utf-8") as dst:
        w = Writer(dst, "jsonl")
        for out in old_clf.classify_records(read_records(src, "jsonl")):
            w.write(out)
    kg_new = greentaxo.load(str(new))
    return {"base": base, "new": new, "inputs": inputs, "earlier": earlier, "kg_new": kg_new,
            "clf_new": load_classifier(kg_new), "clf_old": old_clf}


def earlier_rows(setup) -> list[dict]:
    return [json.loads(x) for x in setup["earlier"].read_text(encoding="utf-8").splitlines()]


def test_the_fixture_is_a_real_change(setup):
    top = {r["id"]: r["routes"][0]["id"] for r in earlier_rows(setup) if r.get("routes")}
    assert top["igcc-1"] == GTR + "R0104"                  # the route the change deprecates


def test_deprecated_route_changes_the_record_and_names_the_successor(setup):
    res = records_impact(setup["clf_new"], setup["kg_new"].taxonomy, records=setup["earlier"], inputs=setup["inputs"])
    s = res["summary"]
    changed = {r["id"]: r for r in res["changed"]}
    assert "igcc-1" in changed
    row = changed["igcc-1"]
    assert row["top_changed"] and row["set_changed"] and row["before"]["routes"][0] == "gtr:R0104"
    assert "gtr:R0104" not in row["after"]["routes"]
    assert row["retired_routes"] == [{"route": "gtr:R0104", "status": "deprecated", "isReplacedBy": ["gtr:R0105"],
                                      "successor": "gtr:R0102"}]
    assert s["inputs"] == 6 and s["compared"] == 4 and s["earlier_errors"] == 1
    assert s["unchanged"] == s["compared"] - s["changed"] and s["unchanged"] >= 2
    assert s["errors"] == 1 and res["errors"][0].startswith("input.jsonl: line 3: not JSON")
    assert res["routes_lost"]["gtr:R0104"] == 1


def test_unchanged_taxonomy_changes_nothing(setup):
    """Control: the same graph that made the earlier results finds no change (the diff is not noise)."""
    res = records_impact(setup["clf_old"], greentaxo.load().taxonomy, records=setup["earlier"], inputs=setup["inputs"])
    assert res["summary"]["changed"] == 0 and res["summary"]["unchanged"] == res["summary"]["compared"] == 4


def test_files_in_the_same_order_are_read_in_step(setup):
    f = EarlierFile(setup["earlier"])
    try:
        for t in TEXTS[:2]:
            assert f.take(t["id"]).id == t["id"]
        assert f.index is None                              # no index: memory does not grow with the file
    finally:
        f.close()


def test_out_of_order_earlier_file_with_a_bad_line(setup, tmp_path):
    lines = setup["earlier"].read_text(encoding="utf-8").splitlines()
    shuffled = tmp_path / "earlier.jsonl"
    shuffled.write_text("\n".join(["garbage", *reversed(lines), json.dumps({"id": "orphan", "routes": []})]) + "\n",
                        encoding="utf-8")
    res = records_impact(setup["clf_new"], setup["kg_new"].taxonomy, records=shuffled, inputs=setup["inputs"])
    assert {r["id"] for r in res["changed"]} >= {"igcc-1"} and res["summary"]["compared"] == 4
    assert any(e.startswith("earlier.jsonl:1: not JSON") for e in res["errors"])
    assert res["summary"]["earlier_without_input"] == 1


def test_one_file_with_texts_and_earlier_routes(setup, tmp_path):
    by_id = {r["id"]: r for r in earlier_rows(setup)}
    combined = tmp_path / "both.jsonl"
    combined.write_text("".join(json.dumps({**t, "routes": [x["id"] for x in by_id[t["id"]].get("routes", [])],
                                            "green": by_id[t["id"]].get("green", False)}, ensure_ascii=False) + "\n"
                                for t in TEXTS if t["id"] != "empty")
                        + json.dumps({"id": "noroutes", "title": "x"}) + "\n", encoding="utf-8")
    res = records_impact(setup["clf_new"], setup["kg_new"].taxonomy, records=combined)
    assert [r["id"] for r in res["changed"]] == [r["id"] for r in records_impact(
        setup["clf_new"], setup["kg_new"].taxonomy, records=setup["earlier"], inputs=setup["inputs"])["changed"]]
    assert res["errors"] == ["both.jsonl: line 5: field routes is missing or not a list; give the earlier "
                             "routes, best first"]
    as_csv = tmp_path / "both.csv"
    with open(as_csv, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "title", "abstract", "routes", "green"])
        w.writeheader()
        for t in TEXTS[:4]:
            w.writerow({**t, "routes": ";".join(x["id"] for x in by_id[t["id"]]["routes"]),
                        "green": by_id[t["id"]]["green"]})
    res = records_impact(setup["clf_new"], setup["kg_new"].taxonomy, records=as_csv)
    assert "igcc-1" in {r["id"] for r in res["changed"]} and res["summary"]["compared"] == 4
    from openpyxl import Workbook

    wb = Workbook()                                   # the same rows as a platform's spreadsheet
    wb.active.append(["id", "title", "abstract", "routes", "green"])
    for t in TEXTS[:4]:
        wb.active.append([t["id"], t["title"], t["abstract"], ";".join(x["id"] for x in by_id[t["id"]]["routes"]),
                          by_id[t["id"]]["green"]])
    wb.save(tmp_path / "both.xlsx")
    res = records_impact(setup["clf_new"], setup["kg_new"].taxonomy, records=tmp_path / "both.xlsx")
    assert "igcc-1" in {r["id"] for r in res["changed"]} and res["summary"]["compared"] == 4 and not res["errors"]


def test_removed_route_and_green_change_are_reported(setup):
    tax = setup["kg_new"].taxonomy
    row = compare(Earlier("x", [GTR + "R9999"], True), {"green": False, "routes": []}, tax)
    assert row["retired_routes"][0]["status"] == "removed" and row["green_changed"] and row["top_changed"]
    same = compare(Earlier("y", [GTR + "R0102"], True), {"green": True, "routes": [{"id": GTR + "R0102"}]}, tax)
    assert same is None


def test_earlier_results_must_be_jsonl_and_exist(setup, tmp_path):
    bad = tmp_path / "earlier.csv"
    bad.write_text("id,routes\n", encoding="utf-8")
    with pytest.raises(InputError, match="JSONL output of greentaxo classify"):
        records_impact(setup["clf_new"], setup["kg_new"].taxonomy, records=bad, inputs=setup["inputs"])
    with pytest.raises(InputError, match="file not found"):
        records_impact(setup["clf_new"], setup["kg_new"].taxonomy, records=tmp_path / "nope.jsonl")


def test_cli_markdown_and_json(setup):
    p = run_cli("impact", str(ROOT), str(setup["new"]), "--records", str(setup["earlier"]),
                "--inputs", str(setup["inputs"]), "--format", "json")
    assert p.returncode == 0, p.stderr
    res = json.loads(p.stdout)["records"]
    assert "igcc-1" in {r["id"] for r in res["changed"]} and "re-classified 4 of 6 records" in p.stderr
    p = run_cli("impact", str(ROOT), str(setup["new"]), "--records", str(setup["earlier"]),
                "--inputs", str(setup["inputs"]))
    assert "## Previously classified records" in p.stdout and "gtr:R0104 deprecated → gtr:R0102" in p.stdout


def test_cli_errors_are_one_line(setup, tmp_path):
    diff_file = tmp_path / "d.json"
    diff_file.write_text(json.dumps({"old": "a", "new": "gone-folder", "concepts": {}, "summary": {}}), encoding="utf-8")
    p = run_cli("impact", str(diff_file), "--records", str(setup["earlier"]))
    assert p.returncode == 2 and "--records needs the whole NEW graph" in p.stderr and "Traceback" not in p.stderr
    p = run_cli("impact", str(ROOT), str(setup["new"]), "--inputs", str(setup["inputs"]))
    assert p.returncode == 2 and "--inputs needs --records" in p.stderr
    p = run_cli("impact", str(ROOT), str(setup["new"]), "--records", str(Path(tmp_path / "missing.jsonl")))
    assert p.returncode == 2 and "file not found" in p.stderr

"""The screening report a credit committee files: per-loan table, amount-weighted summary, provenance,
CSV/XLSX/HTML with formula-like cells neutralised, items never repeated, a non-zero exit on unreadable loans."""
from __future__ import annotations

import csv
import json

import pytest

from greentaxo.eligibility import portfolio, report
from tests.support import run_cli

BOOK = [
    {"id": "PV-1", "route": "gtr:R0212", "amount": "1,000,000", "turnover": "400", "capex": "300"},
    {"id": "GAS-1", "route": "gtr:R0132", "facts": "lifecycle_ghg_intensity=420 gCO2e/kWh", "amount": "3000000",
     "turnover": "600", "capex": "700"},
    {"id": "=cmd|' /C calc'!A0", "code": "gbt4754:4416", "amount": "0"},
    {"id": "BAD-1", "route": "gtr:R0212", "amount": "twelve"},
]


@pytest.fixture(scope="module")
def finished(kg, tmp_path_factory):
    rep = report.Report(report.provenance(kg, ["greentaxo", "eligibility", "--input", "book.csv"], None))
    for r in portfolio.screen(kg, [dict(b, _line=i + 2) for i, b in enumerate(BOOK)]):
        rep.add(r)
    out = tmp_path_factory.mktemp("rep") / "book.csv"
    paths = rep.finish(out)
    return rep, paths


def test_amount_weighted_shares_per_catalogue(finished):
    rep, _ = finished
    s = rep.summary()
    gf = next(c for c in s["catalogues"] if c["catalogue"] == "gfspc2025")
    # PV (1.0 M) eligible, gas (3.0 M) outside the 2025 catalogue, the third loan has no amount weight
    assert gf["shares"]["amount"]["eligible"] == pytest.approx(0.25)
    assert gf["shares"]["amount"]["not-eligible"] == pytest.approx(0.75)
    eu = s["eu_alignment"]["turnover"]
    assert eu["eligible, not aligned"] == pytest.approx(1.0) and eu["aligned"] == 0
    assert s["records"] == 4 and s["errors"] == 1


def test_provenance_names_date_release_model_editions_and_command(finished):
    prov = finished[0].summary()["provenance"]
    assert {"date", "taxonomy_release", "model_version", "catalogue_editions", "command"} <= set(prov)
    assert set(prov["catalogue_editions"]) == {"gfspc2025", "gigc2019", "eutaxonomy"}


def test_csv_has_one_line_per_loan_and_catalogue_without_repeated_items(finished):
    rows = list(csv.DictReader(finished[1][0].open(encoding="utf-8")))
    by = {}
    for r in rows:
        by.setdefault(r["id"], []).append(r)
    assert [r["catalogue"] for r in by["PV-1"]] == ["gfspc2025", "gigc2019", "eutaxonomy"]
    for r in rows:
        items = [x for x in r["items"].split("; ") if x]
        assert len(items) == len(set(items)), r["items"]
    assert "amount" in by["BAD-1"][0]["error"] and "line 5" in by["BAD-1"][0]["error"]


def test_formula_like_cells_are_neutralised_in_csv_and_xlsx(finished):
    from openpyxl import load_workbook

    text = finished[1][0].read_text(encoding="utf-8")
    assert "\n'=cmd|" in text and "\n=cmd" not in text
    wb = load_workbook(finished[1][1])
    cells = {row[0].value: row[0] for row in wb["Loans"].iter_rows(min_row=2)}
    evil = cells["=cmd|' /C calc'!A0"]              # the exact text, stored as text with Excel's quote prefix
    assert evil.data_type == "s" and evil.quotePrefix
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
    assert wb.sheetnames == ["Summary", "Loans", "Evidence", "Errors", "Provenance"]


def test_html_declares_a_cjk_font_stack_and_lists_every_loan(finished):
    html = finished[1][2].read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and "Noto Sans CJK SC" in html
    assert html.count("<tr><td>PV-1</td>") == 1 and "太阳能利用设施建设和运营" in html
    assert "=cmd|&#39; /C calc&#39;!A0" in html          # escaped by Jinja2, never raw markup
    assert "<script" not in html and "taxonomy_release" in html


def test_cli_exits_1_when_a_loan_cannot_be_read_and_writes_all_three(tmp_path):
    book = tmp_path / "book.jsonl"
    book.write_text("\n".join(json.dumps(b, ensure_ascii=False) for b in BOOK) + "\n{broken\n", encoding="utf-8")
    p = run_cli("eligibility", "--input", str(book), "--output", str(tmp_path / "out.csv"))
    assert p.returncode == 1 and "2 of 5 loans could not be screened" in p.stderr
    assert all((tmp_path / f"out.{x}").exists() for x in ("csv", "xlsx", "html"))
    assert "Traceback" not in p.stderr


def test_cli_output_in_a_missing_folder_is_a_usage_error_and_writes_nothing(tmp_path):
    book = tmp_path / "b.csv"
    book.write_text("id,route\nA,gtr:R0212\n", encoding="utf-8")
    p = run_cli("eligibility", "--input", str(book), "--output", str(tmp_path / "nope" / "r.csv"))
    assert p.returncode == 2 and "does not exist" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_a_repeated_bad_loan_names_its_own_line_also_when_the_answer_was_remembered(kg):
    # identical inputs are answered from memory; the error must still point at each record's own line
    book = [{"id": f"X-{i}", "route": "gtr:R9999"} for i in range(3)]
    out = list(portfolio.screen(kg, [dict(b, _line=i + 2) for i, b in enumerate(book)]))
    assert [r["error"].split(":")[0] for r in out] == ["line 2", "line 3", "line 4"]
    assert len({r["error"].split(": ", 1)[1] for r in out}) == 1


def test_a_gb18030_loan_book_names_the_option_and_reads_with_it(tmp_path):
    src = tmp_path / "loans.csv"
    src.write_bytes("id,description,amount\r\nL1,抽水蓄能电站建设项目,1000\r\n".encode("gb18030"))
    with pytest.raises(portfolio.InputError, match="--encoding gb18030"):
        list(portfolio.read_records(src))
    got = list(portfolio.read_records(src, "gb18030"))
    assert got == [{"id": "L1", "description": "抽水蓄能电站建设项目", "amount": "1000", "_line": 2}]
    with pytest.raises(portfolio.InputError, match="not an encoding"):
        portfolio.read_records(src, "nope")


def test_a_loan_book_with_the_bank_s_own_column_names(tmp_path):
    src = tmp_path / "贷款.csv"
    src.write_text("贷款编号,贷款用途,金额\nL1,抽水蓄能电站建设项目,1000\n", encoding="utf-8")
    with pytest.raises(portfolio.InputError, match="--column FIELD=COLUMN, or the column-names field.*id=贷款编号"):
        list(portfolio.read_records(src))
    got = list(portfolio.read_records(src, columns=["id=贷款编号", "description=贷款用途", "amount=金额"]))
    assert got == [{"id": "L1", "description": "抽水蓄能电站建设项目", "amount": "1000", "_line": 2}]
    with pytest.raises(portfolio.InputError, match=r"its columns: 贷款编号, 贷款用途, 金额"):
        list(portfolio.read_records(src, columns=["id=编号"]))
    book = tmp_path / "book.jsonl"
    book.write_text('{"编号": "L2", "route": "gtr:R0212"}\n{broken\n', encoding="utf-8")
    rows = list(portfolio.read_records(book, columns=["id=编号"]))
    assert rows[0] == {"id": "L2", "route": "gtr:R0212", "_line": 1} and "_error" in rows[1]
    p = run_cli("eligibility", "--input", str(src), "--column", "id=贷款编号", "--column", "description=贷款用途",
                "--column", "amount=金额", "--output", str(tmp_path / "out.csv"))
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert {(r["id"], r["catalogue"], r["verdict"]) for r in rows} >= {("L1", "gfspc2025", "eligible")}

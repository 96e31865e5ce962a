"""`greentaxo eligibility`: one input, the JSON contract, one-line errors, and portfolio screening."""
from __future__ import annotations

import csv
import json

from tests.support import run_cli


def test_json_contract_from_the_cli():
    p = run_cli("eligibility", "--route", "gtr:R0132", "--fact", "lifecycle_ghg_intensity=95 kgCO2/MWh", "--format", "json")
    assert p.returncode == 0, p.stderr
    res = json.loads(p.stdout)
    assert [v["catalogue"] for v in res["verdicts"]] == ["gfspc2025", "gigc2019", "eutaxonomy"]
    sc1 = next(c for c in res["verdicts"][2]["criteria"] if c["id"] == "ccm-4.29/sc1")
    assert sc1["result"] == "pass" and res["input"]["facts"][0]["unit"] == "kgCO2/MWh"


def test_text_output_lines_the_catalogues_up():
    p = run_cli("eligibility", "--route", "gtr:R0107", "--lang", "zh")
    assert p.returncode == 0, p.stderr
    assert "gfspc2025: not-eligible; gigc2019: eligible-if; eutaxonomy: not-eligible" in p.stdout
    assert "disagree" in p.stdout


def test_text_input_shows_classification():
    p = run_cli("eligibility", "--text", "集中式地面光伏电站", "--format", "json")
    res = json.loads(p.stdout)
    assert res["classification"]["used"] and res["routes"][0]["id"] == res["classification"]["used"]


def test_errors_are_one_line_exit_2():
    for args, words in [
        (["--route", "gtr:R0132", "--fact", "lifecycle_ghg_intensity=95 kg"], "cannot be converted"),
        (["--route", "gtr:R0132", "--fact", "no_such_metric=1 kg"], "no criterion uses a metric"),
        (["--route", "gtr:R0132", "--as-of", "yesterday"], "YYYY-MM-DD"),
        (["--code", "gbc2021:3.2.1"], "2025"),
        (["--route", "gtr:R0132", "--edition", "gfspc2025"], "catalogue=edition"),
        (["--route", "gtr:R0132", "--format", "xml"], "--format"),
    ]:
        p = run_cli("eligibility", *args)
        assert p.returncode == 2, (args, p.stdout, p.stderr)
        assert words in p.stderr and len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


def test_list_metrics():
    p = run_cli("eligibility", "--list-metrics")
    assert p.returncode == 0 and "lifecycle_ghg_intensity" in p.stdout and "gCO2e/kWh" in p.stdout


def test_portfolio_csv_and_html(tmp_path):
    loans = tmp_path / "loans.csv"
    with loans.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "description", "route", "code", "facts", "activity"])
        w.writerow(["L1", "", "gtr:R0132", "", "lifecycle_ghg_intensity=420 gCO2e/kWh", ""])
        w.writerow(["L2", "集中式地面光伏电站", "", "", "", ""])
        w.writerow(["L3", "", "", "gbt4754:4416", "", "operation"])
        w.writerow(["L4", "", "gtr:R0132", "", "lifecycle_ghg_intensity=12 bogons", ""])   # bad unit
        w.writerow(["L5", "", "gtr:R9999", "", "", ""])                                      # unknown route
    out = tmp_path / "report.csv"
    p = run_cli("eligibility", "--input", str(loans), "--output", str(out))
    assert p.returncode == 1 and "2 of 5 loans could not be screened" in p.stderr, p.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    by_id: dict[str, list[dict]] = {}
    for r in rows:
        by_id.setdefault(r["id"], []).append(r)
    assert [r["catalogue"] for r in by_id["L1"]] == ["gfspc2025", "gigc2019", "eutaxonomy"]
    assert by_id["L1"][2]["verdict"] == "eligible-if" and "ccm-4.29/sc" in by_id["L1"][2]["missing_evidence"]
    assert "unknown unit" in by_id["L4"][0]["error"] and "R9999" in by_id["L5"][0]["error"]
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "Evidence to collect" in html and "ccm-4.29/dnsh-cca" in html and "5 records, 2 with errors" in html
    assert "Noto Sans CJK SC" in html and 'id="loans"' in html and "taxonomy_release" in html


def test_portfolio_jsonl(tmp_path):
    loans = tmp_path / "loans.jsonl"
    loans.write_text(json.dumps({"id": "A", "route": "gtr:R0212"}) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    p = run_cli("eligibility", "--input", str(loans), "--output", str(out))
    assert p.returncode == 1, p.stderr          # the line that is not JSON
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert recs[0]["id"] == "A" and len(recs[0]["verdicts"]) == 3
    assert "not JSON" in recs[1]["error"]

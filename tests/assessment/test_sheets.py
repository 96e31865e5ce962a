"""Score sheets: what an expert fills in, and every way it can be wrong."""
from __future__ import annotations

import csv

import pytest

from greentaxo.assessment.sheets import MAX_BYTES, read_sheets, write_template
from greentaxo.assessment.systems import system
from greentaxo.errors import InputError


@pytest.fixture
def yeda(kg):
    return system(kg, "yeda")


def _filled(path, yeda, score="4", edit=None):
    write_template(yeda, path)
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    for r in rows[1:]:
        r[8] = score
    if edit:
        edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_template_round_trip_csv_and_xlsx(tmp_path, yeda):
    got = read_sheets(_filled(tmp_path / "a.csv", yeda), yeda, expert="alice")
    assert list(got) == ["alice"] and len(got["alice"]) == 20 and {s.value for s in got["alice"].values()} == {4.0}
    from openpyxl import load_workbook

    write_template(yeda, tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    ws = wb["scores"]
    for i in range(2, 22):
        ws.cell(i, 9).value = 3
        ws.cell(i, 10).value = "=HYPERLINK(\"x\")" if i == 2 else None
    wb.save(tmp_path / "f.xlsx")
    with pytest.raises(InputError, match=r"f.xlsx:2: cell J2 holds a formula .*never evaluated"):
        read_sheets(tmp_path / "f.xlsx", yeda, expert="bob")
    ws.cell(2, 10).value = "fine"
    wb.save(tmp_path / "f.xlsx")
    got = read_sheets(tmp_path / "f.xlsx", yeda, expert="bob")
    assert got["bob"][yeda.indicator("1").iri].comment == "fine"


@pytest.mark.parametrize("edit,message", [
    (lambda rows: rows[3].__setitem__(8, "7"), r"a.csv:4: score: 3 Existence of patent: 7 is outside the scale 1-5"),
    (lambda rows: rows[3].__setitem__(8, "2.5"), r"2.5 is not a step of the scale"),
    (lambda rows: rows[3].__setitem__(8, ""), r"a.csv:4: score: empty for 3 Existence of patent"),
    (lambda rows: rows[3].__setitem__(8, "na"), r"3 Existence of patent cannot be marked not applicable"),
    (lambda rows: rows[3].__setitem__(8, "high"), r"'high' is not a number"),
    (lambda rows: rows.append(list(rows[3])), r"a.csv:22: indicator: alice scores 3 Existence of patent twice"),
    (lambda rows: rows.pop(3), r"expert alice: no score for 3 Existence of patent"),
    (lambda rows: rows[3].__setitem__(0, "21"), r"a.csv:4: indicator: '21' is not an indicator of yeda"),
    (lambda rows: rows[0].__setitem__(8, "points"), r"a.csv:1: the header row needs columns score"),
])
def test_bad_sheets_are_refused_naming_row_and_column(tmp_path, yeda, edit, message):
    path = _filled(tmp_path / "a.csv", yeda, edit=edit)
    with pytest.raises(InputError, match=message) as exc:
        read_sheets(path, yeda, expert="alice")
    assert "nothing was stored" in str(exc.value) or "header" in str(exc.value)


def test_group_indicators_are_not_scored(tmp_path, kg):
    gib = system(kg, "gib")
    path = tmp_path / "g.csv"
    path.write_text("expert,indicator,score\nann,1,4\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g.csv:2: indicator: 1 Technology is combined from the indicators under it"):
        read_sheets(path, gib)


def test_long_format_holds_a_whole_panel(tmp_path, yeda):
    lines = ["expert,indicator,score,comment"] + [f"e{e},{i.notation},{1 + (e + j) % 5},ok"
                                                  for e in range(10) for j, i in enumerate(yeda.leaves())]
    path = tmp_path / "panel.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    got = read_sheets(path, yeda)
    assert sorted(got) == [f"e{e}" for e in range(10)] and all(len(s) == 20 for s in got.values())
    with pytest.raises(InputError, match="differs from --expert"):
        read_sheets(path, yeda, expert="e1")


def test_limits_and_file_types(tmp_path, yeda):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="at most"):
        read_sheets(big, yeda, expert="a")
    with pytest.raises(InputError, match="unknown sheet type '.ods'"):
        (tmp_path / "a.ods").write_text("x")
        read_sheets(tmp_path / "a.ods", yeda, expert="a")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    with pytest.raises(InputError, match="not an .xlsx workbook"):
        read_sheets(fake, yeda, expert="a")
    with pytest.raises(InputError, match="no expert column"):
        read_sheets(_filled(tmp_path / "b.csv", yeda), yeda)

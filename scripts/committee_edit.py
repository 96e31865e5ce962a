"""The committee's spreadsheet edits in the README walkthrough, made with openpyxl as an editor makes them in Excel.

    python scripts/committee_edit.py greentaxo.xlsx edited.xlsx            # first attempt: the route only
    python scripts/committee_edit.py greentaxo.xlsx edited.xlsx fixed.xlsx # and its mapping rows re-pointed
"""
import sys

from openpyxl import load_workbook

wb = load_workbook(sys.argv[1])
ws = wb["05 Pollution prevention and con"]
head = {c.value: c.column for c in ws[1]}
for row in ws.iter_rows(min_row=2):
    iri = row[head["IRI"] - 1].value
    if iri == "gtr:R0860":      # merged into its parent: deprecate, never delete
        row[head["deprecated"] - 1].value = "true"
        row[head["isReplacedBy"] - 1].value = "gtr:R0856"
    if iri == "gtr:R0856":      # the parent now names what it absorbed
        row[head["altLabel@zh"] - 1].value = (row[head["altLabel@zh"] - 1].value or "") + "\n危险废物收集转运"
        row[head["altLabel@en"] - 1].value = ((row[head["altLabel@en"] - 1].value or "")
                                              + "\nhazardous waste collection and transport")
wb.save(sys.argv[2])

# second pass (after `greentaxo validate` said MAP-SUBJECT-DEPRECATED): the mapping rows of gtr:R0860 move to
# gtr:R0856, except where gtr:R0856 already has the same code (those rows are dropped)
if len(sys.argv) > 3:
    wb = load_workbook(sys.argv[2])
    for ws in (s for s in wb.worksheets if s.title.startswith("SSSOM ")):
        head = {c.value: c.column - 1 for c in ws[1]}
        rows = list(ws.iter_rows(min_row=2))
        have = {(r[head["subject_id"]].value, r[head["object_id"]].value) for r in rows}
        for r in reversed(rows):
            if r[head["subject_id"]].value != "gtr:R0860":
                continue
            if ("gtr:R0856", r[head["object_id"]].value) in have:
                ws.delete_rows(r[0].row)
            else:
                r[head["subject_id"]].value = "gtr:R0856"
                r[head["subject_label"]].value = None
    wb.save(sys.argv[3])

"""The committee's spreadsheet edit in the README walkthrough, made with openpyxl as an editor makes it in Excel.

    python scripts/committee_edit.py greentaxo.xlsx edited.xlsx

One row changes: the retired route gets deprecated = true, isReplacedBy and a reason. The import does the rest
in the same step (greentaxo.retirement): its labels become hidden labels of the successor, its mapping rows
move there (duplicates dropped), relations that named it name the successor.
"""
import sys

from openpyxl import load_workbook

wb = load_workbook(sys.argv[1])
ws = wb["05 Pollution prevention and con"]
head = {c.value: c.column for c in ws[1]}
for row in ws.iter_rows(min_row=2):
    if row[head["IRI"] - 1].value == "gtr:R0859":      # merged into its parent: deprecate, never delete
        row[head["deprecated"] - 1].value = "true"
        row[head["isReplacedBy"] - 1].value = "gtr:R0856"
        row[head["deprecationReason@en"] - 1].value = (
            "Medical-waste disinfection is one of the hazardous-waste treatments of its parent; the committee keeps "
            "it as a wording of gtr:R0856, not a route of its own.")
wb.save(sys.argv[2])

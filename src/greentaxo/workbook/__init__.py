"""The spreadsheet round trip: the route scheme and its mapping sets as one xlsx workbook for editors
(`greentaxo export xlsx`), and an edited workbook read back into the sources (`greentaxo import xlsx`).

Modules: `export` (sources to workbook), `importer` (workbook to sources, every cell checked),
`columns` (which column holds which property, and how a cell is written and read), `mapping_rows`
(the SSSOM sheets' rows turned into mapping rows).
"""

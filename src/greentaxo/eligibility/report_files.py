"""The screening report as a workbook (openpyxl, write-only: rows stream) and as an HTML page (Jinja2)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from greentaxo.security.cells import TRIGGERS, write_row

# the order in which the report (summary, sheets, page) shows verdicts and EU Taxonomy statuses
VERDICTS = ("eligible", "eligible-if", "not-eligible", "needs-review", "unknown")
EU_STATUS = ("aligned", "eligible, not aligned", "not eligible", "not assessed")
CATALOGUES = ("gfspc2025", "gigc2019", "eutaxonomy")
LOAN_HEADER = ["id", "amount", "turnover", "capex", "input", "route", "facts"] + [
    f"{c} {what}" for c in CATALOGUES for what in ("verdict", "items", "missing evidence", "route confidence")] + ["error"]


def loan_row(line: dict) -> list:
    money = line["amounts"]
    row = [line["id"], money.get("amount"), money.get("turnover"), money.get("capex")]
    if "error" in line:
        return row + [""] * (len(LOAN_HEADER) - 5) + [line["error"]]
    row += [line["input"], line["route"], line["facts"]]
    for c in CATALOGUES:
        v = line["catalogues"].get(c)
        row += ["", "", "", None] if v is None else [v["verdict"], "; ".join(v["items"]), "; ".join(v["missing"]),
                                                     v["confidence"]]
    return row + [""]


def write_xlsx(summary: dict, lines: Iterator[dict], errors: list[dict], path: Path) -> None:
    from openpyxl import Workbook  # noqa: PLC0415  (heavy: openpyxl)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415  (heavy: openpyxl)
    from openpyxl.styles import Font  # noqa: PLC0415  (heavy: openpyxl)

    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def put(ws, values: list, header: bool = False) -> None:
        # write_row stores formula-like text as text (openpyxl would read a leading "=" as a formula)
        if not header:
            write_row(ws, values)
            return
        cells = []
        for v in values:
            c = WriteOnlyCell(ws, value=v)
            if isinstance(v, str) and v[:1] in TRIGGERS:
                c.data_type, c.quotePrefix = "s", True
            c.font = bold
            cells.append(c)
        ws.append(cells)

    ws = wb.create_sheet("Summary")
    put(ws, ["records", summary["records"], "with errors", summary["errors"]])
    put(ws, [])
    kinds = list(summary["totals"])
    put(ws, ["catalogue", "verdict", "loans"] + [f"share of {k}" for k in kinds], header=True)
    for row in summary["catalogues"]:
        for v in VERDICTS:
            put(ws, [row["catalogue"], v, row["counts"][v]] + [row["shares"].get(k, {}).get(v) for k in kinds])
    if summary["eu_alignment"]:
        put(ws, [])
        put(ws, ["EU Taxonomy", *summary["eu_alignment"]], header=True)
        for s in EU_STATUS:
            put(ws, [s] + [summary["eu_alignment"][k][s] for k in summary["eu_alignment"]])
    ws = wb.create_sheet("Loans")
    put(ws, LOAN_HEADER, header=True)
    for line in lines:
        put(ws, loan_row(line))
    ws = wb.create_sheet("Evidence")
    put(ws, ["catalogue", "criterion", "what to show (zh)", "what to show (en)", "loans", "first loan ids"], header=True)
    for e in summary["evidence"]:
        put(ws, [e["catalogue"], e["criterion"], e["summary"].get("zh", ""), e["summary"].get("en", ""), e["n"],
                 ", ".join(e["loans"])])
    ws = wb.create_sheet("Errors")
    put(ws, ["id", "error"], header=True)
    for e in errors:
        put(ws, [e["id"], e["error"]])
    ws = wb.create_sheet("Provenance")
    for k, v in _flat(summary["provenance"]):
        put(ws, [k, v])
    wb.save(path)


def _flat(prov: dict) -> list[tuple[str, str]]:
    out = []
    for k, v in prov.items():
        if isinstance(v, dict):
            out += [(f"{k}.{kk}", str(vv)) for kk, vv in v.items()]
        else:
            out.append((k, str(v)))
    return out


def write_html(summary: dict, lines: Iterator[dict], errors: list[dict], path: Path) -> None:
    from jinja2 import Environment, PackageLoader, select_autoescape  # noqa: PLC0415  (heavy: jinja2)

    env = Environment(loader=PackageLoader("greentaxo.eligibility", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda x: "" if x is None else f"{100 * x:.1f} %"
    env.filters["num"] = lambda x: "" if x is None else f"{x:,.2f}"
    page = env.get_template("report.html").stream(s=summary, lines=lines, errors=errors, verdicts=VERDICTS,
                                                  eu_status=EU_STATUS, catalogues=CATALOGUES, prov=_flat(summary["provenance"]))
    page.enable_buffering(size=2000)       # one write per two thousand template pieces, not one per piece
    page.dump(str(path), encoding="utf-8")

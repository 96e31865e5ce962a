from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from greentaxo.classify.recordio import check_encoding
from greentaxo.cli._common import Lang, emit_json, kg, run_spark
from greentaxo.eligibility import evaluate, portfolio, report
from greentaxo.eligibility.metrics import METRICS
from greentaxo.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command()
    def eligibility(
        route: str = typer.Option(None, "--route", help="A route IRI, CURIE (gtr:R0412) or notation."),
        code: str = typer.Option(None, "--code", help="SCHEME:CODE, e.g. gbt4754:4416 or eutaxonomy:ccm-4.29."),
        text: str = typer.Option(None, "--text", help="A loan or project description; route, figures, new build or "
                                                      "retrofit are read from it."),
        fact: list[str] = typer.Option(
            None, "--fact", help="metric=value unit, e.g. 'lifecycle_ghg_intensity=85 gCO2e/kWh', 'pue=1.25', "
                                 "'refrigerant=R32' (repeatable; overrides what the text says)."),
        evidence: list[str] = typer.Option(
            None, "--evidence", help="A criterion id you hold evidence for, e.g. ccm-4.29/dnsh-cca (repeatable)."),
        activity: str = typer.Option(
            None, "--activity", help="manufacturing (making equipment/products) or operation (building/running a facility)."),
        project: str = typer.Option(None, "--project", help="new (new build or extension) or retrofit (existing asset)."),
        as_of: str = typer.Option(None, "--as-of", help="Judge as of this date (YYYY-MM-DD)."),
        edition: list[str] = typer.Option(None, "--edition", help="catalogue=edition, e.g. gfspc2025=2025 (repeatable)."),
        only: list[str] = typer.Option(None, "--catalogue", help="Only this catalogue (repeatable): gfspc2025, gigc2019 "
                                                                 "or eutaxonomy."),
        input_file: Path = typer.Option(
            None, "--input", help="Portfolio: a loan book (.csv, .jsonl or .xlsx): id, route/code/description, facts, "
                                  "amount, turnover, capex, activity, project, as_of, evidence."),
        encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of a CSV loan book, e.g. gb18030 for "
                                                                  "one saved by Excel on Chinese Windows."),
        column: list[str] = typer.Option(None, "--column", help="FIELD=COLUMN: the loan book's column holding a field, "
                                                                 "e.g. description=贷款用途 (repeatable)."),
        output: Path = typer.Option(None, "--output", help="Portfolio report: X.csv writes X.csv, X.xlsx and X.html; "
                                                           "X.jsonl also writes the full answer per loan."),
        fmt: str = typer.Option("text", "--format", help="text or json."),
        lang: Lang = typer.Option(Lang.en, "--lang", help="Language of criteria summaries in text output."),
        list_metrics: bool = typer.Option(False, "--list-metrics", help="List the metrics criteria test, with units."),
        engine: str = typer.Option("local", "--engine", help="Portfolio engine: local, or spark (--output a new folder "
                                                             "of Parquet part files, or JSONL with --format jsonl)."),
        master: str = typer.Option(None, "--master", help="Spark master for --engine spark (default: local[*])."),
    ) -> None:
        """Is it green finance? One verdict per catalogue (2025 catalogue, 2019 guidance catalogue, EU Taxonomy)."""
        if engine not in ("local", "spark"):
            raise InputError(f"--engine {engine!r}: choose local or spark")
        if engine == "spark":
            if fmt not in ("text", "parquet", "jsonl"):
                raise InputError(f"--format {fmt!r}: with --engine spark use parquet (the default) or jsonl")
            run_spark("screen", input_file, output, None, "jsonl" if fmt == "jsonl" else "parquet", master,
                      encoding=check_encoding(encoding), columns=portfolio.loan_columns(column))
            return
        if fmt not in ("text", "json"):
            raise InputError(f"--format {fmt!r}: use text or json")
        if list_metrics:
            for m in METRICS.values():
                note = f" (becomes {m.feeds})" if m.feeds else (" (shown only)" if m.shown_only else "")
                typer.echo(f"{m.id:34} {m.unit:14} {m.en} / {m.zh}{note}")
            return
        if input_file is not None:
            raise typer.Exit(_portfolio(input_file, output, encoding, column))

        editions = {}
        for e in edition or []:
            k, sep, v = e.partition("=")
            if not sep:
                raise InputError(f"--edition {e!r}: write it as catalogue=edition, e.g. gfspc2025=2025")
            editions[k.strip()] = v.strip()
        res = evaluate(kg(), route=route, code=code, text=text, facts=list(fact or []), as_of=as_of,
                       editions=editions or None, attested=list(evidence or []), activity=activity, project=project,
                       catalogues=list(only or []) or None)
        if fmt == "json":
            emit_json(res)
        else:
            _print(res, lang.value)


def _print(res: dict, lang: str) -> None:
    mark = {"pass": "✔", "fail": "✘", "not-evidenced": "…", "noted": "·"}
    cls = res.get("classification")
    if cls:
        used = next((c for c in cls["candidates"] if c["id"] == cls["used"]), None)
        what = "green, no route found" if cls.get("green") else "no green technology route"
        if used:
            score = f"score {used['score']}" if used.get("score") is not None else "named in the text"
            what = f"{used['notation']} {used['label'].get(lang) or used['label'].get('en')} ({score})"
        typer.echo(f"text classified by {cls['method']}: {what}")
    read = res.get("read_from_text")
    if read:
        said = [f"{f['metric']}={f['value']:g} {f['unit']}".replace(" dimensionless", "") + f" ({f['note']})"
                for f in read["facts"]]
        said += [f"project={read['project']}"] if read["project"] else []
        said += [f"activity={read['activity']}"] if read["activity"] else []
        said += [f"item {i['catalogue']}:{i['code']} {i['title']} (its official title)" for i in read.get("items", [])]
        if said:
            typer.echo("read from the text: " + "; ".join(said))
        if read["not_used"]:
            typer.echo("read but not used (no metric the words name): " + ", ".join(read["not_used"]))
    for r in res["routes"][:5]:
        typer.echo(f"route {r['id'].rsplit('/', 1)[-1]} {r['notation']} {r['label'].get(lang) or r['label'].get('en', '')}")
    if len(res["routes"]) > 5:
        typer.echo(f"... and {len(res['routes']) - 5} more routes")
    for v in res["verdicts"]:
        typer.echo(f"\n{v['catalogue']} ({v['edition']}): {v['verdict'].upper()}")
        typer.echo(f"  {v['reason']}")
        for i in list({i["code"]: i for i in v["items"]}.values())[:8]:      # one line per item, however many routes
            extra = i.get("carbon_mark") or i.get("contribution_type") or ""
            line = f"  item {i['code']} {i['name']} [{i['predicate']}, confidence {i['mapping_confidence']}] {extra}"
            typer.echo(line.rstrip())
        item_verdict = {i["code"]: i.get("verdict") for i in v["items"]}
        # a failed branch of an alternative whose item is met another way is noise for the reader
        shown = [c for c in v["criteria"] if c["id"] in v["to_evidence"] or (
            (c["result"] == "fail" or c.get("value_given") is not None)
            and not (c.get("alternative_group") and c["result"] == "fail" and item_verdict.get(c["item"]) != "not-eligible"))]
        for c in list({c["id"]: c for c in shown}.values())[:12]:
            s = c["summary"].get(lang) or c["summary"].get("en", "")
            typer.echo(f"    {mark[c['result']]} {c['id']}: {s}" + (f"  ({c['detail']})" if c.get("metric") else ""))
        objectives = v.get("objectives") or []
        for o in objectives[1:2]:
            typer.echo(f"  {o['objective']}: {o['status']} {' '.join(o['items'])}".rstrip()
                       + (f" -- {o['detail']}" if o.get("detail") else ""))
        if objectives[2:]:
            typer.echo(f"  other environmental objectives ({len(objectives) - 2}): not assessed")
    typer.echo(f"\n{res['summary']['line']}" + ("  — the catalogues disagree" if res["summary"]["disagree"] else ""))
    for w in res["warnings"]:
        typer.echo(f"warning: {w}")


def _portfolio(src: Path, output: Path | None, encoding: str = "utf-8", column: list[str] | None = None) -> int:
    """Screen a loan book; 1 when any loan could not be read or judged (the report lists them), else 0."""
    if output is None:
        output = src.with_name(src.stem + ".eligibility.csv")
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson", ".xlsx", ".html"):
        raise InputError(f"--output {output}: use a .csv, .xlsx, .html or .jsonl file name")
    if src.resolve() in {output.resolve(), *(output.with_suffix(x).resolve() for x in (".csv", ".xlsx", ".html"))}:
        raise InputError(f"--output {output}: would overwrite the input; choose another name")
    if not output.parent.is_dir():
        raise InputError(f"--output {output}: the folder {output.parent} does not exist")
    g = kg()
    records = portfolio.read_records(src, encoding, column)
    rep = report.Report(report.provenance(g, ["greentaxo", *sys.argv[1:]], src))
    jsonl_path = output.with_name(f".{output.name}.tmp")
    jsonl = jsonl_path.open("w", encoding="utf-8") if suffix in (".jsonl", ".ndjson") else None
    try:
        results = portfolio.screen(g, records)
        if sys.stderr.isatty():
            from rich.progress import Progress  # noqa: PLC0415  (heavy: rich)

            with Progress(transient=True) as bar:
                task = bar.add_task("screening", total=None)
                for r in results:
                    bar.advance(task)
                    _one(r, rep, jsonl)
        else:
            for r in results:
                _one(r, rep, jsonl)
        if jsonl:
            jsonl.close()
            jsonl_path.replace(output)
    finally:
        if jsonl and not jsonl.closed:
            jsonl.close()
        jsonl_path.unlink(missing_ok=True)
    paths = rep.finish(output)
    s = rep.summary()
    written = ", ".join(str(p) for p in ([output] if jsonl else []) + paths)
    typer.echo(f"{s['records']} records, {s['errors']} with errors -> {written}")
    for row in s["catalogues"]:
        counts = ", ".join(f"{v} {n}" for v, n in row["counts"].items() if n)
        share = row["shares"].get("amount")
        eligible = f"; eligible or eligible-if {100 * (share['eligible'] + share['eligible-if']):.1f} % of amount" \
            if share else ""
        typer.echo(f"  {row['catalogue']:11} {counts}{eligible}")
    for kind, shares in s["eu_alignment"].items():
        if kind in ("turnover", "capex"):
            typer.echo(f"  EU Taxonomy by {kind}: " + ", ".join(f"{k} {100 * v:.1f} %" for k, v in shares.items()))
    if s["errors"]:
        typer.echo(f"greentaxo: {s['errors']} of {s['records']} loans could not be screened; see the Errors sheet "
                   "or the error column", err=True)
        return 1
    return 0


def _one(result: dict, rep: report.Report, jsonl) -> None:
    rep.add(result)
    if jsonl:
        jsonl.write(json.dumps(result, ensure_ascii=False) + "\n")

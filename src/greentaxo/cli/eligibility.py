from __future__ import annotations

import sys
from pathlib import Path

import typer

from greentaxo.cli._common import Lang, emit_json, kg
from greentaxo.eligibility import evaluate, portfolio
from greentaxo.eligibility.metrics import METRICS
from greentaxo.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command()
    def eligibility(
        route: str = typer.Option(None, "--route", help="A route IRI, CURIE (gtr:R0412) or notation."),
        code: str = typer.Option(None, "--code", help="SCHEME:CODE, e.g. gbt4754:4416 or eutaxonomy:ccm-4.29."),
        text: str = typer.Option(None, "--text", help="A description of the technology or project."),
        fact: list[str] = typer.Option(
            None, "--fact", help="metric=value unit, e.g. 'lifecycle_ghg_intensity=85 gCO2e/kWh' (repeatable)."),
        evidence: list[str] = typer.Option(
            None, "--evidence", help="A criterion id you hold evidence for, e.g. ccm-4.29/dnsh-cca (repeatable)."),
        activity: str = typer.Option(
            None, "--activity", help="manufacturing (making equipment/products) or operation (building/running a facility)."),
        as_of: str = typer.Option(None, "--as-of", help="Judge as of this date (YYYY-MM-DD)."),
        edition: list[str] = typer.Option(None, "--edition", help="catalogue=edition, e.g. gfspc2025=2025 (repeatable)."),
        input_file: Path = typer.Option(
            None, "--input", help="Portfolio: CSV/JSONL of loans (id, route/code/description, facts, as_of, activity)."),
        output: Path = typer.Option(None, "--output", help="Portfolio report: .csv (one line per loan and catalogue) or .jsonl."),
        html_out: Path = typer.Option(None, "--html", help="Portfolio HTML summary (default: next to --output)."),
        fmt: str = typer.Option("text", "--format", help="text or json."),
        lang: Lang = typer.Option(Lang.en, "--lang", help="Language of criteria summaries in text output."),
        list_metrics: bool = typer.Option(False, "--list-metrics", help="List the metrics criteria test, with units."),
    ) -> None:
        """Is it green finance? One verdict per catalogue (2025 catalogue, 2019 guidance catalogue, EU Taxonomy)."""
        if fmt not in ("text", "json"):
            raise InputError(f"--format {fmt!r}: use text or json")
        if list_metrics:
            for m in METRICS.values():
                typer.echo(f"{m.id:34} {m.unit:14} {m.en} / {m.zh}")
            return
        if input_file is not None:
            _portfolio(input_file, output, html_out)
            return

        editions = {}
        for e in edition or []:
            k, sep, v = e.partition("=")
            if not sep:
                raise InputError(f"--edition {e!r}: write it as catalogue=edition, e.g. gfspc2025=2025")
            editions[k.strip()] = v.strip()
        res = evaluate(kg(), route=route, code=code, text=text, facts=list(fact or []), as_of=as_of,
                       editions=editions or None, attested=list(evidence or []), activity=activity)
        if fmt == "json":
            emit_json(res)
        else:
            _print(res, lang.value)


def _print(res: dict, lang: str) -> None:
    mark = {"pass": "✔", "fail": "✘", "not-evidenced": "…"}
    cls = res.get("classification")
    if cls:
        used = next((c for c in cls["candidates"] if c["id"] == cls["used"]), None)
        what = "no route"
        if used:
            what = f"{used['notation']} {used['label'].get(lang) or used['label'].get('en')} (score {used['score']})"
        typer.echo(f"text classified by {cls['method']}: {what}")
    for r in res["routes"][:5]:
        typer.echo(f"route {r['id'].rsplit('/', 1)[-1]} {r['notation']} {r['label'].get(lang) or r['label'].get('en', '')}")
    if len(res["routes"]) > 5:
        typer.echo(f"... and {len(res['routes']) - 5} more routes")
    for v in res["verdicts"]:
        typer.echo(f"\n{v['catalogue']} ({v['edition']}): {v['verdict'].upper()}")
        typer.echo(f"  {v['reason']}")
        for i in v["items"][:8]:
            extra = i.get("carbon_mark") or i.get("contribution_type") or ""
            line = f"  item {i['code']} {i['name']} [{i['predicate']}, confidence {i['mapping_confidence']}] {extra}"
            typer.echo(line.rstrip())
        shown = [c for c in v["criteria"]
                 if c["id"] in v["to_evidence"] or c["result"] == "fail" or c.get("value_given") is not None]
        for c in shown[:12]:
            s = c["summary"].get(lang) or c["summary"].get("en", "")
            typer.echo(f"    {mark[c['result']]} {c['id']}: {s}" + (f"  ({c['detail']})" if c.get("metric") else ""))
    typer.echo(f"\n{res['summary']['line']}" + ("  — the catalogues disagree" if res["summary"]["disagree"] else ""))
    for w in res["warnings"]:
        typer.echo(f"warning: {w}")


def _portfolio(src: Path, output: Path | None, html_out: Path | None) -> None:
    records = portfolio.read_records(src)
    if output is None:
        output = src.with_name(src.stem + ".eligibility.csv")
    fmt = "jsonl" if output.suffix.lower() in (".jsonl", ".ndjson") else "csv"
    if output.suffix.lower() not in (".csv", ".jsonl", ".ndjson"):
        raise InputError(f"--output {output}: use a .csv or .jsonl file name")
    g = kg()
    if sys.stderr.isatty():
        from rich.progress import Progress  # noqa: PLC0415  (heavy: rich)

        with Progress(transient=True) as bar:
            task = bar.add_task("screening", total=len(records))
            results = list(portfolio.screen(g, records, lambda: bar.advance(task)))
    else:
        results = list(portfolio.screen(g, records))
    portfolio.write(results, output, fmt)
    html_path = html_out or output.with_suffix(".html")
    html_path.write_text(portfolio.html_report(results), encoding="utf-8")
    s = portfolio.summary(results)
    typer.echo(f"{s['records']} records (errors: {len(s['errors'])}) -> {output}, {html_path}")
    for c in s["counts"]:
        typer.echo(f"  {c['catalogue']:11} {c['verdict']:13} {c['n']}")

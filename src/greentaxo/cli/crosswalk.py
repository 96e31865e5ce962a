from __future__ import annotations

import typer

from greentaxo.cli._common import Format, emit_json, kg
from greentaxo.mappings.crosswalk import crosswalk as run


def register(app: typer.Typer) -> None:
    @app.command()
    def crosswalk(
        source: str = typer.Argument(..., help="A code (gbt4754:4416, ipc:H01M10/0525, gfspc2025:4.1.8) or a route."),
        to: str = typer.Option(..., "--to", help="Target scheme: gbt4754-2017, gbt13745-2009, gfspc2025, gigc2019, "
                               "eutaxonomy, ipc or nace2 (through the EU activities)"),
        min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0),
        fmt: Format = typer.Option(Format.text, "--format"),
    ) -> None:
        """From a code in one scheme, through the routes mapped to it, to codes of another scheme."""
        g = kg()
        res = run(g, source, to, min_confidence).to_dict(g)
        if fmt is Format.json:
            emit_json(res)
            return
        if not res["results"]:
            note = res.get("deprecation")
            if note:
                typer.echo(f"{res['from']} is deprecated and maps to nothing; replaced by "
                           f"{g.taxonomy.replacement_text(note)}")
                return
            typer.echo(f"{res['from']}: the routes reached have no {res['to']} code (see `greentaxo show` for "
                       "their explicit no-match rows)")
            return
        for t in res["results"]:
            conf = f"  (confidence {t['confidence']})" if t["confidence"] is not None else ""
            typer.echo(f"{res['to']}:{t['code']}  {t['label']}{conf}")
            for p in t["paths"][:6]:
                if not p["route"]:          # a statistical concordance, not a route
                    typer.echo(f"    {p['note']}")
                    continue
                via = p["route"].rsplit("/", 1)[-1]
                name = p["route_label"].get("zh", "")
                note = f"; {p['note']}" if p["note"] else ""
                typer.echo(f"    via {via} {name}: weakest confidence {p['weakest_confidence']}{note}")
            if len(t["paths"]) > 6:
                typer.echo(f"    ... and {len(t['paths']) - 6} more paths (--format json lists them)")

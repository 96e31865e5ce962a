from __future__ import annotations

import typer

from greentaxo.cli._common import Format, emit_json, kg


def register(app: typer.Typer) -> None:
    @app.command()
    def stats(fmt: Format = typer.Option(Format.text, "--format", help="text or json")) -> None:
        """Counts: concepts, leaves, depth, per domain, mappings per scheme."""
        s = kg().stats()
        if fmt is Format.json:
            emit_json(s)
            return
        typer.echo(f"concepts {s['concepts']}, leaves {s['leaves']}, top concepts {s['top_concepts']}, "
                   f"max depth {s['max_depth']}, deprecated {s['deprecated']}")
        typer.echo("per domain:")
        for k, v in s["by_domain"].items():
            typer.echo(f"  {k:60} {v:4}")
        typer.echo("per depth: " + ", ".join(f"{k}: {v}" for k, v in s["by_depth"].items()))
        typer.echo("mapping rows: " + ", ".join(f"{k} {v}" for k, v in s["mapping_rows"].items()))
        typer.echo("codes held: " + ", ".join(f"{k} {v}" for k, v in s["code_schemes"].items()))

from __future__ import annotations

from pathlib import Path

import typer

from greentaxo.cli._common import Format, emit_json
from greentaxo.validate.runner import validate_bundle, validate_files


def register(app: typer.Typer) -> None:
    @app.command()
    def validate(
        paths: list[Path] = typer.Argument(None, help="Turtle files to check; default: the bundled taxonomy and mappings."),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json"),
        engine: str = typer.Option("sparql", "--engine", help="sparql (fast mirror on pyoxigraph) or shacl (pyshacl)"),
    ) -> None:
        """Check routes against the SHACL shapes, and mappings against the routes and code schemes. Exit 1 on errors."""
        report = validate_files(list(paths), engine=engine) if paths else validate_bundle(engine=engine)
        if fmt is Format.json:
            emit_json(report.to_dict())
        else:
            for f in report.findings:
                typer.echo(f.line())
            d = report.to_dict()
            checked = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report.checked.items())
            status = "conforms" if report.conforms else "does NOT conform"
            typer.echo(f"{status}: {d['errors']} errors, {d['warnings']} warnings ({checked})")
        raise typer.Exit(0 if report.conforms else 1)

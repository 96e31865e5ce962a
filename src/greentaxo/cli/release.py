from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from greentaxo import paths
from greentaxo.editorial.release import release as run
from greentaxo.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command()
    def release(
        version: str = typer.Argument(..., help="The new version, MAJOR.MINOR.PATCH (e.g. 1.1.0)."),
        output: Path = typer.Option(None, "--output", "-o",
                                    help="Releases folder; the release goes into OUTPUT/VERSION (default: releases/)."),
        root: Path = typer.Option(None, "--root", help="Repository root to release (default: $GREENTAXO_HOME or the checkout)."),
        issued: str = typer.Option(None, "--date", help="Issue date YYYY-MM-DD (default: today)."),
        without_model: bool = typer.Option(False, "--without-model",
                                           help="Release the taxonomy without the classifier model (when it no longer "
                                                "fits and cannot be retrained here); the manifest says so."),
    ) -> None:
        """Publish a numbered release: check it, then write its versioned artefacts.

        Refuses (exit 1) unless validate and quality pass and no IRI of the previous release disappeared; then
        writes Turtle, JSON-LD, RDF/XML, N-Triples, SSSOM, xlsx, an HTML page and a changelog.
        """
        if issued:
            try:
                dt.date.fromisoformat(issued)
            except ValueError:
                raise InputError(f"--date {issued!r} is not a date; write YYYY-MM-DD") from None
        root = paths.home(root)
        res = run(root, version, output or root / "releases", issued=issued, with_model=not without_model)
        for f in res.files:
            typer.echo(f"  {f}")
        changes = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in res.summary.items() if v) or "no changes"
        typer.echo(f"released {version} into {res.folder} (previous: {res.previous or 'none'}; {changes})"
                   + ("; without the classifier model" if without_model else ""))

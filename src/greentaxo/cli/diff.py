from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from greentaxo.editorial.changelog import to_markdown
from greentaxo.editorial.diff import diff as run
from greentaxo.editorial.diff import is_empty
from greentaxo.editorial.revisions import snapshot


class DiffFormat(StrEnum):
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def diff(
        old: str = typer.Argument(..., help="Old version: a repository root, route folder, release folder or git revision."),
        new: str = typer.Argument(..., help="New version, same kinds as OLD."),
        fmt: DiffFormat = typer.Option(DiffFormat.markdown, "--format", help="markdown or json"),
        output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
        repo: Path = typer.Option(None, "--repo", help="Git repository for revisions (default: the checkout)."),
        fail_on_change: bool = typer.Option(False, "--exit-code", help="Exit 1 when there are differences (like git diff)."),
    ) -> None:
        """Concepts added, removed, deprecated, moved, relabelled, redefined; mappings added, removed, re-predicated."""
        d = run(snapshot(old, repo), snapshot(new, repo))
        text = json.dumps(d, ensure_ascii=False, indent=2) + "\n" if fmt is DiffFormat.json else to_markdown(d)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)
        raise typer.Exit(1 if fail_on_change and not is_empty(d) else 0)

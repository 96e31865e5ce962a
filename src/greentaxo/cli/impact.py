from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer


class ImpactFormat(StrEnum):
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def impact(
        change: list[str] = typer.Argument(...,
                                            help="A diff file (greentaxo diff --format json), or OLD NEW as for greentaxo diff."),
        fmt: ImpactFormat = typer.Option(ImpactFormat.markdown, "--format", help="markdown or json"),
        output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
        repo: Path = typer.Option(None, "--repo", help="Git repository for revisions (default: the checkout)."),
    ) -> None:
        """Which mapping rows, eligibility verdicts and solution packages a change affects."""
        import json

        from greentaxo.editorial.impact import impact as run
        from greentaxo.editorial.impact import to_markdown
        from greentaxo.errors import InputError

        kg_old = kg_new = None
        if len(change) == 1:
            path = Path(change[0])
            try:
                d = json.loads(path.read_text(encoding="utf-8"))
                d["concepts"], d["summary"]  # noqa: B018 - the keys a diff file must have
            except (OSError, ValueError, KeyError, TypeError):
                raise InputError("not a diff file; write one with `greentaxo diff OLD NEW --format json`",
                                 source=str(path)) from None
        elif len(change) == 2:
            from greentaxo.editorial.diff import diff
            from greentaxo.editorial.revisions import load_graph_at, snapshot

            d = diff(snapshot(change[0], repo), snapshot(change[1], repo))
            kg_old, kg_new = load_graph_at(change[0], repo), load_graph_at(change[1], repo)
        else:
            raise InputError("give a diff file, or OLD and NEW (two arguments)")
        res = run(d, kg_old, kg_new)
        text = json.dumps(res, ensure_ascii=False, indent=2) + "\n" if fmt is ImpactFormat.json else to_markdown(res)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)

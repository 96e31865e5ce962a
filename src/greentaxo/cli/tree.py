from __future__ import annotations

import typer

from greentaxo.cli._common import Lang, kg


def register(app: typer.Typer) -> None:
    @app.command()
    def tree(
        ref: str = typer.Argument(None, help="Start at this route (IRI, CURIE or notation); default: all top concepts."),
        lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en"),
        depth: int = typer.Option(0, "--depth", min=0, help="Levels to show below the start (0 = all)."),
    ) -> None:
        """Print the route hierarchy as an indented tree."""
        tax = kg().taxonomy
        starts = [tax.concept(ref)] if ref else tax.top_concepts()

        def walk(c, level: int) -> None:
            typer.echo(f"{'  ' * level}{c.notation} {c.label(lang.value)} ({c.curie})")
            if depth and level >= depth:
                return
            for k in tax.children(c.iri):
                walk(k, level + 1)

        for c in starts:
            walk(c, 0)

from __future__ import annotations

import typer

from greentaxo.cli._common import Format, Lang, emit_json, kg


def register(app: typer.Typer) -> None:
    @app.command()
    def search(
        text: str = typer.Argument(..., help="Words in Chinese, English or both; matches inside labels too."),
        lang: Lang = typer.Option(None, "--lang", help="Only labels in this language."),
        limit: int = typer.Option(10, "--limit", min=1, max=200),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json"),
    ) -> None:
        """Find routes by label, alternative label or abbreviation."""
        hits = kg().taxonomy.search(text, lang=lang.value if lang else None, limit=limit)
        if fmt is Format.json:
            emit_json([{"id": h.concept.iri, "notation": h.concept.notation, "label": h.concept.pref,
                        "score": h.score, "matched": h.matched, "kind": h.kind} for h in hits])
            return
        if not hits:
            typer.echo(f"no route label matches {text!r}", err=True)
            raise typer.Exit(1)
        for h in hits:
            c = h.concept
            typer.echo(f"{h.score:.2f}  {c.curie:10} {c.notation:12} {c.label('zh')} | {c.label('en')}"
                       f"   (matched {h.kind} \"{h.matched}\")")

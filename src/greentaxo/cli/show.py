from __future__ import annotations

import typer

from greentaxo.cli._common import Format, emit_json, kg


def register(app: typer.Typer) -> None:
    @app.command()
    def show(
        ref: str = typer.Argument(..., help="Route IRI, CURIE (gtr:R0412) or notation (01.04.02)."),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json"),
    ) -> None:
        """Show one route: labels, definitions, place in the hierarchy, maturity, functions and mappings."""
        g = kg()
        tax = g.taxonomy
        c = tax.concept(ref)
        rows = g.mappings.for_route(c.iri)
        if fmt is Format.json:
            emit_json(g.describe(c.iri))
            return
        typer.echo(f"{c.curie}  {c.notation}  {c.pref.get('zh', '')} | {c.pref.get('en', '')}")
        if c.deprecated:
            typer.echo(f"  DEPRECATED; replaced by: {', '.join(c.replaced_by) or '-'}")
        path = " > ".join(a.label("zh") for a in reversed(tax.ancestors(c.iri)))
        if path:
            typer.echo(f"  in: {path}")
        for lang in ("zh", "en"):
            if c.definition.get(lang):
                typer.echo(f"  {lang}: {c.definition[lang]}")
        alts = [a for lang in ("zh", "en") for a in c.alt.get(lang, [])]
        if alts:
            typer.echo(f"  also: {'; '.join(alts)}")
        if c.trl_min is not None:
            typer.echo(f"  TRL {c.trl_min}-{c.trl_max}")
        kids = tax.children(c.iri)
        if kids:
            names = [f"{k.notation} {k.label('zh')}" for k in kids]
            typer.echo(f"  narrower: {', '.join(names)}")
        for rel, targets in sorted(c.relations.items()):
            names = [tax.concepts[t].label("zh") if t in tax.concepts else t for t in targets]
            typer.echo(f"  {rel}: {', '.join(names)}")
        for r in rows:
            role = f" [{r.industry_role}]" if r.industry_role else ""
            obj = "no category (NoTermFound)" if r.no_term else f"{r.code} {r.object_label}"
            neg = "NOT " if r.negated else ""
            pred = r.predicate_id.rsplit("#", 1)[-1]
            typer.echo(f"  {r.scheme:14} {neg}{pred:12} {obj}{role} ({r.confidence:g})")

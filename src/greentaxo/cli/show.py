from __future__ import annotations

import sys

import typer

from greentaxo.cli._common import Format, emit_json, kg
from greentaxo.errors import InputError
from greentaxo.namespaces import compact


def register(app: typer.Typer) -> None:
    @app.command()
    def show(
        ref: str = typer.Argument(..., help="Route IRI, CURIE (gtr:R0412) or notation (01.04.02)."),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json"),
        follow: bool = typer.Option(False, "--follow", help="For a deprecated route, show its live successor "
                                                             "(following dct:isReplacedBy)."),
    ) -> None:
        """Show one route: labels, definitions, place in the hierarchy, maturity, functions and mappings."""
        g = kg()
        tax = g.taxonomy
        c = tax.concept(ref)
        note = tax.deprecation(c.iri)
        if follow and note:
            if note.get("error"):
                raise InputError(note["error"])
            if note["successor"] is None:
                # on stderr, so that stdout stays the record (or the JSON) of the concept asked for
                why = "several live replacements: " + ", ".join(_curie(i) for i in note["liveReplacements"]) \
                    if note["liveReplacements"] else "no live replacement"
                print(f"greentaxo: {c.curie} is deprecated and has {why}; showing it as it is", file=sys.stderr)
            else:
                print(f"greentaxo: {c.curie} is deprecated; showing its successor {_curie(note['successor'])} "
                      f"({' -> '.join(_curie(i) for i in note['chain'])})", file=sys.stderr)
                c = tax.concept(note["successor"])
                note = None
        rows = g.mappings.for_route(c.iri)
        if fmt is Format.json:
            emit_json(g.describe(c.iri))
            return
        typer.echo(f"{c.curie}  {c.notation}  {c.pref.get('zh', '')} | {c.pref.get('en', '')}")
        if note:
            typer.echo(f"  DEPRECATED; replaced by: {', '.join(_curie(i) for i in c.replaced_by) or '-'}")
            if note.get("error"):
                typer.echo(f"  cannot follow the replacements: {note['error']}")
            elif note["successor"]:
                if len(note["chain"]) > 2:
                    typer.echo(f"  replacement chain: {' -> '.join(_curie(i) for i in note['chain'])}")
                s = tax.concept(note["successor"])
                typer.echo(f"  use instead: {s.curie}  {s.notation}  {s.pref.get('zh', '')} | {s.pref.get('en', '')}"
                           f"  (greentaxo show {c.curie} --follow)")
            elif note["liveReplacements"]:
                typer.echo(f"  split into: {', '.join(_curie(i) for i in note['liveReplacements'])}")
            else:
                typer.echo("  no live replacement")
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


def _curie(iri: str) -> str:
    return compact(iri)

from __future__ import annotations

import difflib
import sys

import typer

from greentaxo.cli._common import Format, emit_json, kg
from greentaxo.errors import InputError, NotFoundError
from greentaxo.facets import find
from greentaxo.namespaces import compact


def register(app: typer.Typer) -> None:
    @app.command()
    def show(
        ref: str = typer.Argument(..., help="Route IRI, CURIE (gtr:R0412) or notation (01.04.02); or a facet "
                                            "concept (gtf:F0001)."),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json"),
        follow: bool = typer.Option(False, "--follow", help="For a deprecated route, show its live successor "
                                                             "(following dct:isReplacedBy)."),
    ) -> None:
        """Show one route: labels, definitions, place in the hierarchy, maturity, functions and mappings."""
        g = kg()
        tax = g.taxonomy
        if ref.strip().startswith(("gtf:", "https://w3id.org/greentaxo/facet/")):
            _show_facet(g, ref, fmt)
            return
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
            elif g.describe(c.iri)["succession"].get("movedTo"):
                for m in g.describe(c.iri)["succession"]["movedTo"]:
                    typer.echo(f"  moved out of the route scheme: {m['curie']} ({m['kind']}) "
                               f"{m['prefLabel'].get('zh', '')} | {m['prefLabel'].get('en', '')}  (greentaxo show {m['curie']})")
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
        for k in g.kpis.get(c.iri, []):
            typer.echo(f"  KPI {k.text('en')}")
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


def _show_facet(g, ref: str, fmt: Format) -> None:
    f = find(g, ref)
    if f is None:
        near = difflib.get_close_matches(ref.strip().removeprefix("gtf:"), [x.rsplit("/", 1)[-1] for x in g.facets], n=3)
        raise NotFoundError(f"no facet concept {ref.strip()!r} (facets are in ontology/facets/facets.ttl).",
                            [f"gtf:{n}" for n in near])
    if fmt is Format.json:
        emit_json(f.to_dict())
        return
    typer.echo(f"{f.curie}  {f.notation}  {f.pref.get('zh', '')} | {f.pref.get('en', '')}  ({f.kind}, not a technology)")
    for lang in ("zh", "en"):
        if f.definition.get(lang):
            typer.echo(f"  {lang}: {f.definition[lang]}")
    tax = g.taxonomy
    names = [f"{tax.concepts[r].curie} {tax.concepts[r].label('zh')}" for r in sorted(f.routes) if r in tax.concepts]
    if names:
        typer.echo(f"  involves routes: {'; '.join(names)}")
    for r in g.mappings.for_route(f.iri):
        obj = "no category (NoTermFound)" if r.no_term else f"{r.code} {r.object_label}"
        typer.echo(f"  {r.scheme:14} {r.predicate_id.rsplit('#', 1)[-1]:12} {obj} ({r.confidence:g})")


def _curie(iri: str) -> str:
    return compact(iri)

from __future__ import annotations

import typer

from greentaxo.cli._common import Format, Lang, emit_json, kg
from greentaxo.errors import InputError
from greentaxo.packages.audit import audit
from greentaxo.packages.output import render_text, result_to_dict, to_turtle
from greentaxo.packages.scenarios import scenarios_from_graph
from greentaxo.packages.service import assemble, weights_from


def register(app: typer.Typer) -> None:
    @app.command()
    def package(
        scenario: str = typer.Argument(None, help="Scenario IRI, CURIE (gtx:S001) or notation (S001); any other "
                                                  "text is matched against scenario labels."),
        functions: list[str] = typer.Option(None, "--function", "-f",
                                            help="Cover these functions instead of a scenario (gtx:F014 or F014); repeatable."),
        min_trl: int = typer.Option(None, "--min-trl", help="Only routes whose most mature variant reaches this TRL (1-9)."),
        exclude: list[str] = typer.Option(None, "--exclude",
                                          help="Route or route group never to use (IRI, CURIE, notation); repeatable."),
        include: list[str] = typer.Option(None, "--include",
                                          help="Leaf route every package must contain; repeatable or comma-separated."),
        max_size: int = typer.Option(None, "--max-size", help="At most this many routes per package."),
        k: int = typer.Option(3, "--k", help="Number of next-best alternatives (0-20)."),
        eligible_under: str = typer.Option(None, "--eligible-under",
                                           help="Only routes with a category in: gfspc2025, gigc2019 or eutaxonomy."),
        weight: list[str] = typer.Option(None, "--weight",
                                         help="NAME=NUMBER: size, maturity, fit, optional, complement, abatement; repeatable."),
        with_optional: bool = typer.Option(False, "--with-optional",
                                           help="Also cover the scenario's optional functions where possible."),
        fmt: str = typer.Option("text", "--format", help="text, json or turtle (gt:SolutionPackage)."),
        lang: Lang = typer.Option(Lang.en, "--lang", help="Label language for text output."),
        list_: bool = typer.Option(False, "--list", help="List the bundled scenarios and exit."),
        check: bool = typer.Option(False, "--check", help="Check the package data instead: every scenario solvable "
                                                          "under its defaults, no route whose requirements can never "
                                                          "be met, no fitting route that is inapplicable. Exit 1 on "
                                                          "a finding."),
    ) -> None:
        """Assemble the best solution package (and k alternatives) for a scenario. Exit 1 when none exists."""
        if fmt not in ("text", "json", "turtle"):
            raise InputError(f"--format: {fmt!r} is not one of text, json, turtle")
        g = kg()
        if list_:
            for s in scenarios_from_graph(g).all():
                typer.echo(f"{s.id}  {s.label('zh')} | {s.label('en')}  ({len(s.required)} functions)")
            return
        if check:
            if scenario or functions:
                raise InputError("--check checks all bundled package data; give it no scenario or --function")

            findings = audit(g)
            if fmt == Format.json.value:
                emit_json({"findings": [f.__dict__ for f in findings], "ok": not findings})
            else:
                for f in findings:
                    typer.echo(f.line())
                typer.echo(f"{len(findings)} finding(s)" if findings else "package data: no findings")
            raise typer.Exit(1 if findings else 0)

        result, matches = assemble(g, scenario, functions=functions or None, min_trl=min_trl, include=include or [],
                                   exclude=exclude or [], max_size=max_size, eligible_under=eligible_under, k=k,
                                   weights=weights_from(weight or None), with_optional=with_optional)
        if fmt == Format.json.value:
            emit_json(result_to_dict(result, g, matches))
        elif fmt == "turtle":
            if result.ok:
                typer.echo(to_turtle(result))
            else:
                typer.echo(f"# no package: {result.infeasible.detail}", err=True)
        else:
            typer.echo(render_text(result, lang.value, matches))
        raise typer.Exit(0 if result.ok else 1)

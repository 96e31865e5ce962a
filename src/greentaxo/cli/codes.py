from __future__ import annotations

from pathlib import Path

import typer

from greentaxo import load, paths
from greentaxo.cli._common import Format, emit_json
from greentaxo.codes.build import BUILDERS, build_all
from greentaxo.errors import InputError


def register(app: typer.Typer) -> None:
    codes = typer.Typer(help="External code systems (GB/T 4754, GB/T 13745, finance catalogues, EU Taxonomy, IPC ...).",
                        no_args_is_help=True)
    app.add_typer(codes, name="codes")

    @codes.command("build")
    def build(
        data: Path = typer.Option(None, "--data", help="Folder of official tables (default: ../shared/data)."),
        out: Path = typer.Option(None, "--out", help="Output folder (default: ontology/codes)."),
        scheme: list[str] = typer.Option(None, "--scheme", help="Build only these schemes."),
    ) -> None:
        """Generate ontology/codes/*.ttl from the official tables, deterministically."""
        root = paths.home()
        for s in scheme or []:
            if s not in BUILDERS:
                raise InputError(f"--scheme {s!r} unknown; choose from {', '.join(BUILDERS)}")
        counts = build_all(data or paths.shared_data(root), out or root / "ontology" / "codes", scheme or None)
        for k, v in counts.items():
            typer.echo(f"{k:15} {v:7} triples")

    @codes.command("show")
    def show(ref: str = typer.Argument(..., help="SCHEME:CODE, e.g. gbt4754:4416 or gfspc2025:4.1.8"),
             fmt: Format = typer.Option(Format.text, "--format")) -> None:
        """Show one external code and the routes mapped to it."""
        kg = load()
        code = kg.codes.get(ref)
        rows = kg.mappings.for_code(code.iri)
        if fmt is Format.json:
            emit_json({**code.to_dict(), "routes": [r.to_dict() for r in rows]})
            return
        typer.echo(f"{code.scheme}:{code.code}  {code.label}  (level {code.level})")
        for r in rows:
            c = kg.taxonomy.concepts.get(r.subject_id)
            name = c.label("zh") if c else r.subject_id
            typer.echo(f"  <- {r.subject_id.rsplit('/', 1)[-1]} {name} ({r.predicate_id.rsplit('#', 1)[-1]}, {r.confidence:g})")

from __future__ import annotations

from pathlib import Path

import typer

from greentaxo import paths
from greentaxo.cli._common import Format, emit_json
from greentaxo.workbook.importer import import_workbook


def register(app: typer.Typer) -> None:
    imp = typer.Typer(help="Import edited sources (xlsx workbook) back into Turtle and SSSOM.", no_args_is_help=True)
    app.add_typer(imp, name="import")

    @imp.command("xlsx")
    def xlsx(
        file: Path = typer.Argument(..., help="The edited workbook (from `greentaxo export xlsx`)."),
        dry_run: bool = typer.Option(False, "--dry-run",
                                     help="Check every cell and list the files that would change; write nothing."),
        root: Path = typer.Option(None, "--root",
                                  help="Repository root to write into (default: $GREENTAXO_HOME or the checkout)."),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json"),
    ) -> None:
        """Write the workbook back to ontology/routes/*.ttl and mappings/*.sssom.tsv.

        Nothing is written if any cell is wrong; each error names sheet!cell and the reason. Exit 1 on errors.
        """
        res = import_workbook(file, paths.home(root), dry_run=dry_run)
        if fmt is Format.json:
            emit_json(res.to_dict())
        else:
            for e in res.errors:
                typer.echo(e.line())
            if res.errors:
                typer.echo(f"{len(res.errors)} cell error(s); nothing written")
            else:
                for iri, notation in res.new.items():
                    typer.echo(f"new route {iri} (notation {notation})")
                verb = "would change" if dry_run else "changed"
                typer.echo(f"{res.concepts} routes, {sum(res.mapping_rows.values())} mapping rows; "
                           f"{verb} {len(res.changed_files)} file(s)" + "".join(f"\n  {f}" for f in res.changed_files))
        raise typer.Exit(1 if res.errors else 0)

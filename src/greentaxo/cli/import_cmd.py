from __future__ import annotations

from pathlib import Path

import typer

from greentaxo import paths
from greentaxo.cli._common import Format, emit_json
from greentaxo.namespaces import compact
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
        """Write the workbook back to ontology/routes, kpis, facets and mappings/*.sssom.tsv.

        A live route marked deprecated with isReplacedBy is retired in one step (labels, mapping rows, relations
        and indicators go to the successor). Nothing is written if any cell is wrong or the result breaks a
        taxonomy shape; each error names sheet!cell (or the concept) and the reason. Exit 1 on errors.
        """
        res = import_workbook(file, paths.home(root), dry_run=dry_run)
        if fmt is Format.json:
            emit_json(res.to_dict())
        else:
            for e in res.errors:
                typer.echo(e.line())
            if res.errors:
                typer.echo(f"{len(res.errors)} error(s); nothing written")
            else:
                for iri, notation in res.new.items():
                    typer.echo(f"new route {iri} (notation {notation})")
                for r in res.retired:       # deprecation in one step (greentaxo.retirement)
                    typer.echo(f"retired {compact(r['route'])} -> {compact(r['successor'])}: {len(r['labels_moved'])} "
                               f"label(s) now hidden labels there, {r['rows_moved']} mapping row(s) moved, "
                               f"{len(r['rows_dropped'])} dropped as duplicates, {len(r['relations_repointed'])} "
                               "relation(s) re-pointed")
                verb = "would change" if dry_run else "changed"
                typer.echo(f"{res.concepts} routes, {sum(res.mapping_rows.values())} mapping rows; "
                           f"{verb} {len(res.changed_files)} file(s)" + "".join(f"\n  {f}" for f in res.changed_files))
        raise typer.Exit(1 if res.errors else 0)

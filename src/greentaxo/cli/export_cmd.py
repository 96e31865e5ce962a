from __future__ import annotations

from pathlib import Path

import typer

from greentaxo import paths
from greentaxo.workbook.export import export_root

ROOT_HELP = "Repository root whose sources to use (default: $GREENTAXO_HOME or the checkout)."


def register(app: typer.Typer) -> None:
    export = typer.Typer(help="Export the sources for editing (xlsx workbook).", no_args_is_help=True)
    app.add_typer(export, name="export")

    @export.command("xlsx")
    def xlsx(
        output: Path = typer.Option(Path("greentaxo.xlsx"), "--output", "-o", help="Workbook to write."),
        root: Path = typer.Option(None, "--root", help=ROOT_HELP),
    ) -> None:
        """One workbook: a sheet per top domain (routes) and per mapping target (SSSOM rows)."""
        counts = export_root(paths.home(root), output)
        for sheet, n in counts.items():
            typer.echo(f"{n:6d}  {sheet}")
        typer.echo(f"wrote {output}")

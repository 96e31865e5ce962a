"""`greentaxo edits migrate`: bring the edit store's schema to the newest revision and seed an empty store."""
from __future__ import annotations

from pathlib import Path

import typer

from greentaxo import paths
from greentaxo.edits.schema import default_url
from greentaxo.edits.store import EditStore


def register(app: typer.Typer) -> None:
    edits = typer.Typer(help="The reviewed-edit store: migrate its schema (before serving, or beside running servers).",
                        no_args_is_help=True)
    app.add_typer(edits, name="edits")

    @edits.command("migrate")
    def migrate(url: str = typer.Option(None, "--url", envvar="GREENTAXO_EDITS_URL", show_envvar=False,
                                        help="SQLAlchemy URL of the store (default: $GREENTAXO_EDITS_URL)."),
                db: Path = typer.Option(None, "--db", envvar="GREENTAXO_EDITS_DB", show_envvar=False,
                                        help="SQLite file of the store (default: $GREENTAXO_EDITS_DB, else "
                                             "<root>/.edits/edits.sqlite)."),
                wait: float = typer.Option(30.0, "--busy-timeout", min=0.1,
                                           help="Seconds to wait for a lock or a connection.")) -> None:
        """Create or upgrade the store's tables to the newest revision (under a lock, so it is safe beside running
        servers) and fill an empty store from the sources. Running it again changes nothing."""
        store = EditStore(default_url(paths.home(), url, db), pool_size=1, busy_timeout=wait)
        try:
            typer.echo(store.describe_opening())
        finally:
            store.engine.dispose()

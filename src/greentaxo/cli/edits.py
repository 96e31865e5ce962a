"""`greentaxo edits migrate`: bring the edit store's schema to the newest revision and seed an empty store."""
from __future__ import annotations

from pathlib import Path

import typer

from greentaxo import paths, settings
from greentaxo.edits.schema import default_url
from greentaxo.edits.store import EditStore


def register(app: typer.Typer) -> None:
    edits = typer.Typer(help="The reviewed-edit store: migrate its schema (before serving, or beside running servers).",
                        no_args_is_help=True)
    app.add_typer(edits, name="edits")

    @edits.command("migrate")
    def migrate(url: str = typer.Option(None, "--url",
                                        help="SQLAlchemy URL of the store (default: $GREENTAXO_EDITS_URL)."),
                db: Path = typer.Option(None, "--db", help="SQLite file of the store (default: $GREENTAXO_EDITS_DB, else "
                                             "<root>/.edits/edits.sqlite)."),
                wait: float = typer.Option(30.0, "--busy-timeout", min=0.1,
                                           help="Seconds to wait for a lock or a connection.")) -> None:
        """Create or upgrade the store's tables to the newest revision (under a lock, so it is safe beside running
        servers) and fill an empty store from the sources. Running it again changes nothing."""
        s = settings.current()
        store = EditStore(default_url(paths.home(), url or s.edits_url, db or s.edits_db), pool_size=1,
                          busy_timeout=wait)
        try:
            typer.echo(store.describe_opening())
        finally:
            store.engine.dispose()

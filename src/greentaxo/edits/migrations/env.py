"""Alembic's environment: runs the migrations on the connection greentaxo.edits.migrate hands over (in
`config.attributes["connection"]`), already holding the migration lock. There is no alembic.ini: the
operator's command is `greentaxo edits migrate`. Imported by anything but Alembic, it does nothing."""
from alembic import context

from greentaxo.edits.migrate import TABLES


def run() -> None:
    connection = context.config.attributes["connection"]
    # render_as_batch: SQLite cannot ALTER most things in place; batch mode copies the table instead
    context.configure(connection=connection, target_metadata=TABLES, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):      # Alembic sets it while it runs this file
    run()

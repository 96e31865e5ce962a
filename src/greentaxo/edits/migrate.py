"""The edit store's schema, managed once: Alembic migrations (greentaxo/edits/migrations/) run under a lock.

Any number of processes may open the same empty store at once (two uvicorn workers starting together, an
operator's `greentaxo edits migrate` beside a running server): each takes the migration lock, the first
creates or upgrades the tables (and the store seeds itself under the same lock), the others find the
schema at head and go on. The lock is a PostgreSQL advisory lock held by the migrating session, or on
SQLite an exclusive flock on a file beside the database (EDITS.sqlite.lock); an in-memory SQLite
database has one process and needs none.

The chain covers every table of the database: the edit store's (greentaxo.edits.schema) and the expert-panel
assessments' (greentaxo.assessment.schema), listed in TABLES. A store made before migrations existed
(tables created directly, no alembic_version) is adopted: it is stamped as revision 0001, whose tables it
has, then upgraded from there.
"""
from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from greentaxo.assessment.schema import MD as ASSESSMENT_TABLES
from greentaxo.edits.errors import StoreBusy
from greentaxo.edits.schema import MD as EDIT_TABLES

SCRIPTS = Path(__file__).with_name("migrations")
# every table the migrations make, as the code uses them at head (tests/edits/test_migrations.py compares)
TABLES = [EDIT_TABLES, ASSESSMENT_TABLES]
FIRST = "0001"
# pg_advisory_lock takes a bigint; any constant unique to this purpose will do ("gtxedits" in ASCII)
ADVISORY_KEY = 0x6774786564697473


def _config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision in migrations/versions."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(conn: sa.Connection) -> str | None:
    """The revision the database is at; None for a store without migrations (empty, or made before them)."""
    return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def migration_lock(engine: sa.Engine, wait: float = 120.0) -> Iterator[sa.Connection]:
    """Hold the store-wide migration lock; yields a connection of the locking session (use it, not another)."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text(f"SET lock_timeout = {int(wait * 1000)}"))     # SET takes no bind parameters
            try:
                conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": ADVISORY_KEY})
            except sa.exc.OperationalError:
                raise StoreBusy(f"another session has held the edit store's migration lock for {wait:g} s; "
                                "is a migration stuck?") from None
            conn.execute(sa.text("RESET lock_timeout"))
            conn.commit()
            try:
                yield conn
            finally:
                conn.rollback()
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                conn.commit()
            return
        db = engine.url.database if engine.dialect.name == "sqlite" else None
        if not db or db == ":memory:":
            yield conn
            return
        with open(f"{db}.lock", "a+b") as lock:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreBusy(f"another process has held the edit store's migration lock ({db}.lock) "
                                        f"for {wait:g} s; is a migration stuck?") from None
                    time.sleep(0.05)
            try:
                yield conn
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade_locked(conn: sa.Connection) -> tuple[str | None, str]:
    """Bring the schema to head on `conn`, which holds the migration lock; returns (before, after)."""
    before = current(conn)
    if before is None and sa.inspect(conn).has_table("edit_meta"):
        command.stamp(_config(conn), FIRST)         # made by create_all before migrations: it has 0001's tables
        conn.commit()
        before = FIRST
    target = head()
    if before != target:
        command.upgrade(_config(conn), "head")
        conn.commit()
    return before, target


def upgrade(engine: sa.Engine) -> tuple[str | None, str]:
    """Take the lock and bring the schema to head; returns (revision before, revision after)."""
    with migration_lock(engine) as conn:
        return upgrade_locked(conn)

"""The edit store's tables at the newest schema revision (SQLAlchemy Core, portable between SQLite and
PostgreSQL) and its engine. A change here needs a migration too (greentaxo/edits/migrations/__init__.py says how)."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from greentaxo import paths, settings

MD = sa.MetaData()
META = sa.Table("edit_meta", MD, sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("version", sa.Integer, nullable=False), sa.Column("locks", sa.Integer, nullable=False),
                sa.Column("next_route", sa.Integer, nullable=False), sa.Column("next_mapping", sa.Integer, nullable=False),
                sa.Column("seeded_from", sa.Text), sa.Column("seeded_at", sa.String(40)))
CONCEPTS = sa.Table("edit_concepts", MD, sa.Column("iri", sa.String(400), primary_key=True),
                    sa.Column("ntriples", sa.Text, nullable=False), sa.Column("etag", sa.String(32), nullable=False))
MAPPINGS = sa.Table("edit_mappings", MD, sa.Column("id", sa.String(40), primary_key=True),
                    sa.Column("scheme", sa.String(40), nullable=False, index=True),
                    sa.Column("subject", sa.String(400), nullable=False, index=True),
                    sa.Column("data", sa.Text, nullable=False), sa.Column("etag", sa.String(32), nullable=False))
SOURCES = sa.Table("edit_mapping_sources", MD, sa.Column("scheme", sa.String(40), primary_key=True),
                   sa.Column("metadata", sa.Text, nullable=False))
CHANGESETS = sa.Table("edit_changesets", MD, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                      sa.Column("author", sa.String(100), nullable=False), sa.Column("created", sa.String(40), nullable=False),
                      sa.Column("status", sa.String(16), nullable=False, index=True), sa.Column("comment", sa.Text),
                      sa.Column("ops", sa.Text, nullable=False), sa.Column("base", sa.Text, nullable=False),
                      sa.Column("validated_version", sa.Integer, nullable=False),
                      sa.Column("reviewer", sa.String(100)), sa.Column("reviewed_at", sa.String(40)),
                      sa.Column("reason", sa.Text), sa.Column("applied_version", sa.Integer))
AUDIT = sa.Table("edit_audit", MD, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                 sa.Column("changeset_id", sa.Integer, nullable=False, index=True),
                 sa.Column("target", sa.String(400), nullable=False, index=True),
                 sa.Column("kind", sa.String(10), nullable=False),
                 sa.Column("ops", sa.Text, nullable=False), sa.Column("author", sa.String(100), nullable=False),
                 sa.Column("reviewer", sa.String(100), nullable=False), sa.Column("submitted_at", sa.String(40), nullable=False),
                 sa.Column("applied_at", sa.String(40), nullable=False), sa.Column("before", sa.Text),
                 sa.Column("after", sa.Text), sa.Column("before_etag", sa.String(32)), sa.Column("after_etag", sa.String(32)),
                 sa.Column("store_version", sa.Integer, nullable=False))


def default_url(root: Path, url: str | None = None, db: Path | None = None) -> str:
    """`url` (any SQLAlchemy URL), else the SQLite file `db`, else ROOT/.edits/edits.sqlite (the server takes
    them from GREENTAXO_EDITS_URL and GREENTAXO_EDITS_DB)."""
    if url:
        return url
    path = Path(db or root / ".edits" / "edits.sqlite")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def configured_url() -> str:
    """The edit store of this installation: $GREENTAXO_EDITS_URL, else $GREENTAXO_EDITS_DB, else the root's SQLite
    file (greentaxo.settings); the server's edit and assessment endpoints and `greentaxo assess` all open this one."""
    s = settings.current()
    return default_url(paths.home(), s.edits_url, s.edits_db)


def engine(url: str, *, pool_size: int = 40, busy_timeout: float = 30.0) -> sa.Engine:
    """An engine on the URL (the tables are greentaxo.edits.migrate's job, not this one's).

    The pool holds `pool_size` connections and never more, sized to the threads that can use it (the
    server's thread pool, GREENTAXO_THREADS); a thread that still finds none free waits `busy_timeout`
    seconds and the store then answers busy (StoreBusy, 503). The same bound applies to lock waits: SQLite's
    busy timeout (another process writing) and PostgreSQL's lock_timeout (another server approving)."""
    if url.startswith("sqlite"):
        memory = sa.engine.make_url(url).database in (None, "", ":memory:")    # one connection, no pool to size
        pool = {} if memory else {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": busy_timeout}
        eng = sa.create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False}, **pool)

        @sa.event.listens_for(eng, "connect")
        def _pragmas(dbapi_conn, _record):   # WAL: readers never wait for the one writer
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=FULL")
        return eng
    options = {"options": f"-c lock_timeout={int(busy_timeout * 1000)}"} if url.startswith("postgresql") else {}
    return sa.create_engine(url, pool_size=pool_size, max_overflow=0, pool_timeout=busy_timeout, pool_pre_ping=True,
                            connect_args=options)

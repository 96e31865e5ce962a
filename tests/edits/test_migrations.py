"""The edit store's schema is managed by its Alembic migrations: the chain is whole, its head is exactly the
tables the code uses, a store made before migrations is adopted without losing a row, and the operator's
`greentaxo edits migrate` says what it did and is safe to run twice."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from greentaxo.edits import migrate
from greentaxo.edits.schema import CONCEPTS, MD, META
from greentaxo.edits.store import EditStore
from tests.support import ROOT, run_cli


def test_the_chain_has_one_head_and_reaches_the_first_revision():
    scripts = ScriptDirectory.from_config(migrate._config())
    assert scripts.get_heads() == [migrate.head()]
    chain = [s.revision for s in scripts.walk_revisions()]
    assert chain[-1] == migrate.FIRST and len(chain) == len(set(chain))


def test_the_migrated_schema_is_the_schema_the_code_uses(edits_db_url):
    """Adding a table to schema.py without a migration (or the other way round) fails here, on both backends."""
    engine = sa.create_engine(edits_db_url)
    assert migrate.upgrade(engine) == (None, migrate.head())
    assert migrate.upgrade(engine) == (migrate.head(), migrate.head())        # a second run changes nothing
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), migrate.TABLES)
        assert migrate.current(conn) == migrate.head()
    engine.dispose()
    assert diff == [], f"schema.py and the migrations disagree: {diff}"


@pytest.mark.parametrize("tables", [[MD], migrate.TABLES], ids=["edits", "edits+assessments"])
def test_a_store_made_before_migrations_is_adopted_with_its_data(tmp_path, tables):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = sa.create_engine(url)
    for metadata in tables:
        metadata.create_all(old)     # how the store was created before it had migrations
    with old.begin() as conn:
        conn.execute(META.insert().values(id=1, version=0, locks=0, next_route=900, next_mapping=1))
    old.dispose()
    store = EditStore(url, ROOT)
    assert store.schema == (migrate.FIRST, migrate.head()) and store.seeded is False
    with store.reading() as conn:
        assert conn.execute(sa.select(META.c.next_route)).scalar_one() == 900       # kept, not re-seeded
        assert conn.execute(sa.select(sa.func.count()).select_from(CONCEPTS)).scalar_one() == 0
        assert migrate.current(conn) == migrate.head()
        assert compare_metadata(MigrationContext.configure(conn), migrate.TABLES) == []
    store.engine.dispose()


def test_greentaxo_edits_migrate_creates_then_finds_the_schema_at_head(tmp_path):
    db = tmp_path / "ops.sqlite"
    first = run_cli("edits", "migrate", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert f"schema created at revision {migrate.head()}" in first.stdout and "seeded from" in first.stdout
    again = run_cli("edits", "migrate", "--db", str(db))
    assert again.returncode == 0 and f"schema at revision {migrate.head()} (newest)" in again.stdout
    assert "store version 0" in again.stdout
    bad = run_cli("edits", "migrate", "--url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--busy-timeout", "1")
    assert bad.returncode == 1 and bad.stderr.startswith("greentaxo: error: the edit store's database could not")
    assert "Traceback" not in bad.stderr

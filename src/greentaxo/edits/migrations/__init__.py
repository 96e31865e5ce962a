"""Alembic migrations of the edit store's schema (greentaxo.edits.migrate runs them; env.py is Alembic's entry).

Adding a table or a column: change the tables at head (greentaxo.edits.schema, greentaxo.assessment.schema,
or a new module's MetaData added to greentaxo.edits.migrate.TABLES) AND add a file to versions/
named NNNN_what.py with `revision = "NNNN"`, `down_revision = "<the previous NNNN>"` and an `upgrade()` that
makes the change with alembic.op (copy 0002_assessment.py for the shape). tests/edits/test_migrations.py
fails while the two disagree, and while the chain has a gap or two heads.
"""

"""Alembic migrations of the edit store's schema (greentaxo.edits.migrate runs them; env.py is Alembic's entry).

Adding a table or a column: change greentaxo.edits.schema (the tables at head) AND add a file to versions/
named NNNN_what.py with `revision = "NNNN"`, `down_revision = "<the previous NNNN>"` and an `upgrade()` that
makes the change with alembic.op (copy 0001_edit_store.py for the shape). tests/edits/test_migrations.py
fails while the two disagree, and while the chain has a gap or two heads.
"""

"""One file per schema revision, oldest first; Alembic reads `revision` and `down_revision` from each."""

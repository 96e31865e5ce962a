"""The editable sources of one root (ontology/routes/*.ttl and mappings/*.sssom.tsv), read and written
the same way by every writer (spreadsheet import, the edit store's export, releases, tests).

Modules: `files` (where the sources are, and loading/writing them), `serialise` (the deterministic
one-file-per-domain Turtle writer).
"""

"""Reviewed edits: the edit store (SQL, through SQLAlchemy), change sets and their validation, bearer-token
roles, and the store's boundary with the Turtle/SSSOM source files. The HTTP side is greentaxo.api.routers.edits.

Modules: `store` (EditStore: submit, approve, reject, audit), `changesets` (the edit operations on an
in-memory copy), `validation` (the taxonomy shapes over the edited graph), `auth` (tokens and roles),
`errors` (the store's refusals, importable without SQLAlchemy), `schema` (tables and engine),
`files` (seed from the sources, export back to them, consistency invariants).
"""

"""Tables of expert-panel assessments, in the same database as the reviewed edits (SQLAlchemy Core;
SQLite by default, PostgreSQL by URL). Scores are immutable rows keyed by (assessment, round, expert,
indicator), so an expert scoring twice is a key collision the database itself refuses."""
from __future__ import annotations

import sqlalchemy as sa

from greentaxo import paths
from greentaxo.edits.schema import default_url
from greentaxo.edits.schema import engine as edits_engine

MD = sa.MetaData()
S, T, INT = sa.String, sa.Text, sa.Integer

ASSESSMENTS = sa.Table(
    "assess_assessments", MD, sa.Column("id", INT, primary_key=True, autoincrement=True),
    sa.Column("system_id", S(40), nullable=False, index=True), sa.Column("system_version", S(20), nullable=False),
    sa.Column("system_json", T, nullable=False),                  # the system as it was when the panel opened
    sa.Column("subject_kind", S(20), nullable=False), sa.Column("subject_ref", S(400)),
    sa.Column("title", T, nullable=False), sa.Column("subject_json", T, nullable=False),
    sa.Column("chair", S(100), nullable=False), sa.Column("min_experts", INT, nullable=False),
    sa.Column("round", INT, nullable=False), sa.Column("status", S(16), nullable=False),    # scoring | closed
    sa.Column("version", INT, nullable=False), sa.Column("locks", INT, nullable=False),       # ETag; row lock counter
    sa.Column("created", S(40), nullable=False), sa.Column("updated", S(40), nullable=False),
    # the latest closed round's figures, for ranking without re-aggregating
    sa.Column("score", sa.Float), sa.Column("median", sa.Float), sa.Column("ci_low", sa.Float),
    sa.Column("ci_high", sa.Float), sa.Column("outcome", S(40)), sa.Column("experts", INT), sa.Column("routes", T))
MEMBERS = sa.Table(
    "assess_members", MD, sa.Column("assessment_id", INT, primary_key=True), sa.Column("user", S(100), primary_key=True),
    sa.Column("role", S(16), nullable=False), sa.Column("status", S(16), nullable=False),   # active | excluded
    sa.Column("conflict", T), sa.Column("added_at", S(40), nullable=False), sa.Column("added_by", S(100), nullable=False))
SHEETS = sa.Table(
    "assess_sheets", MD, sa.Column("assessment_id", INT, primary_key=True), sa.Column("round", INT, primary_key=True),
    sa.Column("expert", S(100), primary_key=True), sa.Column("submitted_at", S(40), nullable=False),
    sa.Column("entered_by", S(100), nullable=False))
SCORES = sa.Table(
    "assess_scores", MD, sa.Column("assessment_id", INT, primary_key=True), sa.Column("round", INT, primary_key=True),
    sa.Column("expert", S(100), primary_key=True), sa.Column("indicator", S(400), primary_key=True),
    sa.Column("score", sa.Float), sa.Column("comment", T))            # score NULL = not applicable
ROUNDS = sa.Table(
    "assess_rounds", MD, sa.Column("assessment_id", INT, primary_key=True), sa.Column("round", INT, primary_key=True),
    sa.Column("opened_at", S(40), nullable=False), sa.Column("closed_at", S(40)),
    sa.Column("feedback", T),             # the anonymised distribution shared before this round (Delphi)
    sa.Column("results", T))              # aggregate + decision, written when the round closes
AUDIT = sa.Table(
    "assess_audit", MD, sa.Column("id", INT, primary_key=True, autoincrement=True),
    sa.Column("assessment_id", INT, nullable=False, index=True), sa.Column("at", S(40), nullable=False),
    sa.Column("actor", S(100), nullable=False), sa.Column("action", S(40), nullable=False),
    sa.Column("detail", T, nullable=False), sa.Column("version", INT, nullable=False))


def engine(url: str | None = None, root=None) -> tuple[str, sa.Engine]:
    """The edit store's database (the URL given, else <root>/.edits/edits.sqlite), its schema brought to the
    newest revision by the migrations (revision 0002 makes these tables), under the store's migration lock."""
    from greentaxo.edits.migrate import upgrade  # noqa: PLC0415  (heavy: Alembic; and edits.migrate imports MD from here)

    url = url or default_url(paths.home(root))
    eng = edits_engine(url)
    upgrade(eng)
    return url, eng

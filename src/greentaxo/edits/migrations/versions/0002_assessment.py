"""Expert-panel assessments (greentaxo.assessment.schema) join the edit store's database: assessments, panel
members, score sheets, scores, Delphi rounds and their audit log.

A store opened by a server of the version before migrations covered assessments may have these tables
already (made then by create_all): they are kept as they are.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S, T, INT = sa.String, sa.Text, sa.Integer
TABLES = ("assess_assessments", "assess_members", "assess_sheets", "assess_scores", "assess_rounds", "assess_audit")


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if set(TABLES) <= have:
        return
    op.create_table(
        "assess_assessments", sa.Column("id", INT, primary_key=True, autoincrement=True),
        sa.Column("system_id", S(40), nullable=False), sa.Column("system_version", S(20), nullable=False),
        sa.Column("system_json", T, nullable=False), sa.Column("subject_kind", S(20), nullable=False),
        sa.Column("subject_ref", S(400)), sa.Column("title", T, nullable=False), sa.Column("subject_json", T, nullable=False),
        sa.Column("chair", S(100), nullable=False), sa.Column("min_experts", INT, nullable=False),
        sa.Column("round", INT, nullable=False), sa.Column("status", S(16), nullable=False),
        sa.Column("version", INT, nullable=False), sa.Column("locks", INT, nullable=False),
        sa.Column("created", S(40), nullable=False), sa.Column("updated", S(40), nullable=False),
        sa.Column("score", sa.Float), sa.Column("median", sa.Float), sa.Column("ci_low", sa.Float),
        sa.Column("ci_high", sa.Float), sa.Column("outcome", S(40)), sa.Column("experts", INT), sa.Column("routes", T))
    op.create_index("ix_assess_assessments_system_id", "assess_assessments", ["system_id"])
    op.create_table(
        "assess_members", sa.Column("assessment_id", INT, primary_key=True), sa.Column("user", S(100), primary_key=True),
        sa.Column("role", S(16), nullable=False), sa.Column("status", S(16), nullable=False), sa.Column("conflict", T),
        sa.Column("added_at", S(40), nullable=False), sa.Column("added_by", S(100), nullable=False))
    op.create_table(
        "assess_sheets", sa.Column("assessment_id", INT, primary_key=True), sa.Column("round", INT, primary_key=True),
        sa.Column("expert", S(100), primary_key=True), sa.Column("submitted_at", S(40), nullable=False),
        sa.Column("entered_by", S(100), nullable=False))
    op.create_table(
        "assess_scores", sa.Column("assessment_id", INT, primary_key=True), sa.Column("round", INT, primary_key=True),
        sa.Column("expert", S(100), primary_key=True), sa.Column("indicator", S(400), primary_key=True),
        sa.Column("score", sa.Float), sa.Column("comment", T))
    op.create_table(
        "assess_rounds", sa.Column("assessment_id", INT, primary_key=True), sa.Column("round", INT, primary_key=True),
        sa.Column("opened_at", S(40), nullable=False), sa.Column("closed_at", S(40)), sa.Column("feedback", T),
        sa.Column("results", T))
    op.create_table(
        "assess_audit", sa.Column("id", INT, primary_key=True, autoincrement=True),
        sa.Column("assessment_id", INT, nullable=False), sa.Column("at", S(40), nullable=False),
        sa.Column("actor", S(100), nullable=False), sa.Column("action", S(40), nullable=False),
        sa.Column("detail", T, nullable=False), sa.Column("version", INT, nullable=False))
    op.create_index("ix_assess_audit_assessment_id", "assess_audit", ["assessment_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)

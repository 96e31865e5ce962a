"""The edit store as first released: the working copy (concepts, mapping rows and their sources), change sets,
the audit log and the one-row meta table (store version, lock counter, identifier counters).

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("edit_meta", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("version", sa.Integer, nullable=False), sa.Column("locks", sa.Integer, nullable=False),
                    sa.Column("next_route", sa.Integer, nullable=False), sa.Column("next_mapping", sa.Integer, nullable=False),
                    sa.Column("seeded_from", sa.Text), sa.Column("seeded_at", sa.String(40)))
    op.create_table("edit_concepts", sa.Column("iri", sa.String(400), primary_key=True),
                    sa.Column("ntriples", sa.Text, nullable=False), sa.Column("etag", sa.String(32), nullable=False))
    op.create_table("edit_mappings", sa.Column("id", sa.String(40), primary_key=True),
                    sa.Column("scheme", sa.String(40), nullable=False), sa.Column("subject", sa.String(400), nullable=False),
                    sa.Column("data", sa.Text, nullable=False), sa.Column("etag", sa.String(32), nullable=False))
    op.create_index("ix_edit_mappings_scheme", "edit_mappings", ["scheme"])
    op.create_index("ix_edit_mappings_subject", "edit_mappings", ["subject"])
    op.create_table("edit_mapping_sources", sa.Column("scheme", sa.String(40), primary_key=True),
                    sa.Column("metadata", sa.Text, nullable=False))
    op.create_table("edit_changesets", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("author", sa.String(100), nullable=False), sa.Column("created", sa.String(40), nullable=False),
                    sa.Column("status", sa.String(16), nullable=False), sa.Column("comment", sa.Text),
                    sa.Column("ops", sa.Text, nullable=False), sa.Column("base", sa.Text, nullable=False),
                    sa.Column("validated_version", sa.Integer, nullable=False),
                    sa.Column("reviewer", sa.String(100)), sa.Column("reviewed_at", sa.String(40)),
                    sa.Column("reason", sa.Text), sa.Column("applied_version", sa.Integer))
    op.create_index("ix_edit_changesets_status", "edit_changesets", ["status"])
    op.create_table("edit_audit", sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("changeset_id", sa.Integer, nullable=False), sa.Column("target", sa.String(400), nullable=False),
                    sa.Column("kind", sa.String(10), nullable=False), sa.Column("ops", sa.Text, nullable=False),
                    sa.Column("author", sa.String(100), nullable=False), sa.Column("reviewer", sa.String(100), nullable=False),
                    sa.Column("submitted_at", sa.String(40), nullable=False),
                    sa.Column("applied_at", sa.String(40), nullable=False),
                    sa.Column("before", sa.Text), sa.Column("after", sa.Text), sa.Column("before_etag", sa.String(32)),
                    sa.Column("after_etag", sa.String(32)), sa.Column("store_version", sa.Integer, nullable=False))
    op.create_index("ix_edit_audit_changeset_id", "edit_audit", ["changeset_id"])
    op.create_index("ix_edit_audit_target", "edit_audit", ["target"])


def downgrade() -> None:
    for table in ("edit_audit", "edit_changesets", "edit_mapping_sources", "edit_mappings", "edit_concepts", "edit_meta"):
        op.drop_table(table)

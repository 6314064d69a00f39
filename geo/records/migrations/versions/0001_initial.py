"""Records, import batches and the audit trail.

Revision ID: 0001
Revises:
Create Date: 2025-11-28

Written out in full (not imported from geo.records.store) so this migration keeps
creating the same schema whatever the code becomes later.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

KINDS = "'mo-hinh', 'dien-hinh'"
FIELDS = "'kinh-te', 'van-hoa-xa-hoi', 'quoc-phong-an-ninh', 'he-thong-chinh-tri', 'nong-thon-moi', 'khac'"
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
        sa.Column("skipped_duplicates", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rolled_back_at", TZ),
        sa.Column("rolled_back_by", sa.Text),
        sa.CheckConstraint("status IN ('active', 'rolled_back')", name="ck_import_batches_status"),
    )
    op.create_index("uq_import_batches_active_sha", "import_batches", ["file_sha256"], unique=True,
                    sqlite_where=sa.text("status = 'active'"),
                    postgresql_where=sa.text("status = 'active'"))
    op.create_table(
        "records",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("commune_code", sa.String(5), nullable=False),
        sa.Column("commune_name", sa.Text, nullable=False, server_default=""),
        sa.Column("unit", sa.Text, nullable=False, server_default=""),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("result", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("illustrative", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("batch_id", sa.Integer,
                  sa.ForeignKey("import_batches.id", name="fk_records_batch_id"), nullable=True),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="ck_records_kind"),
        sa.CheckConstraint(f"field IN ({FIELDS})", name="ck_records_field"),
        sa.CheckConstraint("length(commune_code) = 5", name="ck_records_commune_code"),
    )
    op.create_index("ix_records_natural_key", "records", ["name_key", "commune_code", "year", "field"])
    op.create_index("ix_records_batch_id", "records", ["batch_id"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("batch_id", sa.Integer,
                  sa.ForeignKey("import_batches.id", name="fk_changes_batch_id"), nullable=True),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
        sa.CheckConstraint("action IN ('insert', 'update', 'delete', 'rollback')", name="ck_changes_action"),
    )
    op.create_index("ix_changes_record_id", "changes", ["record_id"])
    op.create_index("ix_changes_batch_id", "changes", ["batch_id"])


def downgrade() -> None:
    op.drop_table("changes")
    op.drop_table("records")
    op.drop_table("import_batches")

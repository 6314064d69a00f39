"""The demo batch apart from imports, and the uploads the import refused.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Written out in full (not imported from geo.records.store), like 0001.
`import_batches.kind` is "import", or "demo" for the demo records a new store
was filled with: the routine rollback refuses that batch, and the named action
"Xóa dữ liệu giả định" removes it. The seeded batch is the one made by the user
"system" from data/demo/records.csv (geo.records.database.open_app_store).
`refused_uploads` keeps who uploaded which file when, and why it was refused.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("import_batches", sa.Column("kind", sa.String(16), nullable=False, server_default="import"))
    batches = sa.table("import_batches", sa.column("kind", sa.String), sa.column("user", sa.Text),
                       sa.column("filename", sa.Text))
    op.execute(batches.update().where(batches.c.user == "system", batches.c.filename == "data/demo/records.csv")
               .values(kind="demo"))
    op.create_table(
        "refused_uploads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("reason_key", sa.String(64), nullable=False),
        sa.Column("reason_values", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("refused_uploads")
    with op.batch_alter_table("import_batches") as batch:
        batch.drop_column("kind")

"""Facts about the database itself: its instance id, and since when it has held data.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08

Written out in full (not imported from geo.records.store), like 0001. `instance`
is a random id that tells a running process its own database from one made anew
at the same place; `first_write_at` (set by the first write of any kind) keeps the
demo records out of a database that has held data: a database that already has
audited changes gets the time of the first one.
"""
import uuid
from datetime import timezone
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    table = op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    rows = [{"key": "instance", "value": uuid.uuid4().hex}]
    changes = sa.table("changes", sa.column("at", sa.DateTime(timezone=True)))
    first = op.get_bind().execute(sa.select(sa.func.min(changes.c.at))).scalar()
    if first is not None:
        first = first.replace(tzinfo=timezone.utc) if first.tzinfo is None else first.astimezone(timezone.utc)
        rows.append({"key": "first_write_at", "value": first.isoformat()})
    op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("store_meta")

"""A request's kind holds up to 32 characters ("independent_review", the request to the
Appeals and Review Unit after a local decision, VRR 42), not 16.

On SQLite the table is rebuilt (batch mode); the inbox's partial index (0005) is dropped
first and made again after, so that its WHERE clause is not lost in the rebuild.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OPEN = sa.text("status != 'closed'")


def upgrade() -> None:
    _kind_length(16, 32)


def downgrade() -> None:
    _kind_length(32, 16)


def _kind_length(before: int, after: int) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("requests", "kind", type_=sa.String(after), existing_type=sa.String(before))
        return
    op.drop_index("ix_requests_open", table_name="requests")
    with op.batch_alter_table("requests", recreate="always") as batch:
        batch.alter_column("kind", type_=sa.String(after), existing_type=sa.String(before))
    op.create_index("ix_requests_open", "requests", ["office", "next_due", "statute_limit", "status", "kind", "id"],
                    sqlite_where=OPEN, postgresql_where=OPEN)

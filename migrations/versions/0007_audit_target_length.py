"""The audit log's target holds a whole email address (up to 254 characters, as
staff_users.email), not 64.

On SQLite the table is rebuilt (batch mode), which drops its append-only triggers:
they are made again, as migration 0004 made them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _target_length(64, 254)


def downgrade() -> None:
    _target_length(254, 64)


def _target_length(before: int, after: int) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("audit_log", "target", type_=sa.String(after), existing_type=sa.String(before))
        return
    with op.batch_alter_table("audit_log", recreate="always") as batch:
        batch.alter_column("target", type_=sa.String(after), existing_type=sa.String(before))
    for action in ("UPDATE", "DELETE"):
        op.execute(f"""CREATE TRIGGER IF NOT EXISTS audit_log_no_{action.lower()} BEFORE {action} ON audit_log
                       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""")

"""A draft keeps the answers a change set aside (journeys review, Minor: changing "Who
made the decision" from the CPS to the police and back meant 8 questions again). They
are never shown or assessed; they come back if the answers call for them again, and go
with the draft (Exit, Start again, idle limit).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("set_aside", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("set_aside")

"""Requests keep the office that received them (`received_office`), which stays when a
request moves to the Appeals and Review Unit (VRR 42), so the figures still count it for
that office and its pages can say it moved. Existing requests get it: their office, or,
for one that moved, the office the person said wrote to them (the CPS triage team if
they did not know), as webapp.offices.route chose it when it was sent.

The International Justice and Organised Crime Division merged into the Serious Economic,
Organised Crime and International Directorate on 1 April 2022: requests and users with
its code (`ijoc`) move to `seocid`. Downgrading drops the column and leaves them there.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MERGED_INTO = {"ijoc": "seocid"}  # as webapp.offices.MERGED_INTO when this was written


def upgrade() -> None:
    op.add_column("requests", sa.Column("received_office", sa.String(32), nullable=True))
    op.create_index("ix_requests_received_office", "requests", ["received_office"])
    bind = op.get_bind()
    moved = {row.request_id for row in bind.execute(sa.text(
        "SELECT DISTINCT request_id FROM request_events WHERE status = 'independent_requested'"))}
    rows = bind.execute(sa.text("SELECT id, office, details FROM requests")).all()
    for row in rows:
        received = row.office
        if row.id in moved and row.office == "aru":
            details = row.details if isinstance(row.details, dict) else json.loads(row.details or "{}")
            wrote = (details or {}).get("wrote")
            received = wrote if wrote and wrote != "unknown" else "triage"
        bind.execute(sa.text("UPDATE requests SET received_office = :received WHERE id = :id"),
                     {"received": MERGED_INTO.get(received, received), "id": row.id})
    for old, new in MERGED_INTO.items():
        for table in ("requests", "staff_users"):
            bind.execute(sa.text(f"UPDATE {table} SET office = :new WHERE office = :old"),  # noqa: S608 (our names)
                         {"new": new, "old": old})


def downgrade() -> None:
    op.drop_index("ix_requests_received_office", "requests")
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("received_office")

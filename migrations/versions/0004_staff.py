"""The receiving office: staff users, status history, audit log, inbox columns.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FLAGS = ("flag_welsh", "flag_needs", "flag_no_authority", "flag_late")


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("office", sa.String(32), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sessions_revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("status", sa.String(32), nullable=False, server_default="received"))
        batch.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("next_due", sa.Date(), nullable=True))
        batch.add_column(sa.Column("statute_limit", sa.Date(), nullable=True))
        batch.add_column(sa.Column("target_due", sa.Date(), nullable=True))
        batch.add_column(sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        for flag in FLAGS:
            batch.add_column(sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false()))
    _fill_existing()
    with op.batch_alter_table("requests") as batch:
        for column in ("received_on", "target_due", "last_activity_at"):
            batch.alter_column(column, nullable=False)
    op.create_index("ix_requests_office_status_next_due", "requests", ["office", "status", "next_due"])
    op.create_index("ix_requests_office_statute_limit", "requests", ["office", "statute_limit"])
    op.create_index("ix_requests_status_next_due", "requests", ["status", "next_due"])
    op.create_index("ix_requests_office_received_on", "requests", ["office", "received_on"])
    op.create_table(
        "request_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("requests.id"), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("staff_users.id"), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_request_events_request_id", "request_events", ["request_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("staff_users.id"), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(64), nullable=False, server_default=""),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_user_id", "audit_log", ["user_id"])
    _append_only("audit_log")


def _fill_existing() -> None:
    """Requests sent before this migration: their inbox columns, from what was stored."""
    from webapp.staff import records

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, kind, answers, details, assessment, created_at FROM requests")).mappings()
    table = sa.table("requests", *(sa.column(c) for c in (
        "id", "status", "received_on", "next_due", "statute_limit", "target_due", "last_activity_at", *FLAGS)))
    for row in list(rows):
        stand_in = _StandIn(**row)
        records.arrived(stand_in)
        bind.execute(table.update().where(table.c.id == row["id"]).values(
            status="received", received_on=stand_in.received_on, next_due=stand_in.next_due,
            statute_limit=stand_in.statute_limit, target_due=stand_in.target_due,
            last_activity_at=stand_in.last_activity_at, **{f: getattr(stand_in, f) for f in FLAGS}))


class _StandIn:
    """A request row as records.arrived() reads and writes it (no ORM in migrations)."""

    def __init__(self, id, kind, answers, details, assessment, created_at):
        import json
        from datetime import UTC, datetime

        def parsed(value):
            return json.loads(value) if isinstance(value, str) else value

        self.id, self.kind = id, kind
        self.answers, self.details, self.assessment = parsed(answers), parsed(details), parsed(assessment)
        if isinstance(created_at, str):
            created_at = datetime.fromisoformat(created_at)
        self.created_at = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
        self.events = []


def _append_only(table: str) -> None:
    """The database itself refuses to change or delete audit entries."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql""")
        op.execute(f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                       FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""")
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"""CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
                           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_table("audit_log")
    op.drop_table("request_events")
    for name in ("ix_requests_office_received_on", "ix_requests_status_next_due",
                 "ix_requests_office_statute_limit", "ix_requests_office_status_next_due"):
        op.drop_index(name, table_name="requests")
    with op.batch_alter_table("requests") as batch:
        for column in ("status", "received_on", "next_due", "statute_limit", "target_due", "last_activity_at",
                       "closed_on", *FLAGS):
            batch.drop_column(column)
    op.drop_table("staff_users")

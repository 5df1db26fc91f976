"""Database models (SQLAlchemy 2, typed). Changes go through Alembic: migrations/."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from datetime import date, datetime

from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, event, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


def tune_sqlite(engine) -> None:
    """SQLite shared by several workers (gunicorn): WAL, so that readers never wait for the
    writer; up to 15 s of waiting for the write lock instead of failing at once; and, for
    every request that may write (not GET/HEAD) and outside requests, BEGIN IMMEDIATE, so
    that a transaction that reads then writes (sending a request) takes the write lock
    first, rather than failing when another worker wrote in between. Such requests are
    therefore one at a time on SQLite; PostgreSQL (production) has no such lock."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # transactions begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 15000")
        # WAL is kept in the file: switch once. Several workers starting together may try
        # at the same moment; the switch needs the file to themselves, so all but one are
        # refused ("locked"), and the one that switches is enough.
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            with suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        reading = has_request_context() and request.method in ("GET", "HEAD")
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


class Draft(db.Model):
    """One person's answers while they use the questionnaire, under a random id that
    only their signed session cookie holds. Deleted on request, on exit and when idle."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    # The request being prepared from the answers: its kind, details and submission id.
    request: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    # Answers a change made irrelevant, kept (never shown or assessed) in case a change
    # back calls for them again (webapp/views/questions.py).
    set_aside: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Request(db.Model):
    """A sent request, stored once, with the assessment and deadlines as they were when sent."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    # One per "Send request" form: a double click, a refresh or a retry finds the same row.
    submission_id: Mapped[str] = mapped_column(String(64), unique=True)
    # sha256 of the draft id it was sent from: a double click's second post still carries
    # the draft id (not yet the "sent" mark) and must reach the same confirmation.
    owner: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))  # request_kinds.KINDS
    office: Mapped[str] = mapped_column(String(32), index=True)  # the office that holds it now
    # The office it was sent to: it stays when the request moves to the ARU (the figures
    # count it there). Empty only for rows written before migration 0008 ran.
    received_office: Mapped[str | None] = mapped_column(
        String(32), nullable=True, index=True, default=lambda context: context.get_current_parameters()["office"])
    language: Mapped[str] = mapped_column(String(2))
    answers: Mapped[dict] = mapped_column(JSON)
    details: Mapped[dict] = mapped_column(JSON)
    assessment: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    # The office's work on it (staff inbox). Kept in columns, updated with each status
    # change, so the inbox sorts and filters 100,000 requests with indexes.
    status: Mapped[str] = mapped_column(String(32), default="received")
    received_on: Mapped[date] = mapped_column(Date)  # the day it arrived, in England and Wales
    next_due: Mapped[date | None] = mapped_column(Date, nullable=True)  # the office's next deadline
    statute_limit: Mapped[date | None] = mapped_column(Date, nullable=True)  # VRR 32
    target_due: Mapped[date] = mapped_column(Date)  # to be closed by (figures: "within target")
    last_activity_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Flags for the inbox: replies in Welsh, communication needs, acting for a victim
    # without their written authority uploaded, late or exceptional circumstances.
    flag_welsh: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_needs: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_no_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_late: Mapped[bool] = mapped_column(Boolean, default=False)

    events: Mapped[list[RequestEvent]] = relationship(back_populates="request", order_by="RequestEvent.id")

    __table_args__ = (
        Index("ix_requests_office_status_next_due", "office", "status", "next_due"),
        Index("ix_requests_office_statute_limit", "office", "statute_limit"),
        Index("ix_requests_status_next_due", "status", "next_due"),
        Index("ix_requests_office_received_on", "office", "received_on"),
        # The open requests only (a small part of the table): the inbox sorts their ids from it.
        Index("ix_requests_open", "office", "next_due", "statute_limit", "status", "kind", "id",
              sqlite_where=text("status != 'closed'"), postgresql_where=text("status != 'closed'")),
    )


class StaffUser(db.Model):
    """Someone in a receiving office. Roles: caseworker (their office's requests),
    reviewer (the Appeals and Review Unit), administrator (every office, and users)."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # "caseworker" | "reviewer" | "admin"
    office: Mapped[str | None] = mapped_column(String(32), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Changing the password changes this, which ends every session signed with the old one.
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Signing out ends every session signed in before this moment (the cookie alone
    # cannot be taken back: a copy of it would otherwise still work).
    sessions_revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RequestEvent(db.Model):
    """A status change: when, by whom, and the note they left."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    request: Mapped[Request] = relationship(back_populates="events")
    status: Mapped[str] = mapped_column(String(32))
    on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    user: Mapped[StaffUser | None] = relationship()
    note: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(db.Model):
    """Append-only: who viewed, downloaded or changed what. Never updated or deleted
    (the ORM refuses; see below)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(32))  # "view", "download", "status", "login"...
    target: Mapped[str] = mapped_column(String(254), default="")  # a reference, a user's email...
    detail: Mapped[str] = mapped_column(Text, default="")


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _audit_is_append_only(_mapper, _connection, _target):
    raise PermissionError("the audit log is append-only")


class OutboxMessage(db.Model):
    """A message to send about a request, written in the request's own transaction
    (so none is lost), then delivered by the configured notifier."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    request: Mapped[Request] = relationship()
    template: Mapped[str] = mapped_column(String(32))  # "confirmation" | "office_notice"
    channel: Mapped[str] = mapped_column(String(16))  # "email"
    recipient: Mapped[str] = mapped_column(String(254))  # an email address, or an office code
    language: Mapped[str] = mapped_column(String(2))
    personalisation: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)  # "queued" | "sent" | "failed"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

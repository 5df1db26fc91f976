"""Database models (SQLAlchemy 2, typed). Changes go through Alembic: migrations/."""

from __future__ import annotations

from datetime import datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Draft(db.Model):
    """One person's answers while they use the questionnaire, under a random id that
    only their signed session cookie holds. Deleted on request, on exit and when idle."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    # The request being prepared from the answers: its kind, details and submission id.
    request: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
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
    kind: Mapped[str] = mapped_column(String(16))
    office: Mapped[str] = mapped_column(String(32), index=True)
    language: Mapped[str] = mapped_column(String(2))
    answers: Mapped[dict] = mapped_column(JSON)
    details: Mapped[dict] = mapped_column(JSON)
    assessment: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


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

"""Sending a request: stored exactly once, in one transaction with the draft's change
(its request details cleared, its answers moved on by what sending made true).

The "Send request" form carries a submission id made when the request was started. It
is unique in the table, so a double click, a refresh, a retry after a network error or
two concurrent posts all end on the same row. The reference is 12 characters from an
alphabet without 0/O or 1/I (easy to read aloud), drawn with `secrets` (unguessable:
32^12, about 60 bits).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from questionnaire import assess
from questionnaire.calendar import today_in_england
from questionnaire.request_kinds import after_sending

from . import notifications
from .models import Draft, Request, db
from .offices import route
from .staff import records

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def owner_of(draft_id: str | None) -> str:
    return hashlib.sha256((draft_id or "").encode()).hexdigest()


def by_submission(submission_id: str) -> Request | None:
    return db.session.scalar(select(Request).where(Request.submission_id == submission_id))


def by_reference(reference: str) -> Request | None:
    return db.session.scalar(select(Request).where(Request.reference == reference))


def send(draft: Draft, submission_id: str, language: str) -> Request:
    """Store the draft's request and delete the draft, together; or find it if already sent."""
    existing = by_submission(submission_id)
    if existing is not None:
        return existing
    kind = draft.request["kind"]
    details = dict(draft.request.get("details", {}))
    assessment = assess(draft.answers, today_in_england())
    office = route(kind, assessment, details.get("wrote"))
    for _attempt in range(5):
        request = Request(
            reference=new_reference(), submission_id=submission_id, owner=owner_of(draft.id), kind=kind,
            office=office.code,
            language=language, answers=dict(draft.answers), details=details, assessment=assessment,
            created_at=datetime.now(UTC),
        )
        records.arrived(request)  # the office's inbox columns: status, due dates, flags
        db.session.add(request)
        notifications.queue(request)  # in this same transaction
        # The answers stay (until Exit, Start again or the idle limit), moved on by what
        # sending made true (a review request: the review is now asked for, today), so a
        # second request never means answering again; the request's details go with it.
        draft.answers = after_sending(kind, draft.answers, date.fromisoformat(assessment["today"]))
        draft.request = {}
        draft.updated_at = request.created_at
        try:
            db.session.commit()
            return request
        except (IntegrityError, StaleDataError):  # the same form, sent concurrently
            db.session.rollback()
            existing = by_submission(submission_id)  # a concurrent post of the same form won
            if existing is not None:
                return existing
            # otherwise the reference collided: draw another
    raise RuntimeError("could not store the request")

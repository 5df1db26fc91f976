"""The answers of the person using the service, kept server-side.

The browser holds only a random draft id, in Flask's signed, HttpOnly, SameSite
session cookie; nothing personal is in a URL. A draft idle for longer than
IDLE_MINUTES is treated as gone and deleted.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, g, session

from .models import Draft, Request, db

SESSION_KEY = "draft"
# Set when this browser's answers were deleted for being idle, until the person has been
# told so (pages.expired): the next question, check or results page goes there instead of
# to the start page with no word of what happened (WCAG 2.2.1, the HMRC timeout pattern).
EXPIRED_KEY = "answers_expired"


def _now() -> datetime:
    return datetime.now(UTC)


def _idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["IDLE_MINUTES"])


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def current() -> Draft | None:
    """This person's draft, if they have one that has not expired (looked up once a request)."""
    if "draft" not in g:
        g.draft = _load()
    return g.draft


def _load() -> Draft | None:
    draft_id = session.get(SESSION_KEY)
    if not draft_id:
        return None
    draft = db.session.get(Draft, draft_id)
    if draft is None:
        # Deleted by `flask purge` while idle, unless it went with a request just sent
        # (a second post of the same form still needs the id: requests._owns).
        if not _sent_from(draft_id):
            session.pop(SESSION_KEY, None)
            session[EXPIRED_KEY] = True
        return None
    if _now() - _aware(draft.updated_at) > _idle_limit():
        delete()
        session[EXPIRED_KEY] = True
        return None
    return draft


def _sent_from(draft_id: str) -> bool:
    from .requests_store import owner_of

    return db.session.query(Request.id).filter_by(owner=owner_of(draft_id)).first() is not None


def expired() -> bool:
    """Whether this browser's answers were deleted for being idle and it was not told yet."""
    current()
    return bool(session.get(EXPIRED_KEY))


def told_expired() -> None:
    session.pop(EXPIRED_KEY, None)


def answers() -> dict:
    draft = current()
    return dict(draft.answers) if draft else {}


def set_aside() -> dict:
    draft = current()
    return dict(draft.set_aside or {}) if draft else {}


def save(new_answers: dict, aside: dict | None = None) -> Draft:
    """Store the answers (creating the draft on first save) and mark activity; `aside`, if
    given, replaces the answers set aside by a change."""
    draft = current()
    now = _now()
    if draft is None:
        draft = Draft(id=secrets.token_urlsafe(32), answers={}, created_at=now, updated_at=now)
        db.session.add(draft)
        session[SESSION_KEY] = draft.id
        session.pop(EXPIRED_KEY, None)
        g.draft = draft
    draft.answers = dict(new_answers)
    if aside is not None:
        draft.set_aside = dict(aside)
    draft.updated_at = now
    db.session.commit()
    return draft


def touch() -> datetime | None:
    """Mark activity (the "stay signed in" of the timeout warning). Returns the new expiry."""
    draft = current()
    if draft is None:
        return None
    draft.updated_at = _now()
    db.session.commit()
    return expires_at(draft)


def expires_at(draft: Draft) -> datetime:
    return _aware(draft.updated_at) + _idle_limit()


def seconds_left() -> int | None:
    """How long this browser's answers are kept without activity; None without answers.
    Sent to the page (the timeout warning), which counts from when it got it: the
    browser's clock may be wrong."""
    draft = current()
    if draft is None:
        return None
    return max(0, int((expires_at(draft) - _now()).total_seconds()))


def delete() -> None:
    """Delete this person's answers and forget the id."""
    draft_id = session.pop(SESSION_KEY, None)
    session.pop(EXPIRED_KEY, None)
    g.draft = None
    if draft_id:
        db.session.query(Draft).filter_by(id=draft_id).delete()
        db.session.commit()


def delete_expired() -> int:
    """Delete every draft idle for longer than the limit. Returns how many."""
    cutoff = _now() - _idle_limit()
    count = db.session.query(Draft).filter(Draft.updated_at < cutoff).delete()
    db.session.commit()
    return count


def save_request(request: dict) -> None:
    """Store the request being prepared (kind, details, submission id) with the answers."""
    draft = current()
    draft.request = dict(request)
    draft.updated_at = _now()
    db.session.commit()


def forget() -> None:
    """After sending: the draft row went with the request's transaction; drop the id."""
    session.pop(SESSION_KEY, None)
    g.draft = None

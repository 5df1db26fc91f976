"""Keeping a request's inbox columns right: when it arrives, and at each status change.

The columns (status, next_due, statute_limit, target_due, flags) are what the inbox
sorts and filters on; they are derived here, from the stored assessment and the status
history, with the pure rules of workflow.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from questionnaire.calendar import LONDON, today_in_england

from ..models import AuditEntry, Request, RequestEvent, StaffUser, db
from . import workflow


def _pathway(request: Request) -> str | None:
    return (request.assessment.get("routes", {}).get("vrr") or {}).get("pathway")


def _statute_limit(request: Request) -> date | None:
    value = request.assessment.get("deadlines", {}).get("statute_limit")
    return date.fromisoformat(value) if value else None


def arrived(request: Request) -> None:
    """Fill in the inbox columns of a request being stored (before its commit)."""
    now = request.created_at or datetime.now(UTC)
    received = now.astimezone(LONDON).date()
    details, answers = request.details or {}, request.answers or {}
    vrr = request.assessment.get("routes", {}).get("vrr") or {}
    request.status = "received"
    request.received_on = received
    request.statute_limit = _statute_limit(request)
    request.target_due = workflow.target(request.kind, _pathway(request), received)
    request.last_activity_at = now
    request.flag_welsh = details.get("language") == "cy"
    request.flag_needs = bool(details.get("needs"))
    request.flag_no_authority = answers.get("role") == "representative" and not details.get("authority_file")
    request.flag_late = vrr.get("timing") in ("late", "out_of_time") or bool(vrr.get("exceptional_circumstances"))
    refresh(request, [], received)


def events_of(request: Request) -> list[workflow.Event]:
    return [workflow.Event(e.status, e.on) for e in request.events]


def dues(request: Request, today: date | None = None) -> list[workflow.Due]:
    return workflow.due_dates(request.kind, _pathway(request), request.received_on, events_of(request),
                              today or today_in_england(), request.statute_limit)


def refresh(request: Request, events: list[workflow.Event], today: date) -> None:
    request.next_due = workflow.next_due(workflow.due_dates(
        request.kind, _pathway(request), request.received_on, events, today, request.statute_limit))


class NotAllowed(ValueError):
    pass


def change_status(request: Request, status: str, user: StaffUser, note: str = "",
                  today: date | None = None) -> RequestEvent:
    """Move a request on (timestamped, attributed, audited), in the caller's transaction."""
    if status not in workflow.transitions(request.kind, request.status, request.office):
        raise NotAllowed(status)
    now = datetime.now(UTC)
    day = today or today_in_england()
    change = RequestEvent(request=request, status=status, on=day, at=now, user=user, note=note)
    db.session.add(change)
    request.status = status
    request.last_activity_at = now
    if status in workflow.MOVES_TO_OFFICE:
        request.office = workflow.MOVES_TO_OFFICE[status]
    request.closed_on = day if status in workflow.FINAL else None
    refresh(request, events_of(request), day)  # the new event is already in request.events
    audit(user, "status", request.reference, status)
    return change


def audit(user: StaffUser | None, action: str, target: str = "", detail: str = "") -> None:
    db.session.add(AuditEntry(at=datetime.now(UTC), user_id=user.id if user else None, action=action,
                              target=target, detail=detail))

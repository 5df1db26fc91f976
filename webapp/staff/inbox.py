"""The inbox query: an office's requests, most urgent first, filtered and paged.

Most urgent first (VRR 32, Annex B):
1. the time limit for prosecuting ends within STATUTE_SOON working days (soonest first);
2. overdue against the office's next deadline (most overdue first);
3. then by the next deadline, soonest first.
Closed requests have no deadline and come last. The query reads only indexed columns
(office, status, next_due, statute_limit, received_on), and the database keeps only
the page it returns while it sorts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, func, select

from questionnaire.calendar import add_working_days

from ..models import Request, StaffUser, db

PAGE_SIZE = 50
STATUTE_SOON = 20  # working days
IDLE_DAYS = 60  # the CCRC inspection's alarm on cases idle for 60 days (recommendation 9)
FLAGS = ("welsh", "needs", "no_authority", "late", "overdue", "statute_soon", "idle")
SORTS = ("urgency", "due", "newest", "oldest")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    status: str = "open"  # "open", "all", or one status
    flag: str = ""
    received_from: date | None = None
    received_to: date | None = None
    sort: str = "urgency"
    page: int = 1


@dataclass(frozen=True)
class Page:
    rows: list[Request]
    total: int
    page: int
    pages: int


def visible(query: Select, user: StaffUser) -> Select:
    """Only what this user may see: their office's requests (administrators: all)."""
    return query if user.role == "admin" else query.where(Request.office == user.office)


def _filtered(query: Select, filters: Filters, today: date, now: datetime) -> Select:
    if filters.kind:
        query = query.where(Request.kind == filters.kind)
    if filters.status == "open":
        query = query.where(Request.status != "closed")
    elif filters.status != "all":
        query = query.where(Request.status == filters.status)
    if filters.received_from:
        query = query.where(Request.received_on >= filters.received_from)
    if filters.received_to:
        query = query.where(Request.received_on <= filters.received_to)
    flag = filters.flag
    if flag in ("welsh", "needs", "no_authority", "late"):
        query = query.where(getattr(Request, f"flag_{flag}").is_(True))
    elif flag == "overdue":
        query = query.where(Request.next_due < today)
    elif flag == "statute_soon":
        query = query.where(Request.statute_limit <= add_working_days(today, STATUTE_SOON),
                            Request.status != "closed")
    elif flag == "idle":
        query = query.where(Request.last_activity_at < now - timedelta(days=IDLE_DAYS), Request.status != "closed")
    return query


def _ordered(query: Select, sort: str, today: date) -> Select:
    if sort == "newest":
        return query.order_by(Request.received_on.desc(), Request.id.desc())
    if sort == "oldest":
        return query.order_by(Request.received_on, Request.id)
    if sort == "due":
        return query.order_by(Request.next_due.is_(None), Request.next_due, Request.id)
    soon = add_working_days(today, STATUTE_SOON)
    statute_soon = (Request.statute_limit <= soon) & (Request.status != "closed")
    bucket = case((statute_soon, 0), (Request.next_due < today, 1), (Request.next_due.is_not(None), 2), else_=3)
    when = case((statute_soon, Request.statute_limit), else_=Request.next_due)
    return query.order_by(bucket, when, Request.id)


def page(user: StaffUser, filters: Filters, today: date, now: datetime) -> Page:
    base = _filtered(visible(select(Request.id), user), filters, today, now)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, filters.page), pages)
    # The page's ids first, sorted from the index alone (ix_requests_open holds every column
    # the filters and the order read), then only those rows are read whole.
    ordered = _ordered(base, filters.sort, today).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    ids = db.session.scalars(ordered).all()
    found = {r.id: r for r in db.session.scalars(select(Request).where(Request.id.in_(ids)))} if ids else {}
    return Page([found[i] for i in ids], total, number, pages)

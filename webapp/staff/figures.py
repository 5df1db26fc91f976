"""Timeliness figures, per office and kind (the CCRC inspection's recommendations 2 and
9; VRR Annex B): requests open and in time, overdue, closed within target, the median
working days to close, and open requests with no activity for 60 days.

A request counts for the office that received it, even after it moved to the Appeals and
Review Unit for an independent review (VRR 42): its own row would otherwise lose it.
`moved_to_aru` says how many of an office's requests did; the ARU sees them too (it
holds them), in the row of the office that received them."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import func, or_, select

from questionnaire.calendar import is_working_day

from ..models import Request, StaffUser, db
from .inbox import IDLE_DAYS


@dataclass
class Row:
    office: str
    kind: str
    total: int = 0
    open_in_time: int = 0
    overdue: int = 0
    closed: int = 0
    closed_within_target: int = 0
    median_working_days_to_close: float | None = None
    idle_60_days: int = 0
    moved_to_aru: int = 0  # received here, then moved to the ARU (VRR 42)


class WorkingDays:
    """Working days between dates by a running count over the whole span (fast for many)."""

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.counts = [0]
        day = first
        while day < last:
            day += timedelta(days=1)
            self.counts.append(self.counts[-1] + (1 if is_working_day(day) else 0))

    def between(self, start: date, end: date) -> int:
        """As questionnaire.calendar.working_days_between: after start, up to and including end."""
        if end <= start:
            return 0
        return self.counts[(end - self.first).days] - self.counts[(start - self.first).days]


def compute(user: StaffUser, today: date, now: datetime) -> list[Row]:
    received = func.coalesce(Request.received_office, Request.office)
    columns = (received.label("received"), Request.office, Request.kind, Request.status, Request.next_due,
               Request.target_due, Request.received_on, Request.closed_on, Request.last_activity_at)
    query = select(*columns)
    if user.role != "admin":  # the requests it received, and those it holds now
        query = query.where(or_(Request.office == user.office, received == user.office))
    records = db.session.execute(query).all()
    if not records:
        return []
    days = WorkingDays(min(r.received_on for r in records), max([today, *(r.closed_on or today for r in records)]))
    idle_since = now - timedelta(days=IDLE_DAYS)
    rows: dict[tuple[str, str], Row] = {}
    to_close: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in records:
        key = (r.received, r.kind)
        row = rows.setdefault(key, Row(*key))
        row.total += 1
        row.moved_to_aru += r.office != r.received
        if r.status == "closed":
            row.closed += 1
            row.closed_within_target += r.closed_on <= r.target_due
            to_close[key].append(days.between(r.received_on, r.closed_on))
        else:
            late = r.next_due is not None and r.next_due < today
            row.overdue += late
            row.open_in_time += not late
            active = r.last_activity_at if r.last_activity_at.tzinfo else r.last_activity_at.replace(tzinfo=now.tzinfo)
            row.idle_60_days += active < idle_since
    for key, spans in to_close.items():
        middle = median(spans)  # a whole number, or a half for an even count
        rows[key].median_working_days_to_close = int(middle) if middle == int(middle) else round(middle, 1)
    return [rows[key] for key in sorted(rows)]


def as_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f.name for f in fields(Row)])
    for row in rows:
        writer.writerow(["" if getattr(row, f.name) is None else getattr(row, f.name) for f in fields(Row)])
    return out.getvalue()

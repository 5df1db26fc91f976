"""How the staff pages show things: kinds, dates, countdowns, the rows of a request."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import request, url_for
from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _

from questionnaire.calendar import LONDON, add_working_days, working_days_between

from ..i18n import long_date, translate
from ..models import Request
from ..presenters import DEADLINES, answer_rows
from ..request_forms import steps_for
from . import workflow
from .forms import KINDS
from .inbox import STATUTE_SOON, Page


def kind_label(kind: str) -> str:
    return str(dict(KINDS).get(kind, kind))


def short_date(day: date) -> str:
    return format_date(day, "d MMM y")


def timestamp(moment: datetime) -> str:
    """In England and Wales time. Stored times are UTC (SQLite gives them back naive)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return format_datetime(aware.astimezone(LONDON), "d MMM y, HH:mm")


def countdown(day: date, today: date) -> str:
    if day < today:
        n = working_days_between(day, today)
        # Due on Friday, seen on Sunday: overdue, though no working day has passed since.
        return ngettext("overdue by %(num)d working day", "overdue by %(num)d working days", n) if n else _("overdue")
    if day == today:
        return _("due today")
    n = working_days_between(today, day)
    if n == 0:  # due at the weekend or on a bank holiday, before the next working day
        return _("due before the next working day")
    return ngettext("%(num)d working day left", "%(num)d working days left", n)


def soon_limit(today: date) -> date:
    return add_working_days(today, STATUTE_SOON)


def page_url(number: int) -> str:
    args = request.args.to_dict(flat=False)  # a date's three parts share one name
    args["page"] = [str(number)]
    return url_for("staff.inbox_page", **args)


def pagination(result: Page) -> dict:
    """GOV.UK pagination: first, last, and two either side of the current page."""
    items, previous = [], 0
    for n in range(1, result.pages + 1):
        if n in (1, result.pages) or abs(n - result.page) <= 2:
            if n - previous > 1:
                items.append({"ellipsis": True})
            items.append({"number": n, "href": page_url(n), "current": n == result.page})
            previous = n
    params = {"items": items, "landmarkLabel": _("Pages of results")}
    if result.page > 1:
        params["previous"] = {"href": page_url(result.page - 1), "text": _("Previous")}
    if result.page < result.pages:
        params["next"] = {"href": page_url(result.page + 1), "text": _("Next")}
    return params


def sent_rows(found: Request) -> list[dict]:
    from ..views.requests import _summary

    rows = _summary(steps_for(found.kind, (found.answers or {}).get("role")), found.details or {})
    return [{"key": {"text": r["key"]}, "value": {"html": r["html"]}} for r in rows]  # lines kept, each escaped


def moved_on(found: Request) -> date | None:
    """The day a request received by one office moved to the ARU (VRR 42), if it did."""
    if not found.received_office or found.received_office == found.office:
        return None
    days = [e.on for e in found.events if e.status in workflow.MOVES_TO_OFFICE]
    return days[-1] if days else found.received_on


def person_answers(found: Request) -> list[dict]:
    """The questionnaire answers the request was sent with, as the check page showed them
    (presenters.answer_rows), in the language of this page, not the person's."""
    return [{"key": {"text": r["key"]}, "value": {"text": r["value"]}} for r in answer_rows(found.answers or {})]


def assessment_rows(found: Request) -> list[dict]:
    deadlines = (found.assessment or {}).get("deadlines", {})
    return [{"key": {"text": translate(DEADLINES[k][0])}, "value": {"text": long_date(date.fromisoformat(v))}}
            for k, v in sorted(deadlines.items(), key=lambda item: item[1]) if k in DEADLINES]


HELPERS = {"kind_label": kind_label, "countdown": countdown, "soon_limit": soon_limit, "page_url": page_url,
           "pagination": pagination, "sent_rows": sent_rows,
           "person_answers": person_answers, "moved_on": moved_on, "assessment_rows": assessment_rows}
FILTERS = {"short_date": short_date, "timestamp": timestamp}

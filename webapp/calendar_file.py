"""The .ics file of a sent request: one all-day event per date that matters, each with
a reminder at 9am two working days before (questionnaire.calendar counts the days)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from questionnaire.calendar import LONDON, subtract_working_days

from .models import Request
from .presenters import DEADLINES

KEYS = ("vrr_representations", "vrr_local_resolution_due", "vrr_independent_review_due", "vrr_review_due",
        "vrr_independent_request", "statute_limit", "complaint", "police_review", "judicial_review",
        "appeal_crown_court", "appeal_conviction", "appeal_sentence")


def build(sent: Request) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Check your options after a criminal justice decision//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now(UTC)
    for key in KEYS:
        if key not in sent.assessment["deadlines"]:
            continue
        day = date.fromisoformat(sent.assessment["deadlines"][key])
        label, basis, _working = DEADLINES[key]
        event = Event()
        event.add("uid", f"{sent.reference}-{key}@check-your-options")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{_(label)} ({sent.reference})")
        event.add("description", _("%(basis)s. Your reference: %(reference)s", basis=_(basis),
                                   reference=sent.reference))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _(label))
        alarm.add("trigger", datetime.combine(subtract_working_days(day, 2), time(9), LONDON).astimezone(UTC))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()

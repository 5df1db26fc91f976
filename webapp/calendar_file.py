"""The .ics file of a sent request: one all-day event for each of its own dates (the
same as its confirmation's: presenters.sent_dates), each with a reminder at 9am two
working days before (questionnaire.calendar counts the days).

Calendars are often shared or seen on a locked phone: titles say what the date is for,
never anything about the case; the reference is in the description only.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from questionnaire.calendar import LONDON, subtract_working_days
from questionnaire.i18n import N_

from .models import Request
from .presenters import Deadline

# An event's title, whole (the deadline labels end in "by", written for a following date).
TITLES = {
    "vrr_representations": N_("Last day to send anything to the reviewer"),
    "vrr_local_resolution_due": N_("The CPS aims to finish its local review"),
    "vrr_independent_review_due": N_("The Appeals and Review Unit aims to finish its review"),
    "vrr_review_due": N_("The CPS aims to give its final review decision"),
    "vrr_independent_request": N_("Last day to ask for an independent review"),
    "statute_limit": N_("The time limit for prosecuting ends"),
}


def build(sent: Request, dates: list[Deadline]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Check your options after a criminal justice decision//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now(UTC)
    for d in dates:
        title = _(TITLES[d.key]) if d.key in TITLES else d.label
        event = Event()
        event.add("uid", f"{sent.reference}-{d.key}@check-your-options")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.day)
        event.add("dtend", d.day + timedelta(days=1))
        event.add("summary", title)
        event.add("description", _("%(basis)s. Your reference: %(reference)s", basis=d.basis,
                                   reference=sent.reference))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        # RFC 5545 3.8.6.3: an absolute trigger says VALUE=DATE-TIME, in UTC.
        alarm.add("trigger", datetime.combine(subtract_working_days(d.day, 2), time(9), LONDON).astimezone(UTC),
                  parameters={"VALUE": "DATE-TIME"})
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()

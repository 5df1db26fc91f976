"""The .ics files: a sent request's own dates (the same as its confirmation's:
presenters.sent_dates), or the dates still ahead on the results page, before anything is
sent. One all-day event a date, each with a reminder at 9am two working days before
(questionnaire.calendar counts the days).

Calendars are often shared or seen on a locked phone: titles say what the date is for,
never anything about the case; the reference is in the description only.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event

from questionnaire.calendar import LONDON, subtract_working_days
from questionnaire.i18n import N_

from .presenters import Deadline

# An event's title, whole (the deadline labels end in "by", written for a following date).
TITLES = {
    "vrr_representations": N_("Last day to send anything to the reviewer"),
    "vrr_local_resolution_due": N_("The CPS aims to finish its local review"),
    "vrr_independent_review_due": N_("The Appeals and Review Unit aims to finish its review"),
    "vrr_review_due": N_("The CPS aims to give its final review decision"),
    "vrr_independent_request": N_("Last day to ask for an independent review"),
    "statute_limit": N_("The time limit for prosecuting ends"),
    "vrr_request": N_("Last day to ask for a review in the usual time"),
    "vrr_late_limit": N_("After today, a late review request is unlikely to be accepted"),
    "complaint": N_("Last day to complain in the usual time"),
    "police_review": N_("Last day to ask the police for a review"),
    "police_complaint": N_("Last day to complain to the police in the usual time"),
    "judicial_review": N_("Last day to apply for judicial review (apply promptly, before this)"),
    "appeal_crown_court": N_("Last day to appeal to the Crown Court"),
    "appeal_conviction": N_("Last day to appeal against the conviction"),
    "appeal_sentence": N_("Last day to appeal against the sentence"),
}


def build(dates: list[Deadline], reference: str | None = None) -> bytes:
    """The calendar of `dates`; `reference` (a sent request's) names each event's uid and is
    given in its description; without one, the uids are random."""
    calendar = Calendar()
    calendar.add("prodid", "-//Check your options after a criminal justice decision//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now(UTC)
    for d in dates:
        title = _(TITLES[d.key]) if d.key in TITLES else d.label
        event = Event()
        event.add("uid", f"{reference or secrets.token_hex(8)}-{d.key}@check-your-options")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.day)
        event.add("dtend", d.day + timedelta(days=1))
        event.add("summary", title)
        event.add("description", _("%(basis)s. Your reference: %(reference)s", basis=d.basis, reference=reference)
                  if reference else d.basis)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        # RFC 5545 3.8.6.3: an absolute trigger says VALUE=DATE-TIME, in UTC.
        alarm.add("trigger", datetime.combine(subtract_working_days(d.day, 2), time(9), LONDON).astimezone(UTC),
                  parameters={"VALUE": "DATE-TIME"})
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()

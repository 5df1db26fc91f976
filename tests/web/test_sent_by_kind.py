"""Every request kind's confirmation (page, email, PDF, calendar file) carries that kind's
own dates and next steps, and no other kind's (journeys review B1: a complaint's
confirmation listed review dates). The expected dates are counted here from the
guidance (VRR 28, 31, 42, Annex B), not read from the code under test.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from questionnaire.calendar import add_working_days
from webapp.models import OutboxMessage, Request, db
from webapp.presenters import DEADLINES
from webapp.request_forms import steps_for

from .conftest import TODAY, text_of
from .hostile_support import form_specs
from .journeys import SCENARIOS, VICTIM_CPS

SENT = "/requests/sent"
ICS = "/requests/sent/calendar.ics"
PDF = "/requests/sent/copy.pdf"

# A victim who has not asked for a review yet (so the review's dates are in the results)
# and also wants to complain, in a sexual offence case (so a meeting is offered): B1's case.
BEFORE_A_REVIEW = {**VICTIM_CPS, "offence": ["sexual"], "service_complaint": True,
                   "complaint_event_date": "2026-11-16"}
# kind -> (answers it is sent from, panel title, {deadline label: day}) as of TODAY (Sunday
# 22 November 2026), the day it is sent.
KINDS = {
    "vrr": (SCENARIOS["victim_cps"], "Review request sent", {
        "Send anything you want the reviewer to consider by": TODAY + timedelta(days=14),  # VRR 28
        "The CPS aims to finish its local review by": add_working_days(TODAY, 10),  # Annex B
        "The CPS aims to give its final review decision by": add_working_days(TODAY, 30),  # VRR 31
    }),
    "independent_review": (SCENARIOS["business_local_decision"], "Independent review request sent", {
        "The Appeals and Review Unit aims to finish by": add_working_days(TODAY, 20),  # VRR 42, Annex B
    }),
    "meeting": (BEFORE_A_REVIEW, "Meeting request sent", {}),
    "complaint": (BEFORE_A_REVIEW, "Complaint sent", {}),
    "ccrc": (SCENARIOS["convicted_magistrates"], "Application sent", {}),
}
EVERY_LABEL = {str(label) for label, _basis, _working in DEADLINES.values()}


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def send(client_request, seed_answers, app, kind: str) -> Request:
    """Answer nothing again: the scenario's answers are stored; start the request from the
    results page, fill in each step with good values, send it from the check page."""
    answers, _title, _dates = KINDS[kind]
    seed_answers(answers)
    location = client_request.submit("/results", form_action=f"/requests/{kind}/start")
    for slug, form_class, _step_title in steps_for(kind, answers["role"]):
        assert location == f"/requests/{kind}/{slug}", location
        data = {s.name: (s.good() if s.kind in ("many", "date") else s.good()[0]) for s in form_specs(app, form_class)
                if s.kind != "file"}
        if "language" in data:
            data["language"] = "en"  # replies (and so the email) in English
        location = client_request.submit(location, data)
    assert location == f"/requests/{kind}/check", location
    confirm = {"declaration": ["true"]} if kind == "ccrc" else None  # the CCRC's declaration, on the check page
    assert client_request.submit(location, confirm, form_action=f"/requests/{kind}/send") == SENT
    with app.app_context():
        sent = db.session.query(Request).order_by(Request.id.desc()).first()
        db.session.expunge(sent)
    assert sent.kind == kind
    return sent


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_confirmation_page_names_the_kind_and_holds_only_its_dates(client_request, seed_answers, app, kind):
    _scenario, title, dates = KINDS[kind]
    send(client_request, seed_answers, app, kind)
    page = client_request.get(SENT)
    assert text_of(page.select_one(".govuk-panel__title")) == title
    rows = {text_of(r.select_one(".govuk-summary-list__key")):
            text_of(r.select_one(".govuk-summary-list__value strong"))
            for r in page.select("main .govuk-summary-list.app-deadlines .govuk-summary-list__row")}
    assert rows == {label: long_date(day) for label, day in dates.items()}
    main = text_of(page.select_one("main"))
    assert not (EVERY_LABEL - set(dates)) & {label for label in EVERY_LABEL if label in main}, main
    heading = next(h for h in page.select("main h2") if text_of(h) == "What happens next")
    assert heading.find_next_sibling("p") is not None, "'What happens next' with nothing under it"
    # The calendar link only where there is a date to add.
    assert bool(page.select(f"main a[href='{ICS}']")) == bool(dates)


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_email_pdf_and_calendar_of_a_kind_hold_only_its_dates(client_request, seed_answers, app, kind):
    _scenario, title, dates = KINDS[kind]
    sent = send(client_request, seed_answers, app, kind)
    others = EVERY_LABEL - set(dates)

    with app.app_context():
        (email,) = db.session.query(OutboxMessage).filter_by(request_id=sent.id, template="confirmation").all()
        body = email.personalisation["body"]
    assert body.startswith(title), body
    for label, day in dates.items():
        assert f"* {label}: {long_date(day)}" in body, body
    assert not [label for label in others if label in body], body

    response = client_request.client.get(PDF)
    assert response.status_code == 200
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages)
    assert title in text
    for label, day in dates.items():
        assert f"{label} {long_date(day)}" in text, text
    assert not [label for label in others if label in text], text

    response = client_request.client.get(ICS)
    if not dates:
        assert response.status_code == 404  # no empty calendar file
        return
    starts = sorted(e["DTSTART"].dt for e in Calendar.from_ical(response.data).walk("VEVENT"))
    assert starts == sorted(dates.values())
    assert b"TRIGGER;VALUE=DATE-TIME:" in response.data  # RFC 5545: an absolute reminder says so
    assert b" by (" not in response.data and b"by\r\n" not in response.data  # whole titles, no "… by"


def test_a_second_request_from_the_same_answers_needs_no_answers_again(client_request, seed_answers, app):
    """Journeys review S2: a victim sends a meeting request, then a complaint, from the
    confirmation's buttons, without answering the questions again; the review is still
    offered too."""
    send(client_request, seed_answers, app, "meeting")
    page = client_request.get(SENT)
    buttons = {f["action"] for f in page.select("main form")}
    assert {"/requests/complaint/start", "/requests/vrr/start"} <= buttons, buttons
    assert "/requests/meeting/start" not in buttons  # sent already
    location = client_request.submit(SENT, form_action="/requests/complaint/start")
    assert location.startswith("/requests/complaint/")
    with app.app_context():
        assert [r.kind for r in db.session.query(Request).order_by(Request.id)] == ["meeting"]

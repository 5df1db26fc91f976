"""Sending the other three kinds of request in the browser, JavaScript on and off: a
meeting with the CPS, a complaint to the CPS, and an application to the Criminal Cases
Review Commission. Each goes through the questionnaire like a person, starts the request
from the results page, fills in every step, checks and sends it, and reads the
confirmation. `Visitor` checks every page on the way (heading, URL, title, axe, focus and
history with JavaScript); each journey also sends one step empty first and reads the
GOV.UK error summary.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, expect

from questionnaire.calendar import add_working_days, today_in_england
from tests.databases import fetch_all

from . import journeys
from .support import Visitor, long_date, new_visitor_context

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
REFERENCE = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")
CHECK = "Check your request before sending it"
# What was sent, named on the confirmation (journeys review B1).
SENT = {"meeting": "Meeting request sent", "complaint": "Complaint sent", "ccrc": "Application sent",
        "vrr": "Review request sent"}
KEPT = "We keep your answers until you exit, start again or do not use the service for"
DECLARATION = "I confirm the information I have given is true to the best of my knowledge"


def visitor(new_context, js: bool, journey: str, **kwargs) -> Visitor:
    page = new_visitor_context(new_context, js).new_page()
    axe_page = None if js else new_context().new_page()
    return Visitor(page, js=js, journey=journey, axe_page=axe_page, **kwargs)


def stored(database, reference: str) -> dict:
    """The request stored under `reference`, with the messages queued about it."""
    rows = fetch_all(database, "SELECT id, kind, office, details FROM requests WHERE reference = :reference",
                     reference=reference)
    assert len(rows) == 1, f"requests stored with reference {reference}: {rows}"
    request_id, kind, office, details = rows[0]
    outbox = fetch_all(database, "SELECT template, recipient, language FROM outbox WHERE request_id = :id",
                       id=request_id)
    details = json.loads(details) if isinstance(details, str) else details  # SQLite: text; PostgreSQL: JSON
    return {"kind": kind, "office": office, "details": details, "outbox": sorted(outbox)}


# -- the questionnaire ---------------------------------------------------------------
def type_decision_date(v: Visitor, days_ago: int) -> None:
    """Type the date on the decision letter. With JavaScript, htmx previews the deadline as
    the date is typed: wait for that swap, so it is not taken for the next page's."""
    page = v.page
    settled = page.evaluate("window.__e2e.settled") if v.js else 0
    v.type_date(today_in_england() - timedelta(days=days_ago))
    if v.js:
        page.wait_for_function("n => window.__e2e.settled > n && !document.querySelector('.htmx-request')",
                               arg=settled)


def bereaved_relative_after_cps_stopped_the_case(v: Visitor) -> None:
    journeys.start(v)
    v.answer("A close relative of someone who died because of the crime", "Who made the decision?",
             "/questions/decision-by", "decision-by")
    v.answer("The Crown Prosecution Service (CPS)", "What did the decision do?",
             "/questions/decision-type", "decision-type")
    v.answer("Stopped the case", "What date is on the decision letter?", "/questions/decision-date", "decision-date")
    type_decision_date(v, 3)
    deadline = long_date(add_working_days(today_in_england() - timedelta(days=3), 10))
    if v.js:  # previewed as the date is typed
        expect(v.page.locator("#deadline-preview")).to_contain_text(f"Ask for a review by {deadline}")
    # The question speaks to the family of the person who died.
    v.go(v.continue_button(), "Did the family ask for the case to stop?",
         "/questions/victim-withdrew-support", "victim-withdrew-support")
    expect(v.page.locator(".app-deadline-preview")).to_contain_text(f"Ask for a review by {deadline}")
    v.answer("No", "Who in the CPS made the decision?", "/questions/decision-maker", "decision-maker")
    v.answer("A prosecutor in a local CPS Area",
             "Did the letter say the CPS was still waiting for information from the police?",
             "/questions/awaiting-material", "awaiting-material")
    v.answer("No", "What was the crime about?", "/questions/offence", "offence")
    v.answer("The death of your relative", "Was it a minor offence that can only be tried in a magistrates' court?",
             "/questions/summary-only", "summary-only")
    v.answer("No", "Have you already asked for this decision to be reviewed?", "/questions/vrr-stage", "vrr-stage")
    v.answer("No, not yet", journeys.CHECK, "/check-your-answers", "check-your-answers")
    journeys.check_answers_then_results(v)


def victim_after_cps_stopped_part_of_the_case(v: Visitor) -> None:
    journeys.start(v)
    v.answer("I am the victim of the crime", "Who made the decision?", "/questions/decision-by", "decision-by")
    v.answer("The Crown Prosecution Service (CPS)", "What did the decision do?",
             "/questions/decision-type", "decision-type")
    v.answer("Stopped only part of the case", "What date is on the decision letter?",
             "/questions/decision-date", "decision-date")
    type_decision_date(v, 5)
    v.go(v.continue_button(), journeys.CHECK, "/check-your-answers", "check-your-answers")
    journeys.check_answers_then_results(v)


def convicted_in_a_magistrates_court(v: Visitor) -> None:
    journeys.start(v)
    v.answer("I was convicted and want to challenge it", "Where were you convicted?",
             "/questions/conviction-place", "conviction-place")
    v.answer("England or Wales", "Which court convicted you?", "/questions/court", "court")
    v.answer("A magistrates' court", "What do you want to challenge?", "/questions/challenge", "challenge")
    v.answer("The conviction", "How did you plead?", "/questions/plea", "plea")
    v.answer("Guilty", "Has there been an appeal?", "/questions/appeal-status", "appeal-status")
    v.answer("No", "Have you applied to the Criminal Cases Review Commission before about this case?",
             "/questions/previous-ccrc-application", "previous-ccrc-application")
    v.answer("No", journeys.HORIZON_QUESTION,
             "/questions/post-office-horizon", "post-office-horizon")
    v.answer("No", journeys.CHECK, "/check-your-answers", "check-your-answers")
    journeys.check_answers_then_results(v)


# -- the request's steps ---------------------------------------------------------------
def start_request(v: Visitor, button: str, kind: str, screenshots) -> None:
    """From the results page. Screenshots from here on: the request's own pages (the
    questionnaire's are the other journeys' to keep, and each costs run time)."""
    v.screenshots = screenshots
    v.go(v.page.get_by_role("button", name=button, exact=True), "Your details",
         f"/requests/{kind}/your-details", f"{kind}-your-details")


def step(v: Visitor, kind: str, heading: str, slug: str) -> None:
    """Continue to the next step of a `kind` request."""
    v.go(v.continue_button(), heading, f"/requests/{kind}/{slug}", f"{kind}-{slug}")


def group(v: Visitor, legend: str) -> Locator:
    return v.page.get_by_role("group", name=legend, exact=True)


def empty_step_errors(v: Visitor, kind: str, heading: str, slug: str, messages: list[str]) -> None:
    """Continue with nothing filled in: the same step, with the GOV.UK error summary."""
    v.go(v.continue_button(), heading, f"/requests/{kind}/{slug}", f"{kind}-{slug}-error", error=True)
    summary = v.page.locator(".govuk-error-summary")
    expect(summary.locator(".govuk-error-summary__title")).to_have_text("There is a problem")
    expect(summary.locator(".govuk-error-summary__list a")).to_have_text(messages)
    for message in messages:  # and each message by its field
        expect(v.page.locator(".govuk-error-message").filter(has_text=message)).to_have_count(1)
    v.assert_error_links_work()


def check_rows(v: Visitor, expected: dict[str, str]) -> None:
    """The check page shows each answer against its question."""
    rows = v.page.locator(".govuk-summary-list__row")
    for key, value in expected.items():
        row = rows.filter(has=v.page.locator(".govuk-summary-list__key").get_by_text(key, exact=True))
        expect(row, f"{v.journey}: the row {key!r}").to_have_count(1)
        # (inner text: an address's lines are <br>-separated)
        expect(row.locator(".govuk-summary-list__value")).to_have_text(value, use_inner_text=True)


def bereaved_sister_by_phone(v: Visitor, kind: str, heading: str, slug: str) -> None:
    """The first three steps of a `kind` request from the bereaved sister: her details, a
    phone that is safe for voicemail, English; then on to the kind's own step."""
    page = v.page
    page.get_by_label("Your full name", exact=True).fill("Jo Example")
    page.get_by_label("The full name of the person who died", exact=True).fill("Sam Example")
    page.get_by_label("Your relationship to the person who died", exact=True).fill("Sister")
    step(v, kind, "How to contact you", "contact")
    v.choose("Phone or text message")
    page.get_by_label("Phone number", exact=True).fill("07700 900 982")
    page.get_by_label("Leaving a voicemail", exact=True).check()
    step(v, kind, "Language and support", "support")
    v.choose("English")
    step(v, kind, heading, slug)


def send_and_read_confirmation(v: Visitor, office: str, kind: str) -> str:
    page = v.page
    v.go(page.get_by_role("button", name="Send request", exact=True), SENT[kind], "/requests/sent",
         f"{kind}-sent")
    reference = page.locator(".govuk-panel .app-reference").inner_text().strip()
    assert REFERENCE.match(reference), f"{v.journey}: reference {reference!r}"
    main = page.locator("main")
    expect(main).to_contain_text(f"It went to: {office}.")
    expect(main).to_contain_text(KEPT)
    # Only this kind's next steps: never the review's dates on another kind's confirmation.
    if kind != "vrr":
        expect(main).not_to_contain_text("reviewer to consider")
        expect(main).not_to_contain_text("final review decision")
    return reference


# -- the journeys ------------------------------------------------------------------------
@JS
def test_ask_for_a_meeting_after_the_cps_stopped_the_case(new_context, js, live_database, screenshots):
    v = visitor(new_context, js, "meeting")
    page = v.page
    bereaved_relative_after_cps_stopped_the_case(v)
    meeting = page.locator("#route-meeting")
    expect(meeting.get_by_role("heading", level=2)).to_have_text("Ask to meet the CPS")

    start_request(v, "Ask for a meeting", "meeting", screenshots)
    bereaved_sister_by_phone(v, "meeting", "About the meeting", "meeting")

    # Nothing chosen: both required answers are asked for.
    empty_step_errors(v, "meeting", "About the meeting", "meeting",
                      ["Select the CPS office that wrote to you, or I don't know",
                       "Select how you would like to meet"])
    page.get_by_label("Which CPS office wrote to you?", exact=True).select_option(label="CPS Wessex")
    v.choose("By video call")
    step(v, "meeting", CHECK, "check")
    check_rows(v, {"Your full name": "Jo Example", "The full name of the person who died": "Sam Example",
                   "How should the office contact you?": "Phone or text message", "Phone number": "07700 900 982",
                   "Which of these are safe?": "Leaving a voicemail",
                   "Which language should replies be in?": "English",
                   "Which CPS office wrote to you?": "CPS Wessex", "How would you like to meet?": "By video call"})

    reference = send_and_read_confirmation(v, "CPS Wessex", "meeting")
    saved = stored(live_database, reference)
    assert (saved["kind"], saved["office"]) == ("meeting", "wessex"), saved
    assert saved["details"]["meeting_format"] == "video", saved["details"]
    assert saved["details"]["phone"] == "07700 900 982", saved["details"]

    # A second request from the same answers (journeys review S2): the confirmation offers
    # the review still open, with a button; no question is asked again.
    asked_before = len(v.question_pages())
    other = page.locator("main form").filter(has=page.get_by_role("button", name="Ask for a review"))
    expect(other).to_have_count(1)
    v.go(other.get_by_role("button"), "Your details", "/requests/vrr/your-details", "vrr-your-details-second")
    bereaved_sister_by_phone(v, "vrr", "About the case", "case")
    page.get_by_label("Which CPS office wrote to you?", exact=True).select_option(label="CPS Wessex")
    step(v, "vrr", CHECK, "check")
    second = send_and_read_confirmation(v, "CPS Wessex", "vrr")
    assert len(v.question_pages()) == asked_before, "questions asked again for the second request"
    assert stored(live_database, second)["kind"] == "vrr"
    # The results now say the review is under way, and offer no second review request.
    page.goto("/results")
    expect(page.locator("#route-vrr h2")).to_have_text("Your review is under way")
    expect(page.get_by_role("button", name="Ask for a review")).to_have_count(0)
    v.finish()


@JS
def test_make_a_complaint_after_the_cps_stopped_part_of_the_case(new_context, js, live_database, screenshots):
    v = visitor(new_context, js, "complaint")
    page = v.page
    victim_after_cps_stopped_part_of_the_case(v)
    expect(page.locator("#route-complaint h2")).to_have_text("Complain to the CPS")
    expect(page.locator("#route-vrr")).to_contain_text("Part of the case is still going ahead")

    start_request(v, "Make a complaint", "complaint", screenshots)
    page.get_by_label("Your full name", exact=True).fill("Alex Example")
    step(v, "complaint", "How to contact you", "contact")

    v.choose("Post")
    page.get_by_label("Postal address", exact=True).fill("1 Example Street\nCardiff\nCF10 1AA")
    page.get_by_label("Sending letters", exact=True).check()
    step(v, "complaint", "Language and support", "support")
    v.choose("Cymraeg")
    step(v, "complaint", "Your complaint", "complaint")

    empty_step_errors(v, "complaint", "Your complaint", "complaint",
                      ["Select the CPS office that wrote to you, or I don't know", "Enter what happened",
                       "Enter when it happened", "Enter what would put it right"])
    page.get_by_label("Which CPS office wrote to you?", exact=True).select_option(label="CPS Cymru-Wales")
    page.get_by_label("What happened?", exact=True).fill("Nobody told me that one of the charges was dropped.")
    page.get_by_label("When did it happen?", exact=True).fill("Last week")
    page.get_by_label("What would put it right?", exact=True).fill("An explanation and an apology.")
    step(v, "complaint", CHECK, "check")
    check_rows(v, {"Your full name": "Alex Example", "How should the office contact you?": "Post",
                   "Postal address": "1 Example Street\nCardiff\nCF10 1AA",
                   "Which of these are safe?": "Sending letters",
                   "Which language should replies be in?": "Cymraeg",
                   "Which CPS office wrote to you?": "CPS Cymru-Wales",
                   "What happened?": "Nobody told me that one of the charges was dropped.",
                   "When did it happen?": "Last week",
                   "What would put it right?": "An explanation and an apology."})

    reference = send_and_read_confirmation(v, "CPS Cymru-Wales", "complaint")
    saved = stored(live_database, reference)
    assert (saved["kind"], saved["office"]) == ("complaint", "cymru_wales"), saved
    assert saved["details"]["language"] == "cy", saved["details"]
    assert saved["details"]["put_right"] == "An explanation and an apology.", saved["details"]
    v.finish()


@JS
def test_apply_to_the_commission_after_a_magistrates_court_conviction(new_context, js, live_database,
                                                                      screenshots):
    v = visitor(new_context, js, "ccrc")
    page = v.page
    convicted_in_a_magistrates_court(v)
    ccrc = page.locator("#route-ccrc")
    expect(ccrc.get_by_role("heading", level=2)).to_have_text("Apply to the Criminal Cases Review Commission")
    expect(ccrc).to_contain_text("You can apply now.")

    start_request(v, "Apply to the Commission", "ccrc", screenshots)
    page.get_by_label("Your full name", exact=True).fill("Chris Example")
    step(v, "ccrc", "How to contact you", "contact")

    v.choose("Email")
    page.get_by_label("Email address", exact=True).fill("chris@example.com")
    page.get_by_label("Sending emails", exact=True).check()
    step(v, "ccrc", "Language and support", "support")
    v.choose("English")
    step(v, "ccrc", "About the conviction", "application")

    empty_step_errors(v, "ccrc", "About the conviction", "application",
                      ["Enter the date of birth", "Enter the date of the conviction", "Enter the date of the sentence",
                       "Enter the name of the court", "Enter the offence", "Enter why you think it is wrong",
                       "Select yes if a lawyer is helping", "Select yes if you are in prison"])
    for legend, (day, month, year) in (("Date of birth of the person convicted", ("27", "3", "1990")),
                                       ("Date of the conviction", ("2", "11", "2026")),
                                       ("Date of the sentence", ("9", "11", "2026"))):
        dates = group(v, legend)
        dates.get_by_label("Day", exact=True).fill(day)
        dates.get_by_label("Month", exact=True).fill(month)
        dates.get_by_label("Year", exact=True).fill(year)
    page.get_by_label("Which court was it?", exact=True).fill("Cardiff Magistrates' Court")
    page.get_by_label("What was the offence?", exact=True).fill("Theft from a shop")
    page.get_by_label("Why do you think the conviction or sentence is wrong?", exact=True).fill(
        "New CCTV footage shows I was not in the shop that day.")
    group(v, "Is a lawyer helping with this application?").get_by_label("No", exact=True).check()
    group(v, "Are you in prison?").get_by_label("Yes", exact=True).check()
    page.get_by_label("Prison number, if in prison", exact=True).fill("A1234BC")
    page.get_by_label("Prison address, if in prison", exact=True).fill("HMP Cardiff\nKnox Road\nCF24 0UG")
    step(v, "ccrc", CHECK, "check")
    check_rows(v, {"Date of birth of the person convicted": "Tuesday 27 March 1990",
                   "Your full name": "Chris Example", "How should the office contact you?": "Email",
                   "Email address": "chris@example.com", "Which of these are safe?": "Sending emails",
                   "Which language should replies be in?": "English",
                   "Which court was it?": "Cardiff Magistrates' Court", "What was the offence?": "Theft from a shop",
                   "Is a lawyer helping with this application?": "No",
                   "Are you in prison?": "Yes", "Prison number, if in prison": "A1234BC",
                   "Prison address, if in prison": "HMP Cardiff\nKnox Road\nCF24 0UG"})
    expect(page.locator("main")).to_contain_text("Your answers about the conviction are sent too")
    # The declaration is made on the check page: sent without it, the check page says so.
    v.go(page.get_by_role("button", name="Send request", exact=True), CHECK, "/requests/ccrc/check",
         "ccrc-check-error", error=True)
    expect(page.locator(".govuk-error-summary__list a")).to_have_text(
        ["Confirm that the information you have given is true"])
    v.assert_error_links_work()
    page.get_by_label(DECLARATION, exact=True).check()

    reference = send_and_read_confirmation(v, "Criminal Cases Review Commission", "ccrc")
    # The Commission's own published contact, not the CPS's.
    expect(page.locator("main")).to_contain_text("0121 233 1473")
    expect(page.locator("main")).not_to_contain_text("enquiries@cps.gov.uk")
    saved = stored(live_database, reference)
    assert (saved["kind"], saved["office"]) == ("ccrc", "ccrc"), saved
    assert saved["details"]["prison_number"] == "A1234BC", saved["details"]
    assert saved["details"]["declaration"] is True, saved["details"]
    assert saved["details"]["date_of_birth"] == "1990-03-27", saved["details"]
    # The email is safe, so a confirmation is queued to it, in English.
    assert ("confirmation", "chris@example.com", "en") in saved["outbox"], saved["outbox"]
    v.finish()

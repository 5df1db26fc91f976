"""Sending a Victims' Right to Review request: from the results page, through its four
steps and the check page, to "Send request", the confirmation and its calendar file.

Every page goes through `client_request`'s page checks (and, where a person with
JavaScript would get one, as an htmx fragment). Expected dates are counted with
questionnaire.calendar from the fixed today (Sunday 22 November 2026).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

import webapp.requests_store
import webapp.views.requests  # loaded now, so that fixed_today patches its today_in_england
from questionnaire import assess
from questionnaire.calendar import (
    LONDON,
    add_days,
    add_months,
    add_working_days,
    subtract_working_days,
    working_days_between,
)
from webapp.drafts import SESSION_KEY
from webapp.models import Draft, Request, db

from ..databases import DIALECT
from .conftest import SERVICE, TODAY, ClientRequest, browser_form_data, check_page, text_of, title_of
from .journeys import VICTIM_CPS, VICTIM_POLICE, answer_questions

BASE = "/requests/vrr"
START = f"{BASE}/start"
CHECK = f"{BASE}/check"
SEND = f"{BASE}/send"
SENT = "/requests/sent"
ICS = "/requests/sent/calendar.ics"
SLUGS = ("your-details", "contact", "support", "case")
TITLES = {
    "your-details": "Your details",
    "contact": "How to contact you",
    "support": "Language and support",
    "case": "About the case",
}
REFERENCE = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")
KEPT = "We keep your answers until you exit, start again or do not use the service for"

# What a person types on each step (what is not named is left as the page has it).
FILLED = {
    "your-details": {"full_name": "Alex Example", "victim_name": "", "relationship": ""},
    "contact": {"preferred": "email", "email": "alex@example.com", "phone": "", "address": "", "safe": ["email"]},
    "support": {"language": "en", "needs": [], "interpreter_language": "", "other_needs": ""},
    "case": {"wrote": "london_north", "urn": "01AB2345626", "reason": ""},
}
# What the check page should then list, in order.
CHECK_ROWS = [
    ("Your full name", "Alex Example", "your-details"),
    ("How should the office contact you?", "Email", "contact"),
    ("Email address", "alex@example.com", "contact"),
    ("Which of these are safe?", "Sending emails", "contact"),
    ("Which language should replies be in?", "English", "support"),
    ("Which CPS office wrote to you?", "CPS London North", "case"),
    ("Case reference (URN), if you know it", "01AB2345626", "case"),
]
# Decided by a Chief Crown Prosecutor; by a Director of Legal Services; an upheld local decision.
CHIEF_CROWN_PROSECUTOR = {**VICTIM_CPS, "decision_maker": "chief_crown_prosecutor"}
DIRECTOR_LEGAL_SERVICES = {**VICTIM_CPS, "decision_maker": "director_legal_services"}
LOCAL_DECISION = {**VICTIM_CPS, "vrr_stage": "local_decision", "request_date": "2026-11-17",
                  "local_decision_date": "2026-11-20"}
# A summary-only offence close to its 6-month time limit.
SUMMARY_ONLY = {**VICTIM_CPS, "summary_only": True, "offence_date": "2026-06-10"}
# What happens after a request is sent: the dates the confirmation page and the calendar give
# (asking for the review, by vrr_request or late, is done by sending).
AFTER_SENDING = ("vrr_representations", "vrr_local_resolution_due", "vrr_independent_review_due", "vrr_review_due",
                 "vrr_independent_request", "statute_limit")

HTMX = pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B} {day.year}"


# --------------------------------------------------------------------------- helpers


def start_request(client_request, seed_answers, answers: dict = VICTIM_CPS, *, htmx: bool = False) -> str:
    """Store the answers, press "Ask for a review" on the results page. Where it leads."""
    seed_answers(answers)
    location = client_request.submit("/results", form_action=START, htmx=htmx)
    assert location == f"{BASE}/your-details", location
    return location


def fill_steps(client_request, filled: dict = FILLED, *, htmx: bool = False) -> None:
    """Fill in the four steps, checking each leads to the next and the last to the check page."""
    location = f"{BASE}/{SLUGS[0]}"
    for index, slug in enumerate(SLUGS):
        assert location == f"{BASE}/{slug}", f"after {SLUGS[index - 1]}: {location}"
        location = client_request.submit(location, filled[slug], htmx=htmx)
    assert location == CHECK, location


def send_request(client_request, *, htmx: bool = False) -> str:
    location = client_request.submit(CHECK, form_action=SEND, htmx=htmx)
    assert location == SENT, location
    return location


def prepared(client_request, seed_answers, answers: dict = VICTIM_CPS, filled: dict = FILLED, *,
             htmx: bool = False) -> None:
    start_request(client_request, seed_answers, answers, htmx=htmx)
    fill_steps(client_request, filled, htmx=htmx)


def send_form(client_request) -> dict:
    """The "Send request" form of the check page, as the browser would post it."""
    page = client_request.get(CHECK)
    form = page.select_one(f"form[action='{SEND}']")
    assert form is not None, "no 'Send request' form on the check page"
    return browser_form_data(form)


def stored_requests(app) -> list[dict]:
    with app.app_context():
        return [
            {"reference": r.reference, "submission_id": r.submission_id, "kind": r.kind, "office": r.office,
             "language": r.language, "answers": r.answers, "details": r.details, "assessment": r.assessment}
            for r in db.session.scalars(select(Request).order_by(Request.id))
        ]


def draft_ids(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Draft.id)))


def as_stored(value):
    """What a value looks like after a round trip through a JSON column."""
    return json.loads(json.dumps(value))


def reference_on(page) -> str:
    shown = page.select_one(".govuk-panel .app-reference")
    assert shown is not None, "no reference in the confirmation panel"
    return shown.get_text("", strip=True)  # its groups are spans kept whole at 320 px, with no space between


def next_dates(page) -> list[tuple[str, str]]:
    """The "What happens next" list of the confirmation page: (label, date shown)."""
    heading = next((h for h in page.select("h2") if text_of(h) == "What happens next"), None)
    assert heading is not None, "no 'What happens next' heading"
    listing = heading.find_next_sibling(class_="govuk-summary-list")
    assert listing is not None, "no list of dates after 'What happens next'"
    return [(text_of(row.select_one(".govuk-summary-list__key")),
             text_of(row.select_one(".govuk-summary-list__value strong")))
            for row in listing.select(".govuk-summary-list__row")]


def summary_errors(page) -> list[tuple[str, str]]:
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    return [(a["href"], text_of(a)) for a in summary.select(".govuk-error-summary__list a")]


def inline_error(page, field: str) -> str:
    message = page.select_one(f"#{field}-error")
    assert message is not None, f"no inline error #{field}-error"
    assert "govuk-error-message" in message["class"]
    assert message.find_parent(class_="govuk-form-group--error") is not None, f"#{field}-error outside an error group"
    return text_of(message).removeprefix("Error:").strip()


def second_person(app) -> ClientRequest:
    """Another browser, with its own answers stored (as `seed_answers` does for the first)."""
    other = ClientRequest(app.test_client())
    draft_id = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with app.app_context():
        db.session.add(Draft(id=draft_id, answers=dict(VICTIM_CPS), created_at=now, updated_at=now))
        db.session.commit()
    with other.client.session_transaction() as session:
        session[SESSION_KEY] = draft_id
    return other


def session_cookie(app, client) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None, "no session cookie"
    return cookie.value


def client_with_cookie(app, value: str):
    """A new browser holding this session cookie (the same person, another tab or request)."""
    other = app.test_client()
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    return other


# --------------------------------------------------------------------------- from the results page


@HTMX
def test_results_of_an_eligible_vrr_case_offer_ask_for_a_review(client_request, seed_answers, htmx):
    seed_answers(VICTIM_CPS)
    page = client_request.get("/results", htmx=htmx)

    forms = page.select(f"#route-vrr form[action='{START}']")
    assert len(forms) == 1, f"{len(forms)} 'Ask for a review' forms in #route-vrr"
    assert forms[0]["method"].lower() == "post"
    assert [text_of(b) for b in forms[0].select("button")] == ["Ask for a review"]

    location = client_request.submit("/results", form_action=START, htmx=htmx)
    assert location == f"{BASE}/your-details"
    step = client_request.get(location, htmx=htmx)
    assert text_of(step.select_one("h1")) == "Your details"
    assert title_of(step) == f"Your details – {SERVICE} – GOV.UK"
    assert step.select_one(".govuk-back-link")["href"] == "/results"


def test_the_whole_questionnaire_then_ask_for_a_review(client_request):
    """Answered page by page (not seeded): the results page's form starts the request."""
    journey = answer_questions(client_request, VICTIM_CPS)
    assert journey["location"] == "/check-your-answers"
    location = client_request.submit("/results", form_action=START)
    assert location == f"{BASE}/your-details"
    fill_steps(client_request)
    assert send_request(client_request) == SENT
    assert REFERENCE.match(reference_on(client_request.get(SENT)))


@HTMX
def test_an_ineligible_case_has_no_request_form_and_cannot_start_one(client_request, seed_answers, app, htmx):
    seed_answers(VICTIM_POLICE)
    page = client_request.get("/results", htmx=htmx)

    assert page.select(f"form[action='{START}']") == [], "a police decision offers a CPS review request"
    assert "Ask for a review" not in [text_of(b) for b in page.select("button")]
    assert "Why you cannot use the Victims' Right to Review" in text_of(page.select_one("#route-vrr"))

    error = client_request.post(START, {}, htmx=htmx, expected_status=404)
    assert text_of(error.select_one("h1")), "the 404 page has no heading"
    location = client_request.get(f"{BASE}/your-details", expected_status=302)
    assert location == "/results", "a request form page without a started request"
    assert stored_requests(app) == []


def test_without_answers_or_for_an_unknown_kind_there_is_no_request(client_request, seed_answers):
    client_request.post(START, {}, expected_status=404)
    seed_answers(VICTIM_CPS)
    client_request.post("/requests/nothing/start", {}, expected_status=404)
    client_request.get("/requests/nothing/your-details", expected_status=404)
    start_request(client_request, lambda answers: None)
    client_request.get(f"{BASE}/no-such-step", expected_status=404)


# --------------------------------------------------------------------------- each step's errors


# (step, what the person sends, the field in error, where the summary links, the message,
#  what must still be in the form)
VALIDATION = {
    "no-name": ("your-details", {"full_name": ""}, "full_name", "#full_name", "Enter your full name", {}),
    "name-only-spaces": ("your-details", {"full_name": " \t  "}, "full_name", "#full_name", "Enter your full name",
                         {}),
    "no-preferred-way": ("contact", {"email": "alex@example.com", "phone": "07700 900 982"},
                         "preferred", "#preferred", "Select how the office should contact you",
                         {"email": "alex@example.com", "phone": "07700 900 982"}),
    "email-without-email": ("contact", {"preferred": "email", "email": "", "safe": ["letters", "email"]},
                            "email", "#email", "Enter your email address",
                            {"preferred": "email", "safe": ["letters", "email"]}),
    "malformed-email": ("contact", {"preferred": "email", "email": "alex.example.com", "safe": ["email"]},
                        "email", "#email", "Enter an email address in the correct format, like name@example.com",
                        {"preferred": "email", "email": "alex.example.com"}),
    "bad-phone": ("contact", {"preferred": "phone", "phone": "call me maybe", "safe": ["phone"]},
                  "phone", "#phone", "Enter a phone number, like 01632 960 001 or 07700 900 982",
                  {"preferred": "phone", "phone": "call me maybe"}),
    "post-without-address": ("contact", {"preferred": "post", "address": "   ", "email": "alex@example.com",
                                         "safe": ["letters"]},
                             "address", "#address", "Enter your postal address",
                             {"preferred": "post", "email": "alex@example.com"}),
    "no-language": ("support", {"needs": ["large_print"], "other_needs": "Dyslexia"},
                    "language", "#language", "Select the language for replies",
                    {"needs": ["large_print"], "other_needs": "Dyslexia"}),
    "interpreter-without-language": ("support", {"language": "en", "needs": ["interpreter"],
                                                 "interpreter_language": ""},
                                     "interpreter_language", "#interpreter_language",
                                     "Enter the language you need an interpreter for",
                                     {"language": "en", "needs": ["interpreter"]}),
    "interpreter-language-only-spaces": ("support", {"language": "cy", "needs": ["interpreter", "bsl"],
                                                     "interpreter_language": "   "},
                                         "interpreter_language", "#interpreter_language",
                                         "Enter the language you need an interpreter for",
                                         {"language": "cy", "needs": ["bsl", "interpreter"]}),
    "no-office": ("case", {"wrote": "", "urn": "01AB2345626", "reason": "They did not listen."},
                  "wrote", "#wrote", "Select the CPS office that wrote to you, or I don't know",
                  {"urn": "01AB2345626", "reason": "They did not listen."}),
    "malformed-urn": ("case", {"wrote": "london_north", "urn": "AB-123"},
                      "urn", "#urn", "Enter the case reference as it is on the letter, like 01AB2345626",
                      {"wrote": "london_north", "urn": "AB-123"}),
}


def _kept(page, name: str):
    """What the re-shown form holds for a field, as a person would see it."""
    inputs = page.select(f"main [name='{name}']")
    assert inputs, f"no field {name!r} on the page"
    first = inputs[0]
    if first.name == "textarea":
        return first.get_text()
    if first.name == "select":
        chosen = first.select("option[selected]")
        return chosen[0]["value"] if chosen else None
    if first.get("type") in ("radio", "checkbox"):
        checked = [i["value"] for i in inputs if i.has_attr("checked")]
        return checked if first["type"] == "checkbox" else (checked[0] if checked else None)
    return first.get("value", "")


@HTMX
@pytest.mark.parametrize("case", list(VALIDATION))
def test_each_step_shows_its_errors_and_keeps_what_was_typed(client_request, seed_answers, app, case, htmx):
    slug, sent, field, link, message, kept = VALIDATION[case]
    start_request(client_request, seed_answers)
    before = SLUGS.index(slug)
    for earlier in SLUGS[:before]:
        client_request.submit(f"{BASE}/{earlier}", FILLED[earlier])
    with app.app_context():
        stored_before = dict(db.session.scalar(select(Draft)).request["details"])

    page = client_request.submit(f"{BASE}/{slug}", sent, htmx=htmx, expected_status=200)

    assert title_of(page) == f"Error: {TITLES[slug]} – {SERVICE} – GOV.UK"
    assert summary_errors(page) == [(link, message)]
    assert page.select_one(link) is not None, f"the summary links to {link}, not on the page"
    assert inline_error(page, field) == message
    for name, value in kept.items():
        assert _kept(page, name) == value, f"{name}: typed {value!r}, shown again as {_kept(page, name)!r}"
    with app.app_context():
        assert db.session.scalar(select(Draft)).request["details"] == stored_before, "an invalid step was saved"


@pytest.mark.parametrize("urn", ["01AB2345626", "01 ab 23456 26", "42XY123456726"])
def test_a_case_reference_as_written_on_the_letter_is_accepted(client_request, seed_answers, urn):
    start_request(client_request, seed_answers)
    for slug in SLUGS[:3]:
        client_request.submit(f"{BASE}/{slug}", FILLED[slug])
    assert client_request.submit(f"{BASE}/case", {"wrote": "unknown", "urn": urn}) == CHECK


# --------------------------------------------------------------------------- the check page


def _rows(page) -> list[tuple[str, str, str]]:
    rows = []
    for row in page.select(".govuk-summary-list__row"):
        link = row.select_one(".govuk-summary-list__actions a")
        rows.append((text_of(row.select_one(".govuk-summary-list__key")),
                     text_of(row.select_one(".govuk-summary-list__value")),
                     link["href"] if link else ""))
    return rows


@HTMX
def test_check_page_lists_the_details_with_change_links(client_request, seed_answers, htmx):
    prepared(client_request, seed_answers, htmx=htmx)
    page = client_request.get(CHECK, htmx=htmx)

    assert text_of(page.select_one("h1")) == "Check your request before sending it"
    assert _rows(page) == [(key, value, f"{BASE}/{slug}?return_to=check") for key, value, slug in CHECK_ROWS]
    for row in page.select(".govuk-summary-list__row"):
        link = row.select_one(".govuk-summary-list__actions a")
        hidden = text_of(link.select_one(".govuk-visually-hidden"))
        assert hidden == text_of(row.select_one(".govuk-summary-list__key")), "Change link without its row's name"
    form = page.select_one(f"form[action='{SEND}']")
    assert form is not None and form["method"].lower() == "post"
    assert form.select_one("input[type=hidden][name=submission_id]")["value"]
    assert [text_of(b) for b in form.select("button")] == ["Send request"]


# Each step changed from the check page: (what is sent, the row that changes, its new value).
CHANGES = {
    "your-details": ({"full_name": "Alexandra Example"}, "Your full name", "Alexandra Example"),
    "contact": ({"preferred": "phone", "phone": "07700 900 982", "safe": ["phone"]},
                "How should the office contact you?", "Phone or text message"),
    "support": ({"language": "cy"}, "Which language should replies be in?", "Cymraeg"),
    "case": ({"wrote": "cps_direct"}, "Which CPS office wrote to you?", "CPS Direct"),
}


@HTMX
@pytest.mark.parametrize("slug", SLUGS)
def test_change_links_come_back_to_the_check_page(client_request, seed_answers, slug, htmx):
    prepared(client_request, seed_answers)
    url = f"{BASE}/{slug}?return_to=check"
    assert url in [row[2] for row in _rows(client_request.get(CHECK))]

    page = client_request.get(url, htmx=htmx)
    assert text_of(page.select_one("h1")) == TITLES[slug]
    assert page.select_one(".govuk-back-link")["href"] == CHECK
    assert page.select_one("main form")["action"] == url, "the form forgets it came from the check page"
    for name, value in FILLED[slug].items():  # what was given before is shown
        if value:
            assert _kept(page, name) == value, name

    # An error keeps the way back to the check page.
    if slug == "your-details":
        errors = client_request.submit(url, {"full_name": ""}, htmx=htmx, expected_status=200)
        assert errors.select_one("main form")["action"] == url
        assert errors.select_one(".govuk-back-link")["href"] == CHECK

    sent, key, value = CHANGES[slug]
    assert client_request.submit(url, sent, htmx=htmx) == CHECK
    rows = {row[0]: row[1] for row in _rows(client_request.get(CHECK, htmx=htmx))}
    assert rows[key] == value


def test_the_check_page_needs_every_step(client_request, seed_answers):
    start_request(client_request, seed_answers)
    client_request.submit(f"{BASE}/your-details", FILLED["your-details"])
    assert client_request.get(CHECK, expected_status=302) == f"{BASE}/your-details"


# --------------------------------------------------------------------------- sending


@HTMX
def test_send_stores_one_request_and_shows_the_confirmation(client_request, seed_answers, app, stored_drafts, htmx):
    prepared(client_request, seed_answers, htmx=htmx)
    assert len(stored_drafts.all()) == 1
    submission_id = send_form(client_request)["submission_id"]

    send_request(client_request, htmx=htmx)

    stored = stored_requests(app)
    assert len(stored) == 1, stored
    sent = stored[0]
    assert REFERENCE.match(sent["reference"]), sent["reference"]
    assert sent["submission_id"] == submission_id
    assert (sent["kind"], sent["office"], sent["language"]) == ("vrr", "london_north", "en")
    assert sent["answers"] == VICTIM_CPS
    assert {k: v for k, v in sent["details"].items() if v} == {k: v for s in FILLED.values() for k, v in s.items() if v}
    expected = as_stored(assess(VICTIM_CPS, TODAY))
    assert sent["assessment"] == expected
    assert sent["assessment"]["deadlines"] == expected["deadlines"]
    # The answers stay, moved on by the sending (journeys review S2): the review is now
    # asked for, today; the request's own details went with it.
    [draft] = stored_drafts.all()
    assert draft["answers"] == {**VICTIM_CPS, "vrr_stage": "requested", "request_date": TODAY.isoformat()}

    page = client_request.get(SENT, htmx=htmx)
    assert text_of(page.select_one("h1")) == "Review request sent"
    assert reference_on(page) == sent["reference"]
    body = text_of(page.select_one("main"))
    assert KEPT in body
    assert "We sent your request for a review (Victims' Right to Review). It went to: CPS London North." in body
    assert "We sent a confirmation email to the address you gave." in body

    local_review = add_working_days(TODAY, 10)
    assert long_date(local_review) == "Friday 4 December 2026"  # the letter of 16 November, asked on 22 November
    assert next_dates(page) == [
        ("Send anything you want the reviewer to consider by", long_date(add_days(TODAY, 14))),
        ("The CPS aims to finish its local review by", long_date(local_review)),
        ("The CPS aims to give its final review decision by", long_date(add_working_days(TODAY, 30))),
    ]
    assert f"{working_days_between(TODAY, local_review)} working days left" in body
    link = page.select_one(f"main a[href='{ICS}']")
    assert link is not None and link.has_attr("download"), "no calendar file link"


def test_a_summary_only_offence_warns_of_the_time_limit(client_request, seed_answers, app):
    prepared(client_request, seed_answers, SUMMARY_ONLY)
    send_request(client_request)
    page = client_request.get(SENT)
    limit = date.fromisoformat(stored_requests(app)[0]["assessment"]["deadlines"]["statute_limit"])
    assert limit == add_months(date.fromisoformat(SUMMARY_ONLY["offence_date"]), 6)  # 6 months from the offence
    assert ("A prosecution must start by", long_date(limit)) in next_dates(page)
    assert "The time limit for prosecuting this offence is close" in text_of(page.select_one(".govuk-warning-text"))


def test_after_sending_the_answers_stay_and_the_results_say_the_review_is_under_way(client_request, seed_answers,
                                                                                  app):
    # Journeys review S2: a second route must not mean answering again; legal review 1:
    # once asked, the page says what happens next and offers no second review request.
    prepared(client_request, seed_answers)
    send_request(client_request)

    results = client_request.get("/results")
    main = text_of(results.select_one("main"))
    assert "Your review is under way" in main
    assert "Ask the CPS to review the decision" not in main and "You are in time" not in main
    assert results.select(f"form[action='{START}']") == []
    client_request.get("/check-your-answers")
    # The request itself is done: its pages lead back to the results.
    assert client_request.get(CHECK, expected_status=302) == "/results"
    assert client_request.get(f"{BASE}/your-details", expected_status=302) == "/results"
    with client_request.client.session_transaction() as session:
        assert SESSION_KEY in session
    assert len(draft_ids(app)) == 1
    # A new review request of the same answers is refused (not offered).
    assert client_request.client.post(START, data={"csrf_token": client_request.csrf_token()}).status_code == 404
    assert REFERENCE.match(reference_on(client_request.get(SENT)))


# --------------------------------------------------------------------------- sent once


def test_a_double_click_and_a_resend_give_one_request(client_request, seed_answers, app):
    prepared(client_request, seed_answers)
    form = send_form(client_request)

    first = client_request.post(SEND, form, csrf=False)
    second = client_request.post(SEND, form, csrf=False)
    assert first == second == SENT
    reference = reference_on(client_request.get(SENT))
    again = client_request.post(SEND, form, csrf=False)  # later: back, and send again
    assert again == SENT

    stored = stored_requests(app)
    assert [r["reference"] for r in stored] == [reference]
    assert reference_on(client_request.get(SENT)) == reference


def test_the_second_post_of_a_double_click_carries_the_cookie_from_before_the_send(client_request, seed_answers, app):
    """A double click: the browser sends the second post with the same (older) cookie as
    the first, before the first answer comes back. If the first is stored before the
    second is handled, the second must still end on the confirmation of the same request."""
    prepared(client_request, seed_answers)
    form = send_form(client_request)
    cookie = session_cookie(app, client_request.client)

    assert client_request.post(SEND, form, csrf=False) == SENT
    reference = reference_on(client_request.get(SENT))

    second = ClientRequest(client_with_cookie(app, cookie))
    response = second.client.post(SEND, data=form)
    assert response.status_code == 303, (
        f"POST {SEND} again with the session cookie from before the first send: status "
        f"{response.status_code}, expected 303 to {SENT}")
    assert response.headers["Location"] == SENT
    assert reference_on(second.get(SENT)) == reference
    assert [r["reference"] for r in stored_requests(app)] == [reference]


def _concurrent_sends(app, cookie: str, form, answered: list[threading.Event] | None = None) -> list:
    """Two browsers with the same session cookie post the same form at the same moment
    (threads "send-0" and "send-1"). Returns each one's (status, Location, reference on
    the checked confirmation page or None) or exception. `answered`: events set as each post is answered."""
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list = [None, None]
    answered = answered or [threading.Event(), threading.Event()]

    def post(index: int) -> None:
        try:
            client = client_with_cookie(app, cookie)
            barrier.wait()
            try:
                response = client.post(SEND, data=form)
            finally:
                answered[index].set()
            location = response.headers.get("Location")
            shown = None
            if response.status_code == 303 and location == SENT:
                after = client.get(SENT)
                assert after.status_code == 200, f"GET {SENT} after send {index}: status {after.status_code}"
                shown = reference_on(check_page(after))
            outcomes[index] = (response.status_code, location, shown)
        except Exception as exc:  # reported by the test, not lost in the thread
            outcomes[index] = exc

    threads = [threading.Thread(target=post, args=(i,), name=f"send-{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a send never finished"
    return outcomes


def _assert_both_confirmed(app, outcomes) -> None:
    stored = stored_requests(app)
    assert len(stored) == 1, f"{len(stored)} rows for one form sent twice at once"
    reference = stored[0]["reference"]
    for index, outcome in enumerate(outcomes):
        assert not isinstance(outcome, Exception), f"send {index} raised {outcome!r}"
        status, location, shown = outcome
        assert (status, location) == (303, SENT), f"send {index}: status {status}, Location {location!r}"
        assert shown == reference, f"send {index} shows {shown!r}, stored {reference!r}"


def test_two_concurrent_sends_of_the_same_form_give_one_request(client_request, seed_answers, app):
    assert ":memory:" not in app.config["SQLALCHEMY_DATABASE_URI"]
    prepared(client_request, seed_answers)
    form = send_form(client_request)
    cookie = session_cookie(app, client_request.client)

    outcomes = _concurrent_sends(app, cookie, form)
    _assert_both_confirmed(app, outcomes)
    assert len(draft_ids(app)) == 1  # the answers are kept (one draft), the request sent once


def _calls_per_thread(real, wait_on_call: dict):
    """`real`, which in the threads named in `wait_on_call` calls `wait()` after its
    n-th call in that thread: {thread name: (n, wait)}."""
    local = threading.local()

    def wrapped(*args):
        found = real(*args)
        local.calls = getattr(local, "calls", 0) + 1
        n, wait = wait_on_call.get(threading.current_thread().name, (0, None))
        if local.calls == n:
            wait()
        return found

    return wrapped


@pytest.mark.skipif(DIALECT == "sqlite", reason=(
    "SQLite: a send takes the write lock before it looks (BEGIN IMMEDIATE), so this order cannot happen there "
    "(test_on_sqlite_a_second_send_waits_for_the_first); the PostgreSQL pass runs it"))
def test_two_sends_that_both_store_the_request_give_one_request(client_request, seed_answers, app, monkeypatch):
    """One order of a concurrent double click, made certain: both posts look for the
    request (in the view, then in requests_store.send) before either stores it, so both
    try to store it; one transaction wins, the other finds its row."""
    prepared(client_request, seed_answers)
    form = send_form(client_request)
    cookie = session_cookie(app, client_request.client)
    both_looked = threading.Barrier(2, timeout=10)
    monkeypatch.setattr(webapp.requests_store, "by_submission", _calls_per_thread(
        webapp.requests_store.by_submission, {"send-0": (2, both_looked.wait), "send-1": (2, both_looked.wait)}))

    outcomes = _concurrent_sends(app, cookie, form)
    _assert_both_confirmed(app, outcomes)


@pytest.mark.skipif(DIALECT == "sqlite", reason=(
    "SQLite: a send takes the write lock before it looks (BEGIN IMMEDIATE), so this order cannot happen there "
    "(test_on_sqlite_a_second_send_waits_for_the_first); the PostgreSQL pass runs it"))
def test_a_send_that_looked_before_the_other_stored_it_gives_one_request(client_request, seed_answers, app,
                                                                         monkeypatch):
    """Another order, made certain: the second post looks for the request (none yet), then
    the first post stores it and deletes the draft, then the second goes on."""
    prepared(client_request, seed_answers)
    form = send_form(client_request)
    cookie = session_cookie(app, client_request.client)
    answered = [threading.Event(), threading.Event()]

    def first_post_answered():
        assert answered[0].wait(10), "the first post was not answered"

    monkeypatch.setattr(webapp.requests_store, "by_submission", _calls_per_thread(
        webapp.requests_store.by_submission, {"send-1": (1, first_post_answered)}))
    outcomes = _concurrent_sends(app, cookie, form, answered)
    _assert_both_confirmed(app, outcomes)


def test_another_persons_submission_id_reveals_nothing(client_request, seed_answers, app):
    prepared(client_request, seed_answers)
    theirs = send_form(client_request)["submission_id"]

    other = second_person(app)
    assert other.submit("/results", form_action=START) == f"{BASE}/your-details"
    for slug in SLUGS:
        other.submit(f"{BASE}/{slug}", FILLED[slug])
    mine = send_form(other)
    assert mine["submission_id"] != theirs
    forged = {**mine, "submission_id": theirs}

    # Before the first person sends: nothing is sent for either.
    response = other.client.post(SEND, data=forged)
    assert response.status_code in (302, 303), response.status_code
    assert response.headers["Location"] == "/results"
    assert stored_requests(app) == []

    send_request(client_request)
    reference = stored_requests(app)[0]["reference"]

    # After: the other person learns nothing of it.
    response = other.client.post(SEND, data=forged)
    assert response.status_code in (302, 303, 404), response.status_code
    assert reference not in response.get_data(as_text=True)
    if response.status_code != 404:
        assert response.headers["Location"] != SENT
    other.get(SENT, expected_status=404)
    assert reference not in other.response.get_data(as_text=True)
    calendar = other.client.get(ICS)
    assert calendar.status_code == 404 and reference.encode() not in calendar.data
    assert [r["reference"] for r in stored_requests(app)] == [reference]
    # Their own request is still theirs to send.
    assert other.post(SEND, mine, csrf=False) == SENT
    assert reference_on(other.get(SENT)) != reference
    assert len(stored_requests(app)) == 2


def test_send_without_a_started_request_goes_back_to_the_results(client_request, seed_answers, app):
    seed_answers(VICTIM_CPS)
    token = client_request.csrf_token()
    for form in ({"submission_id": "made-up"}, {}):
        response = client_request.client.post(SEND, data={**form, "csrf_token": token})
        assert response.status_code in (302, 303), response.status_code
        assert response.headers["Location"] == "/results"
    start_request(client_request, lambda answers: None)
    response = client_request.client.post(SEND, data={"submission_id": "made-up", "csrf_token": token})
    assert (response.status_code, response.headers.get("Location")) in ((302, "/results"), (303, "/results"))
    assert stored_requests(app) == []


# --------------------------------------------------------------------------- where it goes


ROUTING = {
    "local_then_independent": (VICTIM_CPS, "london_north", "london_north", "CPS London North"),
    "chief_crown_prosecutor": (CHIEF_CROWN_PROSECUTOR, "london_north", "aru", "CPS Appeals and Review Unit"),
    "director_legal_services": (DIRECTOR_LEGAL_SERVICES, "london_north", "dls", "CPS Directors of Legal Services"),
    "office_unknown": (VICTIM_CPS, "unknown", "triage", "CPS triage team (to find the right office)"),
}


@pytest.mark.parametrize("case", list(ROUTING))
def test_the_request_goes_to_the_office_for_its_pathway(client_request, seed_answers, app, case):
    answers, wrote, office, name = ROUTING[case]
    assessment = assess(answers, TODAY)
    assert assessment["missing"] == [] and assessment["routes"]["vrr"]["eligible"], assessment["routes"]["vrr"]
    prepared(client_request, seed_answers, answers, {**FILLED, "case": {**FILLED["case"], "wrote": wrote}})
    send_request(client_request)

    stored = stored_requests(app)
    assert [r["office"] for r in stored] == [office]
    assert stored[0]["details"]["wrote"] == wrote
    page = client_request.get(SENT)
    main = text_of(page.select_one("main"))
    assert f"It went to: {name}." in main
    # How to reach it: the letter's details (VRR 48), else the public enquiry helpdesk (VRR 49).
    letter = "on the latest letter the CPS sent you" if office == "aru" else "using the details on your decision letter"
    assert letter in main
    assert "020 3357 0899" in main and "enquiries@cps.gov.uk" in main


# --------------------------------------------------------------------------- the calendar file


def _events(body: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("answers", [VICTIM_CPS, SUMMARY_ONLY, CHIEF_CROWN_PROSECUTOR],
                         ids=["local", "summary_only", "chief_crown_prosecutor"])
def test_the_calendar_file_has_each_date_with_a_reminder(client_request, seed_answers, app, answers):
    prepared(client_request, seed_answers, answers)
    send_request(client_request)
    sent = stored_requests(app)[0]
    # The engine's dates once the review is asked for today (request_kinds: this kind's only).
    after = assess({**answers, "vrr_stage": "requested", "request_date": TODAY.isoformat()}, TODAY)["deadlines"]
    deadlines = {k: date.fromisoformat(v) for k, v in after.items() if k in AFTER_SENDING}
    if "vrr_independent_review_due" in deadlines:
        del deadlines["vrr_review_due"]  # straight to the ARU: its own target, not two end dates
    assert deadlines, "no dates to expect"
    shown = {day for _label, day in next_dates(client_request.get(SENT))}

    response = client_request.client.get(ICS)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    disposition = response.headers.get("Content-Disposition", "")
    assert disposition.startswith("attachment"), disposition
    assert ".ics" in disposition

    events = _events(response.data)
    assert len(events) == len(deadlines), f"{sorted(events)} for {sorted(deadlines)}"
    starts = {}
    for uid, event in events.items():
        assert sent["reference"] in uid, uid
        start = event["DTSTART"].dt
        assert type(start) is date, f"{uid}: DTSTART {start!r} is not an all-day date"
        end = event.get("DTEND")
        assert end is None or end.dt == start + timedelta(days=1), f"{uid}: DTEND {end.dt!r}"
        assert sent["reference"] in str(event["SUMMARY"]) or sent["reference"] in str(event["DESCRIPTION"])
        alarms = event.walk("VALARM")
        assert len(alarms) == 1, f"{uid}: {len(alarms)} alarms"
        trigger = alarms[0]["TRIGGER"].dt
        expected = datetime.combine(subtract_working_days(start, 2), time(9), LONDON)
        assert isinstance(trigger, datetime) and trigger.tzinfo is not None, f"{uid}: TRIGGER {trigger!r}"
        assert trigger == expected, f"{uid}: reminder at {trigger}, expected {expected}"
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        starts[uid] = start
    assert sorted(starts.values()) == sorted(deadlines.values())
    assert {long_date(day) for day in starts.values()} == shown, "the file and the page give different dates"


def test_no_confirmation_or_calendar_without_a_sent_request(client_request, seed_answers):
    client_request.get(SENT, expected_status=404)
    assert client_request.client.get(ICS).status_code == 404
    prepared(client_request, seed_answers)  # started, not sent
    client_request.get(SENT, expected_status=404)
    assert client_request.client.get(ICS).status_code == 404


@pytest.mark.skipif(DIALECT != "sqlite", reason="PostgreSQL has no database-wide write lock (the two tests above)")
def test_on_sqlite_a_second_send_waits_for_the_first(client_request, seed_answers, app, monkeypatch):
    """SQLite (several gunicorn workers on one file): the first post holds the write lock
    from its first look until it commits, so the second post does not even look until then."""
    prepared(client_request, seed_answers)
    form = send_form(client_request)
    cookie = session_cookie(app, client_request.client)
    release, second_looked = threading.Event(), threading.Event()
    looks: list[str] = []
    real = webapp.requests_store.by_submission

    def look(*args):
        """The first post to look holds on (inside its transaction) until released."""
        found = real(*args)
        me = threading.current_thread().name
        looks.append(me)
        if looks[0] == me and looks.count(me) == 1:
            assert release.wait(10), "the test never released the first post"
        elif looks[0] != me:
            second_looked.set()
        return found

    monkeypatch.setattr(webapp.requests_store, "by_submission", look)
    holder = threading.Thread(target=lambda: outcomes.extend(_concurrent_sends(app, cookie, form)))
    outcomes: list = []
    holder.start()
    try:
        assert not second_looked.wait(1.5), f"the second post looked while the first held the lock: {looks}"
        assert len(looks) == 1, looks
    finally:
        release.set()
        holder.join(timeout=40)
    _assert_both_confirmed(app, outcomes)

"""Sending a Victims' Right to Review request in the browser, JavaScript on and off: the
questionnaire (journey (a)), "Ask for a review", each step filled in like a person, the
check page, "Send request" (a double click with JavaScript), the confirmation and its
calendar file. axe, focus and history are checked on every page by `Visitor`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.databases import fetch_all

from . import journeys
from .support import Visitor, new_visitor_context

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
BASE = "/requests/vrr"
REFERENCE = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")
CHECK = "Check your request before sending it"
SENT = "Review request sent"


def visitor(new_context, js: bool, journey: str, **kwargs) -> Visitor:
    page = new_visitor_context(new_context, js).new_page()
    axe_page = None if js else new_context().new_page()
    return Visitor(page, js=js, journey=journey, axe_page=axe_page, **kwargs)


def stored_with(database, submission_id: str) -> list[str]:
    """The references of the requests stored for one "Send request" form."""
    rows = fetch_all(database, "SELECT reference FROM requests WHERE submission_id = :id", id=submission_id)
    return [reference for (reference,) in rows]


def fill_request(v: Visitor) -> None:
    """From the results page: "Ask for a review", then each step as a person fills it in."""
    page = v.page
    v.go(page.get_by_role("button", name="Ask for a review"), "Your details", f"{BASE}/your-details",
         "request-your-details")

    # Continue without a name first: the error state, focus on the summary.
    v.go(v.continue_button(), "Your details", f"{BASE}/your-details", "request-your-details-error", error=True)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your full name")
    expect(page.locator("#full_name-error")).to_contain_text("Enter your full name")
    v.assert_error_links_work()
    page.get_by_label("Your full name", exact=True).fill("Alex Example")
    v.go(v.continue_button(), "How to contact you", f"{BASE}/contact", "request-contact")

    v.choose("Email")
    page.get_by_label("Email address", exact=True).fill("alex@example.com")
    page.get_by_label("Sending emails", exact=True).check()
    v.go(v.continue_button(), "Language and support", f"{BASE}/support", "request-support")

    v.choose("English")
    v.go(v.continue_button(), "About the case", f"{BASE}/case", "request-case")

    page.get_by_label("Which CPS office wrote to you?", exact=True).select_option(label="CPS London North")
    page.get_by_label("Case reference (URN), if you know it", exact=True).fill("01AB2345626")
    v.go(v.continue_button(), CHECK, f"{BASE}/check", "request-check")

    rows = page.locator(".govuk-summary-list__row")
    for key, value in (("Your full name", "Alex Example"), ("Email address", "alex@example.com"),
                       ("Which CPS office wrote to you?", "CPS London North"),
                       ("Case reference (URN), if you know it", "01AB2345626")):
        expect(rows.filter(has_text=key).locator(".govuk-summary-list__value")).to_have_text(value)


def send(v: Visitor, *, double_click: bool) -> None:
    page = v.page
    button = page.get_by_role("button", name="Send request", exact=True)
    if not double_click:
        v.go(button, SENT, "/requests/sent", "request-sent")
        return
    # Two clicks in quick succession, as a person double-clicking: a swap (JS) either way.
    settled = page.evaluate("window.__e2e.settled")
    before = v.path
    button.dblclick()
    page.wait_for_function("n => window.__e2e.settled > n", arg=settled)
    page.wait_for_load_state("networkidle")
    v.arrive(SENT, "/requests/sent", "request-sent", swapped=True, pushed_from=before)


def check_calendar(v: Visitor, reference: str) -> None:
    page = v.page
    with page.expect_download() as info:
        page.get_by_role("link", name="Add these dates to your calendar (.ics file)").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics"), download.suggested_filename
    body = Path(download.path()).read_bytes()
    events = Calendar.from_ical(body).walk("VEVENT")
    assert events, f"{v.journey}: a calendar file with no events"
    for event in events:
        assert reference in str(event["UID"]), event["UID"]
        assert type(event["DTSTART"].dt) is date, f"not all-day: {event['DTSTART'].dt!r}"
        assert event.walk("VALARM"), f"no reminder for {event['SUMMARY']}"


@JS
def test_send_a_review_request_from_the_results_page(new_context, js, live_database, screenshots):
    v = visitor(new_context, js, "request", screenshots=screenshots)
    page = v.page
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and r.url.endswith(f"{BASE}/send")
            else None)

    journeys.vrr(v, visit_content_pages=False)
    fill_request(v)
    submission_id = page.locator("input[name=submission_id]").get_attribute("value")
    assert submission_id

    send(v, double_click=js)
    reference = page.locator(".govuk-panel .app-reference").inner_text().strip()
    assert REFERENCE.match(reference), f"{v.journey}: reference {reference!r}"
    main = page.locator("main")
    expect(main).to_contain_text("We keep your answers until you exit, start again")
    expect(main).to_contain_text("It went to: CPS London North.")
    expect(main).to_contain_text("What happens next")

    assert stored_with(live_database, submission_id) == [reference], (
        f"{v.journey}: stored for this form {stored_with(live_database, submission_id)}, "
        f"shown {reference} ({len(posts)} POSTs to send)")
    page.reload()
    expect(page.locator("h1")).to_have_text(SENT)
    expect(page.locator(".govuk-panel .app-reference")).to_have_text(reference)
    v.titles.append(page.title())

    check_calendar(v, reference)

    # The answers stay, and the results follow: the review is under way (not "Ask").
    page.goto("/results")
    expect(page.locator("#route-vrr h2")).to_have_text("Your review is under way")
    expect(page.get_by_role("button", name="Ask for a review")).to_have_count(0)
    v.finish()

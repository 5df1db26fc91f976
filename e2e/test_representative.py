"""Someone acting for a victim, without the victim's written permission yet (journeys
review B2), in the browser, JavaScript on and off: the questionnaire (No to written
permission), "Ask for a review", the permission step (what written permission is, and
"I will get it and send it later", the upload revealed only under "upload it now"), the
other steps, the check page, "Send request"; then London North's caseworker signs in and
the inbox filter "No written authority yet" counts the request, flagged "Written
permission to follow". `Visitor` checks every page on the way (heading, URL, title, axe,
focus and history with JavaScript).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.databases import fetch_all

from . import journeys
from .conftest import ROOT, SCREENSHOTS
from .staff_support import StaffVisitor
from .support import INIT_SCRIPT, TIMEOUT_MS, Visitor, new_visitor_context
from .test_other_requests import check_rows, send_and_read_confirmation, step, type_decision_date

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
BASE = "/requests/vrr"
CHECK = "Check your request before sending it"
PERMISSION = "Permission to act for the victim"
TO_FOLLOW = "I do not have it yet: I will get it and send it later"
CASEWORKER = "rowan.rep@cps.example"
PASSWORD = "a long staff password 4 reps"  # noqa: S105 (a throwaway database's user)
INBOX = "/staff/"


@pytest.fixture(scope="module")
def caseworker(live_server) -> str:
    """A London North caseworker, made with the command line against the live database."""
    env = {**os.environ, "DATABASE_URL": live_server.database, "STAFF_PASSWORD": PASSWORD,
           "SECRET_KEY": "e2e-only-not-secret"}
    done = subprocess.run(  # noqa: S603 (our own fixed command)
        [sys.executable, "-m", "flask", "--app", "webapp:create_app", "staff", "create-user", CASEWORKER,
         "--name", "Rowan Rep", "--role", "caseworker", "--office", "london_north"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return CASEWORKER


def representative_without_permission(v: Visitor) -> None:
    """The questionnaire: acting for a victim, no written permission; the CPS decided not
    to charge 4 days ago."""
    journeys.start(v)
    v.answer("I am helping or acting for a victim", "Who made the decision?", "/questions/decision-by",
             "decision-by")
    v.answer("The Crown Prosecution Service (CPS)", "What did the decision do?",
             "/questions/decision-type", "decision-type")
    v.answer("Decided not to charge anyone", "What date is on the decision letter?",
             "/questions/decision-date", "decision-date")
    type_decision_date(v, 4)
    v.go(v.continue_button(), "Do you have the victim's written permission to act for them?",
         "/questions/has-written-authority", "has-written-authority")
    v.answer("No", "Did the victim ask for the case to stop, or stop supporting it?",
             "/questions/victim-withdrew-support", "victim-withdrew-support")
    journeys.local_area_decision_to_results(v)


def send_with_permission_to_follow(v: Visitor) -> str:
    page = v.page
    v.go(page.get_by_role("button", name="Ask for a review"), "Your details", f"{BASE}/your-details",
         "rep-your-details")
    page.get_by_label("Your full name", exact=True).fill("Sam Support")
    page.get_by_label("The victim's full name", exact=True).fill("Vic Tim")
    page.get_by_label("Your relationship to the victim", exact=True).fill("Support worker")
    step(v, "vrr", PERMISSION, "authority")

    main = page.locator("main")
    expect(main).to_contain_text("Written permission is a note or letter signed by the victim")
    expect(main).to_contain_text("you can act for them about this decision")
    upload = page.get_by_label("Upload the written permission", exact=True)
    if v.js:  # revealed only under "I have it and will upload it now"
        expect(upload).to_be_hidden()
        v.choose("I have it and will upload it now")
        expect(upload).to_be_visible()
    else:  # without JavaScript, everything is shown
        expect(upload).to_be_visible()
    v.choose(TO_FOLLOW)
    if v.js:
        expect(upload).to_be_hidden()
    step(v, "vrr", "How to contact you", "contact")

    v.choose("Email")
    page.get_by_label("Email address", exact=True).fill("sam@example.com")
    page.get_by_label("Sending emails", exact=True).check()
    step(v, "vrr", "Language and support", "support")
    v.choose("English")
    step(v, "vrr", "About the case", "case")
    page.get_by_label("Which CPS office wrote to you?", exact=True).select_option(label="CPS London North")
    step(v, "vrr", CHECK, "check")
    check_rows(v, {"The victim's full name": "Vic Tim",
                   "Do you have the victim's written permission?": TO_FOLLOW})
    return send_and_read_confirmation(v, "CPS London North", "vrr")


def staff_visitor(new_context, js: bool) -> StaffVisitor:
    folder = SCREENSHOTS / "staff"
    folder.mkdir(parents=True, exist_ok=True)
    context = new_context(java_script_enabled=js, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(INIT_SCRIPT)
    axe_page = None if js else new_context(locale="en-GB").new_page()
    return StaffVisitor(context.new_page(), js=js, journey="rep-staff", axe_page=axe_page, screenshots=folder)


@JS
def test_a_representative_sends_with_written_permission_to_follow_and_staff_count_it(
        new_context, js, live_database, caseworker, screenshots):
    page = new_visitor_context(new_context, js).new_page()
    v = Visitor(page, js=js, journey="representative", axe_page=None if js else new_context().new_page())
    representative_without_permission(v)
    reference = send_with_permission_to_follow(v)
    v.finish()

    (details, flagged), = fetch_all(live_database, "SELECT details, flag_no_authority FROM requests "
                                    "WHERE reference = :reference", reference=reference)
    assert bool(flagged), "not flagged: written permission to follow"
    details = json.loads(details) if isinstance(details, str) else details  # SQLite text, PostgreSQL JSON
    assert details["authority"] == "to_follow", details
    (expected,), = fetch_all(live_database, "SELECT COUNT(*) FROM requests WHERE office = 'london_north' "
                             "AND status != 'closed' AND flag_no_authority")

    s = staff_visitor(new_context, js)
    s.open("/staff/login", "Sign in", "rep-sign-in")
    s.page.get_by_label("Email address", exact=True).fill(caseworker)
    s.page.get_by_label("Password", exact=True).fill(PASSWORD)
    s.follow(s.page.get_by_role("button", name="Sign in", exact=True), "Inbox", INBOX, "rep-inbox")
    s.filter_inbox({"Flag": "No written authority yet"}, "rep-inbox-no-authority")
    assert s.query().get("flag") == ["no_authority"], s.page.url
    assert reference in s.references(), s.references()
    heading = s.page.locator("#inbox-results h2")
    expect(heading).to_have_text(f"{expected} request{'' if expected == 1 else 's'}")
    assert expected >= 1
    mine = next(row for row in s.inbox_rows() if row["reference"] == reference)
    assert "Written permission to follow" in mine["flags"], mine
    s.follow(s.page.get_by_role("link", name=reference, exact=True), f"Request {reference}",
             f"/staff/requests/{reference}", "rep-request")
    expect(s.page.locator("main .govuk-tag").filter(has_text="Written permission to follow")).to_have_count(1)
    assert s.summary(1)["Do you have the victim's written permission?"] == TO_FOLLOW
    s.finish()

"""The receiving office's side, in the browser, JavaScript on and off.

Set-up (once for this file): three requests to CPS London North, received today: a
Victims' Right to Review request for each of the two runs below (the first sent in the
browser like a person, the second through Flask's test client on the live server's own
database file), and a complaint with replies in Welsh (test client; it stays in London
North); and three staff users made with the command line (`flask staff create-user`)
against the live database: a London North caseworker, an Appeals and Review Unit (ARU)
reviewer, a London South caseworker.

Then, for each run (JavaScript on, off): the request's life from London North's inbox
(order, filters, due dates, statuses up to "Independent review requested", then a 404) to
the ARU (its review, the decision, closing it, the figures and their CSV); another office
that must not see it; a wrong password, then signing in and out. On every staff page
reached: the h1, the URL, the title, axe (WCAG 2.0, 2.1, 2.2 A and AA: zero violations), a
screenshot (screenshots/staff/), no unexpected 4xx/5xx, console error or CSP violation;
with JavaScript, focus (error summary, success banner, the filter being changed) and the
history entry the filters push. Two more tests, one a run: no DeprecationWarning on the
staff pages, and a session cookie copied before "Sign out" is refused after it.

Expected dates are counted with questionnaire.calendar from today in England.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import subprocess
import sys
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from questionnaire.calendar import add_working_days, today_in_england
from tests.databases import fetch_all
from webapp.extensions import limiter

from . import journeys
from .conftest import ROOT, SCREENSHOTS
from .staff_support import StaffVisitor, short_date
from .support import INIT_SCRIPT, TIMEOUT_MS, Visitor, long_date
from .test_other_requests import send_and_read_confirmation, type_decision_date
from .test_request_journey import fill_request

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
PASSWORD = "a long staff password 4 tests"  # noqa: S105 (a throwaway database's users)
INBOX = "/staff/"
LOGIN = "/staff/login"
VRR = "Victims' Right to Review"


@dataclass(frozen=True)
class StaffUser:
    email: str
    name: str
    role: str
    office: str | None
    office_name: str


NORTH = StaffUser("casey.north@cps.example", "Casey North", "caseworker", "london_north", "CPS London North")
ARU = StaffUser("robin.review@cps.example", "Robin Review", "reviewer", None, "CPS Appeals and Review Unit")
SOUTH = StaffUser("sam.south@cps.example", "Sam South", "caseworker", "london_south", "CPS London South")


@dataclass(frozen=True)
class Sent:
    vrr: dict[str, str]  # run ("js", "nojs") -> the reference of its review request
    complaint: str  # London North's, replies in Welsh


# -- set-up ------------------------------------------------------------------------------
def create_users(database: str) -> list[subprocess.Popen]:
    """`flask staff create-user` for each user, against the live database (run together)."""
    env = {**os.environ, "DATABASE_URL": database, "STAFF_PASSWORD": PASSWORD,
           "SECRET_KEY": "e2e-only-not-secret"}
    processes = []
    for user in (NORTH, ARU, SOUTH):
        office = ["--office", user.office] if user.office else []
        processes.append(subprocess.Popen(  # noqa: S603 (our own fixed command)
            [sys.executable, "-m", "flask", "--app", "webapp:create_app", "staff", "create-user", user.email.upper(),
             "--name", user.name, "--role", user.role, *office],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    return processes


def send_vrr(v: Visitor) -> str:
    """A victim; a prosecutor in London North decided not to charge 6 days ago: "Ask for a review"."""
    journeys.start(v)
    v.answer("I am the victim of the crime", "Who made the decision?", "/questions/decision-by", "decision-by")
    v.answer("The Crown Prosecution Service (CPS)", "What did the decision do?",
             "/questions/decision-type", "decision-type")
    v.answer("Decided not to charge anyone", "What date is on the decision letter?",
             "/questions/decision-date", "decision-date")
    type_decision_date(v, 6)
    v.go(v.continue_button(), "Did you ask for the case to stop, or stop supporting it?",
         "/questions/victim-withdrew-support", "victim-withdrew-support")
    journeys.local_area_decision_to_results(v)
    fill_request(v)
    return send_and_read_confirmation(v, "CPS London North", "vrr")


class PublicClient:
    """Sending a request without the browser: Flask's test client, on an app bound to the
    live server's own SQLite file (so the live server serves what it stores). The answers
    are given to the draft as the questionnaire stores them (the web tests' `seed_answers`);
    then "Ask for a review" or "Make a complaint", each step's form and "Send request" are
    the same posts as the browser's (CSRF tokens aside)."""

    def __init__(self, database: str) -> None:
        from webapp import create_app

        self.app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "e2e-only-not-secret",
                               "WTF_CSRF_ENABLED": False, "TESTING": False})

    def send(self, kind: str, answers: dict, steps: dict[str, dict]) -> str:
        from webapp.drafts import SESSION_KEY
        from webapp.models import Draft, db

        client = self.app.test_client()
        draft_id = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.app.app_context():
            db.session.add(Draft(id=draft_id, answers=answers, created_at=now, updated_at=now))
            db.session.commit()
        with client.session_transaction() as session:
            session[SESSION_KEY] = draft_id
        location = self._post(client, f"/requests/{kind}/start", {})
        for slug, data in steps.items():
            assert location == f"/requests/{kind}/{slug}", location
            location = self._post(client, location, data)
        assert location == f"/requests/{kind}/check", location
        submission_id = re.search(r'name="submission_id" value="([^"]+)"',
                                  client.get(location).get_data(as_text=True)).group(1)
        assert self._post(client, f"/requests/{kind}/send", {"submission_id": submission_id}) == "/requests/sent"
        with client.session_transaction() as session:
            return session["sent"]

    @staticmethod
    def _post(client, path: str, data: dict) -> str:
        response = client.post(path, data=data)
        assert response.status_code == 303, f"{path}: {response.status_code} {response.get_data(as_text=True)[:2000]}"
        return response.headers["Location"]

    def close(self) -> None:
        from webapp.models import db

        with self.app.app_context():
            db.engine.dispose()


def days_ago(days: int) -> str:
    return (today_in_england() - timedelta(days=days)).isoformat()


# A victim; a prosecutor in a local Area decided not to charge 6 days ago (as `send_vrr`).
VRR_ANSWERS = {"role": "victim", "decision_by": "cps", "decision_type": "no_charge", "victim_withdrew_support": False,
               "decision_maker": "area", "awaiting_material": False, "offence": ["other"], "summary_only": False,
               "vrr_stage": "not_requested"}
VRR_STEPS = {"your-details": {"full_name": "Alex Example"},
             "contact": {"preferred": "email", "email": "alex@example.com", "safe": ["email"]},
             "support": {"language": "en"}, "case": {"wrote": "london_north", "urn": "01AB2345626"}}
# A victim; the CPS stopped part of the case 5 days ago: a complaint, replies in Welsh.
COMPLAINT_ANSWERS = {"role": "victim", "decision_by": "cps", "decision_type": "partial"}
COMPLAINT_STEPS = {"your-details": {"full_name": "Bryn Example"},
                   "contact": {"preferred": "post", "address": "1 Example Street\nLondon\nN1 1AA", "safe": ["letters"]},
                   "support": {"language": "cy"},
                   "complaint": {"wrote": "london_north", "when": "Last week", "put_right": "An explanation.",
                                 "what_happened": "Nobody told me one of the charges was dropped."}}


def stored(database: str, reference: str) -> tuple:
    (kind, office, status, received_on, welsh), = fetch_all(
        database, "SELECT kind, office, status, received_on, flag_welsh FROM requests WHERE reference = :reference",
        reference=reference)
    return kind, office, status, str(received_on), int(welsh)  # SQLite gives text and 0/1


@pytest.fixture(scope="module")
def sent(browser, live_server) -> Sent:
    """The requests and the staff users every test here works with. The first run's review
    request is sent in the browser, like a person; the other two through the test client
    (the same posts, in a fraction of the time)."""
    processes = create_users(live_server.database)
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(INIT_SCRIPT)
    client = PublicClient(live_server.database)
    try:
        references = {"js": send_vrr(Visitor(context.new_page(), js=True, journey="staff-setup", axe=False))}
        references["nojs"] = client.send("vrr", {**VRR_ANSWERS, "decision_date": days_ago(6)}, VRR_STEPS)
        references["complaint"] = client.send("complaint", {**COMPLAINT_ANSWERS, "decision_date": days_ago(5)},
                                              COMPLAINT_STEPS)
    finally:
        context.close()
        client.close()
        outputs = [process.communicate(timeout=60) for process in processes]
    for process, (out, err), user in zip(processes, outputs, (NORTH, ARU, SOUTH), strict=True):
        assert process.returncode == 0, f"create-user {user.email}: {err}"
        # The email is stored in lower case; a reviewer's office is the ARU.
        office = user.office or "aru"
        assert out.strip() == f"created {user.email} ({user.role}, {office})", out
    today = today_in_england().isoformat()
    for reference in (references["js"], references["nojs"]):
        assert stored(live_server.database, reference) == ("vrr", "london_north", "received", today, 0)
    assert stored(live_server.database, references["complaint"]) == ("complaint", "london_north", "received", today, 1)
    return Sent({"js": references["js"], "nojs": references["nojs"]}, references["complaint"])


@pytest.fixture
def staff(new_context, live_server):
    """A member of staff's browser: `staff(js, journey)`."""
    folder = SCREENSHOTS / "staff"
    folder.mkdir(parents=True, exist_ok=True)

    def make(js: bool, journey: str) -> StaffVisitor:
        context = new_context(java_script_enabled=js, locale="en-GB")  # as new_visitor_context, in en-GB
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(INIT_SCRIPT)
        page = context.new_page()
        axe_page = None if js else new_context(locale="en-GB").new_page()
        return StaffVisitor(page, js=js, journey=journey, axe_page=axe_page, screenshots=folder)

    return make


@pytest.fixture(autouse=True)
def fresh_sign_in_limit():
    """The app allows 5 sign-ins a minute from one address; every sign-in here comes from
    127.0.0.1, several a minute. Its count (in the live server's memory) starts again at
    each test."""
    limiter.reset()


def sign_in(v: StaffVisitor, user: StaffUser, *, slug: str = "inbox") -> None:
    v.open(LOGIN, "Sign in", f"{slug}-sign-in")
    v.page.get_by_label("Email address", exact=True).fill(user.email)
    v.page.get_by_label("Password", exact=True).fill(PASSWORD)
    v.follow(v.page.get_by_role("button", name="Sign in", exact=True), "Inbox", INBOX, slug)
    expect(v.page.locator(".app-staff-bar")).to_contain_text(f"Signed in as {user.name} ({user.office_name})")


def due_rows(v: StaffVisitor) -> dict[str, str]:
    """The request page's "Status and dates" (without the safe ways to contact, listed there too)."""
    return {k: value for k, value in v.summary(0).items() if k != "Safe ways to contact"}


def when(working_days: int) -> str:
    """A date `working_days` from today as the request page shows it: the long date, then
    the countdown ("Monday 7 December 2026", "10 working days left")."""
    return f"{long_date(add_working_days(today_in_england(), working_days))}\n{working_days} working days left"


# -- the tests ---------------------------------------------------------------------------
@JS
def test_a_review_request_from_london_north_to_the_appeals_and_review_unit(staff, sent, js, live_database):
    reference = sent.vrr["js" if js else "nojs"]
    request_page = f"/staff/requests/{reference}"
    title = f"Request {reference}"
    today = today_in_england()
    local_due = add_working_days(today, 10)

    # ---- London North's caseworker ----
    v = staff(js, "north")
    page = v.page
    sign_in(v, NORTH)
    rows = v.inbox_rows()
    mine = {row["reference"]: row for row in rows}
    assert reference in mine and sent.complaint in mine, f"{v.where}: inbox lists {list(mine)}"
    assert mine[reference] == {
        "reference": reference, "kind": VRR, "received": short_date(today), "status": "Received",
        "due": f"{short_date(local_due)}\n10 working days left", "flags": ""}, mine[reference]
    assert mine[sent.complaint]["kind"] == "Complaint" and "Welsh" in mine[sent.complaint]["flags"]
    # Most urgent first: the review (due in 10 working days) before the complaint (20).
    references = [row["reference"] for row in rows]
    assert references.index(reference) < references.index(sent.complaint), references
    assert_most_urgent_first(v)

    # Filters: by kind, then by flag.
    v.filter_inbox({"Kind": VRR}, "inbox-kind-vrr")
    assert v.query().get("kind") == ["vrr"], v.page.url
    assert reference in v.references() and sent.complaint not in v.references(), v.references()
    assert {row["kind"] for row in v.inbox_rows()} == {VRR}
    v.filter_inbox({"Kind": "All kinds", "Flag": "Replies in Welsh"}, "inbox-flag-welsh")
    assert v.query().get("flag") == ["welsh"] and v.query().get("kind") == [""], v.page.url
    assert sent.complaint in v.references() and reference not in v.references(), v.references()
    assert all("Welsh" in row["flags"] for row in v.inbox_rows()), v.inbox_rows()
    if js:  # the address pushed is the filtered inbox: loaded again, it shows the same
        page.reload()
        expect(page.get_by_label("Flag", exact=True)).to_have_value("welsh")
        assert sent.complaint in v.references() and reference not in v.references(), v.references()
    v.filter_inbox({"Flag": "Any"}, "inbox-all")
    # Dates: GOV.UK date inputs (day, month, year), not the browser's mm/dd/yyyy picker.
    expect(page.locator("main input[type=date]")).to_have_count(0)
    v.filter_dates({"Received from": today, "Received to": today}, "inbox-received-today")
    assert v.query().get("received_from") == [str(today.day), str(today.month), str(today.year)], v.page.url
    assert reference in v.references() and sent.complaint in v.references(), v.references()
    v.filter_dates({"Received from": today + timedelta(days=1), "Received to": today + timedelta(days=1)},
                   "inbox-received-tomorrow")
    assert v.references() == [], v.references()
    v.open(INBOX, "Inbox", "inbox-again")

    # The request: its dates.
    v.follow(page.get_by_role("link", name=reference, exact=True), title, request_page, "request-received")
    expect(page.locator(".govuk-caption-l")).to_have_text(VRR)
    assert due_rows(v) == {
        "Status": "Received", "Office": "CPS London North", "Received": long_date(today),
        "Local resolution due": when(10), "Overall review due": when(30)}, due_rows(v)
    assert v.summary(0)["Safe ways to contact"] == "Sending emails", v.summary(0)
    sent_rows = v.summary(1)
    assert sent_rows["Your full name"] == "Alex Example", sent_rows
    assert sent_rows["Which CPS office wrote to you?"] == "CPS London North", sent_rows
    answers = v.summary(2)  # the questionnaire's answers, as the person's check page showed them
    assert answers["Who is asking"] == "I am the victim of the crime", answers
    assert "Date of the decision letter" in answers and "Who in the CPS decided" in answers, answers

    # "Save status" with none chosen: the GOV.UK error summary.
    v.follow(page.get_by_role("button", name="Save status", exact=True), title, f"{request_page}/status",
             "request-no-status-chosen", error=True, status=400)
    expect(page.locator(".govuk-error-summary__list a")).to_have_text(["Select the new status"])
    v.assert_error_links_work()
    assert due_rows(v)["Status"] == "Received"

    # Its statuses, one after the other.
    v.change_status("Acknowledged", title, request_page, "request-acknowledged")
    assert due_rows(v)["Status"] == "Acknowledged"
    assert due_rows(v)["Local resolution due"] == when(10)
    v.change_status("Under review", title, request_page, "request-under-review")
    v.change_status("Local review: decision upheld", title, request_page, "request-local-upheld")
    dues = due_rows(v)
    assert dues == {
        "Status": "Local review: decision upheld", "Office": "CPS London North", "Received": long_date(today),
        "The victim can ask for an independent review until": when(10),
        "Overall review due": when(30)}, dues
    history = page.locator(".app-history li").all_inner_texts()
    assert [line.split(" – ")[0] for line in history] == [
        "Received", "Acknowledged", "Under review", "Local review: decision upheld"], history
    assert all(line.endswith(f", {NORTH.name}") for line in history[1:]), history

    # The victim asks for the independent review: it goes to the ARU, out of this inbox.
    v.change_status("Independent review requested", "Inbox", INBOX, "inbox-after-moving")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Request {reference} has moved to the CPS Appeals and Review Unit for the independent review")
    assert reference not in v.references(), f"{v.where}: still listed after moving to the ARU"
    v.not_found(request_page, "request-not-found-after-moving")
    assert stored(live_database, reference)[1:3] == ("aru", "independent_requested")

    # ---- the ARU's reviewer ----
    r = staff(js, "aru")
    page = r.page
    sign_in(r, ARU)
    rows = {row["reference"]: row for row in r.inbox_rows()}
    review_due = add_working_days(today, 20)
    assert reference in rows, f"{r.where}: the ARU's inbox lists {list(rows)}"
    assert (rows[reference]["status"], rows[reference]["due"]) == (
        f"Independent review requested\nMoved from {NORTH.office_name}",
        f"{short_date(review_due)}\n20 working days left"), rows[reference]
    assert sent.complaint not in rows
    r.follow(page.get_by_role("link", name=reference, exact=True), title, request_page, "request-independent-requested")
    moved = f"{NORTH.office_name}. Moved to the Appeals and Review Unit on {long_date(today)}."
    assert due_rows(r) == {
        "Status": "Independent review requested", "Office": "CPS Appeals and Review Unit",
        "Received": long_date(today), "Received by": moved, "Independent review due": when(20),
        "Overall review due": when(30)}, due_rows(r)
    r.change_status("Independent review under way", title, request_page, "request-independent-review")
    assert due_rows(r)["Independent review due"] == when(20)
    r.change_status("Decision sent", title, request_page, "request-decision-sent")
    assert set(due_rows(r)) == {"Status", "Office", "Received", "Received by"}, due_rows(r)  # nothing is due now
    before = figures(r, "figures-before-closing")

    r.open(request_page, title, "request-decision-sent-again")
    r.change_status("Closed", title, request_page, "request-closed")
    assert due_rows(r)["Status"] == "Closed"
    expect(page.get_by_role("group", name="Change the status")).to_have_count(0)  # nothing more to do
    r.open(INBOX, "Inbox", "inbox-after-closing")
    assert reference not in r.references(), f"{r.where}: a closed request is still in the open inbox"
    r.filter_inbox({"Status": "Closed"}, "inbox-closed")
    assert reference in r.references(), r.references()

    after = figures(r, "figures-after-closing")
    assert after["Requests"] == before["Requests"], (before, after)
    assert after["Closed"] == before["Closed"] + 1, (before, after)
    assert after["Closed within target"] == before["Closed within target"] + 1, (before, after)
    assert after["Open, in time"] == before["Open, in time"] - 1, (before, after)
    assert after["Median working days to close"] in ("0", "0.0"), after  # received and closed today
    download_csv(r, after)
    finish(v, r)


def finish(*visitors: StaffVisitor) -> None:
    """What each visitor collected on the way (axe, focus, live region, history, error
    responses, console errors and CSP), asserted together: one run reports all of it."""
    failures = []
    for visitor in visitors:
        try:
            visitor.finish(checks=("enhancement", "axe", "responses", "console"))
        except AssertionError as failure:
            failures.append(str(failure))
        if visitor.expected_errors:  # a 401 or 404 the journey was sure of, that never came
            failures.append(f"{visitor.where}: expected but not answered: {visitor.expected_errors}")
        if visitor.faults:
            failures.append(f"{visitor.where}: layout:\n  " + "\n  ".join(visitor.faults))
    assert not failures, "\n".join(failures)


def assert_most_urgent_first(v: StaffVisitor) -> None:
    """Requests whose time limit for prosecuting is near first; then by the next due date
    (an overdue request's date is before all the others', so this covers "overdue next")."""
    rows = v.inbox_rows()
    urgent = ["Time limit" in row["flags"] for row in rows]
    assert urgent == sorted(urgent, reverse=True), f"{v.where}: time limits not first: {rows}"
    dues = [row["due"].split("\n")[0] for row in rows if "Time limit" not in row["flags"]]
    days = [_parse_short(d) for d in dues]
    assert days == sorted(days), f"{v.where}: not by next due date: {dues}"


def _parse_short(text: str) -> date:
    return datetime.strptime(text, "%d %b %Y").date()


FIGURE_COLUMNS = ("Requests", "Open, in time", "Open, overdue", "Closed", "Closed within target",
                  "Median working days to close", "No activity for 60 days", "Moved to the Appeals and Review Unit")
CSV_HEADER = ["office", "kind", "total", "open_in_time", "overdue", "closed", "closed_within_target",
              "median_working_days_to_close", "idle_60_days", "moved_to_aru"]


def figures(v: StaffVisitor, slug: str) -> dict[str, int | str]:
    """The ARU's only row: the review requests London North received and moved to it (a
    request counts for the office that received it)."""
    with v.page.expect_navigation():
        v.page.get_by_role("link", name="Timeliness figures", exact=True).click()
    v.arrive("Timeliness figures", "/staff/figures", slug)
    v.faults += [f"{v.where} at {slug}: the chart's label {overlap}" for overlap in v.chart_overlaps()]
    table = v.page.get_by_role("table", name="The figures")
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["Office", "Kind", *FIGURE_COLUMNS], headers
    rows = [row for row in table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => c.innerText.trim()))")]
    assert all(row[0] == NORTH.office_name for row in rows), f"{v.where}: the ARU sees {rows}"
    mine = [row for row in rows if row[1] == VRR]
    assert len(mine) == 1, rows
    shown = dict(zip(FIGURE_COLUMNS, mine[0][2:], strict=True))
    assert shown["Moved to the Appeals and Review Unit"] == shown["Requests"], shown  # every one moved
    return {k: value if k == "Median working days to close" else int(value) for k, value in shown.items()}


def download_csv(v: StaffVisitor, shown: dict[str, int | str]) -> None:
    with v.page.expect_download() as info:
        v.page.get_by_role("link", name="Download these figures (CSV)").click()
    download = info.value
    assert download.suggested_filename == "timeliness.csv", download.suggested_filename
    table = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert table[0] == CSV_HEADER, table[0]
    rows = [row for row in table[1:] if row[:2] == ["london_north", "vrr"]]
    assert len(rows) == 1 and len(table) == 2, f"{v.where}: the ARU's CSV: {table}"
    row = dict(zip(CSV_HEADER, rows[0], strict=True))
    pairs = (("total", "Requests"), ("open_in_time", "Open, in time"), ("overdue", "Open, overdue"),
             ("closed", "Closed"), ("closed_within_target", "Closed within target"),
             ("idle_60_days", "No activity for 60 days"), ("moved_to_aru", "Moved to the Appeals and Review Unit"))
    assert [int(row[column]) for column, _ in pairs] == [shown[heading] for _, heading in pairs], (row, shown)
    assert float(row["median_working_days_to_close"]) == float(shown["Median working days to close"]), (row, shown)


@JS
def test_another_office_cannot_see_london_norths_requests(staff, sent, js):
    v = staff(js, "south")
    sign_in(v, SOUTH)
    listed = v.references()
    assert sent.complaint not in listed and not set(sent.vrr.values()) & set(listed), listed
    v.filter_inbox({"Status": "All"}, "inbox-all-statuses")
    listed = v.references()
    assert sent.complaint not in listed and not set(sent.vrr.values()) & set(listed), listed
    v.not_found(f"/staff/requests/{sent.complaint}", "complaint-not-found")
    hidden = v.page.locator("main").inner_text()
    v.not_found("/staff/requests/ZZZZ-ZZZZ-ZZZZ", "unknown-not-found")  # no such request: the very same page
    assert v.page.locator("main").inner_text() == hidden
    # The review request, wherever it is now (London North, or the ARU).
    v.not_found(f"/staff/requests/{sent.vrr['js' if js else 'nojs']}", "review-not-found")
    finish(v)


@JS
def test_signing_in_with_a_wrong_password_then_signing_out(staff, sent, js):
    v = staff(js, "sign-in")
    page = v.page
    v.open(INBOX, "Sign in", "sign-in", landing=LOGIN)  # the inbox needs signing in
    page.get_by_label("Email address", exact=True).fill(NORTH.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD + "x")
    v.follow(page.get_by_role("button", name="Sign in", exact=True), "Sign in", LOGIN, "sign-in-wrong-password",
             error=True, status=401)
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator(".govuk-error-summary__title")).to_have_text("There is a problem")
    expect(summary.locator(".govuk-error-summary__list a")).to_have_text(["Enter a correct email address and password"])
    v.assert_error_links_work()
    expect(page.get_by_label("Email address", exact=True)).to_have_value(NORTH.email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")  # never written back
    # The summary's link takes focus to the email address.
    summary.get_by_role("link").click()
    expect(page.get_by_label("Email address", exact=True)).to_be_focused()

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    v.follow(page.get_by_role("button", name="Sign in", exact=True), "Inbox", INBOX, "inbox")
    expect(page.locator(".app-staff-bar")).to_contain_text(f"Signed in as {NORTH.name} ({NORTH.office_name})")
    expect(page.get_by_role("link", name=sent.complaint, exact=True)).to_be_visible()

    v.follow(page.get_by_role("button", name="Sign out", exact=True), "Sign in", LOGIN, "signed-out")
    expect(page.locator(".app-staff-bar")).to_have_count(0)
    page.go_back()  # the inbox, from the browser's history: not shown again
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page).to_have_url(re.compile(f"{LOGIN}$"))
    v.open(INBOX, "Sign in", "inbox-after-sign-out", landing=LOGIN)
    v.open(f"/staff/requests/{sent.complaint}", "Sign in", "request-after-sign-out", landing=LOGIN)
    response = page.request.get("/staff/figures.csv", max_redirects=0)
    assert response.status == 302 and response.headers["location"].endswith(LOGIN), response.status
    finish(v)


@pytest.mark.filterwarnings("default")
def test_the_staff_pages_use_no_deprecated_wtforms_choices(staff, sent):
    """WTForms 3.3 deprecates tuple choices (removed in 3.4; ../shared/STACK.md says to use
    SelectChoice). No staff page may cause a DeprecationWarning: with this project's
    warnings as errors, the live server's thread raises it, and the page is a 500 (the
    inbox was, until the staff forms took SelectChoice). Recorded here page by page."""
    v = staff(True, "deprecations")
    found = {}
    with warnings.catch_warnings(record=True) as caught:  # the server's thread warns here too
        warnings.simplefilter("always")
        for slug, visit in (
                ("inbox", lambda: sign_in(v, NORTH, slug="inbox-deprecations")),
                ("request", lambda: v.open(f"/staff/requests/{sent.complaint}", f"Request {sent.complaint}",
                                           "request-deprecations")),
                ("figures", lambda: v.open("/staff/figures", "Timeliness figures", "figures-deprecations"))):
            del caught[:]
            visit()
            messages = sorted({str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)})
            if messages:
                found[slug] = messages
    assert not found, f"DeprecationWarning on the staff pages: {found}"


def test_a_session_copied_before_signing_out_is_refused_after_it(staff, sent):
    """Signing out ends the session for the server too (OWASP ASVS 3.3.1), not only in this
    browser: the staff cookie as it was before "Sign out" (kept by malware, a proxy's log, a
    shared computer's profile) no longer opens the inbox."""
    v = staff(True, "replay")
    sign_in(v, NORTH, slug="inbox-replay")
    kept = [c for c in v.page.context.cookies() if c["name"] == "cyo_staff"]
    assert kept, v.page.context.cookies()
    v.follow(v.page.get_by_role("button", name="Sign out", exact=True), "Sign in", LOGIN, "replay-signed-out")
    v.page.context.add_cookies(kept)
    response = v.page.request.get(INBOX, max_redirects=0)
    assert response.status == 302 and response.headers["location"].endswith(LOGIN), (
        f"the session cookie from before signing out still opens the inbox ({response.status}): "
        "signing out only clears the browser's copy of the signed cookie")

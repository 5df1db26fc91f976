"""Helpers for the staff-side tests (the receiving office, under /staff): users and
requests stored directly in the test database, and a staff browser that checks every
page it gets back.

Requests are stored as `webapp.requests_store.send` stores them (records.arrived fills
in the inbox columns), with a chosen day of arrival, so due dates can be counted by hand.
Staff pages have no "Exit this page" button (they are work pages), so they get the
conftest page checks without that one.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import UTC, date, datetime, time, timedelta

from bs4 import BeautifulSoup
from flask.cli import FlaskGroup
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

import webapp.staff.cli
import webapp.staff.records
import webapp.staff.views  # noqa: F401 (loaded now, so that fixed_today patches their today_in_england)
from questionnaire import assess
from questionnaire.calendar import LONDON
from webapp.models import AuditEntry, Request, StaffUser, db
from webapp.requests_store import new_reference
from webapp.staff import auth, records

from .conftest import TODAY, _check_body, _check_headers, _check_title, browser_form_data, text_of
from .journeys import CONVICTED_CROWN, VICTIM_CPS

PASSWORD = "correct horse battery staple"  # noqa: S105 (a test user's)
OTHER_PASSWORD = "another long password 42"  # noqa: S105
STAFF_COOKIE = "cyo_staff"
PUBLIC_COOKIE = "cyo_session"
LOGIN = "/staff/login"
INBOX = "/staff/"
FAILED_LOGIN = "Enter a correct email address and password"
IDLE_MESSAGE = "You were signed out because you had not done anything for a while."
# Sign-ins are rate limited per address, and every test client is 127.0.0.1.
MANY_SIGN_INS = {"STAFF_LOGIN_RATE_LIMIT": "1000 per minute"}
# What a person sent (as the request steps store it).
DETAILS = {"full_name": "Alex Example", "preferred": "email", "email": "alex@example.com", "safe": ["email"],
           "language": "en", "needs": [], "wrote": "wessex", "urn": "01AB2345626"}
ANSWERS = {"vrr": VICTIM_CPS, "meeting": VICTIM_CPS, "complaint": VICTIM_CPS, "ccrc": CONVICTED_CROWN}


# --------------------------------------------------------------------------- users


@functools.cache
def password_hash(password: str) -> str:
    """scrypt is slow on purpose: hash each test password once a run."""
    return auth.hash_password(password)


def add_user(app, email: str, role: str = "caseworker", office: str | None = "wessex", *, name: str | None = None,
             password: str = PASSWORD, active: bool = True) -> int:
    now = datetime.now(UTC)
    with app.app_context():
        user = StaffUser(email=email, name=name or email.split("@")[0].replace(".", " ").title(), role=role,
                         office=office, password_hash=password_hash(password), password_changed_at=now,
                         active=active, created_at=now)
        db.session.add(user)
        db.session.commit()
        return user.id


# --------------------------------------------------------------------------- requests


@functools.cache
def _assessment(answers_json: str) -> str:
    return json.dumps(assess(json.loads(answers_json), TODAY))


def assessment_for(answers: dict, *, pathway: str | None = None, timing: str | None = None,
                   statute_limit: date | None = None) -> dict:
    assessment = json.loads(_assessment(json.dumps(answers, sort_keys=True)))
    vrr = assessment["routes"].setdefault("vrr", {})
    if pathway is not None:
        vrr["pathway"] = pathway
    if timing is not None:
        vrr["timing"] = timing
        vrr["exceptional_circumstances"] = False
    assessment["deadlines"].pop("statute_limit", None)
    if statute_limit is not None:
        assessment["deadlines"]["statute_limit"] = statute_limit.isoformat()
    return assessment


def arrival(day: date, hour: int = 10) -> datetime:
    """The moment (UTC) a request sent at `hour` o'clock in England on `day` was stored."""
    return datetime.combine(day, time(hour), LONDON).astimezone(UTC)


def build_request(*, kind: str = "vrr", office: str = "wessex", received: date = TODAY, hour: int = 10,
                  answers: dict | None = None, details: dict | None = None, pathway: str | None = None,
                  timing: str | None = "in_time", statute_limit: date | None = None, language: str = "en",
                  last_activity: datetime | None = None, reference: str | None = None) -> Request:
    """A request as `requests_store.send` stores it (not yet added to the session)."""
    answers = dict(answers if answers is not None else ANSWERS[kind])
    found = Request(
        reference=reference or new_reference(), submission_id=new_reference() + new_reference(),
        owner="0" * 64, kind=kind, office=office, language=language, answers=answers,
        details={**DETAILS, **(details or {})},
        assessment=assessment_for(answers, pathway=pathway, timing=timing, statute_limit=statute_limit),
        created_at=arrival(received, hour))
    records.arrived(found)
    if last_activity is not None:
        found.last_activity_at = last_activity
    return found


def add_request(app, **kwargs) -> str:
    """Store one request; its reference."""
    with app.app_context():
        found = build_request(**kwargs)
        db.session.add(found)
        db.session.commit()
        return found.reference


def add_requests(app, specs: list[dict]) -> list[str]:
    """Store many requests in one transaction; their references, in order."""
    with app.app_context():
        built = [build_request(**spec) for spec in specs]
        db.session.add_all(built)
        db.session.commit()
        return [r.reference for r in built]


def move(app, reference: str, *statuses: str, on: date, email: str | None = None, note: str = "") -> None:
    """Change a request's status directly (records.change_status), as if on day `on`."""
    with app.app_context():
        found = db.session.scalar(select(Request).where(Request.reference == reference))
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == email)) if email else None
        for status in statuses:
            records.change_status(found, status, user, note, today=on)
        db.session.commit()


def request_row(app, reference: str) -> dict:
    """The inbox columns of a stored request."""
    with app.app_context():
        found = db.session.scalar(select(Request).where(Request.reference == reference))
        assert found is not None, f"no request {reference}"
        return {column: getattr(found, column) for column in (
            "status", "office", "received_on", "next_due", "statute_limit", "target_due", "closed_on",
            "last_activity_at", "flag_welsh", "flag_needs", "flag_no_authority", "flag_late")}


def events(app, reference: str) -> list[dict]:
    with app.app_context():
        found = db.session.scalar(select(Request).where(Request.reference == reference))
        return [{"status": e.status, "on": e.on, "at": e.at, "user": e.user.email if e.user else None,
                 "note": e.note} for e in found.events]


def audit_log(app) -> list[dict]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        emails = dict(db.session.execute(select(StaffUser.id, StaffUser.email)).all())
        return [{"user": emails.get(a.user_id), "action": a.action, "target": a.target, "detail": a.detail,
                 "at": a.at} for a in entries]


# --------------------------------------------------------------------------- page checks


def check_staff_page(response) -> BeautifulSoup:
    """conftest's checks of a full page (headers, title, one h1, unique ids, CSRF in POST
    forms, script nonces), except the "Exit this page" button staff pages leave out."""
    _check_headers(response)
    page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    assert page.html.get("lang") == "en", page.html.get("lang")
    _check_title(page)
    _check_body(page, response)
    assert page.select_one("main#main-content") is not None, "no main#main-content"
    return page


def check_results_fragment(response) -> BeautifulSoup:
    """What htmx swaps into the inbox: the #inbox-results element alone."""
    _check_headers(response)
    raw = response.get_data(as_text=True)
    for element in ("html", "head", "body", "h1", "form"):
        assert not re.search(rf"<\s*{element}[\s>]", raw, re.IGNORECASE), f"a results fragment with <{element}>"
    page = BeautifulSoup(raw, "html.parser")
    roots = [child for child in page.children if getattr(child, "name", None)]
    assert [root.get("id") for root in roots] == ["inbox-results"], [str(r)[:80] for r in roots]
    return page


def summary_errors(page) -> list[tuple[str, str]]:
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    return [(a["href"], text_of(a)) for a in summary.select(".govuk-error-summary__list a")]


def field_error(page, field: str) -> str:
    message = page.select_one(f"#{field}-error")
    assert message is not None, f"no inline error #{field}-error"
    return text_of(message).removeprefix("Error:").strip()


def summary_rows(page) -> dict[str, str]:
    """The first summary list on a page ("Status and dates"): key -> value text."""
    listing = page.select_one("main .govuk-summary-list")
    assert listing is not None, "no summary list"
    return {text_of(row.select_one(".govuk-summary-list__key")): text_of(row.select_one(".govuk-summary-list__value"))
            for row in listing.select(".govuk-summary-list__row")}


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def inbox_references(page) -> list[str]:
    return [text_of(a) for a in page.select("#inbox-results tbody th a")]


# --------------------------------------------------------------------------- the browser


class StaffBrowser:
    """A browser on the staff pages: every HTML page it gets is checked (check_staff_page);
    redirects give their Location; other responses (CSV, files) are returned as they are."""

    def __init__(self, app, client=None):
        self.app = app
        self.client = client or app.test_client()
        self.response = None

    def _result(self, response, expected_status: int, *, fragment: bool = False):
        self.response = response
        assert response.status_code == expected_status, (
            f"{response.request.method} {response.request.path}: status {response.status_code}, "
            f"expected {expected_status}; Location {response.headers.get('Location')!r}")
        if 300 <= response.status_code < 400:
            assert response.headers.get("Location"), "a redirect without a Location"
            return response.headers["Location"]
        if response.mimetype != "text/html":
            return response
        return check_results_fragment(response) if fragment else check_staff_page(response)

    def get(self, url: str, *, expected_status: int = 200, headers: dict | None = None, fragment: bool = False):
        return self._result(self.client.get(url, headers=headers or {}), expected_status, fragment=fragment)

    def token(self) -> str:
        """This staff session's CSRF token, as the sign-in page's form carries it."""
        response = self.client.get(LOGIN)
        assert response.status_code == 200, response.status_code
        page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
        return page.select_one("main form input[name=csrf_token]")["value"]

    def post(self, url: str, data=None, *, expected_status: int = 303, csrf: bool = True):
        payload = MultiDict(data or {})
        if csrf and "csrf_token" not in payload:
            payload["csrf_token"] = self.token()
        return self._result(self.client.post(url, data=payload), expected_status)

    def form_on(self, url: str, action: str) -> MultiDict:
        page = self.get(url)
        form = page.select_one(f"form[method=post][action='{action}']")
        assert form is not None, f"no POST form to {action} on {url}"
        return browser_form_data(form)

    def submit(self, url: str, data: dict, *, action: str, expected_status: int = 303):
        """Fill in the form of `url` that posts to `action`, like a browser, and send it."""
        payload = self.form_on(url, action)
        for name, value in data.items():
            payload.setlist(name, list(value) if isinstance(value, list | tuple) else [value])
        return self.post(action, payload, expected_status=expected_status, csrf=False)

    def sign_in(self, email: str, password: str = PASSWORD, *, expected_status: int = 303):
        result = self.submit(LOGIN, {"email": email, "password": password}, action=LOGIN,
                             expected_status=expected_status)
        if expected_status == 303:
            assert result == INBOX, result
        return result

    def signed_in(self) -> bool:
        """Whether the inbox opens (rather than sending to the sign-in page)."""
        response = self.client.get(INBOX)
        assert response.status_code in (200, 302), response.status_code
        return response.status_code == 200

    def change_status(self, reference: str, status: str, note: str = "", *, expected_status: int = 303):
        url = f"/staff/requests/{reference}"
        return self.submit(url, {"status": status, "note": note}, action=f"{url}/status",
                           expected_status=expected_status)


def staff_browser(app, email: str, password: str = PASSWORD) -> StaffBrowser:
    browser = StaffBrowser(app)
    browser.sign_in(email, password)
    return browser


def flask_command(app, *args: str, env: dict | None = None, stdin: str | None = None):
    """Run `flask ARGS` as the command line does (the flask group pushes the app context)."""
    runner = app.test_cli_runner()
    return runner.invoke(FlaskGroup(create_app=lambda: app), list(args), env=env or {}, input=stdin,
                         catch_exceptions=False)


def now_minus(**delta) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)

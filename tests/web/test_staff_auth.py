"""Staff sign-in and sessions (/staff/login, /staff/logout, /staff/password, the
`flask staff reset-password` command): failures that never say which part was wrong,
the rate limit, the staff cookie kept apart from the public one, the idle timeout, and
sessions ended by a password change.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

import webapp.staff.auth
from webapp.drafts import SESSION_KEY
from webapp.models import StaffUser, db

from .conftest import EXIT_URL, ClientRequest, text_of
from .journeys import VICTIM_CPS
from .staff_support import (
    FAILED_LOGIN,
    IDLE_MESSAGE,
    INBOX,
    LOGIN,
    MANY_SIGN_INS,
    OTHER_PASSWORD,
    PASSWORD,
    PUBLIC_COOKIE,
    STAFF_COOKIE,
    StaffBrowser,
    add_user,
    audit_log,
    check_staff_page,
    field_error,
    flask_command,
    staff_browser,
    summary_errors,
)

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

EMAIL = "casey.worker@cps.example"


@pytest.fixture
def caseworker(app) -> int:
    return add_user(app, EMAIL, "caseworker", "wessex", name="Casey Worker")


def set_cookie_header(response, name: str) -> str:
    found = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert len(found) == 1, response.headers.getlist("Set-Cookie")
    return found[0]


def cookie_attributes(header: str) -> dict[str, str]:
    parts = [p.strip() for p in header.split(";")[1:]]
    return {p.split("=")[0].lower(): (p.split("=", 1)[1] if "=" in p else "") for p in parts}


def login_post(browser: StaffBrowser, email: str, password: str):
    """One sign-in attempt, with the page's own CSRF token; the raw response."""
    return browser.client.post(LOGIN, data={"csrf_token": browser.token(), "email": email, "password": password})


# --------------------------------------------------------------------------- signing in


def test_the_sign_in_page(app):
    page = StaffBrowser(app).get(LOGIN)
    assert text_of(page.select_one("h1")) == "Sign in"
    form = page.select_one("main form")
    assert form["method"] == "post" and form["action"] == LOGIN
    email, password = form.select_one("input[name=email]"), form.select_one("input[name=password]")
    assert email["autocomplete"] == "username"
    assert password["type"] == "password" and password["autocomplete"] == "current-password"
    assert page.select(".govuk-service-navigation__item") == [], "navigation shown to someone not signed in"


def test_signing_in_opens_the_inbox_with_a_staff_cookie(app, caseworker):
    browser = StaffBrowser(app)
    location = browser.sign_in(EMAIL)
    assert location == INBOX
    header = set_cookie_header(browser.response, STAFF_COOKIE)
    attributes = cookie_attributes(header)
    assert attributes["path"] == "/staff"
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "strict"  # staff never arrive signed in from elsewhere
    assert not [h for h in browser.response.headers.getlist("Set-Cookie") if h.startswith(f"{PUBLIC_COOKIE}=")]

    page = browser.get(INBOX)
    assert "Signed in as Casey Worker (CPS Wessex)" in text_of(page.select_one(".app-staff-bar"))
    assert [text_of(a) for a in page.select(".govuk-service-navigation__list .govuk-service-navigation__link")] == [
        "Inbox", "Timeliness figures", "Change password"]
    assert [(e["user"], e["action"]) for e in audit_log(app)] == [(EMAIL, "login")]


def test_the_email_is_not_case_sensitive(app, caseworker):
    StaffBrowser(app).sign_in("  Casey.Worker@CPS.example ")


def _normalised(response, email: str) -> str:
    """The page with what differs between any two responses taken out (nonce, CSRF
    token, the email address typed), to compare two failures."""
    text = response.get_data(as_text=True)
    text = re.sub(r"nonce-[^']+'|nonce=\"[^\"]+\"", "NONCE", text)
    text = re.sub(r'name="csrf_token" value="[^"]+"', "CSRF", text)
    return text.replace(email, "EMAIL")


def test_wrong_password_unknown_email_and_deactivated_user_get_the_same_answer(app, caseworker, monkeypatch):
    add_user(app, "gone@cps.example", active=False)
    checked = []
    real = webapp.staff.auth.check_password_hash
    monkeypatch.setattr(webapp.staff.auth, "check_password_hash",
                        lambda stored, given: checked.append(stored) or real(stored, given))
    attempts = {
        "wrong password": (EMAIL, "not the password at all"),
        "unknown email": ("nobody@cps.example", PASSWORD),
        "deactivated user": ("gone@cps.example", PASSWORD),
    }
    pages = {}
    for case, (email, password) in attempts.items():
        browser = StaffBrowser(app)
        checked.clear()
        response = login_post(browser, email, password)
        assert response.status_code == 401, (case, response.status_code)
        assert len(checked) == 1, f"{case}: {len(checked)} password checks (a different path)"
        page = check_staff_page(response)
        assert summary_errors(page) == [("#email", FAILED_LOGIN)], case
        # The same message inline at the email field the summary links to, whichever part
        # was wrong; nothing at the password field.
        inline = [(e.get("id"), " ".join(e.get_text().split())) for e in page.select(".govuk-error-message")]
        assert inline == [("email-error", f"Error: {FAILED_LOGIN}")], (case, inline)
        main = text_of(page.select_one("main")).lower()
        for telling in ("unknown", "not found", "no account", "wrong password", "incorrect password",
                        "deactivated", "cannot sign in", "not registered"):
            assert telling not in main, f"{case}: the page says {telling!r}"
        assert password not in response.get_data(as_text=True), f"{case}: the password is in the page"
        assert not browser.signed_in(), f"{case}: signed in anyway"
        pages[case] = _normalised(response, email)
    assert len(set(pages.values())) == 1, "the failures can be told apart by their pages"
    failed = [e for e in audit_log(app) if e["action"] == "login_failed"]
    assert [(e["user"], e["target"], e["detail"]) for e in failed] == [(None, "", "")] * 3


def test_the_password_is_never_written_back_into_the_page(app, caseworker):
    browser = StaffBrowser(app)
    secret = "my-secret-password-123"  # noqa: S105
    for email in (EMAIL, "", "not an email"):
        response = login_post(browser, email, secret)
        assert response.status_code in (200, 400, 401), response.status_code
        page = check_staff_page(response)
        assert secret not in response.get_data(as_text=True)
        assert page.select_one("input[name=password]").get("value", "") == ""
    page = check_staff_page(login_post(browser, "", secret))
    assert field_error(page, "email") == "Enter your email address"


def test_a_missing_password_is_asked_for(app, caseworker):
    browser = StaffBrowser(app)
    page = browser.post(LOGIN, {"email": EMAIL, "password": ""}, expected_status=200)
    assert field_error(page, "password") == "Enter your password"
    assert not browser.signed_in()


@pytest.mark.app_config(STAFF_LOGIN_RATE_LIMIT="3 per minute")
def test_sign_in_is_rate_limited(app, caseworker):
    browser = StaffBrowser(app)
    for attempt in range(3):
        assert login_post(browser, EMAIL, "wrong password here").status_code == 401, attempt
    response = login_post(browser, EMAIL, PASSWORD)  # the right password does not get round it
    assert response.status_code == 429
    assert response.headers.get("Retry-After"), "no Retry-After"
    page = check_staff_page(response)
    assert "Too many attempts" in text_of(page.select_one("h1"))
    assert "try again" in text_of(page.select_one("main")).lower()
    assert PASSWORD not in response.get_data(as_text=True)
    assert not browser.signed_in()
    assert browser.client.get(LOGIN).status_code == 200, "the limit is on attempts, not on the page"


def test_a_deactivated_users_session_ends(app, caseworker):
    browser = staff_browser(app, EMAIL)
    add_user(app, "admin@cps.example", "admin", None)
    admin = staff_browser(app, "admin@cps.example")
    admin.submit("/staff/users", {}, action=f"/staff/users/{caseworker}/deactivate")
    assert not browser.signed_in()
    StaffBrowser(app).sign_in(EMAIL, expected_status=401)


# --------------------------------------------------------------------------- the two cookies


def test_a_public_session_gives_no_staff_access(app, client, caseworker):
    public = ClientRequest(client)
    public.csrf_token()  # the public pages give this browser a session
    assert client.get_cookie(PUBLIC_COOKIE) is not None
    assert client.get(INBOX).status_code == 302

    # A public session holding what a staff session holds is still not a staff session:
    # its signature (salt) is not the staff one.
    with client.session_transaction() as session, app.app_context():
        user = db.session.get(StaffUser, caseworker)
        session.update({"uid": caseworker, "pwd": webapp.staff.auth._stamp(user),
                        "seen": datetime.now(UTC).timestamp()})
    forged = client.get_cookie(PUBLIC_COOKIE).value
    assert client.get(INBOX).status_code == 302
    other = app.test_client()
    other.set_cookie(STAFF_COOKIE, forged, path="/staff")
    response = other.get(INBOX)
    assert response.status_code == 302 and response.headers["Location"] == LOGIN


def test_a_staff_session_gives_no_public_answers(app, client, caseworker, seed_answers):
    draft_id = seed_answers(VICTIM_CPS)
    assert client.get("/results").status_code == 200
    staff = StaffBrowser(app)
    staff.sign_in(EMAIL)
    with staff.client.session_transaction(path="/staff/") as session:
        session[SESSION_KEY] = draft_id  # the staff cookie, carrying someone's draft id
    copied = staff.client.get_cookie(STAFF_COOKIE, path="/staff").value
    stranger = app.test_client()
    stranger.set_cookie(PUBLIC_COOKIE, copied)
    response = stranger.get("/results")
    assert response.status_code == 302, "a staff cookie passed for a public session"


def test_staff_and_public_sessions_live_side_by_side(app, client, caseworker, seed_answers):
    seed_answers(VICTIM_CPS)
    staff = StaffBrowser(app, client)  # the same browser, both sides
    staff.sign_in(EMAIL)
    assert client.get("/results").status_code == 200, "signing in lost the public answers"
    assert staff.signed_in()
    public = client.get_cookie(PUBLIC_COOKIE)
    assert public.path == "/"
    assert client.get_cookie(STAFF_COOKIE, path="/staff").path == "/staff"


def test_exit_this_page_does_not_sign_staff_out(app, client, caseworker, seed_answers):
    seed_answers(VICTIM_CPS)
    staff = StaffBrowser(app, client)
    staff.sign_in(EMAIL)
    response = client.get("/exit")
    assert response.status_code == 302 and response.headers["Location"] == EXIT_URL
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{STAFF_COOKIE}=")]
    assert staff.signed_in(), "Exit this page signed staff out"
    assert client.get("/results").status_code == 302, "Exit this page kept the public answers"


def test_signing_out(app, caseworker):
    browser = staff_browser(app, EMAIL)
    location = browser.submit(INBOX, {}, action="/staff/logout")
    assert location == LOGIN
    assert not browser.signed_in()
    assert [e["action"] for e in audit_log(app)] == ["login", "logout"]


# --------------------------------------------------------------------------- idle timeout


def _age_session(browser: StaffBrowser, minutes: float) -> None:
    with browser.client.session_transaction(path="/staff/") as session:
        assert "uid" in session, "not a signed-in staff session"
        session["seen"] = session["seen"] - minutes * 60


@pytest.mark.app_config(STAFF_IDLE_MINUTES=30, **MANY_SIGN_INS)
def test_an_idle_session_ends_on_the_sign_in_page(app, caseworker):
    browser = staff_browser(app, EMAIL)
    _age_session(browser, 29)
    assert browser.signed_in(), "signed out before the idle time"
    _age_session(browser, 31)
    location = browser.get(INBOX, expected_status=302)
    assert location == f"{LOGIN}?timeout=1"
    page = browser.get(location)
    assert IDLE_MESSAGE in text_of(page.select_one("main"))
    assert browser.get(INBOX, expected_status=302) == LOGIN, "the ended session came back"
    assert IDLE_MESSAGE not in text_of(browser.get(LOGIN).select_one("main"))


@pytest.mark.app_config(STAFF_IDLE_MINUTES=10, **MANY_SIGN_INS)
def test_activity_keeps_the_session_and_the_clock_ends_it(app, caseworker, monkeypatch):
    """The same with the server's clock moved on (webapp.staff.auth's datetime)."""
    browser = staff_browser(app, EMAIL)
    shift = timedelta()

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + shift

    monkeypatch.setattr(webapp.staff.auth, "datetime", Clock)
    for _ in range(3):  # every 9 minutes: each request counts as activity
        shift += timedelta(minutes=9)
        assert browser.signed_in()
    shift += timedelta(minutes=11)
    assert browser.get("/staff/figures", expected_status=302) == f"{LOGIN}?timeout=1"
    assert not browser.signed_in()


# --------------------------------------------------------------------------- passwords


def test_changing_the_password_ends_the_other_sessions_only(app, caseworker):
    here, elsewhere = staff_browser(app, EMAIL), staff_browser(app, EMAIL)
    location = here.submit("/staff/password", {"current": PASSWORD, "new": OTHER_PASSWORD, "again": OTHER_PASSWORD},
                           action="/staff/password")
    assert location == INBOX
    page = here.get(INBOX)
    assert "You are signed out everywhere else" in text_of(page.select_one(".govuk-notification-banner"))
    assert here.signed_in(), "the session that changed the password ended"
    assert elsewhere.get(INBOX, expected_status=302).startswith(LOGIN), "another session survived"
    StaffBrowser(app).sign_in(EMAIL, PASSWORD, expected_status=401)
    StaffBrowser(app).sign_in(EMAIL, OTHER_PASSWORD)
    assert "password" in [e["action"] for e in audit_log(app)]


def test_a_session_ended_by_a_password_change_is_not_called_idle(app, caseworker):
    """The message after a password change elsewhere must not say the person was idle
    (they were not, and a password they did not change is worth knowing about)."""
    here, elsewhere = staff_browser(app, EMAIL), staff_browser(app, EMAIL)
    here.submit("/staff/password", {"current": PASSWORD, "new": OTHER_PASSWORD, "again": OTHER_PASSWORD},
                action="/staff/password")
    location = elsewhere.get(INBOX, expected_status=302)
    page = elsewhere.get(location)
    assert IDLE_MESSAGE not in text_of(page.select_one("main")), (
        f"sent to {location}: told they were idle when their password was changed elsewhere")


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"current": "not my password 1", "new": OTHER_PASSWORD, "again": OTHER_PASSWORD}, "current",
     "Your current password is not right"),
    ({"current": PASSWORD, "new": "short", "again": "short"}, "new", "Enter a password of 12 to 200 characters"),
    ({"current": PASSWORD, "new": OTHER_PASSWORD, "again": OTHER_PASSWORD + "x"}, "again",
     "The passwords must match"),
    ({"current": "", "new": OTHER_PASSWORD, "again": OTHER_PASSWORD}, "current", "Enter your current password"),
], ids=["wrong_current", "too_short", "not_matching", "no_current"])
def test_a_password_change_with_errors_changes_nothing(app, caseworker, data, field, message):
    browser = staff_browser(app, EMAIL)
    page = browser.submit("/staff/password", data, action="/staff/password", expected_status=200)
    assert field_error(page, field) == message
    assert (f"#{field}", message) in summary_errors(page)
    body = browser.response.get_data(as_text=True)
    for value in data.values():
        if value:
            assert f'value="{value}"' not in body, "a password written back into the page"
    assert browser.signed_in()
    StaffBrowser(app).sign_in(EMAIL, PASSWORD)  # still the old password
    assert "password" not in [e["action"] for e in audit_log(app)]


def test_reset_password_on_the_command_line_ends_the_sessions(app, caseworker):
    browser = staff_browser(app, EMAIL)
    result = flask_command(app, "staff", "reset-password", "Casey.Worker@cps.example",
                           env={"STAFF_PASSWORD": OTHER_PASSWORD})
    assert result.exit_code == 0, result.output
    assert f"new password set for {EMAIL}" in result.output
    assert OTHER_PASSWORD not in result.output
    assert browser.get(INBOX, expected_status=302).startswith(LOGIN), "the session survived a reset"
    StaffBrowser(app).sign_in(EMAIL, PASSWORD, expected_status=401)
    StaffBrowser(app).sign_in(EMAIL, OTHER_PASSWORD)
    assert ("password_reset", EMAIL) in [(e["action"], e["target"]) for e in audit_log(app)]


def test_reset_password_refuses_an_unknown_user_and_a_short_password(app, caseworker):
    unknown = flask_command(app, "staff", "reset-password", "nobody@cps.example",
                            env={"STAFF_PASSWORD": OTHER_PASSWORD})
    assert unknown.exit_code == 1 and "no user nobody@cps.example" in unknown.output
    short = flask_command(app, "staff", "reset-password", EMAIL, env={"STAFF_PASSWORD": "short"})
    assert short.exit_code == 2 and "12 to 200 characters" in short.output
    StaffBrowser(app).sign_in(EMAIL, PASSWORD)  # unchanged
    with app.app_context():
        assert db.session.scalar(select(StaffUser.email)) == EMAIL


def test_the_staff_pages_are_not_cached(app, caseworker):
    browser = staff_browser(app, EMAIL)
    for url in (LOGIN, INBOX, "/staff/figures", "/staff/password"):
        response = browser.client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers["Cache-Control"], url
    page = BeautifulSoup(browser.client.get(INBOX).get_data(as_text=True), "html5lib")
    assert page.select_one(".govuk-exit-this-page") is None  # a work page

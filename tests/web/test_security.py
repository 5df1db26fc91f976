"""Security (OWASP ASVS level 2 as the yardstick): the response headers on every page and
file the service serves, public and staff, in English and Welsh, errors included; CSRF on
every form; the cookies' flags; rate limits on sending, uploading and signing in, counted
per client behind a proxy; body size limits.

`URLS` has one example of every route of the app (a test fails when a route is added
without one), each fetched in the state that shows it (answers, a sent request, a
signed-in staff member).
"""

from __future__ import annotations

import io
import re

import pytest

from webapp.models import db
from webapp.security import PERMISSIONS_POLICY

from .conftest import ClientRequest, check_page, seed_draft
from .journeys import CONVICTED_CROWN, REPRESENTATIVE_LATE, VICTIM_CPS
from .staff_support import PASSWORD, add_request, add_user, staff_browser
from .test_requests import prepared, send_form
from .test_uploads_and_pdf import PDF

SEND = "/requests/vrr/send"
AUTHORITY = "/requests/vrr/authority"
SENT = "/requests/sent"

# Every GET route: (URL, who fetches it). "public" has sent a request; "answering" is on
# the check page of theirs; "staff" is an administrator; "fresh" has done nothing yet.
URLS = {
    "pages.start": ("/", "public"),
    "pages.accessibility": ("/accessibility", "public"),
    "pages.cookies": ("/cookies", "public"),
    "pages.guidance": ("/guidance/victims-right-to-review", "public"),
    "pages.staying_safe": ("/staying-safe-online", "public"),
    "pages.exit_page": ("/exit", "fresh"),  # a redirect to a neutral site (and the answers deleted)
    "pages.expired": ("/session/expired", "public"),
    "pages.confirm_delete": ("/start-again", "answering"),
    "questions.question": ("/questions/role", "answering"),
    "questions.check_answers": ("/check-your-answers", "answering"),
    "questions.results": ("/results", "answering"),
    "questions.results_calendar": ("/results/calendar.ics", "answering"),
    "requests.step": ("/requests/vrr/contact", "answering"),
    "requests.check": ("/requests/vrr/check", "answering"),
    "requests.sent": (SENT, "public"),
    "requests.calendar": ("/requests/sent/calendar.ics", "public"),
    "requests.pdf": ("/requests/sent/copy.pdf", "public"),
    "assets.govuk_assets": ("/assets/images/favicon.ico", "public"),
    "assets.govuk_bundle": ("/static/govuk/govuk-frontend.min.css", "public"),
    "assets.htmx_js": ("/static/htmx/htmx.min.js", "public"),
    "static": ("/static/app.css", "public"),
    "staff.login": ("/staff/login", "public"),
    "staff.inbox_page": ("/staff/", "staff"),
    "staff.figures_page": ("/staff/figures", "staff"),
    "staff.figures_csv": ("/staff/figures.csv", "staff"),
    "staff.password": ("/staff/password", "staff"),
    "staff.users": ("/staff/users", "staff"),
    "staff.request_page": ("/staff/requests/{ref}", "staff"),
    "staff.authority": ("/staff/requests/{ref}/authority", "staff"),
}
# POST-only routes, and the API (JSON, no cookie, so no CSRF token: exempt by design).
POSTS = {
    "pages.begin": "/start",
    "pages.delete_answers": "/delete-answers",
    "pages.extend_session": "/session/extend",
    "preferences.save_display": "/display-settings",
    "questions.question": "/questions/role",
    "questions.preview": "/questions/decision-date/preview",
    "requests.start": "/requests/vrr/start",
    "requests.step": "/requests/vrr/contact",
    "requests.send": SEND,
    "staff.login": "/staff/login",
    "staff.logout": "/staff/logout",
    "staff.password": "/staff/password",
    "staff.change_status": "/staff/requests/{ref}/status",
    "staff.users": "/staff/users",
    "staff.deactivate": "/staff/users/{uid}/deactivate",
}
NO_CSRF = {"api.assess_answers"}
ERRORS = {404: "/no-such-page", 405: "/delete-answers", 413: None}


def _routes(app, method: str) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if method in rule.methods}


def test_every_route_is_in_these_tables(app):
    assert _routes(app, "GET") == set(URLS)
    assert _routes(app, "POST") == set(POSTS) | NO_CSRF


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = dict([*d.strip().split(" ", 1), ""][:2] for d in csp.split(";") if d.strip())
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9_-]{22,}'", directives.get("script-src", "")), (where, csp)
    for name, value in (("default-src", "'self'"), ("object-src", "'none'"), ("base-uri", "'none'"),
                        ("form-action", "'self'"), ("frame-ancestors", "'none'"), ("style-src", "'self'")):
        assert directives.get(name) == value, f"{where}: {name} is {directives.get(name)!r} in {csp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (where, csp)
    expected = {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    for name, value in expected.items():
        assert headers.get(name) == value, f"{where}: {name} is {headers.get(name)!r}, expected {value!r}"
    assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY


@pytest.fixture
def everyone(app, client_request, seed_answers, tmp_path):
    """A person who has sent a request, one still answering (on the check page), and a
    signed-in administrator; a request with a written authority, and a staff user's id."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    (tmp_path / "authority-token").write_bytes(PDF)
    ref = add_request(app, office="wessex", answers={**VICTIM_CPS, "role": "representative"},
                      details={"authority_file": {"token": "authority-token", "type": "application/pdf",
                                                  "size": len(PDF)}})
    uid = add_user(app, "admin@cps.example", "admin", None)
    prepared(client_request, seed_answers)
    assert client_request.post(SEND, send_form(client_request)) == SENT
    answering = ClientRequest(app.test_client())
    prepared(answering, lambda answers: seed_draft(app, answering.client, answers))
    return {"public": client_request.client, "answering": answering.client,
            "staff": staff_browser(app, "admin@cps.example"), "ref": ref, "uid": uid}


def _client(everyone, who):
    if who == "fresh":
        return everyone["staff"].app.test_client()
    return everyone["staff"].client if who == "staff" else everyone[who]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_page_and_file_carries_the_security_headers(app, everyone, language):
    checked = 0
    for endpoint, (pattern, who) in URLS.items():
        url = pattern.format(ref=everyone["ref"])
        client = _client(everyone, who)
        client.set_cookie("lang", language)
        response = client.get(url)
        response.close()
        expected = 302 if endpoint == "pages.exit_page" else 200
        assert response.status_code == expected, f"{endpoint} {url}: {response.status_code}"
        assert_security_headers(response, f"{endpoint} GET {url} ({language})")
        checked += 1
    for code, url in ERRORS.items():
        client = everyone["public"]
        if code == 413:
            response = client.post("/start", data={"x": "y" * (app.config["MAX_CONTENT_LENGTH"] + 1)})
        else:
            response = client.get(url)
        assert response.status_code == code, (url, response.status_code)
        assert_security_headers(response, f"the {code} page ({language})")
        checked += 1
    api = app.test_client().post("/api/v1/assess", json={**VICTIM_CPS, "today": "2026-11-22"})
    assert api.status_code == 200, api.get_data(as_text=True)
    assert_security_headers(api, "the API")
    assert checked == len(URLS) + len(ERRORS)


def test_every_form_post_without_a_csrf_token_is_refused(app, everyone):
    """The token missing, or from another session: 400, and nothing done."""
    for endpoint, pattern in POSTS.items():
        url = pattern.format(ref=everyone["ref"], uid=everyone["uid"])
        who = "staff" if url.startswith("/staff/") and endpoint != "staff.login" else "public"
        client = _client(everyone, who)
        response = client.post(url, data={"role": "victim"})
        assert response.status_code == 400, f"{endpoint} POST {url} without a token: {response.status_code}"
        forged = client.post(url, data={"role": "victim", "csrf_token": "forged.token.value"})
        assert forged.status_code == 400, f"{endpoint} POST {url} with a forged token: {forged.status_code}"
        assert_security_headers(response, f"{endpoint}: the 400 page")
    assert everyone["staff"].signed_in(), "signed out by a post without a token"


def _set_cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


@pytest.mark.app_config(SESSION_COOKIE_SECURE=True)
def test_cookies_are_secure_httponly_and_samesite(app, client_request):
    public = app.test_client()
    switched = public.get("/?lang=cy")
    page = check_page(public.get(switched.headers["Location"]))
    assert page.html["lang"] == "cy"
    token = page.select_one("form input[name=csrf_token]")["value"]
    saved = public.post("/display-settings", data={"csrf_token": token, "contrast": "yellow",
                                                   "text_size": "large", "return_to": "/"})
    cookies = {**_set_cookies(switched), **_set_cookies(saved)}
    assert {"cyo_session", "lang", "contrast", "text_size"} <= set(cookies), cookies
    for name in ("cyo_session", "lang", "contrast", "text_size"):
        flags = [part.strip().lower() for part in cookies[name].split(";")]
        assert {"secure", "httponly", "samesite=lax", "path=/"} <= set(flags), (name, cookies[name])

    add_user(app, "staff@cps.example", "caseworker", "wessex")
    staff = staff_browser(app, "staff@cps.example")
    cookie = _set_cookies(staff.response)["cyo_staff"]
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert {"secure", "httponly", "samesite=strict", "path=/staff"} <= set(flags), cookie


def _send_forms(app, client_request, seed_answers, count: int) -> list[int]:
    statuses = []
    for _ in range(count):
        prepared(client_request, seed_answers)
        form = send_form(client_request)
        statuses.append(client_request.client.post(SEND, data=form).status_code)
    return statuses


@pytest.mark.app_config(REQUEST_RATE_LIMIT="3 per minute")
def test_sending_requests_is_rate_limited_and_the_answers_are_kept(app, client_request, seed_answers):
    statuses = _send_forms(app, client_request, seed_answers, 3)
    assert statuses == [303, 303, 303]
    prepared(client_request, seed_answers)
    form = send_form(client_request)
    refused = client_request.client.post(SEND, data=form)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    page = check_page(refused)
    assert page.select_one("h1").get_text(strip=True) == "Too many attempts"
    assert "Your answers so far have been kept." in page.get_text()
    # Kept indeed: the check page still has the details, ready to send later.
    check = client_request.get("/requests/vrr/check")
    assert check.select_one("input[name=submission_id]")["value"] == form["submission_id"]


@pytest.mark.app_config(UPLOAD_RATE_LIMIT="2 per minute", REQUEST_RATE_LIMIT="100 per minute")
def test_uploads_are_rate_limited_but_other_steps_are_not(app, client_request, seed_answers, tmp_path):
    uploads = tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"] = str(uploads)
    seed_answers({**REPRESENTATIVE_LATE, "has_written_authority": False})
    client_request.submit("/results", form_action="/requests/vrr/start")
    for _ in range(4):  # the other steps of the same form are not counted as uploads
        client_request.submit("/requests/vrr/your-details", {"full_name": "Sam Support", "victim_name": "Vic Tim"})
    statuses = []
    for _ in range(3):
        token = client_request.get(AUTHORITY).select_one("input[name=csrf_token]")["value"]
        data = {"csrf_token": token, "authority": "now", "authority_file": (io.BytesIO(PDF), "a.pdf")}
        statuses.append(client_request.client.post(AUTHORITY, data=data, content_type="multipart/form-data")
                        .status_code)
    assert statuses == [303, 303, 429]
    # The second file replaces the first (deleted); the refused third is not stored.
    assert len(list(uploads.iterdir())) == 1, "the refused upload was stored, or the replaced one kept"


@pytest.mark.app_config(STAFF_LOGIN_RATE_LIMIT="2 per minute")
def test_staff_sign_in_is_rate_limited(app):
    add_user(app, "staff@cps.example", "caseworker", "wessex")
    browser = staff_browser(app, "staff@cps.example")  # one attempt
    token = browser.token()
    wrong = browser.client.post("/staff/login", data={"csrf_token": token, "email": "staff@cps.example",
                                                      "password": "wrong password 123"})
    assert wrong.status_code == 401
    third = browser.client.post("/staff/login", data={"csrf_token": token, "email": "staff@cps.example",
                                                      "password": PASSWORD})
    assert third.status_code == 429


@pytest.mark.parametrize("hops, counted_apart", [(0, False), (1, True)])
def test_behind_a_proxy_limits_count_each_client(hops, counted_apart, app, database_url, fixed_today,
                                                  template_cache, monkeypatch):
    """PROXY_FIX_HOPS=1: X-Forwarded-For from the load balancer names the client; without
    it (the default) the header is ignored, so nobody can claim another address."""
    from webapp import create_app

    monkeypatch.setenv("SECRET_KEY", "web-tests-secret-key")
    proxied = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "PROXY_FIX_HOPS": hops,
                          "STAFF_LOGIN_RATE_LIMIT": "1 per minute", "WTF_CSRF_ENABLED": False})
    client = proxied.test_client()
    try:
        first, second = (client.post("/staff/login", data={"email": "a@example.org", "password": "x" * 12},
                                     headers={"X-Forwarded-For": address}, environ_base={"REMOTE_ADDR": "10.0.0.5"})
                         for address in ("203.0.113.1", "203.0.113.2"))
    finally:
        with proxied.app_context():
            db.engine.dispose()
    assert first.status_code == 401  # no such user
    assert second.status_code == (401 if counted_apart else 429)


def test_a_body_over_the_limit_is_refused_with_a_page_that_says_so(app, client_request, seed_answers):
    seed_answers(VICTIM_CPS)
    token = client_request.csrf_token()
    big = {"csrf_token": token, "full_name": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    response = client_request.client.post("/requests/vrr/contact", data=big)
    assert response.status_code == 413
    page = check_page(response)
    assert page.select_one("h1").get_text(strip=True) == "What you sent is too large"
    # The one step with a file may be larger, up to UPLOAD_MAX_BYTES (test_uploads_and_pdf.py).
    assert app.config["UPLOAD_MAX_BYTES"] > app.config["MAX_CONTENT_LENGTH"]


def test_the_api_is_the_one_post_without_csrf_and_takes_no_cookie(app):
    client = app.test_client()
    response = client.post("/api/v1/assess", json={**CONVICTED_CROWN, "today": "2026-11-22"})
    assert response.status_code == 200
    assert not response.headers.getlist("Set-Cookie"), response.headers.getlist("Set-Cookie")

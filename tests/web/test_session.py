"""Answers live server-side, for a limited time, and can be deleted at any moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from .conftest import EXIT_URL, text_of
from .journeys import VICTIM_CPS, answer_questions


def _expires_at(page) -> datetime:
    return datetime.fromisoformat(page.select_one("#timeout-warning")["data-expires-at"])


def test_session_answers_are_stored_server_side_not_in_the_cookie(client_request, stored_drafts):
    journey = answer_questions(client_request, VICTIM_CPS)
    client_request.get("/results")
    [draft] = stored_drafts.all()
    assert draft["answers"] == VICTIM_CPS

    set_cookies = [h for r in client_request.responses for h in r.headers.getlist("Set-Cookie")]
    assert set_cookies, "no session cookie was ever set"
    values = ["victim", "no_charge", "2026-11-16", "not_requested", "16 November"]
    for header in set_cookies:
        for value in values:
            assert value not in header, f"{value!r} is in a cookie: {header[:120]}"
    cookie = client_request.client.get_cookie("cyo_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    for value in values:
        assert value not in cookie.value
    # Nor in any URL the service sent the browser to.
    for response in client_request.responses:
        location = urlsplit(response.headers.get("Location", ""))
        assert location.query in ("", "return_to=check"), response.headers["Location"]
    assert journey["location"] == "/check-your-answers"


def test_session_two_browsers_do_not_share_answers(app, client_request):
    answer_questions(client_request, VICTIM_CPS)
    other = app.test_client()
    response = other.get("/check-your-answers")
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_session_delete_answers_deletes_them_and_says_so(client_request, stored_drafts, htmx):
    answer_questions(client_request, VICTIM_CPS)
    location = client_request.submit("/check-your-answers", form_action="/delete-answers", htmx=htmx)
    assert location == "/?deleted=1"
    assert stored_drafts.all() == []
    page = client_request.get(location, htmx=htmx)
    banner = page.select_one(".govuk-notification-banner--success")
    assert banner is not None and "Your answers have been deleted" in text_of(banner)
    assert client_request.get_redirect("/check-your-answers") == "/"
    assert client_request.get_redirect("/results") == "/"


def test_session_delete_answers_from_a_question_page(client_request, stored_drafts):
    reached = answer_questions(client_request, VICTIM_CPS, stop_at="decision_maker")
    assert client_request.submit(reached["location"], form_action="/delete-answers") == "/?deleted=1"
    assert stored_drafts.all() == []
    assert client_request.get_redirect("/questions/decision-maker") == "/"


def test_session_delete_answers_needs_the_csrf_token(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    client_request.post("/delete-answers", csrf=False, expected_status=400)
    assert len(stored_drafts.all()) == 1


def test_session_exit_redirects_to_exit_url_and_deletes_answers(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    response = client_request.client.get("/exit")
    assert response.status_code in (302, 303)
    assert response.headers["Location"] == EXIT_URL
    assert '"storage"' in response.headers.get("Clear-Site-Data", "")
    assert stored_drafts.all() == []
    assert client_request.get_redirect("/check-your-answers") == "/"


def test_session_exit_without_answers_still_leaves(client_request):
    response = client_request.client.get("/exit")
    assert response.headers["Location"] == EXIT_URL


def test_session_answers_are_gone_after_the_idle_time(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    stored_drafts.move_back(minutes=61)
    assert client_request.get_redirect("/check-your-answers") == "/"
    assert stored_drafts.all() == [], "the idle draft was not deleted"
    assert client_request.get_redirect("/results") == "/"


def test_session_answers_are_kept_within_the_idle_time(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    stored_drafts.move_back(minutes=59)
    page = client_request.get("/check-your-answers")
    assert text_of(page.select_one("h1")) == "Check your answers"


@pytest.mark.app_config(IDLE_MINUTES=0)
def test_session_idle_minutes_zero_forgets_answers_at_once(client_request, stored_drafts):
    client_request.submit("/")
    assert client_request.submit("/questions/role", {"role": "victim"}) == "/questions/decision-by"
    assert client_request.get_redirect("/questions/decision-by") == "/"
    assert stored_drafts.all() == []


def test_session_idle_minutes_are_shown_on_question_pages(client_request):
    client_request.submit("/")
    page = client_request.get("/questions/role")
    assert "60 minutes" in text_of(page.select_one("main"))


def test_session_extend_returns_a_later_expiry(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    stored_drafts.move_back(minutes=10)
    page = client_request.get("/check-your-answers")
    before = _expires_at(page)
    token = page.select_one("#timeout-warning input[name=csrf_token]")["value"]
    response = client_request.client.post(
        "/session/extend", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    after = datetime.fromisoformat(response.get_json()["expires_at"])
    assert after > before + timedelta(minutes=9)
    assert abs(after - (datetime.now(UTC) + timedelta(minutes=60))) < timedelta(minutes=1)
    assert _expires_at(client_request.get("/check-your-answers")) >= after


def test_session_extend_without_javascript_goes_back(client_request):
    answer_questions(client_request, VICTIM_CPS)
    location = client_request.submit("/check-your-answers", form_action="/session/extend")
    assert location in ("/", "/check-your-answers")


def test_session_extend_without_answers_has_no_expiry(client_request):
    token = client_request.csrf_token()
    response = client_request.client.post(
        "/session/extend", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json() == {"expires_at": None}


def test_session_extend_needs_the_csrf_token(client_request):
    answer_questions(client_request, VICTIM_CPS)
    response = client_request.client.post("/session/extend", headers={"Accept": "application/json"})
    assert response.status_code == 400


def test_session_expired_page_deletes_the_answers(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    client_request.get("/session/expired")
    assert stored_drafts.all() == []
    assert client_request.get_redirect("/check-your-answers") == "/"


def test_session_fragment_reports_when_answers_expire(client_request):
    answer_questions(client_request, VICTIM_CPS)
    client_request.get("/check-your-answers", htmx=True)
    expires = datetime.fromisoformat(client_request.response.headers["X-Answers-Expire-At"])
    assert abs(expires - (datetime.now(UTC) + timedelta(minutes=60))) < timedelta(minutes=1)

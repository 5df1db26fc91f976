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
def test_session_start_again_asks_before_deleting(client_request, stored_drafts, htmx):
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/check-your-answers", htmx=htmx)
    # A link to a page that asks (journeys review: no confirmation), not a form that deletes.
    assert page.select_one("form[action='/delete-answers']") is None
    link = page.select_one(".app-start-again a.govuk-button--secondary")
    assert text_of(link) == "Start again and delete my answers"
    assert urlsplit(link["href"]).path == "/start-again"
    confirm = client_request.get(link["href"], htmx=htmx)
    assert text_of(confirm.select_one("h1")) == "Are you sure you want to delete your answers?"
    assert len(stored_drafts.all()) == 1, "asking deleted them"
    form = confirm.select_one("main form[method=post][action='/delete-answers']")
    assert text_of(form.select_one("button.govuk-button--warning")) == "Yes, delete my answers"
    keep = confirm.select_one("main a.govuk-link")
    assert text_of(keep) == "No, keep my answers" and keep["href"] == "/check-your-answers"
    assert confirm.select_one(".govuk-back-link")["href"] == "/check-your-answers"


def test_session_start_again_goes_back_only_to_this_service(client_request):
    page = client_request.get("/start-again?back=//evil.example/x")
    assert page.select_one("main a.govuk-link")["href"] == "/"
    page = client_request.get("/start-again?back=/questions/decision-by")
    assert page.select_one("main a.govuk-link")["href"] == "/questions/decision-by"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_session_delete_answers_deletes_them_and_says_so(client_request, stored_drafts, htmx):
    answer_questions(client_request, VICTIM_CPS)
    location = client_request.submit("/start-again?back=/check-your-answers", form_action="/delete-answers",
                                     htmx=htmx)
    assert location == "/?deleted=1"
    assert stored_drafts.all() == []
    page = client_request.get(location, htmx=htmx)
    banner = page.select_one(".govuk-notification-banner--success")
    assert banner is not None and "Your answers have been deleted" in text_of(banner)
    # GOV.UK Frontend focuses it (role alert), after an htmx swap too (app.js): heard first.
    assert banner["role"] == "alert" and banner["data-module"] == "govuk-notification-banner"
    assert client_request.get_redirect("/check-your-answers") == "/"
    assert client_request.get_redirect("/results") == "/"


def test_session_delete_answers_from_a_question_page(client_request, stored_drafts):
    reached = answer_questions(client_request, VICTIM_CPS, stop_at="decision_maker")
    page = client_request.get(reached["location"])
    confirm = page.select_one(".app-start-again a")["href"]
    assert client_request.submit(confirm, form_action="/delete-answers") == "/?deleted=1"
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
    # Told once that they were deleted (journeys review S1: it was the start page, no word).
    assert client_request.get_redirect("/check-your-answers") == "/session/expired"
    assert stored_drafts.all() == [], "the idle draft was not deleted"
    page = client_request.get("/session/expired")
    assert text_of(page.select_one("h1")) == "We deleted your answers"
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
    assert client_request.get_redirect("/questions/decision-by") == "/session/expired"
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
    assert response.get_json() == {"expires_at": None, "expires_in": None, "expired": False}


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


# -- the timeout warning wherever the page came from (journeys review S1) -------------------


def test_session_timeout_warning_is_an_alert_dialog_on_every_page(client_request):
    # On the start page already (no answers yet): an htmx journey never loads another page.
    for page in (client_request.get("/"), client_request.get("/cookies")):
        dialog = page.select_one("dialog#timeout-warning")
        assert dialog is not None
        assert dialog["role"] == "alertdialog" and dialog["aria-modal"] == "true"
        assert page.select_one("#" + dialog["aria-labelledby"]) is not None
        assert page.select_one("#" + dialog["aria-describedby"]) is not None
        assert dialog["data-expires-in"] == ""
        assert dialog.select_one("form[method=post][action='/session/extend'] input[name=csrf_token]")


def test_session_timeout_warning_knows_the_time_left_once_there_are_answers(client_request):
    answer_questions(client_request, VICTIM_CPS, stop_at="decision_maker")
    dialog = client_request.get("/questions/decision-maker").select_one("#timeout-warning")
    assert 3590 <= int(dialog["data-expires-in"]) <= 3600
    assert dialog["data-warning-seconds"] == "300"


@pytest.mark.app_config(IDLE_MINUTES=0.25, WARNING_MINUTES=0.15)
def test_session_timeout_settings_may_be_fractions_of_a_minute(client_request):
    client_request.submit("/")
    client_request.submit("/questions/role", {"role": "victim"})
    dialog = client_request.get("/questions/decision-by").select_one("#timeout-warning")
    assert 0 <= int(dialog["data-expires-in"]) <= 15
    assert dialog["data-warning-seconds"] == "9"


def test_session_every_htmx_step_says_how_long_answers_are_kept(client_request):
    # Start now and the role question with htmx, from a page loaded without answers: the
    # responses arm the warning (X-Answers-Expire-In), which the first page could not.
    client_request.get("/")
    assert client_request.post("/start", htmx=True) == "/questions/role"
    client_request.get("/questions/role", htmx=True)
    assert client_request.response.headers["X-Answers-Expire-In"] == "none"
    assert client_request.submit("/questions/role", {"role": "victim"}, htmx=True) == "/questions/decision-by"
    assert 3590 <= int(client_request.response.headers["X-Answers-Expire-In"]) <= 3600
    client_request.get("/questions/decision-by", htmx=True)
    assert 3590 <= int(client_request.response.headers["X-Answers-Expire-In"]) <= 3600
    # Pages that do not need the answers say it too, so the warning stays armed.
    client_request.get("/cookies", htmx=True)
    assert 3590 <= int(client_request.response.headers["X-Answers-Expire-In"]) <= 3600
    # And once they are deleted, it stands down.
    client_request.post("/delete-answers", htmx=True)
    assert client_request.response.headers["X-Answers-Expire-In"] == "none"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_session_continue_after_expiry_says_the_answers_were_deleted(client_request, stored_drafts, htmx):
    reached = answer_questions(client_request, VICTIM_CPS, stop_at="decision_maker")
    page = client_request.get(reached["location"], htmx=htmx)
    stored_drafts.move_back(minutes=61)
    form = page.select_one("main form[method=post]")
    payload = {"csrf_token": form.select_one("input[name=csrf_token]")["value"], "decision_maker": "prosecutor"}
    # The question's Continue, past the idle time: "We deleted your answers", not the start page.
    assert client_request.post(form["action"], payload, htmx=htmx, csrf=False) == "/session/expired"
    shown = client_request.get("/session/expired", htmx=htmx)
    assert text_of(shown.select_one("h1")) == "We deleted your answers"
    assert stored_drafts.all() == []
    # Told once: afterwards the usual way back to the start.
    assert client_request.get_redirect("/questions/decision-by") == "/"


def test_session_answers_purged_while_idle_say_so_too(app, client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    stored_drafts.move_back(minutes=61)
    with app.app_context():
        from webapp import drafts
        assert drafts.delete_expired() == 1  # `flask purge`, run while the person was away
    assert client_request.get_redirect("/results") == "/session/expired"


def test_session_extend_moves_the_expiry_on_and_says_how_long(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    stored_drafts.move_back(minutes=50)
    page = client_request.get("/check-your-answers")
    assert 590 <= int(page.select_one("#timeout-warning")["data-expires-in"]) <= 600
    token = page.select_one("#timeout-warning input[name=csrf_token]")["value"]
    response = client_request.client.post(
        "/session/extend", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert 3590 <= response.get_json()["expires_in"] <= 3600
    assert response.get_json()["expired"] is False
    [draft] = stored_drafts.all()
    assert draft["answers"] == VICTIM_CPS


def test_session_extend_too_late_says_the_answers_were_deleted(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/check-your-answers")
    token = page.select_one("#timeout-warning input[name=csrf_token]")["value"]
    stored_drafts.move_back(minutes=61)
    response = client_request.client.post(
        "/session/extend", data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert response.get_json() == {"expires_at": None, "expires_in": None, "expired": True}
    # Without JavaScript, the same form goes to the page saying so.
    answer_questions(client_request, VICTIM_CPS)
    stored_drafts.move_back(minutes=61)
    assert client_request.post("/session/extend", {"csrf_token": token}, csrf=False) == "/session/expired"


def test_session_extend_without_javascript_goes_back_to_the_page_it_was_on(client_request):
    # Browsers send no Referer here (Referrer-Policy: no-referrer): the form says where.
    answer_questions(client_request, VICTIM_CPS)
    token = client_request.get("/check-your-answers").select_one("#timeout-warning input[name=csrf_token]")["value"]
    location = client_request.post("/session/extend", {"csrf_token": token, "next": "/check-your-answers"}, csrf=False)
    assert location == "/check-your-answers"
    location = client_request.post("/session/extend", {"csrf_token": token, "next": "//evil.example/x"}, csrf=False)
    assert location == "/"

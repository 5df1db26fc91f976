"""Every page, as a whole page and as the fragment htmx asks for (`HX-Request: true`)."""

from __future__ import annotations

import pytest
from flask import abort

from .conftest import SERVICE, text_of, title_of
from .journeys import VICTIM_CPS, answer_questions

BOTH = pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])


@BOTH
def test_start_page_describes_the_service(client_request, htmx):
    page = client_request.get("/", htmx=htmx)
    assert text_of(page.select_one("h1")) == SERVICE
    assert title_of(page) == f"{SERVICE} – GOV.UK"
    form = page.select_one("main form[action='/start']")
    assert form is not None and form["method"] == "post"
    assert page.select_one("main a[href='/staying-safe-online']") is not None
    assert page.select_one(".govuk-notification-banner") is None  # nothing was deleted


@BOTH
def test_start_page_start_now_goes_to_the_first_question(client_request, htmx):
    assert client_request.submit("/", htmx=htmx) == "/questions/role"


def test_start_page_footer_links_to_guidance_and_staying_safe(client_request):
    page = client_request.get("/")
    footer_links = {a["href"] for a in page.select("footer a, .govuk-footer a")}
    assert {"/staying-safe-online", "/guidance/victims-right-to-review"} <= footer_links


def test_start_page_exit_this_page_goes_to_exit(client_request):
    page = client_request.get("/")
    button = page.select_one(".govuk-exit-this-page a")
    assert button is not None and button["href"] == "/exit"


def test_start_page_timeout_warning_is_there_but_not_armed_without_answers(client_request):
    # On the page (htmx brings answers later, never the dialog), closed, with no time set.
    page = client_request.get("/")
    dialog = page.select_one("dialog#timeout-warning")
    assert dialog is not None and not dialog.has_attr("open")
    assert dialog["data-expires-in"] == "" and dialog["data-expires-at"] == ""


@BOTH
def test_staying_safe_online_page_explains_leaving_quickly(client_request, htmx):
    page = client_request.get("/staying-safe-online", htmx=htmx)
    assert text_of(page.select_one("h1")) == "Staying safe online"
    assert title_of(page) == f"Staying safe online – {SERVICE} – GOV.UK"
    assert "999" in text_of(page.select_one("main"))
    assert "Exit this page" in text_of(page.select_one("main"))


@BOTH
def test_guidance_page_has_paragraphs_1_to_49(client_request, htmx):
    page = client_request.get("/guidance/victims-right-to-review", htmx=htmx)
    assert text_of(page.select_one("h1")) == "Victims' Right to Review guidance"
    paragraphs = page.select("li[id^=paragraph-]")
    assert [p["id"] for p in paragraphs] == [f"paragraph-{n}" for n in range(1, 50)]
    for number, paragraph in enumerate(paragraphs, start=1):
        assert paragraph.get("value") == str(number)
        assert text_of(paragraph.select_one("h2")) == f"Paragraph {number}"
        assert text_of(paragraph).removeprefix(f"Paragraph {number}").strip(), f"paragraph {number} is empty"


def test_guidance_page_paragraph_30_gives_the_10_working_days(client_request):
    page = client_request.get("/guidance/victims-right-to-review")
    assert "10 working days" in text_of(page.select_one("#paragraph-30"))


@BOTH
def test_session_expired_page_says_answers_were_deleted(client_request, htmx):
    page = client_request.get("/session/expired", htmx=htmx)
    assert text_of(page.select_one("h1")) == "We deleted your answers"
    assert "60 minutes" in text_of(page.select_one("main"))
    assert page.select_one("main a[href='/']") is not None


@BOTH
def test_not_found_page_for_unknown_url(client_request, htmx):
    page = client_request.get("/no-such-page", htmx=htmx, expected_status=404)
    assert text_of(page.select_one("h1")) == "Page not found"
    assert title_of(page) == f"Page not found – {SERVICE} – GOV.UK"
    assert page.select_one("main a[href='/']") is not None


@BOTH
def test_not_found_page_for_unknown_question(client_request, htmx):
    page = client_request.get("/questions/favourite-colour", htmx=htmx, expected_status=404)
    assert text_of(page.select_one("h1")) == "Page not found"


@BOTH
def test_method_not_allowed_page_is_a_checked_page(client_request, htmx):
    page = client_request.get("/delete-answers", htmx=htmx, expected_status=405)
    assert text_of(page.select_one("h1")).startswith("Sorry, there is a problem")


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
@BOTH
def test_server_error_page_is_a_checked_page(app, client_request, htmx):
    @app.get("/test-only/boom")
    def boom():
        raise RuntimeError("boom")

    page = client_request.get("/test-only/boom", htmx=htmx, expected_status=500)
    assert text_of(page.select_one("h1")) == "Sorry, there is a problem with the service"
    assert "boom" not in text_of(page)


@BOTH
def test_bad_request_page_is_a_checked_page(app, client_request, htmx):
    @app.get("/test-only/bad")
    def bad():
        abort(400)

    page = client_request.get("/test-only/bad", htmx=htmx, expected_status=400)
    assert text_of(page.select_one("h1")).startswith("Sorry, there is a problem")


@BOTH
def test_check_your_answers_page_lists_every_answer(client_request, htmx):
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/check-your-answers", htmx=htmx)
    assert text_of(page.select_one("h1")) == "Check your answers"
    rows = {text_of(r.select_one("dt")): text_of(r.select_one(".govuk-summary-list__value"))
            for r in page.select(".govuk-summary-list__row")}
    assert rows == {
        "Who is asking": "I am the victim of the crime",
        "Who made the decision": "The Crown Prosecution Service (CPS)",
        "What the decision did": "Decided not to charge anyone",
        "Date of the decision letter": "16 November 2026",
        "Asked for the case to stop": "No",
        "Who in the CPS decided": "A prosecutor in a local CPS Area",
        "CPS waiting for information": "No",
        "What the crime was about": "None of these",
        "Minor offence with a 6-month limit": "No",
        "Review asked for": "No, not yet",
    }
    assert page.select_one("main a[href='/results']") is not None
    assert page.select_one(".govuk-back-link")["href"] == "/questions/vrr-stage"


@BOTH
def test_check_your_answers_page_shows_timeout_warning_only_on_full_page(client_request, htmx):
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/check-your-answers", htmx=htmx)
    if htmx:
        assert page.select_one("#timeout-warning") is None
        assert client_request.response.headers.get("X-Answers-Expire-At")
    else:
        dialog = page.select_one("dialog#timeout-warning")
        assert dialog is not None and dialog["data-expires-at"]
        assert dialog.select_one("form[action='/session/extend']") is not None


@BOTH
def test_results_page_shows_the_review_route(client_request, htmx):
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/results", htmx=htmx)
    assert text_of(page.select_one("h1")) == "Your options"
    assert title_of(page) == f"Your options – {SERVICE} – GOV.UK"
    assert page.select_one("#route-vrr h2").get_text(strip=True) == "Ask the CPS to review the decision"
    assert page.select_one(".govuk-back-link")["href"] == "/check-your-answers"


def test_results_page_sources_link_to_existing_guidance_paragraphs(client_request):
    answer_questions(client_request, VICTIM_CPS)
    results = client_request.get("/results")
    guidance = client_request.get("/guidance/victims-right-to-review")
    links = [a["href"] for a in results.select(".app-sources a") if a["href"].startswith("/guidance/")]
    assert links, "no links to the guidance"
    for href in links:
        path, _, anchor = href.partition("#")
        assert path == "/guidance/victims-right-to-review"
        assert guidance.select_one(f"#{anchor}") is not None, f"{href} points to no paragraph"


def test_results_page_external_links_open_safely(client_request):
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/results")
    for link in page.select("main a[target=_blank]"):
        assert "noopener" in link.get("rel", []), link
        assert "opens in new tab" in text_of(link)


def test_results_page_counts_from_the_fixed_today(client_request):
    """Guard for the other tests: the app counts from TODAY, not the real date."""
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/results")
    assert "6 working days left" in text_of(page.select_one("#route-vrr"))


def test_start_page_sends_security_headers(client_request):
    client_request.get("/")
    headers = client_request.response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_start_page_nonce_changes_every_request(client_request):
    first = client_request.get("/").select_one("script")["nonce"]
    second = client_request.get("/").select_one("script")["nonce"]
    assert first != second


def test_start_page_history_restore_gets_the_whole_page(client_request):
    """htmx restoring a page from history (cache miss) needs all of it, not the fragment."""
    page = client_request.get("/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert page.select_one(".govuk-exit-this-page") is not None

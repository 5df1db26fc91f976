"""The deadline a date gives, shown as it is typed (htmx) and after it is submitted."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import text_of
from .journeys import VICTIM_CPS, answer_questions

# The preview is an hx-post from the date inputs: an htmx request, but not a boosted one.
HTMX = {"HX-Request": "true"}

URL = "/questions/decision-date/preview"


def _open_decision_date(client_request) -> str:
    reached = answer_questions(client_request, VICTIM_CPS, stop_at="decision_date")
    assert reached["asked"] == ["role", "decision_by", "decision_type"]
    return reached["location"]


def _preview(client_request, parts, *, csrf: bool = True, expected_status: int = 200):
    data = {"decision_date": parts}
    if csrf:
        page = client_request.get("/questions/decision-date")
        data["csrf_token"] = page.select_one("main form input[name=csrf_token]")["value"]
    response = client_request.client.post(URL, data=data, headers=HTMX)
    assert response.status_code == expected_status, response.status_code
    return response


def _check_partial(response) -> BeautifulSoup:
    raw = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "no-store" in response.headers["Cache-Control"]
    for element in ("html", "head", "body", "title"):
        assert not re.search(rf"<\s*{element}[\s>]", raw, re.IGNORECASE), f"<{element}> in the preview"
    part = BeautifulSoup(raw, "html5lib")
    assert len(part.select("#deadline-preview")) == 1
    return part


def test_preview_valid_date_shows_the_ask_for_a_review_by_date(client_request):
    _open_decision_date(client_request)
    part = _check_partial(_preview(client_request, ["16", "11", "2026"]))
    preview = part.select_one("#deadline-preview")
    assert "Ask for a review by Monday 30 November 2026" in text_of(preview)
    assert "6 working days left" in text_of(preview)
    assert preview.get("aria-live") == "polite"


@pytest.mark.parametrize("parts", [["16", "", "2026"], ["", "", ""], ["31", "2", "2026"], ["16", "11", "20"]],
                         ids=["no-month", "empty", "not-real", "short-year"])
def test_preview_incomplete_date_gives_an_empty_preview(client_request, parts):
    _open_decision_date(client_request)
    preview = _check_partial(_preview(client_request, parts)).select_one("#deadline-preview")
    assert text_of(preview) == ""
    assert preview.find_all(True) == []


def test_preview_future_date_gives_an_empty_preview(client_request):
    _open_decision_date(client_request)
    preview = _check_partial(_preview(client_request, ["1", "12", "2026"])).select_one("#deadline-preview")
    assert text_of(preview) == ""


def test_preview_huge_numbers_give_an_empty_preview(client_request):
    _open_decision_date(client_request)
    response = _preview(client_request, ["99999999999999999999", "11", "2026"])
    assert text_of(_check_partial(response).select_one("#deadline-preview")) == ""


def test_preview_does_not_save_the_date(client_request, stored_drafts):
    _open_decision_date(client_request)
    _preview(client_request, ["16", "11", "2026"])
    [draft] = stored_drafts.all()
    assert "decision_date" not in draft["answers"]


def test_preview_needs_the_csrf_token(client_request):
    _open_decision_date(client_request)
    _preview(client_request, ["16", "11", "2026"], csrf=False, expected_status=400)


def test_preview_does_not_push_its_url_into_the_history(client_request):
    """htmx obeys an HX-Push-Url response header over the element's hx-push-url="false":
    a preview URL in the history would be a dead page (GET is 405) on Back."""
    _open_decision_date(client_request)
    response = _preview(client_request, ["16", "11", "2026"])
    assert response.headers.get("HX-Push-Url") in (None, "false"), response.headers.get("HX-Push-Url")


def test_preview_only_for_questions_with_a_preview(client_request):
    _open_decision_date(client_request)
    token = client_request.csrf_token()
    response = client_request.client.post("/questions/role/preview", data={"csrf_token": token}, headers=HTMX)
    assert response.status_code == 404


def test_preview_date_input_asks_for_the_preview_as_it_is_typed(client_request):
    url = _open_decision_date(client_request)
    page = client_request.get(url)
    date_input = page.select_one("#decision_date")
    assert date_input["hx-post"] == URL
    assert date_input["hx-target"] == "#deadline-preview"
    assert page.select_one("main form #deadline-preview") is not None
    assert text_of(page.select_one("#deadline-preview")) == ""


def test_preview_shown_once_on_the_next_page_after_submitting(client_request):
    url = _open_decision_date(client_request)
    location = client_request.submit(url, {"decision_date": ["16", "11", "2026"]})
    page = client_request.get(location)
    inset = page.select_one(".app-deadline-preview")
    assert inset is not None
    assert "Ask for a review by Monday 30 November 2026" in text_of(inset)
    assert client_request.get(location).select_one(".app-deadline-preview") is None


def test_preview_shown_on_the_date_page_when_revisited(client_request):
    url = _open_decision_date(client_request)
    client_request.submit(url, {"decision_date": ["16", "11", "2026"]})
    page = client_request.get(url)
    assert "Monday 30 November 2026" in text_of(page.select_one("#deadline-preview"))

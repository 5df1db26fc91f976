"""The deadline preview (journeys review, minor): never the previous date's on a page
showing an error, and after the heading on the next page, where focus lands."""

from __future__ import annotations

import pytest

from .conftest import text_of
from .journeys import VICTIM_CPS, answer_questions

BOTH = pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])


def _after_heading(page, selector: str) -> bool:
    """Whether `selector` comes after the page's h1 in reading order."""
    h1 = page.select_one("h1")
    return any(el is page.select_one(selector) for el in h1.find_all_next())


@BOTH
def test_preview_on_an_error_page_is_not_the_previous_dates(client_request, htmx):
    reached = answer_questions(client_request, VICTIM_CPS, stop_at="decision_date")
    url = reached["location"]
    client_request.submit(url, {"decision_date": ["16", "11", "2026"]})
    assert "30 November 2026" in text_of(client_request.get(url).select_one("#deadline-preview"))
    # 31/2/2026 is no date: the error, and no deadline of 16 November left beside it.
    page = client_request.submit(url, {"decision_date": ["31", "2", "2026"]}, htmx=htmx, expected_status=200)
    assert page.select_one(".govuk-error-summary") is not None
    assert text_of(page.select_one("#deadline-preview")) == ""
    assert "30 November" not in text_of(page.select_one("main"))


@BOTH
def test_preview_on_the_next_page_comes_after_its_heading(client_request, htmx):
    reached = answer_questions(client_request, VICTIM_CPS, stop_at="decision_date")
    location = client_request.submit(reached["location"], {"decision_date": ["16", "11", "2026"]}, htmx=htmx)
    page = client_request.get(location, htmx=htmx)
    assert "Ask for a review by Monday 30 November 2026" in text_of(page.select_one(".app-deadline-preview"))
    assert _after_heading(page, ".app-deadline-preview"), "the preview is above the heading: skipped"


def test_preview_on_check_answers_comes_after_its_heading(client_request):
    answers = dict(VICTIM_CPS)
    reached = answer_questions(client_request, answers, stop_at="decision_date")
    # Changed from the check page: back there, with the new date's deadline.
    url = reached["location"]
    answer_questions(client_request, answers)
    location = client_request.submit(url.split("?")[0] + "?return_to=check", {"decision_date": ["16", "11", "2026"]})
    assert location == "/check-your-answers"
    page = client_request.get(location)
    assert page.select_one(".app-deadline-preview") is not None
    assert _after_heading(page, ".app-deadline-preview")

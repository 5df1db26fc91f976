"""Exit this page: the button (with and without JavaScript) and Shift pressed three times
leave for EXIT_URL, and the answers are gone afterwards."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from . import journeys
from .conftest import ELSEWHERE_TITLE
from .support import SERVICE, Visitor, new_visitor_context


def answered_one_question(new_context, js: bool) -> Visitor:
    """A visitor who has started and said they are the victim: they have answers."""
    page = new_visitor_context(new_context, js).new_page()
    v = Visitor(page, js=js, journey="exit", axe=False)
    journeys.start(v)
    v.answer("I am the victim of the crime", "Who made the decision?", "/questions/decision-by", "decision-by")
    # The answers are there: checking them leads on to the next question, not to the start.
    page.goto("/check-your-answers")
    expect(page).to_have_url(re.compile(r"/questions/decision-by$"))
    return v


def assert_left_and_answers_gone(v: Visitor, exit_url: str, base_url: str) -> None:
    page = v.page
    page.wait_for_url(exit_url)
    expect(page).to_have_title(ELSEWHERE_TITLE)
    # The browser's back button does not lead back into the answers.
    page.go_back()
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator("h1")).to_have_text(SERVICE)
    page.goto("/check-your-answers")
    expect(page).to_have_url(f"{base_url}/")
    expect(page.locator("h1")).to_have_text(SERVICE)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_exit_this_page_button_leaves_and_deletes_the_answers(new_context, live_server, js):
    v = answered_one_question(new_context, js)
    v.page.get_by_role("button", name="Exit this page").click()
    assert_left_and_answers_gone(v, live_server.exit_url, live_server.url)


def test_pressing_shift_three_times_leaves_and_deletes_the_answers(new_context, live_server):
    v = answered_one_question(new_context, True)
    page = v.page
    page.locator("h1").click()  # the page has the keyboard's attention
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_and_answers_gone(v, live_server.exit_url, live_server.url)

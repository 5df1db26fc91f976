"""An error answer to a step is shown, with JavaScript as without: htmx swaps 4xx/5xx
pages in (the responseHandling of partials/head.html) instead of leaving the person
looking at a button that did nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from . import journeys
from .support import Visitor, new_visitor_context


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_refused_post_shows_the_error_page(new_context, live_server, js):
    page = new_visitor_context(new_context, js).new_page()
    v = Visitor(page, js=js, journey="error-page", axe=False)
    journeys.start(v)
    expect(page).to_have_url(re.compile(r"/questions/role$"))
    # The session ends behind the person's back (another tab, a cleaned browser): the form's
    # token no longer matches, and the server refuses the post with 400.
    page.context.clear_cookies()
    page.get_by_label("I am the victim of the crime").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Sorry, there is a problem with the service")
    expect(page).to_have_title(re.compile(r"^Sorry, there is a problem with the service"))
    if js:
        expect(page.locator("h1")).to_be_focused()  # announced, as after every swap
        # The address is still the question's (an error page is not pushed into history).
        expect(page).to_have_url(re.compile(r"/questions/role$"))
    page.get_by_role("link", name="Go to the start of the service").click()
    expect(page).to_have_url(f"{live_server.url}/")

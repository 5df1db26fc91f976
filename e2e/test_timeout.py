"""The session timeout warning in a journey made with htmx (WCAG 2.2.1; journeys review S1).

On a second server keeping answers 24 seconds and warning 9 seconds before: Start now and
the role question with htmx from a page loaded without answers, then wait. The warning
must appear (it used to exist only on a page loaded with answers), be announced (a modal
alertdialog, focus in it), give more time on the server with Esc as with "Continue with my
answers", put focus back where it was; and after the answers expired, the next Continue
(an htmx post) shows "We deleted your answers", not the start page.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from .support import INIT_SCRIPT, SERVICE, title_for

IDLE_MINUTES = 0.4  # answers kept 24 seconds
WARNING_MINUTES = 0.15  # the warning 9 seconds before: 15 seconds after the last activity
IDLE = timedelta(minutes=IDLE_MINUTES)
WARNING = timedelta(minutes=WARNING_MINUTES)


@pytest.fixture(scope="module")
def quick_server(live_server):
    """The app again, on the same database, deleting answers after 24 seconds idle."""
    from webapp import create_app
    from webapp.models import db

    from .conftest import _Served

    app = create_app({"SQLALCHEMY_DATABASE_URI": live_server.database, "EXIT_URL": live_server.exit_url,
                      "SECRET_KEY": "e2e-only-not-secret", "TESTING": False,
                      "IDLE_MINUTES": IDLE_MINUTES, "WARNING_MINUTES": WARNING_MINUTES})
    served = _Served(app)
    try:
        yield app, served.url
    finally:
        served.stop()
        with app.app_context():
            db.engine.dispose()


def _settled(page: Page, before: int) -> None:
    page.wait_for_function("n => window.__e2e.settled > n && !document.querySelector('.htmx-request')", arg=before)


def _swap(page: Page, locator) -> None:
    before = page.evaluate("window.__e2e.settled")
    locator.click()
    _settled(page, before)


def _age_the_answers(app, page: Page) -> None:
    """This browser's answers as if untouched for an hour (a laptop asleep: the page's
    timers did not run, the server's clock did)."""
    from webapp.models import Draft, db

    cookie = next(c for c in page.context.cookies() if c["name"] == app.config["SESSION_COOKIE_NAME"])
    draft_id = app.session_interface.get_signing_serializer(app).loads(cookie["value"])["draft"]
    with app.app_context():
        draft = db.session.get(Draft, draft_id)
        draft.updated_at = datetime.now(UTC) - timedelta(hours=1)
        db.session.commit()


def _expect_warning(page: Page) -> None:
    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_visible(timeout=20_000)
    announced = page.get_by_role("alertdialog", name="Do you need more time?")
    expect(announced).to_be_visible()
    expect(announced).to_have_attribute("aria-modal", "true")
    expect(announced).to_have_accessible_description(re.compile(r"^To protect your information, we will delete"))
    assert page.evaluate("document.getElementById('timeout-warning').matches(':modal')"), "not modal"
    assert page.evaluate("document.getElementById('timeout-warning').contains(document.activeElement)"), \
        "focus is not in the dialog"


def test_timeout_warning_after_htmx_steps(browser, quick_server):
    app, url = quick_server
    context = browser.new_context(base_url=url)
    context.set_default_timeout(10_000)
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    try:
        page.goto("/")  # loaded without answers: the warning is not armed yet
        expect(page.locator("h1")).to_have_text(SERVICE)
        _swap(page, page.get_by_role("button", name="Start now"))
        expect(page.locator("h1")).to_have_text("Which of these best describes you?")
        page.get_by_label("I am the victim of the crime", exact=True).check()
        _swap(page, page.get_by_role("button", name="Continue", exact=True))
        saved = datetime.now(UTC)
        expect(page.locator("h1")).to_have_text("Who made the decision?")
        assert page.title() == title_for("Who made the decision?")
        cps = page.get_by_label("The Crown Prosecution Service (CPS)", exact=True)
        cps.focus()
        dialog = page.locator("#timeout-warning")
        expect(dialog).to_be_hidden()

        # The warning, then Esc: more time on the server, never a silent close.
        _expect_warning(page)
        shown = datetime.now(UTC)
        assert shown - saved > IDLE - WARNING - timedelta(seconds=2), "the warning came too early"
        with page.expect_response(lambda r: r.url.endswith("/session/extend")) as extended:
            page.keyboard.press("Escape")
        assert extended.value.ok and extended.value.json()["expires_in"] > 10
        expect(dialog).to_be_hidden()
        expect(cps).to_be_focused()  # back where it was, not <body>

        # Again; now "Continue with my answers".
        _expect_warning(page)
        with page.expect_response(lambda r: r.url.endswith("/session/extend")) as extended:
            dialog.get_by_role("button", name="Continue with my answers").click()
        assert extended.value.ok and extended.value.json()["expires_in"] > 10
        expect(dialog).to_be_hidden()
        expect(cps).to_be_focused()

        # Past the first expiry the answers are still there: the next question comes.
        assert datetime.now(UTC) > saved + IDLE + timedelta(seconds=1)
        cps.check()
        _swap(page, page.get_by_role("button", name="Continue", exact=True))
        expect(page.locator("h1")).to_have_text("What did the decision do?")

        # Expired while the page was not looking: the next Continue says so.
        _age_the_answers(app, page)
        page.get_by_label("Decided not to charge anyone", exact=True).check()
        _swap(page, page.get_by_role("button", name="Continue", exact=True))
        expect(page.locator("h1")).to_have_text("We deleted your answers")
        expect(page).to_have_url(re.compile(r"/session/expired$"))
    finally:
        context.close()

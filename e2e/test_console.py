"""No console errors, no uncaught exceptions and no Content Security Policy violations
across a whole journey with JavaScript on (htmx swaps, the live date preview, an error
state, the content pages). A control at the end proves the CSP listener does report."""

from __future__ import annotations

from . import journeys
from .support import Visitor, new_visitor_context


def test_no_console_errors_or_csp_violations_in_a_javascript_journey(new_context):
    page = new_visitor_context(new_context, True).new_page()
    v = Visitor(page, js=True, journey="console", axe=False)
    journeys.vrr(v)
    assert len(v.arrivals) >= 17, v.arrivals  # the whole journey was walked
    v.finish(checks=("console",))

    # Control: an inline script without the nonce must be refused, and reported to us.
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.__e2eInlineRan = true'; document.body.append(s) }""")
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("window.__e2eInlineRan") is None
    page.wait_for_timeout(100)  # let the binding deliver it
    assert [c["directive"] for c in v.problems.csp] == ["script-src-elem"], v.problems.csp


def test_answering_while_a_step_is_still_swapping_in_breaks_no_csp_rule(new_context, tmp_path):
    """The window is resized (here by a full-page capture, which makes it as tall as the
    page and back: GOV.UK Frontend's scripts leave `style` attributes behind), then the
    person chooses an answer while htmx is still settling the new step. htmx settles
    `style` by default, setting it again with setAttribute, which our CSP (style-src
    'self') refuses: 8 violations here before `attributesToSettle` in partials/head.html
    left `style` out."""
    page = new_visitor_context(new_context, True).new_page()
    v = Visitor(page, js=True, journey="quick", axe=False)
    page.goto("/")
    page.screenshot(path=str(tmp_path / "start.png"), full_page=True)
    page.get_by_role("button", name="Start now").click()
    page.locator("main .govuk-radios__input").first.check()  # no wait for the swap to settle
    page.locator("main form button.govuk-button").first.click()
    page.wait_for_url("**/questions/decision-by")
    page.wait_for_timeout(300)  # let the binding deliver any report
    assert v.problems.csp == [] and v.problems.console == [], (v.problems.csp, v.problems.console)

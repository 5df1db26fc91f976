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

"""A person using the service in the browser, with checks at every page they reach.

`Visitor` clicks (get_by_role / get_by_label), and on every page it arrives at checks the
heading, the URL and the title, runs axe, saves a screenshot if asked, and with
JavaScript on checks what the htmx enhancement promises: the URL is pushed to the
history, the title changes, and focus is on the new h1 or on the error summary.
Problems that do not stop the journey (axe violations, console errors, failed requests)
are collected and asserted at the end by `finish()`, so one run reports all of them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

SERVICE = "Check your options after a criminal justice decision"
TIMEOUT_MS = 10_000
# axe and the screenshots look at the rendered page, the same HTML whichever database holds
# the answers, and they are most of the browser tests' CPU time. `make test` runs two
# passes at once (SQLite, PostgreSQL) and gives each half of them, so that neither waits
# for the other: E2E_RENDERING_CHECKS=journeys makes axe and screenshots at every step of
# the journeys (Visitor), =pages the checks of every page in every display mode
# (test_accessibility.test_pages). Unset (any run but `make test`'s): both. Every other
# check (headings, URLs, titles, focus, history, what is stored) is made on every pass.
RENDERING_CHECKS = os.environ.get("E2E_RENDERING_CHECKS", "all")
if RENDERING_CHECKS not in ("all", "journeys", "pages"):
    raise ValueError(f"E2E_RENDERING_CHECKS={RENDERING_CHECKS!r}: all, journeys or pages")
JOURNEY_CHECKS = RENDERING_CHECKS in ("all", "journeys")
PAGE_CHECKS = RENDERING_CHECKS in ("all", "pages")

# Runs before any page script (and regardless of the page's CSP): counts htmx settles and
# records CSP violations, in the page and through an exposed binding that survives loads.
INIT_SCRIPT = """
window.__e2e = { settled: 0 };
window.__cspViolations = [];
document.addEventListener('htmx:afterSettle', () => { window.__e2e.settled += 1 });
document.addEventListener('securitypolicyviolation', (e) => {
  const v = { directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
              line: e.lineNumber, sample: e.sample, page: location.href };
  window.__cspViolations.push(v);
  if (window.__e2eReportCsp) window.__e2eReportCsp(v);
});
"""


def known_govuk_issue(violation: dict) -> bool:
    """GOV.UK Frontend's conditional reveal sets aria-expanded on the radio that reveals
    content, which ARIA 1.2 does not allow on a radio (axe's aria-allowed-attr). GOV.UK keeps
    it on purpose, screen readers announcing it, and lists it as a known issue
    (alphagov/govuk-frontend#979). Only that is let through: any other attribute, element
    or rule is reported."""
    summary = re.compile(r'Fix all of the following:\s+ARIA attribute is not allowed: aria-expanded="(true|false)"')
    return violation["id"] == "aria-allowed-attr" and all(
        'class="govuk-radios__input"' in n.get("html", "") and 'aria-controls="conditional-' in n.get("html", "")
        and summary.fullmatch((n.get("failureSummary") or "").strip())
        for n in violation["nodes"])


def long_date(day: date) -> str:
    """How GOV.UK writes a date with its weekday: "Monday 30 November 2026"."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def title_for(heading: str, error: bool = False) -> str:
    prefix = "Error: " if error else ""
    middle = "" if heading == SERVICE else f"{heading} – "
    return f"{prefix}{middle}{SERVICE} – GOV.UK"


def new_visitor_context(new_context, js: bool) -> BrowserContext:
    context = new_context(java_script_enabled=js)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(INIT_SCRIPT)
    return context


@dataclass
class Problems:
    axe: list[str] = field(default_factory=list)
    axe_rules: dict[str, list[str]] = field(default_factory=dict)  # rule id -> pages
    console: list[str] = field(default_factory=list)
    csp: list[dict] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    enhancement: list[str] = field(default_factory=list)  # history, title, focus after a swap


class Visitor:
    def __init__(self, page: Page, *, js: bool, journey: str, axe: bool = True,
                 screenshots: Path | None = None, axe_page: Page | None = None) -> None:
        """`axe_page`: a page with JavaScript on, where axe checks the pages of a visitor
        without JavaScript (axe cannot run in a page whose scripts are disabled)."""
        if axe and not js and axe_page is None:
            raise ValueError("without JavaScript, axe needs a separate page to run in")
        self.page = page
        self.axe_page = axe_page
        self.js = js
        self.journey = journey
        self.axe = Axe() if axe and JOURNEY_CHECKS else None
        self.screenshots = screenshots if JOURNEY_CHECKS else None
        self.problems = Problems()
        self.arrivals: list[tuple[str, str]] = []  # (path with query, slug)
        self.titles: list[str] = []
        self._shot = 0
        page.expose_function("__e2eReportCsp", lambda violation: self.problems.csp.append(violation))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.console.append(f"pageerror on {page.url}: {error}"))
        page.on("response", self._response)

    # -- what happened ------------------------------------------------------------
    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.console.append(f"console error on {self.page.url}: {message.text} ({message.location})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.responses.append(f"{response.status} {response.request.method} {response.url}")

    @property
    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def question_pages(self) -> list[str]:
        """The distinct question pages reached, in order."""
        seen: list[str] = []
        for path, _slug in self.arrivals:
            bare = path.split("?")[0]
            if bare.startswith("/questions/") and bare not in seen:
                seen.append(bare)
        return seen

    # -- moving -------------------------------------------------------------------
    def open(self, path: str, heading: str, slug: str) -> None:
        """Type an address (a full page load)."""
        self.page.goto(path)
        self.arrive(heading, path, slug, swapped=False)

    def go(self, locator: Locator, heading: str, path: str, slug: str, *, error: bool = False) -> None:
        """Click something in the page's content: a link, a button, a form's submit.

        With JavaScript this is an htmx swap of #content (no page load); without it, a
        normal navigation or form post."""
        page = self.page
        if self.js:
            settled = page.evaluate("window.__e2e.settled")
            before = self.path
            locator.click()
            try:
                page.wait_for_function("n => window.__e2e.settled > n", arg=settled, timeout=TIMEOUT_MS)
            except PlaywrightTimeoutError as exc:
                raise AssertionError(f"{self.journey}: no htmx swap after clicking {locator} on "
                                     f"{self.path} (expected {path})") from exc
            self.arrive(heading, path, slug, error=error, swapped=True, pushed_from=before)
        else:
            with page.expect_navigation():
                locator.click()
            self.arrive(heading, path, slug, error=error, swapped=False)

    def leave_by_footer(self, name: str, heading: str, path: str, slug: str) -> None:
        """A footer link: outside the swapped content, so a full page load either way."""
        with self.page.expect_navigation():
            self.page.locator(".govuk-footer").get_by_role("link", name=name, exact=True).click()
        self.arrive(heading, path, slug, swapped=False)

    def choose(self, label: str) -> None:
        self.page.get_by_label(label, exact=True).check()

    def type_date(self, day: date) -> None:
        page = self.page
        page.get_by_label("Day", exact=True).fill(str(day.day))
        page.get_by_label("Month", exact=True).fill(str(day.month))
        page.get_by_label("Year", exact=True).fill(str(day.year))

    def answer(self, label: str, heading: str, path: str, slug: str) -> None:
        self.choose(label)
        self.go(self.continue_button(), heading, path, slug)

    def continue_button(self) -> Locator:
        return self.page.get_by_role("button", name="Continue", exact=True)

    # -- arriving -----------------------------------------------------------------
    def arrive(self, heading: str, path: str, slug: str, *, error: bool = False, swapped: bool,
               pushed_from: str | None = None) -> None:
        page = self.page
        where = f"{self.journey} ({'JS' if self.js else 'no JS'}) at {slug}"
        expect(page.locator("h1"), where).to_have_text(heading)
        expect(page, where).to_have_url(re.compile(re.escape(path) + r"$"))
        title = page.title()
        assert title == title_for(heading, error), f"{where}: title {title!r}"
        if error:
            expect(page.locator(".govuk-error-summary"), where).to_be_visible()
        if swapped:
            # What the htmx enhancement promises; collected, so the journey goes on and
            # every step that breaks a promise is reported (asserted in finish()).
            if self.titles and title == self.titles[-1] and not error:
                self.problems.enhancement.append(f"{where}: document.title did not change ({title!r})")
            if pushed_from is not None and not error:
                state = page.evaluate("JSON.stringify(history.state)")
                if self.path == pushed_from or '"htmx":true' not in (state or ""):
                    self.problems.enhancement.append(
                        f"{where}: no history entry pushed by htmx (from {pushed_from}, history.state {state})")
            self.check_focus(error, where)
        self.titles.append(title)
        self.arrivals.append((self.path, slug))
        self.check_axe(where)
        self.screenshot(slug)

    def check_focus(self, error: bool, where: str) -> None:
        focused = self.page.evaluate(
            """() => { const el = document.activeElement;
                       return { tag: el.tagName, cls: el.className, text: (el.textContent || '').trim().slice(0, 80),
                                inSummary: !!el.closest('.govuk-error-summary') } }""")
        if error and not focused["inSummary"]:
            self.problems.enhancement.append(f"{where}: focus should be on the error summary, is on {focused}")
        elif not error and focused["tag"] != "H1":
            self.problems.enhancement.append(f"{where}: focus should be on the h1, is on {focused}")

    def check_axe(self, where: str) -> None:
        if self.axe is None:
            return
        results = self.axe.run(self.page if self.js else self._static_copy())
        for violation in results.response["violations"]:
            if known_govuk_issue(violation):
                continue
            nodes = [{"target": n.get("target"), "html": n.get("html", "")[:200],
                      "summary": n.get("failureSummary")} for n in violation["nodes"]]
            report = f"{where} {self.path}: axe {violation['id']} ({violation['impact']}): " \
                     f"{violation['help']} -> {json.dumps(nodes)}"
            print(report)
            self.problems.axe.append(report)
            self.problems.axe_rules.setdefault(violation["id"], []).append(f"{where.split(' at ')[-1]} {self.path}")

    def _static_copy(self) -> Page:
        """This page's HTML, scripts removed, served at its own URL in the axe page (with
        its CSS, fonts and images from the live server): what the visitor sees without
        JavaScript, in a page where axe can run."""
        html = re.sub(r"<script\b.*?</script>", "", self.page.content(), flags=re.DOTALL | re.IGNORECASE)
        url = self.page.url
        copy = self.axe_page

        def serve(route) -> None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        copy.route(lambda u: u == url, serve, times=1)
        copy.goto(url)
        return copy

    def screenshot(self, slug: str) -> None:
        if self.screenshots is None:
            return
        self._shot += 1
        name = f"{self.journey}-{'js' if self.js else 'nojs'}-{self._shot:02d}-{slug}.png"
        self.page.screenshot(path=str(self.screenshots / name), full_page=True)

    def assert_error_links_work(self) -> None:
        """Every error summary link points at an element that is on the page."""
        links = self.page.locator(".govuk-error-summary a")
        assert links.count() > 0
        for href in links.evaluate_all("els => els.map(a => a.getAttribute('href'))"):
            assert href.startswith("#") and self.page.locator(href).count() == 1, \
                f"{self.journey}: error summary link {href} points at nothing on {self.path}"

    # -- the end ------------------------------------------------------------------
    def finish(self, *, checks: tuple[str, ...] = ("enhancement", "axe", "responses")) -> None:
        """Assert what was collected. `checks`: "enhancement" (history, title and focus after
        htmx swaps), "axe", "responses" (no 4xx/5xx), "console" (console errors, uncaught
        exceptions, CSP violations)."""
        if self.js:
            # Anything left in the current page's own record (belt and braces).
            for v in self.page.evaluate("window.__cspViolations || []"):
                if v not in self.problems.csp:
                    self.problems.csp.append(v)
        p = self.problems
        failures = []
        if "enhancement" in checks and p.enhancement:
            failures.append(f"{len(p.enhancement)} htmx enhancement failure(s):\n  " + "\n  ".join(p.enhancement))
        if "axe" in checks and p.axe:
            summary = "; ".join(f"{rule} on {len(pages)} page(s): {pages}" for rule, pages in p.axe_rules.items())
            failures.append(f"axe violations: {summary}\n  " + "\n  ".join(p.axe))
        if "responses" in checks and p.responses:
            failures.append(f"failed responses: {p.responses}")
        if "console" in checks and (p.console or p.csp):
            failures.append(f"console errors: {p.console}\nCSP violations: {p.csp}")
        assert not failures, f"{self.journey} ({'JS' if self.js else 'no JS'}):\n" + "\n".join(failures)

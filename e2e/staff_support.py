"""A member of staff in the browser: `StaffVisitor`, and how the staff pages are read.

`StaffVisitor` is the public side's `Visitor` with the staff pages' own title, axe limited
to the WCAG A/AA tags (2.0, 2.1, 2.2) and its "region" rule (everything in landmarks),
and the error responses a journey means to meet (a failed sign-in's 401, another
office's request's 404) declared before they happen, so any
other 4xx/5xx still fails `finish()`. Staff pages are ordinary page loads (no hx-boost):
the only htmx on them is the inbox's filter form, checked by `filter_inbox`.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, expect

from .support import TIMEOUT_MS, Visitor

STAFF_SERVICE = "Check your options: receiving office"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# And axe's "region" (a best practice, not a WCAG rule): every part of the page in a
# landmark, so "Signed in as", "Sign out" and the back link are found with the rest.
AXE_REGION = {"runOnly": {"type": "rule", "values": ["region"]}, "resultTypes": ["violations"]}
NOT_FOUND = "Page not found"


def staff_title(heading: str, error: bool = False) -> str:
    return f"{'Error: ' if error else ''}{heading} – {STAFF_SERVICE} – GOV.UK"


def short_date(day: date) -> str:
    """How the inbox writes a date: "7 Dec 2026"."""
    return f"{day.day} {day:%b} {day.year}"


class StaffVisitor(Visitor):
    def __init__(self, page: Page, *, js: bool, journey: str, axe_page: Page | None, screenshots) -> None:
        super().__init__(page, js=js, journey=journey, axe_page=axe_page, screenshots=screenshots)
        self.expected_errors: list[tuple[int, str]] = []  # (status, path) a journey means to meet
        self.declared: set[tuple[int, str]] = set()  # every one ever declared (for the console)
        self.faults: list[str] = []  # what a page gets wrong that the journey goes on past (layout)

    @property
    def where(self) -> str:
        return f"{self.journey} ({'JS' if self.js else 'no JS'})"

    # -- responses ----------------------------------------------------------------
    def expect_error(self, status: int, path: str) -> None:
        self.expected_errors.append((status, path))
        self.declared.add((status, path))

    def _console(self, message) -> None:
        """Chromium logs every 4xx page as a console error: not those the journey expects."""
        found = re.match(r"Failed to load resource: the server responded with a status of (\d+)", message.text)
        if found and (int(found.group(1)), urlsplit(message.location.get("url", "")).path) in self.declared:
            return
        super()._console(message)

    def _response(self, response) -> None:
        if response.status < 400:
            return
        expected = (response.status, urlsplit(response.url).path)
        if expected in self.expected_errors:
            self.expected_errors.remove(expected)
            return
        self.problems.responses.append(f"{response.status} {response.request.method} {response.url}")

    # -- arriving -----------------------------------------------------------------
    def arrive(self, heading: str, path: str, slug: str, *, error: bool = False, swapped: bool = False,
               pushed_from: str | None = None, title: str | None = None) -> None:
        """On a staff page (or, with `title`, a page of another frame: the 404 page)."""
        page = self.page
        where = f"{self.where} at {slug}"
        expect(page.locator("h1"), where).to_have_text(heading)
        expect(page, where).to_have_url(re.compile(re.escape(path) + r"$"))
        expected_title = title or staff_title(heading, error)
        assert page.title() == expected_title, f"{where}: title {page.title()!r}, expected {expected_title!r}"
        if error:
            expect(page.locator(".govuk-error-summary"), where).to_be_visible()
            if self.js:  # GOV.UK's error summary takes focus as the page loads
                self.check_focus_in(".govuk-error-summary", where)
        self.titles.append(page.title())
        self.arrivals.append((self.path, slug))
        self.check_axe(where)
        self.screenshot(slug)

    def check_focus_in(self, selector: str, where: str) -> None:
        inside = self.page.evaluate("s => !!document.activeElement.closest(s)", selector)
        if not inside:
            focused = self.page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
            self.problems.enhancement.append(f"{where}: focus should be in {selector}, is on {focused}")

    def check_axe(self, where: str) -> None:
        if self.axe is None:  # made on the other pass (support.JOURNEY_CHECKS)
            return
        target = self.page if self.js else self._static_copy()
        violations = [v for options in (AXE_OPTIONS, AXE_REGION)
                      for v in self.axe.run(target, options=options).response["violations"]]
        for violation in violations:
            nodes = [f"{n.get('target')} {n.get('html', '')[:160]}" for n in violation["nodes"]]
            report = (f"{where} {self.path}: axe {violation['id']} ({violation['impact']}): "
                      f"{violation['help']} -> {nodes}")
            self.problems.axe.append(report)
            self.problems.axe_rules.setdefault(violation["id"], []).append(f"{where.split(' at ')[-1]} {self.path}")

    # -- moving -------------------------------------------------------------------
    def open(self, path: str, heading: str, slug: str, *, landing: str | None = None, status: int = 200,
             title: str | None = None) -> None:
        """Type an address. `landing`: where a redirect leads (the sign-in page)."""
        if status >= 400:
            self.expect_error(status, urlsplit(path).path)
        response = self.page.goto(path)
        assert response is not None and response.status == status, \
            f"{self.where}: {path} answered {response and response.status}, expected {status}"
        self.arrive(heading, landing or path, slug, title=title)

    def follow(self, locator: Locator, heading: str, path: str, slug: str, *, error: bool = False,
               status: int = 200) -> None:
        """Click a link or a form's button: a page load, with JavaScript or without."""
        if status >= 400:
            self.expect_error(status, urlsplit(path).path.split("?")[0])
        with self.page.expect_navigation():
            locator.click()
        self.arrive(heading, path, slug, error=error)

    # -- what the pages show -------------------------------------------------------
    def summary(self, index: int = 0) -> dict[str, str]:
        """A summary list's rows, key -> value (lines joined by "\\n")."""
        return self.page.locator(".govuk-summary-list").nth(index).evaluate(
            """list => Object.fromEntries([...list.querySelectorAll('.govuk-summary-list__row')].map(row => [
                 row.querySelector('.govuk-summary-list__key').innerText.trim(),
                 row.querySelector('.govuk-summary-list__value').innerText.trim()]))""")

    def inbox_rows(self) -> list[dict[str, str]]:
        """The inbox's rows, in order: reference, kind, received, status, due, flags."""
        return self.page.locator("#inbox-results table tbody tr").evaluate_all(
            """rows => rows.map(row => {
                 const cells = [...row.children].map(c => c.innerText.trim());
                 return {reference: cells[0], kind: cells[1], received: cells[2], status: cells[3],
                         due: cells[4], flags: cells[5]} })""")

    def references(self) -> list[str]:
        return [row["reference"] for row in self.inbox_rows()]

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query, keep_blank_values=True)

    def filter_inbox(self, changes: dict[str, str], slug: str) -> None:
        """Choose filters (label -> option) and see the results.

        With JavaScript, each change updates the results in place (htmx): no page load, the
        URL pushed to the history, focus left on the control that was changed. Without it,
        "Apply filters" submits the GET form (a page load)."""
        page = self.page
        where = f"{self.where} at {slug}"
        if not self.js:
            for label, option in changes.items():
                page.get_by_label(label, exact=True).select_option(label=option)
            with page.expect_request(lambda r: urlsplit(r.url).path == "/staff/" and r.is_navigation_request()) \
                    as sent, page.expect_navigation():
                page.get_by_role("button", name="Apply filters", exact=True).click()
            assert sent.value.method == "GET", f"{where}: the filters were sent by {sent.value.method}"
            self.arrive("Inbox", "/staff/?" + urlsplit(page.url).query, slug)
            return
        page.evaluate("window.__samePage = true")
        region = page.locator("#inbox-results")
        region.evaluate("el => { window.__liveRegion = el.closest('[aria-live]') }")
        for label, option in changes.items():
            settled = page.evaluate("window.__e2e.settled")
            select = page.get_by_label(label, exact=True)
            select.focus()  # as a person does, clicking it or tabbing to it
            select.select_option(label=option)
            page.wait_for_function("n => window.__e2e.settled > n && !document.querySelector('.htmx-request')",
                                   arg=settled, timeout=TIMEOUT_MS)
            assert page.evaluate("window.__samePage === true"), f"{where}: choosing {option!r} loaded a new page"
            focused = select.evaluate("el => el === document.activeElement")
            if not focused:
                self.problems.enhancement.append(
                    f"{where}: after choosing {option!r}, focus left the {label!r} filter")
        # The results are announced: they must sit in a polite live region that was in the
        # page before the swap (a live region put in by the swap itself is not read out).
        kept = page.evaluate("""() => { const live = document.getElementById('inbox-results').closest('[aria-live]');
                                        return live !== null && live === window.__liveRegion }""")
        if not kept:
            self.problems.enhancement.append(
                f"{where}: the results are not inside the aria-live region that was there before the swap, so the "
                "new number of requests is not announced to screen reader users")
        expect(page, where).to_have_url(re.compile(r"/staff/\?"))
        state = page.evaluate("JSON.stringify(history.state)") or ""
        if '"htmx":true' not in state:
            self.problems.enhancement.append(f"{where}: no history entry pushed by htmx ({state})")
        self.arrive("Inbox", self.path, slug)

    def filter_dates(self, dates: dict[str, date], slug: str) -> None:
        """Type dates into the GOV.UK date inputs (legend -> date), then "Apply filters":
        with JavaScript htmx swaps the results in (typing alone sends nothing, so no error
        appears after the day alone); without it, the GET form loads the page."""
        page = self.page
        where = f"{self.where} at {slug}"
        for legend, day in dates.items():
            group = page.get_by_role("group", name=legend, exact=True)
            for label, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
                group.get_by_label(label, exact=True).fill(str(value))
        button = page.get_by_role("button", name="Apply filters", exact=True)
        if not self.js:
            with page.expect_navigation():
                button.click()
        else:
            page.evaluate("window.__samePage = true")
            settled = page.evaluate("window.__e2e.settled")
            button.click()
            page.wait_for_function("n => window.__e2e.settled > n && !document.querySelector('.htmx-request')",
                                   arg=settled, timeout=TIMEOUT_MS)
            assert page.evaluate("window.__samePage === true"), f"{where}: applying the dates loaded a new page"
            expect(page, where).to_have_url(re.compile(r"received_from=\d"))
        self.arrive("Inbox", "/staff/?" + urlsplit(page.url).query, slug)

    def change_status(self, label: str, heading: str, path: str, slug: str) -> None:
        """Choose the new status, "Save status": the page it leads to says it changed."""
        page = self.page
        page.get_by_role("group", name="Change the status").get_by_label(label, exact=True).check()
        self.follow(page.get_by_role("button", name="Save status", exact=True), heading, path, slug)
        banner = page.locator(".govuk-notification-banner--success")
        expect(banner, f"{self.where} at {slug}").to_contain_text(f"Status changed to ‘{label}’.")
        if self.js:  # GOV.UK's success banner takes focus as the page loads
            self.check_focus_in(".govuk-notification-banner", f"{self.where} at {slug}")

    def chart_overlaps(self) -> list[str]:
        """The figures chart: no label overlaps a bar or another label."""
        return self.page.locator("svg.app-chart__svg").evaluate("""svg => {
            const boxes = [...svg.querySelectorAll('text, rect')].map(el => ({el, box: el.getBBox()}))
              .filter(({box}) => box.width > 0 && box.height > 0);
            const meets = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height
                                    && b.y < a.y + a.height;
            return boxes.filter(({el}) => el.tagName === 'text').flatMap(({el, box}) => boxes
              .filter(other => other.el !== el && meets(box, other.box))
              .map(other => `"${el.textContent}" overlaps ${other.el.tagName === 'text'
                              ? '"' + other.el.textContent + '"' : 'a bar'}`)) }""")

    def not_found(self, path: str, slug: str) -> None:
        """An address this user may not see: the staff side's 404 page (never a 403, which
        would confirm that the reference exists)."""
        self.open(path, NOT_FOUND, slug, status=404)
        main = self.page.locator("main")
        expect(main).to_contain_text("If you typed the web address, check it is correct.")
        expect(main.get_by_role("link", name="Go to the inbox", exact=True)).to_have_attribute("href", "/staff/")

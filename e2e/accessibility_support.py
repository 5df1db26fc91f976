"""Helpers for the accessibility suite (test_accessibility.py): display modes, seeding a
person's answers over HTTP, axe with the WCAG 2.2 A/AA tags, and the checks axe does
not make (visible focus, target sizes, reflow).

Seeding uses the browser context's own request client (`context.request`): it shares the
context's cookies, so the answers it posts are the ones the page then shows. It posts
the same forms a person does (with the CSRF token of the session), in the order the app
asks its questions, so a recipe breaks loudly if the questionnaire changes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from axe_playwright_python.sync_playwright import Axe
from babel.support import Translations
from playwright.sync_api import BrowserContext, Locator, Page

from questionnaire.flow import QUESTIONS, QUESTIONS_BY_SLUG

from .support import known_govuk_issue

ROOT = Path(__file__).resolve().parent.parent
CONTRASTS = ("auto", "standard", "dark", "light", "yellow")
TEXT_SIZES = ("standard", "large", "larger")
HIGH_CONTRASTS = ("dark", "light", "yellow")
# What the browser itself asks for, for the "auto" mode (no choice made: the app follows
# prefers-contrast / prefers-color-scheme).
PREFERENCES = ("none", "dark", "more")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
YELLOW = "rgb(255, 221, 0)"  # GOV.UK's focus colour, #ffdd00


# -- modes -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Mode:
    lang: str  # "en" | "cy"
    js: bool
    contrast: str  # one of CONTRASTS
    text_size: str  # one of TEXT_SIZES
    prefers: str = "none"  # what the browser prefers (only varied with contrast "auto")

    @property
    def high_contrast(self) -> bool:
        """Whether the high-contrast stylesheet applies (a chosen mode, or "auto" with a
        browser asking for more contrast; dark mode alone is not asking): then text must reach 7:1."""
        return self.contrast in HIGH_CONTRASTS or (self.contrast == "auto" and self.prefers == "more")

    @property
    def slug(self) -> str:
        contrast = self.contrast if self.prefers == "none" else f"{self.contrast}+prefers-{self.prefers}"
        return f"{self.lang}-{'js' if self.js else 'nojs'}-{contrast}-text-{self.text_size}"

    def apply(self, context: BrowserContext, page: Page, base_url: str, *pages: Page) -> None:
        """Put the next page load in this mode: the app's own cookies, and the browser's
        preferences (media emulation) for this page and any `pages` (the axe copy)."""
        context.add_cookies([{"name": name, "value": value, "url": base_url} for name, value in
                             (("lang", self.lang), ("contrast", self.contrast), ("text_size", self.text_size))])
        for each in (page, *pages):
            each.emulate_media(color_scheme="dark" if self.prefers == "dark" else "light",
                               contrast="more" if self.prefers == "more" else "no-preference")


def axe_options(mode: Mode | None) -> dict:
    """WCAG 2.0-2.2 A and AA; axe's target-size rule (off by default) always; 7:1 text
    contrast (AAA, 1.4.6) where the high-contrast stylesheet applies."""
    rules = {"target-size": {"enabled": True}}
    if mode is not None and mode.high_contrast:
        rules["color-contrast-enhanced"] = {"enabled": True}
    return {"runOnly": {"type": "tag", "values": AXE_TAGS}, "rules": rules, "resultTypes": ["violations"]}


# -- Welsh -------------------------------------------------------------------------------
_WELSH: Translations | None = None


def welsh(english: str, **params) -> str:
    """The Welsh catalogue's text for `english` (the compiled catalogue the app uses)."""
    global _WELSH
    if _WELSH is None:
        _WELSH = Translations.load(str(ROOT / "translations"), ["cy"])
    text = _WELSH.gettext(english)
    return text % params if params else text


def text_for(lang: str, english: str, **params) -> str:
    return welsh(english, **params) if lang == "cy" else (english % params if params else english)


def plural_for(lang: str, singular: str, plural: str, n: int) -> str:
    """A plural message in `lang`, with its %(num)d left in."""
    if lang != "cy":
        return singular if n == 1 else plural
    welsh("")  # loads the catalogue
    return _WELSH.ngettext(singular, plural, n)


# -- seeding over HTTP -----------------------------------------------------------------
def _form_fields(question, value) -> list[tuple[str, str]]:
    if question.kind == "yes_no":
        return [(question.id, "yes" if value else "no")]
    if question.kind == "date":
        day = date.fromisoformat(value)
        return [(question.id, str(day.day)), (question.id, str(day.month)), (question.id, str(day.year))]
    if question.kind == "multi":
        return [(question.id, v) for v in value]
    return [(question.id, value)]


class Seeder:
    """Posts forms in a browser context's session, as a person would fill them in."""

    def __init__(self, context: BrowserContext) -> None:
        self.request = context.request

    def token(self) -> str:
        html = self.request.get("/cookies").text()
        found = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert found, "no CSRF token on /cookies"
        return found.group(1)

    def post(self, path: str, fields: list[tuple[str, str]] | None = None, *, token: str | None = None) -> str:
        """POST a form; returns where the app redirects (path and query)."""
        body = urlencode([("csrf_token", token or self.token()), *(fields or [])])
        response = self.request.post(path, data=body, max_redirects=0,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status in (302, 303), \
            f"seeding: POST {path} {fields} gave {response.status}, not a redirect: {response.text()[:800]}"
        parts = urlsplit(response.headers["location"])
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def delete_answers(self) -> None:
        assert self.post("/delete-answers") == "/?deleted=1"

    def answer(self, answers: dict, *, stop_at: str | None = None) -> str:
        """Start, then answer each question the app asks from `answers`, until it asks
        `stop_at` or shows check your answers. Returns where it stopped."""
        token = self.token()
        location = self.post("/start", token=token)
        for _ in range(len(QUESTIONS) + 2):
            if location == "/check-your-answers":
                assert stop_at is None, f"seeding: never asked {stop_at} ({answers})"
                return location
            assert location.startswith("/questions/"), f"seeding: sent to {location}"
            question = QUESTIONS_BY_SLUG[location.split("?")[0].removeprefix("/questions/")]
            if question.id == stop_at:
                return location
            assert question.id in answers, f"seeding: the app asked {question.id}, not in {answers}"
            location = self.post(location, _form_fields(question, answers[question.id]), token=token)
        raise AssertionError(f"seeding: the questions go round in circles ({answers})")

    def start_request(self, kind: str) -> str:
        location = self.post(f"/requests/{kind}/start")
        assert location.startswith(f"/requests/{kind}/"), f"seeding: starting {kind} sent to {location}"
        return location

    def fill_steps(self, kind: str, steps: dict[str, list[tuple[str, str]]]) -> None:
        """Post each step of a `kind` request (slug -> form fields), in order."""
        token = self.token()
        for slug, fields in steps.items():
            location = self.post(f"/requests/{kind}/{slug}", fields, token=token)
            assert location.startswith(f"/requests/{kind}/") and location.split("/")[-1] != slug, \
                f"seeding: step {kind}/{slug} was not accepted (sent to {location})"


# -- axe -----------------------------------------------------------------------------------
_AXE = Axe()


def static_copy(page: Page, copy: Page) -> Page:
    """`page`'s HTML as it is now (no scripts), served at its own URL in `copy`, a page
    with JavaScript on (axe cannot run where scripts are off). CSS, fonts and images
    come from the live server, so it looks like what a visitor without JavaScript sees."""
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
    url = page.url.split("#")[0]

    def serve(route) -> None:
        # The app's own policy for everything but scripts (there are none left): inline
        # style attributes the page refused are refused in the copy too.
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html, headers={
            "Content-Security-Policy": "default-src 'self'; style-src 'self'; img-src 'self' data:; "
                                       "font-src 'self'"})

    copy.route(lambda u: u.split("#")[0] == url, serve, times=1)
    copy.goto(url)
    return copy


def axe_violations(page: Page, mode: Mode | None) -> list[str]:
    """axe's violations on `page` (which must have JavaScript on), one line each."""
    results = _AXE.run(page, options=axe_options(mode))
    found = []
    for violation in results.response["violations"]:
        if known_govuk_issue(violation):  # (aria-expanded on a revealing radio: e2e/support.py)
            continue
        nodes = [{"target": n.get("target"), "html": n.get("html", "")[:160],
                  "summary": (n.get("failureSummary") or "")[:300]} for n in violation["nodes"][:6]]
        found.append(f"axe {violation['id']} ({violation['impact']}, {len(violation['nodes'])} node(s)): "
                     f"{violation['help']} -> {json.dumps(nodes, ensure_ascii=False)}")
    return found


# -- what axe does not check --------------------------------------------------------------
# Every visible control that is not inline: buttons, form controls, <summary>, the
# labels of radios and checkboxes (GOV.UK's big click areas), and links laid out as
# boxes (inline-block, block, flex). Each must be at least 24x24 CSS px. Links inline in
# the text (display: inline) are left to axe's target-size rule, which applies WCAG
# 2.5.8's inline and spacing exceptions.
TARGETS_JS = """
(inline) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
                 + '.govuk-radios__label, .govuk-checkboxes__label';
  const words = (text) => (text || '').replace(/\\s+/g, ' ').trim();
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[hidden], dialog:not([open]), .govuk-visually-hidden, [inert]')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;  // not rendered, or visually hidden until focused
    if (rect.width >= 23.9 && rect.height >= 23.9) continue;
    if ((style.display === 'inline') !== inline) continue;
    found.push({tag: el.tagName.toLowerCase(), cls: String(el.className).slice(0, 80),
                text: words(el.textContent || el.value || el.getAttribute('aria-label')).slice(0, 60),
                size: `${rect.width.toFixed(1)}x${rect.height.toFixed(1)}`, display: style.display});
  }
  return found;
}
"""


def small_targets(page: Page) -> list[str]:
    """Controls that are not inline and are smaller than 24x24 CSS px."""
    return [f"target smaller than 24x24 CSS px: <{p['tag']} class='{p['cls']}'> {p['text']!r} is {p['size']} "
            f"(display {p['display']})" for p in page.evaluate(TARGETS_JS, False)]





FOCUS_JS = """
(target) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {visible: false, what: 'body', tag: 'BODY', isTarget: false};
  const seen = (color) => !!color && color !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(color);
  const shows = (style) =>
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && seen(style.outlineColor))
      || (style.boxShadow && style.boxShadow !== 'none' && seen(style.boxShadow.match(/rgba?\\([^)]*\\)/)?.[0]))
      || style.backgroundColor === 'YELLOW';
  const styles = [getComputedStyle(el), ...[...el.querySelectorAll('*')].slice(0, 5).map((c) => getComputedStyle(c))];
  if (el.matches('.govuk-radios__input, .govuk-checkboxes__input') && el.labels && el.labels[0]) {
    styles.push(getComputedStyle(el.labels[0], '::before'));
  }
  const describe = `<${el.tagName.toLowerCase()}${el.id ? ' id=' + el.id : ''} `
    + `class='${String(el.className).slice(0, 60)}'> `
    + JSON.stringify((el.textContent || el.value || el.name || '').replace(/\\s+/g, ' ').trim().slice(0, 60));
  return {visible: styles.some(shows), what: describe, tag: el.tagName,
          inSummary: !!el.closest('.govuk-error-summary'), id: el.id, isTarget: !!target && el === target};
}
""".replace("YELLOW", YELLOW)


def focus(page: Page, target: Locator | None = None) -> dict:
    """The focused element: whether its focus is visible (a visible outline or box
    shadow, or GOV.UK's yellow, on it, a child, or a radio's or checkbox's drawn box),
    and whether it is `target` (one round trip)."""
    return target.evaluate(FOCUS_JS) if target is not None else page.evaluate(FOCUS_JS, None)


def horizontal_overflow(page: Page) -> dict | None:
    """None if the page fits its viewport's width; else the widths and the widest elements."""
    return page.evaluate("""() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return null;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
        .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > root.clientWidth + 0.5))
        .slice(0, 5)
        .map((el) => `<${el.tagName.toLowerCase()} class='${String(el.className).slice(0, 50)}'> `
             + `right=${el.getBoundingClientRect().right.toFixed(0)} `
             + JSON.stringify((el.textContent || '').trim().slice(0, 50)));
      return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest: wide};
    }""")

"""Accessibility, end to end: every public page and state, in English and Welsh, in every
contrast mode and text size, with JavaScript on and off; a keyboard-only journey; the
display settings and language links; the session timeout warning (WCAG 2.2.1).

The pages (`STATES`)
    Every public page and state the service has, each reached by a short recipe: the
    answers are seeded by posting the questionnaire's own forms in the browser's session
    (accessibility_support.Seeder), then the page is opened, or, for a state that follows
    an action (an error, "Start again", "Send request"), the action is done in the page
    (with JavaScript that is an htmx swap). Content pages (start, cookies, accessibility
    statement, staying safe online, guidance); system pages (404, answers expired, start
    after deleting the answers); questions (a radio question, its error, a checkbox
    question, a date question with its live deadline preview, a date with a missing
    part, check your answers); a results page for each kind of result (Victims' Right to
    Review, not eligible with a police review, appeal, Criminal Cases Review
    Commission, judicial review, meeting, Child Sexual Abuse Review Panel, complaint,
    nothing applies), each with its "Easy read" opened; every step of the four requests
    (vrr, meeting, complaint, ccrc) with errors on two of them, the representative's
    written-permission step (and its wrong-file error) and the business's step; the
    request check pages and the confirmation.

How the modes are spread over them (`plan()`: pairwise, not the full product)
    The full product (47 pages x 2 languages x 2 JS x 5 contrasts x 3 text sizes) would
    take hours. Instead every page is visited exactly twice: once with JavaScript on and
    once with it off, once in English and once in Welsh. Pages alternate between
    (JS on, English) + (JS off, Welsh) and (JS on, Welsh) + (JS off, English), so all
    four language x JS pairs occur. Within each page kind (content, system, question,
    results, request step, request end: each has at least 3 pages, so at least 6 visits)
    the visits take the contrast modes in turn (auto, standard, dark, light, yellow) and
    the text sizes in turn (standard, large, larger): every kind is seen in every mode
    and every size. As 5 and 3 are odd and the language alternates visit by visit, each
    mode and size also meets both languages and both JS states; `test_the_plan_*`
    asserts all of this. The "auto" visits also take the browser's preference in turn
    (none, dark, more contrast), which "auto" follows. Every other visit opens the
    display settings, so their form is checked too.

What each visit checks
    The heading (English, or the Welsh catalogue's text), the title, <html lang>, the
    mode's classes and stylesheet media; with JavaScript, after a swap, that focus is on
    the error summary or the h1; axe with the WCAG 2.0-2.2 A/AA tags and its target-size
    rule (and in the high-contrast modes `color-contrast-enhanced`, 7:1) with zero
    violations allowed (without JavaScript, axe runs on a script-free copy of the page in
    a second page, under the same style policy: axe needs scripts); every visible
    control that is not inline text (buttons, inputs, summaries, radio and checkbox
    labels, links laid out as boxes such as the back link) at least 24x24 CSS px, links
    inline in the text being left to axe's target-size rule with WCAG 2.5.8's inline and
    spacing exceptions; at 320 CSS px wide no horizontal scrolling (so every page kind is
    checked at 320 px with "larger" text); a full-page screenshot in
    e2e/screenshots/accessibility/ (git-ignored), named page-lang-js-contrast-text-size
    (and one at 320 px, "-320px", where a page scrolls sideways). Problems are collected
    and asserted at the end of each test, so a run reports all of them.

The other tests
    Canaries (the axe options, the no-JS copy and the focus check do catch what is put
    in the page); the keyboard-only journey from the start page to a sent review request,
    JavaScript on and off (Tab, Shift+Tab, Enter, Space, typing; the arrow key only to
    pick "No" in a Yes/No radio group, a single Tab stop), with focus visible after every
    key and on the error summary or h1 after every swap; the display settings with and
    without JavaScript and the text sizes; the Welsh link in the middle of a journey; the
    session timeout warning: on a second server deleting answers after 15 seconds (the
    dialog, Continue with the keyboard, the answers kept past the first expiry, and a
    person who does nothing sent to "we deleted your answers"), and in Welsh, yellow,
    larger text on the usual server with the page's clock moved on (`page.clock`).
"""

from __future__ import annotations

import re
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.dates import format_date
from playwright.sync_api import BrowserContext, Page, expect

from questionnaire.calendar import add_working_days, today_in_england

from .accessibility_support import (
    CONTRASTS,
    HIGH_CONTRASTS,
    PREFERENCES,
    TEXT_SIZES,
    Mode,
    Seeder,
    axe_violations,
    focus,
    horizontal_overflow,
    plural_for,
    small_targets,
    static_copy,
    text_for,
    welsh,
)
from .conftest import SCREENSHOTS
from .support import INIT_SCRIPT, PAGE_CHECKS, SERVICE, new_visitor_context

SHOTS = SCREENSHOTS / "accessibility"
WIDE = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def shots() -> Path:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    return SHOTS


# -- answers --------------------------------------------------------------------------------
def days_ago(days: int) -> str:
    return (today_in_england() - timedelta(days=days)).isoformat()


def victim_cps() -> dict:
    """A victim; the CPS decided not to charge 6 days ago: the Victims' Right to Review."""
    return {"role": "victim", "decision_by": "cps", "decision_type": "no_charge", "decision_date": days_ago(6),
            "victim_withdrew_support": False, "decision_maker": "area", "awaiting_material": False,
            "offence": ["other"], "summary_only": False, "vrr_stage": "not_requested"}


def scenarios() -> dict[str, dict]:
    """Answers giving each kind of result (checked by each results state's marker)."""
    return {
        "vrr": victim_cps(),
        "police": {"role": "victim", "decision_by": "police", "decision_date": days_ago(10)},
        "appeal": {"role": "convicted_person", "conviction_place": "england_wales", "court": "crown",
                   "challenge": "conviction", "appeal_status": "none", "conviction_date": days_ago(5),
                   "previous_ccrc_application": False, "post_office_horizon": False},
        "ccrc": {"role": "convicted_representative", "conviction_place": "england_wales", "court": "magistrates",
                 "challenge": "both", "plea": "guilty", "appeal_status": "none", "sentence_date": days_ago(13),
                 "previous_ccrc_application": True, "new_information": True, "post_office_horizon": False},
        "judicial-review": {"role": "bereaved_relative", "decision_by": "cps", "decision_type": "no_charge",
                            "decision_date": days_ago(120), "communicated_date": days_ago(120),
                            "told_of_right_to_review": True, "victim_withdrew_support": False,
                            "decision_maker": "area", "awaiting_material": False, "offence": ["other"],
                            "summary_only": False, "vrr_stage": "completed", "request_date": days_ago(110),
                            "final_decision_date": days_ago(30)},
        "meeting": {"role": "bereaved_relative", "decision_by": "cps", "decision_type": "stopped",
                    "decision_date": days_ago(3), "victim_withdrew_support": False, "decision_maker": "area",
                    "awaiting_material": False, "offence": ["death"], "summary_only": False,
                    "vrr_stage": "not_requested"},
        "csa-review-panel": {"role": "parent_or_guardian", "decision_by": "police", "decision_date": "2012-01-10",
                             "offence": ["sexual"], "victim_under_18": True},
        "complaint": {"role": "victim", "decision_by": "cps", "decision_type": "partial",
                      "decision_date": days_ago(5)},
        # A police decision from before their review scheme began: nothing applies.
        "nothing": {"role": "victim", "decision_by": "police", "decision_date": "2014-01-10", "offence": ["other"]},
        "representative": {**victim_cps(), "role": "representative", "has_written_authority": True},
        "business": {**victim_cps(), "role": "business", "business_contact_named": True},
    }


CONTACT = [("preferred", "email"), ("email", "sam@example.com"), ("safe", "email")]
SUPPORT = [("language", "en")]
STEP_ANSWERS = {
    "vrr": {"your-details": [("full_name", "Sam Example")], "contact": CONTACT, "support": SUPPORT,
            "case": [("wrote", "london_north"), ("urn", "01AB2345626")]},
    "meeting": {"your-details": [("full_name", "Jo Example"), ("victim_name", "Sam Example"),
                                 ("relationship", "Sister")], "contact": CONTACT, "support": SUPPORT,
                "meeting": [("wrote", "wessex"), ("meeting_format", "video")]},
}


# -- the pages --------------------------------------------------------------------------------
@dataclass(frozen=True)
class State:
    id: str
    kind: str  # content | system | question | results | request-step | request-end
    heading: str  # the English h1
    path: str  # where the page is (path and query)
    title: str | None = None  # the page's own title, when it is not its heading
    error: bool = False
    swap: bool = False  # reached by a click in the page's content: an htmx swap with JavaScript
    marker: str | None = None  # a selector that only this state has


def _steps(kind: str, steps: list[tuple[str, str]], marker: dict[str, str] | None = None) -> list[State]:
    return [State(f"{kind}-{slug}", "request-step", heading, f"/requests/{kind}/{slug}",
                  marker=(marker or {}).get(slug)) for slug, heading in steps]


_COMMON_STEPS = [("your-details", "Your details"), ("contact", "How to contact you"),
                 ("support", "Language and support")]
RESULTS = "Your options"
STATES: tuple[State, ...] = (
    State("start", "content", SERVICE, "/"),
    State("cookies", "content", "Cookies", "/cookies"),
    State("accessibility", "content", "Accessibility statement for %(service)s", "/accessibility",
          title="Accessibility statement"),
    State("staying-safe-online", "content", "Staying safe online", "/staying-safe-online"),
    State("guidance", "content", "Victims' Right to Review guidance", "/guidance/victims-right-to-review"),
    State("not-found", "system", "Page not found", "/no-such-page"),
    State("expired", "system", "We deleted your answers", "/session/expired"),
    State("start-again", "system", "Are you sure you want to delete your answers?",
          "/start-again?back=/questions/decision-by", swap=True, marker=".govuk-button--warning"),
    State("start-after-deleting", "system", SERVICE, "/?deleted=1", swap=True,
          marker=".govuk-notification-banner--success"),
    State("question-role", "question", "Which of these best describes you?", "/questions/role"),
    State("question-role-error", "question", "Which of these best describes you?", "/questions/role",
          error=True, swap=True),
    State("question-offence", "question", "What was the crime about?", "/questions/offence",
          marker=".govuk-checkboxes"),
    State("question-decision-date-preview", "question", "What date is on the decision letter?",
          "/questions/decision-date", marker="#deadline-preview"),
    State("question-date-error", "question", "What was the date of the conviction?", "/questions/conviction-date",
          error=True, swap=True, marker="#conviction_date-month.govuk-input--error"),
    State("check-answers", "question", "Check your answers", "/check-your-answers",
          marker=".govuk-summary-list"),
    *(State(f"results-{name}", "results", RESULTS, "/results", marker=marker) for name, marker in (
        ("vrr", "#route-vrr form"),
        ("police", "#route-police-review"),
        ("appeal", "#route-appeal"),
        ("ccrc", "#route-ccrc form"),
        ("judicial-review", "#route-judicial-review"),
        ("meeting", "#route-meeting form"),
        ("csa-review-panel", "#route-csa-review-panel"),
        ("complaint", "#route-complaint form"),
        ("nothing", "#route-vrr"),  # and no other route: checked in results()
    )),
    *_steps("vrr", [*_COMMON_STEPS, ("case", "About the case")]),
    State("vrr-your-details-error", "request-step", "Your details", "/requests/vrr/your-details",
          error=True, swap=True),
    *_steps("meeting", [*_COMMON_STEPS, ("meeting", "About the meeting")]),
    *_steps("complaint", [*_COMMON_STEPS, ("complaint", "Your complaint")]),
    State("complaint-complaint-error", "request-step", "Your complaint", "/requests/complaint/complaint",
          error=True, swap=True),
    *_steps("ccrc", [*_COMMON_STEPS, ("application", "About the conviction")],
            marker={"your-details": "#convicted_name"}),
    State("vrr-authority", "request-step", "Permission to act for the victim", "/requests/vrr/authority",
          marker="input[type=file]"),
    State("vrr-authority-error", "request-step", "Permission to act for the victim", "/requests/vrr/authority",
          error=True, swap=True, marker="#authority_file-error"),
    State("vrr-business", "request-step", "About the business", "/requests/vrr/business"),
    State("vrr-check", "request-end", "Check your request before sending it", "/requests/vrr/check"),
    State("meeting-check", "request-end", "Check your request before sending it", "/requests/meeting/check"),
    State("request-sent", "request-end", "Review request sent", "/requests/sent", swap=True, marker=".govuk-panel"),
)
STATES_BY_ID = {s.id: s for s in STATES}
KINDS = ("content", "system", "question", "results", "request-step", "request-end")


@dataclass(frozen=True)
class Visit:
    state: State
    mode: Mode
    open_settings: bool


def plan() -> dict[tuple[str, bool], Visit]:
    """(state id, JavaScript on) -> the visit: see the module's docstring."""
    visits: dict[tuple[str, bool], Visit] = {}
    per_kind: Counter = Counter()
    autos = 0
    for index, state in enumerate(STATES):
        languages = ("en", "cy") if index % 2 == 0 else ("cy", "en")
        for js, lang in zip((True, False), languages, strict=True):
            n = per_kind[state.kind]
            per_kind[state.kind] += 1
            contrast = CONTRASTS[n % len(CONTRASTS)]
            prefers = "none"
            if contrast == "auto":
                prefers = PREFERENCES[autos % len(PREFERENCES)]
                autos += 1
            mode = Mode(lang, js, contrast, TEXT_SIZES[n % len(TEXT_SIZES)], prefers)
            visits[(state.id, js)] = Visit(state, mode, open_settings=n % 2 == 1)
    return visits


PLAN = plan()


def test_the_plan_covers_every_page_in_both_languages_and_both_js_states():
    for state in STATES:
        modes = [PLAN[(state.id, js)].mode for js in (True, False)]
        assert {m.lang for m in modes} == {"en", "cy"}, state.id
        assert {m.js for m in modes} == {True, False}, state.id
    assert {(v.mode.lang, v.mode.js) for v in PLAN.values()} == {(lang, js) for lang in ("en", "cy")
                                                                   for js in (True, False)}


def test_the_plan_uses_every_mode_and_size_on_every_page_kind_in_both_languages_and_js_states():
    assert set(KINDS) == {s.kind for s in STATES}
    for kind in KINDS:
        modes = [v.mode for v in PLAN.values() if v.state.kind == kind]
        assert {m.contrast for m in modes} == set(CONTRASTS), kind
        assert {m.text_size for m in modes} == set(TEXT_SIZES), kind
    modes = [v.mode for v in PLAN.values()]
    for attribute, values in (("contrast", CONTRASTS), ("text_size", TEXT_SIZES)):
        for lang in ("en", "cy"):
            assert {getattr(m, attribute) for m in modes if m.lang == lang} == set(values), (attribute, lang)
        for js in (True, False):
            assert {getattr(m, attribute) for m in modes if m.js == js} == set(values), (attribute, js)
    assert {m.prefers for m in modes if m.contrast == "auto"} == set(PREFERENCES)
    assert all(m.prefers == "none" for m in modes if m.contrast != "auto")
    assert {m.contrast for m in modes if m.high_contrast} >= set(HIGH_CONTRASTS)


def screenshot(page: Page, path: Path) -> None:
    """The whole page; the first 4000 px of a very long one (the guidance)."""
    height = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": 4000} if height > 4000 else None
    page.screenshot(path=str(path), full_page=True, clip=clip)


# -- visiting ------------------------------------------------------------------------------------
def main_button(page: Page):
    """The page's own submit button (Continue, Send request...): not the display settings'
    Save, nor "Start again"."""
    return page.locator("#main-content form:not(.app-start-again) button.govuk-button").first


@dataclass
class Run:
    """One browser context (JavaScript on or off) going through one chain of recipes."""

    context: BrowserContext
    page: Page
    axe_page: Page | None  # JavaScript on: where axe checks the pages of a visitor without it
    js: bool
    base_url: str
    shots: Path
    seed: Seeder
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(path)

    def click(self, locator) -> None:
        """Click something in the content: an htmx swap with JavaScript, else a page load."""
        if self.js:
            settled = self.page.evaluate("window.__e2e.settled")
            locator.click()
            self.page.wait_for_function("n => window.__e2e.settled > n && !document.querySelector('.htmx-request')",
                                        arg=settled)
        else:
            with self.page.expect_navigation():
                locator.click()

    def visit(self, state_id: str, reach: Callable[[], None]) -> None:
        visit = PLAN[(state_id, self.js)]
        state, mode = visit.state, visit.mode
        page = self.page
        where = f"{state.id} [{mode.slug}]"
        mode.apply(self.context, page, self.base_url, *([self.axe_page] if self.axe_page else []))
        page.set_viewport_size(WIDE)
        reach()
        self.visited.append(state.id)
        problems: list[str] = []

        # Where we are: a wrong page stops the chain (what follows would mean nothing).
        path = page.url.removeprefix(self.base_url).split("#")[0]
        assert path == state.path, f"{where}: expected {state.path}, at {path}"
        if state.marker:
            expect(page.locator(state.marker).first, f"{where}: {state.marker}").to_be_attached()
        english = state.heading % {"service": SERVICE} if "%(" in state.heading else state.heading
        expected = text_for(mode.lang, state.heading, **({"service": text_for(mode.lang, SERVICE)}
                                                         if "%(" in state.heading else {}))
        expect(page.locator("h1"), where).to_have_text(expected)
        if mode.lang == "cy" and expected == english:
            problems.append(f"the heading is not translated into Welsh: {english!r}")
        if state.error:
            expect(page.locator(".govuk-error-summary"), where).to_be_visible()

        title = text_for(mode.lang, state.title or english)
        service = text_for(mode.lang, SERVICE)
        want = ("{} ".format(text_for(mode.lang, "Error:")) if state.error else "") + \
               ("" if title == service else f"{title} – ") + f"{service} – GOV.UK"
        if page.title() != want:
            problems.append(f"title {page.title()!r}, expected {want!r}")
        root = page.evaluate("""() => ({lang: document.documentElement.lang, cls: document.documentElement.className,
            media: document.getElementById('high-contrast-css')?.media,
            chosen: [...document.querySelectorAll('#display-settings input:checked')].map((i) => i.value)})""")
        if root["chosen"] != [mode.contrast, mode.text_size]:
            problems.append(f"the display settings show {root['chosen']} chosen, not {[mode.contrast, mode.text_size]}")
        if root["lang"] != mode.lang:
            problems.append(f"<html lang={root['lang']!r}>, expected {mode.lang!r}")
        for name in (f"app-contrast-{mode.contrast}", f"app-text-{mode.text_size}"):
            if name not in root["cls"].split():
                problems.append(f"<html class={root['cls']!r}> has no {name}")
        wanted_media = {"auto": "(prefers-contrast: more)", "standard": "not all"}
        if root["media"] != wanted_media.get(mode.contrast, "all"):
            problems.append(f"#high-contrast-css media={root['media']!r} in contrast {mode.contrast}")
        if self.js and state.swap:
            focused = focus(page)
            if state.error and not focused["inSummary"]:
                problems.append(f"after the swap focus should be on the error summary, is on {focused['what']}")
            banner = state.marker == ".govuk-notification-banner--success"
            if banner and not page.evaluate(
                    "!!document.activeElement.closest('.govuk-notification-banner--success')"):
                problems.append(f"after the swap focus should be on the success banner, is on {focused['what']}")
            if not state.error and not banner and focused["tag"] != "H1":
                problems.append(f"after the swap focus should be on the h1, is on {focused['what']}")

        # Open what is closed, so axe and the screenshot see it.
        if state.kind == "results":
            page.locator("#easy-read summary").click()
            expect(page.locator("#easy-read")).to_have_attribute("open", "")
        if visit.open_settings:
            page.locator("#display-settings summary").click()
            expect(page.locator("#display-settings")).to_have_attribute("open", "")
        if state.kind == "results" or visit.open_settings:
            page.evaluate("document.activeElement.blur()")  # the screenshot without the click's focus

        problems += axe_violations(page if self.js else static_copy(page, self.axe_page), mode)
        problems += small_targets(page)
        screenshot(page, self.shots / f"{state.id}-{mode.slug}.png")
        page.set_viewport_size(NARROW)
        overflow = horizontal_overflow(page)
        if overflow:
            problems.append(f"horizontal scrolling at 320 px (text {mode.text_size}): {overflow}")
            screenshot(page, self.shots / f"{state.id}-{mode.slug}-320px.png")
        self.problems += [f"{where} {state.path}: {p}" for p in problems]


# -- the recipes ------------------------------------------------------------------------------------
def content_pages(run: Run) -> None:
    for state_id in ("start", "cookies", "accessibility", "staying-safe-online", "guidance", "not-found", "expired"):
        run.visit(state_id, lambda state_id=state_id: run.goto(STATES_BY_ID[state_id].path))

    def start_again() -> None:
        run.seed.answer({"role": "victim"}, stop_at="decision_by")
        run.goto("/questions/decision-by")
        run.click(run.page.locator(".app-start-again a"))

    run.visit("start-again", start_again)
    # Loaded again (in this state's own mode), then "Yes, delete my answers".
    run.visit("start-after-deleting", lambda: (run.goto(STATES_BY_ID["start-again"].path),
                                               run.click(main_button(run.page))))


def questions(run: Run) -> None:
    seed, page = run.seed, run.page
    run.visit("question-role", lambda: run.goto("/questions/role"))
    run.visit("question-role-error", lambda: (run.goto("/questions/role"), run.click(main_button(page))))

    seed.answer(victim_cps(), stop_at="offence")
    run.visit("question-offence", lambda: run.goto("/questions/offence"))

    def decision_date() -> None:
        seed.delete_answers()
        seed.answer(victim_cps(), stop_at="decision_date")
        run.goto("/questions/decision-date")
        decided = today_in_england() - timedelta(days=6)
        for part, value in (("day", decided.day), ("month", decided.month), ("year", decided.year)):
            page.locator(f"#decision_date-{part}").fill(str(value))
        if run.js:  # the live preview, as the date is typed
            expect(page.locator("#deadline-preview")).not_to_be_empty()

    run.visit("question-decision-date-preview", decision_date)

    def date_error() -> None:
        seed.delete_answers()
        seed.answer(scenarios()["appeal"], stop_at="conviction_date")
        run.goto("/questions/conviction-date")
        page.locator("#conviction_date-day").fill("3")
        page.locator("#conviction_date-year").fill(str(today_in_england().year))
        run.click(main_button(page))

    run.visit("question-date-error", date_error)
    seed.delete_answers()
    seed.answer(victim_cps())
    run.visit("check-answers", lambda: run.goto("/check-your-answers"))


def results(run: Run) -> None:
    answers = scenarios()
    for name in ("vrr", "police", "appeal", "ccrc", "judicial-review", "meeting", "csa-review-panel", "complaint",
                 "nothing"):
        run.seed.delete_answers()
        run.seed.answer(answers[name])
        run.visit(f"results-{name}", lambda: run.goto("/results"))
        if name == "nothing":
            # Only why the VRR does not apply, and "other help".
            expect(run.page.locator(".app-route")).to_have_count(1)
            expect(run.page.locator("#route-vrr form")).to_have_count(0)


def vrr_request(run: Run) -> None:
    seed, page = run.seed, run.page
    seed.answer(victim_cps())
    seed.start_request("vrr")
    run.visit("vrr-your-details", lambda: run.goto("/requests/vrr/your-details"))
    run.visit("vrr-your-details-error", lambda: (run.goto("/requests/vrr/your-details"),
                                                 run.click(main_button(page))))
    seed.fill_steps("vrr", STEP_ANSWERS["vrr"])
    for slug in ("contact", "support", "case"):
        run.visit(f"vrr-{slug}", lambda slug=slug: run.goto(f"/requests/vrr/{slug}"))
    run.visit("vrr-check", lambda: run.goto("/requests/vrr/check"))
    run.visit("request-sent", lambda: (run.goto("/requests/vrr/check"), run.click(main_button(page))))


def meeting_and_complaint(run: Run) -> None:
    seed, page = run.seed, run.page
    answers = scenarios()
    seed.answer(answers["meeting"])
    seed.start_request("meeting")
    for slug in ("your-details", "contact", "support", "meeting"):
        run.visit(f"meeting-{slug}", lambda slug=slug: run.goto(f"/requests/meeting/{slug}"))
    seed.fill_steps("meeting", STEP_ANSWERS["meeting"])
    run.visit("meeting-check", lambda: run.goto("/requests/meeting/check"))

    seed.delete_answers()
    seed.answer(answers["complaint"])
    seed.start_request("complaint")
    for slug in ("your-details", "contact", "support", "complaint"):
        run.visit(f"complaint-{slug}", lambda slug=slug: run.goto(f"/requests/complaint/{slug}"))
    run.visit("complaint-complaint-error", lambda: (run.goto("/requests/complaint/complaint"),
                                                    run.click(main_button(page))))


def other_roles(run: Run) -> None:
    seed, page = run.seed, run.page
    answers = scenarios()
    seed.answer(answers["ccrc"])
    seed.start_request("ccrc")
    for slug in ("your-details", "contact", "support", "application"):
        run.visit(f"ccrc-{slug}", lambda slug=slug: run.goto(f"/requests/ccrc/{slug}"))

    seed.delete_answers()
    seed.answer(answers["representative"])
    assert seed.start_request("vrr") == "/requests/vrr/your-details"
    run.visit("vrr-authority", lambda: run.goto("/requests/vrr/authority"))

    def wrong_file() -> None:
        run.goto("/requests/vrr/authority")
        page.locator("input[name=authority][value=now]").check()
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "permission.txt", "mimeType": "text/plain", "buffer": b"I give permission."}])
        run.click(main_button(page))

    run.visit("vrr-authority-error", wrong_file)

    seed.delete_answers()
    seed.answer(answers["business"])
    seed.start_request("vrr")
    run.visit("vrr-business", lambda: run.goto("/requests/vrr/business"))


CHAINS: dict[str, tuple[Callable[[Run], None], tuple[str, ...]]] = {
    "content": (content_pages, ("start", "cookies", "accessibility", "staying-safe-online", "guidance",
                                "not-found", "expired", "start-again", "start-after-deleting")),
    "questions": (questions, ("question-role", "question-role-error", "question-offence",
                              "question-decision-date-preview", "question-date-error", "check-answers")),
    "results": (results, tuple(s.id for s in STATES if s.kind == "results")),
    "vrr-request": (vrr_request, ("vrr-your-details", "vrr-your-details-error", "vrr-contact", "vrr-support",
                                  "vrr-case", "vrr-check", "request-sent")),
    "meeting-and-complaint": (meeting_and_complaint, (
        "meeting-your-details", "meeting-contact", "meeting-support", "meeting-meeting", "meeting-check",
        "complaint-your-details", "complaint-contact", "complaint-support", "complaint-complaint",
        "complaint-complaint-error")),
    "ccrc-representative-business": (other_roles, ("ccrc-your-details", "ccrc-contact", "ccrc-support",
                                                   "ccrc-application", "vrr-authority", "vrr-authority-error",
                                                   "vrr-business")),
}


def test_every_state_is_in_exactly_one_chain():
    listed = [state_id for _, states in CHAINS.values() for state_id in states]
    assert sorted(listed) == sorted(STATES_BY_ID), set(listed) ^ set(STATES_BY_ID)


@pytest.mark.skipif(not PAGE_CHECKS, reason="axe on every page in every display mode: the same HTML on either "
                    "database, checked on make test's other pass (e2e/support.py E2E_RENDERING_CHECKS)")
@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("chain", list(CHAINS))
def test_pages(new_context, base_url, shots, chain, js):
    context = new_visitor_context(new_context, js)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror on {page.url}: {error}"))
    axe_page = None if js else new_context(viewport=WIDE).new_page()
    run = Run(context, page, axe_page, js, base_url, shots, Seeder(context))
    recipe, states = CHAINS[chain]
    recipe(run)
    assert tuple(run.visited) == states, f"{chain}: visited {run.visited}, expected {states}"
    assert not run.problems + errors, f"{chain} ({'JS' if js else 'no JS'}): " \
        f"{len(run.problems + errors)} problem(s):\n" + "\n".join(run.problems + errors)


# -- the checks themselves can fail ------------------------------------------------------------------
def test_axe_and_focus_checks_catch_what_they_are_for(new_context, base_url):
    """Canaries: the axe options and the focus check report a problem put in the page."""
    context = new_visitor_context(new_context, True)
    page = context.new_page()
    standard = Mode("en", True, "standard", "standard")
    standard.apply(context, page, base_url)
    page.goto("/cookies")
    # Styles through the CSSOM: the page's CSP refuses inline style attributes.
    page.evaluate("""() => {
      const main = document.getElementById('main-content');
      const add = (html, css) => { main.insertAdjacentHTML('beforeend', html);
                                   Object.assign(main.lastElementChild.style, css); };
      add('<p>Grey text</p>', {color: '#999', background: '#fff'});
      for (const text of ['x', 'y']) add(`<button>${text}</button>`, {width: '10px', height: '10px', padding: '0',
                                                                      border: '0', minWidth: '0'});
    }""")
    found = " ".join(axe_violations(page, standard))
    assert "axe color-contrast " in found and "axe target-size " in found, found
    assert "color-contrast-enhanced" not in found, "7:1 is only asked of the high-contrast modes"

    yellow = Mode("en", True, "yellow", "standard")
    yellow.apply(context, page, base_url)
    page.goto("/cookies")
    page.evaluate("""() => { const main = document.getElementById('main-content');
        main.insertAdjacentHTML('beforeend', '<p>5:1 only</p>');
        main.lastElementChild.style.setProperty('color', '#777', 'important'); }""")
    found = " ".join(axe_violations(page, yellow))
    assert "axe color-contrast-enhanced " in found, found

    page.evaluate("""() => { const main = document.getElementById('main-content');
        main.insertAdjacentHTML('beforeend', '<a href="#" id="plain">plain</a>');
        for (const [name, value] of [['outline', 'none'], ['box-shadow', 'none'], ['background', 'none']]) {
          main.lastElementChild.style.setProperty(name, value, 'important'); } }""")
    page.locator("#plain").focus()
    assert focus(page)["visible"] is False
    page.locator("#main-content .govuk-link").first.focus()
    assert focus(page)["visible"] is True

    # Without JavaScript, axe runs on a script-free copy: styled like the original.
    nojs = new_visitor_context(new_context, False)
    original = nojs.new_page()
    copy = new_context().new_page()
    yellow.apply(nojs, original, base_url, copy)
    original.goto("/cookies")
    original.evaluate("""() => document.getElementById('main-content')
        .insertAdjacentHTML('beforeend', '<p id="added">Added</p>')""")
    static_copy(original, copy)
    assert copy.url == original.url and copy.locator("script").count() == 0
    assert copy.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert copy.evaluate("getComputedStyle(document.getElementById('added')).color") == "rgb(255, 255, 0)"
    assert not axe_violations(copy, yellow)
    copy.evaluate("document.getElementById('added').style.setProperty('color', '#777', 'important')")
    found = " ".join(axe_violations(copy, yellow))
    assert "axe color-contrast-enhanced " in found, found


# -- keyboard only ------------------------------------------------------------------------------------
@dataclass
class KeyboardUser:
    """Tab, Shift+Tab, Enter and Space (and typing into fields), checking that focus is
    visible after every key that moves it, and where it lands after every htmx swap."""

    page: Page
    js: bool
    problems: list[str] = field(default_factory=list)
    tabs: int = 0

    def _check_visible(self, target=None) -> dict:
        focused = focus(self.page, target)
        if not focused["visible"]:
            self.problems.append(f"focus not visible on {focused['what']} at {self.page.url}")
        return focused

    def tab_to(self, target, *, limit: int = 45) -> None:
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            self.tabs += 1
            if self._check_visible(target)["isTarget"]:
                return
        raise AssertionError(f"{limit} Tabs did not reach {target} on {self.page.url} "
                             f"(focus on {focus(self.page)['what']})")

    def skip_to_main(self) -> None:
        """After a page load: the first Tab is the skip link; Enter moves on to the content."""
        self.tab_to(self.page.locator(".govuk-skip-link"), limit=1)
        self.page.keyboard.press("Enter")
        expect(self.page).to_have_url(re.compile(r"#main-content$"))

    def shift_tab(self, target) -> None:
        self.page.keyboard.press("Shift+Tab")
        self._check_visible()
        assert target.evaluate("el => el === document.activeElement"), \
            f"Shift+Tab did not reach {target} on {self.page.url} (focus on {focus(self.page)['what']})"

    def space(self, target) -> None:
        self.page.keyboard.press("Space")
        expect(target).to_be_checked()

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def enter(self, path: str, heading: str, *, error: bool = False) -> None:
        """Enter on a link or button that goes to the next page: a swap (JS) or a load."""
        page = self.page
        if self.js:
            settled = page.evaluate("window.__e2e.settled")
            page.keyboard.press("Enter")
            page.wait_for_function("n => window.__e2e.settled > n && !document.querySelector('.htmx-request')",
                                   arg=settled)
        else:
            with page.expect_navigation():
                page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text(heading)
        expect(page).to_have_url(re.compile(re.escape(path) + r"$"))
        if not self.js:
            self.skip_to_main()
        else:
            focused = focus(page)
            if error and not focused["inSummary"]:
                self.problems.append(f"{path}: after the swap focus is on {focused['what']}, not the error summary")
            if not error and focused["tag"] != "H1":
                self.problems.append(f"{path}: after the swap focus is on {focused['what']}, not the h1")

    def choose_first(self, name: str, value: str) -> None:
        """Tab into a radio group with nothing chosen (its first radio), then Space."""
        radio = self.page.locator(f"input[name={name}][value={value}]")
        self.tab_to(radio)
        self.space(radio)

    def choose_second(self, name: str, first: str, second: str) -> None:
        """Yes/No: Tab into the group (its first radio), then the arrow key, which moves to
        and selects the next radio (the one case where Tab and Space cannot: a radio
        group is a single Tab stop, and Chromium enters it at the first radio either way)."""
        self.tab_to(self.page.locator(f"input[name={name}][value={first}]"))
        self.page.keyboard.press("ArrowDown")
        target = self.page.locator(f"input[name={name}][value={second}]")
        expect(target).to_be_focused()
        expect(target).to_be_checked()
        self._check_visible()

    def check_last_box(self, name: str, value: str) -> None:
        """Tab past the checkboxes to Continue, then Shift+Tab back to the last one; Space."""
        self.tab_to(main_button(self.page))
        last = self.page.locator(f"input[name={name}][value={value}]")
        self.shift_tab(last)
        self.space(last)

    def go_on(self, path: str, heading: str) -> None:
        self.tab_to(main_button(self.page))
        self.enter(path, heading)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_keyboard_only_from_the_start_to_a_sent_review_request(new_context, js):
    context = new_visitor_context(new_context, js)
    page = context.new_page()
    k = KeyboardUser(page, js)
    page.goto("/")
    k.skip_to_main()

    k.tab_to(page.locator("#main-content form button.govuk-button"))  # Start now
    k.enter("/questions/role", "Which of these best describes you?")
    k.tab_to(main_button(page))
    k.enter("/questions/role", "Which of these best describes you?", error=True)
    victim = page.locator("input[name=role][value=victim]")
    if js:
        # The error summary's link takes focus to the first radio (GOV.UK's component).
        k.tab_to(page.locator(".govuk-error-summary a").first, limit=1)
        page.keyboard.press("Enter")
        expect(victim).to_be_focused()
        k.space(victim)
    else:
        k.choose_first("role", "victim")
    k.go_on("/questions/decision-by", "Who made the decision?")
    k.choose_first("decision_by", "cps")
    k.go_on("/questions/decision-type", "What did the decision do?")
    k.choose_first("decision_type", "no_charge")
    k.go_on("/questions/decision-date", "What date is on the decision letter?")

    decided = today_in_england() - timedelta(days=6)
    k.tab_to(page.locator("#decision_date-day"))
    k.type(str(decided.day))
    for part, value in (("month", decided.month), ("year", decided.year)):
        k.tab_to(page.locator(f"#decision_date-{part}"), limit=1)
        k.type(str(value))
    if js:  # the live preview is announced as it comes (aria-live), before Continue
        expect(page.locator("#deadline-preview")).to_contain_text("Ask for a review by")
    k.go_on("/questions/victim-withdrew-support", "Did you ask for the case to stop, or stop supporting it?")
    k.choose_second("victim_withdrew_support", "yes", "no")
    k.go_on("/questions/decision-maker", "Who in the CPS made the decision?")
    k.choose_first("decision_maker", "area")
    k.go_on("/questions/awaiting-material",
            "Did the letter say the CPS was still waiting for information from the police?")
    k.choose_second("awaiting_material", "yes", "no")
    k.go_on("/questions/offence", "What was the crime about?")
    k.check_last_box("offence", "other")
    k.go_on("/questions/summary-only", "Was it a minor offence that can only be tried in a magistrates' court?")
    k.choose_second("summary_only", "yes", "no")
    k.go_on("/questions/vrr-stage", "Have you already asked for this decision to be reviewed?")
    k.choose_first("vrr_stage", "not_requested")
    k.go_on("/check-your-answers", "Check your answers")

    k.tab_to(page.locator("#main-content a.govuk-button:not(.govuk-button--secondary)"))  # See your options
    k.enter("/results", "Your options")
    k.tab_to(page.locator("#route-vrr form button"), limit=80)  # Ask for a review
    k.enter("/requests/vrr/your-details", "Your details")
    k.tab_to(page.locator("#full_name"))
    k.type("Alex Example")
    k.go_on("/requests/vrr/contact", "How to contact you")
    k.choose_first("preferred", "email")
    k.tab_to(page.locator("#email"))
    k.type("alex@example.com")
    safe = page.locator("input[name=safe][value=email]")
    k.tab_to(safe)
    k.space(safe)
    k.go_on("/requests/vrr/support", "Language and support")
    k.choose_first("language", "en")
    k.go_on("/requests/vrr/case", "About the case")
    office = page.locator("#wrote")
    k.tab_to(office)
    k.type("CPS London North")  # a closed <select> picks the option typed
    expect(office).to_have_value("london_north")
    k.go_on("/requests/vrr/check", "Check your request before sending it")
    k.tab_to(main_button(page))  # Send request
    k.enter("/requests/sent", "Review request sent")
    reference = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
    expect(page.locator(".govuk-panel .app-reference")).to_have_text(reference)
    expect(page.locator("main")).to_contain_text("It went to: CPS London North.")
    assert k.tabs > 40, k.tabs  # it really was Tab all the way
    assert not k.problems, f"keyboard journey ({'JS' if js else 'no JS'}):\n" + "\n".join(k.problems)


# -- display settings -----------------------------------------------------------------------------------
def html_classes(page: Page) -> list[str]:
    return page.evaluate("document.documentElement.className").split()


def test_display_settings_without_javascript_save_and_come_back_to_the_same_place(new_context):
    context = new_visitor_context(new_context, False)
    Seeder(context).answer({"role": "victim"}, stop_at="decision_by")
    page = context.new_page()
    page.goto("/questions/decision-by")
    assert "app-contrast-auto" in html_classes(page)
    settings = page.locator("#display-settings")
    settings.locator("summary").click()
    settings.get_by_label("High contrast: yellow on black", exact=True).check()
    with page.expect_navigation():
        settings.get_by_role("button", name="Save display settings").click()
    expect(page).to_have_url(re.compile(r"/questions/decision-by#display-settings$"))
    expect(page.locator("h1")).to_have_text("Who made the decision?")
    assert {"app-contrast-yellow", "app-text-standard"} <= set(html_classes(page)), html_classes(page)
    assert page.locator("#high-contrast-css").get_attribute("media") == "all"
    expect(settings).to_have_attribute("open", "")
    expect(settings.get_by_role("status").filter(has_text="Display settings saved.")).to_be_visible()
    expect(settings.get_by_label("High contrast: yellow on black", exact=True)).to_be_checked()
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies.get("contrast") == "yellow", cookies
    # The yellow is really drawn: yellow text on black.
    colours = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('main p, main .govuk-body'));
                                       return [s.color, s.backgroundColor] }""")
    assert colours == ["rgb(255, 255, 0)", "rgb(0, 0, 0)"], colours


def test_display_settings_with_javascript_apply_at_once_and_persist(new_context):
    context = new_visitor_context(new_context, True)
    page = context.new_page()
    page.goto("/")
    # After an htmx swap, the settings form that came with the new content.
    settled = page.evaluate("window.__e2e.settled")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_function("n => window.__e2e.settled > n", arg=settled)
    expect(page.locator("h1")).to_have_text("Which of these best describes you?")
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)

    settings = page.locator("#display-settings")
    settings.locator("summary").click()
    with page.expect_response(lambda r: r.url.endswith("/display-settings") and r.request.method == "POST") as saved:
        settings.get_by_label("High contrast: white on black", exact=True).check()
    assert saved.value.status == 204
    assert {"app-contrast-dark", "app-text-standard"} <= set(html_classes(page)), html_classes(page)
    assert page.locator("#high-contrast-css").get_attribute("media") == "all"
    expect(settings.locator("[data-display-status]")).to_have_text("Display settings saved.")
    settings.get_by_label("Larger", exact=True).check()
    expect(page.locator("html")).to_have_class(re.compile(r"\bapp-text-larger\b"))
    assert not loads, f"the page was loaded again: {loads}"
    assert page.url.endswith("/questions/role")

    page.wait_for_load_state("networkidle")
    page.goto("/accessibility")
    assert {"app-contrast-dark", "app-text-larger"} <= set(html_classes(page)), html_classes(page)
    expect(page.locator("#display-settings").get_by_label("High contrast: white on black", exact=True)).to_be_checked()
    # Back to the device's own setting: the stylesheet follows the browser's preference.
    page.locator("#display-settings summary").click()
    page.locator("#display-settings").get_by_label("Use my device's setting", exact=True).check()
    assert page.locator("#high-contrast-css").get_attribute("media") == "(prefers-contrast: more)"


def test_text_sizes_make_body_text_bigger(new_context, base_url):
    sizes = {}
    for js in (True, False):
        context = new_visitor_context(new_context, js)
        page = context.new_page()
        for size in TEXT_SIZES:
            Mode("en", js, "standard", size).apply(context, page, base_url)
            page.goto("/cookies")
            sizes[(js, size)] = page.evaluate("""() => ['main p.govuk-body', 'h1', 'main a.govuk-link']
                .map((s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
    for js in (True, False):
        standard, large, larger = (sizes[(js, size)] for size in TEXT_SIZES)
        for i, what in enumerate(("body text", "h1", "links")):
            assert standard[i] < large[i] < larger[i], (what, js, sizes)
        assert larger[0] >= 1.4 * standard[0], sizes


# -- language ---------------------------------------------------------------------------------------------
def test_welsh_link_keeps_the_step_and_the_answers(new_context):
    context = new_visitor_context(new_context, True)
    seed = Seeder(context)
    answers = victim_cps()
    seed.answer(answers, stop_at="decision_maker")
    page = context.new_page()
    page.goto("/questions/decision-maker")
    english = "Who in the CPS made the decision?"
    expect(page.locator("h1")).to_have_text(english)
    assert page.locator("html").get_attribute("lang") == "en"

    with page.expect_navigation():
        page.locator(".app-language a[hreflang=cy]").click()
    expect(page).to_have_url(re.compile(r"/questions/decision-maker$"))
    assert page.locator("html").get_attribute("lang") == "cy"
    assert welsh(english) != english, "the Welsh catalogue has no text for this question"
    expect(page.locator("h1")).to_have_text(welsh(english))
    expect(page.locator(".app-language [aria-current]")).to_have_text("Cymraeg")

    # The earlier answers are still there: the Back link goes to the last one, answered.
    settled = page.evaluate("window.__e2e.settled")
    page.locator(".govuk-back-link").click()
    page.wait_for_function("n => window.__e2e.settled > n", arg=settled)
    expect(page).to_have_url(re.compile(r"/questions/victim-withdrew-support$"))
    expect(page.locator("h1")).to_have_text(welsh("Did you ask for the case to stop, or stop supporting it?"))
    expect(page.locator("input[name=victim_withdrew_support][value=no]")).to_be_checked()

    seed.answer(answers)
    page.goto("/check-your-answers")
    decided = today_in_england() - timedelta(days=6)
    rows = page.locator(".govuk-summary-list__row")
    expect(rows).to_have_count(len(answers))
    problems = []
    row = rows.filter(has=page.locator(".govuk-summary-list__key", has_text=welsh("Date of the decision letter")))
    shown = row.locator(".govuk-summary-list__value").inner_text().strip()
    if shown != format_date(decided, "d MMMM y", locale="cy"):
        problems.append(f"check your answers shows the decision date as {shown!r} in Welsh, "
                        f"expected {format_date(decided, 'd MMMM y', locale='cy')!r}")
    row = rows.filter(has=page.locator(".govuk-summary-list__key", has_text=welsh("Who is asking")))
    expect(row.locator(".govuk-summary-list__value")).to_have_text(welsh("I am the victim of the crime"))

    page.goto("/results")
    deadline = add_working_days(decided, 10)
    in_welsh = format_date(deadline, "EEEE d MMMM y", locale="cy")  # "Dydd Mawrth 1 Rhagfyr 2026"
    assert format_date(deadline, "MMMM", locale="cy") in in_welsh
    expect(page.locator("#route-vrr")).to_contain_text(in_welsh)
    expect(page.locator("h1")).to_have_text(welsh("Your options"))

    with page.expect_navigation():
        page.locator(".app-language a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/results$"))
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("h1")).to_have_text("Your options")
    expect(page.locator("#route-vrr")).to_contain_text(f"{deadline:%A} {deadline.day} {deadline:%B} {deadline.year}")
    assert not problems, "\n".join(problems)


# -- the session timeout warning (WCAG 2.2.1) ---------------------------------------------------------------
IDLE_MINUTES = 0.25  # answers kept 15 seconds
WARNING_MINUTES = 0.15  # the warning 9 seconds before: 6 seconds after the last activity


@pytest.fixture(scope="module")
def quick_timeout_server(live_server):
    """The app again, on the same database, deleting answers after 15 seconds idle."""
    from webapp import create_app
    from webapp.models import db

    from .conftest import _Served

    app = create_app({"SQLALCHEMY_DATABASE_URI": live_server.database, "EXIT_URL": live_server.exit_url,
                      "SECRET_KEY": "e2e-only-not-secret", "TESTING": False,
                      "IDLE_MINUTES": IDLE_MINUTES, "WARNING_MINUTES": WARNING_MINUTES})
    served = _Served(app)
    try:
        yield served.url
    finally:
        served.stop()
        with app.app_context():
            db.engine.dispose()


def test_timeout_warning_is_announced_and_gives_more_time(browser, quick_timeout_server, shots):
    contexts = []
    for _ in range(2):
        context = browser.new_context(base_url=quick_timeout_server)
        context.set_default_timeout(10_000)
        context.add_init_script(INIT_SCRIPT)
        Seeder(context).answer({"role": "victim"}, stop_at="decision_by")
        contexts.append(context)
    try:
        check_timeout_warning(*contexts, shots)
    finally:
        for context in contexts:
            context.close()


def check_warning_shown(page: Page, mode: Mode, shots: Path) -> list[str]:
    """The dialog is open, modal, has focus on its heading, is announced by its role,
    name and description; axe's violations with it open."""
    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_visible(timeout=10_000)
    assert page.evaluate("document.getElementById('timeout-warning').matches(':modal')"), "not a modal dialog"
    expect(page.locator("#timeout-heading")).to_be_focused()
    announced = page.get_by_role("alertdialog", name=text_for(mode.lang, "Do you need more time?"))
    expect(announced).to_be_visible()
    description = plural_for(
        mode.lang, "To protect your information, we will delete your answers in %(num)d minute if you do not do "
        "anything.", "To protect your information, we will delete your answers in %(num)d minutes if you do not "
        "do anything.", 2).split("%(num)d")[0]
    assert description.strip(), "no text for the dialog's description"
    expect(announced).to_have_accessible_description(re.compile("^" + re.escape(description)))
    assert page.locator("html").get_attribute("lang") == mode.lang
    violations = axe_violations(page, mode)
    page.screenshot(path=str(shots / f"timeout-warning-{mode.slug}.png"))
    return violations


def check_timeout_warning(idle: BrowserContext, person: BrowserContext, shots: Path) -> None:
    left_alone = idle.new_page()
    left_alone.goto("/questions/decision-by")
    page = person.new_page()
    page.goto("/questions/decision-by")

    dialog = page.locator("#timeout-warning")
    first_expiry = datetime.fromisoformat(dialog.get_attribute("data-expires-at"))
    assert dialog.get_attribute("data-warning-seconds") is not None
    violations = check_warning_shown(page, Mode("en", True, "auto", "standard"), shots)
    assert not violations, "\n".join(violations)

    continue_button = dialog.get_by_role("button", name="Continue with my answers")
    page.keyboard.press("Tab")
    expect(continue_button).to_be_focused()
    assert focus(page)["visible"], "focus not visible on the dialog's Continue"
    with page.expect_response(lambda r: r.url.endswith("/session/extend")) as extended:
        page.keyboard.press("Enter")
    new_expiry = datetime.fromisoformat(extended.value.json()["expires_at"])
    assert new_expiry > first_expiry, (first_expiry, new_expiry)
    expect(dialog).to_be_hidden()

    # Past the first expiry: the one who asked for more time still has their answers; the
    # one who did nothing is sent to "we deleted your answers".
    time.sleep(max(0.0, (first_expiry - datetime.now(UTC)).total_seconds()) + 1.5)
    expect(left_alone).to_have_url(re.compile(r"/session/expired$"), timeout=5_000)
    expect(left_alone.locator("h1")).to_have_text("We deleted your answers")
    assert page.url.endswith("/questions/decision-by"), page.url
    page.reload()
    expect(page).to_have_url(re.compile(r"/questions/decision-by$"))
    expect(page.locator("h1")).to_have_text("Who made the decision?")


def test_timeout_warning_in_welsh_and_high_contrast(new_context, base_url, shots):
    """The same warning in Welsh, yellow on black, larger text: on the usual server (60
    minutes), with the page's clock moved on to the warning (the server's is not)."""
    context = new_visitor_context(new_context, True)
    Seeder(context).answer({"role": "victim"}, stop_at="decision_by")
    page = context.new_page()
    mode = Mode("cy", True, "yellow", "larger")
    mode.apply(context, page, base_url)
    page.clock.install()
    page.goto("/questions/decision-by")
    dialog = page.locator("#timeout-warning")
    expires = datetime.fromisoformat(dialog.get_attribute("data-expires-at"))
    warning = timedelta(seconds=float(dialog.get_attribute("data-warning-seconds")))
    expect(dialog).to_be_hidden()
    page.clock.fast_forward(int((expires - warning - datetime.now(UTC)).total_seconds() * 1000) - 2000)
    expect(dialog).to_be_hidden()  # not before its time
    page.clock.fast_forward(4000)
    violations = check_warning_shown(page, mode, shots)
    assert not violations, "\n".join(violations)
    # Left alone to the end: "we deleted your answers".
    page.clock.fast_forward(int(warning.total_seconds() * 1000))
    expect(page).to_have_url(re.compile(r"/session/expired$"))
    expect(page.locator("h1")).to_have_text(welsh("We deleted your answers"))

"""Front-end polish from the journeys review (December 2026), in the browser: start again
asks first and then focuses the success banner; the reference keeps its groups whole at
320 px; print leaves out the settings; dark mode is not high contrast; in high contrast
the three kinds of button look different; the GOV.UK logo goes to GOV.UK."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .accessibility_support import Seeder
from .support import INIT_SCRIPT, SERVICE
from .test_accessibility import STEP_ANSWERS, victim_cps

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])


def _context(new_context, js: bool = True, **kwargs):
    context = new_context(java_script_enabled=js, **kwargs)
    context.set_default_timeout(10_000)
    context.add_init_script(INIT_SCRIPT)
    return context


def _click(page: Page, locator, js: bool) -> None:
    if js:
        before = page.evaluate("window.__e2e.settled")
        locator.click()
        page.wait_for_function("n => window.__e2e.settled > n && !document.querySelector('.htmx-request')",
                               arg=before)
    else:
        with page.expect_navigation():
            locator.click()


@JS
def test_start_again_asks_first_then_focuses_the_success_banner(new_context, js):
    context = _context(new_context, js)
    Seeder(context).answer({"role": "victim"}, stop_at="decision_by")
    page = context.new_page()
    page.goto("/questions/decision-by")
    _click(page, page.get_by_role("button", name="Start again and delete my answers"), js)
    expect(page.locator("h1")).to_have_text("Are you sure you want to delete your answers?")
    # "No" keeps them: back on the same question.
    _click(page, page.get_by_role("link", name="No, keep my answers"), js)
    expect(page.locator("h1")).to_have_text("Who made the decision?")
    _click(page, page.get_by_role("button", name="Start again and delete my answers"), js)
    _click(page, page.get_by_role("button", name="Yes, delete my answers"), js)
    expect(page).to_have_url(re.compile(r"/\?deleted=1$"))
    expect(page.locator("h1")).to_have_text(SERVICE)
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Your answers have been deleted")
    if js:  # heard first: focus on the banner, not the heading
        expect(banner).to_be_focused()
    page.goto("/questions/decision-by")
    expect(page).to_have_url(re.compile(r"/$"))  # the answers are gone
    context.close()


def test_reference_keeps_each_group_whole_at_320px(new_context):
    context = _context(new_context)
    seed = Seeder(context)
    seed.answer(victim_cps())
    seed.start_request("vrr")
    seed.fill_steps("vrr", STEP_ANSWERS["vrr"])
    page = context.new_page()
    page.goto("/requests/vrr/check")
    _click(page, page.locator("#main-content form button.govuk-button").first, True)
    expect(page.locator("h1")).to_have_text("Review request sent")
    reference = page.locator(".govuk-panel .app-reference")
    text = reference.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4})+", text), text
    for size, root in (("standard", "100%"), ("larger", "150%"), ("largest zoom", "200%")):
        page.set_viewport_size({"width": 320, "height": 640})
        page.evaluate("r => { document.documentElement.style.fontSize = r }", root)
        lines = page.evaluate("""() => [...document.querySelectorAll('.app-reference__group')]
            .map((g) => ({text: g.textContent,
                          lines: new Set([...g.getClientRects()].map((r) => Math.round(r.top))).size,
                          top: Math.round(g.getBoundingClientRect().top)}))""")
        assert "".join(g["text"] for g in lines) == text
        broken = [g for g in lines if g["lines"] != 1]
        assert not broken, f"text {size}: a group of the reference breaks inside: {broken}"
        if size == "standard":
            assert len({g["top"] for g in lines}) == 1, f"the reference wraps at 320 px, standard text: {lines}"
    context.close()


def test_print_leaves_out_the_language_links_and_display_settings(new_context):
    context = _context(new_context)
    page = context.new_page()
    page.goto("/cookies")
    page.emulate_media(media="print")
    for selector in (".app-settings", ".app-language a", "#display-settings", ".govuk-exit-this-page"):
        expect(page.locator(selector).first, selector).to_be_hidden()
    # Nor this service's own addresses after its links.
    after = page.locator("main a.govuk-link[href^='/']").first.evaluate(
        "a => getComputedStyle(a, '::after').content")
    assert after in ("none", '""', "normal"), after
    page.emulate_media(media="screen")
    expect(page.locator(".app-settings")).to_be_visible()
    context.close()


@pytest.mark.parametrize("scheme,contrast,high", [("dark", "no-preference", False), ("light", "more", True),
                                                  ("dark", "more", True)],
                         ids=["dark-mode", "more-contrast", "dark-and-more-contrast"])
def test_device_setting_gives_high_contrast_only_when_asked_for(new_context, scheme, contrast, high):
    context = _context(new_context, color_scheme=scheme, contrast=contrast)
    page = context.new_page()
    page.goto("/")
    applies = page.evaluate("matchMedia(document.getElementById('high-contrast-css').media).matches")
    assert applies is high, (scheme, contrast)
    background = page.evaluate("getComputedStyle(document.querySelector('main')).backgroundColor")
    if not high:  # GOV.UK's own look: not white on black
        assert background not in ("rgb(0, 0, 0)",), background
    elif scheme == "dark":
        assert background == "rgb(0, 0, 0)", background
    else:
        assert background == "rgb(255, 255, 255)", background
    context.close()


@pytest.mark.parametrize("contrast", ["dark", "light", "yellow"])
def test_high_contrast_buttons_look_different_from_each_other(new_context, base_url, contrast):
    context = _context(new_context)
    context.add_cookies([{"name": "contrast", "value": contrast, "url": base_url}])
    Seeder(context).answer({"role": "victim"}, stop_at="decision_by")
    page = context.new_page()
    page.goto("/questions/decision-by")
    style = """b => { const s = getComputedStyle(b);
        return [s.backgroundColor, s.color, s.borderTopStyle, s.borderTopWidth].join(' ') }"""
    looks = {
        "primary": page.get_by_role("button", name="Continue", exact=True).evaluate(style),
        "secondary": page.get_by_role("button", name="Start again and delete my answers").evaluate(style),
        "warning": page.locator(".govuk-exit-this-page__button").evaluate(style),
    }
    assert len(set(looks.values())) == 3, looks
    context.close()


def test_the_gov_uk_logo_goes_to_gov_uk(new_context):
    context = _context(new_context)
    page = context.new_page()
    page.goto("/cookies")
    assert page.locator(".govuk-header__homepage-link").get_attribute("href") == "https://www.gov.uk/"
    assert page.locator(".govuk-service-navigation__service-name a").get_attribute("href") == "/"
    context.close()

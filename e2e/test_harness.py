"""The browser harness itself: Debian's Chromium starts under Playwright and axe runs in it.

The service's own journeys are added with the web app; this proves the tools they need
work on a fresh machine (Chromium installed by `make test`, no browser download).
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

LABELLED = """<!doctype html><html lang="en"><head><title>Harness</title></head><body>
<main><h1>Harness</h1><form><label for="d">Date</label><input id="d" name="d"></form></main></body></html>"""
UNLABELLED = LABELLED.replace('<label for="d">Date</label>', "")


def test_harness_chromium_renders_and_axe_finds_a_missing_label(page):
    axe = Axe()
    page.set_content(LABELLED)
    assert page.title() == "Harness"
    assert axe.run(page).violations_count == 0
    page.set_content(UNLABELLED)
    rules = {v["id"] for v in axe.run(page).response["violations"]}
    assert "label" in rules

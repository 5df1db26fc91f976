"""The page checks themselves: each one catches the fault it is there for."""

from __future__ import annotations

import pytest
from flask import Response

from .conftest import check_fragment, check_page

NONCE = "abc123"
HEADERS = {
    "Content-Security-Policy": f"default-src 'self'; script-src 'self' 'nonce-{NONCE}'",
    "Cache-Control": "no-store",
    "Vary": "HX-Request, Cookie",
}
BODY = """
<div class="govuk-width-container"><div class="govuk-exit-this-page"><a href="/exit">Exit this page</a></div></div>
<div class="govuk-width-container" id="content">
  <main class="govuk-main-wrapper" id="main-content">
    <h1>Heading</h1>
    <form method="post" action="/x"><input type="hidden" name="csrf_token" value="t"></form>
  </main>
</div>
<script nonce="abc123" src="/static/app.js"></script>
"""
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Heading – Service – GOV.UK</title></head>
<body>{BODY}</body></html>"""
FRAGMENT = """<title>Heading – Service – GOV.UK</title>
<div class="govuk-width-container" id="content"><main class="govuk-main-wrapper" id="main-content">
<h1>Heading</h1></main></div>"""


def _response(html: str, **headers) -> Response:
    merged = {**HEADERS, **headers}
    return Response(html, mimetype="text/html", headers={k: v for k, v in merged.items() if v is not None})


def test_page_checks_accept_a_good_page_and_fragment():
    assert check_page(_response(PAGE)).select_one("h1").text == "Heading"
    assert check_fragment(_response(FRAGMENT, **{"HX-Push-Url": "/x"})).select_one("h1").text == "Heading"


@pytest.mark.parametrize(
    ("html", "headers", "complaint"),
    [
        (PAGE.replace('lang="en"', 'lang="cy"'), {}, "lang"),
        (PAGE.replace("<h1>Heading</h1>", "<h1>Heading</h1><h1>Again</h1>"), {}, "<h1>"),
        (PAGE.replace("<h1>Heading</h1>", ""), {}, "<h1>"),
        (PAGE.replace("Heading – Service – GOV.UK", ""), {}, "title"),
        (PAGE.replace("– GOV.UK</title>", "</title>"), {}, "GOV.UK"),
        (PAGE.replace("<h1>", '<div class="govuk-error-summary"></div><h1>'), {}, "error summary"),
        (PAGE.replace("<title>", "<title>Error: "), {}, "error summary"),
        (PAGE.replace('id="content"', 'id="main-content"'), {}, "duplicate ids"),
        (PAGE.replace(' action="/x"', ""), {}, "action"),
        (PAGE.replace(' method="post"', ""), {}, "method"),
        (PAGE.replace('value="t"', 'value=""'), {}, "CSRF"),
        (PAGE.replace('nonce="abc123" ', ""), {}, "nonce"),
        (PAGE.replace('nonce="abc123"', 'nonce="other"'), {}, "nonce"),
        (PAGE.replace("govuk-exit-this-page", "something-else"), {}, "Exit this page"),
        (PAGE, {"Cache-Control": "private"}, "Cache-Control"),
        (PAGE, {"Vary": "Cookie"}, "Vary"),
        (PAGE, {"Content-Security-Policy": None}, "nonce"),
        (PAGE.replace("<h1>", '<div class="govuk-error-summary"><a href="#nowhere">x</a></div><h1>')
         .replace("<title>", "<title>Error: "), {}, "error summary links"),
        (PAGE.replace("<h1>", '<label for="nowhere">x</label><h1>'), {}, "label"),
        (PAGE.replace("<h1>", '<div aria-describedby="nowhere"></div><h1>'), {}, "aria-describedby"),
    ],
    ids=["lang", "two-h1", "no-h1", "empty-title", "title-suffix", "errors-without-error-title",
         "error-title-without-errors", "duplicate-id", "no-action", "no-method", "empty-csrf", "script-no-nonce",
         "script-wrong-nonce", "no-exit", "cacheable", "no-vary", "no-csp", "summary-link-to-nowhere",
         "label-for-nowhere", "described-by-nowhere"],
)
def test_page_checks_reject_a_faulty_page(html, headers, complaint):
    with pytest.raises(AssertionError, match=complaint):
        check_page(_response(html, **headers))


@pytest.mark.parametrize(
    ("html", "headers", "complaint"),
    [
        (PAGE, {"HX-Push-Url": "/x"}, "<html>"),
        (f"<body>{FRAGMENT}</body>", {"HX-Push-Url": "/x"}, "<body>"),
        (FRAGMENT.replace("<title>Heading – Service – GOV.UK</title>", ""), {"HX-Push-Url": "/x"}, "title"),
        (FRAGMENT.replace('id="content"', 'id="other"'), {"HX-Push-Url": "/x"}, "#content"),
        (FRAGMENT, {}, "HX-Push-Url"),
        (FRAGMENT.replace("</main>", '<div class="govuk-exit-this-page"></div></main>'), {"HX-Push-Url": "/x"},
         "Exit this page"),
    ],
    ids=["whole-page", "body", "no-title", "no-content", "no-push-url", "exit-inside"],
)
def test_page_checks_reject_a_faulty_fragment(html, headers, complaint):
    with pytest.raises(AssertionError, match=complaint):
        check_fragment(_response(html, **headers))

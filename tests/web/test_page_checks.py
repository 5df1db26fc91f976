"""The page checks themselves: each one catches the fault it is there for."""

from __future__ import annotations

import re
from types import SimpleNamespace

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


# --------------------------------------------------------------------------- what people are shown

WELSH_PAGE = PAGE.replace('lang="en"', 'lang="cy"').replace("<title>Heading", "<title>Pennawd").replace(
    "<h1>Heading</h1>", "<h1>Pennawd</h1>").replace(">Exit this page<", ">Gadael y dudalen hon<")
WELSH_FRAGMENT = FRAGMENT.replace("Heading", "Pennawd")


def _welsh(response: Response) -> Response:
    """As if the test client sent it with the language cookie set to Welsh."""
    response.request = SimpleNamespace(cookies={"lang": "cy"}, method="GET")
    return response


def test_page_checks_accept_welsh_pages_and_words_that_are_not_missing_values():
    hint = '<div class="govuk-hint">None of these, or all: Nonesuch, nullify, NaNs</div>'
    check_page(_response(PAGE.replace("<h1>Heading</h1>", f"<h1>Heading</h1>{hint}")))
    # A lang="en" part of a Welsh page may be English (the English link, the CPS guidance).
    english = '<p><a href="?lang=en" lang="en" hreflang="en">English</a></p><p lang="en">Start now</p>'
    check_page(_welsh(_response(WELSH_PAGE.replace("<h1>Pennawd</h1>", f"<h1>Pennawd</h1>{english}"))))
    check_fragment(_welsh(_response(WELSH_FRAGMENT, **{"HX-Push-Url": "/x"})))


@pytest.mark.parametrize(
    ("shown", "complaint"),
    [
        ('<div class="govuk-hint">None</div>', "'None' shown"),
        ('<p class="govuk-body">Your answer: undefined</p>', "'undefined' shown"),
        ("<p>null</p>", "'null' shown"),
        ("<p>NaN days left</p>", "'NaN' shown"),
        ("<p>[object Object]</p>", "object Object"),
        ('<a href="/x" aria-label="None">x</a>', "aria-label"),
        ('<img src="/x.png" alt="undefined">', "alt"),
        ('<input type="text" name="n" placeholder="null">', "placeholder"),
        ('<span title="Go to None">x</span>', "title"),
        ('<input type="submit" value="None">', "value"),
    ],
    ids=["hint-none", "text-undefined", "text-null", "text-nan", "object", "aria-label", "alt", "placeholder",
         "title", "button-value"],
)
def test_page_checks_reject_a_missing_value_shown_to_people(shown, complaint):
    with pytest.raises(AssertionError, match=re.escape(complaint)):
        check_page(_response(PAGE.replace("<h1>Heading</h1>", f"<h1>Heading</h1>{shown}")))
    with pytest.raises(AssertionError, match=re.escape(complaint)):
        check_fragment(_response(FRAGMENT.replace("<h1>Heading</h1>", f"<h1>Heading</h1>{shown}"),
                                 **{"HX-Push-Url": "/x"}))


@pytest.mark.parametrize(
    "shown",
    [
        "<p>Start now</p>",  # a whole text node
        '<p><a href="/x">Continue</a></p>',  # a link
        "<p>Select <strong>Yes</strong></p><p>No</p>",  # one word (the untranslated option "No")
        '<button class="govuk-button" aria-label="Start now">x</button>',  # an attribute read out
        '<input type="submit" value="Continue">',  # a button's value
    ],
    ids=["text", "link", "one-word", "aria-label", "button-value"],
)
def test_page_checks_reject_english_from_the_catalogue_on_a_welsh_page(shown):
    page = WELSH_PAGE.replace("<h1>Pennawd</h1>", f"<h1>Pennawd</h1>{shown}")
    check_page(_response(page.replace('lang="cy"', 'lang="en"')))  # the same on an English page: fine
    with pytest.raises(AssertionError, match="English on a Welsh page"):
        check_page(_welsh(_response(page)))
    with pytest.raises(AssertionError, match="English on a Welsh page"):
        check_fragment(_welsh(_response(WELSH_FRAGMENT.replace("<h1>Pennawd</h1>", f"<h1>Pennawd</h1>{shown}"),
                                        **{"HX-Push-Url": "/x"})))


def test_page_checks_reject_an_english_title_and_an_unmutated_date_on_a_welsh_page():
    with pytest.raises(AssertionError, match="English on a Welsh page"):
        check_page(_welsh(_response(WELSH_PAGE.replace("<title>Pennawd", "<title>Start now"))))
    with pytest.raises(AssertionError, match="not mutated"):
        check_page(_welsh(_response(WELSH_PAGE.replace(
            "<h1>Pennawd</h1>", "<h1>Pennawd</h1><p>Anfonwyd eich cais ar Dydd Gwener 4 Rhagfyr 2026.</p>"))))

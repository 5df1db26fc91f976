"""Fixtures for the Flask test-client tests: a migrated SQLite database, the app, and
`client_request`, which checks every page it gets back (the idea of notifications-admin's
`client_request`) and returns it parsed, so a test reads `page.select_one("h1").text`.

Every page response is checked by `check_page`: the HTML parses, `<html lang="en">`, one
`<h1>`, a "... – GOV.UK" title ("Error: " first when the page shows errors), unique ids,
forms with an action, a method and (for POST) a CSRF token, scripts carrying the nonce of
the Content-Security-Policy, the "Exit this page" button, and the no-store / Vary headers.
htmx requests (`HX-Request: true`) get a fragment, checked by `check_fragment`.

Both also read what people are shown (`_check_shown_text`): no text, hint, label, title or
shown attribute says `None`, `null`, `undefined`, `NaN` or `[object Object]` (a value that
was missing when the page was made), and a Welsh page shows no English message from the
catalogue (a string left untranslated), nor a weekday date after a preposition that
mutates it ("ar Dydd Llun" for "ar ddydd Llun").
"""

from __future__ import annotations

import re
import secrets
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Comment
from jinja2 import FileSystemBytecodeCache
from werkzeug.datastructures import MultiDict

import questionnaire.calendar
from webapp import create_app
from webapp.drafts import SESSION_KEY
from webapp.models import Draft, db

from ..databases import Databases

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 22)  # a Sunday; every date in these tests is counted from it
CATALOGUE = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")  # a gettext placeholder in a message


@cache
def catalogue():
    """The Welsh catalogue (English msgid, Welsh msgstr), read once."""
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="cy")


EXIT_URL = "https://exit.example/weather"
SERVICE = "Check your options after a criminal justice decision"
# What htmx sends for a boosted link or form (a page step).
HTMX = {"HX-Request": "true", "HX-Boosted": "true"}


def pytest_configure(config):
    config.addinivalue_line("markers", "app_config(**settings): extra settings for the app fixture")


# --------------------------------------------------------------------------- the app


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[Databases]:
    """Migrated once a run (SQLite, or PostgreSQL when TEST_POSTGRESQL_URL is set: tests/databases.py)."""
    made = Databases(tmp_path_factory.mktemp("db"))
    yield made
    made.close()


@pytest.fixture
def database_url(tmp_path, databases) -> Iterator[str]:
    """Each test's own copy of the migrated database."""
    url = databases.new(tmp_path)
    yield url
    databases.drop(url)


@pytest.fixture
def fixed_today(monkeypatch) -> date:
    """The app's "today" is TODAY, so that dates and countdowns are stable: every loaded
    module of the app and the engine that imported `today_in_england` gets the fixed one."""
    import webapp.views.api
    import webapp.views.questions  # noqa: F401 (loaded, so that they are patched below)

    real = questionnaire.calendar.today_in_england
    patched = []
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("webapp", "questionnaire") and getattr(module, "today_in_england", None) is real:
            monkeypatch.setattr(module, "today_in_england", lambda: TODAY)
            patched.append(name)
    assert "webapp.views.questions" in patched, patched
    return TODAY


@pytest.fixture(scope="session")
def template_cache(tmp_path_factory) -> FileSystemBytecodeCache:
    """Compiled templates shared by the apps of all tests (compiling them is most of a test's time)."""
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("jinja")))


@pytest.fixture
def app(request, database_url, fixed_today, template_cache, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "web-tests-secret-key")  # never write instance/secret_key
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "EXIT_URL": EXIT_URL,
        # Staff passwords: the same scrypt, at a cost that keeps the suite quick.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }
    marker = request.node.get_closest_marker("app_config")
    if marker:
        settings.update(marker.kwargs)
    app = create_app(settings)
    app.jinja_env.bytecode_cache = template_cache
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def client_request(client):
    return ClientRequest(client)


@pytest.fixture
def seed_answers(app, client):
    """Give this browser stored answers without answering each page (the journeys tests
    do that): a draft row, and its id in the session, as `webapp.drafts.save` makes them."""

    return lambda answers: seed_draft(app, client, answers)


def seed_draft(app, client, answers: dict) -> str:
    """A draft row holding `answers`, and its id in `client`'s session (`seed_answers`, for any browser)."""
    draft_id = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with app.app_context():
        db.session.add(Draft(id=draft_id, answers=dict(answers), created_at=now, updated_at=now))
        db.session.commit()
    with client.session_transaction() as session:
        session[SESSION_KEY] = draft_id
    return draft_id


@pytest.fixture
def stored_drafts(app):
    """Read (and change) the drafts table directly, as the server sees it."""
    return DraftTable(app)


# --------------------------------------------------------------------------- page checks


def _nonce(response) -> str:
    csp = response.headers.get("Content-Security-Policy", "")
    found = re.search(r"'nonce-([^']+)'", csp)
    assert found, f"no nonce in the Content-Security-Policy: {csp!r}"
    return found.group(1)


def _check_headers(response) -> None:
    assert response.mimetype == "text/html", response.mimetype
    assert "no-store" in response.headers.get("Cache-Control", ""), response.headers.get("Cache-Control")
    vary = [v.strip().lower() for v in response.headers.get("Vary", "").split(",")]
    assert "hx-request" in vary, f"Vary is {response.headers.get('Vary')!r}"


def _check_title(page: BeautifulSoup) -> str:
    title = page.head.find("title", recursive=False) if page.head else None
    assert title is not None, "no <title>"
    text = " ".join(title.get_text().split())
    assert text, "empty <title>"
    assert text.endswith("– GOV.UK"), f"title {text!r} does not end with '– GOV.UK'"
    has_errors = page.select_one(".govuk-error-summary") is not None
    prefix = "Gwall:" if page.html and page.html.get("lang") == "cy" else "Error:"
    assert text.startswith(prefix) == has_errors, f"title {text!r}, error summary shown: {has_errors}"
    return text


def _check_body(page: BeautifulSoup, response) -> None:
    headings = page.select("h1")
    assert len(headings) == 1, f"{len(headings)} <h1> elements: {[h.get_text(strip=True) for h in headings]}"
    assert headings[0].get_text(strip=True), "empty <h1>"

    ids = Counter(tag["id"] for tag in page.select("[id]"))
    duplicates = sorted(i for i, n in ids.items() if n > 1)
    assert not duplicates, f"duplicate ids: {duplicates}"

    # Links and references inside the page lead somewhere: error summary links, labels,
    # hints and error messages that describe a field.
    for link in page.select(".govuk-error-summary a[href^='#']"):
        assert link["href"][1:] in ids, f"the error summary links to {link['href']}, which is not on the page"
    for label in page.select("label[for]"):
        assert label["for"] in ids, f"a label for {label['for']!r}, which is not on the page"
    for described in page.select("[aria-describedby]"):
        for ref in described["aria-describedby"].split():
            assert ref in ids, f"aria-describedby {ref!r}, which is not on the page"

    for form in page.select("form"):
        assert form.get("action"), f"form without an action: {str(form)[:200]}"
        assert form.get("method"), f"form without a method: {str(form)[:200]}"
        if form["method"].lower() == "post":
            token = form.select_one("input[type=hidden][name=csrf_token]")
            assert token is not None and token.get("value"), f"POST form without a CSRF token: {form['action']}"

    nonce = _nonce(response)
    for script in page.select("script"):
        assert script.get("nonce") == nonce, f"script without the CSP nonce: {str(script)[:200]}"


# What a template prints for a value that was missing: Python's None, JavaScript's null,
# undefined, NaN and an object turned into text. "None of ..." is English ("None of these",
# the offence question's option), so "None" followed by "of" is not one of them.
MISSING_VALUE = re.compile(r"(?<![\w-])(?:None(?! of\b)|null|undefined|NaN)(?![\w-])|\[object Object\]")
# Attributes whose values people are shown or read out (and a button's value).
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
# English that a Welsh page may show as it is, although the catalogue has Welsh for it:
# none today. Proper names, "CPS Direct", addresses and the "English" language link are
# the same in both languages in the catalogue (or marked lang="en"), so they need no entry.
# Add here only a name or address that a Welsh page must show in English, and say why.
ENGLISH_ALLOWED_ON_WELSH_PAGES: frozenset[str] = frozenset()
# Welsh weekday dates after a preposition that mutates them (ar, at, tan, o, i, am, dan,
# heb, wrth, gan, drwy, trwy): "ar Dydd Llun" should be "ar ddydd Llun". Messages say
# "...: %(date)s" instead (docs/translation.md).
UNMUTATED_DATE = re.compile(
    r"(?<![\w'])(?:ar|at|tan|o|i|am|dan|heb|wrth|gan|drwy|trwy) Dydd (?:Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul)\b")
# Elements whose whole text is one message (a message with a link or <strong> inside is
# more than one text node).
MESSAGE_ELEMENTS = "p, li, a, button, label, legend, h1, h2, h3, h4, dt, dd, th, td, caption, summary, option"


def _msg_text(value) -> str:
    return " ".join(str(value).split())


@cache
def untranslated_english() -> frozenset[str]:
    """Each English message of the catalogue (without placeholders) whose Welsh differs:
    shown as the whole of a text on a Welsh page, it was not translated."""
    found = {_msg_text(english) for english in english_translated_differently()
             if not PLACEHOLDER.search(english) and "<" not in english}
    return frozenset(found - ENGLISH_ALLOWED_ON_WELSH_PAGES)


def english_translated_differently():
    """Each English message of the Welsh catalogue (singular and plural) whose Welsh differs."""
    for message in catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield from (english for english in ids if english not in strings)


def _is_english(tag) -> bool:
    """`tag` is inside a part marked lang="en" (the English link, the CPS's English guidance)."""
    while tag is not None and getattr(tag, "name", None) not in (None, "[document]"):
        if tag.get("lang"):
            return tag["lang"].lower().startswith("en")
        tag = tag.parent
    return False


def _shown(page: BeautifulSoup) -> list[tuple[object, str, str]]:
    """(tag, where, text) for each text people are shown: text nodes, the title, and the
    shown attributes (a button's value too)."""
    shown = []
    root = page.body or page
    for node in root.find_all(string=True):
        if isinstance(node, Comment) or node.parent.name in ("script", "style", "template", "noscript"):
            continue
        text = _msg_text(node)
        if text:
            shown.append((node.parent, f"text in <{node.parent.name}>", text))
    title = page.find("title")
    if title is not None:
        shown.append((title, "<title>", _msg_text(title.get_text())))
    for attr in SHOWN_ATTRIBUTES:
        for tag in page.select(f"[{attr}]"):
            shown.append((tag, f"{attr}= of <{tag.name}>", _msg_text(tag[attr])))
    for tag in page.select("input[type=submit][value], input[type=button][value], input[type=reset][value], "
                           "button[value]"):
        shown.append((tag, f"value= of <{tag.name}>", _msg_text(tag["value"])))
    return shown


def _check_shown_text(page: BeautifulSoup, welsh: bool) -> None:
    shown = _shown(page)
    for _tag, where, text in shown:
        found = MISSING_VALUE.search(text)
        assert not found, f"{found.group(0)!r} shown to people ({where}): {text[:200]!r}"
    if not welsh:
        return
    english = untranslated_english()
    for tag, where, text in shown:
        if _is_english(tag):
            continue
        parts = [text]
        if where == "<title>":  # "Gwall: Question – Service – GOV.UK"
            parts = [p.strip() for p in text.removeprefix("Gwall:").split(" – ")]
        for part in parts:
            if part in english:  # (not `assert`: pytest would print the whole catalogue)
                raise AssertionError(f"English on a Welsh page ({where}): {part!r}")
        found = UNMUTATED_DATE.search(text)
        assert not found, f"a date after a preposition, not mutated ({where}): {found.group(0)!r} in {text[:200]!r}"
    for tag in page.select(MESSAGE_ELEMENTS):
        text = _msg_text(" ".join(n for n in tag.find_all(string=True)
                                  if not isinstance(n, Comment) and not _is_english(n.parent)))
        if text in english:
            raise AssertionError(f"English on a Welsh page (<{tag.name}>): {text!r}")


def _welsh_expected(response) -> bool:
    sent = getattr(response, "request", None)  # the request, when it came from the test client
    return sent is not None and sent.cookies.get("lang") == "cy"


def check_page(response) -> BeautifulSoup:
    """The checks every full HTML page must pass. Returns the parsed page."""
    _check_headers(response)
    page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    sent = getattr(response, "request", None)  # the request, when it came from the test client
    expected = "cy" if sent is not None and sent.cookies.get("lang") == "cy" else "en"
    assert page.html.get("lang") == expected, f"<html lang={page.html.get('lang')!r}>, expected {expected!r}"
    _check_title(page)
    _check_body(page, response)
    _check_shown_text(page, welsh=page.html.get("lang") == "cy")
    assert page.select_one(".govuk-exit-this-page") is not None, "no 'Exit this page' button"
    assert page.select_one("#content main#main-content") is not None, "no #content > main#main-content"
    return page


def check_fragment(response) -> BeautifulSoup:
    """The checks for what htmx gets: the title and #content only. Returns it parsed."""
    _check_headers(response)
    raw = response.get_data(as_text=True)
    for element in ("html", "head", "body"):
        assert not re.search(rf"<\s*{element}[\s>]", raw, re.IGNORECASE), f"a fragment with <{element}>"
    page = BeautifulSoup(raw, "html5lib")
    _check_title(page)
    assert page.select_one("#content main#main-content") is not None, "no #content > main#main-content"
    _check_body(page, response)
    _check_shown_text(page, welsh=_welsh_expected(response))
    # The button lives outside #content: swapping it in again would repeat it.
    assert page.select_one(".govuk-exit-this-page") is None, "'Exit this page' inside the swapped content"
    sent = getattr(response, "request", None)
    if sent is not None and sent.method == "POST" and response.status_code >= 400:
        # An error page answering a post is swapped in, but its URL is not one to load again.
        assert not response.headers.get("HX-Push-Url"), "an error answering a post pushed into history"
    else:
        assert response.headers.get("HX-Push-Url"), "a fragment without HX-Push-Url"
    return page


def title_of(page: BeautifulSoup) -> str:
    return " ".join(page.head.find("title", recursive=False).get_text().split())


def text_of(tag) -> str:
    return " ".join(tag.get_text(" ").split()) if tag is not None else ""


# --------------------------------------------------------------------------- the client


def browser_form_data(form) -> MultiDict:
    """What a browser would send for `form` as it stands: hidden and text inputs,
    checked radios and checkboxes (buttons without a name send nothing)."""
    data = MultiDict()
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.has_attr("disabled"):
            continue
        kind = field.get("type", "text").lower()
        if field.name == "input" and kind in ("radio", "checkbox"):
            if field.has_attr("checked"):
                data.add(field["name"], field.get("value", "on"))
        elif field.name == "input" and kind in ("submit", "button", "image", "reset"):
            continue
        elif field.name == "select":
            for option in field.select("option[selected]"):
                data.add(field["name"], option.get("value", option.get_text()))
        else:
            data.add(field["name"], field.get("value", "") if field.name == "input" else field.get_text())
    return data


class ClientRequest:
    """The Flask test client, checking every page (full or htmx fragment) it gets.

    `get` returns the checked page; `submit` fills in a page's form like a browser (with
    the form's own CSRF token) and returns the redirect's Location, or the checked page
    when the answer is shown again (errors); `post` sends data with this session's token.
    The last response is in `.response`.
    """

    def __init__(self, client):
        self.client = client
        self.response = None
        self.responses: list = []  # every response, to look at headers across a journey

    def _check(self, response, htmx: bool) -> BeautifulSoup:
        return check_fragment(response) if htmx else check_page(response)

    def _result(self, response, htmx: bool, expected_status: int):
        self.response = response
        self.responses.append(response)
        assert response.status_code == expected_status, (
            f"{response.request.method} {response.request.path}: status {response.status_code}, "
            f"expected {expected_status}; Location {response.headers.get('Location')!r}"
        )
        if 300 <= response.status_code < 400:
            assert response.headers.get("Location"), "a redirect without a Location"
            return response.headers["Location"]
        return self._check(response, htmx)

    def get(self, url: str, *, htmx: bool = False, expected_status: int = 200, headers: dict | None = None):
        response = self.client.get(url, headers={**(HTMX if htmx else {}), **(headers or {})})
        result = self._result(response, htmx, expected_status)
        if htmx and not 300 <= expected_status < 400:
            # The browser's address bar shows the URL of the content htmx swapped in.
            assert response.headers["HX-Push-Url"] == url, (response.headers["HX-Push-Url"], url)
        return result

    def get_redirect(self, url: str, *, htmx: bool = False, expected_status: int = 302) -> str:
        return self.get(url, htmx=htmx, expected_status=expected_status)

    def submit(self, url: str, data: dict | None = None, *, form_action: str | None = None, htmx: bool = False,
               expected_status: int = 303):
        """GET `url`, take its form (the one posting to `form_action`, else the first POST
        form in <main>), change the fields named in `data`, and post it."""
        page = self.get(url, htmx=htmx)
        forms = [f for f in page.select("form" if form_action else "main form") if f["method"].lower() == "post"]
        if form_action is not None:
            forms = [f for f in forms if f["action"] == form_action]
        assert forms, f"no POST form{' to ' + form_action if form_action else ''} on {url}"
        form = forms[0]
        payload = browser_form_data(form)
        for name, value in (data or {}).items():
            payload.setlist(name, list(value) if isinstance(value, list | tuple) else [value])
        return self.post(form["action"], payload, htmx=htmx, expected_status=expected_status, csrf=False)

    def csrf_token(self) -> str:
        """This session's CSRF token, read from the start page like a browser would."""
        page = self.get("/")
        return page.select_one("input[name=csrf_token]")["value"]

    def post(self, url: str, data=None, *, htmx: bool = False, expected_status: int = 303, csrf: bool = True,
             headers: dict | None = None):
        payload = MultiDict(data or {})
        if csrf and "csrf_token" not in payload:
            payload["csrf_token"] = self.csrf_token()
        response = self.client.post(url, data=payload, headers={**(HTMX if htmx else {}), **(headers or {})})
        return self._result(response, htmx, expected_status)


class DraftTable:
    def __init__(self, app):
        self.app = app

    def all(self) -> list[dict]:
        with self.app.app_context():
            return [
                {"id": d.id, "answers": dict(d.answers), "updated_at": d.updated_at}
                for d in db.session.query(Draft).all()
            ]

    def move_back(self, minutes: int) -> None:
        """Pretend every draft was last used `minutes` earlier than it was."""
        with self.app.app_context():
            for draft in db.session.query(Draft).all():
                draft.updated_at = draft.updated_at - timedelta(minutes=minutes)
            db.session.commit()

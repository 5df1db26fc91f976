"""Welsh, complete: every page a person can reach, read in Welsh, holds no English
sentence from the catalogue (nor GOV.UK Frontend's own English defaults), and every
error of every question and request form is the Welsh one.

The English is known from the catalogue itself: each entry whose Welsh differs from its
English is looked for, word for word, in the text of the Welsh page (visible text,
hidden text for screen readers, and labels in attributes). Text marked lang="en" (the
CPS's English-only guidance, the "English" language link) is left out.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

import pytest
from bs4 import BeautifulSoup

from questionnaire.answers import FIELDS_BY_KEY
from questionnaire.flow import QUESTIONS, QUESTIONS_BY_ID

from .conftest import PLACEHOLDER, TODAY, UNMUTATED_DATE, catalogue, english_translated_differently, text_of
from .journeys import SCENARIOS, VICTIM_CPS, open_question, scenario_reaching

# What GOV.UK Frontend's components say in English unless told otherwise.
GOVUK_DEFAULTS = ("Skip to main content", "There is a problem", "Error:", "Menu", "Service information",
                  "Support links", "Open Government Licence", "Crown copyright", "Warning", "Choose file",
                  "No file chosen", "or drop file", "Back", "Change", "Day", "Month", "Year", "Important", "Success")


@cache
def english_sentences() -> tuple[str, ...]:
    """English text from the catalogue that must not appear on a Welsh page: each entry of
    at least two words (or, with placeholders, each literal run of at least three words
    between them) whose Welsh is different."""
    found = set()
    for english in english_translated_differently():  # (not what is the same in both: names, "PDF")
        runs = PLACEHOLDER.split(english)
        least = 3 if len(runs) > 1 else 2  # a fragment between placeholders: a longer one
        for run in runs:
            run = re.sub(r"<[^>]+>", " ", run or "")  # text inside HTML entries
            for part in re.split(r"\s{2,}", run):
                part = " ".join(part.split()).strip(" .,:;()")
                if len(part.split()) >= least:
                    found.add(part)
    return tuple(sorted(found, key=len, reverse=True))


@cache
def _welsh_patterns() -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    exact, patterns = set(), []
    for message in catalogue():
        for value in message.string if isinstance(message.string, tuple) else (message.string,):
            if PLACEHOLDER.search(value):
                parts = PLACEHOLDER.split(value)
                # split() also returns the placeholders' names: keep the literal runs only
                literal = [re.escape(p or "") for p in parts[::2]]
                patterns.append(re.compile(".+?".join(literal)))
            else:
                exact.add(value)
    return frozenset(exact), tuple(patterns)


def is_welsh_message(text: str) -> bool:
    """`text` is one of the catalogue's Welsh messages (with its placeholders filled in)."""
    exact, patterns = _welsh_patterns()
    return text in exact or any(p.fullmatch(text) for p in patterns)


def page_text(page: BeautifulSoup) -> str:
    """What a person (or their screen reader) gets from the page, without lang="en" parts."""
    for english in page.select("body [lang=en]"):
        english.decompose()
    for tag in page.select("script, style, template"):
        tag.decompose()
    labels = [tag[attr] for attr in ("aria-label", "title", "alt", "placeholder")
              for tag in page.select(f"[{attr}]")]
    return " ".join([text_of(page.body or page), *labels, text_of(page.title)])


def english_on(page: BeautifulSoup) -> list[str]:
    text = page_text(page)
    found = [s for s in english_sentences() if s in text]
    found += [d for d in GOVUK_DEFAULTS if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", text)]
    return found


@pytest.fixture
def welsh(client_request):
    client_request.client.set_cookie("lang", "cy")
    return client_request


def assert_welsh(page: BeautifulSoup, where: str) -> None:
    assert page.html["lang"] == "cy", where
    assert english_on(page) == [], f"English on the Welsh page {where}"


# --------------------------------------------------------------------------- the check itself


def test_the_check_finds_english(client_request):
    """The English page is full of the catalogue's English: the check must see it."""
    found = english_on(client_request.get("/"))
    assert "Skip to main content" in found and "Start now" in found
    assert "Cookies" not in found  # one word: not a sentence (it could be a name)
    assert any("criminal justice decision" in s for s in found)


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize("path", ["/", "/cookies", "/accessibility", "/staying-safe-online",
                                  "/guidance/victims-right-to-review", "/session/expired"])
def test_content_pages_are_all_welsh(welsh, path):
    assert_welsh(welsh.get(path), path)


def test_the_not_found_page_is_welsh(welsh):
    assert_welsh(welsh.get("/no-such-page", expected_status=404), "404")


@pytest.mark.parametrize("question", [q.id for q in QUESTIONS])
def test_each_question_and_its_error_are_welsh(welsh, seed_answers, question):
    _name, answers = scenario_reaching(question)
    url = open_question(seed_answers, answers, question)
    assert_welsh(welsh.get(url), url)
    page = welsh.post(url, {}, expected_status=200)
    assert_welsh(page, f"{url} with its error")
    errors = [text_of(e) for e in page.select(".govuk-error-message")]
    assert errors and all(is_welsh_message(e.removeprefix("Gwall:").strip()) for e in errors), errors


def welsh_of(english: str, context: str | None = None) -> str:
    message = catalogue().get(english, context)
    assert message is not None and message.string, f"no Welsh for {english!r}"
    return message.string


FUTURE = TODAY + timedelta(days=40)
BAD_DATES = {"future": [str(FUTURE.day), str(FUTURE.month), str(FUTURE.year)],
             "impossible": ["31", "2", "2026"], "no-month": ["27", "", "2026"]}


@pytest.mark.parametrize("bad", list(BAD_DATES))
@pytest.mark.parametrize("question", [q.id for q in QUESTIONS if q.kind == "date"])
def test_each_date_error_names_the_date_in_welsh(welsh, seed_answers, question, bad):
    """The error of a wrong date names the date, in Welsh: its label is translated like the
    message around it (the future-date error came from the engine with its English label)."""
    _name, answers = scenario_reaching(question)
    url = open_question(seed_answers, answers, question)
    page = welsh.post(url, {question: BAD_DATES[bad]}, expected_status=200)
    assert_welsh(page, f"{url} with a {bad} date")
    shown = text_of(page.select_one(f"#{question}-error"))  # the field's own error, under its label
    english = {QUESTIONS_BY_ID[question].short, FIELDS_BY_KEY[question].label}
    assert shown, f"{url}: no error for a {bad} date"
    assert not [label for label in english if label in shown], shown
    assert any(welsh_of(label) in shown for label in english), shown
    summary = text_of(page.select_one(".govuk-error-summary"))
    assert not [label for label in english if label in summary], summary


# Welsh prepositions that mutate the word after them ("ar ddydd Llun", "at y Comisiwn"). A
# placeholder cannot be mutated, and an office's name has no article in front of it: a
# date or an office comes after a colon instead ("Anfonwyd eich cais at: %(office)s").
MUTATING = r"(?:ar|at|tan|o|i|am|dan|heb|wrth|gan|drwy|trwy)"
PLACED = r"%\((?:date|office|first|last|label)\)s"


def test_no_welsh_message_puts_a_date_or_an_office_after_a_mutating_preposition():
    from webapp.presenters import DEADLINES

    found = []
    for message in catalogue():
        for value in message.string if isinstance(message.string, tuple) else (message.string,):
            if re.search(rf"(?<![\w']){MUTATING}\s+[“‘]?{PLACED}", value or ""):
                found.append(value)
    # A results deadline's label is followed by its date ("Gofyn am adolygiad erbyn Dydd
    # Llun ...", in the preview and the PDF): "erbyn" and "ar ôl" do not mutate, "tan" would.
    for label, _basis, _working in DEADLINES.values():
        if re.search(rf"(?<![\w']){MUTATING}$", welsh_of(label)):
            found.append(welsh_of(label))
    assert found == []


def test_yes_and_no_answer_the_question_in_welsh(welsh, seed_answers):
    """Welsh answers by the question's verb: "A fu apêl?" Naddo / Do; "Oedd ...?" Oedd / Nac oedd."""
    for question, title, expected in (
        ("appeal_status", "A fu apêl?", ["Naddo", "Do, ond nid yw wedi cael ei phenderfynu eto",
                                         "Do, a chafodd ei gwrthod"]),
        ("victim_under_18", "Oedd ", ["Oedd", "Nac oedd"]),  # each wording asks "Oedd ...?"
    ):
        _name, answers = scenario_reaching(question)
        page = welsh.get(open_question(seed_answers, answers, question))
        options = [text_of(label) for label in page.select("main .govuk-radios__label")]
        assert options[:len(expected)] == expected, options
        assert text_of(page.select_one("h1")).startswith(title), text_of(page.select_one("h1"))
    wordings = [welsh_of(w) for w in QUESTIONS_BY_ID["victim_under_18"].title.values()]
    assert wordings and all(w.startswith("Oedd ") for w in wordings), wordings


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_check_answers_and_results_are_welsh(welsh, seed_answers, scenario):
    seed_answers(SCENARIOS[scenario])
    assert_welsh(welsh.get("/check-your-answers"), f"check answers, {scenario}")
    page = welsh.get("/results")
    assert_welsh(page, f"results, {scenario}")
    # Dates in Welsh, with Welsh weekdays.
    text = text_of(page.select_one("main .app-deadlines"))
    if text:
        assert re.search(r"Dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul) \d+ \w+", text), text[:500]


# --------------------------------------------------------------------------- request forms


def _request_kinds() -> list[tuple[str, str]]:
    """(kind, scenario) for each request kind, and each role with its own step."""
    return [("vrr", "victim_cps"), ("vrr", "representative_late"), ("independent_review", "business_local_decision"),
            ("meeting", "bereaved_completed_complaint"), ("complaint", "bereaved_completed_complaint"),
            ("ccrc", "convicted_magistrates")]


def _steps(welsh, kind: str) -> list[str]:
    """Press the start button on the results page; the request's steps, in order."""
    location = welsh.submit("/results", form_action=f"/requests/{kind}/start")
    steps = []
    while location.startswith(f"/requests/{kind}/") and not location.endswith("/check"):
        steps.append(location)
        page = welsh.get(location)
        fields = {}
        for field in page.select("main form [name]"):
            fields.setdefault(field["name"], field)
        location = _fill(welsh, location, page)
    return steps


# Good values, to move on from a step (by field name); what is not named stays empty.
GOOD = {"full_name": "Alex Example", "victim_name": "Sam Example", "relationship": "Sister",
        "preferred": "email", "email": "alex@example.com", "safe": "email", "language": "cy",
        "wrote": "london_north", "contact_name": "Alex Example", "meeting_format": "video",
        "what_happened": "They did not listen.", "when": "In November", "put_right": "An apology.",
        "court_name": "Cardiff Magistrates' Court", "offence": "Theft", "what_is_new": "Tyst newydd.",
        "lawyer": "no", "in_prison": "no", "confirm": "yes", "business_name": "Example Ltd",
        "convicted_name": "Sam Example", "date_of_birth": ["27", "3", "1990"],
        "conviction_date": ["2", "11", "2026"]}


def _fill(welsh, url: str, page: BeautifulSoup) -> str:
    data = {}
    for field in page.select("main form input[name], main form textarea[name], main form select[name]"):
        name = field["name"]
        if name in GOOD:
            data[name] = GOOD[name]
        elif field.get("type") == "checkbox" and name not in data:
            data[name] = field["value"]  # declarations and confirmations
        elif field.get("type") == "radio" and name not in data:
            data[name] = field["value"]
    if page.select_one("main input[type=file]"):
        data["authority_file"] = (__import__("io").BytesIO(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n"), "a.pdf")
        response = welsh.client.post(url, data={**data, "csrf_token": welsh.csrf_token()},
                                     content_type="multipart/form-data")
        assert response.status_code == 303, (url, response.status_code)
        return response.headers["Location"]
    return welsh.submit(url, data)


@pytest.mark.parametrize(("kind", "scenario"), _request_kinds())
def test_each_request_step_its_errors_check_and_confirmation_are_welsh(welsh, seed_answers, kind, scenario):
    seed_answers(SCENARIOS[scenario])
    steps = _steps(welsh, kind)
    assert steps, f"no steps for {kind}"
    for url in steps:
        assert_welsh(welsh.get(url), url)
        # Sent empty: each required field's error, in Welsh.
        page = welsh.post(url, {}, expected_status=200)
        assert_welsh(page, f"{url} with its errors")
        errors = [text_of(e).removeprefix("Gwall:").strip() for e in page.select("main .govuk-error-message")]
        assert errors, f"{url}: nothing is required?"
        assert all(is_welsh_message(e) for e in errors), (url, errors)
        # Too long, not an email, not a choice: those errors in Welsh too.
        bad = {}
        for field in page.select("main form input[name], main form textarea[name], main form select[name]"):
            name = field["name"]
            if name == "csrf_token" or field.get("type") == "file":
                continue
            bad[name] = "not-an-email" if name == "email" else "x" * 10_001 if field.name == "textarea" else (
                "not-a-choice" if field.get("type") in ("radio", "checkbox") or field.name == "select" else "x" * 301)
        page = welsh.post(url, bad, expected_status=200)
        assert_welsh(page, f"{url} with bad values")
        errors = [text_of(e).removeprefix("Gwall:").strip() for e in page.select("main .govuk-error-message")]
        assert errors and all(is_welsh_message(e) for e in errors), (url, errors)
    check = welsh.get(f"/requests/{kind}/check")
    assert_welsh(check, f"{kind} check")
    declared = {"declaration": "true"} if check.select_one("input[name=declaration]") else None
    location = welsh.submit(f"/requests/{kind}/check", declared, form_action=f"/requests/{kind}/send")
    assert location == "/requests/sent"
    assert_welsh(welsh.get(location), f"{kind} confirmation")


def test_a_welsh_journey_keeps_welsh_on_every_htmx_step(welsh, seed_answers):
    seed_answers(VICTIM_CPS)
    page = welsh.get("/results", htmx=True)
    settings = page.select_one("#app-settings")
    assert settings.select_one(".app-language a")["hreflang"] == "en"
    assert english_on(page) == []  # (this takes the lang="en" parts out of the page)


def test_the_pdf_copy_and_calendar_file_of_a_welsh_visit_are_welsh(welsh, seed_answers):
    import io

    from icalendar import Calendar
    from pypdf import PdfReader

    seed_answers(VICTIM_CPS)
    _steps(welsh, "vrr")
    assert welsh.submit("/requests/vrr/check", form_action="/requests/vrr/send") == "/requests/sent"
    pdf = welsh.client.get("/requests/sent/copy.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Rhagfyr 2026" in text and "Eich cyfeirnod" in text
    assert "Your reference" not in text and "What happens next" not in text
    assert not UNMUTATED_DATE.search(text), text  # "Dyddiad anfon: Dydd ...", not "ar Dydd ..."
    assert "Anfonwyd at: " in text
    events = Calendar.from_ical(welsh.client.get("/requests/sent/calendar.ics").data).walk("VEVENT")
    assert events and all("by" not in str(e["SUMMARY"]).split() for e in events)
    assert all("cyfeirnod" in str(e["DESCRIPTION"]).lower() for e in events)


def test_the_reply_language_choice_names_each_language_for_a_welsh_reader(welsh, seed_answers):
    """"English" is in the catalogue (Saesneg); "Cymraeg" is its own name, marked lang="cy"."""
    seed_answers(VICTIM_CPS)
    pages = [welsh.get(url) for url in _steps(welsh, "vrr")]
    found = [p for p in pages if p.select_one("main input[name=language]")]
    assert found, "no step asks the language for replies"
    labels = {label.find_previous_sibling("input")["value"] if label.find_previous_sibling("input") else None: label
              for label in found[0].select("main .govuk-radios__label")}
    assert text_of(labels["en"]) == "Saesneg" and not labels["en"].get("lang")
    assert text_of(labels["cy"]) == "Cymraeg" and labels["cy"].get("lang") == "cy"

"""For tests/web/test_hostile_input.py: the hostile values (hypothesis strategies), what each
form, the API and the staff filters must make of them (small models written from the forms'
rules and the contract, e.g. `question_verdict`, `api_expected`, `filter_verdict`), and the
checks every answer must pass (`form_outcome`, `check_not_reflected`, `check_errors`...).

The checks are made to be quick (that module sends more than 10,000 requests): one pass of
the standard library's HTML tokenizer over the whole page (what elements, attributes and
ids it has), and BeautifulSoup over `<main>` only (the error summary, the inline errors,
the fields), instead of a full parse of every page.

Every hostile piece of markup carries the word MARK ("hostile"), so that "was the payload
reflected?" has a sure answer: no element, attribute or script on any page may ever hold
it, and no value containing markup may appear in a page as it was sent.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from functools import cache, cached_property
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from questionnaire.answers import FIELDS_BY_KEY
from questionnaire.flow import QUESTIONS
from webapp.models import Draft, db
from webapp.offices import OFFICES
from webapp.request_forms import steps_for
from webapp.staff.forms import FLAG_CHOICES, KINDS, SORT_LABELS, STATUSES
from webapp.staff.workflow import LABELS
from webapp.views.requests import _late

from .conftest import PLACEHOLDER, TODAY, catalogue, seed_draft, text_of
from .journeys import SCENARIOS

MARK = "hostile"



def hostile_settings(examples: int):
    """The same settings for every test of the module: reproducible (derandomize, no
    example database), no deadline (a page takes ~20 ms, a few take longer), and the
    fixtures are made once per test function on purpose (one app, one client)."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None, print_blob=False,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


# --------------------------------------------------------------------------- hostile values


HTML = (
    "<x-hostile>",
    "<x-hostile/>",
    '"><svg data-hostile onload=alert(1)>',
    "'><img src=x data-hostile onerror=alert(1)>",
    '</textarea><script>alert("hostile")</script>',
    "</title><x-hostile-title>",
    "<!--hostile--><x-hostile>",
    '<a href="javascript:alert(1)" data-hostile>x</a>',
    '" autofocus onfocus="alert(1)" data-hostile="',
    "' autofocus onfocus='alert(1)' data-hostile='",
    "<style>x-hostile{}</style>",
    "<![CDATA[<x-hostile>]]>",
    "&lt;x-hostile&gt;",
    "<scr<script>ipt>alert('hostile')</script>",
    "<iframe srcdoc='<x-hostile>'></iframe>",
    "<base href='//evil.example/' data-hostile>",
    "<meta http-equiv=refresh content='0;url=//evil.example' data-hostile>",
    "javascript:alert('hostile')",
)

# Jinja (and friends): evaluated, they would write "hostile-ssti", which no page may hold.
TEMPLATES = ("{{ 'host' ~ 'ile-ssti' }}", "{% print('host' ~ 'ile-ssti') %}", "${'host' + 'ile-ssti'}",
             "#{'host' + 'ile-ssti'}", "{{7*7}}", "{{ config }}", "{{ request.environ }}")

SSTI_RESULT = "hostile-ssti"

FORMATS = ("%s", "%(noun)s", "%(max)d", "%d", "%", "%%", "%n%n", "{0}", "{}", "{noun}", "{0!r:>99999}")

SQL = ("' OR 1=1 --", "'; DROP TABLE requests; --", '" OR ""="', "admin'--", "%' OR '%'='", "\\", "\\'", "''",
       "' UNION SELECT password_hash FROM staff_users --", "*/--", "1; DELETE FROM drafts", "%", "_")

CONTROL = ("\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\r\n", "\r", "\n", "\t", "\x85", "\u2028",
           "\u2029", "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\ufffd", "\uffff")

EMOJI = ("😀", "👩‍👩‍👧", "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "🇬🇧", "𝕳𝖔𝖘𝖙𝖎𝖑𝖊", "𠜎𠜱", "\U0010fffd", "🧑🏽‍⚖️")

COMBINING = ("e\u0301", "Z\u0334\u0321\u032a\u032b\u0316\u0325\u0314\u030a\u0344\u031a", "\u0301" * 40, "a\u20dd")

SCRIPTS = ("Siân ap Dafydd", "Ŵŷ ŵ â", "مرحبا", "שלום", "日本語", "Ελληνικά", "İstanbul", "Straße", "ﬁle")

WORDS = ("", " ", "   ", "0", "-1", "1e309", "null", "None", "true", "[]", "{}", "NaN", "yes", "no", "on", "undefined")

SPECIAL = HTML + TEMPLATES + FORMATS + SQL + CONTROL + EMOJI + COMBINING + SCRIPTS + WORDS

# One code point each: a string of n of them is n characters long (what WTForms' Length counts).
FILLERS = ("x", "ŵ", "😀", "\u0301", "<", " ", "\x00", "\u202e")


def repeated(filler: str, length: int) -> str:
    return (filler * (length // max(1, len(filler)) + 1))[:length]


special = st.sampled_from(SPECIAL)

# (Strategies kept cheap to draw: a page takes ~20 ms, and drawing must not double it.)
mixed = st.tuples(special, special, st.sampled_from(("", *SPECIAL))).map("".join)

# 1,000 to 12,000 characters: as a form body, an emoji string that long is over the 64 KB limit.
long_text = st.builds(repeated, st.sampled_from((*FILLERS, "<x-hostile>", "' OR 1=1 --", "Siân ")),
                      st.integers(1_000, 12_000))

hostile_text = st.one_of(special, mixed, st.text(max_size=20), long_text)


@cache
def around(limit: int):
    """Strings of `limit` characters and just over, in one-code-point fillers."""
    return st.builds(repeated, st.sampled_from(FILLERS), st.sampled_from((limit - 1, limit, limit + 1, limit + 50)))


# The three parts of a GOV.UK date (day, month, year), and what else a form may send.
DATE_PARTS = ("31", "30", "29", "28", "1", "01", "0", "00", "13", "12", "2", "02", "2026", "2025", "1900", "1899",
              "0000", "99999", "9999", "26", "-1", "+1", "1.5", "1e3", "1_0", "٣", "１２", "²", " 16 ", "", " ",
              "twelve", "x", "9" * 5_000, "16\x00", "<x-hostile>")

date_part = st.one_of(st.sampled_from(DATE_PARTS), st.integers(-5, 10_000).map(str), hostile_text)

real_date = st.dates(date(1850, 1, 1), date(2100, 12, 31)).map(lambda d: [str(d.day), str(d.month), str(d.year)])

impossible = st.sampled_from([["31", "2", "2026"], ["29", "2", "2026"], ["0", "13", "2026"], ["32", "1", "2026"],
                              ["1", "1", "99999"], ["-1", "-1", "-2026"], ["a", "b", "cdef"], ["", "", ""],
                              ["16", "", "2026"], ["", "11", "2026"], ["16", "11", ""], ["16", "11", "26"],
                              ["31", "4", "2026"], ["29", "2", "2100"], ["1", "1", "0"]])

date_values = st.one_of(real_date, impossible, st.lists(date_part, max_size=5),
                        st.tuples(real_date, st.lists(date_part, min_size=1, max_size=2)).map(lambda t: t[0] + t[1]))

ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)

LOOSE_NUMBER = re.compile(r"\s*[+-]?[\d_]+\s*")


def as_read(value):
    """A form or query value as the app reads it: without NUL characters (webapp/requests_in.py)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def date_verdict(parts: list[str], today: date = TODAY) -> str:
    """What the GOV.UK date of these parts must be: "invalid" (never accepted), "valid" (a real
    date the form may accept, today or before), or "unsure" (odd digits Python reads)."""
    parts = [as_read(p) for p in parts]
    day, month, year = ([str(p).strip() for p in parts[:3]] + ["", "", ""])[:3]
    if not (day and month and year):
        return "invalid"
    if not all(LOOSE_NUMBER.fullmatch(p) for p in (day, month, year)):
        return "invalid"
    if not all(ASCII_DIGITS.fullmatch(p) for p in (day, month, year)):
        return "unsure"  # "+1", "1_0", "٣": Python's int() reads them; a person would not type them
    if len(year) != 4:
        return "invalid"
    try:
        found = date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        return "invalid"
    return "invalid" if found > today or found.year < 1900 else "valid"


# CSRF tokens: mostly the right one; else missing, forged, changed, repeated. A form sent
# with a wrong one is refused (400) before its fields are read.
@cache
def csrf_values(token: str):
    wrong = ([], [""], ["forged"], [token + "x"], [token[:-1]], [token.swapcase()], ["forged", token],
             ["<x-hostile>"], [token + "\x00"], ["' OR 1=1 --"])
    return st.sampled_from([[token]] * 60 + [[token, "forged"]] * 2 + list(wrong))


def csrf_ok(values: list[str], token: str) -> bool:
    return bool(values) and as_read(values[0]) == token


FIELD_NAMES = ("csrf_token[]", "submission_id", "return_to", "next", "lang", "__proto__", "role[]", "", " ",
               "a" * 300, "<x-hostile>", "x-hostile\x00", "' OR 1=1 --", "😀", "{{7*7}}")

# Fields a form does not have (odd names, hostile values).
extra_fields = st.lists(st.tuples(st.sampled_from(FIELD_NAMES), special), max_size=2)

LANGUAGES = st.sampled_from(("en", "cy"))


def sent_strings(data) -> list[str]:
    """Every string a request carried (names and values), to look for in what comes back."""
    found = []
    items = data.items(multi=True) if isinstance(data, MultiDict) else (data or {}).items()
    for name, value in items:
        found.append(str(name))
        values = value if isinstance(value, list | tuple) else [value]
        for one in values:
            if isinstance(one, str):
                found.append(one)
            elif isinstance(one, tuple) and len(one) >= 2 and isinstance(one[1], str):
                found.append(one[1])  # (stream, file name)
    return found


def raw_query(pairs: list[tuple[str, str]]) -> str:
    """A query string with markup characters left as they are (as a hand-made request can
    send them); the rest percent-encoded."""
    return "&".join(f"{quote(k, safe='<>{}|^`[]')}={quote(v, safe=chr(34) + '<>{}|^`[]')}" for k, v in pairs)


def has_markup(values: list[str]) -> bool:
    return any(re.search(r"[<>\"'&]", v) or MARK in v for v in values)


# --------------------------------------------------------------------------- browsers and answers


def token_of(client, url: str = "/") -> str:
    body = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', body)
    assert found, f"no CSRF token on {url}"
    return found.group(1)


def store_draft(app, client, answers: dict) -> str:
    """A draft with these answers, as this browser's (what conftest's seed_answers does)."""
    return seed_draft(app, client, answers)


def reset_draft(app, draft_id: str, answers: dict) -> None:
    with app.app_context():
        draft = db.session.get(Draft, draft_id)
        draft.answers = dict(answers)
        draft.updated_at = datetime.now(UTC)
        db.session.commit()


def as_file(value: str) -> tuple:
    """A value sent as a file upload (a changed page: wrong type for a text field)."""
    return io.BytesIO(value.encode("utf-8", "surrogatepass")), "a.txt"


FILE_IN = {"content_type": "multipart/form-data"}


def check_secrets_hidden(found, secrets_sent: list[str], shown: list[str]) -> None:
    """No password sent is written back into the page (unless it is also in a field that is
    shown, such as an email typed as the password too)."""
    for secret in secrets_sent:
        if len(secret) >= 8 and secret.strip() and not any(secret in value for value in shown):
            assert secret not in found.body, f"a password ({secret[:40]!r}) is in the page"


# --------------------------------------------------------------------------- the questions


def option_values(question) -> tuple[str, ...]:
    return tuple(o.value for o in (*question.options, *([question.unsure] if question.unsure else [])))


ALL_VALUES = sorted({v for q in QUESTIONS for v in option_values(q)})


def _question_values(question):
    if question.kind == "date":
        return date_values
    options = option_values(question)
    choice = st.one_of(st.sampled_from(options), st.sampled_from(ALL_VALUES), hostile_text,
                       st.sampled_from([v.upper() for v in options]), st.sampled_from([v + "\x00" for v in options]))
    return st.lists(choice, max_size=5 if question.kind == "multi" else 3)


QUESTION_VALUES = {q.id: _question_values(q) for q in QUESTIONS}

QUESTION_IDS = st.sampled_from([q.id for q in QUESTIONS])

QUERIES = st.one_of(st.sampled_from(("", "return_to=check")), special.map(lambda t: raw_query([("return_to", t)])))


@st.composite
def question_posts(draw, token: str):
    """(question id, values of its field, CSRF values, the form, the query string)."""
    question_id = draw(QUESTION_IDS)
    values = draw(QUESTION_VALUES[question_id])
    csrf = draw(csrf_values(token))
    data = MultiDict([("csrf_token", v) for v in csrf] + [(question_id, v) for v in values] + draw(extra_fields))
    return question_id, values, csrf, data, draw(QUERIES)


def question_verdict(question, values: list[str]) -> str:
    """"invalid": must be refused; "maybe": may be accepted (the engine may still refuse)."""
    values = [as_read(v) for v in values]
    options = option_values(question)
    if question.kind == "date":
        return "invalid" if date_verdict(values) == "invalid" else "maybe"
    if question.kind in ("choice", "yes_no"):
        return "maybe" if values and values[0] in options else "invalid"
    unsure = question.unsure.value
    if values and all(v in options for v in values) and not (unsure in values and len(values) > 1):
        return "maybe"
    return "invalid"


RECENT_DATES = st.dates(date(2025, 6, 1), TODAY).map(lambda d: [str(d.day), str(d.month), str(d.year)])

PREVIEWS = [q for q in QUESTIONS if q.extra.get("preview")]

PREVIEW_SLUGS = st.sampled_from([q.slug for q in PREVIEWS] * 8 + ["role", "offence-date", *(
    quote(t, safe="<>") for t in ("<x-hostile>", "../role", "decision_date", "DECISION-DATE", "😀", "%00"))])


# --------------------------------------------------------------------------- starting, leaving, settings, language


CONTRASTS = ("auto", "standard", "dark", "light", "yellow")

TEXT_SIZES = ("standard", "large", "larger")

NEXTS = ("/", "/questions/role", "/results?x=1", "//evil.example", "/\\evil.example", "/\t/evil.example",
         "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "https://evil.example", "javascript:alert(1)",
         "/%2F/evil.example", "/\x00/evil.example", "\\/evil.example", "/.//evil.example", "", "/<x-hostile>")

SETTINGS = {name: st.lists(st.one_of(st.sampled_from(allowed), special), max_size=2)
            for name, allowed in (("contrast", CONTRASTS), ("text_size", TEXT_SIZES), ("next", NEXTS))}

COOKIES = st.fixed_dictionaries({name: st.one_of(st.sampled_from(allowed), special.filter(str.isprintable))
                                 for name, allowed in (("contrast", CONTRASTS), ("text_size", TEXT_SIZES),
                                                       ("lang", ("en", "cy")))})

# (the cookies case draws a page, ~25 ms: fewer of those)
ACTIONS = st.sampled_from(("start", "start", "delete", "delete", "extend", "extend", *("display",) * 7, "cookies"))

ACCEPTS = st.sampled_from(("application/json", "text/html", "*/*", "application/json;q=0.1, text/html", "<x-hostile>",
                           ""))

REFERERS = st.sampled_from(("", "http://localhost/questions/role", "https://evil.example/", "/<x-hostile>"))

# (PATH_INFO as the server decodes it: "/%09/evil.example" arrives as "/\t/evil.example")
PATHS = st.sampled_from(("/", "/cookies", "/questions/role", "/results", "/staff/login", "/no-such-page",
                         "/requests/vrr/contact", "//evil.example", "/\\evil.example", "/\t/evil.example",
                         "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "///evil.example/x",
                         "/%2F%2Fevil.example", "/<x-hostile>", '/"><svg data-hostile onload=alert(1)>', "/\x00",
                         "/../../etc/passwd"))

LANG_VALUES = st.lists(st.one_of(st.sampled_from(("cy", "en")), st.sampled_from(("CY", "cy ", "de", "", "cy\x00")),
                                 special), min_size=1, max_size=3)


@st.composite
def session_actions(draw, token: str):
    """(action, its form, its headers, the settings cookies for the "cookies" action)."""
    action = draw(ACTIONS)
    pairs = [("csrf_token", v) for v in draw(csrf_values(token))] + draw(extra_fields)
    headers = {"Accept": draw(ACCEPTS)}
    if action == "extend":
        headers["Referer"] = draw(REFERERS)
    if action == "display":
        pairs += [(name, v) for name, values in SETTINGS.items() for v in draw(values)]
    return action, MultiDict(pairs), headers, draw(COOKIES) if action == "cookies" else {}


# --------------------------------------------------------------------------- the request forms

# Good values (by field name), to fill in the steps before the hostile ones; what is not
# named is left empty (text), takes its first choice (radios, selects) or none (checkboxes).
GOOD = {"full_name": "Alex Example", "victim_name": "Sam Example", "relationship": "Sister", "preferred": "email",
        "email": "alex@example.com", "safe": ["email"], "language": "cy", "wrote": "london_north",
        "meeting_format": "video", "what_happened": "They did not listen.", "when": "In November",
        "put_right": "An apology.", "court_name": "Cardiff Magistrates' Court", "offence": "Theft",
        "what_is_new": "A new witness.", "lawyer": "no", "in_prison": "no", "declaration": ["true"],
        "business_name": "Example Ltd", "authority": "to_follow", "convicted_name": "Sam Example",
        "date_of_birth": ["27", "3", "1990"], "conviction_date": ["2", "11", "2026"],
        "sentence_date": ["9", "11", "2026"]}

FIELD_KINDS = {"StringField": "text", "TextAreaField": "text", "EmailField": "text", "RadioField": "one",
               "SelectField": "one", "SelectMultipleField": "many", "FileField": "file", "DateField": "date"}


class FieldSpec:
    """What a request form's field accepts, read from its WTForms definition, and what
    may be sent to it (`values`: a browser's, or a changed page's)."""

    def __init__(self, field):
        self.name = field.name
        self.kind = FIELD_KINDS[field.type]
        self.choices = tuple(c.value if isinstance(c, SelectChoice) else c[0] for c in getattr(field, "choices", None)
                             or ())
        self.max_length = next((v.max for v in field.validators if isinstance(v, Length)), None)
        self.required = any(isinstance(v, InputRequired) for v in field.validators)
        self.optional = any(isinstance(v, Optional) for v in field.validators)
        if self.kind == "file":  # (the upload test sends files)
            self.values = st.just([])
        elif self.kind == "date":  # day, month, year under one name
            part = st.one_of(st.sampled_from(("1", "12", "31", "2026", "1990", "0", "-1", "")), hostile_text, special)
            self.values = st.one_of(st.just(self.good()), st.lists(part, max_size=4))
        elif self.kind == "text":
            one = st.one_of(st.just(self.good()[0]), hostile_text, around(self.max_length or 200))
            self.values = st.one_of(one.map(lambda v: [v]), st.lists(one, max_size=3))
        else:
            upper = [c.upper() for c in self.choices]
            choice = st.one_of(st.sampled_from(self.choices), special, st.sampled_from(upper))
            self.values = st.one_of(st.just(self.good()), st.lists(choice, max_size=3 if self.kind == "many" else 2))

    def good(self) -> list[str]:
        if self.kind == "file":
            return []
        value = GOOD.get(self.name, "" if self.kind == "text" else [] if self.kind == "many" else None)
        if value is None:
            value = next(c for c in self.choices if c)
        return list(value) if isinstance(value, list) else [value]

    def must_refuse(self, values: list[str]) -> bool:
        values = [as_read(v) for v in values]
        if self.kind == "date":  # (webapp.forms.DateField: three parts, a real date, a 4-digit year)
            day, month, year = ([v.strip() for v in values[:3]] + ["", "", ""])[:3]
            try:
                if not (day and month and len(year) == 4):
                    return True
                date(int(year), int(month), int(day))
            except (ValueError, OverflowError):
                return True
            return False
        first = values[0] if values else None
        if self.kind == "one":
            return first not in self.choices or (self.required and not first)
        if self.kind == "many":
            return any(v not in self.choices for v in values) or (self.required and not values)
        if self.required and not (first or "").strip():
            return True  # (request_forms.Required: a value of spaces is no answer)
        if first is None or (self.optional and not first.strip()):
            return False  # (Optional(): a value of spaces is no value)
        return self.max_length is not None and len(first) > self.max_length


@st.composite
def step_posts(draw, journeys: list[dict]):
    """(journey index, step slug, {field: values}, a text field sent as a file or None,
    CSRF values, extra fields)."""
    journey = draw(st.integers(0, len(journeys) - 1))
    slug, specs = draw(journeys[journey]["step_strategy"])
    values = {s.name: draw(s.values) for s in specs if s.kind != "file"}
    texts = [s.name for s in specs if s.kind == "text"]
    as_file = draw(st.sampled_from([None] * (3 * len(texts) or 1) + texts))  # wrong type: text sent as a file
    return journey, slug, values, as_file, draw(csrf_values(journeys[journey]["token"])), draw(extra_fields)


JOURNEYS = (("vrr", "victim_cps"), ("vrr", "representative_late"), ("independent_review", "business_local_decision"),
            ("meeting", "bereaved_completed_complaint"), ("complaint", "bereaved_completed_complaint"),
            ("ccrc", "convicted_magistrates"))


def form_specs(app, form_class, not_asked: set[str] = frozenset()) -> list[FieldSpec]:
    """The fields of a step as this person is asked it (without those they are not asked)."""
    with app.test_request_context():
        return [FieldSpec(f) for name, f in form_class(formdata=None, meta={"csrf": False})._fields.items()
                if name != "csrf_token" and name not in not_asked]


def prepare_request(app, kind: str, scenario: str) -> dict:
    """A browser of its own, its answers stored, the request started and every step filled
    in with good values (so that its check page shows what each hostile step stores)."""
    client = app.test_client()
    answers = SCENARIOS[scenario]
    store_draft(app, client, answers)
    token = token_of(client)
    response = client.post(f"/requests/{kind}/start", data={"csrf_token": token})
    assert response.status_code == 303, (kind, scenario, response.status_code)
    late = _late(kind, answers)
    steps = [(slug, form_specs(app, form_class, form_class.not_asked(answers, late)))
             for slug, form_class, _title in steps_for(kind, answers["role"])]
    for slug, specs in steps:
        data = MultiDict([("csrf_token", token)] + [(s.name, v) for s in specs if s.kind != "file" for v in s.good()])
        response = client.post(f"/requests/{kind}/{slug}", data=data)
        assert response.status_code == 303, (kind, slug, response.status_code, response.get_data(as_text=True)[:500])
    return {"client": client, "token": token, "kind": kind, "steps": dict(steps),
            "step_strategy": st.sampled_from(steps)}


def submission_id_on(client, kind: str = "vrr") -> str:
    page = client.get(f"/requests/{kind}/check").get_data(as_text=True)
    return re.search(r'name="submission_id" value="([^"]+)"', page).group(1)


UPLOAD_LIMIT = 2_048  # UPLOAD_MAX_BYTES in the upload test: a file over it is cheap to send

MAGIC = (b"%PDF-1.4\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"", b"%PDF", b"GIF89a", b"\x00",
         b"<html><script>alert('hostile')</script>", b"PK\x03\x04")

FILE_NAMES = ("authority.pdf", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "C:\\evil.pdf",
              "a\x00.pdf", "<x-hostile>.pdf", '"><svg data-hostile onload=alert(1)>.png', "😀.jpg", "", " ",
              ".", "..", "con.pdf", "a" * 5_000 + ".pdf", "%2e%2e%2fpasswd", "a;b=c.pdf", "{{7*7}}.pdf")

FILE_TYPES = ("application/pdf", "image/png", "image/jpeg", "text/html", "application/x-msdownload", "",
                 "application/pdf; charset=<x-hostile>", "image/svg+xml")

# A file as (its first bytes, its size (padded with NULs), its name, its content type):
# short to print when a case fails.
uploads = st.tuples(st.builds(bytes.__add__, st.sampled_from(MAGIC), st.binary(max_size=24)),
                    st.sampled_from((0, 0, 0, UPLOAD_LIMIT - 40, UPLOAD_LIMIT + 1, 70_000)),
                    st.one_of(st.sampled_from(FILE_NAMES), special), st.sampled_from(FILE_TYPES))

authority_files = st.one_of(st.just([]), st.lists(uploads, min_size=1, max_size=2),
                            special.map(lambda v: [v]))  # text where a file belongs


def file_content(upload: tuple) -> bytes:
    head, size, _name, _type = upload
    return head + b"\x00" * max(0, size - len(head))


def plain_name(name: str) -> bool:
    """A file name the test client sends as it is (it does not escape quotes, backslashes
    or line breaks in the multipart header, as a browser does): only for those is the name
    the server reads known."""
    return bool(name.strip()) and not re.search(r'["\\\x00-\x1f\x7f]', name)


def allowed_file(content: bytes) -> bool:
    return len(content) <= UPLOAD_LIMIT and content.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))


_text = st.one_of(hostile_text, special)

# What a sent request may hold: any text a step accepts, within each field's limit.
details_values = st.fixed_dictionaries({
    "full_name": _text.map(lambda v: v[:200] or "x"), "victim_name": _text.map(lambda v: v[:200]),
    "relationship": _text.map(lambda v: v[:200]), "email": st.just("alex@example.com"),
    "phone": st.just("01632 960 001"), "address": _text.map(lambda v: v[:500]),
    "interpreter_language": _text.map(lambda v: v[:100]), "other_needs": _text.map(lambda v: v[:500]),
    "needs": st.just(["interpreter", "other"]), "reason": _text.map(lambda v: v[:5000]),
    "urn": st.sampled_from(("", "01AB2345626")), "business_name": _text.map(lambda v: v[:200])})


# --------------------------------------------------------------------------- the JSON API


API = "/api/v1/assess"
MAX_BODY = 64 * 1024  # MAX_CONTENT_LENGTH (webapp/config.py)

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), special)

def _json_containers(inner):
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(special, inner, max_size=3))


JSON_VALUES = st.recursive(JSON_SCALARS, _json_containers, max_leaves=6)

# Tokens json.loads reads but that no JSON encoder writes (or that Python makes no number of).
RAW_TOKENS = ("NaN", "Infinity", "-Infinity", "1e999", "-0", "1" * 5_000, "1." + "0" * 5_000,
              "[" * 3_000 + "]" * 3_000, '"\\ud800"', '"\\u0000"', '"\\udfff\\ud800"', "0.1e-99999",
              "[" * 50 + "]" * 50)

DATES = st.one_of(st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
                  st.sampled_from(("2026-02-30", "2026-13-01", "2026-00-10", "26-11-16", "2026-11-16T00:00:00",
                                   "16/11/2026", "2026-11-16 ", "+2026-11-16", "٢٠٢٦-١١-١٦", "2026-W47-1",
                                   "20261116", "99999-01-01", "-2026-11-16", "2026-11-23", "1899-12-31")))


def _good_answer(key: str):
    spec = FIELDS_BY_KEY[key]
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.values)
    if spec.kind == "multi":
        return st.lists(st.sampled_from(spec.values), max_size=3, unique=True)
    return st.dates(date(1900, 1, 1), TODAY).map(date.isoformat)


# Wrong types for an answer: cheaper to draw than JSON_VALUES (the raw bodies' test has those).
WRONG_TYPES = st.one_of(st.sampled_from((
    None, True, False, 0, 1, -1, 2**63, -(2**63), 1e308, 0.5, float("nan"), float("inf"), [], {}, [None],
    ["sexual", 1], ["sexual", "sexual"], {"role": "victim"}, [[[[]]]], {"a": {"b": {"c": []}}}, "", " ", "yes",
    "true", "VICTIM", "victim\x00", ["<x-hostile>"])), st.integers(), special)

# (key, value) pairs: every answer key (a good value half the time), "today", unknown keys.
ANSWER_PAIRS = st.one_of(
    *(st.tuples(st.just(key), st.one_of(_good_answer(key), DATES, WRONG_TYPES) if key in FIELDS_BY_KEY else DATES)
      for key in (*FIELDS_BY_KEY, "today")),
    *[st.tuples(special, WRONG_TYPES)] * 4)

RAW = st.sampled_from((None,) * 19 + RAW_TOKENS)


@st.composite
def answer_bodies(draw):
    """A JSON object as text: known keys with good or wrong values, unknown keys, "today",
    repeated keys (the last one counts), tokens no encoder writes, a BOM. Returns (text,
    the object json.loads makes of it, or None when it cannot)."""
    pairs = draw(st.lists(ANSWER_PAIRS, max_size=5))
    ascii_only = draw(st.booleans())
    texts = [f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=ascii_only)}" for key, value in pairs]
    raw = draw(RAW)
    if raw is not None and texts:
        texts[-1] = f"{json.dumps(pairs[-1][0])}: {raw}"
    body = draw(st.sampled_from(("",) * 9 + ("\ufeff",))) + "{" + ", ".join(texts) + "}"
    try:
        model = json.loads(body.removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        model = None
    return body, model


ISO = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_date(value) -> date | None:
    if not isinstance(value, str) or not ISO.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def api_expected(model) -> tuple[set[str], bool]:
    """What the contract says of a body: (the fields a 400 must name, whether a 200 is
    possible). From ../shared/contract, not from the engine's code."""
    if model is None:
        return {"answers"}, False
    day = TODAY
    if "today" in model:
        day = _iso_date(model["today"])
        if day is None or not date(1900, 1, 1) <= day <= date(2099, 12, 31):
            return {"today"}, False
    wrong = set()
    for key, value in model.items():
        spec = FIELDS_BY_KEY.get(key)
        if key == "today":
            continue
        if spec is None:
            wrong.add(key)
        elif spec.kind == "bool":
            if not isinstance(value, bool):
                wrong.add(key)
        elif spec.kind == "choice":
            if not (isinstance(value, str) and value in spec.values):
                wrong.add(key)
        elif spec.kind == "multi":
            if not (isinstance(value, list) and all(isinstance(v, str) and v in spec.values for v in value)):
                wrong.add(key)
        else:
            parsed = _iso_date(value)
            if parsed is None or not date(1900, 1, 1) <= parsed <= day:
                wrong.add(key)
    return wrong, not wrong


NOT_ANSWERS = st.one_of(
    st.binary(max_size=64),
    special.map(str.encode),
    JSON_VALUES.filter(lambda v: not isinstance(v, dict)).map(lambda v: json.dumps(v).encode()),
    st.sampled_from((b"", b"null", b"[]", b"{", b"}", b"\xff\xfe{\x00}\x00", '{"role": "victim"}'.encode("utf-16"),
                     b"\xef\xbb\xbf[1]", b"role=victim", b'{"role": "victim"}\x00', b'{"role": "victim"} {}',
                     b"[" * 50_000, b'{"a":' * 2_000 + b"1" + b"}" * 2_000)),
    # Over MAX_CONTENT_LENGTH: 413, whatever the body is.
    st.builds(lambda head, size: head * (size // len(head)), st.sampled_from((b"x", b'{"role": "', b"[", b"\x00")),
              st.integers(MAX_BODY + 1, MAX_BODY + 10_000)),
)

API_CONTENT_TYPES = st.sampled_from((
    "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/json; charset=utf-16", "", "<x-hostile>", "application/xml"))


def loads(body: bytes):
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None


API_PATHS = st.sampled_from((API,) * 12 + ("/api/v1/", "/api/v1/assess/", "/api/v2/assess", "/api/v1/<x-hostile>"))

METHODS = st.sampled_from(("POST",) * 8 + ("PUT", "GET", "DELETE", "PATCH"))


# --------------------------------------------------------------------------- staff


EMAILS = st.one_of(special, hostile_text, st.sampled_from((
    "", " ", "@", "a@", "@b", "a@b", "a@b.c", "a@@b.example", "a b@example.com", '"a"@example.com', "a@[127.0.0.1]",
    "a@example.com\x00", "a@example.com\r\nBcc: x@evil.example", "İ" * 64 + "@example.com", "a@" + "b" * 250 + ".com")))

SECRETS = st.one_of(special, hostile_text, around(12), around(200))

FILTER_CHOICES = {"kind": [k for k, _ in KINDS], "status": [s for s, _ in STATUSES],
                  "flag": [f for f, _ in FLAG_CHOICES], "sort": list(SORT_LABELS)}

FILTER_VALUES = {name: st.lists(st.one_of(st.sampled_from(choices), special), max_size=2)
                 for name, choices in FILTER_CHOICES.items()}

FILTER_DATES = st.one_of(
    # The three parts, as the GOV.UK date input sends them: real, impossible, odd or hostile.
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(lambda d: [str(d.day), str(d.month), f"{d.year:04d}"]),
    st.lists(st.one_of(st.sampled_from(("30", "2", "2026", "26", "0", "13", "", " ", "٣", "+1", "1_0", "99999",
                                         "12\x00")), special), max_size=4),
    # An address from before the date inputs: one ISO date, or not quite one.
    st.lists(st.one_of(
        st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
        st.sampled_from(("2026-02-30", "2026-13-01", "2026-1-5", "26-11-22", "22/11/2026", "2026-11-22T10:00",
                         " 2026-11-22", "", " ", "٢٠٢٦-١١-٢٢", "0000-01-01", "99999-01-01", "2026-11-22\x00"))),
        max_size=2))

PAGE_NUMBERS = st.lists(st.one_of(st.integers(-10, 10**30).map(str), st.sampled_from((
    "", "0", "-1", "1.5", "9" * 5_000, "1e3", "٣", "+2", " 2 ")), special), max_size=2)


@st.composite
def filter_args(draw) -> list[tuple[str, str]]:
    """The inbox's query: each filter left out, one of its values, a hostile one, or repeated."""
    args = [(name, v) for name, values in FILTER_VALUES.items() for v in draw(values)]
    args += [(name, v) for name in ("received_from", "received_to") for v in draw(FILTER_DATES)]
    args += [("page", v) for v in draw(PAGE_NUMBERS)]
    return draw(st.permutations(args)) + draw(extra_fields)


def filter_date_parts(args: list[tuple[str, str]], name: str) -> list[str]:
    """The day, month and year the inbox reads for the date filter `name` (as its inputs show them)."""
    values = [as_read(v) for n, v in args if as_read(n) == name]
    if len(values) == 1 and ISO.fullmatch(values[0].strip()):
        values = list(reversed(values[0].strip().split("-")))
    return ([v.strip() for v in values[:3]] + ["", "", ""])[:3]


def filter_verdict(args: list[tuple[str, str]]) -> set[str]:
    """The filters that must get an error: an unknown choice, a date that is not one, "to"
    before "from" (WTForms reads the first value of a choice; a date's values joined)."""
    first: dict[str, str] = {}
    args = [(as_read(name), as_read(value)) for name, value in args]
    for name, value in args:
        first.setdefault(name, value)
    wrong = {n for n, choices in FILTER_CHOICES.items() if n in first and first[n] not in choices}
    dates = {}
    for name in ("received_from", "received_to"):
        # A GOV.UK date input: day, month, year under one name (a single ISO date is read
        # as its parts); all three empty is no filter; any other gap, or no real date, is wrong.
        day, month, year = filter_date_parts(args, name)
        if not (day or month or year):
            continue
        if not (day and month and year) or not all(LOOSE_NUMBER.fullmatch(p) for p in (day, month, year)):
            wrong.add(name)
            continue
        if not all(ASCII_DIGITS.fullmatch(p) for p in (day, month, year)):
            continue  # "+1", "٣": Python's int() reads them; either answer is fine
        try:
            if len(year) != 4:
                raise ValueError(year)
            dates[name] = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            wrong.add(name)
    if len(dates) == 2 and dates["received_to"] < dates["received_from"]:
        wrong.add("received_to")
    return wrong


STATUS_VALUES = st.lists(st.one_of(st.sampled_from(list(LABELS)), special, st.just("closed")), max_size=2)

NOTES = st.lists(st.one_of(st.just(""), hostile_text, around(2_000)), max_size=2)

OFFICE_CHOICES = {"", *(code for code, office in OFFICES.items() if code == office.code)}  # the triage team too

_GOOD_OR_NOT = st.sampled_from((True, True, False))

_LOCALS = st.sampled_from(("u", "a" * 60, "siân", "o'brien", "x+tag"))

_DOMAINS = st.sampled_from(("cps.example", "b" * 60 + ".example", "c" * 63 + "." + "d" * 63 + ".example"))

_NAMES = st.sampled_from(("Wes Caseworker", "Siân ap Dafydd"))

_BAD_NAMES = st.one_of(hostile_text, around(200))

_ROLES = st.sampled_from(("caseworker", "reviewer", "admin"))

_OFFICES = st.sampled_from(("wessex", "cymru_wales", ""))

_BAD_OFFICES = st.one_of(special, st.sampled_from(("triage", "aru", "WESSEX")))

_PASSWORDS = st.sampled_from(("a long enough password", "x" * 12))

_BAD_PASSWORDS = st.one_of(special, around(12), around(200))


@st.composite
def new_users(draw) -> dict:
    """The add-a-user form: each field good (two times in three) or not."""
    good = [draw(_GOOD_OR_NOT) for _ in range(5)]
    email = f"{draw(_LOCALS)}{draw(st.integers(0, 10**9))}@{draw(_DOMAINS)}" if good[0] else draw(EMAILS)
    return {"email": email, "name": draw(_NAMES if good[1] else _BAD_NAMES),
            "role": draw(_ROLES if good[2] else special), "office": draw(_OFFICES if good[3] else _BAD_OFFICES),
            "password": draw(_PASSWORDS if good[4] else _BAD_PASSWORDS)}


def user_verdict(user: dict) -> set[str]:
    user = {key: as_read(value) for key, value in user.items()}
    wrong = set()
    if user["role"] not in ("caseworker", "reviewer", "admin"):
        wrong.add("role")
    if not user["name"] or len(user["name"]) > 200:
        wrong.add("name")
    if not 12 <= len(user["password"]) <= 200:
        wrong.add("password")
    if "@" not in user["email"] or len(user["email"]) > 254:
        wrong.add("email")
    if user["office"] not in OFFICE_CHOICES or (user["role"] == "caseworker" and not user["office"]):
        wrong.add("office")
    return wrong


USER_IDS = st.one_of(st.sampled_from(("0", "-1", str(2**31), str(2**63), "abc", "1.0", "%00", "1%2F2", "<x-hostile>")),
                     st.integers(1, 8).map(str))


# --------------------------------------------------------------------------- the Welsh (and English) catalogue


@cache
def _messages(lang: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """The catalogue's messages in one language: English (msgid) or Welsh (msgstr)."""
    exact, patterns = set(), []
    for message in catalogue():
        if not message.id:
            continue
        texts = message.string if lang == "cy" else message.id
        for text in texts if isinstance(texts, tuple) else (texts,):
            if not text:
                continue
            if PLACEHOLDER.search(text):
                literal = [re.escape(part or "") for part in PLACEHOLDER.split(text)[::2]]
                patterns.append(re.compile(".+?".join(literal), re.DOTALL))
            else:
                exact.add(" ".join(text.split()))
    return frozenset(exact), tuple(patterns)


def is_message(text: str, lang: str) -> bool:
    """`text` is one of the service's own messages in `lang` (its placeholders filled in)."""
    exact, patterns = _messages(lang)
    text = " ".join(text.split())
    return text in exact or any(p.fullmatch(text) for p in patterns)


# --------------------------------------------------------------------------- reading what came back


class _Scan(HTMLParser):
    """One pass of the tokenizer: elements and attributes, ids, references, title, lang."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.ids: Counter = Counter()
        self.references: list[tuple[str, str]] = []
        self.title: str | None = None
        self.lang: str | None = None
        self.scripts: list[str] = []
        self._inside: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1
            elif name == "for" and tag == "label" and value:
                self.references.append(("label for", value))
            elif name == "aria-describedby" and value:
                self.references += [("aria-describedby", ref) for ref in value.split()]
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("title", "script", "style"):
            self._inside, self._text = tag, []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("title", "script", "style"):
            self._inside = None

    def handle_endtag(self, tag):
        if tag == self._inside:
            text = "".join(self._text)
            if tag == "title":
                if self.title is None:  # the page's, not the one inside the crown's <svg>
                    self.title = " ".join(text.split())
            else:
                self.scripts.append(text)
            self._inside = None

    def handle_data(self, data):
        if self._inside:
            self._text.append(data)


class Reply:
    """A response, read: its status, body and the tokenizer's findings; `<main>` parsed
    with BeautifulSoup when something needs it (the errors, the fields)."""

    def __init__(self, response):
        self.response = response
        self.body = response.get_data(as_text=True)
        self.scan = _Scan()
        self.scan.feed(self.body)
        self.scan.close()

    @property
    def status(self) -> int:
        return self.response.status_code

    @cached_property
    def main(self) -> BeautifulSoup:
        start, end = self.body.find("<main"), self.body.rfind("</main>")
        return BeautifulSoup(self.body[start:end + 7] if 0 <= start < end else self.body, "html.parser")

    @cached_property
    def summary(self) -> list[tuple[str, str]]:
        """(href, text) of each link of the error summary."""
        if "govuk-error-summary" not in self.body:
            return []
        box = self.main.select_one(".govuk-error-summary")
        return [(a.get("href", ""), text_of(a)) for a in box.select(".govuk-error-summary__list a")] if box else []

    @cached_property
    def inline(self) -> dict[str, str]:
        """Field name -> the text of its inline error message."""
        if "govuk-error-message" not in self.body:
            return {}
        return {(m.get("id") or "").removesuffix("-error"): re.sub(r"^(Error|Gwall):\s*", "", text_of(m))
                for m in self.main.select(".govuk-error-message")}

    @property
    def error_fields(self) -> set[str]:
        return set(self.inline)

    def field_values(self, name: str) -> list[str]:
        """What each input called `name` shows (a GOV.UK date's day, month and year)."""
        return [found.get("value", "") for found in self.main.find_all("input", attrs={"name": name})]

    def field_value(self, name: str) -> str | None:
        """What the text input or textarea called `name` shows (unescaped)."""
        found = self.main.find(["input", "textarea"], attrs={"name": name})
        if found is None:
            return None
        return found.get_text() if found.name == "textarea" else found.get("value", "")


def read(response) -> Reply:
    return Reply(response)


# --------------------------------------------------------------------------- the checks


def check_not_reflected(reply: Reply, sent: list[str]) -> None:
    """No markup that was sent is in the page as markup: no element or attribute of the
    payload, no script holding it, no template evaluated, no sent value with markup as it was sent."""
    for tag, attrs in reply.scan.tags:
        assert MARK not in tag, f"an element <{tag}> from the payload is in the page"
        for name, value in attrs:
            assert MARK not in name, f"an attribute {name!r} from the payload on <{tag}>"
            assert not name.startswith("on"), f"an event handler {name}={value!r} on <{tag}>"
            if name in ("href", "src", "action", "formaction") and value:
                assert not value.strip().lower().startswith("javascript:"), f"<{tag} {name}={value!r}>"
    for script in reply.scan.scripts:
        assert MARK not in script, f"a script or style holding the payload: {script[:200]!r}"
    assert SSTI_RESULT not in reply.body, "a template in the input was evaluated"
    for value in sent:
        if (len(value) >= 6 and re.search(r"<[A-Za-z/!]", value)) or (MARK in value and re.search(r"[<>\"']", value)):
            assert value not in reply.body, f"{value[:120]!r} is in the page as it was sent (not escaped)"


def check_page_sanity(reply: Reply, lang: str | None) -> None:
    """What check_page (conftest) checks that hostile input could break: the language,
    unique ids, labels and descriptions that lead somewhere."""
    if lang is not None:
        assert reply.scan.lang == lang, f"<html lang={reply.scan.lang!r}>, expected {lang!r}"
    duplicates = sorted(i for i, n in reply.scan.ids.items() if n > 1)
    assert not duplicates, f"duplicate ids: {duplicates}"
    for what, ref in reply.scan.references:
        assert ref in reply.scan.ids, f"{what} {ref!r}, which is not on the page"


def check_errors(reply: Reply, lang: str, fieldless: tuple[str, ...] = ("#main-content",)) -> None:
    """The page shows errors the GOV.UK way, in its language: "Error:"/"Gwall:" first in
    the title, a summary whose every link leads to a field on the page, an inline message
    by each of those fields, every message one of the service's own in `lang`. Links in
    `fieldless` are about no field (a session that ran out, a request that cannot change)."""
    assert reply.summary, f"an error page without an error summary (title {reply.scan.title!r})"
    prefix = "Gwall:" if lang == "cy" else "Error:"
    assert reply.scan.title and reply.scan.title.startswith(prefix), f"title {reply.scan.title!r}"
    for href, text in reply.summary:
        assert href.startswith("#") and href[1:] in reply.scan.ids, f"the summary links to {href!r}: not on the page"
        assert is_message(text, lang), f"{text!r} is not one of the service's {lang} messages"
        if href not in fieldless:
            name = re.sub(r"-(day|month|year)$", "", href[1:])
            assert name in reply.inline, f"the summary names {href} but there is no inline error #{name}-error"
    for name, text in reply.inline.items():
        assert is_message(text, lang), f"inline error of {name!r}: {text!r} is not one of the service's {lang} messages"


def check_no_errors(reply: Reply, lang: str) -> None:
    prefix = "Gwall:" if lang == "cy" else "Error:"
    assert not reply.summary and not reply.inline, f"errors on a page that should have none: {reply.summary}"
    if reply.scan.title is not None:
        assert not reply.scan.title.startswith(prefix), f"title {reply.scan.title!r} on a page without errors"


def check_error_page(reply: Reply, lang: str, status: int) -> None:
    """The service's own error page (400, 404, 413): a heading in the page's language."""
    assert reply.status == status, f"status {reply.status}, expected {status}"
    assert reply.response.mimetype == "text/html", reply.response.mimetype
    heading = reply.main.select_one("h1")
    assert heading is not None and is_message(text_of(heading), lang), f"error page heading {text_of(heading)!r}"


def same_site(location: str) -> bool:
    """Where a browser goes with this Location stays on this site (it drops tabs and
    newlines, trims control characters and spaces, and reads "\\" as "/")."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("".join(map(chr, range(33)))).replace("\\", "/")
    target = urlsplit(urljoin("http://localhost/a/b", cleaned))
    return target.scheme == "http" and target.netloc == "localhost"


def check_redirect(response, prefixes: tuple[str, ...] = ("/",)) -> str:
    location = response.headers.get("Location", "")
    assert location, "a redirect without a Location"
    assert same_site(location), f"a redirect off the site: {location!r}"
    path = urlsplit(location).path
    assert path.startswith(prefixes), f"a redirect to {location!r}, expected one of {prefixes}"
    return location


def form_outcome(response, lang: str, sent: list[str], *, fragment: bool = False, max_length: int = 64 * 1024,
                 fieldless: tuple[str, ...] = ()):
    """Read the answer to a form post: ("accepted", location), ("rejected", reply),
    ("refused", reply) for the CSRF refusal, or ("too_large", reply). Never a 500, and
    every page is checked (no reflection, sanity, errors the GOV.UK way)."""
    status = response.status_code
    assert status < 500, f"status {status}"
    too_big = (response.request.content_length or 0) > max_length
    if 300 <= status < 400:
        assert not too_big, f"a body of {response.request.content_length} bytes was read"
        return "accepted", check_redirect(response)
    reply = read(response)
    check_not_reflected(reply, sent)
    check_page_sanity(reply, None if fragment else lang)
    if status == 413 or too_big:
        assert too_big, f"413 for a body of {response.request.content_length} bytes"
        if reply.summary:  # the upload step says so on its field (and shows the step again)
            check_errors(reply, lang, ("#main-content", *fieldless))
        else:
            check_error_page(reply, lang, 413)
        return "too_large", reply
    if status == 400 and not reply.summary:
        check_error_page(reply, lang, 400)
        return "refused", reply
    check_errors(reply, lang, ("#main-content", *fieldless))
    return "rejected", reply


def json_errors(response) -> list[dict]:
    assert response.status_code < 500, f"status {response.status_code}: {response.get_data(as_text=True)[:300]}"
    assert response.mimetype == "application/json", f"{response.mimetype}: {response.get_data(as_text=True)[:200]}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    body = json.loads(response.get_data(as_text=True))
    if response.status_code == 200:
        return []
    assert isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"], body
    for error in body["errors"]:
        assert isinstance(error, dict) and set(error) == {"field", "message"}, error
        assert isinstance(error["field"], str), error  # (it may be "": a key sent as "")
        assert isinstance(error["message"], str) and error["message"].strip(), error
    return body["errors"]

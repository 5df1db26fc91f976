"""Hostile input, everywhere a person (or a script) can send something: hypothesis posts
random and hostile values to every form, the JSON API and the staff filters, in English and
in Welsh. Whatever is sent: never a 500; a refused value gets a clear error on its field
(the GOV.UK error summary and inline message, in the page's language, one of the service's
own messages); an accepted one is stored and shown escaped; markup is never reflected.

The values (hostile_support.py): very long strings (to 12,000 characters, and each field's
limit and just over), control characters (NUL, ESC, RLO, CR LF), emoji and astral-plane
text, combining marks, HTML fragments each carrying the word "hostile", SQL fragments,
format strings and Jinja expressions, wrong types (a file where text is expected, text
where a file is; JSON numbers, lists, objects, null), missing and repeated fields, unknown
choices, impossible dates, forged CSRF tokens. A body over MAX_CONTENT_LENGTH (64 KB) must
get the service's 413 page (the upload step: an error on its field).

Examples per test (hypothesis, derandomize=True: the same cases on every run), one app and
one client (or one per request journey) per test function, answers stored once:

    test                                              examples
    test_question_pages_refuse_hostile_answers            650
    test_date_preview_ignores_hostile_dates               500
    test_session_and_display_settings_stay_safe         1,100
    test_language_switch_stays_on_the_site                150
    test_request_steps_refuse_or_escape                   350
    test_authority_upload_refuses_hostile_files            100
    test_send_with_hostile_submission_ids                 350
    test_sent_request_shows_hostile_details_safely         20
    test_api_refuses_hostile_answers                    4,500
    test_api_refuses_bodies_that_are_not_answers        2,500
    test_staff_sign_in_refuses_hostile_input              150
    test_staff_inbox_filters_refuse_hostile_values        280
    test_staff_status_form_refuses_hostile_input           110
    test_staff_password_form_refuses_hostile_input         70
    test_staff_users_form_refuses_hostile_input            110
    total                                              10,940

(test_the_module_sends_at_least_10000_hostile_cases keeps this table, EXAMPLES and the tests
the same; each test checks that it ran its number of cases, in both languages, and reached
each of its outcomes.) Most cases go where a case is cheap (the JSON API, a redirect: a few
milliseconds) rather than where a page is drawn (~30 ms): the module takes about 100 s on
SQLite and 105 s on PostgreSQL on two CPUs (`pytest tests/web/test_hostile_input.py
--durations=0`). A failing test takes longer: hypothesis shrinks the case it found.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from urllib.parse import quote, urlencode

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

import webapp.staff.auth
from questionnaire.flow import QUESTIONS, QUESTIONS_BY_ID
from webapp.models import Request, StaffUser, db
from webapp.staff import workflow
from webapp.views.requests import SENT_KEY

from .conftest import text_of
from .hostile_support import (
    API,
    API_CONTENT_TYPES,
    API_PATHS,
    CONTRASTS,
    EMAILS,
    FILE_IN,
    JOURNEYS,
    LANG_VALUES,
    LANGUAGES,
    MAX_BODY,
    METHODS,
    NOT_ANSWERS,
    NOTES,
    PATHS,
    PREVIEW_SLUGS,
    PREVIEWS,
    RECENT_DATES,
    SECRETS,
    STATUS_VALUES,
    TEXT_SIZES,
    UPLOAD_LIMIT,
    USER_IDS,
    allowed_file,
    answer_bodies,
    api_expected,
    around,
    as_file,
    as_read,
    authority_files,
    check_error_page,
    check_errors,
    check_no_errors,
    check_not_reflected,
    check_page_sanity,
    check_redirect,
    check_secrets_hidden,
    csrf_ok,
    csrf_values,
    date_values,
    date_verdict,
    details_values,
    extra_fields,
    file_content,
    filter_args,
    filter_date_parts,
    filter_verdict,
    form_outcome,
    has_markup,
    hostile_settings,
    hostile_text,
    json_errors,
    loads,
    new_users,
    option_values,
    plain_name,
    prepare_request,
    question_posts,
    question_verdict,
    raw_query,
    read,
    repeated,
    reset_draft,
    same_site,
    sent_strings,
    session_actions,
    special,
    step_posts,
    store_draft,
    submission_id_on,
    token_of,
    user_verdict,
)
from .journeys import SCENARIOS, scenario_reaching
from .staff_support import PASSWORD, add_request, add_user, build_request, password_hash, staff_browser

pytestmark = [
    # Thousands of posts from one address: the rate limits (sign-in, sending, uploads) stay out of the way.
    pytest.mark.app_config(RATELIMIT_ENABLED=False),
    # A failing case of 12,000 characters makes a long report: that is expected here.
    pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"),
]

EXAMPLES = {
    "test_question_pages_refuse_hostile_answers": 650,
    "test_date_preview_ignores_hostile_dates": 500,
    "test_session_and_display_settings_stay_safe": 1_100,
    "test_language_switch_stays_on_the_site": 150,
    "test_request_steps_refuse_or_escape": 350,
    "test_authority_upload_refuses_hostile_files": 100,
    "test_send_with_hostile_submission_ids": 350,
    "test_sent_request_shows_hostile_details_safely": 20,
    "test_api_refuses_hostile_answers": 4_500,
    "test_api_refuses_bodies_that_are_not_answers": 2_500,
    "test_staff_sign_in_refuses_hostile_input": 150,
    "test_staff_inbox_filters_refuse_hostile_values": 280,
    "test_staff_status_form_refuses_hostile_input": 110,
    "test_staff_password_form_refuses_hostile_input": 70,
    "test_staff_users_form_refuses_hostile_input": 110,
}
HTMX = {"HX-Request": "true", "HX-Boosted": "true"}
CASEWORKER = "hostile.caseworker@cps.example"
ADMIN = "hostile.admin@cps.example"


def test_the_module_sends_at_least_10000_hostile_cases():
    """The table above, added up; every test of the module is in it."""
    assert sum(EXAMPLES.values()) >= 10_000
    tests = {name for name in globals() if name.startswith("test_")} - {
        "test_the_module_sends_at_least_10000_hostile_cases"}
    assert tests == set(EXAMPLES), tests ^ set(EXAMPLES)
    table = {m.group(1): int(m.group(2).replace(",", ""))
             for m in re.finditer(r"^    (test_\w+)\s+([\d,]+)$", __doc__, re.MULTILINE)}
    assert table == EXAMPLES, "the docstring's table and EXAMPLES differ"


class Tally:
    """How many cases a test ran, in which languages, with which outcomes: checked after the
    run, so that a strategy that stops reaching a branch shows up."""

    def __init__(self, name: str):
        self.name = name
        self.runs = 0
        self.languages: set[str] = set()
        self.outcomes: Counter = Counter()

    def __call__(self, lang: str, outcome: str) -> None:
        self.runs += 1
        self.languages.add(lang)
        self.outcomes[outcome] += 1

    def check(self, *expected_outcomes: str) -> None:
        assert self.runs >= EXAMPLES[self.name], f"{self.name}: {self.runs} cases, expected {EXAMPLES[self.name]}"
        assert self.languages in ({"en", "cy"}, {"json"}), self.languages
        missing = set(expected_outcomes) - set(self.outcomes)
        assert not missing, f"{self.name}: never {missing} ({dict(self.outcomes)})"


def run_cases(name: str):
    """The settings of this test's cases (its number from EXAMPLES)."""
    return hostile_settings(EXAMPLES[name])


# --------------------------------------------------------------------------- the questions


def test_question_pages_refuse_hostile_answers(app, client):
    """Every question (radios, checkboxes, the three date inputs), as a page and as an htmx
    fragment: a value that is not an answer gets the question's error, on its field; a date
    typed is kept; a hostile value is never shown as chosen."""
    tally = Tally("test_question_pages_refuse_hostile_answers")
    token = token_of(client)
    scenarios = {q.id: scenario_reaching(q.id) for q in QUESTIONS}
    state = {"draft": store_draft(app, client, {}), "scenario": None}

    def post(question_id: str, *values: str, csrf: str = token) -> tuple:
        data = MultiDict([("csrf_token", csrf), *((question_id, v) for v in values)])
        return question_id, list(values), [csrf], data, ""

    @run_cases(tally.name)
    @given(post=question_posts(token), lang=LANGUAGES, htmx=st.booleans())
    # Always, besides what hypothesis draws: a body over 64 KB, the dates GOV.UK names, a forged token.
    @example(post=post("role", "😀" * 20_000), lang="cy", htmx=False)
    @example(post=post("decision_date", "31", "2", "2026"), lang="cy", htmx=True)
    @example(post=post("decision_date", "0", "13", "2026"), lang="en", htmx=False)
    @example(post=post("offence", "sexual", "other"), lang="cy", htmx=False)
    @example(post=post("role", "victim", csrf="forged"), lang="cy", htmx=False)
    def run(post, lang, htmx):
        question_id, values, csrf, data, query = post
        question = QUESTIONS_BY_ID[question_id]
        name, answers = scenarios[question.id]
        if state["scenario"] != name:  # the answers of a journey that asks this question
            reset_draft(app, state["draft"], answers)
            state["scenario"] = name
        client.set_cookie("lang", lang)
        response = client.post(f"/questions/{question.slug}", query_string=query, data=data,
                               headers=HTMX if htmx else {})
        outcome, found = form_outcome(response, lang, [*sent_strings(data), query], fragment=htmx)
        tally(lang, outcome)
        if not csrf_ok(csrf, token):
            assert outcome in ("refused", "too_large"), f"a post with CSRF token {csrf!r} was {outcome}"
        elif outcome == "accepted":
            assert question_verdict(question, values) != "invalid", f"{question.id}: {values!r} was accepted"
            assert found.startswith(("/questions/", "/check-your-answers")), found
            state["scenario"] = None  # the answers changed: put them back next time
        elif outcome == "rejected":
            assert question.id in found.error_fields, f"{question.id}: errors on {found.error_fields}, not on the field"
            checked = [i.get("value") for i in found.main.select("input[checked]")]
            assert set(checked) <= set(option_values(question)), f"a hostile value shown as chosen: {checked!r}"
            if question.kind == "date":  # what was typed, kept (escaped) in the three inputs
                parts = ([as_read(str(v)).strip() for v in values[:3]] + ["", "", ""])[:3]
                shown = [found.main.find("input", id=f"{question.id}-{part}").get("value", "")
                         for part in ("day", "month", "year")]
                # (GOV.UK's date macro re-indents a line break inside a value: compare the words)
                assert [v.split() for v in shown] == [v.split() for v in parts], (shown, parts)

    run()
    tally.check("accepted", "rejected", "refused", "too_large")


def test_date_preview_ignores_hostile_dates(app, client):
    """The live deadline preview (htmx, as a date is typed): a date that is not a real one
    previews nothing; nothing sent is reflected; other slugs are not found."""
    tally = Tally("test_date_preview_ignores_hostile_dates")
    token = token_of(client)
    scenarios = {q.id: scenario_reaching(q.id) for q in PREVIEWS}
    state = {"draft": store_draft(app, client, {}), "question": None}

    @run_cases(tally.name)
    @given(slug=PREVIEW_SLUGS, parts=st.one_of(RECENT_DATES, date_values), csrf=csrf_values(token),
           extra=extra_fields, lang=LANGUAGES)
    def run(slug, parts, csrf, extra, lang):
        question = next((q for q in PREVIEWS if q.slug == slug), None)
        if question is not None and state["question"] != question.id:
            reset_draft(app, state["draft"], scenarios[question.id][1])
            state["question"] = question.id
        client.set_cookie("lang", lang)
        field = question.id if question else "decision_date"
        data = MultiDict([("csrf_token", v) for v in csrf] + [(field, v) for v in parts] + extra)
        response = client.post(f"/questions/{slug}/preview", data=data, headers={"HX-Request": "true"})
        assert response.status_code < 500, response.status_code
        found = read(response)
        check_not_reflected(found, [*sent_strings(data), slug])
        if (response.request.content_length or 0) > MAX_BODY:
            check_error_page(found, lang, 413)
            outcome = "too_large"
        elif question is None and response.status_code == 404:  # (before the CSRF check, if no route matches)
            check_error_page(found, lang, 404)
            outcome = "not_found"
        elif not csrf_ok(csrf, token):
            check_error_page(found, lang, 400)
            outcome = "refused"
        elif question is None:
            check_error_page(found, lang, 404)
        else:
            assert response.status_code == 200, response.status_code
            preview = found.main.select_one("#deadline-preview")
            assert preview is not None, found.body[:300]
            outcome = "preview" if text_of(preview) else "nothing"
            if date_verdict(parts) == "invalid":
                assert outcome == "nothing", f"a preview for {parts!r}: {text_of(preview)!r}"
        tally(lang, outcome)

    run()
    tally.check("preview", "nothing", "refused", "not_found")


# --------------------------------------------------------------------------- starting, leaving, settings


def test_session_and_display_settings_stay_safe(app, client):
    """Start, start again, "stay signed in", the display settings form and its cookies:
    every redirect stays on the site, only known settings are kept, nothing is reflected."""
    tally = Tally("test_session_and_display_settings_stay_safe")
    token = token_of(client)
    store_draft(app, client, SCENARIOS["victim_cps"])
    urls = {"start": "/start", "delete": "/delete-answers", "extend": "/session/extend", "display": "/display-settings"}

    @run_cases(tally.name)
    @given(case=session_actions(token), lang=LANGUAGES)
    def run(case, lang):
        action, data, headers, cookies = case
        client.set_cookie("lang", lang)
        if action == "cookies":  # the settings as cookies: only known ones change the page
            for name, value in cookies.items():
                client.set_cookie(name, value)
            response = client.get("/cookies")
            for name in ("contrast", "text_size"):
                client.delete_cookie(name)
            assert response.status_code == 200, response.status_code
            found = read(response)
            shown_lang = cookies["lang"] if cookies["lang"] in ("en", "cy") else "en"
            check_not_reflected(found, list(cookies.values()))
            check_page_sanity(found, shown_lang)
            check_no_errors(found, shown_lang)
            classes = re.search(r'<html[^>]*class="([^"]*)"', found.body).group(1).split()
            assert f"app-contrast-{cookies['contrast'] if cookies['contrast'] in CONTRASTS else 'auto'}" in classes
            assert f"app-text-{cookies['text_size'] if cookies['text_size'] in TEXT_SIZES else 'standard'}" in classes
            tally(lang, "page")
            return
        response = client.post(urls[action], data=data, headers=headers)
        assert response.status_code < 500, response.status_code
        for cookie in response.headers.getlist("Set-Cookie"):
            name, _, value = cookie.partition(";")[0].partition("=")
            allowed = {"contrast": CONTRASTS, "text_size": TEXT_SIZES}.get(name)
            assert allowed is None or value in allowed, f"{cookie!r} kept from {data!r}"
        if not csrf_ok(data.getlist("csrf_token"), token):
            check_error_page(read(response), lang, 400)
            tally(lang, "refused")
        elif response.status_code == 204 or response.mimetype == "application/json":
            assert action in ("display", "extend"), (action, response.status_code)
            if response.mimetype == "application/json":
                assert set(json.loads(response.get_data(as_text=True))) == {"expires_at", "expires_in", "expired"}
            tally(lang, "json")
        else:
            assert response.status_code == 303, response.status_code
            location = response.headers["Location"]
            if action != "extend":  # ("stay signed in" goes back to the Referer, which browsers send)
                assert same_site(location), f"{action}: a redirect off the site: {location!r} (sent {data!r})"
            if action == "start":
                assert location == "/questions/role", location
            tally(lang, "redirect")

    run()
    tally.check("page", "refused", "json", "redirect")


def test_language_switch_stays_on_the_site(app, client):
    """`?lang=` on any address: only en and cy are kept, and the redirect back to the page
    stays on the site, whatever the path and the repeated or hostile values."""
    tally = Tally("test_language_switch_stays_on_the_site")
    store_draft(app, client, SCENARIOS["victim_cps"])

    @run_cases(tally.name)
    @given(path=PATHS, values=LANG_VALUES, lang=LANGUAGES)
    def run(path, values, lang):
        client.set_cookie("lang", lang)
        query = raw_query([("lang", v) for v in values])
        response = client.get("/", environ_overrides={"PATH_INFO": path}, query_string=query)
        assert response.status_code < 500, response.status_code
        chosen = [c.partition(";")[0].partition("=")[2] for c in response.headers.getlist("Set-Cookie")
                  if c.startswith("lang=")]
        if as_read(values[0]) in ("en", "cy") and "\x00" not in path:
            assert response.status_code == 303, response.status_code
            assert chosen == [as_read(values[0])], chosen
            check_redirect(response)
            tally(lang, "switched")
            return
        assert chosen == [], f"lang={values!r} kept as {chosen}"
        if 300 <= response.status_code < 400:
            check_redirect(response)
        elif response.mimetype == "text/html":
            check_not_reflected(read(response), [path, *values])
        tally(lang, "ignored")

    run()
    tally.check("switched", "ignored")


# --------------------------------------------------------------------------- the request forms


def test_request_steps_refuse_or_escape(app):
    """Each step of each kind of request (and each role's own step): a value a field cannot
    take gets that field's error; what was typed is kept in its field; an accepted value is
    shown escaped on the check page; a file sent to a text field is never a 500."""
    tally = Tally("test_request_steps_refuse_or_escape")
    journeys = [prepare_request(app, kind, scenario) for kind, scenario in JOURNEYS]

    @run_cases(tally.name)
    @given(post=step_posts(journeys), lang=LANGUAGES, htmx=st.booleans())
    def run(post, lang, htmx):
        index, slug, values, file_field, csrf, extra = post
        journey = journeys[index]
        client, kind, specs = journey["client"], journey["kind"], journey["steps"][slug]
        client.set_cookie("lang", lang)
        data = MultiDict([("csrf_token", v) for v in csrf] + extra)
        for name, sent in values.items():
            for value in sent:
                data.add(name, as_file(value) if name == file_field else value)
        response = client.post(f"/requests/{kind}/{slug}", data=data, headers=HTMX if htmx else {},
                               **(FILE_IN if file_field else {}))
        outcome, found = form_outcome(response, lang, sent_strings(data), fragment=htmx)
        tally(lang, outcome)
        if not csrf_ok(csrf, journey["token"]) or outcome == "too_large":
            assert outcome in ("refused", "too_large"), f"a post with CSRF token {csrf!r} was {outcome}"
            return
        refused = {s.name for s in specs if s.name in values and s.name != file_field and s.must_refuse(values[s.name])}
        typed = [v for name, sent in values.items() if name != file_field for v in sent]
        if outcome == "accepted":
            assert not refused, f"{kind}/{slug}: accepted {({n: values[n] for n in refused})!r}"
            assert found.startswith(f"/requests/{kind}/"), found
            if has_markup(typed):  # stored: shown on the check page, escaped
                check = client.get(f"/requests/{kind}/check", headers=HTMX if htmx else {})
                assert check.status_code == 200, check.status_code
                shown = read(check)
                check_not_reflected(shown, typed)
                check_no_errors(shown, lang)
            return
        assert refused <= found.error_fields, f"{kind}/{slug}: no error on {refused - found.error_fields}"
        for spec in specs:  # what was typed is kept (escaped) in its text field
            sent = values.get(spec.name, [])
            if spec.kind == "text" and spec.name != file_field and len(sent) == 1:
                shown = found.field_value(spec.name)
                assert shown == as_read(sent[0]), (spec.name, shown, sent[0])

    run()
    tally.check("accepted", "rejected", "refused", "too_large")


def test_authority_upload_refuses_hostile_files(app, tmp_path):
    """The written authority: only a PDF, JPEG or PNG (by its content) under the limit is
    kept, under a random name in the upload folder; any other file, and text sent in its
    place, gets the field's error; so does a body over the limit; the file's name is never
    used nor reflected."""
    tally = Tally("test_authority_upload_refuses_hostile_files")
    folder = tmp_path / "uploads"
    app.config.update(UPLOAD_FOLDER=str(folder), UPLOAD_MAX_BYTES=UPLOAD_LIMIT)
    journey = prepare_request(app, "vrr", "representative_late")
    client, token = journey["client"], journey["token"]
    before = set(tmp_path.iterdir()) | {folder}

    @run_cases(tally.name)
    @given(authority=st.one_of(st.sampled_from([["now"], ["later"], ["to_follow"]]), st.lists(special, max_size=2)),
           files=authority_files,
           csrf=csrf_values(token), lang=LANGUAGES)
    def run(authority, files, csrf, lang):
        client.set_cookie("lang", lang)
        data = MultiDict([("csrf_token", v) for v in csrf] + [("authority", v) for v in authority])
        for item in files:
            data.add("authority_file", item if isinstance(item, str) else (
                io.BytesIO(file_content(item)), item[2], item[3]))
        response = client.post("/requests/vrr/authority", data=data, content_type="multipart/form-data")
        outcome, found = form_outcome(response, lang, sent_strings(data), max_length=UPLOAD_LIMIT + 64 * 1024)
        tally(lang, outcome)
        first = next((f for f in files if not isinstance(f, str)), None)
        bad_file = first is not None and plain_name(first[2]) and not allowed_file(file_content(first))
        if not csrf_ok(csrf, token):
            assert outcome in ("refused", "too_large"), outcome
        elif outcome == "too_large":
            assert "authority_file" in found.error_fields, found.error_fields
        elif outcome == "accepted":
            assert authority[:1] in (["now"], ["later"], ["to_follow"]), f"accepted without an answer: {authority!r}"
            assert not bad_file, f"accepted the file {first[2][:80]!r} ({first[0][:8]!r}, {first[1]} bytes)"
        else:
            if authority[:1] not in (["now"], ["later"], ["to_follow"]):
                assert "authority" in found.error_fields, found.error_fields
            if bad_file:
                assert "authority_file" in found.error_fields, found.error_fields
        # Whatever the file's name: nothing outside the folder, nothing in it but random names.
        assert set(tmp_path.iterdir()) <= before, set(tmp_path.iterdir()) - before
        for stored in folder.iterdir() if folder.exists() else ():
            assert re.fullmatch(r"[A-Za-z0-9_-]{32}", stored.name) and stored.is_file(), stored
            assert stored.stat().st_size <= UPLOAD_LIMIT

    run()
    tally.check("accepted", "rejected", "refused", "too_large")


def test_send_with_hostile_submission_ids(app):
    """"Send request" with any submission id: another person's is not found (404), a made-up
    one leads back to the results, never a 500 (the id is looked up in the database)."""
    tally = Tally("test_send_with_hostile_submission_ids")
    other = prepare_request(app, "vrr", "victim_cps")
    theirs = submission_id_on(other["client"])
    sent = other["client"].post("/requests/vrr/send", data={"csrf_token": other["token"], "submission_id": theirs})
    assert sent.status_code == 303, sent.status_code
    mine = prepare_request(app, "vrr", "victim_cps")
    client, token = mine["client"], mine["token"]
    own = submission_id_on(client)
    ids = st.one_of(special, hostile_text, st.sampled_from((
        theirs, own + "x", own[:-1], own.upper(), own + "\x00", theirs + " ", repeated("a", 64), repeated("a", 65),
        "%", "_" * 48)))
    kinds = st.sampled_from(("vrr", "vrr", "meeting", "ccrc", "unknown", quote("<x-hostile>", safe="<>")))

    @run_cases(tally.name)
    @given(kind=kinds, submission=st.lists(ids, max_size=2), csrf=csrf_values(token), lang=LANGUAGES)
    def run(kind, submission, csrf, lang):
        client.set_cookie("lang", lang)
        data = MultiDict([("csrf_token", v) for v in csrf] + [("submission_id", v) for v in submission])
        response = client.post(f"/requests/{kind}/send", data=data)
        assert response.status_code < 500, response.status_code
        if 300 <= response.status_code < 400:
            assert check_redirect(response) in ("/results", "/requests/sent"), response.headers["Location"]
            tally(lang, "redirect")
            return
        found = read(response)
        check_not_reflected(found, sent_strings(data))
        if (response.request.content_length or 0) > MAX_BODY:
            check_error_page(found, lang, 413)
            tally(lang, "too_large")
        elif not csrf_ok(csrf, token):
            check_error_page(found, lang, 400)
            tally(lang, "refused")
        else:
            check_error_page(found, lang, 404)
            assert submission[0] == theirs, f"404 for {submission!r}"
            tally(lang, "not_found")

    run()
    tally.check("redirect", "refused", "not_found")


def test_sent_request_shows_hostile_details_safely(app, client):
    """What a person sent (any text a step accepts) on the confirmation page, in its PDF copy
    and calendar file, and on the staff request page and inbox: escaped, never a 500."""
    tally = Tally("test_sent_request_shows_hostile_details_safely")
    add_user(app, ADMIN, "admin", None)
    staff = staff_browser(app, ADMIN)

    @run_cases(tally.name)
    @given(details=details_values, copy=st.sampled_from((False, False, False, True)), lang=LANGUAGES)
    def run(details, copy, lang):
        with app.app_context():
            stored = build_request(details=details, language=lang)
            db.session.add(stored)
            db.session.commit()
            reference = stored.reference
        typed = [v for v in details.values() if isinstance(v, str)]
        with client.session_transaction() as session:
            session[SENT_KEY] = reference
        client.set_cookie("lang", lang)
        page = client.get("/requests/sent")
        assert page.status_code == 200, page.status_code
        shown = read(page)
        check_not_reflected(shown, typed)
        check_page_sanity(shown, lang)
        if copy:  # (the PDF copy takes ~0.3 s to make: a quarter of the cases)
            pdf = client.get("/requests/sent/copy.pdf")
            assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF"), pdf.status_code
        ics = client.get("/requests/sent/calendar.ics")
        assert ics.status_code == 200 and ics.data.startswith(b"BEGIN:VCALENDAR"), ics.status_code
        staff.client.set_cookie("lang", lang)
        for url in (f"/staff/requests/{reference}", "/staff/?sort=newest"):
            response = staff.client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            shown = read(response)
            check_not_reflected(shown, typed)
            check_page_sanity(shown, lang)
        tally(lang, "shown")

    run()
    tally.check("shown")


# --------------------------------------------------------------------------- the JSON API


def test_api_refuses_hostile_answers(client):
    """POST /api/v1/assess with answers of every wrong kind: a 400 naming each wrong field
    (wrong type, unknown key, impossible date, a bad "today"), and only fields that were
    sent; never a 500."""
    tally = Tally("test_api_refuses_hostile_answers")

    @run_cases(tally.name)
    @given(body=answer_bodies())
    def run(body):
        text, model = body
        response = client.post(API, data=text.encode("utf-8", "surrogatepass"), content_type="application/json")
        named = {e["field"] for e in json_errors(response)}
        must, may_succeed = api_expected(model)
        if response.status_code == 200:
            assert may_succeed, f"200 for {text[:300]!r}: expected errors on {must}"
            assert isinstance(json.loads(response.get_data(as_text=True)).get("routes"), dict)
            tally("json", "assessed")
            return
        assert response.status_code == 400, response.status_code
        assert must <= named, f"errors on {named}, expected {must} for {text[:300]!r}"
        keys = set(model) if isinstance(model, dict) else set()
        assert named <= keys | {"answers"}, f"errors on {named - keys}, not sent in {text[:300]!r}"
        tally("json", "refused")

    run()
    tally.check("assessed", "refused")


def test_api_refuses_bodies_that_are_not_answers(client):
    """Bodies that are not a JSON object of answers (bytes, text, arrays, numbers, null, a
    form, over 64 KB), any content type, other methods, other /api addresses: always a JSON
    error naming "answers" (400, 404, 405, 413), never HTML, never a 500."""
    tally = Tally("test_api_refuses_bodies_that_are_not_answers")

    @run_cases(tally.name)
    @given(body=NOT_ANSWERS, content_type=API_CONTENT_TYPES, path=API_PATHS, method=METHODS)
    def run(body, content_type, path, method):
        response = client.open(path, method=method, data=body, content_type=content_type or None)
        errors = json_errors(response)
        status = response.status_code
        if status == 200:  # a body that is answers after all (st.binary can make "{}")
            assert (method, path) == ("POST", API) and isinstance(loads(body), dict), body[:200]
            tally("json", "assessed")
        elif status == 400 and isinstance(loads(body), dict):
            tally("json", "invalid answers")  # read as answers, then refused: its keys named
        else:
            assert [e["field"] for e in errors] == ["answers"], errors
            if (method, path) != ("POST", API):
                assert status in (404, 405), status
            else:
                assert status == (413 if len(body) > MAX_BODY else 400), status
            tally("json", str(status))

    run()
    tally.check("400", "404", "405", "413")


# --------------------------------------------------------------------------- staff


@pytest.fixture
def cheap_dummy_hash(app, monkeypatch):
    """An unknown email is checked against a dummy scrypt hash of full cost (so that both
    failures take the same time): here at the users' test cost (conftest's PASSWORD_HASH_METHOD)."""
    with app.app_context():
        monkeypatch.setattr(webapp.staff.auth, "_DUMMY_HASH", password_hash("not anyone's password"))


def test_staff_sign_in_refuses_hostile_input(app, cheap_dummy_hash):
    """The sign-in form: hostile emails and passwords are refused with the GOV.UK error on
    the field, the email is kept, the password never written back; only the right email and
    password sign in."""
    tally = Tally("test_staff_sign_in_refuses_hostile_input")
    add_user(app, CASEWORKER, "caseworker", "wessex")
    client = app.test_client()
    state = {"token": token_of(client, "/staff/login")}
    emails = st.one_of(st.just(CASEWORKER), st.just(" " + CASEWORKER.upper() + " "), EMAILS, around(254))
    passwords = st.one_of(st.just(PASSWORD), special, hostile_text, around(200), st.just(PASSWORD + "\x00"))

    @run_cases(tally.name)
    @given(email=st.lists(emails, max_size=2), password=st.lists(passwords, max_size=2),
           file_field=st.sampled_from((None,) * 10 + ("email", "password")),
           csrf=st.sampled_from(("ok",) * 9 + ("wrong",)), extra=extra_fields, lang=LANGUAGES)
    def run(email, password, file_field, csrf, extra, lang):
        client.set_cookie("lang", lang)
        data = MultiDict([("csrf_token", state["token"] if csrf == "ok" else "forged"), *extra])
        for name, values in (("email", email), ("password", password)):
            for value in values:
                data.add(name, as_file(value) if name == file_field else value)
        response = client.post("/staff/login", data=data, **(FILE_IN if file_field else {}))
        outcome, found = form_outcome(response, lang, sent_strings(data))
        tally(lang, outcome)
        # (scrypt's HMAC pads a short key with NULs: the password with NULs after it is the same key)
        right = (not file_field and bool(email) and email[0].strip().lower() == CASEWORKER
                 and [p.rstrip("\x00") for p in password[:1]] == [PASSWORD])
        if csrf != "ok":
            assert outcome == "refused", outcome
        elif outcome == "accepted":
            assert right, f"signed in with {email!r} / {password!r}"
            assert found == "/staff/", found
            client.post("/staff/logout", data={"csrf_token": token_of(client, "/staff/")})
            state["token"] = token_of(client, "/staff/login")  # a new session, a new token
        elif outcome == "rejected":
            assert not right, f"{email!r} / {password!r} refused"
            assert found.error_fields & {"email", "password"}, found.error_fields
            if len(email) == 1 and file_field != "email":  # kept, escaped
                assert found.field_value("email") == as_read(email[0]), (found.field_value("email"), email[0])
            check_secrets_hidden(found, password, [*email, *(v for _, v in extra)])

    run()
    tally.check("accepted", "rejected", "refused")


def test_staff_inbox_filters_refuse_hostile_values(app):
    """The inbox's filters (a GET form), as a caseworker and as an administrator, with and
    without htmx: a value that is not one gets its field's error (a date typed is kept); the
    others filter; any page number is clamped; nothing is reflected."""
    tally = Tally("test_staff_inbox_filters_refuse_hostile_values")
    add_user(app, CASEWORKER, "caseworker", "wessex")
    add_user(app, ADMIN, "admin", None)
    for spec in ({"kind": "vrr"}, {"kind": "ccrc", "office": "ccrc"}, {"kind": "meeting"}, {"kind": "complaint"}):
        add_request(app, **spec)
    browsers = {"caseworker": staff_browser(app, CASEWORKER), "admin": staff_browser(app, ADMIN)}
    results = {"HX-Request": "true", "HX-Target": "inbox-results", "HX-Trigger": "inbox-filters"}

    @run_cases(tally.name)
    @given(who=st.sampled_from(sorted(browsers)), args=filter_args(), htmx=st.booleans(), lang=LANGUAGES)
    def run(who, args, htmx, lang):
        client = browsers[who].client
        client.set_cookie("lang", lang)
        response = client.get("/staff/", query_string=raw_query(args), headers=results if htmx else {})
        assert response.status_code == 200, response.status_code
        found = read(response)
        check_not_reflected(found, [v for pair in args for v in pair])
        wrong = filter_verdict(args)
        if found.summary or wrong:  # the whole page, with its errors (htmx: swapped in for the results)
            check_page_sanity(found, lang)
            check_errors(found, lang)
            assert wrong <= found.error_fields, f"no error on {wrong - found.error_fields} for {args!r}"
            if htmx:
                assert response.headers.get("HX-Retarget") == "#main-content", response.headers
            for name in ("received_from", "received_to"):
                if name in found.error_fields:  # the day, month and year typed are kept
                    typed = filter_date_parts(args, name)
                    assert found.field_values(name) == typed, (name, found.field_values(name), typed)
            tally(lang, "refused")
        elif htmx:
            assert 'id="inbox-results"' in found.body and "<main" not in found.body, found.body[:300]
            tally(lang, "filtered")
        else:
            check_page_sanity(found, lang)
            check_no_errors(found, lang)
            tally(lang, "filtered")

    run()
    tally.check("refused", "filtered")


def test_staff_status_form_refuses_hostile_input(app):
    """The status form of a request page: a status that is not one of the allowed moves, or
    a note over 2,000 characters, is refused on its field (a note typed is kept); a request
    that cannot move says so; an accepted note is shown escaped in the history; a hostile
    reference is not found."""
    tally = Tally("test_staff_status_form_refuses_hostile_input")
    add_user(app, CASEWORKER, "caseworker", "wessex")
    add_user(app, ADMIN, "admin", None)
    browsers = {"caseworker": staff_browser(app, CASEWORKER), "admin": staff_browser(app, ADMIN)}
    tokens = {who: token_of(b.client, "/staff/") for who, b in browsers.items()}
    pool = [add_request(app, kind=kind) for kind in ("vrr", "vrr", "meeting", "complaint")]

    @run_cases(tally.name)
    @given(who=st.sampled_from(sorted(browsers)), index=st.integers(0, len(pool)), status=STATUS_VALUES,
           note=NOTES, hostile_reference=special, csrf=st.sampled_from(("ok",) * 9 + ("wrong",)), lang=LANGUAGES)
    def run(who, index, status, note, hostile_reference, csrf, lang):
        client = browsers[who].client
        client.set_cookie("lang", lang)
        reference = pool[index] if index < len(pool) else hostile_reference
        data = MultiDict([("csrf_token", tokens[who] if csrf == "ok" else "forged")]
                         + [("status", v) for v in status] + [("note", v) for v in note])
        current = None
        if index < len(pool):
            with app.app_context():
                found_request = db.session.scalar(select(Request).where(Request.reference == reference))
                current = (found_request.kind, found_request.status, found_request.office)
        response = client.post(f"/staff/requests/{quote(reference, safe='')}/status", data=data)
        assert response.status_code < 500, response.status_code
        if csrf != "ok":  # refused; or over the size limit, which is found first
            too_large = len(urlencode(list(data.items(multi=True)))) > MAX_BODY
            expected = 404 if "\x00" in reference else 413 if too_large and response.status_code == 413 else 400
            check_error_page(read(response), lang, expected)  # (a path with a NUL is no page: 404 first)
            tally(lang, "refused")
            return
        if current is None or not (who == "admin" or current[2] == "wessex"):
            found = read(response)
            check_not_reflected(found, [reference, *sent_strings(data)])
            # Another office's, or none: not found (an empty reference makes another address: 405)
            check_error_page(found, lang, 405 if current is None and response.status_code == 405 else 404)
            tally(lang, "not_found")
            return
        allowed = workflow.transitions(*current) if who == "admin" or current[2] != "aru" else ()
        note_too_long = bool(note) and bool(note[0].strip()) and len(note[0]) > 2_000
        # (a request that cannot move: the summary points at its status, not at a field)
        outcome, found = form_outcome(response, lang, sent_strings(data), fieldless=("#status-heading",))
        tally(lang, outcome)
        if outcome == "accepted":
            assert status[:1] and status[0] in allowed and not note_too_long, (status, allowed, note[:1])
            page = client.get(found)  # as a browser follows the redirect (and shows the flash message)
            assert page.status_code == 200, page.status_code
            shown = read(page)
            check_not_reflected(shown, note)
            check_page_sanity(shown, lang)
            with app.app_context():
                now = db.session.scalar(select(Request).where(Request.reference == reference))
                moved = (now.kind, now.status, now.office)
            if not workflow.transitions(*moved):
                pool[index] = add_request(app, kind=moved[0])  # closed: a fresh one in its place
        elif outcome == "rejected":
            assert response.status_code == 400, response.status_code
            if not allowed:
                assert [href for href, _ in found.summary] == ["#status-heading"], found.summary
                return
            if not status[:1] or status[0] not in allowed:
                assert "status" in found.error_fields, found.error_fields
            if note_too_long:
                assert "note" in found.error_fields, found.error_fields
            if len(note) == 1:
                assert found.field_value("note") == as_read(note[0]), (found.field_value("note"), note[0])

    run()
    tally.check("accepted", "rejected", "refused", "not_found")


def test_staff_password_form_refuses_hostile_input(app):
    """Changing one's password: a wrong current password, a new one outside 12-200
    characters, or two that differ, are refused on their fields; no password is ever
    written back into the page."""
    tally = Tally("test_staff_password_form_refuses_hostile_input")
    add_user(app, CASEWORKER, "caseworker", "wessex")
    client = staff_browser(app, CASEWORKER).client
    state = {"password": PASSWORD, "token": token_of(client, "/staff/password")}
    new_passwords = st.one_of(st.lists(st.sampled_from(("a new long password", "another one, 12+")), min_size=1,
                                       max_size=1), st.lists(SECRETS, max_size=2))

    @run_cases(tally.name)
    @given(current=st.one_of(st.just("right"), SECRETS), new=new_passwords, again=st.one_of(st.just("same"), SECRETS),
           lang=LANGUAGES)
    def run(current, new, again, lang):
        client.set_cookie("lang", lang)
        current = state["password"] if current == "right" else current
        again = new[:1] if again == "same" else [again]
        data = MultiDict([("csrf_token", state["token"]), ("current", current)] + [("new", v) for v in new]
                         + [("again", v) for v in again])
        response = client.post("/staff/password", data=data)
        outcome, found = form_outcome(response, lang, sent_strings(data))
        tally(lang, outcome)
        good = current == state["password"] and bool(new) and 12 <= len(new[0]) <= 200 and again[:1] == new[:1]
        if outcome == "accepted":
            assert good, f"changed with {current!r}, {new!r}, {again!r}"
            assert client.get(found).status_code == 200  # as a browser follows (and shows the flash message)
            state["password"] = new[0]
            state["token"] = token_of(client, "/staff/password")  # signed in again: a new session
        elif outcome == "rejected":
            assert not good, "a good change refused"
            check_secrets_hidden(found, [current, *new, *again], [])

    run()
    tally.check("accepted", "rejected")


def test_staff_users_form_refuses_hostile_input(app):
    """Adding a user (administrators): a value a field cannot take is refused on its field
    (what was typed kept, the password never); an accepted one is listed, escaped. Stopping
    someone's access: only another existing user's, with the form's own token."""
    tally = Tally("test_staff_users_form_refuses_hostile_input")
    admin_id = add_user(app, ADMIN, "admin", None)
    add_user(app, CASEWORKER, "caseworker", "wessex")
    client = staff_browser(app, ADMIN).client
    token = token_of(client, "/staff/users")

    @run_cases(tally.name)
    @given(user=new_users(), extra=extra_fields, stop=st.sampled_from((None,) * 5 + ("stop",)), target=USER_IDS,
           file_field=st.sampled_from((None,) * 10 + ("email", "name", "role", "office", "password")),
           csrf=st.sampled_from(("ok",) * 9 + ("wrong",)), lang=LANGUAGES)
    # Stopping the caseworker's access (the second user of this new database) at least once.
    @example(user={}, extra=[], stop="stop", target="2", file_field=None, csrf="ok", lang="cy")
    def run(user, extra, stop, target, file_field, csrf, lang):
        client.set_cookie("lang", lang)
        if stop:
            response = client.post(f"/staff/users/{target}/deactivate",
                                   data={"csrf_token": token if csrf == "ok" else "forged"})
            assert response.status_code < 500, response.status_code
            with app.app_context():
                exists = target.isascii() and target.isdigit() and db.session.get(StaffUser, int(target)) is not None
            if response.status_code == 303:
                assert csrf == "ok" and exists and int(target) != admin_id, f"stopped {target!r}"
                check_redirect(response, ("/staff/users",))
                assert client.get(response.headers["Location"]).status_code == 200  # (and its flash message)
                tally(lang, "stopped")
            else:
                check_error_page(read(response), lang, 400 if csrf != "ok" and response.status_code == 400 else 404)
                tally(lang, "not_found")
            return
        data = MultiDict([("csrf_token", token if csrf == "ok" else "forged"), *extra, *(
            (name, as_file(value) if name == file_field else value) for name, value in user.items())])
        response = client.post("/staff/users", data=data, **(FILE_IN if file_field else {}))
        outcome, found = form_outcome(response, lang, sent_strings(data))
        tally(lang, outcome)
        # A file where text belongs: that text is missing (a required one: an error).
        wrong = user_verdict({**user, file_field: ""} if file_field else user)
        if csrf != "ok":
            assert outcome == "refused", outcome
        elif outcome == "accepted":
            assert not wrong, f"a user added with {wrong} wrong: {user!r}"
            listing = client.get(found)  # as a browser follows the redirect
            assert listing.status_code == 200, listing.status_code
            shown = read(listing)
            check_not_reflected(shown, [user["email"], user["name"]])
            check_page_sanity(shown, lang)
        elif outcome == "rejected":
            assert wrong <= found.error_fields, f"no error on {wrong - found.error_fields} for {user!r}"
            for name in ("email", "name"):
                if name != file_field:
                    assert found.field_value(name) == as_read(user[name]), (name, found.field_value(name), user[name])
            check_secrets_hidden(found, [user["password"]], [user["email"], user["name"], *(v for _, v in extra)])

    run()
    tally.check("accepted", "rejected", "refused", "stopped", "not_found")

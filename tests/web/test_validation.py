"""Errors: the GOV.UK error summary and inline errors, and what hostile input gets."""

from __future__ import annotations

import pytest

from questionnaire.flow import QUESTIONS_BY_ID

from .conftest import SERVICE, text_of, title_of
from .journeys import REPRESENTATIVE_LATE, VICTIM_CPS, open_question

SCRIPT = "<script>alert(1)</script>"

# One question of each kind, and the first input its error must link to.
KINDS = {
    "choice": ("role", "#role"),
    "yes_no": ("victim_withdrew_support", "#victim_withdrew_support"),
    "date": ("decision_date", "#decision_date-day"),
    "multi": ("offence", "#offence"),
}


@pytest.fixture
def open_page(seed_answers):
    """Store the answers given before a question (victim, CPS, by default); its URL."""

    def open_(question_id: str, answers: dict = VICTIM_CPS) -> str:
        return open_question(seed_answers, answers, question_id)

    return open_


def _summary(page) -> list[tuple[str, str]]:
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    return [(a["href"], text_of(a)) for a in summary.select(".govuk-error-summary__list a")]


def _inline_error(page, question_id: str) -> str:
    message = page.select_one(f"#{question_id}-error")
    assert message is not None, f"no inline error #{question_id}-error"
    assert "govuk-error-message" in message["class"]
    assert message.find_parent(class_="govuk-form-group--error") is not None
    return text_of(message).removeprefix("Error:").strip()


def _date_inputs(page, question_id: str) -> list[str]:
    return [page.select_one(f"#{question_id}-{part}")["value"] for part in ("day", "month", "year")]


def _assert_not_reflected(client_request, value: str) -> None:
    raw = client_request.response.get_data(as_text=True)
    assert value not in raw, f"{value[:60]!r} is in the page unescaped"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_validation_empty_answer_shows_error_summary_and_inline_error(
    client_request, open_page, stored_drafts, kind, htmx
):
    question_id, first_input = KINDS[kind]
    url = open_page(question_id)
    page = client_request.submit(url, {}, htmx=htmx, expected_status=200)
    question = QUESTIONS_BY_ID[question_id]

    assert title_of(page) == f"Error: {question.title_for('self')} – {SERVICE} – GOV.UK"
    assert _summary(page) == [(first_input, question.error)]
    assert page.select_one(first_input) is not None, f"the summary links to {first_input}, which is not on the page"
    assert _inline_error(page, question_id) == question.error
    assert page.select_one(".govuk-error-summary").find_parent("form") is None
    assert all(question_id not in draft["answers"] for draft in stored_drafts.all()), "an empty answer was saved"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (["16", "", "2026"], "Date of the decision letter must include a month"),
        (["", "11", "2026"], "Date of the decision letter must include a day"),
        (["16", "11", ""], "Date of the decision letter must include a year"),
        (["31", "2", "2026"], "Date of the decision letter must be a real date"),
        (["16", "13", "2026"], "Date of the decision letter must be a real date"),
        (["16", "11", "26"], "Date of the decision letter must be a real date"),
        (["a", "b", "cdef"], "Date of the decision letter must be a real date"),
    ],
    ids=["no-month", "no-day", "no-year", "31-february", "month-13", "two-digit-year", "letters"],
)
def test_validation_date_error_says_what_is_wrong_and_keeps_what_was_typed(client_request, open_page, typed, message):
    url = open_page("decision_date")
    page = client_request.submit(url, {"decision_date": typed}, expected_status=200)
    assert title_of(page).startswith("Error:")
    # GOV.UK: a missing part is the one linked to; otherwise the first input.
    missing_part = next((part for part, value in zip(("day", "month", "year"), typed, strict=True) if not value), "day")
    assert _summary(page) == [(f"#decision_date-{missing_part}", message)]
    assert _inline_error(page, "decision_date") == message
    assert _date_inputs(page, "decision_date") == typed


def test_validation_date_in_the_future_must_be_today_or_in_the_past(client_request, open_page):
    url = open_page("decision_date")
    page = client_request.submit(url, {"decision_date": ["23", "11", "2026"]}, expected_status=200)
    [(href, text)] = _summary(page)
    assert href == "#decision_date-day"
    assert "must be today or in the past" in text
    assert "must be today or in the past" in _inline_error(page, "decision_date")
    assert _date_inputs(page, "decision_date") == ["23", "11", "2026"]


def test_validation_date_today_is_accepted(client_request, open_page):
    url = open_page("decision_date")
    assert client_request.submit(url, {"decision_date": ["22", "11", "2026"]}).startswith("/questions/")


def test_validation_date_before_an_earlier_answer_is_an_inline_error(client_request, open_page):
    url = open_page("communicated_date", REPRESENTATIVE_LATE)
    page = client_request.submit(url, {"communicated_date": ["4", "1", "2026"]}, expected_status=200)
    expected = ("The date you were told of the decision must be the same as or after the date of the decision letter")
    assert _summary(page) == [("#communicated_date-day", expected)]
    assert _inline_error(page, "communicated_date") == expected


def test_validation_invalid_choice_leaves_no_radio_checked(client_request, open_page):
    url = open_page("role")
    page = client_request.submit(url, {"role": "not-a-role"}, expected_status=200)
    assert page.select("input[name=role][checked]") == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("role", "x" * 10_000),
        ("role", SCRIPT),
        ("role", "police"),
        ("role", ""),
        ("role", "VICTIM"),
    ],
    ids=["long", "html", "other-question-value", "blank", "uppercase"],
)
def test_validation_hostile_choice_is_refused_with_the_questions_message(client_request, open_page, field, value):
    url = open_page("role")
    page = client_request.submit(url, {field: value}, expected_status=200)
    assert _summary(page) == [("#role", QUESTIONS_BY_ID["role"].error)]
    _assert_not_reflected(client_request, SCRIPT)


def test_validation_a_nul_character_is_dropped_as_the_answer_is_read(client_request, open_page):
    """A NUL cannot be typed and PostgreSQL refuses it: the app removes it from every value
    (webapp/requests_in.py), so "victim\x00" is read as "victim"."""
    url = open_page("role")
    assert client_request.submit(url, {"role": "victim\x00"}) == "/questions/decision-by"


@pytest.mark.parametrize("value", [[SCRIPT], ["sexual", SCRIPT], ["zzz"], ["x" * 5_000]],
                         ids=["html", "valid-and-html", "unknown", "long"])
def test_validation_hostile_checkboxes_are_refused_with_the_questions_message(client_request, open_page, value):
    url = open_page("offence")
    page = client_request.submit(url, {"offence": value}, expected_status=200)
    _assert_not_reflected(client_request, SCRIPT)
    # GOV.UK wording, as for radios; never WTForms' "'zzz' is not a valid choice for this field."
    assert _summary(page) == [("#offence", QUESTIONS_BY_ID["offence"].error)]


@pytest.mark.parametrize(
    "typed",
    [
        [SCRIPT, "11", "2026"],
        ["16", "11", SCRIPT],
        ["x" * 10_000, "11", "2026"],
        ["-1", "11", "2026"],
        ["0", "0", "0000"],
        ["1.5", "11", "2026"],
        ["99999999999999999999", "11", "2026"],
        ["16", "99999999999999999999", "2026"],
        ["16", "11", "99999999999999999999"],
    ],
    ids=["html-day", "html-year", "long-day", "negative", "zeros", "decimal", "huge-day", "huge-month", "huge-year"],
)
def test_validation_hostile_date_is_not_a_real_date(client_request, open_page, typed):
    url = open_page("decision_date")
    page = client_request.submit(url, {"decision_date": typed}, expected_status=200)
    assert _summary(page) == [("#decision_date-day", "Date of the decision letter must be a real date")]
    assert _date_inputs(page, "decision_date") == typed  # kept, as typed, escaped in the value
    _assert_not_reflected(client_request, SCRIPT)


@pytest.mark.parametrize(
    "parts",
    [["16"], ["16", "11"], ["16", "11", "2026", "2027"], ["16", "11", "2026", SCRIPT]],
    ids=["one-part", "two-parts", "four-parts", "four-parts-html"],
)
def test_validation_date_with_repeated_or_missing_parts_is_never_a_server_error(client_request, open_page, parts):
    url = open_page("decision_date")
    response = client_request.client.post(url, data={"decision_date": parts, "csrf_token": client_request.csrf_token()})
    assert response.status_code in (200, 303), response.status_code
    assert SCRIPT not in response.get_data(as_text=True)
    if response.status_code == 200:
        client_request.response = response
        page = client_request._check(response, htmx=False)
        assert page.select_one(".govuk-error-summary") is not None


def test_validation_repeated_radio_field_is_never_a_server_error(client_request, open_page):
    url = open_page("role")
    response = client_request.client.post(
        url, data={"role": ["victim", "convicted_person"], "csrf_token": client_request.csrf_token()})
    assert response.status_code in (200, 303)
    if response.status_code == 303:
        assert response.headers["Location"] in ("/questions/decision-by", "/questions/conviction-place")


def test_validation_unknown_fields_are_ignored(client_request, open_page):
    url = open_page("role")
    location = client_request.submit(url, {"role": "victim", "decision_by": "police", "evil": SCRIPT})
    assert location == "/questions/decision-by"
    page = client_request.get(location)
    assert page.select("input[name=decision_by][checked]") == [], "an answer was taken from another page's field"


def test_validation_query_string_is_escaped_in_the_form_action(client_request, open_page):
    url = open_page("decision_by")
    hostile = f'{url}?return_to="><script>alert(1)</script>'
    page = client_request.get(hostile)
    _assert_not_reflected(client_request, SCRIPT)
    assert page.select_one("main form")["action"].startswith(url)


def test_validation_post_without_csrf_token_is_refused(client_request, stored_drafts):
    client_request.submit("/")
    page = client_request.post("/questions/role", {"role": "victim"}, csrf=False, expected_status=400)
    assert text_of(page.select_one("h1")).startswith("Sorry, there is a problem")
    assert stored_drafts.all() == []


def test_validation_post_with_a_forged_csrf_token_is_refused(client_request, stored_drafts):
    client_request.submit("/")
    client_request.post("/questions/role", {"role": "victim", "csrf_token": "forged"}, expected_status=400)
    assert stored_drafts.all() == []


@pytest.mark.app_config(MAX_CONTENT_LENGTH=1024)
def test_validation_oversized_form_is_refused_with_413(client_request, open_page):
    url = open_page("role")
    page = client_request.submit(url, {"role": "x" * 4096}, expected_status=413)
    assert text_of(page.select_one("h1")) == "What you sent is too large"
    assert "Your answers so far have been kept." in text_of(page.select_one("main"))

"""Each question page, reached the way a person reaches it, as a page and as a fragment."""

from __future__ import annotations

import pytest

from questionnaire.flow import QUESTIONS, QUESTIONS_BY_ID, audience

from .conftest import SERVICE, text_of, title_of
from .journeys import expected_questions, form_value, open_question, scenario_reaching

QUESTION_IDS = [q.id for q in QUESTIONS]


def _reach(seed_answers, question_id: str) -> tuple[dict, str]:
    """The answers of a journey that asks `question_id`, stored up to it; its URL.
    (test_journeys.py answers every one of these journeys page by page.)"""
    _, answers = scenario_reaching(question_id)
    return answers, open_question(seed_answers, answers, question_id)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_question_page_asks_its_question(client_request, seed_answers, question_id, htmx):
    answers, url = _reach(seed_answers, question_id)
    question = QUESTIONS_BY_ID[question_id]
    page = client_request.get(url, htmx=htmx)

    title = question.title_for(audience(answers["role"]))
    h1 = page.select_one("h1")
    assert text_of(h1) == title
    assert h1.find_parent("legend") is not None, "the question is the fieldset's legend"
    assert title_of(page) == f"{title} – {SERVICE} – GOV.UK"
    form = page.select_one("main form")
    assert form["action"] == url and form["method"] == "post"
    names = {field["name"] for field in form.select("input[name]")} - {"csrf_token"}
    assert names == {question_id}
    if question.kind == "date":
        assert [i["id"] for i in form.select("input[type=text]")] == [
            f"{question_id}-day", f"{question_id}-month", f"{question_id}-year"]
    else:
        kind = "checkbox" if question.kind == "multi" else "radio"
        values = [i["value"] for i in form.select(f"input[type={kind}]")]
        options = [o.value for o in question.options] + ([question.unsure.value] if question.unsure else [])
        assert values == options
    assert page.select_one(".app-start-again a[href^='/start-again']") is not None


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_question_page_back_link_goes_to_previous_question(client_request, seed_answers, question_id):
    answers, url = _reach(seed_answers, question_id)
    page = client_request.get(url)
    asked = expected_questions(answers)
    before = asked[: asked.index(question_id)]
    expected = f"/questions/{before[-1].replace('_', '-')}" if before else "/"
    assert page.select_one(".govuk-back-link")["href"] == expected


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_question_page_shows_the_stored_answer_when_revisited(client_request, seed_answers, question_id):
    answers, url = _reach(seed_answers, question_id)
    client_request.submit(url, form_value(question_id, answers[question_id]))
    page = client_request.get(url)
    question = QUESTIONS_BY_ID[question_id]
    form = page.select_one("main form")
    if question.kind == "date":
        shown = [int(form.select_one(f"#{question_id}-{part}")["value"]) for part in ("day", "month", "year")]
        assert shown == [int(part) for part in form_value(question_id, answers[question_id])[question_id]]
    else:
        checked = sorted(i["value"] for i in form.select("input[checked]"))
        expected = form_value(question_id, answers[question_id])[question_id]
        assert checked == sorted(expected if isinstance(expected, list) else [expected])


def test_question_page_without_answers_redirects_to_start(client_request):
    assert client_request.get_redirect("/questions/decision-type") == "/"


def test_question_page_not_yet_needed_redirects_to_the_next_question(client_request):
    client_request.submit("/")
    client_request.submit("/questions/role", {"role": "victim"})
    # The date of the offence is not asked until it matters: go to what is needed now.
    assert client_request.get_redirect("/questions/offence-date") == "/questions/decision-by"


def test_question_page_for_another_side_redirects(client_request):
    client_request.submit("/")
    client_request.submit("/questions/role", {"role": "convicted_person"})
    assert client_request.get_redirect("/questions/decision-by") == "/questions/conviction-place"


def test_question_page_wording_follows_who_is_asking(client_request):
    client_request.submit("/")
    client_request.submit("/questions/role", {"role": "convicted_representative"})
    page = client_request.get("/questions/conviction-place")
    assert text_of(page.select_one("h1")) == "Where was the person convicted?"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_question_page_post_redirects_to_next_question(client_request, htmx):
    client_request.submit("/", htmx=htmx)
    assert client_request.submit("/questions/role", {"role": "victim"}, htmx=htmx) == "/questions/decision-by"
    page = client_request.get("/questions/decision-by", htmx=htmx)
    if htmx:
        assert client_request.response.headers["HX-Push-Url"] == "/questions/decision-by"
    assert text_of(page.select_one("h1")) == "Who made the decision?"

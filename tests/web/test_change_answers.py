"""Changing answers from the check-your-answers page."""

from __future__ import annotations

import pytest

from .conftest import text_of
from .journeys import CONVICTED_CROWN, VICTIM_CPS, answer_questions, form_value


def _rows(page) -> dict[str, str]:
    return {text_of(r.select_one("dt")): text_of(r.select_one(".govuk-summary-list__value"))
            for r in page.select(".govuk-summary-list__row")}


def _change_links(page) -> list[str]:
    return [a["href"] for a in page.select(".govuk-summary-list__actions a")]


@pytest.mark.parametrize("answers", [VICTIM_CPS, CONVICTED_CROWN], ids=["victim-cps", "convicted-crown"])
def test_change_answers_every_change_link_returns_to_check_your_answers(client_request, answers):
    journey = answer_questions(client_request, answers)
    page = client_request.get("/check-your-answers")
    links = _change_links(page)
    assert links == [f"/questions/{q.replace('_', '-')}?return_to=check" for q in journey["asked"]]
    for link in links:
        question = client_request.get(link)
        assert question.select_one("main form")["action"] == link
        assert question.select_one(".govuk-back-link")["href"] == "/check-your-answers"
        # Submitting the page as it stands (the stored answer is filled in) goes back.
        assert client_request.submit(link) == "/check-your-answers"
    assert _rows(client_request.get("/check-your-answers")) == _rows(page)


def test_change_answers_each_change_link_names_its_row_for_screen_readers(client_request):
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/check-your-answers")
    for row in page.select(".govuk-summary-list__row"):
        hidden = row.select_one(".govuk-summary-list__actions a .govuk-visually-hidden")
        assert text_of(hidden) == text_of(row.select_one("dt"))


def test_change_answers_new_value_is_shown_on_check_your_answers(client_request):
    answer_questions(client_request, VICTIM_CPS)
    link = "/questions/decision-date?return_to=check"
    assert client_request.submit(link, form_value("decision_date", "2026-11-18")) == "/check-your-answers"
    page = client_request.get("/check-your-answers")
    assert _rows(page)["Date of the decision letter"] == "18 November 2026"
    # ... with the deadline it gives, once.
    inset = page.select_one(".app-deadline-preview")
    assert inset is not None and "Wednesday 2 December 2026" in text_of(inset)
    assert client_request.get("/check-your-answers").select_one(".app-deadline-preview") is None


def test_change_answers_decision_by_police_drops_cps_only_answers(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    before = _rows(client_request.get("/check-your-answers"))
    cps_only = {"What the decision did", "Asked for the case to stop", "Who in the CPS decided",
                "CPS waiting for information", "What the crime was about", "Minor offence with a 6-month limit",
                "Review asked for"}
    assert cps_only <= set(before)

    location = client_request.submit("/questions/decision-by?return_to=check", {"decision_by": "police"})
    assert location == "/check-your-answers"
    after = _rows(client_request.get("/check-your-answers"))
    assert after == {
        "Who is asking": "I am the victim of the crime",
        "Who made the decision": "The police or another investigator",
        "Date of the decision letter": "16 November 2026",
    }
    [draft] = stored_drafts.all()
    assert draft["answers"] == {"role": "victim", "decision_by": "police", "decision_date": "2026-11-16"}
    results = client_request.get("/results")
    assert results.select_one("#route-police-review") is not None


def test_change_answers_that_need_a_new_question_ask_it_then_return(client_request):
    answer_questions(client_request, VICTIM_CPS)
    location = client_request.submit("/questions/summary-only?return_to=check", {"summary_only": "yes"})
    # The date of the offence is now needed: ask it, still on the way back to the check page.
    assert location == "/questions/offence-date?return_to=check"
    page = client_request.get(location)
    assert page.select_one(".govuk-back-link")["href"] == "/check-your-answers"
    assert client_request.submit(location, form_value("offence_date", "2026-10-01")) == "/check-your-answers"
    rows = _rows(client_request.get("/check-your-answers"))
    assert rows["Minor offence with a 6-month limit"] == "Yes"
    assert rows["Date of the offence"] == "1 October 2026"


def test_change_answers_role_to_convicted_person_starts_the_other_side(client_request, stored_drafts):
    answer_questions(client_request, VICTIM_CPS)
    location = client_request.submit("/questions/role?return_to=check", {"role": "convicted_person"})
    assert location == "/questions/conviction-place?return_to=check"
    [draft] = stored_drafts.all()
    assert draft["answers"] == {"role": "convicted_person"}


def test_change_answers_back_again_brings_back_the_answers_set_aside(client_request, stored_drafts):
    # Journeys review, Minor: CPS -> police -> CPS meant 8 questions again.
    answer_questions(client_request, VICTIM_CPS)
    before = _rows(client_request.get("/check-your-answers"))
    client_request.submit("/questions/decision-by?return_to=check", {"decision_by": "police"})
    [draft] = stored_drafts.all()
    assert "decision_type" not in draft["answers"]  # not shown, not assessed
    location = client_request.submit("/questions/decision-by?return_to=check", {"decision_by": "cps"})
    assert location == "/check-your-answers"
    assert _rows(client_request.get("/check-your-answers")) == before

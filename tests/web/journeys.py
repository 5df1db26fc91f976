"""Answers for journeys through the questionnaire, and a driver that answers them
through the test client like a person would: page by page, form by form."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from questionnaire import assess
from questionnaire.flow import FOLLOW_UPS, QUESTIONS, QUESTIONS_BY_ID, QUESTIONS_BY_SLUG, next_question

from .conftest import TODAY

# (a) A victim; the CPS decided not to charge; letter dated Monday 16 November 2026.
VICTIM_CPS = {
    "role": "victim",
    "decision_by": "cps",
    "decision_type": "no_charge",
    "decision_date": "2026-11-16",
    "victim_withdrew_support": False,
    "decision_maker": "area",
    "awaiting_material": False,
    "offence": ["other"],
    "summary_only": False,
    "vrr_stage": "not_requested",
}
# (b) The police decided to take no further action.
VICTIM_POLICE = {"role": "victim", "decision_by": "police", "decision_date": "2026-11-16"}
# (c) Convicted at the Crown Court, no appeal yet.
CONVICTED_CROWN = {
    "role": "convicted_person",
    "conviction_place": "england_wales",
    "court": "crown",
    "challenge": "both",
    "appeal_status": "none",
    "conviction_date": "2026-11-02",
    "sentence_date": "2026-11-20",
    "previous_ccrc_application": False,
    "post_office_horizon": False,
}
# Between them, the scenarios below reach every question.
REPRESENTATIVE_LATE = {
    "role": "representative",
    "has_written_authority": False,
    "decision_by": "cps",
    "decision_type": "stopped",
    "decision_date": "2026-01-05",
    "communicated_date": "2026-09-01",
    "told_of_right_to_review": False,
    "victim_withdrew_support": False,
    "decision_maker": "chief_crown_prosecutor",
    "offence": ["sexual", "hate_crime"],
    "summary_only": True,
    "offence_date": "2025-12-01",
    "vrr_stage": "not_requested",
}
# Never told of the right to review (VRR 30); the review has since been asked for.
VICTIM_REQUESTED_NOT_TOLD = {
    "role": "victim",
    "decision_by": "cps",
    "decision_type": "no_charge",
    "decision_date": "2026-08-03",
    "communicated_date": "2026-09-01",
    "told_of_right_to_review": False,
    "victim_withdrew_support": False,
    "decision_maker": "area",
    "awaiting_material": False,
    "offence": ["other"],
    "summary_only": False,
    "vrr_stage": "requested",
    "request_date": "2026-09-10",
}
# Waiting for the Appeals and Review Unit after a local decision kept the original one.
VICTIM_INDEPENDENT_REQUESTED = {
    "role": "victim",
    "decision_by": "cps",
    "decision_type": "no_charge",
    "decision_date": "2026-09-14",
    "told_of_right_to_review": True,
    "victim_withdrew_support": False,
    "decision_maker": "area",
    "awaiting_material": False,
    "offence": ["other"],
    "summary_only": False,
    "vrr_stage": "independent_requested",
    "independent_request_date": "2026-11-16",
}
BUSINESS_LOCAL_DECISION = {
    "role": "business",
    "business_contact_named": False,
    "decision_by": "cps",
    "decision_type": "no_charge",
    "decision_date": "2026-10-01",
    "told_of_right_to_review": True,
    "victim_withdrew_support": False,
    "decision_maker": "area",
    "awaiting_material": False,
    "offence": ["other"],
    "summary_only": False,
    "vrr_stage": "local_decision",
    "request_date": "2026-10-05",
    "local_decision_date": "2026-11-02",
}
BEREAVED_COMPLETED_COMPLAINT = {
    "role": "bereaved_relative",
    "decision_by": "cps",
    "decision_type": "no_charge",
    "decision_date": "2026-06-01",
    "communicated_date": "2026-06-01",
    "told_of_right_to_review": True,
    "victim_withdrew_support": False,
    "decision_maker": "area",
    "awaiting_material": False,
    "offence": ["death"],
    "summary_only": False,
    "vrr_stage": "completed",
    "request_date": "2026-06-05",
    "final_decision_date": "2026-10-01",
    "service_complaint": True,
    "complaint_event_date": "2026-10-20",
}
CHILD_ABUSE_BEFORE_2013 = {
    "role": "parent_or_guardian",
    "decision_by": "police",
    "decision_date": "2012-01-10",
    "offence": ["sexual"],
    "victim_under_18": True,
}
CONVICTED_MAGISTRATES = {
    "role": "convicted_representative",
    "conviction_place": "england_wales",
    "court": "magistrates",
    "challenge": "both",
    "plea": "guilty",
    "appeal_status": "none",
    "sentence_date": "2026-11-09",
    "previous_ccrc_application": True,
    "new_information": True,
    "post_office_horizon": False,
}
SCENARIOS = {
    "victim_cps": VICTIM_CPS,
    "victim_police": VICTIM_POLICE,
    "convicted_crown": CONVICTED_CROWN,
    "representative_late": REPRESENTATIVE_LATE,
    "victim_requested_not_told": VICTIM_REQUESTED_NOT_TOLD,
    "victim_independent_requested": VICTIM_INDEPENDENT_REQUESTED,
    "business_local_decision": BUSINESS_LOCAL_DECISION,
    "bereaved_completed_complaint": BEREAVED_COMPLETED_COMPLAINT,
    "child_abuse_before_2013": CHILD_ABUSE_BEFORE_2013,
    "convicted_magistrates": CONVICTED_MAGISTRATES,
}


def expected_questions(answers: dict, today: date = TODAY) -> list[str]:
    """The questions the flow should ask, in order: each time the first one the engine
    still reports missing; then any follow-up (asked from the results page) answered."""
    given: dict = {}
    asked: list[str] = []
    while True:
        question = next_question(assess(given, today)["missing"])
        if question is None:
            follow = next((k for k in FOLLOW_UPS if k in answers and k not in given), None)
            if follow is None:
                return asked
            question = QUESTIONS_BY_ID[follow]
        asked.append(question.id)
        given[question.id] = answers[question.id]


def scenario_reaching(question_id: str) -> tuple[str, dict]:
    """The first scenario in which `question_id` is asked."""
    for name, answers in SCENARIOS.items():
        if question_id in expected_questions(answers):
            return name, answers
    raise LookupError(f"no scenario asks {question_id}")


def form_value(question_id: str, value) -> dict:
    """An answer in the contract's form as the form fields a person fills in."""
    question = QUESTIONS_BY_ID[question_id]
    if question.kind == "yes_no":
        return {question_id: "yes" if value else "no"}
    if question.kind == "date":
        day = date.fromisoformat(value)
        return {question_id: [str(day.day), str(day.month), str(day.year)]}
    if question.kind == "multi":
        return {question_id: list(value)}
    return {question_id: value}


def date_parts(text: str) -> list[str]:
    """"16 11 2026" as the three inputs of a GOV.UK date."""
    return text.split()


def path_of(url: str) -> str:
    return urlsplit(url).path


def slug_question(url: str):
    path = path_of(url)
    assert path.startswith("/questions/"), f"expected a question page, got {url}"
    return QUESTIONS_BY_SLUG[path.removeprefix("/questions/")]


def answer_questions(client_request, answers: dict, *, stop_at: str | None = None, htmx: bool = False) -> dict:
    """Start, then answer each question the app asks from `answers`, until it asks
    `stop_at` (not answered) or shows the check-your-answers page. A follow-up in
    `answers` (service_complaint) is answered from the results page's link.

    Returns {"asked": [question ids in order], "location": where the app sent us}.
    """
    location = client_request.submit("/", htmx=htmx)
    asked: list[str] = []
    while True:
        if path_of(location) == "/check-your-answers":
            pending = [k for k in FOLLOW_UPS if k in answers and k not in asked]
            if not pending:
                return {"asked": asked, "location": location}
            results = client_request.get("/results", htmx=htmx)
            link = results.select_one(f"a[href='/questions/{QUESTIONS_BY_ID[pending[0]].slug}']")
            assert link is not None, f"no link to {pending[0]} on the results page"
            location = link["href"]
        question = slug_question(location)
        if question.id == stop_at:
            return {"asked": asked, "location": location}
        assert question.id in answers, f"the app asked {question.id}, not in this journey ({asked})"
        assert len(asked) < len(QUESTIONS) + 1, f"the questions go round in circles: {asked}"
        asked.append(question.id)
        location = client_request.submit(location, form_value(question.id, answers[question.id]), htmx=htmx)


def answers_before(answers: dict, question_id: str) -> dict:
    """The answers given before `question_id` is asked in this journey."""
    asked = expected_questions(answers)
    return {k: answers[k] for k in asked[: asked.index(question_id)]}


def open_question(seed_answers, answers: dict, question_id: str) -> str:
    """Store the answers given before `question_id` (as if answered); its URL."""
    before = answers_before(answers, question_id)
    if before:
        seed_answers(before)
    return f"/questions/{QUESTIONS_BY_ID[question_id].slug}"

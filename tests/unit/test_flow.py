"""The question flow as data: one question per answer key, asked while `missing`."""

from __future__ import annotations

from datetime import date

from questionnaire import assess
from questionnaire.answers import FIELDS
from questionnaire.flow import QUESTIONS, QUESTIONS_BY_ID, audience, next_question, relevant

TODAY = date(2026, 11, 22)


def missing(answers):
    return assess(answers, TODAY)["missing"]


def test_flow_one_question_per_answer_key_with_matching_values():
    assert [q.id for q in QUESTIONS] == [f.key for f in FIELDS]
    for question, field in zip(QUESTIONS, FIELDS, strict=True):
        values = [o.value for o in question.options] + ([question.unsure.value] if question.unsure else [])
        if field.kind in ("choice", "multi"):
            assert sorted(values) == sorted(field.values), question.id
        assert question.error and question.title["default"] and question.short


def test_flow_unsure_only_where_the_contract_allows_unknown():
    assert {q.id for q in QUESTIONS if q.unsure and q.kind == "choice"} == {"decision_maker"}
    assert QUESTIONS_BY_ID["decision_maker"].unsure.value == "unknown"


def test_flow_next_question_follows_question_order():
    assert next_question(["offence", "decision_by"]).id == "decision_by"
    assert next_question([]) is None


def test_flow_wording_depends_on_who_is_asking():
    question = QUESTIONS_BY_ID["victim_under_18"]
    assert question.title_for(audience("victim")) == "Were you under 18 when it happened?"
    assert question.title_for(audience("representative")) == "Was the victim under 18 when it happened?"
    assert "person who died" in question.title_for(audience("bereaved_relative"))
    assert question.title_for(audience("parent_or_guardian")).startswith("Was your child")
    assert QUESTIONS_BY_ID["decision_by"].title_for(audience("business")) == "Who made the decision?"


def test_flow_relevant_drops_answers_that_no_longer_matter():
    answers = {"role": "victim", "decision_by": "cps", "decision_type": "no_charge",
               "decision_date": "2026-11-16", "decision_maker": "area", "offence": ["other"]}
    police = {**answers, "decision_by": "police"}
    assert relevant(police, missing) == {"role": "victim", "decision_by": "police", "decision_date": "2026-11-16"}
    convicted = {**answers, "role": "convicted_person"}
    assert relevant(convicted, missing) == {"role": "convicted_person"}


def test_flow_relevant_keeps_later_answers_when_a_new_question_appears():
    answers = {"role": "victim", "decision_by": "cps", "decision_type": "no_charge",
               "decision_date": "2026-11-16", "victim_withdrew_support": False, "decision_maker": "area",
               "awaiting_material": False, "offence": ["other"], "summary_only": False,
               "vrr_stage": "not_requested"}
    assert relevant(answers, missing) == answers
    # An older letter: the review would now be late, so "were you told?" is asked too;
    # everything else still matters and is kept.
    older = {**answers, "decision_date": "2026-10-01"}
    assert relevant(older, missing) == older
    assert missing(older) == ["told_of_right_to_review"]


def test_flow_relevant_keeps_the_complaint_follow_up():
    answers = {"role": "victim", "decision_by": "police", "decision_date": "2026-10-01",
               "service_complaint": True, "complaint_event_date": "2026-09-01"}
    assert relevant(answers, missing) == answers


def test_flow_follow_up_dropped_when_no_decision_is_described():
    answers = {"role": "convicted_person", "conviction_place": "scotland", "service_complaint": True}
    assert relevant(answers, missing) == {"role": "convicted_person", "conviction_place": "scotland"}

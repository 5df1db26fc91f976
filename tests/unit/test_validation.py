"""Example-based tests of what the contract calls invalid answers (ASSESSMENT.md, "Exit status 2").

Each invalid case is checked through `validate()` and through `assess()`, which must both
raise `InvalidAnswers` naming the broken field with a plain English message.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from questionnaire import Answers, InvalidAnswers, assess, validate
from questionnaire.answers import _DATE_ORDER, FIELDS

TODAY = date(2026, 11, 22)

# The contract's answers (ASSESSMENT.md, "Answers"), written out: key -> kind, values.
CONTRACT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "role": ("choice", (
        "victim", "bereaved_relative", "parent_or_guardian", "family_spokesperson", "business", "representative",
        "convicted_person", "convicted_representative",
    )),
    "has_written_authority": ("bool", ()),
    "business_contact_named": ("bool", ()),
    "decision_by": ("choice", ("cps", "police")),
    "decision_type": ("choice", (
        "no_charge", "stopped", "no_evidence", "lie_on_file", "partial", "out_of_court", "judge_ended", "not_final",
    )),
    "decision_date": ("date", ()),
    "communicated_date": ("date", ()),
    "told_of_right_to_review": ("bool", ()),
    "victim_withdrew_support": ("bool", ()),
    "decision_maker": ("choice", (
        "area", "cps_direct", "chief_crown_prosecutor", "central_casework", "director_legal_services", "dpp", "unknown",
    )),
    "awaiting_material": ("bool", ()),
    "offence": ("multi", ("sexual", "death", "hate_crime", "other")),
    "victim_under_18": ("bool", ()),
    "summary_only": ("bool", ()),
    "offence_date": ("date", ()),
    # Contract version 2 adds the stage after asking for the independent review.
    "vrr_stage": ("choice", ("not_requested", "requested", "local_decision", "independent_requested", "completed")),
    "request_date": ("date", ()),
    "local_decision_date": ("date", ()),
    "independent_request_date": ("date", ()),
    "final_decision_date": ("date", ()),
    "service_complaint": ("bool", ()),
    "complaint_event_date": ("date", ()),
    "conviction_place": ("choice", ("england_wales", "northern_ireland", "scotland", "elsewhere")),
    "court": ("choice", ("magistrates", "crown")),
    "plea": ("choice", ("guilty", "not_guilty")),
    "challenge": ("choice", ("conviction", "sentence", "both")),
    "appeal_status": ("choice", ("none", "pending", "dismissed", "leave_refused")),
    "conviction_date": ("date", ()),
    "sentence_date": ("date", ()),
    "previous_ccrc_application": ("bool", ()),
    "new_information": ("bool", ()),
    "post_office_horizon": ("bool", ()),
}


def _keys(kind: str) -> list[str]:
    return [key for key, (k, _) in CONTRACT_FIELDS.items() if k == kind]


BOOL_KEYS = _keys("bool")
CHOICE_KEYS = _keys("choice")
DATE_KEYS = _keys("date")



def assert_english_sentence(message: object) -> None:
    """A non-empty plain English sentence: capitalised, several words, no leftover placeholders."""
    assert isinstance(message, str), message
    assert message.strip() == message and message, repr(message)
    assert re.match(r"[“\"]?[A-Z]", message), f"does not start like a sentence: {message!r}"
    assert len(re.findall(r"[A-Za-z]{2,}", message)) >= 3, f"too few words: {message!r}"
    assert "%(" not in message and "%s" not in message and "{" not in message, f"unfilled placeholder: {message!r}"
    assert "Traceback" not in message and "Error" not in message, message


def errors_of(answers: object, today: date = TODAY) -> dict[str, str]:
    """The {field: message} that validate() and assess() both report for `answers`."""
    with pytest.raises(InvalidAnswers) as by_validate:
        validate(answers, today)
    with pytest.raises(InvalidAnswers) as by_assess:
        assess(answers, today)
    errors = by_validate.value.errors
    assert [(e.field, e.text) for e in errors] == [(e.field, e.text) for e in by_assess.value.errors]
    assert by_validate.value.to_json() == {"errors": [{"field": e.field, "message": e.text} for e in errors]}
    for error in errors:
        assert_english_sentence(error.text)
    return {e.field: e.text for e in errors}


def assert_only_error(answers: object, field: str, today: date = TODAY) -> str:
    errors = errors_of(answers, today)
    assert list(errors) == [field], errors
    return errors[field]


# --- the engine's fields are the contract's ------------------------------------------------------


def test_fields_match_contract_answers():
    engine = {f.key: (f.kind, tuple(f.values)) for f in FIELDS}
    assert engine == CONTRACT_FIELDS


# --- unknown key ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["colour", "Role", "decision date", "decisionDate", "offences", "role "])
def test_validate_rejects_unknown_key(key):
    assert_only_error({"role": "victim", key: "victim"}, key)


def test_validate_rejects_unknown_key_alone():
    assert_only_error({"witness": True}, "witness")


# --- value outside the list -------------------------------------------------------------------------


@pytest.mark.parametrize("key", CHOICE_KEYS)
def test_validate_rejects_choice_outside_list(key):
    message = assert_only_error({key: "something_else"}, key)
    first = CONTRACT_FIELDS[key][1][0]
    assert first in message, f"the message should list the values: {message!r}"


@pytest.mark.parametrize("value", ["Victim", "VICTIM", " victim", "victim ", "witness", ""])
def test_validate_rejects_role_near_miss(value):
    assert_only_error({"role": value}, "role")


@pytest.mark.parametrize("value", [["theft"], ["sexual", "theft"], ["Sexual"], ["hate crime"], [""]])
def test_validate_rejects_offence_outside_list(value):
    assert_only_error({"offence": value}, "offence")


# --- wrong JSON type --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 0, "true", "false", "yes", None, 1.0, [], {}, [True]])
@pytest.mark.parametrize("key", BOOL_KEYS)
def test_validate_rejects_bool_of_wrong_type(key, value):
    message = assert_only_error({key: value}, key)
    assert "true or false" in message


@pytest.mark.parametrize("value", [1, 0, True, False, None, 2.5, ["victim"], {"victim": True}])
def test_validate_rejects_choice_of_wrong_type(value):
    assert_only_error({"role": value}, "role")


@pytest.mark.parametrize("key", CHOICE_KEYS)
def test_validate_rejects_null_for_each_choice(key):
    assert_only_error({key: None}, key)


@pytest.mark.parametrize(
    "value", ["sexual", "sexual,death", None, True, 1, {}, {"sexual": True}, [1], [None], [True], [["sexual"]]]
)
def test_validate_rejects_offence_of_wrong_type(value):
    assert_only_error({"offence": value}, "offence")


@pytest.mark.parametrize("value", [20260203, None, True, False, 2026.0, [], ["2026-02-03"], {"year": 2026}])
@pytest.mark.parametrize("key", DATE_KEYS)
def test_validate_rejects_date_of_wrong_type(key, value):
    assert_only_error({key: value}, key)


# --- malformed and impossible dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2026-2-3",
        "26-02-2026",
        "03-02-2026",
        "03/02/2026",
        "2026/02/03",
        "20260203",
        "26-02-03",
        "2026-02",
        "2026-02-03T00:00:00",
        "2026-02-03 ",
        " 2026-02-03",
        "2026-02-03\n",
        "２０２６-０２-０３",  # full-width digits
        "٢٠٢٦-٠٢-٠٣",  # Arabic-Indic digits
        "+2026-02-03",
        "2026-W06-2",
        "3 February 2026",
        "",
    ],
)
def test_validate_rejects_malformed_date(value):
    message = assert_only_error({"decision_date": value}, "decision_date")
    assert "YYYY-MM-DD" in message


@pytest.mark.parametrize("key", DATE_KEYS)
def test_validate_rejects_malformed_date_in_each_date_field(key):
    assert_only_error({key: "2026-2-3"}, key)


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2026-02-31", "2026-04-31", "2026-06-31", "2026-13-01", "2026-00-10", "2026-01-00",
              "2026-01-32", "0000-01-01"]
)
def test_validate_rejects_impossible_date(value):
    assert_only_error({"decision_date": value}, "decision_date")


@pytest.mark.parametrize("value", ["2025-02-29", "2023-02-29", "1900-02-29", "2100-02-29"])
def test_validate_rejects_29_february_in_non_leap_year(value):
    assert_only_error({"offence_date": value}, "offence_date")


@pytest.mark.parametrize("key", DATE_KEYS)
def test_validate_rejects_impossible_date_in_each_date_field(key):
    assert_only_error({key: "2026-02-30"}, key)


# --- a date after today ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", DATE_KEYS)
def test_validate_rejects_date_after_today(key):
    message = assert_only_error({key: "2026-11-23"}, key)
    assert "past" in message or "today" in message


def test_validate_rejects_date_far_after_today():
    assert_only_error({"decision_date": "9999-12-31"}, "decision_date")


def test_validate_rejects_date_after_a_given_today():
    assert_only_error({"decision_date": "2024-02-29"}, "decision_date", today=date(2024, 2, 28))


# --- dates out of order ----------------------------------------------------------------------------

# (the answers, the field blamed) for each rule of `_DATE_ORDER`, and more.
OUT_OF_ORDER = {
    "communicated_before_decision": ({"decision_date": "2026-03-10", "communicated_date": "2026-03-09"},
                                     "communicated_date"),
    "offence_after_decision": ({"decision_date": "2026-03-10", "offence_date": "2026-03-11"}, "offence_date"),
    "request_before_decision": ({"decision_date": "2026-03-10", "request_date": "2026-03-09"}, "request_date"),
    "local_decision_before_request": ({"request_date": "2026-03-10", "local_decision_date": "2026-03-09"},
                                      "local_decision_date"),
    "final_decision_before_request": ({"request_date": "2026-03-10", "final_decision_date": "2026-03-09"},
                                      "final_decision_date"),
    "independent_request_before_local_decision": (
        {"local_decision_date": "2026-03-10", "independent_request_date": "2026-03-09"}, "independent_request_date"),
    "final_decision_before_local_decision": (
        {"request_date": "2026-03-01", "local_decision_date": "2026-03-10", "final_decision_date": "2026-03-09"},
        "final_decision_date",
    ),
    "sentence_before_conviction": ({"conviction_date": "2026-03-10", "sentence_date": "2026-03-09"},
                                   "sentence_date"),
    "request_years_before_decision": ({"decision_date": "2026-03-10", "request_date": "1999-12-31"},
                                      "request_date"),
}


@pytest.mark.parametrize("case", sorted(OUT_OF_ORDER))
def test_validate_rejects_dates_out_of_order(case):
    answers, field = OUT_OF_ORDER[case]
    message = assert_only_error(answers, field)
    assert "before" in message or "after" in message


def test_validate_out_of_order_cases_cover_every_date_order_rule():
    blamed = {field for _, field in OUT_OF_ORDER.values()}
    assert {rule[0] for rule in _DATE_ORDER} <= blamed


@pytest.mark.parametrize("rule", _DATE_ORDER, ids=lambda rule: rule[0])
def test_validate_rejects_each_date_order_rule(rule):
    blamed, later_key, earlier_keys, _message = rule
    answers = {later_key: "2026-03-09", earlier_keys[0]: "2026-03-10"}
    assert_only_error(answers, blamed)


def test_validate_final_decision_compared_with_local_decision_when_given():
    # Not before the request, but before the local decision: still out of order.
    answers = {"decision_date": "2026-01-05", "request_date": "2026-01-06", "local_decision_date": "2026-02-01",
               "final_decision_date": "2026-01-20"}
    assert_only_error(answers, "final_decision_date")


# --- not an object --------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [[], [{"role": "victim"}], "victim", 1, 1.5, True, None])
def test_validate_rejects_non_object(data):
    assert_only_error(data, "answers")


# --- several errors at once ------------------------------------------------------------------------


def test_validate_reports_every_error_at_once():
    answers = {
        "role": "witness",
        "told_of_right_to_review": "yes",
        "decision_date": "2026-02-30",
        "offence": "sexual",
        "request_date": "2026-11-23",
        "conviction_date": "2026-05-10",
        "sentence_date": "2026-05-09",
        "colour": "blue",
    }
    errors = errors_of(answers)
    assert set(errors) == {
        "role", "told_of_right_to_review", "decision_date", "offence", "request_date", "sentence_date", "colour",
    }


def test_validate_reports_errors_once_per_field():
    errors = errors_of({"role": 1, "decision_by": "crown", "decision_type": None})
    assert sorted(errors) == ["decision_by", "decision_type", "role"]


def test_validate_reports_unknown_key_beside_wrong_value():
    errors = errors_of({"decision_by": "CPS", "decided_by": "cps"})
    assert set(errors) == {"decision_by", "decided_by"}


# --- valid edge cases -------------------------------------------------------------------------------


def test_validate_accepts_empty_answers():
    assert validate({}, TODAY) == Answers()
    assert assess({}, TODAY)["missing"] == ["role"]


@pytest.mark.parametrize("key", DATE_KEYS)
def test_validate_accepts_date_equal_to_today(key):
    answers = validate({key: TODAY.isoformat()}, TODAY)
    assert getattr(answers, key) == TODAY


def test_validate_accepts_every_date_equal_to_today():
    answers = {key: TODAY.isoformat() for key in DATE_KEYS}
    parsed = validate(answers, TODAY)
    assert all(getattr(parsed, key) == TODAY for key in DATE_KEYS)
    assert assess(answers, TODAY)["today"] == TODAY.isoformat()


def test_validate_accepts_request_date_equal_to_decision_date():
    answers = {"role": "victim", "decision_by": "cps", "decision_type": "no_charge",
               "decision_date": "2026-11-16", "vrr_stage": "requested", "request_date": "2026-11-16"}
    parsed = validate(answers, TODAY)
    assert parsed.request_date == parsed.decision_date == date(2026, 11, 16)
    assert assess(answers, TODAY)["routes"]["vrr"]["eligible"] is True


@pytest.mark.parametrize(
    "answers",
    [
        {"decision_date": "2026-03-10", "communicated_date": "2026-03-10"},
        {"decision_date": "2026-03-10", "offence_date": "2026-03-10"},
        {"request_date": "2026-03-10", "local_decision_date": "2026-03-10"},
        {"request_date": "2026-03-10", "final_decision_date": "2026-03-10"},
        {"request_date": "2026-03-01", "local_decision_date": "2026-03-10", "final_decision_date": "2026-03-10"},
        {"conviction_date": "2026-03-10", "sentence_date": "2026-03-10"},
    ],
    ids=["communicated", "offence", "local", "final_request", "final_local", "sentence"],
)
def test_validate_accepts_equal_dates_in_order(answers):
    parsed = validate(answers, TODAY)
    assert {key: getattr(parsed, key).isoformat() for key in answers} == answers


def test_validate_accepts_29_february_in_leap_year():
    parsed = validate({"decision_date": "2024-02-29", "offence_date": "2000-02-29"}, TODAY)
    assert parsed.decision_date == date(2024, 2, 29)
    assert parsed.offence_date == date(2000, 2, 29)


def test_validate_accepts_29_february_on_that_day():
    today = date(2024, 2, 29)
    assert validate({"decision_date": "2024-02-29"}, today).decision_date == today


def test_validate_accepts_empty_offence_list():
    parsed = validate({"offence": []}, TODAY)
    assert parsed.offence == frozenset()
    assert "offence" not in assess({"offence": []}, TODAY)["missing"]


def test_validate_accepts_every_offence():
    assert validate({"offence": ["sexual", "death", "hate_crime", "other"]}, TODAY).offence == frozenset(
        {"sexual", "death", "hate_crime", "other"}
    )


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize("key", BOOL_KEYS)
def test_validate_accepts_json_booleans(key, value):
    assert getattr(validate({key: value}, TODAY), key) is value


@pytest.mark.parametrize(
    ("key", "value"), [(key, value) for key in CHOICE_KEYS for value in CONTRACT_FIELDS[key][1]]
)
def test_validate_accepts_every_listed_value(key, value):
    assert getattr(validate({key: value}, TODAY), key) == value


def test_validate_accepts_dates_from_1900():
    parsed = validate({"offence_date": "1900-01-01", "decision_date": "1900-01-01"}, TODAY)
    assert parsed.offence_date == date(1900, 1, 1)


def test_validate_accepts_dates_out_of_unrelated_order():
    # Only the listed pairs are ordered: a complaint may be about something after the decision,
    # and a conviction date has nothing to do with a decision date.
    answers = {"decision_date": "2026-03-10", "complaint_event_date": "2026-01-01", "conviction_date": "2026-01-01",
               "sentence_date": "2026-02-01", "offence_date": "2025-12-01", "communicated_date": "2026-11-22"}
    parsed = validate(answers, TODAY)
    assert parsed.complaint_event_date == date(2026, 1, 1)

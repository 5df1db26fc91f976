"""`missing` drives the questionnaire: asking for the first missing answer, again and
again, must end in a complete assessment that asks nothing twice and nothing needless."""

from __future__ import annotations

from datetime import date

import pytest

from questionnaire import assess

TODAY = date(2026, 11, 22)


def walk(script: dict) -> tuple[dict, list[str]]:
    """Answer the first missing key from `script` until nothing is missing."""
    answers: dict = {}
    asked: list[str] = []
    for _ in range(40):
        output = assess(answers, TODAY)
        if not output["missing"]:
            return output, asked
        key = output["missing"][0]
        assert key not in asked, f"{key} asked twice"
        asked.append(key)
        answers[key] = script[key]
    raise AssertionError("the questionnaire does not end")


def test_missing_starts_with_who_is_asking():
    assert assess({}, TODAY)["missing"] == ["role"]
    assert assess({"role": "victim"}, TODAY)["missing"] == ["decision_by"]
    assert assess({"role": "convicted_person"}, TODAY)["missing"] == ["conviction_place"]


def test_missing_walk_for_a_bereaved_relative():
    script = {
        "role": "bereaved_relative", "decision_by": "cps", "decision_type": "stopped",
        "decision_date": "2026-11-13", "victim_withdrew_support": False,
        "decision_maker": "chief_crown_prosecutor", "offence": ["death"], "summary_only": False,
        "vrr_stage": "not_requested",
    }
    output, asked = walk(script)
    assert asked == list(script)  # each asked once, in question order, none skipped
    assert len(asked) <= 10  # the common review journey fits in ten questions
    assert set(output["routes"]) == {"vrr", "meeting"}
    assert output["routes"]["vrr"]["pathway"] == "independent"


def test_missing_walk_skips_what_an_ineligible_decision_does_not_need():
    script = {"role": "victim", "decision_by": "cps", "decision_type": "partial",
              "decision_date": "2026-11-02"}
    output, asked = walk(script)
    assert asked == list(script)
    assert set(output["routes"]) == {"vrr", "complaint"}


def test_missing_walk_for_a_magistrates_conviction():
    script = {
        "role": "convicted_person", "conviction_place": "england_wales", "court": "magistrates",
        "challenge": "conviction", "plea": "guilty", "appeal_status": "none",
        "previous_ccrc_application": False, "post_office_horizon": False,
    }
    output, asked = walk(script)
    assert asked == list(script)
    assert output["routes"] == {"ccrc": {"status": "available"}}


@pytest.mark.parametrize("key", ["decision_date", "decision_type"])
def test_missing_keys_are_never_answered_keys(key):
    output = assess({"role": "victim", "decision_by": "cps", key: {"decision_date": "2026-11-02",
                                                                   "decision_type": "stopped"}[key]}, TODAY)
    assert key not in output["missing"]

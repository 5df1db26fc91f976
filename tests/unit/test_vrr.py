"""The VRR route: eligibility and each reason, pathway, remedy, requirements, timing, deadlines."""

from __future__ import annotations

import pytest

from tests.unit.helpers import run, vrr


def test_vrr_complete_answers_leave_nothing_missing():
    output = run()
    assert output["missing"] == []
    assert vrr(output) == {
        "eligible": True,
        "pathway": "local_then_independent",
        "remedy": "new_decision_possible",
        "requirements": [],
        "timing": "in_time",
        "next_step": "ask_for_review",
        "exceptional_circumstances": False,
    }


# --- eligibility (VRR 18, 19, 21) -------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"decision_by": "police"}, "police_decision"),
        ({"decision_date": "2013-06-04"}, "before_scheme"),
        ({"decision_type": "not_final"}, "not_final"),
        ({"decision_type": "partial"}, "partial"),
        ({"decision_type": "out_of_court"}, "out_of_court"),
        ({"decision_type": "judge_ended"}, "judge_ended"),
        ({"victim_withdrew_support": True}, "victim_withdrew_support"),
        ({"decision_maker": "dpp"}, "dpp_decision"),
    ],
)
def test_vrr_each_ineligibility_reason(change, reason):
    route = vrr(run(**change))
    assert route["eligible"] is False
    assert route["reasons"] == [reason]
    assert "pathway" not in route and "timing" not in route


def test_vrr_reports_every_reason_that_holds():
    output = run(decision_by="police", decision_date="2012-01-10", decision_type="partial",
                 victim_withdrew_support=True)
    assert vrr(output)["reasons"] == ["police_decision", "before_scheme", "partial", "victim_withdrew_support"]


def test_vrr_scheme_starts_on_5_june_2013():
    assert vrr(run(decision_date="2013-06-05"))["eligible"] is True
    assert vrr(run(decision_date="2013-06-04"))["reasons"] == ["before_scheme"]


@pytest.mark.parametrize("decision_type", ["no_charge", "stopped", "no_evidence", "lie_on_file"])
def test_vrr_qualifying_decisions_are_eligible(decision_type):
    assert vrr(run(decision_type=decision_type))["eligible"] is True


def test_vrr_ineligible_cps_decision_offers_a_complaint():
    output = run(decision_type="out_of_court")
    assert set(output["routes"]) == {"vrr", "complaint"}
    assert output["deadlines"]["complaint"] == "2027-05-16"


def test_vrr_undecided_until_decision_type_and_date_are_known():
    output = run(decision_type=None, decision_date=None)
    assert vrr(output) == {"eligible": False, "reasons": []}
    assert output["missing"] == ["decision_type", "decision_date"]
    assert "complaint" not in output["routes"]


# --- pathway (VRR 20, 36-45) ------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "pathway"),
    [
        ({"decision_maker": "director_legal_services"}, "director_legal_services"),
        ({"decision_maker": "director_legal_services", "decision_type": "no_evidence"}, "director_legal_services"),
        ({"decision_maker": "central_casework"}, "central_casework"),
        ({"decision_maker": "central_casework", "decision_type": "no_evidence"}, "central_casework"),
        ({"decision_type": "no_evidence"}, "senior_prosecutor"),
        ({"decision_maker": "chief_crown_prosecutor", "decision_type": "no_evidence"}, "senior_prosecutor"),
        ({"decision_maker": "chief_crown_prosecutor"}, "independent"),
        ({"decision_maker": "chief_crown_prosecutor", "awaiting_material": True}, "independent"),
        ({"awaiting_material": True}, "local_only"),
        ({"decision_maker": "cps_direct"}, "local_then_independent"),
        ({"decision_maker": "unknown"}, "local_then_independent"),
        ({"decision_maker": "area"}, "local_then_independent"),
    ],
)
def test_vrr_pathway_first_rule_that_holds(change, pathway):
    assert vrr(run(**change))["pathway"] == pathway


def test_vrr_statute_barred_summary_case_goes_to_a_senior_prosecutor():
    # Offence 2026-05-10 + 6 months = 2026-11-10: barred before today (2026-11-22).
    output = run(summary_only=True, offence_date="2026-05-10", decision_maker="chief_crown_prosecutor")
    assert vrr(output)["pathway"] == "senior_prosecutor"
    assert vrr(output)["remedy"] == "explanation_and_apology"
    assert output["deadlines"]["statute_limit"] == "2026-11-10"
    assert "expedite" not in output["notes"]


def test_vrr_summary_case_limit_on_today_has_not_passed():
    output = run(summary_only=True, offence_date="2026-05-22")
    assert output["deadlines"]["statute_limit"] == "2026-11-22"
    assert vrr(output)["pathway"] == "local_then_independent"
    assert vrr(output)["remedy"] == "new_decision_possible"
    assert output["notes"] == ["expedite"]


def test_vrr_expedite_only_when_barred_before_the_review_ends():
    # Review requested today (Sun 22 Nov 2026) is due 30 working days later: 6 Jan 2027.
    barred_before = run(summary_only=True, offence_date="2026-07-05")  # barred 5 Jan 2027
    barred_on = run(summary_only=True, offence_date="2026-07-06")  # barred 6 Jan 2027
    assert barred_before["deadlines"]["vrr_review_due"] == "2027-01-06"
    assert barred_before["notes"] == ["expedite"]
    assert barred_on["notes"] == []


# --- remedy (VRR 12-14) and requirements (VRR 16-17) ------------------------------------

@pytest.mark.parametrize(
    ("decision_type", "remedy"),
    [
        ("no_charge", "new_decision_possible"),
        ("stopped", "new_decision_possible"),
        ("lie_on_file", "leave_of_court_needed"),
        ("no_evidence", "explanation_and_apology"),
    ],
)
def test_vrr_remedy_by_decision(decision_type, remedy):
    assert vrr(run(decision_type=decision_type))["remedy"] == remedy


def test_vrr_lie_on_file_after_the_time_limit_is_explanation_only():
    output = run(decision_type="lie_on_file", summary_only=True, offence_date="2026-01-05")
    assert vrr(output)["remedy"] == "explanation_and_apology"


@pytest.mark.parametrize(
    ("answers", "requirements", "asked"),
    [
        ({"role": "representative"}, ["written_authority"], ["has_written_authority"]),
        ({"role": "representative", "has_written_authority": False}, ["written_authority"], []),
        ({"role": "representative", "has_written_authority": True}, [], []),
        ({"role": "business"}, ["named_contact"], ["business_contact_named"]),
        ({"role": "business", "business_contact_named": False}, ["named_contact"], []),
        ({"role": "business", "business_contact_named": True}, [], []),
        ({"role": "bereaved_relative"}, [], []),
        ({"role": "parent_or_guardian"}, [], []),
        ({"role": "family_spokesperson"}, [], []),
    ],
)
def test_vrr_requirements_by_role(answers, requirements, asked):
    output = run(**answers)
    assert vrr(output)["requirements"] == requirements
    assert output["missing"] == asked


# --- timing (VRR 30) --------------------------------------------------------------------

def test_vrr_timing_in_time_up_to_the_tenth_working_day():
    # Letter Mon 16 Nov 2026: 10 working days end Mon 30 Nov.
    assert vrr(run("2026-11-30"))["timing"] == "in_time"
    assert vrr(run("2026-12-01"))["timing"] == "late"


def test_vrr_timing_late_up_to_three_months_then_out_of_time():
    assert vrr(run("2027-02-16"))["timing"] == "late"
    assert vrr(run("2027-02-17"))["timing"] == "out_of_time"


def test_vrr_communicated_later_moves_the_three_month_limit():
    output = run("2027-03-01", communicated_date="2026-12-01", told_of_right_to_review=True)
    assert output["deadlines"]["vrr_late_limit"] == "2027-03-01"
    assert output["deadlines"]["vrr_request"] == "2026-11-30"  # still from the letter
    assert vrr(output)["timing"] == "late"
    assert output["missing"] == []


def test_vrr_asks_when_told_only_once_the_request_is_late():
    assert "communicated_date" not in run()["missing"]
    assert "told_of_right_to_review" not in run()["missing"]
    late = run("2026-12-10")
    assert late["missing"] == ["told_of_right_to_review"]
    out_of_time = run("2027-06-01")
    assert out_of_time["missing"] == ["communicated_date", "told_of_right_to_review"]


def test_vrr_not_told_of_the_right_is_exceptional():
    output = run("2027-06-01", told_of_right_to_review=False, communicated_date="2026-11-16")
    assert vrr(output)["timing"] == "out_of_time"
    assert vrr(output)["exceptional_circumstances"] is True
    assert run(told_of_right_to_review=True)["routes"]["vrr"]["exceptional_circumstances"] is False


def test_vrr_request_already_made_has_no_timing_only_what_happens_next():
    # Contract version 2 (VRR 30, Annex B): `timing` is about asking; once asked, the person
    # waits for the review, whose dates count from the request (legal review, December 2026:
    # "Ask the CPS to review the decision... You are in time" at stage requested was harmful).
    output = run("2027-01-20", vrr_stage="requested", request_date="2026-12-02")
    assert "timing" not in vrr(output)
    assert vrr(output)["next_step"] == "wait_for_review"
    assert "vrr_request" not in output["deadlines"]
    assert output["deadlines"]["vrr_review_due"] == "2027-01-18"  # 30 working days from 2 December, over Christmas


# --- deadlines by stage -----------------------------------------------------------------

def test_vrr_deadlines_before_a_request_count_from_today():
    deadlines = run()["deadlines"]
    assert deadlines == {
        "vrr_request": "2026-11-30",
        "vrr_late_limit": "2027-02-16",
        "vrr_representations": "2026-12-06",
        "vrr_local_resolution_due": "2026-12-04",
        "vrr_review_due": "2027-01-06",
    }


def test_vrr_deadlines_once_requested_count_from_the_request():
    output = run(vrr_stage="requested", request_date="2026-11-18")
    assert output["deadlines"] == {
        "vrr_representations": "2026-12-02",
        "vrr_local_resolution_due": "2026-12-02",
        "vrr_review_due": "2027-01-04",  # over Christmas: 25, 28 Dec and 1 Jan are holidays
    }


def test_vrr_requested_without_a_date_asks_for_it():
    output = run(vrr_stage="requested")
    assert output["missing"] == ["request_date"]
    assert "timing" not in vrr(output)
    assert output["deadlines"] == {}


def test_vrr_independent_pathway_has_the_aru_deadline_not_local():
    deadlines = run(decision_maker="chief_crown_prosecutor")["deadlines"]
    assert deadlines["vrr_independent_review_due"] == "2026-12-18"
    assert "vrr_local_resolution_due" not in deadlines


@pytest.mark.parametrize("decision_maker", ["director_legal_services", "central_casework"])
def test_vrr_single_stage_pathways_have_only_the_overall_deadline(decision_maker):
    deadlines = run(decision_maker=decision_maker)["deadlines"]
    assert "vrr_local_resolution_due" not in deadlines
    assert "vrr_independent_review_due" not in deadlines
    assert deadlines["vrr_review_due"] == "2027-01-06"


def test_vrr_local_decision_opens_the_independent_review_window():
    output = run(vrr_stage="local_decision", request_date="2026-11-17", local_decision_date="2026-11-20")
    assert output["deadlines"] == {"vrr_independent_request": "2026-12-04"}
    assert output["missing"] == []


def test_vrr_local_decision_on_local_only_pathway_has_no_independent_review():
    # A one-stage review ends with its first decision (VRR 20, 47): judicial review follows,
    # counted from the local decision, and an independent review only if the material arrives.
    output = run(vrr_stage="local_decision", request_date="2026-11-17", awaiting_material=True)
    assert output["deadlines"] == {}
    assert output["missing"] == ["local_decision_date"]
    output = run(vrr_stage="local_decision", request_date="2026-11-17", local_decision_date="2026-11-20",
                 awaiting_material=True)
    assert output["missing"] == []
    assert vrr(output)["next_step"] == "review_finished"
    assert "vrr_independent_request" not in output["deadlines"]
    assert output["deadlines"]["judicial_review"] == "2027-02-20"
    assert "independent_review_if_material_arrives" in output["notes"]


def test_vrr_letter_dated_on_a_weekend_counts_from_the_next_day():
    # Saturday 21 Nov 2026: working day 1 is Monday 23 Nov, day 10 Friday 4 Dec.
    output = run("2026-11-23", decision_date="2026-11-21")
    assert output["deadlines"]["vrr_request"] == "2026-12-04"


def test_vrr_request_deadline_crosses_easter():
    # Fri 19 Mar 2027 + 10 working days, skipping Good Friday 26 Mar and Easter Monday 29 Mar.
    output = run("2027-03-22", decision_date="2027-03-19")
    assert output["deadlines"]["vrr_request"] == "2027-04-06"


def test_vrr_request_deadline_crosses_christmas_with_two_substitute_days():
    # 2027: Christmas and Boxing Day fall at the weekend; Mon 27 and Tue 28 Dec are holidays.
    output = run("2027-12-20", decision_date="2027-12-17")
    assert output["deadlines"]["vrr_request"] == "2028-01-05"


def test_vrr_late_limit_clamps_to_the_end_of_the_month():
    output = run("2026-12-01", decision_date="2026-11-30", communicated_date=None)
    assert output["deadlines"]["vrr_late_limit"] == "2027-02-28"
    leap = run("2027-12-01", decision_date="2027-11-30")
    assert leap["deadlines"]["vrr_late_limit"] == "2028-02-29"

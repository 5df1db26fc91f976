"""Meeting, complaint, police review, Child Sexual Abuse Review Panel, judicial review."""

from __future__ import annotations

import pytest

from tests.unit.helpers import run

POLICE = {"role": "victim", "decision_by": "police", "decision_date": "2026-10-01"}


# --- meeting (VRR 33-35) ----------------------------------------------------------------

@pytest.mark.parametrize("offence", [["sexual"], ["death"], ["hate_crime"], ["other", "sexual"]])
def test_meeting_offered_for_sexual_death_or_hate_crime(offence):
    output = run(offence=offence)
    assert output["routes"]["meeting"] == {"advice": "defer_until_after_vrr"}


def test_meeting_not_offered_for_other_offences_or_ineligible_decisions():
    assert "meeting" not in run(offence=["other"])["routes"]
    assert "meeting" not in run(offence=["death"], decision_type="partial")["routes"]


def test_meeting_after_a_completed_review():
    output = run(offence=["death"], vrr_stage="completed", request_date="2026-09-01",
                 final_decision_date="2026-10-20", decision_date="2026-08-28")
    assert output["routes"]["meeting"] == {"advice": "after_vrr"}


def test_meeting_needs_the_offence_when_eligible():
    assert run(offence=None)["missing"] == ["offence"]


# --- complaint (VRR 23) -----------------------------------------------------------------

def test_complaint_alongside_an_eligible_review():
    output = run(service_complaint=True, complaint_event_date="2026-06-01")
    assert set(output["routes"]) == {"vrr", "complaint"}
    assert output["deadlines"]["complaint"] == "2026-12-01"
    assert output["routes"]["complaint"] == {"timing": "in_time"}


def test_complaint_event_date_defaults_to_the_decision_and_is_asked():
    output = run(service_complaint=True)
    assert output["deadlines"]["complaint"] == "2027-05-16"
    assert output["missing"] == ["complaint_event_date"]


def test_complaint_out_of_time_the_day_after_six_months():
    on_time = run("2027-05-02", decision_type="partial", decision_date="2026-11-02")
    late = run("2027-05-03", decision_type="partial", decision_date="2026-11-02")
    assert on_time["routes"]["complaint"]["timing"] == "in_time"
    assert late["routes"]["complaint"]["timing"] == "out_of_time"


def test_complaint_six_months_clamps_31_august_to_february():
    output = run("2026-11-22", decision_type="partial", decision_date="2025-08-31")
    assert output["deadlines"]["complaint"] == "2026-02-28"
    leap = run("2026-11-22", decision_type="partial", decision_date="2023-08-31")
    assert leap["deadlines"]["complaint"] == "2024-02-29"


def test_complaint_about_treatment_is_never_asked_but_counts_when_given():
    assert "service_complaint" not in run(base=POLICE)["missing"]
    assert "service_complaint" not in run(service_complaint=None)["missing"]
    assert "police_complaint" in run(base=POLICE, service_complaint=True, complaint_event_date="2026-10-01")["routes"]


def test_complaint_about_a_police_decision_goes_to_the_force_not_the_cps():
    # Journeys review S3, legal review 5 (VRR 19(3), 23): never "Complain to the CPS".
    output = run(base=POLICE, service_complaint=True, complaint_event_date="2026-10-01")
    assert "complaint" not in output["routes"]
    assert output["routes"]["police_complaint"] == {"timing": "in_time"}
    assert output["deadlines"]["police_complaint"] == "2027-10-01"  # 12 months
    assert "complaint" not in output["deadlines"]


# --- police review ----------------------------------------------------------------------

def test_police_review_in_time_then_late_after_three_months():
    assert run("2027-01-01", base=POLICE)["routes"]["police_review"] == {"timing": "in_time"}
    assert run("2027-01-02", base=POLICE)["routes"]["police_review"] == {"timing": "late"}


def test_police_review_only_from_1_april_2015():
    assert "police_review" in run(base=POLICE, decision_date="2015-04-01")["routes"]
    assert "police_review" not in run(base=POLICE, decision_date="2015-03-31")["routes"]


def test_police_decision_needs_no_cps_answers():
    output = run(base=POLICE)
    assert output["missing"] == []
    assert output["routes"]["vrr"] == {"eligible": False, "reasons": ["police_decision"]}


# --- Child Sexual Abuse Review Panel (VRR 22) -------------------------------------------

@pytest.mark.parametrize("decision_by", ["cps", "police"])
def test_csa_panel_for_child_sexual_abuse_decided_before_the_scheme(decision_by):
    output = run(decision_by=decision_by, decision_date="2013-06-04", offence=["sexual"], victim_under_18=True)
    assert "csa_review_panel" in output["routes"]


def test_csa_panel_not_for_decisions_from_5_june_2013():
    output = run(decision_date="2013-06-05", offence=["sexual"], victim_under_18=True)
    assert "csa_review_panel" not in output["routes"]
    assert output["routes"]["vrr"]["eligible"] is True


def test_csa_panel_needs_victim_under_18_and_a_sexual_offence():
    assert "csa_review_panel" not in run(decision_date="2010-01-01", offence=["sexual"],
                                         victim_under_18=False)["routes"]
    assert "csa_review_panel" not in run(decision_date="2010-01-01", offence=["death"])["routes"]
    assert run(decision_date="2010-01-01", offence=["sexual"])["missing"] == ["victim_under_18"]
    assert run(decision_date="2010-01-01", offence=None)["missing"] == ["offence"]


# --- judicial review (VRR 47, CPR 54.5) -------------------------------------------------

def test_judicial_review_after_a_completed_review():
    output = run(vrr_stage="completed", decision_date="2026-06-01", request_date="2026-06-05",
                 final_decision_date="2026-08-31")
    assert output["routes"]["judicial_review"] == {"timing": "in_time"}
    assert output["deadlines"] == {"judicial_review": "2026-11-30"}
    assert run("2026-12-01", vrr_stage="completed", decision_date="2026-06-01", request_date="2026-06-05",
               final_decision_date="2026-08-31")["routes"]["judicial_review"] == {"timing": "out_of_time"}


def test_judicial_review_asks_for_the_final_decision_date():
    output = run(vrr_stage="completed", decision_date="2026-06-01", request_date="2026-06-05")
    assert output["missing"] == ["final_decision_date"]
    assert output["routes"]["judicial_review"] == {}


def test_judicial_review_not_before_the_review_is_completed():
    assert "judicial_review" not in run(vrr_stage="requested", request_date="2026-11-20")["routes"]

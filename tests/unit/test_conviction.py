"""Appeal, CCRC, Scottish CCRC and the conviction-side notes."""

from __future__ import annotations

import pytest

from tests.unit.helpers import run

CROWN = {
    "role": "convicted_person",
    "conviction_place": "england_wales",
    "court": "crown",
    "plea": "not_guilty",
    "challenge": "conviction",
    "appeal_status": "none",
    "conviction_date": "2026-11-02",
    "sentence_date": "2026-11-20",
    "previous_ccrc_application": False,
    "post_office_horizon": False,
}
MAGISTRATES = {**CROWN, "court": "magistrates"}


def test_appeal_from_the_crown_court_against_conviction():
    output = run(base=CROWN)
    assert output["routes"]["appeal"] == {"court": "court_of_appeal", "timing": "in_time"}
    assert output["deadlines"] == {"appeal_conviction": "2026-11-30"}
    assert output["missing"] == []


def test_appeal_against_both_is_in_time_until_the_later_deadline():
    output = run("2026-12-10", base=CROWN, challenge="both")
    assert output["deadlines"] == {"appeal_conviction": "2026-11-30", "appeal_sentence": "2026-12-18"}
    assert output["routes"]["appeal"]["timing"] == "in_time"
    assert run("2026-12-19", base=CROWN, challenge="both")["routes"]["appeal"]["timing"] == "out_of_time"


def test_appeal_against_sentence_only_uses_the_sentence_date():
    output = run(base=CROWN, challenge="sentence", conviction_date="2026-01-05")
    assert output["deadlines"] == {"appeal_sentence": "2026-12-18"}


def test_appeal_from_magistrates_is_15_working_days_from_sentence():
    # Fri 20 Nov 2026 + 15 working days = Fri 11 Dec 2026.
    output = run(base=MAGISTRATES)
    assert output["routes"]["appeal"] == {"court": "crown_court", "timing": "in_time"}
    assert output["deadlines"] == {"appeal_crown_court": "2026-12-11"}


def test_appeal_from_magistrates_crossing_christmas():
    # Fri 11 Dec 2026 + 15 working days skips 25 and 28 Dec and 1 Jan: Wed 6 Jan 2027.
    output = run("2026-12-14", base=MAGISTRATES, conviction_date="2026-12-11", sentence_date="2026-12-11")
    assert output["deadlines"] == {"appeal_crown_court": "2027-01-06"}


def test_no_appeal_against_conviction_after_guilty_plea_in_magistrates():
    output = run(base=MAGISTRATES, plea="guilty")
    assert set(output["routes"]) == {"ccrc"}
    assert output["routes"]["ccrc"] == {"status": "available"}


def test_guilty_plea_in_magistrates_may_still_appeal_sentence():
    output = run(base=MAGISTRATES, plea="guilty", challenge="both")
    assert output["routes"]["appeal"]["court"] == "crown_court"
    assert output["routes"]["ccrc"]["status"] == "available"
    sentence_only = run(base=MAGISTRATES, plea="guilty", challenge="sentence")
    assert sentence_only["routes"]["ccrc"]["status"] == "exceptional_only"


def test_plea_is_asked_only_where_it_matters():
    assert "plea" in run(base=MAGISTRATES, plea=None)["missing"]
    assert "plea" not in run(base=CROWN, plea=None)["missing"]
    assert "plea" not in run(base=MAGISTRATES, plea=None, challenge="sentence")["missing"]


def test_appeal_out_of_time_needs_an_extension():
    output = run("2026-12-01", base=CROWN)
    assert output["routes"]["appeal"]["timing"] == "out_of_time"


def test_appeal_in_northern_ireland_has_no_dates():
    output = run(base=CROWN, conviction_place="northern_ireland")
    assert output["routes"]["appeal"] == {"court": "court_of_appeal"}
    assert output["deadlines"] == {}
    assert output["routes"]["ccrc"]["status"] == "exceptional_only"


@pytest.mark.parametrize(
    ("change", "status", "appeal"),
    [
        ({"previous_ccrc_application": True, "new_information": False}, "needs_new_information", True),
        ({"previous_ccrc_application": True, "new_information": True}, "exceptional_only", True),
        ({"appeal_status": "pending"}, "after_appeal", False),
        ({"appeal_status": "dismissed"}, "available", False),
        ({"appeal_status": "leave_refused"}, "available", False),
        ({"appeal_status": "none"}, "exceptional_only", True),
        ({"previous_ccrc_application": True, "new_information": False, "appeal_status": "pending"},
         "needs_new_information", False),
    ],
)
def test_ccrc_status_first_that_holds(change, status, appeal):
    output = run(base=CROWN, **change)
    assert output["routes"]["ccrc"] == {"status": status}
    assert ("appeal" in output["routes"]) is appeal


def test_ccrc_asks_for_new_information_only_after_a_previous_application():
    assert run(base=CROWN, previous_ccrc_application=True)["missing"] == ["new_information"]
    assert "new_information" not in run(base=CROWN)["missing"]


def test_scotland_goes_to_the_sccrc_only():
    output = run(base={"role": "convicted_representative", "conviction_place": "scotland"})
    assert output["routes"] == {"sccrc": {}}
    assert output["missing"] == []


def test_conviction_elsewhere_is_outside_jurisdiction():
    output = run(base={"role": "convicted_person", "conviction_place": "elsewhere"})
    assert output["routes"] == {}
    assert output["notes"] == ["outside_jurisdiction"]


def test_horizon_case_gets_the_2024_act_note():
    output = run(base=CROWN, post_office_horizon=True)
    assert output["notes"] == ["horizon_act_2024"]
    assert "horizon_act_2024" not in run(base=CROWN)["notes"]


def test_conviction_side_ignores_victim_side_answers():
    output = run(base=CROWN, decision_by="cps", decision_type="no_charge", decision_date="2026-11-16")
    assert "vrr" not in output["routes"]

"""webapp.staff.workflow: the statuses of a request in the receiving office, the moves
between them, and the dates each status makes due (VRR 30-32, 42, Annex B).

Every expected date is counted by hand on the calendar of England and Wales, around
Christmas and New Year 2026-27 (bank holidays Friday 25 and Monday 28 December 2026,
Friday 1 January 2027) and Easter 2027 (Good Friday 26 March, Easter Monday 29 March),
so a count that ignored bank holidays gives another date. Working days are counted from
the day after the start (VRR 30).
"""

from __future__ import annotations

from datetime import date

import pytest

from questionnaire.calendar import add_working_days, is_working_day
from webapp.staff import workflow
from webapp.staff.workflow import Due, Event, due_dates, next_due, target, transitions, working_days_to_close

CHRISTMAS_HOLIDAYS = (date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1))
EASTER_HOLIDAYS = (date(2027, 3, 26), date(2027, 3, 29))

# Received Wednesday 16 December 2026.
RECEIVED = date(2026, 12, 16)
# 10 working days: 17, 18, 21, 22, 23, 24, 29, 30, 31 December, 4 January (not 30 December).
LOCAL_RESOLUTION = date(2027, 1, 4)
# 30 working days: ... 4 January (10), 5-8 (14), 11-15 (19), 18-22 (24), 25-29 (29), 1 February (30).
OVERALL = date(2027, 2, 1)
# Local decision upheld on Thursday 24 December: 29, 30, 31 December, 4-8, 11, 12 January.
UPHELD_ON = date(2026, 12, 24)
WINDOW = date(2027, 1, 12)
# Independent review asked for on Wednesday 17 March 2027: 18, 19, 22-25, 30, 31 March,
# 1, 2, 5-9, 12-16 April (Good Friday and Easter Monday skipped; without them, 14 April).
ASKED_AT_EASTER = date(2027, 3, 17)
INDEPENDENT_AT_EASTER = date(2027, 4, 16)


def keyed(dues: list[Due]) -> dict[str, date]:
    found = {d.key: d.day for d in dues}
    assert len(found) == len(dues), f"a key twice: {dues}"
    return found


def vrr_dues(*moves: tuple[str, date], today: date, pathway: str = "local_then_independent",
             received: date = RECEIVED, statute_limit: date | None = None) -> list[Due]:
    return due_dates("vrr", pathway, received, [Event(status, on) for status, on in moves], today, statute_limit)


def test_the_holidays_these_tests_count_on():
    for day in (*CHRISTMAS_HOLIDAYS, *EASTER_HOLIDAYS):
        assert day.weekday() < 5 and not is_working_day(day), day
    assert is_working_day(date(2026, 12, 24)) and is_working_day(date(2026, 12, 29))


# --------------------------------------------------------------------------- moves


def test_vrr_moves_follow_the_two_stages_of_review():
    assert transitions("vrr", "received") == ("acknowledged", "closed")
    # The local office reviews it; at the ARU (a Chief Crown Prosecutor's decision) the
    # first stage is the independent review itself.
    assert transitions("vrr", "acknowledged", "london_north") == ("under_review", "closed")
    assert transitions("vrr", "acknowledged", "aru") == ("independent_review", "closed")
    assert transitions("vrr", "under_review") == ("local_upheld", "new_decision", "decision_sent")
    assert transitions("vrr", "local_upheld") == ("independent_requested", "closed")
    assert transitions("vrr", "independent_requested") == ("independent_review",)
    assert transitions("vrr", "independent_review") == ("decision_sent", "new_decision")
    assert transitions("vrr", "decision_sent") == ("closed",)
    assert transitions("vrr", "new_decision") == ("closed",)


@pytest.mark.parametrize("kind", ["meeting", "complaint", "ccrc"])
def test_other_kinds_have_no_review_stages(kind):
    assert transitions(kind, "received") == ("acknowledged", "closed")
    assert transitions(kind, "acknowledged") == ("under_review", "closed")
    assert transitions(kind, "under_review") == ("decision_sent",)
    assert transitions(kind, "decision_sent") == ("closed",)
    for status in ("local_upheld", "independent_requested", "independent_review", "new_decision"):
        assert transitions(kind, status) == (), f"{kind} may leave {status}"


@pytest.mark.parametrize("kind", ["vrr", "meeting", "complaint", "ccrc"])
def test_closed_is_final_and_unknown_statuses_allow_nothing(kind):
    assert transitions(kind, "closed") == ()
    assert transitions(kind, "no_such_status") == ()
    assert workflow.FINAL == ("closed",)


def test_refused_moves():
    assert "decision_sent" not in transitions("vrr", "received")  # no skipping the review
    assert "closed" not in transitions("vrr", "under_review")
    assert "closed" not in transitions("vrr", "independent_requested")  # the ARU must review it
    assert "independent_requested" not in transitions("vrr", "under_review")  # only after "upheld"
    assert "received" not in {s for table in (workflow.VRR, workflow.COMMON) for moves in table.values() for s in moves}


def test_every_status_has_a_label_and_every_move_leads_to_a_known_status():
    for table in (workflow.VRR, workflow.COMMON):
        assert set(table) <= set(workflow.LABELS)
        for moves in table.values():
            assert set(moves) <= set(table), moves
    assert set(workflow.LABELS) == set(workflow.VRR)


def test_only_asking_for_an_independent_review_moves_the_request_to_the_aru():
    assert workflow.MOVES_TO_OFFICE == {"independent_requested": "aru"}


# --------------------------------------------------------------------------- VRR due dates


def test_a_vrr_request_just_received():
    dues = vrr_dues(today=RECEIVED)
    assert [(d.key, d.day, d.office_deadline) for d in dues] == [
        ("local_resolution", LOCAL_RESOLUTION, True),  # Annex B: 10 working days
        ("overall", OVERALL, True),  # VRR 31: 30 working days
    ]
    assert next_due(dues) == LOCAL_RESOLUTION
    assert add_working_days(RECEIVED, 10) == LOCAL_RESOLUTION  # the calendar agrees with the count above


@pytest.mark.parametrize("status", ["acknowledged", "under_review"])
def test_local_resolution_stays_due_while_the_office_works(status):
    moves = [("acknowledged", date(2026, 12, 17))]
    if status == "under_review":
        moves.append(("under_review", date(2026, 12, 18)))
    assert keyed(vrr_dues(*moves, today=date(2026, 12, 18))) == {"local_resolution": LOCAL_RESOLUTION,
                                                                "overall": OVERALL}


def test_an_upheld_local_decision_opens_the_victims_window():
    dues = vrr_dues(("acknowledged", date(2026, 12, 17)), ("under_review", date(2026, 12, 18)),
                    ("local_upheld", UPHELD_ON), today=UPHELD_ON)
    window = next(d for d in dues if d.key == "independent_request_window")
    assert window.day == WINDOW  # VRR 42: 10 working days from the local decision
    assert window.office_deadline is False  # the victim's window, not the office's target
    assert keyed(dues) == {"independent_request_window": WINDOW, "overall": OVERALL}
    assert "local_resolution" not in keyed(dues)  # that stage is done
    assert next_due(dues) == OVERALL  # the window is not the office's deadline


def test_the_independent_review_is_due_20_working_days_after_it_was_asked_for():
    asked = date(2027, 1, 12)
    moves = (("acknowledged", date(2026, 12, 17)), ("under_review", date(2026, 12, 18)),
             ("local_upheld", UPHELD_ON), ("independent_requested", asked))
    # 13-15, 18-22, 25-29 January, 1-5, 8, 9 February.
    expected = date(2027, 2, 9)
    assert keyed(vrr_dues(*moves, today=asked)) == {"independent_review": expected, "overall": OVERALL}
    # Counted from the request, not from when the ARU started: the same date once under way.
    under_way = (*moves, ("independent_review", date(2027, 1, 20)))
    assert keyed(vrr_dues(*under_way, today=date(2027, 1, 20)))["independent_review"] == expected


def test_the_independent_review_over_easter():
    moves = (("acknowledged", date(2027, 3, 1)), ("under_review", date(2027, 3, 2)),
             ("local_upheld", date(2027, 3, 10)), ("independent_requested", ASKED_AT_EASTER))
    dues = vrr_dues(*moves, today=ASKED_AT_EASTER, received=date(2027, 2, 26))
    assert keyed(dues)["independent_review"] == INDEPENDENT_AT_EASTER


def test_the_victims_window_and_the_overall_date_over_easter():
    received = date(2027, 3, 8)  # Monday
    assert keyed(vrr_dues(today=received, received=received)) == {
        "local_resolution": date(2027, 3, 22),
        # 30 working days: ... 22-25 March, 30 March - 2 April, 5-9, 12-16, 19-21 April.
        "overall": date(2027, 4, 21),
    }
    upheld = date(2027, 3, 18)  # 19, 22-25, 30, 31 March, 1, 2, 5 April
    dues = vrr_dues(("acknowledged", date(2027, 3, 9)), ("under_review", date(2027, 3, 10)),
                    ("local_upheld", upheld), today=upheld, received=received)
    assert keyed(dues)["independent_request_window"] == date(2027, 4, 5)
    asked = date(2027, 3, 25)  # the day before Good Friday: 30, 31 March, 1, 2, 5-9, 12-16, 19-23, 26 April
    dues = vrr_dues(("acknowledged", date(2027, 3, 9)), ("under_review", date(2027, 3, 10)),
                    ("local_upheld", upheld), ("independent_requested", asked), today=asked, received=received)
    assert keyed(dues)["independent_review"] == date(2027, 4, 26)


@pytest.mark.parametrize("final", ["decision_sent", "new_decision"])
def test_a_decision_ends_the_office_deadlines(final):
    moves = [("acknowledged", date(2026, 12, 17)), ("under_review", date(2026, 12, 18)), (final, date(2027, 1, 5))]
    dues = vrr_dues(*moves, today=date(2027, 3, 1))  # long after the overall date: no progress updates either
    assert dues == []
    assert next_due(dues) is None


def test_closed_has_no_dates_at_all():
    moves = [("acknowledged", date(2026, 12, 17)), ("closed", date(2026, 12, 18))]
    assert vrr_dues(*moves, today=date(2026, 12, 18), statute_limit=date(2027, 1, 8)) == []
    assert due_dates("complaint", None, RECEIVED, [Event("closed", RECEIVED)], RECEIVED) == []


@pytest.mark.parametrize("pathway", ["senior_prosecutor", "central_casework", "director_legal_services"])
def test_a_single_stage_review_is_due_in_30_working_days(pathway):
    dues = vrr_dues(today=RECEIVED, pathway=pathway)
    assert keyed(dues) == {"senior_review": OVERALL, "overall": OVERALL}  # Annex B: 30 working days
    assert "local_resolution" not in keyed(dues)


def test_a_chief_crown_prosecutors_decision_goes_straight_to_an_independent_review_due_in_20_working_days():
    """VRR 37: a Chief Crown Prosecutor's decision goes straight to the ARU's independent
    review, which Annex B has completed within 20 working days of receiving the request;
    the engine tells the victim that date (vrr_independent_review_due, questionnaire/rules/vrr.py).
    The office's date must be the same one, counted from receipt."""
    # 17, 18, 21-24, 29-31 December, 4-8, 11-15, 18 January (25, 28 December and
    # 1 January are bank holidays).
    expected = date(2027, 1, 18)
    assert add_working_days(RECEIVED, 20) == expected
    received = keyed(vrr_dues(today=RECEIVED, pathway="independent"))
    assert received.get("independent_review") == expected, (
        f"a request for the ARU's independent review shows {received}, not the independent review "
        f"due on {expected} (Annex B: 20 working days)")
    under_way = vrr_dues(("acknowledged", date(2026, 12, 17)), ("independent_review", date(2027, 1, 6)),
                         today=date(2027, 1, 6), pathway="independent")
    assert keyed(under_way)["independent_review"] == expected, "counted from when the ARU started, not from receipt"


# --------------------------------------------------------------------------- progress updates (VRR 31)


def test_no_progress_update_until_the_overall_date_has_passed():
    for today in (RECEIVED, date(2027, 1, 29), OVERALL):
        assert "progress_update" not in keyed(vrr_dues(today=today)), today


def test_progress_updates_every_20_working_days_after_the_overall_date():
    # 2-5, 8-12, 15-19, 22-26 February, 1 March: the first update; then 2-5, 8-12, 15-19,
    # 22-25, 30, 31 March (Easter skipped): the second.
    first, second = date(2027, 3, 1), date(2027, 3, 31)
    assert keyed(vrr_dues(today=date(2027, 2, 2)))["progress_update"] == first
    assert keyed(vrr_dues(today=date(2027, 2, 26)))["progress_update"] == first
    assert keyed(vrr_dues(today=first))["progress_update"] == first  # due today
    assert keyed(vrr_dues(today=date(2027, 3, 2)))["progress_update"] == second
    assert keyed(vrr_dues(today=second))["progress_update"] == second
    # 1, 2, 5-9, 12-16, 19-23, 26-28 April: the third.
    assert keyed(vrr_dues(today=date(2027, 4, 1)))["progress_update"] == date(2027, 4, 28)


def test_progress_updates_across_christmas():
    received = date(2026, 10, 1)  # overall: 12 November 2026
    dues = keyed(vrr_dues(today=date(2026, 12, 20), received=received))
    assert dues["overall"] == date(2026, 11, 12)
    # 10 December was the first update; the next: 11, 14-18, 21-24, 29-31 December, 4-8, 11, 12 January.
    assert dues["progress_update"] == date(2027, 1, 12)


def test_progress_updates_continue_at_every_open_stage():
    today = date(2027, 3, 2)
    upheld = vrr_dues(("acknowledged", date(2026, 12, 17)), ("under_review", date(2026, 12, 18)),
                      ("local_upheld", UPHELD_ON), today=today)
    assert keyed(upheld)["progress_update"] == date(2027, 3, 31)
    independent = vrr_dues(("acknowledged", date(2026, 12, 17)), ("under_review", date(2026, 12, 18)),
                           ("local_upheld", UPHELD_ON), ("independent_requested", date(2027, 1, 12)),
                           ("independent_review", date(2027, 1, 13)), today=today)
    assert keyed(independent)["progress_update"] == date(2027, 3, 31)


def test_the_next_due_is_the_earliest_office_deadline_even_when_passed():
    dues = vrr_dues(today=date(2027, 3, 2))
    assert next_due(dues) == LOCAL_RESOLUTION  # the most overdue of the office's own dates


# --------------------------------------------------------------------------- the time limit (VRR 32)


def test_the_time_limit_for_prosecuting_is_shown_but_is_not_the_next_due():
    limit = date(2026, 12, 29)
    dues = vrr_dues(today=RECEIVED, statute_limit=limit)
    assert [d.key for d in dues] == ["statute_limit", "local_resolution", "overall"]  # soonest first
    assert keyed(dues)["statute_limit"] == limit
    assert next_due(dues) == LOCAL_RESOLUTION  # the inbox orders by the time limit separately
    decided = vrr_dues(("acknowledged", date(2026, 12, 17)), ("under_review", date(2026, 12, 18)),
                       ("decision_sent", date(2026, 12, 21)), today=date(2026, 12, 21), statute_limit=limit)
    assert keyed(decided) == {"statute_limit": limit}
    assert next_due(decided) is None


def test_dues_are_sorted_soonest_first():
    for today in (RECEIVED, date(2027, 3, 2)):
        dues = vrr_dues(today=today, statute_limit=date(2027, 6, 1))
        assert [d.day for d in dues] == sorted(d.day for d in dues)


# --------------------------------------------------------------------------- other kinds


def test_a_complaint_is_answered_within_20_working_days():
    # 17, 18, 21-24, 29-31 December, 4-8, 11-15, 18 January.
    expected = date(2027, 1, 18)
    for moves in ([], [Event("acknowledged", date(2026, 12, 17))],
                  [Event("acknowledged", date(2026, 12, 17)), Event("under_review", date(2026, 12, 18))]):
        dues = due_dates("complaint", None, RECEIVED, moves, date(2026, 12, 18))
        assert [(d.key, d.day, d.office_deadline) for d in dues] == [("response", expected, True)]
        assert next_due(dues) == expected


def test_a_meeting_request_is_answered_within_10_working_days():
    dues = due_dates("meeting", None, RECEIVED, [], RECEIVED)
    assert keyed(dues) == {"response": LOCAL_RESOLUTION}


def test_a_ccrc_application_is_acknowledged_within_10_calendar_days():
    dues = due_dates("ccrc", None, RECEIVED, [], RECEIVED)
    assert keyed(dues) == {"acknowledgement": date(2026, 12, 26)}  # calendar days: a Saturday, Boxing Day
    acknowledged = due_dates("ccrc", None, RECEIVED, [Event("acknowledged", date(2026, 12, 17))], RECEIVED)
    assert acknowledged == []
    assert next_due(acknowledged) is None


@pytest.mark.parametrize("kind", ["complaint", "meeting"])
def test_a_sent_answer_ends_the_response_due(kind):
    """Like a VRR decision: once the answer is sent, the office has no response left to
    give (else the request shows as overdue in the inbox and the figures until closed)."""
    moves = [Event("acknowledged", date(2026, 12, 17)), Event("under_review", date(2026, 12, 18)),
             Event("decision_sent", date(2027, 1, 5))]
    dues = due_dates(kind, None, RECEIVED, moves, date(2027, 3, 1))
    assert dues == [], f"a {kind} whose answer was sent still has {dues}"
    assert next_due(dues) is None


def test_other_kinds_show_the_time_limit_too():
    limit = date(2027, 1, 8)
    dues = due_dates("complaint", None, RECEIVED, [], RECEIVED, limit)
    assert keyed(dues) == {"statute_limit": limit, "response": date(2027, 1, 18)}
    assert next_due(dues) == date(2027, 1, 18)


# --------------------------------------------------------------------------- targets and spans


def test_the_target_for_closing_each_kind():
    assert target("vrr", "local_then_independent", RECEIVED) == OVERALL
    assert target("vrr", "senior_prosecutor", RECEIVED) == OVERALL
    assert target("complaint", None, RECEIVED) == date(2027, 1, 18)
    assert target("meeting", None, RECEIVED) == LOCAL_RESOLUTION
    assert target("ccrc", None, RECEIVED) == date(2026, 12, 26)


def test_working_days_to_close():
    assert working_days_to_close(RECEIVED, RECEIVED) == 0
    assert working_days_to_close(RECEIVED, LOCAL_RESOLUTION) == 10  # not 13 calendar weekdays
    assert working_days_to_close(RECEIVED, OVERALL) == 30
    assert working_days_to_close(date(2027, 3, 25), date(2027, 3, 30)) == 1  # Good Friday, Easter Monday
    assert working_days_to_close(date(2026, 12, 24), date(2026, 12, 29)) == 1


def test_every_label_key_is_known():
    statuses = {"received", "acknowledged", "under_review", "local_upheld", "new_decision", "independent_requested",
                "independent_review", "decision_sent", "closed"}
    assert set(workflow.LABELS) == statuses
    produced = set()
    for pathway in ("local_then_independent", "senior_prosecutor", "independent"):
        for today in (RECEIVED, date(2027, 3, 2)):
            for moves in ([], [("acknowledged", date(2026, 12, 17)), ("under_review", date(2026, 12, 18)),
                               ("local_upheld", UPHELD_ON)],
                          [("acknowledged", date(2026, 12, 17)), ("independent_review", date(2026, 12, 18))]):
                produced |= {d.key for d in vrr_dues(*moves, today=today, pathway=pathway,
                                                     statute_limit=date(2027, 6, 1))}
    for kind in ("complaint", "meeting", "ccrc"):
        produced |= {d.key for d in due_dates(kind, None, RECEIVED, [], RECEIVED)}
    assert produced <= set(workflow.DUE_LABELS), produced - set(workflow.DUE_LABELS)

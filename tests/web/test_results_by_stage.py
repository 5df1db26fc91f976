"""What the results page offers at every stage of the review, on every pathway (legal
review, December 2026, "Wording that can harm" 1-3: a person whose review had ended was
told "Ask the CPS to review the decision. You are in time").

The expected heading, offer and judicial review are written out here from VRR 30, 31,
36-47 and Annex B (contract version 2's `next_step`), not read from the engine.
"""

from __future__ import annotations

import pytest

from .conftest import text_of
from .journeys import VICTIM_CPS

# Each pathway's answers (VRR 36-45), all with a decision in time to ask.
PATHWAYS = {
    "local_then_independent": {},
    "local_only": {"awaiting_material": True},  # VRR 20
    "independent": {"decision_maker": "chief_crown_prosecutor"},  # VRR 37
    "senior_prosecutor": {"decision_type": "no_evidence"},  # VRR 43
    "central_casework": {"decision_maker": "central_casework"},  # VRR 44-45
    "director_legal_services": {"decision_maker": "director_legal_services"},  # VRR 39
}
STAGES = {
    "not_requested": {},
    "requested": {"request_date": "2026-11-17"},
    "local_decision": {"request_date": "2026-11-17", "local_decision_date": "2026-11-20"},
    "independent_requested": {"request_date": "2026-11-17", "local_decision_date": "2026-11-18",
                              "independent_request_date": "2026-11-20"},
    "completed": {"request_date": "2026-11-17", "final_decision_date": "2026-11-20"},
}
TWO_STAGES = ("local_then_independent",)  # the only pathway with an independent stage (VRR 36-37)

ASK = ("Ask the CPS to review the decision", {"/requests/vrr/start"}, False)
WAIT = ("Your review is under way", set(), False)
WAIT_INDEPENDENT = ("Your independent review is under way", set(), False)
ASK_INDEPENDENT = ("Ask for an independent review", {"/requests/independent_review/start"}, False)
ENDED = ("The CPS review has ended", set(), True)


def expected(stage: str, pathway: str) -> tuple[str, set[str], bool]:
    """(the review section's heading, the review requests offered, judicial review shown)."""
    if stage == "not_requested":
        return ASK
    if stage == "requested":
        return WAIT
    if stage == "local_decision":
        return ASK_INDEPENDENT if pathway in TWO_STAGES else ENDED  # VRR 42; VRR 47
    if stage == "independent_requested":
        return WAIT_INDEPENDENT  # Annex B: whatever the pathway is now
    return ENDED  # VRR 47


@pytest.mark.parametrize("pathway", list(PATHWAYS))
@pytest.mark.parametrize("stage", list(STAGES))
def test_the_results_offer_what_the_stage_of_the_review_allows(client_request, seed_answers, stage, pathway):
    seed_answers({**VICTIM_CPS, **PATHWAYS[pathway], "vrr_stage": stage, **STAGES[stage]})
    page = client_request.get("/results")
    heading, offered, judicial_review = expected(stage, pathway)
    section = page.select_one("#route-vrr")
    assert section is not None
    assert text_of(section.select_one("h2")) == heading
    review_starts = {f["action"] for f in page.select("main form")
                     if f["action"] in ("/requests/vrr/start", "/requests/independent_review/start")}
    assert review_starts == offered
    assert (page.select_one("#route-judicial-review") is not None) == judicial_review
    text = text_of(section)
    if stage != "not_requested":
        assert "You are in time" not in text  # about asking: only before asking
    if judicial_review:
        jr = text_of(page.select_one("#route-judicial-review"))
        assert "promptly" in jr  # CPR 54.5(1)(a)


def test_a_late_independent_review_can_still_be_asked_for(client_request, seed_answers):
    # VRR 42: 10 working days from the local decision; later requests say why.
    seed_answers({**VICTIM_CPS, "decision_date": "2026-09-28", "vrr_stage": "local_decision",
                  "request_date": "2026-10-01", "local_decision_date": "2026-10-20"})
    page = client_request.get("/results")
    section = text_of(page.select_one("#route-vrr"))
    assert "you can still ask" in section and "why it is late" in section
    assert page.select("form[action='/requests/independent_review/start']")
    easy = text_of(page.select_one("#easy-read"))
    assert "You can still ask. Say why you are late." in easy
    assert "Ask by" not in easy  # never "Ask by" a date already passed (legal review 3)


def test_a_late_review_request_is_never_told_to_ask_by_a_past_date(client_request, seed_answers):
    seed_answers({**VICTIM_CPS, "decision_date": "2026-09-01", "told_of_right_to_review": True})
    easy = text_of(client_request.get("/results").select_one("#easy-read"))
    assert "Ask by" not in easy
    assert "You can still ask. Say why you are late." in easy


def test_before_asking_the_reviewers_dates_count_from_the_day_the_person_asks(client_request, seed_answers):
    # Journeys review, Minor: "14 days from your request" before any request was made.
    seed_answers(VICTIM_CPS)
    section = text_of(client_request.get("/results").select_one("#route-vrr"))
    assert "from your request" not in section
    assert "14 days from the day you ask, if you ask today" in section


def test_a_review_going_straight_to_the_aru_shows_one_end_date(client_request, seed_answers):
    seed_answers({**VICTIM_CPS, "decision_maker": "chief_crown_prosecutor"})
    section = text_of(client_request.get("/results").select_one("#route-vrr"))
    assert "The Appeals and Review Unit aims to finish by" in section
    assert "final review decision by" not in section


def test_the_options_can_be_kept_before_sending_anything(client_request, seed_answers):
    # Journeys review, Minor: no print or calendar of the results before sending.
    from icalendar import Calendar

    seed_answers({**VICTIM_CPS, "service_complaint": True, "complaint_event_date": "2026-01-10"})
    page = client_request.get("/results")
    assert page.select_one("main a[href='/results/calendar.ics'][download]") is not None
    assert page.select_one("main button[data-print]") is not None
    response = client_request.client.get("/results/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = {str(e["SUMMARY"]): e["DTSTART"].dt for e in Calendar.from_ical(response.data).walk("VEVENT")}
    assert events["Last day to ask for a review in the usual time"].isoformat() == "2026-11-30"  # 10 working days
    assert "Last day to complain in the usual time" not in events  # 10 July 2026 has passed: not a reminder
    assert all(day.isoformat() >= "2026-11-22" for day in events.values())


def test_a_representative_is_told_what_written_permission_is_and_may_send_without_it(client_request, seed_answers):
    # Journeys review B2: "send their written permission with the request", and nothing more.
    seed_answers({**VICTIM_CPS, "role": "representative", "has_written_authority": False})
    section = client_request.get("/results").select_one("#route-vrr")
    details = section.select_one("details.govuk-details")
    assert details is not None and "What written permission is" in text_of(details.select_one("summary"))
    body = text_of(details)
    assert "you can act for them about this decision" in body and "For example" in body
    assert "send the request now" in text_of(section)
    assert section.select("form[action='/requests/vrr/start']")


def test_a_one_stage_review_waiting_for_material_says_when_an_independent_review_opens(client_request, seed_answers):
    # VRR 20: the local review was the only stage, unless the material arrives.
    seed_answers({**VICTIM_CPS, **PATHWAYS["local_only"], "vrr_stage": "local_decision", **STAGES["local_decision"]})
    section = text_of(client_request.get("/results").select_one("#route-vrr"))
    assert "If that information arrives and the CPS still keeps the decision" in section


def test_a_late_limit_counted_from_the_letter_says_so(client_request, seed_answers):
    # Legal review: "3 months from when you were told" though counted from the letter.
    seed_answers({**VICTIM_CPS, "decision_date": "2026-09-01", "told_of_right_to_review": True})
    section = text_of(client_request.get("/results").select_one("#route-vrr"))
    assert "3 months from the date of the decision letter" in section
    assert "from when you were told" not in section

"""Whole journeys through the test client: start, each question, check answers, results."""

from __future__ import annotations

from datetime import date

import pytest

from questionnaire import assess
from questionnaire.calendar import working_days_between

from .conftest import TODAY, text_of
from .journeys import (
    CONVICTED_CROWN,
    SCENARIOS,
    VICTIM_CPS,
    VICTIM_POLICE,
    answer_questions,
    expected_questions,
)


def _long(day: str) -> str:
    """2026-11-30 as "Monday 30 November 2026"."""
    parsed = date.fromisoformat(day)
    return f"{parsed:%A} {parsed.day} {parsed:%B %Y}"


def _deadline_rows(section) -> dict[str, str]:
    return {text_of(row.select_one("dt")): text_of(row.select_one("dd"))
            for row in section.select(".app-deadlines .govuk-summary-list__row")}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_journey_victim_cps_no_charge_reaches_results_with_the_deadline(client_request, htmx):
    journey = answer_questions(client_request, VICTIM_CPS, htmx=htmx)
    assert journey["location"] == "/check-your-answers"
    assert len(journey["asked"]) <= 10
    assert journey["asked"] == expected_questions(VICTIM_CPS)

    client_request.get("/check-your-answers", htmx=htmx)
    page = client_request.get("/results", htmx=htmx)
    expected = assess(VICTIM_CPS, TODAY)
    assert expected["deadlines"]["vrr_request"] == "2026-11-30"
    route = page.select_one("#route-vrr")
    assert text_of(route.select_one("h2")) == "Ask the CPS to review the decision"
    rows = _deadline_rows(route)
    left = working_days_between(TODAY, date(2026, 11, 30))
    assert left == 6
    assert rows["Ask for a review by"] == (
        f"Monday 30 November 2026 10 working days from the date of your letter {left} working days left")
    assert "You are in time." in text_of(route)


def test_journey_victim_cps_results_show_every_deadline_of_the_engine(client_request):
    answer_questions(client_request, VICTIM_CPS)
    page = client_request.get("/results")
    expected = assess(VICTIM_CPS, TODAY)["deadlines"]
    shown = " ".join(_deadline_rows(page.select_one("#route-vrr")).values())
    for key, day in expected.items():
        assert _long(day) in shown, f"{key} ({day}) is not on the results page"


def test_journey_victim_police_shows_police_review(client_request):
    journey = answer_questions(client_request, VICTIM_POLICE)
    assert journey["asked"] == ["role", "decision_by", "decision_date"]
    page = client_request.get("/results")
    expected = assess(VICTIM_POLICE, TODAY)
    assert set(expected["routes"]) == {"vrr", "police_review"}
    route = page.select_one("#route-police-review")
    assert route is not None
    assert text_of(route.select_one("h2")) == "Ask the police to review their decision"
    assert _deadline_rows(route)["Ask the police for a review by"].startswith(
        _long(expected["deadlines"]["police_review"]))
    # The CPS scheme is not available, and the page says why (after what can help).
    why = page.select_one("#route-vrr")
    assert "The police made this decision, not the CPS" in text_of(why)
    routes = [div["id"] for div in page.select(".app-route")]
    assert routes.index("route-police-review") < routes.index("route-vrr")


def test_journey_convicted_crown_court_shows_appeal_and_ccrc(client_request):
    journey = answer_questions(client_request, CONVICTED_CROWN)
    assert journey["asked"] == expected_questions(CONVICTED_CROWN)
    assert {"conviction_date", "sentence_date", "appeal_status"} <= set(journey["asked"])
    page = client_request.get("/results")
    expected = assess(CONVICTED_CROWN, TODAY)
    assert expected["routes"]["appeal"] == {"court": "court_of_appeal", "timing": "in_time"}

    appeal = page.select_one("#route-appeal")
    assert text_of(appeal.select_one("h2")) == "Appeal to the Court of Appeal"
    rows = _deadline_rows(appeal)
    assert rows["Appeal against the conviction by"].startswith(_long(expected["deadlines"]["appeal_conviction"]))
    assert rows["Appeal against the sentence by"].startswith(_long(expected["deadlines"]["appeal_sentence"]))
    assert "Monday 30 November 2026" in rows["Appeal against the conviction by"]
    assert "8 days left" in rows["Appeal against the conviction by"]

    ccrc = page.select_one("#route-ccrc")
    assert text_of(ccrc.select_one("h2")) == "Apply to the Criminal Cases Review Commission"
    assert "exceptional circumstances" in text_of(ccrc)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_journey_scenario_asks_the_engines_questions_and_shows_its_routes(client_request, name):
    answers = SCENARIOS[name]
    journey = answer_questions(client_request, answers)
    assert journey["asked"] == expected_questions(answers)
    client_request.get("/check-your-answers")
    page = client_request.get("/results")
    routes = assess(answers, TODAY)["routes"]
    shown = {div["id"].removeprefix("route-").replace("-", "_") for div in page.select(".app-route")}
    assert shown == set(routes)

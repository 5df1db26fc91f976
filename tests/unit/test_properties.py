"""Property tests (hypothesis) for the calendar and for `assess()` on any valid or invalid answers.

Everything expected here is written out from the contract
(../shared/contract/ASSESSMENT.md), not taken from the engine, so that a drift between the
two shows up as a failure. Bank holidays are checked against `holidays.UK(subdiv="ENG")`
directly, not through the engine's own helper.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import json
import subprocess
from datetime import date, timedelta
from functools import cache

import holidays
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from questionnaire import InvalidAnswers, assess, validate
from questionnaire.calendar import add_months, add_working_days, working_days_between
from tests.conftest import run_cli

# ---------------------------------------------------------------------------------------------
# The contract, written out
# ---------------------------------------------------------------------------------------------

VICTIM_ROLES = (
    "victim",
    "bereaved_relative",
    "parent_or_guardian",
    "family_spokesperson",
    "business",
    "representative",
)
CONVICTION_ROLES = ("convicted_person", "convicted_representative")
CHOICES: dict[str, tuple[str, ...]] = {
    "role": VICTIM_ROLES + CONVICTION_ROLES,
    "decision_by": ("cps", "police"),
    "decision_type": (
        "no_charge", "stopped", "no_evidence", "lie_on_file", "partial", "out_of_court", "judge_ended", "not_final",
    ),
    "decision_maker": (
        "area", "cps_direct", "chief_crown_prosecutor", "central_casework", "director_legal_services", "dpp", "unknown",
    ),
    "vrr_stage": ("not_requested", "requested", "local_decision", "independent_requested", "completed"),
    "conviction_place": ("england_wales", "northern_ireland", "scotland", "elsewhere"),
    "court": ("magistrates", "crown"),
    "plea": ("guilty", "not_guilty"),
    "challenge": ("conviction", "sentence", "both"),
    "appeal_status": ("none", "pending", "dismissed", "leave_refused"),
}
MULTI: dict[str, tuple[str, ...]] = {"offence": ("sexual", "death", "hate_crime", "other")}
BOOLS = (
    "has_written_authority",
    "business_contact_named",
    "told_of_right_to_review",
    "victim_withdrew_support",
    "awaiting_material",
    "victim_under_18",
    "summary_only",
    "service_complaint",
    "previous_ccrc_application",
    "new_information",
    "post_office_horizon",
)
DATES = (
    "decision_date",
    "communicated_date",
    "offence_date",
    "request_date",
    "local_decision_date",
    "independent_request_date",
    "final_decision_date",
    "complaint_event_date",
    "conviction_date",
    "sentence_date",
)
ANSWER_KEYS = frozenset(CHOICES) | frozenset(MULTI) | frozenset(BOOLS) | frozenset(DATES)

# Date order, as (the later date, the earlier dates it must not precede): the first earlier
# date that is given is the one compared (a final decision follows the local decision if
# there was one, else the request).
DATE_ORDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("communicated_date", ("decision_date",)),
    ("request_date", ("decision_date",)),
    ("local_decision_date", ("request_date",)),
    ("independent_request_date", ("local_decision_date",)),
    ("final_decision_date", ("local_decision_date", "request_date")),
    ("sentence_date", ("conviction_date",)),
)

ROUTES = frozenset({
    "vrr", "meeting", "complaint", "police_complaint", "police_review",
    "csa_review_panel", "judicial_review", "appeal", "ccrc", "sccrc",
})
DEADLINES = frozenset({
    "vrr_request",
    "vrr_late_limit",
    "vrr_representations",
    "vrr_local_resolution_due",
    "vrr_independent_review_due",
    "vrr_review_due",
    "vrr_independent_request",
    "statute_limit",
    "complaint",
    "police_complaint",
    "police_review",
    "judicial_review",
    "appeal_crown_court",
    "appeal_conviction",
    "appeal_sentence",
})
NOTES = frozenset({"outside_jurisdiction", "horizon_act_2024", "expedite", "independent_review_if_material_arrives"})
REASONS = frozenset({
    "police_decision", "before_scheme", "not_final", "partial", "out_of_court", "victim_withdrew_support",
    "judge_ended", "dpp_decision",
})
REQUIREMENTS = frozenset({"written_authority", "named_contact"})
# (route, key) -> the values the contract lists for that coded key.
CODED: dict[tuple[str, str], frozenset[str]] = {
    ("vrr", "pathway"): frozenset({
        "director_legal_services", "central_casework", "senior_prosecutor", "independent", "local_only",
        "local_then_independent",
    }),
    ("vrr", "timing"): frozenset({"in_time", "late", "out_of_time"}),
    ("vrr", "next_step"): frozenset({"ask_for_review", "wait_for_review", "ask_for_independent_review",
                                     "review_finished"}),
    ("vrr", "independent_timing"): frozenset({"in_time", "late"}),
    ("vrr", "remedy"): frozenset({"new_decision_possible", "leave_of_court_needed", "explanation_and_apology"}),
    ("meeting", "advice"): frozenset({"defer_until_after_vrr", "after_vrr"}),
    ("complaint", "timing"): frozenset({"in_time", "out_of_time"}),
    ("police_review", "timing"): frozenset({"in_time", "late"}),
    ("police_complaint", "timing"): frozenset({"in_time", "late"}),
    ("judicial_review", "timing"): frozenset({"in_time", "out_of_time"}),
    ("appeal", "court"): frozenset({"crown_court", "court_of_appeal"}),
    ("appeal", "timing"): frozenset({"in_time", "out_of_time"}),
    ("ccrc", "status"): frozenset({"needs_new_information", "after_appeal", "available", "exceptional_only"}),
}
# The fixed keys a route carries once nothing is missing (vrr and appeal depend on more).
FIXED_KEYS: dict[str, tuple[str, ...]] = {
    "meeting": ("advice",),
    "complaint": ("timing",),
    "police_review": ("timing",),
    "police_complaint": ("timing",),
    "judicial_review": ("timing",),
    "ccrc": ("status",),
    "csa_review_panel": (),
    "sccrc": (),
}
# `timing` only while the review has not been asked for; `independent_timing` only when the next
# step is to ask for the independent review (contract version 2, "What changed" 1).
VRR_ELIGIBLE_KEYS = ("pathway", "next_step", "remedy", "requirements", "exceptional_circumstances")
TOP_LEVEL_KEYS = frozenset({"contract", "today", "routes", "deadlines", "notes", "missing"})

EARLIEST = date(1900, 1, 1)
SCHEME_START = date(2013, 6, 5)
FIRST_TODAY = date(2013, 6, 5)
LAST_TODAY = date(2099, 6, 30)

# ---------------------------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------------------------

CALENDAR_FIRST = date(2013, 1, 1)
CALENDAR_LAST = date(2099, 12, 31)


@cache
def _bank_holidays() -> frozenset[date]:
    """England and Wales bank holidays, straight from the `holidays` library (1900..2100)."""
    return frozenset(holidays.UK(subdiv="ENG", years=range(1900, 2101)))


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays()


def _plus_working_days(start: date, n: int) -> date:
    """The contract's rule, counted independently: from the day after `start`."""
    day = start
    while n:
        day += timedelta(days=1)
        n -= _is_working_day(day)
    return day


def _plus_months(start: date, months: int) -> date:
    """The contract's rule: calendar months, the day clamped to the month's end."""
    index = start.year * 12 + start.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(start.day, stdlib_calendar.monthrange(year, month)[1]))


def _is_iso_date(text: object) -> bool:
    if not isinstance(text, str) or len(text) != 10 or not text.isascii():
        return False
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


calendar_days = st.dates(CALENDAR_FIRST, CALENDAR_LAST)
working_day_counts = st.integers(min_value=1, max_value=250)


@settings(deadline=None, max_examples=300)
@given(start=calendar_days, n=working_day_counts)
@example(start=date(2026, 12, 18), n=10)  # contract example "christmas-letter"
@example(start=date(2027, 12, 24), n=1)  # Christmas and Boxing Day both substituted
@example(start=date(2099, 12, 31), n=250)
def test_add_working_days_lands_on_working_day(start, n):
    result = add_working_days(start, n)
    assert result > start
    assert result.weekday() < 5, f"{result} is a weekend day"
    assert result not in _bank_holidays(), f"{result} is an England and Wales bank holiday"
    # Exactly n working days lie after `start` up to and including the result.
    counted = sum(_is_working_day(start + timedelta(days=k)) for k in range(1, (result - start).days + 1))
    assert counted == n


@settings(deadline=None, max_examples=200)
@given(start=calendar_days, n=working_day_counts, more=st.integers(min_value=1, max_value=40))
def test_add_working_days_strictly_increasing_in_n(start, n, more):
    assert add_working_days(start, n) < add_working_days(start, n + more)
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@settings(deadline=None, max_examples=300)
@given(start=calendar_days, n=working_day_counts)
@example(start=date(2026, 12, 24), n=3)
def test_working_days_between_inverts_add_working_days(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@settings(deadline=None, max_examples=500)
@given(start=calendar_days, months=st.integers(min_value=0, max_value=36))
@example(start=date(2025, 8, 31), months=6)  # the contract's 31 August + 6 months
@example(start=date(2023, 8, 31), months=6)
@example(start=date(2024, 1, 31), months=1)
@example(start=date(2026, 11, 30), months=3)
def test_add_months_clamps_to_month_end_and_keeps_day(start, months):
    result = add_months(start, months)
    index = start.year * 12 + start.month - 1 + months
    assert (result.year, result.month) == (index // 12, index % 12 + 1)
    next_month = date(result.year + result.month // 12, result.month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    assert result.day <= last_day
    if start.day <= last_day:
        assert result.day == start.day
    else:
        assert result.day == last_day


# ---------------------------------------------------------------------------------------------
# Valid answers
# ---------------------------------------------------------------------------------------------

NEAR = 400  # days: the deadlines run from 10 working days to six months


def days_between(lo: date, hi: date) -> st.SearchStrategy[date]:
    """A date in [lo, hi], often close to either end (where deadlines and orders bite)."""
    assert lo <= hi
    span = (hi - lo).days
    near = min(span, NEAR)
    return st.one_of(
        st.integers(0, near).map(lambda k: hi - timedelta(days=k)),
        st.integers(0, near).map(lambda k: lo + timedelta(days=k)),
        st.dates(lo, hi),
    )


todays = st.one_of(
    st.dates(FIRST_TODAY, LAST_TODAY),
    st.dates(date(2024, 1, 1), date(2028, 12, 31)),
    st.sampled_from([FIRST_TODAY, LAST_TODAY, date(2026, 11, 22), date(2026, 12, 21), date(2027, 2, 28)]),
)


def _value(key: str) -> st.SearchStrategy:
    if key in CHOICES:
        return st.sampled_from(CHOICES[key])
    if key in MULTI:
        return st.lists(st.sampled_from(MULTI[key]), max_size=5)
    return st.booleans()


@st.composite
def valid_answers(draw) -> tuple[dict, date]:
    """A valid answer set per the contract, and the `today` it is valid on."""
    today = draw(todays)
    mode = draw(st.sampled_from(["subset", "all", "eligible_cps", "conviction"]))
    if mode == "subset":
        keys = draw(st.sets(st.sampled_from(sorted(ANSWER_KEYS))))
    else:
        # Every key (or nearly), so that `missing` is often empty and every fixed key is due.
        dropped = draw(st.sets(st.sampled_from(sorted(ANSWER_KEYS)), max_size=3))
        if mode == "eligible_cps":  # any dates but the decision's: a fixed key may lack its date
            dropped |= draw(st.sets(st.sampled_from([key for key in DATES if key != "decision_date"])))
            dropped.discard("decision_date")
        keys = set(ANSWER_KEYS) - dropped
    answers: dict = {}
    for key in sorted(keys - set(DATES)):
        answers[key] = draw(_value(key))
    if mode == "eligible_cps":
        answers["role"] = draw(st.sampled_from(VICTIM_ROLES))
        answers["decision_by"] = "cps"
        answers["decision_type"] = draw(st.sampled_from(["no_charge", "stopped", "no_evidence", "lie_on_file"]))
        answers["victim_withdrew_support"] = False
        answers["decision_maker"] = draw(st.sampled_from([v for v in CHOICES["decision_maker"] if v != "dpp"]))
    elif mode == "conviction":
        answers["role"] = draw(st.sampled_from(CONVICTION_ROLES))

    dates: dict[str, date] = {}

    def put(key: str, lo: date, hi: date) -> None:
        if key in keys:
            dates[key] = draw(days_between(lo, hi))

    put("decision_date", SCHEME_START if mode == "eligible_cps" else EARLIEST, today)
    decision = dates.get("decision_date")
    put("offence_date", EARLIEST, decision or today)
    put("communicated_date", decision or EARLIEST, today)
    put("request_date", decision or EARLIEST, today)
    request = dates.get("request_date")
    put("local_decision_date", request or EARLIEST, today)
    local = dates.get("local_decision_date")
    put("independent_request_date", local or EARLIEST, today)
    put("final_decision_date", local or request or EARLIEST, today)
    put("complaint_event_date", EARLIEST, today)
    put("conviction_date", EARLIEST, today)
    put("sentence_date", dates.get("conviction_date") or EARLIEST, today)
    answers.update({key: day.isoformat() for key, day in dates.items()})
    return answers, today


def _check_route_values(name: str, route: dict) -> None:
    """Every coded key the route carries has one of the contract's values."""
    for (route_name, key), values in CODED.items():
        if route_name == name and key in route:
            assert route[key] in values, f"routes.{name}.{key} = {route[key]!r} is not in the contract"
    if name == "vrr":
        assert isinstance(route["eligible"], bool)
        if "reasons" in route:
            assert isinstance(route["reasons"], list)
            assert set(route["reasons"]) <= REASONS, route["reasons"]
        if "requirements" in route:
            assert isinstance(route["requirements"], list)
            assert set(route["requirements"]) <= REQUIREMENTS, route["requirements"]
        if "exceptional_circumstances" in route:
            assert isinstance(route["exceptional_circumstances"], bool)
        if route["eligible"] is False:
            assert "reasons" in route, "an ineligible vrr carries its reasons"


def _check_complete_route(name: str, route: dict, answers: dict) -> None:
    """With nothing missing, a route carries every fixed key the contract lists for it."""
    if name == "vrr":
        if route["eligible"]:
            for key in VRR_ELIGIBLE_KEYS:
                assert key in route, f"eligible vrr lacks {key!r} although nothing is missing"
            stage = answers.get("vrr_stage", "not_requested")
            assert ("timing" in route) == (stage == "not_requested"), "vrr timing only before a review is asked for"
            assert ("independent_timing" in route) == (route["next_step"] == "ask_for_independent_review")
        else:
            assert route.get("reasons"), "ineligible vrr has no reasons although nothing is missing"
    elif name == "appeal":
        assert "court" in route, "appeal lacks 'court' although nothing is missing"
        if answers.get("conviction_place") != "northern_ireland":
            assert "timing" in route, "appeal lacks 'timing' although nothing is missing"
    else:
        for key in FIXED_KEYS[name]:
            assert key in route, f"{name} lacks {key!r} although nothing is missing"


def check_assessment(out: dict, answers: dict, today: date) -> None:
    assert isinstance(out, dict)
    assert set(out) >= TOP_LEVEL_KEYS, f"missing top-level keys: {TOP_LEVEL_KEYS - set(out)}"
    assert out["contract"] == 1
    assert out["today"] == today.isoformat()

    routes = out["routes"]
    assert isinstance(routes, dict)
    assert set(routes) <= ROUTES, f"unknown routes: {set(routes) - ROUTES}"
    for name, route in routes.items():
        assert isinstance(route, dict), name
        _check_route_values(name, route)
    victim_side = answers.get("role") in VICTIM_ROLES
    assert ("vrr" in routes) == (victim_side and "decision_by" in answers)

    deadlines = out["deadlines"]
    assert isinstance(deadlines, dict)
    assert set(deadlines) <= DEADLINES, f"unknown deadlines: {set(deadlines) - DEADLINES}"
    for key, value in deadlines.items():
        assert _is_iso_date(value), f"deadline {key} = {value!r} is not a YYYY-MM-DD date"

    notes = out["notes"]
    assert isinstance(notes, list)
    assert set(notes) <= NOTES, f"unknown notes: {set(notes) - NOTES}"

    missing = out["missing"]
    assert isinstance(missing, list)
    assert len(set(missing)) == len(missing), f"duplicates in missing: {missing}"
    assert set(missing) <= ANSWER_KEYS, f"unknown keys in missing: {set(missing) - ANSWER_KEYS}"
    assert not set(missing) & set(answers), f"given answers listed as missing: {set(missing) & set(answers)}"
    if not missing:
        for name, route in routes.items():
            _check_complete_route(name, route, answers)

    assert json.loads(json.dumps(out)) == out


@settings(deadline=None, max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(case=valid_answers())
def test_assess_valid_answers_give_well_formed_assessment(case):
    answers, today = case
    given_answers = json.loads(json.dumps(answers))
    out = assess(answers, today)
    assert answers == given_answers, "assess() changed its input"
    check_assessment(out, answers, today)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(case=valid_answers())
def test_validate_accepts_valid_answers(case):
    answers, today = case
    parsed = validate(answers, today)
    for key in ANSWER_KEYS:
        value = getattr(parsed, key)
        assert (value is None) == (key not in answers), key
        if key in DATES and key in answers:
            assert value == date.fromisoformat(answers[key])


def _expected_deadline(key: str, answers: dict, today: date) -> date:
    """What the contract's deadline table says `key` is, from the answers."""
    def day(name: str) -> date | None:
        return date.fromisoformat(answers[name]) if name in answers else None

    stage = answers.get("vrr_stage", "not_requested")
    asked_on = today if stage == "not_requested" else day("request_date")
    formulas = {
        "vrr_request": lambda: _plus_working_days(day("decision_date"), 10),
        "vrr_late_limit": lambda: _plus_months(day("communicated_date") or day("decision_date"), 3),
        "vrr_representations": lambda: asked_on + timedelta(days=14),
        "vrr_local_resolution_due": lambda: _plus_working_days(asked_on, 10),
        "vrr_independent_review_due": lambda: _plus_working_days(
            day("independent_request_date") if stage == "independent_requested" else asked_on, 20),
        "vrr_review_due": lambda: _plus_working_days(asked_on, 30),
        "vrr_independent_request": lambda: _plus_working_days(day("local_decision_date"), 10),
        "statute_limit": lambda: _plus_months(day("offence_date"), 6),
        "complaint": lambda: _plus_months(day("complaint_event_date") or day("decision_date"), 6),
        "police_review": lambda: _plus_months(day("decision_date"), 3),
        "police_complaint": lambda: _plus_months(day("complaint_event_date") or day("decision_date"), 12),
        "judicial_review": lambda: _plus_months(
            day("final_decision_date") if stage == "completed" else day("local_decision_date"), 3),
        "appeal_crown_court": lambda: _plus_working_days(day("sentence_date"), 15),
        "appeal_conviction": lambda: day("conviction_date") + timedelta(days=28),
        "appeal_sentence": lambda: day("sentence_date") + timedelta(days=28),
    }
    return formulas[key]()


@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(case=valid_answers())
def test_assess_deadlines_and_timings_follow_contract_table(case):
    answers, today = case
    out = assess(answers, today)
    deadlines = {key: date.fromisoformat(value) for key, value in out["deadlines"].items()}
    for key, value in deadlines.items():
        assert value == _expected_deadline(key, answers, today), f"deadline {key}"
    routes = out["routes"]
    # A route's timing agrees with its deadline: in time up to and including the last day.
    for route, on_time, after in (("complaint", "in_time", "out_of_time"), ("police_review", "in_time", "late"),
                                  ("police_complaint", "in_time", "late"),
                                  ("judicial_review", "in_time", "out_of_time")):
        if "timing" in routes.get(route, {}):
            assert route in deadlines, f"{route} has a timing but no deadline"
            assert routes[route]["timing"] == (on_time if today <= deadlines[route] else after), route
    vrr = routes.get("vrr", {})
    if "timing" in vrr and answers.get("vrr_stage", "not_requested") == "not_requested":
        expected = ("in_time" if today <= deadlines["vrr_request"]
                    else "late" if today <= deadlines["vrr_late_limit"] else "out_of_time")
        assert vrr["timing"] == expected
    appeal = routes.get("appeal", {})
    if "timing" in appeal:
        own = [deadlines[k] for k in ("appeal_crown_court", "appeal_conviction", "appeal_sentence") if k in deadlines]
        assert own, "appeal has a timing but no deadline"
        assert appeal["timing"] == ("in_time" if today <= max(own) else "out_of_time")


MEETING_OFFENCES = frozenset({"sexual", "death", "hate_crime"})
POLICE_SCHEME_START = date(2015, 4, 1)


def _expected_victim_side(answers: dict, today: date) -> dict:
    """What the contract says of a victim-side assessment once nothing is missing."""
    def day(name: str) -> date | None:
        return date.fromisoformat(answers[name]) if name in answers else None

    decided_by, decided_on, kind = answers["decision_by"], day("decision_date"), answers.get("decision_type")
    stage = answers.get("vrr_stage", "not_requested")
    offence = set(answers.get("offence", []))
    reasons = set()
    if decided_by == "police":
        reasons.add("police_decision")
    if decided_on < SCHEME_START:
        reasons.add("before_scheme")
    if kind in ("not_final", "partial", "out_of_court", "judge_ended"):
        reasons.add(kind)
    if answers.get("victim_withdrew_support"):
        reasons.add("victim_withdrew_support")
    if answers.get("decision_maker") == "dpp":
        reasons.add("dpp_decision")
    eligible = not reasons
    # A complaint about a police decision goes to the force, never to the CPS (contract version 2).
    complaint = decided_by == "cps" and (bool(answers.get("service_complaint")) or not eligible)
    routes = {
        "vrr": True,
        "meeting": eligible and bool(offence & MEETING_OFFENCES),
        "complaint": complaint,
        "police_complaint": decided_by == "police" and bool(answers.get("service_complaint")),
        "police_review": decided_by == "police" and decided_on >= POLICE_SCHEME_START,
        "csa_review_panel": decided_on < SCHEME_START and "sexual" in offence and bool(answers.get("victim_under_18")),
        "judicial_review": False,  # below, from the next step
    }
    expected = {"routes": {name for name, applies in routes.items() if applies}, "reasons": reasons}
    deadlines = {name for name in ("complaint", "police_complaint", "police_review") if routes[name]}
    limit = None
    if answers.get("summary_only") and "offence_date" in answers:
        deadlines.add("statute_limit")
        limit = _plus_months(day("offence_date"), 6)
    if eligible:
        passed = limit is not None and today > limit
        maker = answers.get("decision_maker")
        if maker == "director_legal_services":
            pathway = "director_legal_services"
        elif maker == "central_casework":
            pathway = "central_casework"
        elif kind == "no_evidence" or passed:
            pathway = "senior_prosecutor"
        elif maker == "chief_crown_prosecutor":
            pathway = "independent"
        elif answers.get("awaiting_material"):
            pathway = "local_only"
        else:
            pathway = "local_then_independent"
        expected["pathway"] = pathway
        if kind == "no_evidence" or (passed and kind != "lie_on_file"):
            expected["remedy"] = "explanation_and_apology"
        elif not passed:
            expected["remedy"] = {"lie_on_file": "leave_of_court_needed"}.get(kind, "new_decision_possible")
        role = answers["role"]
        expected["requirements"] = {
            *(["written_authority"] if role == "representative" and not answers.get("has_written_authority") else []),
            *(["named_contact"] if role == "business" and not answers.get("business_contact_named") else []),
        }
        expected["exceptional_circumstances"] = answers.get("told_of_right_to_review", True) is False
        step = _next_step(stage, pathway)
        expected["next_step"] = step
        if step == "review_finished":
            expected["routes"].add("judicial_review")
            deadlines.add("judicial_review")
        if "meeting" in expected["routes"]:
            expected["advice"] = "after_vrr" if step == "review_finished" else "defer_until_after_vrr"
        if stage == "not_requested":
            deadlines |= {"vrr_request", "vrr_late_limit"}
        if stage in ("not_requested", "requested"):
            deadlines |= {"vrr_representations", "vrr_review_due"}
            if pathway in ("local_then_independent", "local_only"):
                deadlines.add("vrr_local_resolution_due")
            if pathway == "independent":
                deadlines.add("vrr_independent_review_due")
        if step == "ask_for_independent_review":
            deadlines.add("vrr_independent_request")
        if stage == "independent_requested":
            deadlines.add("vrr_independent_review_due")
    expected["deadlines"] = deadlines
    return expected


def _expected_expedite(answers: dict, deadlines: dict, today: date) -> bool:
    """Contract version 2, note `expedite`: the time limit falls before the review could finish."""
    limit = deadlines.get("statute_limit")
    if limit is None or answers.get("decision_type") == "no_evidence" or today > date.fromisoformat(limit):
        return False
    if "vrr_review_due" in deadlines:
        finishes = date.fromisoformat(deadlines["vrr_review_due"])
    elif "vrr_independent_request" in deadlines:
        finishes = _plus_working_days(date.fromisoformat(deadlines["vrr_independent_request"]), 20)
    elif answers.get("vrr_stage") == "independent_requested" and "vrr_independent_review_due" in deadlines:
        finishes = date.fromisoformat(deadlines["vrr_independent_review_due"])
    else:
        return False
    return date.fromisoformat(limit) < finishes


def _next_step(stage: str, pathway: str) -> str:
    """Contract version 2, `vrr.next_step`, from `vrr_stage`."""
    if stage == "not_requested":
        return "ask_for_review"
    if stage in ("requested", "independent_requested"):
        return "wait_for_review"
    if stage == "local_decision" and pathway == "local_then_independent":
        return "ask_for_independent_review"
    return "review_finished"


def _expected_conviction_side(answers: dict) -> dict:
    """What the contract says of a conviction-side assessment once nothing is missing."""
    place = answers["conviction_place"]
    expected: dict = {"routes": set(), "deadlines": set(), "notes": set()}
    if place == "elsewhere":
        expected["notes"].add("outside_jurisdiction")
    if answers.get("post_office_horizon"):
        expected["notes"].add("horizon_act_2024")
    if place == "scotland":
        expected["routes"].add("sccrc")
    if place not in ("england_wales", "northern_ireland"):
        return expected
    expected["routes"].add("ccrc")
    status = answers["appeal_status"]
    challenged = {"conviction", "sentence"} if answers.get("challenge") == "both" else {answers.get("challenge")}
    guilty_plea = (answers.get("court") == "magistrates" and "conviction" in challenged
                   and answers.get("plea") == "guilty")
    if answers.get("previous_ccrc_application") and not answers.get("new_information"):
        expected["status"] = "needs_new_information"
    elif status == "pending":
        expected["status"] = "after_appeal"
    elif status in ("dismissed", "leave_refused") or guilty_plea:
        expected["status"] = "available"
    else:
        expected["status"] = "exceptional_only"
    grounds = challenged - {"conviction"} if guilty_plea else challenged
    if status == "none" and grounds:
        expected["routes"].add("appeal")
        expected["court"] = "crown_court" if answers["court"] == "magistrates" else "court_of_appeal"
        if place == "england_wales":
            if answers["court"] == "magistrates":
                expected["deadlines"].add("appeal_crown_court")
            else:
                expected["deadlines"] |= {f"appeal_{ground}" for ground in grounds}
    return expected


@settings(deadline=None, max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(case=valid_answers())
def test_assess_complete_answers_follow_contract_rules(case):
    answers, today = case
    out = assess(answers, today)
    if out["missing"]:
        return
    routes, notes = out["routes"], set(out["notes"])
    role = answers.get("role")
    if role in VICTIM_ROLES and "decision_by" in answers:
        expected = _expected_victim_side(answers, today)
        assert set(routes) == expected["routes"]
        vrr = routes["vrr"]
        assert vrr["eligible"] is (not expected["reasons"])
        if not vrr["eligible"]:
            assert set(vrr["reasons"]) == expected["reasons"]
        for key in ("pathway", "next_step", "remedy", "exceptional_circumstances"):
            if key in expected:
                assert vrr[key] == expected[key], key
        if "requirements" in expected:
            assert set(vrr["requirements"]) == expected["requirements"]
        if "advice" in expected:
            assert routes["meeting"]["advice"] == expected["advice"]
        assert set(out["deadlines"]) == expected["deadlines"]
        assert ("expedite" in notes) == _expected_expedite(answers, out["deadlines"], today)
        material = expected.get("pathway") == "local_only" and answers.get("vrr_stage") == "local_decision"
        assert ("independent_review_if_material_arrives" in notes) == material
    elif role in CONVICTION_ROLES:
        expected = _expected_conviction_side(answers)
        assert set(routes) == expected["routes"]
        assert notes == expected["notes"]
        assert set(out["deadlines"]) == expected["deadlines"]
        if "ccrc" in routes:
            assert routes["ccrc"]["status"] == expected["status"]
        if "appeal" in routes:
            assert routes["appeal"]["court"] == expected["court"]
            if answers["conviction_place"] == "northern_ireland":
                assert "timing" not in routes["appeal"], "in Northern Ireland the appeal comes without timing"


# ---------------------------------------------------------------------------------------------
# Invalid answers
# ---------------------------------------------------------------------------------------------

ASCII_DIGITS = "0123456789"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

WRONG_TYPES: dict[str, tuple] = {
    "bool": (1, 0, "true", "false", "yes", None, 1.0, [], {}, [True]),
    "choice": (1, 0, True, False, None, 2.5, [], {}),
    "multi": ("sexual", "sexual,death", None, True, 1, {}, {"sexual": True}, [1], [None], [True], [["sexual"]]),
    "date": (20260203, None, True, False, 2026.0, [], ["2026-02-03"], {"year": 2026}),
}


def _kind(key: str) -> str:
    if key in CHOICES:
        return "choice"
    if key in MULTI:
        return "multi"
    if key in BOOLS:
        return "bool"
    return "date"


UNKNOWN_KEYS = ["Role", "ROLE", "role ", " role", "decision date", "decisionDate", "decision-date", "offences",
                "victim", "errors", "answers", "convicted", "vrr", "__proto__", ""]
# JSON text may spell a lone UTF-16 surrogate ("\\ud800"); json.loads keeps it in the key.
SURROGATE_KEYS = ["\ud800", "role\udfff", "\udc80decision_date"]


def _unknown_keys(surrogates: bool) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(UNKNOWN_KEYS + (SURROGATE_KEYS if surrogates else [])),
        st.text(st.characters(codec="utf-8"), max_size=20),
    ).filter(lambda key: key not in ANSWER_KEYS and key != "today")


def _malformed(day: date) -> st.SearchStrategy[str]:
    y, m, d = day.year, day.month, day.day
    iso = day.isoformat()
    forms = [
        f"{d:02d}-{m:02d}-{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}{m:02d}{d:02d}",
        f"{y % 100:02d}-{m:02d}-{d:02d}",
        f"{y}-{m:02d}-{d:02d}T00:00:00",
        f"{y}-{m:02d}",
        iso + " ",
        " " + iso,
        iso + "\n",
        iso.translate(str.maketrans(ASCII_DIGITS, ARABIC_INDIC_DIGITS)),
        "",
        "today",
    ]
    if m < 10 or d < 10:
        forms.append(f"{y}-{m}-{d}")  # 2026-2-3
    return st.sampled_from(forms)


@st.composite
def _impossible(draw, today: date) -> str:
    year = draw(st.integers(1901, today.year))
    non_leap = draw(st.sampled_from([y for y in range(today.year - 8, today.year + 1) if y % 4]))
    return draw(st.sampled_from([
        f"{year}-02-30",
        f"{year}-02-31",
        f"{non_leap}-02-29",
        "1900-02-29",  # 1900 was not a leap year
        f"{year}-04-31",
        f"{year}-06-31",
        f"{year}-09-31",
        f"{year}-11-31",
        f"{year}-00-10",
        f"{year}-13-01",
        f"{year}-{draw(st.integers(13, 99))}-01",
        f"{year}-01-00",
        f"{year}-01-{draw(st.integers(32, 99))}",
        "0000-01-01",
    ]))


@st.composite
def invalid_answers(draw, surrogates: bool = True) -> tuple[dict, date, str]:
    """A valid answer set with one field broken; returns (answers, today, the broken field).

    `surrogates`: whether an unknown key may hold a lone surrogate. The command line fails on
    those (test_cli.py::test_cli_unknown_key_with_lone_surrogate_is_invalid, an engine bug);
    the CLI property below leaves them to that test so that it stays deterministic.
    """
    answers, today = draw(valid_answers())
    answers = dict(answers)
    how = draw(st.sampled_from([
        "unknown_key", "choice_value", "multi_value", "wrong_type", "malformed_date", "impossible_date",
        "future_date", "order", "offence_after_decision",
    ]))
    if how == "unknown_key":
        field = draw(_unknown_keys(surrogates))
        answers[field] = draw(st.one_of(st.none(), st.booleans(), st.text(max_size=5), st.sampled_from(["victim"])))
    elif how == "choice_value":
        field = draw(st.sampled_from(sorted(CHOICES)))
        good = draw(st.sampled_from(CHOICES[field]))
        bad = st.one_of(
            st.sampled_from([good.upper(), good.title(), f" {good}", f"{good} ", good.replace("_", " "), "", "none "]),
            st.text(max_size=12),
        ).filter(lambda v: v not in CHOICES[field])
        answers[field] = draw(bad)
    elif how == "multi_value":
        field = "offence"
        bad = draw(st.one_of(
            st.sampled_from(["Sexual", "murder", "hate crime", "", "other ", "theft"]),
            st.text(max_size=10),
        ).filter(lambda v: v not in MULTI["offence"]))
        good = draw(st.lists(st.sampled_from(MULTI["offence"]), max_size=3))
        at = draw(st.integers(0, len(good)))
        answers[field] = [*good[:at], bad, *good[at:]]
    elif how == "wrong_type":
        field = draw(st.sampled_from(sorted(ANSWER_KEYS)))
        answers[field] = draw(st.sampled_from(WRONG_TYPES[_kind(field)]))
    elif how == "malformed_date":
        field = draw(st.sampled_from(DATES))
        answers[field] = draw(_malformed(draw(days_between(EARLIEST, today))))
    elif how == "impossible_date":
        field = draw(st.sampled_from(DATES))
        answers[field] = draw(_impossible(today))
    elif how == "future_date":
        field = draw(st.sampled_from(DATES))
        later = draw(st.one_of(st.integers(1, 40), st.integers(1, 3000)))
        answers[field] = (today + timedelta(days=later)).isoformat()
    elif how == "offence_after_decision":
        field = "offence_date"
        decision = answers.get("decision_date")
        if decision is None or date.fromisoformat(decision) >= today:
            decision = draw(days_between(EARLIEST, today - timedelta(days=1))).isoformat()
            answers["decision_date"] = decision
        after = date.fromisoformat(decision) + timedelta(days=1)
        answers[field] = draw(days_between(after, today)).isoformat()
    else:  # a later date before the earlier date it is compared with
        field, earlier_keys = draw(st.sampled_from(DATE_ORDER))
        earlier_key = next((k for k in earlier_keys if k in answers), earlier_keys[-1])
        earlier = answers.get(earlier_key)
        if earlier is None or date.fromisoformat(earlier) <= EARLIEST:
            earlier = draw(days_between(EARLIEST + timedelta(days=1), today)).isoformat()
            answers[earlier_key] = earlier
        before = date.fromisoformat(earlier) - timedelta(days=1)
        answers[field] = draw(days_between(EARLIEST, before)).isoformat()
    return answers, today, field


def _check_errors(errors: list[dict], answers: dict, field: str) -> None:
    assert isinstance(errors, list) and errors
    for error in errors:
        assert set(error) == {"field", "message"}, error
        assert isinstance(error["message"], str) and error["message"].strip(), error
        assert error["field"] in answers, f"error names {error['field']!r}, which is not among the answers"
    assert field in [e["field"] for e in errors], f"{field!r} not named in {errors}"


@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(case=invalid_answers())
def test_validate_invalid_answers_name_the_broken_field(case):
    answers, today, field = case
    for check in (validate, assess):
        try:
            check(answers, today)
        except InvalidAnswers as invalid:
            errors = [{"field": e.field, "message": e.text} for e in invalid.errors]
            assert invalid.to_json() == {"errors": errors}
        else:
            raise AssertionError(f"{check.__name__}() accepted invalid answers (broken: {field!r})")
        _check_errors(errors, answers, field)


def _run_cli(text: str, today: date | str) -> subprocess.CompletedProcess[str]:
    today_text = today if isinstance(today, str) else today.isoformat()
    return run_cli("assess", "-", "--today", today_text, stdin=text)


def _one_json_object(stdout: str) -> dict:
    """stdout holds exactly one JSON object and nothing else."""
    decoder = json.JSONDecoder()
    stripped = stdout.lstrip()
    obj, end = decoder.raw_decode(stripped)
    assert stripped[end:].strip() == "", f"more than one JSON value on stdout: {stdout!r}"
    assert isinstance(obj, dict)
    return obj


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(case=invalid_answers(surrogates=False))
def test_cli_invalid_answers_exit_2_with_errors(case):
    answers, today, field = case
    run = _run_cli(json.dumps(answers), today)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    out = _one_json_object(run.stdout)
    assert set(out) == {"errors"}, out
    _check_errors(out["errors"], answers, field)


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(case=valid_answers())
def test_cli_valid_answers_give_same_object_as_assess(case):
    answers, today = case
    run = _run_cli(json.dumps(answers), today)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, (run.returncode, run.stdout, run.stderr)
    out = _one_json_object(run.stdout)
    check_assessment(out, answers, today)
    assert out == json.loads(json.dumps(assess(answers, today)))

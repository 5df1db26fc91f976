"""Routes for the victim side: VRR, meeting, complaint, police review, the Child Sexual
Abuse Review Panel and judicial review."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..calendar import add_months
from . import vrr

if TYPE_CHECKING:
    from ..assessment import Assessment

# The police Victims' Right to Review scheme began on 1 April 2015.
POLICE_SCHEME_START = date(2015, 4, 1)
MEETING_OFFENCES = frozenset({"sexual", "death", "hate_crime"})


def apply(result: Assessment) -> None:
    decision_by = result.need("decision_by")
    if decision_by is None:
        return
    limit = vrr.statute_limit(result)
    if limit is not None:
        # MCA 1980 s.127; VRR 32: the date the case becomes statute-barred.
        result.deadline("statute_limit", limit, ("MCA 1980 s.127", "VRR 32"))
    eligible = vrr.apply(result)
    if eligible:
        meeting(result)
        judicial_review(result)
    # A service complaint is the person's own initiative, not part of deciding the
    # decision's routes: it is never listed as missing (the results page offers it).
    complaint(result, eligible)
    police_review(result)
    csa_review_panel(result)


def meeting(result: Assessment) -> None:
    """VRR 33-35: a meeting about a qualifying decision in sexual, death or hate-crime cases,
    best held after the review is completed."""
    offence = result.need("offence")
    if not offence or not offence & MEETING_OFFENCES:
        return
    result.route("meeting", ("VRR 33",))
    completed = result.routes["vrr"].get("next_step") == "review_finished"
    advice = "after_vrr" if completed else "defer_until_after_vrr"
    result.code("meeting", "advice", advice, ("VRR 35",) if completed else ("VRR 33", "VRR 34", "VRR 35"))


def complaint(result: Assessment, eligible: bool | None) -> None:
    """VRR 23: a complaint under the CPS Feedback and Complaints policy, within six months;
    also the route for a CPS decision that the VRR scheme does not cover."""
    a = result.answers
    if a.decision_by == "police":
        police_complaint(result)  # VRR 19(3), 23: the police force's own complaints process
        return
    if not (a.service_complaint or (a.decision_by == "cps" and eligible is False)):
        return
    if a.service_complaint:
        result.need("complaint_event_date")
    refs = ("VRR 23", "CPS Complaints")
    result.route("complaint", refs)
    event = a.complaint_event_date or a.decision_date
    if event is not None:
        deadline = result.deadline("complaint", add_months(event, 6), refs)
        result.code("complaint", "timing", "in_time" if result.today <= deadline else "out_of_time", refs)


def police_complaint(result: Assessment) -> None:
    """Police Reform Act 2002: a complaint about the police goes to the force (its
    professional standards department), normally within 12 months; never to the CPS."""
    a = result.answers
    if not a.service_complaint:
        return
    result.need("complaint_event_date")
    refs = ("Police Reform Act 2002",)
    result.route("police_complaint", refs)
    event = a.complaint_event_date or a.decision_date
    if event is not None:
        deadline = result.deadline("police_complaint", add_months(event, 12), refs)
        result.code("police_complaint", "timing", "in_time" if result.today <= deadline else "late", refs)


def police_review(result: Assessment) -> None:
    """VRR 19(3): a police decision is reviewed by the police, under their own scheme
    (from 1 April 2015), asked for within three months."""
    a = result.answers
    if a.decision_by != "police" or a.decision_date is None or a.decision_date < POLICE_SCHEME_START:
        return
    refs = ("VRR 19", "Police VRR")
    result.route("police_review", refs)
    deadline = result.deadline("police_review", add_months(a.decision_date, 3), ("Police VRR",))
    result.code("police_review", "timing", "in_time" if result.today <= deadline else "late", ("Police VRR",))


def csa_review_panel(result: Assessment) -> None:
    """VRR 22: before 5 June 2013, a sexual offence against someone then under 18."""
    a = result.answers
    if a.decision_date is None or a.decision_date >= vrr.SCHEME_START:
        return
    offence = result.need("offence")
    if offence and "sexual" in offence and result.need("victim_under_18"):
        result.route("csa_review_panel", ("VRR 22",))


def judicial_review(result: Assessment) -> None:
    """VRR 47: once the review has ended, the High Court; CPR 54.5: promptly, and within
    three months at the latest."""
    if result.routes["vrr"].get("next_step") != "review_finished":
        return
    refs = ("VRR 47", "CPR 54.5")
    result.route("judicial_review", refs)
    final = vrr.final_decision_date(result)
    if final is not None:
        deadline = result.deadline("judicial_review", add_months(final, 3), ("CPR 54.5",))
        result.code("judicial_review", "timing", "in_time" if result.today <= deadline else "out_of_time", refs)

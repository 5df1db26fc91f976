"""The CPS Victims' Right to Review (VRR): eligibility, pathway, remedy, timing, deadlines.

Each rule cites the paragraph of the CPS VRR guidance (May 2021) it implements,
in a comment and in the output's `citations`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..calendar import add_days, add_months, add_working_days

if TYPE_CHECKING:
    from ..assessment import Assessment

# VRR 21: the scheme applies to qualifying decisions made on or after 5 June 2013.
SCHEME_START = date(2013, 6, 5)

# VRR 19: decisions that are not eligible, by the contract's reason code.
REASON_REFS: dict[str, tuple[str, ...]] = {
    "police_decision": ("VRR 19",),  # 19(3): the police decided; ask the police force
    "before_scheme": ("VRR 19", "VRR 21"),  # 19(1), 21: before 5 June 2013
    "not_final": ("VRR 18", "VRR 19"),  # 19(2): no decision with the effect of being final
    "partial": ("VRR 18", "VRR 19"),  # 19(4)-(8): some charges, suspects or allegations go on
    "out_of_court": ("VRR 19",),  # 19(9): out-of-court disposal
    "victim_withdrew_support": ("VRR 19",),  # 19(10): the victim asked to stop or withdrew
    "judge_ended": ("VRR 19",),  # 19(11): prosecution may appeal, or dismissal not opposed
    "dpp_decision": ("VRR 19",),  # 19, last sentence: the DPP's personal decision by law
}
_TYPE_REASON = {t: t for t in ("not_final", "partial", "out_of_court", "judge_ended")}

PATHWAY_REFS: dict[str, tuple[str, ...]] = {
    "director_legal_services": ("VRR 39",),
    "central_casework": ("VRR 36", "VRR 37", "VRR 44", "VRR 45"),
    "senior_prosecutor": ("VRR 37", "VRR 43"),
    "independent": ("VRR 6", "VRR 37"),
    "local_only": ("VRR 20",),
    "local_then_independent": ("VRR 36", "VRR 37", "VRR 40", "VRR 42"),
}
REMEDY_REFS: dict[str, tuple[str, ...]] = {
    "new_decision_possible": ("VRR 8", "VRR 12"),
    "leave_of_court_needed": ("VRR 13",),
    "explanation_and_apology": ("VRR 14",),
}
REQUIREMENT_REFS: dict[str, tuple[str, ...]] = {
    "written_authority": ("VRR 17",),
    "named_contact": ("VRR 16",),
}
TIMING_REFS = ("VRR 30",)


def ineligibility_reasons(result: Assessment) -> list[str]:
    """Every reason of VRR 19 (and 21) that holds on what is known so far."""
    a = result.answers
    reasons = []
    if a.decision_by == "police":  # VRR 19(3)
        reasons.append("police_decision")
    if a.decision_date is not None and a.decision_date < SCHEME_START:  # VRR 19(1), 21
        reasons.append("before_scheme")
    if a.decision_type in _TYPE_REASON:  # VRR 19(2), 19(4)-(9), 19(11)
        reasons.append(_TYPE_REASON[a.decision_type])
    if a.victim_withdrew_support:  # VRR 19(10)
        reasons.append("victim_withdrew_support")
    if a.decision_maker == "dpp":  # VRR 19: a decision the law reserves to the DPP
        reasons.append("dpp_decision")
    return reasons


def apply(result: Assessment) -> bool | None:
    """Add the `vrr` route. Returns whether the decision is eligible (None: not known yet)."""
    a = result.answers
    result.need("decision_date")
    if a.decision_by == "cps":
        result.need("decision_type")
    reasons = ineligibility_reasons(result)
    if reasons or a.decision_type is None or a.decision_date is None:
        # VRR 18-19. With no reason yet and the decision still unknown, `reasons` is
        # empty and `missing` says what would decide it.
        result.route("vrr", ("VRR 5", "VRR 18", "VRR 19"), eligible=False, reasons=reasons)
        for reason in reasons:
            result.cite(f"routes.vrr.reasons.{reason}", REASON_REFS[reason])
        return False if reasons else None
    # Facts that would still make it ineligible; absent, they count as "no" meanwhile.
    result.need("victim_withdrew_support")
    result.need("decision_maker")
    _eligible(result)
    return True


def statute_limit(result: Assessment) -> date | None:
    """MCA 1980 s.127: a summary-only offence must be prosecuted within six months."""
    a = result.answers
    if a.summary_only and a.offence_date:
        return add_months(a.offence_date, 6)
    return None


def _eligible(result: Assessment) -> None:
    a = result.answers
    today = result.today
    stage = result.need("vrr_stage") or "not_requested"
    if result.need("summary_only"):
        result.need("offence_date")
    limit = statute_limit(result)
    # VRR 14, 37, 43: once a summary-only case is statute-barred it cannot be reinstituted.
    time_limit_passed = limit is not None and today > limit

    vrr = result.route("vrr", ("VRR 5", "VRR 9", "VRR 16", "VRR 18"), eligible=True)
    pathway = _pathway(result, time_limit_passed)
    result.code("vrr", "pathway", pathway, PATHWAY_REFS[pathway])
    remedy = _remedy(a.decision_type, time_limit_passed)
    result.code("vrr", "remedy", remedy, REMEDY_REFS[remedy])
    vrr["requirements"] = _requirements(result)
    for requirement in vrr["requirements"]:
        result.cite(f"routes.vrr.requirements.{requirement}", REQUIREMENT_REFS[requirement])

    step = next_step(stage, pathway)
    result.code("vrr", "next_step", step, NEXT_STEP_REFS[step])
    if stage == "not_requested":
        # VRR 30: ask within 10 working days of the letter; later requests up to three
        # months after the decision was communicated; after that only exceptionally.
        request_by = add_working_days(a.decision_date, 10)
        late_limit = add_months(a.communicated_date or a.decision_date, 3)
        timing = _timing(today, request_by, late_limit)
        if timing == "out_of_time" and a.communicated_date is None:
            result.need("communicated_date")  # told later than the letter? that moves the limit
        if timing in ("late", "out_of_time"):
            result.need("told_of_right_to_review")
        result.code("vrr", "timing", timing, TIMING_REFS)
        result.deadline("vrr_request", request_by, ("VRR 30", "VRR Annex B"))
        result.deadline("vrr_late_limit", late_limit, ("VRR 30",))
    # VRR 30: not told of the right, or told wrong time limits, is an exceptional circumstance.
    vrr["exceptional_circumstances"] = a.told_of_right_to_review is False
    if vrr["exceptional_circumstances"]:
        result.cite("routes.vrr.exceptional_circumstances", ("VRR 30",))

    if stage in ("not_requested", "requested"):
        asked_on = today if stage == "not_requested" else result.need("request_date")
        if asked_on is not None:
            _review_deadlines(result, asked_on, pathway, limit)
    elif step == "ask_for_independent_review":
        received = result.need("local_decision_date")
        if received is not None:
            # VRR 42: ask the ARU within 10 working days of receiving the local decision.
            ask_by = result.deadline("vrr_independent_request", add_working_days(received, 10),
                                     ("VRR 42", "VRR Annex B"))
            result.code("vrr", "independent_timing", "in_time" if today <= ask_by else "late", ("VRR 42",))
            # VRR 32, 43: the time limit would pass before an independent review asked
            # for on the last day could finish (Annex B: 20 working days).
            _expedite(result, limit, add_working_days(ask_by, 20))
    elif stage == "independent_requested":
        asked = result.need("independent_request_date")
        if asked is not None:
            # Annex B: the Appeals and Review Unit aims to finish within 20 working days.
            due = result.deadline("vrr_independent_review_due", add_working_days(asked, 20), ("VRR 6", "VRR Annex B"))
            _expedite(result, limit, due)
    if stage == "local_decision" and pathway == "local_only":
        # VRR 20: if the missing material arrives and the decision is kept for other
        # reasons, an independent review becomes possible.
        result.note("independent_review_if_material_arrives", ("VRR 20",))


# VRR 30, 36, 42, 47, Annex B: what the person should do now, from how far the review has gone.
NEXT_STEP_REFS: dict[str, tuple[str, ...]] = {
    "ask_for_review": ("VRR 30",),
    "wait_for_review": ("VRR 31", "VRR Annex B"),
    "ask_for_independent_review": ("VRR 42",),
    "review_finished": ("VRR 47",),
}


def next_step(stage: str, pathway: str) -> str:
    if stage == "not_requested":
        return "ask_for_review"
    if stage in ("requested", "independent_requested"):
        return "wait_for_review"
    if stage == "local_decision" and pathway == "local_then_independent":
        return "ask_for_independent_review"  # VRR 42
    return "review_finished"  # VRR 47: completed, or the only stage of a one-stage review


def final_decision_date(result: Assessment) -> date | None:
    """The date the review ended (VRR 47): the final decision, or the local decision of a
    one-stage review. Recorded as missing while unknown."""
    if result.answers.vrr_stage == "completed":
        return result.need("final_decision_date")
    return result.need("local_decision_date")


def _expedite(result: Assessment, limit: date | None, finishes: date) -> None:
    """VRR 32: the time limit to prosecute ends before the review could finish. Never
    after no evidence was offered: the defendant was acquitted, nothing can follow."""
    if result.answers.decision_type == "no_evidence":
        return
    if limit is not None and result.today <= limit < finishes:
        result.note("expedite", ("VRR 32", "MCA 1980 s.127"))


def _pathway(result: Assessment, time_limit_passed: bool) -> str:
    """VRR 36-45: who reviews, first that holds."""
    maker = result.need("decision_maker")
    if maker == "director_legal_services":  # VRR 39: another DLS reviews
        return "director_legal_services"
    if maker == "central_casework":  # VRR 36, 44-45: reviewed in the division, no ARU stage
        return "central_casework"
    if result.answers.decision_type == "no_evidence" or time_limit_passed:  # VRR 37, 43
        return "senior_prosecutor"
    if maker == "chief_crown_prosecutor":  # VRR 37: straight to the Appeals and Review Unit
        return "independent"
    if result.need("awaiting_material"):  # VRR 20: local resolution only
        return "local_only"
    return "local_then_independent"  # VRR 36, 37, 40, 42


def _remedy(decision_type: str, time_limit_passed: bool) -> str:
    if decision_type == "no_evidence" or time_limit_passed:  # VRR 14
        return "explanation_and_apology"
    if decision_type == "lie_on_file":  # VRR 13: leave of the Crown Court or Court of Appeal
        return "leave_of_court_needed"
    return "new_decision_possible"  # VRR 12: no_charge, stopped


def _requirements(result: Assessment) -> list[str]:
    role = result.answers.role
    requirements = []
    # VRR 17: anyone outside the VRR 16 definitions needs the victim's written authority.
    if role == "representative" and not result.need("has_written_authority"):
        requirements.append("written_authority")
    # VRR 16: a business must give a named point of contact.
    if role == "business" and not result.need("business_contact_named"):
        requirements.append("named_contact")
    return requirements


def _timing(asked_on: date | None, request_by: date, late_limit: date) -> str | None:
    """VRR 30: in time up to the 10th working day, late up to three months, then out of time."""
    if asked_on is None:
        return None
    if asked_on <= request_by:
        return "in_time"
    if asked_on <= late_limit:
        return "late"
    return "out_of_time"


def _review_deadlines(result: Assessment, asked_on: date, pathway: str, limit: date | None) -> None:
    # VRR 28: representations within 14 days of the request.
    result.deadline("vrr_representations", add_days(asked_on, 14), ("VRR 28",))
    if pathway in ("local_then_independent", "local_only"):
        # Annex B: local resolution completed within 10 working days of the request.
        result.deadline("vrr_local_resolution_due", add_working_days(asked_on, 10), ("VRR 40", "VRR Annex B"))
    if pathway == "independent":
        # Annex B: independent review completed within 20 working days of the request.
        result.deadline("vrr_independent_review_due", add_working_days(asked_on, 20), ("VRR 6", "VRR Annex B"))
    # VRR 31: the whole review within 30 working days, wherever possible.
    review_due = result.deadline("vrr_review_due", add_working_days(asked_on, 30), ("VRR 31", "VRR Annex B"))
    # VRR 32: statute-barred before the review would end: the CPS aims to expedite.
    _expedite(result, limit, review_due)

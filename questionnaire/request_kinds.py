"""The requests the service can send, and what sending one changes.

Each kind names the route of the results page that offers it, the answers that sending
it makes true (a review request moves the review to stage `requested`, asked today), and
the deadlines that matter once it is sent: the confirmation page, the email, the PDF,
the calendar file and the staff view all read them from here, so a complaint's
confirmation never lists a review's dates (journeys review, December 2026, B1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .assessment import assess


@dataclass(frozen=True)
class RequestKind:
    code: str
    route: str  # the route whose section offers this request
    moves_to: dict = field(default_factory=dict)  # answers that sending makes true
    sent_on: str | None = None  # the answer that takes the day it was sent
    dates: tuple[str, ...] = ()  # the deadlines that matter once it is sent, in order
    timing: str | None = None  # the key of its route that says whether it is late

    def late(self, assessment: dict) -> bool:
        """Asked for after its usual time (VRR 30, 42; six months for a complaint): the
        request can then say why (journeys review S8)."""
        route = assessment["routes"].get(self.route) or {}
        return self.timing is not None and route.get(self.timing) in ("late", "out_of_time")

    def offered(self, assessment: dict) -> bool:
        """Whether the results offer this request now (route present, at the right step)."""
        route = assessment["routes"].get(self.route)
        if route is None:
            return False
        if self.route == "vrr":
            return bool(route.get("eligible")) and route.get("next_step") == OFFERED_AT[self.code]
        if self.route == "ccrc":
            return route.get("status") in ("available", "exceptional_only", "needs_new_information")
        return True


KINDS: dict[str, RequestKind] = {
    # VRR 28, 31, Annex B: once asked, the reviewer's dates count from the request.
    "vrr": RequestKind(
        "vrr", "vrr", {"vrr_stage": "requested"}, "request_date",
        ("vrr_representations", "vrr_local_resolution_due", "vrr_independent_review_due", "vrr_review_due",
         "statute_limit"),
        "timing",
    ),
    # VRR 42, Annex B: the Appeals and Review Unit aims to finish within 20 working days.
    "independent_review": RequestKind(
        "independent_review", "vrr", {"vrr_stage": "independent_requested"}, "independent_request_date",
        ("vrr_independent_review_due", "statute_limit"), "independent_timing",
    ),
    "meeting": RequestKind("meeting", "meeting"),  # VRR 33-35: the office replies to arrange it
    "complaint": RequestKind("complaint", "complaint", timing="timing"),  # CPS Feedback and Complaints policy
    "ccrc": RequestKind("ccrc", "ccrc"),  # the Commission acknowledges by letter
}
# The review's next step at which each review request is offered (VRR 30, 42).
OFFERED_AT = {"vrr": "ask_for_review", "independent_review": "ask_for_independent_review"}


def after_sending(kind: str, answers: Mapping, sent_on: date) -> dict:
    """The answers as they are once a request of `kind` was sent on `sent_on`."""
    request_kind = KINDS[kind]
    updated = {**answers, **request_kind.moves_to}
    if request_kind.sent_on:
        updated[request_kind.sent_on] = sent_on.isoformat()
    return updated


def dates_after_sending(kind: str, answers: Mapping, sent_on: date) -> dict[str, str]:
    """The deadlines of this kind, as the engine gives them once it was sent: only this
    kind's, in its order. A review going straight to the Appeals and Review Unit shows
    the unit's own target, not the overall one as well (one end date, not two)."""
    deadlines = assess(after_sending(kind, answers, sent_on), sent_on)["deadlines"]
    keys = [k for k in KINDS[kind].dates if k in deadlines]
    if "vrr_independent_review_due" in keys and "vrr_review_due" in keys:
        keys.remove("vrr_review_due")
    return {k: deadlines[k] for k in keys}

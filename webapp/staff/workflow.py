"""A request's life in the receiving office: statuses, the moves between them, and the
dates each status makes due. Pure: dates in, dates out (no Flask, no database).

VRR targets (Annex B; VRR 30-32, 42):
- local resolution: completed within 10 working days of receiving the request;
- the victim may ask for an independent review within 10 working days of receiving
  the local decision (VRR 42), and the Appeals and Review Unit completes it within 20
  working days of receiving that request;
- a review by a senior prosecutor (a Chief Crown Prosecutor's own decision goes to the
  ARU; Directors of Legal Services, Central Casework) within 30 working days;
- overall, the decision within 30 working days (VRR 31); if not, progress updates
  every 20 working days after that, until the final decision;
- a case about to become statute-barred is expedited (VRR 32): the inbox puts it first.
An independent review asked of the ARU after a local decision (VRR 42) is its own
request: the ARU completes it within 20 working days of receiving it (Annex B).
Other kinds (our choices, see docs/staff.md): a complaint is answered within 20 working
days (the CPS Feedback and Complaints policy); a meeting request within 10 working days;
a CCRC application acknowledged within 10 days (the CCRC's own standard).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from questionnaire.calendar import add_working_days, working_days_between
from questionnaire.i18n import N_

# status -> its label (English, translated when shown)
LABELS = {
    "received": N_("Received"),
    "acknowledged": N_("Acknowledged"),
    "under_review": N_("Under review"),
    "local_upheld": N_("Local review: decision upheld"),
    "new_decision": N_("New decision"),
    "independent_requested": N_("Independent review requested"),
    "independent_review": N_("Independent review under way"),
    "decision_sent": N_("Decision sent"),
    "closed": N_("Closed"),
}
FINAL = ("closed",)
# The moves each status allows, by kind.
COMMON = {
    "received": ("acknowledged", "closed"),
    "acknowledged": ("under_review", "closed"),
    "under_review": ("decision_sent",),
    "decision_sent": ("closed",),
    "closed": (),
}
VRR = {
    "received": ("acknowledged", "closed"),
    "acknowledged": ("under_review", "independent_review", "closed"),
    "under_review": ("local_upheld", "new_decision", "decision_sent"),
    "local_upheld": ("independent_requested", "closed"),  # VRR 42: the victim may ask within 10 working days
    "independent_requested": ("independent_review",),
    "independent_review": ("decision_sent", "new_decision"),
    "new_decision": ("closed",),
    "decision_sent": ("closed",),
    "closed": (),
}
# The kinds worked as a review (VRR 36-45), the others as a complaint-like request.
REVIEW_KINDS = ("vrr", "independent_review")
# Where the request goes when it moves: the independent review is the ARU's (VRR 36, 42).
MOVES_TO_OFFICE = {"independent_requested": "aru"}

# The pathways (from the engine) reviewed once by a senior prosecutor (Annex B: 30 working
# days). A Chief Crown Prosecutor's decision ("independent") goes to the ARU: 20.
SINGLE_STAGE = ("senior_prosecutor", "central_casework", "director_legal_services")

# Due dates: key -> label
DUE_LABELS = {
    "local_resolution": N_("Local resolution due"),
    "senior_review": N_("Review due"),
    "independent_request_window": N_("The victim can ask for an independent review until"),
    "independent_review": N_("Independent review due"),
    "overall": N_("Overall review due"),
    "progress_update": N_("Next progress update due"),
    "response": N_("Response due"),
    "acknowledgement": N_("Acknowledgement due"),
    "statute_limit": N_("Time limit for prosecuting"),
}


def transitions(kind: str, status: str, office: str | None = None) -> tuple[str, ...]:
    """The moves from `status`. Only the ARU holds an independent review, and the ARU's
    own first stage is that review (a Chief Crown Prosecutor's decision, VRR 37)."""
    review = kind in REVIEW_KINDS
    moves = (VRR if review else COMMON).get(status, ())
    if review and status == "acknowledged":
        moves = tuple(m for m in moves if (m == "independent_review") == (office == "aru") or m == "closed")
    return moves


@dataclass(frozen=True)
class Event:
    status: str
    on: date  # the day it happened, in England and Wales


@dataclass(frozen=True)
class Due:
    key: str
    day: date
    office_deadline: bool  # False for the victim's own window (not the office's target)


def due_dates(kind: str, pathway: str | None, received: date, events: list[Event], today: date,
              statute_limit: date | None = None) -> list[Due]:
    """The dates that matter now, for a request in the state its `events` lead to."""
    status = events[-1].status if events else "received"
    when = {e.status: e.on for e in events}  # the last time each status was reached
    dues: list[Due] = []
    if status in FINAL:
        return dues
    if statute_limit is not None:
        dues.append(Due("statute_limit", statute_limit, True))
    if kind == "independent_review":
        pathway = "independent"  # VRR 42: received by the ARU itself; its 20 working days
    if kind not in REVIEW_KINDS:
        if kind == "complaint":
            dues.append(Due("response", add_working_days(received, 20), True))
        elif kind == "meeting":
            dues.append(Due("response", add_working_days(received, 10), True))
        elif kind == "ccrc":
            dues.append(Due("acknowledgement", received + timedelta(days=10), True))
        answered = status == "decision_sent"  # the office's answer is sent: nothing more is due from it
        return [d for d in dues if not (d.key == "acknowledgement" and "acknowledged" in when)
                and not (answered and d.key == "response")]
    overall = add_working_days(received, 30)  # VRR 31
    decided = status in ("decision_sent", "new_decision")
    if status == "local_upheld":
        # VRR 42: the victim's window; the office waits (its local stage is done).
        dues.append(Due("independent_request_window", add_working_days(when["local_upheld"], 10), False))
    elif status in ("independent_requested", "independent_review") or (pathway == "independent" and not decided):
        # Annex B: 20 working days from receiving the request for the independent review:
        # the victim's request after a local decision, or the request itself when a Chief
        # Crown Prosecutor's decision goes straight to the ARU (VRR 37).
        asked = when.get("independent_requested", received)
        dues.append(Due("independent_review", add_working_days(asked, 20), True))
    elif not decided:
        if pathway in SINGLE_STAGE:
            dues.append(Due("senior_review", overall, True))  # Annex B: 30 working days
        else:
            dues.append(Due("local_resolution", add_working_days(received, 10), True))  # Annex B
    if not decided and kind == "vrr":  # VRR 31 counts from the first request, not this one
        dues.append(Due("overall", overall, True))
        if today > overall:  # VRR 31: updates every 20 working days after the overall target
            update = overall
            while update < today:
                update = add_working_days(update, 20)
            dues.append(Due("progress_update", update, True))
    return sorted(dues, key=lambda d: d.day)


def next_due(dues: list[Due]) -> date | None:
    """The office's next deadline (what the inbox sorts by)."""
    office = [d.day for d in dues if d.office_deadline and d.key != "statute_limit"]
    return min(office) if office else None


def target(kind: str, pathway: str | None, received: date) -> date:
    """The date by which the whole request should be closed: what "closed within target"
    is measured against."""
    if kind == "vrr":
        return add_working_days(received, 30)
    if kind == "independent_review":
        return add_working_days(received, 20)  # Annex B
    if kind == "complaint":
        return add_working_days(received, 20)
    if kind == "meeting":
        return add_working_days(received, 10)
    return received + timedelta(days=10)


def working_days_to_close(received: date, closed: date) -> int:
    return working_days_between(received, closed)

"""What the person is told about a request they sent, by its kind: its name, the
confirmation's title, what happens next, whether an email went, and the other options
still open from the same answers.

The dates come from `presenters.sent_dates` (the engine's `request_kinds`): a kind's
confirmation holds its own dates and next steps, never another kind's.
"""

from __future__ import annotations

from sqlalchemy import select

from questionnaire.i18n import N_
from questionnaire.request_kinds import KINDS

from .models import OutboxMessage, Request, db

# In a sentence: "We sent your complaint."
KIND_NAMES = {
    "vrr": N_("request for a review (Victims' Right to Review)"),
    "independent_review": N_("request for an independent review"),
    "meeting": N_("request for a meeting"),
    "complaint": N_("complaint"),
    "ccrc": N_("application"),
}
# The confirmation's panel: what was sent.
TITLES = {
    "vrr": N_("Review request sent"),
    "independent_review": N_("Independent review request sent"),
    "meeting": N_("Meeting request sent"),
    "complaint": N_("Complaint sent"),
    "ccrc": N_("Application sent"),
}
# What happens next, before the dates (VRR 28-31, 33-35, 42; the CPS Feedback and
# Complaints policy; the CCRC's own pages).
NEXT_STEPS = {
    "vrr": (
        N_("The office will write to you to say it has your request. A prosecutor who was not involved in the "
           "decision will review it."),
        N_("The suspect is not usually told that you asked for a review."),
    ),
    "independent_review": (
        N_("The Appeals and Review Unit will write to you to say it has your request. A prosecutor from outside "
           "the office that made the decision will review it."),
    ),
    "meeting": (
        N_("The office will contact you to arrange the meeting, or to explain if it cannot offer one."),
        N_("Asking for a meeting does not stop the time limit for asking for a review."),
    ),
    "complaint": (
        N_("The office will reply to your complaint in the way you chose."),
        N_("If you are unhappy with the reply, you can ask for your complaint to be looked at again (Stage 2) "
           "within one month of the reply."),
    ),
    "ccrc": (
        N_("The Commission will write to you within 10 days to say it has your application. It will then look at "
           "the case: this can take many months."),
    ),
}
# Where the other options' buttons say what they start.
START_LABELS = {
    "vrr": N_("Ask for a review"),
    "independent_review": N_("Ask for an independent review"),
    "meeting": N_("Ask for a meeting"),
    "complaint": N_("Make a complaint"),
    "ccrc": N_("Apply to the Commission"),
}


def confirmation_email(request: Request) -> OutboxMessage | None:
    """The email to the person about this request, if one was queued (only to an address
    they gave, and only when they said email is safe)."""
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.request_id == request.id,
                                                         OutboxMessage.template == "confirmation"))


def sent_kinds(owner: str) -> set[str]:
    """The kinds this person has already sent from these answers."""
    return set(db.session.scalars(select(Request.kind).where(Request.owner == owner)))


def still_open(assessment: dict, already_sent: set[str]) -> list[str]:
    """The requests the results still offer from the same answers, not sent yet."""
    return [code for code, kind in KINDS.items() if code not in already_sent and kind.offered(assessment)]

"""Turn the engine's codes into what the results page shows: routes in the order most
useful first, deadlines as dates with their basis and a countdown, cited sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from questionnaire.calendar import working_days_between
from questionnaire.citations import SOURCES, vrr_paragraph
from questionnaire.flow import QUESTIONS, audience
from questionnaire.i18n import N_
from questionnaire.request_kinds import dates_after_sending

from .config import ROOT
from .i18n import long_date, translate

# Most useful first: what can still change the decision, then other help.
ROUTE_ORDER = ("vrr", "police_review", "police_complaint", "appeal", "ccrc", "sccrc", "judicial_review", "meeting",
               "csa_review_panel", "complaint")

# Each deadline: what it is for, what it counts from, and whether it counts working days.
DEADLINES: dict[str, tuple[str, str, bool]] = {
    "vrr_request": (N_("Ask for a review by"), N_("10 working days from the date of your letter"), True),
    "vrr_late_limit": (N_("Late requests are unlikely to be accepted after"),
                       N_("3 months from when you were told of the decision"), False),
    "vrr_representations": (N_("Send anything you want the reviewer to consider by"),
                            N_("14 days from your request"), False),
    "vrr_local_resolution_due": (N_("The CPS aims to finish its local review by"),
                                 N_("10 working days from your request"), True),
    "vrr_independent_review_due": (N_("The Appeals and Review Unit aims to finish by"),
                                   N_("20 working days from your request"), True),
    "vrr_review_due": (N_("The CPS aims to give its final review decision by"),
                       N_("30 working days from your request"), True),
    "vrr_independent_request": (N_("Ask for an independent review by"),
                                N_("10 working days from the local review decision"), True),
    "statute_limit": (N_("A prosecution must start by"), N_("6 months from the date of the offence"), False),
    "complaint": (N_("Complain by"), N_("6 months from what you are unhappy about"), False),
    "police_review": (N_("Ask the police for a review by"), N_("3 months from the police decision"), False),
    "police_complaint": (N_("Complain to the police by"), N_("12 months from what you are unhappy about"), False),
    # CPR 54.5(1)(a): promptly, and in any event within three months.
    "judicial_review": (N_("Apply for judicial review promptly, and at the latest by"),
                        N_("3 months from the final review decision"), False),
    "appeal_crown_court": (N_("Appeal to the Crown Court by"), N_("15 working days from the sentence"), True),
    "appeal_conviction": (N_("Appeal against the conviction by"), N_("28 days from the conviction"), False),
    "appeal_sentence": (N_("Appeal against the sentence by"), N_("28 days from the sentence"), False),
}


@dataclass(frozen=True)
class Deadline:
    key: str
    day: date
    label: str
    when: str  # "Wednesday 6 January 2027"
    basis: str  # "10 working days from the date of your letter"
    countdown: str  # "4 working days left"
    passed: bool


def deadline(key: str, day: date, today: date) -> Deadline:
    label, basis, working = DEADLINES[key]
    if day < today:
        countdown = _("This date has passed")
    elif day == today:
        countdown = _("Today is the last day")
    elif working:
        n = working_days_between(today, day)
        countdown = ngettext("%(num)d working day left", "%(num)d working days left", n)
    else:
        n = (day - today).days
        countdown = ngettext("%(num)d day left", "%(num)d days left", n)
    return Deadline(key, day, _(label), long_date(day), _(basis), countdown, day < today)


def deadlines(assessment: dict, keys: tuple[str, ...]) -> list[Deadline]:
    today = date.fromisoformat(assessment["today"])
    return [deadline(k, date.fromisoformat(assessment["deadlines"][k]), today)
            for k in keys if k in assessment["deadlines"]]


# Before a review is asked for, the reviewer's dates count from the day the person asks:
# say so, rather than "from your request" as if one had been made (journeys review, Minor).
IF_ASKED_TODAY = {
    "vrr_representations": N_("14 days from the day you ask, if you ask today"),
    "vrr_local_resolution_due": N_("10 working days from the day you ask, if you ask today"),
    "vrr_independent_review_due": N_("20 working days from the day you ask, if you ask today"),
    "vrr_review_due": N_("30 working days from the day you ask, if you ask today"),
}


# Where the engine counted from the decision letter because the later date was not asked
# (legal review: "3 months from when you were told" counted from the letter).
FROM_THE_LETTER = {
    "vrr_late_limit": ("communicated_date", N_("3 months from the date of the decision letter")),
    "complaint": ("complaint_event_date", N_("6 months from the date of the decision letter")),
}


def results_deadlines(assessment: dict, keys: tuple[str, ...], answers: dict | None = None) -> list[Deadline]:
    """Deadlines for the results page, each saying truly what it counts from: those that
    count from a request not yet made say so, and (given the answers) those counted from
    the letter say so. A review going straight to the Appeals and Review Unit shows that
    unit's target, not the overall one too (one end date, not two)."""
    if "vrr_independent_review_due" in assessment["deadlines"]:
        keys = tuple(k for k in keys if k != "vrr_review_due")
    found = deadlines(assessment, keys)
    if (assessment["routes"].get("vrr") or {}).get("next_step") == "ask_for_review":
        found = [replace(d, basis=_(IF_ASKED_TODAY[d.key])) if d.key in IF_ASKED_TODAY else d for d in found]
    if answers is not None:
        found = [replace(d, basis=_(FROM_THE_LETTER[d.key][1]))
                 if d.key in FROM_THE_LETTER and FROM_THE_LETTER[d.key][0] not in answers else d for d in found]
    return found


def upcoming(assessment: dict, answers: dict) -> list[Deadline]:
    """Every date of the results still ahead (today included), for the results' calendar
    file: as the results page words them (from the day you ask; a complaint counted from
    the letter when what the person is unhappy about was not dated)."""
    return [d for d in results_deadlines(assessment, tuple(assessment["deadlines"]), answers) if not d.passed]


def sent_dates(sent, today: date) -> list[Deadline]:
    """The dates of this request once sent (request_kinds: only its kind's), counted
    down from `today`. The page, the email, the PDF and the calendar file all use these."""
    sent_on = date.fromisoformat(sent.assessment["today"])  # the engine's day of sending
    return [deadline(k, date.fromisoformat(v), today)
            for k, v in dates_after_sending(sent.kind, sent.answers, sent_on).items()]


def ordered_routes(assessment: dict) -> list[str]:
    routes = assessment["routes"]
    order = [r for r in ROUTE_ORDER if r in routes]
    if "vrr" in order and not routes["vrr"].get("eligible"):
        order.remove("vrr")
        order.append("vrr")  # not available: say why, after what can help
    return order


@dataclass(frozen=True)
class Citation:
    title: str
    href: str | None = None
    paragraphs: tuple[tuple[int, str], ...] = ()  # (n, link) for the VRR guidance


def citations(assessment: dict, *paths: str) -> list[Citation]:
    """The sources behind these parts of the assessment: the VRR guidance paragraphs
    together as one source, then each law or policy."""
    refs: list[str] = []
    for path in paths:
        refs.extend(r for r in assessment["citations"].get(path, []) if r not in refs)
    numbers = sorted(n for n in map(vrr_paragraph, refs) if n)
    out = []
    if numbers:
        out.append(Citation(
            _("Victims' Right to Review guidance"),
            paragraphs=tuple((n, f"/guidance/victims-right-to-review#paragraph-{n}") for n in numbers),
        ))
    for ref in refs:
        if not vrr_paragraph(ref):
            out.append(Citation(_(SOURCES[ref].title), SOURCES[ref].url))
    return out


@cache
def guidance_paragraphs() -> list[tuple[int, str]]:
    """The numbered paragraphs of the CPS VRR guidance, from our copy of its text."""
    text = (ROOT / "webapp" / "content" / "vrr-guidance-cps-2021.txt").read_text(encoding="utf-8")
    body = text.split("Annex A - Review Process")[0]
    parts = re.split(r"^ {2}(\d+)\. ", body, flags=re.MULTILINE)
    paragraphs = []
    numbered = list(zip(parts[1::2], parts[2::2], strict=True))
    for index, (number, content) in enumerate(numbered):
        lines = [line.strip() for line in content.strip().splitlines() if line.strip()]
        # The section headings between paragraphs are short lines without a full stop;
        # they are not part of the paragraph before them. The last paragraph ends at
        # the annexes, so its short lines (an address) are its own.
        while index < len(numbered) - 1 and len(lines) > 1 and len(lines[-1]) < 60 \
                and not lines[-1].endswith((".", ";", ":", ")")):
            lines.pop()
        paragraphs.append((int(number), "\n".join(lines)))
    return paragraphs


def answer_rows(answers: dict) -> list[dict]:
    """The answers in the questions' order, each with its question's short label and the
    answer in words: the check page shows them, and the receiving office sees the same
    rows on the request (the check page promises the office will not need to ask again)."""
    who = audience(answers.get("role"))  # an option's wording can follow who is asking
    return [{"key": _(q.short), "value": answer_text(q, answers[q.id], who), "question": q}
            for q in QUESTIONS if q.id in answers]


def answer_text(question, value, who: str = "self") -> str:
    if question.kind == "date":
        return format_date(date.fromisoformat(value), "d MMMM y")  # "16 November 2026" (no weekday)
    labels = {o.value: translate(o.label_for(who))
              for o in question.options + ((question.unsure,) if question.unsure else ())}
    if question.kind == "yes_no":
        return labels["yes" if value else "no"]
    if question.kind == "multi":
        return ", ".join(labels.get(v, v) for v in value) or labels.get("other", "")
    # A stored request keeps its answers: a choice since removed shows as it was stored.
    return labels.get(value, value)

"""The answers: what a person told us, as the contract defines them, and their validation.

Every key is optional; an absent key is unknown. `validate()` turns a JSON object into
`Answers` (dates parsed, values checked) or raises `InvalidAnswers` with one error per
field, in the order of `FIELDS`. The keys are the contract's answer keys
(../shared/contract/ASSESSMENT.md, "Answers") and equal the web form's field names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, make_dataclass
from datetime import date

from .calendar import FIRST_YEAR
from .i18n import N_

VICTIM_ROLES = (
    "victim",
    "bereaved_relative",
    "parent_or_guardian",
    "family_spokesperson",
    "business",
    "representative",
)
CONVICTION_ROLES = ("convicted_person", "convicted_representative")


@dataclass(frozen=True)
class Field:
    key: str
    kind: str  # "choice" | "bool" | "date" | "multi"
    label: str  # plain English, used in error messages
    values: tuple[str, ...] = ()


# The contract's answer keys in the order a person would be asked them.
FIELDS: tuple[Field, ...] = (
    Field("role", "choice", N_("Who is asking"), VICTIM_ROLES + CONVICTION_ROLES),
    Field("has_written_authority", "bool", N_("Written authority from the victim")),
    Field("business_contact_named", "bool", N_("Named contact for the business")),
    Field("decision_by", "choice", N_("Who made the decision"), ("cps", "police")),
    Field(
        "decision_type",
        "choice",
        N_("What was decided"),
        ("no_charge", "stopped", "no_evidence", "lie_on_file", "partial", "out_of_court",
         "judge_ended", "not_final"),
    ),
    Field("decision_date", "date", N_("Date of the decision letter")),
    Field("communicated_date", "date", N_("Date you were told of the decision")),
    Field("told_of_right_to_review", "bool", N_("Told of the right to review")),
    Field("victim_withdrew_support", "bool", N_("Victim withdrew support")),
    Field(
        "decision_maker",
        "choice",
        N_("Who in the CPS made the decision"),
        ("area", "cps_direct", "chief_crown_prosecutor", "central_casework",
         "director_legal_services", "dpp", "unknown"),
    ),
    Field("awaiting_material", "bool", N_("CPS was waiting for material")),
    Field("offence", "multi", N_("What the offence involved"), ("sexual", "death", "hate_crime", "other")),
    Field("victim_under_18", "bool", N_("Victim was under 18")),
    Field("summary_only", "bool", N_("Summary-only offence")),
    Field("offence_date", "date", N_("Date of the offence")),
    Field(
        "vrr_stage",
        "choice",
        N_("How far the review has gone"),
        ("not_requested", "requested", "local_decision", "independent_requested", "completed"),
    ),
    Field("request_date", "date", N_("Date the review was asked for")),
    Field("local_decision_date", "date", N_("Date of the local review decision")),
    Field("independent_request_date", "date", N_("Date the independent review was asked for")),
    Field("final_decision_date", "date", N_("Date of the final review decision")),
    Field("service_complaint", "bool", N_("Unhappy with how you were treated")),
    Field("complaint_event_date", "date", N_("Date of what you want to complain about")),
    Field(
        "conviction_place",
        "choice",
        N_("Where the conviction was"),
        ("england_wales", "northern_ireland", "scotland", "elsewhere"),
    ),
    Field("court", "choice", N_("Court"), ("magistrates", "crown")),
    Field("challenge", "choice", N_("What you want to challenge"), ("conviction", "sentence", "both")),
    Field("plea", "choice", N_("Plea"), ("guilty", "not_guilty")),
    Field(
        "appeal_status",
        "choice",
        N_("Appeal so far"),
        ("none", "pending", "dismissed", "leave_refused"),
    ),
    Field("conviction_date", "date", N_("Date of the conviction")),
    Field("sentence_date", "date", N_("Date of the sentence")),
    Field("previous_ccrc_application", "bool", N_("Applied to the CCRC before")),
    Field("new_information", "bool", N_("New evidence or argument")),
    Field("post_office_horizon", "bool", N_("Post Office Horizon case")),
)
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
KEY_ORDER = {f.key: i for i, f in enumerate(FIELDS)}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
EARLIEST = date(FIRST_YEAR, 1, 1)


# The validated answers, one attribute per field (None: unknown). Built from FIELDS so
# that a key is declared once: dates are `date`, `offence` a frozenset.
_TYPES = {"choice": str | None, "bool": bool | None, "date": date | None, "multi": frozenset[str] | None}
Answers = make_dataclass(
    "Answers", [(f.key, _TYPES[f.kind], field(default=None)) for f in FIELDS],
    frozen=True, slots=True,
)
Answers.__module__ = __name__


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer. `message % params` is the English text."""

    field: str
    message: str
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message % self.params if self.params else self.message

    def to_json(self) -> dict:
        return {"field": self.field, "message": self.text}


class InvalidAnswers(ValueError):
    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.text}" for e in errors))
        self.errors = errors

    def to_json(self) -> dict:
        return {"errors": [e.to_json() for e in self.errors]}


# Dates in order: (field blamed, later key, earlier keys, message). The first earlier
# key that is known is compared: a final decision follows the local decision if there
# was one, else the request.
_DATE_ORDER: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("communicated_date", "communicated_date", ("decision_date",),
     N_("The date you were told of the decision must be the same as or after the date of the decision letter")),
    ("offence_date", "decision_date", ("offence_date",),
     N_("The date of the offence must be the same as or before the date of the decision letter")),
    ("request_date", "request_date", ("decision_date",),
     N_("The date the review was asked for must be the same as or after the date of the decision letter")),
    ("local_decision_date", "local_decision_date", ("request_date",),
     N_("The date of the local review decision must be the same as or after the date the review was asked for")),
    ("independent_request_date", "independent_request_date", ("local_decision_date",),
     N_("The date the independent review was asked for must be the same as or after the date of the local "
        "review decision")),
    ("final_decision_date", "final_decision_date", ("local_decision_date", "request_date"),
     N_("The date of the final review decision must be the same as or after the date the review was asked for "
        "and the date of any local review decision")),
    ("sentence_date", "sentence_date", ("conviction_date",),
     N_("The date of the sentence must be the same as or after the date of the conviction")),
)


def _check_value(f: Field, value: object, today: date) -> tuple[object, FieldError | None]:
    """Parse one answer. Returns (parsed value, None) or (None, error)."""
    if f.kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, FieldError(f.key, N_("Answer “%(label)s” with true or false"), {"label": f.label})
    if f.kind == "choice":
        if isinstance(value, str) and value in f.values:
            return value, None
        return None, FieldError(
            f.key, N_("Answer “%(label)s” with one of: %(choices)s"),
            {"label": f.label, "choices": ", ".join(f.values)},
        )
    if f.kind == "multi":
        if isinstance(value, list) and all(isinstance(v, str) and v in f.values for v in value):
            return frozenset(value), None
        return None, FieldError(
            f.key, N_("Answer “%(label)s” with a list of: %(choices)s"),
            {"label": f.label, "choices": ", ".join(f.values)},
        )
    # date
    parsed = parse_date(value)
    if parsed is None:
        return None, FieldError(
            f.key, N_("%(label)s must be a real date in the form YYYY-MM-DD, like 2026-03-27"), {"label": f.label}
        )
    if parsed < EARLIEST:
        return None, FieldError(f.key, N_("%(label)s must be in 1900 or later"), {"label": f.label})
    if parsed > today:
        return None, FieldError(f.key, N_("%(label)s must be today or in the past"), {"label": f.label})
    return parsed, None


def parse_date(value: object) -> date | None:
    """A `YYYY-MM-DD` string that names a real date, as a `date`; otherwise None."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:  # 2026-02-30
        return None


def validate(data: object, today: date) -> Answers:
    """Check a JSON object of answers against the contract; return `Answers`.

    Raises InvalidAnswers listing, for each wrong answer, its key and a plain message.
    """
    if not isinstance(data, dict):
        raise InvalidAnswers([FieldError("answers", N_("The answers must be a JSON object"))])
    parsed: dict[str, object] = {}
    errors: list[FieldError] = []
    for f in FIELDS:
        if f.key in data:
            value, error = _check_value(f, data[f.key], today)
            if error:
                errors.append(error)
            else:
                parsed[f.key] = value
    for key in data:
        if key not in FIELDS_BY_KEY:
            errors.append(FieldError(str(key), N_("This is not an answer the service knows")))
    errors.extend(_order_errors(parsed))
    if errors:
        errors.sort(key=lambda e: KEY_ORDER.get(e.field, len(KEY_ORDER)))
        raise InvalidAnswers(errors)
    return Answers(**parsed)


def _order_errors(parsed: dict[str, object]) -> list[FieldError]:
    errors = []
    for blamed, later_key, earlier_keys, message in _DATE_ORDER:
        later = parsed.get(later_key)
        earlier = next((parsed[k] for k in earlier_keys if k in parsed), None)
        if later and earlier and later < earlier:
            errors.append(FieldError(blamed, message))
    return errors

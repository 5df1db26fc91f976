"""`assess()`: answers in, the contract's assessment out.

The rules (in `rules/`) write into an `Assessment`: routes, deadlines, notes and the
citations of each. They read answers through `Assessment.need(key)` whenever a key
decides something; a key that is needed but absent lands in `missing`, so `missing` is
exactly what the engine would still ask, in question order.

While answers are missing, the engine says what it can: an absent yes/no counts as
"no", an absent `vrr_stage` as `not_requested`, an absent `told_of_right_to_review`
as true (the contract's defaults); a fixed key that depends on a missing date or choice
is left out. When `missing` is empty, every route carries all its fixed keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .answers import CONVICTION_ROLES, KEY_ORDER, VICTIM_ROLES, Answers, FieldError, InvalidAnswers, validate
from .calendar import FIRST_YEAR, LAST_YEAR, today_in_england
from .i18n import N_
from .rules import conviction, victim

CONTRACT_VERSION = 1

# `today` must leave room for the longest deadline inside the years of known bank holidays.
EARLIEST_TODAY = date(FIRST_YEAR, 1, 1)
LATEST_TODAY = date(LAST_YEAR - 1, 12, 31)


class Assessment:
    """What the rules found, with the sources they cite; `to_json()` is the contract's object."""

    def __init__(self, answers: Answers, today: date):
        self.answers = answers
        self.today = today
        self.routes: dict[str, dict] = {}
        self.deadlines: dict[str, date] = {}
        self.notes: list[str] = []
        self.citations: dict[str, list[str]] = {}
        self._missing: set[str] = set()

    def need(self, key: str):
        """The answer to `key`, recorded as missing when it is absent."""
        value = getattr(self.answers, key)
        if value is None:
            self._missing.add(key)
        return value

    def cite(self, path: str, refs: tuple[str, ...]) -> None:
        cited = self.citations.setdefault(path, [])
        cited.extend(r for r in refs if r not in cited)

    def route(self, name: str, refs: tuple[str, ...], **keys) -> dict:
        """Add route `name` with its fixed keys; keys whose value is None are left out."""
        self.routes[name] = {k: v for k, v in keys.items() if v is not None}
        self.cite(f"routes.{name}", refs)
        return self.routes[name]

    def code(self, route: str, key: str, value: str | None, refs: tuple[str, ...]) -> None:
        """Set a coded key of a route (`pathway`, `timing`...) and cite why it has that value."""
        if value is None:
            return
        self.routes[route][key] = value
        self.cite(f"routes.{route}.{key}.{value}", refs)

    def deadline(self, key: str, day: date, refs: tuple[str, ...]) -> date:
        self.deadlines[key] = day
        self.cite(f"deadlines.{key}", refs)
        return day

    def note(self, code: str, refs: tuple[str, ...]) -> None:
        if code not in self.notes:
            self.notes.append(code)
        self.cite(f"notes.{code}", refs)

    @property
    def missing(self) -> list[str]:
        return sorted(self._missing, key=KEY_ORDER.__getitem__)

    def to_json(self) -> dict:
        return {
            "contract": CONTRACT_VERSION,
            "today": self.today.isoformat(),
            "routes": self.routes,
            "deadlines": {k: d.isoformat() for k, d in sorted(self.deadlines.items())},
            "notes": list(self.notes),
            "missing": self.missing,
            "citations": self.citations,
        }


def check_today(today: date) -> None:
    if not EARLIEST_TODAY <= today <= LATEST_TODAY:
        raise InvalidAnswers([
            FieldError(
                "today",
                N_("Today's date must be between %(first)s and %(last)s"),
                {"first": EARLIEST_TODAY.isoformat(), "last": LATEST_TODAY.isoformat()},
            )
        ])


def assess(answers: Mapping | Answers, today: date | None = None) -> dict:
    """Assess `answers` (a JSON object, or `Answers` already validated) as on `today`.

    Raises InvalidAnswers when the answers break the contract.
    """
    today = today or today_in_england()
    check_today(today)
    if not isinstance(answers, Answers):
        answers = validate(answers, today)
    result = Assessment(answers, today)
    role = result.need("role")
    if role in VICTIM_ROLES:
        victim.apply(result)
    elif role in CONVICTION_ROLES:
        conviction.apply(result)
    return result.to_json()

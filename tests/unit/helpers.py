"""Small builders for scenario tests."""

from __future__ import annotations

from datetime import date

from questionnaire import assess

TODAY = date(2026, 11, 22)  # a Sunday

# A CPS decision eligible for review, with every answer the engine asks for given.
CPS_NO_CHARGE = {
    "role": "victim",
    "decision_by": "cps",
    "decision_type": "no_charge",
    "decision_maker": "area",
    "decision_date": "2026-11-16",
    "victim_withdrew_support": False,
    "awaiting_material": False,
    "offence": ["other"],
    "summary_only": False,
    "vrr_stage": "not_requested",
    "service_complaint": False,
}


def run(today: date | str = TODAY, base: dict | None = None, **answers) -> dict:
    """Assess `base` (CPS_NO_CHARGE by default) with `answers` changed; None removes a key."""
    merged = dict(CPS_NO_CHARGE if base is None else base)
    for key, value in answers.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return assess(merged, date.fromisoformat(today) if isinstance(today, str) else today)


def vrr(output: dict) -> dict:
    return output["routes"]["vrr"]

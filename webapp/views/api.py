"""POST /api/v1/assess: the engine over HTTP, exactly as the contract says.

The body is the answers as a JSON object, with an optional "today". 200 with the
assessment; 400 with {"errors": [...]} for invalid answers or a body that is not JSON;
413 when the body is larger than MAX_CONTENT_LENGTH. No cookies, no CSRF (exempt).
"""

from __future__ import annotations

import json

from flask import Blueprint, jsonify, request

from questionnaire import FieldError, InvalidAnswers, assess
from questionnaire.answers import parse_date
from questionnaire.calendar import today_in_england
from questionnaire.i18n import N_

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _errors(*errors: FieldError):
    return jsonify(InvalidAnswers(list(errors)).to_json()), 400


@bp.post("/assess")
def assess_answers():
    try:
        data = json.loads(request.get_data(cache=False).decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # bad JSON, or a 5,000-digit number
        return _errors(FieldError("answers", N_("The answers must be a JSON object in UTF-8")))
    if not isinstance(data, dict):
        return _errors(FieldError("answers", N_("The answers must be a JSON object")))
    today = today_in_england()
    if "today" in data:
        today = parse_date(data.pop("today"))
        if today is None:
            return _errors(FieldError("today", N_("Today's date must be a real date in the form YYYY-MM-DD")))
    try:
        return jsonify(assess(data, today))
    except InvalidAnswers as invalid:
        return jsonify(invalid.to_json()), 400

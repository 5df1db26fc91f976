"""POST /api/v1/assess: the engine over HTTP, the same object as `questionnaire.assess`."""

from __future__ import annotations

import json
from datetime import date

import pytest

from questionnaire import InvalidAnswers, assess
from tests.conftest import EXAMPLES

from .conftest import TODAY
from .journeys import VICTIM_CPS, answer_questions

URL = "/api/v1/assess"


def _post(client, body, **kwargs):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)


def _fields(response) -> list[str]:
    return [error["field"] for error in response.get_json()["errors"]]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_api_contract_example_gives_the_engines_object(client, path):
    example = json.loads(path.read_text(encoding="utf-8"))
    response = _post(client, {**example["answers"], "today": example["today"]})
    today = date.fromisoformat(example["today"])
    if example["expect"].get("exit") == 2:
        assert response.status_code == 400
        with pytest.raises(InvalidAnswers) as invalid:
            assess(example["answers"], today)
        assert response.get_json() == invalid.value.to_json()
        assert set(example["expect"]["error_fields"]) <= set(_fields(response))
    else:
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert response.get_json() == assess(example["answers"], today)
        if "routes" in example["expect"]:
            assert sorted(response.get_json()["routes"]) == sorted(example["expect"]["routes"])


def test_api_examples_exist():
    assert len(EXAMPLES) >= 10


def test_api_without_today_uses_todays_date(client):
    response = _post(client, VICTIM_CPS)
    assert response.status_code == 200
    assert response.get_json() == assess(VICTIM_CPS, TODAY)
    assert response.get_json()["today"] == "2026-11-22"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"role": "pirate"}, "role"),
        ({"role": "victim", "decision_by": "cps", "hat": "red"}, "hat"),
        ({"role": "victim", "summary_only": "yes"}, "summary_only"),
        ({"role": "victim", "decision_date": "2026-02-30"}, "decision_date"),
        ({"role": "victim", "decision_date": "16/11/2026"}, "decision_date"),
        ({"role": "victim", "decision_date": "2026-11-23"}, "decision_date"),
        ({"role": "victim", "offence": "sexual"}, "offence"),
        ({"role": "victim", "decision_date": "2026-11-16", "communicated_date": "2026-11-10"}, "communicated_date"),
        ({"role": "victim", "today": "2026-13-01"}, "today"),
        ({"role": "victim", "today": 20261122}, "today"),
    ],
    ids=["value", "unknown-key", "wrong-type", "impossible-date", "date-format", "future-date", "not-a-list",
         "dates-out-of-order", "bad-today", "today-not-a-string"],
)
def test_api_invalid_answers_give_400_naming_the_field(client, answers, field):
    body = {"today": "2026-11-22", **answers}
    response = _post(client, body)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in [e["field"] for e in errors]
    assert all(isinstance(e["message"], str) and e["message"] for e in errors)


@pytest.mark.parametrize(
    "body",
    ["not json", b"\xff\xfe\x00", "[1, 2]", '"victim"', "null", "", "[" * 50_000],
    ids=["text", "not-utf8", "array", "string", "null", "empty", "deeply-nested"],
)
def test_api_body_that_is_not_a_json_object_gives_400_answers(client, body):
    response = _post(client, body)
    assert response.status_code == 400
    assert _fields(response) == ["answers"]


def test_api_form_encoded_body_gives_400_answers(client):
    response = client.post(URL, data={"role": "victim"})
    assert response.status_code == 400
    assert _fields(response) == ["answers"]


def test_api_body_over_max_content_length_gives_413(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({"role": "victim", "padding": "x" * (limit + 1)})
    response = _post(client, body)
    assert response.status_code == 413
    assert response.mimetype == "application/json"
    assert _fields(response) == ["answers"]


def test_api_body_just_under_max_content_length_is_read(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({"role": "victim", "hat": ""})
    body = body.replace('""', '"' + "x" * (limit - len(body)) + '"')
    assert len(body.encode()) == limit
    response = _post(client, body)
    assert response.status_code == 400  # read, and "hat" refused
    assert _fields(response) == ["hat"]


def test_api_needs_no_csrf_token_even_with_a_session(client_request):
    answer_questions(client_request, VICTIM_CPS)  # the browser has a session and a CSRF token
    response = _post(client_request.client, {"role": "victim", "decision_by": "police", "today": "2026-11-22"})
    assert response.status_code == 200
    assert "police_review" not in response.get_json()["routes"]  # no decision_date yet
    assert response.get_json()["missing"] == ["decision_date"]


def test_api_sets_no_cookie(client):
    response = _post(client, VICTIM_CPS)
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []


def test_api_does_not_store_answers(client, stored_drafts):
    _post(client, VICTIM_CPS)
    assert stored_drafts.all() == []


def test_api_get_is_not_allowed(client):
    response = client.get(URL)
    assert response.status_code == 405
    assert response.mimetype == "application/json"

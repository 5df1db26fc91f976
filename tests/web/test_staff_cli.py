"""The staff commands: `flask staff create-user` and `flask purge` (drafts idle past
IDLE_MINUTES; closed requests past RETENTION_DAYS, with their status history, queued
messages and uploaded file). `flask staff reset-password` is in test_staff_auth.py.
Today is Sunday 22 November 2026.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from webapp.models import Draft, OutboxMessage, Request, RequestEvent, StaffUser, db

from .conftest import TODAY
from .staff_support import (
    MANY_SIGN_INS,
    PASSWORD,
    StaffBrowser,
    add_request,
    add_user,
    audit_log,
    flask_command,
    move,
    request_row,
)

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

WITH_PASSWORD = {"STAFF_PASSWORD": PASSWORD}


def users(app) -> list[tuple]:
    with app.app_context():
        return [(u.email, u.name, u.role, u.office, u.active)
                for u in db.session.scalars(select(StaffUser).order_by(StaffUser.id))]


# --------------------------------------------------------------------------- create-user


def test_create_a_caseworker_who_can_then_sign_in(app):
    result = flask_command(app, "staff", "create-user", "Casey.Worker@CPS.example", "--name", "Casey Worker",
                           "--role", "caseworker", "--office", "wessex", env=WITH_PASSWORD)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "created casey.worker@cps.example (caseworker, wessex)"
    assert PASSWORD not in result.output
    assert users(app) == [("casey.worker@cps.example", "Casey Worker", "caseworker", "wessex", True)]
    with app.app_context():
        stored = db.session.scalar(select(StaffUser.password_hash))
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    StaffBrowser(app).sign_in("casey.worker@cps.example")
    created = audit_log(app)[0]
    assert (created["user"], created["action"], created["target"], created["detail"]) == (
        None, "user_created", "casey.worker@cps.example", "caseworker (command line)")


def test_a_caseworker_needs_an_office(app):
    result = flask_command(app, "staff", "create-user", "x@cps.example", "--name", "X", "--role", "caseworker",
                           env=WITH_PASSWORD)
    assert result.exit_code == 2
    assert "a caseworker needs --office" in result.output
    assert users(app) == []


def test_reviewers_belong_to_the_aru_and_administrators_to_no_office(app):
    assert flask_command(app, "staff", "create-user", "r@cps.example", "--name", "R", "--role", "reviewer",
                         env=WITH_PASSWORD).exit_code == 0
    assert flask_command(app, "staff", "create-user", "a@cps.example", "--name", "A", "--role", "admin",
                         env=WITH_PASSWORD).exit_code == 0
    assert users(app) == [("r@cps.example", "R", "reviewer", "aru", True), ("a@cps.example", "A", "admin", None, True)]


def test_a_second_user_with_the_same_email_is_refused(app):
    add_user(app, "casey@cps.example")
    result = flask_command(app, "staff", "create-user", "CASEY@cps.example", "--name", "Again", "--role", "admin",
                           env=WITH_PASSWORD)
    assert result.exit_code == 1
    assert "there is already a user CASEY@cps.example" in result.output
    assert [u[0] for u in users(app)] == ["casey@cps.example"]


@pytest.mark.parametrize(("args", "message"), [
    (["--role", "caseworker", "--office", "atlantis"], "'atlantis' is not one of"),
    (["--role", "boss"], "'boss' is not one of"),
], ids=["unknown_office", "unknown_role"])
def test_unknown_roles_and_offices_are_refused(app, args, message):
    result = flask_command(app, "staff", "create-user", "x@cps.example", "--name", "X", *args, env=WITH_PASSWORD)
    assert result.exit_code == 2
    assert message in result.output
    assert users(app) == []


def test_the_password_is_asked_for_twice_when_not_in_the_environment(app):
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    result = flask_command(app, "staff", "create-user", "p@cps.example", "--name", "P", "--role", "admin",
                           env={"STAFF_PASSWORD": None}, stdin=typed)
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output, "the password was echoed"
    StaffBrowser(app).sign_in("p@cps.example")
    short = flask_command(app, "staff", "create-user", "q@cps.example", "--name", "Q", "--role", "admin",
                          env={"STAFF_PASSWORD": "too short"})
    assert short.exit_code == 2 and "12 to 200 characters" in short.output
    assert [u[0] for u in users(app)] == ["p@cps.example"]


# --------------------------------------------------------------------------- purge


def _draft(app, idle: timedelta) -> str:
    draft_id = secrets.token_urlsafe(32)
    moment = datetime.now(UTC) - idle
    with app.app_context():
        db.session.add(Draft(id=draft_id, answers={"role": "victim"}, created_at=moment, updated_at=moment))
        db.session.commit()
    return draft_id


def _outbox(app, reference: str) -> None:
    with app.app_context():
        found = db.session.scalar(select(Request).where(Request.reference == reference))
        db.session.add(OutboxMessage(request_id=found.id, template="confirmation", channel="email",
                                     recipient="alex@example.com", language="en", personalisation={},
                                     status="sent", created_at=datetime.now(UTC)))
        db.session.commit()


def _rows_for(app, reference: str) -> dict[str, int]:
    with app.app_context():
        found = db.session.scalar(select(Request).where(Request.reference == reference))
        if found is None:
            return {"request": 0}
        return {"request": 1, "events": db.session.query(RequestEvent).filter_by(request_id=found.id).count(),
                "outbox": db.session.query(OutboxMessage).filter_by(request_id=found.id).count()}


@pytest.mark.app_config(RETENTION_DAYS=30, IDLE_MINUTES=60)
def test_purge_deletes_idle_drafts_and_old_closed_requests_only(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    cutoff = TODAY - timedelta(days=30)  # 23 October 2026
    files = {}

    def with_file(name: str) -> dict:
        files[name] = tmp_path / f"token-{name}"
        files[name].write_bytes(b"%PDF-1.4\n%%EOF\n")
        return {"authority_file": {"token": files[name].name, "type": "application/pdf", "size": 15}}

    refs = {
        "old_closed": add_request(app, received=date(2026, 9, 1), details=with_file("old_closed")),
        "closed_on_cutoff": add_request(app, received=date(2026, 9, 2)),
        "recent_closed": add_request(app, received=date(2026, 11, 2), details=with_file("recent_closed")),
        "old_open": add_request(app, received=date(2025, 11, 3), details=with_file("old_open")),
        "old_decided": add_request(app, received=date(2026, 6, 1)),
    }
    move(app, refs["old_closed"], "acknowledged", on=date(2026, 9, 2))
    move(app, refs["old_closed"], "closed", on=date(2026, 10, 1))
    move(app, refs["closed_on_cutoff"], "closed", on=cutoff)
    move(app, refs["recent_closed"], "closed", on=date(2026, 11, 20))
    move(app, refs["old_decided"], "acknowledged", "under_review", "decision_sent", on=date(2026, 7, 1))
    for ref in refs.values():
        _outbox(app, ref)
    idle, fresh = _draft(app, timedelta(minutes=61)), _draft(app, timedelta(minutes=59))
    assert _rows_for(app, refs["old_closed"]) == {"request": 1, "events": 2, "outbox": 1}

    result = flask_command(app, "purge")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "deleted 1 drafts idle for more than 60 minutes"
    assert lines[1] == f"deleted request {refs['old_closed']} (vrr, closed 2026-10-01)"
    assert lines[2].startswith("deleted 1 requests closed before 2026-10-23 (kept for 30 days)")
    assert len(lines) == 3

    assert _rows_for(app, refs["old_closed"]) == {"request": 0}
    with app.app_context():
        assert db.session.query(RequestEvent).filter(RequestEvent.request_id.notin_(
            select(Request.id))).count() == 0, "status history left behind"
        assert db.session.query(OutboxMessage).count() == 4
        assert set(db.session.scalars(select(Draft.id))) == {fresh}
        assert idle not in set(db.session.scalars(select(Draft.id)))
    assert not files["old_closed"].exists(), "the uploaded authority was kept"
    assert files["recent_closed"].exists() and files["old_open"].exists()
    for name in ("closed_on_cutoff", "recent_closed", "old_open", "old_decided"):
        assert _rows_for(app, refs[name])["request"] == 1, name
    assert request_row(app, refs["old_open"])["status"] == "received"
    purged = [(e["user"], e["target"], e["detail"]) for e in audit_log(app) if e["action"] == "purged"]
    assert purged == [(None, refs["old_closed"], "closed 2026-10-01")]
    # The audit entries about the deleted request stay (the log is append-only).
    assert [e["detail"] for e in audit_log(app) if e["action"] == "status" and e["target"] == refs["old_closed"]] \
        == ["acknowledged", "closed"]

    again = flask_command(app, "purge")
    assert again.output.splitlines()[0] == "deleted 0 drafts idle for more than 60 minutes"
    assert again.output.splitlines()[1].startswith("deleted 0 requests closed before 2026-10-23")


def test_purge_keeps_everything_within_the_default_retention(app):
    ref = add_request(app, received=date(2025, 1, 6))
    move(app, ref, "closed", on=date(2025, 1, 10))  # under two years ago (730 days)
    result = flask_command(app, "purge")
    assert result.exit_code == 0
    assert "deleted 0 requests closed before 2024-11-22 (kept for 730 days)" in result.output
    assert _rows_for(app, ref)["request"] == 1

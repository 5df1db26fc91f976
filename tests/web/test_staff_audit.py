"""The audit log: who viewed, downloaded, changed or exported what, and who signed in
(or failed to). Append-only: migration 0004's triggers make the database itself refuse
to update or delete an entry (the test database is built by the migrations), and the
ORM refuses too.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from webapp.models import AuditEntry, db

from .staff_support import (
    LOGIN,
    MANY_SIGN_INS,
    PASSWORD,
    StaffBrowser,
    add_request,
    add_user,
    audit_log,
    staff_browser,
)

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

PDF = b"%PDF-1.4\n%%EOF\n"


def test_views_downloads_changes_exports_and_sign_ins_are_recorded(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    (tmp_path / "token-1").write_bytes(PDF)
    add_user(app, "wes@cps.example", "caseworker", "wessex")
    ref = add_request(app, office="wessex", details={"authority_file": {"token": "token-1", "type": "application/pdf",
                                                                         "size": len(PDF)}})
    before = datetime.now(UTC)
    failed = StaffBrowser(app)
    failed.client.post(LOGIN, data={"csrf_token": failed.token(), "email": "wes@cps.example", "password": "wrong!"})
    browser = staff_browser(app, "wes@cps.example", PASSWORD)
    browser.get(f"/staff/requests/{ref}")
    browser.get(f"/staff/requests/{ref}/authority").close()
    browser.change_status(ref, "acknowledged")  # from the request's page: another view
    browser.get("/staff/figures.csv")
    browser.get("/staff/")  # the inbox itself is not a view of a request
    browser.get("/staff/figures")
    browser.submit("/staff/", {}, action="/staff/logout")
    after = datetime.now(UTC)

    entries = audit_log(app)
    assert [(e["user"], e["action"], e["target"], e["detail"]) for e in entries] == [
        (None, "login_failed", "", ""),
        ("wes@cps.example", "login", "", ""),
        ("wes@cps.example", "view", ref, ""),
        ("wes@cps.example", "download", ref, "written authority"),
        ("wes@cps.example", "view", ref, ""),
        ("wes@cps.example", "status", ref, "acknowledged"),
        ("wes@cps.example", "export", "figures", ""),
        ("wes@cps.example", "logout", "", ""),
    ]
    moments = [e["at"].replace(tzinfo=UTC) if e["at"].tzinfo is None else e["at"] for e in entries]
    assert moments == sorted(moments)
    assert before <= moments[0] and moments[-1] <= after


@pytest.fixture
def entries(app) -> int:
    add_user(app, "wes@cps.example", "caseworker", "wessex")
    staff_browser(app, "wes@cps.example")
    with app.app_context():
        return db.session.query(AuditEntry).count()


def test_the_database_refuses_to_change_or_delete_an_entry(app, entries):
    assert entries == 1
    with app.app_context():
        for statement in ("UPDATE audit_log SET action = 'nothing', user_id = NULL",
                          "DELETE FROM audit_log", "DELETE FROM audit_log WHERE action = 'login'"):
            with pytest.raises(DatabaseError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        db.session.execute(text("INSERT INTO audit_log (at, action, target, detail) "
                                "VALUES ('2026-11-22 10:00:00', 'manual', '', '')"))  # adding is allowed
        db.session.commit()
        assert [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))] == ["login",
                                                                                                       "manual"]


def test_a_plain_database_connection_is_refused_too(app, entries):
    """Not through the app at all: the database's own driver, as someone with the database would."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        connection, refused = sqlite3.connect(url.database), sqlite3.DatabaseError
        statements = ("UPDATE audit_log SET detail = 'changed'", "DELETE FROM audit_log")
        triggers_query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        expected = {"audit_log_no_update", "audit_log_no_delete"}
    else:
        connection = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
        refused = psycopg.Error
        statements = ("UPDATE audit_log SET detail = 'changed'", "DELETE FROM audit_log", "TRUNCATE audit_log")
        triggers_query = ("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                          "AND tgrelid = 'audit_log'::regclass")
        expected = {"audit_log_append_only", "audit_log_no_truncate"}
    try:
        for statement in statements:
            with pytest.raises(refused, match="append-only"):
                connection.execute(statement)
            connection.rollback()
        triggers = {name for (name,) in connection.execute(triggers_query).fetchall()}
        assert triggers == expected
        assert connection.execute("SELECT action, detail FROM audit_log").fetchall() == [("login", "")]
    finally:
        connection.close()


def test_the_orm_refuses_as_well(app, entries):
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).one()
        entry.detail = "changed"
        with pytest.raises(PermissionError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(AuditEntry)).one())
        with pytest.raises(PermissionError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        assert [(e.action, e.detail) for e in db.session.scalars(select(AuditEntry))] == [("login", "")]

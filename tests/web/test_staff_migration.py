"""Migration 0004 (the receiving office): a database at 0003 holding requests, upgraded
to head, gives each request its inbox columns, computed as records.arrived() computes
them for a new one; downgrading and upgrading again works; the models match the
migrated schema.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import alembic.command
import alembic.config
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from questionnaire.calendar import add_working_days
from webapp import create_app
from webapp.models import Base, db

from ..databases import drop_database, empty_database
from .conftest import ROOT
from .journeys import VICTIM_CPS
from .staff_support import add_user, assessment_for, inbox_references, staff_browser, summary_rows

REQUEST_COLUMNS = ("id", "reference", "submission_id", "owner", "kind", "office", "language", "answers", "details",
                   "assessment", "created_at")
INBOX_COLUMNS = ("status", "received_on", "next_due", "statute_limit", "target_due", "last_activity_at", "closed_on",
                 "flag_welsh", "flag_needs", "flag_no_authority", "flag_late")


@pytest.fixture
def database(tmp_path):
    url = empty_database(tmp_path)
    config = alembic.config.Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    engine = sa.create_engine(url)
    yield config, engine
    engine.dispose()
    drop_database(url)


def _insert(engine, **row) -> None:
    values = {**row, **{k: json.dumps(row[k]) for k in ("answers", "details", "assessment")}}
    names, params = ", ".join(REQUEST_COLUMNS), ", ".join(f":{c}" for c in REQUEST_COLUMNS)
    statement = f"INSERT INTO requests ({names}) VALUES ({params})"  # noqa: S608 (our own column names)
    with engine.begin() as connection:
        connection.execute(sa.text(statement), values)


def _columns(engine, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


def _stored(engine) -> dict[str, dict]:
    with engine.connect() as connection:
        query = f"SELECT reference, {', '.join(INBOX_COLUMNS)} FROM requests"  # noqa: S608 (our own column names)
        rows = connection.execute(sa.text(query)).mappings()
        return {r["reference"]: {k: _plain(v) for k, v in r.items()} for r in rows}


def _plain(value):
    """As SQLite gives them: dates and times as ISO text, flags as 0/1 (PostgreSQL has the types)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date | datetime):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


def test_requests_sent_before_0004_get_their_inbox_columns(database):
    config, engine = database
    alembic.command.upgrade(config, "0003")
    assert "status" not in _columns(engine, "requests")
    representative = {**VICTIM_CPS, "role": "representative", "has_written_authority": False}
    _insert(engine, id=1, reference="AAAA-BBBB-CCCC", submission_id="s1", owner="o" * 64, kind="vrr",
            office="wessex", language="cy", answers=representative,
            details={"language": "cy", "needs": ["bsl"], "wrote": "wessex"},
            assessment={**assessment_for(VICTIM_CPS, timing="late", statute_limit=date(2026, 12, 10))},
            created_at="2026-11-20 10:00:00.000000")
    # Sent at 23:30 UTC on 30 June: already 1 July in England (summer time).
    _insert(engine, id=2, reference="DDDD-EEEE-FFFF", submission_id="s2", owner="o" * 64, kind="complaint",
            office="london_north", language="en", answers=VICTIM_CPS, details={"language": "en", "needs": []},
            assessment=assessment_for(VICTIM_CPS), created_at="2026-06-30 23:30:00.000000")

    alembic.command.upgrade(config, "head")

    stored = _stored(engine)
    first, second = stored["AAAA-BBBB-CCCC"], stored["DDDD-EEEE-FFFF"]
    assert first["status"] == "received"
    assert first["received_on"] == "2026-11-20"
    assert first["next_due"] == add_working_days(date(2026, 11, 20), 10).isoformat() == "2026-12-04"
    # 30 working days: 23 November - 24 December (24), 29-31 December, 4-6 January.
    assert first["target_due"] == "2027-01-06"
    assert first["statute_limit"] == "2026-12-10"
    assert first["closed_on"] is None
    activity = datetime.fromisoformat(first["last_activity_at"])
    assert (activity if activity.tzinfo else activity.replace(tzinfo=UTC)) == datetime(2026, 11, 20, 10, tzinfo=UTC)
    assert (first["flag_welsh"], first["flag_needs"], first["flag_no_authority"], first["flag_late"]) == (1, 1, 1, 1)

    assert second["received_on"] == "2026-07-01"
    assert second["next_due"] == second["target_due"] == add_working_days(date(2026, 7, 1), 20).isoformat()
    assert (second["flag_welsh"], second["flag_needs"], second["flag_no_authority"], second["flag_late"]) == (
        0, 0, 0, 0)
    assert second["statute_limit"] is None

    columns = {c["name"]: c for c in sa.inspect(engine).get_columns("requests")}
    for name in ("received_on", "target_due", "last_activity_at"):
        assert columns[name]["nullable"] is False, name
    tables = set(sa.inspect(engine).get_table_names())
    assert {"staff_users", "request_events", "audit_log"} <= tables
    indexes = {i["name"] for i in sa.inspect(engine).get_indexes("requests")}
    assert {"ix_requests_office_status_next_due", "ix_requests_office_statute_limit", "ix_requests_status_next_due",
            "ix_requests_office_received_on"} <= indexes


def test_downgrade_to_0003_and_upgrade_again(database):
    config, engine = database
    alembic.command.upgrade(config, "0003")
    _insert(engine, id=1, reference="AAAA-BBBB-CCCC", submission_id="s1", owner="o" * 64, kind="vrr",
            office="wessex", language="en", answers=VICTIM_CPS, details={}, assessment=assessment_for(VICTIM_CPS),
            created_at="2026-11-20 10:00:00.000000")
    alembic.command.upgrade(config, "head")
    alembic.command.downgrade(config, "0003")
    assert not set(INBOX_COLUMNS) & _columns(engine, "requests")
    assert not {"staff_users", "request_events", "audit_log"} & set(sa.inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT reference FROM requests")).scalars().all() == ["AAAA-BBBB-CCCC"]
    alembic.command.upgrade(config, "head")
    assert _stored(engine)["AAAA-BBBB-CCCC"]["next_due"] == "2026-12-04"


def test_the_models_match_the_migrated_schema(database):
    config, engine = database
    alembic.command.upgrade(config, "head")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_migrated_request_opens_in_the_inbox(database, monkeypatch):
    config, engine = database
    alembic.command.upgrade(config, "0003")
    _insert(engine, id=1, reference="AAAA-BBBB-CCCC", submission_id="s1", owner="o" * 64, kind="vrr",
            office="wessex", language="en", answers=VICTIM_CPS, details={"full_name": "Alex Example"},
            assessment=assessment_for(VICTIM_CPS), created_at="2026-11-20 10:00:00.000000")
    alembic.command.upgrade(config, "head")
    monkeypatch.setenv("SECRET_KEY", "migration-test-secret")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": config.attributes["url"],
                      "STAFF_LOGIN_RATE_LIMIT": "100 per minute"})
    try:
        add_user(app, "wes@cps.example", "caseworker", "wessex")
        browser = staff_browser(app, "wes@cps.example")
        assert inbox_references(browser.get("/staff/?status=all")) == ["AAAA-BBBB-CCCC"]
        page = browser.get("/staff/requests/AAAA-BBBB-CCCC")
        assert summary_rows(page)["Local resolution due"].startswith("Friday 4 December 2026")
        browser.change_status("AAAA-BBBB-CCCC", "acknowledged")
        assert browser.get("/staff/figures.csv").get_data(as_text=True).splitlines()[1] == "wessex,vrr,1,1,0,0,0,,0,0"
    finally:
        with app.app_context():
            db.engine.dispose()


def _sent(engine, **row) -> None:
    _insert(engine, submission_id=f"s{row['id']}", owner="o" * 64, kind="vrr", language="en", answers=VICTIM_CPS,
            assessment=assessment_for(VICTIM_CPS), created_at="2026-11-20 10:00:00.000000", **row)


def test_0008_keeps_the_office_that_received_each_request_and_moves_ijoc_to_seocid(database):
    config, engine = database
    alembic.command.upgrade(config, "0003")
    _sent(engine, id=1, reference="STAY-WESS-EX00", office="wessex", details={"wrote": "wessex"})
    _sent(engine, id=2, reference="MOVE-DTOA-RU00", office="aru", details={"wrote": "london_north"})
    _sent(engine, id=3, reference="MOVE-UNKN-OWN0", office="aru", details={"wrote": "unknown"})
    _sent(engine, id=4, reference="ARUS-OWNC-CP00", office="aru", details={"wrote": "wessex"})  # sent to the ARU
    _sent(engine, id=5, reference="IJOC-CASE-0000", office="ijoc", details={"wrote": "ijoc"})
    alembic.command.upgrade(config, "0007")
    with engine.begin() as connection:
        for request_id in (2, 3):
            connection.execute(sa.text(
                "INSERT INTO request_events (request_id, status, \"on\", at, note) "
                "VALUES (:id, 'independent_requested', '2026-11-27', '2026-11-27 10:00:00', '')"), {"id": request_id})
        connection.execute(sa.text(
            "INSERT INTO staff_users (email, name, role, office, password_hash, password_changed_at, active, "
            "created_at) VALUES ('i@cps.example', 'I', 'caseworker', 'ijoc', 'x', '2026-11-01 10:00:00', "
            ":active, '2026-11-01 10:00:00')"), {"active": True})

    alembic.command.upgrade(config, "head")

    with engine.connect() as connection:
        query = sa.text("SELECT reference, office || ' ' || received_office FROM requests")
        stored = dict(connection.execute(query).all())
        users = connection.execute(sa.text("SELECT office FROM staff_users")).scalars().all()
    assert stored == {"STAY-WESS-EX00": "wessex wessex", "MOVE-DTOA-RU00": "aru london_north",
                      "MOVE-UNKN-OWN0": "aru triage", "ARUS-OWNC-CP00": "aru aru", "IJOC-CASE-0000": "seocid seocid"}
    assert users == ["seocid"]

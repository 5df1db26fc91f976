"""A request worked through the office, on its page (/staff/requests/<reference>): the
status form, the due dates it shows (VRR 30-32, 42, Annex B), the history and the audit
log. The office's "today" is moved from day to day (webapp.staff.views and .records),
around Christmas and New Year 2026-27 and Easter 2027, so bank holidays count.
"""

from __future__ import annotations

import os
import time as system_time
from datetime import UTC, date, datetime

import pytest

import webapp.staff.records
import webapp.staff.views
from questionnaire.calendar import LONDON

from .conftest import TODAY, text_of
from .staff_support import (
    INBOX,
    MANY_SIGN_INS,
    add_request,
    add_user,
    arrival,
    audit_log,
    events,
    field_error,
    request_row,
    staff_browser,
    summary_errors,
    summary_rows,
)
from .staff_support import long_date as day_text

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

CASEWORKER = "wes.caseworker@cps.example"
REVIEWER = "ria.reviewer@cps.example"


@pytest.fixture
def people(app):
    add_user(app, CASEWORKER, "caseworker", "wessex", name="Wes Caseworker")
    add_user(app, REVIEWER, "reviewer", "aru", name="Ria Reviewer")


@pytest.fixture
def office_day(monkeypatch):
    """Set the office's today (the request page's countdowns, the day a status changes)."""

    def set_day(day: date) -> None:
        for module in (webapp.staff.views, webapp.staff.records):
            monkeypatch.setattr(module, "today_in_england", lambda: day)

    return set_day


def dates_on(page) -> dict[str, str]:
    rows = summary_rows(page)
    return {k: v for k, v in rows.items()
            if k not in ("Status", "Office", "Received", "Received by", "Safe ways to contact")}


def offered(page, reference: str) -> list[str]:
    form = page.select_one(f"form[action='/staff/requests/{reference}/status']")
    return [] if form is None else [i["value"] for i in form.select("input[name=status]")]


def history(page) -> list[str]:
    return [text_of(li) for li in page.select("ol.app-history li")]


def stamp(moment: datetime) -> str:
    """How the page shows a moment stored in UTC: in England and Wales time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    local = aware.astimezone(LONDON)
    return f"{local.day} {local:%b} {local.year}, {local:%H:%M}"


# --------------------------------------------------------------------------- the whole way


def test_a_vrr_request_through_local_resolution_to_independent_review(app, people, office_day):
    received = date(2026, 12, 16)  # a Wednesday
    ref = add_request(app, office="wessex", received=received)
    page_url = f"/staff/requests/{ref}"
    caseworker = staff_browser(app, CASEWORKER)

    office_day(received)
    page = caseworker.get(page_url)
    rows = summary_rows(page)
    assert (rows["Status"], rows["Office"], rows["Received"]) == ("Received", "CPS Wessex", day_text(received))
    assert dates_on(page) == {
        # 17, 18, 21-24, 29-31 December, 4 January (25, 28 December and 1 January are bank holidays).
        "Local resolution due": "Monday 4 January 2027 10 working days left",
        "Overall review due": "Monday 1 February 2027 30 working days left",
    }
    assert offered(page, ref) == ["acknowledged", "closed"]
    row = request_row(app, ref)
    assert (row["next_due"], row["target_due"]) == (date(2027, 1, 4), date(2027, 2, 1))

    office_day(date(2026, 12, 17))
    assert caseworker.change_status(ref, "acknowledged", "Letter sent") == page_url
    office_day(date(2026, 12, 18))
    caseworker.change_status(ref, "under_review")
    page = caseworker.get(page_url)
    assert dates_on(page)["Local resolution due"] == "Monday 4 January 2027 8 working days left"
    assert offered(page, ref) == ["local_upheld", "new_decision", "decision_sent"]

    upheld = date(2026, 12, 24)
    office_day(upheld)
    caseworker.change_status(ref, "local_upheld", "Decision upheld; told of the ARU")
    page = caseworker.get(page_url)
    assert summary_rows(page)["Status"] == "Local review: decision upheld"
    assert dates_on(page) == {
        # VRR 42: 10 working days: 29-31 December, 4-8, 11, 12 January.
        "The victim can ask for an independent review until": "Tuesday 12 January 2027 10 working days left",
        "Overall review due": "Monday 1 February 2027 24 working days left",
    }
    assert request_row(app, ref)["next_due"] == date(2027, 2, 1)  # the window is the victim's, not a deadline
    assert offered(page, ref) == ["independent_requested", "closed"]

    asked = date(2027, 1, 12)
    office_day(asked)
    # The request moves to the Appeals and Review Unit: back to the inbox, where it is not any more.
    assert caseworker.change_status(ref, "independent_requested", "The victim asked the ARU") == INBOX
    assert ref not in text_of(caseworker.get(INBOX).select_one("#inbox-results"))
    caseworker.get(page_url, expected_status=404)
    row = request_row(app, ref)
    assert row["office"] == "aru" and row["status"] == "independent_requested"
    assert row["next_due"] == date(2027, 2, 1)  # the overall date comes before the independent review's

    reviewer = staff_browser(app, REVIEWER)
    office_day(date(2027, 1, 13))
    page = reviewer.get(page_url)
    assert summary_rows(page)["Office"] == "CPS Appeals and Review Unit"
    assert dates_on(page) == {
        # Annex B: 20 working days from the request: 13-15, 18-22, 25-29 January, 1-5, 8, 9 February.
        "Overall review due": "Monday 1 February 2027 13 working days left",
        "Independent review due": "Tuesday 9 February 2027 19 working days left",
    }
    assert offered(page, ref) == ["independent_review"]
    reviewer.change_status(ref, "independent_review")

    office_day(date(2027, 2, 3))
    page = reviewer.get(page_url)
    assert dates_on(page) == {
        "Overall review due": "Monday 1 February 2027 overdue by 2 working days",
        "Independent review due": "Tuesday 9 February 2027 4 working days left",
        # VRR 31: updates every 20 working days after the overall date: 2-5, 8-12, 15-19, 22-26 February, 1 March.
        "Next progress update due": "Monday 1 March 2027 18 working days left",
    }

    office_day(date(2027, 2, 5))
    reviewer.change_status(ref, "decision_sent")
    page = reviewer.get(page_url)
    assert dates_on(page) == {}
    assert request_row(app, ref)["next_due"] is None

    closed = date(2027, 2, 8)
    office_day(closed)
    reviewer.change_status(ref, "closed", "Closed after the decision")
    page = reviewer.get(page_url)
    assert summary_rows(page)["Status"] == "Closed"
    assert dates_on(page) == {}
    assert offered(page, ref) == []
    row = request_row(app, ref)
    assert (row["status"], row["closed_on"], row["next_due"]) == ("closed", closed, None)

    stored = events(app, ref)
    assert [(e["status"], e["on"], e["user"]) for e in stored] == [
        ("acknowledged", date(2026, 12, 17), CASEWORKER),
        ("under_review", date(2026, 12, 18), CASEWORKER),
        ("local_upheld", upheld, CASEWORKER),
        ("independent_requested", asked, CASEWORKER),
        ("independent_review", date(2027, 1, 13), REVIEWER),
        ("decision_sent", date(2027, 2, 5), REVIEWER),
        ("closed", closed, REVIEWER),
    ]
    shown = history(page)
    assert shown[0].startswith("Received – ")
    labels = ["Acknowledged", "Under review", "Local review: decision upheld", "Independent review requested",
              "Independent review under way", "Decision sent", "Closed"]
    names = ["Wes Caseworker"] * 4 + ["Ria Reviewer"] * 3
    for line, label, name, event in zip(shown[1:], labels, names, stored, strict=True):
        assert line.startswith(f"{label} – {stamp(event['at'])}, {name}"), line
        assert line.endswith(event["note"]), line
    status_entries = [(e["user"], e["target"], e["detail"]) for e in audit_log(app) if e["action"] == "status"]
    assert status_entries == [(e["user"], ref, e["status"]) for e in stored]


def test_the_fixed_today_a_request_received_today(app, people):
    ref = add_request(app, office="wessex", received=TODAY)  # Sunday 22 November 2026
    caseworker = staff_browser(app, CASEWORKER)
    page = caseworker.get(f"/staff/requests/{ref}")
    assert summary_rows(page)["Received"] == "Sunday 22 November 2026"
    assert dates_on(page) == {
        "Local resolution due": "Friday 4 December 2026 10 working days left",
        # 23 November - 24 December (24), 29-31 December, 4-6 January: Christmas and New Year skipped.
        "Overall review due": "Wednesday 6 January 2027 30 working days left",
    }
    for status in ("acknowledged", "under_review", "local_upheld"):
        caseworker.change_status(ref, status)
    page = caseworker.get(f"/staff/requests/{ref}")
    assert dates_on(page)["The victim can ask for an independent review until"] == \
        "Friday 4 December 2026 10 working days left"
    caseworker.change_status(ref, "independent_requested")
    row = request_row(app, ref)
    assert (row["office"], row["next_due"]) == ("aru", date(2026, 12, 18))  # 20 working days
    assert [e["on"] for e in events(app, ref)] == [TODAY] * 4


def test_dates_over_easter(app, people, office_day):
    received = date(2027, 3, 8)
    ref = add_request(app, office="wessex", received=received)
    caseworker = staff_browser(app, CASEWORKER)
    office_day(received)
    # 30 working days: Good Friday (26 March) and Easter Monday (29 March) skipped.
    assert dates_on(caseworker.get(f"/staff/requests/{ref}"))["Overall review due"].startswith(
        "Wednesday 21 April 2027")
    for day, status in ((date(2027, 3, 9), "acknowledged"), (date(2027, 3, 10), "under_review"),
                        (date(2027, 3, 18), "local_upheld")):
        office_day(day)
        caseworker.change_status(ref, status)
    page = caseworker.get(f"/staff/requests/{ref}")
    # 19, 22-25, 30, 31 March, 1, 2, 5 April.
    assert dates_on(page)["The victim can ask for an independent review until"] == \
        "Monday 5 April 2027 10 working days left"
    office_day(date(2027, 3, 25))
    caseworker.change_status(ref, "independent_requested")
    reviewer = staff_browser(app, REVIEWER)
    page = reviewer.get(f"/staff/requests/{ref}")
    # 30, 31 March, 1, 2, 5-9, 12-16, 19-23, 26 April.
    assert dates_on(page)["Independent review due"] == "Monday 26 April 2027 20 working days left"


def test_progress_updates_after_the_overall_date(app, people):
    ref = add_request(app, office="wessex", received=date(2026, 10, 1))
    page = staff_browser(app, CASEWORKER).get(f"/staff/requests/{ref}")
    assert dates_on(page) == {
        "Local resolution due": "Thursday 15 October 2026 overdue by 26 working days",
        "Overall review due": "Thursday 12 November 2026 overdue by 6 working days",
        # 13, 16-20, 23-27 November, 30 November - 4 December, 7-10 December.
        "Next progress update due": "Thursday 10 December 2026 14 working days left",
    }


def test_the_time_limit_for_prosecuting_is_a_warning_on_the_page(app, people):
    limit = date(2026, 12, 1)
    ref = add_request(app, office="wessex", received=TODAY, statute_limit=limit)
    page = staff_browser(app, CASEWORKER).get(f"/staff/requests/{ref}")
    warning = text_of(page.select_one(".govuk-warning-text"))
    assert "The time limit for prosecuting ends on Tuesday 1 December 2026: decide before then (VRR 32)." in warning
    assert dates_on(page)["Time limit for prosecuting"] == "Tuesday 1 December 2026 7 working days left"
    assert request_row(app, ref)["statute_limit"] == limit


# --------------------------------------------------------------------------- refused changes


@pytest.mark.parametrize("status", ["decision_sent", "independent_requested", "under_review", "received", "bogus", ""])
def test_a_move_the_status_does_not_allow_is_refused_with_a_field_error(app, people, status):
    ref = add_request(app, office="wessex")
    caseworker = staff_browser(app, CASEWORKER)
    page = caseworker.submit(f"/staff/requests/{ref}", {"status": status},
                             action=f"/staff/requests/{ref}/status", expected_status=400)
    assert field_error(page, "status") == "Select the new status"
    assert summary_errors(page) == [("#status", "Select the new status")]
    assert offered(page, ref) == ["acknowledged", "closed"]
    assert request_row(app, ref)["status"] == "received"
    assert events(app, ref) == []
    assert "status" not in [e["action"] for e in audit_log(app)]


def test_a_note_that_is_too_long_is_refused(app, people):
    ref = add_request(app, office="wessex")
    caseworker = staff_browser(app, CASEWORKER)
    page = caseworker.change_status(ref, "acknowledged", "x" * 2001, expected_status=400)
    assert field_error(page, "note") == "Enter 2000 characters or fewer"
    assert request_row(app, ref)["status"] == "received"


def test_the_same_change_posted_twice_is_refused_the_second_time(app, people):
    ref = add_request(app, office="wessex")
    caseworker = staff_browser(app, CASEWORKER)
    form = caseworker.form_on(f"/staff/requests/{ref}", f"/staff/requests/{ref}/status")
    form["status"] = "acknowledged"
    caseworker.post(f"/staff/requests/{ref}/status", form, csrf=False)
    caseworker.post(f"/staff/requests/{ref}/status", form, csrf=False, expected_status=400)  # a double click
    assert [e["status"] for e in events(app, ref)] == ["acknowledged"]


# --------------------------------------------------------------------------- history and audit


def test_each_change_is_timestamped_and_attributed(app, people):
    ref = add_request(app, office="wessex")
    caseworker = staff_browser(app, CASEWORKER)
    before = datetime.now(UTC)
    caseworker.change_status(ref, "acknowledged", "Acknowledged by email")
    after = datetime.now(UTC)
    stored = events(app, ref)[0]
    at = stored["at"].replace(tzinfo=UTC) if stored["at"].tzinfo is None else stored["at"]
    assert before <= at <= after
    page = caseworker.get(f"/staff/requests/{ref}")
    assert "Status changed to ‘Acknowledged’." in text_of(page.select_one(".govuk-notification-banner"))
    assert history(page)[1] == f"Acknowledged – {stamp(stored['at'])}, Wes Caseworker Acknowledged by email"
    entries = [(e["user"], e["action"], e["target"], e["detail"]) for e in audit_log(app)]
    assert (CASEWORKER, "status", ref, "acknowledged") in entries
    assert entries.count((CASEWORKER, "view", ref, "")) == 2  # the page before the change and after it
    row = request_row(app, ref)
    activity = row["last_activity_at"].replace(tzinfo=UTC)
    assert before <= activity <= after


def test_history_times_are_in_england_whatever_the_servers_time_zone(app, people):
    """SQLite gives the stored UTC moments back without a zone; the page must still show
    them in England and Wales time, not as if they were the server's local time."""
    ref = add_request(app, office="wessex")
    caseworker = staff_browser(app, CASEWORKER)
    caseworker.change_status(ref, "acknowledged")
    stored = events(app, ref)[0]["at"]
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"  # a server set to another zone
    system_time.tzset()
    try:
        page = caseworker.get(f"/staff/requests/{ref}")
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        system_time.tzset()
    assert history(page)[1].startswith(f"Acknowledged – {stamp(stored)},"), (
        f"{history(page)[1]!r}: expected {stamp(stored)} (England and Wales)")
    assert history(page)[0] == f"Received – {stamp(arrival(TODAY))}", history(page)[0]


def test_only_the_aru_holds_a_request_under_independent_review(app, people):
    """VRR 36, 42: the independent review is the Appeals and Review Unit's. A local
    office's request (local resolution first) must not become "Independent review under
    way" while it stays with the local office: the ARU would never see it, and its local
    resolution date (10 working days) would give way to a later one."""
    ref = add_request(app, office="wessex", received=TODAY)  # pathway: local_then_independent
    caseworker = staff_browser(app, CASEWORKER)
    caseworker.change_status(ref, "acknowledged")
    moves = offered(caseworker.get(f"/staff/requests/{ref}"), ref)
    assert "under_review" in moves
    if "independent_review" in moves:
        caseworker.change_status(ref, "independent_review")
        row = request_row(app, ref)
        assert row["office"] == "aru", (
            f"the local office put its own request under independent review (offered {moves}); it stays with "
            f"{row['office']}, due {row['next_due']} instead of the local resolution date 2026-12-04")


@pytest.mark.parametrize(("kind", "expected"), [
    # 20 working days: 23 November - 18 December.
    ("complaint", {"Response due": "Friday 18 December 2026 20 working days left"}),
    ("meeting", {"Response due": "Friday 4 December 2026 10 working days left"}),
    # 10 calendar days (the CCRC's own standard).
    ("ccrc", {"Acknowledgement due": "Wednesday 2 December 2026 8 working days left"}),
])
def test_the_other_kinds_and_their_dates(app, people, kind, expected):
    ref = add_request(app, office="wessex", kind=kind, received=TODAY)
    caseworker = staff_browser(app, CASEWORKER)
    page = caseworker.get(f"/staff/requests/{ref}")
    assert dates_on(page) == expected
    assert offered(page, ref) == ["acknowledged", "closed"]
    caseworker.change_status(ref, "acknowledged")
    page = caseworker.get(f"/staff/requests/{ref}")
    assert offered(page, ref) == ["under_review", "closed"]
    assert dates_on(page) == ({} if kind == "ccrc" else expected)

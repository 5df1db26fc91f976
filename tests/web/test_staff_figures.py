"""Timeliness figures (/staff/figures, /staff/figures.csv; webapp.staff.figures) against
a fixture counted by hand: per office and kind, open in time, overdue, closed within
target, the median working days to close (across the August bank holiday, Monday 31
August 2026) and open requests idle for 60 days. Today is Sunday 22 November 2026.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from questionnaire.calendar import working_days_between
from webapp.models import Request, StaffUser, db
from webapp.staff import figures

from .conftest import TODAY, text_of
from .staff_support import (
    MANY_SIGN_INS,
    add_request,
    add_user,
    audit_log,
    move,
    now_minus,
    request_row,
    staff_browser,
)

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

HEADER = ["office", "kind", "total", "open_in_time", "overdue", "closed", "closed_within_target",
          "median_working_days_to_close", "idle_60_days", "moved_to_aru"]
# (office that received them, kind): total, open in time, overdue, closed, closed within target, median,
# idle 60 days, moved to the ARU.
EXPECTED = {
    ("london_north", "vrr"): (1, 1, 0, 0, 0, None, 0, 0),
    # C1 overdue (due 17 November); C2 closed in 20 working days, on its target day; C3 in 21, a day late.
    ("wessex", "complaint"): (3, 0, 1, 2, 1, 20.5, 0, 0),
    # R1, R6, R7 in time (R7's decision sent: nothing due); R2 overdue; R3 9 working days (28 August to
    # 11 September: 10 weekdays less the bank holiday), R4 5, R5 50 (target 2 October: late). R2 and R7
    # idle for more than 60 days; R6 for 59. A1, moved to the ARU after an upheld local decision, still
    # counts here (its independent review due 8 December: in time).
    ("wessex", "vrr"): (8, 4, 1, 3, 2, 9, 2, 1),
}
# The ARU holds A1 only: it sees it in the row of the office that received it.
ARU_SEES = {("wessex", "vrr"): (1, 1, 0, 0, 0, None, 0, 1)}


@pytest.fixture
def counted(app) -> dict[str, str]:
    refs = {
        "R1": add_request(app, office="wessex", received=date(2026, 11, 20)),
        "R2": add_request(app, office="wessex", received=date(2026, 9, 1)),  # its last activity: arriving
        "R6": add_request(app, office="wessex", received=date(2026, 11, 19), last_activity=now_minus(days=59)),
        "R7": add_request(app, office="wessex", received=date(2026, 9, 10)),
        "R3": add_request(app, office="wessex", received=date(2026, 8, 28)),
        "R4": add_request(app, office="wessex", received=date(2026, 10, 1)),
        "R5": add_request(app, office="wessex", received=date(2026, 8, 20)),
        "C1": add_request(app, office="wessex", kind="complaint", received=date(2026, 10, 20)),
        "C2": add_request(app, office="wessex", kind="complaint", received=date(2026, 10, 1)),
        "C3": add_request(app, office="wessex", kind="complaint", received=date(2026, 10, 1)),
        "L1": add_request(app, office="london_north", received=date(2026, 11, 16)),
        "A1": add_request(app, office="wessex", received=date(2026, 11, 2)),
    }
    move(app, refs["R7"], "acknowledged", "under_review", "decision_sent", on=date(2026, 9, 20))
    with app.app_context():
        found = db.session.scalar(select(Request).where(Request.reference == refs["R7"]))
        found.last_activity_at = now_minus(days=61)
        db.session.commit()
    for name, closed in (("R3", date(2026, 9, 11)), ("R4", date(2026, 10, 8)), ("R5", date(2026, 10, 30)),
                         ("C2", date(2026, 10, 29)), ("C3", date(2026, 10, 30))):
        move(app, refs[name], "closed", on=closed)
    for status, day in (("acknowledged", date(2026, 11, 3)), ("under_review", date(2026, 11, 4)),
                        ("local_upheld", date(2026, 11, 6)), ("independent_requested", date(2026, 11, 10))):
        move(app, refs["A1"], status, on=day)
    add_user(app, "admin@cps.example", "admin", None)
    add_user(app, "wessex@cps.example", "caseworker", "wessex")
    add_user(app, "london@cps.example", "caseworker", "london_north")
    add_user(app, "reviewer@cps.example", "reviewer", "aru")
    add_user(app, "wales@cps.example", "caseworker", "cymru_wales")
    return refs


def test_the_fixture_is_as_counted(app, counted):
    """The hand counts behind EXPECTED, checked against the stored columns."""
    assert working_days_between(date(2026, 8, 28), date(2026, 9, 11)) == 9
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 8)) == 5
    assert working_days_between(date(2026, 8, 20), date(2026, 10, 30)) == 50
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 29)) == 20
    rows = {name: request_row(app, ref) for name, ref in counted.items()}
    assert rows["R5"]["target_due"] == date(2026, 10, 2)
    assert rows["R3"]["target_due"] == date(2026, 10, 12)
    assert rows["C2"]["target_due"] == date(2026, 10, 29) == rows["C2"]["closed_on"]
    assert rows["C1"]["next_due"] == date(2026, 11, 17)
    assert rows["R2"]["next_due"] == date(2026, 9, 15)
    assert rows["R7"]["next_due"] is None and rows["R7"]["status"] == "decision_sent"
    assert (rows["A1"]["office"], rows["A1"]["next_due"]) == ("aru", date(2026, 12, 8))
    assert rows["L1"]["next_due"] == date(2026, 11, 30)


def _compute(app, email: str) -> dict[tuple[str, str], tuple]:
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        rows = figures.compute(user, TODAY, datetime.now(UTC))
    return {(r.office, r.kind): (r.total, r.open_in_time, r.overdue, r.closed, r.closed_within_target,
                                 r.median_working_days_to_close, r.idle_60_days, r.moved_to_aru) for r in rows}


def test_every_number_for_an_administrator(app, counted):
    computed = _compute(app, "admin@cps.example")
    assert list(computed) == sorted(EXPECTED)
    assert computed == EXPECTED


@pytest.mark.parametrize(("email", "offices"), [
    ("wessex@cps.example", ["wessex"]),
    ("london@cps.example", ["london_north"]),
    ("wales@cps.example", []),
])
def test_each_office_counts_its_own_requests_only(app, counted, email, offices):
    assert _compute(app, email) == {key: value for key, value in EXPECTED.items() if key[0] in offices}


def test_a_request_moved_to_the_aru_still_counts_for_the_office_that_received_it(app, counted):
    """Before, A1 left Wessex's figures when it moved (and a Wessex with no other request
    would have dropped out of them); the ARU, which holds it, sees it in Wessex's row."""
    assert _compute(app, "wessex@cps.example")[("wessex", "vrr")][0] == 8
    assert _compute(app, "wessex@cps.example")[("wessex", "vrr")][-1] == 1
    assert _compute(app, "reviewer@cps.example") == ARU_SEES
    assert request_row(app, counted["A1"])["office"] == "aru"


def test_idle_is_60_days_without_activity_and_only_while_open(app, counted):
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "wessex@cps.example"))
        rows = {r.kind: r for r in figures.compute(user, TODAY, datetime.now(UTC))}
        assert rows["vrr"].idle_60_days == 2
        # Two days on, R6 (59 days) is idle too; the closed ones never count.
        later = {r.kind: r for r in figures.compute(user, TODAY, datetime.now(UTC) + timedelta(days=2))}
        assert later["vrr"].idle_60_days == 3
        assert later["complaint"].idle_60_days == 0  # C1 (33 days) is not yet


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _as_csv(values: tuple) -> list[str]:
    return ["" if v is None else str(v) for v in values]


def test_the_csv_export(app, counted):
    browser = staff_browser(app, "admin@cps.example")
    response = browser.get("/staff/figures.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="timeliness.csv"'
    rows = _csv_rows(response.get_data(as_text=True))
    assert rows[0] == HEADER
    assert rows[1:] == [[office, kind, *_as_csv(values)] for (office, kind), values in sorted(EXPECTED.items())]
    assert rows[3] == ["wessex", "vrr", "8", "4", "1", "3", "2", "9", "2", "1"]
    assert rows[2] == ["wessex", "complaint", "3", "0", "1", "2", "1", "20.5", "0", "0"]
    assert ("admin@cps.example", "export", "figures") in [(e["user"], e["action"], e["target"])
                                                          for e in audit_log(app)]


@pytest.mark.parametrize(("email", "expected"), [
    ("wessex@cps.example", {k: v for k, v in EXPECTED.items() if k[0] == "wessex"}),
    ("reviewer@cps.example", ARU_SEES), ("wales@cps.example", {})])
def test_the_csv_of_a_caseworker_or_reviewer_holds_their_office_only(app, counted, email, expected):
    response = staff_browser(app, email).get("/staff/figures.csv")
    rows = _csv_rows(response.get_data(as_text=True))
    assert rows[0] == HEADER
    assert rows[1:] == [[office, kind, *_as_csv(values)] for (office, kind), values in sorted(expected.items())]


def test_the_figures_page_shows_the_same_numbers(app, counted):
    page = staff_browser(app, "admin@cps.example").get("/staff/figures")
    assert text_of(page.select_one("h1")) == "Timeliness figures"
    table = [[text_of(cell) for cell in row.select("th, td")] for row in page.select("table.govuk-table tbody tr")]
    assert table == [
        ["CPS London North", "Victims' Right to Review", "1", "1", "0", "0", "0", "–", "0", "0"],
        ["CPS Wessex", "Complaint", "3", "0", "1", "2", "1", "20.5", "0", "0"],
        ["CPS Wessex", "Victims' Right to Review", "8", "4", "1", "3", "2", "9", "2", "1"],
    ]
    headers = [text_of(th) for th in page.select("table.govuk-table thead th")]
    assert headers[-1] == "Moved to the Appeals and Review Unit"
    chart = page.select_one("figure.app-chart svg")
    assert chart is not None and chart["role"] == "img"
    labels = [text_of(t) for t in chart.select("text")]
    assert "CPS Wessex: Victims' Right to Review" in labels and "4 / 1" in labels
    link = page.select_one("a[href='/staff/figures.csv']")
    assert link is not None and text_of(link) == "Download these figures (CSV)"


def test_no_requests_no_figures(app):
    add_user(app, "wales@cps.example", "caseworker", "cymru_wales")
    add_request(app, office="wessex")
    browser = staff_browser(app, "wales@cps.example")
    assert "There are no requests yet." in text_of(browser.get("/staff/figures").select_one("main"))
    assert _csv_rows(browser.get("/staff/figures.csv").get_data(as_text=True)) == [HEADER]


def test_working_days_by_running_count_agree_with_the_calendar():
    counter = figures.WorkingDays(date(2026, 12, 1), date(2027, 4, 30))
    starts = [date(2026, 12, 1) + timedelta(days=n) for n in range(0, 150, 7)]
    for start in starts:
        for span in (0, 1, 3, 9, 31, 60):
            end = min(start + timedelta(days=span), date(2027, 4, 30))
            assert counter.between(start, end) == working_days_between(start, end), (start, end)
    assert counter.between(date(2026, 12, 24), date(2027, 1, 4)) == 4  # 29, 30, 31 December, 4 January
    assert counter.between(date(2027, 3, 25), date(2027, 3, 30)) == 1
    assert counter.between(date(2027, 1, 4), date(2026, 12, 24)) == 0

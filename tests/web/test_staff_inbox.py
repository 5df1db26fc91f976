"""The inbox (/staff/): most urgent first (VRR 32, Annex B), its filters as a plain GET
form and through htmx, field errors for bad filters, paging, and the flags on each row.
Today is Sunday 22 November 2026; 20 working days from it is Friday 18 December.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from questionnaire.calendar import add_working_days
from webapp.staff.inbox import PAGE_SIZE

from .conftest import TODAY, text_of
from .staff_support import (
    INBOX,
    MANY_SIGN_INS,
    add_request,
    add_requests,
    add_user,
    field_error,
    inbox_references,
    move,
    now_minus,
    request_row,
    staff_browser,
    summary_errors,
)

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

CASEWORKER = "wes.caseworker@cps.example"
HTMX_RESULTS = {"HX-Request": "true", "HX-Target": "inbox-results", "HX-Trigger": "inbox-filters"}
SOON = date(2026, 12, 18)  # today + 20 working days


@pytest.fixture
def caseworker(app):
    add_user(app, CASEWORKER, "caseworker", "wessex", name="Wes Caseworker")
    return staff_browser(app, CASEWORKER)


def rows_by_reference(page) -> dict[str, dict]:
    found = {}
    for row in page.select("#inbox-results tbody tr"):
        cells = row.select("td")
        found[text_of(row.select_one("th"))] = {
            "kind": text_of(cells[0]), "received": text_of(cells[1]), "status": text_of(cells[2]),
            "due": text_of(cells[3]), "flags": [text_of(tag) for tag in cells[4].select(".govuk-tag")]}
    return found


# --------------------------------------------------------------------------- most urgent first


@pytest.fixture
def urgency(app) -> dict[str, str]:
    """Requests in every bucket of the order, stored in a jumbled order."""
    assert add_working_days(TODAY, 20) == SOON
    specs = {
        "decided": {"received": date(2026, 11, 19)},
        "due_dec4": {"received": date(2026, 11, 20)},  # local resolution due 4 December
        "overdue_less": {"received": date(2026, 11, 1)},  # due 13 November
        "limit_later": {"received": date(2026, 11, 20), "statute_limit": date(2026, 12, 21)},  # after SOON
        "limit_on_soon": {"received": date(2026, 11, 20), "statute_limit": SOON},
        "closed": {"received": date(2026, 11, 10), "statute_limit": date(2026, 11, 30)},
        "due_dec2": {"received": date(2026, 11, 18)},  # due 2 December
        "overdue_most": {"received": date(2026, 10, 1)},  # due 15 October
        "limit_first": {"received": date(2026, 11, 20), "statute_limit": date(2026, 12, 1)},
    }
    refs = dict(zip(specs, add_requests(app, [{"office": "wessex", **s} for s in specs.values()]), strict=True))
    move(app, refs["decided"], "acknowledged", "under_review", "decision_sent", on=date(2026, 11, 20))
    move(app, refs["closed"], "closed", on=date(2026, 11, 20))
    return refs


def test_most_urgent_first(app, caseworker, urgency):
    assert request_row(app, urgency["overdue_most"])["next_due"] == date(2026, 10, 15)
    assert request_row(app, urgency["due_dec2"])["next_due"] == date(2026, 12, 2)
    page = caseworker.get(INBOX)
    expected = ["limit_first", "limit_on_soon",  # the time limit within 20 working days, soonest first
                "overdue_most", "overdue_less",  # then overdue, most overdue first
                "due_dec2", "due_dec4", "limit_later",  # then by the next due date (the same day: in order sent)
                "decided"]  # nothing due
    names = {ref: name for name, ref in urgency.items()}
    assert [names[r] for r in inbox_references(page)] == expected
    assert text_of(page.select_one("#inbox-results h2")) == "8 requests"

    everything = [names[r] for r in inbox_references(caseworker.get(f"{INBOX}?status=all"))]
    assert everything == [*expected, "closed"], "a closed request is not last (or its time limit still counts)"


def test_the_due_column_counts_down_and_the_time_limit_is_flagged(app, caseworker, urgency):
    rows = rows_by_reference(caseworker.get(INBOX))
    assert rows[urgency["due_dec4"]]["due"] == "4 Dec 2026 10 working days left"
    assert rows[urgency["overdue_most"]]["due"] == "15 Oct 2026 overdue by 26 working days"
    assert rows[urgency["decided"]]["due"] == "–"
    assert rows[urgency["decided"]]["status"] == "Decision sent"
    assert rows[urgency["limit_first"]]["flags"] == ["Time limit 1 Dec 2026"]
    assert rows[urgency["limit_on_soon"]]["flags"] == ["Time limit 18 Dec 2026"]
    assert rows[urgency["limit_later"]]["flags"] == []
    assert rows[urgency["due_dec4"]]["received"] == "20 Nov 2026"
    assert rows[urgency["due_dec4"]]["kind"] == "Victims' Right to Review"


@pytest.mark.parametrize(("sort", "expected"), [
    # The same due date (4 December): in the order they were stored.
    ("due", ["overdue_most", "overdue_less", "due_dec2", "due_dec4", "limit_later", "limit_on_soon", "limit_first",
             "decided"]),
    ("newest", ["limit_first", "limit_on_soon", "limit_later", "due_dec4", "decided", "due_dec2", "overdue_less",
                "overdue_most"]),
    ("oldest", ["overdue_most", "overdue_less", "due_dec2", "decided", "due_dec4", "limit_later", "limit_on_soon",
                "limit_first"]),
])
def test_other_orders(app, caseworker, urgency, sort, expected):
    names = {ref: name for name, ref in urgency.items()}
    page = caseworker.get(f"{INBOX}?sort={sort}")
    assert [names[r] for r in inbox_references(page)] == expected
    assert page.select_one(f"select[name=sort] option[value={sort}]").has_attr("selected")


# --------------------------------------------------------------------------- filters and flags


@pytest.fixture
def mixed(app) -> dict[str, str]:
    """One request for each flag and kind, and one of another office."""
    from .journeys import VICTIM_CPS

    representative = {**VICTIM_CPS, "role": "representative", "has_written_authority": False}
    specs = {
        "welsh": {"received": date(2026, 11, 2), "details": {"language": "cy"}, "language": "cy"},
        "needs": {"received": date(2026, 11, 10), "details": {"needs": ["bsl"]}},
        "no_authority": {"received": date(2026, 11, 12), "answers": representative},
        "late": {"received": date(2026, 11, 16), "timing": "late"},
        "complaint": {"received": date(2026, 11, 18), "kind": "complaint"},
        "meeting": {"received": date(2026, 11, 20), "kind": "meeting"},
        "plain": {"received": date(2026, 11, 21)},
        "idle": {"received": date(2026, 9, 1), "last_activity": now_minus(days=61)},
    }
    refs = dict(zip(specs, add_requests(app, [{"office": "wessex", **s} for s in specs.values()]), strict=True))
    refs["elsewhere"] = add_request(app, office="london_north", details={"language": "cy"}, language="cy")
    move(app, refs["meeting"], "acknowledged", on=date(2026, 11, 20))
    return refs


def test_the_flags_on_each_row(app, caseworker, mixed):
    rows = rows_by_reference(caseworker.get(INBOX))
    assert mixed["elsewhere"] not in rows
    assert {name: rows[ref]["flags"] for name, ref in mixed.items() if name != "elsewhere"} == {
        "welsh": ["Welsh"], "needs": ["Needs"], "no_authority": ["Written permission to follow"], "late": ["Late"],
        "complaint": [], "meeting": [], "plain": [], "idle": []}
    assert rows[mixed["complaint"]]["kind"] == "Complaint"
    assert rows[mixed["meeting"]]["kind"] == "Meeting"
    assert rows[mixed["meeting"]]["status"] == "Acknowledged"


FILTERS = {
    "kind=complaint": ["complaint"],
    "kind=meeting": ["meeting"],
    "status=acknowledged": ["meeting"],
    "flag=welsh": ["welsh"],
    "flag=needs": ["needs"],
    "flag=no_authority": ["no_authority"],
    "flag=late": ["late"],
    "flag=idle": ["idle"],
    # The dates' three parts (day, month, year) share their field's name.
    "received_from=10&received_from=11&received_from=2026&received_to=16&received_to=11&received_to=2026": [
        "needs", "no_authority", "late"],
    "received_from=20&received_from=11&received_from=2026": ["meeting", "plain"],
    "received_to=2&received_to=11&received_to=2026": ["idle", "welsh"],
    "kind=vrr&flag=late&received_from=1&received_from=11&received_from=2026": ["late"],
    "received_from=&received_from=&received_from=&received_to=&received_to=&received_to=": [
        "welsh", "needs", "no_authority", "late", "complaint", "meeting", "plain", "idle"],
    "kind=ccrc": [],
}


@pytest.mark.parametrize("query", list(FILTERS))
def test_the_filters_as_a_plain_get_and_through_htmx(app, caseworker, mixed, query):
    names = {ref: name for name, ref in mixed.items()}
    expected = sorted(FILTERS[query])
    page = caseworker.get(f"{INBOX}?{query}")
    assert sorted(names[r] for r in inbox_references(page)) == expected
    heading = text_of(page.select_one("#inbox-results h2"))
    assert heading == f"{len(expected)} request{'' if len(expected) == 1 else 's'}"
    if not expected:
        assert "No requests match these filters." in text_of(page.select_one("#inbox-results"))
    chosen: dict[str, list[str]] = {}
    for pair in query.split("&"):
        name, value = pair.split("=")
        chosen.setdefault(name, []).append(value)
    for name, values in chosen.items():  # the form shows what was chosen
        fields = page.select(f"[name={name}]")
        shown = [f.get("value", "") if f.name == "input" else f.select_one("option[selected]")["value"]
                 for f in fields]
        assert shown == values, (name, shown)

    fragment = caseworker.get(f"{INBOX}?{query}", headers=HTMX_RESULTS, fragment=True)
    assert sorted(names[r] for r in inbox_references(fragment)) == expected
    assert text_of(fragment.select_one("h2")) == heading


def test_the_filter_form_works_without_javascript_and_updates_with_htmx(app, caseworker):
    page = caseworker.get(INBOX)
    form = page.select_one("main form.app-filters")
    assert form["method"] == "get" and form["action"] == INBOX
    assert form["hx-get"] == INBOX and form["hx-target"] == "#inbox-results"
    assert form["hx-select"] == "#inbox-results" and form["hx-push-url"] == "true"
    names = {field["name"] for field in form.select("[name]")}
    assert {"kind", "status", "flag", "received_from", "received_to", "sort"} <= names
    # The dates: GOV.UK date inputs (day, month, year), not the browser's mm/dd/yyyy picker.
    for name, legend in (("received_from", "Received from"), ("received_to", "Received to")):
        group = form.select_one(f"#{name}-day").find_parent("fieldset")
        assert text_of(group.select_one("legend")) == legend
        inputs = group.select(f"input[name={name}]")
        assert [i["id"] for i in inputs] == [f"{name}-day", f"{name}-month", f"{name}-year"]
        assert {i["type"] for i in inputs} == {"text"} and {i["inputmode"] for i in inputs} == {"numeric"}
        assert [text_of(label) for label in group.select("label")] == ["Day", "Month", "Year"]
    assert not form.select("input[type=date]")
    # Choosing an option updates the results; the dates wait for the button.
    assert form["hx-trigger"] == "change from:.app-filters__live, submit"
    assert {s["name"] for s in form.select("select.app-filters__live")} == {"kind", "status", "flag", "sort"}
    assert page.select_one("#inbox-results") is not None


@pytest.mark.parametrize(("query", "field", "href", "message"), [
    ("received_from=30&received_from=2&received_from=2026", "received_from", "received_from-day",
     "Received from must be a real date"),
    ("received_to=22&received_to=&received_to=2026", "received_to", "received_to-month",
     "Received to must include a month"),
    ("received_from=22&received_from=11&received_from=26", "received_from", "received_from-day",
     "Received from must be a real date"),
    ("received_from=2026-02-30", "received_from", "received_from-day", "Received from must be a real date"),
    ("received_to=yesterday", "received_to", "received_to-month", "Received to must include a month"),
    ("received_from=20&received_from=11&received_from=2026&received_to=1&received_to=11&received_to=2026",
     "received_to", "received_to-day", "The ‘to’ date must be the same as or after the ‘from’ date"),
    ("kind=parking", "kind", "kind", "Select one of the options"),
])
def test_bad_filters_give_a_field_error_not_a_server_error(app, caseworker, mixed, query, field, href, message):
    page = caseworker.get(f"{INBOX}?{query}")  # 200 with the error: it is a search form
    errors = summary_errors(page)
    # A date's error leads to its first input (the day), or to the part missing.
    assert errors == [(f"#{href}", message)], errors
    assert page.select_one(f"#{href}") is not None
    assert field_error(page, field) == message
    assert inbox_references(page) == [], "results for filters that were not understood"


def test_an_address_with_iso_dates_from_before_still_filters(app, caseworker, mixed):
    """Before the GOV.UK date inputs the filters sent 2026-11-10: such an address still works."""
    names = {ref: name for name, ref in mixed.items()}
    page = caseworker.get(f"{INBOX}?received_from=2026-11-10&received_to=2026-11-16")
    assert sorted(names[r] for r in inbox_references(page)) == ["late", "needs", "no_authority"]
    assert [i["value"] for i in page.select("input[name=received_from]")] == ["10", "11", "2026"]


def test_a_bad_page_number_is_not_a_server_error_nor_an_error_about_a_missing_field(app, caseworker, mixed):
    """There is no page field to correct (the pagination links make the number), so an
    error summary linking to #page leads nowhere; a number past the end already shows
    the last page, and one before the start could show the first."""
    for number in ("0", "-3", "two"):
        response = caseworker.client.get(f"{INBOX}?page={number}")
        assert response.status_code in (200, 400), (number, response.status_code)
        caseworker.get(f"{INBOX}?page={number}", expected_status=response.status_code)  # the page checks


def test_a_bad_date_through_htmx_still_says_what_is_wrong(app, caseworker, mixed):
    """With JavaScript the results are swapped in alone: the error must come with them,
    else a date range the wrong way round just shows '0 requests'."""
    query = "received_from=2026-11-20&received_to=2026-11-01"
    response = caseworker.client.get(f"{INBOX}?{query}", headers=HTMX_RESULTS)
    assert response.status_code in (200, 400)
    assert "The ‘to’ date must be the same as or after the ‘from’ date" in response.get_data(as_text=True), (
        "the htmx answer hides the error: " + " ".join(response.get_data(as_text=True).split())[:200])


# --------------------------------------------------------------------------- pages of 50


@pytest.fixture
def many(app) -> list[str]:
    """120 Wessex requests received over four months (and some of another office)."""
    first = date(2026, 7, 1)
    specs = [{"office": "wessex", "received": first + timedelta(days=i), "hour": 9} for i in range(120)]
    specs += [{"office": "london_north", "received": first + timedelta(days=i)} for i in range(5)]
    return add_requests(app, specs)[:120]


def test_the_inbox_pages_by_50(app, caseworker, many):
    assert PAGE_SIZE == 50
    seen = []
    page = caseworker.get(INBOX)
    assert text_of(page.select_one("#inbox-results h2")) == "120 requests"
    for number, size in ((1, 50), (2, 50), (3, 20)):
        page = caseworker.get(f"{INBOX}?page={number}")
        references = inbox_references(page)
        assert len(references) == size, (number, len(references))
        seen += references
        nav = page.select_one("nav.govuk-pagination")
        assert nav is not None
        current = nav.select_one(".govuk-pagination__item--current")
        assert text_of(current) == str(number)
        previous, following = nav.select_one(".govuk-pagination__prev a"), nav.select_one(".govuk-pagination__next a")
        assert (previous is None) == (number == 1)
        assert (following is None) == (number == 3)
        if following is not None:
            assert following["href"] == f"{INBOX}?page={number + 1}"
    assert len(set(seen)) == 120 and set(seen) == set(many), "a request missing or on two pages"
    dues = [request_row(app, ref)["next_due"] for ref in seen]
    assert dues == sorted(dues), "the pages are not in order of urgency"
    # Every one is overdue (received July to October): the most overdue first.
    assert seen[0] == many[0] and seen[-1] == many[-1]


def test_paging_keeps_the_filters_and_a_page_past_the_end_shows_the_last(app, caseworker, many):
    page = caseworker.get(f"{INBOX}?kind=vrr&sort=newest")
    following = page.select_one("nav.govuk-pagination .govuk-pagination__next a")
    assert following["href"] == f"{INBOX}?kind=vrr&sort=newest&page=2"
    page = caseworker.get(following["href"])
    assert inbox_references(page) == list(reversed(many))[50:100]
    last = caseworker.get(f"{INBOX}?page=99")
    assert len(inbox_references(last)) == 20
    assert text_of(last.select_one(".govuk-pagination__item--current")) == "3"
    fragment = caseworker.get(f"{INBOX}?page=2", headers=HTMX_RESULTS, fragment=True)
    assert len(inbox_references(fragment)) == 50
    assert fragment.select_one("nav.govuk-pagination") is not None


def test_a_date_passed_on_friday_is_not_overdue_by_0_working_days_on_sunday(app, caseworker):
    """Today is a Sunday: local resolution due on Friday 20 November has passed, so the
    countdown must say it is overdue without calling that 0 working days."""
    ref = add_request(app, office="wessex", received=date(2026, 11, 6))
    assert request_row(app, ref)["next_due"] == date(2026, 11, 20)
    due = rows_by_reference(caseworker.get(INBOX))[ref]["due"]
    assert due.startswith("20 Nov 2026 overdue"), due
    assert "0 working days" not in due, f"the inbox says {due!r}"
    page = caseworker.get(f"/staff/requests/{ref}")
    shown = text_of(page.select_one("main .govuk-summary-list"))
    assert "overdue by 0 working days" not in shown, shown


def test_paging_keeps_each_part_of_a_date(app, caseworker, many):
    """A date's day, month and year share one name: the next page's link keeps all three
    (a link built from the first value only would lose the month and year)."""
    query = "received_from=1&received_from=7&received_from=2026&sort=oldest"
    page = caseworker.get(f"{INBOX}?{query}")
    following = page.select_one("nav.govuk-pagination .govuk-pagination__next a")
    assert following["href"] == f"{INBOX}?{query}&page=2"
    second = caseworker.get(following["href"])
    assert [i["value"] for i in second.select("input[name=received_from]")] == ["1", "7", "2026"]
    assert not second.select(".govuk-error-summary")

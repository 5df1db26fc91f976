"""The office list (webapp/offices.py) as the staff side uses it.

- The International Justice and Organised Crime Division merged into the Serious
  Economic, Organised Crime and International Directorate (SEOCID) on 1 April 2022: only
  SEOCID is offered; the old code (`ijoc`) still finds SEOCID, so a draft begun with it is
  sent there and anything stored with it shows SEOCID's name.
- The triage office is this service's own inbox for people who do not know the office
  (there is no national "CPS Victim Liaison" office: Victim Liaison Units are per Area):
  its name says so, and the web "Add user" form can give a caseworker that office.
"""

from __future__ import annotations

import pytest

from questionnaire import assess
from webapp.models import StaffUser, db
from webapp.offices import OFFICES, WROTE_CHOICES, route
from webapp.request_forms import CaseForm

from .conftest import TODAY, text_of
from .journeys import VICTIM_CPS
from .staff_support import MANY_SIGN_INS, PASSWORD, add_request, add_user, staff_browser, summary_rows

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

SEOCID = "Serious Economic, Organised Crime and International Directorate"
IJOCD = "International Justice and Organised Crime Division"
TRIAGE = "CPS triage team (to find the right office)"


def test_only_seocid_is_offered_and_the_old_code_finds_it(app):
    names = {str(office.name) for code, office in OFFICES.items() if code == office.code}
    assert SEOCID in names and IJOCD not in names
    assert "ijoc" not in WROTE_CHOICES
    with app.test_request_context():
        assert IJOCD not in [str(choice.label) for choice in CaseForm().wrote.choices]
    assert route("complaint", assess(VICTIM_CPS, TODAY), "ijoc").code == "seocid"
    assert route("vrr", assess(VICTIM_CPS, TODAY), "ijoc").code == "seocid"


def test_a_request_stored_with_the_old_code_still_opens(app):
    """As a request stored before the merger would be, were it not moved by migration 0008."""
    add_user(app, "admin@cps.example", "admin", None)
    reference = add_request(app, office="ijoc", details={"wrote": "ijoc"})
    admin = staff_browser(app, "admin@cps.example")
    assert summary_rows(admin.get(f"/staff/requests/{reference}"))["Office"] == SEOCID
    figures = [[text_of(cell) for cell in row.select("th, td")][:2]
               for row in admin.get("/staff/figures").select("table.govuk-table tbody tr")]
    assert figures == [[SEOCID, "Victims' Right to Review"]]


def test_the_triage_office_has_an_honest_name():
    assert str(OFFICES["triage"].name) == TRIAGE


def test_the_add_user_form_offers_the_triage_office_but_no_old_codes(app):
    add_user(app, "admin@cps.example", "admin", None)
    admin = staff_browser(app, "admin@cps.example")
    options = {o["value"]: text_of(o) for o in admin.get("/staff/users").select("select#office option")}
    assert options["triage"] == TRIAGE
    assert "ijoc" not in options and SEOCID in options.values()
    assert admin.submit("/staff/users", {"email": "tri@cps.example", "name": "Tri Age", "role": "caseworker",
                                         "office": "triage", "password": PASSWORD}, action="/staff/users") == (
        "/staff/users")
    with app.app_context():
        assert db.session.query(StaffUser).filter_by(email="tri@cps.example").one().office == "triage"
    reference = add_request(app, office="triage", details={"wrote": "unknown"})
    assert reference in text_of(staff_browser(app, "tri@cps.example").get("/staff/").select_one("#inbox-results"))

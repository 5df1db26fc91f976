"""Who may open what under /staff: every staff URL for someone not signed in, for a
caseworker of another office (404, never 403, so a reference is never confirmed), for
the Appeals and Review Unit's reviewers and for administrators; the users page; the
download of a written authority.
"""

from __future__ import annotations

import re
import warnings

import pytest

from webapp.models import Request, StaffUser, db

from .conftest import text_of
from .journeys import VICTIM_CPS
from .staff_support import (
    INBOX,
    LOGIN,
    MANY_SIGN_INS,
    PASSWORD,
    StaffBrowser,
    add_request,
    add_user,
    audit_log,
    check_staff_page,
    inbox_references,
    request_row,
    staff_browser,
    summary_errors,
)

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

PDF = b"%PDF-1.4\n% the written authority\n%%EOF\n"
# Every staff URL: endpoint -> (method, URL pattern); {ref} is a request of the Wessex office.
ROUTES = {
    "staff.login": ("GET", "/staff/login"),
    "staff.logout": ("POST", "/staff/logout"),
    "staff.password": ("GET", "/staff/password"),
    "staff.inbox_page": ("GET", "/staff/"),
    "staff.request_page": ("GET", "/staff/requests/{ref}"),
    "staff.change_status": ("POST", "/staff/requests/{ref}/status"),
    "staff.authority": ("GET", "/staff/requests/{ref}/authority"),
    "staff.figures_page": ("GET", "/staff/figures"),
    "staff.figures_csv": ("GET", "/staff/figures.csv"),
    "staff.users": ("GET", "/staff/users"),
    "staff.deactivate": ("POST", "/staff/users/{uid}/deactivate"),
}
# Those that change something also take a POST (checked the same way).
ALSO_POSTED = ("/staff/password", "/staff/users")


@pytest.fixture
def offices(app, tmp_path):
    """Users of three offices and a request in each (Wessex's with a written authority)."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    (tmp_path / "authority-token").write_bytes(PDF)
    ids = {
        "wessex": add_user(app, "wessex@cps.example", "caseworker", "wessex", name="Wes Caseworker"),
        "london": add_user(app, "london@cps.example", "caseworker", "london_north", name="Lon Caseworker"),
        "reviewer": add_user(app, "reviewer@cps.example", "reviewer", "aru", name="Ria Reviewer"),
        "admin": add_user(app, "admin@cps.example", "admin", None, name="Ada Admin"),
    }
    refs = {
        "wessex": add_request(app, office="wessex", answers={**VICTIM_CPS, "role": "representative"},
                              details={"authority_file": {"token": "authority-token", "type": "application/pdf",
                                                          "size": len(PDF)}}),
        "london": add_request(app, office="london_north"),
        "aru": add_request(app, office="aru", pathway="independent"),
    }
    return {"ids": ids, "refs": refs}


def _url(pattern: str, offices) -> str:
    return pattern.format(ref=offices["refs"]["wessex"], uid=offices["ids"]["london"])


def _normalised(response) -> str:
    text = response.get_data(as_text=True)
    text = re.sub(r"nonce-[^']+'|nonce=\"[^\"]+\"", "NONCE", text)
    return re.sub(r'name="csrf_token" value="[^"]+"', "CSRF", text)


def test_every_staff_url_is_in_this_table(app):
    endpoints = {rule.endpoint: rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")}
    assert set(endpoints) == set(ROUTES), "a staff URL without an authorisation test (add it to ROUTES)"
    for endpoint, (method, pattern) in ROUTES.items():
        assert method in endpoints[endpoint].methods, endpoint
        assert re.sub(r"<[^>]+>", "X", endpoints[endpoint].rule) == re.sub(r"\{[^}]+\}", "X", pattern)


def test_someone_not_signed_in_is_sent_to_sign_in_from_every_url(app, offices):
    browser = StaffBrowser(app)
    checked = 0
    for endpoint, (method, pattern) in ROUTES.items():
        url = _url(pattern, offices)
        if endpoint == "staff.login":
            assert browser.client.get(url).status_code == 200
            continue
        # A valid token each time (signing out clears the session, and the token with it).
        response = browser.client.post(url, data={"csrf_token": browser.token(), "status": "closed"}) \
            if method == "POST" else browser.client.get(url)
        assert response.status_code in (302, 303), f"{method} {url}: {response.status_code}"
        assert response.headers["Location"] == LOGIN, f"{method} {url}: to {response.headers['Location']}"
        checked += 1
    for url in ALSO_POSTED:
        response = browser.client.post(url, data={"csrf_token": browser.token()})
        assert response.status_code == 302 and response.headers["Location"] == LOGIN, url
    assert checked == len(ROUTES) - 1
    assert request_row(app, offices["refs"]["wessex"])["status"] == "received"
    assert [e["action"] for e in audit_log(app)] == [], "someone not signed in left audit entries"


def test_a_post_without_the_csrf_token_is_refused(app, offices):
    browser = staff_browser(app, "wessex@cps.example")
    ref = offices["refs"]["wessex"]
    page = browser.post(f"/staff/requests/{ref}/status", {"status": "acknowledged"}, csrf=False, expected_status=400)
    assert text_of(page.select_one("h1"))
    assert request_row(app, ref)["status"] == "received"


def test_another_offices_request_is_not_found_never_forbidden(app, offices):
    """The London caseworker asks for Wessex's request: the same 404 as a reference that
    does not exist, so the answer does not confirm the reference."""
    browser = staff_browser(app, "london@cps.example")
    ref = offices["refs"]["wessex"]
    unknown = "ABCD-EFGH-JKLM"
    token = browser.token()
    for suffix, method in (("", "GET"), ("/status", "POST"), ("/authority", "GET")):
        responses = []
        for reference in (ref, unknown):
            url = f"/staff/requests/{reference}{suffix}"
            response = browser.client.post(url, data={"csrf_token": token, "status": "acknowledged"}) \
                if method == "POST" else browser.client.get(url)
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
            page = check_staff_page(response)
            assert text_of(page.select_one("h1")) == "Page not found"
            responses.append(_normalised(response).replace(reference, "REF"))
        assert responses[0] == responses[1], f"{method} {suffix}: another office's request and none differ"
        assert ref not in text_of(page.select_one("main"))
    assert request_row(app, ref)["status"] == "received"
    assert [e["action"] for e in audit_log(app) if e["target"] == ref] == [], "a refused look was logged as a view"
    assert ref not in inbox_references(browser.get(INBOX))


def test_each_caseworker_sees_only_their_office(app, offices):
    refs = offices["refs"]
    wessex = staff_browser(app, "wessex@cps.example")
    assert inbox_references(wessex.get(INBOX)) == [refs["wessex"]]
    assert text_of(wessex.get(f"/staff/requests/{refs['wessex']}").select_one("h1")) == f"Request {refs['wessex']}"
    wessex.get(f"/staff/requests/{refs['london']}", expected_status=404)
    wessex.get(f"/staff/requests/{refs['aru']}", expected_status=404)
    london = staff_browser(app, "london@cps.example")
    assert inbox_references(london.get(INBOX)) == [refs["london"]]
    london.get(f"/staff/requests/{refs['london']}")


def test_a_reviewer_sees_and_changes_the_aru_requests_only(app, offices):
    refs = offices["refs"]
    reviewer = staff_browser(app, "reviewer@cps.example")
    assert inbox_references(reviewer.get(INBOX)) == [refs["aru"]]
    assert reviewer.change_status(refs["aru"], "acknowledged") == f"/staff/requests/{refs['aru']}"
    assert request_row(app, refs["aru"])["status"] == "acknowledged"
    for office in ("wessex", "london"):
        reviewer.get(f"/staff/requests/{refs[office]}", expected_status=404)
        reviewer.post(f"/staff/requests/{refs[office]}/status", {"status": "acknowledged"}, expected_status=404)
        assert request_row(app, refs[office])["status"] == "received"


def test_an_administrator_sees_every_office(app, offices):
    refs = offices["refs"]
    admin = staff_browser(app, "admin@cps.example")
    assert sorted(inbox_references(admin.get(INBOX))) == sorted(refs.values())
    for ref in refs.values():
        page = admin.get(f"/staff/requests/{ref}")
        assert page.select_one(f"form[action='/staff/requests/{ref}/status']") is not None, ref
    assert "Signed in as Ada Admin (all offices)" in text_of(admin.get(INBOX).select_one(".app-staff-bar"))
    admin.change_status(refs["london"], "acknowledged")
    admin.change_status(refs["aru"], "acknowledged")
    assert {request_row(app, refs[o])["status"] for o in ("london", "aru")} == {"acknowledged"}


def _oddly_placed(app, email: str, role: str, office: str) -> StaffBrowser:
    add_user(app, email, role, office)
    return staff_browser(app, email)


def test_a_caseworker_cannot_change_an_aru_request_nor_a_reviewer_a_local_one(app, offices):
    """Even when they can see it (a caseworker placed in the ARU; a reviewer placed in an
    area office): the ARU's work is for its reviewers, the local stage for the office."""
    refs = offices["refs"]
    cases = (("aru.caseworker@cps.example", "caseworker", "aru", refs["aru"]),
             ("wessex.reviewer@cps.example", "reviewer", "wessex", refs["wessex"]))
    for email, role, office, ref in cases:
        browser = _oddly_placed(app, email, role, office)
        page = browser.get(f"/staff/requests/{ref}")
        assert page.select_one(f"form[action='/staff/requests/{ref}/status']") is None, f"{role} in {office}"
        response = browser.client.post(f"/staff/requests/{ref}/status",
                                       data={"csrf_token": browser.token(), "status": "acknowledged"})
        assert response.status_code == 400, f"{role} in {office}: {response.status_code}"
        assert request_row(app, ref)["status"] == "received", f"{role} in {office} changed {ref}"


def test_a_refused_status_change_shows_an_error_that_leads_somewhere(app, offices):
    """A request with no moves left (closed) posted to anyway: a 400 page whose error
    summary links to a field on the page (the GOV.UK pattern), not to a missing one."""
    ref = offices["refs"]["wessex"]
    browser = staff_browser(app, "wessex@cps.example")
    browser.change_status(ref, "closed")
    response = browser.client.post(f"/staff/requests/{ref}/status",
                                   data={"csrf_token": browser.token(), "status": "acknowledged"})
    assert response.status_code == 400
    assert request_row(app, ref)["status"] == "closed"
    page = check_staff_page(response)
    assert summary_errors(page), "no error shown"


# --------------------------------------------------------------------------- users


def test_the_users_page_is_for_administrators_only(app, offices):
    target = offices["ids"]["london"]
    for email in ("wessex@cps.example", "reviewer@cps.example"):
        browser = staff_browser(app, email)
        browser.get("/staff/users", expected_status=404)
        browser.post("/staff/users", {"email": "x@cps.example", "name": "X", "role": "admin",
                                      "password": PASSWORD}, expected_status=404)
        browser.post(f"/staff/users/{target}/deactivate", expected_status=404)
        assert "Users" not in [text_of(a) for a in browser.get(INBOX).select(".govuk-service-navigation__link")]
    with app.app_context():
        assert db.session.get(StaffUser, target).active
        assert db.session.query(StaffUser).filter_by(email="x@cps.example").count() == 0
    admin = staff_browser(app, "admin@cps.example")
    page = admin.get("/staff/users")
    assert "Users" in [text_of(a) for a in page.select(".govuk-service-navigation__link")]
    listed = [text_of(row.select_one("td")) for row in page.select("tbody tr")]
    assert listed == sorted(["wessex@cps.example", "london@cps.example", "reviewer@cps.example",
                             "admin@cps.example"])


def test_an_administrator_adds_a_user_who_can_sign_in(app, offices):
    admin = staff_browser(app, "admin@cps.example")
    location = admin.submit("/staff/users", {"email": "New.Person@cps.example", "name": "New Person",
                                             "role": "caseworker", "office": "cymru_wales", "password": PASSWORD},
                            action="/staff/users")
    assert location == "/staff/users"
    assert "User new.person@cps.example added." in text_of(admin.get("/staff/users").select_one(
        ".govuk-notification-banner"))
    newcomer = staff_browser(app, "new.person@cps.example")
    assert "(CPS Cymru-Wales)" in text_of(newcomer.get(INBOX).select_one(".app-staff-bar"))
    admin.submit("/staff/users", {"email": "ria2@cps.example", "name": "Ria Two", "role": "reviewer",
                                  "office": "", "password": PASSWORD}, action="/staff/users")
    with app.app_context():
        assert db.session.query(StaffUser).filter_by(email="ria2@cps.example").one().office == "aru"
    assert ("user_created", "new.person@cps.example") in [(e["action"], e["target"]) for e in audit_log(app)]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"email": "WESSEX@cps.example", "name": "Again", "role": "admin", "office": "", "password": PASSWORD},
     "email", "There is already a user with this email address"),
    ({"email": "cw@cps.example", "name": "No Office", "role": "caseworker", "office": "", "password": PASSWORD},
     "office", "Select the caseworker's office"),
    ({"email": "short@cps.example", "name": "Short", "role": "admin", "office": "", "password": "short"},
     "password", "Enter a password of 12 to 200 characters"),
], ids=["duplicate", "caseworker_without_office", "short_password"])
def test_adding_a_user_with_errors(app, offices, data, field, message):
    admin = staff_browser(app, "admin@cps.example")
    page = admin.submit("/staff/users", data, action="/staff/users", expected_status=400)
    assert (f"#{field}", message) in summary_errors(page)
    assert data["password"] not in admin.response.get_data(as_text=True).replace(f"{data['email']}", "")
    with app.app_context():
        users = db.session.query(StaffUser).order_by(StaffUser.id).all()
        assert [(u.email, u.role, u.office) for u in users[4:]] == [], "a user was added despite the error"


def test_an_administrator_stops_a_users_access_but_not_their_own(app, offices):
    admin = staff_browser(app, "admin@cps.example")
    london = staff_browser(app, "london@cps.example")
    uid = offices["ids"]["london"]
    assert admin.submit("/staff/users", {}, action=f"/staff/users/{uid}/deactivate") == "/staff/users"
    assert not london.signed_in()
    StaffBrowser(app).sign_in("london@cps.example", expected_status=401)
    page = admin.get("/staff/users")
    row = next(r for r in page.select("tbody tr") if text_of(r.select_one("td")) == "london@cps.example")
    assert "Cannot sign in" in text_of(row)
    admin_row = next(r for r in page.select("tbody tr") if text_of(r.select_one("td")) == "admin@cps.example")
    assert admin_row.select_one("form") is None, "a button to stop one's own access"
    admin.post(f"/staff/users/{offices['ids']['admin']}/deactivate", expected_status=404)
    admin.post("/staff/users/9999/deactivate", expected_status=404)
    assert admin.signed_in()
    assert ("user_deactivated", "london@cps.example") in [(e["action"], e["target"]) for e in audit_log(app)]


# --------------------------------------------------------------------------- the written authority


def test_the_written_authority_is_downloaded_by_its_office_only(app, offices, tmp_path):
    ref = offices["refs"]["wessex"]
    wessex = staff_browser(app, "wessex@cps.example")
    page = wessex.get(f"/staff/requests/{ref}")
    link = page.select_one(f"a[href='/staff/requests/{ref}/authority']")
    assert link is not None and text_of(link) == "Download the written authority"
    response = wessex.get(f"/staff/requests/{ref}/authority")
    body = response.get_data()
    response.close()  # the file it streams (a server closes it after sending)
    assert body == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename=authority-{ref}.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert ("wessex@cps.example", "download", ref) in [(e["user"], e["action"], e["target"]) for e in audit_log(app)]

    for email in ("london@cps.example", "reviewer@cps.example"):
        staff_browser(app, email).get(f"/staff/requests/{ref}/authority", expected_status=404)
    wessex.get(f"/staff/requests/{offices['refs']['london']}/authority", expected_status=404)
    (tmp_path / "authority-token").unlink()
    wessex.get(f"/staff/requests/{ref}/authority", expected_status=404)  # the file has gone
    other = add_request(app, office="wessex")
    wessex.get(f"/staff/requests/{other}/authority", expected_status=404)  # none was sent
    assert [e["action"] for e in audit_log(app)].count("download") == 1


def test_a_caseworker_can_no_longer_see_a_request_once_it_moved_to_the_aru(app, offices):
    ref = offices["refs"]["wessex"]
    wessex = staff_browser(app, "wessex@cps.example")
    for status in ("acknowledged", "under_review", "local_upheld"):
        wessex.change_status(ref, status)
    assert wessex.change_status(ref, "independent_requested") == INBOX  # it is not theirs any more
    inbox = wessex.get(INBOX)
    assert "Status changed to ‘Independent review requested’." in text_of(
        inbox.select_one(".govuk-notification-banner"))
    assert ref not in inbox_references(inbox)
    assert ref not in inbox_references(wessex.get("/staff/?status=all"))
    wessex.get(f"/staff/requests/{ref}", expected_status=404)
    wessex.get(f"/staff/requests/{ref}/authority", expected_status=404)
    with app.app_context():
        assert db.session.query(Request).filter_by(reference=ref).one().office == "aru"
    reviewer = staff_browser(app, "reviewer@cps.example")
    assert ref in inbox_references(reviewer.get(INBOX))
    reviewer.change_status(ref, "independent_review")
    assert request_row(app, ref)["status"] == "independent_review"


# --------------------------------------------------------------------------- deprecated choices


@pytest.mark.filterwarnings("error")
def test_the_staff_forms_use_no_deprecated_choices(app, offices):
    """WTForms 3.3 deprecates choices given as tuples (3.4 removes them); the rest of the
    app gives SelectChoice objects. With this project's warnings-as-errors, a page that
    builds such a form fails."""
    ref = offices["refs"]["wessex"]
    admin = staff_browser(app, "admin@cps.example")
    pages = (INBOX, "/staff/?kind=vrr&status=all", f"/staff/requests/{ref}", "/staff/users")
    found = {}
    for url in pages:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            status = admin.client.get(url).status_code
        deprecated = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
        if deprecated:
            found[url] = deprecated[0]
        assert status == 200, url
    assert found == {}, f"deprecated WTForms choices on {sorted(found)}: {next(iter(found.values()), '')}"

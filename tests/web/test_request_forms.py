"""The request forms as each person is asked them (journeys review of December 2026, legal
review's VRR 16 and VRR 30 points): written permission that can follow (B2), contact ways
that must be safe (S4), why a request is late (S8), questions in the person's own words,
the CCRC's lawyer and declaration, and postal addresses keeping their lines.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from webapp.models import Request, db

from .conftest import text_of
from .journeys import CONVICTED_CROWN, CONVICTED_MAGISTRATES, VICTIM_CPS
from .staff_support import INBOX, add_user, inbox_references, staff_browser

REPRESENTATIVE = {**VICTIM_CPS, "role": "representative", "has_written_authority": False}
LATE = {**VICTIM_CPS, "decision_date": "2026-10-01", "told_of_right_to_review": False}  # late (VRR 30)
ADMIN = "ada.admin@cps.example"
NAMES = {"full_name": "Sam Support", "victim_name": "Vic Tim", "relationship": "Support worker"}
CONTACT = {"preferred": "email", "email": "sam@example.com", "safe": ["email"]}
SUPPORT = {"language": "en"}
CASE = {"wrote": "london_north"}


def start(client_request, seed_answers, answers: dict, kind: str = "vrr") -> str:
    seed_answers(answers)
    location = client_request.submit("/results", form_action=f"/requests/{kind}/start")
    assert location == f"/requests/{kind}/your-details", location
    return location


def errors(page) -> list[tuple[str, str]]:
    summary = page.select_one(".govuk-error-summary")
    return [(a["href"], text_of(a)) for a in summary.select("a")] if summary else []


def check_rows(page) -> dict[str, str]:
    return {text_of(r.select_one(".govuk-summary-list__key")): text_of(r.select_one(".govuk-summary-list__value"))
            for r in page.select("main .govuk-summary-list__row")}


def stored(app) -> list[Request]:
    with app.app_context():
        found = db.session.scalars(select(Request)).all()
        for r in found:
            db.session.expunge(r)
        return found


def revealed_under(page, name: str, value: str):
    """The conditional reveal of one choice (GOV.UK radios/checkboxes)."""
    choice = page.select_one(f"input[name={name}][value={value}]")
    assert choice is not None, f"no choice {name}={value}"
    controls = choice.get("data-aria-controls")
    assert controls, f"{name}={value} reveals nothing"
    return page.select_one(f"#{controls}")


# --------------------------------------------------------------------------- B2: written permission


def test_a_representative_without_written_permission_sends_with_permission_to_follow(client_request, seed_answers,
                                                                                   app):
    start(client_request, seed_answers, REPRESENTATIVE)
    assert client_request.submit("/requests/vrr/your-details", NAMES) == "/requests/vrr/authority"

    page = client_request.get("/requests/vrr/authority")
    main = text_of(page.select_one("main"))
    assert "Written permission is a note or letter signed by the victim" in main  # what it is (VRR 17)
    assert "you can act for them about this decision" in main
    assert page.select_one("input[name=authority][type=checkbox]") is None, "a box to tick to say you have it"
    labels = [text_of(page.select_one(f"label[for={i['id']}]")) for i in page.select("input[name=authority]")]
    assert labels == ["I have it and will upload it now", "I have it and will send it later",
                      "I do not have it yet: I will get it and send it later"]
    assert revealed_under(page, "authority", "now").select_one("input[type=file][name=authority_file]")

    assert client_request.submit("/requests/vrr/authority", {"authority": "to_follow"}) == "/requests/vrr/contact"
    for slug, data in (("contact", CONTACT), ("support", SUPPORT), ("case", CASE)):
        client_request.submit(f"/requests/vrr/{slug}", data)
    rows = check_rows(client_request.get("/requests/vrr/check"))
    assert rows["Do you have the victim's written permission?"] == (
        "I do not have it yet: I will get it and send it later")
    assert client_request.submit("/requests/vrr/check", form_action="/requests/vrr/send") == "/requests/sent"

    [sent] = stored(app)
    assert sent.details["authority"] == "to_follow"
    assert sent.answers["has_written_authority"] is False, "the questionnaire's answer was changed"
    assert sent.flag_no_authority

    add_user(app, ADMIN, "admin", None)
    staff = staff_browser(app, ADMIN)
    inbox = staff.get(f"{INBOX}?flag=no_authority")
    assert inbox_references(inbox) == [sent.reference]
    assert text_of(inbox.select_one("#inbox-results h2")) == "1 request"
    assert "Written permission to follow" in text_of(inbox.select_one("#inbox-results tbody"))
    request_page = staff.get(f"/staff/requests/{sent.reference}")
    assert "Written permission to follow" in [text_of(t) for t in request_page.select("main .govuk-tag")]
    assert "I do not have it yet: I will get it and send it later" in text_of(request_page.select_one("main"))


def test_upload_now_needs_the_file_and_sending_later_forgets_one_sent_before(client_request, seed_answers, app,
                                                                           tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    start(client_request, seed_answers, REPRESENTATIVE)
    client_request.submit("/requests/vrr/your-details", NAMES)

    page = client_request.submit("/requests/vrr/authority", {"authority": "now"}, expected_status=200)
    assert errors(page) == [("#authority_file", "Select the file with the written permission")]

    token = page.select_one("input[name=csrf_token]")["value"]
    response = client_request.client.post("/requests/vrr/authority", content_type="multipart/form-data", data={
        "csrf_token": token, "authority": "now", "authority_file": (io.BytesIO(b"%PDF-1.4\n"), "letter.pdf")})
    assert response.status_code == 303, response.status_code
    assert len(list(Path(app.config["UPLOAD_FOLDER"]).iterdir())) == 1
    # Coming back: the file sent before counts, no need to choose it again.
    assert client_request.submit("/requests/vrr/authority", {"authority": "now"}) == "/requests/vrr/contact"
    # "I will send it later" after all: the file is not sent, and not kept.
    assert client_request.submit("/requests/vrr/authority", {"authority": "later"}) == "/requests/vrr/contact"
    assert list(Path(app.config["UPLOAD_FOLDER"]).iterdir()) == []


def test_the_upload_hint_and_errors_say_jpg(client_request, seed_answers):
    start(client_request, seed_answers, REPRESENTATIVE)
    client_request.submit("/requests/vrr/your-details", NAMES)
    page = client_request.get("/requests/vrr/authority")
    hint = text_of(page.select_one("#authority_file-hint"))
    assert hint == "A PDF, JPG or PNG, up to 5 MB.", hint
    assert "JPEG" not in text_of(page.select_one("main"))


def test_a_parent_is_told_an_adult_victim_may_need_to_give_written_permission(client_request, seed_answers):
    """VRR 16, footnote 4."""
    start(client_request, seed_answers, {**VICTIM_CPS, "role": "parent_or_guardian"})
    page = client_request.get("/requests/vrr/your-details")
    assert "If they are now 18 or over, you may need their written permission" in text_of(
        page.select_one("#victim_name-hint"))


# --------------------------------------------------------------------------- the victim's name, per role


@pytest.mark.parametrize(("role", "asked"), [
    ("victim", ["full_name"]),
    ("business", ["full_name"]),
    ("representative", ["full_name", "victim_name", "relationship"]),
    ("bereaved_relative", ["full_name", "victim_name", "relationship"]),
])
def test_only_someone_acting_for_another_person_is_asked_the_victims_name(client_request, seed_answers, role, asked):
    answers = {**VICTIM_CPS, "role": role, "has_written_authority": True, "business_contact_named": True}
    start(client_request, seed_answers, answers)
    page = client_request.get("/requests/vrr/your-details")
    assert [i["name"] for i in page.select("main form input[type=text]")] == asked
    if role == "bereaved_relative":
        assert text_of(page.select_one("label[for=victim_name]")) == "The full name of the person who died"


def test_the_victims_name_is_needed_from_someone_acting_for_them(client_request, seed_answers):
    start(client_request, seed_answers, REPRESENTATIVE)
    page = client_request.submit("/requests/vrr/your-details", {**NAMES, "victim_name": " "}, expected_status=200)
    assert errors(page) == [("#victim_name", "Enter the victim's full name")]


# --------------------------------------------------------------------------- S4: safe ways to contact


def _to_contact(client_request, seed_answers):
    start(client_request, seed_answers, VICTIM_CPS)
    client_request.submit("/requests/vrr/your-details", {"full_name": "Alex Example"})


@pytest.mark.parametrize(("sent", "message"), [
    ({"preferred": "email", "email": "alex@example.com", "safe": ["letters"]},
     "You said emails are not safe. Choose another way to contact you, or select emails as safe"),
    ({"preferred": "email", "email": "alex@example.com", "safe": []},
     "You said emails are not safe. Choose another way to contact you, or select emails as safe"),
    ({"preferred": "post", "address": "1 High Street", "safe": ["email", "phone"]},
     "You said letters are not safe. Choose another way to contact you, or select letters as safe"),
    ({"preferred": "phone", "phone": "07700 900 982", "safe": ["letters", "email"]},
     "You said phone calls, voicemails and text messages are not safe. Choose another way to contact you, "
     "or select one of them as safe"),
])
def test_the_way_to_contact_must_be_one_said_to_be_safe(client_request, seed_answers, sent, message):
    _to_contact(client_request, seed_answers)
    page = client_request.submit("/requests/vrr/contact", sent, expected_status=200)
    assert errors(page) == [("#preferred", message)]
    assert text_of(page.select_one("#preferred-error")).removeprefix("Error:").strip() == message


@pytest.mark.parametrize("safe", [["phone"], ["voicemail"], ["text"]])
def test_a_phone_is_fine_when_calls_voicemail_or_texts_are_safe(client_request, seed_answers, safe):
    _to_contact(client_request, seed_answers)
    sent = {"preferred": "phone", "phone": "07700 900 982", "safe": safe}
    assert client_request.submit("/requests/vrr/contact", sent) == "/requests/vrr/support"


def test_each_way_reveals_its_own_detail_and_phone_calls_are_a_choice(client_request, seed_answers):
    _to_contact(client_request, seed_answers)
    page = client_request.get("/requests/vrr/contact")
    for value, name in (("email", "email"), ("phone", "phone"), ("post", "address")):
        revealed = revealed_under(page, "preferred", value)
        assert [f["name"] for f in revealed.select("input, textarea")] == [name]
    safe = {i["value"]: text_of(page.select_one(f"label[for={i['id']}]")) for i in page.select("input[name=safe]")}
    assert safe == {"phone": "Phone calls", "voicemail": "Leaving a voicemail", "text": "Text messages",
                    "letters": "Sending letters", "email": "Sending emails"}


def test_only_the_chosen_ways_detail_is_kept(client_request, seed_answers, app):
    _to_contact(client_request, seed_answers)
    sent = {"preferred": "post", "address": "1 High Street", "email": "alex@example.com", "phone": "07700 900 982",
            "safe": ["letters", "email"]}
    client_request.submit("/requests/vrr/contact", sent)
    client_request.submit("/requests/vrr/support", SUPPORT)
    client_request.submit("/requests/vrr/case", CASE)
    rows = check_rows(client_request.get("/requests/vrr/check"))
    assert "Email address" not in rows and "Phone number" not in rows
    assert rows["Postal address"] == "1 High Street"


def test_staff_see_the_safe_ways_to_contact(client_request, seed_answers, app):
    _to_contact(client_request, seed_answers)
    client_request.submit("/requests/vrr/contact", {"preferred": "phone", "phone": "07700 900 982",
                                                    "safe": ["text", "letters"]})
    client_request.submit("/requests/vrr/support", SUPPORT)
    client_request.submit("/requests/vrr/case", CASE)
    client_request.submit("/requests/vrr/check", form_action="/requests/vrr/send")
    [sent] = stored(app)
    add_user(app, ADMIN, "admin", None)
    page = staff_browser(app, ADMIN).get(f"/staff/requests/{sent.reference}")
    first = {text_of(r.select_one(".govuk-summary-list__key")): text_of(r.select_one(".govuk-summary-list__value"))
             for r in page.select_one("main .govuk-summary-list").select(".govuk-summary-list__row")}
    assert first["Safe ways to contact"] == "Text messages, Sending letters"


# --------------------------------------------------------------------------- S8: a late request (VRR 30)


def test_a_late_request_can_say_why_and_staff_see_it(client_request, seed_answers, app):
    start(client_request, seed_answers, LATE)
    for slug, data in (("your-details", {"full_name": "Alex Example"}), ("contact", CONTACT), ("support", SUPPORT)):
        client_request.submit(f"/requests/vrr/{slug}", data)
    page = client_request.get("/requests/vrr/case")
    legend = page.select_one("input[name=late_reasons]").find_parent("fieldset").select_one("legend")
    assert text_of(legend) == "Why is your request late? (optional)"
    reasons = [text_of(page.select_one(f"label[for={i['id']}]")) for i in page.select("input[name=late_reasons]")]
    assert reasons == ["Not told about the right to review, or told the wrong time limit",
                       "Illness, or a stay in hospital", "Fear, or it was not safe to ask", "Something else"]
    assert revealed_under(page, "late_reasons", "other").select_one("textarea[name=late_other]")

    sent = {**CASE, "late_reasons": ["not_told", "other"], "late_other": "I was moving house."}
    assert client_request.submit("/requests/vrr/case", sent) == "/requests/vrr/check"
    rows = check_rows(client_request.get("/requests/vrr/check"))
    assert rows["Why is your request late? (optional)"] == (
        "Not told about the right to review, or told the wrong time limit, Something else")
    assert rows["Tell us what happened (optional)"] == "I was moving house."
    client_request.submit("/requests/vrr/check", form_action="/requests/vrr/send")
    [request] = stored(app)
    assert request.details["late_reasons"] == ["not_told", "other"]
    add_user(app, ADMIN, "admin", None)
    staff = text_of(staff_browser(app, ADMIN).get(f"/staff/requests/{request.reference}").select_one("main"))
    assert "Not told about the right to review, or told the wrong time limit, Something else" in staff
    assert "I was moving house." in staff


def test_a_request_in_time_is_not_asked_why_it_is_late(client_request, seed_answers):
    start(client_request, seed_answers, VICTIM_CPS)
    for slug, data in (("your-details", {"full_name": "Alex Example"}), ("contact", CONTACT), ("support", SUPPORT)):
        client_request.submit(f"/requests/vrr/{slug}", data)
    page = client_request.get("/requests/vrr/case")
    assert page.select("[name=late_reasons], [name=late_other]") == []
    assert client_request.submit("/requests/vrr/case", CASE) == "/requests/vrr/check"
    assert client_request.get("/requests/vrr/check")  # complete without the late question


# --------------------------------------------------------------------------- postal addresses


def test_a_postal_address_keeps_its_lines_on_the_check_page_and_for_staff(client_request, seed_answers, app):
    _to_contact(client_request, seed_answers)
    address = "1 High Street\r\n<b>Flat 2</b>\r\nCardiff CF10 1AA"
    client_request.submit("/requests/vrr/contact", {"preferred": "post", "address": address, "safe": ["letters"]})
    client_request.submit("/requests/vrr/support", SUPPORT)
    client_request.submit("/requests/vrr/case", CASE)

    def address_cell(page):
        row = next(r for r in page.select("main .govuk-summary-list__row")
                   if text_of(r.select_one(".govuk-summary-list__key")) == "Postal address")
        return row.select_one(".govuk-summary-list__value")

    for cell in (address_cell(client_request.get("/requests/vrr/check")),):
        assert [s.strip() for s in cell.strings if s.strip()] == ["1 High Street", "<b>Flat 2</b>", "Cardiff CF10 1AA"]
        assert len(cell.select("br")) == 2 and cell.select("b") == []
    client_request.submit("/requests/vrr/check", form_action="/requests/vrr/send")
    [sent] = stored(app)
    add_user(app, ADMIN, "admin", None)
    cell = address_cell(staff_browser(app, ADMIN).get(f"/staff/requests/{sent.reference}"))
    assert [s.strip() for s in cell.strings if s.strip()] == ["1 High Street", "<b>Flat 2</b>", "Cardiff CF10 1AA"]
    assert len(cell.select("br")) == 2 and cell.select("b") == []


# --------------------------------------------------------------------------- the CCRC


CCRC_APPLICATION = {"date_of_birth": ["27", "3", "1990"], "court_name": "Cardiff Crown Court", "offence": "Theft",
                    "what_is_new": "A new witness.", "lawyer": "no", "in_prison": "no"}


def _ccrc_to_check(client_request, seed_answers, answers, names):
    start(client_request, seed_answers, answers, "ccrc")
    for slug, data in (("your-details", names), ("contact", CONTACT), ("support", SUPPORT)):
        assert client_request.submit(f"/requests/ccrc/{slug}", data).startswith("/requests/ccrc/")


@pytest.mark.parametrize(("answers", "names", "question"), [
    (CONVICTED_CROWN, {"full_name": "Chris Example"}, "Are you in prison?"),
    (CONVICTED_MAGISTRATES, {"full_name": "Pat Helper", "convicted_name": "Chris Example"},
     "Is the person convicted in prison?"),
])
def test_the_ccrc_asks_about_prison_in_the_persons_own_words(client_request, seed_answers, answers, names, question):
    _ccrc_to_check(client_request, seed_answers, answers, names)
    page = client_request.get("/requests/ccrc/application")
    legend = page.select_one("input[name=in_prison]").find_parent("fieldset").select_one("legend")
    assert text_of(legend) == question
    assert page.select("[name=declaration]") == [], "the declaration is on the check page"


@pytest.mark.parametrize(("answers", "names", "asked"), [
    (CONVICTED_CROWN, {"full_name": "Chris Example"}, ["date_of_birth"]),  # the questionnaire has both dates
    (CONVICTED_MAGISTRATES, {"full_name": "Pat Helper", "convicted_name": "Chris Example"},
     ["date_of_birth", "conviction_date"]),  # it has the sentence's date only
])
def test_the_ccrc_asks_the_dates_the_questionnaire_does_not_have(client_request, seed_answers, app, answers, names,
                                                                 asked):
    _ccrc_to_check(client_request, seed_answers, answers, names)
    page = client_request.get("/requests/ccrc/application")
    dates = [i["name"] for i in page.select("main input[id$='-day']")]
    assert dates == asked
    assert page.select_one("main form [name]:not([type=hidden])")["name"] == "date_of_birth", "the dates come first"
    if "conviction_date" in asked:
        page = client_request.submit("/requests/ccrc/application", CCRC_APPLICATION, expected_status=200)
        assert errors(page) == [("#conviction_date-day", "Enter the date of the conviction")]
    sent = {**CCRC_APPLICATION, "conviction_date": ["2", "11", "2026"]}
    assert client_request.submit("/requests/ccrc/application", sent) == "/requests/ccrc/check"
    rows = check_rows(client_request.get("/requests/ccrc/check"))
    assert rows["Date of birth of the person convicted"] == "Tuesday 27 March 1990"
    assert ("Date of the conviction" in rows) == ("conviction_date" in asked)
    # Shown again as typed, to change it.
    page = client_request.get("/requests/ccrc/application?return_to=check")
    assert [page.select_one(f"#date_of_birth-{part}")["value"] for part in ("day", "month", "year")] == [
        "27", "03", "1990"]
    client_request.submit("/requests/ccrc/check", {"declaration": "true"}, form_action="/requests/ccrc/send")
    [request] = stored(app)
    assert request.details["date_of_birth"] == "1990-03-27"


def test_the_ccrc_asks_for_the_lawyer_when_one_is_helping(client_request, seed_answers, app):
    _ccrc_to_check(client_request, seed_answers, CONVICTED_CROWN, {"full_name": "Chris Example"})
    page = client_request.get("/requests/ccrc/application")
    revealed = revealed_under(page, "lawyer", "yes")
    assert [f["name"] for f in revealed.select("input")] == ["lawyer_name", "lawyer_firm"]
    page = client_request.submit("/requests/ccrc/application", {**CCRC_APPLICATION, "lawyer": "yes"},
                                 expected_status=200)
    assert errors(page) == [("#lawyer_name", "Enter the lawyer's name")]
    sent = {**CCRC_APPLICATION, "lawyer": "yes", "lawyer_name": "Lee Lawyer", "lawyer_firm": "Lawyer & Co"}
    assert client_request.submit("/requests/ccrc/application", sent) == "/requests/ccrc/check"
    rows = check_rows(client_request.get("/requests/ccrc/check"))
    assert rows["The lawyer's name"] == "Lee Lawyer" and rows["Their firm (optional)"] == "Lawyer & Co"


def test_the_ccrc_declaration_is_made_on_the_check_page_before_sending(client_request, seed_answers, app):
    _ccrc_to_check(client_request, seed_answers, CONVICTED_CROWN, {"full_name": "Chris Example"})
    client_request.submit("/requests/ccrc/application", CCRC_APPLICATION)
    page = client_request.get("/requests/ccrc/check")
    main = text_of(page.select_one("main"))
    assert "Your answers about the conviction are sent too" in main
    assert "Your answers about the decision" not in main
    form = page.select_one("form[action='/requests/ccrc/send']")
    assert form.select_one("input[type=checkbox][name=declaration][value=true]")

    # Sent without it: back to the check page, with the error; nothing stored.
    location = client_request.submit("/requests/ccrc/check", form_action="/requests/ccrc/send")
    assert location == "/requests/ccrc/check"
    page = client_request.get(location)
    assert errors(page) == [("#declaration", "Confirm that the information you have given is true")]
    assert page.select_one("#declaration") is not None
    assert stored(app) == []

    location = client_request.submit("/requests/ccrc/check", {"declaration": "true"},
                                     form_action="/requests/ccrc/send")
    assert location == "/requests/sent"
    [sent] = stored(app)
    assert sent.details["declaration"] is True
    add_user(app, ADMIN, "admin", None)
    staff = text_of(staff_browser(app, ADMIN).get(f"/staff/requests/{sent.reference}").select_one("main"))
    assert "Declaration I confirm the information I have given is true to the best of my knowledge" in staff


@pytest.mark.parametrize(("kind", "answers", "slug"), [
    # VRR 42: asked of the ARU after its 10 working days (the local decision of 2 November).
    ("independent_review", {**VICTIM_CPS, "vrr_stage": "local_decision", "decision_date": "2026-09-01",
                            "request_date": "2026-09-03", "local_decision_date": "2026-11-02"}, "case"),
    # The CPS complaints policy: after the usual six months.
    ("complaint", {**VICTIM_CPS, "service_complaint": True, "complaint_event_date": "2026-01-10"}, "complaint"),
], ids=["independent_review", "complaint"])
def test_a_late_independent_review_or_complaint_can_say_why_it_is_late(client_request, seed_answers, kind, answers,
                                                                      slug):
    start(client_request, seed_answers, answers, kind)
    for step, data in (("your-details", {"full_name": "Alex Example"}), ("contact", CONTACT), ("support", SUPPORT)):
        client_request.submit(f"/requests/{kind}/{step}", data)
    page = client_request.get(f"/requests/{kind}/{slug}")
    assert page.select("input[name=late_reasons]"), f"the {kind} step does not ask why it is late"

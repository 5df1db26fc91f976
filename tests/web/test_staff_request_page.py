"""What the receiving office sees on a request's page (/staff/requests/<reference>)
besides its status and dates: the questionnaire answers it was sent with, worded as the
person saw them on the check page (the check page promises they are sent, "so the office
does not need to ask them again"), in the page's language, whatever the person's.
"""

from __future__ import annotations

import pytest

from .conftest import TODAY, text_of
from .journeys import VICTIM_CPS
from .staff_support import INBOX, MANY_SIGN_INS, add_request, add_user, long_date, staff_browser, summary_rows

pytestmark = pytest.mark.app_config(**MANY_SIGN_INS)

CASEWORKER = "wes.caseworker@cps.example"
REVIEWER = "ria.reviewer@cps.example"
# A victim told of the right to review, who had not asked for the case to stop, about a
# sexual offence: every answer the office would otherwise have to ask again.
ANSWERS = {**VICTIM_CPS, "told_of_right_to_review": True, "victim_withdrew_support": False,
           "offence": ["sexual"], "decision_maker": "chief_crown_prosecutor"}


def list_after(page, heading: str) -> dict[str, str]:
    """The summary list under the h2 `heading`: key -> value."""
    h2 = next((h for h in page.select("main h2") if text_of(h) == heading), None)
    assert h2 is not None, [text_of(h) for h in page.select("main h2")]
    listing = h2.find_next_sibling()
    assert listing is not None and "govuk-summary-list" in listing.get("class", []), listing
    return {text_of(row.select_one(".govuk-summary-list__key")): text_of(row.select_one(".govuk-summary-list__value"))
            for row in listing.select(".govuk-summary-list__row")}


def test_the_office_sees_the_answers_as_the_person_saw_them(app, client_request, seed_answers):
    add_user(app, CASEWORKER, "caseworker", "wessex")
    reference = add_request(app, office="wessex", answers=ANSWERS, language="cy")
    page = staff_browser(app, CASEWORKER).get(f"/staff/requests/{reference}")
    shown = list_after(page, "The person's answers")
    assert shown["Date of the decision letter"] == "16 November 2026"
    assert shown["Who in the CPS decided"] == "A Chief Crown Prosecutor"
    assert shown["What the crime was about"] == "A sexual offence"
    assert shown["Told about the right to review"] == "Yes"
    assert shown["Asked for the case to stop"] == "No"
    assert shown["Who is asking"] == "I am the victim of the crime"
    assert shown["Who made the decision"] == "The Crown Prosecution Service (CPS)"

    # The same rows, in the same order and words, as the person's own check page.
    seed_answers(ANSWERS)
    check = client_request.get("/check-your-answers")
    public = [(text_of(row.select_one(".govuk-summary-list__key")),
               text_of(row.select_one(".govuk-summary-list__value")))
              for row in check.select("main .govuk-summary-list__row")]
    assert list(shown.items()) == public


def test_a_request_moved_to_the_aru_says_so(app):
    """The caseworker who moves it is told where it went (it leaves their inbox, and its
    page is not found for them: VRR 42, the ARU's review); the ARU sees where it came from,
    in its inbox row and on the request's page."""
    add_user(app, CASEWORKER, "caseworker", "wessex")
    add_user(app, REVIEWER, "reviewer", "aru")
    reference = add_request(app, office="wessex")
    wessex = staff_browser(app, CASEWORKER)
    for status in ("acknowledged", "under_review", "local_upheld"):
        wessex.change_status(reference, status)
    assert wessex.change_status(reference, "independent_requested") == INBOX
    banner = text_of(wessex.get(INBOX).select_one(".govuk-notification-banner"))
    assert (f"Request {reference} has moved to the CPS Appeals and Review Unit for the independent review: "
            "only its reviewers can see it now.") in banner, banner

    reviewer = staff_browser(app, REVIEWER)
    row = next(tr for tr in reviewer.get(INBOX).select("#inbox-results tbody tr")
               if text_of(tr.select_one("th")) == reference)
    assert text_of(row.select("td")[2]) == "Independent review requested Moved from CPS Wessex"
    rows = summary_rows(reviewer.get(f"/staff/requests/{reference}"))
    assert rows["Office"] == "CPS Appeals and Review Unit"
    assert rows["Received by"] == f"CPS Wessex. Moved to the Appeals and Review Unit on {long_date(TODAY)}."


def test_a_request_that_never_moved_says_nothing_of_it(app):
    add_user(app, CASEWORKER, "caseworker", "wessex")
    reference = add_request(app, office="wessex")
    page = staff_browser(app, CASEWORKER).get(f"/staff/requests/{reference}")
    assert "Received by" not in summary_rows(page)
    assert "Moved from" not in text_of(staff_browser(app, CASEWORKER).get(INBOX).select_one("#inbox-results"))


def test_signed_in_as_and_the_back_link_are_inside_landmarks(app):
    """axe's "region": all content in landmarks. "Signed in as" and "Sign out" are in the
    header, the back link in main, before the heading."""
    add_user(app, CASEWORKER, "caseworker", "wessex", name="Wes Caseworker")
    reference = add_request(app, office="wessex")
    browser = staff_browser(app, CASEWORKER)
    for url in (INBOX, f"/staff/requests/{reference}", "/staff/figures"):
        page = browser.get(url)
        bar = page.select_one(".app-staff-bar")
        assert bar is not None and bar.find_parent("header") is not None, url
        assert "Signed in as Wes Caseworker (CPS Wessex)" in text_of(bar)
        container = page.select_one("body > .govuk-width-container")
        loose = [child.name for child in container.children if getattr(child, "name", None) and child.name != "main"]
        assert loose == [], f"{url}: outside main: {loose}"
    back = browser.get(f"/staff/requests/{reference}").select_one(".govuk-back-link")
    assert back is not None and back.find_parent("main") is not None
    assert back["href"] == INBOX and text_of(back) == "Back to the inbox"

"""The wording of the question hints, the results page's routes (other than the CPS
review), its notes, Other help and sources: what the legal and journeys reviews of
December 2026 found misleading or a dead end."""

from __future__ import annotations

import pytest

from .conftest import text_of
from .journeys import (
    BEREAVED_COMPLETED_COMPLAINT,
    CHILD_ABUSE_BEFORE_2013,
    CONVICTED_CROWN,
    CONVICTED_MAGISTRATES,
    VICTIM_CPS,
    VICTIM_POLICE,
)

# A CPS decision of 2011 about a child sexual offence: the panel, and a complaint out of time
# whose date was never asked (journeys review S7).
CPS_BEFORE_2013 = {"role": "victim", "decision_by": "cps", "decision_type": "no_charge",
                   "decision_date": "2011-03-15", "offence": ["sexual"], "victim_under_18": True}
REPRESENTATIVE = {**VICTIM_CPS, "role": "representative", "has_written_authority": True}
BEREAVED = {**VICTIM_CPS, "role": "bereaved_relative", "offence": ["death"]}
SCOTLAND = {"role": "convicted_person", "conviction_place": "scotland"}


def hint_of(page) -> str:
    return text_of(page.select_one(".govuk-fieldset .govuk-hint"))


def results(client_request, seed_answers, answers, *, welsh=False):
    if welsh:
        client_request.client.set_cookie("lang", "cy")
    seed_answers(answers)
    return client_request.get("/results")


# --------------------------------------------------------------------------- question hints


def test_summary_only_hint_says_what_it_means_and_what_no_does(client_request, seed_answers):
    # VRR 32: the hint used to end "If you are not sure, choose no."
    seed_answers(VICTIM_CPS)
    hint = hint_of(client_request.get("/questions/summary-only"))
    assert "common assault and most driving offences" in hint
    assert "within 6 months" in hint
    assert "The decision letter, the police or the CPS can tell you" in hint
    assert "If you are not sure, ask them as soon as you can" in hint
    assert "will not warn you about that limit" in hint
    assert "choose no" not in hint


def test_decision_by_hint_says_the_police_may_pass_on_a_cps_decision(client_request, seed_answers):
    # VRR 26
    seed_answers(VICTIM_CPS)
    hint = hint_of(client_request.get("/questions/decision-by"))
    assert "The police often pass on a decision the CPS made" in hint
    assert "a prosecutor reviewed the case, choose the CPS" in hint


def test_partial_hint_counts_only_what_involves_the_victim(client_request, seed_answers):
    # VRR 18, 19(5)-(6)
    seed_answers(VICTIM_CPS)
    page = client_request.get("/questions/decision-type")
    described_by = page.select_one("input[value=partial]")["aria-describedby"]
    hint = text_of(page.find(id=described_by))
    assert "involving the victim" in hint
    assert "even if cases about other victims go on" in hint


@pytest.mark.parametrize(("answers", "expected"), [
    (VICTIM_CPS, "For example, by saying you no longer wanted to go ahead."),
    (REPRESENTATIVE, "For example, by the victim saying they no longer wanted to go ahead."),
])
def test_withdrew_support_hint_follows_the_audience_and_vrr_19_10(client_request, seed_answers, answers, expected):
    seed_answers(answers)
    hint = hint_of(client_request.get("/questions/victim-withdrew-support"))
    assert hint.startswith(expected)
    assert "counts only if no reasonable notice was given and there were no exceptional circumstances" in hint


def test_under_18_error_speaks_to_the_victim_themselves(client_request, seed_answers):
    seed_answers(CPS_BEFORE_2013)
    page = client_request.post("/questions/victim-under-18", {}, expected_status=200)
    assert "Select yes if you were under 18 at the time" in text_of(page.select_one(".govuk-error-summary"))


def test_bereaved_relative_is_not_offered_someone_died(client_request, seed_answers):
    seed_answers(BEREAVED)
    page = client_request.get("/questions/offence")
    labels = [text_of(label) for label in page.select(".govuk-checkboxes__label")]
    assert "Someone died" not in labels
    assert "The death of your relative" in labels
    assert page.select_one("input[value=death]") is not None  # the engine's answer is unchanged


def test_bereaved_relative_check_answers_shows_the_same_option(client_request, seed_answers):
    seed_answers(BEREAVED)
    page = client_request.get("/check-your-answers")
    text = text_of(page.select_one("main"))
    assert "The death of your relative" in text
    assert "Someone died" not in text


def test_horizon_question_is_about_post_office_work_whoever_prosecuted(client_request, seed_answers):
    seed_answers(CONVICTED_CROWN)
    page = client_request.get("/questions/post-office-horizon")
    assert "connected with work for the Post Office" in text_of(page.select_one("h1"))
    assert "Whoever prosecuted the case" in hint_of(page)


# --------------------------------------------------------------------------- route sections


def test_judicial_review_says_promptly_pre_action_letter_and_vrr_10(client_request, seed_answers):
    page = results(client_request, seed_answers, BEREAVED_COMPLETED_COMPLAINT)
    section = text_of(page.select_one("#route-judicial-review"))
    assert "Apply for judicial review promptly, and at the latest by" in section
    assert "letter before claim" in section and "pre-action protocol" in section
    assert "cannot look at the decision again" not in section
    assert "after an inquest into a death" in section
    easy = text_of(page.select_one("#easy-read"))
    assert "the CPS may look at the decision again" in easy


def test_child_sexual_abuse_review_panel_says_who_and_how(client_request, seed_answers):
    page = results(client_request, seed_answers, CHILD_ABUSE_BEFORE_2013)
    section = page.select_one("#route-csa-review-panel")
    assert "send the case to the panel" in text_of(section)
    assert section.select_one("a[href='tel:+442033570899']") is not None
    assert section.select_one("a[href='mailto:enquiries@cps.gov.uk']") is not None
    assert section.select_one("a[href='https://www.cps.gov.uk/publication/child-sexual-abuse-review-panel']")


def test_police_review_gives_something_to_act_on(client_request, seed_answers):
    page = results(client_request, seed_answers, VICTIM_POLICE)
    section = page.select_one("#route-police-review")
    assert section.select_one("a[href='https://www.police.uk/pu/find-a-police-force/']") is not None
    text = text_of(section)
    assert "crime reference number" in text and "Keep the letter" in text
    assert "the decision is the CPS's even though the police told you" in text
    assert section.select_one("a[href='/questions/decision-by?return_to=check']") is not None


def test_meeting_can_be_refused_and_does_not_stop_the_clock(client_request, seed_answers):
    page = results(client_request, seed_answers, BEREAVED)
    section = text_of(page.select_one("#route-meeting"))
    assert "does not give you more time to ask for a review" in section
    assert "The CPS can refuse a meeting" in section
    assert "cases such as sexual offences" in section
    easy = text_of(page.select_one("#easy-read"))
    assert "You can meet in person, by video or by phone." not in easy
    assert "You can ask if you can meet in person, by video or by phone." in easy
    assert "usually better to meet after the review" in easy


def test_complaint_out_of_time_counts_from_the_letter_and_is_not_repeated(client_request, seed_answers):
    page = results(client_request, seed_answers, CPS_BEFORE_2013)
    section = page.select_one("#route-complaint")
    text = text_of(section)
    assert "6 months from the date of the decision letter" in text
    assert "6 months from what you are unhappy about" not in text
    assert "accepts later complaints only in exceptional circumstances" in text
    assert "say why you could not complain sooner" in text
    assert section.select_one("button") is not None  # a late complaint can still be made
    assert "Unhappy with how you were treated?" not in text_of(page.select_one("main"))


def test_complaint_date_asked_counts_from_what_you_are_unhappy_about(client_request, seed_answers):
    page = results(client_request, seed_answers, BEREAVED_COMPLETED_COMPLAINT)
    assert "6 months from what you are unhappy about" in text_of(page.select_one("#route-complaint"))


def test_ccrc_needs_something_new_unless_exceptional(client_request, seed_answers):
    page = results(client_request, seed_answers, {**CONVICTED_CROWN, "appeal_status": "dismissed"})
    section = text_of(page.select_one("#route-ccrc"))
    assert "The Commission needs something that was not raised" in section
    assert "information about the person convicted" in section
    assert "In exceptional circumstances it can send a case back without this" in section
    assert "guilty plea in a magistrates' court" not in section  # that source is not about this case


def test_ccrc_after_a_magistrates_guilty_plea_cites_its_source(client_request, seed_answers):
    page = results(client_request, seed_answers, CONVICTED_MAGISTRATES)
    assert "guilty plea in a magistrates' court" in text_of(page.select_one("#route-ccrc .app-sources"))


def test_scotland_says_how_to_appeal_and_contact_the_commission(client_request, seed_answers):
    page = results(client_request, seed_answers, SCOTLAND)
    section = page.select_one("#route-sccrc")
    assert "High Court of Justiciary" in text_of(section)
    assert "solicitor in Scotland" in text_of(section)
    assert section.select_one("a[href='tel:+441412707030']") is not None
    assert section.select_one("a[href='mailto:info@sccrc.org.uk']") is not None


def test_appeal_gives_plain_next_steps(client_request, seed_answers):
    page = results(client_request, seed_answers, CONVICTED_CROWN)
    section = page.select_one("#route-appeal")
    assert "form NG" in text_of(section)
    assert section.select_one("a[href='https://www.gov.uk/appeal-against-crown-court-verdict']") is not None


# --------------------------------------------------------------------------- notes, other help


def test_horizon_note_does_not_promise(client_request, seed_answers):
    page = results(client_request, seed_answers, {**CONVICTED_CROWN, "post_office_horizon": True})
    note = text_of(page.select_one("main .govuk-inset-text"))
    assert "may have been quashed by law in 2024" in note
    assert "does not apply if the Court of Appeal upheld the conviction" in note
    assert "Scotland, which has its own 2024 Act" in note


def test_victims_other_help_has_links_and_a_tel_link(client_request, seed_answers):
    page = results(client_request, seed_answers, VICTIM_CPS)
    help_list = page.select_one(".app-other-help")
    assert help_list.select_one("a[href='tel:08081689111']") is not None
    for href in ("https://www.victimsupport.org.uk/", "https://www.citizensadvice.org.uk/",
                 "https://solicitors.lawsociety.org.uk/"):
        assert help_list.select_one(f"a[href='{href}']") is not None, href


def test_convicted_people_get_their_own_other_help(client_request, seed_answers):
    page = results(client_request, seed_answers, CONVICTED_CROWN)
    assert "Victim Support" not in text_of(page.select_one("main"))
    help_list = page.select_one(".app-other-help")
    assert "criminal appeals" in text_of(help_list)
    assert help_list.select_one("a[href='https://appeal.org.uk/']") is not None
    assert help_list.select_one("a[href='tel:+442072786949']") is not None


# --------------------------------------------------------------------------- sources


def test_a_route_has_one_sources_line_with_meaningful_link_text(client_request, seed_answers):
    page = results(client_request, seed_answers, BEREAVED)
    lines = page.select("#route-meeting .app-sources")
    assert len(lines) == 1
    links = lines[0].select("a[href^='/guidance/']")
    assert links
    for link in links:
        assert text_of(link).startswith("Victims' Right to Review guidance, paragraph "), text_of(link)
        assert link["hreflang"] == "en"


def test_welsh_sources_say_they_are_in_english(client_request, seed_answers):
    page = results(client_request, seed_answers, BEREAVED, welsh=True)
    line = page.select_one("#route-meeting .app-sources")
    assert "Saesneg" in text_of(line)
    assert line.select_one("a[hreflang=en]") is not None


def test_welsh_guidance_page_says_a_welsh_version_exists(client_request):
    client_request.client.set_cookie("lang", "cy")
    page = client_request.get("/guidance/victims-right-to-review")
    text = text_of(page.select_one("main"))
    assert "yn Saesneg yn unig" not in text
    link = page.select_one("main a[href='https://www.cps.gov.uk/legal-guidance/victims-right-review-scheme']")
    assert link is not None and link["hreflang"] == "en"


def test_accessibility_statement_does_not_say_english_only(client_request):
    page = client_request.get("/accessibility")
    text = text_of(page.select_one("main"))
    assert "is published in English only" not in text
    assert "the CPS publishes a Welsh version" in text
    assert page.select_one("main a[href='tel:+442033570899']") is not None

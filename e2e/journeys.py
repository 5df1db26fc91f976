"""The three journeys, as a person would click through them. Each asserts as it goes."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from questionnaire.calendar import add_months, add_working_days, today_in_england

from .support import SERVICE, Visitor, long_date

ROLE = "Which of these best describes you?"
CHECK = "Check your answers"
HORIZON_QUESTION = ("Was the conviction connected with work for the Post Office, in a case that used Horizon "
                    "computer evidence?")
RESULTS = "Your options"


def start(v: Visitor) -> None:
    v.open("/", SERVICE, "start")
    v.go(v.page.get_by_role("button", name="Start now"), ROLE, "/questions/role", "role")


def check_answers_then_results(v: Visitor) -> None:
    page = v.page
    v.go(page.get_by_role("button", name="See your options"), RESULTS, "/results", "results")


def vrr(v: Visitor, *, visit_content_pages: bool = True) -> None:
    """(a) A victim; the CPS decided not to charge 6 days ago: the Victims' Right to Review."""
    page = v.page
    today = today_in_england()
    decided = today - timedelta(days=6)
    deadline = long_date(add_working_days(decided, 10))

    start(v)
    # An empty answer first: the error state.
    v.go(v.continue_button(), ROLE, "/questions/role", "role-error", error=True)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what best describes you")
    v.assert_error_links_work()

    v.answer("I am the victim of the crime", "Who made the decision?", "/questions/decision-by", "decision-by")
    v.answer("The Crown Prosecution Service (CPS)", "What did the decision do?",
             "/questions/decision-type", "decision-type")
    v.answer("Decided not to charge anyone", "What date is on the decision letter?",
             "/questions/decision-date", "decision-date")

    preview = page.locator("#deadline-preview")
    expect(preview).to_be_empty()
    v.type_date(decided)
    if v.js:
        # Live, before submitting: htmx asks the server as the date is typed.
        expect(preview).to_contain_text(f"Ask for a review by {deadline}")
        expect(preview).to_contain_text("working days left")
        v.screenshot("decision-date-preview")
    else:
        page.wait_for_timeout(600)  # what htmx's 400 ms delay would take: nothing may come
        expect(preview).to_be_empty()
    v.go(v.continue_button(), "Did you ask for the case to stop, or stop supporting it?",
         "/questions/victim-withdrew-support", "victim-withdrew-support")
    # After submitting, with or without JavaScript, the next page says what the date gives.
    expect(page.locator(".app-deadline-preview")).to_contain_text(f"Ask for a review by {deadline}")

    v.answer("No", "Who in the CPS made the decision?", "/questions/decision-maker", "decision-maker")
    v.answer("I'm not sure", "Did the letter say the CPS was still waiting for information from the police?",
             "/questions/awaiting-material", "awaiting-material")
    v.answer("No", "What was the crime about?", "/questions/offence", "offence")
    if v.js:
        # GOV.UK's exclusive checkbox: "None of these" clears the others, once the
        # Checkboxes component is started on the swapped-in content.
        page.get_by_label("A sexual offence", exact=True).check()
        page.get_by_label("None of these", exact=True).check()
        if page.get_by_label("A sexual offence", exact=True).is_checked():
            v.problems.enhancement.append(
                f"{v.journey} (JS) at offence: checking 'None of these' did not clear 'A sexual offence' "
                "(GOV.UK Checkboxes not started on the swapped content)")
            page.get_by_label("A sexual offence", exact=True).uncheck()
    v.answer("None of these", "Was it a minor offence that can only be tried in a magistrates' court?",
             "/questions/summary-only", "summary-only")
    v.answer("No", "Have you already asked for this decision to be reviewed?",
             "/questions/vrr-stage", "vrr-stage")
    v.answer("No, not yet", CHECK, "/check-your-answers", "check-your-answers")
    questions = v.question_pages()
    assert len(questions) <= 10, f"{len(questions)} question pages: {questions}"

    # Change one answer from check your answers, and come back to it.
    rows = page.locator(".govuk-summary-list__row")
    row = rows.filter(has_text="Who in the CPS decided")
    expect(row.locator(".govuk-summary-list__value")).to_have_text("I'm not sure")
    v.go(page.get_by_role("link", name="Change Who in the CPS decided"), "Who in the CPS made the decision?",
         "/questions/decision-maker?return_to=check", "change-decision-maker")
    expect(page.get_by_label("I'm not sure", exact=True)).to_be_checked()
    v.answer("A prosecutor in a local CPS Area", CHECK, "/check-your-answers", "check-your-answers-changed")
    expect(row.locator(".govuk-summary-list__value")).to_have_text("A prosecutor in a local CPS Area")

    check_answers_then_results(v)
    vrr_route = page.locator("#route-vrr")
    expect(vrr_route.get_by_role("heading", level=2)).to_have_text("Ask the CPS to review the decision")
    request_row = vrr_route.locator(".govuk-summary-list__row").filter(has_text="Ask for a review by")
    expect(request_row.locator(".govuk-summary-list__value strong").first).to_have_text(deadline)
    expect(request_row).to_contain_text("working days left")

    if visit_content_pages:
        content_pages(v)


def local_area_decision_to_results(v: Visitor) -> None:
    """From "Who in the CPS made the decision?": a local Area prosecutor, not waiting for
    material, no listed offence, not summary-only, no review asked yet; then the results."""
    v.answer("No", "Who in the CPS made the decision?", "/questions/decision-maker", "decision-maker")
    v.answer("A prosecutor in a local CPS Area",
             "Did the letter say the CPS was still waiting for information from the police?",
             "/questions/awaiting-material", "awaiting-material")
    v.answer("No", "What was the crime about?", "/questions/offence", "offence")
    v.answer("None of these", "Was it a minor offence that can only be tried in a magistrates' court?",
             "/questions/summary-only", "summary-only")
    v.answer("No", "Have you already asked for this decision to be reviewed?", "/questions/vrr-stage", "vrr-stage")
    v.answer("No, not yet", CHECK, "/check-your-answers", "check-your-answers")
    check_answers_then_results(v)


def content_pages(v: Visitor) -> None:
    v.leave_by_footer("Staying safe online", "Staying safe online", "/staying-safe-online", "staying-safe-online")
    v.leave_by_footer("Victims' Right to Review guidance", "Victims' Right to Review guidance",
                      "/guidance/victims-right-to-review", "guidance")
    expect(v.page.locator("#paragraph-30")).to_contain_text("10 working days")


def police(v: Visitor) -> None:
    """(b) A victim; the police took no further action 10 days ago: the police's own review."""
    page = v.page
    decided = today_in_england() - timedelta(days=10)

    start(v)
    v.answer("I am the victim of the crime", "Who made the decision?", "/questions/decision-by", "decision-by")
    v.answer("The police or another investigator", "What date is on the decision letter?",
             "/questions/decision-date", "decision-date")

    # The browser's back button, then on again.
    page.go_back()
    expect(page.locator("h1")).to_have_text("Who made the decision?")
    expect(page).to_have_url(re.compile(r"/questions/decision-by$"))
    page.wait_for_load_state()
    expect(page.get_by_label("The police or another investigator", exact=True)).to_be_checked()
    v.arrivals.append((v.path, "decision-by-back"))
    v.titles.append(page.title())
    v.go(v.continue_button(), "What date is on the decision letter?", "/questions/decision-date", "decision-date")

    # No date: the error state.
    v.go(v.continue_button(), "What date is on the decision letter?", "/questions/decision-date",
         "decision-date-error", error=True)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date on the decision letter")
    v.assert_error_links_work()

    v.type_date(decided)
    v.go(v.continue_button(), CHECK, "/check-your-answers", "check-your-answers")
    check_answers_then_results(v)

    route = page.locator("#route-police-review")
    expect(route.get_by_role("heading", level=2)).to_have_text("Ask the police to review their decision")
    row = route.locator(".govuk-summary-list__row").filter(has_text="Ask the police for a review by")
    expect(row.locator("strong").first).to_have_text(long_date(add_months(decided, 3)))
    expect(page.locator("#route-vrr h2")).to_have_text("Why you cannot use the Victims' Right to Review")
    expect(page.locator("#route-vrr")).to_contain_text("The police made this decision, not the CPS.")


def conviction(v: Visitor) -> None:
    """(c) Convicted after a not guilty plea in the Crown Court, no appeal yet: the Court of
    Appeal, and the Criminal Cases Review Commission."""
    page = v.page
    today = today_in_england()
    convicted = today - timedelta(days=5)

    start(v)
    v.answer("I was convicted and want to challenge it", "Where were you convicted?",
             "/questions/conviction-place", "conviction-place")
    v.answer("England or Wales", "Which court convicted you?", "/questions/court", "court")
    v.answer("The Crown Court", "What do you want to challenge?", "/questions/challenge", "challenge")
    v.answer("The conviction", "Has there been an appeal?", "/questions/appeal-status", "appeal-status")
    v.answer("No", "What was the date of the conviction?", "/questions/conviction-date", "conviction-date")

    # A date with a missing part: the date error state.
    page.get_by_label("Day", exact=True).fill(str(convicted.day))
    page.get_by_label("Year", exact=True).fill(str(convicted.year))
    v.go(v.continue_button(), "What was the date of the conviction?", "/questions/conviction-date",
         "conviction-date-error", error=True)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of conviction must include a month")
    v.assert_error_links_work()

    v.type_date(convicted)
    v.go(v.continue_button(), "Have you applied to the Criminal Cases Review Commission before about this case?",
         "/questions/previous-ccrc-application", "previous-ccrc-application")
    v.answer("No", HORIZON_QUESTION,
             "/questions/post-office-horizon", "post-office-horizon")
    v.answer("No", CHECK, "/check-your-answers", "check-your-answers")
    check_answers_then_results(v)

    appeal = page.locator("#route-appeal")
    expect(appeal.get_by_role("heading", level=2)).to_have_text("Appeal to the Court of Appeal")
    row = appeal.locator(".govuk-summary-list__row").filter(has_text="Appeal against the conviction by")
    expect(row.locator("strong").first).to_have_text(long_date(convicted + timedelta(days=28)))
    expect(row).to_contain_text("days left")
    expect(page.locator("#route-ccrc h2")).to_have_text("Apply to the Criminal Cases Review Commission")


"""A whole journey in Welsh, JavaScript on and off: the language chosen on the start page,
every question asked in Welsh, the results, a review request sent, its confirmation, and
the results after it (the review under way). Each heading is the catalogue's Welsh, so an
untranslated or English string fails here as it would for a Welsh reader.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from questionnaire.calendar import add_working_days, today_in_england
from questionnaire.flow import QUESTIONS_BY_ID, audience
from tests.web.journeys import expected_questions

from .accessibility_support import welsh
from .support import new_visitor_context

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])


def decided() -> date:
    return today_in_england() - timedelta(days=3)


def answers_today() -> dict:
    return {"role": "victim", "decision_by": "cps", "decision_type": "no_charge",
            "decision_date": decided().isoformat(),
            "victim_withdrew_support": False, "decision_maker": "area", "awaiting_material": False,
            "offence": ["other"], "summary_only": False, "vrr_stage": "not_requested",
            "told_of_right_to_review": True}


def answer(page, question_id: str, value) -> None:
    """Answer one question as a person would, in whatever language the page is in."""
    question = QUESTIONS_BY_ID[question_id]
    expect(page.locator("h1")).to_have_text(welsh(question.title_for(audience("victim"))))
    assert page.locator("html").get_attribute("lang") == "cy"
    if question.kind == "date":
        day, month, year = value.split("-")[2], value.split("-")[1], value.split("-")[0]
        inputs = page.locator(f"input[name={question_id}]")
        for index, part in enumerate((day, month, year)):
            inputs.nth(index).fill(str(int(part)))
    elif question.kind == "yes_no":
        page.locator(f"input[name={question_id}][value={'yes' if value else 'no'}]").check()
    elif question.kind == "multi":
        for item in value:
            page.locator(f"input[name={question_id}][value={item}]").check()
    else:
        page.locator(f"input[name={question_id}][value={value}]").check()
    page.get_by_role("button", name=welsh("Continue"), exact=True).click()


@JS
def test_a_whole_journey_in_welsh_to_a_sent_review_request(new_context, js):
    page = new_visitor_context(new_context, js).new_page()
    page.goto("/")
    page.locator(".app-language a[hreflang=cy]").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.get_by_role("button", name=welsh("Start now")).click()

    answers = answers_today()
    for question_id in expected_questions(answers, today_in_england()):
        answer(page, question_id, answers[question_id])
    expect(page.locator("h1")).to_have_text(welsh("Check your answers"))
    page.get_by_role("button", name=welsh("See your options")).click()

    expect(page.locator("h1")).to_have_text(welsh("Your options"))
    review = page.locator("#route-vrr")
    expect(review.locator("h2")).to_have_text(welsh("Ask the CPS to review the decision"))
    deadline = add_working_days(decided(), 10)
    expect(review).to_contain_text(format_date(deadline, "EEEE d MMMM y", locale="cy"))
    review.get_by_role("button", name=welsh("Ask for a review")).click()

    expect(page.locator("h1")).to_have_text(welsh("Your details"))
    page.locator("input[name=full_name]").fill("Alun Enghraifft")
    page.get_by_role("button", name=welsh("Continue"), exact=True).click()
    expect(page.locator("h1")).to_have_text(welsh("How to contact you"))
    page.locator("input[name=preferred][value=email]").check()
    page.locator("input[name=email]").fill("alun@example.com")
    page.locator("input[name=safe][value=email]").check()
    page.get_by_role("button", name=welsh("Continue"), exact=True).click()
    expect(page.locator("h1")).to_have_text(welsh("Language and support"))
    page.locator("input[name=language][value=cy]").check()
    page.get_by_role("button", name=welsh("Continue"), exact=True).click()
    expect(page.locator("h1")).to_have_text(welsh("About the case"))
    page.locator("select[name=wrote]").select_option("cymru_wales")
    page.get_by_role("button", name=welsh("Continue"), exact=True).click()
    expect(page.locator("h1")).to_have_text(welsh("Check your request before sending it"))
    page.get_by_role("button", name=welsh("Send request"), exact=True).click()

    expect(page.locator("h1")).to_have_text(welsh("Review request sent"))
    main = page.locator("main")
    expect(main).to_contain_text(welsh("We sent your %(kind)s. It went to: %(office)s.",
                                       kind=welsh("request for a review (Victims' Right to Review)"),
                                       office=welsh("CPS Cymru-Wales")))
    expect(main).to_contain_text(welsh("What happens next"))
    for english in ("Review request sent", "What happens next", "Your reference", "Keep a record"):
        assert welsh(english) != english, english
        expect(main).not_to_contain_text(re.compile(rf"\b{re.escape(english)}\b"))

    page.goto("/results")
    expect(page.locator("#route-vrr h2")).to_have_text(welsh("Your review is under way"))
    expect(page.get_by_role("button", name=welsh("Ask for a review"))).to_have_count(0)

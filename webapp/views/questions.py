"""The questionnaire: one generic view for every question, then check answers and results.

Post/redirect/get throughout; with htmx the same URLs answer with the page's content
only (see templates/fragment.html). Answers live server-side (webapp/drafts.py).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from questionnaire import InvalidAnswers, assess, validate
from questionnaire.calendar import today_in_england
from questionnaire.flow import (
    FOLLOW_UPS,
    QUESTIONS_BY_ID,
    QUESTIONS_BY_SLUG,
    asked,
    audience,
    relevant,
)
from questionnaire.flow import next_question as first_needed

from .. import calendar_file, drafts, forms, presenters
from ..i18n import translate_error

bp = Blueprint("questions", __name__)
PREVIEW_KEY = "preview"


def _assess(answers: dict) -> dict:
    """The assessment of these answers today, worked out once per request (the flow, the
    back link and the page each ask for it)."""
    cache = g.setdefault("assessments", {})
    key = repr(sorted(answers.items()))
    if key not in cache:
        cache[key] = assess(answers, today_in_england())
    return cache[key]


def _missing(answers: dict) -> list[str]:
    return _assess(answers)["missing"]


def _next_url(answers: dict, back_to_check: bool = False) -> str:
    question = first_needed(_missing(answers))
    if question is None:
        return url_for("questions.check_answers")
    args = {"return_to": "check"} if back_to_check else {}
    return url_for("questions.question", slug=question.slug, **args)


def _askable(question, answers: dict) -> bool:
    """A question may be shown if it has been answered, is needed now, or is a follow-up."""
    if question.id in answers or question.id in _missing(answers):
        return True
    if question.id in FOLLOW_UPS:
        return bool(answers.get("decision_by")) and "vrr" in _assess(answers)["routes"]
    return False


def _back_url(question, answers: dict, back_to_check: bool) -> str:
    """The question asked before this one (in the order it was asked), or the start."""
    if back_to_check:
        return url_for("questions.check_answers")
    path = asked(answers, _missing)
    before = path[: path.index(question)] if question in path else path
    if before:
        return url_for("questions.question", slug=before[-1].slug)
    return url_for("pages.start")


def _take_preview(answers: dict) -> presenters.Deadline | None:
    """The deadline preview of the date just answered, shown once after submitting."""
    question = QUESTIONS_BY_ID.get(session.pop(PREVIEW_KEY, ""))
    return _preview(question, answers) if question else None


def _preview(question, answers: dict) -> presenters.Deadline | None:
    key = question.extra.get("preview")
    if not key or question.id not in answers:
        return None
    try:
        assessment = _assess(answers)
    except InvalidAnswers:
        return None
    found = presenters.deadlines(assessment, (key,))
    return found[0] if found else None


@bp.route("/questions/<slug>", methods=["GET", "POST"])
def question(slug: str):
    question = QUESTIONS_BY_SLUG.get(slug) or abort(404)
    answers = drafts.answers()
    back_to_check = request.args.get("return_to") == "check"
    if drafts.expired():
        return _told_expired()
    if question.id != "role" and not answers:
        return redirect(url_for("pages.start"))
    if not _askable(question, answers):
        return redirect(_next_url(answers))
    who = audience(answers.get("role"))

    if request.method == "POST":
        form = forms.build_form(question, who, formdata=request.form)
        if forms.validate(form):
            new = {**answers, question.id: forms.answer_value(question, form)}
            try:
                validate(new, today_in_england())
            except InvalidAnswers as invalid:
                form[question.id].errors = [translate_error(e.message, e.params) for e in invalid.errors]
            else:
                kept, aside = _keep(new)
                drafts.save(kept, aside)
                if question.extra.get("preview"):
                    session[PREVIEW_KEY] = question.id
                return redirect(_next_url(kept, back_to_check), code=303)
    else:
        form = forms.build_form(question, who, value=answers.get(question.id))

    return render_template(
        "pages/question.html",
        form=form,
        question=question,
        title=_(question.title_for(who)),
        back_url=_back_url(question, answers, back_to_check),
        action=request.full_path.rstrip("?"),
        preview=_take_preview(answers) if request.method == "GET" else None,
        # The stored date's deadline, not on a page showing errors: the date typed is not it.
        live_preview=_preview(question, answers) if question.extra.get("preview") and not form.errors else None,
    )


def _keep(new: dict) -> tuple[dict, dict]:
    """(the answers the others call for, those set aside). An answer set aside by an
    earlier change comes back when the new answers call for it again, so changing an
    answer and changing it back never means answering everything again."""
    candidate = {**drafts.set_aside(), **new}
    kept = relevant(candidate, _missing)
    try:
        validate(kept, today_in_england())
    except InvalidAnswers:  # an answer set aside no longer fits (dates out of order): leave them out
        kept = relevant(new, _missing)
    aside = {k: v for k, v in candidate.items() if k not in kept}
    return kept, aside


@bp.post("/questions/<slug>/preview")
def preview(slug: str):
    """htmx: the deadline this date would give, as the date is typed."""
    question = QUESTIONS_BY_SLUG.get(slug) or abort(404)
    if not question.extra.get("preview"):
        abort(404)
    answers = drafts.answers()
    form = forms.build_form(question, audience(answers.get("role")), formdata=request.form)
    deadline = None
    if forms.validate(form):
        deadline = _preview(question, {**answers, question.id: forms.answer_value(question, form)})
    return render_template("partials/deadline-preview.html", deadline=deadline, question=question)


def _told_expired():
    """Answers deleted for being idle: say so (also to an htmx post, which follows the redirect)."""
    return redirect(url_for("pages.expired"), code=303 if request.method == "POST" else 302)


def _complete_answers():
    """(answers, None) once every needed answer is given, else (None, where to go)."""
    answers = drafts.answers()
    if drafts.expired():
        return None, _told_expired()
    if not answers:
        return None, redirect(url_for("pages.start"))
    if _missing(answers):
        return None, redirect(_next_url(answers))
    return answers, None


@bp.get("/check-your-answers")
def check_answers():
    answers, elsewhere = _complete_answers()
    if elsewhere:
        return elsewhere
    who = audience(answers.get("role"))
    rows = []
    for row in presenters.answer_rows(answers):
        question = row["question"]
        rows.append({**row, "slug": question.slug, "title": _(question.title_for(who))})
    return render_template("pages/check-answers.html", rows=rows, preview=_take_preview(answers))


@bp.get("/results")
def results():
    answers, elsewhere = _complete_answers()
    if elsewhere:
        return elsewhere
    assessment = _assess(answers)
    upcoming = presenters.upcoming(assessment, answers)
    return render_template(
        "pages/results.html",
        a=assessment,
        answers=answers,
        who=audience(answers.get("role")),
        order=presenters.ordered_routes(assessment),
        deadlines=presenters.deadlines,
        results_deadlines=presenters.results_deadlines,
        cite=presenters.citations,
        can_complain="vrr" in assessment["routes"] and "service_complaint" not in answers,
        upcoming=upcoming,
    )


@bp.get("/results/calendar.ics")
def results_calendar():
    """The dates still ahead on the results page, to keep before sending anything."""
    answers, elsewhere = _complete_answers()
    if elsewhere:
        return elsewhere
    dates = presenters.upcoming(_assess(answers), answers)
    if not dates:
        abort(404)
    return Response(calendar_file.build(dates), mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="your-options-dates.ics"'})

"""Sending a request from the results page: its form pages, check and send, confirmation.

Post/redirect/get; the details live in the draft until "Send request", which stores the
request and deletes the draft in one transaction (webapp/requests_store.py).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from questionnaire import assess
from questionnaire.calendar import today_in_england
from questionnaire.request_kinds import KINDS

from .. import calendar_file, drafts, notifications, pdf_copy, presenters, requests_store
from .. import sent as sent_words
from ..extensions import limiter
from ..i18n import language
from ..offices import OFFICES
from ..request_forms import STEPS, sniff, steps_for

bp = Blueprint("requests", __name__, url_prefix="/requests")
SENT_KEY = "sent"


def _available(kind: str, answers: dict) -> bool:
    """The results offer this request now (request_kinds: its route, at its step)."""
    if kind not in STEPS or kind not in KINDS or not answers:
        return False
    assessment = assess(answers, today_in_england())
    return not assessment["missing"] and KINDS[kind].offered(assessment)


def _draft_for(kind: str):
    draft = drafts.current()
    if draft is None or draft.request.get("kind") != kind:
        return None
    return draft


def _steps(kind: str, draft) -> tuple:
    return steps_for(kind, draft.answers.get("role"))


def _step(kind: str, slug: str, draft):
    for index, step in enumerate(_steps(kind, draft)):
        if step[0] == slug:
            return index, step
    abort(404)


@bp.post("/<kind>/start")
def start(kind: str):
    answers = drafts.answers()
    if not _available(kind, answers):
        abort(404)
    draft = drafts.current()
    if draft.request.get("kind") != kind:
        drafts.save_request({"kind": kind, "details": {}, "submission_id": secrets.token_urlsafe(24)})
    return redirect(url_for("requests.step", kind=kind, slug=_steps(kind, drafts.current())[0][0]), code=303)


def _request_limit() -> str:
    return current_app.config["REQUEST_RATE_LIMIT"]


def _upload_limit() -> str:
    return current_app.config["UPLOAD_RATE_LIMIT"]


def _not_an_upload() -> bool:
    return (request.view_args or {}).get("slug") != "authority"


@bp.route("/<kind>/<slug>", methods=["GET", "POST"])
@limiter.limit(_upload_limit, methods=["POST"], exempt_when=_not_an_upload, scope="upload")
def step(kind: str, slug: str):
    if kind not in STEPS:
        abort(404)
    draft = _draft_for(kind)
    if draft is None:
        return redirect(url_for("questions.results"))
    index, (slug, form_class, _title) = _step(kind, slug, draft)
    details = dict(draft.request.get("details", {}))
    back_to_check = request.args.get("return_to") == "check"
    steps = _steps(kind, draft)
    if request.method == "POST":
        form = form_class()
        if form.validate():
            for name, field in form._fields.items():
                if field.type == "FileField":
                    _store_upload(field.data, details)
                elif name != "csrf_token":
                    details[name] = field.data
            drafts.save_request({**draft.request, "details": details})
            if back_to_check or index + 1 == len(steps):
                return redirect(url_for("requests.check", kind=kind), code=303)
            return redirect(url_for("requests.step", kind=kind, slug=steps[index + 1][0]), code=303)
    else:
        form = form_class(formdata=None, data=details)
    return _render_step(kind, steps, index, form, back_to_check)


def _render_step(kind: str, steps: tuple, index: int, form, back_to_check: bool):
    previous = (url_for("requests.check", kind=kind) if back_to_check
                else url_for("requests.step", kind=kind, slug=steps[index - 1][0]) if index
                else url_for("questions.results"))
    return render_template("pages/request-step.html", form=form, title=steps[index][2], back_url=previous,
                           multipart=any(f.type == "FileField" for f in form),
                           action=request.full_path.rstrip("?"),
                           error=bool(form.errors or any(f.errors for f in form)))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A file over the limit on the upload step: say so on the field, as for any error."""
    args = request.view_args or {}
    draft = _draft_for(args.get("kind", ""))
    if args.get("slug") != "authority" or draft is None:
        return render_template("pages/error.html", code=413), 413
    index, (_slug, form_class, _title) = _step(args["kind"], "authority", draft)
    form = form_class(formdata=None, data=draft.request.get("details", {}))
    form.authority_file.errors = [_("The selected file must be smaller than 5 MB")]
    return _render_step(args["kind"], _steps(args["kind"], draft), index, form,
                        request.args.get("return_to") == "check")


@bp.get("/<kind>/check")
def check(kind: str):
    draft = _draft_for(kind)
    if draft is None:
        return redirect(url_for("questions.results"))
    details = draft.request.get("details", {})
    steps = _steps(kind, draft)
    done = _completed_steps(steps, details)
    if not all(s[0] in done for s in steps):
        return redirect(url_for("requests.step", kind=kind, slug=steps[0][0]))
    return render_template("pages/request-check.html", kind=kind, rows=_summary(steps, details),
                           submission_id=draft.request["submission_id"])


@bp.post("/<kind>/send")
@limiter.limit(_request_limit, scope="send")
def send(kind: str):
    """Store the request once, whatever the number or order of posts of this form."""
    submission_id = request.form.get("submission_id", "")
    sent = requests_store.by_submission(submission_id) if submission_id else None
    if sent is None:
        draft = _draft_for(kind)
        if draft is not None and submission_id and draft.request.get("submission_id") == submission_id:
            sent = requests_store.send(draft, submission_id, language())
            notifications.deliver_pending()  # after the commit; a failure leaves them queued
        else:
            # No draft: a concurrent post of the same form may have just stored it.
            sent = requests_store.by_submission(submission_id) if submission_id else None
            if sent is None:
                return redirect(url_for("questions.results"))
    if not _owns(sent):
        abort(404)  # another person's submission id: reveal nothing
    session[SENT_KEY] = sent.reference
    return redirect(url_for("requests.sent"), code=303)


def _owns(sent) -> bool:
    """This browser sent it: it holds the "sent" mark, or the draft it was sent from."""
    return (session.get(SENT_KEY) == sent.reference
            or requests_store.owner_of(session.get(drafts.SESSION_KEY)) == sent.owner)


def _sent_request():
    reference = session.get(SENT_KEY)
    sent = requests_store.by_reference(reference) if reference else None
    if sent is None:
        abort(404)
    return sent


@bp.get("/sent")
def sent():
    sent = _sent_request()
    answers = drafts.answers()  # kept after sending, moved on by it
    assessment = assess(answers, today_in_england()) if answers else None
    still_open = (sent_words.still_open(assessment, sent_words.sent_kinds(sent.owner))
                  if assessment and not assessment["missing"] else [])
    return render_template(
        "pages/request-sent.html", sent=sent, office=OFFICES[sent.office],
        next_dates=presenters.sent_dates(sent, today_in_england()),
        email=sent_words.confirmation_email(sent), still_open=still_open, words=sent_words,
    )


@bp.get("/sent/copy.pdf")
def pdf():
    sent = _sent_request()
    next_dates = presenters.sent_dates(sent, today_in_england())
    body = pdf_copy.build(sent, next_dates, _summary(steps_for(sent.kind, sent.answers.get("role")), sent.details))
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="request-copy.pdf"'})


@bp.get("/sent/calendar.ics")
def calendar():
    sent = _sent_request()
    dates = presenters.sent_dates(sent, today_in_england())
    if not dates:
        abort(404)  # nothing to put in a calendar (the page offers no link then)
    body = calendar_file.build(dates, sent.reference)
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="request-dates.ics"'})


def _completed_steps(steps: tuple, details: dict) -> set[str]:
    return {slug for slug, form_class, _ in steps
            if all(name in details for name, f in form_class()._fields.items()
                   if name != "csrf_token" and f.type != "FileField")}


def _store_upload(upload, details: dict) -> None:
    """Keep an uploaded authority outside the web root under a random name; the type
    comes from the content (checked by the form), never from the name or the browser."""
    if not isinstance(upload, FileStorage) or not upload.filename:
        return
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    upload.save(folder / token)
    with (folder / token).open("rb") as handle:
        details["authority_file"] = {"token": token, "type": sniff(handle.read(16)),
                                     "size": (folder / token).stat().st_size}


def _summary(steps: tuple, details: dict) -> list[dict]:
    rows = []
    for slug, form_class, _title in steps:
        form = form_class(formdata=None, data=details)
        for name, field in form._fields.items():
            if name == "csrf_token":
                continue
            if field.type == "FileField":
                if details.get("authority_file"):
                    rows.append({"key": str(field.label.text), "value": _("File uploaded"), "slug": slug})
                continue
            value = details.get(name)
            if value in (None, "", []):
                continue
            if hasattr(field, "choices") and field.choices:
                labels = {c.value: str(c.label) for c in field.choices}
                values = value if isinstance(value, list) else [value]
                shown = ", ".join(labels.get(v, v) for v in values)
            else:
                shown = value
            rows.append({"key": str(field.label.text), "value": shown, "slug": slug})
    return rows

"""Content pages, starting and leaving: start, staying safe, guidance, session actions."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for

from .. import drafts
from ..preferences import local_path
from ..presenters import guidance_paragraphs

bp = Blueprint("pages", __name__)


@bp.get("/")
def start():
    drafts.told_expired()  # starting again: no "we deleted your answers" page later
    return render_template("pages/start.html", deleted=request.args.get("deleted") == "1")


@bp.post("/start")
def begin():
    return redirect(url_for("questions.question", slug="role"), code=303)


@bp.get("/staying-safe-online")
def staying_safe():
    return render_template("pages/staying-safe-online.html")


@bp.get("/cookies")
def cookies():
    return render_template("pages/cookies.html", idle_minutes=current_app.config["IDLE_MINUTES"],
                           session_cookie=current_app.config["SESSION_COOKIE_NAME"])


# When the accessibility statement was prepared and last reviewed.
STATEMENT_PREPARED = date(2026, 11, 22)


@bp.get("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html", prepared=STATEMENT_PREPARED,
                           contact_email=current_app.config["CONTACT_EMAIL"])


@bp.get("/guidance/victims-right-to-review")
def guidance():
    return render_template("pages/guidance.html", paragraphs=guidance_paragraphs())


@bp.get("/start-again")
def confirm_delete():
    """"Start again and delete my answers" asks first (GOV.UK: confirm a destructive action)."""
    return render_template("pages/start-again.html", back_url=_back_here(request.args.get("back")))


@bp.post("/delete-answers")
def delete_answers():
    """"Yes, delete my answers": delete them, then say so on the start page."""
    drafts.delete()
    return redirect(url_for("pages.start", deleted=1), code=303)


def _back_here(path: str | None = None) -> str:
    """`path` (the page the form was on) or the page the browser says it came from (none
    do: Referrer-Policy no-referrer), if it is one of ours; else the start page."""
    if path:
        return local_path(path)
    back = urlsplit(request.referrer or "")
    same_site = back.netloc in ("", request.host)
    return local_path(back.path) if same_site and back.path else url_for("pages.start")


@bp.get("/exit")
def exit_page():
    """"Exit this page": delete the answers and the session, then leave for a neutral site."""
    drafts.delete()
    session.clear()
    response = redirect(current_app.config["EXIT_URL"])
    # Ask the browser to drop this site's cache and storage too (no back button into it).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.post("/session/extend")
def extend_session():
    """The timeout warning's "Continue": counts as activity. JSON for scripts, else back
    to the page the person was on; too late, "we deleted your answers"."""
    expires = drafts.touch()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(expires_at=expires.isoformat() if expires else None,
                       expires_in=drafts.seconds_left(), expired=drafts.expired())
    if drafts.expired():
        return redirect(url_for("pages.expired"), code=303)
    return redirect(_back_here(request.form.get("next")), code=303)


@bp.get("/session/expired")
def expired():
    drafts.delete()  # and forgets that there was something to tell
    return render_template("pages/expired.html")


@bp.app_context_processor
def timeout_warning_context():
    return {"answers_expire_in": drafts.seconds_left}


@bp.after_app_request
def answers_expire_in(response):
    """Every htmx response says how long the answers are kept (seconds; "none" without
    answers), so the timeout warning is armed, moved on or stood down after each swap."""
    if request.headers.get("HX-Request") == "true" and not request.path.startswith(("/staff", "/api/")):
        left = drafts.seconds_left()
        response.headers["X-Answers-Expire-In"] = "none" if left is None else str(left)
    return response

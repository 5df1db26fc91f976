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


@bp.post("/delete-answers")
def delete_answers():
    """"Start again": delete the answers, then say so on the start page."""
    drafts.delete()
    return redirect(url_for("pages.start", deleted=1), code=303)


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
    """The timeout warning's "Continue": counts as activity. JSON for scripts, else back."""
    expires = drafts.touch()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(expires_at=expires.isoformat() if expires else None)
    # Back to the page the person was on, if the browser said and it is one of ours.
    back = urlsplit(request.referrer or "")
    same_site = back.netloc in ("", request.host)
    return redirect(local_path(back.path) if same_site and back.path else url_for("pages.start"), code=303)


@bp.get("/session/expired")
def expired():
    drafts.delete()
    return render_template("pages/expired.html")

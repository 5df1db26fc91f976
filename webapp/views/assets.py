"""Front-end files from npm (node_modules), never from a CDN and never copied in.

/assets/... is GOV.UK Frontend's fonts and images (its CSS refers to /assets);
/static/govuk/... its CSS and JavaScript; /static/htmx/... htmx; /static/... our own.
"""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("assets", __name__)
MAX_AGE = 60 * 60 * 24


def _modules(*parts: str):
    return current_app.config["NODE_MODULES"].joinpath(*parts)


@bp.get("/assets/<path:filename>")
def govuk_assets(filename: str):
    return send_from_directory(_modules("govuk-frontend", "dist", "govuk", "assets"), filename, max_age=MAX_AGE)


@bp.get("/static/govuk/<any('govuk-frontend.min.css','govuk-frontend.min.js'):filename>")
def govuk_bundle(filename: str):
    return send_from_directory(_modules("govuk-frontend", "dist", "govuk"), filename, max_age=MAX_AGE)


@bp.get("/static/htmx/htmx.min.js")
def htmx_js():
    return send_from_directory(_modules("htmx.org", "dist"), "htmx.min.js", max_age=MAX_AGE)

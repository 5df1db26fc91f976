"""The floors for this stack: minimal Flask apps that answer the same GOV.UK page as a
questionnaire step, with no logic, no session, no database. Two of them, both started by
benchmarks/load.py under the same gunicorn settings as the app:

- `bytes_floor()`, the HTTP floor: the step's HTML as the app rendered it, saved by
  load.py with `{{ nonce }}` where the page carries the per-request nonce of its
  Content-Security-Policy, sent through one precompiled trivial template with the app's
  own response headers (a JSON file, NONCE where the nonce was). No GOV.UK rendering at
  all: what Flask and gunicorn cost for these bytes.

      BASELINE_PAGE=page.html BASELINE_HEADERS=headers.json \
          gunicorn --pythonpath benchmarks 'baseline_app:bytes_floor()'

- `rendering_floor()`, the floor of issue 7 ("a minimal Flask app rendering the same
  GOV.UK page without logic or database"): the page rendered on every request from
  benchmarks/baseline_templates/step.html, which extends govuk-frontend-jinja's
  template.html and calls the same components as the app's page (skip link, header,
  service navigation, the language links and the display settings' two small radio
  groups, Exit this page, back link, the question's radios with their hint and legend,
  Continue, footer), with the Jinja settings of webapp/__init__.py (a ChoiceLoader with
  a PrefixLoader for govuk_frontend_jinja, ChainableUndefined, trim_blocks and
  lstrip_blocks). Its data is fixed, in plain English (below): only the CSP nonce is
  new per request. It sends the app's headers (written out below). The <head> is the
  app's own partial (webapp/templates/partials/head.html, as `webapp/partials/head.html`):
  markup with no logic that every page shares, so a change to it (htmx's config, a
  stylesheet) changes the floor's page too instead of breaking load.py's same-page
  check; its url_for calls build the app's URLs from the same rules (`_app_urls`). The
  rest is written out here, and load.py checks it is still the app's page.

      gunicorn --pythonpath benchmarks 'baseline_app:rendering_floor()'

Each answers GET /questions/<slug> with the page (200) and GET / with "up".
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, render_template
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

NONCE = "NONCE"
TEMPLATES = Path(__file__).resolve().parent / "baseline_templates"
APP_TEMPLATES = Path(__file__).resolve().parent.parent / "webapp" / "templates"


def _with_nonce(headers: dict[str, str], nonce: str) -> dict[str, str]:
    return {name: value.replace(NONCE, nonce) for name, value in headers.items()}


def bytes_floor() -> Flask:
    """The saved bytes of the step, with a fresh nonce: the HTTP floor."""
    app = Flask(__name__)
    page = app.jinja_env.from_string(Path(os.environ["BASELINE_PAGE"]).read_text(encoding="utf-8"))
    headers = json.loads(Path(os.environ["BASELINE_HEADERS"]).read_text(encoding="utf-8"))

    @app.get("/")
    def up():
        return "up"

    @app.get("/questions/<slug>")
    def question(slug: str):
        nonce = secrets.token_urlsafe(16)
        response = Response(page.render(nonce=nonce), mimetype="text/html")
        response.headers.update(_with_nonce(headers, nonce))
        return response

    return app


# --------------------------------------------------------------------------- the rendering floor's data

# The app's response headers for a question page (webapp/security.py, the question view).
HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self' 'nonce-NONCE'; style-src 'self'; "
                               "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "permissions-policy": "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
                          "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
                          "publickey-credentials-get=(), screen-wake-lock=(), usb=(), xr-spatial-tracking=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
    "vary": "HX-Request, Cookie",
}

HIGH_CONTRAST_MEDIA = {"auto": "(prefers-contrast: more)", "dark": "all",
                       "light": "all", "standard": "not all", "yellow": "all"}


def _choices(pairs: list[tuple[str, str]], checked: str) -> list[dict]:
    return [{"value": value, "text": text, "checked": value == checked} for value, text in pairs]


CONTRAST_ITEMS = _choices([("auto", Markup("Use my device's setting")), ("standard", "Standard"),
                           ("dark", "High contrast: white on black"), ("light", "High contrast: black on white"),
                           ("yellow", "High contrast: yellow on black")], "auto")
TEXT_SIZE_ITEMS = _choices([("standard", "Standard"), ("large", "Large"), ("larger", "Larger")], "standard")

# The step benchmarks/load.py measures: /questions/decision-maker.
QUESTION = {
    "name": "decision_maker",
    "title": "Who in the CPS made the decision?",
    "hint": "The letter is usually signed by the prosecutor who made the decision.",
    "back_url": "/questions/victim-withdrew-support",
    "choices": [
        {"value": "area", "text": "A prosecutor in a local CPS Area"},
        {"value": "cps_direct", "text": "CPS Direct", "hint": {"text": "The CPS's out-of-hours charging service"}},
        {"value": "chief_crown_prosecutor", "text": "A Chief Crown Prosecutor"},
        {"value": "central_casework", "text": "A Central Casework Division",
         "hint": {"text": "For example, Special Crime, Serious Economic Organised Crime, International Justice"}},
        {"value": "director_legal_services", "text": "A Director of Legal Services"},
        {"value": "dpp", "text": "The Director of Public Prosecutions, personally",
         "hint": {"text": "Only where the law says the Director must decide"}},
        {"divider": "or"},
        {"value": "unknown", "text": "I'm not sure"},
    ],
}
# Fixed: a token of the same length as flask-wtf's, and an expiry time as the app writes it.
CSRF_TOKEN = "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.awLSnw.AAAAAAAAAAAAAAAAAAAAAAAAAAA"  # noqa: S105
EXPIRES_AT = "2026-11-22T12:00:00.000000+00:00"


def _app_urls() -> Blueprint:
    """The URL rules the app's head partial builds with url_for (webapp/views/assets.py,
    the same blueprint and endpoint names; Flask's own `static` is /static already). The
    floor never serves these files: its page is all that is measured."""
    assets = Blueprint("assets", __name__)

    @assets.get("/static/govuk/<any('govuk-frontend.min.css','govuk-frontend.min.js'):filename>")
    def govuk_bundle(filename: str):
        abort(404)

    return assets


def rendering_floor() -> Flask:
    """The same GOV.UK page rendered per request from govuk-frontend-jinja, fixed data."""
    app = Flask(__name__)
    app.register_blueprint(_app_urls())
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(TEMPLATES),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                      "webapp": FileSystemLoader(APP_TEMPLATES)}),
    ])
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.get("/")
    def up():
        return "up"

    @app.get("/questions/<slug>")
    def question(slug: str):
        nonce = secrets.token_urlsafe(16)
        page = render_template("step.html", nonce=nonce, path=f"/questions/{slug}", question=QUESTION,
                               csrf_token=CSRF_TOKEN, expires_at=EXPIRES_AT, contrast_items=CONTRAST_ITEMS,
                               text_size_items=TEXT_SIZE_ITEMS, high_contrast_media=HIGH_CONTRAST_MEDIA)
        response = Response(page, mimetype="text/html")
        response.headers.update(_with_nonce(HEADERS, nonce))
        return response

    return app

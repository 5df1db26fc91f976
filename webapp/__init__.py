"""The web app: the questionnaire, its results, and the JSON API over the engine."""

from __future__ import annotations

from flask import Flask, abort, g, render_template, request
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from . import drafts, i18n, preferences, security
from .config import INSTANCE, Config
from .extensions import limiter
from .models import db, tune_sqlite
from .requests_in import Request

csrf = CSRFProtect()


def create_app(config: dict | None = None) -> Flask:
    """The app, with settings from the environment, overridden by `config` (tests)."""
    app = Flask(__name__, instance_path=str(INSTANCE))
    app.request_class = Request  # no NUL characters in form or query values (requests_in.py)
    app.config.from_object(Config())
    if config:
        app.config.update(config)

    app.jinja_loader = ChoiceLoader([
        PackageLoader("webapp"),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    # govuk-frontend-jinja's template.html calls macros with no arguments (STACK.md).
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)

    @app.before_request
    def no_nul_in_the_path():
        if "\x00" in request.path:
            abort(404)

    @app.before_request
    def allow_upload_size():
        # Registered before CSRF's own check, which reads the body: the one step with a
        # file may be larger than MAX_CONTENT_LENGTH.
        if request.endpoint == "requests.step" and (request.view_args or {}).get("slug") == "authority":
            request.max_content_length = app.config["UPLOAD_MAX_BYTES"] + 64 * 1024

    from .staff.auth import StaffAwareSessionInterface

    app.session_interface = StaffAwareSessionInterface()  # staff pages: a cookie of their own
    csrf.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    i18n.init_app(app)
    preferences.init_app(app)
    security.init_app(app)

    from .views import api, assets, pages, questions, requests

    app.register_blueprint(assets.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(questions.bp)
    app.register_blueprint(requests.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    from .staff import cli as staff_cli
    from .staff import views as staff_views

    app.register_blueprint(staff_views.bp)
    staff_cli.init_app(app)

    @app.context_processor
    def layout_helpers():
        return {"is_fragment": is_fragment, "draft_expires_at": _draft_expires_at}

    @app.after_request
    def htmx_headers(response):
        if is_fragment() and request.headers.get("HX-Boosted") == "true" and (
                response.status_code < 400 or request.method == "GET"):
            # A page step (boosted link or form): htmx follows redirects, so record the
            # URL the person ended up on. Partial updates (the date preview) push nothing, nor
            # do error pages answering a post (htmx swaps them in: the responseHandling in
            # partials/head.html), whose URL cannot be loaded again.
            response.headers["HX-Push-Url"] = request.full_path.rstrip("?")
            expires = _draft_expires_at() if "draft" in g else None
            if expires:
                response.headers["X-Answers-Expire-At"] = expires.isoformat()
        return response

    @app.cli.command("deliver-notifications")
    def deliver_notifications_command():
        """Send queued notifications (retries those that failed). Prints how many."""
        from .notifications import deliver_pending

        print(f"sent {deliver_pending()} notifications")

    for code in (400, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page(code))
    return app


def is_fragment() -> bool:
    """An htmx request for the page's content (not a history restore, which wants it all)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def _draft_expires_at():
    draft = drafts.current()
    return drafts.expires_at(draft) if draft else None


def _error_page(code: int):
    def handler(error):
        if request.path.startswith("/api/"):
            return {"errors": [{"field": "answers", "message": getattr(error, "description", "")}]}, code
        template = "staff/error.html" if request.path.startswith("/staff") else "pages/error.html"
        return render_template(template, code=code), code

    return handler

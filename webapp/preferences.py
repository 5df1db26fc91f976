"""The person's own settings, kept in functional cookies: language, contrast, text size.

Every page has a language link (`?lang=cy` on the page's own address: the step and the
answers stay, the answers being on the server) and a small display settings form that
posts here and comes back to the same page and place. The server applies the settings,
so there is no flash of the wrong colours; app.js applies them at once when it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .i18n import COOKIE as LANGUAGE_COOKIE
from .i18n import LANGUAGES, language

bp = Blueprint("preferences", __name__)

YEAR = 365 * 24 * 60 * 60
# Where the form may return to: a path of this service (letters, digits, - _ . /), not "//".
LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9/_.-]{0,200}")
CONTRAST_COOKIE = "contrast"
TEXT_SIZE_COOKIE = "text_size"

# value -> label. "standard" is GOV.UK's own look; without a choice the browser's
# prefers-contrast decides (app.css, high-contrast.css); prefers-color-scheme only picks
# dark or light once more contrast is asked for.
CONTRASTS = {
    "auto": _l("Use my device's setting"),
    "standard": _l("Standard"),
    "dark": _l("High contrast: white on black"),
    "light": _l("High contrast: black on white"),
    "yellow": _l("High contrast: yellow on black"),
}
TEXT_SIZES = {
    "standard": _l("Standard"),
    "large": _l("Large"),
    "larger": _l("Larger"),
}


@dataclass(frozen=True)
class Display:
    contrast: str  # "auto": no choice made, follow the browser
    text_size: str

    @property
    def html_classes(self) -> str:
        return f"app-contrast-{self.contrast} app-text-{self.text_size}"

    @property
    def high_contrast_media(self) -> str:
        """The `media` of the high-contrast stylesheet link."""
        return HIGH_CONTRAST_MEDIA[self.contrast]


# Kept in step with app.js, which switches the stylesheet at once. "auto": only a browser
# asking for more contrast gets it; a phone in dark mode has not asked (journeys review).
HIGH_CONTRAST_MEDIA = {
    "auto": "(prefers-contrast: more)",
    "standard": "not all",
    "dark": "all", "light": "all", "yellow": "all",
}


def display() -> Display:
    contrast = request.cookies.get(CONTRAST_COOKIE)
    size = request.cookies.get(TEXT_SIZE_COOKIE)
    return Display(contrast if contrast in CONTRASTS else "auto", size if size in TEXT_SIZES else "standard")


def rendered_once(template: str, **context) -> Markup:
    """A partial that is the same for everyone reading it in one language, whatever else
    the request holds (no session, answers, nonce or CSRF token in it): rendered the first
    time and kept by the app. `context` must take a few values only: each is kept."""
    kept = current_app.extensions.setdefault("rendered_once", {})
    key = (template, language(), request.script_root, tuple(sorted(context.items())))
    if key not in kept:
        # A template we render ourselves: Jinja has escaped everything in it already.
        kept[key] = Markup(render_template(template, **context))  # noqa: S704
    return kept[key]


def display_radios(current: Display) -> Markup:
    """The display settings' radios, kept per language and settings (at most 30 variants):
    on every page they were a third of its rendering time."""
    return rendered_once("partials/display-radios.html", current=current)


def _remember(response, name: str, value: str) -> None:
    response.set_cookie(name, value, max_age=YEAR, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])


def switch_language():
    """`?lang=cy` or `?lang=en` on any page: remember it, then show the same page again
    (its address without the query), so the person stays on the same step."""
    chosen = request.args.get("lang")
    if request.method != "GET" or chosen not in LANGUAGES:
        return None
    response = redirect(local_path(request.path), code=303)
    _remember(response, LANGUAGE_COOKIE, chosen)
    return response


def language_link_target() -> str:
    """Where the language link goes: this page, if it can be fetched with GET (a page
    shown after a POST, such as one with errors, is shown again by its GET address)."""
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()) and request.blueprint != "api":
        return local_path(request.path)
    return url_for("pages.start")


def local_path(path: str) -> str:
    """`path` if it is one of this service's (LOCAL_PATH), else the start page."""
    return path if LOCAL_PATH.fullmatch(path) else url_for("pages.start")


@bp.post("/display-settings")
def save_display():
    """The display settings form. Unknown values are ignored, keeping the last choice."""
    # Only one of our own paths: browsers drop tabs and newlines from a Location, so
    # "/\t/evil.example" would become "//evil.example", another site.
    back = local_path(request.form.get("next", ""))
    if request.accept_mimetypes.best == "application/json":
        response = current_app.response_class(status=204)  # app.js already applied it
    else:
        flash(_l("Display settings saved."), "display")
        response = redirect(back + "#display-settings", code=303)
    for name, allowed in ((CONTRAST_COOKIE, CONTRASTS), (TEXT_SIZE_COOKIE, TEXT_SIZES)):
        value = request.form.get(name)
        if value in allowed:
            _remember(response, name, value)
    return response


def _radio_item(option: list, current: str) -> dict:
    """A (value, label) pair as a govukRadios item, checked when it is the current one."""
    value, label = option
    return {"value": value, "text": label, "checked": value == current}


def init_app(app: Flask) -> None:
    app.jinja_env.filters["display_option"] = _radio_item
    app.before_request(switch_language)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        display=display, display_radios=display_radios, rendered_once=rendered_once,
        language_link_target=language_link_target,
        contrast_options=CONTRASTS, text_size_options=TEXT_SIZES, high_contrast_media=HIGH_CONTRAST_MEDIA,
    )

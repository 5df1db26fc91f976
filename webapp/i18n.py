"""Languages (English, Welsh), and showing dates the way people read them."""

from __future__ import annotations

from datetime import date

from flask import Flask, request
from flask_babel import Babel, format_date, gettext, pgettext

LANGUAGES = {"en": "en_GB", "cy": "cy"}
COOKIE = "lang"

babel = Babel()


def select_locale() -> str:
    return LANGUAGES.get(request.cookies.get(COOKIE, ""), "en_GB")


def language() -> str:
    """"en" or "cy", for <html lang> and links."""
    return "cy" if select_locale() == "cy" else "en"


def long_date(day: date) -> str:
    """Wednesday 6 January 2027 (Dydd Mercher 6 Ionawr 2027)."""
    return format_date(day, "EEEE d MMMM y")


def translate(message: str, params: dict | None = None) -> str:
    """Translate English marked with N_ (or NP_, with a context) in the engine, then
    fill in its parameters."""
    context = getattr(message, "context", None)
    text = (pgettext(context, message) if context else gettext(message)) if message else message
    return text % params if params else text


# Parameters of the engine's error messages that are themselves English marked with N_
# (questionnaire/answers.py: each answer's label), so translated before they are put in.
TRANSLATED_PARAMS = ("label",)


def translate_error(message: str, params: dict | None = None) -> str:
    """An engine error (FieldError's message and params) in the page's language: the
    message and the answer's label it names, so a Welsh error never quotes English."""
    params = {k: gettext(v) if k in TRANSLATED_PARAMS and v else v for k, v in (params or {}).items()}
    return translate(message, params)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(language=language, t=translate)
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["iso_date"] = date.fromisoformat

"""Marking text for translation without importing any translation machinery.

The engine is pure Python: it marks its user-facing English with `N_` so that
`pybabel extract -k N_` finds it, and the web app translates it at render time
(`gettext(message) % params`). Outputs stay English on the command line.
"""


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark `message` for extraction; return it unchanged."""
    return message


class Contextual(str):
    """English text with a translation context (`pgettext`), for words whose
    translation depends on the question: Welsh answers yes and no by the verb of the
    question (Oes/Nac oes, Do/Naddo, Ydw/Nac ydw, Ie/Nage...)."""

    __slots__ = ("context",)

    context: str


def NP_(context: str, message: str) -> Contextual:  # noqa: N802 - gettext marker name
    """Mark `message` for extraction with `context`; return it, carrying the context."""
    text = Contextual(message)
    text.context = context
    return text

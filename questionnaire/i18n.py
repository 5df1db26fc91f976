"""Marking text for translation without importing any translation machinery.

The engine is pure Python: it marks its user-facing English with `N_` so that
`pybabel extract -k N_` finds it, and the web app translates it at render time
(`gettext(message) % params`). Outputs stay English on the command line.
"""


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark `message` for extraction; return it unchanged."""
    return message

"""The floor for this stack: a minimal Flask app that serves the same GOV.UK page as a
questionnaire step, with no logic, no session, no database.

benchmarks/load.py saves the HTML of the step it measures (as the app rendered it) with
`{{ nonce }}` where the page carries the per-request nonce of its Content-Security-Policy,
and the app's response headers (JSON, with NONCE where the nonce was), then starts this
app under the same gunicorn settings as the app:

    BASELINE_PAGE=page.html BASELINE_HEADERS=headers.json gunicorn --pythonpath benchmarks baseline_app:app

Every GET of /questions/<slug> renders that page (one Jinja template, compiled once at
start, with a fresh nonce) and sends it with the app's own headers (security, caching),
so both answer the same bytes. GET / says it is up.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
PAGE = app.jinja_env.from_string(Path(os.environ["BASELINE_PAGE"]).read_text(encoding="utf-8"))
HEADERS = json.loads(Path(os.environ["BASELINE_HEADERS"]).read_text(encoding="utf-8"))
NONCE = "NONCE"


@app.get("/")
def up():
    return "up"


@app.get("/questions/<slug>")
def question(slug: str):
    nonce = secrets.token_urlsafe(16)
    response = Response(PAGE.render(nonce=nonce), mimetype="text/html")
    response.headers.update({name: value.replace(NONCE, nonce) for name, value in HEADERS.items()})
    return response

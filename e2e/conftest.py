"""Browser tests: Playwright driving Debian's Chromium (never `playwright install`).

`make test` installs Debian's `chromium` when it is missing; see ../shared/STACK.md.

The app runs for the whole session in a thread (werkzeug, 127.0.0.1, a free port) on a
temporary SQLite database migrated with Alembic. "Exit this page" leaves for a second
tiny local server standing in for the neutral outside site (the machine has no network).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.databases import DIALECT, Databases

from .support import JOURNEY_CHECKS, PAGE_CHECKS

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
# One folder per database, as `make test` runs the SQLite and PostgreSQL passes at once.
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots" / DIALECT
ELSEWHERE_TITLE = "Weather – somewhere else"


def pytest_report_header(config) -> str:
    made = [what for what, made in (("axe and screenshots at every journey step", JOURNEY_CHECKS),
                                    ("axe on every page in every display mode", PAGE_CHECKS)) if made]
    left = [what for what, made in (("the journeys' axe and screenshots", JOURNEY_CHECKS),
                                    ("axe on every page in every mode", PAGE_CHECKS)) if not made]
    return f"browser tests on {DIALECT}: {'; '.join(made)}" + (
        f" (left to make test's other pass: {'; '.join(left)})" if left else "")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@Request.application
def _elsewhere(request: Request) -> Response:
    """The neutral site "Exit this page" goes to (BBC weather in production)."""
    html = f"<!doctype html><html lang='en'><head><title>{ELSEWHERE_TITLE}</title></head>" \
           "<body><main><h1>Weather</h1><p>Sunny spells.</p></main></body></html>"
    return Response(html, mimetype="text/html")


class _Served:
    """A WSGI app served from a daemon thread until `stop()`."""

    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@dataclass(frozen=True)
class LiveServer:
    url: str
    exit_url: str
    database: str  # its database's URL, for tests that check what was stored


@pytest.fixture(scope="session")
def live_database(live_server) -> str:
    """The live server's database URL."""
    return live_server.database


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    from webapp import create_app
    from webapp.models import db

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    folder = tmp_path_factory.mktemp("e2e")
    databases = Databases(folder)  # SQLite, or PostgreSQL when TEST_POSTGRESQL_URL is set
    url = databases.new()

    elsewhere = _Served(_elsewhere)
    exit_url = f"{elsewhere.url}/weather"
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url,
        "EXIT_URL": exit_url,
        "SECRET_KEY": "e2e-only-not-secret",
        "TESTING": False,
    })
    served = _Served(app)
    try:
        yield LiveServer(served.url, exit_url, url)
    finally:
        served.stop()
        elsewhere.stop()
        with app.app_context():
            db.engine.dispose()
        databases.drop(url)
        databases.close()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

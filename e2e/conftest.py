"""Browser tests: Playwright driving Debian's Chromium (never `playwright install`).

`make test` installs Debian's `chromium` when it is missing; see ../shared/STACK.md.
The journeys and axe checks arrive with the web app.
"""

from __future__ import annotations

import pytest

CHROMIUM = "/usr/bin/chromium"


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

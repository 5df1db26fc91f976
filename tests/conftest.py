"""Shared test helpers: where the repository and ../shared are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = sorted((SHARED / "contract" / "examples").glob("*.json"))


def run_cli(*args: str, stdin: str | None = "", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real command line, `python -m questionnaire ARGS`, as a partner's system would."""
    return subprocess.run(
        [sys.executable, "-m", "questionnaire", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120, check=False,
    )

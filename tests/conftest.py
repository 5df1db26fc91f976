"""Shared test helpers: where the repository and ../shared are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = sorted((SHARED / "contract" / "examples").glob("*.json"))

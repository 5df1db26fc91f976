"""Every message the engine marks for translation is in translations/messages.pot."""

from __future__ import annotations

import subprocess
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import ROOT

POT = ROOT / "translations" / "messages.pot"


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_translations_pot_is_current(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(["make", "-s", "pot", f"POT_FILE={fresh}"], cwd=ROOT, check=True, timeout=120)
    assert _ids(fresh), "extraction found nothing: is babel.cfg right?"
    assert _ids(fresh) == _ids(POT), "run: make pot"


def test_translations_validation_messages_are_marked():
    from questionnaire.answers import FIELDS

    ids = _ids(POT)
    assert {f.label for f in FIELDS} <= ids

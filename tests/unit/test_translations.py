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


# --------------------------------------------------------------------------- Welsh

CY = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"


def _catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="cy")


def _keys(catalogue) -> set:
    return {(message.context, message.id if isinstance(message.id, str) else message.id[0])
            for message in catalogue if message.id}


def test_the_welsh_catalogue_has_every_message_and_no_other():
    with POT.open("rb") as handle:
        template = read_po(handle)
    assert _keys(_catalogue(CY)) == _keys(template), "run: make translations, then translate the new entries"


def test_no_welsh_entry_is_empty_or_fuzzy():
    catalogue = _catalogue(CY)
    assert not catalogue.fuzzy, "the catalogue's header is marked fuzzy"
    empty = [m.id for m in catalogue if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert empty == [], f"{len(empty)} Welsh entries are empty"
    assert fuzzy == [], f"{len(fuzzy)} Welsh entries are fuzzy"


def test_welsh_entries_keep_their_placeholders():
    problems = [(m.id, [str(e) for e in errors]) for m, errors in _catalogue(CY).check()]
    assert problems == []


def test_welsh_plurals_have_every_form():
    catalogue = _catalogue(CY)
    assert catalogue.num_plurals == 5
    for message in catalogue:
        if message.pluralizable:
            assert len(message.string) == 5 and all(message.string), message.id


def test_yes_and_no_are_translated_for_each_question():
    """Welsh answers with the question's verb: each Yes/No has its question as context."""
    from questionnaire.flow import QUESTIONS

    catalogue = _catalogue(CY)
    for question in QUESTIONS:
        if question.kind == "yes_no":
            yes, no = (catalogue.get(o.label, context=question.id) for o in question.options)
            assert yes is not None and no is not None, question.id
            assert yes.string and no.string and yes.string != no.string, question.id


def test_the_catalogue_compiles_and_translates(tmp_path):
    import gettext
    import sys

    compiled = tmp_path / "cy.mo"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "compile", "-i", str(CY), "-o", str(compiled), "-l", "cy"],
                   check=True, timeout=60)
    with compiled.open("rb") as handle:
        welsh = gettext.GNUTranslations(handle)
    assert welsh.gettext("Continue") == "Parhau"
    assert welsh.pgettext("told_of_right_to_review", "No") != welsh.pgettext("has_written_authority", "No")

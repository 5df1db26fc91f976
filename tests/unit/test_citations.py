"""Every rule cites a source that exists, and every part of an assessment is cited."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from questionnaire import assess
from questionnaire.citations import SOURCES, vrr_paragraph
from tests.conftest import EXAMPLES, SHARED
from tests.unit.helpers import run

GUIDANCE = (SHARED / "reference" / "vrr-guidance-cps-2021.txt").read_text(encoding="utf-8")
CODED_KEYS = ("reasons", "pathway", "timing", "remedy", "requirements", "advice", "status", "court")


def _outputs():
    for path in EXAMPLES:
        example = json.loads(path.read_text(encoding="utf-8"))
        if example["expect"].get("exit") != 2:
            yield path.stem, assess(example["answers"], date.fromisoformat(example["today"]))
    yield "expedite", run(summary_only=True, offence_date="2026-06-01")
    yield "not-told", run("2027-06-01", told_of_right_to_review=False, communicated_date="2026-11-16")
    yield "judicial", run(vrr_stage="completed", request_date="2026-11-17", final_decision_date="2026-11-20",
                          offence=["sexual"])
    yield "horizon", run(base={"role": "convicted_person", "conviction_place": "england_wales",
                               "court": "magistrates", "challenge": "both", "plea": "guilty",
                               "appeal_status": "none", "sentence_date": "2026-11-20",
                               "post_office_horizon": True})
    yield "elsewhere", run(base={"role": "convicted_person", "conviction_place": "elsewhere"})


OUTPUTS = dict(_outputs())


@pytest.mark.parametrize("name", OUTPUTS)
def test_citations_cover_every_route_code_deadline_and_note(name):
    output = OUTPUTS[name]
    cited = output["citations"]
    paths = [f"routes.{route}" for route in output["routes"]]
    paths += [f"deadlines.{key}" for key in output["deadlines"]]
    paths += [f"notes.{code}" for code in output["notes"]]
    for route, obj in output["routes"].items():
        for key in CODED_KEYS:
            values = obj.get(key, [])
            for value in values if isinstance(values, list) else [values]:
                paths.append(f"routes.{route}.{key}.{value}")
        if obj.get("exceptional_circumstances"):
            paths.append(f"routes.{route}.exceptional_circumstances")
    for path in paths:
        assert cited.get(path), f"{path} has no citation"
    for refs in cited.values():
        assert all(ref in SOURCES for ref in refs)


def test_citations_vrr_paragraphs_exist_in_the_guidance():
    numbered = {int(n) for n in re.findall(r"^ {2}(\d+)\. ", GUIDANCE, re.MULTILINE)}
    assert numbered == set(range(1, 50))
    cited = {vrr_paragraph(ref) for o in OUTPUTS.values() for refs in o["citations"].values() for ref in refs}
    assert cited - {None} <= numbered


def test_citations_sources_have_titles():
    for ref, source in SOURCES.items():
        assert source.text and "%(" not in source.text, ref
    assert SOURCES["VRR 30"].text == "Victims' Right to Review guidance, paragraph 30"


def test_the_ccrc_guilty_plea_source_is_cited_only_after_a_magistrates_guilty_plea():
    # Journeys review, Minor: the Crown Court path cited a source about guilty pleas in
    # magistrates' courts.
    from datetime import date

    from questionnaire import assess

    base = {"role": "convicted_person", "conviction_place": "england_wales", "challenge": "conviction",
            "appeal_status": "none", "previous_ccrc_application": False, "post_office_horizon": False,
            "conviction_date": "2026-11-02"}
    crown = assess({**base, "court": "crown"}, date(2026, 11, 22))["citations"]
    plea = assess({**base, "court": "magistrates", "plea": "guilty"}, date(2026, 11, 22))["citations"]
    assert not any("CCRC applying" in refs for refs in crown.values())
    assert "CCRC applying" in plea["routes.ccrc.status.available"]

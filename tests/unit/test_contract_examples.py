"""Every scenario of ../shared/contract/examples, through `assess()` and through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from questionnaire import InvalidAnswers, assess
from tests.conftest import EXAMPLES, ROOT


def test_examples_are_found():
    # Guards against a moved ../shared silently turning the tests below into nothing.
    assert len(EXAMPLES) >= 14


def _example(path):
    return json.loads(path.read_text(encoding="utf-8"))


def check(example: dict, output: dict) -> None:
    """What the contract says `expect` means (ASSESSMENT.md, "Examples")."""
    expect = example["expect"]
    assert sorted(output["routes"]) == sorted(expect["routes"])
    for name in output["routes"]:
        for key, value in expect.get(name, {}).items():
            assert output["routes"][name].get(key) == value, (name, key)
    for key, value in expect.get("deadlines", {}).items():
        assert output["deadlines"].get(key) == value, key
    for reason in expect.get("reasons_include", []):
        assert reason in output["routes"]["vrr"]["reasons"]
    for note in expect.get("notes_include", []):
        assert note in output["notes"]
    for note in expect.get("notes_exclude", []):
        assert note not in output["notes"]
    for key, value in expect.get("vrr", {}).items():  # a key given as null must be absent
        if value is None:
            assert key not in output["routes"]["vrr"], key
    if example["name"].startswith("v2-"):
        return  # the version 2 parts done so far (below); the engine still says contract 1
    assert output["contract"] == 1
    assert output["today"] == example["today"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_through_assess(path):
    example = _example(path)
    today = date.fromisoformat(example["today"])
    if example["expect"].get("exit") == 2:
        with pytest.raises(InvalidAnswers) as raised:
            assess(example["answers"], today)
        named = {e.field for e in raised.value.errors}
        assert set(example["expect"]["error_fields"]) <= named
    else:
        check(example, assess(example["answers"], today))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_through_cli(path, tmp_path):
    example = _example(path)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(example["answers"]), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "questionnaire", "assess", str(answers), "--today", example["today"]],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    output = json.loads(run.stdout)
    if example["expect"].get("exit") == 2:
        assert run.returncode == 2
        assert list(output) == ["errors"]
        assert set(example["expect"]["error_fields"]) <= {e["field"] for e in output["errors"]}
        assert all(e["message"] for e in output["errors"])
    else:
        assert run.returncode == 0, run.stderr
        check(example, output)
    assert "Traceback" not in run.stderr


# Contract version 2's examples for the parts this version of the engine already follows:
# the stage of the review (next step, independent review, judicial review when the review
# ends), no `expedite` after an acquittal, and complaints about the police going to the
# force. The rest of version 2 (unduly lenient sentences, parole, complaint stages,
# domestic abuse) comes with its own issue; then every file of examples-v2/ is a test.
V2_DONE = (
    "v2-completed-judicial-review-out-of-time", "v2-expedite-at-local-decision", "v2-independent-requested-wait",
    "v2-local-decision-ask-independent-review", "v2-no-expedite-no-evidence",
    "v2-one-stage-local-decision-judicial-review", "v2-review-requested-wait", "v2-police-complaint",
)


@pytest.mark.parametrize("name", V2_DONE)
def test_v2_example_of_the_review_stages_through_assess(name):
    example = _example(EXAMPLES[0].parent.parent / "examples-v2" / f"{name}.json")
    check(example, assess(example["answers"], date.fromisoformat(example["today"])))

"""The command line (ASSESSMENT.md): `python -m questionnaire assess [FILE] [--today YYYY-MM-DD]`.

Every test runs the real command in a subprocess from the repository root.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from questionnaire import assess
from tests.conftest import run_cli

TODAY = "2026-12-21"
# The contract's example "christmas-letter".
ANSWERS = {
    "role": "victim",
    "decision_by": "cps",
    "decision_type": "no_charge",
    "decision_maker": "area",
    "decision_date": "2026-12-18",
    "offence": ["other"],
}
EXPECTED_DEADLINES = {
    "vrr_request": "2027-01-06",
    "vrr_late_limit": "2027-03-18",
    "vrr_representations": "2027-01-04",
    "vrr_local_resolution_due": "2027-01-07",
    "vrr_review_due": "2027-02-04",
}
EX_USAGE = 64


def success(run: subprocess.CompletedProcess[str]) -> dict:
    """Exit 0, exactly one JSON object on one line of stdout, nothing on stderr."""
    assert run.returncode == 0, (run.returncode, run.stdout, run.stderr)
    assert run.stderr == ""
    assert run.stdout.endswith("\n") and run.stdout.count("\n") == 1, repr(run.stdout)
    out = json.loads(run.stdout)
    assert isinstance(out, dict)
    assert out["contract"] == 1
    return out


def invalid(run: subprocess.CompletedProcess[str]) -> list[str]:
    """Exit 2, stdout holds only {"errors": [...]}; returns the fields named."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert run.stdout.endswith("\n") and run.stdout.count("\n") == 1, repr(run.stdout)
    out = json.loads(run.stdout)
    assert set(out) == {"errors"}, out
    assert out["errors"], out
    for error in out["errors"]:
        assert set(error) == {"field", "message"}, error
        assert isinstance(error["message"], str) and error["message"].strip(), error
    return [error["field"] for error in out["errors"]]


def misused(run: subprocess.CompletedProcess[str]) -> None:
    assert run.returncode == EX_USAGE, (run.returncode, run.stdout, run.stderr)
    assert run.stdout == ""
    assert "usage" in run.stderr.lower()
    assert "assess" in run.stderr
    assert "Traceback" not in run.stderr


def expected_output(answers: dict = ANSWERS, today: str = TODAY) -> dict:
    return json.loads(json.dumps(assess(answers, date.fromisoformat(today))))


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS, indent=2), encoding="utf-8")
    return path


# --- where the answers come from ----------------------------------------------------------------


def test_cli_reads_file(answers_file):
    out = success(run_cli("assess", str(answers_file), "--today", TODAY, stdin=None))
    assert out == expected_output()
    assert out["today"] == TODAY
    assert {k: out["deadlines"][k] for k in EXPECTED_DEADLINES} == EXPECTED_DEADLINES


def test_cli_reads_relative_file(answers_file):
    out = success(run_cli("assess", answers_file.name, "--today", TODAY, stdin=None, cwd=answers_file.parent))
    assert out == expected_output()


def test_cli_file_takes_precedence_over_stdin(answers_file):
    out = success(run_cli("assess", str(answers_file), "--today", TODAY, stdin='{"role": "convicted_person"}'))
    assert out == expected_output()


def test_cli_reads_stdin_from_dash():
    out = success(run_cli("assess", "-", "--today", TODAY, stdin=json.dumps(ANSWERS)))
    assert out == expected_output()


def test_cli_reads_stdin_without_file():
    out = success(run_cli("assess", "--today", TODAY, stdin=json.dumps(ANSWERS)))
    assert out == expected_output()


def test_cli_reads_stdin_with_options_first():
    out = success(run_cli("assess", "--today", TODAY, "-", stdin=json.dumps(ANSWERS)))
    assert out == expected_output()


def test_cli_reads_empty_object():
    out = success(run_cli("assess", "--today", TODAY, stdin="{}"))
    assert out["routes"] == {}
    assert out["missing"] == ["role"]


def test_cli_reads_non_ascii_stdin():
    # JSON text that spells a value with an escape and keeps a non-ASCII unknown key as UTF-8.
    fields = invalid(run_cli("assess", "--today", TODAY, stdin='{"r\\u00f4le": "victim", "role": "v\u00edctim"}'))
    assert set(fields) == {"rôle", "role"}


# --- --today -------------------------------------------------------------------------------------


def test_cli_today_with_equals_sign():
    out = success(run_cli("assess", "-", f"--today={TODAY}", stdin=json.dumps(ANSWERS)))
    assert out["today"] == TODAY
    assert out == expected_output()


def test_cli_today_as_separate_argument():
    out = success(run_cli("assess", "-", "--today", "2027-01-07", stdin=json.dumps(ANSWERS)))
    assert out["today"] == "2027-01-07"
    assert out["routes"]["vrr"]["timing"] == "late"  # the 10th working day was 6 January
    assert out == expected_output(today="2027-01-07")


def test_cli_today_changes_assessment():
    on_time = success(run_cli("assess", "-", "--today=2027-01-06", stdin=json.dumps(ANSWERS)))
    late = success(run_cli("assess", "-", "--today=2027-01-07", stdin=json.dumps(ANSWERS)))
    assert on_time["routes"]["vrr"]["timing"] == "in_time"
    assert late["routes"]["vrr"]["timing"] == "late"


def test_cli_today_defaults_to_real_date():
    before = date.today()
    out = success(run_cli("assess", stdin="{}"))
    after = date.today()
    assert out["today"] in {before.isoformat(), after.isoformat()}


def test_cli_today_bounds_dates_of_answers():
    answers = {"role": "victim", "decision_by": "cps", "decision_date": "2026-12-01"}
    assert invalid(run_cli("assess", "--today", "2026-11-22", stdin=json.dumps(answers))) == ["decision_date"]
    success(run_cli("assess", "--today", "2026-12-01", stdin=json.dumps(answers)))


@pytest.mark.parametrize(
    "today", ["2026-02-30", "2026-2-3", "22-11-2026", "2026/11/22", "tomorrow", "", "2026-11-22T00:00", " 2026-11-22"]
)
def test_cli_bad_today_is_invalid(today):
    assert invalid(run_cli("assess", "-", f"--today={today}", stdin=json.dumps(ANSWERS))) == ["today"]


def test_cli_bad_today_as_separate_argument_is_invalid():
    assert invalid(run_cli("assess", "-", "--today", "2025-02-29", stdin=json.dumps(ANSWERS))) == ["today"]


def test_cli_bad_today_reported_before_reading_answers():
    # With both a bad --today and bad JSON text, --today is what is wrong first.
    assert "today" in invalid(run_cli("assess", "--today", "never", stdin="{not json"))


# --- invalid input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["{", "not json", "", "   ", "{'role': 'victim'}", '{"role": "victim",}', '{"role": "victim"} {}', "NaN x"]
)
def test_cli_invalid_json_text_is_invalid(text):
    assert invalid(run_cli("assess", "--today", TODAY, stdin=text)) == ["answers"]


@pytest.mark.parametrize("text", ["[]", '["role"]', '"victim"', "1", "true", "null"])
def test_cli_json_that_is_not_an_object_is_invalid(text):
    assert invalid(run_cli("assess", "--today", TODAY, stdin=text)) == ["answers"]


def test_cli_invalid_json_in_file_is_invalid(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text('{"role": ', encoding="utf-8")
    assert invalid(run_cli("assess", str(path), "--today", TODAY, stdin=None)) == ["answers"]


def test_cli_invalid_answers_exit_2_naming_each_field():
    answers = {"role": "witness", "decision_date": "2026-02-30", "told_of_right_to_review": 1, "colour": "blue"}
    fields = invalid(run_cli("assess", "--today", TODAY, stdin=json.dumps(answers)))
    assert set(fields) == {"role", "decision_date", "told_of_right_to_review", "colour"}


@pytest.mark.parametrize("key", ["\ud800", "role\udfff"])
def test_cli_unknown_key_with_lone_surrogate_is_invalid(key):
    # The JSON text `{"\\ud800": true}` (RFC 8259 allows any \\uXXXX escape) names an unknown key.
    text = json.dumps({key: True})
    assert text.isascii()
    assert invalid(run_cli("assess", "--today", TODAY, stdin=text)) == [key]


def test_cli_invalid_answers_print_nothing_on_stderr():
    run = run_cli("assess", "--today", TODAY, stdin='{"role": "witness"}')
    assert invalid(run) == ["role"]
    assert run.stderr == ""


def test_cli_deeply_nested_json_is_invalid_not_a_crash():
    text = "[" * 100_000 + "]" * 100_000
    assert invalid(run_cli("assess", "--today", TODAY, stdin=text)) == ["answers"]


# --- files that cannot be read -------------------------------------------------------------------


def test_cli_missing_file_fails_on_stderr(tmp_path):
    path = tmp_path / "no-such-answers.json"
    run = run_cli("assess", str(path), "--today", TODAY, stdin=None)
    assert run.returncode not in (0, 2), run.returncode
    assert run.stdout == ""
    assert run.stderr.strip()
    assert "no-such-answers.json" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_directory_as_file_fails_on_stderr(tmp_path):
    run = run_cli("assess", str(tmp_path), "--today", TODAY, stdin=None)
    assert run.returncode not in (0, 2), run.returncode
    assert run.stdout == ""
    assert run.stderr.strip()
    assert "Traceback" not in run.stderr


# --- misuse --------------------------------------------------------------------------------------


def test_cli_no_sub_command_is_misuse():
    misused(run_cli(stdin="{}"))


@pytest.mark.parametrize("command", ["judge", "Assess", "asses", "--today=2026-11-22", "-", "answers.json"])
def test_cli_unknown_sub_command_is_misuse(command):
    misused(run_cli(command, stdin="{}"))


@pytest.mark.parametrize("option", ["--verbose", "--help-me", "-x", "--TODAY=2026-11-22", "--today-is=2026-11-22"])
def test_cli_unknown_option_is_misuse(option):
    misused(run_cli("assess", option, "--today", TODAY, stdin="{}"))


def test_cli_today_without_value_is_misuse():
    misused(run_cli("assess", "-", "--today", stdin="{}"))


def test_cli_two_files_is_misuse(answers_file):
    misused(run_cli("assess", str(answers_file), str(answers_file), "--today", TODAY, stdin=None))


# --- the shape of success ------------------------------------------------------------------------


def test_cli_success_prints_one_json_line_and_no_stderr():
    run = run_cli("assess", "--today", TODAY, stdin=json.dumps(ANSWERS, indent=4))
    out = success(run)
    assert out == expected_output()
    assert run.stdout.splitlines() == [run.stdout.rstrip("\n")]


def test_cli_success_for_conviction_side():
    answers = {"role": "convicted_person", "conviction_place": "england_wales", "court": "magistrates",
               "plea": "guilty", "challenge": "conviction", "appeal_status": "none", "conviction_date": "2026-10-01",
               "sentence_date": "2026-10-15", "previous_ccrc_application": False, "post_office_horizon": False}
    out = success(run_cli("assess", "--today", TODAY, stdin=json.dumps(answers)))
    assert out == expected_output(answers)
    assert "appeal" not in out["routes"]
    assert out["routes"]["ccrc"]["status"] == "available"


def test_cli_success_on_last_supported_today():
    answers = dict(ANSWERS, decision_date="2099-06-30")
    out = success(run_cli("assess", "--today", "2099-06-30", stdin=json.dumps(answers)))
    assert out["routes"]["vrr"]["timing"] == "in_time"
    assert date.fromisoformat(out["deadlines"]["vrr_review_due"]) > date(2099, 6, 30) + timedelta(days=30)

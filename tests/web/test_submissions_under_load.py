"""Sending under load, against the app served by a real gunicorn (two sync workers):
concurrent "Send request" posts, some of them posted twice at once, store each request
exactly once; SIGKILLing gunicorn half-way loses no confirmed request and leaves none
half-written.

The CI-sized run of benchmarks/submissions.py, whose code this is (prepare the people,
fire the posts, crash and restart, check the database). On the test database: SQLite
by default, PostgreSQL when TEST_POSTGRESQL_URL is set (tests/databases.py). The app
runs on the real today (not the fixed one of the other web tests); the answers are
dated from it. Each test is bounded (a deadline for the whole scenario, a socket
timeout on every request, timeouts on every process).
"""

from __future__ import annotations

import time

import pytest

from benchmarks import submissions

PEOPLE = 40
DUPLICATES = 12
WORKERS = 2
SECONDS = 50  # each scenario's deadline


@pytest.fixture
def scenario(database_url, tmp_path):
    def run(*, fault: bool) -> submissions.Result:
        return submissions.run_scenario(
            database_url, tmp_path / "served", people=PEOPLE, duplicates=DUPLICATES, workers=WORKERS, fault=fault,
            kill_at=0.4, through_http=3, deadline=time.monotonic() + SECONDS, secret_key="load-tests-secret-key",  # noqa: S106 (a throwaway app)
        )

    return run


def _report(result: submissions.Result) -> str:
    return submissions.describe(result) + f"\n{result.row()}"


def test_concurrent_sends_and_double_posts_store_each_request_once(scenario):
    result = scenario(fault=False)
    check = result.check

    assert check.posts == PEOPLE + DUPLICATES
    assert dict(check.statuses) == {"303": PEOPLE + DUPLICATES}, _report(result)
    assert check.problems == [], _report(result)
    assert check.confirmed == check.stored == PEOPLE, _report(result)
    assert check.duplicates == 0, _report(result)
    assert check.lost == 0, _report(result)
    assert check.mismatched == 0, "the two posts of one form were shown different references"
    assert check.half_written == 0, _report(result)
    assert result.log_errors == 0, "tracebacks or 'database is locked' in gunicorn's log"


def test_gunicorn_killed_half_way_loses_no_confirmed_request(scenario):
    result = scenario(fault=True)
    check = result.check

    assert len(result.fault["killed"]) == WORKERS + 1, result.fault  # the master and its workers
    assert 0 < result.fault["confirmed_at_kill"] < PEOPLE, result.fault
    assert check.duplicates == 0, _report(result)
    assert check.lost == 0, _report(result)
    assert check.half_written == 0, _report(result)
    assert check.drafts_lost == 0, _report(result)
    assert check.mismatched == 0, _report(result)
    # Every browser pressed again until it got its confirmation: all sent, each once.
    assert check.confirmed == check.stored == PEOPLE, _report(result)
    assert check.unsent == check.stored_unconfirmed == 0, _report(result)

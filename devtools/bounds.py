"""Every benchmark is bounded in time: --timeout raises Deadline, SIGTERM unwinds through
the clean-ups (servers stopped by their pids, PostgreSQL by its pg_ctl)."""

from __future__ import annotations

import signal


class Deadline(Exception):
    """The run took longer than it may."""


def _on_alarm(_signum, _frame):
    raise Deadline("the benchmark ran out of time (--timeout)")


def _on_terminate(signum, _frame):
    raise SystemExit(128 + signum)


def install() -> None:
    """SIGALRM (signal.alarm(--timeout)) raises Deadline; SIGTERM exits through the finally blocks."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGTERM, _on_terminate)

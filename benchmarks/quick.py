"""Every benchmark's `--quick` mode: its whole code path (every phase, every check) at a
tiny size, in seconds, so that `make test` (tests/web/test_benchmarks_quick.py) fails
when a change breaks a benchmark. The figures are printed, never compared with the
goals (a loaded CI machine could miss them); the correctness checks (the same page from
the floors, each request stored once and whole, every answer a 200) still fail the run.
"""

from __future__ import annotations

import argparse

NOTE = "quick mode: figures not compared with goals"


def parse(parser: argparse.ArgumentParser, quick: dict) -> argparse.Namespace:
    """Add --quick to `parser` and parse the command line; with --quick, the settings in
    `quick` become the defaults (options given on the command line still win)."""
    parser.add_argument("--quick", action="store_true",
                        help="the whole code path at a tiny size, in seconds: every check made, figures printed "
                             f"but not compared with the goals (sets {', '.join(sorted(quick))}); "
                             "make test runs it")
    known, _ = parser.parse_known_args()
    if known.quick:
        parser.set_defaults(**quick)
    return parser.parse_args()


def verdict(met: bool, quick: bool) -> str:
    """The last word on the goals: met or not, or, in quick mode, not compared."""
    if quick:
        return f"not compared ({NOTE})"
    return "met" if met else "NOT MET"

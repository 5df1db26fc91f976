"""Every benchmark's quick mode (`--quick`, benchmarks/quick.py), run as its own process as
a person would run it: its whole code path at a tiny size, so that a change that breaks
a benchmark (the rendering floor no longer the app's page, a send stored twice, a page
that stops answering) fails `make test`, not the next full run. The figures are printed
and never compared with the goals here: the machine running the tests is busy.

Each pass runs what its database is for: the SQLite pass every benchmark on SQLite (the
engine, the load and page-weight runs have no other database to test); the PostgreSQL
pass the two benchmarks with a PostgreSQL phase, on the pass's own cluster
(TEST_POSTGRESQL_URL, given as --postgresql-url: no second cluster started). About 50 s
of the SQLite pass and 15 s of the PostgreSQL pass, which run at the same time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.databases import DIALECT, SERVER

# benchmark: (what its output must say besides the quick-mode note: the checks it made,
# the arguments on this pass's database)
ON_SQLITE = {
    "engine": ("cli start-up: median", []),
    "load": ("the same page from both floors (checked)", []),
    "page_weight": ("htmx steps: the heaviest is", []),
    "submissions": ("none lost, duplicated or half-written): met", ["--databases", "sqlite"]),
    "inbox": ("counts shown: as seeded, on sqlite (checked)", ["--databases", "sqlite"]),
}
ON_POSTGRESQL = {
    "submissions": ("none lost, duplicated or half-written): met", ["--databases", "postgresql"]),
    "inbox": ("counts shown: as seeded, on postgresql (checked)", ["--databases", "postgresql"]),
}
BENCHMARKS = ON_POSTGRESQL if DIALECT == "postgresql" else ON_SQLITE
NOTE = "quick mode: figures not compared with goals"  # benchmarks/quick.py NOTE
SECONDS = 240  # each run's bound here; the scripts' own --timeout in quick mode is shorter


def run_quick(name: str, arguments: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    command = [sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), "--quick", *arguments]
    if DIALECT == "postgresql":
        command += ["--postgresql-url", SERVER]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=dict(os.environ), capture_output=True, text=True,
                          timeout=SECONDS, check=False)
    return done, time.monotonic() - started


@pytest.mark.parametrize("name", sorted(BENCHMARKS))
def test_the_benchmark_runs_its_whole_path_in_quick_mode(name):
    said, arguments = BENCHMARKS[name]

    done, seconds = run_quick(name, arguments)

    output = f"benchmarks/{name}.py --quick: exit {done.returncode} after {seconds:.0f} s\n{done.stdout}\n{done.stderr}"
    assert done.returncode == 0, output
    assert NOTE in done.stdout, output
    assert said in done.stdout, output

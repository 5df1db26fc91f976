"""Engine benchmark: assessments per second on one core, and the CLI's start-up time.

Goals (issue 2): at least 10,000 assessments/s on one core; CLI start-up under 300 ms.

    .venv/bin/python benchmarks/engine.py [--seconds 3] [--runs 15] [--quick]

--quick (make test): 0.3 s of assessments and 3 CLI runs; the figures are printed, not
compared with the goals; it fails if the mix is empty, an assessment or the CLI fails,
or the CLI does not print the assessment as JSON.

The mix is every valid scenario of ../shared/contract/examples plus a few of our own
(completed reviews, convictions, a late request), assessed from raw JSON-like dicts, so
validation is included. The CLI is timed end to end as a new process (`python -m
questionnaire assess FILE --today ...`), as a partner's system would call it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import quick  # noqa: E402
from questionnaire import assess  # noqa: E402

EXAMPLES = ROOT.parent / "shared" / "contract" / "examples"
OWN = [
    ("2026-11-22", {"role": "victim", "decision_by": "cps", "decision_type": "lie_on_file",
                    "decision_maker": "area", "decision_date": "2026-06-01", "vrr_stage": "completed",
                    "request_date": "2026-06-03", "final_decision_date": "2026-09-01", "offence": ["sexual"]}),
    ("2026-11-22", {"role": "victim", "decision_by": "cps", "decision_type": "no_charge",
                    "decision_date": "2026-09-01", "summary_only": True, "offence_date": "2026-05-30"}),
    ("2026-11-22", {"role": "convicted_person", "conviction_place": "england_wales", "court": "magistrates",
                    "challenge": "both", "plea": "not_guilty", "appeal_status": "none",
                    "conviction_date": "2026-11-02", "sentence_date": "2026-11-20"}),
    ("2026-11-22", {"role": "convicted_representative", "conviction_place": "england_wales",
                    "appeal_status": "dismissed", "previous_ccrc_application": True, "new_information": True}),
]


def scenarios() -> list[tuple[date, dict]]:
    mix = []
    for path in sorted(EXAMPLES.glob("*.json")):
        example = json.loads(path.read_text(encoding="utf-8"))
        if example["expect"].get("exit") != 2:
            mix.append((date.fromisoformat(example["today"]), example["answers"]))
    mix += [(date.fromisoformat(today), answers) for today, answers in OWN]
    return mix


def assessments_per_second(seconds: float) -> tuple[float, int]:
    mix = scenarios()
    for today, answers in mix:  # warm the bank holiday cache, as a long-running server would be
        assess(answers, today)
    done = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for today, answers in mix:
            assess(answers, today)
        done += len(mix)
    return done / (time.perf_counter() - start), len(mix)


def cli_startup_ms(runs: int) -> list[float]:
    answers = scenarios()[0][1]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(answers, handle)
    try:
        command = [sys.executable, "-m", "questionnaire", "assess", handle.name, "--today", "2026-11-22"]
        warm = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)  # the disk cache too
        if "routes" not in json.loads(warm.stdout):
            raise RuntimeError(f"the CLI did not print an assessment: {warm.stdout[:200]!r}")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            times.append((time.perf_counter() - start) * 1000)
        return times
    finally:
        os.unlink(handle.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to run assessments")
    parser.add_argument("--runs", type=int, default=15, help="how many CLI runs to time")
    args = quick.parse(parser, {"seconds": 0.3, "runs": 3})
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal says

    rate, size = assessments_per_second(args.seconds)
    if not size or not rate:
        raise RuntimeError(f"no assessments made ({size} scenarios in the mix)")
    times = cli_startup_ms(args.runs)
    median, worst = statistics.median(times), max(times)
    print(f"engine: {rate:,.0f} assessments/s on one core ({size} scenarios in the mix; goal >= 10,000)")
    print(f"cli start-up: median {median:.0f} ms, best {min(times):.0f} ms, worst {worst:.0f} ms "
          f"over {len(times)} runs (goal < 300 ms)")
    met = rate >= 10_000 and median < 300
    print(f"goals: {quick.verdict(met, args.quick)}")
    return 0 if met or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())

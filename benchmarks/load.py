"""Load benchmark: a questionnaire step under 32 concurrent connections (wrk), served by
gunicorn, side by side with two floors for this stack (benchmarks/baseline_app.py).

Goal (issue 7): at 32 connections the app answers at least 80% of the requests per second
of "a minimal Flask app rendering the same GOV.UK page without logic or database" (the
rendering floor), with a p99 latency under 25 ms. The bytes floor is shown for information.

Two kinds of run, because one cannot give both figures:
- full load (wrk): 32 connections, each sending its next request the moment an answer
  ends, so the server is never idle: the throughput, and the app's share of the floor's.
  The latency at full load is set by the queue, not the page: by Little's law 32
  connections wait 32 / throughput on average, so under 25 ms needs > 1,280 req/s;
- paced (`run_paced`): 32 people on the step at once, each reading the page for a random
  time before asking for the next one (mean --reading seconds; the first value is the
  goal's, the others show how the latency grows as they read faster): the latency people
  get when 32 of them use the service at the same time.

    .venv/bin/python benchmarks/load.py [--seconds 20] [--warmup 5] [--connections 32] [--threads 2]
                                        [--workers 4] [--worker-class sync] [--gunicorn-threads 1]
                                        [--rounds 1] [--database sqlite] [--profile] [--timeout 900]
                                        [--reading 5,1,0.25] [--paced-seconds 45]
                                        [--sweep ''] [--sweep-seconds 10]
                                        [--quiet-load 1.5] [--quiet-wait 600] [--quick]

--quick (make test; about 15 s): every phase at a tiny size (8 connections, 2 workers,
1 s wrk runs, one 1 s paced run, a sweep at 2 connections, the profile of 20 requests),
with every check (the same page and headers from both floors, every answer a 200, no
socket error); the figures are printed, not compared with the goals.

The step is what a person in the middle of the questionnaire gets: GET /questions/decision-maker
(the sixth of ten questions for a victim of a CPS decision not to charge), with the session
cookie of a browser whose draft holds the five answers before it. So each request opens
the signed session, looks the draft up in the database (a temporary SQLite file migrated
with Alembic, or with --database postgresql a throwaway cluster from devtools/pgcluster.py),
runs the flow (assess, the back link) and renders the page with its form. The draft is
written as webapp/drafts.py writes it and the cookie signed as the app signs it (the tests'
`seed_answers`); the cookie wrk sends is the one the app gave back on a first GET (with
its CSRF token), as a browser would hold it.

Two floors, no session, no database, no logic in either:
- the rendering floor (`baseline_app:rendering_floor()`, the issue's baseline) renders the
  same GOV.UK page on every request from govuk-frontend-jinja (the same components and
  Jinja settings as the app, fixed English data, a fresh CSP nonce, the same headers);
  checked here to give the same page as the app, whitespace, nonce and CSRF token aside;
- the bytes floor (`baseline_app:bytes_floor()`) sends the very HTML of that step, saved
  from the app's own answer, through one trivial template with a fresh nonce: the HTTP
  floor of Flask and gunicorn for these bytes.
All three run under gunicorn with the same settings: production's (gunicorn.conf.py:
access log, worker recycling) with, by default, 2 x CPUs sync workers (the work is
CPU-bound Python under the GIL, so threads add no throughput; --worker-class gthread
--gunicorn-threads N to compare), on 127.0.0.1 and free ports, one after the other (never
at the same time: they would share the CPUs): a warm-up of each, then --rounds measured
runs of each, in turn; then the paced runs, the rendering floor and the app for each
--reading in turn. Then, with --sweep, the app and the rendering floor at a few low
concurrencies (--sweep-seconds each): where the p99 stays under 25 ms.

Before measuring, it waits (at most --quiet-wait seconds) for the 1-minute load average
to fall under --quiet-load, since other work on the machine shares the CPUs; it measures
anyway after that, and prints the load average at each start.

wrk (`apt-get install -y wrk` when missing) counts every answer that is not a 200 in a
Lua script (its own summary counts 3xx as fine: a 302 to the start page would pass); any
such answer, socket error or time-out fails the run. When the goal is missed (or with
--profile) the step is profiled in this process through Flask's test client: the server
time of the app and of both floors (no HTTP), then where the app's time goes (cProfile
of 100 requests; each piece's share, scaled to the unprofiled median).

Bounded by --timeout (signal.alarm); gunicorn stopped by its pid and the temporary folder
removed even on error. Not a test: pytest never collects it.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import difflib
import json
import math
import os
import pstats
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Before the app is imported (the profile): its instance folder and key, never the repository's.
WORKDIR = Path(tempfile.mkdtemp(prefix="load-bench-"))
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
SECRET_KEY = "load-benchmark-secret-key"  # noqa: S105 (a throwaway app)
os.environ["INSTANCE_PATH"] = str(WORKDIR / "instance")
os.environ["SECRET_KEY"] = SECRET_KEY
os.environ.pop("DATABASE_URL", None)
os.environ.pop("APP_ENV", None)

from benchmarks import quick, submissions  # noqa: E402
from benchmarks.served import Browser, Gunicorn, app_environment  # noqa: E402
from devtools import bounds  # noqa: E402
from devtools.bounds import Deadline  # noqa: E402
from questionnaire import assess  # noqa: E402
from questionnaire.calendar import today_in_england  # noqa: E402
from questionnaire.flow import QUESTIONS_BY_ID, next_question  # noqa: E402

QUESTION = "decision_maker"
GOAL_RATIO, GOAL_P99_MS = 0.80, 25.0
# --quick (make test): every phase (warm-ups, a round, a paced run, a sweep, the profile)
# for a second or two each, against 2 workers, without waiting for a quiet machine.
QUICK = {"seconds": 1, "warmup": 1, "connections": 8, "workers": 2, "rounds": 1, "reading": "0.5",
         "paced_seconds": 1, "sweep": "2", "sweep_seconds": 1, "quiet_wait": 0, "timeout": 120}
WRK_SCRIPT = """
-- Counts every answer that is not a 200 (wrk's summary counts 3xx as fine), and prints
-- the figures as one JSON line.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  not_200 = 0
end
function response(status, headers, body)
  if status ~= 200 then
    not_200 = not_200 + 1
  end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_200")
  end
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "not_200": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f}\\n', summary.requests, summary.duration, summary.bytes, bad,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
"""





# --------------------------------------------------------------------------- the step


def answers_before(question_id: str) -> dict:
    """The answers a person has given when the flow asks `question_id` (a VRR-eligible
    victim of a CPS decision: benchmarks/submissions.py answers_for)."""
    today = today_in_england()
    every = submissions.answers_for(today)
    given: dict = {}
    for _ in range(len(every) + 1):
        question = next_question(assess(given, today)["missing"])
        if question is None or question.id == question_id:
            break
        given[question.id] = every[question.id]
    if question is None or question.id != question_id:
        raise RuntimeError(f"the flow does not ask {question_id} for these answers")
    return given


@dataclass
class Step:
    path: str
    cookie: str  # the Cookie header
    html: str  # the page as the app rendered it
    nonce: str
    headers: dict[str, str]  # the app's response headers


def open_step(port: int, url: str) -> Step:
    """A browser with the answers before the question: its first GET (which adds the CSRF
    token to the session), then the cookie it holds and the page it got."""
    draft_id = submissions.seed_drafts(url, [answers_before(QUESTION)], request=None)[0]
    cookie = submissions.session_cookie(SECRET_KEY, {submissions.DRAFT_KEY: draft_id})
    browser = Browser(port, {submissions.SESSION_COOKIE: cookie})
    path = f"/questions/{QUESTIONS_BY_ID[QUESTION].slug}"
    for _ in range(2):
        page = browser.get(path)
        if page.status != 200:
            raise RuntimeError(f"GET {path}: {page.status} {page.location!r}")
    if page.set_cookies:
        raise RuntimeError(f"the app changes the cookie on every GET: {page.set_cookies}")
    legend = re.search(r'<h1 class="govuk-fieldset__heading">\s*(.*?)\s*</h1>', page.text, re.S)
    if not legend:
        raise RuntimeError(f"GET {path}: no question heading")
    nonce = re.search(r"'nonce-([^']+)'", page.headers["content-security-policy"]).group(1)
    return Step(path, browser.cookie_header(), page.text, nonce, page.headers)


# Not copied to the baseline: set by gunicorn, or by Response itself.
TRANSPORT_HEADERS = {"date", "server", "connection", "content-length", "content-type", "set-cookie"}


def save_baseline_page(step: Step, folder: Path) -> dict[str, str]:
    """The step's HTML as a Jinja template (the nonce a variable, everything else raw) and
    the app's headers with NONCE for the nonce: the baseline's environment."""
    if "NONCE" in step.html or any("NONCE" in v for v in step.headers.values()):
        raise RuntimeError("the page already holds the baseline's placeholder NONCE")
    parts = step.html.split(step.nonce)
    page = folder / "baseline-page.html"
    page.write_text("{{ nonce }}".join("{% raw %}" + part + "{% endraw %}" for part in parts), encoding="utf-8")
    headers = folder / "baseline-headers.json"
    headers.write_text(json.dumps({name: value.replace(step.nonce, "NONCE") for name, value in step.headers.items()
                                   if name not in TRANSPORT_HEADERS}), encoding="utf-8")
    return {"BASELINE_PAGE": str(page), "BASELINE_HEADERS": str(headers)}


def comparable(html: str) -> str:
    """A page without what differs between the app's and the rendering floor's by design
    or by accident of whitespace: the nonce, the CSRF token, the expiry time, and the
    whitespace between tags."""
    html = re.sub(r"nonce[-=\"]+[A-Za-z0-9_-]{22}", "NONCE", html)
    html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value="TOKEN"', html)
    html = re.sub(r'data-expires-at="[^"]*"', 'data-expires-at="TIME"', html)
    html = re.sub(r'data-expires-in="[^"]*"', 'data-expires-in="SECONDS"', html)
    return re.sub(r">\s+<", "><", re.sub(r"[ \t]*\n\s*", "\n", html)).strip()


# Not compared: set per answer by gunicorn or Werkzeug (the floors' pages differ in length
# by their whitespace; the app sets no cookie on this GET, checked in open_step).
PER_ANSWER_HEADERS = {"date", "set-cookie", "content-length"}


def comparable_headers(headers: dict[str, str]) -> dict[str, str]:
    """The response headers, their nonce set aside (the Content-Security-Policy's)."""
    return {name: re.sub(r"'nonce-[^']+'", "'nonce-NONCE'", value) for name, value in headers.items()
            if name not in PER_ANSWER_HEADERS}


def page_difference(name: str, floor_html: str, app_html: str, lines: int = 16) -> str:
    """Where the two pages differ once made comparable: a unified diff, one tag a line."""
    def split(html: str) -> list[str]:
        return comparable(html).replace("><", ">\n<").splitlines()

    diff = difflib.unified_diff(split(app_html), split(floor_html), "the app's page", f"the {name}'s page",
                                n=1, lineterm="")
    shown = list(diff)
    return "\n".join(shown[:lines] + ([f"... ({len(shown) - lines} more diff lines)"] if len(shown) > lines else []))


def same_page_problems(name: str, answer, step: Step, *, exact_length: bool) -> list[str]:
    """What makes a floor's answer not the app's page: its status, its text (the nonce,
    CSRF token, expiry time and whitespace between tags aside), for the bytes floor its
    length too (only the nonce differs, and it is as long), and its headers (names and
    values, the nonce aside). Empty when it is the same page."""
    problems = []
    if answer.status != 200:
        problems.append(f"status {answer.status}")
    if comparable(answer.text) != comparable(step.html):
        where = ("benchmarks/baseline_templates/step.html (or baseline_app.py's data) no longer renders the app's "
                 "page" if name.startswith("render") else "the saved page is not the app's")
        problems.append(f"a different page ({len(answer.text):,} characters, the app's {len(step.html):,}): {where}"
                        f"\n{page_difference(name, answer.text, step.html)}")
    elif exact_length and len(answer.text) != len(step.html):
        problems.append(f"{len(answer.text):,} characters, the app's {len(step.html):,}")
    floor_headers, app_headers = comparable_headers(answer.headers), comparable_headers(step.headers)
    if floor_headers != app_headers:
        differ = sorted(k for k in floor_headers.keys() | app_headers.keys()
                        if floor_headers.get(k) != app_headers.get(k))
        problems.append("different headers: " + "; ".join(
            f"{k}: {floor_headers.get(k)!r}, the app's {app_headers.get(k)!r}" for k in differ))
    return problems


def check_same_page(name: str, answer, step: Step, *, exact_length: bool) -> None:
    """The floor answers 200 with the app's page and headers (same_page_problems), or the
    run stops: a floor that renders another page is no floor for this one."""
    problems = same_page_problems(name, answer, step, exact_length=exact_length)
    if problems:
        raise RuntimeError(f"the {name} does not answer GET {step.path} with the app's page:\n- "
                           + "\n- ".join(problems))


def wait_for_quiet(limit: float, wait: float) -> tuple[float, float]:
    """Wait until the 1-minute load average is under `limit` (other people's work on the
    CPUs), at most `wait` seconds. Returns the load average then, and the seconds waited."""
    started = time.monotonic()
    while os.getloadavg()[0] >= limit and time.monotonic() - started < wait:
        print(f"waiting for a quiet machine: load average {os.getloadavg()[0]:.2f} (want < {limit})", flush=True)
        time.sleep(15)
    return os.getloadavg()[0], time.monotonic() - started


# --------------------------------------------------------------------------- wrk


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk (Debian package; needs root)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, timeout=300, stdout=subprocess.DEVNULL, check=False).returncode:
        subprocess.run(["apt-get", "update", "-qq"], env=env, timeout=180, check=True)  # noqa: S607
        subprocess.run(install, env=env, timeout=300, stdout=subprocess.DEVNULL, check=True)
    return shutil.which("wrk") or "/usr/bin/wrk"


def run_wrk(wrk: str, url: str, cookie: str, *, seconds: int, connections: int, threads: int,
            script: Path) -> dict:
    command = [wrk, f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "--latency", "-s", str(script), "-H", f"Cookie: {cookie}", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    found = re.search(r"^RESULT (\{.*\})$", done.stdout, re.M)
    if done.returncode or not found:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    result = json.loads(found.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    result["output"] = done.stdout
    if result["not_200"] or result["errors"] or not result["requests"]:
        raise RuntimeError(f"GET {url}: {result['not_200']} answers that are not 200, {result['errors']} socket "
                           f"errors or time-outs, of {result['requests']}:\n{done.stdout}")
    return result


def run_paced(port: int, path: str, cookie: str, *, users: int, asked_rps: float, seconds: float) -> dict:
    """`users` people on the step at once, each asking for the page, reading it for a
    random time (exponential, mean users / asked_rps: together they ask for about
    asked_rps pages a second), then asking again, for `seconds`. Each request opens its
    connection when it is sent, as a browser's request reaches gunicorn through a load
    balancer; its latency counts from the connection to the last byte.

    Not wrk: wrk's paced mode (a Lua delay()) opens the next connection as soon as an
    answer ends and then waits before sending on it, and a sync worker that accepts such
    a connection waits for the request: 4 workers sat on idle connections and the
    latencies measured the pause (p50 275 ms, asked for half the floor's full load)."""
    think = users / asked_rps
    cookies = dict(part.strip().split("=", 1) for part in cookie.split(";") if "=" in part)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures: list[str] = []
    received = [0]
    lock = threading.Lock()
    started = time.perf_counter()
    ends = started + seconds

    def person(number: int) -> None:
        chance = random.Random(number)  # the same pauses in every run
        browser = Browser(port, cookies, timeout=10)
        # People arrive over the first pause, not all at once.
        time.sleep(min(chance.uniform(0, think), seconds))
        while time.perf_counter() < ends:
            try:
                answer = browser.get(path)
            except OSError as error:
                with lock:
                    failures.append(repr(error))
            else:
                with lock:
                    latencies.append(answer.seconds)
                    statuses[answer.status] = statuses.get(answer.status, 0) + 1
                    received[0] += len(answer.body)
            # Reading stops when the run ends: a pause past it would stretch the run's
            # duration (its req/s) and keep the run waiting for the longest reader.
            time.sleep(min(chance.expovariate(1 / think), max(0.0, ends - time.perf_counter())))

    people = [threading.Thread(target=person, args=(n,), daemon=True) for n in range(users)]
    for thread in people:
        thread.start()
    for thread in people:
        thread.join(seconds + 30)
    duration = time.perf_counter() - started
    ordered = sorted(latencies)

    def percentile(share: float) -> int:
        return int(ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1e6) if ordered else 0

    not_200 = sum(n for status, n in statuses.items() if status != 200)
    if not_200 or failures or not ordered:
        raise RuntimeError(f"paced GET {path}: statuses {statuses}, {len(failures)} failures {failures[:3]}")
    return {"requests": len(ordered), "duration_us": int(duration * 1e6), "bytes": received[0], "not_200": 0,
            "errors": 0, "rps": len(ordered) / duration, "p50_us": percentile(0.50), "p90_us": percentile(0.90),
            "p99_us": percentile(0.99), "max_us": int(ordered[-1] * 1e6), "output": ""}


# --------------------------------------------------------------------------- profile


def profile(url: str, step: Step, baseline_env: dict[str, str], samples: int = 200, profiled: int = 100) -> None:
    """Server time per request through Flask's test client (no HTTP, no gunicorn), the app
    and both floors; then where the app's time goes."""
    from webapp import create_app
    from webapp.models import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    client = app.test_client()
    name, value = step.cookie.split(";")[0].split("=", 1)
    client.set_cookie(name, value)
    os.environ.update(baseline_env)
    from benchmarks import baseline_app

    bytes_floor = baseline_app.bytes_floor().test_client()
    rendering_floor = baseline_app.rendering_floor().test_client()

    def timed(test_client) -> list[float]:
        for _ in range(20):
            test_client.get(step.path)
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            response = test_client.get(step.path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"profile: GET {step.path} {response.status_code}")
        return times

    app_ms = statistics.median(timed(client))
    rendering_ms = statistics.median(timed(rendering_floor))
    bytes_ms = statistics.median(timed(bytes_floor))
    print(f"\nServer time of one GET {step.path} in this process (Flask test client, no HTTP; median of "
          f"{samples}):\n  app {app_ms:.2f} ms, rendering floor {rendering_ms:.2f} ms, bytes floor {bytes_ms:.2f} ms:"
          f" the app can answer at most {rendering_ms / app_ms:.0%} of the rendering floor's requests per second "
          f"on the same CPUs ({bytes_ms / app_ms:.0%} of the bytes floor's)")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(profiled):
        client.get(step.path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    per_call = {}  # (file, function) -> cumulative seconds over the `profiled` requests
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        key = (filename, function)
        per_call[key] = max(per_call.get(key, 0.0), cumulative)

    def cumulative(file_part: str, function: str) -> float:
        return sum(t for (f, fn), t in per_call.items() if file_part in f and fn == function)

    whole = cumulative("flask/app.py", "wsgi_app")
    pieces = [
        ("the whole request (Flask wsgi_app)", "flask/app.py", "wsgi_app"),
        ("  session cookie: open", "flask/sessions.py", "open_session"),
        ("  draft lookup (SELECT drafts)", "webapp/drafts.py", "_load"),
        ("  questionnaire: assess() (every call)", "questionnaire/assessment.py", "assess"),
        ("  questionnaire: _assess() (memoised per request)", "webapp/views/questions.py", "_assess"),
        ("  form built (WTForms)", "webapp/forms.py", "build_form"),
        ("  back link (the path of questions asked)", "webapp/views/questions.py", "_back_url"),
        ("  template rendered (Jinja, all of it)", "flask/templating.py", "_render"),
        ("    govuk-frontend-jinja template.html", "govuk_frontend_jinja/templates/template.html", "root"),
        ("    header: display settings and language (partials/settings.html)", "partials/settings.html", "root"),
        ("      its radios (preferences.display_radios, kept per language)", "webapp/preferences.py",
         "display_radios"),
        ("    the question's radios (govuk-frontend-wtf)", "govuk_frontend_wtf/gov_form_base.py", "__call__"),
        ("    every govukRadios macro rendered (the question's; settings kept)", "components/radios/macro.html",
         "macro"),
        ("    footer (govukFooter)", "components/footer/macro.html", "macro"),
        ("    CSRF token (flask-wtf generate_csrf)", "flask_wtf/csrf.py", "generate_csrf"),
        ("    text looked up (Flask-Babel gettext, every _() call)", "flask_babel/__init__.py", "gettext"),
        ("    macro imports ({% from %}, Jinja _get_default_module)", "jinja2/environment.py", "_get_default_module"),
        ("  response headers (CSP, htmx)", "webapp/security.py", "headers"),
    ]
    print(f"\nWhere the app's time goes (cProfile of {profiled} requests; share of the whole request, and that share "
          f"of the unprofiled {app_ms:.1f} ms):")
    for label, file_part, function in pieces:
        seconds = cumulative(file_part, function)
        if seconds:
            print(f"  {label:70} {seconds / whole:6.0%} {seconds / whole * app_ms:7.2f} ms")
    calls = sum(s[1] for (f, _line, fn), s in stats.stats.items()
                if f.endswith("questionnaire/assessment.py") and fn == "assess")
    print(f"  assess() calls per request (after _assess's memo: one per distinct set of answers): "
          f"{calls / profiled:.0f}")
    print(f"\nThe 15 functions with the most time of their own (tottime over {profiled} requests):")
    stats.sort_stats("tottime").print_stats(15)
    with app.app_context():
        db.engine.dispose()

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(profiled):
        rendering_floor.get(step.path)
    profiler.disable()
    floor_per_call: dict = {}
    for (filename, _line, function), (_cc, _nc, _tt, seconds, _callers) in pstats.Stats(profiler).stats.items():
        floor_per_call[(filename, function)] = max(floor_per_call.get((filename, function), 0.0), seconds)

    def floor_cumulative(file_part: str, function: str) -> float:
        return sum(t for (f, fn), t in floor_per_call.items() if file_part in f and fn == function)

    floor_whole = floor_cumulative("flask/app.py", "wsgi_app")
    floor_render = floor_cumulative("flask/templating.py", "_render")
    floor_radios = floor_cumulative("components/radios/macro.html", "macro")
    print(f"\nThe rendering floor (cProfile of {profiled} requests): Jinja {floor_render / floor_whole:.0%} of the "
          f"request ({floor_render / floor_whole * rendering_ms:.2f} ms), its three govukRadios "
          f"{floor_radios / floor_whole:.0%} ({floor_radios / floor_whole * rendering_ms:.2f} ms)")


# --------------------------------------------------------------------------- the run


NAMES = {"bytes": "bytes floor", "rendering": "render floor", "app": "app"}


def print_table(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    header = (f"{'server':12} {'conns':>5} {'round':>5} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p90 ms':>7} "
              f"{'p99 ms':>7} {'max ms':>7} {'KB/answer':>9} {'load':>5}")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{NAMES[r['server']]:12} {r['connections']:5d} {r['round']:5d} {r['requests']:8d} {r['rps']:8.1f} "
              f"{r['p50_us'] / 1000:7.1f} {r['p90_us'] / 1000:7.1f} {r['p99_us'] / 1000:7.1f} "
              f"{r['max_us'] / 1000:7.1f} {r['bytes'] / r['requests'] / 1024:9.1f} {r['load']:5.2f}")




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="each measured wrk run")
    parser.add_argument("--warmup", type=int, default=5, help="the warm-up wrk run of each server")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync, gthread)")
    parser.add_argument("--gunicorn-threads", type=int, default=1, help="gunicorn threads per worker (gthread)")
    parser.add_argument("--rounds", type=int, default=1, help="measured runs of each server, in turn")
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--profile", action="store_true", help="profile even when the goal is met")
    parser.add_argument("--reading", default="5,1,0.25",
                        help="paced runs: --connections people at once, each reading the page this many seconds on "
                             "average before the next (one run per value, app and rendering floor; the first is the "
                             "latency goal's; '' for none)")
    parser.add_argument("--paced-seconds", type=int, default=45, help="each paced run")
    parser.add_argument("--sweep", default="",
                        help="connections of low-concurrency wrk runs of the app and the rendering floor, e.g. 1,2,4,8")
    parser.add_argument("--sweep-seconds", type=int, default=10, help="each low-concurrency run")
    parser.add_argument("--quiet-load", type=float, default=1.5,
                        help="wait until the 1-minute load average is under this before measuring")
    parser.add_argument("--quiet-wait", type=int, default=600, help="wait at most this many seconds for it")
    parser.add_argument("--timeout", type=int, default=900,
                        help="bound of the whole run, in seconds, after the wait for a quiet machine")
    args = quick.parse(parser, QUICK)
    sweep = [int(c) for c in args.sweep.split(",") if c.strip()]
    readings = [float(r) for r in args.reading.split(",") if r.strip()]
    bounds.install()
    load_quiet, waited = wait_for_quiet(args.quiet_load, args.quiet_wait)
    print(f"load average (1 min) {load_quiet:.2f} after waiting {waited:.0f} s for it to fall under "
          f"{args.quiet_load}{'' if load_quiet < args.quiet_load else ' (it did not: measuring anyway)'}", flush=True)
    signal.alarm(args.timeout)
    started, load_before = time.perf_counter(), os.getloadavg()
    rows: list[dict] = []
    sweep_rows: list[dict] = []
    met = False
    try:
        wrk = ensure_wrk()
        script = WORKDIR / "count-not-200.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        paced_rows: list[dict] = []
        with ExitStack() as stack:
            if args.database == "postgresql":
                server_url = stack.enter_context(submissions.postgresql_server())
                url = stack.enter_context(submissions.postgresql_database(server_url, "load_bench"))
            else:
                url = stack.enter_context(submissions.sqlite_database(WORKDIR, "load"))
            settings = {"workers": args.workers, "worker_class": args.worker_class, "threads": args.gunicorn_threads}
            env = app_environment(url, WORKDIR / "instance", SECRET_KEY)
            app = stack.enter_context(Gunicorn("webapp:create_app()", env, WORKDIR, name="app", **settings))
            step = open_step(app.port, url)
            baseline_env = save_baseline_page(step, WORKDIR)
            floors = {}
            for name in ("bytes", "rendering"):
                floors[name] = stack.enter_context(Gunicorn(
                    f"baseline_app:{name}_floor()", {**env, **baseline_env}, WORKDIR, name=f"{name}-floor",
                    pythonpath=ROOT / "benchmarks", **settings))
                answer = Browser(floors[name].port, timeout=10).get(step.path)
                check_same_page(f"{NAMES[name]}", answer, step, exact_length=name == "bytes")
            print(f"GET {step.path}: {len(step.html):,} characters from the app, the same page from both floors "
                  f"(checked); gunicorn {args.workers} {args.worker_class} workers"
                  f"{f' x {args.gunicorn_threads} threads' if args.worker_class == 'gthread' else ''}; wrk "
                  f"-t{args.threads} -c{args.connections}; database {args.database}", flush=True)
            servers = {"bytes": floors["bytes"], "rendering": floors["rendering"], "app": app}

            def measure(name: str, connections: int, seconds: int, number: int, asked: float = 0.0) -> dict:
                load = os.getloadavg()[0]
                if asked:
                    result = run_paced(servers[name].port, step.path, step.cookie, users=connections,
                                       asked_rps=asked, seconds=seconds)
                else:
                    result = run_wrk(wrk, servers[name].url + step.path, step.cookie, seconds=seconds,
                                     connections=connections, threads=args.threads, script=script)
                print(f"{NAMES[name]} at {connections} {'people, paced' if asked else 'connections'} (load "
                      f"average {load:.2f} at its start): {result['rps']:.1f} req/s, p99 "
                      f"{result['p99_us'] / 1000:.1f} ms", flush=True)
                return {"server": name, "round": number, "connections": connections, "load": load, **result}

            for name in servers:
                measure(name, args.connections, args.warmup, 0)
            for number in range(1, args.rounds + 1):
                for name in servers:
                    rows.append(measure(name, args.connections, args.seconds, number))

            def median(name: str, key: str, measured: list[dict] = rows) -> float:
                return statistics.median(r[key] for r in measured if r["server"] == name)

            for number, reading in enumerate(readings, 1):
                asked = args.connections / reading
                print(f"paced: {args.connections} people, each reading the page {reading:g} s on average before the "
                      f"next: about {asked:.0f} req/s asked ({asked / median('rendering', 'rps'):.0%} of the rendering "
                      "floor's at full load)", flush=True)
                for name in ("rendering", "app"):
                    paced_rows.append({**measure(name, args.connections, args.paced_seconds, number, asked),
                                       "reading": reading})
            for connections in sweep:
                for name in ("rendering", "app"):
                    sweep_rows.append(measure(name, connections, args.sweep_seconds, 1))
            print_table(rows, f"GET at {args.connections} connections, full load (wrk, after a warm-up of each). "
                              "Every answer a 200: checked.")

            app_rps, app_p99 = median("app", "rps"), median("app", "p99_us") / 1000
            ratio = app_rps / median("rendering", "rps")
            print(f"\napp / rendering floor throughput: {ratio:.1%} (goal >= {GOAL_RATIO:.0%}: "
                  f"{'met' if ratio >= GOAL_RATIO else 'NOT MET'})")
            print(f"app / bytes floor throughput: {app_rps / median('bytes', 'rps'):.1%} (for information)")
            print(f"p99 at {args.connections} connections, full load: app {app_p99:.1f} ms, rendering floor "
                  f"{median('rendering', 'p99_us') / 1000:.1f} ms, bytes floor "
                  f"{median('bytes', 'p99_us') / 1000:.1f} ms (a server at full load queues every request it "
                  f"cannot start: by Little's law, {args.connections} connections kept busy with every answer under "
                  f"{GOAL_P99_MS:.0f} ms need more than {args.connections / GOAL_P99_MS * 1000:.0f} req/s)")
            met = ratio >= GOAL_RATIO
            if paced_rows:
                print_table(paced_rows, f"GET by {args.connections} people at once, each reading the page for a "
                                        f"random time (mean {', '.join(f'{r:g}' for r in readings)} s: rounds "
                                        f"1-{len(readings)}; benchmarks/load.py run_paced). Every answer a 200: "
                                        "checked.")
                for reading in readings:
                    app_row, floor_row = (next(r for r in paced_rows if r["reading"] == reading and r["server"] == name)
                                          for name in ("app", "rendering"))
                    goal = reading == readings[0]
                    print(f"{'' if not goal else chr(10)}p99 with {args.connections} people reading {reading:g} s: app "
                          f"{app_row['p99_us'] / 1000:.1f} ms at {app_row['rps']:.1f} req/s"
                          + (f" (goal < {GOAL_P99_MS:.0f} ms: "
                             f"{'met' if app_row['p99_us'] / 1000 < GOAL_P99_MS else 'NOT MET'})" if goal else "")
                          + f", rendering floor {floor_row['p99_us'] / 1000:.1f} ms at {floor_row['rps']:.1f} req/s")
                    if goal:
                        met = met and app_row["p99_us"] / 1000 < GOAL_P99_MS
            else:
                met = met and app_p99 < GOAL_P99_MS
            if sweep_rows:
                print_table(sweep_rows, f"Low concurrency ({args.sweep_seconds} s each, no warm-up of its own)")
                for name in ("rendering", "app"):
                    under = [r["connections"] for r in sweep_rows if r["server"] == name
                             and r["p99_us"] / 1000 < GOAL_P99_MS]
                    print(f"{NAMES[name]}: p99 under {GOAL_P99_MS:.0f} ms at "
                          f"{', '.join(map(str, under)) or 'none of'} of {args.sweep} connections")
            last_app = [r for r in rows if r["server"] == "app"][-1]
            print("the last app run at full load as wrk printed it:\n" + last_app["output"].split("RESULT")[0].rstrip())
            for server in servers.values():
                server.stop()  # the profile below wants the CPUs to itself
            if args.quick:
                profile(url, step, baseline_env, samples=20, profiled=20)
            elif not met or args.profile:
                profile(url, step, baseline_env)
    except Deadline as error:
        print(f"STOPPED: {error}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        load_after, cpus = os.getloadavg(), os.cpu_count() or 1
        print(f"\nwhole run: {time.perf_counter() - started:.0f} s; load average (1 min) {load_before[0]:.2f} at "
              f"the start, {load_after[0]:.2f} at the end, on {cpus} CPUs")
        if max(load_before[0], load_after[0]) > 0.7 * cpus:
            print("the machine was busy (this run's own servers and wrk included): all three shared the CPUs")
        shutil.rmtree(WORKDIR, ignore_errors=True)
    print(f"goal (app >= {GOAL_RATIO:.0%} of the rendering floor's req/s at full load, p99 < {GOAL_P99_MS:.0f} ms "
          + (f"with {args.connections} people reading {readings[0]:g} s" if readings else
             f"at {args.connections} connections") + "): "
          + quick.verdict(met, args.quick))
    return 0 if met or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())

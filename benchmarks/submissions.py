"""Submissions under load: hundreds of concurrent "Send request" posts against gunicorn,
on SQLite and on PostgreSQL; then the same with gunicorn SIGKILLed half-way.

Goal (issue 7): every send that was confirmed is stored, exactly once and whole; none
lost, none duplicated, none half-written; a second, concurrent post of the same form
(a double click from another worker) ends on the same request.

    .venv/bin/python benchmarks/submissions.py [--people 500] [--duplicates 100] [--workers 4]
        [--databases sqlite,postgresql] [--scenarios load,fault] [--kill-at 0.4]
        [--through-http 20] [--postgresql-url URL] [--timeout 900] [--quick]

--quick (make test; about 10 s a database): both scenarios with 8 people, 3 duplicate
posts, 2 workers, 2 people the whole way over HTTP; every check made and the goal (a
correctness goal) asserted; the times printed, not compared with anything.
--postgresql-url: a running server's database to create the benchmark's databases
from (the test pass's cluster), instead of a throwaway cluster.

For each database and scenario: a new database (a temporary SQLite file; a database on a
throwaway PostgreSQL cluster from devtools/pgcluster.py), migrated with Alembic; the app
served by gunicorn (--workers sync workers, 127.0.0.1, a free port) with
RATELIMIT_ENABLED=0 (every send comes from one address).

1. Prepare --people browser sessions, each with an eligible Victims' Right to Review
   draft and the four request steps filled in. The first --through-http people go the
   whole way over HTTP as tests/web/test_requests.py `prepared()` does (results page,
   "Ask for a review", each step's form, the check page). The others get, for speed, a
   copy of the first one's draft written as webapp/drafts.py writes it (a Draft row: a
   random id, the answers, the request being prepared with a new submission id, as
   `requests.start` makes it) and a session cookie naming it, signed as Flask signs the
   app's own (as the tests' `seed_answers` does); then each GETs the check page over
   HTTP, which gives its "Send request" form: the CSRF token and the submission id.
2. Fire every send at once (a thread per post, released by one barrier), plus
   --duplicates second posts of the same forms with the same cookies (a double click
   reaching another worker). Each post that gets its 303 to /requests/sent then GETs the
   confirmation page with the cookie it got back and reads the reference shown.
   Scenario "fault": when --kill-at of the people have had their 303, the gunicorn
   master and its workers are SIGKILLed (the pids this script started); gunicorn is
   started again on the same database and port; every post (or confirmation page) that
   got no answer, or a 5xx, is sent again by its browser, with the same cookie and the
   same form, as a person would press the button again (at most 8 times each).
3. Check in the database: one row per submission id; every confirmed send stored under
   the reference shown; each row whole (answers, details and assessment are JSON that
   parses and says what was sent, its two outbox messages are there, its draft is gone);
   the drafts of the requests not stored are still there.

Bounded: --timeout for the whole run (signal.alarm), every HTTP request a socket
timeout, every wait a deadline. Servers, clusters and temporary folders are cleaned up
even on error. Not a test: pytest never collects it (benchmarks/ is outside testpaths);
tests/web/test_submissions_under_load.py runs a CI-sized version of it.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.sessions import SecureCookieSessionInterface  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from benchmarks import quick  # noqa: E402
from benchmarks.served import Browser, Gunicorn, app_environment, find_form, migrate  # noqa: E402
from devtools import bounds  # noqa: E402
from devtools.bounds import Deadline  # noqa: E402
from questionnaire import assess  # noqa: E402
from questionnaire.calendar import today_in_england  # noqa: E402

SESSION_COOKIE = "cyo_session"  # webapp/config.py SESSION_COOKIE_NAME
DRAFT_KEY = "draft"  # webapp/drafts.py SESSION_KEY
BASE = "/requests/vrr"
START, CHECK, SEND, SENT = f"{BASE}/start", f"{BASE}/check", f"{BASE}/send", "/requests/sent"
STEPS = ("your-details", "contact", "support", "case")
# What a person types on each step (as tests/web/test_requests.py FILLED).
FILLED = {
    "your-details": {"full_name": "Alex Example", "victim_name": "", "relationship": ""},
    "contact": {"preferred": "email", "email": "alex@example.com", "phone": "", "address": "", "safe": ["email"]},
    "support": {"language": "en", "needs": [], "interpreter_language": "", "other_needs": ""},
    "case": {"wrote": "london_north", "urn": "01AB2345626", "reason": ""},
}
REFERENCE = re.compile(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")
PANEL_REFERENCE = re.compile(r'class="app-reference">(.*?)</strong>', re.S)


def reference_in(html: str) -> str | None:
    """The reference shown in the confirmation panel (its groups are spans kept whole)."""
    found = PANEL_REFERENCE.search(html)
    text = re.sub(r"<[^>]+>|\s", "", found.group(1)) if found else ""
    return text if REFERENCE.fullmatch(text) else None
MAX_ATTEMPTS = 8  # a person presses "Send request" again at most this many times
OUTBOX = {"confirmation", "office_notice"}  # email given and safe: both messages




def check_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise Deadline("out of time")


def answers_for(today: date) -> dict:
    """A victim; the CPS decided not to charge six days ago (tests/web/journeys.py VICTIM_CPS,
    dated from the real today, as the server sees it): every answer given, VRR eligible."""
    answers = {
        "role": "victim", "decision_by": "cps", "decision_type": "no_charge",
        "decision_date": (today - timedelta(days=6)).isoformat(), "victim_withdrew_support": False,
        "decision_maker": "area", "awaiting_material": False, "offence": ["other"], "summary_only": False,
        "vrr_stage": "not_requested",
    }
    assessment = assess(answers, today)
    if assessment["missing"] or not assessment["routes"].get("vrr", {}).get("eligible"):
        raise RuntimeError(f"the load answers are not an eligible VRR case today: {assessment}")
    return answers


@functools.cache
def _signer(secret_key: str):
    """Flask's own session serializer: the app's StaffAwareSessionInterface uses Flask's
    default one for every public page."""
    app = Flask("cookie-signer")
    app.secret_key = secret_key
    return SecureCookieSessionInterface().get_signing_serializer(app)


def session_cookie(secret_key: str, data: dict) -> str:
    """The app's public session cookie holding `data`, signed as the app signs it."""
    return _signer(secret_key).dumps(data)


def owner_of(draft_id: str) -> str:
    """webapp/requests_store.py owner_of: whose request a stored row is."""
    return hashlib.sha256(draft_id.encode()).hexdigest()


# --------------------------------------------------------------------------- preparing


@dataclass
class Person:
    index: int
    draft_id: str
    browser: Browser  # the cookies just before "Send request"
    form: list[tuple[str, str]]  # the "Send request" form as the browser posts it
    submission_id: str
    through_http: bool


def _expect(answer, status: int, location: str | None, what: str) -> None:
    if answer.status != status or (location is not None and answer.location != location):
        raise RuntimeError(f"{what}: status {answer.status}, Location {answer.location!r} "
                           f"(expected {status} {location or ''})")


def prepare_over_http(port: int, url: str, secret_key: str, answers: dict, index: int) -> Person:
    """One person the whole way: answers stored (as seed_answers), results page, "Ask for a
    review", the four steps, the check page's "Send request" form."""
    draft_id = seed_drafts(url, [answers], request=None)[0]
    browser = Browser(port, {SESSION_COOKIE: session_cookie(secret_key, {DRAFT_KEY: draft_id})})
    _expect(browser.submit("/results", form_action=START), 303, f"{BASE}/{STEPS[0]}", "Ask for a review")
    for number, slug in enumerate(STEPS):
        following = f"{BASE}/{STEPS[number + 1]}" if number + 1 < len(STEPS) else CHECK
        _expect(browser.submit(f"{BASE}/{slug}", FILLED[slug]), 303, following, f"step {slug}")
    return _at_check_page(browser, index, draft_id, through_http=True)


def _at_check_page(browser: Browser, index: int, draft_id: str, through_http: bool) -> Person:
    page = browser.get(CHECK)
    _expect(page, 200, None, f"GET {CHECK}")
    form = find_form(page.text, SEND)
    if not form.value("csrf_token") or not form.value("submission_id"):
        raise RuntimeError("the 'Send request' form has no CSRF token or submission id")
    return Person(index, draft_id, browser, form.fields, form.value("submission_id"), through_http)


def seed_drafts(url: str, answers_list: list[dict], request: dict | None) -> list[str]:
    """Draft rows as webapp/drafts.py writes them: a random id, the answers, and (when
    `request` is given) the request being prepared, with its own submission id as
    `requests.start` makes it. Returns their ids."""
    from webapp.models import Draft  # the table only; the app itself is not created here

    now = datetime.now(UTC)
    rows = []
    for answers in answers_list:
        row = {"id": secrets.token_urlsafe(32), "answers": dict(answers), "created_at": now, "updated_at": now,
               "request": {}}
        if request is not None:
            row["request"] = {**request, "submission_id": secrets.token_urlsafe(24)}
        rows.append(row)
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for first in range(0, len(rows), 500):
                conn.execute(insert(Draft.__table__), rows[first:first + 500])
    finally:
        engine.dispose()
    return [row["id"] for row in rows]


def stored_request_of(url: str, draft_id: str) -> dict:
    """The request being prepared in a draft (kind, details, submission id), as stored."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT CAST(request AS TEXT) FROM drafts WHERE id = :id"),
                               {"id": draft_id}).scalar()
    finally:
        engine.dispose()
    return json.loads(raw)


def prepare(port: int, url: str, secret_key: str, people: int, *, through_http: int, threads: int,
            deadline: float) -> list[Person]:
    """`people` browser sessions at the "Send request" button (see the module's doc)."""
    answers = answers_for(today_in_england())
    through_http = max(1, min(through_http, people))
    with ThreadPoolExecutor(max_workers=threads) as pool:
        made = list(pool.map(lambda i: prepare_over_http(port, url, secret_key, answers, i), range(through_http)))
        check_time(deadline)
        # The others: a copy of the first one's draft, with its own submission id.
        template = stored_request_of(url, made[0].draft_id)
        if set(template) != {"kind", "details", "submission_id"} or template["kind"] != "vrr":
            raise RuntimeError(f"a prepared draft's request is not what this script copies: {template}")
        template.pop("submission_id")
        ids = seed_drafts(url, [answers] * (people - through_http), request=template)

        def at_check(number: int) -> Person:
            check_time(deadline)
            cookie = session_cookie(secret_key, {DRAFT_KEY: ids[number]})
            return _at_check_page(Browser(port, {SESSION_COOKIE: cookie}), through_http + number, ids[number],
                                  through_http=False)

        made += list(pool.map(at_check, range(len(ids))))
    return made


# --------------------------------------------------------------------------- sending


@dataclass
class Post:
    """One "Send request" post (and its retries) and the confirmation page after it."""

    person: int
    duplicate: bool
    attempts: list[str] = field(default_factory=list)  # "303", "500", "ConnectionResetError", ...
    seconds: float | None = None  # the answered attempt's time
    confirmed: bool = False  # got the 303 to /requests/sent
    reference: str | None = None  # shown on the confirmation page
    problem: str = ""


class Crash:
    """Scenario "fault": kill gunicorn once `kill_at` people have had their 303, restart it,
    and let the browsers send again what got no answer."""

    def __init__(self, server: Gunicorn, kill_at: int) -> None:
        self.server, self.kill_at = server, kill_at
        self.up = threading.Event()
        self.up.set()
        self.reached = threading.Event()
        self.confirmed: set[int] = set()
        self.lock = threading.Lock()
        self.killed_pids: list[int] = []
        self.killed_at: datetime | None = None  # rows created before it were committed by the killed server
        self.down_seconds = 0.0
        self.confirmed_at_kill = 0

    def confirmation(self, person: int) -> None:
        with self.lock:
            self.confirmed.add(person)
            if len(self.confirmed) >= self.kill_at:
                self.reached.set()

    def run(self, deadline: float) -> None:
        """In the main thread: wait for the moment, kill, restart."""
        if not self.reached.wait(timeout=max(0.0, deadline - time.monotonic())):
            raise Deadline(f"fewer than {self.kill_at} confirmations before the deadline")
        self.up.clear()
        with self.lock:
            self.confirmed_at_kill = len(self.confirmed)
        started = time.monotonic()
        self.killed_at = datetime.now(UTC)
        self.killed_pids = self.server.kill()
        self.server.start(timeout=max(5.0, min(60.0, deadline - time.monotonic())))
        self.down_seconds = time.monotonic() - started
        self.up.set()


def _wait_up(crash: Crash | None, deadline: float) -> None:
    if crash is not None:
        crash.up.wait(timeout=max(0.0, deadline - time.monotonic()))
    time.sleep(0.05)


def _send(person: Person, browser: Browser, post: Post, crash: Crash | None, deadline: float) -> None:
    retry = crash is not None
    while not post.confirmed:
        if len(post.attempts) >= (MAX_ATTEMPTS if retry else 1) or time.monotonic() > deadline:
            post.problem = post.problem or "no 303 to the confirmation page"
            return
        try:
            answer = browser.post(SEND, person.form)
        except OSError as error:  # no answer (refused, reset, timed out)
            post.attempts.append(type(error).__name__)
            if retry:
                _wait_up(crash, deadline)
            continue
        post.attempts.append(str(answer.status))
        post.seconds = answer.seconds
        if answer.status == 303 and answer.location == SENT:
            post.confirmed = True
            if crash is not None:
                crash.confirmation(person.index)
        elif not (retry and answer.status >= 500):
            post.problem = f"POST {SEND}: {answer.status} to {answer.location!r}"
            return
        else:
            _wait_up(crash, deadline)
    for _attempt in range(MAX_ATTEMPTS):  # the confirmation page (reloaded if it got no answer)
        if time.monotonic() > deadline:
            break
        try:
            page = browser.get(SENT)
        except OSError:
            if not retry:
                break
            _wait_up(crash, deadline)
            continue
        if page.status == 200:
            post.reference = reference_in(page.text)
            if post.reference is None:
                post.problem = "no reference on the confirmation page"
            return
        if not (retry and page.status >= 500):
            break
        _wait_up(crash, deadline)
    post.problem = f"the confirmation page {SENT} was not shown"


def fire(people: list[Person], duplicates: int, *, crash: Crash | None, deadline: float) -> tuple[list[Post], float]:
    """Every send at once (one thread each, one barrier), and `duplicates` second posts of
    the first forms with the same cookies. Returns the posts and the wall time."""
    senders = [(p, False) for p in people] + [(p, True) for p in people[:duplicates]]
    posts = [Post(p.index, dup) for p, dup in senders]
    barrier = threading.Barrier(len(senders) + 1, timeout=120)

    def run(number: int) -> None:
        person, _dup = senders[number]
        try:
            barrier.wait()
            _send(person, person.browser.copy(), posts[number], crash, deadline)
        except Exception as error:  # reported in the figures, never lost in a thread
            posts[number].problem = f"{type(error).__name__}: {error}"

    previous = threading.stack_size(512 * 1024)  # hundreds of threads: small stacks
    try:
        threads = [threading.Thread(target=run, args=(n,), name=f"send-{n}", daemon=True)
                   for n in range(len(senders))]
        for thread in threads:
            thread.start()
    finally:
        threading.stack_size(previous)
    barrier.wait()
    started = time.monotonic()
    try:
        if crash is not None:
            crash.run(deadline)
    finally:
        for thread in threads:
            thread.join(timeout=max(0.1, deadline - time.monotonic()))
    if any(t.is_alive() for t in threads):
        raise Deadline(f"{sum(t.is_alive() for t in threads)} sends still running at the deadline")
    return posts, time.monotonic() - started


# --------------------------------------------------------------------------- checking


@dataclass
class Check:
    """What the database holds after the run, against what the browsers were told."""

    people: int = 0
    posts: int = 0
    confirmed: int = 0  # people shown a reference
    stored: int = 0  # our submission ids with a row
    duplicates: int = 0  # rows beyond one per submission id (and rows of no one's)
    lost: int = 0  # confirmed, but no row under the reference shown
    half_written: int = 0  # a row not whole, its outbox messages missing, its draft left
    unsent: int = 0  # not confirmed and not stored (gave up)
    stored_unconfirmed: int = 0  # stored, but the browser never saw the reference
    drafts_lost: int = 0  # not stored, and the draft gone too
    mismatched: int = 0  # the two posts of one form shown different references
    statuses: Counter = field(default_factory=Counter)  # every POST attempt
    problems: list[str] = field(default_factory=list)
    send_seconds: list[float] = field(default_factory=list)
    retried: int = 0  # POST attempts after the first
    # fault: stored by the killed server, whose answer never came; the post sent again found it
    answer_lost_resent: int = 0

    def ok(self, fault: bool) -> bool:
        whole = not (self.duplicates or self.lost or self.half_written or self.drafts_lost or self.mismatched)
        if fault:
            return whole and self.confirmed > 0
        return whole and self.confirmed == self.people and self.stored == self.people and not self.problems

    def percentile(self, share: float) -> float:
        ordered = sorted(self.send_seconds)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000 if ordered else float("nan")


def _utc(moment) -> datetime:
    """created_at as read back: a datetime (PostgreSQL) or the text SQLite keeps (UTC)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_database(url: str, people: list[Person], posts: list[Post], answers: dict, details: dict,
                   killed_at: datetime | None = None) -> Check:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, reference, submission_id, owner, kind, CAST(answers AS TEXT), CAST(details AS TEXT), "
                "CAST(assessment AS TEXT), created_at FROM requests")).all()
            outbox = conn.execute(text("SELECT request_id, template FROM outbox")).all()
            # Each draft's request part: sending clears it in the request's transaction
            # (the answers stay, for the person's next request).
            drafts = {row[0]: row[1] for row in conn.execute(text("SELECT id, CAST(request AS TEXT) FROM drafts"))}
    finally:
        engine.dispose()
    check = Check(people=len(people), posts=len(posts))
    by_submission: dict[str, list] = {}
    for row in rows:
        by_submission.setdefault(row.submission_id, []).append(row)
    ours = {p.submission_id: p for p in people}
    check.duplicates = sum(len(found) - 1 for found in by_submission.values())
    check.duplicates += sum(len(found) for sid, found in by_submission.items() if sid not in ours)
    messages: dict[int, list[str]] = {}
    for request_id, template in outbox:
        messages.setdefault(request_id, []).append(template)

    shown: dict[int, set[str]] = {}
    answered_first = {post.person for post in posts if post.attempts and post.attempts[0].isdigit()}
    unanswered_first = {post.person for post in posts} - answered_first  # none of its posts' first tries answered
    for post in posts:
        check.statuses.update(post.attempts)
        check.retried += max(0, len(post.attempts) - 1)
        if post.seconds is not None and post.confirmed:
            check.send_seconds.append(post.seconds)
        if post.reference:
            shown.setdefault(post.person, set()).add(post.reference)
        if post.problem:
            check.problems.append(f"person {post.person}{' (duplicate)' if post.duplicate else ''}: {post.problem}")
    check.confirmed = len(shown)
    check.mismatched = sum(len(refs) > 1 for refs in shown.values())

    for person in people:
        found = by_submission.get(person.submission_id, [])
        refs = shown.get(person.index, set())
        if found:
            check.stored += 1
            row = found[0]
            if refs and row.reference not in refs:
                check.lost += 1
                check.problems.append(f"person {person.index}: shown {sorted(refs)}, stored {row.reference}")
            if not refs:
                check.stored_unconfirmed += 1
            if killed_at and person.index in unanswered_first and _utc(row.created_at) < killed_at:
                check.answer_lost_resent += 1
            trouble = _not_whole(row, person, messages.get(row.id, []), drafts, answers, details)
            if trouble:
                check.half_written += 1
                check.problems.append(f"request {row.reference}: {trouble}")
        else:
            if refs:
                check.lost += 1
                check.problems.append(f"person {person.index}: shown {sorted(refs)}, nothing stored")
            else:
                check.unsent += 1
            if person.draft_id not in drafts:
                check.drafts_lost += 1
                check.problems.append(f"person {person.index}: not stored, and the draft is gone")
    return check


def _not_whole(row, person: Person, templates: list[str], drafts: dict[str, str], answers: dict, details: dict) -> str:
    try:
        stored_answers, stored_details, assessment = (json.loads(v) for v in row[5:8])
    except (TypeError, ValueError) as error:
        return f"JSON that does not parse ({error})"
    if row.kind != "vrr" or row.owner != owner_of(person.draft_id):
        return f"kind {row.kind!r} or owner not this person's"
    if stored_answers != answers:
        return "answers differ from the draft's"
    if stored_details != details:
        return f"details differ from the steps': {stored_details}"
    if not assessment.get("routes", {}).get("vrr", {}).get("eligible"):
        return "assessment without an eligible vrr route"
    if sorted(templates) != sorted(OUTBOX):
        return f"outbox messages {sorted(templates)}, expected {sorted(OUTBOX)}"
    if json.loads(drafts.get(person.draft_id) or "{}"):
        return "its draft still holds the request it was sent with"
    return ""


# --------------------------------------------------------------------------- one scenario


@dataclass
class Result:
    database: str
    scenario: str
    check: Check
    wall: float
    prepare_seconds: float
    workers: int
    fault: dict = field(default_factory=dict)
    log_errors: int = 0  # "database is locked" and tracebacks in gunicorn's log
    log_tail: str = ""
    server_ms: list[float] = field(default_factory=list)  # each send's own time, from the access log
    people: list[Person] = field(default_factory=list, repr=False)
    posts: list[Post] = field(default_factory=list, repr=False)
    expected: tuple[dict, dict] = ({}, {})  # the answers and details every row must hold

    def row(self) -> dict:
        c = self.check
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(c.statuses.items()))
        return {"database": self.database, "scenario": self.scenario, "people": c.people, "posts": c.posts,
                "confirmed": c.confirmed, "stored": c.stored, "duplicates": c.duplicates, "lost": c.lost,
                "half": c.half_written, "unsent": c.unsent, "statuses": statuses, "wall": self.wall,
                "p50": c.percentile(0.5), "p99": c.percentile(0.99), "ok": c.ok(self.scenario == "fault"),
                "server_p50": statistics.median(self.server_ms) if self.server_ms else float("nan")}


def run_scenario(database_url: str, folder: Path, *, people: int, duplicates: int, workers: int, fault: bool,
                 kill_at: float = 0.4, through_http: int = 20, deadline: float, database: str = "",
                 secret_key: str = "submissions-benchmark-secret-key") -> Result:  # noqa: S107 (a throwaway app)
    """Prepare `people`, fire their sends (+ `duplicates`), optionally crash gunicorn, check."""
    folder.mkdir(parents=True, exist_ok=True)
    env = app_environment(database_url, folder / "instance", secret_key)
    server = Gunicorn("webapp:create_app()", env, folder, workers=workers, name="app")
    try:
        with server:
            started = time.monotonic()
            prepared = prepare(server.port, database_url, secret_key, people, through_http=through_http,
                               threads=min(8, 2 * workers), deadline=deadline)
            prepare_seconds = time.monotonic() - started
            answers = answers_for(today_in_england())
            details = stored_request_of(database_url, prepared[0].draft_id)["details"]
            crash = Crash(server, max(1, round(kill_at * people))) if fault else None
            posts, wall = fire(prepared, duplicates, crash=crash, deadline=deadline)
    except Exception:
        print(f"gunicorn's log ({server.log.name}), its errors:\n{server.log_errors()}", file=sys.stderr)
        raise
    check = check_database(database_url, prepared, posts, answers, details, crash.killed_at if crash else None)
    result = Result(database or database_url.split(":", 1)[0], "fault" if fault else "load", check, wall,
                    prepare_seconds, workers, people=prepared, posts=posts, expected=(answers, details))
    if crash is not None:
        result.fault = {"killed": crash.killed_pids, "confirmed_at_kill": crash.confirmed_at_kill,
                        "down_seconds": crash.down_seconds}
    result.log_errors = server.log_count("Traceback") + server.log_count("database is locked")
    result.log_tail = server.log_errors() if result.log_errors else ""
    result.server_ms = server_times(server, SEND)
    return result


def server_times(server: Gunicorn, path: str) -> list[float]:
    """The time gunicorn took over each POST of `path` (its access log, gunicorn.conf.py's
    format, ends with the request's milliseconds): service time, without the queueing."""
    try:
        log = server.log.read_text(errors="replace")
    except OSError:
        return []
    return [float(ms) for ms in re.findall(rf'"POST {re.escape(path)}" \d+ \S+ (\d+)ms', log)]


# --------------------------------------------------------------------------- databases


@contextmanager
def sqlite_database(folder: Path, name: str) -> Iterator[str]:
    path = folder / f"{name}.sqlite3"
    url = f"sqlite:///{path}"
    try:
        migrate(url)
        yield url
    finally:
        for leftover in folder.glob(f"{name}.sqlite3*"):
            leftover.unlink(missing_ok=True)


@contextmanager
def postgresql_database(server_url: str, name: str) -> Iterator[str]:
    from devtools import pgcluster

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        url = pgcluster.database_url(server_url, name)
        migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@contextmanager
def postgresql_server() -> Iterator[str]:
    """A throwaway cluster; its stop is never cut short by the run's alarm."""
    from devtools import pgcluster

    stack = ExitStack()
    try:
        yield stack.enter_context(pgcluster.cluster(max_connections=300))
    finally:
        left, stopping = signal.alarm(0), time.monotonic()
        try:
            stack.close()
        finally:
            if left:
                signal.alarm(max(1, left - round(time.monotonic() - stopping)))


# --------------------------------------------------------------------------- the report


def print_table(results: list[Result]) -> None:
    print("\nsent: posts fired at once (people + second posts of the same forms); confirmed: people shown a "
          "reference on the confirmation page;\nstored: people with a stored request; duplicates: rows beyond one "
          "per submission id; lost: confirmed but not stored under that reference;\nhalf: stored rows not whole "
          "(JSON, outbox messages, draft left); unsent: neither confirmed nor stored (gave up);\nPOST statuses: "
          "every attempt (fault: with the retries); wall: from the barrier to the last confirmation page; "
          "send p50/p99: one POST's time\nas the browser waited for it (mostly queueing: hundreds at once for "
          "a few workers); server p50: the time gunicorn spent on a POST (its access log).")
    header = (f"{'database':10} {'scenario':8} {'people':>6} {'sent':>5} {'confirmed':>9} {'stored':>6} "
              f"{'duplicates':>10} {'lost':>4} {'half':>4} {'unsent':>6} {'wall s':>6} {'p50 ms':>7} {'p99 ms':>7}"
              f" {'server p50':>10}  {'POST statuses':30} result")
    print(header)
    print("-" * len(header))
    for result in results:
        r = result.row()
        print(f"{r['database']:10} {r['scenario']:8} {r['people']:6d} {r['posts']:5d} {r['confirmed']:9d} "
              f"{r['stored']:6d} {r['duplicates']:10d} {r['lost']:4d} {r['half']:4d} {r['unsent']:6d} "
              f"{r['wall']:6.1f} {r['p50']:7.0f} {r['p99']:7.0f} {r['server_p50']:10.0f}  {r['statuses']:30} "
              f"{'ok' if r['ok'] else 'FAILED'}")


def describe(result: Result) -> str:
    c = result.check
    lines = [f"{result.database} {result.scenario}: prepared {c.people} people in {result.prepare_seconds:.1f} s; "
             f"{c.posts} posts; {c.retried} retried attempts; stored but never shown {c.stored_unconfirmed}; "
             f"drafts lost {c.drafts_lost}; two posts shown different references {c.mismatched}; "
             f"tracebacks or 'database is locked' in gunicorn's log: {result.log_errors}"]
    if result.fault:
        lines.append(f"  SIGKILLed master and workers {result.fault['killed']} after "
                     f"{result.fault['confirmed_at_kill']} confirmations; down (kill to restarted) "
                     f"{result.fault['down_seconds']:.1f} s; stored by the killed server but never answered, "
                     f"then found by the post sent again: {c.answer_lost_resent}")
    if result.log_errors:
        lines.append(f"  gunicorn's log, its errors:\n{result.log_tail}")
    for problem in c.problems[:8]:
        lines.append(f"  problem: {problem}")
    if len(c.problems) > 8:
        lines.append(f"  ... and {len(c.problems) - 8} more problems")
    return "\n".join(lines)




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500, help="browser sessions, each sending one request")
    parser.add_argument("--duplicates", type=int, default=100, help="second, concurrent posts of the same forms")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn sync workers")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--scenarios", default="load,fault", help="comma-separated: load, fault")
    parser.add_argument("--kill-at", type=float, default=0.4, help="fault: kill after this share of confirmations")
    parser.add_argument("--through-http", type=int, default=20,
                        help="people prepared the whole way over HTTP (the others: a copy of a draft, then HTTP)")
    parser.add_argument("--postgresql-url", default="",
                        help="a running PostgreSQL server (a URL of its postgres database) to use instead of a "
                             "throwaway cluster; the benchmark's databases are created on it and dropped")
    parser.add_argument("--timeout", type=int, default=900, help="bound of the whole run, in seconds")
    args = quick.parse(parser, {"people": 8, "duplicates": 3, "workers": 2, "through_http": 2, "timeout": 120})
    if not 0 <= args.duplicates <= args.people or not 0 < args.kill_at < 1:
        parser.error("need 0 <= --duplicates <= --people and 0 < --kill-at < 1")
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    if set(databases) - {"sqlite", "postgresql"} or set(scenarios) - {"load", "fault"}:
        parser.error("unknown database or scenario")
    bounds.install()
    signal.alarm(args.timeout)
    deadline = time.monotonic() + args.timeout - 30  # leaves time to clean up
    workdir = Path(tempfile.mkdtemp(prefix="submissions-bench-"))
    results: list[Result] = []
    started, load_before = time.perf_counter(), os.getloadavg()
    print(f"{args.people} people, {args.duplicates} duplicate posts, {args.workers} gunicorn sync workers, "
          f"on {os.cpu_count()} CPUs; today is {today_in_england()}", flush=True)
    try:
        with ExitStack() as stack:
            for database in databases:
                server_url = ""
                if database == "postgresql":
                    server_url = args.postgresql_url or stack.enter_context(postgresql_server())
                for scenario in scenarios:
                    name = f"{scenario}_{secrets.token_hex(3)}"
                    folder = workdir / f"{database}-{name}"
                    folder.mkdir()
                    database_of = postgresql_database(server_url, name) if server_url else sqlite_database(folder, name)
                    with database_of as url:
                        result = run_scenario(url, folder, people=args.people, duplicates=args.duplicates,
                                              workers=args.workers, fault=scenario == "fault",
                                              kill_at=args.kill_at, through_http=args.through_http,
                                              deadline=deadline, database=database)
                    results.append(result)
                    print(describe(result), flush=True)
    except Deadline as error:
        print(f"STOPPED: {error}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)
        if results:
            print_table(results)
        load_after = os.getloadavg()
        print(f"\nwhole run: {time.perf_counter() - started:.0f} s; load average (1 min) {load_before[0]:.1f} at "
              f"the start, {load_after[0]:.1f} at the end, on {os.cpu_count()} CPUs")
    met = bool(results) and all(r.row()["ok"] for r in results)
    if args.quick:
        print(f"{quick.NOTE} (the times); the goal below is correctness, and checked")
    print("goal (every confirmed send stored once and whole; none lost, duplicated or half-written): "
          + ("met" if met else "NOT MET"))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

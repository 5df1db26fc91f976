"""Inbox benchmark: the staff inbox's server time with 100,000 requests, on SQLite and PostgreSQL.

Goal (issue 6): the inbox answers in under 50 ms of server time on SQLite and on
PostgreSQL with 100,000 requests.

    .venv/bin/python benchmarks/inbox.py [--requests 100000] [--samples 50] [--seconds 45]
                                         [--databases sqlite,postgresql] [--explain] [--timeout 290]
                                         [--postgresql-url URL] [--quick]

--quick (make test; a few seconds a database): 500 requests, 5 rounds after one warm-up
request a page, the query plans too; every page must answer 200 (the fragment a fragment,
the counts shown); the times printed, not compared with the goal. --postgresql-url: a
running server (the test pass's cluster) to create the benchmark's database on, instead
of a throwaway cluster.

For each database: a new one (a temporary SQLite file; a temporary PostgreSQL cluster on
127.0.0.1 and a free port, started with pg_ctl as ../shared/STACK.md shows and stopped by
its own pg_ctl at the end, even on error or time-out), migrated with Alembic to head,
then seeded with SQLAlchemy core in batches: requests received over two years, spread
over the 14 CPS Areas, the ARU and the other offices as webapp/offices.py routes them,
the four kinds, most of the old ones closed, along status paths the workflow allows.
Their inbox columns are filled by records.arrived() and records.refresh(), as the app
fills them (on stand-in objects, without the ORM, for speed). PostgreSQL then gets the
VACUUM ANALYZE its autovacuum would soon run on a live database.

The app is created on that DATABASE_URL; a caseworker (one Area) and an administrator
(every office) sign in through POST /staff/login; each page is requested through the
test client: a few warm-up requests each, then rounds of one timed request per page (up
to --samples rounds, at least 5, none started after --seconds), so that load elsewhere
on the machine falls on every page alike. "Server time" is the test client's call: the
whole Flask request (session, queries, template). SQL is the part spent executing
statements; CPU is this process's CPU time, which load elsewhere inflates less than the
wall time (PostgreSQL's own CPU is not in it).

`--explain` prints the plans of the statements one GET /staff/ runs (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN ANALYZE on PostgreSQL). The whole run is bounded by --timeout.
Not a test: pytest never collects it (benchmarks/ is outside testpaths).
"""

from __future__ import annotations

import argparse
import atexit
import bisect
import functools
import gc
import hashlib
import itertools
import math
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Before the app is imported: its instance folder and secret key, never the repository's.
WORKDIR = Path(tempfile.mkdtemp(prefix="inbox-bench-"))
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)  # also when only imported
os.environ["INSTANCE_PATH"] = str(WORKDIR / "instance")
os.environ["SECRET_KEY"] = "inbox-benchmark-secret-key"  # noqa: S105 (a throwaway app)
os.environ.pop("DATABASE_URL", None)

import alembic.command  # noqa: E402
import alembic.config  # noqa: E402
from sqlalchemy import create_engine, event, insert, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from benchmarks import quick  # noqa: E402
from devtools import bounds, pgcluster  # noqa: E402
from devtools.bounds import Deadline  # noqa: E402
from questionnaire.calendar import LONDON, add_months, add_working_days, today_in_england  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.models import Request, StaffUser, db  # noqa: E402
from webapp.offices import DIVISIONS  # noqa: E402
from webapp.staff import records, workflow  # noqa: E402

GOAL_MS = 50.0
PASSWORD = "benchmark-password-1"  # noqa: S105 (a throwaway database's user)
CASEWORKER_OFFICE = "london_north"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Relative sizes of the Areas (roughly by population served).
AREA_WEIGHTS = {"cymru_wales": 6, "east_midlands": 8, "east_of_england": 7, "london_north": 9, "london_south": 9,
                "mersey_cheshire": 6, "north_east": 5, "north_west": 10, "south_east": 7, "south_west": 6,
                "thames_chiltern": 6, "wessex": 5, "west_midlands": 9, "yorkshire_humberside": 9}
PATHWAYS = (("local_then_independent", 60), ("local_only", 10), ("senior_prosecutor", 10), ("independent", 10),
            ("central_casework", 5), ("director_legal_services", 5))
KINDS = (("vrr", 55), ("complaint", 25), ("meeting", 12), ("ccrc", 8))
TIMINGS = (("in_time", 85), ("late", 10), ("out_of_time", 5))
# The statuses a request goes through, each with its working day after arrival.
VRR_TWO_STAGE = (("acknowledged", 2), ("under_review", 4), ("local_upheld", 9), ("independent_requested", 16),
                 ("independent_review", 18), ("decision_sent", 34), ("closed", 36))
VRR_LOCAL = (("acknowledged", 2), ("under_review", 4), ("new_decision", 9), ("closed", 11))
VRR_SINGLE = (("acknowledged", 2), ("under_review", 5), ("decision_sent", 26), ("closed", 28))
VRR_ARU = (("acknowledged", 2), ("independent_review", 3), ("decision_sent", 18), ("closed", 20))  # VRR 37
COMMON_PATH = (("acknowledged", 2), ("under_review", 4), ("decision_sent", 12), ("closed", 13))
WITHDRAWN = (("acknowledged", 2), ("closed", 6))




# --------------------------------------------------------------------------- seed data


class StandIn:
    """A request as records.arrived() and records.refresh() read and write it."""

    def __init__(self, kind: str, answers: dict, details: dict, assessment: dict, created_at: datetime) -> None:
        self.kind, self.answers, self.details, self.assessment = kind, answers, details, assessment
        self.created_at = created_at
        self.events: list = []


class Weighted:
    def __init__(self, pairs) -> None:
        self.names, weights = zip(*pairs, strict=True)
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random) -> str:
        return self.names[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


AREA, KIND, PATHWAY, TIMING = Weighted(AREA_WEIGHTS.items()), Weighted(KINDS), Weighted(PATHWAYS), Weighted(TIMINGS)


def _local_office(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.80:
        return AREA(rng)
    if roll < 0.87:
        return "cps_direct"
    if roll < 0.95:
        return rng.choice(DIVISIONS)[0]
    return "triage"  # "I don't know who wrote to me"


def _closed_share(age_days: int) -> float:
    """Most old requests are closed; a backlog of recent and stuck ones stays open."""
    if age_days > 120:
        return 0.96
    if age_days > 60:
        return 0.80
    if age_days > 30:
        return 0.45
    return 0.10


def _path(kind: str, pathway: str | None, rng: random.Random):
    if rng.random() < 0.08:
        return WITHDRAWN
    if kind != "vrr":
        return COMMON_PATH
    if pathway == "local_then_independent":
        return VRR_TWO_STAGE if rng.random() < 0.35 else VRR_LOCAL
    if pathway == "local_only":
        return VRR_LOCAL
    return VRR_ARU if pathway == "independent" else VRR_SINGLE


def _check_paths() -> None:
    """Every path the seed uses is one the app allows (workflow.transitions), office by office."""
    for kind, paths in (("vrr", (VRR_TWO_STAGE, VRR_LOCAL, VRR_SINGLE, VRR_ARU, WITHDRAWN)),
                        ("complaint", (COMMON_PATH, WITHDRAWN))):
        for path in paths:
            office = "aru" if path is VRR_ARU else "london_north"
            status = "received"
            for step, _day in path:
                if step not in workflow.transitions(kind, status, office):
                    raise RuntimeError(f"the seed's {kind} path {path} is not allowed at {status} -> {step}")
                status, office = step, workflow.MOVES_TO_OFFICE.get(step, office)


def _reference(rng: random.Random, n: int) -> str:
    tail = "".join(ALPHABET[(n >> (5 * i)) & 31] for i in range(8))  # unique: n in 8 base-32 digits
    head = rng.getrandbits(20)
    raw = "".join(ALPHABET[(head >> (5 * i)) & 31] for i in range(4)) + tail
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@contextmanager
def memoised_calendar():
    """While seeding only: workflow's add_working_days remembers its answers (a pure function,
    so the columns are the same; an old open VRR request otherwise walks two years of
    progress updates day by day). Put back before the app is measured."""
    real = workflow.add_working_days
    workflow.add_working_days = functools.lru_cache(maxsize=None)(real)
    try:
        yield
    finally:
        workflow.add_working_days = real


def make_rows(count: int, today: date, seed: int = 6) -> list[dict]:
    """`count` requests received over the two years up to `today`, with their inbox columns."""
    _check_paths()
    gc.disable()  # 100,000 nested dicts: the collector's passes would double the time
    try:
        with memoised_calendar():
            return _make_rows(count, today, seed)
    finally:
        gc.enable()


def _make_rows(count: int, today: date, seed: int) -> list[dict]:
    rng = random.Random(seed)
    start = datetime.combine(today - timedelta(days=730), clock(0), LONDON)
    span = (datetime.combine(today, clock(0), LONDON) - start).total_seconds()
    steps_cache: dict = {}
    rows = []
    for n in range(count):
        kind = KIND(rng)
        pathway = PATHWAY(rng) if kind == "vrr" else None
        created = (start + timedelta(seconds=rng.random() * span)).astimezone(UTC)
        received = created.astimezone(LONDON).date()
        if kind == "ccrc":
            office = "ccrc"
        elif pathway == "independent":
            office = "aru"
        elif pathway == "director_legal_services":
            office = "dls"
        else:
            office = _local_office(rng)
        role = "representative" if rng.random() < 0.12 else "victim"
        welsh = rng.random() < (0.30 if office == "cymru_wales" else 0.02)
        details = {"wrote": office, "language": "cy" if welsh else "en"}
        if rng.random() < 0.08:
            details["needs"] = "Large print, please"
        if role == "representative" and rng.random() < 0.6:
            details["authority_file"] = {"token": f"t{n}", "type": "application/pdf"}
        deadlines = {}
        if kind in ("vrr", "complaint") and rng.random() < 0.2:  # summary-only: six months from the offence
            offence = received - timedelta(days=rng.randint(20, 175))
            deadlines["statute_limit"] = add_months(offence, 6).isoformat()
        routes = {}
        if kind == "vrr":
            timing = TIMING(rng)
            routes["vrr"] = {"eligible": True, "pathway": pathway, "timing": timing,
                             "exceptional_circumstances": timing != "in_time" and rng.random() < 0.3}
        stand_in = StandIn(kind, {"role": role}, details, {"routes": routes, "deadlines": deadlines}, created)
        records.arrived(stand_in)

        # Where it has got to: events along its path, none after today.
        age = (today - received).days
        path = _path(kind, pathway, rng)
        # closed, or open somewhere before "closed"
        reached = len(path) if rng.random() < _closed_share(age) else rng.randrange(0, len(path))
        slow = rng.choice((1, 1, 1, 2, 3))  # some offices take longer than the targets
        events, moved_to = [], None
        for status, day in path[:reached]:
            key = (received, day * slow)
            if key not in steps_cache:
                steps_cache[key] = add_working_days(received, day * slow)
            on = min(steps_cache[key], today)
            events.append(workflow.Event(status, on))
            if status in workflow.MOVES_TO_OFFICE:
                moved_to = workflow.MOVES_TO_OFFICE[status]
        status = events[-1].status if events else "received"
        if events:
            cache_key = (kind, pathway, received, tuple(events))
            if cache_key not in steps_cache:
                records.refresh(stand_in, events, today)
                steps_cache[cache_key] = stand_in.next_due
            stand_in.next_due = steps_cache[cache_key]
        last = events[-1].on if events else None
        rows.append({
            "reference": _reference(rng, n), "submission_id": f"bench-{n:08d}",
            "owner": hashlib.sha256(str(n).encode()).hexdigest(), "kind": kind,
            "office": moved_to or office, "language": "cy" if welsh else "en",
            "answers": stand_in.answers, "details": details, "assessment": stand_in.assessment,
            "created_at": created, "status": status, "received_on": stand_in.received_on,
            "next_due": stand_in.next_due, "statute_limit": stand_in.statute_limit,
            "target_due": stand_in.target_due,
            "last_activity_at": (datetime.combine(last, clock(11), LONDON).astimezone(UTC) if last else created),
            "closed_on": last if status in workflow.FINAL else None,
            "flag_welsh": stand_in.flag_welsh, "flag_needs": stand_in.flag_needs,
            "flag_no_authority": stand_in.flag_no_authority, "flag_late": stand_in.flag_late,
        })
    return rows


def migrate(url: str) -> None:
    """`alembic upgrade head` with DATABASE_URL set, as `make database` does."""
    os.environ["DATABASE_URL"] = url
    config = alembic.config.Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    alembic.command.upgrade(config, "head")


def seed(url: str, rows: list[dict], batch: int = 5000, analyze: bool = True) -> None:
    engine = create_engine(url)
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            for first in range(0, len(rows), batch):
                conn.execute(insert(Request.__table__), rows[first:first + batch])
            password = generate_password_hash(PASSWORD, method="scrypt")
            conn.execute(insert(StaffUser.__table__), [
                {"email": "caseworker@example.org", "name": "Casey Worker", "role": "caseworker",
                 "office": CASEWORKER_OFFICE, "password_hash": password, "password_changed_at": now,
                 "active": True, "created_at": now},
                {"email": "admin@example.org", "name": "Ada Admin", "role": "admin", "office": None,
                 "password_hash": password, "password_changed_at": now, "active": True, "created_at": now},
            ])
        if engine.dialect.name == "postgresql":
            # What autovacuum does soon after a bulk load on a live database: statistics, and
            # the visibility map (without it no index-only scan), so every run starts alike.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        elif analyze:
            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- databases


@contextmanager
def postgresql_cluster(server: str = ""):
    """A database for the benchmark on `server` (a URL of a running server's postgres
    database), else on a throwaway cluster (devtools/pgcluster.py); yields its URL and
    drops it after."""
    stack = ExitStack()
    name = f"inbox_bench_{secrets.token_hex(3)}"
    try:
        server = server or stack.enter_context(pgcluster.cluster())
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        stack.callback(admin.dispose)
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        stack.callback(_drop, admin, name)
        yield pgcluster.database_url(server, name)
    finally:
        left, stopping = signal.alarm(0), time.monotonic()  # the time limit must not cut the stop short
        try:
            stack.close()
        finally:
            if left:
                signal.alarm(max(1, left - round(time.monotonic() - stopping)))


def _drop(admin, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@contextmanager
def sqlite_file():
    path = WORKDIR / "inbox.sqlite3"
    try:
        yield f"sqlite:///{path}"
    finally:
        path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- measuring

FRAGMENT = {"HX-Request": "true", "HX-Target": "inbox-results"}
# (label, URL, headers, counts for the goal)
SCENARIOS = (
    ("inbox: open, most urgent first", "/staff/", {}, True),
    ("?flag=overdue", "/staff/?flag=overdue", {}, True),
    ("?kind=vrr&sort=due", "/staff/?kind=vrr&sort=due", {}, True),
    ("?page=20", "/staff/?page=20", {}, True),
    ("htmx fragment (filter form)", "/staff/?kind=&status=open&flag=&received_from=&received_to=&sort=urgency",
     FRAGMENT, True),
    ("?status=all (info, not in goal)", "/staff/?status=all", {}, False),
)
FIGURES = ("figures page (info)", "/staff/figures", {}, False)
COUNT = re.compile(r"<h2 class=\"govuk-heading-m\">([\d,]+) requests?</h2>")
CURRENT_PAGE = re.compile(r'govuk-pagination__item--current">\s*<a[^>]*>\s*(\d+)')


class SqlClock:
    """Time spent executing statements (and how many), per request; the statements if asked."""

    def __init__(self, engine) -> None:
        self.seconds, self.statements, self._start = 0.0, 0, 0.0
        self.recorded: list | None = None
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        if self.recorded is not None:
            self.recorded.append((statement, parameters))
        self._start = time.perf_counter()

    def _after(self, *_args) -> None:
        self.seconds += time.perf_counter() - self._start
        self.statements += 1

    def reset(self) -> None:
        self.seconds, self.statements = 0.0, 0


def sign_in(app, email: str):
    """Sign in as a person would: the login page's CSRF token, then POST /staff/login."""
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    answer = client.post("/staff/login", data={"email": email, "password": PASSWORD,
                                               "csrf_token": token.group(1) if token else ""})
    if answer.status_code != 303:
        raise RuntimeError(f"signing in as {email} failed: {answer.status_code}")
    return client


class Scenario:
    """One page for one user: its timings, taken one at a time between the others'."""

    def __init__(self, who: str, client, label: str, url: str, headers: dict, in_goal: bool) -> None:
        self.who, self.client, self.label, self.in_goal = who, client, label, in_goal
        self.url, self.headers = url, headers
        self.walls: list[float] = []
        self.cpus: list[float] = []
        self.sqls: list[float] = []
        self.statements, self.body = 0, ""

    def get(self, sql: SqlClock, timed: bool = True) -> None:
        sql.reset()
        cpu, start = time.thread_time(), time.perf_counter()
        response = self.client.get(self.url, headers=self.headers)
        wall, cpu = (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {self.url}: {response.status_code} (signed out?)")
        if timed:
            self.walls.append(wall)
            self.cpus.append(cpu)
            self.sqls.append(sql.seconds * 1000)
            self.statements = sql.statements
            self.body = response.get_data(as_text=True)

    def result(self) -> dict:
        if self.headers.get("HX-Target") == "inbox-results" and "<html" in self.body[:500]:
            raise RuntimeError(f"GET {self.url} with htmx headers: a whole page, not the fragment")
        found, shown = COUNT.search(self.body), CURRENT_PAGE.search(self.body)
        walls = sorted(self.walls)
        return {"user": self.who, "page": self.label, "in_goal": self.in_goal,
                "median": statistics.median(walls), "p95": walls[max(0, math.ceil(0.95 * len(walls)) - 1)],
                "cpu": statistics.median(self.cpus), "sql": statistics.median(self.sqls), "n": len(walls),
                "statements": self.statements, "matches": found.group(1) if found else "",
                "page_shown": shown.group(1) if shown else ""}


def measure(scenarios: list[Scenario], sql: SqlClock, samples: int, warmup: int, seconds: float) -> None:
    """Warm up each page, then time them in rounds (one request of each per round), so a
    burst of load elsewhere on the machine falls on all of them alike: up to `samples`
    rounds, at least 5, and no new round after `seconds`."""
    for scenario in scenarios:
        for _ in range(warmup):
            scenario.get(sql, timed=False)
    stop = time.perf_counter() + seconds
    for done in range(samples):
        if done >= 5 and time.perf_counter() > stop:
            break
        for scenario in scenarios:
            scenario.get(sql)


def explain(app, client, sql: SqlClock, url: str) -> None:
    """The plans of the statements one GET of `url` runs on the requests table."""
    sql.recorded = []
    client.get(url)
    recorded, sql.recorded = sql.recorded, None
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
        prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
        with db.engine.connect() as conn:
            for statement, parameters in recorded:
                if not statement.lstrip().upper().startswith("SELECT") or "requests" not in statement:
                    continue
                print("      " + " ".join(statement.split())[:240])
                for row in conn.exec_driver_sql(prefix + statement, parameters).all():
                    print("        " + str(row[-1] if sqlite else row[0]))


def bench_database(name: str, url: str, rows: list[dict], args, results: list[dict]) -> None:
    t0 = time.perf_counter()
    migrate(url)
    t1 = time.perf_counter()
    seed(url, rows, analyze=args.sqlite_analyze)
    t2 = time.perf_counter()
    print(f"{name}: migrated in {t1 - t0:.1f} s, seeded {len(rows):,} requests in {t2 - t1:.1f} s", flush=True)
    os.environ["DATABASE_URL"] = url
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        sql = SqlClock(db.engine)
    users = {"caseworker": "caseworker@example.org", "admin": "admin@example.org"}
    clients = {who: sign_in(app, email) for who, email in users.items()}
    scenarios = [Scenario(who, clients[who], *scenario) for who in users for scenario in SCENARIOS]
    scenarios.append(Scenario("caseworker", clients["caseworker"], *FIGURES))
    measure(scenarios, sql, args.samples, args.warmup, args.seconds)
    for scenario in scenarios:
        result = {"database": name, **scenario.result()}
        results.append(result)
        print(f"  {result['user']:10} {result['page']:32} median {result['median']:7.1f} ms  "
              f"p95 {result['p95']:7.1f} ms (SQL {result['sql']:6.1f} ms, CPU {result['cpu']:6.1f} ms, "
              f"n={result['n']})", flush=True)
    if args.explain:
        for who in users:
            print(f"  query plans, {name}, {who}, GET /staff/:")
            explain(app, clients[who], sql, "/staff/")
    with app.app_context():
        db.engine.dispose()


def check_counts(results: list[dict], rows: list[dict]) -> None:
    """The inbox shows what was seeded: the open requests of the caseworker's office and of
    every office, and all of them with ?status=all; and each database shows the same
    counts as the others on every page."""
    def shown(database: str, user: str, page: str) -> str:
        return next(r["matches"] for r in results if (r["database"], r["user"], r["page"]) == (database, user, page))

    mine = [r for r in rows if r["office"] == CASEWORKER_OFFICE]
    for database in dict.fromkeys(r["database"] for r in results):
        expected = {("caseworker", SCENARIOS[0][0]): sum(r["status"] != "closed" for r in mine),
                    ("admin", SCENARIOS[0][0]): sum(r["status"] != "closed" for r in rows),
                    ("caseworker", SCENARIOS[-1][0]): len(mine), ("admin", SCENARIOS[-1][0]): len(rows)}
        for (user, page), count in expected.items():
            if shown(database, user, page) != f"{count:,}":
                raise RuntimeError(f"{database}: {user}'s {page!r} shows {shown(database, user, page)!r} requests, "
                                   f"{count:,} were seeded")
    for r in results:
        first = next(f for f in results if (f["user"], f["page"]) == (r["user"], r["page"]))
        if r["matches"] != first["matches"]:
            raise RuntimeError(f"{r['user']}'s {r['page']!r}: {first['database']} shows {first['matches']!r}, "
                               f"{r['database']} {r['matches']!r}")


def print_table(results: list[dict]) -> None:
    print("\nServer time of one request through the Flask test client (median and p95 of n requests, after "
          "warm-up);\nSQL: the part spent executing statements; CPU: this process's CPU time (PostgreSQL's own "
          "is not in it);\nstmts: statements per request; matches: the requests the filters match; shown: the "
          "page number shown (the last page if fewer).")
    header = (f"{'database':10} {'user':10} {'page':32} {'median ms':>9} {'p95 ms':>8} {'SQL ms':>7} {'CPU ms':>7} "
              f"{'stmts':>5} {'n':>3} {'matches':>7} {'shown':>5}  goal <{GOAL_MS:.0f} ms")
    print(header)
    print("-" * len(header))
    for r in results:
        goal = ("ok" if r["median"] < GOAL_MS else "MISSED") if r["in_goal"] else ""
        print(f"{r['database']:10} {r['user']:10} {r['page']:32} {r['median']:9.1f} {r['p95']:8.1f} {r['sql']:7.1f} "
              f"{r['cpu']:7.1f} {r['statements']:5d} {r['n']:3d} {r['matches']:>7} {r['page_shown']:>5}  {goal}")




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000, help="how many requests to seed")
    parser.add_argument("--samples", type=int, default=50, help="timed requests per page (rounds)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    parser.add_argument("--seconds", type=float, default=45.0,
                        help="per database: no new round of timed requests after this many seconds")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--sqlite-analyze", action="store_true", help="run ANALYZE on the SQLite file too")
    parser.add_argument("--explain", action="store_true", help="print the inbox query's plans")
    parser.add_argument("--postgresql-url", default="",
                        help="a running PostgreSQL server (a URL of its postgres database) to use instead of a "
                             "throwaway cluster; the benchmark's database is created on it and dropped")
    parser.add_argument("--timeout", type=int, default=290, help="bound of the whole run, in seconds")
    args = quick.parse(parser, {"requests": 500, "samples": 5, "warmup": 1, "seconds": 1.0, "explain": True,
                                "timeout": 120})
    started = time.perf_counter()
    bounds.install()
    signal.alarm(args.timeout)
    results: list[dict] = []
    load_before = os.getloadavg()
    try:
        today = today_in_england()
        rows = make_rows(args.requests, today)
        open_rows = sum(r["status"] != "closed" for r in rows)
        mine = [r for r in rows if r["office"] == CASEWORKER_OFFICE]
        print(f"made {len(rows):,} requests ({open_rows:,} open) in {time.perf_counter() - started:.1f} s; "
              f"the caseworker's office ({CASEWORKER_OFFICE}) has {len(mine):,} "
              f"({sum(r['status'] != 'closed' for r in mine):,} open); today is {today}", flush=True)
        for name in [d.strip() for d in args.databases.split(",") if d.strip()]:
            with ExitStack() as stack:
                if name == "sqlite":
                    url = stack.enter_context(sqlite_file())
                elif name == "postgresql":
                    url = stack.enter_context(postgresql_cluster(args.postgresql_url))
                else:
                    parser.error(f"unknown database {name!r}")
                bench_database(name, url, rows, args, results)
        check_counts(results, rows)
        print(f"counts shown: as seeded, on {' and '.join(dict.fromkeys(r['database'] for r in results))} (checked)")
    except Deadline as error:
        print(f"STOPPED: {error}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        shutil.rmtree(WORKDIR, ignore_errors=True)
        if results:
            print_table(results)
        load_after, cpus = os.getloadavg(), os.cpu_count() or 1
        print(f"\nwhole run: {time.perf_counter() - started:.0f} s; load average (1 min) {load_before[0]:.1f} "
              f"at the start, {load_after[0]:.1f} at the end, on {cpus} CPUs")
        if max(load_before[0], load_after[0]) > 0.7 * cpus:
            print("the machine was busy with other work: the wall times (median, p95) include waiting for a CPU; "
                  "the CPU column is this process's own work")
    inbox_results = [r for r in results if r["in_goal"]]
    met = bool(inbox_results) and all(r["median"] < GOAL_MS for r in inbox_results)
    print(f"goal (inbox median < {GOAL_MS:.0f} ms server time, {args.requests:,} requests): "
          + quick.verdict(met, args.quick))
    return 0 if met or (args.quick and results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Page weight: a first visit (the start page and everything a browser fetches for it),
then each htmx step of a journey (the fragments htmx gets when JavaScript is on),
as sent and compressed with gzip (level 6) and brotli.

Goals (issue 7): a first visit under 80 KB compressed; each htmx step under 6 KB compressed.

    .venv/bin/python benchmarks/page_weight.py [--timeout 180] [--quick]

--quick (make test; 10-20 s, mostly Chromium starting): the same first visit and the
same whole journey (it is small already), every check made (every response a 200,
every htmx answer a fragment, the reference on the confirmation), and the first visit
must hold the page, its stylesheets and its scripts; the weights are printed, not
compared with the goals.

The app is served by gunicorn (two sync workers, 127.0.0.1, a free port) on a temporary
SQLite database migrated with Alembic.

First visit: Playwright drives Debian's Chromium (/usr/bin/chromium, the launch
arguments of e2e/conftest.py; never `playwright install`) in a new context (an empty
cache) to the start page, until the network is idle, and records every response: the
page, its CSS, JavaScript (htmx, app.js and the GOV.UK Frontend module it imports),
fonts and images. Headless Chromium fetches no favicon; a desktop browser fetches one
icon, so the one Chrome and Firefox choose (the SVG, `sizes="any"`) is added.
The Safari-only icons (mask-icon, apple-touch-icon) and the manifest (fetched only when
installing) are listed apart, not counted.

htmx steps: a person answers the questionnaire with JavaScript on (answers as
benchmarks/submissions.py answers_for), looks at the results, sends a Victims' Right
to Review request: every form post and page is made over HTTP with the headers htmx
sends for a boosted form (`HX-Request: true`, `HX-Boosted: true`, `HX-Current-URL`),
so the server answers with the fragment (webapp/__init__.py is_fragment). A step is
the post (its 303, which the browser's XMLHttpRequest follows) and the fragment of the
page it leads to; the deadline preview htmx fetches while a date is typed is a row of
its own. The first step (pressing "Start now") is counted too.

"Compressed": each response body alone, gzip level 6 (gzip.compress) and brotli
(the `brotli` package from PyPI when installed: quality 11 for the static files, which a
server would compress once, quality 5 for pages and fragments, compressed per request;
without the package, gzip only, and the run says so). "Sent": the body bytes on the
wire as the server sent them to a browser that accepts gzip and brotli (Content-Encoding
as received); response headers are not counted in any column.

Bounded by --timeout (signal.alarm); gunicorn stopped by its pid, the browser closed and
the temporary folder removed even on error. Not a test: pytest never collects it.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import quick, submissions  # noqa: E402
from benchmarks.served import Browser, Gunicorn, app_environment, find_form  # noqa: E402
from devtools import bounds  # noqa: E402
from devtools.bounds import Deadline  # noqa: E402
from questionnaire.calendar import today_in_england  # noqa: E402
from questionnaire.flow import QUESTIONS_BY_ID, QUESTIONS_BY_SLUG  # noqa: E402

try:
    import brotli
except ImportError:  # reported in the output: gzip only
    brotli = None

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]  # e2e/conftest.py
GOAL_FIRST_KB, GOAL_STEP_KB = 80.0, 6.0
SECRET_KEY = "page-weight-secret-key"  # noqa: S105 (a throwaway app)
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
NOT_ON_FIRST_VISIT = ("govuk-icon-mask.svg", "govuk-icon-180.png", "manifest.json")




@dataclass
class Resource:
    label: str
    kind: str
    body: bytes
    encoding: str  # Content-Encoding as received ("" = none)
    sent: int  # body bytes on the wire
    static: bool

    @property
    def gzip(self) -> int:
        return len(gzip.compress(self.body, compresslevel=6, mtime=0))

    @property
    def brotli(self) -> int | None:
        if brotli is None:
            return None
        return len(brotli.compress(self.body, quality=11 if self.static else 5))


def kb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1024:.1f}"


# --------------------------------------------------------------------------- first visit


def first_visit(base: str) -> tuple[list[Resource], list[str]]:
    """Every response Chromium gets for a first visit to the start page (an empty cache)."""
    from playwright.sync_api import sync_playwright

    responses = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.on("response", lambda response: responses.append(response))
            page.goto(base + "/", wait_until="networkidle", timeout=30_000)
            page.wait_for_timeout(500)  # anything fetched late (fonts, modules)
            icons = page.eval_on_selector_all("link[rel~=icon], link[rel=mask-icon], link[rel=apple-touch-icon], "
                                              "link[rel=manifest]", "links => links.map(l => l.href)")
            resources = []
            for response in responses:
                if response.status != 200:
                    raise RuntimeError(f"first visit: {response.url} answered {response.status}")
                path = urlsplit(response.url).path
                sizes = response.request.sizes()
                resources.append(Resource(path, response.request.resource_type, response.body(),
                                          response.headers.get("content-encoding", ""),
                                          sizes["responseBodySize"], path.startswith(("/assets/", "/static/"))))
            context.close()
        finally:
            browser.close()
    return resources, [urlsplit(u).path for u in icons]


def fetch_static(port: int, path: str, kind: str) -> Resource:
    answer = Browser(port, timeout=10).get(path, headers={"Accept-Encoding": ACCEPT_ENCODING})
    if answer.status != 200:
        raise RuntimeError(f"GET {path}: {answer.status}")
    return Resource(path, kind, answer.body, answer.headers.get("content-encoding", ""), len(answer.body), True)


def _as_resource(label: str, kind: str, answer) -> Resource:
    """What was received (the body as sent: this client never decompresses)."""
    return Resource(label, kind, answer.body, answer.headers.get("content-encoding", ""), len(answer.body), False)


# --------------------------------------------------------------------------- htmx steps


def form_value(question_id: str, value) -> dict:
    """An answer as the form fields a person fills in (tests/web/journeys.py form_value)."""
    question = QUESTIONS_BY_ID[question_id]
    if question.kind == "yes_no":
        return {question_id: "yes" if value else "no"}
    if question.kind == "date":
        day = date.fromisoformat(value)
        return {question_id: [str(day.day), str(day.month), str(day.year)]}
    return {question_id: list(value) if question.kind == "multi" else value}


class HtmxBrowser:
    """A browser with JavaScript on: every page and form through htmx (a boosted body)."""

    def __init__(self, port: int) -> None:
        self.browser = Browser(port, timeout=20)
        self.here = "/"

    def headers(self, boosted: bool = True) -> dict[str, str]:
        sent = {"HX-Request": "true", "HX-Current-URL": f"http://127.0.0.1:{self.browser.port}{self.here}",
                "Accept-Encoding": ACCEPT_ENCODING}
        if boosted:
            sent["HX-Boosted"] = "true"
        return sent

    def get(self, path: str):
        answer = self.browser.get(path, headers=self.headers())
        if answer.status != 200 or "<html" in answer.text[:300]:
            raise RuntimeError(f"htmx GET {path}: {answer.status}, a whole page: {'<html' in answer.text[:300]}")
        self.here = path
        return answer

    def step(self, page_text: str, data: dict, action: str | None = None) -> tuple[Resource, Resource, str]:
        """Post the page's form (htmx: boosted), follow the 303 as XMLHttpRequest does."""
        form = find_form(page_text, action)
        posted = self.browser.post(form.action, form.filled(data), headers=self.headers())
        if posted.status != 303:
            raise RuntimeError(f"htmx POST {form.action}: {posted.status} (expected 303)")
        target = posted.location
        fragment = self.get(target)
        return (_as_resource(f"POST {form.action} (303)", "redirect", posted),
                _as_resource(f"GET {target}", "fragment", fragment), fragment.text)


def htmx_steps(port: int) -> list[tuple[str, list[Resource]]]:
    """A whole journey with JavaScript on: [(step, its responses)]."""
    today = today_in_england()
    answers = submissions.answers_for(today)
    person = HtmxBrowser(port)
    start = person.browser.get("/")  # the first visit's whole page (and its session cookie)
    steps = []
    posted, fragment, text = person.step(start.text, {}, "/start")
    steps.append(("Start now", [posted, fragment]))
    for _ in range(len(QUESTIONS_BY_ID) + 1):
        path = person.here
        if not path.startswith("/questions/"):
            break
        question = QUESTIONS_BY_SLUG[path.removeprefix("/questions/").split("?")[0]]
        if question.extra.get("preview"):
            form = find_form(text)
            typed = form.filled(form_value(question.id, answers[question.id]))
            preview = person.browser.post(f"/questions/{question.slug}/preview", typed,
                                          headers=person.headers(boosted=False))
            if preview.status != 200:
                raise RuntimeError(f"the deadline preview of {question.id}: {preview.status}")
            steps.append((f"deadline preview ({question.id}, partial)",
                          [_as_resource(f"POST /questions/{question.slug}/preview", "partial", preview)]))
        posted, fragment, text = person.step(text, form_value(question.id, answers[question.id]))
        steps.append((f"answer {question.id}", [posted, fragment]))
    if person.here != "/check-your-answers":
        raise RuntimeError(f"the questions ended on {person.here}")
    results = person.get("/results")
    steps.append(("Continue to results (a link)", [_as_resource("GET /results", "fragment", results)]))
    posted, fragment, text = person.step(results.text, {}, submissions.START)
    steps.append(("Ask for a review", [posted, fragment]))
    for slug in submissions.STEPS:
        posted, fragment, text = person.step(text, submissions.FILLED[slug])
        steps.append((f"request step {slug}", [posted, fragment]))
    posted, fragment, text = person.step(text, {}, submissions.SEND)
    if not submissions.reference_in(text):
        raise RuntimeError("no reference on the confirmation fragment")
    steps.append(("Send request", [posted, fragment]))
    return steps


# --------------------------------------------------------------------------- report


def print_resources(title: str, resources: list[Resource]) -> tuple[int, int | None]:
    print(f"\n{title}")
    header = f"{'resource':58} {'type':10} {'raw KB':>7} {'gzip KB':>7} {'br KB':>7} {'sent KB':>7}  on the wire"
    print(header)
    print("-" * len(header))
    total_raw = total_gzip = total_br = total_sent = 0
    for r in sorted(resources, key=lambda r: -r.gzip):
        print(f"{r.label[:58]:58} {r.kind[:10]:10} {kb(len(r.body)):>7} {kb(r.gzip):>7} {kb(r.brotli):>7} "
              f"{kb(r.sent):>7}  {r.encoding or 'not compressed'}")
        total_raw, total_gzip, total_sent = total_raw + len(r.body), total_gzip + r.gzip, total_sent + r.sent
        total_br += r.brotli or 0
    print(f"{'total (' + str(len(resources)) + ' responses)':58} {'':10} {kb(total_raw):>7} {kb(total_gzip):>7} "
          f"{kb(total_br if brotli else None):>7} {kb(total_sent):>7}")
    return total_gzip, (total_br if brotli else None)


def print_steps(steps: list[tuple[str, list[Resource]]]) -> list[tuple[str, int, int | None, int]]:
    print("\nEach htmx step (JavaScript on): the post's 303 and the fragment it leads to (each compressed alone)")
    header = (f"{'step':42} {'fragment':38} {'raw KB':>7} {'gzip KB':>7} {'br KB':>7} {'sent KB':>7}  "
              f"goal <{GOAL_STEP_KB:.0f} KB")
    print(header)
    print("-" * len(header))
    totals = []
    for name, resources in steps:
        raw = sum(len(r.body) for r in resources)
        gz = sum(r.gzip for r in resources)
        br = sum(r.brotli for r in resources) if brotli else None
        sent = sum(r.sent for r in resources)
        worst = gz if br is None else max(gz, br)
        verdict = "ok" if worst < GOAL_STEP_KB * 1024 else "OVER"
        print(f"{name[:42]:42} {resources[-1].label[:38]:38} {kb(raw):>7} {kb(gz):>7} {kb(br):>7} {kb(sent):>7}  "
              f"{verdict}")
        totals.append((name, gz, br, raw))
    return totals




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=180, help="bound of the whole run, in seconds")
    args = quick.parse(parser, {"timeout": 90})
    bounds.install()
    signal.alarm(args.timeout)
    workdir = Path(tempfile.mkdtemp(prefix="page-weight-"))
    started = time.perf_counter()
    met = False
    totals: list = []
    try:
        if not Path(CHROMIUM).exists():
            raise RuntimeError(f"no {CHROMIUM}: `make chromium` installs Debian's (never `playwright install`)")
        with submissions.sqlite_database(workdir, "weight") as url:
            env = app_environment(url, workdir / "instance", SECRET_KEY)
            with Gunicorn("webapp:create_app()", env, workdir, workers=2, name="app") as server:
                resources, icons = first_visit(server.url)
                fetched = {r.label for r in resources}
                kinds = {r.kind for r in resources}
                if "/" not in fetched or not {"document", "stylesheet", "script"} <= kinds:
                    raise RuntimeError(f"the first visit is not the page, its stylesheets and scripts: "
                                       f"{sorted(fetched)}")
                if not fetched & {"/assets/images/favicon.svg", "/assets/images/favicon.ico"}:
                    resources.append(fetch_static(server.port, "/assets/images/favicon.svg", "favicon"))
                apart = [fetch_static(server.port, p, "icon") for p in icons
                         if p.endswith(NOT_ON_FIRST_VISIT) and p not in fetched]
                first_gzip, first_br = print_resources(
                    "First visit: GET / and everything Chromium fetched for it (+ the favicon)", resources)
                if apart:
                    print_resources("Not fetched on a first visit (Safari's icons; the manifest when installing): "
                                    "not counted", apart)
                steps = htmx_steps(server.port)
                totals = print_steps(steps)
        encodings = {r.encoding for r in resources} | {r.encoding for _n, rs in steps for r in rs}
        print(f"\nOn the wire: Content-Encoding {sorted(e or 'none' for e in encodings)} for a browser sending "
              f"Accept-Encoding: {ACCEPT_ENCODING}. The app sends every response uncompressed: the compressed "
              "columns are what a compressing proxy (or the app) would send.")
        if brotli is None:
            print("brotli: the `brotli` package is not installed (pip install brotli): gzip only")
        first_worst = first_gzip if first_br is None else max(first_gzip, first_br)
        first_ok = first_gzip < GOAL_FIRST_KB * 1024
        steps_ok = all(gz < GOAL_STEP_KB * 1024 for _n, gz, _br, _raw in totals)
        heaviest = max(totals, key=lambda t: t[1])
        print(f"\nfirst visit: {kb(first_gzip)} KB gzip, {kb(first_br)} KB brotli (goal < {GOAL_FIRST_KB:.0f} KB: "
              f"{'met' if first_ok else 'NOT MET'}; worst of the two {kb(first_worst)} KB)")
        print(f"htmx steps: the heaviest is '{heaviest[0]}', {kb(heaviest[1])} KB gzip, {kb(heaviest[2])} KB brotli "
              f"(goal < {GOAL_STEP_KB:.0f} KB each: {'met' if steps_ok else 'NOT MET'})")
        met = first_ok and steps_ok
    except Deadline as error:
        print(f"STOPPED: {error}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"\nwhole run: {time.perf_counter() - started:.0f} s")
    print(f"goal (first visit < {GOAL_FIRST_KB:.0f} KB, each htmx step < {GOAL_STEP_KB:.0f} KB, gzip level 6): "
          + quick.verdict(met, args.quick))
    return 0 if met or (args.quick and totals) else 1


if __name__ == "__main__":
    sys.exit(main())


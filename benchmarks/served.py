"""The app served as in production (gunicorn, 127.0.0.1, a free port), and a browser for it.

Shared by benchmarks/load.py, benchmarks/submissions.py, benchmarks/page_weight.py and
tests/web/test_submissions_under_load.py:

- `Gunicorn`: starts `gunicorn APP` as a child process with the environment it is given
  and production's settings (gunicorn.conf.py) but its own address, workers and log file,
  and stops it by its own pid (SIGTERM, then SIGKILL), or kills it and its workers at
  once (`kill()`, the fault scenarios); never anything found by name.
- `Browser`: one person's browser over plain HTTP/1.1 (http.client): its cookie jar,
  one request at a time, forms read from the page and posted as a browser would post
  them (`forms_in`), no redirect followed unless asked.
- `migrate(url)`: `alembic upgrade head` on a database, in a process of its own.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
# Production's gunicorn settings (access log, worker recycling, limits), when the repository
# has them; what is given on the command line below (address, workers, logs) wins.
PRODUCTION_CONFIG = ROOT / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def migrate(url: str, timeout: float = 120) -> None:
    """`alembic upgrade head` on `url`, as `make database` does (its own process, so this
    one never imports the app's settings)."""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([str(BIN / "alembic"), "upgrade", "head"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)
    if done.returncode:
        raise RuntimeError(f"alembic upgrade head failed:\n{done.stdout}{done.stderr}")


def app_environment(database_url: str, instance: Path, secret_key: str, **extra: str) -> dict[str, str]:
    """What the app is started with: its database, a throwaway instance folder and key;
    rate limits off (load tests only, on 127.0.0.1); APP_ENV unset."""
    env = {k: v for k, v in os.environ.items() if k not in ("APP_ENV", "DATABASE_URL", "TEST_POSTGRESQL_URL")}
    env.update(SECRET_KEY=secret_key, DATABASE_URL=database_url, INSTANCE_PATH=str(instance),
               RATELIMIT_ENABLED="0", PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


# --------------------------------------------------------------------------- gunicorn


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and brackets, so split after the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for its parent)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Gunicorn:
    """`gunicorn APP` on 127.0.0.1:`port` with `workers` workers of `worker_class`.

    Used as a context manager: started on entry, stopped on exit whatever happened.
    The master is this process's child; its workers are the master's children, found in
    /proc by their parent pid. `kill()` SIGKILLs all of them at once (a crash);
    `stop()` asks the master to stop, then kills what is left.
    """

    def __init__(self, app: str, env: dict[str, str], folder: Path, *, workers: int = 2,
                 worker_class: str = "sync", threads: int = 1, port: int | None = None,
                 pythonpath: Path | None = None, name: str = "app") -> None:
        self.app, self.env, self.folder, self.name = app, env, folder, name
        self.workers, self.worker_class, self.threads = workers, worker_class, threads
        self.port = port or free_port()
        self.pythonpath = pythonpath
        self.log = folder / f"gunicorn-{name}-{self.port}.log"
        self.process: subprocess.Popen | None = None
        self.seen_workers: set[int] = set()
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        config = str(PRODUCTION_CONFIG) if PRODUCTION_CONFIG.exists() else os.devnull
        command = [str(BIN / "gunicorn"), "--config", config, "--no-control-socket", "--bind", f"{HOST}:{self.port}",
                   "--workers", str(self.workers), "--worker-class", self.worker_class,
                   "--threads", str(self.threads), "--timeout", "60", "--graceful-timeout", "5",
                   "--log-level", "warning", "--error-logfile", str(self.log), "--chdir", str(ROOT)]
        if self.pythonpath:
            command += ["--pythonpath", str(self.pythonpath)]
        return [*command, self.app]

    def start(self, ready_path: str = "/", timeout: float = 60) -> Gunicorn:
        """Start, then wait until every worker is up and `ready_path` answers (bounded)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.log.open("a") as log:
            log.write(f"--- start {self.starts + 1}: {' '.join(self.command())}\n")
            self.process = subprocess.Popen(self.command(), env=self.env, cwd=ROOT, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.name}) exited with {self.process.returncode}:\n{self.log_tail()}")
            if len(self.worker_pids()) >= self.workers and self._answers(ready_path):
                self.seen_workers.update(self.worker_pids())
                return self
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"gunicorn ({self.name}) not ready after {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.1)

    def _answers(self, path: str) -> bool:
        try:
            return Browser(self.port, timeout=5).get(path).status < 500
        except OSError:
            return False

    def master_pid(self) -> int | None:
        return self.process.pid if self.process is not None and self.process.poll() is None else None

    def worker_pids(self) -> list[int]:
        master = self.master_pid()
        return _children(master) if master else []

    def _ours(self, pid: int) -> bool:
        """Still this server's process (the master or a worker forked from it: the same
        command line, with our address), not another that reused the pid."""
        try:
            return f"{HOST}:{self.port}".encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False

    def _pids(self) -> list[int]:
        """The master and its workers, with the workers seen before (a master that died alone
        leaves them to exit by themselves; they are stopped here too)."""
        master = self.master_pid()
        if master:
            self.seen_workers.update(_children(master))
        return [p for p in ([master] if master else []) + sorted(self.seen_workers) if _alive(p) and self._ours(p)]

    def kill(self) -> list[int]:
        """SIGKILL the master and its workers, all at once (pids taken first). Returns them."""
        if self.process is None:
            return []
        pids = self._pids()
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._reap(pids, 10)
        self.seen_workers.clear()
        return pids

    def stop(self) -> None:
        """SIGTERM the master (it stops its workers), then SIGKILL whatever is left."""
        if self.process is None:
            return
        pids = self._pids()
        master = self.master_pid()
        if master:
            try:
                os.kill(master, signal.SIGTERM)
                self.process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        for pid in [p for p in pids if _alive(p) and self._ours(p)]:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._reap(pids, 10)
        self.seen_workers.clear()

    def _reap(self, pids: Iterable[int], timeout: float) -> None:
        if self.process is not None:
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                print(f"gunicorn ({self.name}) master {self.process.pid} did not exit", file=sys.stderr)
        deadline = time.monotonic() + timeout
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [p for p in pids if _alive(p)]
        if left:
            print(f"gunicorn ({self.name}): processes {left} still running", file=sys.stderr)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_errors(self, last: int = 12) -> str:
        """The errors in the log (Flask's "ERROR in app" lines and each exception's last line),
        not the access lines around them."""
        try:
            lines = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        error = re.compile(r"^\[.*\] (ERROR|CRITICAL)|^\[.*\] \[\d+\] \[(ERROR|CRITICAL)\]"
                           r"|^[\w.]+(Error|Exception|Exit)\b.*: ")
        return "\n".join([line for line in lines if error.search(line)][-last:])

    def log_count(self, needle: str) -> int:
        try:
            return self.log.read_text(errors="replace").count(needle)
        except OSError:
            return 0

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


# --------------------------------------------------------------------------- the browser


@dataclass
class Answer:
    """One HTTP response, read in full."""

    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    set_cookies: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """One person's browser: a cookie jar, and one HTTP/1.1 request at a time (a new
    connection each time: gunicorn's sync workers close it after each answer)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None, timeout: float = 30) -> None:
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = dict(cookies or {})

    def copy(self) -> Browser:
        """Another tab, or the same form posted again before the first answer came back."""
        return Browser(self.port, self.cookies, self.timeout)

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, fields: Iterable[tuple[str, str]] | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        """Send one request; OSError (refused, reset, timed out) when there is no answer."""
        sent = {"Host": f"{HOST}:{self.port}", "User-Agent": "cyo-load/1", "Accept": "text/html", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = self.cookie_header()
        body = None
        if fields is not None:
            body = urlencode(list(fields)).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            seconds = time.perf_counter() - started
            set_cookies = response.headers.get_all("Set-Cookie") or []
            answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, seconds,
                            set_cookies)
        except http.client.HTTPException as error:  # e.g. RemoteDisconnected: no answer
            raise ConnectionError(f"{method} {path}: {error!r}") from error
        finally:
            connection.close()
        self._keep(set_cookies)
        return answer

    def _keep(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if expired or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: Iterable[tuple[str, str]], headers: dict[str, str] | None = None) -> Answer:
        return self.request("POST", path, fields, headers)

    def submit(self, path: str, data: dict | None = None, *, form_action: str | None = None) -> Answer:
        """GET `path`, take its form (the one posting to `form_action`, else the first POST
        form in <main>), change the fields named in `data`, and post it."""
        page = self.get(path)
        if page.status != 200:
            raise RuntimeError(f"GET {path}: status {page.status}, Location {page.location!r}")
        form = find_form(page.text, form_action)
        return self.post(form.action, form.filled(data or {}))


# --------------------------------------------------------------------------- forms


@dataclass
class Form:
    action: str
    method: str
    in_main: bool
    fields: list[tuple[str, str]] = field(default_factory=list)

    def value(self, name: str) -> str:
        return next((v for k, v in self.fields if k == name), "")

    def filled(self, data: dict) -> list[tuple[str, str]]:
        """The fields a browser would send, with those named in `data` changed (a list:
        every value of a checkbox group)."""
        kept = [(k, v) for k, v in self.fields if k not in data]
        for name, value in data.items():
            kept += [(name, str(v)) for v in (value if isinstance(value, list | tuple) else [value])]
        return kept


class _FormReader(HTMLParser):
    """What a browser would send for each form as the page stands: hidden and text inputs,
    checked radios and checkboxes, selected options, textareas (never buttons)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.main_depth = 0
        self.form: Form | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "main":
            self.main_depth += 1
        elif tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower(), self.main_depth > 0)
            self.forms.append(self.form)
        elif self.form is None or "disabled" in a or (not a.get("name", "") and tag != "option"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.form.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea = (a["name"], [])
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.form.fields.append((self.select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.main_depth -= 1
        elif tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            self.form.fields.append((self.textarea[0], "".join(self.textarea[1]).removeprefix("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None


def forms_in(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def find_form(html: str, action: str | None = None) -> Form:
    """The POST form to `action`, or the first POST form in <main>."""
    posts = [f for f in forms_in(html) if f.method == "post"]
    found = [f for f in posts if f.action == action] if action else [f for f in posts if f.in_main]
    if not found:
        raise RuntimeError(f"no POST form{' to ' + action if action else ' in <main>'} on the page")
    return found[0]

"""A throwaway PostgreSQL cluster for the tests and the benchmarks (../shared/STACK.md).

Debian's `postgresql` package (installed here when missing, so run as root), a new
cluster in a temporary folder, listening on 127.0.0.1 and a free port only, started with
pg_ctl and stopped by its own pg_ctl (or, if that fails, the postmaster named in this
cluster's own pid file); never anything killed by name.

    python -m devtools.pgcluster -- COMMAND...

runs COMMAND with TEST_POSTGRESQL_URL set to the cluster's `postgres` database (the tests
create a database of their own from it), then stops the cluster and exits with COMMAND's
status. In Python: `with cluster() as url: ...`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
APT_GET = shutil.which("apt-get") or "/usr/bin/apt-get"
ENV_NAME = "TEST_POSTGRESQL_URL"


def ensure_installed() -> None:
    """Debian's postgresql, when its binaries are missing."""
    if (PG_BIN / "initdb").exists():
        return
    print("Installing Debian's postgresql (needs root)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [APT_GET, "install", "-y", "-qq", "postgresql"]
    if subprocess.run(install, env=env, timeout=300, stdout=subprocess.DEVNULL, check=False).returncode:
        subprocess.run([APT_GET, "update", "-qq"], env=env, timeout=180, check=True)
        subprocess.run(install, env=env, timeout=300, stdout=subprocess.DEVNULL, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*command: str, timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run([RUNUSER, "-u", "postgres", "--", *command], check=True, capture_output=True,
                          text=True, timeout=timeout)


@contextmanager
def cluster(max_connections: int = 200) -> Iterator[str]:
    """Start a cluster; yield the URL of its `postgres` database; always stop it."""
    ensure_installed()
    base = Path(tempfile.mkdtemp(prefix="cyo-pg-"))
    data, sock, log = base / "data", base / "sock", base / "log"
    started = False
    try:
        sock.mkdir(parents=True)
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                     "--locale=C.UTF-8", "--no-sync")
        port = free_port()
        started = True  # from here on, pg_ctl stop is tried whatever happens
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
                     f"-p {port} -c listen_addresses=127.0.0.1 -k {sock} -c fsync=off "
                     f"-c max_connections={max_connections}", "start")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            stop(data)
        shutil.rmtree(base, ignore_errors=True)


def stop(data: Path) -> None:
    """pg_ctl stop; if that fails, the postmaster named in this cluster's own pid file."""
    try:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "30", "stop", "-m", "fast", timeout=45)
        return
    except (subprocess.SubprocessError, OSError) as error:
        print(f"pg_ctl stop failed ({error}); using {data / 'postmaster.pid'}", file=sys.stderr)
    pid_file = data / "postmaster.pid"
    if pid_file.exists():
        pid = int(pid_file.read_text().split()[0])
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown of that postmaster only


def database_url(server_url: str, name: str) -> str:
    """The URL of database `name` on the server of `server_url`."""
    return server_url.rsplit("/", 1)[0] + "/" + name


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2

    def terminate(signum, _frame):
        raise SystemExit(128 + signum)  # unwinds through the clean-up (pg_ctl stop)

    signal.signal(signal.SIGTERM, terminate)
    with cluster() as url:
        print(f"PostgreSQL on {url.split('@', 1)[1].rsplit('/', 1)[0]}: {' '.join(argv)}", flush=True)
        return subprocess.run(argv, env={**os.environ, ENV_NAME: url}, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

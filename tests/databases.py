"""The database the tests run on: SQLite files by default; PostgreSQL when
TEST_POSTGRESQL_URL names a server (`make test` runs the whole suite a second time that
way, on a throwaway cluster from devtools/pgcluster.py).

Either way each test gets its own database, a copy of one built by the Alembic
migrations (never by create_all): a copied file on SQLite, a database made from a
template on PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import alembic.command
import alembic.config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("TEST_POSTGRESQL_URL", "")
DIALECT = "postgresql" if SERVER else "sqlite"


def migrate(url: str) -> None:
    config = alembic.config.Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    alembic.command.upgrade(config, "head")


def _on_server(name: str) -> str:
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def _admin(statement: str) -> None:
    engine = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


class Databases:
    """Empty databases at the head migration, one per test.

    SQLite: a copy of a migrated file. PostgreSQL: one migrated database for the run,
    emptied after each test (TRUNCATE, with the audit log's append-only triggers off for
    that one statement); making a database per test costs about half a second there.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        if SERVER:
            self.name = f"tests_{secrets.token_hex(4)}"
            _admin(f"CREATE DATABASE {self.name}")
            self.url = _on_server(self.name)
            migrate(self.url)
            self.engine = create_engine(self.url, poolclass=NullPool)
            with self.engine.connect() as conn:
                tables = conn.execute(text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'alembic_version'"))
                self.tables = ", ".join(sorted(name for (name,) in tables))
        else:
            self.template = self.folder / "migrated.sqlite3"
            migrate(f"sqlite:///{self.template}")

    def new(self, folder: Path | None = None) -> str:
        """A database (its URL) at the head migration, with no rows."""
        if SERVER:
            return self.url
        path = (folder or self.folder) / f"test-{secrets.token_hex(4)}.sqlite3"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        """Done with the database of `url`: delete the file, or empty the tables."""
        if not SERVER:
            drop_database(url)
            return
        with self.engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '10s'"))  # a connection left open fails the run, not hangs it
            conn.execute(text("SET LOCAL session_replication_role = replica"))  # the triggers, for this statement
            conn.execute(text(f"TRUNCATE {self.tables} RESTART IDENTITY CASCADE"))

    def close(self) -> None:
        if SERVER:
            self.engine.dispose()
            _admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def empty_database(folder: Path) -> str:
    """A new, unmigrated database (for the migration tests)."""
    if SERVER:
        name = f"empty_{secrets.token_hex(6)}"
        _admin(f"CREATE DATABASE {name}")
        return _on_server(name)
    return f"sqlite:///{folder / f'empty-{secrets.token_hex(4)}.sqlite3'}"


def drop_database(url: str) -> None:
    if make_url(url).get_backend_name() == "postgresql":
        _admin(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")
    else:
        Path(make_url(url).database).unlink(missing_ok=True)


def fetch_all(url: str, sql: str, **params) -> list[tuple]:
    """Rows of one query, on a connection of its own (as someone reading the database would)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()

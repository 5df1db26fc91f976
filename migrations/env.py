"""Alembic environment: the URL is the app's (DATABASE_URL, or the SQLite default);
a caller may pass its own connection in config.attributes["connection"] (tests)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from webapp.config import INSTANCE, Config
from webapp.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.attributes.get("url") or Config().SQLALCHEMY_DATABASE_URI
    if url.startswith("sqlite:///"):
        INSTANCE.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()

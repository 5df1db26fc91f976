"""Command line: staff users, and deleting what the service no longer needs.

    flask --app webapp:create_app staff create-user EMAIL --name NAME --role caseworker --office wessex
    flask --app webapp:create_app staff reset-password EMAIL
    flask --app webapp:create_app purge

Passwords are asked for (twice, not echoed), or read from STAFF_PASSWORD for scripts.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from questionnaire.calendar import today_in_england

from .. import drafts
from ..models import OutboxMessage, Request, RequestEvent, db
from ..offices import OFFICES
from . import auth, records

staff = AppGroup("staff", help="Staff users of the receiving offices.")


def _password() -> str:
    value = os.environ.get("STAFF_PASSWORD") or click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not 12 <= len(value) <= 200:
        raise click.BadParameter("the password must have 12 to 200 characters")
    return value


@staff.command("create-user")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(auth.ROLES), required=True)
@click.option("--office", type=click.Choice(sorted(code for code, o in OFFICES.items() if code == o.code)),
              default=None,
              help="The caseworker's office (reviewers: aru; administrators: none).")
def create_user_command(email: str, name: str, role: str, office: str | None) -> None:
    """Add a staff user."""
    from .views import create_user

    if role == "caseworker" and office is None:
        raise click.BadParameter("a caseworker needs --office", param_hint="--office")
    if auth.find_user(email) is not None:
        raise click.ClickException(f"there is already a user {email}")
    user = create_user(email, name, role, office or ("aru" if role == "reviewer" else None), _password())
    records.audit(None, "user_created", user.email, f"{role} (command line)")
    db.session.commit()
    click.echo(f"created {user.email} ({user.role}{', ' + user.office if user.office else ''})")


@staff.command("reset-password")
@click.argument("email")
def reset_password_command(email: str) -> None:
    """Set a new password (ends the user's sessions)."""
    user = auth.find_user(email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    auth.set_password(user, _password())
    records.audit(None, "password_reset", user.email, "command line")
    db.session.commit()
    click.echo(f"new password set for {user.email}; their sessions have ended")


@click.command("purge")
def purge_command() -> None:
    """Delete drafts past their idle time, and closed requests past RETENTION_DAYS."""
    click.echo(f"deleted {drafts.delete_expired()} drafts idle for more than "
               f"{current_app.config['IDLE_MINUTES']} minutes")
    cutoff = today_in_england() - timedelta(days=current_app.config["RETENTION_DAYS"])
    old = db.session.scalars(select(Request).where(Request.status == "closed", Request.closed_on < cutoff)).all()
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    for request in old:
        stored = (request.details or {}).get("authority_file")
        if stored:
            (folder / stored["token"]).unlink(missing_ok=True)
        db.session.query(OutboxMessage).filter_by(request_id=request.id).delete()
        db.session.query(RequestEvent).filter_by(request_id=request.id).delete()
        click.echo(f"deleted request {request.reference} ({request.kind}, closed {request.closed_on.isoformat()})")
        records.audit(None, "purged", request.reference, f"closed {request.closed_on.isoformat()}")
        db.session.delete(request)
    db.session.commit()
    click.echo(f"deleted {len(old)} requests closed before {cutoff.isoformat()} "
               f"(kept for {current_app.config['RETENTION_DAYS']} days); at {datetime.now(UTC).isoformat()}")


def init_app(app: Flask) -> None:
    app.cli.add_command(staff)
    app.cli.add_command(purge_command)

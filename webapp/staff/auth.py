"""Staff sign-in: hashed passwords (werkzeug's scrypt), a session of their own, roles.

The staff session is a separate signed cookie (its own name, salt and path /staff: see
StaffAwareSessionInterface), so the public side never sees it and "Exit this page"
does not touch it. It ends after STAFF_IDLE_MINUTES without activity, and when the
password changes (the session carries the time the password was set).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import abort, current_app, g, has_request_context, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import StaffUser, db

ROLES = ("caseworker", "reviewer", "admin")
# Checked against when the email is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def staff_path() -> bool:
    return has_request_context() and request.path.startswith("/staff")


class StaffAwareSessionInterface(SecureCookieSessionInterface):
    """Public pages and staff pages keep separate signed cookies."""

    def get_cookie_name(self, app):
        return app.config["STAFF_SESSION_COOKIE_NAME"] if staff_path() else super().get_cookie_name(app)

    def get_cookie_path(self, app):
        return "/staff" if staff_path() else super().get_cookie_path(app)

    def get_cookie_samesite(self, app):
        # Staff never arrive signed in from a link elsewhere: Strict. Public pages: Lax, so
        # that a link to the service keeps the person's answers.
        return "Strict" if staff_path() else super().get_cookie_samesite(app)

    def __init__(self) -> None:
        self._staff = SecureCookieSessionInterface()
        self._staff.salt = "staff-session"  # a public cookie never passes for a staff one

    def get_signing_serializer(self, app):
        return self._staff.get_signing_serializer(app) if staff_path() else super().get_signing_serializer(app)


def hash_password(password: str) -> str:
    # werkzeug's scrypt (n=2**15 by default); PASSWORD_HASH_METHOD lets tests use a cheaper cost.
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def find_user(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> StaffUser | None:
    """The active user with this email and password, or None (same time either way)."""
    user = find_user(email)
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    return user if ok and user is not None and user.active else None


def _stamp(user: StaffUser) -> str:
    return user.password_changed_at.replace(tzinfo=user.password_changed_at.tzinfo or UTC).isoformat()


def sign_in(user: StaffUser) -> None:
    session.clear()
    now = datetime.now(UTC).timestamp()
    session["uid"] = user.id
    session["pwd"] = _stamp(user)
    session["since"] = now
    session["seen"] = now


def sign_out(user: StaffUser | None) -> None:
    """End this session, and on the server every session of this user signed in before
    now (so a copied cookie is refused too)."""
    if user is not None:
        user.sessions_revoked_at = datetime.now(UTC)
    session.clear()


def set_password(user: StaffUser, password: str) -> None:
    """A new password; every session signed in with the old one ends."""
    user.password_hash = hash_password(password)
    user.password_changed_at = datetime.now(UTC)


def load_user() -> StaffUser | None:
    """The signed-in user for this request, if the session is still good."""
    uid = session.get("uid")
    if uid is None:
        return None
    user = db.session.get(StaffUser, uid)
    idle = timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])
    seen = datetime.fromtimestamp(session.get("seen", 0), UTC)
    revoked = user.sessions_revoked_at if user is not None else None
    if revoked is not None and revoked.tzinfo is None:
        revoked = revoked.replace(tzinfo=UTC)
    since = datetime.fromtimestamp(session.get("since", 0), UTC)
    if user is None or not user.active or session.get("pwd") != _stamp(user) or (revoked and since <= revoked):
        session.clear()  # password changed, signed out, or access stopped: not a time-out
        return None
    if datetime.now(UTC) - seen > idle:
        session.clear()
        g.staff_timed_out = True
        return None
    session["seen"] = datetime.now(UTC).timestamp()
    return user


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("staff_user") is None:
            return redirect(url_for("staff.login", timeout=1 if g.get("staff_timed_out") else None))
        return view(*args, **kwargs)

    return wrapper


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if g.staff_user.role != "admin":
            abort(404)
        return view(*args, **kwargs)

    return wrapper


def can_see(user: StaffUser, office: str) -> bool:
    return user.role == "admin" or user.office == office

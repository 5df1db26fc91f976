"""Settings, all from the environment (see README, "Settings")."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


def _secret_key() -> str:
    """SECRET_KEY from the environment; for local runs only, one kept in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if os.environ.get("APP_ENV") == "production":
        raise RuntimeError("SECRET_KEY must be set in production")
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'app.sqlite3'}")
    # Heroku-style URLs name the old driver; psycopg 3 is the one installed.
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Config:
    def __init__(self) -> None:
        production = os.environ.get("APP_ENV") == "production"
        self.SECRET_KEY = _secret_key()
        self.SQLALCHEMY_DATABASE_URI = _database_url()
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        # Answers are deleted after this many minutes without activity.
        self.IDLE_MINUTES = int(os.environ.get("IDLE_MINUTES", "60"))
        # The timeout warning appears this many minutes before that.
        self.WARNING_MINUTES = int(os.environ.get("WARNING_MINUTES", "5"))
        self.SESSION_COOKIE_NAME = "cyo_session"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = production or os.environ.get("SECURE_COOKIES") == "1"
        # Uploaded written authorities: outside the web root, at most this size.
        self.UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE / "uploads"))
        self.UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
        self.MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(64 * 1024)))
        self.MAX_FORM_PARTS = 200  # fields in one form post; the longest form has fewer than 40
        # Behind a load balancer or reverse proxy: how many of them add X-Forwarded-For /
        # -Proto / -Host (werkzeug's ProxyFix). 0 (the default) trusts none of those headers,
        # so rate limits count the proxy's address: set it to 1 behind one load balancer.
        self.PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))
        if production:
            self.PREFERRED_URL_SCHEME = "https"
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
        self.BABEL_DEFAULT_LOCALE = "en_GB"
        self.BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
        # Where people report accessibility problems (the accessibility statement);
        # without it, the statement gives the CPS public enquiry helpdesk (VRR 49).
        self.CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
        # Staff: their own session cookie, signed out after this many idle minutes.
        self.STAFF_SESSION_COOKIE_NAME = "cyo_staff"
        self.STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
        self.STAFF_LOGIN_RATE_LIMIT = os.environ.get("STAFF_LOGIN_RATE_LIMIT", "5 per minute;20 per hour")
        # Sending a request and uploading a written authority, per client address. Generous:
        # a victim support office sends for several people from one address.
        self.REQUEST_RATE_LIMIT = os.environ.get("REQUEST_RATE_LIMIT", "10 per minute;60 per hour")
        self.UPLOAD_RATE_LIMIT = os.environ.get("UPLOAD_RATE_LIMIT", "10 per minute;60 per hour")
        # Where the counts are kept: memory:// is one process's own; with several workers
        # or machines, a shared store (redis://host:6379, memcached://host:11211).
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        # Only for load tests on 127.0.0.1: RATELIMIT_ENABLED=0 switches every limit off.
        self.RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") != "0"
        # Closed requests are deleted this many days after closing (`flask purge`).
        self.RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "730"))
        self.EXIT_URL = os.environ.get("EXIT_URL", "https://www.bbc.co.uk/weather")
        # GOV.UK Notify: used when the key is set; otherwise messages stay in the outbox table.
        self.NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
        self.NOTIFY_TEMPLATES = {
            f"{kind}_{lang}": os.environ.get(f"NOTIFY_TEMPLATE_{kind.upper()}_{lang.upper()}", "")
            for kind in ("confirmation", "office_notice") for lang in ("en", "cy")
        }
        self.OFFICE_EMAILS = json.loads(os.environ.get("OFFICE_EMAILS", "{}"))  # office code -> address
        self.NODE_MODULES = Path(os.environ.get("NODE_MODULES", ROOT / "node_modules"))

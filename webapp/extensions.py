"""Extensions shared by several parts of the app."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Rate limits (staff sign-in here; storage from RATELIMIT_STORAGE_URI: memory:// for one
# process, a shared store such as redis:// when several workers or machines serve).
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)

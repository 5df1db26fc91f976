"""Response headers on every response: a per-request nonce CSP, and caching rules that
keep answers out of shared caches and the back/forward cache."""

from __future__ import annotations

import secrets

from flask import Flask, g, request


def nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = nonce

    @app.after_request
    def headers(response):
        csp = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce()}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        )
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if not request.path.startswith(("/assets/", "/static/")):
            # Answers must not stay in any cache: shared, private, or back/forward.
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("HX-Request")
            response.vary.add("Cookie")
        return response

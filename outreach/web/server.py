"""The Flask application: sign-in, roles, CSRF, language, and the pages.

Security choices: every page but the sign-in needs a session; the session cookie is
HttpOnly and SameSite=Lax (and Secure when the request came over HTTPS through a proxy);
every POST carries the session's CSRF token; sign-in is throttled per user (locked for
minutes after five failures); corrections and uploads are recorded with who and when.
Commenter handles are never shown; captions and comments are escaped by Jinja2. The key
that signs session cookies comes from OUTREACH_SECRET_KEY or a private file beside
secrets.toml, never from the database.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask import Flask, abort, g, redirect, render_template, request, session, url_for
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from outreach.app.filters import PLATFORMS
from outreach.app.users import session_secret
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.texts import day, number, percent, text
from outreach.web.security import UPLOAD_LIMIT_MB, session_user


def create_app(ws: Workspace, *, secret_key: str | None = None, behind_proxy: bool = False) -> Flask:
    app = Flask("outreach.web")
    app.config.update(
        SECRET_KEY=secret_key or session_secret(ws),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=UPLOAD_LIMIT_MB * 1024 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    if behind_proxy:
        # The reverse proxy (nginx, Caddy) terminates HTTPS and says so in X-Forwarded-Proto.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
        app.config["SESSION_COOKIE_SECURE"] = True
    app.extensions["outreach"] = ws
    app.jinja_env.globals.update(number=number, percent=percent, day=day, platforms=PLATFORMS)

    @app.before_request
    def _guard() -> Response | None:
        g.language = session.get("lang") or ws.language
        g.t = text(g.language)
        g.user = session_user(ws)
        if request.method == "POST" and request.endpoint == "login":
            _check_csrf(g.t)  # no signing in from another site's form (login CSRF)
        if request.endpoint in ("static", "login", "health"):
            return None
        if g.user is None:
            return redirect(url_for("login", next=request.full_path if request.method == "GET" else None))
        if request.method == "POST":
            _check_csrf(g.t)
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        if "Content-Security-Policy" in response.headers:
            return response  # the report frame sets its own
        # Nothing is loaded from elsewhere and no inline script runs. Inline styles are allowed:
        # the charts are inline SVG that carry their own styles.
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    @app.context_processor
    def _context() -> dict[str, Any]:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return {"csrf_token": session["csrf"], "user": g.get("user"), "t": g.t, "lang": g.language}

    @app.errorhandler(OutreachError)
    def _mistake(exc: OutreachError) -> tuple[str, int]:
        return render_template("error.html", message=str(exc)), 400

    from outreach.web import pages

    pages.register(app, ws)
    return app


def _check_csrf(t: Any) -> None:
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description=t("web.csrf"))

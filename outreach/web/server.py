"""The Flask application: sign-in, roles, CSRF, language, and the pages.

Security choices: every page but the sign-in needs a session; the session cookie is
HttpOnly and SameSite=Lax (and Secure when the request came over HTTPS through a proxy);
every POST carries the session's CSRF token; sign-in is throttled per user (locked for
minutes after five failures); corrections and uploads are recorded with who and when.
Commenter handles are never shown; captions and comments are escaped by Jinja2.
"""

from __future__ import annotations

import hmac
import secrets
import tempfile
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, redirect, render_template, request, session, url_for
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from outreach.app.filters import PLATFORMS, PostFilter
from outreach.app.users import SignInRefused, User, authenticate
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.texts import day, number, percent, text

UPLOAD_LIMIT_MB = 50
SAFE_NAME = str.maketrans({c: "_" for c in "/\\:*?\"<>|\x00"})


def create_app(ws: Workspace, *, secret_key: str | None = None, behind_proxy: bool = False) -> Flask:
    app = Flask("outreach.web")
    app.config.update(
        SECRET_KEY=secret_key or _session_secret(ws),
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
        g.user = _session_user()
        if request.endpoint in ("static", "login", "health"):
            return None
        if g.user is None:
            return redirect(url_for("login", next=request.full_path if request.method == "GET" else None))
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not hmac.compare_digest(sent, session.get("csrf", "")):
                abort(400, description=g.t("web.csrf"))
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
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


def _session_secret(ws: Workspace) -> str:
    """The key that signs session cookies, kept in the database so sign-ins survive a restart."""
    from outreach.queries.overview import setting
    from outreach.store import Store

    with ws.reading() as connection:
        stored = setting(connection, "web_session_secret")
    if stored:
        return stored
    with ws.writing() as connection:
        Store(connection).set_web_secret(secrets.token_urlsafe(48))
    with ws.reading() as connection:  # two servers starting at once both use the first one stored
        return setting(connection, "web_session_secret") or ""


def _session_user() -> User | None:
    found = session.get("user")
    if not found:
        return None
    return User(found["username"], found["role"])


def requires(permission: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse (403) a person whose role does not allow ``permission``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def run(*args: Any, **kwargs: Any) -> Any:
            if g.user is None or not g.user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        return run

    return decorate


def sign_in(ws: Workspace, username: str, password: str) -> User:
    user = authenticate(ws, username, password)
    session.clear()
    session["user"] = {"username": user.username, "role": user.role}
    session["csrf"] = secrets.token_urlsafe(32)
    return user


def post_filter_from(args: Any) -> PostFilter:
    """The post filter from query parameters; a bad date is a one-line error page."""

    def day_of(name: str) -> date | None:
        value = (args.get(name) or "").strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise OutreachError(f"{name} {value!r} is not a date; use YYYY-MM-DD") from None

    def choice(name: str) -> str | None:
        value = (args.get(name) or "").strip()
        return value or None

    platform = choice("platform")
    if platform is not None and platform not in PLATFORMS:
        platform = None
    return PostFilter(
        since=day_of("since"), until=day_of("until"), platform=platform, account=choice("account"),
        campaign=choice("campaign"), pillar=choice("pillar"),
    )  # fmt: skip


def save_uploads(files: list[Any], folder: Path) -> list[Path]:
    """Uploaded files into ``folder`` under names we make: the browser's file name is shown,
    never used as a path."""
    saved = []
    for index, upload in enumerate(files):
        shown = Path((upload.filename or "upload").replace("\\", "/")).name.translate(SAFE_NAME)[:120] or "upload"
        target = folder / f"{index:03d}-{shown}"
        upload.save(target)
        saved.append(target)
    return saved


def upload_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="outreach-upload-")

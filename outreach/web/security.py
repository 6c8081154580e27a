"""Who is signed in and may do what, forms' values, and uploads: shared by the pages."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

from flask import abort, g, session

from outreach.app.filters import PLATFORMS, PostFilter
from outreach.app.users import User, authenticate
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

UPLOAD_LIMIT_MB = 50
SAFE_NAME = str.maketrans({c: "_" for c in '/\\:*?"<>|\x00'})


def session_user(ws: Workspace) -> User | None:
    """The signed-in person as the database has them now: a removed user, a changed role or a
    new password takes effect on the next request (the cookie only names the user and the
    password hash it was issued for)."""
    from outreach.app.users import current_user

    found = session.get("user")
    if not found:
        return None
    user = current_user(ws, found.get("username", ""), found.get("stamp", ""))
    if user is None:
        session.clear()
    return user


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
    from outreach.app.users import password_stamp

    user = authenticate(ws, username, password)
    session.clear()
    session["user"] = {"username": user.username, "stamp": password_stamp(ws, user.username)}
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
        shown = Path((upload.filename or "upload").replace("\\", "/")).name.translate(SAFE_NAME)[:120]
        if shown in ("", ".", ".."):
            shown = "upload"
        target = folder / f"{index:03d}" / shown  # one folder per file: equal names cannot collide
        target.parent.mkdir()
        upload.save(target)
        saved.append(target)
    return saved


def upload_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="outreach-upload-")

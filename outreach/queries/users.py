"""The web app's people and its audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text


def web_user(connection: Connection, username: str) -> dict[str, Any] | None:
    row = (
        connection.execute(
            text(
                "SELECT id, username, password_hash, role, failed_logins, locked_until FROM web_user "
                "WHERE username = :name"
            ),
            {"name": username},
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def web_users(connection: Connection) -> list[dict[str, Any]]:
    rows = connection.execute(text("SELECT username, role, created_at FROM web_user ORDER BY username"))
    return [dict(r) for r in rows.mappings()]


def audit_events(connection: Connection, limit: int = 50) -> list[dict[str, Any]]:
    rows = connection.execute(
        text(
            "SELECT at, username, action, target, detail FROM audit_event ORDER BY at DESC, id DESC LIMIT :n"
        ),
        {"n": limit},
    )
    return [dict(r) for r in rows.mappings()]

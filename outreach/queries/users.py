"""The web app's people and its audit trail; and two writes of its security that must each
be one statement: the conditional claim of a sign-in attempt, and deleting a setting that
must not stay in the database (the session key older versions kept there)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, bindparam, text


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


CLAIM_SIGN_IN = text(
    "UPDATE web_user SET failed_logins = :failures, locked_until = :lock "
    "WHERE username = :name AND failed_logins = :seen AND (locked_until IS NULL OR locked_until <= :now)"
).bindparams(bindparam("lock", type_=DateTime()), bindparam("now", type_=DateTime()))


def claim_sign_in(
    connection: Connection, username: str, *, seen: int, lock: datetime | None, now: datetime
) -> bool:
    """Count one sign-in attempt as failed before its password is checked (a success resets
    the count), if the person is not locked out at ``now`` and no other attempt was counted
    since ``seen`` failures were read. One statement: on SQLite and PostgreSQL alike, of
    several attempts at the same moment only one can move the count from ``seen``, so no more
    attempts than the limit ever reach the (slow) password check."""
    result = connection.execute(
        CLAIM_SIGN_IN, {"failures": seen + 1, "lock": lock, "name": username, "seen": seen, "now": now}
    )
    return result.rowcount == 1


def forget_setting(connection: Connection, key: str) -> None:
    connection.execute(text("DELETE FROM setting WHERE key = :key"), {"key": key})

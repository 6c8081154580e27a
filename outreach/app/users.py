"""People who use the web app: accounts with roles, passwords as Argon2 hashes, sign-in with
throttling, and the audit trail of what they changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from outreach import queries
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

# Each role may do what the roles after it may do.
ROLES = ("admin", "operator", "officer", "viewer")
CAN = {
    "admin": {"read", "correct", "import", "collect", "users"},
    "operator": {"read", "correct", "import", "collect"},
    "officer": {"read", "correct"},
    "viewer": {"read"},
}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
LOCK_AFTER = 5  # failed sign-ins in a row
LOCK_MINUTES = 5  # doubled for every further failure
LEGACY_SESSION_SETTING = "web_session_secret"  # where the session key was kept before it moved to a file
CLAIM_TRIES = 50  # sign-in attempts of one person at the same moment, before refusing


@dataclass(frozen=True)
class User:
    username: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in CAN.get(self.role, set())


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def add_user(ws: Workspace, username: str, password: str, role: str, *, by: str | None = None) -> User:
    """Add a person (or reset an existing one's password and role)."""
    from outreach.store import Store

    username = username.strip().lower()
    if not USERNAME.match(username):
        raise OutreachError(
            f"'{username}' is not a user name; use 2–40 lowercase letters, digits, '.', '_' or '-', e.g. siti.humas"
        )
    if role not in ROLES:
        raise OutreachError(f"unknown role '{role}'; use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise OutreachError(f"the password is too short; use at least {MIN_PASSWORD} characters")
    with ws.writing() as connection:
        store = Store(connection)
        store.write_web_user(username, _hasher().hash(password), role)
        store.audit(by, "user_add", username, role)
    return User(username, role)


def remove_user(ws: Workspace, username: str, *, by: str | None = None) -> None:
    from outreach.store import Store

    with ws.writing() as connection:
        store = Store(connection)
        if not store.delete_web_user(username.strip().lower()):
            raise OutreachError(f"no user '{username}'; see them with: outreach user list")
        store.audit(by, "user_remove", username)


def set_password(ws: Workspace, username: str, password: str, *, by: str | None = None) -> None:
    with ws.reading() as connection:
        found = queries.users.web_user(connection, username.strip().lower())
    if found is None:
        raise OutreachError(
            f"no user '{username}'; add them with: outreach user add {username} --role officer"
        )
    add_user(ws, found["username"], password, found["role"], by=by)


def list_users(ws: Workspace) -> list[dict[str, Any]]:
    with ws.reading() as connection:
        return queries.users.web_users(connection)


class SignInRefused(OutreachError):
    """Wrong name or password, or too many tries: the message never says which part was wrong."""


def authenticate(ws: Workspace, username: str, password: str, *, now: datetime | None = None) -> User:
    """The person, if the password is right and they are not locked out for failing too often.

    The attempt is counted as a failure in the database BEFORE the password is checked, by one
    conditional UPDATE (``queries.users.claim_sign_in``): Argon2 takes a while, and attempts
    arriving together must not all pass the lock check before any failure is stored. A right
    password resets the count."""
    from argon2.exceptions import InvalidHashError, VerificationError

    from outreach.store import Store, utcnow

    now = now or utcnow()
    username = username.strip().lower()
    found = _claim_attempt(ws, username, now)
    if found is None:
        _hasher().hash(password)  # the same time spent as for a real user: no name probing by timing
        raise SignInRefused("wrong user name or password")
    try:
        _hasher().verify(found["password_hash"], password)
    except (VerificationError, InvalidHashError):
        with ws.writing() as connection:
            Store(connection).audit(username, "login_failed")
        raise SignInRefused("wrong user name or password") from None
    with ws.writing() as connection:
        store = Store(connection)
        store.record_login(username, failed=False)
        store.audit(username, "login")
    return User(username, found["role"])


def _claim_attempt(ws: Workspace, username: str, now: datetime) -> dict[str, Any] | None:
    """The person's row once this attempt is counted; None when there is no such person;
    refused when they are locked out. The count moves only if nobody moved it since it was
    read; when another attempt did, read again (each lost race is another attempt counted)."""
    for _ in range(CLAIM_TRIES):
        with ws.writing() as connection:
            found = queries.users.web_user(connection, username)
            if found is None:
                return None
            locked = queries.as_datetime(found["locked_until"])
            if locked is not None and locked > now:
                raise SignInRefused("too many failed sign-ins; try again in a few minutes")
            failures = int(found["failed_logins"]) + 1
            lock = None
            if failures >= LOCK_AFTER:
                # Locked from the moment the attempt is counted: a right password lifts it.
                lock = now + timedelta(minutes=LOCK_MINUTES * 2 ** (failures - LOCK_AFTER))
            seen = int(found["failed_logins"])
            if queries.users.claim_sign_in(connection, username, seen=seen, lock=lock, now=now):
                return found
    raise SignInRefused("too many failed sign-ins; try again in a few minutes")


def audit(
    ws: Workspace, user: User | None, action: str, target: str | None = None, detail: str | None = None
) -> None:
    from outreach.store import Store

    with ws.writing() as connection:
        Store(connection).audit(user.username if user else None, action, target, detail)


def session_secret(ws: Workspace) -> str:
    """The key that signs the web app's session cookies: ``OUTREACH_SECRET_KEY``, else the
    private ``web-session.key`` beside secrets.toml (made on first use), so sign-ins survive
    a restart and nobody who reads a database backup can forge a session.

    A key an older version kept in the database is deleted and NOT carried over: every
    backup holds it, so it is spent; people sign in once more."""
    from outreach.queries.overview import setting
    from outreach.secrets import session_key

    key = session_key(ws.config_file)
    with ws.reading() as connection:
        stored = setting(connection, LEGACY_SESSION_SETTING)
    if stored is not None:
        with ws.writing() as connection:
            queries.users.forget_setting(connection, LEGACY_SESSION_SETTING)
    return key


def password_stamp(ws: Workspace, username: str) -> str:
    """A short fingerprint of the stored password hash: a session issued before a password
    change no longer matches it."""
    import hashlib

    with ws.reading() as connection:
        found = queries.users.web_user(connection, username)
    return hashlib.sha256(found["password_hash"].encode()).hexdigest()[:16] if found else ""


def current_user(ws: Workspace, username: str, stamp: str) -> User | None:
    """The person a session names, with the role stored now; None when they were removed or
    their password changed since the session began."""
    import hashlib
    import hmac

    with ws.reading() as connection:
        found = queries.users.web_user(connection, username)
    if found is None:
        return None
    expected = hashlib.sha256(found["password_hash"].encode()).hexdigest()[:16]
    if not hmac.compare_digest(expected, stamp):
        return None
    return User(found["username"], found["role"])

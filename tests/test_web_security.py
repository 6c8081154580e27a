"""Security of the web app beyond its pages: sign-in throttling that holds under concurrent
attempts, and the session signing key kept out of the database."""

from __future__ import annotations

import re
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from outreach.app import users
from outreach.app.users import LOCK_AFTER, SignInRefused, add_user, authenticate
from outreach.app.workspace import Workspace
from outreach.db import create_db_engine, upgrade

PASSWORD = "kata sandi panjang"


@pytest.fixture
def office(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    """A migrated database (a SQLite file, and PostgreSQL when given) with one person."""
    engine = create_db_engine(db_url)
    upgrade(engine)
    engine.dispose()
    config = tmp_path / "outreach.toml"
    config.write_text("")
    ws = Workspace(db_url, config)
    add_user(ws, "siti", PASSWORD, "officer")
    yield ws
    ws.dispose()


class CountingHasher:
    """Argon2 as the app uses it, counting (and slowing) every password verification: the
    race lives in the time a verification takes."""

    def __init__(self) -> None:
        from argon2 import PasswordHasher

        self.real = PasswordHasher()
        self.verified = 0
        self.lock = threading.Lock()

    def hash(self, password: str) -> str:
        return str(self.real.hash(password))

    def verify(self, stored: str, password: str) -> bool:
        with self.lock:
            self.verified += 1
        time.sleep(0.2)
        return bool(self.real.verify(stored, password))


def hammer(ws: Workspace, password: str, attempts: int) -> list[BaseException | None]:
    """``attempts`` sign-ins of siti at the same moment, each in its own thread."""
    start = threading.Barrier(attempts)
    outcomes: list[BaseException | None] = [None] * attempts

    def attempt(index: int) -> None:
        start.wait()
        try:
            authenticate(ws, "siti", password)
        except SignInRefused as exc:
            outcomes[index] = exc

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_concurrent_wrong_passwords_get_no_more_verifications_than_allowed(
    office: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    hasher = CountingHasher()
    monkeypatch.setattr(users, "_hasher", lambda: hasher)
    outcomes = hammer(office, "wrong password!", 16)
    assert all(isinstance(o, SignInRefused) for o in outcomes)
    assert hasher.verified <= LOCK_AFTER
    refused_unchecked = [str(o) for o in outcomes].count(
        "too many failed sign-ins; try again in a few minutes"
    )
    assert refused_unchecked >= 16 - LOCK_AFTER
    # Locked now: even the right password is not checked.
    with pytest.raises(SignInRefused, match="too many failed sign-ins"):
        authenticate(office, "siti", PASSWORD)
    assert hasher.verified <= LOCK_AFTER


def test_a_right_password_resets_the_count(office: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = CountingHasher()
    monkeypatch.setattr(users, "_hasher", lambda: hasher)
    for _ in range(LOCK_AFTER - 1):
        with pytest.raises(SignInRefused, match="wrong user name or password"):
            authenticate(office, "siti", "wrong password!")
    assert authenticate(office, "siti", PASSWORD).username == "siti"
    for _ in range(LOCK_AFTER - 1):  # the count started again from zero
        with pytest.raises(SignInRefused, match="wrong user name or password"):
            authenticate(office, "siti", "wrong password!")
    assert authenticate(office, "siti", PASSWORD).role == "officer"
    assert hasher.verified == 2 * LOCK_AFTER


def test_a_lock_ends_and_the_next_failure_locks_longer(
    office: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from outreach.store import utcnow

    start = utcnow()
    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInRefused, match="wrong user name or password"):
            authenticate(office, "siti", "wrong password!", now=start)
    with pytest.raises(SignInRefused, match="too many failed sign-ins"):
        authenticate(office, "siti", PASSWORD, now=start + timedelta(minutes=4))
    later = start + timedelta(minutes=6)  # the first lock is five minutes
    with pytest.raises(SignInRefused, match="wrong user name or password"):
        authenticate(office, "siti", "wrong password!", now=later)
    with pytest.raises(SignInRefused, match="too many failed sign-ins"):  # now ten minutes
        authenticate(office, "siti", PASSWORD, now=later + timedelta(minutes=9))
    assert authenticate(office, "siti", PASSWORD, now=later + timedelta(minutes=11)).username == "siti"


# --- the session signing key: in a private file (or the environment), never in the database -------


@pytest.fixture
def served_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """A SQLite database and an outreach.toml in one folder, no key in the environment."""
    for name in ("OUTREACH_SECRET_KEY", "OUTREACH_SECRETS"):
        monkeypatch.delenv(name, raising=False)
    db = tmp_path / "outreach.db"
    engine = create_db_engine(f"sqlite:///{db}")
    upgrade(engine)
    engine.dispose()
    config = tmp_path / "outreach.toml"
    config.write_text("")
    add_user(Workspace(str(db), config), "siti", PASSWORD, "officer")
    return str(db), config


def sign_in_client(app: Any) -> Any:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    signed = client.post(
        "/login", data={"username": "siti", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert signed.status_code == 302, signed.get_data(as_text=True)
    return client


def database_bytes(db: str) -> bytes:
    return b"".join(Path(db + suffix).read_bytes() for suffix in ("", "-wal") if Path(db + suffix).exists())


def signed_in_page(app: Any, cookie: str) -> int:
    client = app.test_client()
    client.set_cookie("session", cookie, domain="localhost")
    return int(client.get("/posts").status_code)


def test_the_session_key_is_a_private_file_not_in_the_database(served_files: tuple[str, Path]) -> None:
    from outreach.web import create_app

    db, config = served_files
    first = Workspace(db, config)
    app = create_app(first)
    client = sign_in_client(app)
    assert client.get("/posts").status_code == 200
    key = str(app.secret_key)
    key_file = config.parent / "web-session.key"
    assert key_file.read_text().strip() == key and len(key) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first.dispose()
    assert key.encode() not in database_bytes(db)
    cookie = client.get_cookie("session", domain="localhost")
    assert cookie is not None
    # Another server (a restart) on the same files accepts the session.
    second = Workspace(db, config)
    again = create_app(second)
    assert again.secret_key == key
    assert signed_in_page(again, cookie.value) == 200
    second.dispose()
    # A server with another key does not.
    key_file.write_text("another key, at least thirty-two characters long\n")
    assert signed_in_page(create_app(Workspace(db, config)), cookie.value) == 302


def test_a_key_the_database_kept_is_deleted_and_not_reused(served_files: tuple[str, Path]) -> None:
    from sqlalchemy import text

    from outreach.web import create_app

    db, config = served_files
    ws = Workspace(db, config)
    old = "the-key-an-older-version-stored-in-the-database"
    with ws.writing() as connection:  # where an older version kept it
        connection.execute(
            text("INSERT INTO setting (key, value) VALUES ('web_session_secret', :value)"), {"value": old}
        )
    app = create_app(ws)
    assert app.secret_key != old
    with ws.reading() as connection:
        stored = connection.execute(text("SELECT count(*) FROM setting WHERE key = 'web_session_secret'"))
        assert stored.scalar_one() == 0
    ws.dispose()


def test_the_key_from_the_environment(
    served_files: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from outreach.errors import ConfigError
    from outreach.web import create_app

    db, config = served_files
    monkeypatch.setenv("OUTREACH_SECRET_KEY", "k" * 40)
    assert create_app(Workspace(db, config)).secret_key == "k" * 40
    assert not (config.parent / "web-session.key").exists()
    monkeypatch.setenv("OUTREACH_SECRET_KEY", "short")
    with pytest.raises(ConfigError) as caught:
        create_app(Workspace(db, config))
    assert str(caught.value) == (
        "OUTREACH_SECRET_KEY is too short to sign sessions; give it at least 32 random characters, "
        "e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
    )


def test_a_key_file_others_can_read_is_refused_with_the_fix(served_files: tuple[str, Path]) -> None:
    from outreach.errors import ConfigError
    from outreach.web import create_app

    db, config = served_files
    key_file = config.parent / "web-session.key"
    key_file.write_text("k" * 40)
    key_file.chmod(0o644)
    with pytest.raises(ConfigError) as caught:
        create_app(Workspace(db, config))
    assert str(caught.value) == (
        f"{key_file} can be read by other users of this computer (mode 644) and holds the web app's "
        f"session key; make it private with: chmod 600 {key_file}"
    )


def test_servers_starting_together_share_one_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.secrets import session_key

    for name in ("OUTREACH_SECRET_KEY", "OUTREACH_SECRETS"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "outreach.toml"
    keys: list[str] = []
    start = threading.Barrier(8)

    def serve() -> None:
        start.wait()
        keys.append(session_key(config))

    threads = [threading.Thread(target=serve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(keys) == 8 and len(set(keys)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["web-session.key"]  # no temporary file left

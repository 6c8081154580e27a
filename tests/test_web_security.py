"""Security of the web app beyond its pages: sign-in throttling that holds under concurrent
attempts, and the session signing key kept out of the database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

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

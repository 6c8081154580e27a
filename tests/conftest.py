"""Shared fixtures: real SQLite files, and a real PostgreSQL server when one is given.

PostgreSQL tests use the server named by OUTREACH_TEST_PG_URL (``.ci/run`` starts
one). On a developer machine without it they skip; with OUTREACH_REQUIRE_PG=1
(set by CI) a missing server is a failure, not a skip.

The whole session runs with OUTREACH_SECRET_KEY set, so no web app a test starts (on the
bundled demo configuration, say) writes a web-session.key into the source tree; tests of
the key file itself remove the variable (tests/test_web_security.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from outreach.db import create_db_engine, upgrade

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def web_session_key() -> Iterator[None]:
    """A session signing key in the environment (inherited by `outreach serve` subprocesses)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_SECRET_KEY", "tests-only-session-key-" + "k" * 32)
        yield


def _postgres_admin_url() -> str | None:
    url = os.environ.get("OUTREACH_TEST_PG_URL")
    if not url:
        if os.environ.get("OUTREACH_REQUIRE_PG") == "1":
            pytest.fail("OUTREACH_REQUIRE_PG=1 but OUTREACH_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server (set OUTREACH_TEST_PG_URL to run these)")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin_url = _postgres_admin_url()
    assert admin_url
    name = f"outreach_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'outreach.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs on a SQLite file and on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    engine = create_db_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = create_db_engine(sqlite_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo office imported once per test session, for tests that only read it."""
    from tests.helpers import run_cli

    db = tmp_path_factory.mktemp("demo-session") / "demo.db"
    result = run_cli("--db", str(db), "demo", "--out", str(db.parent / "out"))
    assert result.code == 0, result.err
    return db

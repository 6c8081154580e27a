"""Connecting to the database and keeping its schema current.

The URL alone decides SQLite or PostgreSQL; nothing else in the code cares.
SQLite runs with WAL (readers do not block the scheduler's writes), foreign
keys on, and a busy timeout so two processes wait for each other instead of
failing with "database is locked".
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from outreach.errors import DatabaseError

DEFAULT_DB = "outreach.db"
BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(db: str | None, configured: str | None = None) -> str:
    """``--db`` wins, then ``OUTREACH_DB``, then the config file, then ./outreach.db.

    A value with ``://`` is a SQLAlchemy URL; anything else is a SQLite file path.
    """
    value = db or os.environ.get("OUTREACH_DB") or configured or DEFAULT_DB
    if "://" in value:
        authority = value.split("://", 1)[1].split("/", 1)[0]
        if authority.count("@") > 1:
            # "user:p@ss@host" would send "ss@host" to the resolver, and its error would show it.
            raise DatabaseError(
                "the database URL has more than one '@' before the host; write an '@' inside the "
                "password as %40, or better, give the password in PGPASSWORD or ~/.pgpass"
            )
        try:
            make_url(value)
        except (ArgumentError, ValueError):  # a bad port is a ValueError
            raise DatabaseError(
                f"'{mask_url(value)}' is not a database URL; use a file path like ./outreach.db "
                "or a URL like postgresql+psycopg://user@host/outreach"
            ) from None
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


SECRET_PARAMETERS = re.compile(r"([?&](?:password|passwd|pwd|sslpassword|passfile)=)[^&]*", re.IGNORECASE)


def mask_url(url: str) -> str:
    """A URL as text with its password hidden, wherever it was written (user:PASS@ or ?password=)."""
    masked = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
    return SECRET_PARAMETERS.sub(r"\1***", masked)


def describe(url: str) -> str:
    """For printing: a SQLite file's path, or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return mask_url(parsed.render_as_string(hide_password=True))


def secrets_of(url: str) -> list[str]:
    """The secret values in a URL, to blank them out of a driver's error message."""
    parsed = make_url(url)
    found = [str(parsed.password)] if parsed.password else []
    found += [
        str(v) for k, v in parsed.query.items() if k.lower() in ("password", "passwd", "pwd", "sslpassword")
    ]
    return [f for f in found if f]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_db_engine(url: str) -> Engine:
    if is_sqlite(url):
        path = make_url(url).database
        if path and path != ":memory:" and not Path(path).parent.exists():
            raise DatabaseError(f"cannot create {path}: the folder {Path(path).parent} does not exist")
        if path and path != ":memory:":
            _private_file(Path(path))
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    if make_url(url).get_backend_name() != "postgresql":
        raise DatabaseError(f"unsupported database '{describe(url)}'; use SQLite or PostgreSQL")
    return create_engine(url, pool_pre_ping=True)


def _private_file(path: Path) -> None:
    """Create the database file readable by its owner only: it holds comment text and the
    pseudonym secret. SQLite gives the -wal and -shm files the database file's mode."""
    if path.exists():
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise DatabaseError(f"cannot create {path}: {exc.strerror}") from None


def readable_by_others(url: str) -> str | None:
    """A warning when a SQLite database file can be read by other users, else None."""
    if not is_sqlite(url):
        return None
    path = make_url(url).database
    if not path or path == ":memory:" or os.name == "nt" or not Path(path).exists():
        return None
    mode = Path(path).stat().st_mode & 0o777
    if mode & 0o077 == 0:
        return None
    return (
        f"{path} can be read by other users of this computer (mode {mode:o}), and it holds comment "
        f"text; make it private with: chmod 600 {path}"
    )


def _alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema; harmless to repeat."""
    command.upgrade(_alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None  # the package ships migrations
    return head


def require_current(engine: Engine) -> None:
    """Refuse to work on a database that ``outreach init`` has not brought up to date."""
    current = current_revision(engine)
    if current is None:
        raise DatabaseError(f"{describe(str(engine.url))} has no outreach schema yet; run: outreach init")
    if current != head_revision():
        raise DatabaseError(
            f"{describe(str(engine.url))} is at schema {current}, this outreach needs {head_revision()}; "
            "run: outreach init (it upgrades in place and keeps your data)"
        )


def drop_old_copies(engine: Engine) -> None:
    """After deleting personal data: on SQLite, move the WAL into the database file and empty it.

    The WAL still holds older copies of the pages the deletion overwrote. Best effort: a
    reader in the middle of a transaction (a running import) keeps them until it ends.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


WRITER_LOCK_KEY = 0x6F757472  # "outr": one advisory lock per PostgreSQL database
WRITER_WAIT_SECONDS = 1800


@contextmanager
def writer_lock(
    engine: Engine, *, on_wait: Callable[[str], None] | None = None, timeout: float = WRITER_WAIT_SECONDS
) -> Iterator[None]:
    """Imports, pulls and scheduled runs write one at a time.

    Two writers at once would each see the other's file as new and fail on its unique
    hash, or wait out SQLite's busy timeout. PostgreSQL: a session advisory lock; SQLite:
    a lock file beside the database (``outreach.db.lock``), which works on Windows too.
    ``on_wait`` hears once that another writer is running.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            got = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": WRITER_LOCK_KEY}).scalar()
            if not got:
                if on_wait:
                    on_wait("another import or collection is writing to this database; waiting for it…")
                connection.execute(
                    text("SELECT set_config('lock_timeout', :ms, false)"), {"ms": f"{timeout * 1000:.0f}"}
                )
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": WRITER_LOCK_KEY})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WRITER_LOCK_KEY})
                connection.commit()
        return
    path = make_url(str(engine.url)).database
    if not path or path == ":memory:":
        yield
        return
    from filelock import FileLock, Timeout

    lock = FileLock(f"{path}.lock", mode=0o600)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait("another import or collection is writing to this database; waiting for it…")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise DatabaseError(
                f"another import or collection has been writing to {path} for {timeout / 60:.0f} minutes; "
                "wait for it to finish, or stop it, then try again"
            ) from None
    try:
        yield
    finally:
        lock.release()

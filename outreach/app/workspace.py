"""The workspace every use case runs in: the configuration and the database.

Both are loaded lazily, so that a face can build a workspace from its options
before it knows whether the command needs either. Read use cases run inside
``reading()``: one read transaction, so every SELECT of one report sees the same
snapshot while an import or the scheduler writes beside it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from outreach.config import Config


log = logging.getLogger("outreach")


class Workspace:
    """``db`` and ``config_path`` as a face received them (None: the usual search order)."""

    def __init__(
        self, db: str | None = None, config_path: str | Path | None = None, *, language: str | None = None
    ) -> None:
        self.db_option = db
        self.config_option = str(config_path) if config_path is not None else None
        self.language_option = language
        self._checked = False

    @cached_property
    def config_file(self) -> Path | None:
        from outreach.config import find_config

        return find_config(self.config_option)

    @cached_property
    def config(self) -> Config:
        from outreach.config import load_config

        config = load_config(self.config_file)
        if self.language_option and self.language_option != config.report.language:
            # --lang wins over report.language everywhere a text is chosen, analysis included.
            report = config.report.model_copy(update={"language": self.language_option})
            config = config.model_copy(update={"report": report})
        return config

    @cached_property
    def url(self) -> str:
        from outreach.db import resolve_url

        configured = self.config.database.url
        if configured and "://" not in configured and self.config_file is not None:
            # A relative path in the config file is relative to that file, not to the cwd.
            configured = str((self.config_file.parent / configured).resolve())
        return resolve_url(self.db_option, configured)

    @cached_property
    def engine(self) -> Engine:
        from outreach.db import create_db_engine

        return create_db_engine(self.url)

    def ready_engine(self) -> Engine:
        """The engine of a database at the current schema (else: run outreach init)."""
        from outreach.db import readable_by_others, require_current

        if not self._checked:
            require_current(self.engine)
            warning = readable_by_others(self.url)
            if warning:
                log.warning("%s", warning)
            self._sync_config()
            self._checked = True
        return self.engine

    def _sync_config(self) -> None:
        """Every command works with the outreach.toml of now: an account or campaign added
        since the last run is mirrored into the database before anything reads it."""
        from outreach.queries.overview import setting
        from outreach.store import CONFIG_HASH_SETTING, Store, config_fingerprint

        with self.engine.connect() as connection:
            stored = setting(connection, CONFIG_HASH_SETTING)
        if stored != config_fingerprint(self.config):
            with self.engine.begin() as connection:
                Store(connection).sync_config(self.config)

    @property
    def language(self) -> str:
        """The language people read: --lang, else report.language (id or en)."""
        return "en" if self.config.report.language == "en" else "id"

    @property
    def timezone(self) -> str:
        return self.config.report.timezone

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read transaction (one snapshot) on a database at the current schema."""
        engine = self.ready_engine()
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                # pysqlite starts no transaction for a SELECT, so each statement would see
                # the latest commit; BEGIN pins one snapshot for the whole use case.
                connection.exec_driver_sql("BEGIN")
                try:
                    yield connection
                finally:
                    connection.rollback()
        else:
            with (
                engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection,
                connection.begin(),
            ):
                yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction: everything in it is stored, or nothing."""
        with self.ready_engine().begin() as connection:
            yield connection

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()


def database_problem(exc: BaseException, workspaces: list[Workspace]) -> str:
    """Not a database file, server down, database or role missing: the driver's first line
    says which, with the workspaces' passwords blanked out, then what to check."""
    from outreach.db import mask_url, secrets_of

    reason = mask_url(str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
    for ws in workspaces:
        try:
            secrets = secrets_of(ws.url)
        except Exception:  # noqa: BLE001 - the URL itself was the problem: nothing more to blank out
            secrets = []
        for secret in secrets:
            reason = reason.replace(secret, "***")
    return (
        f"cannot use the database: {reason}; check --db / OUTREACH_DB (a SQLite file made by "
        "outreach init, or a reachable PostgreSQL URL)"
    )

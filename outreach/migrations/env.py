"""Alembic environment: runs on the engine outreach hands it (see outreach.db.upgrade)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from outreach import models  # noqa: F401  (registers the tables on the metadata)

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()

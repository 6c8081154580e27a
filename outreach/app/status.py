"""What the database holds, per platform and account, and the last collection runs."""

from __future__ import annotations

from typing import Any

from outreach import queries
from outreach.app.workspace import Workspace


def database_status(ws: Workspace) -> dict[str, Any]:
    from outreach.db import current_revision, describe

    with ws.reading() as connection:
        report = {
            "database": describe(ws.url),
            "schema": current_revision(ws.engine),
            "config": str(ws.config_file) if ws.config_file else None,
            "totals": queries.table_counts(connection),
            "platforms": queries.platform_totals(connection),
            "accounts": [
                {
                    **row,
                    "last_post": queries.as_datetime(row["last_post"]),
                    "last_collected": queries.as_datetime(row["last_collected"]),
                }
                for row in queries.account_overview(connection)
            ],
            "recent_runs": _runs(connection),
        }
    report["collection"] = api_health(ws)
    return report


def collection_status(ws: Workspace) -> dict[str, Any]:
    """What the web's collection page shows: per account its posts, last post and last
    collection, and the last runs. Not the counts of snapshots, comments and days that
    ``database_status`` adds: those read every snapshot (seconds on a large database)."""
    with ws.reading() as connection:
        return {
            "accounts": [
                {
                    **row,
                    "last_post": queries.as_datetime(row["last_post"]),
                    "last_collected": queries.as_datetime(row["last_collected"]),
                }
                for row in queries.overview.account_collection(connection)
            ],
            "recent_runs": _runs(connection),
        }


def _runs(connection: Any) -> list[dict[str, Any]]:
    return [
        {
            **run,
            "started_at": queries.as_datetime(run["started_at"]),
            "finished_at": queries.as_datetime(run["finished_at"]),
        }
        for run in queries.last_runs(connection)
    ]


def api_health(ws: Workspace) -> list[dict[str, Any]]:
    """API collection per account that uses it (has a token or has been pulled): the last good
    pull, the last failure and why, a token that expires within 7 days. Unreadable secrets
    are reported there, not raised: status must work when collection does not."""
    from outreach.app.pull import collection_health
    from outreach.errors import OutreachError

    try:
        health = collection_health(ws)
    except OutreachError as exc:
        return [{"platform": "", "handle": "", "problem": str(exc)}]
    return [
        h.as_dict()
        for h in health
        if h.token != "missing" or h.last_ok is not None or h.last_failure is not None
    ]


def data_version(ws: Workspace) -> tuple[Any, ...]:
    """A value that changes when anything a report shows changes (for caching results)."""
    with ws.reading() as connection:
        return queries.overview.data_version(connection)

"""The reads behind the evaluation sheet that the shared post queries do not cover.

The campaign's own posts come through ``post_frame`` with the campaign filter; the
baseline is wider than one filter (the campaign's pillars on its accounts), and the
outcome needs the accounts' follower counts at the ends of a period.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, text

from outreach.queries.posts import fetch_rows, post_conditions


def scope_post_ids(
    connection: Connection,
    zone: str,
    *,
    since: date | None,
    until: date | None,
    pillars: list[str],
    handles: list[str],
) -> np.ndarray:
    """Ids (ascending) of the posts published from ``since`` to ``until`` (local days) that are
    tagged to any of ``pillars`` (any post when empty) on any of ``handles`` (any account when
    empty); a manual exclusion does not count as a tag."""
    where, params = post_conditions(zone, since=since, until=until)
    conditions = [where]
    binds: list[Any] = []
    if pillars:
        conditions.append(
            "EXISTS (SELECT 1 FROM assignment sg WHERE sg.post_id = p.id AND sg.kind = 'pillar' "
            "AND sg.key IN :scope_pillars AND NOT sg.excluded)"
        )
        params["scope_pillars"] = list(pillars)
        binds.append(bindparam("scope_pillars", expanding=True))
    if handles:
        conditions.append(
            "p.account_id IN (SELECT sa.id FROM account sa WHERE lower(sa.handle) IN :scope_handles)"
        )
        params["scope_handles"] = [h.lower() for h in handles]
        binds.append(bindparam("scope_handles", expanding=True))
    sql = f"SELECT p.id FROM post p WHERE {' AND '.join(conditions)} ORDER BY p.id"
    statement = text(sql).bindparams(*binds)
    rows = fetch_rows(connection, statement, params)
    return np.array([row[0] for row in rows], dtype=np.int64)


def post_details(
    connection: Connection, ids: list[int]
) -> dict[int, tuple[str | None, str | None, list[str]]]:
    """Caption, permalink and pillar keys of the given posts, by post id."""
    found: dict[int, tuple[str | None, str | None, list[str]]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        statement = text("SELECT id, caption, permalink FROM post WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for pk, caption, permalink in connection.execute(statement, {"ids": chunk}):
            found[int(pk)] = (caption, permalink, [])
        tags = text(
            "SELECT post_id, key FROM assignment WHERE kind = 'pillar' AND NOT excluded AND post_id IN :ids "
            "ORDER BY post_id, key"
        ).bindparams(bindparam("ids", expanding=True))
        for pk, key in connection.execute(tags, {"ids": chunk}):
            if int(pk) in found:
                found[int(pk)][2].append(key)
    return found

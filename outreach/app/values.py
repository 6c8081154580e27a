"""Keeping the derived values (``post_value``) current: after every import and pull, and once
after an upgrade, the posts without values at the configured age (and at one day) get them.

A report over twelve weeks then reads one row per post instead of its snapshots; a post
without a row (written since, or by something that is not outreach) is still read from its
snapshots, so the values are the same either way, only slower to read.
"""

from __future__ import annotations

from typing import Any

from outreach.config import Config

# Posts per read-derive-write step: about 25 MB of snapshots and values at a time.
REFRESH_CHUNK = 20_000
# Besides the configured age: the weekly report run on a Monday compares last week's posts,
# the youngest hours old, with the four weeks before at one day.
MONDAY_AGE_DAYS = 1.0


def kept_ages(config: Config) -> list[float]:
    return sorted({float(config.engagement.age_days), MONDAY_AGE_DAYS})


def refresh_post_values(engine: Any, config: Config) -> int:
    """Derive the missing values at the kept ages and drop those at other ages (an age no
    longer configured); returns the (post, age) values derived.

    One transaction per step of ``REFRESH_CHUNK`` posts: the first run after an upgrade
    derives a province's million posts over minutes, and one transaction would hold the
    database's write lock (and make a scheduled import give up) for all of it. Each step
    derives and writes in one transaction, so a post whose snapshots an import changes
    meanwhile either gets the new values or none (the store deletes its row with the change)."""
    from outreach.analysis.metrics import values_to_keep
    from outreach.queries.values import posts_without_values, stored_ages
    from outreach.store import Store

    ages = kept_ages(config)
    with engine.begin() as connection:
        stale = [a for a in stored_ages(connection) if a not in ages]
        if stale:
            Store(connection).forget_values_at(stale)
    derived = 0
    for age in ages:
        with engine.connect() as connection:
            missing = posts_without_values(connection, age)
        for start in range(0, len(missing), REFRESH_CHUNK):
            with engine.begin() as connection:
                rows = values_to_keep(connection, config, missing[start : start + REFRESH_CHUNK], age)
                Store(connection).write_post_values(rows)
            derived += len(rows)
    return derived

"""Upsert throughput of the store against plain sqlite3, measured in one run.

Writes N metric snapshots (default 500,000: 50,000 posts x 10 capture times)
through ``Store.write`` — the path every import takes, records in, natural keys
resolved — and the same rows through plain ``sqlite3.executemany`` with
``INSERT ... ON CONFLICT DO UPDATE`` into an identical schema. Then writes the
same rows through the store again and checks that no row count changed.

    python benchmarks/store.py [--snapshots 500000]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from collectors.records import POST_METRICS, AccountRef, MetricSnapshotRecord, PostRecord
from outreach.db import create_db_engine, upgrade
from outreach.store import Store

CAPTURES = 10
START = datetime(2026, 1, 1)


def snapshot_values(post: int, capture: int) -> dict[str, int | None]:
    base = (post * 37 + capture * 101) % 5000
    return {
        "views": base * 10 + capture,
        "reach": base * 7 if post % 5 else None,  # some unknown reach, as in real exports
        "likes": base // 3,
        "comments": base // 50,
        "shares": base // 40,
        "saves": base // 45,
    }


def records(posts: int):
    account = AccountRef("instagram", "sukamajukab")
    for p in range(posts):
        yield PostRecord(
            "instagram", str(17900000000000000 + p), account, START + timedelta(hours=p), "image"
        )
    for c in range(CAPTURES):
        captured = START + timedelta(days=c)
        for p in range(posts):
            yield MetricSnapshotRecord(
                "instagram", str(17900000000000000 + p), captured, "meta_content", snapshot_values(p, c)
            )


def counts(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as db:
        return (
            db.execute("SELECT COUNT(*) FROM post").fetchone()[0],
            db.execute("SELECT COUNT(*) FROM metric_snapshot").fetchone()[0],
        )


def through_store(path: Path, posts: int) -> float:
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    started = time.perf_counter()
    with engine.begin() as connection:
        Store(connection).write(records(posts))
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def through_sqlite3(path: Path, posts: int) -> float:
    """Baseline: the same schema (migrated by outreach), plain sqlite3, one executemany."""
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as connection:  # the posts, so the baseline only measures snapshots
        connection.execute(text("INSERT INTO account (platform, handle) VALUES ('instagram', 'sukamajukab')"))
        connection.execute(
            text(
                "INSERT INTO post (platform, platform_post_id, account_id, published_at, type) "
                "VALUES ('instagram', :pid, 1, :published, 'image')"
            ),
            [
                {"pid": str(17900000000000000 + p), "published": START + timedelta(hours=p)}
                for p in range(posts)
            ],
        )
    engine.dispose()
    columns = ["post_id", "captured_at", "source", *POST_METRICS]
    updates = ", ".join(f"{m} = COALESCE(excluded.{m}, metric_snapshot.{m})" for m in POST_METRICS)
    sql = (
        f"INSERT INTO metric_snapshot ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT (post_id, captured_at, source) DO UPDATE SET {updates}"
    )
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    ids = dict(db.execute("SELECT platform_post_id, id FROM post"))

    def rows():
        for c in range(CAPTURES):
            captured = (START + timedelta(days=c)).isoformat(sep=" ")
            for p in range(posts):
                values = snapshot_values(p, c)
                yield (
                    ids[str(17900000000000000 + p)],
                    captured,
                    "meta_content",
                    *(values.get(m) for m in POST_METRICS),
                )

    with db:
        db.executemany(sql, rows())
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=int, default=500_000)
    args = parser.parse_args()
    posts = args.snapshots // CAPTURES
    n = posts * CAPTURES
    with tempfile.TemporaryDirectory() as tmp:
        store_db, plain_db = Path(tmp, "store.db"), Path(tmp, "plain.db")
        store_seconds = through_store(store_db, posts)
        plain_seconds = through_sqlite3(plain_db, posts)
        before = counts(store_db)
        again_seconds = through_store(store_db, posts)
        after = counts(store_db)
    store_rate, plain_rate = n / store_seconds, n / plain_seconds
    print(f"snapshots upserted:            {n:,} ({posts:,} posts x {CAPTURES} captures)")
    print(f"store (Store.write, records):  {store_rate:12,.0f} rows/s  ({store_seconds:.1f} s)")
    print(f"plain sqlite3 executemany:     {plain_rate:12,.0f} rows/s  ({plain_seconds:.1f} s)")
    print(f"ratio store / sqlite3:         {store_rate / plain_rate:.2f}  (target >= 0.50)")
    print(
        f"upsert again:                  {n / again_seconds:12,.0f} rows/s; "
        f"row counts {before} -> {after} ({'unchanged' if before == after else 'CHANGED'})"
    )
    if before != after or store_rate / plain_rate < 0.5:
        sys.exit(1)


if __name__ == "__main__":
    main()

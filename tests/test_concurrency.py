"""Readers beside a writer: a report reads one snapshot of the database while an import writes.

A summary reads posts and their snapshots in separate SELECTs; without one read transaction
a post committed between them made `post_frame` index past its arrays (IndexError) in 3 of
318 runs. Here a separate process commits posts with snapshots as fast as it can while this
process runs the read use cases in a loop.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from outreach.app.compare import compare_groups
from outreach.app.summary import posting_consistency, summarise
from outreach.app.workspace import Workspace
from outreach.db import create_db_engine, upgrade

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime, timedelta
    from collectors.records import AccountRef, MetricSnapshotRecord, PostRecord
    from outreach.db import create_db_engine
    from outreach.store import Store

    engine = create_db_engine(sys.argv[1])
    account = AccountRef("instagram", "sukamajukab")
    start, n = time.monotonic(), 0
    while time.monotonic() - start < float(sys.argv[2]):
        with engine.begin() as connection:
            store = Store(connection)
            records = []
            for _ in range(20):
                n += 1
                published = datetime(2026, 10, 1) + timedelta(minutes=n)
                records.append(PostRecord("instagram", str(10**15 + n), account, published, "image"))
                for day in (1, 7, 30):
                    records.append(MetricSnapshotRecord("instagram", str(10**15 + n),
                        published + timedelta(days=day), "meta_content", {"likes": day * 10, "reach": day * 100}))
            store.write(records)
    print(n)
    """
)


def test_reports_read_one_snapshot_beside_a_writer(db_url, tmp_path):
    engine = create_db_engine(db_url)
    upgrade(engine)
    engine.dispose()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, db_url, "4"], stdout=subprocess.PIPE, text=True)
    ws = Workspace(db_url, None)
    reads = 0
    try:
        deadline = time.monotonic() + 3.5
        while time.monotonic() < deadline:
            summary = summarise(ws, by="platform")
            assert all(g["posts"] >= g["posts_not_at_age"] for g in summary.groups)
            posting_consistency(ws, by="account")
            compare_groups(ws, by="weekday", age_days=7.0)
            reads += 1
    finally:
        written, _ = writer.communicate(timeout=60)
        ws.dispose()
    assert writer.returncode == 0
    assert int(written) > 100 and reads >= 3

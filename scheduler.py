"""Scheduled collection with APScheduler 3: import whatever lands in an inbox folder.

Offices download platform exports by hand or have them synced into a shared folder;
the operator points this at that folder and leaves it running. Every run imports the
folder with ``outreach.pipeline.import_paths``: files already imported are skipped by
content hash, each file is its own transaction, and every run is recorded as a
collection run (``outreach status`` shows the last ones). New posts are tagged and new
comments scored, exactly as ``outreach import`` does.

    python -m scheduler --inbox /srv/exports --every 60      # minutes
    python -m scheduler --inbox /srv/exports --once          # one run, for cron
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger("outreach.scheduler")


def import_inbox(inbox: Path, db: str | None, config_path: str | None) -> int:
    """One collection run over ``inbox``; returns the number of files that failed."""
    from outreach.app.imports import import_files
    from outreach.app.setup import init_database
    from outreach.app.workspace import Workspace

    ws = Workspace(db, config_path)
    init_database(ws, write_config=False)
    result = import_files(ws, [inbox])  # as `outreach import`: new posts tagged, new comments scored
    summary, analysed = result.summary, result.analysed
    if analysed.tagging:
        log.info("tagged %d posts", analysed.tagging.posts)
    for failure in summary.failed:
        # The reason names file, row and column; it never contains secrets.
        log.error("%s", failure.reason)
    log.info("inbox %s: %d files imported, %d failed", inbox, summary.count("imported"), len(summary.failed))
    return len(summary.failed)


def build_scheduler(inbox: Path, every_minutes: int, db: str | None, config_path: str | None) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        import_inbox,
        "interval",
        minutes=every_minutes,
        args=(inbox, db, config_path),
        id="import-inbox",
        # A run that outlasts the interval is not started twice; missed runs (the
        # machine slept) collapse into one.
        max_instances=1,
        coalesce=True,
        misfire_grace_time=every_minutes * 60,
    )
    return scheduler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inbox", type=Path, required=True, help="folder the exports land in")
    parser.add_argument("--every", type=int, default=60, metavar="MINUTES", help="interval (default 60)")
    parser.add_argument("--once", action="store_true", help="run once and exit (non-zero if a file failed)")
    parser.add_argument("--db", help="database path or URL (default: as for the outreach command)")
    parser.add_argument("--config", help="outreach.toml (default: as for the outreach command)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if not args.inbox.is_dir():
        parser.error(f"--inbox {args.inbox}: no such folder; create it or point at the folder exports land in")
    if args.once:
        return 1 if import_inbox(args.inbox, args.db, args.config) else 0
    if args.every < 1:
        parser.error("--every must be at least 1 minute")
    import_inbox(args.inbox, args.db, args.config)
    scheduler = build_scheduler(args.inbox, args.every, args.db, args.config)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Import whatever lands in an inbox folder, on a schedule: the old entry point, kept working.

The scheduler service is ``outreach schedule run`` (API pulls, the inbox, backups and the
weekly report from outreach.toml); this alias runs only its inbox job, on the same
application layer: files already imported are skipped by content hash, each file is its
own transaction, a bad file is logged once and not read again until it changes, every
run is a collection run (``outreach status``), new posts are tagged and new comments
scored as ``outreach import`` does. SIGTERM and Ctrl+C stop it cleanly (exit 0).

    python -m scheduler --inbox /srv/exports --every 60      # minutes
    python -m scheduler --inbox /srv/exports --once          # one run, for cron
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path
from typing import Any

from outreach.app.schedule import InboxMemory, Job, JobResult, run_inbox, service_logging

log = logging.getLogger("outreach.scheduler")


def inbox_job(inbox: Path, every_minutes: int, db: str | None, config_path: str | None) -> tuple[Any, Job]:
    from apscheduler.triggers.interval import IntervalTrigger

    from outreach.app.workspace import Workspace

    ws = Workspace(db, config_path)
    memory = InboxMemory()

    def run(stop: threading.Event) -> JobResult:
        # init: a new database is created (and an old one upgraded) as before
        return run_inbox(ws, inbox, memory, stop, init=True)

    trigger = IntervalTrigger(minutes=every_minutes, timezone="UTC")
    return ws, Job("import-inbox", f"import {inbox} every {every_minutes} min", trigger, run, at_start=True)


def build_scheduler(inbox: Path, every_minutes: int, db: str | None, config_path: str | None) -> Any:
    """The service's scheduler with this one job (coalesced, one instance, no lost runs)."""
    from outreach.app.schedule import build_scheduler as build

    ws, job = inbox_job(inbox, every_minutes, db, config_path)
    return build(ws, threading.Event(), [job])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--inbox", type=Path, required=True, help="folder the exports land in")
    parser.add_argument("--every", type=int, default=60, metavar="MINUTES", help="interval (default 60)")
    parser.add_argument("--once", action="store_true", help="run once and exit (non-zero if a file failed)")
    parser.add_argument("--db", help="database path or URL (default: as for the outreach command)")
    parser.add_argument("--config", help="outreach.toml (default: as for the outreach command)")
    args = parser.parse_args(argv)
    if not args.inbox.is_dir():
        parser.error(
            f"--inbox {args.inbox}: no such folder; create it or point at the folder exports land in"
        )
    if args.every < 1:
        parser.error("--every must be at least 1 minute")
    service_logging(logging.INFO)
    from collectors.errors import CollectorError
    from outreach.app.schedule import _guarded, serve
    from outreach.errors import OutreachError

    try:
        ws, job = inbox_job(args.inbox, args.every, args.db, args.config)
        if args.once:
            return 0 if _guarded(job, threading.Event()).ok else 1
        _guarded(job, threading.Event())  # creates the database before the service checks it
        job.at_start = False
        return serve(ws, jobs=[job])
    except (OutreachError, CollectorError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())

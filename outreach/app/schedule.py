"""The scheduler service: the jobs the configuration asks for, run by APScheduler 3.

Jobs (``outreach schedule list``):

* ``pull-instagram`` / ``pull-x`` / ``pull-tiktok`` every ``[schedule.pull]`` minutes, and at start;
* ``inbox``: import whatever lands in ``[schedule.inbox] folder`` (as ``outreach import``);
* ``backup``: a nightly copy of a SQLite database with the online backup API, keeping N;
* ``weekly-report``: the weekly report files into ``[schedule.report] folder`` (every week's
  files are kept), copied to ``<folder>/latest``.

One job runs at a time (one worker thread; writers take turns anyway); a run that comes
due while another runs is not started twice (``max_instances=1``) and missed runs collapse
into one (``coalesce``), however late (the PC slept). A backup or report missed while the
scheduler was not running at all (the PC was off on Monday) runs when it starts.
SIGTERM/SIGINT: the running pull stops after its current page is committed, then exit 0.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import signal
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from collectors.errors import CollectorError
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

log = logging.getLogger("outreach.schedule")

PLATFORMS = ("instagram", "x", "tiktok")
BACKUP_NAME = re.compile(r"^outreach-(\d{8}-\d{6})\.db$")
LATEST = "latest"


@dataclass
class JobResult:
    ok: bool
    line: str  # one line for the log: what happened, or what to do


@dataclass
class Job:
    id: str
    description: str
    trigger: Any  # an APScheduler trigger
    run: Callable[[threading.Event], JobResult]
    last_done: Callable[[], datetime | None] | None = None  # for a catch-up at start (aware, UTC)
    at_start: bool = False  # interval jobs run once when the scheduler starts


@dataclass
class InboxMemory:
    """Files that failed, by (size, mtime): logged once, retried only when they change."""

    failed: dict[Path, tuple[int, int]] = field(default_factory=dict)


# --- the jobs ---------------------------------------------------------------------------------


def _folder(ws: Workspace, name: str | None) -> Path | None:
    """A configured folder: relative to outreach.toml's folder; "" or None turns the job off."""
    if not name:
        return None
    path = Path(name).expanduser()
    if not path.is_absolute() and ws.config_file is not None:
        path = ws.config_file.parent / path
    return path


def run_pull(ws: Workspace, platform: str, stop: threading.Event) -> JobResult:
    from outreach.app.pull import pull

    if stop.is_set():
        return JobResult(True, f"pull {platform}: not started, stopping")
    result = pull(ws, platform=platform, stop=stop)
    for outcome in result.accounts:
        if outcome.outcome == "skipped":
            log.info("%s", outcome.error)
        elif outcome.outcome in ("failed", "interrupted"):
            log.error("%s", outcome.error)
        else:
            c = outcome.counts
            log.info(
                "pull %s @%s: %s, %d new posts, %d new snapshots, %d comments, %d calls%s",
                platform,
                outcome.handle,
                outcome.outcome,
                c.posts_new,
                c.snapshots_new,
                c.comments,
                outcome.calls,
                f" ({outcome.error})" if outcome.error else "",
            )
    failed = [a for a in result.accounts if a.outcome == "failed"]
    return JobResult(
        not failed,
        f"pull {platform}: {len(result.pulled) - len(failed)} of {len(result.pulled)} "
        "accounts ok" + (", stopped" if result.stopped else ""),
    )


def run_inbox(
    ws: Workspace, folder: Path, memory: InboxMemory, stop: threading.Event, *, init: bool = False
) -> JobResult:
    """Import the inbox as `outreach import` does; a file that failed is not read again
    until it changes (a bad export would otherwise fill the log every interval)."""
    from outreach.app.imports import import_files

    if stop.is_set():
        return JobResult(True, "inbox: not started, stopping")
    if not folder.is_dir():
        return JobResult(False, f"inbox {folder}: no such folder; create it or set [schedule.inbox] folder")
    if init:
        from outreach.app.setup import init_database

        init_database(ws, write_config=False)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    todo = [p for p in files if memory.failed.get(p) != _signature(p)]
    for path in list(memory.failed):
        if path not in files:
            del memory.failed[path]
    if not todo:
        return JobResult(True, f"inbox {folder}: nothing new")
    result = import_files(ws, todo)
    summary = result.summary
    for failure in summary.failed:
        bad = next((p for p in todo if failure.name == p.name or failure.name.startswith(p.name)), None)
        if bad is not None:
            memory.failed[bad] = _signature(bad)
        log.error("%s", failure.reason)  # names file, row and column; never a secret
    tagged = result.analysed.tagging
    if tagged is not None:
        log.info("inbox: tagged %d posts", getattr(tagged, "posts", 0))
    return JobResult(
        not summary.failed,
        f"inbox {folder}: {summary.count('imported')} files imported, {len(summary.failed)} failed",
    )


def _signature(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def backup_sqlite(ws: Workspace, folder: Path, keep: int, *, now: datetime | None = None) -> Path:
    """A consistent copy of the SQLite database through the online backup API (writers may
    go on meanwhile), private (0600), then only the newest ``keep`` copies are kept."""
    from sqlalchemy.engine import make_url

    source = make_url(ws.url).database
    if not source or not Path(source).exists():
        raise OutreachError(f"no SQLite database to back up at {source}")
    folder.mkdir(parents=True, exist_ok=True)
    moment = now or datetime.now()
    target = folder / f"outreach-{moment:%Y%m%d-%H%M%S}.db"
    partial = folder / f".{target.name}.tmp"
    os.close(os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
    try:
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)
        dst.close()
        src.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    copies = sorted(p for p in folder.iterdir() if BACKUP_NAME.match(p.name))
    for old in copies[:-keep]:
        old.unlink()
    return target


def last_backup(folder: Path) -> datetime | None:
    stamps = [
        datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
        for p in (folder.iterdir() if folder.is_dir() else [])
        if (m := BACKUP_NAME.match(p.name))
    ]
    return max(stamps) if stamps else None


def run_backup(ws: Workspace, folder: Path, keep: int, stop: threading.Event) -> JobResult:
    if stop.is_set():
        return JobResult(True, "backup: not started, stopping")
    target = backup_sqlite(ws, folder, keep)
    return JobResult(True, f"backup: {target} ({target.stat().st_size // 1024} KiB), keeping {keep}")


def run_weekly_report(ws: Workspace, folder: Path, stop: threading.Event) -> JobResult:
    """The weekly report into ``folder`` (every week's files stay) and a copy in ``latest``."""
    if stop.is_set():
        return JobResult(True, "weekly report: not started, stopping")
    try:
        from outreach.app.weekly import write_weekly_report
    except ImportError:
        return JobResult(False, "weekly report: this outreach has no weekly report (outreach.app.weekly)")
    written = [Path(p) for p in write_weekly_report(ws, week=None, office=None, out_dir=folder) or []]
    latest = folder / LATEST
    staging = folder / f".{LATEST}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for path in written:
        shutil.copy2(path, staging / path.name)
    shutil.rmtree(latest, ignore_errors=True)
    os.replace(staging, latest)
    return JobResult(True, f"weekly report: {', '.join(p.name for p in written)} in {folder}")


def last_report(folder: Path) -> datetime | None:
    latest = folder / LATEST
    stamps = [p.stat().st_mtime for p in latest.iterdir()] if latest.is_dir() else []
    return datetime.fromtimestamp(max(stamps)) if stamps else None


# --- which jobs the configuration asks for -------------------------------------------------


def configured_jobs(ws: Workspace, *, memory: InboxMemory | None = None) -> list[Job]:
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    config = ws.config
    schedule = config.schedule
    zone = ZoneInfo(config.report.timezone)
    jitter = schedule.jitter_seconds or None
    jobs: list[Job] = []
    for platform in PLATFORMS:
        minutes = getattr(schedule.pull, platform)
        if minutes and any(a.platform == platform for a in config.accounts):
            jobs.append(
                Job(
                    f"pull-{platform}",
                    f"pull {platform} every {minutes} min",
                    IntervalTrigger(minutes=minutes, jitter=jitter, timezone=zone),
                    functools.partial(run_pull, ws, platform),
                    at_start=True,
                )
            )
    inbox = _folder(ws, schedule.inbox.folder)
    if inbox is not None:
        remembered = memory or InboxMemory()
        every = schedule.inbox.every_minutes
        jobs.append(
            Job(
                "inbox",
                f"import {inbox} every {every} min",
                IntervalTrigger(minutes=every, jitter=min(jitter or 0, 30) or None, timezone=zone),
                lambda stop: run_inbox(ws, inbox, remembered, stop),
                at_start=True,
            )
        )
    backups = _folder(ws, schedule.backup.folder)
    if backups is not None:
        if ws.url.startswith("sqlite"):
            at = schedule.backup.at
            jobs.append(
                Job(
                    "backup",
                    f"back up the database into {backups} at {at:%H:%M}, keeping {schedule.backup.keep}",
                    CronTrigger(hour=at.hour, minute=at.minute, jitter=jitter, timezone=zone),
                    lambda stop: run_backup(ws, backups, schedule.backup.keep, stop),
                    last_done=lambda: _aware(last_backup(backups)),
                )
            )
        else:
            log.info("backup: the database is PostgreSQL; back it up with pg_dump (the operator's job)")
    reports = _folder(ws, schedule.report.folder)
    if reports is not None:
        at, day = schedule.report.at, schedule.report.weekday
        jobs.append(
            Job(
                "weekly-report",
                f"weekly report into {reports} on {day.title()} at {at:%H:%M}",
                CronTrigger(
                    day_of_week=day[:3], hour=at.hour, minute=at.minute, jitter=jitter, timezone=zone
                ),
                lambda stop: run_weekly_report(ws, reports, stop),
                last_done=lambda: _aware(last_report(reports)),
            )
        )
    return jobs


def _aware(local: datetime | None) -> datetime | None:
    """A naive local time of this computer (file names and times) as an aware time."""
    return local.astimezone() if local is not None else None


def missed(job: Job, now: datetime) -> bool:
    """A catch-up job whose latest scheduled time passed since it last ran (or never ran)."""
    if job.last_done is None:
        return False
    previous = None
    moment = job.trigger.get_next_fire_time(None, now - timedelta(days=8))
    while moment is not None and moment <= now:
        previous = moment
        moment = job.trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    if previous is None:
        return False
    done = job.last_done()
    return done is None or done < previous


def next_runs(ws: Workspace, now: datetime | None = None) -> list[dict[str, Any]]:
    """For `outreach schedule list`: each job, its next run, and whether it is due at start."""
    moment = now or datetime.now(ZoneInfo(ws.config.report.timezone))
    rows = []
    for job in configured_jobs(ws):
        upcoming = (
            moment if job.at_start or missed(job, moment) else job.trigger.get_next_fire_time(None, moment)
        )
        rows.append(
            {
                "job": job.id,
                "what": job.description,
                "next_run": upcoming,
                "at_start": job.at_start or missed(job, moment),
            }
        )
    return rows


def run_once(ws: Workspace, job_id: str, *, stop: threading.Event | None = None) -> JobResult:
    """`outreach schedule once JOB`: one job now, in the foreground."""
    jobs = {job.id: job for job in configured_jobs(ws)}
    if job_id not in jobs:
        known = ", ".join(jobs) or "none (see [schedule] in outreach.toml)"
        raise OutreachError(f"no scheduled job '{job_id}'; the jobs are: {known}")
    return _guarded(jobs[job_id], stop or threading.Event())


RUNNING = threading.Lock()  # held while a job runs, so a stop can wait for its commit


def _guarded(job: Job, stop: threading.Event) -> JobResult:
    """Run a job; a mistake or an API/database problem is one log line, not a traceback."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with RUNNING:
            result = job.run(stop)
    except (OutreachError, CollectorError) as exc:
        result = JobResult(False, f"{job.id}: {exc}")
    except SQLAlchemyError as exc:
        from outreach.db import mask_url

        # The driver's first line, with any password in a URL blanked out.
        reason = mask_url(str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])[:300]
        result = JobResult(False, f"{job.id}: cannot use the database: {reason}")
    except OSError as exc:
        result = JobResult(False, f"{job.id}: {exc.strerror or exc} ({getattr(exc, 'filename', '') or ''})")
    (log.info if result.ok else log.error)("%s", result.line)
    return result


# --- the service --------------------------------------------------------------------------------


def build_scheduler(ws: Workspace, stop: threading.Event, jobs: list[Job] | None = None) -> Any:
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.blocking import BlockingScheduler

    zone = ZoneInfo(ws.config.report.timezone)
    scheduler = BlockingScheduler(
        timezone=zone,
        executors={"default": ThreadPoolExecutor(1)},  # one job at a time: writers take turns anyway
        # Passed as job_defaults (the scheduler's own default grace is 1 s): a run delayed by a
        # long pull or a sleeping PC still happens, once.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    now = datetime.now(zone)
    for job in jobs if jobs is not None else configured_jobs(ws):
        first = now if job.at_start or missed(job, now) else None
        scheduler.add_job(
            _guarded,
            job.trigger,
            args=(job, stop),
            id=job.id,
            name=job.description,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            **({"next_run_time": first} if first is not None else {}),
        )

    def listen(event: Any) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("%s: a run was missed (the computer was busy or asleep)", event.job_id)
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            log.warning("%s: still running from the last time; this run is skipped", event.job_id)
        elif event.exception is not None:
            log.error("%s: failed (%s)", event.job_id, type(event.exception).__name__)

    scheduler.add_listener(listen, EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    return scheduler


def serve(
    ws: Workspace,
    *,
    jobs: list[Job] | None = None,
    install_signals: bool = True,
    stop: threading.Event | None = None,
) -> int:
    """`outreach schedule run`: run until SIGTERM/SIGINT; returns the exit status (0)."""
    ws.ready_engine()  # a database outreach init has not made is one line now, not a job error later
    stop = stop or threading.Event()
    jobs = configured_jobs(ws) if jobs is None else jobs
    if not jobs:
        raise OutreachError(
            "no scheduled jobs: add [[accounts]] with tokens, or [schedule] inbox/backup/report "
            "folders, to outreach.toml"
        )
    scheduler = build_scheduler(ws, stop, jobs)

    def on_signal(signum: int, _frame: Any) -> None:
        if not stop.is_set():
            log.info(
                "stopping (%s): the running job ends after its current page", signal.Signals(signum).name
            )
        stop.set()
        if scheduler.running:
            scheduler.shutdown(wait=False)

    if install_signals:
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    for job in jobs:
        log.info("job %s: %s", job.id, job.description)
    log.info("started; times in %s", ws.config.report.timezone)
    scheduler.start()  # returns after shutdown
    # The job that was running commits its current page and returns; wait for it.
    if RUNNING.acquire(timeout=STOP_WAIT_SECONDS):
        RUNNING.release()
    log.info("stopped")
    return 0


STOP_WAIT_SECONDS = 120.0


class RedactTokens(logging.Filter):
    """A last line of defence: token-shaped words never reach a log line (APIS.md §6.20)."""

    PATTERN = re.compile(
        r"(?:\b(?:act|rft)\.[\w.-]{8,}|\bEAA[\w-]{8,}|\bIGQ[\w-]{8,}|(?<=Bearer )[\w.~+/=-]{8,})"
    )

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.PATTERN.sub("***", message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def service_logging(level: int = logging.INFO) -> None:
    """One line per event on stderr with a time stamp (systemd's journal or a log file)."""
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.addFilter(RedactTokens())
    for name in ("outreach", "collectors", "apscheduler"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
        logger.setLevel(level if name != "apscheduler" else logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)

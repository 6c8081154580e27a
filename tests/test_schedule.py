"""The scheduler service: `outreach schedule run` in a real subprocess against the fake API,
killed in the middle of a pull and restarted; SIGTERM; backups; the inbox; missed runs."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from outreach.app.schedule import (
    InboxMemory,
    Job,
    JobResult,
    backup_sqlite,
    configured_jobs,
    missed,
    run_inbox,
)
from outreach.app.setup import init_database
from outreach.app.workspace import Workspace
from tests.conftest import ROOT
from tests.fakeapi import FakeApi, Reply, Request, reply
from tests.helpers import run_cli
from tests.test_pull import IG_TOKEN, IG_USER, V, ensure_commands, ig_media

SHIM = (
    "import sys; from tests.test_pull import ensure_commands; ensure_commands(); "
    "from outreach.cli import run; sys.exit(run(sys.argv[1:]))"
)
MEDIA = 25


def slow(body: dict, seconds: float) -> Callable[[Request], Reply]:
    def answer(_request: Request) -> Reply:
        time.sleep(seconds)
        return reply(body)

    return answer


def script_slow_instagram(api: FakeApi, delay: float) -> None:
    items = [ig_media(n, n) for n in range(MEDIA, 0, -1)]
    api.on("GET", f"{V}/{IG_USER}/media", reply({"data": items}))
    for n in range(1, MEDIA + 1):
        api.on(
            "GET", f"{V}/ig{n}/insights", slow({"data": [{"name": "views", "values": [{"value": n}]}]}, delay)
        )
    api.on("GET", f"{V}/{IG_USER}", reply({"id": IG_USER, "followers_count": 10}))
    api.on("GET", f"{V}/{IG_USER}/insights", reply({"data": []}))


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


def office(folder: Path, url: str, schedule: str = "") -> Workspace:
    config = folder / "outreach.toml"
    config.write_text(
        f"""
[database]
url = "outreach.db"

[[accounts]]
platform = "instagram"
handle = "sukamajukab"
platform_account_id = "{IG_USER}"

[api.instagram]
base_url = "{url}"
comments = false

[schedule]
jitter_seconds = 0
[schedule.backup]
folder = ""
[schedule.report]
folder = ""
{schedule}
""",
        encoding="utf-8",
    )
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[instagram.sukamajukab]\ntoken = "{IG_TOKEN}"\n', encoding="utf-8")
    secrets.chmod(0o600)
    ws = Workspace(None, config)
    init_database(ws, write_config=False)
    return ws


def start(ws: Workspace) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_")}
    return subprocess.Popen(
        [sys.executable, "-c", SHIM, "--config", str(ws.config_file), "schedule", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def query(ws: Workspace, sql: str) -> list[tuple]:
    with sqlite3.connect(ws.url.removeprefix("sqlite:///"), timeout=30) as connection:
        return connection.execute(sql).fetchall()


def wait_for(ws: Workspace, sql: str, check: object, timeout: float = 30.0) -> list[tuple]:
    deadline = time.monotonic() + timeout
    while True:
        rows = query(ws, sql)
        if check(rows):  # type: ignore[operator]
            return rows
        assert time.monotonic() < deadline, f"timed out waiting: {sql} -> {rows}"
        time.sleep(0.05)


def test_killed_in_the_middle_of_a_pull_resumes_with_every_post_once(tmp_path: Path, api: FakeApi) -> None:
    script_slow_instagram(api, delay=0.12)
    ws = office(tmp_path, api.url)
    first = start(ws)
    try:
        wait_for(ws, "SELECT COUNT(*) FROM post", lambda rows: rows[0][0] >= 10)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    at_kill = query(ws, "SELECT COUNT(*) FROM post")[0][0]
    assert 10 <= at_kill < MEDIA  # the kill came mid-pull, after at least one committed page
    assert query(ws, "SELECT outcome FROM collection_run") == [(None,)]  # left unfinished

    second = start(ws)
    try:
        wait_for(ws, "SELECT COUNT(*) FROM collection_run WHERE outcome = 'ok'", lambda rows: rows[0][0] == 1)
        second.send_signal(signal.SIGTERM)
        _, err = second.communicate(timeout=10)
    finally:
        second.kill()
    assert second.returncode == 0, err
    assert query(ws, "SELECT COUNT(*), COUNT(DISTINCT platform_post_id) FROM post") == [(MEDIA, MEDIA)]
    # consistent snapshots: one per post, each from a recorded run
    assert query(
        ws,
        "SELECT MIN(n), MAX(n) FROM (SELECT COUNT(s.id) AS n FROM post p "
        "LEFT JOIN metric_snapshot s ON s.post_id = p.id GROUP BY p.id)",
    ) == [(1, 1)]
    assert query(
        ws,
        "SELECT COUNT(*) FROM metric_snapshot s LEFT JOIN collection_run r "
        "ON r.id = s.collection_run_id WHERE r.id IS NULL",
    ) == [(0,)]
    assert query(ws, "SELECT outcome FROM collection_run ORDER BY id") == [("interrupted",), ("ok",)]
    assert query(ws, "SELECT watermark FROM sync_state WHERE stream = 'media_since'") == [
        ("2026-11-25T08:00:00",)
    ]
    # the restart asked only for what the killed run had not committed
    insights_asked = [r.path for r in api.calls("GET") if r.path.endswith("/insights") and "/ig" in r.path]
    assert len(insights_asked) - len(set(insights_asked)) <= 10  # at most the page in flight came twice
    assert "stopped" in err and IG_TOKEN not in err


def test_sigterm_stops_after_the_committed_page_and_exits_0(tmp_path: Path, api: FakeApi) -> None:
    script_slow_instagram(api, delay=0.12)
    ws = office(tmp_path, api.url)
    process = start(ws)
    try:
        wait_for(ws, "SELECT COUNT(*) FROM post", lambda rows: rows[0][0] >= 10)
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
        took = time.monotonic() - began
    finally:
        process.kill()
    assert process.returncode == 0 and took < 10, err
    posts = query(ws, "SELECT COUNT(*) FROM post")[0][0]
    assert posts in (10, 20)  # whole pages only
    newest = query(ws, "SELECT MAX(published_at) FROM post")[0][0]
    assert query(ws, "SELECT watermark FROM sync_state WHERE stream = 'media_since'") == [
        (newest.replace(" ", "T").removesuffix(".000000"),)
    ]
    ((outcome, error),) = query(ws, "SELECT outcome, error FROM collection_run")
    assert outcome == "interrupted" and "the next run continues from there" in error
    assert err.strip().splitlines()[-1].endswith("INFO stopped")


def test_backup_uses_the_online_api_and_keeps_n_private_copies(tmp_path: Path, api: FakeApi) -> None:
    ws = office(tmp_path, api.url)
    folder = tmp_path / "backups"
    made = [backup_sqlite(ws, folder, 2, now=datetime(2026, 12, d, 2)) for d in (1, 2, 3)]
    assert sorted(p.name for p in folder.iterdir()) == [made[1].name, made[2].name]
    assert oct(made[2].stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(made[2]) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT COUNT(*) FROM account").fetchone()[0] == 1


def test_schedule_once_and_list(tmp_path: Path, api: FakeApi) -> None:
    ensure_commands()
    ws = office(tmp_path, api.url, "")
    config = str(ws.config_file)
    (tmp_path / "outreach.toml").write_text(
        (tmp_path / "outreach.toml")
        .read_text()
        .replace('[schedule.backup]\nfolder = ""', '[schedule.backup]\nfolder = "copies"\nkeep = 3')
    )
    listed = run_cli("--config", config, "schedule", "list")
    assert listed.code == 0, listed.err
    assert "pull-instagram" in listed.out and "backup" in listed.out
    once = run_cli("--config", config, "schedule", "once", "backup")
    assert once.code == 0, once.err
    assert len(list((tmp_path / "copies").glob("outreach-*.db"))) == 1
    unknown = run_cli("--config", config, "schedule", "once", "nightly")
    assert unknown.code == 1
    assert unknown.err.strip() == "Error: no scheduled job 'nightly'; the jobs are: pull-instagram, backup"


def test_a_weekly_report_missed_while_the_pc_was_off_runs_at_start() -> None:
    from apscheduler.triggers.cron import CronTrigger

    zone = datetime.now(UTC).astimezone().tzinfo
    trigger = CronTrigger(day_of_week="mon", hour=7, minute=0, timezone="Asia/Jakarta")
    wednesday = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # Monday 2026-11-30 07:00 WIB has passed

    def job(last: datetime | None) -> Job:
        return Job("weekly-report", "", trigger, lambda stop: JobResult(True, ""), last_done=lambda: last)

    assert missed(job(None), wednesday)
    assert missed(job(datetime(2026, 11, 24, 1, 0, tzinfo=UTC)), wednesday)  # last week's
    assert not missed(job(datetime(2026, 11, 30, 0, 5, tzinfo=UTC)), wednesday)  # made this Monday
    assert zone is not None


def test_a_bad_inbox_file_is_logged_once_until_it_changes(
    tmp_path: Path, api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    ws = office(tmp_path, api.url)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = inbox / "export.csv"
    bad.write_text("this is not an export\n")
    memory = InboxMemory()
    caplog.set_level(logging.INFO, logger="outreach")
    first = run_inbox(ws, inbox, memory, threading.Event())
    assert not first.ok
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "export.csv" in errors[0].getMessage()
    caplog.clear()
    second = run_inbox(ws, inbox, memory, threading.Event())
    assert second.ok and second.line.endswith("nothing new")
    assert not [r for r in caplog.records if r.levelno == logging.ERROR]
    bad.write_text("still not an export, but changed\n")
    os.utime(bad, (time.time() + 5, time.time() + 5))
    third = run_inbox(ws, inbox, memory, threading.Event())
    assert not third.ok  # read again once it changed


def test_configured_jobs_follow_the_configuration(tmp_path: Path, api: FakeApi) -> None:
    ws = office(tmp_path, api.url, '[schedule.pull]\ninstagram = 0\n[schedule.inbox]\nfolder = "in"\n')
    assert [j.id for j in configured_jobs(ws)] == ["inbox"]
    assert timedelta(minutes=60) == configured_jobs(ws)[0].trigger.interval


def test_weekly_report_job_keeps_every_week_and_a_latest_copy(tmp_path: Path, api: FakeApi) -> None:
    ensure_commands()
    ws = office(tmp_path, api.url)
    (tmp_path / "outreach.toml").write_text(
        (tmp_path / "outreach.toml")
        .read_text()
        .replace('[schedule.report]\nfolder = ""', '[schedule.report]\nfolder = "weekly"')
    )
    done = run_cli("--config", str(ws.config_file), "schedule", "once", "weekly-report")
    assert done.code == 0, done.err
    made = sorted(p.name for p in (tmp_path / "weekly").iterdir() if p.is_file())
    assert made and sorted(p.name for p in (tmp_path / "weekly" / "latest").iterdir()) == made
    jobs = {j.id: j for j in configured_jobs(Workspace(None, ws.config_file))}
    assert not missed(jobs["weekly-report"], datetime.now(UTC))  # made now: nothing to catch up at start

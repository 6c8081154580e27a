"""`python -m scheduler`, the inbox-only alias of `outreach schedule run`: one run imports the inbox,
tags and scores; a second changes nothing; SIGTERM ends it with exit 0."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from scheduler import build_scheduler
from tests.conftest import ROOT

DEMO = ROOT / "outreach" / "demo"


def _counts(db):
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT (SELECT COUNT(*) FROM post), (SELECT COUNT(*) FROM assignment),"
            " (SELECT COUNT(*) FROM comment WHERE sentiment_label IS NOT NULL),"
            " (SELECT COUNT(*) FROM collection_run)"
        ).fetchone()


def test_once_imports_tags_and_scores(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(DEMO / "exports", inbox)
    db = tmp_path / "scheduled.db"
    command = [sys.executable, "-m", "scheduler", "--inbox", str(inbox), "--once",
               "--db", str(db), "--config", str(DEMO / "outreach.toml")]  # fmt: skip
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert first.returncode == 0, first.stderr
    posts, tags, scored, runs = _counts(db)
    assert posts == 197 and tags > posts and scored > 400 and runs == 1
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert second.returncode == 0, second.stderr
    assert _counts(db) == (posts, tags, scored, 2)  # a second run is recorded, nothing else changes


def test_missing_inbox_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scheduler", "--inbox", str(tmp_path / "nope"), "--once"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no such folder" in result.stderr.strip().splitlines()[-1]


def test_interval_job_never_overlaps(tmp_path):
    scheduler = build_scheduler(tmp_path, 30, None, None)
    (job,) = scheduler.get_jobs()
    assert job.max_instances == 1 and job.coalesce and job.trigger.interval.total_seconds() == 1800


def test_the_alias_stops_on_sigterm_with_exit_0(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    log = tmp_path / "scheduler.log"
    with open(log, "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "scheduler", "--inbox", str(inbox), "--every", "5", "--db", str(tmp_path / "a.db")],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while "INFO started" not in log.read_text():
                assert time.monotonic() < deadline and process.poll() is None, log.read_text()
                time.sleep(0.1)
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)
        finally:
            process.kill()
    err = log.read_text()
    assert process.returncode == 0, err
    assert "nothing new" in err
    assert err.strip().splitlines()[-1].endswith("INFO stopped")

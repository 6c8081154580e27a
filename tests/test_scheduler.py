"""Scheduled collection: one run imports the inbox, tags and scores; a second changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

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
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    posts, tags, scored, runs = _counts(db)
    assert posts == 197 and tags > posts and scored > 400 and runs == 1
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert _counts(db) == (posts, tags, scored, 2)  # a second run is recorded, nothing else changes


def test_missing_inbox_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scheduler", "--inbox", str(tmp_path / "nope"), "--once"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no such folder" in result.stderr.strip().splitlines()[-1]


def test_interval_job_never_overlaps(tmp_path):
    scheduler = build_scheduler(tmp_path, 30, None, None)
    (job,) = scheduler.get_jobs()
    assert job.max_instances == 1 and job.coalesce and job.trigger.interval.total_seconds() == 1800

"""The bundled demo office: the committed exports are what the generator writes, and
``outreach demo`` imports all of them into a real SQLite file, twice without change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from outreach.config import load_config
from outreach.demo import CONFIG_FILE, EXPORTS_DIR
from outreach.demo.generate import generate
from tests.helpers import run_cli


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_committed_exports_are_what_the_generator_writes(tmp_path):
    written = _files(generate(tmp_path / "exports"))
    committed = _files(EXPORTS_DIR)
    assert sorted(written) == sorted(committed)
    changed = [name for name in written if written[name] != committed[name]]
    assert not changed, f"regenerate with: python -m outreach.demo.generate ({changed[:3]})"


def test_generating_twice_gives_the_same_bytes(tmp_path):
    assert _files(generate(tmp_path / "a")) == _files(generate(tmp_path / "b"))


def test_generator_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit, match="notes.txt"):
        generate(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_exports_are_small():
    assert sum(len(data) for data in _files(EXPORTS_DIR).values()) < 1_500_000


def test_demo_config_is_valid():
    config = load_config(CONFIG_FILE)
    assert config.report.language == "id" and config.report.timezone == "Asia/Jakarta"
    assert {c.key for c in config.campaigns} == {"menanam-pohon", "umkm-ekspor", "simaju"}
    assert all(len(c.variants) >= 2 and c.baseline and c.targets for c in config.campaigns)


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "post",
                "metric_snapshot",
                "account_snapshot",
                "audience_share",
                "comment",
                "account",
            )
        }


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run_cli("--db", str(db), "demo", "--out", str(db.parent / "out"))
    assert result.code == 0, result.err
    assert "Basis data demo:" in result.out and "Error" not in result.err  # Indonesian by default
    return db


def test_demo_imports_every_platform(demo_db):
    with sqlite3.connect(demo_db) as connection:
        platforms = dict(connection.execute("SELECT platform, count(*) FROM post GROUP BY platform"))
        assert platforms["instagram"] >= 100 and platforms["tiktok"] >= 25 and platforms["x"] >= 50
        snapshot_times = connection.execute(
            "SELECT count(*) FROM (SELECT post_id FROM metric_snapshot GROUP BY post_id "
            "HAVING count(DISTINCT captured_at) > 1)"
        ).fetchone()[0]
        assert snapshot_times >= 100  # weekly exports: posts are seen at several ages
        per_platform_days = dict(
            connection.execute(
                "SELECT a.platform, count(*) FROM account_snapshot s JOIN account a ON a.id = s.account_id "
                "GROUP BY a.platform"
            )
        )
        assert set(per_platform_days) == {"instagram", "tiktok", "x"}
        assert 350 <= connection.execute("SELECT count(*) FROM comment").fetchone()[0] <= 500
        unknown = connection.execute(
            "SELECT count(*) FROM metric_snapshot s JOIN post p ON p.id = s.post_id "
            "WHERE p.platform = 'instagram' AND s.reach IS NULL AND s.views IS NOT NULL"
        )
        assert unknown.fetchone()[0] >= 1  # Meta leaves a collab post's reach blank: unknown, not 0
        partial_day = connection.execute(
            "SELECT count(*) FROM account_snapshot WHERE source = 'tiktok_viewers' "
            "AND viewers IS NULL AND new_viewers IS NULL"
        )
        assert partial_day.fetchone()[0] == 1  # TikTok's "undefined" for today's partial day
        assert connection.execute("SELECT count(*) FROM audience_share").fetchone()[0] > 0


def test_demo_writes_the_weekly_report_and_an_evaluation_sheet(demo_db):
    written = sorted(p.name for p in (demo_db.parent / "out").iterdir())
    assert written == [
        "evaluasi-menanam-pohon.html", "evaluasi-menanam-pohon.pdf", "evaluasi-menanam-pohon.xlsx",
        "laporan-mingguan-2026-W46.html", "laporan-mingguan-2026-W46.json", "laporan-mingguan-2026-W46.pdf",
    ]  # fmt: skip


def test_demo_twice_changes_nothing(demo_db):
    before = _counts(demo_db)
    result = run_cli("--db", str(demo_db), "demo", "--out", str(demo_db.parent / "out"))
    assert result.code == 0, result.err
    assert _counts(demo_db) == before
    # The next commands it suggests read the demo's database, not the office's outreach.db.
    assert (
        f"outreach --db {demo_db} --config " in result.out
        and "outreach.toml summary --by campaign" in result.out
    )

"""Time and peak memory of one weekly report on a province-sized database.

    .venv/bin/python benchmarks/report.py                 # 10 % then 100 % (1,000,000 posts)
    .venv/bin/python benchmarks/report.py --scale 0.1     # only the 10 % database
    .venv/bin/python benchmarks/report.py --scale 0.01 --scale 0.1   # quick: the baseline is the first scale

The database is generated with bulk inserts straight into SQLite (not through the importers):
1,000 accounts in 25 offices, ten metric snapshots per post, a daily follower count per
account, a pillar per post, three campaigns with targets and baselines, and a comment on
one post in five. Every scale keeps the same 1,000 accounts posting at the same rate and
ends on the same day; a smaller scale only has a shorter history. The week reported on
therefore holds the same posts at every scale, and the claim to check is that the report
costs what its week holds, not what the database holds: the times at 10 % and 100 % must be
within a factor of 2 (targets at full size: under 10 s and under 500 MB peak memory).
``outreach init`` then runs on it (timed apart): it derives each post's values at 7 days and
at one day (``post_value``), as every import does for the posts it writes.

Each report runs in a child process; its peak memory is the child's ``ru_maxrss``. The
report is ``outreach.app.weekly.write_weekly_report`` writing HTML, PDF and JSON, timed from
before its imports (a fresh ``outreach report weekly`` pays them too).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FULL_POSTS = 1_000_000
ACCOUNTS = 1_000
OFFICES = 25
SNAPSHOTS_PER_POST = 10
POSTS_PER_WEEK = 9_600  # 1,000,000 posts are 104 weeks of history
END = datetime(2026, 11, 23)  # a Monday, 00:00 UTC: the data stops here
REPORT_WEEK = "2026-W47"  # 16–22 Nov 2026, the last complete week
PILLARS = ("governance", "branding", "economy", "living", "society", "environment")
PLATFORMS = ("instagram", "tiktok", "x")
# Snapshot times as shares of a post's observed life (at most 60 days): front-loaded like real exports.
SNAPSHOT_AT = np.array([0.02, 0.04, 0.06, 0.09, 0.12, 0.17, 0.25, 0.4, 0.65, 1.0])
COMMENT_EVERY = 5
BATCH = 200_000
DAY = 86_400


def config_text(db_path: Path) -> str:
    offices = "\n".join(
        f'[[offices]]\nkey = "office{o:02d}"\nname = "Dinas {o:02d} Provinsi"\n' for o in range(OFFICES)
    )
    accounts = "\n".join(
        f'[[accounts]]\nplatform = "{PLATFORMS[a % 3]}"\nhandle = "akun{a:04d}"\noffice = "office{a % OFFICES:02d}"\n'
        for a in range(ACCOUNTS)
    )
    campaigns = """
[[campaigns]]
key = "menanam-pohon"
name = "Gerakan Menanam Pohon"
start = 2026-10-05
end = 2026-11-30
pillars = ["environment"]
hashtags = ["SukamajuMenanam"]
targets = { reach = 6000000, engagement_rate = 0.05, posts = 2000 }
baseline = { start = 2026-08-24, end = 2026-10-04 }

[[campaigns]]
key = "umkm-ekspor"
name = "Go Ekspor"
start = 2026-09-07
end = 2026-11-22
pillars = ["economy"]
hashtags = ["GoEkspor"]
targets = { reach = 4000000, engagement_rate = 0.04 }
baseline = { start = 2026-08-24, end = 2026-09-06 }

[[campaigns]]
key = "simaju"
name = "Ayo Pakai SiMaju"
start = 2026-10-12
end = 2026-12-15
pillars = ["governance"]
hashtags = ["AyoPakaiSiMaju"]
targets = { views = 8000000 }
baseline = { start = 2026-09-07, end = 2026-10-11 }
"""
    return (
        f'[database]\nurl = "{db_path}"\n\n[report]\nlanguage = "id"\ntimezone = "Asia/Jakarta"\n\n'
        f"{offices}\n{accounts}\n{campaigns}"
    )


def generate(folder: Path, scale: float) -> tuple[Path, dict[str, int]]:
    """A migrated SQLite database and its outreach.toml in ``folder``; returns the config path."""
    from outreach.config import load_config
    from outreach.db import create_db_engine, upgrade
    from outreach.store import Store

    db_path = folder / "outreach.db"
    config_path = folder / "outreach.toml"
    config_path.write_text(config_text(db_path), encoding="utf-8")
    engine = create_db_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    with engine.begin() as connection:  # offices, accounts, campaigns and pillars as the app writes them
        Store(connection).sync_config(load_config(config_path))
    engine.dispose()

    rng = np.random.default_rng(47)
    posts = int(FULL_POSTS * scale)
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('post', 'metric_snapshot', 'account_snapshot', 'comment', 'assignment')"
    ).fetchall()
    for name, _ in indexes:  # built again after the rows are in
        db.execute(f'DROP INDEX "{name}"')
    accounts = dict(db.execute("SELECT handle, id FROM account").fetchall())
    account_ids = np.array([accounts[f"akun{a:04d}"] for a in range(ACCOUNTS)], dtype=np.int64)
    db.execute("BEGIN")

    # Posts: evenly spread over the history with jitter, newest ending at END.
    end_s = int((END - datetime(1970, 1, 1)).total_seconds())
    span = posts / POSTS_PER_WEEK * 7 * DAY
    published = np.sort(end_s - rng.uniform(0, span, posts)).astype(np.int64)
    account_of = rng.integers(0, ACCOUNTS, posts)
    platform_of = account_of % 3
    types = np.array(["image", "carousel", "reel", "video", "text"], dtype=object)
    type_of = np.where(platform_of == 0, rng.integers(0, 3, posts), np.where(platform_of == 1, 3, 4))
    post_rows = (
        (
            i + 1,
            PLATFORMS[p],
            f"p{i + 1}",
            int(account_ids[a]),
            int(t),
            types[k],
            f"Postingan {i + 1} #Sukamaju",
        )
        for i, (p, a, t, k) in enumerate(
            zip(platform_of.tolist(), account_of.tolist(), published.tolist(), type_of.tolist())
        )
    )
    _insert(
        db,
        "INSERT INTO post (id, platform, platform_post_id, account_id, published_at, type, caption) "
        "VALUES (?, ?, ?, ?, datetime(?, 'unixepoch'), ?, ?)",
        post_rows,
    )

    # Final (60-day) values per post; snapshots grow towards them along log(1 + age).
    reach = rng.lognormal(7.5, 1.0, posts).astype(np.int64)
    views = (reach * rng.uniform(1.2, 2.5, posts)).astype(np.int64)
    likes = (reach * rng.uniform(0.01, 0.08, posts)).astype(np.int64)
    db.execute(
        "CREATE TEMP TABLE final (post_id INTEGER PRIMARY KEY, published INTEGER, life INTEGER, "
        "views INTEGER, reach INTEGER, likes INTEGER, platform INTEGER)"
    )
    life = np.minimum(60 * DAY, end_s - published)
    _insert(
        db,
        "INSERT INTO temp.final VALUES (?, ?, ?, ?, ?, ?, ?)",
        zip(
            range(1, posts + 1),
            published.tolist(),
            life.tolist(),
            views.tolist(),
            reach.tolist(),
            likes.tolist(),
            platform_of.tolist(),
        ),
    )
    db.execute("CREATE TEMP TABLE step (k INTEGER, at REAL, grown REAL)")
    grown = np.log1p(SNAPSHOT_AT * 60) / np.log1p(60)
    db.executemany(
        "INSERT INTO temp.step VALUES (?, ?, ?)", list(zip(range(10), SNAPSHOT_AT.tolist(), grown.tolist()))
    )
    # One INSERT … SELECT writes every snapshot in C: platform 2 is X (no reach, its own parts).
    db.execute(
        """
        INSERT INTO metric_snapshot (post_id, captured_at, source, views, reach, likes, comments, shares, saves,
                                     reposts, quotes, replies, bookmarks)
        SELECT f.post_id, datetime(f.published + MAX(CAST(f.life * s.at AS INTEGER), 60 * (s.k + 1)), 'unixepoch'),
               'benchmark',
               CAST(f.views * s.grown AS INTEGER),
               CASE WHEN f.platform = 2 THEN NULL ELSE CAST(f.reach * s.grown AS INTEGER) END,
               CAST(f.likes * s.grown AS INTEGER),
               CASE WHEN f.platform = 2 THEN NULL ELSE CAST(f.likes * s.grown / 10 AS INTEGER) END,
               CASE WHEN f.platform = 2 THEN NULL ELSE CAST(f.likes * s.grown / 8 AS INTEGER) END,
               CASE WHEN f.platform = 0 THEN CAST(f.likes * s.grown / 12 AS INTEGER) END,
               CASE WHEN f.platform = 2 THEN CAST(f.likes * s.grown / 6 AS INTEGER) END,
               CASE WHEN f.platform = 2 THEN CAST(f.likes * s.grown / 30 AS INTEGER) END,
               CASE WHEN f.platform = 2 THEN CAST(f.likes * s.grown / 9 AS INTEGER) END,
               CASE WHEN f.platform = 2 THEN CAST(f.likes * s.grown / 20 AS INTEGER) END
        FROM temp.final f CROSS JOIN temp.step s
        ORDER BY f.post_id, s.k
        """
    )

    # Followers: one count per account and day of the history.
    first_day = date.fromtimestamp(0) + timedelta(days=int(published.min() // DAY))
    days = (END.date() - first_day).days
    start_followers = rng.integers(2_000, 200_000, ACCOUNTS)
    growth = rng.uniform(0.0, 0.002, ACCOUNTS)

    def account_days():
        for a in range(ACCOUNTS):
            counts = (start_followers[a] * (1 + growth[a]) ** np.arange(days)).astype(np.int64).tolist()
            for d in range(days):
                yield int(account_ids[a]), (first_day + timedelta(days=d)).isoformat(), counts[d]

    _insert(
        db,
        "INSERT INTO account_snapshot (account_id, day, source, followers) VALUES (?, ?, 'benchmark', ?)",
        account_days(),
    )

    # Pillars: one per post; campaigns: a post in twenty of its pillar within the campaign.
    pillar_of = rng.integers(0, len(PILLARS), posts)
    _insert(
        db,
        "INSERT INTO assignment (post_id, kind, key, origin, excluded, assigned_at) "
        "VALUES (?, 'pillar', ?, 'rule', 0, '2026-11-23 00:00:00')",
        ((i + 1, PILLARS[p]) for i, p in enumerate(pillar_of.tolist())),
    )
    campaigns = (
        ("menanam-pohon", "environment", "2026-10-05", "2026-11-30"),
        ("umkm-ekspor", "economy", "2026-09-07", "2026-11-22"),
        ("simaju", "governance", "2026-10-12", "2026-12-15"),
    )
    for key, pillar, start, end in campaigns:
        db.execute(
            "INSERT INTO assignment (post_id, kind, key, origin, excluded, assigned_at) "
            "SELECT p.id, 'campaign', ?, 'rule', 0, '2026-11-23 00:00:00' FROM post p "
            "JOIN assignment g ON g.post_id = p.id AND g.kind = 'pillar' AND g.key = ? "
            "WHERE p.published_at >= ? AND p.published_at < ? AND p.id % 20 = 0",
            (key, pillar, start, end),
        )

    # Comments on one post in five, labelled as the sentiment model would.
    labels = ("positive", "neutral", "negative")
    commented = np.arange(1, posts + 1, COMMENT_EVERY)
    label_of = rng.choice(3, len(commented), p=[0.5, 0.3, 0.2])
    _insert(
        db,
        "INSERT INTO comment (post_id, platform_comment_id, text, created_at, sentiment_label) "
        "VALUES (?, ?, 'Mantap min, lanjutkan', datetime(?, 'unixepoch'), ?)",
        (
            (int(p), f"c{p}", int(published[p - 1]) + 3600, labels[k])
            for p, k in zip(commented.tolist(), label_of.tolist())
        ),
    )
    db.execute("COMMIT")
    for _, sql in indexes:
        db.execute(sql)
    db.execute("ANALYZE")
    counts = {
        table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("account", "post", "metric_snapshot", "account_snapshot", "comment", "assignment")
    }
    db.close()
    return config_path, counts


def _insert(db: sqlite3.Connection, sql: str, rows) -> None:
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            db.executemany(sql, batch)
            batch.clear()
    if batch:
        db.executemany(sql, batch)


# --- the report in a child process ----------------------------------------------------------


class ReportFailed(Exception):
    """The report raised in the child process; the message is its traceback."""


def _report(config_path: str, out_dir: str, queue: multiprocessing.Queue) -> None:
    try:
        queue.put(_timed_report(config_path, out_dir))
    except BaseException:
        import traceback

        queue.put((None, traceback.format_exc()))  # the parent reads the cause, then the child fails
        raise


def _timed_report(config_path: str, out_dir: str) -> tuple[float, str]:
    from outreach.app.workspace import Workspace

    ws = Workspace(config_path=config_path)
    ws.ready_engine()  # the config mirror is done once before timing, as on any run after the first
    started = time.perf_counter()
    from outreach.app.weekly import write_weekly_report

    write_weekly_report(ws, week=REPORT_WEEK, out_dir=Path(out_dir), formats=("html", "pdf", "json"))
    return time.perf_counter() - started, "write_weekly_report(html, pdf, json)"


def _init(config_path: Path, scale: float) -> None:
    """``outreach init`` on the generated (or kept) database: the schema of this outreach and
    the values at 7 days derived for every post without them, as imports do for the posts
    they write (the generator inserts rows directly, so no import did it)."""
    from outreach.app.setup import init_database
    from outreach.app.workspace import Workspace

    started = time.perf_counter()
    init_database(Workspace(config_path=config_path), write_config=False)
    print(
        f"scale {scale:g}: outreach init (schema, values at 7 days and 1 day of posts without them) "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


def measure(config_path: Path, out_dir: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, what ran) of one report in a fresh child process."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_report, args=(str(config_path), str(out_dir), queue))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    child.start()
    seconds, what = queue.get()
    child.join()
    if seconds is None:
        raise ReportFailed(what)
    if child.exitcode:
        raise SystemExit(f"the report failed in the child process (exit {child.exitcode})")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss is the largest child so far (kB on Linux): the scales run from small to large.
    return seconds, max(peak, before) / 1024, what


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale",
        type=float,
        action="append",
        help="share of the province size (1.0 = 1,000,000 posts); repeat; default 0.1 and 1.0",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="generate into DIR and keep it, or reuse what an earlier run kept there (default: a temp dir)",
    )
    args = parser.parse_args()
    scales = sorted(args.scale or [0.1, 1.0])
    results = []
    with tempfile.TemporaryDirectory(prefix="outreach-bench-") as temp:
        root = Path(args.keep) if args.keep else Path(temp)
        for scale in scales:
            folder = root / f"scale-{scale:g}"
            folder.mkdir(parents=True, exist_ok=True)
            if args.keep and (folder / "outreach.db").exists():  # --keep: generated by an earlier run
                config_path = folder / "outreach.toml"
                print(f"scale {scale:g}: reusing {folder / 'outreach.db'}", flush=True)
            else:
                started = time.perf_counter()
                config_path, counts = generate(folder, scale)
                generated = time.perf_counter() - started
                size = (folder / "outreach.db").stat().st_size / 1e6
                print(
                    f"scale {scale:g}: generated in {generated:.0f} s, {size:,.0f} MB: "
                    + ", ".join(f"{n:,} {t}" for t, n in counts.items()),
                    flush=True,
                )
            _init(config_path, scale)
            try:
                seconds, peak, what = measure(config_path, folder / "out")
            except ReportFailed as failure:
                raise SystemExit(f"scale {scale:g}: THE REPORT FAILED:\n{failure}") from None
            print(f"scale {scale:g}: {what}: {seconds:.2f} s, peak {peak:,.0f} MB", flush=True)
            results.append((scale, seconds, peak))
            for path in folder.glob("outreach.db*"):
                if not args.keep:
                    path.unlink()
    base_scale, base_seconds, _ = results[0]
    for scale, seconds, peak in results[1:]:
        ratio = seconds / base_seconds if base_seconds else float("inf")
        verdict = "ok" if ratio <= 2 else "FAILS (more than 2x)"
        print(f"{scale:g} against {base_scale:g} in this run: {ratio:.2f}x the time ({verdict})")
    full = [r for r in results if r[0] >= 1.0]
    if full:
        _, seconds, peak = full[0]
        print(
            f"full size: {seconds:.2f} s (target < 10 s: {'ok' if seconds < 10 else 'FAILS'}), "
            f"peak {peak:,.0f} MB (target < 500 MB: {'ok' if peak < 500 else 'FAILS'})"
        )


if __name__ == "__main__":
    os.environ.pop("OUTREACH_CONFIG", None)
    os.environ.pop("OUTREACH_DB", None)
    main()

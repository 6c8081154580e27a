"""Import throughput and peak memory of ``outreach import`` against plain csv + sqlite3.

For each of two export kinds, generates a deterministic file of N rows (default
200,000) in a temp dir:

- ``meta_content``: a Meta Business Suite content export (FORMATS.md §1a): English
  UI, UTF-8 BOM, LF with a final newline, Meta's quoting, 17-digit post ids,
  Pacific publish times, multi-line captions with emoji and NBSP, collab rows
  with blank Reach/Follows;
- ``x_content``: an X Premium Gen-2 ``account_analytics_content_<from>_<to>.csv``
  (FORMATS.md §3b): valid snowflake ids, en-US UTC dates, LF, no final newline.

Each file is imported through ``outreach.app.imports.import_paths`` (what ``outreach
import`` runs) into a fresh SQLite db migrated by ``outreach.db.upgrade``, in a
child process of its own, which gives the import's rows/s and its peak RSS
(VmHWM of that child; see "the child processes" below for why not ``ru_maxrss``).
The baseline, in another child in the same run, reads the same file with the
``csv`` module and writes the same posts and metric snapshots into another fresh
migrated db with plain ``sqlite3.executemany`` (``INSERT ... ON CONFLICT DO
UPDATE``), doing only the parsing the data needs (ints, Pacific time -> UTC for
Meta, snowflake time for X). Both dbs are then compared row by row (ids, times,
types, accounts, metrics) so that both sides did the same work.

Everything is measured at N/4 rows and at N, to show whether peak memory grows
with the file. Targets: outreach rows/s >= 0.40 x baseline; outreach peak RSS <
300 MB at every size and flat. Exits 1 when a target is missed or the dbs differ.
Wall-clock rows/s decide the ratio target; the ratio of CPU seconds is printed
beside it because other processes on a busy machine disturb it much less (use
``--repeat 3`` there too).

A second section imports adversarial files (issue 13), each beside a good export, each in a
child of its own: a ZIP holding a 1 GiB cell, a 1 GiB line, a 1 GiB newline bomb (timed), a
10 MB caption, three 10 MB comments, a quote never closed, a 1M-column header, and files
full of captions and texts at the longest length kept. Target: every peak RSS < 300 MB, every
bad file refused or cut with a note, the good file imported. The files are generated into the
temp dir and deleted after (about 1 GB of disk at a time).

A third section measures what ``outreach import`` does after the import (issue 13): the
Meta file at full size imported and then tagged and scored for sentiment
(``analyse_imported``), in a child of its own, beside the import alone measured in the same
run. Target: peak RSS < 300 MB. ``--analysis-only`` runs just this section.

    python benchmarks/import.py [--rows 200000] [--repeat 1] [--profile DIR] [--adversarial-only]
                                [--analysis-only]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach.demo.formats import meta_field  # Meta's quoting rule, as in the demo exports

RATIO_TARGET = 0.40
RSS_TARGET_MB = 300
CHUNK = 2500  # baseline rows per executemany: the 5,000 records (posts + snapshots) of a Store batch
FLAT_MB = 10  # "flat": the peak at N rows may exceed the peak at N/4 by this much (allocator noise)
SEED = 20260317
EPOCH = datetime(1970, 1, 1)
TWITTER_EPOCH_MS = 1288834974657
PACIFIC = ZoneInfo("America/Los_Angeles")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime stores times in SQLite

# --- Meta Business Suite content export (FORMATS.md §1a) ------------------------------------

META_NAME = "Jan-01-2025_Dec-31-2025_1583510916282258.csv"
META_HEADER = [
    "Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
    "Publish time", "Permalink", "Post type", "Data comment", "Date",
    "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves",
]  # fmt: skip
META_ACCOUNT = ("17841400000000001", "sukamajukab", "Diskominfo Kabupaten Sukamaju")
META_PARTNER = ("17841400000000077", "dinkes.sukamaju", "Dinas Kesehatan Sukamaju")
META_TYPES = {"IG image": "image", "IG carousel": "carousel", "IG reel": "reel"}
SHORTCODE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

OPENERS = [
    "Selamat pagi Sukamaju! ☀️",
    "Info layanan publik 📢",
    "Jangan lewatkan!",
    'Kata Bupati: "Pelayanan harus cepat, ramah, dan tuntas."',
    "Festival Budaya Sukamaju 2025 🎉",
    "Vaksinasi gratis di Puskesmas Sukamaju 💉",
    "Cuplikan rapat paripurna DPRD, 1 Maret 2025",
    "Kolaborasi bersama Dinas Kesehatan 🤝",
]
BODIES = [
    "Cek jadwal pelayanan KTP-el keliling minggu ini di kecamatan terdekat.",
    "Pendaftaran pelatihan UMKM dibuka hingga akhir bulan, kuota terbatas.",
    "Terima kasih warga atas partisipasinya, sampai jumpa tahun depan 🙏",
    "Layanan pengaduan 24 jam: hubungi 112 atau kirim pesan ke akun ini.",
    "Jalan provinsi ruas Cibeureum–Sukamaju ditutup sementara untuk perbaikan.",
    "Ayo cuci tangan, pakai masker bila batuk, dan jaga kebersihan lingkungan 🧼",
]
HASHTAGS = [
    "#PelayananPublik", "#SukamajuSehat", "#SukamajuBerbudaya",
    "#HUTSukamaju", "#UMKMSukamaju", "#InfoSukamaju",
]  # fmt: skip


def meta_caption(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.05:
        return ""
    opener, body = rng.choice(OPENERS), rng.choice(BODIES)
    tags = " ".join(rng.sample(HASHTAGS, rng.randint(1, 3)))
    if shape < 0.35:  # multi-line, as real captions are: newlines, NBSP, emoji
        extra = "\n".join(rng.sample(BODIES, rng.randint(1, 3)))
        return f"{opener}\n{body}\u00a0📍 Sukamaju\n\n{extra}\n{tags}"
    return f"{opener} {body} {tags}"


def write_meta(path: Path, rows: int) -> None:
    rng = random.Random(SEED)
    start = datetime(2025, 1, 1)
    minutes = 365 * 24 * 60 // rows or 1  # the export covers up to a year
    id_step = 10**15 // rows  # 17-digit ids, ascending with time like Meta's
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write(",".join(meta_field(c) for c in META_HEADER) + "\n")
        for i in range(rows):
            account = META_PARTNER if i % 97 == 13 else META_ACCOUNT  # collab posts
            kind = rng.choices(list(META_TYPES), weights=(5, 3, 2))[0]
            duration = str(rng.randint(5, 180)) if kind == "IG reel" and i % 50 else "0"
            published = start + timedelta(minutes=i * minutes + rng.randrange(minutes))
            code = "".join(rng.choices(SHORTCODE, k=11))
            views = rng.randint(0, 50_000)
            reach = int(views * rng.uniform(0.5, 0.9))
            partner = account is META_PARTNER
            cells = [
                str(17_900_000_000_000_000 + i * id_step + rng.randrange(id_step)),
                *account,
                meta_caption(rng),
                duration,
                f"{published:%m/%d/%Y %H:%M}",
                f"https://www.instagram.com/{'reel' if kind == 'IG reel' else 'p'}/{code}/",
                kind,
                "",
                "Lifetime",
                str(views),
                "" if partner else str(reach),
                str(reach // 12),
                str(reach // 90),
                "" if partner else str(reach // 400),
                str(reach // 150),
                str(reach // 60),
            ]
            out.write(",".join(meta_field(c) for c in cells) + "\n")


# --- X Premium Gen-2 content export (FORMATS.md §3b) -----------------------------------------

X_NAME = "account_analytics_content_2026-01-01_2026-03-31.csv"
X_HANDLE = "sukamajukab"
X_HEADER = (
    "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,"
    "Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks"
)
# Stored metric columns of the file in POST_METRICS names (file column index -> field).
X_STORED = {
    4: "views", 5: "likes", 7: "bookmarks", 8: "shares", 9: "follows", 10: "replies",
    11: "reposts", 12: "profile_visits", 14: "link_clicks",
}  # fmt: skip


def gen2_cell(text: str) -> str:
    """Gen 2 quotes only for a comma, a quote or a newline."""
    if any(ch in text for ch in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def x_text(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.1:
        return "https://t.co/" + "".join(rng.choices(SHORTCODE[:62], k=10))
    text = f"{rng.choice(OPENERS)} {' '.join(rng.sample(BODIES, rng.randint(1, 4)))} {rng.choice(HASHTAGS)}"
    if shape < 0.3:
        text = f"@warga{rng.randint(1, 9999)} {text}"
    return " ".join(text.split())[:280]  # whitespace collapsed, long posts cut


def write_x(path: Path, rows: int) -> None:
    rng = random.Random(SEED + 1)
    start_ms = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1000)
    interval = 90 * 86_400_000 // rows  # X exports at most 90 days
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(X_HEADER)
        for i in range(rows):
            ms = start_ms + i * interval + rng.randrange(interval)
            post_id = str(((ms - TWITTER_EPOCH_MS) << 22) | rng.getrandbits(22))
            moment = EPOCH + timedelta(milliseconds=ms)
            views = rng.randint(0, 20_000)
            numbers = [views, views // 30, views // 12, views // 200, views // 500, views // 900,
                       views // 150, views // 250, views // 100, views // 40, views // 300, 0, views // 800]  # fmt: skip
            cells = [
                post_id,
                gen2_cell(f"{moment:%a, %b} {moment.day}, {moment.year}"),
                gen2_cell(x_text(rng)),
                f"https://x.com/{X_HANDLE}/status/{post_id}",
                *map(str, numbers),
            ]
            out.write("\n" + ",".join(cells))  # LF between rows, no final newline


# --- the child processes -------------------------------------------------------------------------
#
# Both sides run in a fresh interpreter of their own, so neither inherits the other's heap and the
# peak RSS printed is the import's own. The child reads its peak from VmHWM in /proc/self/status,
# which execve resets. (wait4/getrusage ``ru_maxrss`` is not used for the figure: on Linux execve
# records the high-water mark of the address space it replaces, which for a posix_spawn child is
# the parent's, so a child spawned by a big parent reports the parent's peak. The draft of this
# script printed 162.6 MB for three different imports that way. It is printed as a cross-check.)


def own_peak_mb() -> float:
    """Peak RSS of this process since its execve, in MB (MiB)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: the best there is


def outreach_child(csv_path: str, db_path: str, profile_path: str, result_path: str) -> None:
    """Import one file exactly as ``outreach import`` does (the CLI calls import_paths)."""
    from outreach.app.imports import import_paths
    from outreach.config import Config
    from outreach.db import create_db_engine

    engine = create_db_engine(f"sqlite:///{db_path}")
    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = import_paths(engine, [Path(csv_path)], Config())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile_path)
    engine.dispose()
    outcome = summary.files[0]
    result = {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": own_peak_mb(),
        "status": outcome.status,
        "reason": outcome.reason,
        "rows": outcome.counts.rows if outcome.counts else 0,
    }
    Path(result_path).write_text(json.dumps(result))


def adversarial_child(db_path: str, paths_json: str, result_path: str) -> None:
    """Import several files as ``outreach import`` does; report peak RSS, time and outcomes."""
    from outreach.app.imports import import_paths
    from outreach.config import Config
    from outreach.db import create_db_engine

    engine = create_db_engine(f"sqlite:///{db_path}")
    started = time.perf_counter()
    summary = import_paths(engine, [Path(p) for p in json.loads(paths_json)], Config())
    seconds = time.perf_counter() - started
    engine.dispose()
    files = [
        {
            "file": f.name,
            "status": f.status,
            "reason": f.reason,
            "notices": f.counts.notices if f.counts else [],
        }
        for f in summary.files
    ]
    Path(result_path).write_text(json.dumps({"seconds": seconds, "peak_mb": own_peak_mb(), "files": files}))


def analysed_child(csv_path: str, db_path: str, result_path: str) -> None:
    """Import one file, then tag and score what it brought: all of ``outreach import``."""
    from outreach.app.imports import analyse_imported, import_paths
    from outreach.config import Config
    from outreach.db import create_db_engine

    engine = create_db_engine(f"sqlite:///{db_path}")
    started = time.perf_counter()
    summary = import_paths(engine, [Path(csv_path)], Config())
    imported = time.perf_counter() - started
    analysed = analyse_imported(engine, Config(), summary)
    seconds = time.perf_counter() - started
    engine.dispose()
    outcome = summary.files[0]
    scored = analysed.sentiment or {}
    result = {
        "seconds": seconds,
        "import_seconds": imported,
        "peak_mb": own_peak_mb(),
        "status": outcome.status,
        "reason": outcome.reason,
        "tagged": analysed.tagging.posts if analysed.tagging else 0,
        "scored": scored.get("captions", 0) + scored.get("comments", 0),
    }
    Path(result_path).write_text(json.dumps(result))


def baseline_child(kind: str, csv_path: str, db_path: str, result_path: str) -> None:
    cpu_started = time.process_time()
    seconds = baseline(kind, Path(csv_path), Path(db_path), captured_at(kind))
    cpu = time.process_time() - cpu_started
    Path(result_path).write_text(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": own_peak_mb()}))


def migrated_db(path: Path) -> None:
    """A fresh db with outreach's schema; both sides get one, migrated outside the timing."""
    from outreach.db import create_db_engine, upgrade

    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()


def run_child(result_path: Path, *args: str) -> tuple[dict, float]:
    """(what the child wrote to ``result_path``, its ru_maxrss in MB as wait4 reports it)."""
    result_path.unlink(missing_ok=True)
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", *args, str(result_path)]
    pid = os.posix_spawn(sys.executable, argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"the {args[0]} child failed with exit code {code}")
    return json.loads(result_path.read_text()), usage.ru_maxrss / 1024  # Linux: KiB


# --- the baseline: csv + sqlite3 ----------------------------------------------------------------

POST_COLUMNS = ("platform", "platform_post_id", "account_id", "published_at", "type", "caption", "permalink",
                "duration_sec", "first_seen_at")  # fmt: skip
POST_SQL = (
    f"INSERT INTO post ({', '.join(POST_COLUMNS)}) VALUES ({', '.join('?' * len(POST_COLUMNS))}) "
    "ON CONFLICT (platform, platform_post_id) DO UPDATE SET "
    + ", ".join(
        f"{c} = COALESCE(excluded.{c}, post.{c})"
        for c in ("account_id", "published_at", "type", "permalink", "duration_sec")
    )
    + ", caption = excluded.caption"
)


def snapshot_sql(metrics: list[str]) -> str:
    """Upsert one snapshot, finding its post by natural key (unique index) inside SQLite."""
    updates = ", ".join(f"{m} = COALESCE(excluded.{m}, metric_snapshot.{m})" for m in metrics)
    return (
        f"INSERT INTO metric_snapshot (post_id, captured_at, source, {', '.join(metrics)}) "
        f"SELECT id, ?, ?, {', '.join('?' * len(metrics))} FROM post "
        "WHERE platform = ? AND platform_post_id = ? "
        f"ON CONFLICT (post_id, captured_at, source) DO UPDATE SET {updates}"
    )


def count_or_none(text: str) -> int | None:
    return int(text) if text else None


def baseline(kind: str, csv_path: Path, db_path: Path, captured_at: datetime) -> float:
    """Seconds to load ``csv_path`` into the (already migrated) db at ``db_path``.

    Streams like outreach must: CHUNK rows at a time, posts first, then their snapshots.
    """
    started = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    accounts: dict[str, int] = {}
    platform = "instagram" if kind == "meta_content" else "x"

    def account(handle: str) -> int:
        if handle not in accounts:
            db.execute(
                "INSERT INTO account (platform, handle) VALUES (?, ?) "
                "ON CONFLICT (platform, handle) DO NOTHING",
                (platform, handle),
            )
            accounts[handle] = db.execute(
                "SELECT id FROM account WHERE platform = ? AND handle = ?", (platform, handle)
            ).fetchone()[0]
        return accounts[handle]

    now = datetime.now(UTC).strftime(TIME_FORMAT)
    captured = captured_at.strftime(TIME_FORMAT)
    if kind == "meta_content":
        metrics = ["views", "reach", "likes", "shares", "follows", "comments", "saves"]

        def rows():  # (post row, snapshot row)
            with open(csv_path, encoding="utf-8-sig", newline="") as stream:
                reader = csv.reader(stream)
                next(reader)
                for row in reader:
                    published = datetime.strptime(row[6], "%m/%d/%Y %H:%M").replace(tzinfo=PACIFIC)
                    yield (
                        (platform, row[0], account(row[2]), published.astimezone(UTC).strftime(TIME_FORMAT),
                         META_TYPES.get(row[8]), row[4] or None, row[7], int(row[5]) or None, now),
                        (captured, kind, *map(count_or_none, row[11:18]), platform, row[0]),
                    )  # fmt: skip
    else:
        metrics = list(X_STORED.values())
        positions = list(X_STORED)

        def rows():
            with open(csv_path, encoding="utf-8", newline="") as stream:
                reader = csv.reader(stream)
                next(reader)
                for row in reader:
                    post_id = row[0]
                    published = EPOCH + timedelta(milliseconds=(int(post_id) >> 22) + TWITTER_EPOCH_MS)
                    text = row[2] or None
                    yield (
                        (platform, post_id, account(row[3].split("/")[3]), published.strftime(TIME_FORMAT),
                         "reply" if text and text.startswith("@") else "text", text, row[3], None, now),
                        (captured, kind, *(int(row[i]) for i in positions), platform, post_id),
                    )  # fmt: skip

    snapshots = snapshot_sql(metrics)
    stream = rows()
    with db:
        while chunk := list(islice(stream, CHUNK)):
            db.executemany(POST_SQL, [post for post, _ in chunk])
            db.executemany(snapshots, [snapshot for _, snapshot in chunk])
    db.close()
    return time.perf_counter() - started


def fingerprint(db_path: Path) -> tuple[int, int, str]:
    """(posts, snapshots, digest of what both sides must agree on)."""
    digest = hashlib.sha256()
    with sqlite3.connect(db_path) as db:
        posts = db.execute("SELECT COUNT(*) FROM post").fetchone()[0]
        snapshots = db.execute("SELECT COUNT(*) FROM metric_snapshot").fetchone()[0]
        rows = db.execute(
            "SELECT p.platform_post_id, a.handle, p.published_at, p.type, p.caption, p.permalink, "
            "p.duration_sec, "
            "s.captured_at, s.source, s.views, s.reach, s.likes, s.comments, s.shares, s.saves, s.reposts, "
            "s.replies, s.bookmarks, s.profile_visits, s.follows, s.link_clicks "
            "FROM post p JOIN account a ON a.id = p.account_id JOIN metric_snapshot s ON s.post_id = p.id "
            "ORDER BY p.platform_post_id"
        )
        for row in rows:
            digest.update(repr(row).encode())
    return posts, snapshots, digest.hexdigest()


# --- the run ------------------------------------------------------------------------------------


def captured_at(kind: str) -> datetime:
    """The snapshot time outreach derives from the default file name (FORMATS.md)."""
    if kind == "meta_content":  # midnight Pacific closing the range's last day
        return datetime(2026, 1, 1, tzinfo=PACIFIC).astimezone(UTC).replace(tzinfo=None)
    return datetime(2026, 4, 1)  # midnight UTC after the range end


def measure(kind: str, rows: int, tmp: Path, repeat: int, profile_dir: Path | None) -> dict:
    """Best of ``repeat`` runs of each side, outreach and baseline alternating."""
    folder = tmp / f"{kind}-{rows}"
    folder.mkdir()
    csv_path = folder / (META_NAME if kind == "meta_content" else X_NAME)
    (write_meta if kind == "meta_content" else write_x)(csv_path, rows)
    ours_db, plain_db = folder / "outreach.db", folder / "baseline.db"
    ours: list[dict] = []
    plain: list[dict] = []
    wait4_mb = 0.0
    for attempt in range(repeat):
        profile = str(profile_dir / f"{kind}-{rows}.prof") if profile_dir and attempt == 0 else ""
        migrated_db(ours_db)
        result, rusage_mb = run_child(
            folder / "outreach.json", "outreach", str(csv_path), str(ours_db), profile
        )
        ours.append(result)
        wait4_mb = max(wait4_mb, rusage_mb)
        migrated_db(plain_db)
        plain.append(run_child(folder / "baseline.json", "baseline", kind, str(csv_path), str(plain_db))[0])
    problems = []
    if any(r["status"] != "imported" for r in ours):
        bad = next(r for r in ours if r["status"] != "imported")
        problems.append(f"outreach did not import the file: {bad['status']} {bad['reason']}")
    ours_print, plain_print = fingerprint(ours_db), fingerprint(plain_db)
    if ours_print[:2] != (rows, rows) or ours_print != plain_print:
        same = "same" if ours_print[2] == plain_print[2] else "DIFFERENT"
        problems.append(
            f"dbs differ: outreach {ours_print[:2]} baseline {plain_print[:2]} (posts, snapshots), "
            f"content {same}"
        )
    return {
        "kind": kind,
        "rows": rows,
        "mb": csv_path.stat().st_size / 1e6,
        "ours": rows / min(r["seconds"] for r in ours),
        "plain": rows / min(r["seconds"] for r in plain),
        "cpu_ratio": min(r["cpu"] for r in plain) / min(r["cpu"] for r in ours),
        "rss": max(r["peak_mb"] for r in ours),
        "plain_rss": max(r["peak_mb"] for r in plain),
        "wait4": wait4_mb,
        "problems": problems,
    }


# --- import with tagging and sentiment (issue 13) ---------------------------------------------


def measure_analysis(csv_path: Path, rows: int) -> dict:
    """Peak RSS and time of the import alone and of the import with its analysis, each in a
    fresh child, on the same file."""
    folder = csv_path.parent
    alone_db, analysed_db = folder / "alone.db", folder / "analysed.db"
    migrated_db(alone_db)
    alone = run_child(folder / "alone.json", "outreach", str(csv_path), str(alone_db), "")[0]
    migrated_db(analysed_db)
    analysed = run_child(folder / "analysed.json", "analysed", str(csv_path), str(analysed_db))[0]
    problems = [
        f"{name}: {r['status']} {r['reason']}"
        for name, r in (("import alone", alone), ("import with analysis", analysed))
        if r["status"] != "imported"
    ]
    if analysed["peak_mb"] >= RSS_TARGET_MB:
        problems.append(f"peak RSS {analysed['peak_mb']:.1f} MB, target < {RSS_TARGET_MB} MB")
    return {"rows": rows, "alone": alone, "analysed": analysed, "problems": problems}


def report_analysis(result: dict) -> bool:
    """Print the section; True when a target was missed."""
    alone, analysed = result["alone"], result["analysed"]
    title = f"meta_content, {result['rows']:,} rows (issue 13)"
    print(f"\n{title:<52} {'seconds':>9} {'peak RSS MB':>12}")
    print(f"{'import alone':<52} {alone['seconds']:>9.1f} {alone['peak_mb']:>12.1f}")
    print(f"{'import, then tagging and sentiment':<52} {analysed['seconds']:>9.1f} {analysed['peak_mb']:>12.1f}"
          f"  ({analysed['tagged']:,} posts tagged, {analysed['scored']:,} texts scored, "
          f"{analysed['seconds'] - analysed['import_seconds']:.1f} s after the import)")  # fmt: skip
    for problem in result["problems"]:
        print(f"  MISSED: {problem}")
    print(f"target: peak RSS < {RSS_TARGET_MB} MB with tagging and sentiment")
    return bool(result["problems"])


# --- adversarial files (issue 13) -------------------------------------------------------------

GIB = 1 << 30
GOOD_NAME = "Oct-01-2026_Nov-15-2026_9.csv"
ADVERSARIAL_NAME = "Oct-01-2026_Nov-15-2026_1.csv"
X_ADVERSARIAL_NAME = "account_analytics_content_2026-09-01_2026-10-31.csv"
X_HEADER = (
    "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,"
    "Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks"
)


def meta_lines(rows: int, caption: str = "Ayo daftar #UMKM", start_id: int = 17900000000000001) -> bytes:
    """A Meta content export's header and ``rows`` rows, ready for a file."""
    lines = [",".join(meta_field(c) for c in META_HEADER)]
    for n in range(rows):
        cells = [
            str(start_id + n), META_ACCOUNT[0], META_ACCOUNT[1], META_ACCOUNT[2], caption, "0",
            "10/01/2026 18:30", f"https://www.instagram.com/p/A{n}/", "IG image", "", "Lifetime",
            "1000", "800", "50", "2", "", "4", "3",
        ]  # fmt: skip
        lines.append(",".join(meta_field(c) for c in cells))
    return b"\xef\xbb\xbf" + "".join(line + "\n" for line in lines).encode()


def write_repeated(stream, block: bytes, total: int) -> None:
    chunk = block * max(1, (1 << 22) // len(block))
    written = 0
    while written < total:
        part = chunk[: total - written]
        stream.write(part)
        written += len(part)


def adversarial_files(folder: Path) -> Iterator[tuple[str, Path, str]]:
    """(label, file, the outcome wanted) for each adversarial input, written into ``folder``
    one at a time (the caller deletes each before the next is written)."""
    header_row = meta_lines(0) + b'17900000000000002,1,sukamajukab,x,"'

    path = folder / "bomb.zip"  # a ~1 MB ZIP holding one 1 GiB cell
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(ADVERSARIAL_NAME, "w", force_zip64=True) as member,
    ):
        member.write(header_row)
        write_repeated(member, b"a", GIB)
    yield "ZIP holding a 1 GiB cell", path, "failed"

    path = folder / "long_line" / ADVERSARIAL_NAME  # a 1 GiB line on disk
    path.parent.mkdir()
    with open(path, "wb") as stream:
        stream.write(header_row)
        write_repeated(stream, b"a", GIB)
    yield "1 GiB line on disk", path, "failed"

    path = folder / "newline_bomb" / ADVERSARIAL_NAME  # header and a row, then 1 GiB of newlines
    path.parent.mkdir()
    with open(path, "wb") as stream:
        stream.write(meta_lines(1, start_id=17900000000000002))
        write_repeated(stream, b"\n", GIB)
    yield "1 GiB newline bomb", path, "failed"

    path = folder / "quote" / ADVERSARIAL_NAME  # a quote never closed, then 1 GiB of short lines
    path.parent.mkdir()
    with open(path, "wb") as stream:
        stream.write(header_row)
        write_repeated(stream, b"baris yang tidak pernah ditutup\n", GIB)
    yield "quote never closed, 1 GiB after it", path, "failed"

    path = folder / "caption_10mb" / ADVERSARIAL_NAME  # one 10 MB caption on one line
    path.parent.mkdir()
    path.write_bytes(meta_lines(1, caption="Sukamaju 🌳 " * 800_000, start_id=17900000000000002))
    yield "10 MB caption", path, "failed"

    path = folder / "comments.csv"  # three 10 MB comments (the 7.1 GB case)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("platform,post_id,comment_id,created_at,author,text\n")
        text = "Pelayanan lambat 😡 " * 500_000
        stream.writelines(f'instagram,17900000000000001,c-{n},,warga,"{text}"\n' for n in range(3))
    yield "three 10 MB comments", path, "failed"

    path = folder / "columns" / ADVERSARIAL_NAME  # a header with 1M columns
    path.parent.mkdir()
    header = ",".join(meta_field(c) for c in META_HEADER) + "".join(f",Extra {n}" for n in range(1_000_000))
    path.write_bytes(b"\xef\xbb\xbf" + header.encode() + b"\n")
    yield "1M-column header", path, "failed"

    path = folder / "long_captions" / ADVERSARIAL_NAME  # 20,000 posts, emoji captions of 20,400 characters
    path.parent.mkdir()
    path.write_bytes(meta_lines(20_000, caption="🌳 Sukamaju hijau " * 1_200, start_id=17800000000000001))
    yield "20,000 captions of 20,400 characters", path, "imported"

    path = folder / "x_long" / X_ADVERSARIAL_NAME  # 10,000 X posts with 25,000-character texts
    path.parent.mkdir()
    base = 2107033435285991885
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(X_HEADER)
        text = "Layanan 🚌 " * 2_500
        for n in range(10_000):
            post_id = base + (n << 22)
            stream.write(
                f'\n{post_id},"Mon, Oct 5, 2026",{text},https://x.com/sukamajukab/status/{post_id},'
                "463,14,39,4,0,0,3,1,4,17,0,0,0"
            )
    yield "10,000 X texts of 25,000 characters", path, "imported"

    path = folder / "comments_long.csv"  # 20,000 comments of 10,000 characters on the good file's post
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("platform,post_id,comment_id,created_at,author,text\n")
        text = "Pelayanan lambat 😡 " * 500
        stream.writelines(f"instagram,17900000000000001,c-{n},,warga,{text}\n" for n in range(20_000))
    yield "20,000 comments of 10,000 characters", path, "imported"


def measure_adversarial(tmp: Path) -> list[dict]:
    folder = tmp / "adversarial"
    folder.mkdir()
    good = folder / GOOD_NAME
    good.write_bytes(meta_lines(3))
    results = []
    for label, path, wanted in adversarial_files(folder):
        db = folder / "outreach.db"
        migrated_db(db)
        result, _ = run_child(
            folder / "result.json", "adversarial", str(db), json.dumps([str(path), str(good)])
        )
        outcomes = {f["file"]: f for f in result["files"]}
        bad = next(f for f in result["files"] if f["file"] != GOOD_NAME)
        problems = []
        if outcomes.get(GOOD_NAME, {}).get("status") != "imported":
            problems.append("the good file beside it did not import")
        if bad["status"] != wanted:
            problems.append(f"{bad['status']} instead of {wanted}")
        results.append(
            {
                "label": label,
                "mb": path.stat().st_size / 1e6,
                "seconds": result["seconds"],
                "rss": result["peak_mb"],
                "what": bad["reason"] or "; ".join(bad["notices"]) or bad["status"],
                "problems": problems,
            }
        )
        print(f"  measured adversarial: {label}", file=sys.stderr)
        if path.parent == folder:
            path.unlink()
        else:
            for stale in path.parent.iterdir():
                stale.unlink()
            path.parent.rmdir()
    return results


def report_adversarial(results: list[dict]) -> bool:
    """Print the adversarial table; True when a target is missed."""
    print(f"\n{'adversarial file (beside a good export)':<38} {'file MB':>8} {'seconds':>8} {'peak RSS MB':>12}  "
          "outcome")  # fmt: skip
    failed = False
    for r in results:
        miss = list(r["problems"])
        if r["rss"] >= RSS_TARGET_MB:
            miss.append("memory")
        failed = failed or bool(miss)
        what = r["what"] if len(r["what"]) <= 120 else r["what"][:119] + "…"
        print(f"{r['label']:<38} {r['mb']:>8,.1f} {r['seconds']:>8.2f} {r['rss']:>12.1f}  {what}"
              f"{'  MISSED: ' + ', '.join(miss) if miss else ''}")  # fmt: skip
    print(f"targets: peak RSS < {RSS_TARGET_MB} MB for every file; each bad file refused (or its text cut "
          "with a note) and the good file beside it imported; seconds include hashing the file")  # fmt: skip
    return failed


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        if sys.argv[2] == "outreach":
            outreach_child(*sys.argv[3:])
        elif sys.argv[2] == "adversarial":
            adversarial_child(*sys.argv[3:])
        elif sys.argv[2] == "analysed":
            analysed_child(*sys.argv[3:])
        else:
            baseline_child(*sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=200_000, help="rows per file at full size (default 200000)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per side and size; the best is kept (default 1)"
    )
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="write a cProfile of each outreach import to DIR/<kind>-<rows>.prof "
                             "(profiling slows outreach: ignore the ratios of such a run)")  # fmt: skip
    parser.add_argument("--adversarial-only", action="store_true",
                        help="run only the adversarial files (issue 13), not the throughput comparison")  # fmt: skip
    parser.add_argument("--analysis-only", action="store_true",
                        help="run only the import with tagging and sentiment beside the import alone")  # fmt: skip
    args = parser.parse_args()
    if args.rows < 4 or args.repeat < 1:
        parser.error("--rows must be at least 4 and --repeat at least 1")
    if args.analysis_only:
        with tempfile.TemporaryDirectory(prefix="outreach-import-bench-") as tmp:
            csv_path = Path(tmp) / META_NAME
            write_meta(csv_path, args.rows)
            failed = report_analysis(measure_analysis(csv_path, args.rows))
        sys.exit(1 if failed else 0)
    if args.adversarial_only:
        with tempfile.TemporaryDirectory(prefix="outreach-import-bench-") as tmp:
            failed = report_adversarial(measure_adversarial(Path(tmp)))
        sys.exit(1 if failed else 0)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    sizes = [args.rows // 4, args.rows]
    results = []
    with tempfile.TemporaryDirectory(prefix="outreach-import-bench-") as tmp:
        for kind in ("meta_content", "x_content"):
            for rows in sizes:
                results.append(measure(kind, rows, Path(tmp), args.repeat, args.profile))
                r = results[-1]
                print(f"  measured {kind} {rows:,} rows ({r['mb']:.1f} MB file)", file=sys.stderr)
        analysis = measure_analysis(Path(tmp) / f"meta_content-{args.rows}" / META_NAME, args.rows)
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}; best of {args.repeat} run(s) per side")  # fmt: skip
    print(f"{'kind':<13} {'rows':>9} {'outreach rows/s':>16} {'baseline rows/s':>16} {'ratio':>6} "
          f"{'CPU ratio':>10} {'peak RSS MB':>12} {'baseline RSS':>13}")  # fmt: skip
    failed = False
    for r in results:
        ratio = r["ours"] / r["plain"]
        miss = []
        if ratio < RATIO_TARGET:
            miss.append("ratio")
        if r["rss"] >= RSS_TARGET_MB:
            miss.append("memory")
        failed = failed or bool(miss) or bool(r["problems"])
        print(f"{r['kind']:<13} {r['rows']:>9,} {r['ours']:>16,.0f} {r['plain']:>16,.0f} {ratio:>6.2f} "
              f"{r['cpu_ratio']:>10.2f} {r['rss']:>12.1f} {r['plain_rss']:>13.1f}"
              f"{'  MISSED: ' + ', '.join(miss) if miss else ''}")  # fmt: skip
        for problem in r["problems"]:
            print(f"  {r['kind']} {r['rows']:,}: {problem}")
    print(
        "ratio: wall-clock rows/s, outreach / baseline; CPU ratio: the same from CPU seconds "
        "(process_time), which other processes on the machine disturb much less"
    )
    print(f"targets: ratio >= {RATIO_TARGET:.2f}; outreach peak RSS < {RSS_TARGET_MB} MB at every size and "
          f"flat (at most {FLAT_MB:.0f} MB more for 4x the rows)")  # fmt: skip
    for kind in ("meta_content", "x_content"):
        quarter, full = (r for r in results if r["kind"] == kind)
        growth = full["rss"] - quarter["rss"]
        line = (f"{kind}: outreach peak RSS {quarter['rss']:.1f} MB at {quarter['rows']:,} rows -> "
                f"{full['rss']:.1f} MB at {full['rows']:,} rows ({growth:+.1f} MB)")  # fmt: skip
        if growth > FLAT_MB:
            failed = True
            per_row = growth / (full["rows"] - quarter["rows"])
            reach = full["rows"] + (RSS_TARGET_MB - full["rss"]) / per_row
            line += (f"  MISSED: grows {per_row * 100_000:.0f} MB per 100,000 rows, "
                     f"{RSS_TARGET_MB} MB at about {reach:,.0f} rows")  # fmt: skip
        print(line)
    per_size = ", ".join(f"{r['wait4']:.1f}" for r in results)
    print(
        f"cross-check, ru_maxrss of the outreach children from wait4 (on Linux it includes this process's "
        f"peak, which execve carries over): {per_size} MB; "
        f"getrusage(RUSAGE_CHILDREN) {children_peak:.1f} MB"
    )
    if args.profile:
        print(
            f"profiles: {', '.join(sorted(p.name for p in args.profile.glob('*.prof')))} in {args.profile} "
            "(python -m pstats FILE, then: sort cumulative / stats 30)"
        )
    failed = report_analysis(analysis) or failed
    with tempfile.TemporaryDirectory(prefix="outreach-import-bench-") as tmp:
        failed = report_adversarial(measure_adversarial(Path(tmp))) or failed
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""`outreach import` end to end: real files into a real SQLite database."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.helpers import run_cli

HEADER = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
    '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n'
)


def meta_export(path: Path, rows: list[str]) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "".join(r + "\n" for r in rows)).encode())
    return path


ROW_A1 = (
    '17900000000000001,17841400000000001,sukamajukab,"Diskominfo Sukamaju","Ayo daftar #UMKM",0,'
    '"10/01/2026 18:30",https://www.instagram.com/p/AAA1/,"IG image",,Lifetime,1000,800,50,2,,4,3'
)
ROW_A2 = (
    '17900000000000001,17841400000000001,sukamajukab,"Diskominfo Sukamaju","Ayo daftar #UMKM",0,'
    '"10/01/2026 18:30",https://www.instagram.com/p/AAA1/,"IG image",,Lifetime,1500,1100,70,3,1,6,5'
)
ROW_B = (
    '17900000000000002,17841400000000001,sukamajukab,"Diskominfo Sukamaju","Tanam pohon bersama",15,'
    '"11/10/2026 07:05",https://www.instagram.com/reel/BBB2/,"IG reel",,Lifetime,5000,,300,40,,12,20'
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    assert run_cli("init", "--no-config", cwd=tmp_path).code == 0
    return tmp_path


def counts(workdir: Path) -> dict[str, int]:
    with sqlite3.connect(workdir / "outreach.db") as db:
        return {
            t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in (
                "post",
                "metric_snapshot",
                "account_snapshot",
                "audience_share",
                "comment",
                "imported_file",
            )
        }


def posts(workdir: Path) -> list[dict]:
    result = run_cli("posts", "--format", "json", cwd=workdir)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_stored_numbers_equal_the_file(workdir):
    export = meta_export(workdir / "Oct-01-2026_Nov-15-2026_1.csv", [ROW_A1, ROW_B])
    result = run_cli("--lang", "en", "import", str(export), cwd=workdir)
    assert result.code == 0, result.err
    assert "Imported 1 file(s), skipped 0, failed 0." in result.out
    by_id = {p["post_id"]: p for p in posts(workdir)}
    assert by_id["17900000000000001"] == {
        "platform": "instagram",
        "account": "sukamajukab",
        "post_id": "17900000000000001",
        # 18:30 Pacific daylight time on 1 October is 01:30 UTC on 2 October.
        "published_at": "2026-10-02T01:30:00Z",
        "type": "image",
        "views": 1000,
        "reach": 800,
        "likes": 50,
        "comments": 4,
        "shares": 2,
        "saves": 3,
        "reposts": None,
        "replies": None,
        "bookmarks": None,
    }
    # Blank Reach stays unknown; 07:05 Pacific standard time is 15:05 UTC.
    assert by_id["17900000000000002"]["reach"] is None
    assert by_id["17900000000000002"]["published_at"] == "2026-11-10T15:05:00Z"


def test_reimport_changes_nothing_and_newer_export_adds_a_snapshot(workdir):
    first = meta_export(workdir / "Oct-01-2026_Oct-15-2026_1.csv", [ROW_A1])
    assert run_cli("--lang", "en", "import", str(first), cwd=workdir).code == 0
    before = counts(workdir)
    again = run_cli("--lang", "en", "import", str(first), cwd=workdir)
    assert again.code == 0
    assert "skipped   Oct-01-2026_Oct-15-2026_1.csv: already imported on" in again.out
    assert counts(workdir) == before
    # An overlapping, newer export: the same post again plus a new one.
    second = meta_export(workdir / "Oct-01-2026_Nov-15-2026_2.csv", [ROW_A2, ROW_B])
    result = run_cli("--lang", "en", "import", str(second), "--json", cwd=workdir)
    summary = json.loads(result.out)
    assert (summary["posts_new"], summary["posts_updated"], summary["snapshots_new"]) == (1, 1, 2)
    after = counts(workdir)
    assert (after["post"], after["metric_snapshot"]) == (2, 3)
    latest = {p["post_id"]: p for p in posts(workdir)}["17900000000000001"]
    assert (latest["views"], latest["reach"]) == (1500, 1100)


BAD_FILES = [
    (
        "instagram/bad/unknown_column.csv",
        (
            "unknown_column.csv, row 1: unknown column(s) 'Reposts'; expected the columns of a known export; if the "
            "platform added a column, re-run with --ignore-unknown-columns to import the rest and skip it"
        ),
    ),
    (
        "instagram/bad/truncated.csv",
        (
            "truncated.csv, row 3: broken CSV (unexpected end of data); expected a complete CSV file as the platform "
            "exported it (re-download it)"
        ),
    ),
    ("x/bad/tweet_activity_latin1.csv", None),
    (
        "instagram/bad/empty.csv",
        "empty.csv: the file is empty; expected an export file as downloaded from the platform",
    ),
    (
        "x/bad/nothing_known.zip",
        (
            "nothing_known.zip: the ZIP holds no export file outreach understands (expected the ZIP as downloaded "
            "from Instagram, TikTok or X)"
        ),
    ),
]


@pytest.mark.parametrize("name, message", BAD_FILES)
def test_bad_file_is_one_line_and_changes_nothing(workdir, name, message):
    good = meta_export(workdir / "Oct-01-2026_Oct-15-2026_1.csv", [ROW_A1])
    assert run_cli("--lang", "en", "import", str(good), cwd=workdir).code == 0
    before = counts(workdir)
    result = run_cli("--lang", "en", "import", str(FIXTURES / name), cwd=workdir)
    assert result.code == 1
    errors = result.err.splitlines()
    assert len(errors) == 1 and errors[0].startswith("Error: ")
    if message:
        assert errors[0] == f"Error: {message}"
    else:
        assert "the text is not valid UTF-8 or UTF-16" in errors[0]
    assert counts(workdir) == before


def test_one_bad_file_does_not_stop_the_others(workdir):
    folder = workdir / "downloads"
    folder.mkdir()
    meta_export(folder / "Oct-01-2026_Nov-15-2026_2.csv", [ROW_A2, ROW_B])
    shutil.copy(FIXTURES / "instagram/bad/truncated.csv", folder / "truncated.csv")
    result = run_cli("--lang", "en", "import", str(folder), cwd=workdir)
    assert result.code == 1
    assert "Imported 1 file(s), skipped 0, failed 1." in result.out
    assert counts(workdir)["post"] == 2


@pytest.mark.parametrize("folder", ["instagram", "tiktok", "x"])
def test_every_fixture_kind_imports(workdir, folder):
    """All good fixtures of a platform import (bad/ excluded); account-less files get --account."""
    source = workdir / folder
    shutil.copytree(FIXTURES / folder, source, ignore=shutil.ignore_patterns("bad", "make_fixtures.py"))
    result = run_cli("--lang", "en", "import", str(source), "--account", "sukamajukab", cwd=workdir)
    assert result.code == 0, result.err
    assert "failed 0" in result.out
    stored = counts(workdir)
    assert stored["post"] > 0


def test_tiktok_and_x_values_in_the_database(workdir):
    result = run_cli(
        "--lang",
        "en",
        "import",
        str(FIXTURES / "x/en"),
        str(FIXTURES / "tiktok/Content_sukamajukab.zip"),
        "--account",
        "sukamajukab",
        cwd=workdir,
    )
    assert result.code == 0, result.err
    stored = {(p["platform"], p["post_id"]): p for p in posts(workdir)}
    x_post = stored[("x", "2106889654241390605")]
    assert x_post["views"] == 463 and x_post["bookmarks"] == 4 and x_post["likes"] == 14
    # The time of day comes from the snowflake id; the Date column only has the UTC day.
    assert x_post["published_at"].startswith("2026-10-04T")
    assert all(isinstance(pid, str) for _, pid in stored)
    assert any(platform == "tiktok" for platform, _ in stored)


def test_posts_csv_leaves_unknown_blank(workdir):
    meta_export(workdir / "Oct-01-2026_Nov-15-2026_2.csv", [ROW_B])
    run_cli("--lang", "en", "import", str(workdir / "Oct-01-2026_Nov-15-2026_2.csv"), cwd=workdir)
    result = run_cli("posts", "--format", "csv", "--platform", "instagram", cwd=workdir)
    assert result.out.splitlines() == [
        "platform,account,post_id,published_at,type,views,reach,likes,comments,shares,saves,reposts,replies,bookmarks",
        "instagram,sukamajukab,17900000000000002,2026-11-10T15:05:00Z,reel,5000,,300,12,40,20,,,",
    ]


def test_posts_since_is_a_local_date(workdir):
    meta_export(workdir / "a.csv", [ROW_A1, ROW_B])
    run_cli("--lang", "en", "import", str(workdir / "a.csv"), cwd=workdir)
    recent = run_cli("posts", "--since", "2026-11-01", "--format", "json", cwd=workdir)
    assert [p["post_id"] for p in json.loads(recent.out)] == ["17900000000000002"]
    bad = run_cli("posts", "--since", "last week", cwd=workdir)
    assert bad.code == 1
    assert bad.err == "Error: --since 'last week' is not a date; use YYYY-MM-DD, e.g. 2026-10-01\n"


def test_comments_import_after_the_posts_they_name(workdir):
    """A Downloads folder sorts comments.csv before the exports; the import still works."""
    folder = workdir / "downloads"
    (folder / "zz-instagram").mkdir(parents=True)
    meta_export(folder / "zz-instagram" / "Oct-01-2026_Nov-15-2026_1.csv", [ROW_A1])
    (folder / "a-comments.csv").write_text(
        "platform,post_id,comment_id,created_at,author,text\n"
        "instagram,17900000000000001,c1,2026-10-02T03:00:00Z,warga1,mantul min\n",
        encoding="utf-8",
    )
    result = run_cli("--lang", "en", "import", str(folder), cwd=workdir)
    assert result.code == 0, result.err
    assert counts(workdir)["comment"] == 1


def test_account_files_take_the_account_from_their_folder(workdir):
    """Meta's Views.csv does not name its account; with two accounts configured, the
    folder it is kept in does (and without either the error says both ways)."""
    (workdir / "outreach.toml").write_text(
        '[[accounts]]\nplatform = "instagram"\nhandle = "sukamajukab"\n'
        '[[accounts]]\nplatform = "instagram"\nhandle = "dlh.sukamaju"\n',
        encoding="utf-8",
    )
    loose = workdir / "Views.csv"
    shutil.copy(FIXTURES / "instagram" / "Views.csv", loose)
    result = run_cli("--lang", "en", "import", str(loose), cwd=workdir)
    assert result.code == 1
    assert "or the file kept in a folder named after the account" in result.err
    (workdir / "exports" / "DLH.Sukamaju").mkdir(parents=True)
    shutil.move(loose, workdir / "exports" / "DLH.Sukamaju" / "Views.csv")
    result = run_cli("--lang", "en", "import", str(workdir / "exports"), cwd=workdir)
    assert result.code == 0, result.err
    with sqlite3.connect(workdir / "outreach.db") as db:
        handles = db.execute(
            "SELECT DISTINCT a.handle FROM account_snapshot s JOIN account a ON a.id = s.account_id"
        ).fetchall()
    assert handles == [("dlh.sukamaju",)]


def test_semicolon_comment_file_from_excel(workdir):
    export = meta_export(workdir / "Oct-01-2026_Nov-15-2026_1.csv", [ROW_A1])
    comments = workdir / "komentar.csv"
    comments.write_bytes(
        "\ufeffplatform;post_id;comment_id;created_at;author;text;likes\r\n"
        "instagram;17900000000000001;c1;2026-10-02T03:00:00Z;warga1;mantul min, lanjutkan;1.234\r\n".encode()
    )
    result = run_cli("--lang", "en", "import", str(export), str(comments), cwd=workdir)
    assert result.code == 0, result.err
    with sqlite3.connect(workdir / "outreach.db") as db:
        assert db.execute("SELECT text, like_count FROM comment").fetchall() == [
            ("mantul min, lanjutkan", 1234)
        ]


def test_comment_on_an_unknown_post_names_file_row_and_column(workdir):
    comments = workdir / "comments.csv"
    comments.write_text(
        "platform,post_id,comment_id,created_at,author,text\n"
        "instagram,17900000000000001,c1,2026-10-02T03:00:00Z,warga1,mantul min\n"
        "instagram,999,c2,2026-10-02T03:00:00Z,warga2,kapan dibuka?\n",
        encoding="utf-8",
    )
    before = counts(workdir)
    result = run_cli("--lang", "en", "import", str(comments), cwd=workdir)
    assert result.code == 1
    assert result.err.strip().splitlines()[-1] == (
        "Error: comments.csv: row 2, column post_id: a comment names post instagram:17900000000000001, "
        "which is not stored; expected the id of an imported post (import the export that lists the post first)"
    )
    assert counts(workdir) == {**before}  # nothing from the file was stored


def test_csv_output_neutralises_spreadsheet_formulas():
    """A caption or handle starting with = + - @ tab or CR is written with a leading quote
    (OWASP's rule for CSV injection), so Excel shows it as text; the stored text is unchanged."""
    import csv
    import io
    import sys

    from outreach.cli.common import emit_csv

    rows = [
        {"caption": value, "n": 3}
        for value in ('=HYPERLINK("http://x")', "+62 812", "-5", "@admin", "\tx", "ok")
    ]
    captured = io.StringIO()
    stdout, sys.stdout = sys.stdout, captured
    try:
        emit_csv(["caption", "n"], rows)
    finally:
        sys.stdout = stdout
    cells = [row[0] for row in csv.reader(io.StringIO(captured.getvalue()))][1:]
    assert cells == ['\'=HYPERLINK("http://x")', "'+62 812", "'-5", "'@admin", "'\tx", "ok"]
    assert rows[0]["caption"] == '=HYPERLINK("http://x")'

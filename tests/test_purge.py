"""`outreach purge`: one person's comments go, stay out of later imports, and the handle is never kept.

The CLI runs as a user runs it, on a SQLite file and (with OUTREACH_TEST_PG_URL) on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from collectors.records import AccountRef, CommentRecord, PostRecord
from outreach.db import _alembic_config, create_db_engine, current_revision, head_revision, upgrade
from outreach.models import Comment, Post, PurgedAuthor
from outreach.store import Store
from tests.helpers import Result, run_cli

OFFICE = AccountRef("instagram", "sukamajukab")
INSTAGRAM_POST = PostRecord("instagram", "17900000000000001", OFFICE, datetime(2026, 10, 1, 2), "image")
TIKTOK_POST = PostRecord(
    "tiktok", "7430000000000000001", AccountRef("tiktok", "sukamajukab"), datetime(2026, 10, 1, 3), "video"
)
HEADER = "platform,post_id,comment_id,created_at,author,text\n"
ROWS = [
    "instagram,17900000000000001,c1,2026-10-02T03:00:00Z,@Warga_Satu,Jalan di RT 03 rusak parah\n",
    "instagram,17900000000000001,c2,2026-10-02T04:00:00Z,warga_satu,Terima kasih sudah diperbaiki pak\n",
    "instagram,17900000000000001,c3,2026-10-02T05:00:00Z,warga_dua,Mantap min!\n",
    "instagram,17900000000000001,c4,2026-10-02T06:00:00Z,,Kapan dibuka?\n",
    # The same handle on another platform is another account: not purged with the Instagram one.
    "tiktok,7430000000000000001,c5,2026-10-02T07:00:00Z,warga_satu,Keren videonya\n",
]
PURGED_TEXTS = ("Jalan di RT 03 rusak parah", "Terima kasih sudah diperbaiki pak")


@dataclass
class Database:
    url: str
    engine: Engine
    cwd: Path

    def cli(self, *args: str) -> Result:
        return run_cli("--db", self.url, "--lang", "en", *args, cwd=self.cwd)

    def comment_ids(self) -> list[str]:
        with self.engine.connect() as connection:
            return sorted(connection.execute(select(Comment.platform_comment_id)).scalars())

    def purged(self) -> list[tuple[str, str]]:
        with self.engine.connect() as connection:
            return connection.execute(select(PurgedAuthor.author_key, PurgedAuthor.platform)).all()


def comments_file(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


@pytest.fixture
def database(db_url: str, tmp_path: Path) -> Iterator[Database]:
    """Two posts and five comments imported from the comments template; c2 corrected by an officer."""
    db = Database(db_url, create_db_engine(db_url), tmp_path)
    assert db.cli("init", "--no-config").code == 0
    with db.engine.begin() as connection:
        Store(connection).write([INSTAGRAM_POST, TIKTOK_POST])
    imported = db.cli("import", "--no-sentiment", str(comments_file(tmp_path / "comments.csv", ROWS)))
    assert imported.code == 0, imported.err
    with db.engine.begin() as connection:
        connection.execute(
            update(Comment).where(Comment.platform_comment_id == "c2").values(corrected_label="positive")
        )
    yield db
    db.engine.dispose()


def test_dry_run_counts_and_deletes_nothing(database):
    result = database.cli("purge", "--platform", "instagram", "--author", "warga_satu")
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out == (
        "Would delete 2 comments by this instagram commenter, "
        "1 of them with an officer's sentiment correction.\n"
        "Nothing was deleted. To delete them and make future imports skip this commenter, "
        "re-run the same command with --yes.\n"
    )
    assert database.comment_ids() == ["c1", "c2", "c3", "c4", "c5"]
    assert database.purged() == []


def test_yes_deletes_exactly_that_persons_comments(database):
    with database.engine.connect() as connection:
        first = select(Comment.author_key).where(Comment.platform_comment_id == "c1")
        key = connection.execute(first).scalar_one()
        posts = connection.execute(select(func.count()).select_from(Post)).scalar_one()
    # '@' and capitals as the person may write their handle; the store strips and casefolds.
    result = database.cli("purge", "--platform", "instagram", "--author", "@WARGA_SATU", "--yes")
    assert result.code == 0, result.err
    assert result.out == (
        "Deleted 2 comments by this instagram commenter, 1 of them with an officer's sentiment correction.\n"
        "Future imports skip this commenter's comments and mask mentions of them (only a keyed hash of the "
        "handle is kept).\n"
    )
    assert database.comment_ids() == ["c3", "c4", "c5"]
    assert database.purged() == [(key, "instagram")]
    with database.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Post)).scalar_one() == posts
    again = database.cli("purge", "--platform", "instagram", "--author", "warga_satu", "--json")
    report = json.loads(again.out)
    assert (report["comments"], report["deleted"], report["dry_run"]) == (0, 0, True)
    assert report["purged_at"] is not None


def test_reimport_keeps_purged_comments_out(database):
    assert database.cli("purge", "--platform", "instagram", "--author", "warga_satu", "--yes").code == 0
    same = database.cli("import", "--no-sentiment", str(database.cwd / "comments.csv"))
    assert same.code == 0, same.err
    assert database.comment_ids() == ["c3", "c4", "c5"]
    # A newer file with the same comments, one more by the purged person and one by someone else.
    newer = comments_file(
        database.cwd / "comments-newer.csv",
        [*ROWS, "instagram,17900000000000001,c6,2026-10-03T01:00:00Z,WARGA_SATU,Sudah bagus sekarang\n",
         "instagram,17900000000000001,c7,2026-10-03T02:00:00Z,warga_tiga,Setuju\n"],
    )  # fmt: skip
    result = database.cli("import", "--no-sentiment", str(newer))
    assert result.code == 0, result.err
    assert "comments: 4 (3 skipped: authors purged)" in result.out
    assert database.comment_ids() == ["c3", "c4", "c5", "c7"]


def test_unknown_handle_is_said_and_can_be_purged_ahead(database):
    dry = database.cli("purge", "--platform", "instagram", "--author", "warga_baru")
    assert dry.code == 0, dry.err
    assert dry.out == (
        "No comments by that instagram handle are stored.\n"
        "Nothing was deleted. To make future imports skip this commenter, "
        "re-run the same command with --yes.\n"
    )
    result = database.cli("purge", "--platform", "instagram", "--author", "warga_baru", "--yes", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report == {
        "platform": "instagram", "comments": 0, "corrected": 0, "purged_at": report["purged_at"],
        "deleted": 0, "mentions_masked": 0, "dry_run": False,
    }  # fmt: skip
    assert datetime.fromisoformat(report["purged_at"].removesuffix("Z"))
    assert database.comment_ids() == ["c1", "c2", "c3", "c4", "c5"]
    assert len(database.purged()) == 1
    later = comments_file(
        database.cwd / "later.csv",
        ["instagram,17900000000000001,c8,2026-10-04T01:00:00Z,warga_baru,Halo min\n"],
    )
    assert database.cli("import", "--no-sentiment", str(later)).code == 0
    assert database.comment_ids() == ["c1", "c2", "c3", "c4", "c5"]
    shown = database.cli("purge", "--platform", "instagram", "--author", "warga_baru")
    assert shown.out.splitlines()[1].startswith("This commenter was purged on ")
    assert shown.out.splitlines()[1].endswith("; imports already skip them.")


def test_handle_is_never_stored_or_printed(database):
    outputs = [
        database.cli("purge", "--platform", "instagram", "--author", "@Warga_Satu", *flags)
        for flags in ([], ["--json"], ["--yes"], ["--yes", "--json"])
    ]
    for result in outputs:
        assert result.code == 0, result.err
        assert "warga_satu" not in (result.out + result.err).casefold()
    with database.engine.connect() as connection:
        dump = " ".join(
            str(value)
            for table in SQLModel.metadata.sorted_tables
            for row in connection.execute(select(table))
            for value in row
        )
    assert "warga_satu" not in dump.casefold()
    assert "warga_dua" not in dump.casefold()  # nobody's handle is stored, purged or not
    if make_url(database.url).get_backend_name() == "sqlite":
        # Nor is the purged text left in the file's free space or in an older page in the WAL.
        path = Path(make_url(database.url).database)
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        assert b"Mantap min!" in raw  # the check can see text that is still stored
        for gone in (*PURGED_TEXTS, "warga_satu", "Warga_Satu"):
            assert gone.encode() not in raw


@pytest.mark.parametrize("author", ["", "@", "  @ "])
def test_empty_author_is_one_line(tmp_path, author):
    result = run_cli("purge", "--platform", "instagram", "--author", author, "--yes", cwd=tmp_path)
    assert result.code == 1
    assert result.err == "Error: --author needs the person's handle, e.g. --author @warga_satu\n"
    assert not (tmp_path / "outreach.db").exists()


def test_help_has_an_example():
    result = run_cli("purge", "-h")
    assert result.code == 0
    assert "Example:\n    outreach purge --platform instagram --author @warga_satu\n" in result.out


def _comments(*authors: str | None) -> list[CommentRecord]:
    return [
        CommentRecord("instagram", "17900000000000001", f"k{i}", f"komentar {i}", author_handle=author)
        for i, author in enumerate(authors)
    ]


def test_purge_is_one_transaction(engine):
    with engine.begin() as connection:
        Store(connection).write([INSTAGRAM_POST, *_comments("warga_satu", "warga_satu", "warga_dua")])
    with pytest.raises(RuntimeError), engine.begin() as connection:
        store = Store(connection)
        assert store.purge_author("instagram", store.pseudonym("instagram", "warga_satu")) == 2
        raise RuntimeError("simulated failure before the commit")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Comment)).scalar_one() == 3
        assert connection.execute(select(func.count()).select_from(PurgedAuthor)).scalar_one() == 0


def test_purged_keys_are_read_once_per_store(engine):
    """The filter is one query per Store, not one per comment or per batch."""
    with engine.begin() as connection:
        store = Store(connection)
        store.write([INSTAGRAM_POST])
        store.purge_author("instagram", store.pseudonym("instagram", "warga_satu"))
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with engine.begin() as connection:
        counts = Store(connection).write(
            [INSTAGRAM_POST, *_comments(*(["warga_satu", "warga_dua", None] * 20))], batch_size=10
        )
    assert (counts.comments, counts.comments_skipped) == (40, 20)
    assert sum("purged_author" in s for s in statements) == 1


def test_migration_0004_upgrades_and_downgrades_keeping_data(db_url):
    from alembic import command

    engine = create_db_engine(db_url)
    upgrade(engine, "0003")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO account (platform, handle) VALUES ('instagram', 'sukamajukab')"))
    upgrade(engine, "0004")
    assert current_revision(engine) == "0004"
    assert "purged_author" in inspect(engine).get_table_names()
    with engine.begin() as connection:
        store = Store(connection)
        store.purge_author("instagram", store.pseudonym("instagram", "warga_satu"))
    command.downgrade(_alembic_config(engine), "0003")
    assert current_revision(engine) == "0003"
    assert "purged_author" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT handle FROM account")).scalar_one() == "sukamajukab"
        assert connection.execute(select(func.count()).select_from(PurgedAuthor)).scalar_one() == 0
    engine.dispose()


def test_purge_masks_the_handle_in_other_peoples_replies_now_and_in_later_imports(database):
    rows = [
        "instagram,17900000000000001,r1,2026-10-02T08:00:00Z,sukamajukab,@warga_satu sudah kami teruskan ke dinas\n",
        "instagram,17900000000000001,r2,2026-10-02T09:00:00Z,warga_dua,Betul kata @Warga_Satu. @warga_satuan beda\n",
    ]
    assert (
        database.cli("import", "--no-sentiment", str(comments_file(database.cwd / "replies.csv", rows))).code
        == 0
    )
    result = database.cli("purge", "--platform", "instagram", "--author", "warga_satu", "--yes")
    assert "Masked the handle in 2 other comment(s) and caption(s)" in result.out
    later = [
        "instagram,17900000000000001,r3,2026-10-03T08:00:00Z,sukamajukab,Terima kasih @WARGA_SATU atas laporannya\n",
    ]
    assert (
        database.cli("import", "--no-sentiment", str(comments_file(database.cwd / "later.csv", later))).code
        == 0
    )
    with database.engine.connect() as connection:
        texts = dict(connection.execute(select(Comment.platform_comment_id, Comment.text)).all())
    assert texts["r1"] == "@… sudah kami teruskan ke dinas"
    assert texts["r2"] == "Betul kata @…. @warga_satuan beda"  # another person's handle stays
    assert texts["r3"] == "Terima kasih @… atas laporannya"
    if database.url.startswith("sqlite:///"):  # secure_delete: not even in the file's free pages
        with open(database.url.removeprefix("sqlite:///"), "rb") as db_file:
            assert b"@warga_satu " not in db_file.read().lower()

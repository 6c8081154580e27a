"""Import runs as the operator sees them: every run row gets an outcome, writers take turns,
and a file whose content breaks a reader fails alone."""

from __future__ import annotations

import threading
import time
import zipfile
from pathlib import Path

from sqlalchemy import select

from outreach.app.imports import import_paths
from outreach.config import Config
from outreach.db import create_db_engine, upgrade, writer_lock
from outreach.models import CollectionRun
from outreach.store import Store

GOOD = (
    "platform,post_id,comment_id,created_at,author,text\n"
    "instagram,17900000000000001,c1,2026-10-02T01:00:00Z,warga_satu,Mantap\n"
)


def _engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = create_db_engine(f"sqlite:///{tmp_path / 'outreach.db'}")
    upgrade(engine)
    return engine


def _runs(engine) -> list[tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    table = CollectionRun.__table__  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return [(r.outcome, r.error) for r in connection.execute(select(table).order_by(table.c.id))]


def test_a_run_left_unfinished_by_a_killed_process_is_closed_as_interrupted(tmp_path):
    engine = _engine(tmp_path)
    with engine.begin() as connection:
        Store(connection).start_run("import", "/srv/inbox")  # the process died here
    (tmp_path / "empty").mkdir()
    import_paths(engine, [tmp_path / "empty"], Config())
    (first, why), (second, _) = _runs(engine)
    assert first == "interrupted" and "stopped before the run finished" in (why or "")
    assert second is not None


def test_a_damaged_zip_member_fails_alone_and_the_run_is_finished(tmp_path):
    engine = _engine(tmp_path)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Overview.csv", "Date,Video Views\n" + "January 1,1\n" * 200)
    data = bytearray(archive.read_bytes())
    start = data.index(b"PK\x03\x04") + 30 + len("Overview.csv")
    data[start + 10 : start + 20] = b"\x00" * 10  # corrupt the compressed bytes: a CRC error
    archive.write_bytes(bytes(data))
    summary = import_paths(engine, [archive], Config())
    assert summary.count("failed") == 1
    reason = summary.failed[0].reason or ""
    assert reason.startswith(("Overview.csv", "export.zip")), reason
    assert "\n" not in reason
    assert _runs(engine)[-1][0] == "failed"


def test_writers_take_turns(tmp_path):
    engine = _engine(tmp_path)
    heard: list[str] = []
    order: list[str] = []
    release = threading.Event()

    def first_writer() -> None:
        with writer_lock(engine):
            order.append("first in")
            release.wait(10)
            order.append("first out")

    thread = threading.Thread(target=first_writer)
    thread.start()
    while not order:
        time.sleep(0.01)
    threading.Timer(0.3, release.set).start()
    with writer_lock(engine, on_wait=heard.append):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]
    assert heard == ["another import or collection is writing to this database; waiting for it…"]


def test_a_huge_caption_is_scored_within_bounded_memory(tmp_path):
    """A 10 MB caption once cost 950 MB in tagging and sentiment; both read a bounded part."""
    import resource
    from datetime import datetime

    from collectors.records import AccountRef, PostRecord
    from outreach.app.imports import analyse_imported

    engine = _engine(tmp_path)

    def stored(post_id: str, caption: str) -> None:
        record = PostRecord(
            "instagram", post_id, AccountRef("instagram", "x"), datetime(2026, 10, 1), "image"
        )
        record.caption = caption
        with engine.begin() as connection:
            Store(connection).write([record])

    stored("17900000000000008", "Ayo menanam pohon")
    analyse_imported(engine, Config())  # the model and the rules loaded: the baseline
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stored("17900000000000009", ("Ayo menanam pohon bersama warga #SukamajuMenanam " * 220_000)[:10_000_000])
    analysed = analyse_imported(engine, Config())
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert analysed.sentiment and analysed.sentiment["captions"] == 1
    assert grown_mb < 100, f"peak memory grew by {grown_mb:.0f} MB for one 10 MB caption"


def test_after_a_kill_past_the_data_commit_the_next_run_finishes_tagging_and_sentiment(tmp_path):
    """SIGKILL an import as soon as its file is committed; importing again (the file is skipped)
    completes the tagging and scoring the killed run did not do."""
    import json
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from tests.helpers import run_cli

    header = ('"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
              '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n')  # fmt: skip
    rows = "".join(
        f'{17900000000000000 + i},17841400000000001,sukamajukab,"Diskominfo","Gerakan menanam pohon dan UMKM '
        f'{i}",0,"10/{1 + i % 28:02d}/2026 18:30",https://www.instagram.com/p/A{i}/,"IG image",,Lifetime,'
        f"{1000 + i},800,50,2,,4,3\n"
        for i in range(4000)
    )
    export = tmp_path / "Oct-01-2026_Oct-31-2026_1.csv"
    export.write_bytes(b"\xef\xbb\xbf" + (header + rows).encode())
    assert run_cli("init", "--no-config", cwd=tmp_path).code == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "outreach", "import", str(export)], cwd=tmp_path, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    db = tmp_path / "outreach.db"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with sqlite3.connect(db, timeout=0.1) as connection:
                if connection.execute("SELECT count(*) FROM imported_file WHERE rows IS NOT NULL").fetchone()[
                    0
                ]:
                    break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    again = run_cli("--lang", "en", "import", "--json", str(export), cwd=tmp_path)
    assert again.code == 0, again.err
    assert json.loads(again.out)["files_skipped"] == 1
    # Nothing left to do: a full tagging run adds nothing, and no caption waits for a score.
    retag = json.loads(run_cli("tag", "run", "--json", cwd=tmp_path).out)
    assert all(kind["added"] == 0 for kind in retag["kinds"].values()), retag
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM post").fetchone()[0] == 4000
        assert (
            connection.execute("SELECT count(*) FROM post WHERE sentiment_label IS NULL").fetchone()[0] == 0
        )
        runs = [r[0] for r in connection.execute("SELECT outcome FROM collection_run ORDER BY id")]
    assert None not in runs and runs[-1] == "ok"  # every run has an outcome


def test_a_post_whose_caption_an_import_changes_is_tagged_again(tmp_path):
    """X Gen 2 exports cut captions at about 280 characters; a later file brings the whole
    text, and with it the campaign hashtag: the next run must tag that post again."""
    from datetime import datetime

    from sqlalchemy import text

    from collectors.records import AccountRef, PostRecord
    from outreach.app.imports import analyse_imported
    from outreach.config import load_config

    engine = _engine(tmp_path)
    config = load_config(Path(__file__).resolve().parent.parent / "outreach" / "demo" / "outreach.toml")

    def stored(caption: str) -> None:
        record = PostRecord(
            "x", "2100000000000000001", AccountRef("x", "sukamajukab"), datetime(2026, 10, 20), "text"
        )
        record.caption = caption
        with engine.begin() as connection:
            Store(connection).write([record])

    def campaigns() -> list[str]:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT key FROM assignment WHERE kind = 'campaign' AND NOT excluded")
            )
            return [r[0] for r in rows]

    stored("Bibit gratis di kantor desa")
    analyse_imported(engine, config, score=False)
    assert campaigns() == []
    stored("Bibit gratis di kantor desa. Ikut #GerakanMenanamPohon bersama kami")
    again = analyse_imported(engine, config, score=False)
    assert again.tagging.posts == 1 and campaigns() == ["menanam-pohon"]
    assert analyse_imported(engine, config, score=False).tagging.posts == 0  # nothing waits now

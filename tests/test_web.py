"""The web app through Flask's test client on a real SQLite file (the demo office):
every page, the roles, CSRF, sign-in throttling, uploads and escaping."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from outreach.app.setup import DEMO
from outreach.app.users import add_user
from outreach.app.workspace import Workspace
from outreach.web import create_app

PASSWORD = "kata sandi panjang"
EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def office(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    db = tmp_path_factory.mktemp("web") / "web.db"
    with sqlite3.connect(demo_database) as source, sqlite3.connect(db) as copy:
        source.backup(copy)  # with what is still in the WAL
    ws = Workspace(str(db), DEMO / "outreach.toml")
    for name, role in (("admin", "admin"), ("ops", "operator"), ("siti", "officer"), ("tamu", "viewer")):
        add_user(ws, name, PASSWORD, role)
    return ws


@pytest.fixture
def app(office: Workspace):  # type: ignore[no-untyped-def]
    app = create_app(office, secret_key="test")
    app.testing = True
    return app


def signed_in(app, name: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    page = client.get("/login")
    token = _token(page.get_data(as_text=True))
    response = client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def test_an_unauthenticated_request_goes_to_the_login_page(app):
    response = app.test_client().get("/posts")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_every_page_renders_for_a_viewer(app):
    client = signed_in(app, "tamu")
    pages = ["/", "/?week=2026-W46", "/report/2026-W46/view", "/report/2026-W48/view", "/posts", "/posts?platform=instagram&sort=engagements&q=pohon", "/compare",
             "/compare?by=type&platform=instagram", "/review", "/import", "/collection"]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:500])
        assert "Content-Security-Policy" in response.headers
    listing = client.get("/posts?platform=instagram").get_data(as_text=True)
    post_url = re.search(r'href="(/posts/instagram/\d+)"', listing)
    assert post_url
    assert client.get(post_url.group(1)).status_code == 200


def test_a_viewer_cannot_correct_or_upload(app):
    client = signed_in(app, "tamu")
    token = _token(client.get("/review").get_data(as_text=True))
    assert client.post("/review/1", data={"label": "positive", "csrf_token": token}).status_code == 403
    upload = client.post("/import", data={"csrf_token": token}, content_type="multipart/form-data")
    assert upload.status_code == 403


def test_a_form_without_its_csrf_token_is_refused(app):
    client = signed_in(app, "siti")
    assert client.post("/review/1", data={"label": "positive"}).status_code == 400


def test_an_officer_corrects_a_comment_and_a_tag(app, office):
    client = signed_in(app, "siti")
    queue = client.get("/review").get_data(as_text=True)
    comment_id = re.search(r'action="/review/(\d+)"', queue).group(1)
    token = _token(queue)
    assert (
        client.post(f"/review/{comment_id}", data={"label": "negative", "csrf_token": token}).status_code
        == 302
    )
    from sqlalchemy import text

    with office.reading() as connection:
        label = connection.execute(
            text("SELECT corrected_label FROM comment WHERE id = :i"), {"i": comment_id}
        )
        assert label.scalar_one() == "negative"
        audit = connection.execute(text("SELECT username, action FROM audit_event ORDER BY id DESC LIMIT 1"))
        assert tuple(audit.one()) == ("siti", "sentiment_correction")
    listing = client.get("/posts?platform=instagram").get_data(as_text=True)
    platform, post_id = re.search(r'href="/posts/(instagram)/(\d+)"', listing).groups()
    response = client.post(
        f"/posts/{platform}/{post_id}/tags",
        data={"kind": "pillar", "key": "economy", "action": "add", "csrf_token": token},
    )
    assert response.status_code == 302
    page = client.get(f"/posts/{platform}/{post_id}").get_data(as_text=True)
    assert re.search(r"<td>pillar</td><td>[^\n]*\(economy\)</span></td><td>manual</td>", page)


def test_an_upload_of_a_bad_file_stores_nothing_and_says_why(app, office):
    import io

    from sqlalchemy import text

    client = signed_in(app, "ops")
    token = _token(client.get("/import").get_data(as_text=True))
    with office.reading() as connection:
        before = connection.execute(text("SELECT count(*) FROM post")).scalar_one()
    data = {"csrf_token": token, "files": (io.BytesIO(b"just some notes\n"), "../../etc/passwd.csv")}
    response = client.post("/import", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "failed" in page
    assert "etc/passwd" not in page  # the browser's name is never a path
    with office.reading() as connection:
        assert connection.execute(text("SELECT count(*) FROM post")).scalar_one() == before


def test_sign_in_is_throttled(app):
    client = app.test_client()
    token = _token(client.get("/login").get_data(as_text=True))
    for _ in range(5):
        refused = client.post("/login", data={"username": "admin", "password": "wrong", "csrf_token": token})
        assert refused.status_code == 401
    locked = client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    assert locked.status_code == 401 and "too many failed sign-ins" in locked.get_data(as_text=True)


def test_captions_and_comments_are_escaped(app, office):
    from sqlalchemy import text

    with office.writing() as connection:
        connection.execute(
            text("UPDATE post SET caption = :c WHERE id = (SELECT min(id) FROM post)"), {"c": EVIL}
        )
        connection.execute(
            text("UPDATE comment SET text = :c WHERE id = (SELECT min(id) FROM comment)"), {"c": EVIL}
        )
        row = connection.execute(
            text("SELECT platform, platform_post_id FROM post WHERE caption = :c"), {"c": EVIL}
        )
        platform, post_id = row.one()
    client = signed_in(app, "siti")
    for url in (f"/posts/{platform}/{post_id}", "/posts?q=script", "/review"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page, url
    assert "&lt;script&gt;" in client.get(f"/posts/{platform}/{post_id}").get_data(as_text=True)


def test_sign_in_goes_only_to_a_page_of_this_site(app):
    client = app.test_client()
    token = _token(client.get("/login").get_data(as_text=True))
    for target, expected in (("/posts", "/posts"), ("//evil.example", "/"), ("/\t/evil.example", "/"),
                             ("/\\evil.example", "/"), ("https://evil.example", "/")):  # fmt: skip
        client.post("/logout", data={"csrf_token": token})
        token = _token(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login", query_string={"next": target},
            data={"username": "siti", "password": PASSWORD, "csrf_token": token},
        )  # fmt: skip
        assert response.headers["Location"] == expected, target
        token = _token(client.get("/posts").get_data(as_text=True))


def test_a_removed_user_loses_the_session_at_once(app, office):
    from outreach.app.users import remove_user

    add_user(office, "sementara", PASSWORD, "operator")
    client = signed_in(app, "sementara")
    assert client.get("/posts").status_code == 200
    remove_user(office, "sementara")
    assert client.get("/posts").status_code == 302  # back to the sign-in page


def test_a_sign_in_from_another_site_is_refused(app):
    response = app.test_client().post("/login", data={"username": "siti", "password": PASSWORD})
    assert response.status_code == 400


def test_a_week_out_of_range_is_a_clear_error(app):
    client = signed_in(app, "tamu")
    response = client.get("/report/9999-W52/view")
    assert response.status_code == 400 and "is not an ISO week" in response.get_data(as_text=True)


def _import(store, name: str, at: str, records: list) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    file_id = store.record_import(
        content_hash=name, kind="meta_content", platform="instagram", file_name=name,
        imported_at=datetime.fromisoformat(at),
    )  # fmt: skip
    store.write(records, imported_file_id=file_id)
    store.finish_import(file_id, len(records))


def test_the_collection_page_dates_each_accounts_last_import(db_url):
    """An account's last collection is the newest file that held its rows: a file of one
    account, or a file of several (with posts of no account too), and daily rows count."""
    from datetime import datetime

    from collectors.records import AccountRef, AccountSnapshotRecord, MetricSnapshotRecord, PostRecord
    from outreach.app.status import collection_status, database_status
    from outreach.db import create_db_engine, upgrade
    from outreach.store import Store

    a = AccountRef("instagram", "dinas_a", None, None)
    b = AccountRef("instagram", "dinas_b", None, None)
    c = AccountRef("instagram", "dinas_c", None, None)

    def post(n: int, account: AccountRef | None) -> list:  # type: ignore[type-arg]
        published = datetime(2026, 9, 1, 3, 0)
        return [
            PostRecord("instagram", str(n), account, published, "image", f"Postingan {n}"),
            MetricSnapshotRecord("instagram", str(n), datetime(2026, 9, 2), "meta_content", {"likes": n}),
        ]

    engine = create_db_engine(db_url)
    upgrade(engine)
    with engine.begin() as connection:
        store = Store(connection)
        _import(store, "a.csv", "2026-10-01 08:00:00", post(1, a))
        _import(store, "several.csv", "2026-10-05 08:00:00", [*post(2, a), *post(3, b), *post(4, None)])
        _import(store, "b-days.csv", "2026-10-03 08:00:00",
                [AccountSnapshotRecord(b, datetime(2026, 10, 2).date(), "meta_account", {"followers": 10})])  # fmt: skip
        _import(store, "a-again.csv", "2026-10-07 08:00:00", post(5, a))
        _import(store, "c-days.csv", "2026-10-04 08:00:00",
                [AccountSnapshotRecord(c, datetime(2026, 10, 2).date(), "meta_account", {"followers": 5})])  # fmt: skip
    engine.dispose()
    ws = Workspace(db_url, None)
    try:
        page = {row["handle"]: row for row in collection_status(ws)["accounts"]}
        status = {row["handle"]: row for row in database_status(ws)["accounts"]}
    finally:
        ws.dispose()
    assert {h: (r["posts"], r["last_collected"]) for h, r in page.items()} == {
        "dinas_a": (3, datetime(2026, 10, 7, 8)),
        "dinas_b": (1, datetime(2026, 10, 5, 8)),
        "dinas_c": (0, datetime(2026, 10, 4, 8)),
    }
    assert {h: r["last_collected"] for h, r in status.items()} == {
        h: r["last_collected"] for h, r in page.items()
    }
    assert {h: (r["snapshots"], r["account_days"]) for h, r in status.items()} == {
        "dinas_a": (3, 0), "dinas_b": (1, 1), "dinas_c": (0, 1)
    }  # fmt: skip


def test_a_caption_search_lists_the_matches_with_the_listings_values(office, monkeypatch):
    """Case-insensitive, % and _ taken literally, and each match with the values the
    listing without a search shows for it (a search reads only its matches' values)."""
    from outreach.app import posts
    from outreach.app.filters import PostFilter

    every = posts.posts_at_age(office, PostFilter(), sort="engagements", limit=10_000)
    for words in ("pohon", "POHON", "Pohon Kita", "_", "100%", "#sukamajumenanam"):
        found = posts.posts_at_age(office, PostFilter(), search=words, sort="engagements", limit=10_000)
        expected = [r for r in every.rows if words.lower() in (r["caption"] or "").lower()]
        assert found.rows == expected and found.total == len(expected), words
        monkeypatch.setattr(posts, "SEARCH_IDS", -1)  # the period's frame, then its matches
        assert (
            posts.posts_at_age(office, PostFilter(), search=words, sort="engagements", limit=10_000) == found
        )
        monkeypatch.undo()
    assert posts.posts_at_age(office, PostFilter(), search="pohon").total > 10
    assert posts.posts_at_age(office, PostFilter(), search="tidak ada di keterangan mana pun").total == 0


def test_a_caption_search_on_each_backend(db_url):
    from datetime import datetime, timedelta

    from collectors.records import AccountRef, MetricSnapshotRecord, PostRecord
    from outreach.app.filters import PostFilter
    from outreach.app.posts import posts_at_age
    from outreach.db import create_db_engine, upgrade
    from outreach.store import Store

    account = AccountRef("instagram", "dinas_a", None, None)
    captions = ["Menanam POHON di taman kota", "Pohon-pohon tepi jalan 100% hidup", "Jalan baru di Sukamaju"]
    records: list = []  # type: ignore[type-arg]
    for n, caption in enumerate(captions):
        published = datetime(2026, 10, 1, 3, 0) + timedelta(days=n)
        records.append(PostRecord("instagram", str(n), account, published, "image", caption))
        for day in (1, 8):
            records.append(MetricSnapshotRecord("instagram", str(n), published + timedelta(days=day),
                                                "meta_content", {"likes": 10 * day + n, "reach": 100 * day}))  # fmt: skip
    engine = create_db_engine(db_url)
    upgrade(engine)
    with engine.begin() as connection:
        Store(connection).write(records)
    engine.dispose()
    ws = Workspace(db_url, None)
    try:
        every = posts_at_age(ws, PostFilter(), sort="engagements")
        found = {
            w: posts_at_age(ws, PostFilter(), search=w, sort="engagements") for w in ("pohon", "0%", "_")
        }
    finally:
        ws.dispose()
    assert [r["caption"] for r in found["pohon"].rows] == [captions[1], captions[0]]  # most engagements first
    assert found["pohon"].rows == [r for r in every.rows if "pohon" in r["caption"].lower()]
    assert found["pohon"].rows[0]["engagements"] > found["pohon"].rows[1]["engagements"] > 0
    assert [r["caption"] for r in found["0%"].rows] == [captions[1]] and found["_"].total == 0


def test_requests_for_the_same_result_wait_for_one_computation(office):
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from outreach.web.cache import cached

    calls: list[int] = []
    gate = threading.Barrier(4)

    def compute() -> int:
        calls.append(1)
        time.sleep(0.3)
        return len(calls)

    def ask(_: int) -> int:
        gate.wait()
        return cached(office, ("test", "slow"), compute)

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(ask, range(4)))
    assert answers == [1, 1, 1, 1] and len(calls) == 1
    assert cached(office, ("test", "other"), lambda: "other") == "other"  # another question: its own


def test_the_newest_posts_have_the_values_of_the_whole_listing(office):
    """Newest first works out only the shown posts' values: they are those of the listing."""
    from outreach.app.filters import PostFilter
    from outreach.app.posts import posts_at_age

    for post_type, search in ((None, None), ("reel", None), (None, "pohon")):
        every = posts_at_age(
            office, PostFilter(), sort="views", post_type=post_type, search=search, limit=10_000
        )
        newest = posts_at_age(office, PostFilter(), post_type=post_type, search=search, limit=7)
        assert newest.total == every.total > 7, (post_type, search)
        assert all(row in every.rows for row in newest.rows)
        times = sorted((r["published_at"] for r in every.rows), reverse=True)
        assert [r["published_at"] for r in newest.rows] == times[:7]

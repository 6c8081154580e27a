"""One officer's Monday in a real browser (Debian's Chromium driven by Playwright, nothing
downloaded): sign in, open this week, open the weakest post, correct one comment's sentiment
and one post's pillar, upload an export file, and see the numbers change. Fails on console
errors and on any request that leaves 127.0.0.1. Screenshots of every page at phone and
desktop width are written to $OUTREACH_SCREENSHOTS (default: the test's temporary folder)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from outreach.app.setup import DEMO
from outreach.app.users import add_user
from outreach.app.workspace import Workspace
from outreach.web import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps"]  # fmt: skip
PASSWORD = "kata sandi panjang"
HEADER = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
    '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n'
)
NEW_POST = (
    '17999999999999999,17841400000000001,sukamajukab,"Diskominfo Sukamaju","Pos baru #SukamajuMenanam",0,'
    '"11/10/2026 18:30",https://www.instagram.com/p/NEW1/,"IG image",,Lifetime,99000,88000,500,20,,40,30\n'
)


def _browser_or_skip():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        if os.environ.get("OUTREACH_REQUIRE_BROWSER") == "1":
            pytest.fail("OUTREACH_REQUIRE_BROWSER=1 but Debian's chromium is not installed")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    return sync_playwright


@pytest.fixture
def served(demo_database: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    from waitress.server import create_server

    db = tmp_path / "web.db"
    with sqlite3.connect(demo_database) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    ws = Workspace(str(db), DEMO / "outreach.toml")
    add_user(ws, "siti", PASSWORD, "operator")
    server = create_server(create_app(ws), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}", ws  # type: ignore[union-attr]
    server.close()
    ws.dispose()


def test_an_officers_monday(served, tmp_path):
    sync_playwright = _browser_or_skip()
    base, _ws = served
    shots = Path(os.environ.get("OUTREACH_SCREENSHOTS") or tmp_path / "screens")
    shots.mkdir(parents=True, exist_ok=True)
    export = tmp_path / "Nov-09-2026_Nov-15-2026_1234567890123456.csv"
    export.write_bytes(b"\xef\xbb\xbf" + (HEADER + NEW_POST).encode())
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, name in ((1280, "desktop"), (390, "phone")):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
            page.on(
                "request",
                lambda r: (
                    problems.append(f"left loopback: {r.url}")
                    if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:")
                    else None
                ),
            )

            page.goto(f"{base}/posts")
            assert "/login" in page.url  # not signed in yet
            page.fill("input[name=username]", "siti")
            page.fill("input[name=password]", PASSWORD)
            page.click("form.narrow button[type=submit]")
            page.wait_for_url(f"{base}/posts")
            page.goto(f"{base}/?week=2026-W46")
            page.screenshot(path=str(shots / f"{name}-1-this-week.png"), full_page=False)
            page.goto(f"{base}/report/2026-W46/view")
            page.screenshot(path=str(shots / f"{name}-1b-report.png"), full_page=False)
            report_before = page.inner_text("body")

            # The weakest post of last week: posts sorted by engagements, the last one shown.
            page.goto(f"{base}/posts?since=2026-11-09&until=2026-11-15&sort=engagements")
            page.screenshot(path=str(shots / f"{name}-2-posts.png"), full_page=True)
            page.locator("td.caption a").last.click()
            page.wait_for_load_state()
            page.screenshot(path=str(shots / f"{name}-3-post.png"), full_page=True)
            post_url = page.url

            # Correct the post's pillar.
            page.select_option("select[name=kind]", "pillar")
            page.fill("input[name=key]", "society")
            page.click("button[name=action][value=add]")
            page.wait_for_url(post_url)
            assert page.locator("td", has_text="society").count() >= 1

            # Correct one comment's sentiment in the review queue, by keyboard.
            page.goto(f"{base}/review")
            page.screenshot(path=str(shots / f"{name}-4-review.png"), full_page=False)
            first = page.locator("[data-review] .caption").first.inner_text()
            with page.expect_navigation():
                page.keyboard.press("3")  # the first card: negative
            assert page.locator("[data-review] .caption").first.inner_text() != first

            # Upload an export with a new post, and see it counted.
            page.goto(f"{base}/import")
            page.set_input_files("input[type=file]", str(export))
            page.click("form[data-dropzone] button[type=submit]")
            page.wait_for_load_state()
            page.screenshot(path=str(shots / f"{name}-5-import.png"), full_page=True)
            page.goto(f"{base}/posts?since=2026-11-09&until=2026-11-15&q=Pos%20baru")
            assert page.locator("td.caption a", has_text="Pos baru").count() == 1
            page.goto(f"{base}/report/2026-W46/view")
            assert page.inner_text("body") != report_before  # the week's report changed
            page.goto(f"{base}/compare?by=type&platform=instagram")
            page.screenshot(path=str(shots / f"{name}-6-compare.png"), full_page=True)
            page.goto(f"{base}/collection")
            page.screenshot(path=str(shots / f"{name}-7-collection.png"), full_page=True)
            page.close()
        browser.close()
    assert problems == []

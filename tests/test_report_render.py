"""The weekly report as people see it: the HTML in headless Chromium (phone and desktop), the PDF
through poppler, and hostile text in captions, comments and campaign names shown as text.

Chromium is Debian's (/usr/bin/chromium, installed by .ci/run); no browser is downloaded.
Screenshots and PDF pages are kept in the test's folder (pytest --basetemp to look at them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_cli
from tests.test_report_weekly import NOW, build_database

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
SCRIPT = "<script>alert('caption')</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_CAPTION = f"Reel {SCRIPT} {IMG} #AyoPakaiSiMaju"
HOSTILE_COMMENT = f"Lambat sekali {IMG} {SCRIPT} kecewa"
HOSTILE_CAMPAIGN = f"ADI {IMG} EXPORT"


def run_report(*args: str):
    """The command line in-process; registers `report` when the CLI does not yet (the lead wires it)."""
    from outreach.cli import cli
    from outreach.cli.report import report

    if "report" not in cli.commands:
        cli.add_command(report)
    return run_cli(*args)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from outreach.app.weekly import write_weekly_report

    folder = tmp_path_factory.mktemp("render")
    ws = build_database(folder, caption_b=HOSTILE_CAPTION, comment=HOSTILE_COMMENT, campaign=HOSTILE_CAMPAIGN)
    paths = write_weekly_report(ws, week="2026-W47", out_dir=folder / "out", now=NOW)
    empty = write_weekly_report(
        ws, week="2026-W44", out_dir=folder / "empty", formats=("html", "pdf"), now=NOW
    )
    return {p.suffix[1:]: p for p in paths} | {"empty_" + p.suffix[1:]: p for p in empty}


def _browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (Debian's chromium package; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    return sync_playwright()


def _open(playwright, path: Path, width: int, shot: Path) -> dict:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    try:
        page = browser.new_page(viewport={"width": width, "height": 800})
        requests: list[str] = []
        problems: list[str] = []
        dialogs: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on(
            "console",
            lambda message: problems.append(message.text) if message.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(shot), full_page=True)
        return {
            "requests": requests,
            "problems": problems,
            "dialogs": dialogs,
            "text": page.inner_text("body"),
            "scripts": page.locator("script").count(),
            "images": page.locator("img").count(),
            "overflow": page.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
            "headings": page.locator("h2").all_inner_texts(),
        }
    finally:
        browser.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_html_in_chromium(written, width):
    with _browser() as playwright:
        seen = _open(playwright, written["html"], width, written["html"].with_name(f"screen-{width}.png"))
    assert seen["requests"] == [written["html"].as_uri()]  # nothing fetched but the file itself
    assert seen["problems"] == [] and seen["dialogs"] == []
    assert seen["headings"] == ["1. Angka utama", "2. Per pilar", "3. Kampanye", "4. Postingan terbaik dan terlemah",
                                "5. Kata warganet", "6. Yang berhasil", "7. Cakupan data", "8. Definisi"]  # fmt: skip
    assert seen["overflow"] <= 0  # readable on a phone: wide tables scroll inside their box
    assert written["html"].with_name(f"screen-{width}.png").stat().st_size > 10_000


def test_hostile_text_is_shown_as_text(written):
    with _browser() as playwright:
        seen = _open(playwright, written["html"], 1280, written["html"].with_name("hostile.png"))
    assert seen["scripts"] == 0 and seen["images"] == 0 and seen["dialogs"] == []
    for hostile in (SCRIPT, IMG, "ADI " + IMG + " EXPORT", "Lambat sekali " + IMG):
        assert hostile in seen["text"]
    source = written["html"].read_text(encoding="utf-8")
    assert "<script" not in source and "<img" not in source
    assert "&lt;script&gt;" in source and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in source


def test_html_is_self_contained(written):
    source = written["html"].read_text(encoding="utf-8")
    assert re.findall(r"<[a-zA-Z][^<>]*\ssrc=", source) == []  # no element loads anything
    for fetching in ("@import", "url(http", "<link", "<iframe", "<object", "<script"):
        assert fetching not in source
    links = re.findall(r'<a [^<>]*href="([^"]*)"', source)
    assert all(link.startswith(("#", "https://www.instagram.com/", "https://x.com/")) for link in links)
    assert "<svg" in source and source.count("<figure>") == 4


def _pdf_pages(path: Path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("no pdftotext (Debian's poppler-utils)")
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


def test_pdf_pages_headings_and_header(written):
    pages = _pdf_pages(written["pdf"])
    assert 8 <= len(pages) <= 20
    for number, page in enumerate(pages, start=1):
        assert "Diskominfo Kabupaten Sukamaju" in page
        assert "2026-W47" in page
        assert f"Halaman {number} dari {len(pages)}" in page
    text = "\n".join(pages)
    for heading in ("1. Angka utama", "2. Per pilar", "3. Kampanye", "4. Postingan terbaik dan terlemah",
                    "5. Kata warganet", "6. Yang berhasil", "7. Cakupan data", "8. Definisi"):  # fmt: skip
        assert heading in text
    assert SCRIPT in text.replace("\n", " ") or "<script>alert('caption')</script>" in " ".join(text.split())
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(written["pdf"]), str(written["pdf"].with_name("page"))],
                   check=True)  # fmt: skip
    assert len(list(written["pdf"].parent.glob("page-*.png"))) == len(pages)


def test_week_with_no_posts_renders(written):
    html = written["empty_html"].read_text(encoding="utf-8")
    assert "Tidak ada yang diposting pada minggu 2026-W44" in html
    pages = _pdf_pages(written["empty_pdf"])
    assert "Tidak ada yang diposting pada minggu 2026-W44" in pages[0]

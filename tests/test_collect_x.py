"""X exports at the record level (fixtures: tests/fixtures/x/make_fixtures.py)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from collectors import ExportFormatError, ParseContext, Sniff, UnknownExportError, detect_kind, iter_sources
from collectors.exportfile import ExportSource, head_text, normalise_header
from collectors.records import AccountSnapshotRecord, MetricSnapshotRecord, Notice, PostRecord
from collectors.x import CONTENT_ALIASES, KINDS, OVERVIEW_ALIASES, iter_js_array, snowflake_time

FIXTURES = Path(__file__).parent / "fixtures" / "x"
IMPORTED_AT = datetime(2026, 11, 1, 8, 0)
CTX = ParseContext(imported_at=IMPORTED_AT)
CTX_ACCOUNT = ParseContext(imported_at=IMPORTED_AT, account_handle="sukamajukab")


def parse(relative: str | ExportSource, ctx: ParseContext = CTX) -> tuple[str, list]:
    source = relative if isinstance(relative, ExportSource) else ExportSource(FIXTURES / relative)
    kind = detect_kind(source)
    return kind.name, list(kind.parse(source, ctx))


def error_text(relative: str, ctx: ParseContext = CTX) -> str:
    with pytest.raises(ExportFormatError) as caught:
        parse(relative, ctx)
    return str(caught.value)


def posts(records: list) -> dict[str, PostRecord]:
    return {r.platform_post_id: r for r in records if isinstance(r, PostRecord)}


def snapshots(records: list) -> dict[str, MetricSnapshotRecord]:
    return {r.platform_post_id: r for r in records if isinstance(r, MetricSnapshotRecord)}


# --- snowflakes ----------------------------------------------------------------------


def test_snowflake_time_is_exact_to_the_millisecond():
    assert snowflake_time("1902620805600833905") == datetime(2025, 3, 20, 7, 18, 43, 697000)
    assert snowflake_time("5234567890") is None  # 2009, before snowflakes


# --- 3a. legacy per post ----------------------------------------------------------------

LEGACY = "legacy/tweet_activity_metrics_sukamajukab_20211101_20211201_en.csv"


def test_legacy_posts_values():
    kind, records = parse(LEGACY)
    assert kind == "x_tweet_activity"
    by_id = posts(records)
    assert list(by_id) == ["1465712336701596597", "1460081582835757057", "1455469994623110186"]
    first = by_id["1465712336701596597"]
    assert first.account.handle == "sukamajukab"
    assert first.permalink == "https://twitter.com/sukamajukab/status/1465712336701596597"
    # file says 16:00 (minute precision); the id gives the exact second
    assert first.published_at == datetime(2021, 11, 30, 16, 0, 27, 345000)
    assert first.caption == (
        'Vaksinasi booster & cek kesehatan gratis di Puskesmas Sukamaju 💉\n"Ayo sehat bersama!" '
        "#SukamajuSehat #VaksinBooster"
    )
    assert first.type == "text"
    assert by_id["1460081582835757057"].type == "reply"
    snap = snapshots(records)["1465712336701596597"]
    # range 2021-11-01..2021-12-01 in X's default name -> midnight after the end
    assert snap.captured_at == datetime(2021, 12, 2)
    assert snap.source == "x_tweet_activity"
    assert snap.values == {
        "views": 1777,
        "reposts": 5,
        "replies": 3,
        "likes": 31,
        "profile_visits": 4,
        "link_clicks": 2,
        "follows": 1,
    }


def test_legacy_unknown_cells_are_none_and_promoted_numbers_are_ignored():
    _, records = parse(LEGACY)
    values = snapshots(records)["1455469994623110186"].values
    assert values["profile_visits"] is None  # '-'
    assert values["link_clicks"] is None  # blank
    assert values["views"] == 3050  # organic, not 'promoted impressions' 5200
    assert values["follows"] == 2


def test_legacy_daily_needs_an_account():
    path = "legacy/daily_tweet_activity_metrics_sukamajukab_20211101_20211201_en.csv"
    assert error_text(path) == (
        "daily_tweet_activity_metrics_sukamajukab_20211101_20211201_en.csv: the file does not say which account "
        "it belongs to; expected --account HANDLE on the command line"
    )
    kind, records = parse(path, CTX_ACCOUNT)
    assert kind == "x_daily_tweet_activity"
    assert all(isinstance(r, AccountSnapshotRecord) for r in records)
    assert [r.day for r in records] == [date(2021, 11, 1), date(2021, 11, 2), date(2021, 11, 3)]
    assert records[1].account.handle == "sukamajukab"
    assert records[1].source == "x_daily_tweet_activity"
    assert records[1].values == {
        "posts_published": 1,
        "views": 3050,
        "engagements": 101,
        "likes": 60,
        "comments": 4,
        "profile_visits": 9,
        "link_clicks": 7,
        "follows": 2,
    }


# --- 3b. Premium content ---------------------------------------------------------------

GEN1 = "account_analytics_content_2025-02-20_2025-03-21.csv"
GEN2 = "account_analytics_content_2026-09-06_2026-10-05.csv"


@pytest.mark.parametrize("language", ["en", "id", "ja"])
def test_content_gen1(language):
    kind, records = parse(f"{language}/{GEN1}")
    assert kind == "x_content"
    by_id = posts(records)
    assert list(by_id) == ["1902457569268573109", "1901819510256742401", "1901559129961468177"]
    first = by_id["1902457569268573109"]
    # The Date cell says 'Thu Mar 20 2025' (Jakarta browser); the id says 19 March 20:30 UTC.
    assert first.published_at == datetime(2025, 3, 19, 20, 30, 5, 123000)
    assert (
        first.caption
        == "Ayo daftar pelatihan UMKM gratis! 🎉 Kuota terbatas, daftar lewat tautan di bio #UMKMSukamaju"
    )
    assert first.permalink == "https://x.com/sukamajukab/status/1902457569268573109"
    assert first.account.handle == "sukamajukab"
    assert first.type == "text"
    assert by_id["1901819510256742401"].type == "reply"
    assert by_id["1901559129961468177"].caption == "#HUTSukamaju78🎊"  # an unquoted cell
    snap = snapshots(records)["1901559129961468177"]
    assert snap.captured_at == datetime(2025, 3, 22)
    assert snap.source == "x_content"
    assert snap.values == {
        "views": 1204,
        "likes": 37,
        "bookmarks": 6,
        "shares": 2,
        "follows": 3,
        "replies": 5,
        "reposts": 9,
        "profile_visits": 14,
        "link_clicks": 0,
    }
    assert snapshots(records)["1902457569268573109"].values["shares"] == 0  # Gen 1 writes 0 for missing


@pytest.mark.parametrize("language", ["en", "id", "ja"])
def test_content_gen2(language):
    kind, records = parse(f"{language}/{GEN2}")
    assert kind == "x_content"
    by_id = posts(records)
    assert list(by_id) == ["2106889654241390605", "2106999073797226718", "2106353822065732837"]
    late = by_id["2106889654241390605"]
    # 23:30 UTC on 4 October (already 5 October in Jakarta); Date cell "Sun, Oct 4, 2026"
    assert late.published_at == datetime(2026, 10, 4, 23, 30, 12, 345000)
    assert len(late.caption) == 280 and late.caption.endswith(
        "surat keterangan tidak"
    )  # cut by X, kept as is
    assert by_id["2106999073797226718"].caption == "https://t.co/AbCdEf1234"
    reply = by_id["2106353822065732837"]
    assert reply.type == "reply"
    assert reply.caption.startswith('@rina_w "Sudah bisa," kata petugas')
    snap = snapshots(records)["2106889654241390605"]
    assert snap.captured_at == datetime(2026, 10, 6)
    assert snap.values == {
        "views": 463,
        "likes": 14,
        "bookmarks": 4,
        "shares": 0,
        "follows": 0,
        "replies": 3,
        "reposts": 1,
        "profile_visits": 4,
        "link_clicks": 0,
    }
    assert snapshots(records)["2106999073797226718"].values["link_clicks"] == 0
    assert snapshots(records)["2106999073797226718"].values["shares"] == 1


def test_content_gen2_bytes_are_as_x_writes_them():
    data = (FIXTURES / "en" / GEN2).read_bytes()
    assert b"\r" not in data and not data.endswith(b"\n") and not data.startswith(b"\xef\xbb\xbf")
    gen1 = (FIXTURES / "en" / GEN1).read_bytes()
    assert gen1.endswith(b"\r\n") and gen1.count(b"\r\n") == 4


def test_content_alias_tables_have_no_label_meaning_two_things():
    for table in (CONTENT_ALIASES, OVERVIEW_ALIASES):
        seen: dict[str, str] = {}
        for field, labels in table.items():
            for label in labels:
                assert seen.setdefault(normalise_header(label), field) == field, label


def test_content_unknown_column_is_an_error_or_skipped_on_request():
    assert error_text("bad/content_unknown_column.csv") == (
        "content_unknown_column.csv, row 1: unknown column(s) 'Quote posts'; expected the columns of a known "
        "export; if the platform added a column, re-run with --ignore-unknown-columns to import the rest and skip it"
    )
    _, records = parse(
        "bad/content_unknown_column.csv", ParseContext(IMPORTED_AT, ignore_unknown_columns=True)
    )
    assert records[0] == Notice("content_unknown_column.csv: skipped unknown column(s) 'Quote posts'")
    assert snapshots(records)["2106999073797226718"].values["views"] == 90


def test_content_bad_number():
    assert error_text("bad/content_bad_number.csv") == (
        "content_bad_number.csv, row 2, column 'Impressions': '12a' is not a count; expected a whole number "
        "from 0 to 999,999,999,999 such as 1234 or 1234.0, or blank / '-' / 'undefined' when unknown"
    )


def test_content_id_rounded_by_a_spreadsheet():
    assert error_text("bad/content_rounded_id.csv") == (
        "content_rounded_id.csv, row 2, column 'Post Link': "
        "'https://x.com/sukamajukab/status/2106999073797226718' is not the link of post 2106999073797220000; "
        "expected https://x.com/<handle>/status/2106999073797220000"
    )


# --- 3b. overview ----------------------------------------------------------------------


def test_overview():
    assert error_text("en/account_overview_analytics.csv") == (
        "account_overview_analytics.csv: the file does not say which account it belongs to; "
        "expected --account HANDLE on the command line"
    )
    kind, records = parse("en/account_overview_analytics.csv", CTX_ACCOUNT)
    assert kind == "x_overview"
    assert [r.day for r in records] == [date(2025, 3, 21), date(2025, 3, 20), date(2025, 3, 19)]
    assert records[1].account.handle == "sukamajukab"
    assert records[1].source == "x_overview"
    assert records[1].values == {
        "views": 2315,
        "likes": 44,
        "engagements": 120,
        "shares": 1,
        "follows": 5,
        "unfollows": 1,
        "comments": 6,
        "profile_visits": 19,
        "posts_published": 2,
    }


# --- 3c. archive -----------------------------------------------------------------------

ARCHIVE_IDS = {
    "long2": "1855505692929032197",
    "long1": "1855505691419082756",
    "reply": "1855264768458227714",
    "photo": "1855222379312054273",
    "rt": "1854697847371333635",
    "short": "1855505692174057478",
}


def check_archive(records: list) -> None:
    by_id = posts(records)
    assert list(by_id) == list(ARCHIVE_IDS.values())
    photo = by_id[ARCHIVE_IDS["photo"]]
    assert photo.account.handle == "sukamajukab"
    assert photo.account.platform_account_id == "1456789012345678901"
    assert photo.account.display_name == "Diskominfo Kabupaten Sukamaju"
    assert photo.published_at == datetime(2024, 11, 9, 12, 14, 18, 250000)
    assert photo.caption == (
        "Pasar murah Sukamaju hari ini! Beras & minyak goreng harga khusus 🛒 #PasarMurah https://t.co/Xy12AbCd34"
    )
    assert photo.type == "carousel"
    assert photo.permalink == "https://x.com/sukamajukab/status/1855222379312054273"
    assert photo.language == "in"
    reply = by_id[ARCHIVE_IDS["reply"]]
    assert reply.type == "reply"
    assert reply.caption.startswith("@wargasukamaju Sudah kami teruskan ke Dinas PUPR >> perbaikan")
    assert by_id[ARCHIVE_IDS["rt"]].type == "repost"
    # Two long posts of a thread in the same second get their own full texts.
    assert by_id[ARCHIVE_IDS["long1"]].caption.startswith("Utas: Jadwal pemadaman")
    assert by_id[ARCHIVE_IDS["long1"]].caption.endswith("hingga Rabu pagi menurut BPBD.")
    assert "Balai Desa Mekarsari & SDN 2" in by_id[ARCHIVE_IDS["long1"]].caption
    assert by_id[ARCHIVE_IDS["long2"]].caption.startswith("Utas (2/2): Bantuan logistik")
    assert by_id[ARCHIVE_IDS["long2"]].caption.endswith("#SukamajuSiaga")
    # A short post in the same second as both notes keeps its own text.
    assert by_id[ARCHIVE_IDS["short"]].caption == "Info lengkap menyusul di utas berikutnya 👇"
    snaps = snapshots(records)
    assert ARCHIVE_IDS["rt"] not in snaps  # a repost's zero counts belong to no one
    assert snaps[ARCHIVE_IDS["photo"]].values == {"likes": 12, "reposts": 4}
    assert snaps[ARCHIVE_IDS["photo"]].captured_at == datetime(2024, 11, 12, 3, 4, 5, 678000)
    assert snaps[ARCHIVE_IDS["photo"]].source == "x_archive_tweets"


def test_archive_folder():
    kind, records = parse("archive/data/tweets.js")
    assert kind == "x_archive_tweets"
    check_archive(records)


def test_archive_zip():
    sources = [s for s in iter_sources([FIXTURES / "twitter-2024-11-12-archive.zip"])]
    results = {s.member: parse(s) for s in sources}
    check_archive(results["data/tweets.js"][1])
    assert results["data/note-tweet.js"] == (
        "x_archive_note_tweets",
        [
            Notice(
                "twitter-2024-11-12-archive.zip:data/note-tweet.js: long-post texts; merged into tweets.js when "
                "imported together (same folder or ZIP), nothing to import on its own"
            )
        ],
    )
    assert results["data/manifest.js"] == (
        "x_archive_side_file",
        [
            Notice(
                "twitter-2024-11-12-archive.zip:data/manifest.js: X archive file with the archive manifest; "
                "nothing outreach imports from it, skipped"
            )
        ],
    )
    assert results["data/account.js"][0] == "x_archive_side_file"


def test_old_archive_tweet_js_with_an_unwrapped_entry():
    assert error_text("old_archive/data/tweet.js") == (
        "tweet.js: the file does not say which account it belongs to; expected --account HANDLE on the command line"
    )
    source = ExportSource(FIXTURES / "old_archive/data/tweet.js")
    kind, records = parse(source, CTX_ACCOUNT)
    assert kind == "x_archive_tweets"
    by_id = posts(records)
    assert list(by_id) == ["970481812432224263", "5234567890"]
    assert by_id["970481812432224263"].published_at == datetime(2018, 3, 5, 2, 11, 9, 421000)
    assert by_id["970481812432224263"].caption == "Selamat datang di akun resmi Pemkab Sukamaju! 🇮🇩"
    assert by_id["5234567890"].published_at == datetime(2009, 10, 30, 1, 2, 3)  # pre-snowflake: file time
    assert by_id["5234567890"].account.handle == "sukamajukab"
    snap = snapshots(records)["970481812432224263"]
    assert snap.values == {"likes": 7, "reposts": 2}
    assert snap.captured_at == source.modified_at()  # no manifest beside it


def test_js_array_reader_streams_across_chunk_boundaries(tmp_path, monkeypatch):
    from collectors import x

    monkeypatch.setattr(x, "_CHUNK", 7)  # force entries to straddle reads
    _, small = parse("archive/data/tweets.js")
    assert small == parse("archive/data/tweets.js")[1]
    source = ExportSource(FIXTURES / "archive/data/tweets.js")
    from collectors.exportfile import open_text

    with open_text(source) as stream:
        lines = [line for line, _ in iter_js_array(source, stream)]
    assert lines[0] == 2 and len(lines) == 6


# --- bad files -------------------------------------------------------------------------


def test_truncated_archive():
    assert error_text("bad/tweets_truncated/tweets.js", CTX_ACCOUNT) == (
        "tweets.js, row 142: the file ends inside entry 4; "
        "expected the complete file from the archive (re-extract or re-download it)"
    )


def test_truncated_quoted_field():
    assert error_text("bad/tweet_activity_truncated.csv") == (
        "tweet_activity_truncated.csv, row 4: broken CSV (unexpected end of data); "
        "expected a complete CSV file as the platform exported it (re-download it)"
    )


def test_latin1_resaved_file():
    assert error_text("bad/tweet_activity_latin1.csv") == (
        "tweet_activity_latin1.csv, row 2: the text is not valid UTF-8 or UTF-16; "
        "expected the file exactly as downloaded, not re-saved in another encoding"
    )


def test_empty_file():
    assert error_text("bad/empty.csv") == (
        "empty.csv: the file is empty; expected an export file as downloaded from the platform"
    )


def test_zip_with_nothing_known():
    (source,) = list(iter_sources([FIXTURES / "bad/nothing_known.zip"]))
    with pytest.raises(UnknownExportError) as caught:
        detect_kind(source)
    message = str(caught.value)
    assert message.startswith(
        "nothing_known.zip:readme.txt: not an export file outreach understands; closest are "
    )
    assert message.endswith("(`outreach import --help` lists all 21 kinds)")
    assert len(message) < 400 and "\n" not in message


def test_x_detectors_claim_only_x_files(tmp_path):
    """Every X fixture is detected as an X kind, and no X kind claims a non-X text file."""
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in {".csv", ".js"} and "bad" not in path.parts:
            assert detect_kind(ExportSource(path)).platform == "x", path
    others = {  # shaped like other platforms' exports
        "Overview.csv": '\ufeff"Date","Video Views","Profile Views","Likes","Comments","Shares"\n"1 Mar","1","2","3"',
        "content.csv": '\ufeff"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
        '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n',
        "user_data.json": '{"Activity": {}}',
    }
    for name, text in others.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        source = ExportSource(path)
        head = source.head()
        sniff = Sniff(source, head, head_text(head))
        assert [k.name for k in KINDS if k.detect(sniff)] == [], name


def test_zip_member_sibling_lookup_stays_in_the_same_folder(tmp_path):
    archive = tmp_path / "partial.zip"
    with (
        zipfile.ZipFile(FIXTURES / "twitter-2024-11-12-archive.zip") as full,
        zipfile.ZipFile(archive, "w") as out,
    ):
        out.writestr("data/tweets.js", full.read("data/tweets.js"))
        out.writestr("other/manifest.js", full.read("data/manifest.js"))
    with pytest.raises(ExportFormatError, match="does not say which account"):
        parse(ExportSource(archive, "data/tweets.js"))


# --- streaming -------------------------------------------------------------------------


def peak_memory_while_parsing(path: Path, ctx: ParseContext) -> tuple[int, int]:
    """(records, peak traced bytes) for parsing a file without keeping the records."""
    import tracemalloc

    source = ExportSource(path)
    kind = detect_kind(source)
    tracemalloc.start()
    try:
        count = sum(1 for _ in kind.parse(source, ctx))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def write_content(path: Path, rows: int) -> Path:
    header = (FIXTURES / "en" / GEN2).read_text().split("\n")[0]
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for i in range(rows):
            post_id = 2106889654241390605 + (i << 12)
            out.write(
                f'\n{post_id},"Sun, Oct 4, 2026","Pengumuman nomor {i}, info lengkap di situs resmi 📢",'
                f"https://x.com/sukamajukab/status/{post_id},463,14,39,4,0,0,3,1,4,17,0,0,0"
            )
    return path


def write_archive(path: Path, entries: int) -> Path:
    text = (FIXTURES / "archive/data/tweets.js").read_text()
    entry = text[text.index("=") + 1 :].strip()[1:-1].split("\n  },\n")[3]  # the photo post
    post_id = ARCHIVE_IDS["photo"]
    with path.open("w", encoding="utf-8") as out:
        out.write("window.YTD.tweets.part0 = [")
        for i in range(entries):
            new_id = str(int(post_id) + (i << 22))
            out.write(("," if i else "") + entry.replace(post_id, new_id) + "\n  }")
        out.write("\n]")
    return path


def test_content_csv_streams_in_flat_memory(tmp_path):
    (tmp_path / "small").mkdir()
    small = write_content(tmp_path / "small" / GEN2, 1000)
    big = write_content(tmp_path / GEN2, 4000)
    count_small, peak_small = peak_memory_while_parsing(small, CTX)
    count_big, peak_big = peak_memory_while_parsing(big, CTX)
    assert (count_small, count_big) == (2000, 8000)
    assert peak_big < peak_small * 1.25 + 20_000  # four times the rows, not four times the memory
    assert peak_big < big.stat().st_size / 4


def test_archive_streams_in_flat_memory(tmp_path, monkeypatch):
    from collectors import x

    monkeypatch.setattr(x, "_CHUNK", 1 << 16)  # so that a test-sized file spans many reads
    small = write_archive(tmp_path / "small.js", 500)
    big = write_archive(tmp_path / "tweets.js", 2000)
    count_small, peak_small = peak_memory_while_parsing(small, CTX_ACCOUNT)
    count_big, peak_big = peak_memory_while_parsing(big, CTX_ACCOUNT)
    assert (count_small, count_big) == (1000, 4000)
    assert peak_big < peak_small * 1.25 + 20_000
    assert peak_big < big.stat().st_size / 2

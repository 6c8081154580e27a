"""TikTok importer: record-level tests against fixtures written by
tests/fixtures/tiktok/make_fixtures.py (fictional account @sukamajukab)."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from collectors import (
    CollectorError,
    ExportFormatError,
    ParseContext,
    UnknownExportError,
    detect_kind,
    iter_sources,
)
from collectors.exportfile import ExportSource
from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    AudienceRecord,
    MetricSnapshotRecord,
    Notice,
    PostRecord,
)
from collectors.tiktok import MONTHS, parse_studio_date

FIXTURES = Path(__file__).parent / "fixtures" / "tiktok"
CTX = ParseContext(imported_at=datetime(2026, 9, 1, 8, 0))
ACCOUNT = AccountRef("tiktok", handle="sukamajukab")
EXPORT_EPOCH = 1786417200  # in the Overview ZIP's name: 2026-08-11 03:00 UTC

VIDEO_1 = "7670369209463553101"  # created 2026-08-05 02:30:00 UTC
VIDEO_2 = "7668989416433582062"  # created 2026-08-01 09:15:42 UTC
VIDEO_3 = "7667732955950743551"  # created 2026-07-28 23:59:59 UTC


def sources(path: Path) -> dict[str, ExportSource]:
    """The sources of a file or ZIP, by member (or file) name."""
    found = {}
    for source in iter_sources([path]):
        assert not isinstance(source, CollectorError), source
        found[source.file_name] = source
    return found


def parse(source: ExportSource, ctx: ParseContext = CTX) -> tuple[str, list]:
    kind = detect_kind(source)
    return kind.name, list(kind.parse(source, ctx))


def parse_error(source: ExportSource, ctx: ParseContext = CTX) -> str:
    with pytest.raises(CollectorError) as caught:
        kind = detect_kind(source)
        list(kind.parse(source, ctx))
    return str(caught.value)


def loose_copy(tmp_path: Path, relative: str, modified_utc: datetime) -> ExportSource:
    """A fixture outside its ZIP, with a fixed modification time (git does not keep mtimes)."""
    target = tmp_path / Path(relative).name
    shutil.copyfile(FIXTURES / relative, target)
    stamp = modified_utc.replace(tzinfo=UTC).timestamp()
    os.utime(target, (stamp, stamp))
    return ExportSource(target)


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("August 9", (None, 8, 9)),
        ("9 August", (None, 8, 9)),
        ("28 May", (None, 5, 28)),
        ("Aug 9", (None, 8, 9)),
        ("9 Sept.", (None, 9, 9)),
        ("9 Agustus", (None, 8, 9)),
        ("9 Agu", (None, 8, 9)),
        ("17 Mei", (None, 5, 17)),
        ("25 Des", (None, 12, 25)),
        ("25 Φεβρουαρίου", (None, 2, 25)),
        ("3 ΜΑΐΟΥ", (None, 5, 3)),
        ("18 tháng Tám", (None, 8, 18)),
        ("1 tháng Mười Hai", (None, 12, 1)),
        ("7 tháng 3", (None, 3, 7)),
        ("8 de setembro", (None, 9, 8)),
        ("8 de septiembre", (None, 9, 8)),
        ("2 de março", (None, 3, 2)),
        ("9月13日", (None, 9, 13)),
        ("28 апреля", (None, 4, 28)),
        ("1 мая", (None, 5, 1)),
        ("29 February", (None, 2, 29)),
        ("2026-08-09", (2026, 8, 9)),
        ("2026-08-09 00:00:00", (2026, 8, 9)),
    ],
)
def test_studio_dates_in_many_languages(text, expected):
    assert parse_studio_date(text) == expected


@pytest.mark.parametrize("text", ["", "Agustus", "31 June", "August", "9 Fooday", "2026/08/09", "32 May"])
def test_not_studio_dates(text):
    assert parse_studio_date(text) is None


def test_month_names_do_not_clash():
    assert MONTHS["mar"] == 3 and MONTHS["set"] == 9 and MONTHS["mei"] == 5 and MONTHS["des"] == 12


# --- Overview ------------------------------------------------------------------------------


def test_overview_daily_rows_with_year_from_zip_epoch():
    zip_path = FIXTURES / f"Overview_2026-07-13_{EXPORT_EPOCH}_sukamajukab.zip"
    kind, records = parse(sources(zip_path)["Overview.csv"])
    assert kind == "tiktok_overview"
    assert records == [
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 3),
            "tiktok_overview",
            {"views": 1520, "profile_visits": 48, "likes": 210, "comments": 12, "shares": 9},
        ),
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 4),
            "tiktok_overview",
            {"views": 980, "profile_visits": 31, "likes": 134, "comments": 7, "shares": 4},
        ),
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 5),
            "tiktok_overview",
            {"views": 2210, "profile_visits": 77, "likes": 305, "comments": -1, "shares": 15},
        ),
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 6),
            "tiktok_overview",
            {"views": 0, "profile_visits": 0, "likes": 0, "comments": 0, "shares": 0},
        ),
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 7),
            "tiktok_overview",
            {"views": 1333, "profile_visits": 40, "likes": 190, "comments": 5, "shares": 6},
        ),
    ]


def test_overview_account_from_command_line_beats_zip_name():
    zip_path = FIXTURES / f"Overview_2026-07-13_{EXPORT_EPOCH}_sukamajukab.zip"
    ctx = ParseContext(imported_at=CTX.imported_at, account_handle="@diskominfo_sukamaju")
    _, records = parse(sources(zip_path)["Overview.csv"], ctx)
    assert {r.account.handle for r in records} == {"diskominfo_sukamaju"}


def test_overview_new_followers_indonesian_dates_and_unknowns(tmp_path):
    source = loose_copy(tmp_path, "variants/Overview.csv", datetime(2026, 8, 2, 1, 0))
    ctx = ParseContext(imported_at=CTX.imported_at, account_handle="sukamajukab")
    kind, records = parse(source, ctx)
    assert kind == "tiktok_overview"
    assert records == [
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 7, 30),
            "tiktok_overview",
            {
                "views": 300,
                "profile_visits": 10,
                "likes": 41,
                "comments": 2,
                "shares": 1,
                "follower_change": 5,
            },
        ),
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 7, 31),
            "tiktok_overview",
            {
                "views": None,
                "profile_visits": None,
                "likes": None,
                "comments": 0,
                "shares": 0,
                "follower_change": -2,
            },
        ),
    ]


def test_year_comes_from_modification_time_without_zip_epoch(tmp_path):
    # Exported on 2 January 2027: "30 Juli" is the July before.
    source = loose_copy(tmp_path, "variants/Overview.csv", datetime(2027, 1, 2, 1, 0))
    ctx = ParseContext(imported_at=CTX.imported_at, account_handle="sukamajukab")
    _, records = parse(source, ctx)
    assert [r.day for r in records] == [date(2026, 7, 30), date(2026, 7, 31)]


def test_overview_without_account_is_refused(tmp_path):
    source = loose_copy(tmp_path, "variants/Overview.csv", datetime(2026, 8, 2))
    assert parse_error(source) == (
        "Overview.csv: the file does not say which account it belongs to; "
        "expected --account HANDLE on the command line"
    )


# --- Content ------------------------------------------------------------------------------


def test_content_posts_and_snapshots():
    kind, records = parse(sources(FIXTURES / "Content_sukamajukab.zip")["Content.csv"])
    assert kind == "tiktok_content"
    # "11 August" is the export day (member time 2026-08-11); the snapshot is taken at the
    # start of that day in Jakarta, in UTC.
    captured = datetime(2026, 8, 10, 17, 0)
    assert records == [
        PostRecord(
            "tiktok",
            VIDEO_1,
            ACCOUNT,
            published_at=datetime(2026, 8, 5, 2, 30),
            type="video",
            caption="Ayo ke Festival Kopi Sukamaju 2026! ☕🎉 Gratis masuk, ada 40 UMKM lokal. "
            "#SukamajuBangkit #KopiLokal",
            permalink=f"https://www.tiktok.com/@sukamajukab/video/{VIDEO_1}",
        ),
        MetricSnapshotRecord(
            "tiktok",
            VIDEO_1,
            captured,
            "tiktok_content",
            {"likes": 412, "comments": 37, "shares": 58, "views": 10234},
        ),
        PostRecord(
            "tiktok",
            VIDEO_2,
            ACCOUNT,
            published_at=datetime(2026, 8, 1, 9, 15, 42),
            type="video",
            caption='Bupati: "Jalan desa harus mulus sebelum panen" 🚜\n'
            "Cek jadwal perbaikan, di link bio 👉 #InfrastrukturDesa",
            permalink=f"https://www.tiktok.com/@sukamajukab/video/{VIDEO_2}",
        ),
        MetricSnapshotRecord(
            "tiktok",
            VIDEO_2,
            captured,
            "tiktok_content",
            {"likes": 95, "comments": 12, "shares": 3, "views": 2871},
        ),
        PostRecord(
            "tiktok",
            VIDEO_3,
            ACCOUNT,
            published_at=datetime(2026, 7, 28, 23, 59, 59),
            type="video",
            caption="Waspada hoaks bansos! ⚠️ Info resmi hanya dari akun @sukamajukab #CekFakta",
            permalink=f"https://www.tiktok.com/@sukamajukab/video/{VIDEO_3}",
        ),
        MetricSnapshotRecord(
            "tiktok",
            VIDEO_3,
            captured,
            "tiktok_content",
            {"likes": 1203, "comments": 88, "shares": 940, "views": 45120},
        ),
    ]


def test_content_snapshot_uses_export_epoch_when_it_falls_on_the_time_day(tmp_path):
    # The same Content.csv inside an Overview-style ZIP carrying the export epoch.
    import zipfile

    inner = sources(FIXTURES / "Content_sukamajukab.zip")["Content.csv"]
    with inner.open_binary() as stream:
        data = stream.read()
    target = tmp_path / f"Overview_2026-07-13_{EXPORT_EPOCH}_sukamajukab.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("Content.csv", data)
    _, records = parse(ExportSource(target, "Content.csv"))
    assert {r.captured_at for r in records if isinstance(r, MetricSnapshotRecord)} == {
        datetime(2026, 8, 11, 3, 0)
    }


# --- Followers section ---------------------------------------------------------------------


def test_follower_history_recomputes_change_indonesian_dates():
    kind, records = parse(sources(FIXTURES / "Followers_sukamajukab.zip")["FollowerHistory.csv"])
    assert kind == "tiktok_follower_history"
    # The file's difference column says 12, -3, 25, 0: it is not trusted.
    assert records == [
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 6),
            "tiktok_follower_history",
            {"followers": 15230, "follower_change": None},
        ),
        AccountSnapshotRecord(
            ACCOUNT, date(2026, 8, 7), "tiktok_follower_history", {"followers": 15242, "follower_change": 12}
        ),
        AccountSnapshotRecord(
            ACCOUNT, date(2026, 8, 8), "tiktok_follower_history", {"followers": 15239, "follower_change": -3}
        ),
        AccountSnapshotRecord(
            ACCOUNT, date(2026, 8, 9), "tiktok_follower_history", {"followers": 15264, "follower_change": 25}
        ),
    ]


def test_follower_history_year_rollover_and_gap():
    _, records = parse(sources(FIXTURES / "rollover" / "Followers_sukamajukab.zip")["FollowerHistory.csv"])
    assert [(r.day, r.values) for r in records] == [
        (date(2026, 12, 30), {"followers": 20010, "follower_change": None}),
        (date(2026, 12, 31), {"followers": 20025, "follower_change": 15}),
        (date(2027, 1, 2), {"followers": 20040, "follower_change": None}),  # 1 January missing
        (date(2027, 1, 3), {"followers": 20047, "follower_change": 7}),
    ]


def test_follower_activity_hours():
    kind, records = parse(sources(FIXTURES / "Followers_sukamajukab.zip")["FollowerActivity.csv"])
    assert kind == "tiktok_follower_activity"
    assert len(records) == 48
    assert records[0] == AudienceRecord(
        ACCOUNT, date(2026, 8, 11), "tiktok_follower_activity", "active_hour", "2026-08-08 00", count=100
    )
    assert records[13] == AudienceRecord(
        ACCOUNT, date(2026, 8, 11), "tiktok_follower_activity", "active_hour", "2026-08-08 13", count=191
    )
    assert records[-1].bucket == "2026-08-09 23" and records[-1].count == 40


def test_follower_gender():
    kind, records = parse(sources(FIXTURES / "Followers_sukamajukab.zip")["FollowerGender.csv"])
    assert kind == "tiktok_follower_gender"
    assert records == [
        AudienceRecord(ACCOUNT, date(2026, 8, 11), "tiktok_follower_gender", "gender", "female", share=0.56),
        AudienceRecord(ACCOUNT, date(2026, 8, 11), "tiktok_follower_gender", "gender", "male", share=0.43),
        AudienceRecord(ACCOUNT, date(2026, 8, 11), "tiktok_follower_gender", "gender", "other", share=0.01),
    ]


def test_follower_territories():
    kind, records = parse(sources(FIXTURES / "Followers_sukamajukab.zip")["FollowerTopTerritories.csv"])
    assert kind == "tiktok_follower_territories"
    assert [(r.dimension, r.bucket, r.share) for r in records] == [
        ("territory", "ID", 0.9312),
        ("territory", "MY", 0.0241),
        ("territory", "SG", 0.0107),
        ("territory", "other", 0.034),
    ]


# --- Viewers ------------------------------------------------------------------------------


def test_viewers_xlsx_with_undefined_last_day():
    kind, records = parse(sources(FIXTURES / "Viewers_sukamajukab.zip")["Viewers.xlsx"])
    assert kind == "tiktok_viewers"
    assert records == [
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 7),
            "tiktok_viewers",
            {"viewers": 1210, "new_viewers": 800, "returning_viewers": 410},
        ),
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 8),
            "tiktok_viewers",
            {"viewers": 1432, "new_viewers": 1001, "returning_viewers": 431},
        ),
        # partial day: "undefined" total and placeholder zeros are all unknown
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 9),
            "tiktok_viewers",
            {"viewers": None, "new_viewers": None, "returning_viewers": None},
        ),
    ]


def test_viewers_csv_greek_dates():
    kind, records = parse(sources(FIXTURES / "greek" / "Viewers_sukamajukab.zip")["Viewers.csv"])
    assert kind == "tiktok_viewers"
    assert [(r.day, r.values["viewers"]) for r in records] == [
        (date(2026, 2, 25), 812),
        (date(2026, 2, 26), 905),
        (date(2026, 2, 27), None),
    ]


# --- Download your data JSON --------------------------------------------------------------


def test_dyd_new_layout(tmp_path):
    source = loose_copy(tmp_path, "dyd/user_data_tiktok.json", datetime(2026, 8, 20, 6, 0))
    kind, records = parse(source)
    assert kind == "tiktok_dyd_json"
    captured = datetime(2026, 8, 20, 6, 0)
    assert records == [
        PostRecord(
            "tiktok",
            VIDEO_1,
            ACCOUNT,
            published_at=datetime(2026, 8, 5, 2, 30),
            type="video",
            caption="Ayo ke Festival Kopi Sukamaju 2026! ☕🎉 Gratis masuk, ada 40 UMKM lokal. "
            "#SukamajuBangkit #KopiLokal",
            permalink=f"https://www.tiktokv.com/share/video/{VIDEO_1}/",
        ),
        MetricSnapshotRecord("tiktok", VIDEO_1, captured, "tiktok_dyd_json", {"likes": 412}),
        PostRecord(
            "tiktok",
            VIDEO_2,
            ACCOUNT,
            published_at=datetime(2026, 8, 1, 9, 15, 42),
            type="video",
            caption='Bupati: "Jalan desa harus mulus sebelum panen" 🚜\n'
            "Cek jadwal perbaikan, di link bio 👉 #InfrastrukturDesa",
            permalink=f"https://www.tiktokv.com/share/video/{VIDEO_2}/",
        ),
        MetricSnapshotRecord("tiktok", VIDEO_2, captured, "tiktok_dyd_json", {"likes": None}),  # "N/A"
    ]


def test_dyd_old_layout_in_zip_ignores_watch_history():
    kind, records = parse(sources(FIXTURES / "dyd" / "tiktok_data_old.zip")["user_data.json"])
    assert kind == "tiktok_dyd_json"
    assert records == [
        PostRecord(
            "tiktok",
            "7188857520426241286",
            AccountRef("tiktok", handle="sukamaju_lama"),
            published_at=datetime(2023, 1, 15, 7, 5, 9),
            type="video",
            caption="Senam sehat bersama ASN Sukamaju 💪 #JumatSehat",
            permalink="https://www.tiktokv.com/share/video/7188857520426241286/",
        ),
        MetricSnapshotRecord(
            "tiktok", "7188857520426241286", datetime(2023, 3, 1, 12, 0), "tiktok_dyd_json", {"likes": 37}
        ),
    ]


def test_dyd_null_video_list():
    kind, records = parse(ExportSource(FIXTURES / "dyd" / "user_data_no_posts.json"))
    assert kind == "tiktok_dyd_json"
    assert records == [Notice("user_data_no_posts.json: the export lists no posts")]


def test_dyd_streams_past_large_sections_in_small_chunks(tmp_path, monkeypatch):
    from collectors.tiktok import _JsonSections

    monkeypatch.setattr(_JsonSections, "CHUNK", 7)  # every token crosses a chunk boundary
    source = loose_copy(tmp_path, "dyd/user_data_tiktok.json", datetime(2026, 8, 20, 6, 0))
    _, records = parse(source)
    assert [r.platform_post_id for r in records] == [VIDEO_1, VIDEO_1, VIDEO_2, VIDEO_2]


def test_truncated_dyd_json(tmp_path):
    data = (FIXTURES / "dyd" / "user_data_tiktok.json").read_bytes()
    target = tmp_path / "user_data_tiktok.json"
    target.write_bytes(data[: data.index(b'"Post"') + 40])
    assert parse_error(ExportSource(target)) == (
        "user_data_tiktok.json: not valid JSON (a string is not closed); "
        "expected the JSON file exactly as TikTok's 'Download your data' delivered it"
    )


# --- detection does not claim other files ------------------------------------------------


def test_studio_detectors_do_not_claim_other_csvs(tmp_path):
    from collectors import Sniff
    from collectors.exportfile import head_text
    from collectors.tiktok import KINDS

    x_overview = tmp_path / "account_overview_analytics.csv"
    x_overview.write_bytes(
        b"Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,"
        b"Reposts,Profile visits,Create Post,Video views,Media views\n"
        b'"Fri, Mar 21, 2025",1070,11,32,0,0,0,0,2,1,6,0,0,0'
    )
    meta = tmp_path / "Views.csv"
    meta.write_bytes('sep=,\n"Views"\n"Date","Primary"\n"2025-12-24T00:00:00","1775"\n'.encode("utf-16"))
    for path in (x_overview, meta):
        head = path.read_bytes()[:8192]
        sniff = Sniff(ExportSource(path), head, head_text(head))
        assert [k.name for k in KINDS if k.detect(sniff)] == []


# --- bad files ------------------------------------------------------------------------------


def test_unknown_column(tmp_path):
    source = loose_copy(tmp_path, "bad/Overview_unknown_column.csv", datetime(2026, 8, 11))
    ctx = ParseContext(imported_at=CTX.imported_at, account_handle="sukamajukab")
    assert parse_error(source, ctx) == (
        "Overview_unknown_column.csv, row 1: unknown column(s) 'Watch time'; expected the columns of a known "
        "export; if the platform added a column, re-run with --ignore-unknown-columns to import the rest and skip it"
    )


def test_unknown_column_skipped_on_request(tmp_path):
    source = loose_copy(tmp_path, "bad/Overview_unknown_column.csv", datetime(2026, 8, 11))
    ctx = ParseContext(imported_at=CTX.imported_at, account_handle="sukamajukab", ignore_unknown_columns=True)
    _, records = parse(source, ctx)
    assert records == [
        Notice("Overview_unknown_column.csv: skipped unknown column(s) 'Watch time'"),
        AccountSnapshotRecord(
            ACCOUNT,
            date(2026, 8, 9),
            "tiktok_overview",
            {"views": 640, "profile_visits": 19, "likes": 88, "comments": 3, "shares": 2},
        ),
    ]


def test_unparseable_date(tmp_path):
    source = loose_copy(tmp_path, "bad/Overview_bad_date.csv", datetime(2026, 8, 11))
    ctx = ParseContext(imported_at=CTX.imported_at, account_handle="sukamajukab")
    assert parse_error(source, ctx) == (
        "Overview_bad_date.csv, row 3, column 'Date': 'Agustus' is not a date; expected a day and month such as "
        "'August 9', '9 August', '9 Agustus', '9 Agu', '9月13日' or '2026-08-09'"
    )


def test_dates_out_of_order(tmp_path):
    source = loose_copy(tmp_path, "bad/Overview_descending.csv", datetime(2026, 8, 11))
    ctx = ParseContext(imported_at=CTX.imported_at, account_handle="sukamajukab")
    assert parse_error(source, ctx) == (
        "Overview_descending.csv, row 3, column 'Date': date 'August 8' comes before the previous row's "
        "'August 9'; expected rows in ascending date order, as TikTok Studio exports them"
    )


def test_truncated_quoted_field():
    assert parse_error(ExportSource(FIXTURES / "bad" / "Content_truncated.csv")) == (
        "Content_truncated.csv, row 2: broken CSV (unexpected end of data); "
        "expected a complete CSV file as the platform exported it (re-download it)"
    )


def test_latin1_resaved_file():
    # Still recognised by its header, then refused for its encoding. (The row is where the
    # decoder stopped; it reads ahead by blocks, so for a small file that is row 1.)
    assert parse_error(ExportSource(FIXTURES / "bad" / "Content_latin1.csv")) == (
        "Content_latin1.csv, row 2: the text is not valid UTF-8 or UTF-16; "
        "expected the file exactly as downloaded, not re-saved in another encoding"
    )


def test_bad_video_link():
    assert parse_error(ExportSource(FIXTURES / "bad" / "Content_bad_link.csv")) == (
        "Content_bad_link.csv, row 2, column 'Video link': 'https://www.tiktok.com/@sukamajukab' is not a TikTok "
        "video link; expected a TikTok link such as https://www.tiktok.com/@sukamajukab/video/7400123456789012345"
    )


def test_empty_file():
    with pytest.raises(ExportFormatError) as caught:
        detect_kind(ExportSource(FIXTURES / "bad" / "empty.csv"))
    assert (
        str(caught.value)
        == "empty.csv: the file is empty; expected an export file as downloaded from the platform"
    )


def test_zip_with_nothing_known():
    (source,) = sources(FIXTURES / "bad" / "Followers_sukamajukab.zip").values()
    with pytest.raises(UnknownExportError) as caught:
        detect_kind(source)
    message = str(caught.value)
    assert message.startswith(
        "Followers_sukamajukab.zip:LIESMICH.txt: not an export file outreach understands; closest are "
    )
    assert message.endswith("(`outreach import --help` lists all 21 kinds)")
    assert len(message) < 400 and "\n" not in message


def test_large_overview_streams(tmp_path):
    # 200,000 daily rows would be 550 years; what matters is that rows stream and years walk back.
    rows = ['"Date","Video Views","Profile Views","Likes","Comments","Shares"']
    day = date(2026, 8, 9).toordinal() - 1999
    for n in range(2000):
        d = date.fromordinal(day + n)
        rows.append(f'"{d:%B} {d.day}","{n}","1","2","3","4"')
    target = tmp_path / "Overview_2026-08-01_1786417200_sukamajukab.zip"
    import zipfile

    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("Overview.csv", b"\xef\xbb\xbf" + "\n".join(rows).encode())
    _, records = parse(ExportSource(target, "Overview.csv"))
    assert records[0].day == date.fromordinal(day) and records[-1].day == date(2026, 8, 9)
    assert [r.values["views"] for r in records[:3]] == [0, 1, 2]


def test_a_section_zip_itself_is_not_mistaken_for_an_xlsx_sheet():
    with pytest.raises(UnknownExportError):
        detect_kind(ExportSource(FIXTURES / "Content_sukamajukab.zip"))

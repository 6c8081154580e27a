"""Instagram export kinds, at the record level, against byte-faithful fixtures.

The fixtures are written by tests/fixtures/instagram/make_fixtures.py.
"""

from __future__ import annotations

import os
import shutil
import tracemalloc
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from collectors import ParseContext, detect_kind, iter_sources
from collectors.errors import CollectorError, ExportFormatError, UnknownExportError
from collectors.exportfile import ExportSource, normalise_header
from collectors.instagram import CONTENT_ALIASES, KINDS
from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    AudienceRecord,
    MetricSnapshotRecord,
    Notice,
    PostRecord,
)

FIXTURES = Path(__file__).parent / "fixtures" / "instagram"
BAD = FIXTURES / "bad"
EN_FILE = FIXTURES / "Mar-17-2025_Mar-17-2026_1583510916282258.csv"
ES_FILE = FIXTURES / "Oct-01-2025_Mar-31-2026_2222222222222222.csv"
ID_FILE = FIXTURES / "Feb-01-2026_Feb-28-2026_3333333333333333.csv"
STORIES_FILE = FIXTURES / "Mar-01-2026_Mar-07-2026_4444444444444444.csv"
CTX = ParseContext(imported_at=datetime(2026, 3, 20, 9, 0))
CTX_ACCOUNT = ParseContext(imported_at=datetime(2026, 3, 20, 9, 0), account_handle="sukamajukab")
SUKAMAJU = AccountRef("instagram", "sukamajukab", "17841400000000001", "Diskominfo Kabupaten Sukamaju")


def parse(path: Path | ExportSource, ctx: ParseContext = CTX, kind: str | None = None) -> list:
    source = path if isinstance(path, ExportSource) else ExportSource(path)
    found = detect_kind(source)
    if kind is not None:
        assert found.name == kind
    return list(found.parse(source, ctx))


def error_text(path: Path, ctx: ParseContext = CTX) -> str:
    with pytest.raises(CollectorError) as caught:
        parse(path, ctx)
    return str(caught.value)


def by_type(records: list, cls: type) -> list:
    return [r for r in records if isinstance(r, cls)]


def set_mtime(path: Path, moment: datetime) -> None:
    stamp = moment.replace(tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))


# --- content export ---------------------------------------------------------------


def test_english_content_export():
    records = parse(EN_FILE, kind="meta_content")
    posts, snaps = by_type(records, PostRecord), by_type(records, MetricSnapshotRecord)
    assert len(records) == 12 and len(posts) == 6 and len(snaps) == 6
    assert records[0] == PostRecord(
        platform="instagram",
        platform_post_id="17978919536823613",
        account=SUKAMAJU,
        published_at=datetime(2026, 1, 15, 17, 30),  # 09:30 PST = UTC-8
        type="image",
        caption="Selamat pagi Sukamaju! ☀️ Cek jadwal #PelayananPublik minggu ini.",
        permalink="https://www.instagram.com/p/DTaaaaaaaa1/",
        duration_sec=None,  # Meta writes 0 for images
    )
    assert records[1] == MetricSnapshotRecord(
        "instagram",
        "17978919536823613",
        datetime(2026, 3, 18, 7, 0),
        "meta_content",
        {"views": 1775, "reach": 1204, "likes": 88, "shares": 5, "follows": 2, "comments": 7, "saves": 3},
    )
    carousel = posts[1]
    assert carousel.type == "carousel"
    assert carousel.published_at == datetime(2025, 7, 4, 17, 0)  # 10:00 PDT = UTC-7
    assert carousel.caption == (
        "Festival Budaya Sukamaju 2025 🎉\nTerima kasih warga!\xa0Sampai jumpa tahun depan 🙏\n"
        "#SukamajuBerbudaya #HUTSukamaju"
    )
    reel = posts[2]
    assert (reel.type, reel.duration_sec, reel.published_at) == ("reel", 45, datetime(2026, 3, 11, 1, 5))
    assert reel.permalink == "https://www.instagram.com/reel/DVccccccccc3/"


def test_collab_row_names_the_partner_and_blank_is_unknown():
    records = parse(EN_FILE)
    post = next(r for r in records if isinstance(r, PostRecord) and r.platform_post_id == "17999999999999999")
    assert post.account == AccountRef(
        "instagram", "dinkes.sukamaju", "17841400000000077", "Dinas Kesehatan Sukamaju"
    )
    assert post.caption == 'Kolaborasi "Sukamaju Sehat" bersama Diskominfo 🤝'
    snap = next(
        r
        for r in records
        if isinstance(r, MetricSnapshotRecord) and r.platform_post_id == "17999999999999999"
    )
    assert snap.values == {
        "views": 3100,
        "reach": None,
        "likes": 140,
        "shares": 12,
        "follows": None,
        "comments": 9,
        "saves": 15,
    }


def test_zero_counts_stay_zero_and_empty_caption_is_none():
    records = parse(EN_FILE)
    post, snap = records[-2], records[-1]
    assert post.caption is None and post.published_at == datetime(2026, 1, 1, 7, 59)
    assert snap.values == dict.fromkeys(
        ("views", "reach", "likes", "shares", "follows", "comments", "saves"), 0
    )
    reel_zero = next(
        r for r in records if isinstance(r, PostRecord) and r.platform_post_id == "18222222222222222"
    )
    assert reel_zero.type == "reel" and reel_zero.duration_sec is None


def test_spanish_content_export():
    records = parse(ES_FILE, kind="meta_content")
    posts = by_type(records, PostRecord)
    assert [p.type for p in posts] == ["image", "carousel", "reel"]
    assert [p.published_at for p in posts] == [
        datetime(2025, 11, 2, 17, 0),  # PST
        datetime(2025, 10, 21, 0, 30),  # PDT, next UTC day
        datetime(2026, 3, 26, 22, 38),  # PDT, month first even in Spanish
    ]
    assert posts[0].caption == "¡Hola Sukamaju! Jornada de limpieza 🌱 #SukamajuBersih"
    assert posts[2].duration_sec == 22
    snap = by_type(records, MetricSnapshotRecord)[2]
    assert snap.captured_at == datetime(2026, 4, 1, 7, 0)  # end of Mar-31-2026 in Pacific time
    assert snap.values == {
        "views": 8800,
        "reach": 7000,
        "likes": 420,
        "shares": 55,
        "follows": 14,
        "comments": 31,
        "saves": 60,
    }


def test_indonesian_content_export_reads_grouped_numbers():
    records = parse(ID_FILE, kind="meta_content")
    posts, snaps = by_type(records, PostRecord), by_type(records, MetricSnapshotRecord)
    assert [p.type for p in posts] == ["image", "reel", "carousel"]
    assert posts[0].published_at == datetime(2026, 2, 11, 4, 0)
    assert posts[0].account == SUKAMAJU
    assert snaps[0].values["views"] == 1234
    assert snaps[1].values == {
        "views": 125678,
        "reach": 98765,
        "likes": 4321,
        "shares": 1002,
        "follows": 310,
        "comments": 245,
        "saves": 1500,
    }
    assert snaps[2].values["reach"] is None and snaps[2].values["follows"] is None
    assert snaps[2].values["views"] == 2000
    assert snaps[0].captured_at == datetime(2026, 3, 1, 8, 0)


def test_stories_export():
    records = parse(STORIES_FILE, kind="meta_stories")
    posts, snaps = by_type(records, PostRecord), by_type(records, MetricSnapshotRecord)
    assert [p.type for p in posts] == ["story", "story"]
    assert posts[0].published_at == datetime(2026, 3, 5, 15, 10)
    assert posts[0].caption is None and posts[1].duration_sec == 15
    assert snaps[0] == MetricSnapshotRecord(
        "instagram",
        "18077777777777777",
        datetime(2026, 3, 8, 8, 0),
        "meta_stories",
        {
            "views": 410,
            "reach": 388,
            "likes": 12,
            "shares": 3,
            "follows": 1,
            "profile_visits": 9,
            "replies": 2,
            "link_clicks": 5,
        },
    )
    assert snaps[1].values == {
        "views": 520,
        "reach": None,
        "likes": 20,
        "shares": None,
        "follows": None,
        "profile_visits": 11,
        "replies": 7,
        "link_clicks": None,
    }


def test_renamed_content_export_uses_file_time(tmp_path):
    copy = tmp_path / "instagram konten.csv"
    shutil.copy(EN_FILE, copy)
    set_mtime(copy, datetime(2026, 3, 19, 4, 5, 6))
    snaps = by_type(parse(copy), MetricSnapshotRecord)
    assert {s.captured_at for s in snaps} == {datetime(2026, 3, 19, 4, 5, 6)}


def test_content_export_inside_zip(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(EN_FILE, EN_FILE.name)
    (source,) = list(iter_sources([archive]))
    records = parse(source, kind="meta_content")
    assert len(records) == 12 and records[1].captured_at == datetime(2026, 3, 18, 7, 0)


def test_old_impressions_and_plays_columns_become_views(tmp_path):
    path = tmp_path / "old.csv"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + (
            b'"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
            b'"Publish time",Permalink,"Post type","Data comment",Date,Impressions,Plays,Reach,Likes,'
            b"Comments,Saves,Shares,Follows\n"
            b'17900000000000001,17841400000000001,sukamajukab,"Diskominfo Kabupaten Sukamaju",Foto,0,'
            b'"06/01/2024 08:00",https://www.instagram.com/p/C1/,"IG image",,Lifetime,500,,400,20,1,2,0,0\n'
            b'17900000000000002,17841400000000001,sukamajukab,"Diskominfo Kabupaten Sukamaju",Reel,30,'
            b'"06/02/2024 08:00",https://www.instagram.com/reel/C2/,"IG reel",,Lifetime,900,1500,800,40,2,3,1,0\n'
        )
    )
    snaps = by_type(parse(path, kind="meta_content"), MetricSnapshotRecord)
    assert [s.values["views"] for s in snaps] == [500, 1500]
    assert "impressions" not in snaps[0].values and "plays" not in snaps[0].values


def test_unknown_post_type_is_a_notice(tmp_path):
    data = EN_FILE.read_bytes().replace(b'"IG image"', b'"IG live"', 1)
    path = tmp_path / "live.csv"
    path.write_bytes(data)
    records = parse(path)
    assert records[0] == Notice("live.csv, row 2: unknown post type 'IG live' stored without a type")
    assert records[1].type is None


def test_alias_tables_have_no_conflicts():
    owner: dict[str, str] = {}
    for table in CONTENT_ALIASES.values():
        for field, names in table.items():
            for name in names:
                key = normalise_header(name)
                assert owner.setdefault(key, field) == field, name


def test_content_export_streams_with_flat_memory(tmp_path):
    header = EN_FILE.read_bytes().split(b"\n", 1)[0] + b"\n"
    row = (
        b'1797891953682%04d,17841400000000001,sukamajukab,"Diskominfo Kabupaten Sukamaju",'
        b'"Caption panjang \xf0\x9f\x8e\x89 #Sukamaju",0,"01/15/2026 09:30",https://www.instagram.com/p/X/,'
        b'"IG image",,Lifetime,1775,1204,88,5,2,7,3\n'
    )
    path = tmp_path / "big.csv"
    with open(path, "wb") as out:
        out.write(header)
        out.writelines(row % number for number in range(5000))
    source = ExportSource(path)
    kind = detect_kind(source)
    tracemalloc.start()
    count = sum(1 for _ in kind.parse(source, CTX))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 10000
    assert peak < 2_000_000  # the file is ~0.9 MB; the parser holds a row at a time


# --- account exports ----------------------------------------------------------------


def test_views_account_metric():
    records = parse(FIXTURES / "Views.csv", CTX_ACCOUNT, kind="meta_account_metric")
    account = AccountRef("instagram", "sukamajukab")
    assert records == [
        AccountSnapshotRecord(account, date(2025, 12, 24), "meta_account_metric", {"views": 1775}),
        AccountSnapshotRecord(account, date(2025, 12, 25), "meta_account_metric", {"views": 2010}),
        AccountSnapshotRecord(account, date(2025, 12, 26), "meta_account_metric", {"views": 988}),
    ]


def test_follows_omitted_day_is_not_invented():
    records = parse(FIXTURES / "Follows.csv", CTX_ACCOUNT, kind="meta_account_metric")
    assert [(r.day, r.values) for r in records] == [
        (date(2025, 12, 24), {"follows": 3}),
        (date(2025, 12, 25), {"follows": 1}),
        (date(2025, 12, 27), {"follows": 2}),
    ]


def test_indonesian_account_metric():
    records = parse(FIXTURES / "Jangkauan.csv", CTX_ACCOUNT, kind="meta_account_metric")
    assert [(r.day, r.values) for r in records] == [
        (date(2026, 2, 1), {"reach": 1234}),
        (date(2026, 2, 2), {"reach": 987}),
    ]


def test_account_metric_needs_an_account():
    assert error_text(FIXTURES / "Views.csv") == (
        "Views.csv: the file does not say which account it belongs to; "
        "expected --account HANDLE on the command line, or the file kept in a folder named after the account"
    )


def test_unknown_metric_title():
    assert error_text(BAD / "Unknown_title.csv", CTX_ACCOUNT) == (
        "Unknown_title.csv, row 2: unknown metric title 'Facebook Page likes'; expected one of "
        "'Content interactions', 'Instagram follows', 'Instagram link clicks', "
        "'Instagram profile visits', 'Reach', 'Views'"
    )


def test_audience(tmp_path):
    copy = tmp_path / "Audience.csv"
    shutil.copy(FIXTURES / "Audience.csv", copy)
    set_mtime(copy, datetime(2026, 3, 19, 23, 0))
    records = parse(copy, CTX_ACCOUNT, kind="meta_audience")
    account = AccountRef("instagram", "sukamajukab")
    day = date(2026, 3, 19)
    assert records[0] == AccountSnapshotRecord(account, day, "meta_audience", {"followers": 1629})
    shares = [(r.dimension, r.bucket, r.share) for r in by_type(records, AudienceRecord)]
    assert shares == [
        ("age_gender", "18-24/women", 0.042),
        ("age_gender", "18-24/men", 0.191),
        ("age_gender", "25-34/women", 0.125),
        ("age_gender", "25-34/men", 0.3),
        ("age_gender", "65+/women", 0.003),
        ("age_gender", "65+/men", 0.001),
        ("city", "Sukamaju, Indonesia", 0.384),
        ("city", "Jakarta, Indonesia", 0.084),
        ("city", "Bandung, Indonesia", 0.02),
    ]
    assert all(r.captured_on == day and r.source == "meta_audience" for r in records[1:])


# --- Download your information JSON ---------------------------------------------------


def test_dyi_posts_repairs_mojibake():
    records = parse(FIXTURES / "posts_1.json", kind="instagram_dyi_posts")
    assert records == [
        PostRecord(
            "instagram",
            "dyi:1768498200",
            None,
            datetime(2026, 1, 15, 17, 30),
            "image",
            "Selamat pagi Sukamaju! ☀️ #PelayananPublik",
        ),
        PostRecord(
            "instagram",
            "dyi:1751648400",
            None,
            datetime(2025, 7, 4, 17, 0),
            "carousel",
            "Festival Budaya 🎉\nTerima kasih warga — sampai jumpa!",
        ),
        PostRecord(
            "instagram", "dyi:1773191100", None, datetime(2026, 3, 11, 1, 5), "reel", "Vaksinasi gratis"
        ),
    ]


def test_dyi_reels_and_stories():
    reels = parse(FIXTURES / "reels.json", CTX_ACCOUNT, kind="instagram_dyi_posts")
    assert reels == [
        PostRecord(
            "instagram",
            "dyi:1773191100",
            AccountRef("instagram", "sukamajukab"),
            datetime(2026, 3, 11, 1, 5),
            "reel",
            "Vaksinasi gratis di Puskesmas 💉",
        )
    ]
    stories = parse(FIXTURES / "stories.json", kind="instagram_dyi_posts")
    assert [(s.platform_post_id, s.type, s.published_at, s.caption) for s in stories] == [
        ("dyi:1772723400", "story", datetime(2026, 3, 5, 15, 10), None),
        ("dyi:1772740800", "story", datetime(2026, 3, 5, 20, 0), "Polling jalan 🛣️"),
    ]


def test_dyi_zip_names_the_account():
    sources = list(iter_sources([FIXTURES / "instagram-sukamajukab-2026-03-20-AbCdEfGh.zip"]))
    posts = [r for s in sources for r in parse(s)]
    assert len(posts) == 4
    assert all(p.account == AccountRef("instagram", "sukamajukab") for p in posts)


def test_dyi_broken_json(tmp_path):
    path = tmp_path / "posts_1.json"
    path.write_bytes((FIXTURES / "posts_1.json").read_bytes()[:-40])
    assert error_text(path) == (
        "posts_1.json: broken JSON in entry 3 (Unterminated string starting at); "
        "expected the JSON file exactly as Instagram exported it (re-download it)"
    )


# --- detection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        # X Premium content export (Gen 2) also starts with "Post id"
        (
            b"Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,"
            b"Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks\n"
            b'2107033435285991885,"Mon, Oct 5, 2026",Halo,https://x.com/sukamajukab/status/2107033435285991885,'
            b"1,2,3,4,5,6,7,8,9,0,0,0,0"
        ),
        # X Premium content export, Indonesian UI (shares "ID postingan", "Tanggal", "Tayangan" with Meta's ID UI)
        (
            b"ID postingan,Tanggal,Teks postingan,Tautan,Tayangan,Suka,Engagement,Markah,Bagikan,Pengikut baru,"
            b"Balasan,Posting ulang,Kunjungan profil,Perluasan detail,Klik URL,Klik hashtag,Klik permalink\r\n"
            b"1902620805600833905,Thu Mar 20 2025,Ayo,https://x.com/sukamajukab/status/1902620805600833905,"
            b"85,2,3,0,0,0,0,0,1,0,0,0,0\r\n"
        ),
        # TikTok Studio Overview: BOM, every field quoted, "Date" first
        b'\xef\xbb\xbf"Date","Video Views","Profile Views","Likes","Comments","Shares"\n"March 1","10","2","3","0","0"',
        # TikTok "Download your data"
        b'{"Activity": {"Like List": {"ItemFavoriteList": []}}}',
        # X archive
        b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1"}}]',
    ],
)
def test_instagram_kinds_do_not_claim_other_platforms_files(tmp_path, data):
    path = tmp_path / "other.csv"
    path.write_bytes(data)
    from collectors import Sniff
    from collectors.exportfile import head_text

    sniff = Sniff(ExportSource(path), data, head_text(data))
    assert [k.name for k in KINDS if k.detect(sniff)] == []


# --- bad files ----------------------------------------------------------------------


def test_unknown_column():
    assert error_text(BAD / "unknown_column.csv") == (
        "unknown_column.csv, row 1: unknown column(s) 'Reposts'; expected the columns of a known export; "
        "if the platform added a column, re-run with --ignore-unknown-columns to import the rest and skip it"
    )


def test_unknown_column_can_be_skipped():
    ctx = ParseContext(imported_at=datetime(2026, 3, 20), ignore_unknown_columns=True)
    records = parse(BAD / "unknown_column.csv", ctx)
    assert records[0] == Notice("unknown_column.csv: skipped unknown column 'Reposts'")
    assert len(by_type(records, PostRecord)) == 2


def test_truncated_quoted_field():
    assert error_text(BAD / "truncated.csv") == (
        "truncated.csv, row 3: broken CSV (unexpected end of data); "
        "expected a complete CSV file as the platform exported it (re-download it)"
    )


def test_latin1_resaved_file():
    assert error_text(BAD / "latin1.csv") == (
        "latin1.csv, row 1: the text is not valid UTF-8 or UTF-16; "
        "expected the file exactly as downloaded, not re-saved in another encoding"
    )


def test_empty_file():
    with pytest.raises(ExportFormatError) as caught:
        detect_kind(ExportSource(BAD / "empty.csv"))
    assert (
        str(caught.value)
        == "empty.csv: the file is empty; expected an export file as downloaded from the platform"
    )


def test_bad_publish_time():
    assert error_text(BAD / "bad_time.csv") == (
        "bad_time.csv, row 2, column 'Publish time': '2026-01-15 09:30' is not a publish time; "
        "expected MM/DD/YYYY HH:MM such as 03/26/2026 15:38"
    )


def test_bad_number():
    assert error_text(BAD / "bad_number.csv") == (
        "bad_number.csv, row 2, column 'Views': '1,775x' is not a count; expected a whole number from 0 to "
        "999,999,999,999 such as 1234 or 1234.0, or blank / '-' / 'undefined' when unknown"
    )


def test_post_id_mangled_by_excel(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(EN_FILE.read_bytes().replace(b"17978919536823613", b"1.79789E+16"))
    assert error_text(path) == (
        "excel.csv, row 2, column 'Post ID': '1.79789E+16' is not a post id; expected the numeric id as "
        "exported, e.g. 17978919536823613 (a file re-saved by Excel turns it into 1.79789E+16)"
    )


def test_zip_with_nothing_known():
    (source,) = list(iter_sources([BAD / "nothing.zip"]))
    with pytest.raises(UnknownExportError) as caught:
        detect_kind(source)
    message = str(caught.value)
    assert message.startswith("nothing.zip:readme.txt: not an export file outreach understands; closest are ")
    # Three kinds named, the rest behind --help: one line a person reads.
    assert message.endswith("(`outreach import --help` lists all 21 kinds)")
    assert len(message) < 400 and "\n" not in message


def test_empty_zip(tmp_path):
    archive = tmp_path / "kosong.zip"
    zipfile.ZipFile(archive, "w").close()
    (error,) = list(iter_sources([archive]))
    assert str(error) == "kosong.zip: the ZIP holds no files; expected a ZIP downloaded from the platform"


def test_portuguese_semicolon_export(tmp_path):
    # Shape of a third-party Portuguese sample (';'-separated); unverified against a real file.
    path = tmp_path / "pt.csv"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + (
            "Identificação da publicação;Identificação da conta;Nome de usuário da conta;Nome da conta;"
            "Descrição;Horário de publicação;Link permanente;Tipo de publicação;Visualizações;Alcance;"
            "Curtidas;Compartilhamentos;Comentários;Salvamentos\n"
            '17900000000000009;17841400000000001;sukamajukab;"Diskominfo Kabupaten Sukamaju";Olá;'
            '"08/15/2025 12:00";https://www.instagram.com/p/C9/;"Carrossel do Instagram";1.500;1.200;80;3;4;5\n'
        ).encode()
    )
    post, snap = parse(path, kind="meta_content")
    assert (post.type, post.published_at, post.caption) == ("carousel", datetime(2025, 8, 15, 19, 0), "Olá")
    assert snap.values == {"views": 1500, "reach": 1200, "likes": 80, "shares": 3, "comments": 4, "saves": 5}


def test_swedish_header_is_recognised(tmp_path):
    path = tmp_path / "sv.csv"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + (
            "Publicerings-id,Konto-id,Kontots användarnamn,Kontonamn,Beskrivning,Publiceringstid,Inläggstyp,"
            "Permalänk,Visningar,Räckvidd,Gilla-markeringar,Kommentarer,Delningar,Följer,Sparade objekt\n"
            '17900000000000010,17841400000000001,sukamajukab,Diskominfo,Hej,"01/02/2026 10:00",'
            '"IG-bild",https://www.instagram.com/p/C10/,12,10,1,0,0,0,0\n'
        ).encode()
    )
    post, snap = parse(path, kind="meta_content")
    assert (post.type, post.published_at) == ("image", datetime(2026, 1, 2, 18, 0))
    assert snap.values["views"] == 12


def test_audience_needs_an_account():
    assert error_text(FIXTURES / "Audience.csv") == (
        "Audience.csv: the file does not say which account it belongs to; "
        "expected --account HANDLE on the command line, or the file kept in a folder named after the account"
    )

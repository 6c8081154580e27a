"""The weekly report's numbers (its JSON) against a week computed by hand, in both languages.

The report is for ISO week 2026-W47 (Monday 16 – Sunday 22 November 2026, WIB = UTC+7),
written on Monday 23 November at 07:00 WIB. Times below are UTC; every snapshot is taken at a
whole number of days after publishing, so the values at an age are the snapshot values.

| post | account         | published (UTC) | week | type  | snapshots at age (days): likes/comments/shares/saves, reach, views |
|------|-----------------|-----------------|------|-------|------------------------------------------------------------------|
| a    | instagram       | Mon 16 Nov 02:00 | W47 | image | 4: 60/8/4/3, 800, 1500 (eng 75); 6: 80/10/5/5, 1000, 2000 (eng 100) |
| b    | instagram       | Wed 18 Nov 02:00 | W47 | reel  | 4: 150/20/20/10, 2000, 4000 (eng 200)                              |
| c    | x               | Thu 19 Nov 02:00 | W47 | text  | 3: likes 30, replies 5, reposts 10, quotes 0, bookmarks 5, views 1000 (eng 50) |
| p46  | instagram       | Mon 9 Nov 02:00  | W46 | image | 4: 40/5/3/2, 500, 1000 (eng 50); 7: 50/6/3/1, 600, 1200 (eng 60); 10: 60/6/4/2, 700, 1400 (eng 72) |
| p45  | instagram       | Mon 2 Nov 02:00  | W45 | image | 4: 20/2/1/1, 300, 600 (eng 24)                                     |
| p41  | instagram       | Mon 5 Oct 02:00  | W41 | image | 7: 30/3/2/1, 400, 800 (eng 36)                                      |

TikTok @sukamajukab is configured but has no data at all. Pillars: a economy; b economy and
environment; c governance; p46 economy; p45 governance; p41 economy. Campaign adi-export
(1–30 Nov, pillar economy, targets reach 2000, posts 4, registrations 100 with 40 entered as
impact; baseline 1–28 Oct) has a, b and p46; campaign tanpa-target (from 10 Nov) has no
targets, no baseline and no post. Instagram followers: 9,950 on 8 Nov, 10,000 on 15 Nov,
10,120 on 22 Nov. Comments on a: three positive, one negative; on c: one negative, one neutral.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    CommentRecord,
    MetricSnapshotRecord,
    PostRecord,
)
from outreach.app.workspace import Workspace
from outreach.db import create_db_engine, upgrade
from outreach.store import Store

IG = AccountRef("instagram", "sukamajukab")
X = AccountRef("x", "sukamajukab")
NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # Monday 07:00 WIB

TOML = """
[report]
language = "id"
timezone = "Asia/Jakarta"

[engagement]
rate_by = "reach"
age_days = 7

[[offices]]
key = "diskominfo"
name = "Diskominfo Kabupaten Sukamaju"

[[accounts]]
platform = "instagram"
handle = "sukamajukab"
office = "diskominfo"

[[accounts]]
platform = "x"
handle = "sukamajukab"
office = "diskominfo"

[[accounts]]
platform = "tiktok"
handle = "sukamajukab"
office = "diskominfo"

[[campaigns]]
key = "adi-export"
name = "{campaign}"
start = 2026-11-01
end = 2026-11-30
pillars = ["economy"]
targets = {{ reach = 2000, posts = 4, registrations = 100 }}
baseline = {{ start = 2026-10-01, end = 2026-10-28 }}
impact = {{ registrations = {{ value = 40, source = "Dinas Koperasi" }} }}

[[campaigns]]
key = "tanpa-target"
name = "Tanpa Target"
start = 2026-11-10
"""

COMMENTS = {
    # post, id, label, text, likes
    "a": [
        ("a1", "positive", "Mantap min, pelayanannya cepat sekali", 9),
        ("a2", "positive", "Terima kasih infonya @budi_s hubungi 0812-3456-7890 ya", 7),
        ("a3", "positive", "Keren programnya, semoga lanjut terus", 1),
        ("a4", "negative", "Pelayanannya lambat banget, kecewa @admin.kab", 12),
    ],
    "c": [
        ("c1", "negative", "Jalan rusak belum diperbaiki juga sampai sekarang", 3),
        ("c2", "neutral", "Kapan jadwal berikutnya diumumkan min?", 0),
    ],
}


def snapshot(account: AccountRef, key: str, published: datetime, age: int, **values: int | None):
    return MetricSnapshotRecord(account.platform, key, published + timedelta(days=age), "export", values)


def ig(likes: int, comments: int, shares: int, saves: int, reach: int, views: int) -> dict[str, int]:
    return {
        "likes": likes,
        "comments": comments,
        "shares": shares,
        "saves": saves,
        "reach": reach,
        "views": views,
    }


def build_database(folder: Path, *, caption_b: str = "Reel layanan SiMaju", comment: str | None = None,
                   campaign: str = "ADI EXPORT") -> Workspace:  # fmt: skip
    """The database and outreach.toml above in ``folder``; ``caption_b``, ``comment`` (an extra,
    most-liked negative comment on b) and ``campaign`` let the render tests bring hostile text."""
    config = folder / "outreach.toml"
    config.write_text(
        TOML.format(campaign=campaign.replace("\\", "\\\\").replace('"', '\\"')), encoding="utf-8"
    )
    db = folder / "outreach.db"
    engine = create_db_engine(f"sqlite:///{db}")
    upgrade(engine)
    a, b, c = datetime(2026, 11, 16, 2), datetime(2026, 11, 18, 2), datetime(2026, 11, 19, 2)
    p46, p45, p41 = datetime(2026, 11, 9, 2), datetime(2026, 11, 2, 2), datetime(2026, 10, 5, 2)
    records = [
        PostRecord(
            "instagram", "a", IG, a, "image", "Kurasi UMKM ekspor dibuka", "https://www.instagram.com/p/a/"
        ),
        snapshot(IG, "a", a, 4, **ig(60, 8, 4, 3, 800, 1500)),
        snapshot(IG, "a", a, 6, **ig(80, 10, 5, 5, 1000, 2000)),
        PostRecord("instagram", "b", IG, b, "reel", caption_b, "https://www.instagram.com/reel/b/"),
        snapshot(IG, "b", b, 4, **ig(150, 20, 20, 10, 2000, 4000)),
        PostRecord("x", "c", X, c, "text", "Info jalan rusak", "https://x.com/sukamajukab/status/c"),
        snapshot(X, "c", c, 3, likes=30, replies=5, reposts=10, quotes=0, bookmarks=5, views=1000),
        PostRecord("instagram", "p46", IG, p46, "image", "Bazar UMKM", None),
        snapshot(IG, "p46", p46, 4, **ig(40, 5, 3, 2, 500, 1000)),
        snapshot(IG, "p46", p46, 7, **ig(50, 6, 3, 1, 600, 1200)),
        snapshot(IG, "p46", p46, 10, **ig(60, 6, 4, 2, 700, 1400)),
        PostRecord("instagram", "p45", IG, p45, "image", "Layanan adminduk", None),
        snapshot(IG, "p45", p45, 4, **ig(20, 2, 1, 1, 300, 600)),
        PostRecord("instagram", "p41", IG, p41, "image", "Pasar murah", None),
        snapshot(IG, "p41", p41, 7, **ig(30, 3, 2, 1, 400, 800)),
        AccountSnapshotRecord(IG, date(2026, 11, 8), "meta_account", {"followers": 9_950}),
        AccountSnapshotRecord(IG, date(2026, 11, 15), "meta_account", {"followers": 10_000}),
        AccountSnapshotRecord(IG, date(2026, 11, 22), "meta_account", {"followers": 10_120}),
    ]
    labels = {}
    for key, comments in COMMENTS.items():
        platform = "x" if key == "c" else "instagram"
        for comment_id, label, body, likes in comments:
            records.append(
                CommentRecord(platform, key, comment_id, body, like_count=likes, author_handle="warga1")
            )
            labels[comment_id] = label
    if comment is not None:
        records.append(CommentRecord("instagram", "b", "b1", comment, like_count=99, author_handle="warga2"))
        labels["b1"] = "negative"
    from outreach.config import load_config

    with engine.begin() as connection:
        store = Store(connection)
        store.sync_config(load_config(config))
        store.write(records)
        ids = dict(connection.execute(text("SELECT platform_post_id, id FROM post")).all())
        tags = [
            ("pillar", "economy", "a"), ("pillar", "economy", "b"), ("pillar", "environment", "b"),
            ("pillar", "governance", "c"), ("pillar", "economy", "p46"), ("pillar", "governance", "p45"),
            ("pillar", "economy", "p41"),
            ("campaign", "adi-export", "a"), ("campaign", "adi-export", "b"), ("campaign", "adi-export", "p46"),
        ]  # fmt: skip
        connection.execute(text("DELETE FROM assignment"))
        connection.execute(
            text(
                "INSERT INTO assignment (post_id, kind, key, origin, excluded, assigned_at) "
                "VALUES (:post, :kind, :key, 'manual', false, '2026-11-23 00:00:00')"
            ),
            [{"post": ids[p], "kind": kind, "key": key} for kind, key, p in tags],
        )
        connection.execute(
            text("UPDATE comment SET sentiment_label = :label WHERE platform_comment_id = :id"),
            [{"id": k, "label": v} for k, v in labels.items()],
        )
    engine.dispose()
    return Workspace(str(db), config)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("weekly")
    build_database(path)
    return path


def workspace(folder: Path, language: str | None = None) -> Workspace:
    return Workspace(str(folder / "outreach.db"), folder / "outreach.toml", language=language)


@pytest.fixture(scope="module")
def report_id(folder: Path) -> dict:
    from outreach.app.weekly import build_weekly_report

    return build_weekly_report(workspace(folder), now=NOW).as_dict()


@pytest.fixture(scope="module")
def report_en(folder: Path) -> dict:
    from outreach.app.weekly import build_weekly_report

    return build_weekly_report(
        workspace(folder, "en"), week="2026-W47", office="diskominfo", now=NOW
    ).as_dict()


def rows(report: dict) -> dict:
    return {row["platform"] or "total": row for row in report["headline"]["rows"]}


def test_default_week_is_the_last_complete_one(report_id):
    assert (report_id["week"], report_id["monday"], report_id["sunday"]) == (
        "2026-W47",
        "2026-11-16",
        "2026-11-22",
    )
    assert report_id["office_name"] == "Diskominfo Kabupaten Sukamaju"  # the only office
    assert report_id["posts"] == 3 and report_id["nothing_posted"] is False


def test_headline_values_to_date(report_id):
    instagram, x, tiktok, total = (rows(report_id)[k] for k in ("instagram", "x", "tiktok", "total"))
    # a's newest values (day 6) and b's (day 4).
    assert (instagram["posts"], instagram["views"], instagram["reach"], instagram["engagements"]) == (
        2,
        6000,
        3000,
        300,
    )
    assert instagram["engagement_rate"] == pytest.approx(300 / 3000)
    assert instagram["comments"] == 30
    assert (instagram["age_min_days"], instagram["age_median_days"], instagram["age_max_days"]) == (4, 5, 6)
    # X: replies are its comments, it has no reach.
    assert (x["posts"], x["views"], x["reach"], x["engagements"], x["comments"]) == (1, 1000, None, 50, 5)
    # TikTok is configured but has no data: shown with no posts, not left out.
    assert (tiktok["posts"], tiktok["views"], tiktok["engagements"]) == (0, None, None)
    assert (total["posts"], total["views"], total["reach"], total["reach_known"]) == (3, 7000, 3000, 2)
    assert total["engagements"] == 350 and total["engagement_rate"] == pytest.approx(300 / 3000)
    # a: 3 positive, 1 negative; c: 1 negative, 1 neutral.
    assert (total["positive"], total["negative"], total["neutral"]) == (3, 2, 1)
    assert total["net_sentiment"] == pytest.approx((3 - 2) / (3 + 2))
    # Followers 10,120 on 22 Nov against 10,000 on 15 Nov; the week before 10,000 - 9,950.
    assert instagram["follower_growth"] == 120 and total["follower_growth"] == 120
    assert instagram["change"]["follower_growth"]["previous"] == 50
    assert instagram["change"]["follower_growth"]["vs_previous"] == pytest.approx(120 / 50 - 1)


def test_changes_compare_at_the_age_every_post_reached(report_id):
    # Every Instagram post of the week has reached 4 days (b is exactly 4 days old at its
    # snapshot), none 7: Instagram is compared at 4 days, X (c: 3 days) at 3, the total at 3.
    assert report_id["comparison_ages"] == {"instagram": 4, "x": 3, "tiktok": 7, "total": 3}
    change = rows(report_id)["instagram"]["change"]
    # Engagements per post at 4 days: (75 + 200) / 2 this week, 50 (p46) before, 24 (p45) in W45;
    # W43 and W44 had no post and stay out of the mean.
    engagements = change["engagements"]
    assert (engagements["current"], engagements["previous"]) == (137.5, 50)
    assert engagements["four_week_mean"] == pytest.approx((24 + 50) / 2) and engagements["weeks_in_mean"] == 2
    assert engagements["vs_previous"] == pytest.approx(137.5 / 50 - 1)
    assert engagements["vs_four_weeks"] == pytest.approx(137.5 / 37 - 1)
    # Rate at 4 days pooled: 275 / 2800 against 50 / 500.
    assert change["engagement_rate"]["current"] == pytest.approx(275 / 2800)
    assert change["engagement_rate"]["previous"] == pytest.approx(0.1)
    # Post counts do not depend on age: 2 against 1, and (0 + 0 + 1 + 1) / 4.
    assert (change["posts"]["current"], change["posts"]["previous"], change["posts"]["four_week_mean"]) == (
        2,
        1,
        0.5,
    )
    assert change["net_sentiment"]["in_points"] is True


def test_pillars_all_listed_with_consistency(report_id):
    pillars = {p["key"]: p for p in report_id["pillars"]}
    assert list(pillars) == ["governance", "branding", "economy", "living", "society", "environment"]
    economy, environment, governance = pillars["economy"], pillars["environment"], pillars["governance"]
    assert (economy["posts"], economy["reach"], economy["engagements"]) == (2, 3000, 300)
    assert economy["engagement_rate"] == pytest.approx(0.1) and economy["net_sentiment"] == pytest.approx(0.5)
    assert (environment["posts"], environment["reach"], environment["net_sentiment"]) == (1, 2000, None)
    assert (governance["posts"], governance["reach"], governance["net_sentiment"]) == (1, None, -1)
    # A pillar nobody posted about is listed, with no post.
    branding = pillars["branding"]
    assert (branding["posts"], branding["reach"], branding["weeks_with_posts"]) == (0, None, 0)
    # 12 weeks 31 Aug – 22 Nov; economy posted on 5 Oct, 9 Nov, 16 and 18 Nov: weeks W41, W46, W47.
    assert (economy["weeks"], economy["weeks_with_posts"]) == (12, 3)
    # Gaps: 31 Aug – 4 Oct (1 + 30 + 4 = 35 days) before the first post, 6 Oct – 8 Nov (26 + 8 = 34).
    assert (economy["longest_gap_days"], economy["longest_gap_start"], economy["longest_gap_end"]) == (
        35, "2026-08-31", "2026-10-04",
    )  # fmt: skip
    assert branding["longest_gap_days"] == 84  # every day of the 12 weeks


def test_campaign_progress_and_baseline(report_id):
    campaigns = {c["key"]: c for c in report_id["campaigns"]}
    adi = campaigns["adi-export"]
    # To date (1 – 22 Nov): a (reach 1000), b (2000), p46 (700 at day 10).
    assert (adi["posts_to_date"], adi["reach_to_date"], adi["engagements_to_date"]) == (3, 3700, 372)
    assert adi["posts_this_week"] == 2 and adi["time_elapsed"] == pytest.approx(22 / 30)
    targets = {t["name"]: t for t in adi["targets"]}
    assert (targets["reach"]["actual"], targets["reach"]["progress"]) == (3700, pytest.approx(3700 / 2000))
    assert (targets["posts"]["actual"], targets["posts"]["progress"]) == (3, 0.75)
    assert targets["registrations"]["source"] == "impact" and targets["registrations"]["progress"] == 0.4
    assert targets["registrations"]["impact_source"] == "Dinas Koperasi"
    # Baseline 1 – 28 Oct, economy: p41 at 7 days; the campaign at 7 days: a (day 6 stands for
    # day 7) and p46; b (4 days old) has no 7-day value.
    base = adi["baseline"]
    assert base["pillar"] == "economy" and base["age_days"] == 7
    assert base["baseline"]["posts_per_week"] == pytest.approx(1 / 4)
    assert (base["baseline"]["reach_per_post"], base["baseline"]["engagements_per_post"]) == (400, 36)
    assert base["baseline"]["engagement_rate"] == pytest.approx(36 / 400)
    assert base["campaign"]["posts_at_age"] == 2
    assert base["campaign"]["reach_per_post"] == pytest.approx((1000 + 600) / 2)
    assert base["campaign"]["engagement_rate"] == pytest.approx((100 + 60) / 1600)
    # A campaign without targets says so (and has no baseline).
    plain = campaigns["tanpa-target"]
    assert (plain["has_targets"], plain["targets"], plain["baseline"], plain["posts_to_date"]) == (
        False,
        [],
        None,
        0,
    )


def test_best_and_weakest_at_one_age(report_id):
    ranked = {r["platform"]: r for r in report_id["ranked"]}
    instagram = ranked["instagram"]
    # At 4 days: a 75 / 800 = 9.4 %, b 200 / 2000 = 10 %.
    assert (instagram["age_days"], instagram["metric"], instagram["ranked_posts"]) == (4, "rate_reach", 2)
    assert [p["post_id"] for p in instagram["best"]] == ["b"] and [
        p["post_id"] for p in instagram["weakest"]
    ] == ["a"]
    best = instagram["best"][0]
    assert best["value"] == pytest.approx(0.1) and best["link"] == "https://www.instagram.com/reel/b/"
    assert best["type"] == "reel" and best["pillars"] == ["Ekonomi Cerdas", "Lingkungan Cerdas"]
    assert "10,00%" in best["why"] and "4 hari" in best["why"]
    # X has no reach: its posts are ranked by views.
    assert ranked["x"]["metric"] == "rate_views" and ranked["x"]["best"][0]["value"] == pytest.approx(0.05)
    assert ranked["tiktok"]["ranked_posts"] == 0


def test_what_people_said_masks_every_handle(report_id):
    said = report_id["said"]
    assert said["classified"] == 6
    assert said["share"] == {
        "positive": 0.5,
        "neutral": pytest.approx(1 / 6),
        "negative": pytest.approx(2 / 6),
    }
    assert [(p["key"], p["negative"]) for p in said["negative_pillars"]] == [
        ("economy", 1),
        ("governance", 1),
    ]
    assert said["trend"][-1] == {"week": "2026-W47", "positive": 3, "neutral": 1, "negative": 2}
    quotes = [q["text"] for q in said["quotes"]]
    assert 3 <= len(quotes) <= 5
    assert quotes[0] == "Pelayanannya lambat banget, kecewa @…"  # the most liked negative comes first
    assert "Terima kasih infonya @… hubungi … ya" in quotes
    dumped = json.dumps(report_id, ensure_ascii=False)
    for secret in ("budi_s", "admin.kab", "0812", "warga1"):
        assert secret not in dumped


def test_coverage_names_the_account_without_data(report_id):
    accounts = {(a["platform"], a["handle"]): a for a in report_id["coverage"]["accounts"]}
    assert accounts[("tiktok", "sukamajukab")]["status"] == "missing"
    assert accounts[("instagram", "sukamajukab")]["status"] == "ok"
    assert accounts[("instagram", "sukamajukab")]["posts"] == 2
    # X's export carried no quotes? It did (0); none of its parts is missing. Instagram neither.
    assert report_id["coverage"]["engagement_missing"] == {}


def test_definitions_of_every_number(report_id):
    terms = [d["term"] for d in report_id["definitions"]]
    for term in ("Tayangan", "Jangkauan", "Interaksi", "Tingkat interaksi (per jangkauan)", "Sentimen bersih",
                 "Pertumbuhan pengikut", "Nilai sampai saat ini", "Umur pembanding"):  # fmt: skip
        assert term in terms


def test_english_has_the_same_numbers(report_id, report_en):
    assert report_en["language"] == "en" and report_en["office"] == "diskominfo"
    assert rows(report_en)["total"]["engagements"] == rows(report_id)["total"]["engagements"]
    assert rows(report_en)["instagram"]["change"] == rows(report_id)["instagram"]["change"]
    assert [p["posts"] for p in report_en["pillars"]] == [p["posts"] for p in report_id["pillars"]]
    assert report_en["pillars"][2]["name"] == "Smart Economy"
    best = {r["platform"]: r for r in report_en["ranked"]}["instagram"]["best"][0]
    assert "10.00%" in best["why"] and "4 days" in best["why"]
    assert "Net sentiment" in [d["term"] for d in report_en["definitions"]]


def test_a_week_with_no_posts(folder):
    from outreach.app.weekly import build_weekly_report

    report = build_weekly_report(workspace(folder), week="2026-W44", now=NOW).as_dict()
    assert report["nothing_posted"] is True and report["posts"] == 0
    assert report["ranked"] == []
    assert all(p["posts"] == 0 for p in report["pillars"]) and len(report["pillars"]) == 6
    assert rows(report)["total"]["change"]["posts"]["previous"] == 0  # W43: nothing either
    assert report["said"]["classified"] == 0 and report["said"]["quotes"] == []


def test_write_all_formats_by_the_command(folder, tmp_path):
    from tests.test_report_render import run_report

    result = run_report("--db", str(folder / "outreach.db"), "--config", str(folder / "outreach.toml"), "report",
                        "weekly", "--week", "2026-W47", "--out", str(tmp_path), "--lang", "en")  # fmt: skip
    assert result.code == 0, result.err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "weekly-report-2026-W47.html",
        "weekly-report-2026-W47.json",
        "weekly-report-2026-W47.pdf",
    ]
    assert result.out.splitlines() == [f"Written: {tmp_path / name}" for name in
                                       ("weekly-report-2026-W47.html", "weekly-report-2026-W47.pdf",
                                        "weekly-report-2026-W47.json")]  # fmt: skip
    data = json.loads((tmp_path / "weekly-report-2026-W47.json").read_text(encoding="utf-8"))
    assert data["week"] == "2026-W47" and data["language"] == "en"
    assert (tmp_path / "weekly-report-2026-W47.pdf").read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_command_errors_are_one_line(folder, tmp_path):
    from tests.test_report_render import run_report

    base = (
        "--db",
        str(folder / "outreach.db"),
        "--config",
        str(folder / "outreach.toml"),
        "report",
        "weekly",
    )
    result = run_report(*base, "--week", "2026-47", "--out", str(tmp_path))
    assert (result.code, result.err) == (
        1,
        "Error: --week '2026-47' is not an ISO week; use YEAR-Wnn, e.g. 2026-W47\n",
    )
    result = run_report(*base, "--office", "dinkes", "--out", str(tmp_path))
    assert (result.code, result.err) == (1, "Error: no office 'dinkes'; known: diskominfo\n")
    result = run_report(*base, "--format", "html,docx", "--out", str(tmp_path))
    assert result.code == 1 and "unknown format 'docx'; use one or more of html,pdf,json" in result.err
    assert list(tmp_path.iterdir()) == []

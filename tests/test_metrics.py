"""Per-post metrics on hand-computed examples, on real SQLite files (and PostgreSQL).

Every expected number is worked out in the comment beside it. Days are counted
from publishing: "day 2" is published_at + 2 days.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from collectors.records import AccountRef, AccountSnapshotRecord, MetricSnapshotRecord, PostRecord
from outreach.analysis.metrics import (
    METRICS,
    PostFrame,
    engagement_coverage,
    engagement_definition,
    post_frame,
)
from outreach.config import Config
from outreach.queries.posts import utc_bound
from outreach.store import Store

IG = AccountRef("instagram", "sukamajukab")
X = AccountRef("x", "sukamajukab")
T0 = datetime(2026, 10, 1, 0, 0)


def day(n: float, start: datetime = T0) -> datetime:
    return start + timedelta(days=n)


def write(engine, *records) -> None:
    with engine.begin() as connection:
        Store(connection).write(list(records))


def post(platform_post_id, account=IG, published=T0, type_="image"):
    return PostRecord(account.platform, platform_post_id, account, published, type_, "Ayo ke pasar UMKM")


def snap(platform_post_id, at, platform="instagram", source="meta_content", **values):
    return MetricSnapshotRecord(platform, platform_post_id, at, source, values)


def frame(engine, config=None, **kwargs) -> PostFrame:
    with engine.connect() as connection:
        return post_frame(connection, config or Config(), **kwargs)


def row(f: PostFrame, platform_post_id: str) -> int:
    return int(np.flatnonzero(f.post_id == platform_post_id)[0])


def curve(t0: float, t: float, t1: float) -> float:
    """The share of the growth from day t0 to day t1 reached on day t along log(1 + age),
    what post_frame uses between snapshots more than two days apart."""
    return (math.log1p(t) - math.log1p(t0)) / (math.log1p(t1) - math.log1p(t0))


def test_interpolated_between_day_6_and_day_8_along_a_line(engine):
    write(
        engine,
        post("p1"),
        snap("p1", day(6), likes=100, comments=10, shares=4, saves=6, reach=1000, views=2000),
        snap("p1", day(8), likes=180, comments=18, shares=12, saves=14, reach=1800, views=3600),
    )
    f = frame(engine)
    i = row(f, "p1")
    # Snapshots two days apart: day 7 lies halfway, on a straight line.
    assert f.likes[i] == pytest.approx(140)  # 100 + 0.5 * 80
    assert f.comments[i] == pytest.approx(14)
    assert f.shares[i] == pytest.approx(8)
    assert f.saves[i] == pytest.approx(10)
    assert f.engagements[i] == pytest.approx(172)  # 140 + 14 + 8 + 10
    assert f.reach[i] == pytest.approx(1400)
    assert f.views[i] == pytest.approx(2800)
    assert f.rate_reach[i] == pytest.approx(172 / 1400)


def test_interpolated_between_day_2_and_day_10_along_the_growth_curve(engine):
    write(
        engine,
        post("p1"),
        snap("p1", day(2), likes=100, comments=10, shares=4, saves=6, reach=1000, views=2000),
        snap("p1", day(10), likes=180, comments=18, shares=12, saves=14, reach=1800, views=3600),
    )
    f = frame(engine)
    i = row(f, "p1")
    # Eight days apart: counts grow fast early, so day 7 is 0.755 of the way, not 5/8.
    share = curve(2, 7, 10)
    assert share == pytest.approx(0.7549, abs=1e-4)
    assert f.snapshot_gap_days[i] == pytest.approx(8)  # what summary counts as a long gap
    assert f.likes[i] == pytest.approx(100 + share * 80)
    assert f.engagements[i] == pytest.approx(120 + share * 104)
    assert f.reach[i] == pytest.approx(1000 + share * 800)
    assert f.rate_reach[i] == pytest.approx((120 + share * 104) / (1000 + share * 800))
    assert f.rate_views[i] == pytest.approx((120 + share * 104) / (2000 + share * 1600))
    assert f.virality[i] == pytest.approx((4 + share * 8) / (2000 + share * 1600))
    assert bool(f.at_age[i]) and not bool(f.engagements_partial[i])
    assert f.age_days[i] == pytest.approx(10)
    assert f.published_at[i] == np.datetime64("2026-10-01T00:00:00")
    # Lifetime: the day-10 snapshot. Age 2: exactly the day-2 snapshot.
    lifetime = frame(engine, age_days=None)
    assert lifetime.likes[0] == 180 and lifetime.engagements[0] == 180 + 18 + 12 + 14
    assert frame(engine, age_days=2).likes[0] == 100


def test_posts_of_different_ages(sqlite_engine):
    write(
        sqlite_engine,
        # Younger than 7 days: only a day-3 snapshot, so latest value, flagged.
        post("young", published=day(20)),
        snap("young", day(3, day(20)), likes=50, reach=400),
        # First seen on day 14: no 7-day value (7/14 of the day-14 value would be invented).
        post("late", published=day(1)),
        snap("late", day(14, day(1)), likes=140, reach=1000),
        # First seen on day 7.5: within the tolerance, interpolated from 0 at publishing.
        post("early", published=day(1)),
        snap("early", day(7.5, day(1)), likes=150, reach=1500),
        # Last snapshot on day 6.5: within the 1-day tolerance, taken as the day-7 value.
        post("close", published=day(2)),
        snap("close", day(6.5, day(2)), likes=65, reach=500),
        # Last snapshot on day 5.5: 1.5 days short, not at age.
        post("short", published=day(3)),
        snap("short", day(5.5, day(3)), likes=55, reach=450),
        # No snapshot at all.
        post("bare", published=day(4)),
    )
    f = frame(sqlite_engine)
    young, late, close, short, bare = (row(f, k) for k in ("young", "late", "close", "short", "bare"))
    assert not f.at_age[young] and f.likes[young] == 50 and f.age_days[young] == pytest.approx(3)
    assert not f.at_age[late] and f.likes[late] == 140  # latest value, flagged
    early = row(f, "early")
    # From 0 at publishing to the day-7.5 value, along the growth curve (a line: 150 * 7 / 7.5).
    assert f.at_age[early] and f.likes[early] == pytest.approx(150 * curve(0, 7, 7.5))
    assert f.reach[early] == pytest.approx(1500 * curve(0, 7, 7.5))
    assert f.at_age[close] and f.likes[close] == 65
    assert not f.at_age[short] and f.likes[short] == 55
    assert not f.at_age[bare] and math.isnan(f.likes[bare]) and math.isnan(f.age_days[bare])
    # The performance index never compares a post that is not at age.
    assert math.isnan(f.performance_index[young])


def test_null_snapshots_are_skipped_per_metric(sqlite_engine):
    write(
        sqlite_engine,
        post("p"),
        snap("p", day(2), likes=20, reach=200),
        snap("p", day(10), source="api", likes=100, reach=None),  # reach not reported on day 10
        snap("p", day(12), reach=700),
    )
    f = frame(sqlite_engine)
    # likes: day 2 -> day 10.
    assert f.likes[0] == pytest.approx(20 + curve(2, 7, 10) * 80)
    # reach ignores the NULL on day 10: day 2 -> day 12.
    assert f.reach[0] == pytest.approx(200 + curve(2, 7, 12) * 500)


def test_metric_missing_after_its_last_snapshot_is_unknown_at_age(sqlite_engine):
    write(
        sqlite_engine,
        post("p"),
        snap("p", day(2), likes=20, views=900),
        snap("p", day(10), source="x_archive", likes=100),  # views only known on day 2
    )
    f = frame(sqlite_engine)
    # The post is seen at day 10, so it is at age; views stop on day 2 (5 days short): unknown, not 900.
    assert f.at_age[0] and f.likes[0] == pytest.approx(20 + curve(2, 7, 10) * 80)
    assert math.isnan(f.views[0]) and math.isnan(f.rate_views[0])


def test_unknown_reach_gives_no_rate_not_zero(engine):
    write(
        engine,
        post("known"),
        snap("known", day(7), likes=90, comments=5, shares=3, saves=2, reach=1000),
        post("unknown", published=day(1)),
        snap("unknown", day(7, day(1)), likes=90, comments=5, shares=3, saves=2, reach=None),
        post("zero", published=day(2)),
        snap("zero", day(7, day(2)), likes=0, comments=0, shares=0, saves=0, reach=0),
    )
    f = frame(engine)
    known, unknown, zero = row(f, "known"), row(f, "unknown"), row(f, "zero")
    assert f.rate_reach[known] == pytest.approx(100 / 1000)  # (90 + 5 + 3 + 2) / 1000
    assert f.engagements[unknown] == 100 and math.isnan(f.reach[unknown])
    assert math.isnan(f.rate_reach[unknown])
    # Reach 0 is known but gives no rate (0 / 0 is not 0%).
    assert f.engagements[zero] == 0 and math.isnan(f.rate_reach[zero])


def test_x_and_instagram_engagements_follow_their_definitions(sqlite_engine):
    everything = {
        "likes": 30,
        "comments": 4,
        "shares": 3,
        "saves": 6,
        "reposts": 7,
        "quotes": 2,
        "replies": 5,
        "bookmarks": 6,
        "views": 1000,
    }
    write(
        sqlite_engine,
        post("ig"),
        snap("ig", day(7), **everything),
        post("tw", account=X),
        snap("tw", day(7), platform="x", source="x_premium", **everything),
        post("tw-legacy", account=X, published=day(1)),
        snap(
            "tw-legacy",
            day(7, day(1)),
            platform="x",
            source="x_legacy",
            likes=30,
            replies=5,
            reposts=7,
            views=1000,
        ),
        post("tw-empty", account=X, published=day(2)),
        snap("tw-empty", day(7, day(2)), platform="x", source="x_legacy", views=800),
    )
    config = Config()
    f = frame(sqlite_engine, config)
    ig, tw, legacy, empty = (row(f, k) for k in ("ig", "tw", "tw-legacy", "tw-empty"))
    # Instagram: likes + comments + shares + saves = 30 + 4 + 3 + 6 = 43.
    assert engagement_definition(config, "instagram") == "likes + comments + shares + saves"
    assert f.engagements[ig] == 43 and not f.engagements_partial[ig]
    # X: likes + replies + reposts + quotes + bookmarks = 30 + 5 + 7 + 2 + 6 = 50.
    assert engagement_definition(config, "x") == "likes + replies + reposts + quotes + bookmarks"
    assert f.engagements[tw] == 50 and not f.engagements_partial[tw]
    # Amplification and virality count reposts on X (7), shares on Instagram (3).
    assert f.virality[tw] == pytest.approx(7 / 1000) and f.virality[ig] == pytest.approx(3 / 1000)
    # Legacy export: no quotes or bookmarks. The known ones are summed and the post is partial: 30 + 5 + 7.
    assert f.engagements[legacy] == 42 and f.engagements_partial[legacy]
    # No component known at all: unknown, not 0.
    assert math.isnan(f.engagements[empty]) and not f.engagements_partial[empty]
    assert math.isnan(f.rate_views[empty])
    # The report names what is missing: of the 2 X posts with engagements, 1 lacks quotes and bookmarks.
    assert engagement_coverage(f, config)["x"] == {
        "components": ["likes", "replies", "reposts", "quotes", "bookmarks"],
        "posts": 2,
        "missing": {"quotes": 1, "bookmarks": 1},
    }
    assert engagement_coverage(f, config)["instagram"]["missing"] == {}
    # An office that defines X engagements differently gets its own definition.
    custom = Config(engagement={"x": ["likes", "reposts"]})
    assert frame(sqlite_engine, custom).engagements[tw] == 37  # 30 + 7
    assert engagement_definition(custom, "x", "id") == "suka + posting ulang"


def test_followers_of_the_publish_day_in_the_report_zone(engine):
    write(
        engine,
        AccountSnapshotRecord(IG, date(2026, 9, 28), "meta_account", {"followers": 1000}),
        AccountSnapshotRecord(IG, date(2026, 10, 1), "meta_account", {"followers": 1050}),
        AccountSnapshotRecord(IG, date(2026, 10, 2), "meta_account", {"followers": 1100}),
        AccountSnapshotRecord(IG, date(2026, 10, 5), "meta_account", {"views": 50}),  # no follower count
        # 10-02 03:00 UTC is 10:00 WIB on 10-02: that day's count, not the day before's.
        post("morning", published=datetime(2026, 10, 2, 3)),
        snap("morning", datetime(2026, 10, 9, 3), likes=100, comments=10, shares=11, saves=0),
        # 10-01 12:00 UTC is 19:00 WIB on 10-01.
        post("mid", published=datetime(2026, 10, 1, 12)),
        snap("mid", datetime(2026, 10, 8, 12), likes=100, comments=10, shares=11, saves=0),
        # 09-29 13:00 WIB has no count that day: the nearest day, 09-28 (10-01 is two days away).
        post("early", published=datetime(2026, 9, 29, 6)),
        snap("early", datetime(2026, 10, 6, 6), likes=40, comments=5, shares=5, saves=0),
        # 12-15 is 74 days after the nearest count (10-02): too far, unknown.
        post("far", published=datetime(2026, 12, 15)),
        snap("far", datetime(2026, 12, 22), likes=40, comments=5, shares=5, saves=0),
    )
    f = frame(engine)
    morning, mid, early, far = row(f, "morning"), row(f, "mid"), row(f, "early"), row(f, "far")
    assert f.followers[morning] == 1100 and f.followers[mid] == 1050
    assert f.followers[early] == 1000 and math.isnan(f.followers[far])
    assert f.rate_followers[morning] == pytest.approx(121 / 1100)  # (100 + 10 + 11 + 0) / 1100
    assert f.amplification[morning] == pytest.approx(11 / 1100)
    assert f.rate_followers[early] == pytest.approx(50 / 1000)
    assert math.isnan(f.rate_followers[far]) and math.isnan(f.amplification[far])


def test_performance_index_over_a_small_trailing_window(sqlite_engine):
    records = []
    # Five images a day apart, each measured exactly at day 7, with engagements 10, 20, 30, 40, 100.
    for n, likes in enumerate([10, 20, 30, 40, 100]):
        records += [
            post(f"img{n}", published=day(n)),
            snap(f"img{n}", day(7, day(n)), likes=likes, comments=0, shares=0, saves=0),
        ]
    # Between them, noise that must not enter the baseline:
    records += [
        post("reel", published=day(1.5), type_="reel"),  # another type
        snap("reel", day(7, day(1.5)), likes=5000, comments=0, shares=0, saves=0),
        post("young", published=day(2.5)),  # not at age
        snap("young", day(1, day(2.5)), likes=9000, comments=0, shares=0, saves=0),
        post("other", account=AccountRef("instagram", "dinkes"), published=day(0.5)),  # another account
        snap("other", day(7, day(0.5)), likes=7000, comments=0, shares=0, saves=0),
    ]
    write(sqlite_engine, *records)
    f = frame(sqlite_engine, index_window=3, index_min_posts=2)
    index = {k: f.performance_index[row(f, k)] for k in ("img0", "img1", "img2", "img3", "img4")}
    assert math.isnan(index["img0"])  # no earlier image
    assert math.isnan(index["img1"])  # one earlier image, fewer than 2
    assert index["img2"] == pytest.approx(2.0)  # 30 / median(10, 20) = 30 / 15
    assert index["img3"] == pytest.approx(2.0)  # 40 / median(10, 20, 30) = 40 / 20
    assert index["img4"] == pytest.approx(100 / 30)  # window of 3: median(20, 30, 40) = 30
    assert math.isnan(f.performance_index[row(f, "reel")])
    assert math.isnan(f.performance_index[row(f, "young")])
    # The default needs 5 earlier posts: none here has them.
    assert np.isnan(frame(sqlite_engine).performance_index).all()


def test_filters_and_select(sqlite_engine):
    write(
        sqlite_engine,
        post("a", published=datetime(2026, 10, 4, 16, 30)),  # 23:30 WIB on 4 October
        post("b", published=datetime(2026, 10, 4, 17, 30)),  # 00:30 WIB on 5 October
        post("c", account=X, published=datetime(2026, 10, 5, 3)),
    )
    # Dates are local days (Asia/Jakarta), both ends inclusive.
    assert list(frame(sqlite_engine, since=date(2026, 10, 5)).post_id) == ["b", "c"]
    assert list(frame(sqlite_engine, until=date(2026, 10, 4)).post_id) == ["a"]
    assert list(frame(sqlite_engine, platform="x").post_id) == ["c"]
    assert utc_bound(date(2026, 10, 5), "Asia/Jakarta") == datetime(2026, 10, 4, 17)
    f = frame(sqlite_engine)
    assert len(f) == 3 and len(f.select(f.platform == "instagram")) == 2
    assert f.select([2]).account[0] == "sukamajukab"


def test_every_metric_has_definitions_in_both_languages():
    for name, metric in METRICS.items():
        assert metric.label_en and metric.label_id and metric.definition_en and metric.definition_id, name
    assert METRICS["rate_reach"].definition("id") == "Interaksi ÷ jangkauan."


def test_a_metric_first_known_long_after_the_age_stays_unknown(sqlite_engine):
    """Likes seen on day 7, views only from day 28: the 7-day views are unknown, not 7/28."""
    write(
        sqlite_engine,
        post("p"),
        snap("p", day(7), likes=100),
        snap("p", day(28), source="api", views=28000),
    )
    f = frame(sqlite_engine)
    assert f.at_age[0] and f.likes[0] == 100
    assert math.isnan(f.views[0]) and math.isnan(f.rate_views[0])


def random_histories(engine, seed: int) -> None:
    """120 posts with random snapshot histories: several sources at one time, metrics missing
    from some sources, snapshots a second from a target, posts without snapshots or publish time."""
    rng = np.random.default_rng(seed)
    names = ("views", "reach", "likes", "comments", "shares", "saves")
    records: list = []
    for k in range(120):
        pid = f"r{k}"
        published = None if k % 29 == 0 else T0 + timedelta(seconds=int(rng.integers(0, 5 * 86_400)))
        records.append(post(pid, published=published))
        start = published or T0
        moments = rng.choice([0.4, 1, 2, 3.5, 6.9999, 7, 7.00002, 8, 12, 30], size=int(rng.integers(0, 7)))
        for n, at in enumerate(sorted(moments)):
            when = start + timedelta(days=float(at), seconds=float(rng.choice([0, 0, 0.4, 1, 2.6])))
            sources = rng.choice(
                ["meta_content", "archive", "api"], size=int(rng.integers(1, 3)), replace=False
            )
            for source in sources:
                values = {m: int(100 * at + n + i) for i, m in enumerate(names) if rng.random() > 0.3}
                records.append(snap(pid, when, source=str(source), **values))
    write(engine, *records)


def assert_same_frames(mine: PostFrame, theirs: PostFrame, context: object) -> None:
    import dataclasses

    for field in dataclasses.fields(PostFrame):
        a, b = getattr(mine, field.name), getattr(theirs, field.name)
        if isinstance(a, np.ndarray) and a.dtype.kind == "M":
            assert np.array_equal(a.view(np.int64), b.view(np.int64)), (context, field.name)
        elif isinstance(a, np.ndarray) and a.dtype.kind == "f":
            assert np.array_equal(a, b, equal_nan=True), (context, field.name)
        elif isinstance(a, np.ndarray):
            assert np.array_equal(a, b), (context, field.name)


AGES = (None, 0, 1, 3.5, 7, 7.5, 30)


def every_snapshot_frames(engine, monkeypatch, **period) -> dict:
    """Frames read from every snapshot, nothing stored: the reference."""
    from outreach.analysis import metrics
    from outreach.queries.posts import epoch_sql, fetch_matrix

    full_matrix = metrics.snapshot_matrix

    def every_snapshot(connection, where, params, names, **_age):
        columns = ", ".join(f"s.{m}" for m in names)
        sql = (
            f"SELECT s.post_id, {epoch_sql(connection, 's.captured_at')}, {columns} "
            f"FROM metric_snapshot s JOIN post p ON p.id = s.post_id WHERE {where} "
            "ORDER BY s.post_id, s.captured_at, s.source"
        )
        return fetch_matrix(connection, sql, params, 2 + len(names))

    monkeypatch.setattr(metrics, "snapshot_matrix", every_snapshot)
    try:
        return {age: frame(engine, age_days=age, **period) for age in AGES}
    finally:
        monkeypatch.setattr(metrics, "snapshot_matrix", full_matrix)


@pytest.mark.parametrize("seed", [1, 2])
def test_reduced_snapshot_read_gives_the_values_of_reading_every_snapshot(engine, seed, monkeypatch):
    """post_frame reads only the snapshots a value at age can come from (queries.posts
    .snapshot_matrix); on random histories every column equals that of reading every snapshot,
    at every age and for lifetime values."""
    random_histories(engine, seed)
    reference = every_snapshot_frames(engine, monkeypatch)
    for age in AGES:
        assert_same_frames(frame(engine, age_days=age), reference[age], age)


@pytest.mark.parametrize("seed", [3, 4])
def test_stored_values_give_the_values_of_reading_every_snapshot(engine, seed, monkeypatch):
    """After refresh_post_values, post_frame at the configured age reads post_value rows instead
    of snapshots; every column (and those at other ages, within shared_reads or not) is unchanged."""
    from outreach.analysis.metrics import shared_reads
    from outreach.app.values import refresh_post_values

    random_histories(engine, seed)
    reference = every_snapshot_frames(engine, monkeypatch)
    days = {"since": day(1).date(), "until": day(3).date()}
    in_days = every_snapshot_frames(engine, monkeypatch, **days)
    monkeypatch.setattr("outreach.app.values.REFRESH_CHUNK", 37)  # several steps, one transaction each
    assert refresh_post_values(engine, Config()) == 240  # at 7 days and at 1
    assert refresh_post_values(engine, Config()) == 0  # nothing left to derive
    with engine.connect() as connection:
        stored = connection.exec_driver_sql(
            "SELECT COUNT(*), MIN(age_days), MAX(age_days) FROM post_value"
        ).one()
    assert tuple(stored) == (240, 1.0, 7.0)
    for age in AGES:
        assert_same_frames(frame(engine, age_days=age), reference[age], age)
    with engine.connect() as connection, shared_reads():
        for age in AGES:
            assert_same_frames(
                post_frame(connection, Config(), age_days=age), reference[age], ("shared", age)
            )
            cut = post_frame(connection, Config(), age_days=age, **days)  # from the read above
            assert_same_frames(cut, in_days[age], ("cut", age))


def test_a_new_or_changed_snapshot_drops_the_stored_values_of_its_post(engine):
    """The store deletes a post's post_value rows when its snapshots or its publish time change,
    so a stored value is never older than the snapshots; the next refresh derives it again."""
    from outreach.app.values import refresh_post_values

    write(engine, post("p1"), post("p2"), snap("p1", day(6), likes=100), snap("p1", day(8), likes=180))
    write(engine, snap("p2", day(6), likes=10), snap("p2", day(8), likes=20))
    refresh_post_values(engine, Config())
    assert frame(engine).likes.tolist() == [140, 15]
    # The same snapshot again with another count (an export re-downloaded the same day).
    write(engine, snap("p1", day(8), likes=280))
    with engine.connect() as connection:
        kept = connection.exec_driver_sql("SELECT post_id FROM post_value ORDER BY post_id").all()
    assert [pk for (pk,) in kept] == [2, 2]  # p2 keeps its rows (7 days, 1 day), p1's went
    assert frame(engine).likes.tolist() == [190, 15]
    # A later publish time (the export had it in another zone) moves day 7.
    write(engine, post("p2", published=T0 + timedelta(days=1)))
    assert frame(engine).likes.tolist()[1] == 20  # its day 7 is now the day-8 snapshot
    assert refresh_post_values(engine, Config()) == 4
    assert frame(engine).likes.tolist() == [190, 20]
    # Another configured age: the values at 7 days go, those at 3 days come (1 day stays).
    assert refresh_post_values(engine, Config(engagement={"age_days": 3})) == 2
    with engine.connect() as connection:
        ages = (
            connection.exec_driver_sql("SELECT DISTINCT age_days FROM post_value ORDER BY 1").scalars().all()
        )
    assert ages == [1.0, 3.0]

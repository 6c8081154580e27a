"""Aggregates, consistency and net sentiment on hand-computed data; the CLI on a real SQLite file.

The data (times UTC; WIB = UTC+7; every post measured exactly on day 7 unless said):

| post | account            | published (WIB)        | ISO week | type  | likes/comm/shares/saves | reach | views | engagements |
|------|--------------------|------------------------|----------|-------|-------------------------|-------|-------|-------------|
| a    | instagram @sukamajukab | Mon 5 Oct 09:00    | 2026-W41 | image | 80/10/5/5               | 1000  | 2000  | 100         |
| b    | instagram @sukamajukab | Wed 7 Oct 09:00    | 2026-W41 | reel  | 150/20/20/10            | NULL  | 4000  | 200         |
| c    | x @sukamajukab     | Mon 12 Oct 01:00       | 2026-W42 | text  | X: likes 30, replies 5, reposts 10, quotes 0, bookmarks 5 | NULL | 1000 | 50 |
| d    | instagram @dinkes  | Tue 13 Oct 09:00       | 2026-W42 | image | 40/4/4/2                | 400   | 800   | 50          |
| e    | instagram @dinkes  | Tue 20 Oct 09:00, seen on day 2 only | 2026-W43 | image | 10/0/0/0 | 50 | 150 | 10   |

Post c is Sunday 11 Oct in UTC but Monday 12 Oct in Jakarta: it belongs to week 42.
Tags: pillar economy = a, b, c; environment = c, d (and a, but excluded by hand); campaign adi-export = a, c.
@sukamajukab on Instagram had 10,000 followers at the end of 4 October.
Comments: on a, positive, positive, negative corrected to positive, neutral, negative;
on c, negative, positive corrected to negative, and one not classified.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    CommentRecord,
    MetricSnapshotRecord,
    PostRecord,
)
from outreach.analysis.aggregate import aggregate, consistency, local_seconds, net_sentiment
from outreach.config import Config
from outreach.db import create_db_engine, upgrade
from outreach.store import Store
from tests.helpers import run_cli

IG = AccountRef("instagram", "sukamajukab")
X = AccountRef("x", "sukamajukab")
DINKES = AccountRef("instagram", "dinkes")

CONFIG = {
    "offices": [
        {"key": "diskominfo", "name": "Diskominfo Sukamaju"},
        {"key": "dinkes", "name": "Dinas Kesehatan"},
    ],
    "accounts": [
        {"platform": "instagram", "handle": "sukamajukab", "office": "diskominfo"},
        {"platform": "x", "handle": "sukamajukab", "office": "diskominfo"},
        {"platform": "instagram", "handle": "dinkes", "office": "dinkes"},
    ],
    "campaigns": [{"key": "adi-export", "name": "ADI EXPORT", "pillars": ["economy"]}],
}
TOML = """
[report]
language = "en"

[[offices]]
key = "diskominfo"
name = "Diskominfo Sukamaju"

[[offices]]
key = "dinkes"
name = "Dinas Kesehatan"

[[accounts]]
platform = "instagram"
handle = "sukamajukab"
office = "diskominfo"

[[accounts]]
platform = "x"
handle = "sukamajukab"
office = "diskominfo"

[[accounts]]
platform = "instagram"
handle = "dinkes"
office = "dinkes"

[[campaigns]]
key = "adi-export"
name = "ADI EXPORT"
pillars = ["economy"]
"""


def _post(key, account, published, type_, at_day, **values):
    return [
        PostRecord(account.platform, key, account, published, type_, f"post {key}"),
        MetricSnapshotRecord(account.platform, key, published + timedelta(days=at_day), "export", values),
    ]


def build(engine, config: Config) -> None:
    records = [
        *_post("a", IG, datetime(2026, 10, 5, 2), "image", 7,
               likes=80, comments=10, shares=5, saves=5, reach=1000, views=2000),
        *_post("b", IG, datetime(2026, 10, 7, 2), "reel", 7,
               likes=150, comments=20, shares=20, saves=10, reach=None, views=4000),
        *_post("c", X, datetime(2026, 10, 11, 18), "text", 7,
               likes=30, replies=5, reposts=10, quotes=0, bookmarks=5, views=1000),
        *_post("d", DINKES, datetime(2026, 10, 13, 2), "image", 7,
               likes=40, comments=4, shares=4, saves=2, reach=400, views=800),
        *_post("e", DINKES, datetime(2026, 10, 20, 2), "image", 2,
               likes=10, comments=0, shares=0, saves=0, reach=50, views=150),
        AccountSnapshotRecord(IG, date(2026, 10, 4), "meta_account", {"followers": 10_000}),
        *[CommentRecord("instagram", "a", f"a{n}", "komentar") for n in range(1, 6)],
        *[CommentRecord("x", "c", f"c{n}", "komentar") for n in range(1, 4)],
    ]  # fmt: skip
    with engine.begin() as connection:
        store = Store(connection)
        store.sync_config(config)
        store.write(records)
        ids = dict(connection.execute(text("SELECT platform_post_id, id FROM post")).all())
        tags = [
            ("economy", "a"),
            ("economy", "b"),
            ("economy", "c"),
            ("environment", "c"),
            ("environment", "d"),
        ]
        rows = [{"post": ids[p], "kind": "pillar", "key": k, "excluded": False} for k, p in tags]
        rows += [{"post": ids["a"], "kind": "pillar", "key": "environment", "excluded": True}]
        rows += [
            {"post": ids[p], "kind": "campaign", "key": "adi-export", "excluded": False} for p in ("a", "c")
        ]
        connection.execute(
            text(
                "INSERT INTO assignment (post_id, kind, key, origin, excluded, assigned_at) "
                "VALUES (:post, :kind, :key, 'manual', :excluded, '2026-10-25 00:00:00')"
            ),
            rows,
        )
        labels = {
            "a1": ("positive", None), "a2": ("positive", None), "a3": ("negative", "positive"),
            "a4": ("neutral", None), "a5": ("negative", None),
            "c1": ("negative", None), "c2": ("positive", "negative"), "c3": (None, None),
        }  # fmt: skip
        connection.execute(
            text(
                "UPDATE comment SET sentiment_label = :label, corrected_label = :corrected WHERE platform_comment_id = :id"
            ),
            [{"id": k, "label": v[0], "corrected": v[1]} for k, v in labels.items()],
        )


@pytest.fixture
def config() -> Config:
    return Config(**CONFIG)


@pytest.fixture
def data(engine, config):
    build(engine, config)
    return engine


def by_key(groups):
    return {g["key"]: g for g in groups}


def test_by_platform_pools_known_values(data, config):
    with data.connect() as connection:
        groups = by_key(aggregate(connection, config, by="platform"))
    ig, x = groups["instagram"], groups["x"]
    # e was only seen on day 2: it counts as a post but its day-2 values are not 7-day values.
    assert (ig["posts"], ig["posts_not_at_age"]) == (4, 1)
    assert (ig["views"], ig["views_known"]) == (6800, 3)  # 2000 + 4000 + 800
    assert (ig["reach"], ig["reach_known"]) == (1400, 2)  # 1000 + 400; b's reach is unknown
    assert (ig["engagements"], ig["engagements_known"]) == (350, 3)  # 100 + 200 + 50
    # Pooled over a and d (b has no reach, so its 200 engagements stay out too): 150 / 1400.
    assert ig["rate_reach"] == pytest.approx(150 / 1400) and ig["rate_reach_posts"] == 2
    # Per-post rates 100/1000 = 0.1, 50/400 = 0.125: median 0.1125.
    assert ig["rate_reach_median"] == pytest.approx(0.1125)
    assert ig["rate_views"] == pytest.approx(350 / 6800) and ig["rate_views_posts"] == 3
    # Followers only known for @sukamajukab: (100 + 200) / (10000 + 10000).
    assert ig["rate_followers"] == pytest.approx(0.015) and ig["rate_followers_posts"] == 2
    assert ig["amplification"] == pytest.approx(25 / 20_000)  # shares (5 + 20) / followers
    assert ig["virality"] == pytest.approx(29 / 6800)  # shares 5 + 20 + 4 over their views
    assert ig["shares_per_post"] == pytest.approx(29 / 3)
    # X counts its own engagements (30 + 5 + 10 + 0 + 5) and reposts as shares; it has no reach.
    assert (x["engagements"], x["shares"], x["comments"]) == (50, 10, 5)  # replies are X's comments
    assert x["reach"] is None and x["reach_known"] == 0 and x["rate_reach"] is None
    assert x["rate_views"] == pytest.approx(0.05) and x["virality"] == pytest.approx(0.01)
    # Only classified comments count: a has 3 positive and 1 negative (the correction wins); c 2 negative.
    assert (ig["positive"], ig["negative"], ig["neutral"], ig["classified_comments"]) == (3, 1, 1, 5)
    assert ig["net_sentiment"] == pytest.approx(0.5)  # (3 - 1) / (3 + 1)
    assert x["net_sentiment"] == -1 and x["classified_comments"] == 2


def test_only_posts_at_age(data, config):
    with data.connect() as connection:
        ig = by_key(aggregate(connection, config, by="platform", at_age_only=True))["instagram"]
    assert (ig["posts"], ig["engagements"], ig["posts_not_at_age"]) == (3, 350, 0)


def test_by_week_in_jakarta_time(data, config):
    with data.connect() as connection:
        groups = by_key(aggregate(connection, config, by="week"))
    assert list(groups) == ["2026-W41", "2026-W42", "2026-W43"]
    assert groups["2026-W41"]["posts"] == 2  # a, b
    assert groups["2026-W42"]["posts"] == 2  # c (Monday in Jakarta, Sunday in UTC) and d
    assert groups["2026-W42"]["engagements"] == 100  # 50 + 50
    assert groups["2026-W42"]["label"] == "2026-W42 (2026-10-12 – 2026-10-18)"
    assert groups["2026-W43"]["posts_not_at_age"] == 1


def test_by_pillar_campaign_account_office_type(data, config):
    with data.connect() as connection:
        pillars = aggregate(connection, config, by="pillar")
        campaigns = by_key(aggregate(connection, config, by="campaign"))
        accounts = by_key(aggregate(connection, config, by="account"))
        offices = by_key(aggregate(connection, config, by="office"))
        types = by_key(aggregate(connection, config, by="type", age_days=None))
        in_campaign = by_key(aggregate(connection, config, by="pillar", campaign="adi-export"))
        since = by_key(
            aggregate(connection, config, by="pillar", since=date(2026, 10, 12), until=date(2026, 10, 13))
        )
    # Groups sorted by key, untagged last; a post in two pillars counts in both.
    assert [g["key"] for g in pillars] == ["economy", "environment", None]
    economy, environment, untagged = pillars
    assert (economy["posts"], economy["engagements"]) == (3, 350)  # a + b + c
    assert economy["label"] == "Ekonomi Cerdas"  # the report language is Indonesian by default
    # The excluded tag keeps a out of environment: c + d.
    assert (environment["posts"], environment["engagements"]) == (2, 100)
    assert (untagged["posts"], untagged["label"]) == (1, None)
    # Reach only known for a: 100 / 1000.
    assert economy["rate_reach"] == pytest.approx(0.1) and economy["rate_reach_posts"] == 1
    # a and c: 3 positive, 3 negative, 1 neutral.
    assert economy["net_sentiment"] == 0 and economy["classified_comments"] == 7
    assert environment["net_sentiment"] == -1
    assert campaigns["adi-export"]["posts"] == 2 and campaigns["adi-export"]["label"] == "ADI EXPORT"
    assert campaigns[None]["posts"] == 3
    assert (
        accounts["@sukamajukab (instagram)"]["posts"] == 2 and accounts["@dinkes (instagram)"]["posts"] == 2
    )
    assert offices["diskominfo"]["posts"] == 3 and offices["diskominfo"]["label"] == "Diskominfo Sukamaju"
    assert offices["dinkes"]["engagements"] == 50  # d; e has no 7-day value
    # Lifetime: e's day-2 value, nothing flagged.
    assert types["image"]["posts"] == 3 and types["image"]["engagements"] == 160  # 100 + 50 + 10
    assert types["image"]["posts_not_at_age"] == 0
    assert set(in_campaign) == {"economy", "environment"} and in_campaign["economy"]["posts"] == 2
    # 12 and 13 October in Jakarta: c (12 Oct 01:00 WIB) and d.
    assert {k: g["posts"] for k, g in since.items()} == {"economy": 1, "environment": 2}


def test_net_sentiment_corrections_win(data):
    with data.connect() as connection:
        posts = {row["post_id"]: row for row in net_sentiment(connection, by="post")}
        pillars = {row["key"]: row for row in net_sentiment(connection, by="pillar")}
        campaigns = net_sentiment(connection, by="campaign")
    # a: positive, positive, (negative→)positive, neutral, negative = 3 positive, 1 negative, 1 neutral.
    assert (posts["a"]["positive"], posts["a"]["negative"], posts["a"]["classified"]) == (3, 1, 5)
    assert posts["a"]["net_sentiment"] == pytest.approx(0.5)  # (3 - 1) / (3 + 1)
    # c: negative, (positive→)negative; the unlabelled comment is not classified.
    assert (posts["c"]["negative"], posts["c"]["classified"], posts["c"]["net_sentiment"]) == (2, 2, -1)
    assert pillars["economy"]["net_sentiment"] == 0  # (3 - 3) / 6
    assert pillars["environment"]["net_sentiment"] == -1  # only c: the excluded tag keeps a out
    assert [(r["key"], r["net_sentiment"]) for r in campaigns] == [("adi-export", 0)]


def test_consistency_with_a_silence(data, config):
    october = {"since": date(2026, 10, 1), "until": date(2026, 10, 31)}
    with data.connect() as connection:
        pillars = by_key(consistency(connection, config, by="pillar", **october))
        accounts = {
            (g["platform"], g["key"]): g for g in consistency(connection, config, by="account", **october)
        }
    # 1 Oct (Thursday) to 31 Oct (Saturday) touches ISO weeks 40 to 44: 5 weeks.
    economy = pillars["economy"]  # posts on 5, 7 and 12 October: weeks 41 and 42
    assert (economy["weeks"], economy["weeks_with_posts"], economy["share"]) == (5, 2, 0.4)
    # Silences: 1-4 (4 days), 6 (1), 8-11 (4), 13-31 October (19).
    assert economy["longest_silence_days"] == 19
    assert (economy["longest_silence_start"], economy["longest_silence_end"]) == (
        date(2026, 10, 13),
        date(2026, 10, 31),
    )
    assert economy["last_post"] == date(2026, 10, 12) and economy["posts"] == 3
    # environment: c on 12 and d on 13 October; silences 1-11 (11 days) and 14-31 (18).
    assert (pillars["environment"]["weeks_with_posts"], pillars["environment"]["longest_silence_days"]) == (
        1,
        18,
    )
    # A pillar without posts: no week, silent all 31 days.
    governance = pillars["governance"]
    assert (governance["posts"], governance["weeks_with_posts"], governance["longest_silence_days"]) == (
        0,
        0,
        31,
    )
    assert governance["last_post"] is None
    # @dinkes posted on 13 and 20 October: silences 1-12 (12 days), 14-19 (6), 21-31 (11).
    dinkes = accounts[("instagram", "dinkes")]
    assert (dinkes["weeks_with_posts"], dinkes["longest_silence_days"]) == (2, 12)
    assert dinkes["longest_silence_start"] == date(2026, 10, 1)
    assert accounts[("x", "sukamajukab")]["longest_silence_days"] == 19  # 13-31 October


def test_empty_database_and_bad_grouping(engine, config):
    with engine.connect() as connection:
        assert aggregate(connection, config, by="pillar") == []
        groups = consistency(
            connection, config, by="pillar", since=date(2026, 10, 1), until=date(2026, 10, 7)
        )
        assert all(g["longest_silence_days"] == 7 and g["weeks"] == 2 for g in groups)
        with pytest.raises(Exception, match="cannot group by 'colour'; choose from campaign, pillar"):
            aggregate(connection, config, by="colour")


def test_local_time_follows_daylight_saving():
    # 2026-03-08 is the US spring-forward day: 06:00 UTC is 01:00 EST, 08:00 UTC is 04:00 EDT.
    utc = [datetime(2026, 3, 8, 6), datetime(2026, 3, 8, 8), datetime(2026, 3, 9, 12)]
    seconds = [(t - datetime(1970, 1, 1)).total_seconds() for t in utc]
    import numpy as np

    local = local_seconds(np.array(seconds + [np.nan]), "America/New_York")
    hours = [(datetime(1970, 1, 1) + timedelta(seconds=s)).hour for s in local[:3]]
    assert hours == [1, 4, 8] and np.isnan(local[3])


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path):
    (tmp_path / "outreach.toml").write_text(TOML)
    path = tmp_path / "outreach.db"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    build(engine, Config(**CONFIG))
    engine.dispose()
    return tmp_path


def test_summary_table_prints_the_definitions(cli_db):
    result = run_cli("summary", "--by", "platform", cwd=cli_db)
    assert result.code == 0, result.err
    out = " ".join(result.out.split())  # notes wrap at words to the terminal's width
    assert "Summary by platform · values at 7 days" in out
    assert "Engagement rate (by reach) = Engagements ÷ reach." in out
    assert "Engagements (x) = likes + replies + reposts + quotes + bookmarks" in out
    assert "Engagements (instagram) = likes + comments + shares + saves" in out
    assert "1,400 (2/4)" in out  # reach known at 7 days for 2 of 4 Instagram posts
    assert "10.71% (2/4)" in out  # 150 / 1400, over the 2 of 4 posts whose reach is known
    assert "Reach (sum): the sum of the posts' reach; a person reached by two posts counts twice." in out
    assert "+0.50 (5)" in out
    assert "are counted in 'posts' and 'no value at age' but left out of every number" in out
    assert "Engagements (tiktok)" not in out  # only platforms in the table are defined


def test_summary_names_missing_engagement_components(cli_db):
    engine = create_db_engine(f"sqlite:///{cli_db / 'outreach.db'}")
    tiktok = AccountRef("tiktok", "sukamajukab")
    with engine.begin() as connection:  # TikTok Studio exports have no saves
        Store(connection).write(
            _post("t1", tiktok, datetime(2026, 10, 6, 5), "video", 7, likes=90, comments=6, shares=4)
        )
    engine.dispose()
    result = run_cli("summary", "--platform", "tiktok", "--rate", "views", cwd=cli_db)
    assert result.code == 0, result.err
    assert (
        "Engagements (tiktok) = likes + comments + shares + saves; unknown: saves for 1 of 1 posts; "
        "those posts count their known components only."
    ) in result.out
    row = next(line for line in result.out.splitlines() if line.startswith("│ tiktok"))
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    assert cells[:6] == ["tiktok", "1", "0", "—", "—", "100"]  # views, reach unknown; 90 + 6 + 4


def test_summary_in_indonesian_by_default(cli_db):
    (cli_db / "outreach.toml").write_text(TOML.replace('language = "en"', 'language = "id"'))
    result = run_cli("summary", "--by", "platform", "--rate", "views", cwd=cli_db)
    assert result.code == 0, result.err
    assert "Tingkat interaksi (per tayangan) = Interaksi ÷ tayangan (X: impressions)." in result.out
    assert "6.800" in result.out  # Indonesian thousands separator
    assert "5,15%" in result.out  # 350 / 6800


def test_summary_json_and_csv(cli_db):
    result = run_cli("summary", "--by", "pillar", "--age", "lifetime", "--format", "json", cwd=cli_db)
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["age_days"] is None and report["rate_by"] == "reach"
    # --json is the same as --format json, as on status, import and compare
    assert run_cli("summary", "--by", "pillar", "--age", "lifetime", "--json", cwd=cli_db).out == result.out
    assert report["definitions"]["engagements"]["instagram"] == "likes + comments + shares + saves"
    assert [g["key"] for g in report["groups"]] == ["economy", "environment", None]
    csv_out = run_cli(
        "summary", "--by", "campaign", "--campaign", "adi-export", "--format", "csv", cwd=cli_db
    )
    assert csv_out.code == 0, csv_out.err
    lines = csv_out.out.splitlines()
    # Named groups, the age and rate used, counts as integers and rates to 4 decimals.
    assert lines[0].startswith(
        "group,key,age_days,rate_by,posts,posts_not_at_age,engagements_partial,posts_long_gap,views,"
    )
    assert lines[1].startswith("ADI EXPORT,adi-export,7,reach,2,0,0,0,3000,2")


def test_consistency_command(cli_db):
    result = run_cli(
        "consistency", "--by", "account", "--since", "2026-10-01", "--until", "2026-10-31", cwd=cli_db
    )
    assert result.code == 0, result.err
    assert "Posting consistency by account, 2026-10-01 to 2026-10-31" in result.out
    assert "12 days (2026-10-01 – 2026-10-12)" in result.out
    assert "Weeks are ISO weeks (Monday to Sunday) in Asia/Jakarta." in result.out
    as_json = json.loads(
        run_cli(
            "consistency", "--since", "2026-10-01", "--until", "2026-10-31", "--format", "json", cwd=cli_db
        ).out
    )
    assert {g["key"]: g["weeks_with_posts"] for g in as_json["groups"]}["economy"] == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["summary", "--age", "soon"], "--age 'soon' is not a number of days; use e.g. --age 7 or --age lifetime"),
        (["summary", "--age", "-3"], "--age -3 is out of range; use a number of days above 0 and up to 3650, or lifetime"),
        (["summary", "--since", "2026-13-01"], "--since '2026-13-01' is not a date; use YYYY-MM-DD, e.g. 2026-10-01"),
        (["summary", "--since", "2026-10-31", "--until", "2026-10-01"], "--until 2026-10-01 is before --since 2026-10-31; swap them"),
        (["summary", "--campaign", "nope"], "no campaign 'nope'; known: adi-export"),
        (["consistency", "--until", "2026-10-01", "--since", "2026-10-02"], "--until 2026-10-01 is before --since 2026-10-02; swap them"),
    ],
)  # fmt: skip
def test_user_mistakes_are_one_line(cli_db, args, message):
    result = run_cli(*args, cwd=cli_db)
    assert result.code == 1
    assert result.err == f"Error: {message}\n"


def test_help_has_examples(tmp_path):
    for command in ("summary", "consistency"):
        result = run_cli(command, "-h", cwd=tmp_path)
        assert result.code == 0 and "Example:" in result.out and f"outreach {command} --by" in result.out

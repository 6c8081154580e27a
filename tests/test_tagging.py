"""Tagging: the rules without a database (outreach.analysis.tagging), stored posts through the
application layer (outreach.app.tagging) on real databases, and `outreach tag`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Table, event, select

from collectors.records import AccountRef, PostRecord
from outreach.analysis.tagging import PostRef, StoredTag, TaggedPost, TagPlan, assignment_changes
from outreach.app.filters import PostFilter
from outreach.app.tagging import clear_manual, manual_tag, manual_untag, post_assignments, tag_posts
from outreach.config import CampaignConfig, Config, ReportConfig, TaxonomyEntry, VariantConfig
from outreach.db import create_db_engine
from outreach.errors import ConfigError, OutreachError
from outreach.models import Assignment, Post
from outreach.queries.tags import tag_listing
from outreach.store import Store
from tests.helpers import run_cli

ASSIGNMENT: Table = Assignment.__table__  # type: ignore[attr-defined]  # SQLModel adds it at runtime
POST: Table = Post.__table__  # type: ignore[attr-defined]  # SQLModel adds it at runtime
OFFICE = AccountRef("instagram", "sukamajukab")
HOSPITAL = AccountRef("instagram", "rsudsukamaju")
TIKTOK = AccountRef("tiktok", "sukamajukab")

PILLARS = [
    TaxonomyEntry(
        key="economy", name="Smart Economy", keywords=["umkm", "pasar"], hashtags=["umkmnaikkelas"]
    ),
    TaxonomyEntry(key="environment", name="Smart Environment", keywords=["bank sampah", "tanam pohon"]),
    TaxonomyEntry(key="living", name="Smart Living", keywords=["puskesmas"]),
]
STRATEGIES = [
    TaxonomyEntry(key="collaborative", name="Collaborative", keywords=["kolaborasi"]),
    TaxonomyEntry(key="persuasive_educative", name="Persuasive-educative", keywords=["ayo"]),
]
ADI_EXPORT = CampaignConfig(
    key="adi-export",
    name="ADI EXPORT",
    start=date(2026, 9, 1),
    end=date(2026, 11, 30),
    pillars=["economy"],
    accounts=["sukamajukab"],
    hashtags=["adiexport"],
    keywords=["ekspor umkm"],
    post_ids=["instagram:p7", "x:404"],
    variants=[
        VariantConfig(key="testimoni", hashtags=["ceritaumkm"]),
        VariantConfig(key="ajakan", keywords=["daftar sekarang"], post_ids=["7001"]),
    ],
)
CONFIG = Config(pillars=PILLARS, strategies=STRATEGIES, campaigns=[ADI_EXPORT])

POSTS = [
    # In the campaign by hashtag; a variant by hashtag; economy by its own keyword.
    PostRecord(
        "instagram",
        "p1",
        OFFICE,
        datetime(2026, 9, 10, 2),
        "image",
        "Pelatihan ekspor UMKM bersama pelaku usaha #AdiExport #CeritaUMKM",
    ),
    # 18:00 UTC on 31 August is 01:00 WIB on 1 September: inside the campaign.
    PostRecord(
        "instagram", "p2", OFFICE, datetime(2026, 8, 31, 18), "image", "Ayo nabung di bank sampah #AdiExport"
    ),
    # 16:00 UTC is 23:00 WIB on 31 August: before the campaign.
    PostRecord("instagram", "p3", OFFICE, datetime(2026, 8, 31, 16), "image", "#AdiExport segera dimulai"),
    # After the campaign's end.
    PostRecord("instagram", "p4", OFFICE, datetime(2026, 12, 1, 2), "image", "#AdiExport terima kasih"),
    # Another account than the campaign's.
    PostRecord(
        "instagram", "p5", HOSPITAL, datetime(2026, 10, 1, 2), "image", "#AdiExport kolaborasi dengan RSUD"
    ),
    PostRecord("instagram", "p6", OFFICE, datetime(2026, 10, 2, 2), "image", "Jadwal puskesmas keliling"),
    # Mapped by "instagram:p7" outside the campaign's dates.
    PostRecord("instagram", "p7", OFFICE, datetime(2026, 7, 1, 2), "image", "Rapat koordinasi"),
    # Mapped to a variant by a bare id; its own words would match the variant by rule too.
    PostRecord("tiktok", "7001", TIKTOK, datetime(2026, 10, 3, 2), "video", "Daftar sekarang!"),
]

EXPECTED = {
    ("p1", "pillar", "economy", "rule", "umkm"),
    ("p1", "campaign", "adi-export", "rule", "#adiexport"),
    ("p1", "variant", "adi-export/testimoni", "rule", "#ceritaumkm"),
    ("p2", "pillar", "environment", "rule", "bank sampah"),
    ("p2", "pillar", "economy", "rule", "campaign adi-export"),
    ("p2", "strategy", "persuasive_educative", "rule", "ayo"),
    ("p2", "campaign", "adi-export", "rule", "#adiexport"),
    ("p5", "strategy", "collaborative", "rule", "kolaborasi"),
    ("p6", "pillar", "living", "rule", "puskesmas"),
    ("p7", "campaign", "adi-export", "mapping", "post_ids of campaign adi-export"),
    ("p7", "pillar", "economy", "mapping", "campaign adi-export"),
    ("7001", "variant", "adi-export/ajakan", "mapping", "post_ids of variant adi-export/ajakan"),
    ("7001", "campaign", "adi-export", "mapping", "post_ids of variant adi-export/ajakan"),
    ("7001", "pillar", "economy", "mapping", "campaign adi-export"),
}


def write(engine, records=POSTS) -> None:
    with engine.begin() as connection:
        Store(connection).write(records)


def tag(engine, config=CONFIG, **options):
    with engine.begin() as connection:
        return tag_posts(connection, config, **options)


def stored(engine, *, with_ids: bool = False) -> set[tuple]:
    """(post id, kind, key, origin, rule) of tags; exclusions as origin "excluded"."""
    a, p = ASSIGNMENT.c, POST.c
    query = select(
        a.id, p.platform_post_id, a.kind, a.key, a.origin, a.rule, a.excluded, a.assigned_at
    ).join_from(ASSIGNMENT, POST, p.id == a.post_id)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    if with_ids:
        return {tuple(r) for r in rows}
    return {(r[1], r[2], r[3], "excluded" if r[6] else r[4], r[5]) for r in rows}


def campaign(**changes) -> Config:
    return CONFIG.model_copy(update={"campaigns": [ADI_EXPORT.model_copy(update=changes)]})


# --- the rules without a database -----------------------------------------------------------

NOW = datetime(2026, 12, 1, 5)


def plain_posts() -> list[TaggedPost]:
    """POSTS as the rules see them, with made-up ``post.id`` values 1..8."""
    return [
        TaggedPost(i, r.platform, r.published_at, r.caption, r.account.handle if r.account else None)
        for i, r in enumerate(POSTS, start=1)
    ]


def test_analysis_runs_on_plain_rows_without_a_database():
    posts = plain_posts()
    known = [PostRef(p.id, p.platform, POSTS[p.id - 1].platform_post_id) for p in posts]
    changes = assignment_changes(CONFIG, posts, known_posts=known, now=NOW)
    ids = {p.id: POSTS[p.id - 1].platform_post_id for p in posts}
    assert {(ids[r[0]], r[1], r[2], r[3], r[4]) for r in changes.upserts} == EXPECTED
    assert all(r[5] is False and r[6] == NOW for r in changes.upserts)
    assert changes.removals == []
    assert {k: c.added for k, c in changes.counts.kinds.items()} == {
        "pillar": 6, "strategy": 2, "campaign": 4, "variant": 2,
    }  # fmt: skip
    assert (changes.counts.posts, changes.counts.posts_without_pillar) == (8, 3)
    assert changes.counts.missing_post_ids == ["x:404 (campaign adi-export)"]


def test_analysis_keeps_manual_rows_and_removes_stale_ones():
    p6 = plain_posts()[5]
    existing = [
        StoredTag(10, p6.id, "pillar", "living", "rule", "puskesmas", False),  # still matches: kept
        StoredTag(11, p6.id, "pillar", "economy", "rule", "pasar", False),  # no longer matches: removed
        StoredTag(12, p6.id, "pillar", "environment", "manual", None, False),  # by hand: kept as is
        StoredTag(13, p6.id, "campaign", "adi-export", "manual", None, True),  # excluded by hand
    ]
    plan = TagPlan(CONFIG)
    changes = plan.changes([p6], existing, {}, now=NOW)
    assert changes.upserts == [] and changes.removals == [11]
    pillar = changes.counts.kinds["pillar"]
    assert (pillar.kept, pillar.removed, pillar.manual) == (1, 1, 1)
    assert changes.counts.kinds["campaign"].manual == 1


# --- rules and mappings ------------------------------------------------------------------


def test_rules_and_mappings_tag_every_kind(engine):
    write(engine)
    counts = tag(engine)
    assert stored(engine) == EXPECTED
    assert {k: c.added for k, c in counts.kinds.items()} == {
        "pillar": 6,
        "strategy": 2,
        "campaign": 4,
        "variant": 2,
    }
    assert counts.posts == 8
    # p3, p4 and p5 serve no pillar.
    assert counts.posts_without_pillar == 3
    # A mapped id that no import has stored is reported, not an error.
    assert counts.missing_post_ids == ["x:404 (campaign adi-export)"]


def test_campaign_days_follow_the_report_time_zone(engine):
    write(engine)
    tag(engine, CONFIG.model_copy(update={"report": ReportConfig(timezone="UTC")}))
    campaign_posts = {post for post, kind, *_ in stored(engine) if kind == "campaign"}
    # In UTC, p2 (18:00 on 31 August) is before the campaign and p3 as well.
    assert campaign_posts == {"p1", "p7", "7001"}


def test_campaign_without_dates_or_accounts_takes_every_matching_post(engine):
    write(engine)
    tag(engine, campaign(start=None, end=None, accounts=[]))
    campaign_posts = {post for post, kind, *_ in stored(engine) if kind == "campaign"}
    assert campaign_posts == {"p1", "p2", "p3", "p4", "p5", "p7", "7001"}


def test_campaign_accounts_may_name_the_platform(engine):
    write(engine)
    tag(engine, campaign(accounts=["instagram:@RSUDSukamaju"], post_ids=[], variants=[]))
    assert {post for post, kind, *_ in stored(engine) if kind == "campaign"} == {"p5"}


# --- re-runs and configuration changes -----------------------------------------------------


def test_rerun_changes_nothing(engine):
    write(engine)
    tag(engine)
    before = stored(engine, with_ids=True)
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    counts = tag(engine)
    assert stored(engine, with_ids=True) == before  # same rows, same ids, same times
    assert counts.changed == 0
    assert {k: c.kept for k, c in counts.kinds.items()} == {
        "pillar": 6,
        "strategy": 2,
        "campaign": 4,
        "variant": 2,
    }
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_config_change_removes_stale_rows_and_updates_rules(engine):
    write(engine)
    tag(engine)
    ids = {(r[1], r[2], r[3]): r[0] for r in stored(engine, with_ids=True)}
    # The campaign now ends in September, is marked by a new hashtag only and has no variants.
    changed = campaign(end=date(2026, 9, 30), hashtags=["adiekspor"], keywords=["ekspor umkm"], variants=[])
    counts = tag(engine, changed)
    after = stored(engine)
    assert ("p1", "campaign", "adi-export", "rule", "ekspor umkm") in after
    assert not [row for row in after if row[1] == "variant"]
    assert not [row for row in after if row[0] == "p2" and row[2] in ("adi-export", "economy")]
    assert not [row for row in after if row[0] == "7001"]  # its only link was the variant's post_ids
    assert (counts.kinds["campaign"].updated, counts.kinds["campaign"].removed) == (1, 2)
    assert counts.kinds["variant"].removed == 2
    # An updated row keeps its id.
    assert {(r[1], r[2], r[3]): r[0] for r in stored(engine, with_ids=True)}[
        ("p1", "campaign", "adi-export")
    ] == (ids[("p1", "campaign", "adi-export")])
    # Back to the original configuration: back to the original rows.
    tag(engine)
    assert stored(engine) == EXPECTED


def test_post_ids_limit_the_run(engine):
    write(engine)
    with engine.connect() as connection:
        pk = connection.execute(select(Post.id).where(Post.platform_post_id == "p6")).scalar_one()
    counts = tag(engine, post_ids=[pk])
    assert counts.posts == 1
    assert stored(engine) == {("p6", "pillar", "living", "rule", "puskesmas")}


def test_one_upsert_and_one_delete_per_batch(sqlite_engine):
    records = [
        PostRecord(
            "instagram", f"b{i}", OFFICE, datetime(2026, 10, 1, 2), "image", f"Pasar UMKM ke-{i} #AdiExport"
        )
        for i in range(250)
    ]
    write(sqlite_engine, records)
    statements: list[str] = []
    event.listen(sqlite_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    counts = tag(sqlite_engine, batch_size=100)
    assert counts.kinds["pillar"].added == 250 and counts.kinds["campaign"].added == 250
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "DELETE"))]
    assert len(writes) == 3 and all(s.startswith("INSERT INTO assignment") for s in writes)
    statements.clear()
    counts = tag(sqlite_engine, campaign(hashtags=[], keywords=[], post_ids=[], variants=[]), batch_size=100)
    assert counts.kinds["campaign"].removed == 250
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "DELETE"))]
    assert len(writes) == 3 and all(s.startswith("DELETE FROM assignment") for s in writes)


# --- manual decisions --------------------------------------------------------------------------


def test_manual_tag_and_exclusion_survive_reruns_and_config_changes(engine):
    write(engine)
    tag(engine)
    with engine.begin() as connection:
        [added] = manual_tag(connection, "instagram", "p6", "pillar", "environment", config=CONFIG)
        excluded = manual_untag(connection, "instagram", "p2", "pillar", "environment", config=CONFIG)
    assert added.before is None
    assert (excluded.before.origin, excluded.before.rule) == ("rule", "bank sampah")
    expected = EXPECTED - {("p2", "pillar", "environment", "rule", "bank sampah")} | {
        ("p6", "pillar", "environment", "manual", None),
        ("p2", "pillar", "environment", "excluded", None),
    }
    counts = tag(engine)
    assert stored(engine) == expected
    assert (counts.kinds["pillar"].manual, counts.kinds["pillar"].blocked, counts.changed) == (2, 1, 0)
    # Without any pillars matching by rule, the manual rows stay and nothing re-adds p2.
    tag(
        engine,
        CONFIG.model_copy(update={"pillars": [p.model_copy(update={"keywords": []}) for p in PILLARS]}),
    )
    assert {r for r in stored(engine) if r[3] in ("manual", "excluded")} == {
        ("p6", "pillar", "environment", "manual", None),
        ("p2", "pillar", "environment", "excluded", None),
    }
    tag(engine)
    assert stored(engine) == expected


def test_manual_tag_replaces_a_rule_row_in_place(engine):
    write(engine)
    tag(engine)
    before = {(r[1], r[2], r[3]): r[0] for r in stored(engine, with_ids=True)}
    with engine.begin() as connection:
        [change] = manual_tag(connection, "instagram", "p6", "pillar", "living", config=CONFIG)
    assert (change.before.origin, change.before.rule) == ("rule", "puskesmas")
    after = {(r[1], r[2], r[3]): (r[0], r[4]) for r in stored(engine, with_ids=True)}
    assert after[("p6", "pillar", "living")] == (before[("p6", "pillar", "living")], "manual")


def test_excluding_a_campaign_drops_its_variants_and_pillars(engine):
    write(engine)
    tag(engine)
    with engine.begin() as connection:
        manual_untag(connection, "instagram", "p1", "campaign", "adi-export", config=CONFIG)
        manual_untag(connection, "instagram", "p2", "campaign", "adi-export", config=CONFIG)
    counts = tag(engine)
    p1 = {r for r in stored(engine) if r[0] == "p1"}
    p2 = {r for r in stored(engine) if r[0] == "p2"}
    # p1 keeps economy by its own keyword; p2 had economy only through the campaign.
    assert p1 == {
        ("p1", "pillar", "economy", "rule", "umkm"),
        ("p1", "campaign", "adi-export", "excluded", None),
    }
    assert ("p2", "pillar", "economy", "rule", "campaign adi-export") not in p2
    assert counts.kinds["variant"].removed == 1 and counts.kinds["campaign"].blocked == 2


def test_manual_variant_puts_the_post_in_its_campaign(engine):
    write(engine)
    with engine.begin() as connection:
        changes = manual_tag(connection, "instagram", "p6", "variant", "adi-export/testimoni", config=CONFIG)
    assert [(c.kind, c.key, c.before) for c in changes] == [
        ("variant", "adi-export/testimoni", None),
        ("campaign", "adi-export", None),
    ]
    tag(engine)
    assert {r for r in stored(engine) if r[0] == "p6"} == {
        ("p6", "pillar", "living", "rule", "puskesmas"),
        ("p6", "pillar", "economy", "rule", "campaign adi-export"),
        ("p6", "campaign", "adi-export", "manual", None),
        ("p6", "variant", "adi-export/testimoni", "manual", None),
    }


def test_clear_manual_lets_the_rules_decide_again(engine):
    write(engine)
    tag(engine)
    with engine.begin() as connection:
        manual_untag(connection, "instagram", "p6", "pillar", "living", config=CONFIG)
    tag(engine)
    assert ("p6", "pillar", "living", "excluded", None) in stored(engine)
    with engine.begin() as connection:
        removed = clear_manual(connection, "instagram", "p6", "pillar", "living")
    assert removed.excluded
    tag(engine)
    assert stored(engine) == EXPECTED


def test_assignments_leave_out_exclusions(engine):
    write(engine)
    tag(engine)
    with engine.begin() as connection:
        manual_untag(connection, "instagram", "p7", "campaign", "adi-export", config=CONFIG)
        manual_tag(connection, "instagram", "p5", "campaign", "adi-export", config=CONFIG)
    tag(engine)
    with engine.connect() as connection:
        ids = {post_id: pk for post_id, pk in connection.execute(select(Post.platform_post_id, Post.id))}
        campaigns = tag_listing(connection, PostFilter(), "Asia/Jakarta", kind="campaign")
        p1_rows = post_assignments(connection, ids["p1"])
    assert sorted((r["post_id"], r["key"], r["origin"]) for r in campaigns) == [
        ("7001", "adi-export", "mapping"),
        ("p1", "adi-export", "rule"),
        ("p2", "adi-export", "rule"),
        ("p5", "adi-export", "manual"),
    ]
    assert [(r.kind, r.key) for r in p1_rows] == [
        ("pillar", "economy"),
        ("campaign", "adi-export"),
        ("variant", "adi-export/testimoni"),
    ]


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda c: manual_tag(c, "instagram", "p1", "pilar", "economy", config=CONFIG, language="en"),
            "unknown tag kind 'pilar'; use one of: pillar, strategy, campaign, variant",
        ),
        (
            lambda c: manual_tag(c, "instagram", "p1", "pillar", "ekonomi", config=CONFIG, language="en"),
            "unknown pillar 'ekonomi'; configured pillars: economy, environment, living",
        ),
        (
            lambda c: manual_untag(
                c, "instagram", "p1", "variant", "adi-export/video", config=CONFIG, language="en"
            ),
            "unknown variant 'adi-export/video'; configured message variants: adi-export/testimoni, adi-export/ajakan",
        ),
        (
            lambda c: manual_tag(
                c, "instagram", "p1", "variant", "x/y", config=Config(pillars=PILLARS), language="en"
            ),
            "no message variants are configured; add [[campaigns.variants]] under a campaign to outreach.toml first",
        ),
        (
            lambda c: manual_tag(c, "instagram", "p404", "pillar", "economy", config=CONFIG, language="en"),
            "no instagram post with id p404 in the database; list the stored ids with: outreach posts --platform instagram",
        ),
        (
            lambda c: manual_tag(c, "facebook", "p1", "pillar", "economy", config=CONFIG, language="en"),
            "unknown platform 'facebook'; use one of: instagram, tiktok, x",
        ),
        (
            lambda c: clear_manual(c, "instagram", "p1", "pillar", "economy", language="en"),
            "instagram:p1 has no manual pillar tag 'economy'; it has no manual tags",
        ),
    ],
)
def test_mistakes_are_one_line_errors_naming_the_fix(sqlite_engine, call, message):
    write(sqlite_engine)
    with sqlite_engine.begin() as connection, pytest.raises(OutreachError) as raised:
        call(connection)
    assert str(raised.value) == message


def test_keys_are_checked_against_the_database_without_a_config(sqlite_engine):
    write(sqlite_engine)
    with sqlite_engine.begin() as connection:
        Store(connection).sync_config(CONFIG)
        manual_tag(connection, "instagram", "p1", "strategy", "collaborative")
        with pytest.raises(OutreachError, match="^unknown campaign 'adi'; configured campaigns: adi-export$"):
            manual_tag(connection, "instagram", "p1", "campaign", "adi", language="en")


def test_a_malformed_mapped_post_id_names_the_campaign(sqlite_engine):
    with sqlite_engine.begin() as connection, pytest.raises(ConfigError) as raised:
        tag_posts(connection, campaign(post_ids=["facebook:123"]))
    assert str(raised.value) == (
        "campaigns adi-export post_ids: post id 'facebook:123' is not 'platform:id' or a bare id; "
        'platforms are instagram, tiktok, x, e.g. "instagram:17900000000000001"'
    )


# --- the command line ----------------------------------------------------------------------------

TOML = """
[[pillars]]
key = "economy"
name = "Smart Economy"
keywords = ["umkm", "pasar"]

[[pillars]]
key = "living"
name = "Smart Living"
keywords = ["puskesmas"]

[[strategies]]
key = "collaborative"
name = "Collaborative"
keywords = ["kolaborasi"]

[[campaigns]]
key = "adi-export"
name = "ADI EXPORT"
start = 2026-09-01
end = 2026-11-30
pillars = ["economy"]
hashtags = ["adiexport"]
post_ids = ["x:404"]

  [[campaigns.variants]]
  key = "testimoni"
  hashtags = ["ceritaumkm"]
"""


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "outreach.toml").write_text(TOML, encoding="utf-8")
    assert run_cli("init", cwd=tmp_path).code == 0
    engine = create_db_engine(f"sqlite:///{tmp_path / 'outreach.db'}")
    write(engine)
    engine.dispose()
    return tmp_path


def test_cli_round_trip(workdir):
    result = run_cli("--lang", "en", "tag", "run", "--json", cwd=workdir)
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["kinds"]["campaign"]["added"] == 3  # p1, p2, p5 (no accounts listed here)
    assert summary["posts_without_pillar"] == 4  # p3, p4, p7, 7001
    assert result.err == (
        "Warning: 1 post id(s) in outreach.toml are not in the database: x:404 (campaign adi-export); "
        "import the exports that list them, then run: outreach tag run\n"
    )

    result = run_cli(
        "--lang",
        "en",
        "tag",
        "add",
        "instagram",
        "p7",
        "--pillar",
        "living",
        "--variant",
        "adi-export/testimoni",
        cwd=workdir,
    )
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Tagged instagram:p7 to pillar living by hand (it had no such tag).",
        "Tagged instagram:p7 to variant adi-export/testimoni by hand (it had no such tag).",
        "Tagged instagram:p7 to campaign adi-export by hand (it had no such tag).",
        (
            "Tags of instagram:p7 now: pillar Smart Economy (economy; rule: campaign adi-export); "
            "pillar Smart Living (living; by hand); campaign ADI EXPORT (adi-export; by hand); "
            "variant ADI EXPORT: testimoni (adi-export/testimoni; by hand)"
        ),
    ]
    result = run_cli(
        "--lang", "en", "tag", "remove", "instagram", "p1", "--campaign", "adi-export", cwd=workdir
    )
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        'Excluded instagram:p1 from campaign adi-export by hand (it was tagged by rule "#adiexport").'
    )
    assert result.out.splitlines()[-1] == "Undo with: outreach tag clear instagram p1 --campaign adi-export"

    # The decisions survive a re-run.
    again = json.loads(run_cli("--lang", "en", "tag", "run", "--json", cwd=workdir).out)
    assert sum(k["added"] + k["updated"] + k["removed"] for k in again["kinds"].values()) == 0
    assert again["kinds"]["campaign"]["manual"] == 2 and again["kinds"]["campaign"]["blocked"] == 1

    shown = json.loads(run_cli("--lang", "en", "tag", "show", "instagram", "p1", "--json", cwd=workdir).out)
    assert shown["account"] == "sukamajukab" and shown["published_at"] == "2026-09-10T02:00:00Z"
    assert [(t["kind"], t["key"], t["origin"], t["rule"], t["excluded"]) for t in shown["tags"]] == [
        ("pillar", "economy", "rule", "umkm", False),
        ("campaign", "adi-export", "manual", None, True),
    ]
    text = run_cli("--lang", "en", "tag", "show", "instagram", "p1", cwd=workdir)
    assert text.code == 0 and "excluded" in text.out and "2026-09-10 09:00 WIB" in text.out

    listed = list(
        csv.DictReader(
            io.StringIO(
                run_cli(
                    "--lang", "en", "tag", "list", "--kind", "campaign", "--format", "csv", cwd=workdir
                ).out
            )
        )
    )
    assert [(r["post_id"], r["origin"], r["rule"]) for r in listed] == [
        ("p5", "rule", "#adiexport"),
        ("p2", "rule", "#adiexport"),
        ("p7", "manual", ""),
    ]
    assert listed[1]["published_at"] == "2026-08-31T18:00:00Z"
    untagged = json.loads(
        run_cli("--lang", "en", "tag", "list", "--untagged", "--format", "json", cwd=workdir).out
    )
    assert [p["post_id"] for p in untagged] == ["p4", "7001", "p3"]

    result = run_cli(
        "--lang", "en", "tag", "clear", "instagram", "p1", "--campaign", "adi-export", cwd=workdir
    )
    assert result.code == 0, result.err
    assert (
        result.out.splitlines()[0] == "Cleared the manual exclusion from campaign adi-export of instagram:p1."
    )
    assert "campaign ADI EXPORT (adi-export; rule: #adiexport)" in result.out


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("tag", "add", "instagram", "p1", "--pillar", "ekonomi"),
            "Error: unknown pillar 'ekonomi'; configured pillars: economy, living\n",
        ),
        (
            ("tag", "add", "instagram", "p1", "--variant", "adi-export"),
            "Error: unknown variant 'adi-export'; configured message variants: adi-export/testimoni\n",
        ),
        (
            ("tag", "remove", "tiktok", "p1", "--pillar", "economy"),
            "Error: no tiktok post with id p1 in the database; list the stored ids with: outreach posts --platform tiktok\n",
        ),
        (
            ("tag", "add", "instagram", "p1"),
            "Error: say what to tag: --pillar, --strategy, --campaign or --variant, e.g. --pillar economy\n",
        ),
        (
            ("tag", "clear", "instagram", "p1", "--pillar", "economy"),
            "Error: instagram:p1 has no manual pillar tag 'economy'; it has no manual tags\n",
        ),
        (
            ("tag", "list", "--untagged", "--key", "economy"),
            "Error: --untagged lists posts without tags, so --key and --origin do not apply; drop them\n",
        ),
    ],
)
def test_cli_errors_are_one_line(workdir, args, message):
    result = run_cli("--lang", "en", *args, cwd=workdir)
    assert (result.code, result.err) == (1, message)


def test_a_failed_add_changes_nothing(workdir):
    result = run_cli(
        "tag", "add", "instagram", "p6", "--pillar", "economy", "--pillar", "ekonomi", cwd=workdir
    )
    assert result.code == 1
    shown = json.loads(run_cli("--lang", "en", "tag", "show", "instagram", "p6", "--json", cwd=workdir).out)
    assert shown["tags"] == []


def test_a_full_run_marks_every_post_so_the_next_import_tags_none_again(workdir):
    from outreach.app.imports import analyse_imported
    from outreach.app.tagging import tagging_fingerprint
    from outreach.config import load_config
    from outreach.queries.tags import posts_waiting_for_tags

    config = load_config(workdir / "outreach.toml")
    engine = create_db_engine(f"sqlite:///{workdir / 'outreach.db'}")
    with engine.connect() as connection:
        assert len(posts_waiting_for_tags(connection, tagging_fingerprint(config))) == len(POSTS)
    assert run_cli("tag", "run", cwd=workdir).code == 0
    with engine.connect() as connection:
        assert posts_waiting_for_tags(connection, tagging_fingerprint(config)) == []
    assert analyse_imported(engine, config, score=False).tagging.posts == 0
    engine.dispose()


@pytest.mark.parametrize("command", ["run", "add", "remove", "clear", "show", "list"])
def test_every_tag_command_has_help_with_an_example(command):
    result = run_cli("--lang", "en", "tag", command, "-h")
    assert result.code == 0
    assert "Example:" in result.out and f"outreach tag {command}" in result.out


def test_tag_list_takes_the_post_filter(workdir):
    assert run_cli("tag", "run", cwd=workdir).code == 0

    def listed(*args: str) -> list[str]:
        result = run_cli("tag", "list", *args, "--format", "json", cwd=workdir)
        assert result.code == 0, result.err
        return [row["post_id"] for row in json.loads(result.out)]

    assert listed("--platform", "tiktok") == []  # 7001 has no tag under this configuration
    assert listed("--kind", "strategy", "--platform", "instagram") == ["p5"]
    # Days are the report zone's: p2 (18:00 UTC on 31 August) was published on 1 September in WIB.
    assert listed("--kind", "campaign", "--since", "2026-09-01", "--until", "2026-09-30") == ["p1", "p2"]
    assert listed("--untagged", "--kind", "campaign", "--platform", "instagram") == ["p4", "p6", "p3", "p7"]
    assert listed("--kind", "pillar", "--campaign", "adi-export") == ["p5", "p1", "p2"]
    result = run_cli(
        "--lang", "en", "tag", "list", "--since", "2026-10-01", "--until", "2026-09-01", cwd=workdir
    )
    assert (result.code, result.err) == (
        1,
        "Error: --until 2026-09-01 is before --since 2026-10-01; swap them\n",
    )


def test_cli_speaks_the_report_language_and_shows_names(workdir):
    result = run_cli("tag", "run", cwd=workdir)
    assert result.code == 0, result.err
    assert result.out.startswith("8 postingan ditandai dengan aturan dari ")
    assert "Postingan tanpa pilar: 4 dari 8" in result.out
    listed = run_cli("tag", "list", "--kind", "campaign", cwd=workdir)
    assert listed.code == 0, listed.err
    assert "3 tanda" in listed.out and "ADI EXPORT" in listed.out and "kampanye" in listed.out
    shown = json.loads(run_cli("tag", "show", "instagram", "p1", "--json", cwd=workdir).out)
    assert [(t["kind"], t["key"], t["name"]) for t in shown["tags"]] == [
        ("pillar", "economy", "Smart Economy"),
        ("campaign", "adi-export", "ADI EXPORT"),
        ("variant", "adi-export/testimoni", "ADI EXPORT: testimoni"),
    ]
    result = run_cli("tag", "add", "instagram", "p1", "--pillar", "ekonomi", cwd=workdir)
    assert (result.code, result.err) == (
        1,
        "Error: pilar 'ekonomi' tidak dikenal; pilar yang dikonfigurasi: economy, living\n",
    )

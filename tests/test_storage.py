"""The store on real databases: SQLite files and a PostgreSQL server."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, inspect, select, text

from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    CommentRecord,
    MetricSnapshotRecord,
    PostRecord,
)
from outreach.config import Config
from outreach.db import create_db_engine, current_revision, head_revision, upgrade
from outreach.models import Account, AccountSnapshot, Comment, MetricSnapshot, Pillar, Post
from outreach.store import Store

T0 = datetime(2026, 10, 5, 3, 0)
T1 = datetime(2026, 10, 12, 3, 0)
ACCOUNT = AccountRef("instagram", "sukamajukab", "17841400000000001", "Diskominfo Sukamaju")


def _records(captured_at=T0, views=1200, reach=None):
    yield PostRecord(
        "instagram", "17900000000000001", ACCOUNT, datetime(2026, 10, 1, 2, 30), "reel", "Ayo ke pasar UMKM!"
    )
    yield MetricSnapshotRecord(
        "instagram",
        "17900000000000001",
        captured_at,
        "meta_content",
        {"views": views, "reach": reach, "likes": 40},
    )


def _count(connection, model):
    return connection.execute(select(func.count()).select_from(model)).scalar_one()


def test_schema_is_created_at_head(engine):
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {
        "post",
        "metric_snapshot",
        "account_snapshot",
        "comment",
        "assignment",
        "sync_state",
        "imported_file",
        "collection_run",
        "audience_share",
    } <= tables


def test_upsert_twice_changes_nothing(engine):
    for _ in range(2):
        with engine.begin() as connection:
            Store(connection).write(_records())
    with engine.connect() as connection:
        assert _count(connection, Post) == 1
        assert _count(connection, MetricSnapshot) == 1
        assert _count(connection, Account) == 1
        post = connection.execute(select(Post)).one()
        assert post.platform_post_id == "17900000000000001"
        assert post.published_at == datetime(2026, 10, 1, 2, 30)


def test_unknown_stays_null_and_known_is_not_erased(engine):
    with engine.begin() as connection:
        counts = Store(connection).write(_records(reach=None))
    assert (counts.posts_new, counts.snapshots_new) == (1, 1)
    with engine.connect() as connection:
        row = connection.execute(select(MetricSnapshot)).one()
        assert row.reach is None and row.views == 1200 and row.saves is None
    # The same moment again with reach known and views unknown: an update, not a duplicate.
    with engine.begin() as connection:
        counts = Store(connection).write(_records(views=None, reach=900))
    assert (counts.posts_new, counts.posts_updated, counts.snapshots_new) == (0, 1, 0)
    with engine.connect() as connection:
        row = connection.execute(select(MetricSnapshot)).one()
        assert (row.views, row.reach) == (1200, 900)


def test_newer_export_adds_a_snapshot(engine):
    with engine.begin() as connection:
        Store(connection).write(_records(T0, views=1200))
    with engine.begin() as connection:
        Store(connection).write(_records(T1, views=2500))
    with engine.connect() as connection:
        views = (
            connection.execute(select(MetricSnapshot.views).order_by(MetricSnapshot.captured_at))
            .scalars()
            .all()
        )
    assert views == [1200, 2500]


def test_longest_caption_is_kept(engine):
    full = "Pelatihan ekspor UMKM " * 20
    with engine.begin() as connection:
        Store(connection).write(
            [PostRecord("x", "2107033435285991885", AccountRef("x", "sukamajukab"), caption=full)]
        )
    with engine.begin() as connection:
        Store(connection).write(
            [PostRecord("x", "2107033435285991885", AccountRef("x", "sukamajukab"), caption=full[:280])]
        )
    with engine.connect() as connection:
        assert connection.execute(select(Post.caption)).scalar_one() == full


def test_account_days_from_several_files_merge(engine):
    account = AccountRef("instagram", "sukamajukab")
    with engine.begin() as connection:
        Store(connection).write(
            [AccountSnapshotRecord(account, date(2026, 10, 1), "meta_account", {"views": 1775})]
        )
    with engine.begin() as connection:
        Store(connection).write(
            [AccountSnapshotRecord(account, date(2026, 10, 1), "meta_account", {"reach": 900})]
        )
    with engine.connect() as connection:
        row = connection.execute(select(AccountSnapshot)).one()
    assert (row.views, row.reach, row.followers) == (1775, 900, None)


def test_comment_authors_are_pseudonymous(engine):
    with engine.begin() as connection:
        store = Store(connection)
        store.write(_records())
        store.write(
            [
                CommentRecord(
                    "instagram", "17900000000000001", "c1", "Mantap min!", T0, author_handle="@warga_satu"
                ),
                CommentRecord(
                    "instagram", "17900000000000001", "c2", "Kapan dibuka?", T0, author_handle="warga_satu"
                ),
            ]
        )
    with engine.connect() as connection:
        rows = connection.execute(select(Comment).order_by(Comment.platform_comment_id)).all()
        dump = " ".join(str(v) for r in rows for v in r)
    assert rows[0].author_key == rows[1].author_key and rows[0].author_key
    assert "warga_satu" not in dump


def test_config_mirror_has_default_pillars(engine):
    with engine.begin() as connection:
        Store(connection).sync_config(Config())
    with engine.connect() as connection:
        keys = set(connection.execute(select(Pillar.key)).scalars())
    assert {"governance", "branding", "economy", "living", "society", "environment"} <= keys


def test_first_migration_upgrades_to_latest_keeping_data(db_url):
    engine = create_db_engine(db_url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO account (platform, handle) VALUES ('x', 'sukamajukab')"))
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT handle FROM account")).scalar_one() == "sukamajukab"
    upgrade(engine)  # harmless to repeat
    engine.dispose()


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(sqlite_engine):
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_failed_batch_leaves_nothing(engine):
    try:
        with engine.begin() as connection:
            store = Store(connection)
            store.write(_records())
            raise RuntimeError("simulated failure half-way through a file")
    except RuntimeError:
        pass
    with engine.connect() as connection:
        assert _count(connection, Post) == 0


def test_post_listing_filters_on_both_backends(engine):
    """`outreach posts` filters: each metric is the newest known value; unknown stays None."""
    from outreach.app.filters import PostFilter
    from outreach.queries import posts_with_latest_metrics

    def listed(**filters):
        return posts_with_latest_metrics(connection, PostFilter(**filters), "UTC")

    with engine.begin() as connection:
        Store(connection).write(_records(T0, views=1200, reach=900))
        Store(connection).write(_records(T1, views=1500, reach=None))
    with engine.connect() as connection:
        (row,) = listed()
        assert (row["views"], row["reach"], row["saves"]) == (1500, 900, None)
        assert listed(platform="instagram", since=date(2026, 10, 1))
        assert listed(platform="x") == []
        assert listed(since=date(2026, 10, 2)) == []
        assert listed(account="@SUKAMAJUKAB") and listed(account="other") == []


def test_changed_text_is_scored_again(engine):
    """A comment or caption whose text changes loses its model mark; unchanged text keeps it."""
    from collectors.records import CommentRecord

    def comment(text):
        return CommentRecord("instagram", "17900000000000001", "c1", text)

    with engine.begin() as connection:
        Store(connection).write([*_records(), comment("mantul min")])
        connection.execute(text("UPDATE comment SET sentiment_model = 'm1'"))
        connection.execute(text("UPDATE post SET sentiment_model = 'm1'"))
    with engine.begin() as connection:
        Store(connection).write([*_records(), comment("mantul min")])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT sentiment_model FROM comment")).scalar_one() == "m1"
        assert connection.execute(text("SELECT sentiment_model FROM post")).scalar_one() == "m1"
    longer = PostRecord(
        "instagram", "17900000000000001", ACCOUNT, datetime(2026, 10, 1, 2, 30), "reel",
        "Ayo ke pasar UMKM! Gratis untuk warga.",
    )  # fmt: skip
    with engine.begin() as connection:
        Store(connection).write([longer, comment("mantul min, tapi parkirnya susah")])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT sentiment_model FROM comment")).scalar_one() is None
        assert connection.execute(text("SELECT sentiment_model FROM post")).scalar_one() is None


def test_migrations_build_the_schema_the_models_describe(engine):
    """The tables, columns and indexes Alembic creates are those of outreach.models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import outreach.models  # noqa: F401  (registers the tables)

    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    # SQLite reflects no server defaults the same way; only structural differences count.
    structural = [d for d in differences if not (isinstance(d, list) and d and d[0][0] == "modify_default")]
    assert structural == []

"""The only module that writes: bulk upserts of collector records by natural key.

Every write is an ``INSERT ... ON CONFLICT DO UPDATE`` executed once per batch,
so importing the same file twice changes nothing and a newer export of a post
adds a snapshot at that export's time. Unknown values never overwrite known
ones (``COALESCE(excluded.x, table.x)``). The caller owns the transaction: one
per file or per API batch, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, case, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from collectors.records import (
    ACCOUNT_METRICS,
    POST_METRICS,
    AccountRef,
    AccountSnapshotRecord,
    AudienceRecord,
    CommentRecord,
    MetricSnapshotRecord,
    Notice,
    PostRecord,
    Record,
)
from outreach.config import Config
from outreach.errors import OutreachError
from outreach.models import (
    Account,
    AccountSnapshot,
    Assignment,
    AudienceShare,
    AuditEvent,
    Campaign,
    CollectionRun,
    Comment,
    ImportedFile,
    MessageVariant,
    MetricSnapshot,
    Office,
    Pillar,
    Post,
    PostValue,
    PrStrategy,
    PurgedAuthor,
    Setting,
    SyncState,
    WebUser,
)

BATCH_SIZE = 5000
# SQLite allows 32766 bound parameters per statement; keep IN-lists well below.
LOOKUP_CHUNK = 900
# Post ids kept between batches (about 12 MB): enough that a weekly import never looks
# a post up twice, small enough that a million-row file stays in flat memory.
POST_CACHE_LIMIT = 50_000

# Assignment rows as ``Store.write_assignments`` takes them (``analysis.tagging`` builds them).
ASSIGNMENT_COLUMNS = ("post_id", "kind", "key", "origin", "rule", "excluded", "assigned_at")
# Ids per DELETE: below SQLite's 32766 and PostgreSQL's 65535 parameters.
DELETE_ID_CHUNK = 10_000


class UnknownPostError(OutreachError):
    """A record refers to a post that no import has stored."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


POST = _table(Post)
SNAPSHOT = _table(MetricSnapshot)
ACCOUNT = _table(Account)
ACCOUNT_SNAPSHOT = _table(AccountSnapshot)
AUDIENCE = _table(AudienceShare)
COMMENT = _table(Comment)
PURGED_AUTHOR = _table(PurgedAuthor)
POST_VALUE = _table(PostValue)


@dataclass
class WriteCounts:
    posts_new: int = 0
    posts_updated: int = 0
    snapshots: int = 0  # rows written (new or updated)
    snapshots_new: int = 0
    account_days: int = 0
    audience_rows: int = 0
    comments: int = 0
    comments_skipped: int = 0  # by authors purged with `outreach purge`
    rows: int = 0  # records read from the source
    notices: list[str] = field(default_factory=list)

    def add(self, other: WriteCounts) -> None:
        for name, value in asdict(other).items():
            if isinstance(value, list):
                getattr(self, name).extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)


class Store:
    """Writes records through one connection inside the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self._accounts: dict[tuple[str, str], int] = {}
        self._account_spellings: dict[tuple[str, str | None, str | None], int] = {}
        self._posts: dict[tuple[str, str], int] = {}
        self._secret: bytes | None = None
        self._purged: set[str] | None = None

    # --- statements ---------------------------------------------------------------

    def _insert(self, table: Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def excluded(self, table: Table) -> Any:
        """The incoming row of an upsert into ``table``, for ``custom`` update expressions."""
        return self._insert(table).excluded

    def upsert(
        self,
        table: Table,
        rows: Sequence[dict[str, Any]] | Sequence[tuple[Any, ...]],
        keys: Sequence[str],
        *,
        columns: Sequence[str] | None = None,
        keep_known: Sequence[str] = (),
        overwrite: Sequence[str] = (),
        custom: dict[str, ColumnElement[Any]] | None = None,
    ) -> None:
        """One ``INSERT ... ON CONFLICT (keys) DO UPDATE`` for the whole batch.

        ``rows`` are dicts, or tuples in the order of ``columns`` (the hot path).
        ``keep_known`` columns take the new value unless it is NULL;
        ``overwrite`` columns always take the new value.
        """
        if not rows:
            return
        if columns is None:
            columns = list(rows[0])
            take = itemgetter(*columns)
            rows = [take(row) if len(columns) > 1 else (take(row),) for row in rows]
        statement = self._insert(table)
        excluded = statement.excluded
        updates: dict[str, Any] = {c: func.coalesce(excluded[c], table.c[c]) for c in keep_known}
        updates.update({c: excluded[c] for c in overwrite})
        updates.update(custom or {})
        if updates:
            statement = statement.on_conflict_do_update(index_elements=list(keys), set_=updates)
        else:
            statement = statement.on_conflict_do_nothing(index_elements=list(keys))
        self._executemany(statement, list(columns), rows)  # type: ignore[arg-type]

    def _executemany(self, statement: Any, columns: list[str], rows: Sequence[tuple[Any, ...]]) -> None:
        """Execute once for all rows, with SQLAlchemy's own value conversion.

        On SQLite the statement is compiled once and the rows go to the driver's
        ``executemany`` as tuples; SQLAlchemy's generic path builds parameters
        per row and would halve the throughput of large imports. Timestamps
        still pass through the column types' bind processors, so every path
        stores them in one format.
        """
        dialect = self.connection.dialect
        if dialect.paramstyle != "qmark":
            self.connection.execute(statement, [dict(zip(columns, row)) for row in rows])
            return
        compiled = statement.compile(dialect=dialect, column_keys=columns)
        names = list(compiled.positiontup or [])
        if names != columns:
            # The statement orders columns as the table does, and literals inside ON CONFLICT
            # expressions are binds too: reorder each row and append the literals, in C.
            position = {name: i for i, name in enumerate(columns)}
            literals = compiled.construct_params(dict(zip(columns, rows[0])))
            extra = tuple(literals[name] for name in names if name not in position)
            order, appended = [], len(columns)
            for name in names:
                if name in position:
                    order.append(position[name])
                else:
                    order.append(appended)
                    appended += 1
            take = itemgetter(*order)
            if len(order) == 1:
                rows = [(take(tuple(row) + extra),) for row in rows]
            else:
                rows = [take(tuple(row) + extra) for row in rows]
        processed = []
        for index, name in enumerate(names):
            processor = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                processed.append((index, processor))
        if processed:
            # Column by column: each distinct value is converted once (an export has one
            # capture time for all its rows), and rows are rebuilt with zip, in C.
            columns_data = list(zip(*rows))
            for index, processor in processed:
                column = columns_data[index]
                done = {value: processor(value) for value in set(column) if value is not None}
                done[None] = None
                columns_data[index] = tuple(map(done.__getitem__, column))
            rows = list(zip(*columns_data))
        self.connection.exec_driver_sql(str(compiled), list(rows))

    # --- accounts -----------------------------------------------------------------

    def account_id(self, ref: AccountRef) -> int:
        # Collectors build a ref per row; the same spelling is answered from one dict read.
        spelled = (ref.platform, ref.handle, ref.platform_account_id)
        found = self._account_spellings.get(spelled)
        if found is not None:
            return found
        handle = (ref.handle or ref.platform_account_id or "").removeprefix("@")
        if not handle:
            raise ValueError("an account needs a handle or a platform account id")
        key = (ref.platform, handle.casefold())
        if key not in self._accounts:
            self.upsert(
                ACCOUNT,
                [
                    {
                        "platform": ref.platform,
                        "handle": handle.casefold(),
                        "platform_account_id": ref.platform_account_id,
                        "display_name": ref.display_name,
                        "office_id": None,
                    }
                ],
                ["platform", "handle"],
                keep_known=["platform_account_id", "display_name"],
            )
            self._accounts[key] = self.connection.execute(
                select(ACCOUNT.c.id).where(ACCOUNT.c.platform == key[0], ACCOUNT.c.handle == key[1])
            ).scalar_one()
        self._account_spellings[spelled] = self._accounts[key]
        return self._accounts[key]

    # --- posts and snapshots ------------------------------------------------------

    def _lookup_posts(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Ids of posts by (platform, platform_post_id); cached up to ``POST_CACHE_LIMIT``.

        One ``platform = ? AND platform_post_id IN (...)`` per platform: SQLite answers it
        from the unique index, but scans the whole index for ``(platform, id) IN (VALUES ...)``
        (quadratic over a 200,000-row import; see benchmarks/import.py).
        """
        missing: dict[str, set[str]] = {}
        for key in keys:
            if key not in self._posts:
                missing.setdefault(key[0], set()).add(key[1])
        for platform, ids in missing.items():
            ordered = sorted(ids)
            for start in range(0, len(ordered), LOOKUP_CHUNK):
                chunk = ordered[start : start + LOOKUP_CHUNK]
                rows = self.connection.execute(
                    select(POST.c.platform_post_id, POST.c.id).where(
                        POST.c.platform == platform, POST.c.platform_post_id.in_(chunk)
                    )
                )
                self._posts.update({(platform, i): pk for i, pk in rows})
        return self._posts

    def write_posts(
        self, records: Sequence[PostRecord], imported_file_id: int | None, counts: WriteCounts
    ) -> None:
        if not records:
            return
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        now = utcnow()
        for record in records:
            merged[(record.platform, record.platform_post_id)] = {
                "platform": record.platform,
                "platform_post_id": record.platform_post_id,
                "account_id": self.account_id(record.account) if record.account else None,
                "published_at": record.published_at,
                "type": record.type,
                "caption": record.caption,
                "permalink": record.permalink,
                "language": record.language,
                "duration_sec": record.duration_sec,
                "first_seen_at": now,
                "imported_file_id": imported_file_id,
            }
        # Rows this upsert inserts get ids above the largest before it (SQLite rowid, and a
        # PostgreSQL sequence only grows): one indexed range read finds them with their ids,
        # where looking every key up before and after would cost two IN queries per batch.
        top = self._max_id(POST)
        incoming = self.excluded(POST).caption
        # Exports truncate long captions (X Gen 2 at ~280 chars): keep the longest seen.
        caption = case(
            (
                func.length(func.coalesce(incoming, "")) > func.length(func.coalesce(POST.c.caption, "")),
                incoming,
            ),
            else_=POST.c.caption,
        )
        self.upsert(
            POST,
            list(merged.values()),
            ["platform", "platform_post_id"],
            keep_known=["account_id", "published_at", "type", "permalink", "language", "duration_sec"],
            # A caption that changes loses its sentiment model mark, so the next scoring
            # run scores the new text instead of keeping the old text's label.
            custom={
                "caption": caption,
                "sentiment_model": _unless_changed(POST.c.caption, caption, POST.c.sentiment_model),
                "tagged_rules": case((self._tags_unchanged(caption), POST.c.tagged_rules), else_=None),
            },
        )
        inserted = self.connection.execute(
            select(POST.c.platform, POST.c.platform_post_id, POST.c.id).where(POST.c.id > top)
        )
        new = {(platform, post_id): pk for platform, post_id, pk in inserted if (platform, post_id) in merged}
        self._posts.update(new)
        counts.posts_new += len(new)
        counts.posts_updated += len(merged) - len(new)
        known = self._lookup_posts(merged)  # the posts seen again, unless cached
        # A publish time can change: what was derived from the old one goes.
        self.forget_post_values([known[key] for key in merged if key in known and key not in new])

    def _tags_unchanged(self, caption: Any) -> ColumnElement[bool]:
        """True while what a post's tags depend on stays: the same caption, and no publish time,
        account or type that was unknown and is now given (campaign windows and accounts)."""
        incoming = self.excluded(POST)
        return and_(
            func.coalesce(POST.c.caption, "") == func.coalesce(caption, ""),
            or_(POST.c.published_at.is_not(None), incoming.published_at.is_(None)),
            or_(POST.c.account_id.is_not(None), incoming.account_id.is_(None)),
            or_(POST.c.type.is_not(None), incoming.type.is_(None)),
        )

    def mark_tagged(self, post_ids: Sequence[int], fingerprint: str) -> None:
        """The posts were tagged with the rules of ``fingerprint`` (one executemany)."""
        if post_ids:
            self.connection.execute(
                POST.update().where(POST.c.id == bindparam("pk")).values(tagged_rules=fingerprint),
                [{"pk": pk} for pk in post_ids],
            )

    def write_snapshots(
        self, records: Sequence[MetricSnapshotRecord], imported_file_id: int | None, counts: WriteCounts
    ) -> None:
        if not records:
            return
        known = self._lookup_posts((r.platform, r.platform_post_id) for r in records)
        rows: dict[tuple[int, datetime, str], tuple[Any, ...]] = {}
        for record in records:
            post_id = known.get((record.platform, record.platform_post_id))
            if post_id is None:
                raise UnknownPostError(
                    f"a snapshot names post {record.platform}:{record.platform_post_id}, which is not stored"
                )
            key = (post_id, record.captured_at, record.source)
            rows[key] = (*key, imported_file_id, *map(record.values.get, POST_METRICS))
        self.upsert_snapshot_rows(list(rows.values()))
        counts.snapshots += len(rows)

    SNAPSHOT_COLUMNS = ("post_id", "captured_at", "source", "imported_file_id", *POST_METRICS)

    def upsert_snapshot_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Metric snapshots as tuples in ``SNAPSHOT_COLUMNS`` order (the hot path); the values
        derived from the posts' earlier snapshots go (``refresh_post_values`` redoes them)."""
        self.forget_post_values({row[0] for row in rows})
        self.upsert(
            SNAPSHOT,
            rows,
            ["post_id", "captured_at", "source"],
            columns=self.SNAPSHOT_COLUMNS,
            keep_known=POST_METRICS,
        )

    def forget_post_values(self, post_ids: Iterable[int]) -> None:
        """Delete the derived values (``post_value``) of these posts, at every age."""
        ordered = sorted(set(post_ids))
        for start in range(0, len(ordered), DELETE_ID_CHUNK):
            chunk = ordered[start : start + DELETE_ID_CHUNK]
            self.connection.execute(POST_VALUE.delete().where(POST_VALUE.c.post_id.in_(chunk)))

    def forget_values_at(self, ages: Sequence[float]) -> None:
        """Delete the derived values at these ages (an age no longer configured)."""
        self.connection.execute(POST_VALUE.delete().where(POST_VALUE.c.age_days.in_(list(ages))))

    POST_VALUE_COLUMNS = tuple(c.name for c in POST_VALUE.columns)

    def write_post_values(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Derived values as tuples in ``POST_VALUE_COLUMNS`` order (one executemany)."""
        self.upsert(
            POST_VALUE,
            rows,
            ["post_id", "age_days"],
            columns=self.POST_VALUE_COLUMNS,
            overwrite=self.POST_VALUE_COLUMNS[2:],
        )

    def write_account_days(
        self, records: Sequence[AccountSnapshotRecord], imported_file_id: int | None, counts: WriteCounts
    ) -> None:
        rows: dict[tuple[int, Any, str], dict[str, Any]] = {}
        for record in records:
            account_id = self.account_id(record.account)
            key = (account_id, record.day, record.source)
            row = rows.setdefault(
                key,
                {
                    "account_id": account_id,
                    "day": record.day,
                    "source": record.source,
                    "imported_file_id": imported_file_id,
                }
                | {m: None for m in ACCOUNT_METRICS},
            )
            # Meta ships one metric per file; several records may fill one day.
            for name, value in record.values.items():
                if value is not None:
                    row[name] = round(value)
        self.upsert(
            ACCOUNT_SNAPSHOT, list(rows.values()), ["account_id", "day", "source"], keep_known=ACCOUNT_METRICS
        )
        counts.account_days += len(rows)

    def write_audience(
        self, records: Sequence[AudienceRecord], imported_file_id: int | None, counts: WriteCounts
    ) -> None:
        rows = {}
        for r in records:
            account_id = self.account_id(r.account)
            rows[(account_id, r.captured_on, r.source, r.dimension, r.bucket)] = {
                "account_id": account_id,
                "captured_on": r.captured_on,
                "source": r.source,
                "dimension": r.dimension,
                "bucket": r.bucket,
                "share": r.share,
                "count": r.count,
                "imported_file_id": imported_file_id,
            }
        self.upsert(
            AUDIENCE,
            list(rows.values()),
            ["account_id", "captured_on", "source", "dimension", "bucket"],
            keep_known=["share", "count"],
        )
        counts.audience_rows += len(rows)

    def write_comments(
        self, records: Sequence[CommentRecord], imported_file_id: int | None, counts: WriteCounts
    ) -> None:
        if not records:
            return
        known = self._lookup_posts((r.platform, r.platform_post_id) for r in records)
        purged = self.purged_authors()
        rows = {}
        for r in records:
            post_id = known.get((r.platform, r.platform_post_id))
            if post_id is None:
                where = f"row {r.source_row}, column post_id: " if r.source_row else ""
                raise UnknownPostError(
                    f"{where}a comment names post {r.platform}:{r.platform_post_id}, which is not stored; "
                    "expected the id of an imported post (import the export that lists the post first)"
                )
            author_key = self.pseudonym(r.platform, r.author_handle) if r.author_handle else None
            if author_key is not None and author_key in purged:
                counts.comments_skipped += 1
                continue
            rows[(post_id, r.platform_comment_id)] = {
                "post_id": post_id,
                "platform_comment_id": r.platform_comment_id,
                "parent_comment_id": r.parent_comment_id,
                "text": self._without_purged_mentions(r.platform, r.text) if purged else r.text,
                "created_at": r.created_at,
                "author_key": author_key,
                "like_count": r.like_count,
                "imported_file_id": imported_file_id,
            }
        self.upsert(
            COMMENT,
            list(rows.values()),
            ["post_id", "platform_comment_id"],
            keep_known=["parent_comment_id", "created_at", "author_key", "like_count"],
            overwrite=["text"],
            custom={
                "sentiment_model": _unless_changed(
                    COMMENT.c.text, self.excluded(COMMENT).text, COMMENT.c.sentiment_model
                )
            },
        )
        counts.comments += len(rows)

    # --- streams --------------------------------------------------------------------

    def write(
        self,
        records: Iterable[Record],
        *,
        imported_file_id: int | None = None,
        batch_size: int = BATCH_SIZE,
        on_batch: Callable[[int], None] | None = None,
    ) -> WriteCounts:
        """Consume a collector's record stream in batches; posts go before their snapshots."""
        counts = WriteCounts()
        top = self._max_id(SNAPSHOT)
        for batch in _batches(records, batch_size):
            if len(self._posts) > POST_CACHE_LIMIT:
                self._posts.clear()  # memory stays bounded; a post from an earlier batch is looked up again
            counts.rows += sum(1 for r in batch if not isinstance(r, Notice))
            counts.notices.extend(r.message for r in batch if isinstance(r, Notice))
            self.write_posts([r for r in batch if isinstance(r, PostRecord)], imported_file_id, counts)
            self.write_snapshots(
                [r for r in batch if isinstance(r, MetricSnapshotRecord)], imported_file_id, counts
            )
            self.write_account_days(
                [r for r in batch if isinstance(r, AccountSnapshotRecord)], imported_file_id, counts
            )
            self.write_audience([r for r in batch if isinstance(r, AudienceRecord)], imported_file_id, counts)
            self.write_comments([r for r in batch if isinstance(r, CommentRecord)], imported_file_id, counts)
            if on_batch:
                on_batch(counts.rows)
        # New snapshots have ids above the largest before (see write_posts): counting them
        # reads only the new rows, not the whole table twice.
        counts.snapshots_new = int(
            self.connection.execute(select(func.count()).where(SNAPSHOT.c.id > top)).scalar_one()
        )
        return counts

    def _max_id(self, table: Table) -> int:
        return int(self.connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())

    # --- provenance -----------------------------------------------------------------

    def imported_file(self, content_hash: str) -> dict[str, Any] | None:
        row = (
            self.connection.execute(
                select(_table(ImportedFile)).where(_table(ImportedFile).c.content_hash == content_hash)
            )
            .mappings()
            .first()
        )
        return dict(row) if row else None

    def record_import(
        self, *, content_hash: str, kind: str, platform: str, file_name: str, imported_at: datetime
    ) -> int:
        table = _table(ImportedFile)
        insert = table.insert().values(
            content_hash=content_hash,
            kind=kind,
            platform=platform,
            file_name=file_name,
            imported_at=imported_at,
        )
        return int(self.connection.execute(insert.returning(table.c.id)).scalar_one())

    def finish_import(self, imported_file_id: int, rows: int) -> None:
        """Record the file's row count and, when all its rows are one account's, that account
        (what `status` and the report's data coverage read: "no TikTok export since …")."""
        table = _table(ImportedFile)
        posts, days = _table(Post), _table(AccountSnapshot)
        accounts = (
            select(posts.c.account_id)
            .join(SNAPSHOT, SNAPSHOT.c.post_id == posts.c.id)
            # Posts of no account are left out before the LIMIT: with them a file of two
            # accounts could be read as one account's (NULL sorts first in the UNION).
            .where(SNAPSHOT.c.imported_file_id == imported_file_id, posts.c.account_id.is_not(None))
            .union(select(days.c.account_id).where(days.c.imported_file_id == imported_file_id))
        )
        found = [a for a in self.connection.execute(accounts.limit(2)).scalars() if a is not None]
        self.connection.execute(
            table.update()
            .where(table.c.id == imported_file_id)
            .values(rows=rows, account_id=found[0] if len(found) == 1 else None)
        )

    def close_stale_runs(self) -> int:
        """Runs a killed process left without an outcome; called by the next writer (writers take
        turns, so an unfinished run is not running)."""
        table = _table(CollectionRun)
        result = self.connection.execute(
            table.update()
            .where(table.c.finished_at.is_(None))
            .values(
                finished_at=utcnow(),
                outcome="interrupted",
                error="the process stopped before the run finished (killed, or the computer was turned off)",
            )
        )
        return int(result.rowcount or 0)

    def start_run(self, job: str, target: str | None) -> int:
        table = _table(CollectionRun)
        insert = table.insert().values(job=job, target=target, started_at=utcnow())
        return int(self.connection.execute(insert.returning(table.c.id)).scalar_one())

    def finish_run(
        self, run_id: int, outcome: str, *, error: str | None = None, counts: dict | None = None
    ) -> None:
        table = _table(CollectionRun)
        self.connection.execute(
            table.update()
            .where(table.c.id == run_id)
            .values(
                finished_at=utcnow(),
                outcome=outcome,
                error=error,
                counts=json.dumps(counts) if counts else None,
            )
        )

    # --- API pulls (outreach/app/pull.py): one page = records + watermarks, one transaction ---

    def write_pulled(self, records: Sequence[Record], collection_run_id: int) -> WriteCounts:
        """Write one page of an API pull and mark its snapshots with the run that took them."""
        counts = self.write(records)
        keys = {
            (post_id, record.captured_at, record.source)
            for record in records
            if isinstance(record, MetricSnapshotRecord)
            and (post_id := self._posts.get((record.platform, record.platform_post_id))) is not None
        }
        if keys:
            self.connection.execute(
                SNAPSHOT.update()
                .where(
                    SNAPSHOT.c.post_id == bindparam("b_post"),
                    SNAPSHOT.c.captured_at == bindparam("b_captured"),
                    SNAPSHOT.c.source == bindparam("b_source"),
                )
                .values(collection_run_id=collection_run_id),
                [{"b_post": p, "b_captured": c, "b_source": s} for p, c, s in keys],
            )
        return counts

    def move_watermarks(self, account_id: int, state: dict[str, str]) -> None:
        """Set an account's stream watermarks (``sync_state``); "" clears a stream."""
        table = _table(SyncState)
        now = utcnow()
        for stream, watermark in state.items():
            if watermark == "":
                self.connection.execute(
                    table.delete().where(table.c.account_id == account_id, table.c.stream == stream)
                )
                continue
            self.upsert(
                table,
                [{"account_id": account_id, "stream": stream, "watermark": watermark, "updated_at": now}],
                ["account_id", "stream"],
                overwrite=["watermark", "updated_at"],
            )

    # --- end of API pulls section -------------------------------------------------------------

    # --- configuration mirror ---------------------------------------------------------

    def sync_config(self, config: Config) -> None:
        """Mirror offices, accounts, pillars, strategies and campaigns into their tables."""
        self.upsert(
            _table(Office),
            [{"key": o.key, "name": o.name} for o in config.offices],
            ["key"],
            overwrite=["name"],
        )
        offices = dict(self.connection.execute(select(_table(Office).c.key, _table(Office).c.id)).all())
        for account in config.accounts:
            self.upsert(
                ACCOUNT,
                [
                    {
                        "platform": account.platform,
                        "handle": account.handle.casefold(),
                        "platform_account_id": account.platform_account_id,
                        "display_name": account.name,
                        "office_id": offices.get(account.office) if account.office else None,
                    }
                ],
                ["platform", "handle"],
                keep_known=["platform_account_id", "display_name"],
                overwrite=["office_id"],
            )
        for model, entries in ((Pillar, config.pillar_taxonomy), (PrStrategy, config.strategy_taxonomy)):
            self.upsert(
                _table(model),
                [{"key": e.key, "name": e.name, "name_id": e.name_id} for e in entries],
                ["key"],
                overwrite=["name", "name_id"],
            )
        campaign_rows = [
            {
                "key": c.key,
                "name": c.name,
                "starts_on": c.start,
                "ends_on": c.end,
                "baseline_start": c.baseline.start if c.baseline else None,
                "baseline_end": c.baseline.end if c.baseline else None,
            }
            for c in config.campaigns
        ]
        self.upsert(
            _table(Campaign),
            campaign_rows,
            ["key"],
            overwrite=["name", "starts_on", "ends_on", "baseline_start", "baseline_end"],
        )
        campaigns = dict(self.connection.execute(select(_table(Campaign).c.key, _table(Campaign).c.id)).all())
        variants = [
            {"campaign_id": campaigns[c.key], "key": v.key, "name": v.name or v.key}
            for c in config.campaigns
            for v in c.variants
        ]
        self.upsert(_table(MessageVariant), variants, ["campaign_id", "key"], overwrite=["name"])
        self.upsert(
            _table(Setting), [{"key": CONFIG_HASH_SETTING, "value": config_fingerprint(config)}], ["key"],
            overwrite=["value"],
        )  # fmt: skip

    # --- web users and the audit trail -----------------------------------------------------

    def write_web_user(self, username: str, password_hash: str, role: str) -> None:
        """Add a person, or give an existing one a new password and role (unlocks them too)."""
        row = {
            "username": username, "password_hash": password_hash, "role": role, "created_at": utcnow(),
            "failed_logins": 0, "locked_until": None,
        }  # fmt: skip
        self.upsert(
            _table(WebUser),
            [row],
            ["username"],
            overwrite=["password_hash", "role", "failed_logins", "locked_until"],
        )

    def delete_web_user(self, username: str) -> int:
        table = _table(WebUser)
        return int(self.connection.execute(table.delete().where(table.c.username == username)).rowcount or 0)

    def record_login(self, username: str, *, failed: bool, locked_until: datetime | None = None) -> None:
        table = _table(WebUser)
        values: dict[str, Any] = (
            {"failed_logins": table.c.failed_logins + 1, "locked_until": locked_until}
            if failed
            else {"failed_logins": 0, "locked_until": None}
        )
        self.connection.execute(table.update().where(table.c.username == username).values(**values))

    def audit(
        self, username: str | None, action: str, target: str | None = None, detail: str | None = None
    ) -> None:
        """Who did what from the web app; never a password, never a commenter's handle."""
        self.connection.execute(
            _table(AuditEvent)
            .insert()
            .values(at=utcnow(), username=username, action=action, target=target, detail=detail)
        )

    # --- tags and sentiment labels (outreach.app.tagging, outreach.app.sentiment) ------------

    def write_assignments(self, changes: Any) -> None:
        """One tagging batch (``analysis.tagging.AssignmentChanges``): one bulk upsert of
        ``changes.upserts`` (rows in ``ASSIGNMENT_COLUMNS`` order) and one DELETE per chunk of
        ``changes.removals`` (row ids). A manual row an officer wrote meanwhile is never
        overwritten nor deleted."""
        table = _table(Assignment)
        incoming = self.excluded(table)
        is_manual = table.c.origin == "manual"
        protect: dict[str, ColumnElement[Any]] = {
            "origin": case((is_manual, table.c.origin), else_=incoming.origin),
            "rule": case((is_manual, table.c.rule), else_=incoming.rule),
        }
        self.upsert(
            table, changes.upserts, ["post_id", "kind", "key"], columns=ASSIGNMENT_COLUMNS, custom=protect
        )
        removals = list(changes.removals)
        for start in range(0, len(removals), DELETE_ID_CHUNK):
            chunk = removals[start : start + DELETE_ID_CHUNK]
            self.connection.execute(table.delete().where(table.c.id.in_(chunk), ~is_manual))

    def write_manual_assignments(self, decisions: Sequence[tuple[int, str, str, bool]]) -> None:
        """Officers' decisions as (post id, kind, key, excluded): each replaces the post's row
        for that tag, whatever rule or mapping wrote it."""
        now = utcnow()
        self.upsert(
            _table(Assignment),
            [
                (post_id, kind, key, "manual", None, excluded, now)
                for post_id, kind, key, excluded in decisions
            ],
            ["post_id", "kind", "key"],
            columns=ASSIGNMENT_COLUMNS,
            overwrite=["origin", "rule", "excluded", "assigned_at"],
        )

    def delete_manual_assignment(self, post_id: int, kind: str, key: str) -> int:
        """Forget one manual tag or exclusion; returns the rows deleted (0 or 1)."""
        table = _table(Assignment)
        result = self.connection.execute(
            table.delete().where(
                table.c.post_id == post_id,
                table.c.kind == kind,
                table.c.key == key,
                table.c.origin == "manual",
            )
        )
        return int(result.rowcount or 0)

    def write_sentiment(self, target: str, scores: Sequence[tuple[int, Any]]) -> None:
        """Language and sentiment of ``target`` ("comments", or "captions" of posts) as (row id,
        score) pairs; a score has language, label, score, positive, neutral, negative and
        model_version. One executemany ``UPDATE ... WHERE id = ?``; corrections are not touched."""
        if not scores:
            return
        table = COMMENT if target == "comments" else POST
        statement = (
            table.update()
            .where(table.c.id == bindparam("row_id"))
            .values(
                language=bindparam("v_language"),
                sentiment_label=bindparam("v_label"),
                sentiment_score=bindparam("v_score"),
                sentiment_positive=bindparam("v_positive"),
                sentiment_neutral=bindparam("v_neutral"),
                sentiment_negative=bindparam("v_negative"),
                sentiment_model=bindparam("v_model"),
            )
        )
        self.connection.execute(
            statement,
            [
                {
                    "row_id": row_id, "v_language": s.language, "v_label": s.label, "v_score": s.score,
                    "v_positive": s.positive, "v_neutral": s.neutral, "v_negative": s.negative,
                    "v_model": s.model_version,
                }
                for row_id, s in scores
            ],
        )  # fmt: skip

    def write_corrections(self, corrections: Sequence[tuple[int, str]], *, at: datetime | None = None) -> int:
        """Officers' labels as (comment id, label), in one executemany; returns how many."""
        if corrections:
            at = at or utcnow()
            self.connection.execute(
                COMMENT.update()
                .where(COMMENT.c.id == bindparam("row_id"))
                .values(corrected_label=bindparam("v_label"), corrected_at=bindparam("v_at")),
                [{"row_id": cid, "v_label": label, "v_at": at} for cid, label in corrections],
            )
        return len(corrections)

    def set_setting(self, key: str, value: str | None) -> None:
        """One database setting (e.g. the local sentiment model's path); None removes it."""
        table = _table(Setting)
        if value is None:
            self.connection.execute(table.delete().where(table.c.key == key))
        else:
            self.upsert(table, [{"key": key, "value": value}], ["key"], overwrite=["value"])

    # --- privacy ------------------------------------------------------------------------

    def pseudonym(self, platform: str, handle: str) -> str:
        """A stable key for a commenter that does not reveal the handle."""
        if self._secret is None:
            self._secret = self._pseudonym_secret()
        message = f"{platform}:{handle.removeprefix('@').casefold()}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:20]

    def purged_authors(self) -> set[str]:
        """Author keys that `outreach purge` removed; read once per Store, one query."""
        if self._purged is None:
            self._purged = set(self.connection.execute(select(PURGED_AUTHOR.c.author_key)).scalars())
        return self._purged

    def purge_author(self, platform: str, author_key: str) -> int:
        """Delete one commenter's comments and keep their key, so later imports skip them.

        Runs in the caller's transaction, like every write here; returns the comments deleted.
        A key purged before keeps its first ``purged_at``.
        """
        delete = COMMENT.delete().where(COMMENT.c.author_key == author_key)
        with self._secure_delete():
            deleted = self.connection.execute(delete).rowcount
        row = {"author_key": author_key, "platform": platform, "purged_at": utcnow()}
        self.upsert(PURGED_AUTHOR, [row], ["author_key"])
        self.purged_authors().add(author_key)
        return int(deleted)

    def mask_mentions(self, platform: str, handle: str) -> int:
        """Replace ``@handle`` with ``@…`` in stored comments and captions of ``platform`` (a
        purged person named in other people's replies); returns how many texts changed."""
        pattern = _mention_of(handle)
        needle = f"%@{handle.removeprefix('@').casefold()}%"
        changed = 0
        for table, column, key in (
            (COMMENT, COMMENT.c.text, COMMENT.c.id),
            (POST, POST.c.caption, POST.c.id),
        ):
            query = select(key, column).where(func.lower(column).like(needle))
            if table is POST:
                query = query.where(POST.c.platform == platform)
            else:
                query = query.join(POST, POST.c.id == COMMENT.c.post_id).where(POST.c.platform == platform)
            updates = [
                {"row_id": row_id, "masked": pattern.sub("@…", text)}
                for row_id, text in self.connection.execute(query)
                if pattern.search(text)
            ]
            if updates:
                with self._secure_delete():
                    self.connection.execute(
                        table.update()
                        .where(key == bindparam("row_id"))
                        .values({column.name: bindparam("masked")}),
                        updates,
                    )
            changed += len(updates)
        return changed

    @contextmanager
    def _secure_delete(self) -> Iterator[None]:
        """On SQLite, overwrite what a statement removes; else the old text stays readable in the
        file's free pages."""
        if self.dialect != "sqlite":
            yield
            return
        before = self.connection.exec_driver_sql("PRAGMA secure_delete").scalar_one()
        self.connection.exec_driver_sql("PRAGMA secure_delete = ON")
        try:
            yield
        finally:
            self.connection.exec_driver_sql(f"PRAGMA secure_delete = {int(before)}")

    def _without_purged_mentions(self, platform: str, text: str | None) -> str | None:
        """A new comment's text with the @mentions of purged people masked, as purge masked the
        stored ones (only their keyed hash is kept, so each mention is hashed and looked up)."""
        if not text or "@" not in text:
            return text
        purged = self.purged_authors()

        def mask(match: re.Match[str]) -> str:
            return "@…" if self.pseudonym(platform, match.group(1)) in purged else match.group(0)

        return MENTION_HANDLE.sub(mask, text)

    def _pseudonym_secret(self) -> bytes:
        table = _table(Setting)
        self.upsert(table, [{"key": "pseudonym_secret", "value": secrets.token_hex(32)}], ["key"])
        value = self.connection.execute(
            select(table.c.value).where(table.c.key == "pseudonym_secret")
        ).scalar_one()
        return bytes.fromhex(value)


# A handle as the platforms allow it: letters, digits, "_" and "." (not at the end of a sentence).
MENTION_HANDLE = re.compile(r"(?<![\w@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)")


def _mention_of(handle: str) -> re.Pattern[str]:
    name = re.escape(handle.strip().removeprefix("@"))
    return re.compile(rf"(?<![\w@])@{name}(?![A-Za-z0-9_]|\.[A-Za-z0-9_])", re.IGNORECASE)


CONFIG_HASH_SETTING = "config_fingerprint"


def config_fingerprint(config: Config) -> str:
    """What ``sync_config`` mirrored, as a short hash: a command sees that outreach.toml changed."""
    dumped = config.model_dump_json(exclude={"source"})
    return hashlib.sha256(dumped.encode()).hexdigest()[:16]


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unless_changed(stored: Any, incoming: Any, mark: Any) -> Any:
    """``mark`` kept while the text stays the same, NULL (to be scored again) once it changes."""
    return case((func.coalesce(stored, "") == func.coalesce(incoming, ""), mark), else_=None)

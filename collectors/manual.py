"""outreach's own CSV template for comments gathered outside the platform exports.

None of the platforms' export files carries the comments people wrote under an
office's posts; until the API collectors pull them, offices paste them from
moderation tools into this template (one row per comment):

    platform,post_id,comment_id,created_at,author,text
    instagram,17900000000000001,c-1,2026-10-01T09:15:00+07:00,warga_satu,"Mantap min!"

``created_at`` is ISO 8601; without an offset it is read in the report time zone.
``author`` is pseudonymised by the store and never stored as written. Optional
columns: ``parent_id`` (the comment replied to) and ``likes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from collectors import ExportKind, ParseContext, Sniff
from collectors.errors import ExportFormatError, shown
from collectors.exportfile import (
    COMMENT_KEPT,
    ExportSource,
    HeaderMap,
    TextLimit,
    cell_number,
    check_short_cells,
    check_unknown_columns,
    csv_rows,
    latest_time,
    skip_blank,
    sniff_encoding,
    time_problem,
    to_naive_utc,
)
from collectors.records import PLATFORMS, CommentRecord, Notice, Record

ALIASES = {
    "platform": ["platform"],
    "post_id": ["post_id", "post id"],
    "comment_id": ["comment_id", "comment id"],
    "created_at": ["created_at", "created at", "time"],
    "author": ["author", "username"],
    "text": ["text", "comment"],
    "parent_id": ["parent_id", "parent id"],
    "likes": ["likes", "like_count"],
}
REQUIRED = ("platform", "post_id", "comment_id", "text")
MAX_ID_CHARS = 100  # platform comment ids are 20-40 characters


def _delimiter(header_line: str) -> str:
    # Excel in an Indonesian locale saves "CSV" with semicolons.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def detect_comments(sniff: Sniff) -> bool:
    first = sniff.text.lstrip("\ufeff").split("\n", 1)[0]
    cells = [c.strip().strip('"') for c in first.split(_delimiter(first))]
    return HeaderMap(cells, ALIASES).matches(REQUIRED)


def parse_comments(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    head = source.head(4096)
    first = head.decode(sniff_encoding(head[:4]), errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    rows = csv_rows(source, delimiter=_delimiter(first))
    try:
        lines = skip_blank(iter(rows))
        _, header_row = next(lines)
        header = HeaderMap(header_row, ALIASES)
        skipped = check_unknown_columns(source, header, ctx.ignore_unknown_columns)
        if skipped:
            yield Notice(f"{source.name}: skipped unknown column(s) {', '.join(skipped)}")
        zone = ZoneInfo(ctx.timezone)
        latest = latest_time(None, ctx.imported_at)
        texts = {
            platform: TextLimit(source, platform, "comment", kept=COMMENT_KEPT) for platform in PLATFORMS
        }
        for line, row in lines:
            if len(row) < len(header.header):
                raise ExportFormatError(
                    source.name,
                    f"the row has {len(row)} fields but the header has {len(header.header)} (was it cut short?)",
                    row=line,
                    expected="one field per header column; a comment with commas or line breaks in quotes",
                )
            check_short_cells(source, line, header, row, "text")
            platform = (header.get(row, "platform") or "").strip().casefold()
            if platform not in PLATFORMS:
                raise ExportFormatError(
                    source.name,
                    f"unknown platform {shown(platform)}",
                    row=line,
                    column=header.column("platform"),
                    expected=" / ".join(PLATFORMS),
                )
            created = (header.get(row, "created_at") or "").strip()
            moment = None
            if created:
                try:
                    stated = datetime.fromisoformat(created)
                    moment = to_naive_utc(stated if stated.tzinfo else stated.replace(tzinfo=zone))
                    problem = time_problem(moment, latest)
                except ValueError:
                    problem = "is not a time"
                if problem:
                    raise ExportFormatError(
                        source.name,
                        f"{shown(created)} {problem}",
                        row=line,
                        column=header.column("created_at"),
                        expected="ISO 8601 such as 2026-10-01T09:15:00+07:00, not in the future",
                    )
            for field in ("post_id", "comment_id"):
                value = (header.get(row, field) or "").strip()
                if not value or len(value) > MAX_ID_CHARS or not value.isprintable():
                    raise ExportFormatError(
                        source.name,
                        f"{shown(value)} is not an id" if value else "empty",
                        row=line,
                        column=header.column(field),
                        expected=f"the platform's id (at most {MAX_ID_CHARS} characters)",
                    )
            likes = cell_number(source, line, header, row, "likes") if "likes" in header.index else None
            yield CommentRecord(
                platform=platform,
                platform_post_id=(header.get(row, "post_id") or "").strip(),
                platform_comment_id=(header.get(row, "comment_id") or "").strip(),
                text=texts[platform](header.get(row, "text") or "", line, header.column("text")) or "",
                created_at=moment,
                author_handle=(header.get(row, "author") or "").strip() or None,
                parent_comment_id=(header.get(row, "parent_id") or "").strip() or None,
                like_count=int(likes) if likes is not None else None,
                source_row=line,
            )
        for limit in texts.values():
            if notice := limit.notice():
                yield notice
    finally:
        rows.close()


COMMENTS_KIND = "outreach_comments"

KINDS: list[ExportKind] = [
    ExportKind(
        name=COMMENTS_KIND,
        platform="any",
        description="outreach comments template (platform,post_id,comment_id,created_at,author,text)",
        detect=detect_comments,
        parse=parse_comments,
        example="platform,post_id,comment_id,created_at,author,text comments",
    )
]

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
from collectors.errors import ExportFormatError
from collectors.exportfile import (
    ExportSource,
    HeaderMap,
    cell_number,
    check_unknown_columns,
    csv_rows,
    skip_blank,
    sniff_encoding,
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
        for line, row in lines:
            platform = (header.get(row, "platform") or "").strip().casefold()
            if platform not in PLATFORMS:
                raise ExportFormatError(
                    source.name, f"unknown platform {platform!r}", row=line, column=header.column("platform"),
                    expected=" / ".join(PLATFORMS),
                )
            created = (header.get(row, "created_at") or "").strip()
            try:
                moment = datetime.fromisoformat(created.replace("Z", "+00:00")) if created else None
            except ValueError:
                raise ExportFormatError(
                    source.name, f"{created!r} is not a time", row=line, column=header.column("created_at"),
                    expected="ISO 8601 such as 2026-10-01T09:15:00+07:00",
                ) from None
            if moment is not None:
                moment = (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(ZoneInfo("UTC"))
            for field in ("post_id", "comment_id"):
                if not (header.get(row, field) or "").strip():
                    raise ExportFormatError(
                        source.name, "empty", row=line, column=header.column(field), expected="the platform's id"
                    )
            likes = cell_number(source, line, header, row, "likes") if "likes" in header.index else None
            yield CommentRecord(
                platform=platform,
                platform_post_id=(header.get(row, "post_id") or "").strip(),
                platform_comment_id=(header.get(row, "comment_id") or "").strip(),
                text=header.get(row, "text") or "",
                created_at=moment.replace(tzinfo=None) if moment else None,
                author_handle=(header.get(row, "author") or "").strip() or None,
                parent_comment_id=(header.get(row, "parent_id") or "").strip() or None,
                like_count=int(likes) if likes is not None else None,
                source_row=line,
            )
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
    )
]

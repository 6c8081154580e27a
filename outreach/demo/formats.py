"""Byte-exact writers for the export files the demo ships (FORMATS.md §1a, §1a', §2a, §3b).

Each function returns the bytes a platform would hand to a user, so the demo
exercises the same parsers as a real download: Meta's BOM and minimal quoting,
Meta's UTF-16 account series, TikTok Studio's quote-everything CSV without a final
newline inside stored ZIPs, and X's Gen-2 content and overview CSVs. Nothing here
knows about Sukamaju; ``generate.py`` decides what goes into the files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime

BOM8 = b"\xef\xbb\xbf"
BOM16 = b"\xff\xfe"
TWITTER_EPOCH_MS = 1288834974657

# --- Meta Business Suite content export (§1a) ---------------------------------------

META_HEADERS = {
    # Verbatim from real English exports.
    "en": [
        "Post ID", "Account ID", "Account username", "Account name", "Description",
        "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date",
        "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves",
    ],
    # The Indonesian UI as the collector's alias table reads it (no real file seen).
    "id": [
        "ID Postingan", "ID Akun", "Nama pengguna akun", "Nama akun", "Deskripsi",
        "Durasi (detik)", "Waktu publikasi", "Tautan permanen", "Jenis postingan", "Komentar data",
        "Tanggal", "Tayangan", "Jangkauan", "Suka", "Dibagikan", "Mengikuti", "Komentar", "Disimpan",
    ],
}  # fmt: skip
META_LIFETIME = {"en": "Lifetime", "id": "Seumur hidup"}
META_POST_TYPES = {
    "en": {"image": "IG image", "carousel": "IG carousel", "reel": "IG reel"},
    "id": {"image": "Gambar IG", "carousel": "Carousel IG", "reel": "Reel IG"},
}
META_METRICS = ("views", "reach", "likes", "shares", "follows", "comments", "saves")


def meta_field(value: str) -> str:
    """Meta quotes a field only when it holds whitespace, a comma or a quote."""
    if value == "":
        return ""
    if any(ch.isspace() or ch in ',"' for ch in value):
        return '"' + value.replace('"', '""') + '"'
    return value


def meta_csv(rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with BOM, LF, a newline after the last row."""
    text = "".join(",".join(meta_field(c) for c in row) + "\n" for row in rows)
    return BOM8 + text.encode("utf-8")


def meta_publish_time(moment_utc: datetime) -> str:
    """``MM/DD/YYYY HH:MM`` in Pacific time, as Meta writes it whatever the account's zone."""
    from zoneinfo import ZoneInfo

    local = moment_utc.replace(tzinfo=UTC).astimezone(ZoneInfo("America/Los_Angeles"))
    return local.strftime("%m/%d/%Y %H:%M")


def meta_range_name(start: date, end: date, number: int) -> str:
    """Meta's default download name ``Aug-24-2026_Sep-20-2026_<16 digits>.csv``."""
    return f"{start:%b}-{start.day:02d}-{start.year}_{end:%b}-{end.day:02d}-{end.year}_{number}.csv"


# --- Meta account-level series and Audience (§1a') ----------------------------------


def utf16_quoted(lines: Sequence[Sequence[str] | str]) -> bytes:
    """UTF-16LE with BOM and LF; every field quoted; a plain str line is written as is."""
    out = []
    for line in lines:
        if isinstance(line, str):
            out.append(line)
        else:
            out.append(",".join('"' + c.replace('"', '""') + '"' for c in line))
    return BOM16 + ("\n".join(out) + "\n").encode("utf-16-le")


def meta_series(
    title: str, days: Sequence[tuple[str, int]], header: Sequence[str] = ("Date", "Primary")
) -> bytes:
    """A per-metric account export; ``days`` are (YYYY-MM-DD, value), zero days left out as Meta does."""
    rows: list[Sequence[str] | str] = ["sep=,", [title], list(header)]
    rows += [[f"{day}T00:00:00", str(value)] for day, value in days if value]
    return utf16_quoted(rows)


# --- TikTok Studio (§2a) --------------------------------------------------------------


def studio_csv(rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 BOM, every field quoted (numbers too), LF, no newline after the last row."""
    lines = [",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows]
    return BOM8 + "\n".join(lines).encode("utf-8")


def zip_bytes(members: dict[str, bytes], when: datetime) -> bytes:
    """A ZIP of stored members at the root with a fixed member time (the export moment)."""
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0  # the same bytes on every operating system
            archive.writestr(info, data)
    return out.getvalue()


def tiktok_video_id(published_utc: datetime, low: int) -> str:
    """A TikTok id: creation time in Unix seconds in the high 32 bits."""
    seconds = int(published_utc.replace(tzinfo=UTC).timestamp())
    return str((seconds << 32) | (low & 0xFFFFFFFF))


def studio_day(day: datetime, style: str = "en") -> str:
    """A year-less Studio date: ``November 9`` (en) or ``9 November`` (en_dm)."""
    if style == "en_dm":
        return f"{day.day} {day:%B}"
    return f"{day:%B} {day.day}"


# --- X Premium analytics, Gen 2 (§3b) ---------------------------------------------------

X_CONTENT_HEADER = (
    "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,"
    "Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks"
)
X_CONTENT_METRICS = (
    "impressions", "likes", "engagements", "bookmarks", "shares", "new_follows", "replies",
    "reposts", "profile_visits", "detail_expands", "url_clicks", "hashtag_clicks", "permalink_clicks",
)  # fmt: skip
X_OVERVIEW_HEADER = (
    "Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,"
    "Profile visits,Create Post,Video views,Media views"
)
X_OVERVIEW_METRICS = (
    "impressions", "likes", "engagements", "bookmarks", "shares", "new_follows", "unfollows",
    "replies", "reposts", "profile_visits", "create_post", "video_views", "media_views",
)  # fmt: skip


def snowflake(moment_utc: datetime, low_bits: int) -> str:
    """An X post id whose snowflake time is ``moment_utc`` (naive UTC, ms precision)."""
    ms = int(moment_utc.replace(tzinfo=UTC).timestamp() * 1000 + 0.5)
    return str(((ms - TWITTER_EPOCH_MS) << 22) | (low_bits & 0x3FFFFF))


def gen2_cell(text: str) -> str:
    """Gen 2 quotes a cell only for a comma, a quote or a newline."""
    if any(ch in text for ch in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def en_us_utc_date(moment_utc: datetime) -> str:
    """``toLocaleDateString('en-US', {weekday, month, day, year, timeZone: 'UTC'})``."""
    return f"{moment_utc:%a, %b} {moment_utc.day}, {moment_utc.year}"


def x_post_text(text: str) -> str:
    """Whitespace collapsed and long posts cut near 280 characters, as the client does."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 280 else flat[:279].rstrip() + "…"


def x_lines(header: str, rows: Sequence[Sequence[str]]) -> bytes:
    """LF between rows, no BOM, no newline after the last row; cells already formatted."""
    return "\n".join([header, *(",".join(row) for row in rows)]).encode("utf-8")


# --- the comments template (collectors/manual.py) ----------------------------------------

COMMENTS_HEADER = ("platform", "post_id", "comment_id", "created_at", "author", "text", "parent_id", "likes")


def plain_csv(rows: Sequence[Sequence[str]]) -> bytes:
    """What a spreadsheet's 'CSV UTF-8' save writes: minimal quoting, CRLF."""
    import csv

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")

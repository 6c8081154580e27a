"""TikTok exports: TikTok Studio section files and "Download your data" JSON.

See ../shared/FORMATS.md §2a and §2b. Studio delivers one ZIP per section
(``Overview_<date>_<epoch>_<handle>.zip``, ``Followers_<handle>.zip``, ...), each
holding CSV (UTF-8 BOM, every field quoted, LF, no final newline) or XLSX files.
Their headers were English in every real file; their dates are localised and
carry no year, so the year is inferred from the export day.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import IO
from zoneinfo import ZoneInfo

from collectors import ExportKind, ParseContext, Sniff
from collectors.errors import ExportFormatError, shown
from collectors.exportfile import (
    SHORT_CHARS,
    ExportSource,
    HeaderMap,
    TextLimit,
    cell_number,
    check_count,
    check_short_cells,
    check_unknown_columns,
    csv_rows,
    latest_time,
    numeric_id,
    open_text,
    parse_number,
    skip_blank,
    time_problem,
    to_naive_utc,
    utc_from_timestamp,
)
from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    AudienceRecord,
    MetricSnapshotRecord,
    Notice,
    PostRecord,
    Record,
)
from collectors.xlsx import looks_like_xlsx, xlsx_rows

PLATFORM = "tiktok"

# --- header alias tables ----------------------------------------------------------
# Canonical field -> header texts. Real Studio files had English headers in every
# UI language seen (FORMATS.md §2a); the Indonesian names are an UNVERIFIED
# defensive guess at what a localised export would say.

_DATE = ["Date", "Tanggal"]
_DISTRIBUTION = ["Distribution", "Distribusi"]

OVERVIEW_ALIASES: dict[str, list[str]] = {
    "date": _DATE,
    "views": ["Video Views", "Tayangan video"],
    "profile_visits": ["Profile Views", "Tayangan profil"],
    "likes": ["Likes", "Suka"],
    "comments": ["Comments", "Komentar"],
    "shares": ["Shares", "Dibagikan"],
    "follower_change": ["New followers", "Pengikut baru"],  # newer exports only [S]
}

CONTENT_ALIASES: dict[str, list[str]] = {
    "time": ["Time", "Waktu"],
    "title": ["Video title", "Judul video"],
    "link": ["Video link", "Tautan video"],
    # Known, not stored: a year-less date only; the video id gives the exact creation time.
    "post_time": ["Post time", "Waktu posting"],
    "likes": ["Total likes", "Total suka"],
    "comments": ["Total comments", "Total komentar"],
    "shares": ["Total shares", "Total dibagikan"],
    "views": ["Total views", "Total tayangan"],
}

FOLLOWER_HISTORY_ALIASES: dict[str, list[str]] = {
    "date": _DATE,
    "followers": ["Followers", "Pengikut"],
    # Known, not stored: its semantics differ between exports (FORMATS.md §2a);
    # the change is recomputed from consecutive Followers values instead.
    "difference": ["Difference in followers from previous day", "Selisih pengikut dari hari sebelumnya"],
}

VIEWERS_ALIASES: dict[str, list[str]] = {
    "date": _DATE,
    "viewers": ["Total Viewers", "Total penonton"],
    "new_viewers": ["New Viewers", "Penonton baru"],
    "returning_viewers": ["Returning Viewers", "Penonton kembali"],
}

FOLLOWER_ACTIVITY_ALIASES: dict[str, list[str]] = {
    "date": _DATE,
    "hour": ["Hour", "Jam"],
    "active": ["Active followers", "Pengikut aktif"],
}

FOLLOWER_GENDER_ALIASES: dict[str, list[str]] = {
    "gender": ["Gender", "Jenis kelamin"],
    "distribution": _DISTRIBUTION,
}

FOLLOWER_TERRITORIES_ALIASES: dict[str, list[str]] = {
    "territory": ["Top territories", "Wilayah teratas"],
    "distribution": _DISTRIBUTION,
}

# --- year-less localised dates ------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents, so 'Φεβρουαρίου' and 'φεβρουαριου' compare equal."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# One entry per month, alternatives separated by '|': full names (Greek and
# Russian in the genitive that day-month dates use, plus the nominative) and the
# abbreviations TikTok's short formats use.
_MONTH_TABLES: dict[str, list[str]] = {
    "en": [
        "january|jan",
        "february|feb",
        "march|mar",
        "april|apr",
        "may",
        "june|jun",
        "july|jul",
        "august|aug",
        "september|sep|sept",
        "october|oct",
        "november|nov",
        "december|dec",
    ],
    "id": [
        "januari|jan",
        "februari|feb|peb",
        "maret|mar",
        "april|apr",
        "mei",
        "juni|jun",
        "juli|jul",
        "agustus|agu|agt|ags",
        "september|sep",
        "oktober|okt",
        "november|nov|nop",
        "desember|des",
    ],
    "es": [
        "enero|ene",
        "febrero|feb",
        "marzo|mar",
        "abril|abr",
        "mayo|may",
        "junio|jun",
        "julio|jul",
        "agosto|ago",
        "septiembre|setiembre|sep|sept|set",
        "octubre|oct",
        "noviembre|nov",
        "diciembre|dic",
    ],
    "pt": [
        "janeiro|jan",
        "fevereiro|fev",
        "março|mar",
        "abril|abr",
        "maio|mai",
        "junho|jun",
        "julho|jul",
        "agosto|ago",
        "setembro|set",
        "outubro|out",
        "novembro|nov",
        "dezembro|dez",
    ],
    "el": [
        "Ιανουαρίου|Ιανουάριος|Ιαν",
        "Φεβρουαρίου|Φεβρουάριος|Φεβ",
        "Μαρτίου|Μάρτιος|Μαρ",
        "Απριλίου|Απρίλιος|Απρ",
        "Μαΐου|Μάιος|Μαΐ|Μαϊ",
        "Ιουνίου|Ιούνιος|Ιουν",
        "Ιουλίου|Ιούλιος|Ιουλ",
        "Αυγούστου|Αύγουστος|Αυγ",
        "Σεπτεμβρίου|Σεπτέμβριος|Σεπ|Σεπτ",
        "Οκτωβρίου|Οκτώβριος|Οκτ",
        "Νοεμβρίου|Νοέμβριος|Νοε",
        "Δεκεμβρίου|Δεκέμβριος|Δεκ",
    ],
    "ru": [
        "января|январь|янв",
        "февраля|февраль|фев",
        "марта|март|мар",
        "апреля|апрель|апр",
        "мая|май",
        "июня|июнь|июн",
        "июля|июль|июл",
        "августа|август|авг",
        "сентября|сентябрь|сен|сент",
        "октября|октябрь|окт",
        "ноября|ноябрь|ноя",
        "декабря|декабрь|дек",
    ],
}
# Vietnamese: "18 tháng Tám" (month as a number word) or "18 tháng 8".
_VI_MONTHS = [
    "một|giêng",
    "hai",
    "ba",
    "tư|bốn",
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mười một",
    "mười hai|chạp",
]


def _month_lookup(tables: Sequence[Sequence[str]]) -> dict[str, int]:
    lookup: dict[str, int] = {}
    for table in tables:
        for number, names in enumerate(table, start=1):
            for name in names.split("|"):
                key = _fold(name)
                if lookup.setdefault(key, number) != number:
                    raise ValueError(f"month name {name!r} means two months")  # a bug in the tables
    return lookup


MONTHS = _month_lookup(list(_MONTH_TABLES.values()))
VI_MONTHS = _month_lookup([_VI_MONTHS])

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?$")
_CJK_DATE = re.compile(r"^(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?$")
_VI_DATE = re.compile(r"^(\d{1,2}) thang (.+?)(?: (\d{4}))?$")
_FILLER = {"de", "del", "di"}  # "8 de setembro"

DATE_EXAMPLE = (
    "a day and month such as 'August 9', '9 August', '9 Agustus', '9 Agu', '9月13日' or '2026-08-09'"
)


def parse_studio_date(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a Studio date cell; None when it is not a date."""
    return _parse_studio_date(text) if len(text) <= 40 else None  # only short texts are cached


@lru_cache(maxsize=2048)  # a file repeats the same few hundred date texts (24 rows a day in FollowerActivity)
def _parse_studio_date(text: str) -> tuple[int | None, int, int] | None:
    raw = text.strip()
    year: int | None
    if m := _ISO_DATE.match(raw):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _CJK_DATE.match(raw):
        year, month, day = (int(m[1]) if m[1] else None), int(m[2]), int(m[3])
    else:
        folded = " ".join(w for w in re.sub(r"[.,]", " ", _fold(raw)).split() if w not in _FILLER)
        if m := _VI_DATE.match(folded):
            day, name, year = int(m[1]), m[2], (int(m[3]) if m[3] else None)
            found = int(name) if name.isdigit() else VI_MONTHS.get(name)
            if found is None:
                return None
            month = found
        else:
            words = folded.split()
            year = None
            if len(words) == 3 and re.fullmatch(r"\d{4}", words[-1]):
                year = int(words.pop())
            if len(words) != 2:
                return None
            if words[0].isdigit():
                day_text, name = words
            elif words[1].isdigit():
                name, day_text = words
            else:
                return None
            found = MONTHS.get(name)
            if found is None or len(day_text) > 2:
                return None
            month, day = found, int(day_text)
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February is a valid year-less date
    except ValueError:
        return None
    return year, month, day


def _day_of_year(month: int, day: int) -> int:
    return date(2000, month, day).timetuple().tm_yday


# --- where the export came from: ZIP name, export day, account ------------------------

_OVERVIEW_ZIP = re.compile(
    r"^Overview_(\d{4}-\d{2}-\d{2})_(\d{9,11})_(.+?)(?: ?\(\d+\))?\.zip$", re.IGNORECASE
)
_SECTION_ZIP = re.compile(r"^(?:Overview|Content|Followers|Viewers)_(.+?)(?: ?\(\d+\))?\.zip$", re.IGNORECASE)


def _zip_name(source: ExportSource) -> str | None:
    return source.path.name if source.member is not None else None


def _export_epoch(source: ExportSource) -> datetime | None:
    """The export moment in the Overview ZIP's name (its date part is not trusted)."""
    name = _zip_name(source)
    if name and (m := _OVERVIEW_ZIP.match(name)):
        return utc_from_timestamp(int(m[2]))
    return None


def _local_date(moment_utc: datetime, zone: str) -> date:
    return moment_utc.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(zone)).date()


def _export_day(source: ExportSource, ctx: ParseContext) -> date:
    """The day the export was made, in the account's display zone.

    The epoch in ``Overview_<date>_<epoch>_<handle>.zip`` when present, else the
    file's modification time. Year-less dates are placed on or before this day.
    """
    moment = _export_epoch(source) or source.modified_at()
    return _local_date(moment, ctx.timezone)


def _handle_from_zip(source: ExportSource) -> str | None:
    name = _zip_name(source)
    if not name:
        return None
    m = _OVERVIEW_ZIP.match(name)
    if m:
        return m[3]
    m = _SECTION_ZIP.match(name)
    return m[1] if m else None


def _clean_handle(handle: str | None) -> str | None:
    if handle is None:
        return None
    handle = handle.strip().lstrip("@")
    return handle or None


def _no_account(source: ExportSource) -> ExportFormatError:
    return ExportFormatError(
        source.name,
        "the file does not say which account it belongs to",
        expected="--account HANDLE on the command line",
    )


def _account(source: ExportSource, ctx: ParseContext) -> AccountRef:
    """ctx.account_handle, else the handle in the section ZIP's name."""
    handle = _clean_handle(ctx.account_handle) or _clean_handle(_handle_from_zip(source))
    if handle is None:
        raise _no_account(source)
    return AccountRef(PLATFORM, handle=handle)


# --- tables: CSV or XLSX, header checked -------------------------------------------------


def _all_rows(source: ExportSource) -> Iterator[tuple[int, list[str]]]:
    if looks_like_xlsx(source.head(4)):
        yield from skip_blank(xlsx_rows(source))
        return
    rows = csv_rows(source)
    try:
        yield from skip_blank(iter(rows))
    finally:
        rows.close()


class _Table:
    """The header and data rows of one Studio section file."""

    def __init__(
        self,
        source: ExportSource,
        ctx: ParseContext,
        aliases: Mapping[str, Sequence[str]],
        required: Sequence[str],
    ) -> None:
        self.source, self.ctx, self.aliases, self.required = source, ctx, aliases, required

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Data rows; the header is read and checked first (each pass re-reads the file)."""
        rows = _all_rows(self.source)
        first = next(rows, None)
        if first is None:
            raise ExportFormatError(
                self.source.name,
                "the file has no header row",
                expected="an export file as downloaded from TikTok Studio",
            )
        line, header_cells = first
        self.header = HeaderMap(header_cells, self.aliases)
        missing = [self.aliases[f][0] for f in self.required if f not in self.header.index]
        if missing:
            raise ExportFormatError(
                self.source.name,
                f"missing column(s) {', '.join(map(repr, missing))}",
                row=line,
                expected="the columns TikTok Studio exports for this section",
            )
        self.skipped = check_unknown_columns(
            self.source, self.header, self.ctx.ignore_unknown_columns, row=line
        )
        for line, row in rows:
            check_short_cells(self.source, line, self.header, row, "title")
            yield line, row

    def notice(self) -> Notice | None:
        if getattr(self, "skipped", None):
            return Notice(
                f"{self.source.name}: skipped unknown column(s) {', '.join(map(repr, self.skipped))}"
            )
        return None

    def text(self, row: Sequence[str], field: str) -> str:
        return (self.header.get(row, field) or "").strip()

    def number(
        self, line: int, row: Sequence[str], field: str, *, whole: bool = True, signed: bool = False
    ) -> float | int | None:
        if field not in self.header.index:
            return None
        return cell_number(self.source, line, self.header, row, field, whole=whole, signed=signed)

    def count(self, line: int, row: Sequence[str], field: str) -> int | None:
        number = self.number(line, row, field)
        return None if number is None else int(number)

    def date_parts(self, line: int, row: Sequence[str], field: str) -> tuple[int | None, int, int]:
        text = self.text(row, field)
        parts = parse_studio_date(text)
        if parts is None:
            raise ExportFormatError(
                self.source.name,
                f"{text!r} is not a date",
                row=line,
                column=self.header.column(field),
                expected=DATE_EXAMPLE,
            )
        return parts


def _latest_on_or_before(month: int, day: int, limit: date) -> int:
    """The year that puts a year-less day on or before ``limit`` and closest to it."""
    year = limit.year if (month, day) <= (limit.month, limit.day) else limit.year - 1
    while True:  # 29 February: step back to a leap year
        try:
            date(year, month, day)
            return year
        except ValueError:
            year -= 1


def _dated_rows(
    table: _Table, ctx: ParseContext, field: str = "date"
) -> Iterator[tuple[int, list[str], date]]:
    """Rows with their full dates, for sections whose rows run in ascending date order.

    The last row is on or before the export day; walking back from it, each step
    from an early-year day back to a late-year day (January -> December) is a year
    earlier. To stay streaming, a first pass counts those rollovers and finds the
    last day; the second pass assigns years going forward.
    """
    source = table.source
    export_day = _export_day(source, ctx)
    previous: tuple[int, int] | None = None
    previous_text = ""
    rollovers = 0
    for line, row in table.rows():
        year, month, day = table.date_parts(line, row, field)
        if year is not None:
            continue  # a full date (XLSX date cell, ISO text) needs no inference
        if previous is not None and (month, day) < previous:
            # A genuine year boundary jumps back most of a year; a small step back
            # means the rows are not in ascending order and years cannot be inferred.
            if _day_of_year(*previous) - _day_of_year(month, day) < 180:
                raise ExportFormatError(
                    source.name,
                    f"date {table.text(row, field)!r} comes before the previous row's {previous_text!r}",
                    row=line,
                    column=table.header.column(field),
                    expected="rows in ascending date order, as TikTok Studio exports them",
                )
            rollovers += 1
        previous, previous_text = (month, day), table.text(row, field)
    if previous is None:
        year_now = export_day.year
    else:
        year_now = _latest_on_or_before(previous[0], previous[1], export_day) - rollovers
    previous = None
    for line, row in table.rows():
        year, month, day = table.date_parts(line, row, field)
        if year is None:
            if previous is not None and (month, day) < previous:
                year_now += 1
            previous = (month, day)
            year = year_now
        try:
            yield line, row, date(year, month, day)
        except ValueError:
            raise ExportFormatError(
                source.name,
                f"{table.text(row, field)!r} does not exist in {year}",
                row=line,
                column=table.header.column(field),
                expected=DATE_EXAMPLE,
            ) from None


# --- Studio section parsers ----------------------------------------------------------------


def _parse_overview(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """One AccountSnapshotRecord per day (the account's local day, stored as given)."""
    account = _account(source, ctx)
    table = _Table(
        source, ctx, OVERVIEW_ALIASES, ["date", "views", "profile_visits", "likes", "comments", "shares"]
    )
    announced = False
    for line, row, day in _dated_rows(table, ctx):
        if not announced:
            announced = True
            if notice := table.notice():
                yield notice
        fields = ["views", "profile_visits", "likes", "comments", "shares"]
        if "follower_change" in table.header.index:
            fields.append("follower_change")
        # Daily values, which TikTok can write negative (a comment deleted that day).
        values = {f: table.number(line, row, f, signed=True) for f in fields}
        yield AccountSnapshotRecord(account, day, "tiktok_overview", values)


def _parse_follower_history(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Followers per day; follower_change = today's Followers - yesterday's (None on the first day
    or after a gap), not the file's difference column whose meaning varies between exports."""
    account = _account(source, ctx)
    table = _Table(source, ctx, FOLLOWER_HISTORY_ALIASES, ["date", "followers"])
    last: tuple[date, int | float | None] | None = None
    announced = False
    for line, row, day in _dated_rows(table, ctx):
        if not announced:
            announced = True
            if notice := table.notice():
                yield notice
        followers = table.number(line, row, "followers")
        change = None
        if (
            last is not None
            and last[0] == day - timedelta(days=1)
            and last[1] is not None
            and followers is not None
        ):
            change = followers - last[1]
        last = (day, followers)
        yield AccountSnapshotRecord(
            account, day, "tiktok_follower_history", {"followers": followers, "follower_change": change}
        )


def _parse_viewers(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Viewers per day. The partial last day reads "undefined" total with 0/0 new/returning:
    those zeros are placeholders, so they are unknown (None) too."""
    account = _account(source, ctx)
    table = _Table(source, ctx, VIEWERS_ALIASES, ["date", "viewers", "new_viewers", "returning_viewers"])
    announced = False
    for line, row, day in _dated_rows(table, ctx):
        if not announced:
            announced = True
            if notice := table.notice():
                yield notice
        values = {
            "viewers": table.number(line, row, "viewers"),
            "new_viewers": table.number(line, row, "new_viewers"),
            "returning_viewers": table.number(line, row, "returning_viewers"),
        }
        if values["viewers"] is None:
            for f in ("new_viewers", "returning_viewers"):
                if values[f] == 0:
                    values[f] = None
        yield AccountSnapshotRecord(account, day, "tiktok_viewers", values)


def _parse_hour(table: _Table, line: int, row: Sequence[str]) -> int:
    text = table.text(row, "hour")
    m = re.fullmatch(r"(\d{1,2})(?::00)?(?:\.0)?", text)
    if not m or int(m[1]) > 23:
        raise ExportFormatError(
            table.source.name,
            f"{text!r} is not an hour of the day",
            row=line,
            column=table.header.column("hour"),
            expected="a whole hour from 0 to 23",
        )
    return int(m[1])


def _parse_follower_activity(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Active followers per hour (the last 7 days only): bucket "YYYY-MM-DD HH"."""
    account = _account(source, ctx)
    captured_on = _export_day(source, ctx)
    table = _Table(source, ctx, FOLLOWER_ACTIVITY_ALIASES, ["date", "hour", "active"])
    announced = False
    for line, row, day in _dated_rows(table, ctx):
        if not announced:
            announced = True
            if notice := table.notice():
                yield notice
        hour = _parse_hour(table, line, row)
        yield AudienceRecord(
            account,
            captured_on,
            "tiktok_follower_activity",
            "active_hour",
            f"{day:%Y-%m-%d} {hour:02d}",
            count=table.number(line, row, "active"),
        )


def _share(table: _Table, line: int, row: Sequence[str]) -> float | None:
    text = table.text(row, "distribution")
    try:
        value = parse_number(text)
    except ValueError:
        value = -1.0
    if value is not None and not 0 <= value <= 1:
        raise ExportFormatError(
            table.source.name,
            f"{text!r} is not a share of the audience",
            row=line,
            column=table.header.column("distribution"),
            expected="a fraction such as 0.56 or a percentage such as 56%",
        )
    return value


_GENDERS = {
    "female": "female",
    "perempuan": "female",
    "wanita": "female",
    "male": "male",
    "laki-laki": "male",
    "pria": "male",
    "other": "other",
    "others": "other",
    "lainnya": "other",
}


def _audience_parser(
    kind: str, aliases: Mapping[str, Sequence[str]], field: str, dimension: str, bucket: Callable[[str], str]
) -> Callable[[ExportSource, ParseContext], Iterator[Record]]:
    def parse(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
        """Shares of the followers, captured on the export day."""
        account = _account(source, ctx)
        captured_on = _export_day(source, ctx)
        table = _Table(source, ctx, aliases, [field, "distribution"])
        announced = False
        for line, row in table.rows():
            if not announced:
                announced = True
                if notice := table.notice():
                    yield notice
            yield AudienceRecord(
                account,
                captured_on,
                kind,
                dimension,
                bucket(table.text(row, field)),
                share=_share(table, line, row),
            )

    return parse


def _territory_bucket(text: str) -> str:
    return "other" if _fold(text) in ("others", "other", "lainnya") else text.upper()


_VIDEO_LINK = re.compile(
    r"^https?://(?:[\w-]+\.)*tiktokv?\.com/(?:@([^/?#]+)/)?(?:share/)?(video|photo)/(\d+)"
)
LINK_EXAMPLE = "a TikTok link such as https://www.tiktok.com/@sukamajukab/video/7400123456789012345"


def _post_type(kind: str) -> str:
    # A /photo/ link is a TikTok photo post: one or more images swiped like a carousel [I].
    return "carousel" if kind == "photo" else "video"


def _parse_content(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """A PostRecord and a MetricSnapshotRecord per row.

    Content.csv is a PARTIAL top list (about 15 videos, in no defined order), never
    the account's full list of posts: it must not be used to count posts.
    captured_at: the ``Time`` column is the export date (year-less, placed on or
    before the export day). When the Overview-style ZIP epoch falls on that day
    the epoch is used; otherwise the start of that day in ctx.timezone, in UTC.
    """
    table = _Table(source, ctx, CONTENT_ALIASES, ["time", "link", "likes", "comments", "shares", "views"])
    export_day = _export_day(source, ctx)
    epoch = _export_epoch(source)
    fallback = _clean_handle(ctx.account_handle) or _clean_handle(_handle_from_zip(source))
    zone = ZoneInfo(ctx.timezone)
    latest = latest_time(epoch, ctx.imported_at)
    captions = TextLimit(source, PLATFORM)
    announced = False
    for line, row in table.rows():
        if not announced:
            announced = True
            if notice := table.notice():
                yield notice
        year, month, day = table.date_parts(line, row, "time")
        snapshot_day = date(year or _latest_on_or_before(month, day, export_day), month, day)
        if epoch is not None and _local_date(epoch, ctx.timezone) == snapshot_day:
            captured_at = epoch
        else:
            captured_at = to_naive_utc(datetime.combine(snapshot_day, time(0), tzinfo=zone))
        link = table.text(row, "link")
        m = _VIDEO_LINK.match(link)
        if not m:
            raise ExportFormatError(
                source.name,
                f"{link!r} is not a TikTok video link",
                row=line,
                column=table.header.column("link"),
                expected=LINK_EXAMPLE,
            )
        # The link names the post's owner; the ZIP name or --account only fill in.
        handle = _clean_handle(m[1]) or fallback
        if handle is None:
            raise _no_account(source)
        post_id = m[3]
        yield PostRecord(
            PLATFORM,
            post_id,
            AccountRef(PLATFORM, handle=handle),
            published_at=_id_time(source, post_id, latest, line, table.header.column("link")),
            type=_post_type(m[2]),
            caption=captions(table.text(row, "title") or None, line, table.header.column("title")),
            permalink=link,
        )
        yield MetricSnapshotRecord(
            PLATFORM,
            post_id,
            captured_at,
            "tiktok_content",
            {f: table.count(line, row, f) for f in ("likes", "comments", "shares", "views")},
        )
    if notice := captions.notice():
        yield notice


def _id_time(source: ExportSource, post_id: str, latest: datetime, row: int, column: str) -> datetime:
    """The creation (upload) time a TikTok video id carries in its top 32 bits."""
    problem = None
    if not numeric_id(post_id):
        problem = "is not a TikTok video id"
    else:
        moment = utc_from_timestamp(int(post_id) >> 32)
        if reason := time_problem(moment, latest):
            problem = f"is not a TikTok video id: the time in it ({moment:%Y-%m-%d}) {reason}"
    if problem:
        raise ExportFormatError(
            source.name,
            f"{shown(post_id)} {problem}",
            row=row,
            column=column,
            expected="the 19-digit id of a TikTok video such as 7400123456789012345",
        )
    return moment


# --- detection of Studio files -------------------------------------------------------------


@lru_cache(maxsize=16)
def _xlsx_header(source: ExportSource, head: bytes) -> tuple[str, ...] | None:
    # Cached: every TikTok kind's detector asks for the same workbook's header.
    # ``head`` is part of the key so a changed file is read again.
    try:
        for _, row in skip_blank(xlsx_rows(source, max_rows=20)):
            return tuple(row)
    except ExportFormatError:  # a ZIP that is no workbook: simply not ours
        return None
    return None


def _first_row(sniff: Sniff) -> list[str] | None:
    if looks_like_xlsx(sniff.head):
        header = _xlsx_header(sniff.source, sniff.head)
        return list(header) if header else None
    text = sniff.text
    if not text:
        # A text file re-saved in another encoding: its (ASCII) header is still
        # recognisable, and parsing then reports the encoding with the row.
        if b"\x00" in sniff.head:
            return None
        text = sniff.head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    line = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    try:
        return next(csv.reader([line]), None)
    except csv.Error:
        return None


def _detector(
    aliases: Mapping[str, Sequence[str]], required: Sequence[str], absent: Sequence[str] = ()
) -> Callable[[Sniff], bool]:
    def detect(sniff: Sniff) -> bool:
        row = _first_row(sniff)
        if not row:
            return False
        header = HeaderMap(row, aliases)
        return header.matches(required) and not any(f in header.index for f in absent)

    return detect


# --- "Download your data" JSON ----------------------------------------------------------------

_DYD_TOP_KEYS = {
    "activity",
    "adsanddata",
    "appsettings",
    "comment",
    "directmessage",
    "directmessages",
    "income+wallet",
    "likesandfavorites",
    "locationreview",
    "post",
    "profile",
    "profileandsettings",
    "tiktoklive",
    "tiktokshop",
    "tiktokshopping",
    "youractivity",
    "video",
}
_DYD_MARKERS = ("videolist", "commentslist", "itemfavoritelist", "profilemap", "tiktokv.com", "tiktok.com")
_FIRST_KEY = re.compile(r'^\s*\{\s*"([^"]{1,60})"\s*:')
_ANY_KEY = re.compile(r'"([^"\\]{1,60})"\s*:')


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "", text.casefold())


def _detect_dyd(sniff: Sniff) -> bool:
    m = _FIRST_KEY.match(sniff.text.lstrip("\ufeff"))
    if not m or _key(m[1]) not in _DYD_TOP_KEYS:
        return False
    lowered = sniff.text.casefold()
    other_top = sum(1 for k in _ANY_KEY.findall(sniff.text) if _key(k) in _DYD_TOP_KEYS) > 1
    return other_top or any(marker in lowered for marker in _DYD_MARKERS)


class _JsonSections:
    """Reads a large JSON object's top-level members one at a time.

    Only the members asked for are decoded; the rest (direct messages, watch
    history: often most of the file) are scanned past without being held.
    """

    CHUNK = 1 << 16
    MAX_KEPT = 32 << 20  # characters of one member that is read (a post list: a few MB)
    _IN_STRING = re.compile(r'["\\]')
    _IN_CONTAINER = re.compile(r'["\[\]{}]')
    _SCALAR_END = re.compile(r"[,\]}\s]")

    def __init__(self, stream: IO[str], name: str) -> None:
        self.stream, self.name = stream, name
        self.buf, self.pos = "", 0
        self.kept: list[str] | None = None
        self.kept_chars = 0
        self.mark = 0

    def _fill(self) -> bool:
        chunk = self.stream.read(self.CHUNK)
        if not chunk:
            return False
        if self.kept is not None:
            self.kept.append(self.buf[self.mark : self.pos])
            self.kept_chars += self.pos - self.mark
            if self.kept_chars > self.MAX_KEPT:
                raise ExportFormatError(
                    self.name,
                    f"a section outreach reads is longer than {self.MAX_KEPT:,} characters",
                    expected="the JSON file exactly as TikTok's 'Download your data' delivered it "
                    "(the list of an account's posts is a few MB)",
                )
        self.buf, self.pos, self.mark = self.buf[self.pos :] + chunk, 0, 0
        return True

    def _broken(self, reason: str) -> ExportFormatError:
        return ExportFormatError(
            self.name,
            f"not valid JSON ({reason})",
            expected="the JSON file exactly as TikTok's 'Download your data' delivered it",
        )

    def _char(self) -> str:
        """The next non-space character (not consumed)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                raise self._broken("the file ends too early")

    def _expect(self, chars: str) -> str:
        char = self._char()
        if char not in chars:
            raise self._broken(f"found {char!r} where one of {chars!r} belongs")
        self.pos += 1
        return char

    def _skip_string(self) -> None:
        self.pos += 1  # opening quote
        while True:
            m = self._IN_STRING.search(self.buf, self.pos)
            if m is None:
                self.pos = len(self.buf)
                if not self._fill():
                    raise self._broken("a string is not closed")
                continue
            if m[0] == '"':
                self.pos = m.end()
                return
            if m.end() >= len(self.buf):  # the escaped character is in the next chunk
                self.pos = m.start()
                if not self._fill():
                    raise self._broken("a string is not closed")
                continue
            self.pos = m.end() + 1

    def _skip_value(self) -> None:
        char = self._char()
        if char == '"':
            self._skip_string()
        elif char in "[{":
            depth = 0
            while True:
                m = self._IN_CONTAINER.search(self.buf, self.pos)
                if m is None:
                    self.pos = len(self.buf)
                    if not self._fill():
                        raise self._broken("an object or list is not closed")
                    continue
                self.pos = m.start()
                if m[0] == '"':
                    self._skip_string()
                    continue
                self.pos = m.end()
                depth += 1 if m[0] in "[{" else -1
                if depth == 0:
                    return
        else:
            while True:
                m = self._SCALAR_END.search(self.buf, self.pos)
                if m is not None:
                    self.pos = m.start()
                    return
                self.pos = len(self.buf)
                if not self._fill():
                    return

    def _value(self, keep: bool) -> object:
        self._char()
        if not keep:
            self._skip_value()
            return None
        self.kept, self.mark, self.kept_chars = [], self.pos, 0
        self._skip_value()
        self.kept.append(self.buf[self.mark : self.pos])
        text, self.kept = "".join(self.kept), None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise self._broken(exc.msg) from None

    def members(
        self, wanted: Callable[[str], bool], within: Mapping[str, Callable[[str], bool]] | None = None
    ) -> Iterator[tuple[str, object]]:
        """(key, value) of the wanted members; for a key in ``within``, only the members of
        its object that the given test wants are read (the rest is scanned past)."""
        self._expect("{")
        if self._char() == "}":
            return
        while True:
            key = self._value(keep=True)
            if not isinstance(key, str):
                raise self._broken("an object key is not a string")
            self._expect(":")
            inner = (within or {}).get(_key(key))
            if inner is not None and self._char() == "{":
                yield key, dict(self.members(inner))
            elif wanted(key):
                yield key, self._value(keep=True)
            else:
                self._value(keep=False)
            if self._expect(",}") == "}":
                return


def _get(node: object, *path: str) -> object:
    """Follow keys case- and space-insensitively ('VideoList', 'videoList', 'Video List')."""
    for name in path:
        if not isinstance(node, dict):
            return None
        wanted = _key(name)
        node = next((v for k, v in node.items() if _key(k) == wanted), None)
    return node


def _find_user_name(node: object) -> str | None:
    if isinstance(node, dict):
        for k, v in node.items():
            if _key(k) == "username" and isinstance(v, str) and v.strip():
                return v.strip()
        for v in node.values():
            if found := _find_user_name(v):
                return found
    elif isinstance(node, list):
        for v in node:
            if found := _find_user_name(v):
                return found
    return None


_DYD_POST_PATHS = [("posts", "videolist"), ("videos", "videolist"), ("video", "videos", "videolist")]


def _parse_dyd(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Own posts from user_data.json (old: Video/Activity -> Videos -> VideoList) or
    user_data_tiktok.json (new: Post -> Posts -> VideoList), with their like counts.

    The JSON has no export date, so the likes snapshot is captured at the file's
    modification time. ``Date`` values are taken as UTC [I].
    """
    sections: dict[str, object] = {}
    stream = open_text(source)
    try:
        # The old format's Activity section also holds the watch and search history (often
        # most of the file): only its post lists are read.
        for key, value in _JsonSections(stream, source.name).members(
            lambda k: _key(k) in ("post", "video", "activity", "profile", "profileandsettings"),
            within={"activity": lambda k: _key(k) in ("videos", "video", "posts")},
        ):
            sections[_key(key)] = value
    except UnicodeDecodeError:
        raise ExportFormatError(
            source.name,
            "the text is not valid UTF-8",
            expected="the file exactly as downloaded, not re-saved in another encoding",
        ) from None
    finally:
        stream.close()

    found = False
    videos: object = None
    for top in ("post", "video", "activity"):
        for path in _DYD_POST_PATHS:
            container = _get(sections.get(top), *path[:-1])
            if isinstance(container, dict) and any(_key(k) == path[-1] for k in container):
                found, videos = True, _get(container, path[-1])
                break
        if found:
            break
    if not found:
        yield Notice(f"{source.name}: the export has no list of your posts (no Post or Video section)")
        return
    if not videos:  # null (not []) when the account has never posted
        yield Notice(f"{source.name}: the export lists no posts")
        return
    if not isinstance(videos, list):
        raise ExportFormatError(source.name, "VideoList is not a list", expected="a list of posts or null")

    profile_handle = _find_user_name(sections.get("profileandsettings")) or _find_user_name(
        sections.get("profile")
    )
    captured_at = source.modified_at()
    latest = latest_time(None, ctx.imported_at)
    captions = TextLimit(source, PLATFORM)
    for number, item in enumerate(videos, start=1):
        if not isinstance(item, dict):
            raise ExportFormatError(
                source.name,
                "a VideoList entry is not an object",
                row=number,
                expected='{"Date": ..., "Link": ..., "Likes": ...}',
            )
        link = str(_get(item, "link") or "").strip()
        m = _VIDEO_LINK.match(link)
        if not m or len(link) > SHORT_CHARS:
            raise ExportFormatError(
                source.name,
                f"{link!r} is not a TikTok video link",
                row=number,
                column="Link",
                expected=LINK_EXAMPLE + " or https://www.tiktokv.com/share/video/7400123456789012345/",
            )
        if not numeric_id(m[3]):
            raise ExportFormatError(
                source.name,
                f"{shown(link)} does not hold a TikTok video id",
                row=number,
                column="Link",
                expected=LINK_EXAMPLE,
            )
        date_text = str(_get(item, "date") or "").strip()
        try:
            published = datetime.strptime(date_text.removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S")
            problem = time_problem(published, latest)
        except ValueError:
            problem = "is not a date and time"
        if problem:
            raise ExportFormatError(
                source.name,
                f"{shown(date_text)} {problem}",
                row=number,
                column="Date",
                expected="'YYYY-MM-DD HH:MM:SS' such as '2026-08-09 03:15:00'",
            ) from None
        likes = check_count(source, _get(item, "likes"), row=number, column="Likes")
        handle = _clean_handle(ctx.account_handle) or _clean_handle(profile_handle) or _clean_handle(m[1])
        if handle is None:
            raise _no_account(source)
        title = _get(item, "title")
        post_id = m[3]
        yield PostRecord(
            PLATFORM,
            post_id,
            AccountRef(PLATFORM, handle=handle),
            published_at=published,
            type=_post_type(m[2]),
            caption=captions((str(title).strip() or None) if title is not None else None, number, "Title"),
            permalink=link,
        )
        yield MetricSnapshotRecord(PLATFORM, post_id, captured_at, "tiktok_dyd_json", {"likes": likes})
    if notice := captions.notice():
        yield notice


# --- the kinds ---------------------------------------------------------------------------------

KINDS: list[ExportKind] = [
    ExportKind(
        "tiktok_overview",
        PLATFORM,
        "TikTok Studio Overview (daily views, likes, comments, shares)",
        _detector(OVERVIEW_ALIASES, ["date", "views", "profile_visits", "likes", "comments", "shares"]),
        _parse_overview,
        example='"Date","Video Views","Profile Views","Likes","Comments","Shares" Overview',
    ),
    ExportKind(
        "tiktok_content",
        PLATFORM,
        "TikTok Studio Content (top videos with totals)",
        _detector(CONTENT_ALIASES, ["time", "title", "link", "likes", "comments", "shares", "views"]),
        _parse_content,
        example='"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares","Total views" Content',
    ),
    ExportKind(
        "tiktok_follower_history",
        PLATFORM,
        "TikTok Studio FollowerHistory (followers per day)",
        _detector(FOLLOWER_HISTORY_ALIASES, ["date", "followers", "difference"]),
        _parse_follower_history,
        example='"Date","Followers","Difference in followers from previous day" FollowerHistory',
    ),
    ExportKind(
        "tiktok_viewers",
        PLATFORM,
        "TikTok Studio Viewers (total, new and returning viewers per day)",
        _detector(VIEWERS_ALIASES, ["date", "viewers", "new_viewers", "returning_viewers"]),
        _parse_viewers,
        example='"Date","Total Viewers","New Viewers","Returning Viewers" Viewers',
    ),
    ExportKind(
        "tiktok_follower_activity",
        PLATFORM,
        "TikTok Studio FollowerActivity (active followers per hour)",
        _detector(FOLLOWER_ACTIVITY_ALIASES, ["date", "hour", "active"]),
        _parse_follower_activity,
        example='"Date","Hour","Active followers" FollowerActivity',
    ),
    ExportKind(
        "tiktok_follower_gender",
        PLATFORM,
        "TikTok Studio FollowerGender (followers by gender)",
        _detector(FOLLOWER_GENDER_ALIASES, ["gender", "distribution"]),
        _audience_parser(
            "tiktok_follower_gender",
            FOLLOWER_GENDER_ALIASES,
            "gender",
            "gender",
            lambda text: _GENDERS.get(_fold(text), text),
        ),
        example='"Gender","Distribution" FollowerGender',
    ),
    ExportKind(
        "tiktok_follower_territories",
        PLATFORM,
        "TikTok Studio FollowerTopTerritories (followers by territory)",
        _detector(FOLLOWER_TERRITORIES_ALIASES, ["territory", "distribution"]),
        _audience_parser(
            "tiktok_follower_territories",
            FOLLOWER_TERRITORIES_ALIASES,
            "territory",
            "territory",
            _territory_bucket,
        ),
        example='"Top territories","Distribution" FollowerTopTerritories',
    ),
    ExportKind(
        "tiktok_dyd_json",
        PLATFORM,
        "TikTok Download your data (user_data_tiktok.json / user_data.json)",
        _detect_dyd,
        _parse_dyd,
        example='{"Activity": {"Video": {"Videos": {"VideoList": [{"Date": "", "Link": "", "Likes": ""}]}}}} user_data_tiktok json',
    ),
]

"""X (Twitter) exports: see ../shared/FORMATS.md §3a–3c.

Kinds, in the order ``detect_kind`` tries them:

- ``x_tweet_activity``: legacy analytics.twitter.com per-post CSV
  (``tweet_activity_metrics_<user>_<from>_<to>_<lang>.csv``) -> posts + metric snapshots.
- ``x_daily_tweet_activity``: the legacy per-day CSV -> account snapshots.
- ``x_content``: Premium ``account_analytics_content`` CSV, both exporter generations
  and every UI language we have labels for -> posts + metric snapshots.
- ``x_overview``: Premium ``account_overview_analytics.csv`` -> account snapshots.
- ``x_archive_tweets``: ``tweets.js`` / ``tweet.js`` / ``tweets-partN.js`` of a data
  archive -> posts + like/repost snapshots; reads ``manifest.js`` and
  ``note-tweet.js`` when they sit beside it.
- ``x_archive_note_tweets`` and ``x_archive_side_file``: the archive's other
  ``window.YTD``/manifest files, recognised so a whole archive imports cleanly;
  they yield a Notice only.

Post times come from the snowflake id wherever the id is a snowflake, so the same
post gets the same ``published_at`` from every kind (the file's own, coarser time
is a cross-check).
"""

from __future__ import annotations

import bisect
import csv
import functools
import html
import io
import json
import operator
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO

from collectors import ExportKind, ParseContext, Sniff
from collectors.errors import ExportFormatError, shown
from collectors.exportfile import (
    EARLIEST,
    MAX_RECORD_CHARS,
    TEXT_KEPT,
    X_EXPORT_TEXT_KEPT,
    ExportSource,
    HeaderMap,
    TextLimit,
    cell_number,
    check_count,
    check_short_cells,
    check_unknown_columns,
    csv_rows,
    latest_time,
    normalise_header,
    numeric_id,
    open_text,
    skip_blank,
    time_problem,
    to_naive_utc,
)
from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    MetricSnapshotRecord,
    Notice,
    PostRecord,
    Record,
)

PLATFORM = "x"
IGNORED = "_ignored"  # canonical field for columns we understand but do not store

# --- shared helpers ----------------------------------------------------------------

TWITTER_EPOCH_MS = 1288834974657
_EPOCH = datetime(1970, 1, 1)
# Pre-snowflake ids (2006-2010) were sequential and stayed below ~3e10; snowflakes
# are above 1e12 from four minutes after their epoch on.
_FIRST_SNOWFLAKE = 10**12
_STATUS_URL = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<handle>[A-Za-z0-9_]{1,50})/status(?:es)?/(?P<id>\d+)"
)


def snowflake_time(post_id: str) -> datetime | None:
    """Creation time (naive UTC, ms precision) encoded in an X snowflake id."""
    number = int(post_id)
    if number < _FIRST_SNOWFLAKE:
        return None
    return _EPOCH + timedelta(milliseconds=(number >> 22) + TWITTER_EPOCH_MS)


def _published_at(post_id: str, stated: datetime, precision: timedelta) -> datetime:
    """The id's exact time when it agrees with the file's coarser time, else the file's."""
    exact = snowflake_time(post_id)
    if exact is not None and stated <= exact < stated + precision:
        return exact
    return stated


def _check_time(
    source: ExportSource, line: int, column: str, moment: datetime, latest: datetime, text: str, expected: str
) -> datetime:
    """A post's time, refused when no post can have it (before 2004, after the export)."""
    if problem := time_problem(moment, latest):
        raise ExportFormatError(
            source.name, f"{shown(text)} {problem}", row=line, column=column, expected=expected
        )
    return moment


def _post_type(text: str | None) -> str:
    # Exports have no type column; X lists replies with their leading @mention.
    return "reply" if text and text.startswith("@") else "text"


def _handle(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lstrip("@")
    return value or None


def _context_account(source: ExportSource, ctx: ParseContext) -> AccountRef:
    handle = _handle(ctx.account_handle)
    if handle is None:
        raise ExportFormatError(
            source.name,
            "the file does not say which account it belongs to",
            expected="--account HANDLE on the command line",
        )
    return AccountRef(PLATFORM, handle=handle)


def _header_row(sniff: Sniff) -> list[str] | None:
    """The first CSV row of the file, for detectors.

    A file re-saved in another encoding has ``sniff.text == ''``; decoding it
    leniently here lets it be recognised, so the parser can then say what is wrong
    with it instead of "unknown file".
    """
    text = sniff.text or sniff.head.decode("utf-8", "replace")
    try:
        return next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), None)
    except csv.Error:
        return None


def _default_name_end(source: ExportSource, pattern: re.Pattern[str]) -> datetime | None:
    """Midnight UTC after the range end in the platform's default file name.

    The file name is only a hint for the snapshot time, never for recognising a file.
    """
    match = pattern.match(source.file_name)
    if not match:
        return None
    text = match.group("end").replace("-", "")
    try:
        end = datetime.strptime(text, "%Y%m%d")
    except ValueError:
        return None
    if not EARLIEST.year <= end.year <= datetime.now().year + 1:  # an edited name is no export time
        return None
    return end + timedelta(days=1)


def _lookup(aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {normalise_header(a): f for f, names in aliases.items() for a in names}


def _cell_error(source: ExportSource, line: int, header: HeaderMap, field: str, reason: str, expected: str):
    return ExportFormatError(source.name, reason, row=line, column=header.column(field), expected=expected)


def _post_id(source: ExportSource, line: int, header: HeaderMap, row: Sequence[str]) -> str:
    value = (header.get(row, "post_id") or "").strip()
    if not numeric_id(value):
        raise _cell_error(
            source,
            line,
            header,
            "post_id",
            f"{shown(value)} is not an X post id",
            "a post id of digits such as 1902620805600833905 (re-download the file if a "
            "spreadsheet program turned it into 1.9E+18)",
        )
    return value


def _permalink(
    source: ExportSource, line: int, header: HeaderMap, row: Sequence[str], post_id: str
) -> tuple[str | None, str | None]:
    """(permalink, handle) from the link column, checked against the post id."""
    value = (header.get(row, "link") or "").strip()
    if not value:
        return None, None
    match = _STATUS_URL.match(value)
    if not match or match["id"] != post_id:
        raise _cell_error(
            source,
            line,
            header,
            "link",
            f"{shown(value)} is not the link of post {post_id}",
            f"https://x.com/<handle>/status/{post_id}",
        )
    return value, match["handle"]


class _MetricColumns:
    """The metrics a file has a column for, and where: found once per file."""

    __slots__ = ("_take", "_width", "fields", "positions")

    def __init__(self, fields: Sequence[str], positions: Sequence[int]) -> None:
        self.fields = tuple(fields)
        self.positions = tuple(positions)
        self._take = operator.itemgetter(*positions) if len(positions) > 1 else None
        self._width = max(positions, default=-1) + 1

    def texts(self, row: Sequence[str]) -> Sequence[str]:
        if self._take is not None and len(row) >= self._width:
            return self._take(row)
        width = len(row)
        return [row[p] if p < width else "" for p in self.positions]


def _metric_columns(header: HeaderMap, fields: Sequence[str]) -> _MetricColumns:
    present = [field for field in fields if field in header.index]
    return _MetricColumns(tuple(present), tuple(header.index[field] for field in present))


def _metric_values(
    source: ExportSource, line: int, header: HeaderMap, row: Sequence[str], columns: _MetricColumns
) -> dict[str, int | None]:
    # A blank / '-' cell is None.
    texts = columns.texts(row)
    joined = "".join(texts)
    # nearly every row: plain counts of fewer than 13 digits (below MAX_COUNT)
    if joined.isdigit() and joined.isascii() and all(texts) and max(map(len, texts), default=0) < 13:
        return dict(zip(columns.fields, map(int, texts)))
    values: dict[str, int | None] = {}
    for field, text in zip(columns.fields, texts):
        if text and len(text) < 13 and text.isdigit() and text.isascii():
            values[field] = int(text)
        else:
            values[field] = cell_number(source, line, header, row, field)  # type: ignore[assignment]
    return values


def _read_header(
    source: ExportSource,
    rows: Iterator[tuple[int, list[str]]],
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    ctx: ParseContext,
) -> tuple[int, HeaderMap, list[str]]:
    first = next(rows, None)
    if first is None:
        raise ExportFormatError(source.name, "the file has no header row", expected="an export as downloaded")
    line, cells = first
    header = HeaderMap(cells, aliases)
    missing = [field for field in required if field not in header.index]
    if missing:
        raise ExportFormatError(
            source.name,
            f"missing column(s) {', '.join(repr(aliases[f][0]) for f in missing)}",
            row=line,
            expected="the header of an unedited export",
        )
    skipped = check_unknown_columns(source, header, ctx.ignore_unknown_columns, row=line)
    return line, header, skipped


def _check_width(source: ExportSource, line: int, header: HeaderMap, row: Sequence[str]) -> None:
    """A row cut short (or run long) would store blanks as unknowns: refuse it; so is a
    cell too long for its column."""
    check_short_cells(source, line, header, row, "text")
    if len(row) != len(header.header):
        raise ExportFormatError(
            source.name,
            f"the row has {len(row):,} fields but the header has {len(header.header):,}",
            row=line,
            expected="one field per header column (re-download the export)",
        )


def _skipped_notice(source: ExportSource, skipped: list[str]) -> Notice:
    return Notice(f"{source.name}: skipped unknown column(s) {', '.join(repr(c) for c in skipped)}")


# --- 3a. legacy analytics.twitter.com ------------------------------------------------------

_LEGACY_STORED = ("views", "reposts", "replies", "likes", "profile_visits", "link_clicks", "follows")
_LEGACY_IGNORED_BASE = [
    "engagements",
    "engagement rate",
    "hashtag clicks",
    "detail expands",
    "permalink clicks",
    "app opens",
    "app installs",
    "email tweet",
    "dial phone",
    "media views",
    "media engagements",
]
# Promoted numbers are paid reach; outreach tracks organic performance.
_LEGACY_PROMOTED = [
    f"promoted {name}"
    for name in [
        "impressions",
        "engagements",
        "engagement rate",
        "retweets",
        "replies",
        "likes",
        "user profile clicks",
        "url clicks",
        "hashtag clicks",
        "detail expands",
        "permalink clicks",
        "app opens",
        "app installs",
        "follows",
        "email tweet",
        "dial phone",
        "media views",
        "media engagements",
    ]
]

# Only English legacy files are known (FORMATS.md §3a); others would show as unknown columns.
LEGACY_POST_ALIASES: dict[str, list[str]] = {
    "post_id": ["Tweet id"],
    "link": ["Tweet permalink"],
    "text": ["Tweet text"],
    "time": ["time"],
    "views": ["impressions"],
    "reposts": ["retweets"],
    "replies": ["replies"],
    "likes": ["likes"],
    "profile_visits": ["user profile clicks"],
    "link_clicks": ["url clicks"],
    "follows": ["follows"],
    IGNORED: _LEGACY_IGNORED_BASE + _LEGACY_PROMOTED,
}

LEGACY_DAILY_ALIASES: dict[str, list[str]] = {
    "day": ["Date"],
    "posts_published": ["Tweets published"],
    "views": ["impressions"],
    "engagements": ["engagements"],
    "likes": ["likes"],
    # X replies are the platform's comments; ACCOUNT_METRICS has no 'replies'.
    "comments": ["replies"],
    "profile_visits": ["user profile clicks"],
    "link_clicks": ["url clicks"],
    "follows": ["follows"],
    # 'retweets' has no ACCOUNT_METRICS slot ('shares' means something else on X).
    IGNORED: ["retweets"] + [n for n in _LEGACY_IGNORED_BASE if n != "engagements"] + _LEGACY_PROMOTED,
}
_LEGACY_DAILY_STORED = (
    "posts_published",
    "views",
    "engagements",
    "likes",
    "comments",
    "profile_visits",
    "link_clicks",
    "follows",
)

_LEGACY_POST_NAME = re.compile(
    r"^tweet_activity_metrics_.+_(?P<start>\d{8})_(?P<end>\d{8})_[A-Za-z-]+(?: \(\d+\))?\.csv$"
)


def _detect_legacy_posts(sniff: Sniff) -> bool:
    header = _header_row(sniff)
    return (
        header is not None
        and bool(header)
        and HeaderMap(header, LEGACY_POST_ALIASES).matches(["post_id", "link", "text", "time"])
    )


def _detect_legacy_daily(sniff: Sniff) -> bool:
    header = _header_row(sniff)
    return (
        header is not None
        and bool(header)
        and HeaderMap(header, LEGACY_DAILY_ALIASES).matches(["day", "posts_published", "views"])
    )


def parse_legacy_posts(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Posts and metric snapshots from ``tweet_activity_metrics_*.csv``.

    captured_at: the file has no export date; X names the file after its range, so
    the snapshot is taken as midnight UTC after the range end
    (``..._20211101_20211201_en.csv`` -> 2021-12-02 00:00); a renamed file falls back
    to its modification time.
    """
    kind = "x_tweet_activity"
    named_end = _default_name_end(source, _LEGACY_POST_NAME)
    captured_at = named_end or source.modified_at()
    latest = latest_time(named_end, ctx.imported_at)
    captions = TextLimit(source, PLATFORM, "post text", kept=X_EXPORT_TEXT_KEPT)
    rows = csv_rows(source)
    try:
        data = skip_blank(iter(rows))
        _, header, skipped = _read_header(source, data, LEGACY_POST_ALIASES, ["post_id", "text", "time"], ctx)
        metrics = _metric_columns(header, _LEGACY_STORED)
        if skipped:
            yield _skipped_notice(source, skipped)
        for line, row in data:
            _check_width(source, line, header, row)
            post_id = _post_id(source, line, header, row)
            permalink, handle = _permalink(source, line, header, row, post_id)
            stamp = (header.get(row, "time") or "").strip()
            try:
                stated = to_naive_utc(datetime.strptime(stamp, "%Y-%m-%d %H:%M %z"))
            except ValueError:
                raise _cell_error(
                    source,
                    line,
                    header,
                    "time",
                    f"{stamp!r} is not a time",
                    "a time like '2021-11-30 16:00 +0000'",
                ) from None
            published_at = _published_at(post_id, stated, timedelta(minutes=1))
            _check_time(
                source,
                line,
                header.column("time"),
                published_at,
                latest,
                stamp,
                "a time like '2021-11-30 16:00 +0000'",
            )
            yield from _post_row(
                source, ctx, line, header, row, post_id, published_at, permalink, handle, captions
            )
            yield MetricSnapshotRecord(
                PLATFORM, post_id, captured_at, kind, _metric_values(source, line, header, row, metrics)
            )
        if notice := captions.notice():
            yield notice
    finally:
        rows.close()


def _post_row(
    source: ExportSource,
    ctx: ParseContext,
    line: int,
    header: HeaderMap,
    row: Sequence[str],
    post_id: str,
    published_at: datetime,
    permalink: str | None,
    handle: str | None,
    captions: TextLimit,
) -> Iterator[Record]:
    """The post of one analytics CSV row (legacy and Premium exports share the shape)."""
    text = html.unescape(header.get(row, "text") or "") or None
    if text is not None:
        text = captions(text, line, header.column("text"))
    account = AccountRef(PLATFORM, handle=handle) if handle else _context_account(source, ctx)
    yield PostRecord(
        platform=PLATFORM,
        platform_post_id=post_id,
        account=account,
        published_at=published_at,
        type=_post_type(text),
        caption=text,
        permalink=permalink,
    )


def parse_legacy_daily(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """One account snapshot per day from ``daily_tweet_activity_metrics_*.csv``.

    The file does not name its account (only its default file name does, which may
    have been changed), so the account comes from ``--account``. Each row is its own
    day, so no separate snapshot time is needed.
    """
    kind = "x_daily_tweet_activity"
    account = _context_account(source, ctx)
    rows = csv_rows(source)
    try:
        data = skip_blank(iter(rows))
        _, header, skipped = _read_header(source, data, LEGACY_DAILY_ALIASES, ["day"], ctx)
        metrics = _metric_columns(header, _LEGACY_DAILY_STORED)
        if skipped:
            yield _skipped_notice(source, skipped)
        for line, row in data:
            _check_width(source, line, header, row)
            text = (header.get(row, "day") or "").strip()
            try:
                day = date.fromisoformat(text)
            except ValueError:
                raise _cell_error(
                    source, line, header, "day", f"{text!r} is not a date", "a date like '2021-08-01'"
                ) from None
            values = _metric_values(source, line, header, row, metrics)
            yield AccountSnapshotRecord(account, day, kind, values)  # type: ignore[arg-type]
    finally:
        rows.close()


# --- 3b. X Premium analytics (client-generated CSVs) -------------------------------------

# Per UI language: canonical field -> labels. en, id and ja Gen-1 labels are verbatim
# from X's i18n bundles (FORMATS.md §3b). Gen 2 added new keys for 'Post Link' and
# 'Shares' and hard-coded 'Detail Expands', 'URL Clicks', 'Hashtag Clicks',
# 'Permalink Clicks' in English, so every language also accepts those (the English
# table is always merged in). Labels marked UNVERIFIED are our best reading of X's
# UI wording in that language; no real file or bundle confirmed them.
_CONTENT_EN = {
    "post_id": ["Post id"],
    "date": ["Date"],
    "text": ["Post text"],
    "link": ["Link", "Post Link"],
    "views": ["Impressions"],
    "likes": ["Likes"],
    "engagements": ["Engagements"],
    "bookmarks": ["Bookmarks"],
    "shares": ["Share", "Shares"],
    "follows": ["New follows"],
    "replies": ["Replies"],
    "reposts": ["Reposts"],
    "profile_visits": ["Profile visits"],
    "detail_expands": ["Detail expands"],
    "link_clicks": ["Url clicks"],
    "hashtag_clicks": ["Hashtag clicks"],
    "permalink_clicks": ["Permalink clicks"],
    # overview only
    "unfollows": ["Unfollows"],
    "posts_published": ["Create Post"],
    "video_views": ["Video views"],
    "media_views": ["Media views"],
}
_CONTENT_ID = {  # verbatim Gen 1; Gen-2 'Post Link'/'Shares' and overview-only labels UNVERIFIED
    "post_id": ["ID postingan"],
    "date": ["Tanggal"],
    "text": ["Teks postingan"],
    "link": ["Tautan", "Tautan postingan"],
    "views": ["Tayangan"],
    "likes": ["Suka"],
    "engagements": ["Engagement"],
    "bookmarks": ["Markah"],
    "shares": ["Bagikan", "Dibagikan"],
    "follows": ["Pengikut baru"],
    "replies": ["Balasan"],
    "reposts": ["Posting ulang"],
    "profile_visits": ["Kunjungan profil"],
    "detail_expands": ["Perluasan detail"],
    "link_clicks": ["Klik URL"],
    "hashtag_clicks": ["Klik hashtag"],
    "permalink_clicks": ["Klik permalink"],
    "unfollows": ["Berhenti mengikuti"],
    "posts_published": ["Buat postingan"],
    "video_views": ["Tayangan video"],
    "media_views": ["Tayangan media"],
}
_CONTENT_JA = {  # verbatim Gen 1; Gen-2 'ポストのリンク', '共有された回数', 'パーマリンクのクリック数' from a third-party fixture; overview-only UNVERIFIED
    "post_id": ["ポストID"],
    "date": ["日付"],
    "text": ["ポスト本文"],
    "link": ["リンク", "ポストのリンク"],
    "views": ["インプレッション数"],
    "likes": ["いいね"],
    "engagements": ["エンゲージメント"],
    "bookmarks": ["ブックマーク"],
    "shares": ["共有", "共有された回数"],
    "follows": ["新しいフォロー"],
    "replies": ["返信"],
    "reposts": ["リポスト"],
    "profile_visits": ["プロフィールへのアクセス数"],
    "detail_expands": ["詳細のクリック数"],
    "link_clicks": ["URLのクリック数"],
    "hashtag_clicks": ["ハッシュタグのクリック数"],
    "permalink_clicks": ["固定リンクのクリック数", "パーマリンクのクリック数"],
    "unfollows": ["フォロー解除"],
    "posts_published": ["ポストを作成"],
    "video_views": ["動画の再生数"],
    "media_views": ["メディアの再生数"],
}
_CONTENT_ES = {  # UNVERIFIED
    "post_id": ["ID del post", "ID de la publicación"],
    "date": ["Fecha"],
    "text": ["Texto del post", "Texto de la publicación"],
    "link": ["Enlace", "Enlace del post"],
    "views": ["Impresiones"],
    "likes": ["Me gusta"],
    "engagements": ["Interacciones"],
    "bookmarks": ["Elementos guardados", "Guardados"],
    "shares": ["Compartir", "Veces compartido"],
    "follows": ["Nuevos seguidores", "Nuevos seguimientos"],
    "replies": ["Respuestas"],
    "reposts": ["Reposts", "Reposteos"],
    "profile_visits": ["Visitas al perfil"],
    "detail_expands": ["Expansiones de detalles"],
    "link_clicks": ["Clics en URL", "Clics en el enlace"],
    "hashtag_clicks": ["Clics en hashtags", "Clics en el hashtag"],
    "permalink_clicks": ["Clics en el enlace permanente"],
    "unfollows": ["Dejaron de seguirte", "Dejar de seguir"],
    "posts_published": ["Crear post"],
    "video_views": ["Reproducciones de video", "Visualizaciones de video"],
    "media_views": ["Visualizaciones de contenido multimedia"],
}
_CONTENT_PT = {  # UNVERIFIED (pt-BR wording)
    "post_id": ["ID do post"],
    "date": ["Data"],
    "text": ["Texto do post"],
    "link": ["Link", "Link do post"],
    "views": ["Impressões"],
    "likes": ["Curtidas"],
    "engagements": ["Engajamentos"],
    "bookmarks": ["Itens salvos"],
    "shares": ["Compartilhar", "Compartilhamentos"],
    "follows": ["Novos seguidores"],
    "replies": ["Respostas"],
    "reposts": ["Reposts"],
    "profile_visits": ["Visitas ao perfil"],
    "detail_expands": ["Expansões de detalhes"],
    "link_clicks": ["Cliques em URL", "Cliques no link"],
    "hashtag_clicks": ["Cliques em hashtags", "Cliques na hashtag"],
    "permalink_clicks": ["Cliques no link permanente"],
    "unfollows": ["Deixaram de seguir"],
    "posts_published": ["Criar post"],
    "video_views": ["Visualizações de vídeo"],
    "media_views": ["Visualizações de mídia"],
}
_CONTENT_DE = {  # UNVERIFIED
    "post_id": ["Post-ID"],
    "date": ["Datum"],
    "text": ["Post-Text"],
    "link": ["Link", "Post-Link"],
    "views": ["Impressionen"],
    "likes": ["Gefällt mir", "„Gefällt mir“-Angaben", "Likes"],
    "engagements": ["Interaktionen"],
    "bookmarks": ["Lesezeichen"],
    "shares": ["Teilen", "Geteilt"],
    "follows": ["Neue Follower", "Neue Follows"],
    "replies": ["Antworten"],
    "reposts": ["Reposts"],
    "profile_visits": ["Profilbesuche"],
    "detail_expands": ["Detailerweiterungen", "Erweiterte Details"],
    "link_clicks": ["URL-Klicks"],
    "hashtag_clicks": ["Hashtag-Klicks"],
    "permalink_clicks": ["Permalink-Klicks"],
    "unfollows": ["Entfolgt", "Nicht mehr gefolgt"],
    "posts_published": ["Post erstellen"],
    "video_views": ["Videoaufrufe"],
    "media_views": ["Medienaufrufe"],
}
_CONTENT_FR = {  # UNVERIFIED
    "post_id": ["ID du post"],
    "date": ["Date"],
    "text": ["Texte du post"],
    "link": ["Lien", "Lien du post"],
    "views": ["Impressions"],
    "likes": ["J'aime", "J’aime"],
    "engagements": ["Engagements"],
    "bookmarks": ["Signets"],
    "shares": ["Partager", "Partages"],
    "follows": ["Nouveaux abonnements", "Nouveaux abonnés"],
    "replies": ["Réponses"],
    "reposts": ["Reposts"],
    "profile_visits": ["Visites du profil"],
    "detail_expands": ["Affichages des détails", "Développements des détails"],
    "link_clicks": ["Clics sur l'URL", "Clics sur l’URL", "Clics sur URL"],
    "hashtag_clicks": ["Clics sur le hashtag", "Clics sur les hashtags"],
    "permalink_clicks": ["Clics sur le permalien"],
    "unfollows": ["Désabonnements"],
    "posts_published": ["Créer un post"],
    "video_views": ["Vues de vidéos"],
    "media_views": ["Vues de médias"],
}
_CONTENT_KO = {  # UNVERIFIED
    "post_id": ["게시물 ID"],
    "date": ["날짜"],
    "text": ["게시물 텍스트"],
    "link": ["링크", "게시물 링크"],
    "views": ["노출수"],
    "likes": ["마음에 들어요"],
    "engagements": ["참여수"],
    "bookmarks": ["북마크"],
    "shares": ["공유", "공유 횟수"],
    "follows": ["새 팔로우", "새 팔로워"],
    "replies": ["답글"],
    "reposts": ["재게시"],
    "profile_visits": ["프로필 방문수"],
    "detail_expands": ["세부정보 확장", "상세 보기 클릭수"],
    "link_clicks": ["URL 클릭수"],
    "hashtag_clicks": ["해시태그 클릭수"],
    "permalink_clicks": ["고유 링크 클릭수"],
    "unfollows": ["언팔로우"],
    "posts_published": ["게시하기"],
    "video_views": ["동영상 조회수"],
    "media_views": ["미디어 조회수"],
}
_CONTENT_TR = {  # UNVERIFIED
    "post_id": ["Gönderi kimliği", "Gönderi ID"],
    "date": ["Tarih"],
    "text": ["Gönderi metni"],
    "link": ["Bağlantı", "Gönderi bağlantısı"],
    "views": ["Gösterimler", "Gösterim"],
    "likes": ["Beğeniler", "Beğeni"],
    "engagements": ["Etkileşimler", "Etkileşim"],
    "bookmarks": ["Yer İşaretleri"],
    "shares": ["Paylaş", "Paylaşımlar"],
    "follows": ["Yeni takipler", "Yeni takipçiler"],
    "replies": ["Yanıtlar"],
    "reposts": ["Yeniden gönderiler"],
    "profile_visits": ["Profil ziyaretleri"],
    "detail_expands": ["Ayrıntı genişletmeleri"],
    "link_clicks": ["URL tıklamaları"],
    "hashtag_clicks": ["Hashtag tıklamaları"],
    "permalink_clicks": ["Kalıcı bağlantı tıklamaları"],
    "unfollows": ["Takibi bırakmalar"],
    "posts_published": ["Gönderi oluştur"],
    "video_views": ["Video görüntülemeleri"],
    "media_views": ["Medya görüntülemeleri"],
}
_GEN2_ENGLISH = {  # hard-coded in the June-2025 bundle whatever the UI language
    "detail_expands": ["Detail Expands"],
    "link_clicks": ["URL Clicks"],
    "hashtag_clicks": ["Hashtag Clicks"],
    "permalink_clicks": ["Permalink Clicks"],
}
CONTENT_LABELS: dict[str, dict[str, list[str]]] = {
    "en": _CONTENT_EN,
    "id": _CONTENT_ID,
    "ja": _CONTENT_JA,
    "es": _CONTENT_ES,
    "pt": _CONTENT_PT,
    "de": _CONTENT_DE,
    "fr": _CONTENT_FR,
    "ko": _CONTENT_KO,
    "tr": _CONTENT_TR,
}


def _merge(tables: Sequence[Mapping[str, Sequence[str]]], fields: Mapping[str, str]) -> dict[str, list[str]]:
    """One alias table over all languages, renaming fields (unlisted ones are known-ignored)."""
    merged: dict[str, list[str]] = {}
    for table in tables:
        for field, labels in table.items():
            target = fields.get(field, IGNORED)
            merged.setdefault(target, []).extend(labels)
    return merged


_CONTENT_FIELDS = {
    "post_id": "post_id",
    "date": "date",
    "text": "text",
    "link": "link",
    "views": "views",
    "likes": "likes",
    "bookmarks": "bookmarks",
    "shares": "shares",
    "follows": "follows",
    "replies": "replies",
    "reposts": "reposts",
    "profile_visits": "profile_visits",
    "link_clicks": "link_clicks",
    # engagements, detail expands, hashtag and permalink clicks: known, not stored
}
_OVERVIEW_FIELDS = {
    "date": "day",
    "views": "views",
    "likes": "likes",
    "engagements": "engagements",
    "shares": "shares",
    "follows": "follows",
    "unfollows": "unfollows",
    "comments": "comments",
    "profile_visits": "profile_visits",
    "posts_published": "posts_published",
    # bookmarks, reposts, video and media views: ACCOUNT_METRICS has no slot for them
}
_ALL_LANGUAGES = [*CONTENT_LABELS.values(), _GEN2_ENGLISH]
_CONTENT_ONLY = {"unfollows", "posts_published", "video_views", "media_views"}
CONTENT_ALIASES = _merge(
    [{f: v for f, v in t.items() if f not in _CONTENT_ONLY} for t in _ALL_LANGUAGES], _CONTENT_FIELDS
)
# The overview's Date header is the literal 'Date' in every language (FORMATS.md §3b);
# its replies are the account's comments (ACCOUNT_METRICS has no 'replies').
OVERVIEW_ALIASES = _merge(
    [
        {
            ("comments" if f == "replies" else f): v
            for f, v in t.items()
            if f
            not in {
                "post_id",
                "text",
                "link",
                "date",
                "detail_expands",
                "link_clicks",
                "hashtag_clicks",
                "permalink_clicks",
            }
        }
        for t in _ALL_LANGUAGES
    ]
    + [{"date": ["Date"]}],
    _OVERVIEW_FIELDS,
)
_CONTENT_STORED = (
    "views",
    "likes",
    "bookmarks",
    "shares",
    "follows",
    "replies",
    "reposts",
    "profile_visits",
    "link_clicks",
)
_OVERVIEW_STORED = (
    "views",
    "likes",
    "engagements",
    "shares",
    "follows",
    "unfollows",
    "comments",
    "profile_visits",
    "posts_published",
)

_CONTENT_NAME = re.compile(
    r"^account_analytics_content_(?P<start>\d{4}-?\d{2}-?\d{2})_(?P<end>\d{4}-?\d{2}-?\d{2})(?: \(\d+\))?\.csv$"
)


@functools.lru_cache(maxsize=1024)  # a file repeats the same few dozen dates
def _parse_en_us_date(text: str) -> date:
    """Gen 1 'Thu Mar 20 2025' (toDateString) or Gen 2 'Mon, Oct 5, 2026'; always en-US."""
    for pattern in ("%a %b %d %Y", "%a, %b %d, %Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            pass
    raise ValueError(text)


def _detect_content(sniff: Sniff) -> bool:
    header = _header_row(sniff)
    return (
        header is not None
        and bool(header)
        and HeaderMap(header, CONTENT_ALIASES).matches(["post_id", "date", "text", "link", "views"])
    )


def _detect_overview(sniff: Sniff) -> bool:
    header = _header_row(sniff)
    if not header or normalise_header(header[0]) != "date":
        return False
    return HeaderMap(header, OVERVIEW_ALIASES).matches(["day", "views", "follows", "unfollows"])


def parse_content(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Posts and metric snapshots from ``account_analytics_content_*.csv`` (Gen 1 and 2).

    published_at is the snowflake time of the post id (the Date column has no time
    and, in Gen 1, is the browser's local date; it only cross-checks the id).
    captured_at: no export time in the content, so midnight UTC after the range end
    of the default file name ``account_analytics_content_<from>_<to>.csv``, else the
    file's modification time. Gen-2 texts are cut at ~280 characters; they are yielded
    as they are and the store keeps the longest caption it has seen.
    """
    kind = "x_content"
    named_end = _default_name_end(source, _CONTENT_NAME)
    captured_at = named_end or source.modified_at()
    latest = latest_time(named_end, ctx.imported_at)
    captions = TextLimit(source, PLATFORM, "post text", kept=X_EXPORT_TEXT_KEPT)
    junk: list[int] = []
    rows = csv_rows(source)
    try:
        data = skip_blank(iter(rows))
        _, header, skipped = _read_header(source, data, CONTENT_ALIASES, ["post_id", "date", "link"], ctx)
        metrics = _metric_columns(header, _CONTENT_STORED)
        if skipped:
            yield _skipped_notice(source, skipped)
        for line, row in data:
            _check_width(source, line, header, row)
            if _is_junk(header, row):
                junk.append(line)
                continue
            post_id = _post_id(source, line, header, row)
            published_at = snowflake_time(post_id)
            if published_at is None:
                raise _cell_error(
                    source,
                    line,
                    header,
                    "post_id",
                    f"{post_id!r} is not an X post id",
                    "a 19-digit post id such as 1902620805600833905",
                )
            _check_time(
                source,
                line,
                header.column("post_id"),
                published_at,
                latest,
                post_id,
                "the id of a post published before the export (the id carries its time)",
            )
            stated = (header.get(row, "date") or "").strip()
            try:
                day = _parse_en_us_date(stated)
            except ValueError:
                raise _cell_error(
                    source,
                    line,
                    header,
                    "date",
                    f"{stated!r} is not a date",
                    "a date like 'Thu Mar 20 2025' or 'Mon, Oct 5, 2026'",
                ) from None
            # Gen 1 dates are in the exporting browser's zone: allow a day either way.
            if abs((day - published_at.date()).days) > 1:
                raise _cell_error(
                    source,
                    line,
                    header,
                    "date",
                    f"{stated!r} does not match post {post_id}, which was published on "
                    f"{published_at:%Y-%m-%d} (UTC)",
                    "the file exactly as exported (was the id or the date edited?)",
                )
            permalink, handle = _permalink(source, line, header, row, post_id)
            yield from _post_row(
                source, ctx, line, header, row, post_id, published_at, permalink, handle, captions
            )
            yield MetricSnapshotRecord(
                PLATFORM, post_id, captured_at, kind, _metric_values(source, line, header, row, metrics)
            )
        if junk:
            shown_rows = ", ".join(map(str, junk[:5])) + (", …" if len(junk) > 5 else "")
            yield Notice(
                f"{source.name}: skipped {len(junk):,} row(s) without a post (no post id, or a link "
                f"ending /status/undefined: X writes such rows for posts it no longer shows; rows {shown_rows})"
            )
        if notice := captions.notice():
            yield notice
    finally:
        rows.close()


def _is_junk(header: HeaderMap, row: Sequence[str]) -> bool:
    """A row X's exporter writes for a post it cannot show: no id, or an 'undefined' link."""
    post_id = header.get(row, "post_id") or ""
    if post_id.isdigit():  # nearly every row
        return False
    link = (header.get(row, "link") or "").strip()
    return post_id.strip().casefold() in ("", "undefined") or link.endswith("/status/undefined")


def parse_overview(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """One account snapshot per day from ``account_overview_analytics.csv``.

    Days are UTC dates (en-US, newest first). The file does not name its account.
    Each row is its own day, so no separate snapshot time is needed.
    """
    kind = "x_overview"
    account = _context_account(source, ctx)
    rows = csv_rows(source)
    try:
        data = skip_blank(iter(rows))
        _, header, skipped = _read_header(source, data, OVERVIEW_ALIASES, ["day"], ctx)
        metrics = _metric_columns(header, _OVERVIEW_STORED)
        if skipped:
            yield _skipped_notice(source, skipped)
        for line, row in data:
            _check_width(source, line, header, row)
            stated = (header.get(row, "day") or "").strip()
            try:
                day = _parse_en_us_date(stated)
            except ValueError:
                raise _cell_error(
                    source,
                    line,
                    header,
                    "day",
                    f"{stated!r} is not a date",
                    "a date like 'Fri, Mar 21, 2025'",
                ) from None
            values = _metric_values(source, line, header, row, metrics)
            yield AccountSnapshotRecord(account, day, kind, values)  # type: ignore[arg-type]
    finally:
        rows.close()


# --- 3c. data archive ------------------------------------------------------------------

_YTD = re.compile(r"^\s*window\.YTD\.(?P<name>\w+)\.part(?P<part>\d+)\s*=\s*\[")
_THAR = re.compile(r"^\s*window\.__THAR_CONFIG\s*=\s*\{")
_SPACE = re.compile(r"\s*")
_CHUNK = 1 << 20
_MAX_ENTRY = MAX_RECORD_CHARS  # one archive entry is a few KB; anything this big is a broken file
_MAX_NOTE_CHARS = 16 << 20  # 670 long posts at the full 25,000 characters


def _ytd_name(sniff: Sniff) -> str | None:
    match = _YTD.match(sniff.text)
    return match["name"] if match else None


def _detect_archive_tweets(sniff: Sniff) -> bool:
    return _ytd_name(sniff) in {"tweets", "tweet"}


def _detect_note_tweets(sniff: Sniff) -> bool:
    return _ytd_name(sniff) == "note_tweet"


def _detect_side_file(sniff: Sniff) -> bool:
    name = _ytd_name(sniff)
    return bool(_THAR.match(sniff.text)) or (
        name is not None and name not in {"tweets", "tweet", "note_tweet"}
    )


def iter_js_array(source: ExportSource, stream: IO[str]) -> Iterator[tuple[int, object]]:
    """(line, entry) for each element of ``window.YTD.<name>.partN = [ ... ]``.

    Decodes one entry at a time with ``JSONDecoder.raw_decode`` over a sliding
    buffer, so memory stays flat however big the archive is. Never evaluates JS.
    """
    decoder = json.JSONDecoder()
    buf, pos, line, eof = "", 0, 1, False

    def more() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        chunk = stream.read(_CHUNK)
        if not chunk:
            eof = True
            return False
        buf = buf[pos:] + chunk
        pos = 0
        return True

    def advance(to: int) -> None:
        nonlocal pos, line
        line += buf.count("\n", pos, to)
        pos = to

    def next_char(what: str) -> str:
        while True:
            advance(_SPACE.match(buf, pos).end())  # type: ignore[union-attr]
            if pos < len(buf):
                return buf[pos]
            if not more():
                raise ExportFormatError(
                    source.name,
                    f"the file ends before {what}",
                    row=line,
                    expected="the complete file from the archive (re-extract or re-download it)",
                )

    while "=" not in buf:
        if not more():
            raise ExportFormatError(
                source.name, "no 'window.YTD… =' line", row=1, expected="a file from an X archive"
            )
    advance(buf.index("=") + 1)
    if next_char("the opening '['") != "[":
        raise ExportFormatError(
            source.name, "the data is not a list", row=line, expected="'= [' after window.YTD…"
        )
    advance(pos + 1)
    count = 0
    while True:
        char = next_char("the closing ']'")
        if char == "]":
            advance(pos + 1)
            rest = buf[pos:] + stream.read(4096)
            if rest.strip().strip(";").strip():
                raise ExportFormatError(
                    source.name,
                    "text after the closing ']'",
                    row=line,
                    expected="the file exactly as in the archive",
                )
            return
        if count:
            if char != ",":
                raise ExportFormatError(
                    source.name,
                    f"broken JSON (expected ',' between entries, found {char!r})",
                    row=line,
                    expected="the file exactly as in the archive",
                )
            advance(pos + 1)
            next_char("the next entry")
        while True:
            try:
                entry, end = decoder.raw_decode(buf, pos)
                break
            except json.JSONDecodeError as exc:
                if len(buf) - pos > _MAX_ENTRY or not more():
                    at = line + buf.count("\n", pos, exc.pos)
                    truncated = eof and not buf.rstrip().rstrip(";").endswith("]")
                    reason = (
                        f"the file ends inside entry {count + 1}"
                        if truncated
                        else f"broken JSON in entry {count + 1} ({exc.msg})"
                    )
                    raise ExportFormatError(
                        source.name,
                        reason,
                        row=at,
                        expected="the complete file from the archive (re-extract or re-download it)",
                    ) from None
        count += 1
        yield line, entry
        advance(end)


def _sibling(source: ExportSource, name: str) -> ExportSource | None:
    """A file in the same folder, or the same folder of the same ZIP."""
    if source.member is None:
        candidate = source.path.parent / name
        return ExportSource(candidate) if candidate.is_file() else None
    member = posixpath.join(posixpath.dirname(source.member), name)
    with zipfile.ZipFile(source.path) as archive:
        return ExportSource(source.path, member) if member in archive.namelist() else None


@dataclass(frozen=True)
class _Manifest:
    account: AccountRef | None
    generated_at: datetime | None


def _read_manifest(source: ExportSource) -> _Manifest:
    with open_text(source) as stream:
        text = stream.read(MAX_RECORD_CHARS + 1)
    if len(text) > MAX_RECORD_CHARS:
        raise ExportFormatError(
            source.name,
            f"the manifest is longer than {MAX_RECORD_CHARS:,} characters",
            expected="manifest.js as in the archive (a few KB)",
        )
    try:
        data = json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))
    except (ValueError, json.JSONDecodeError):
        raise ExportFormatError(
            source.name, "broken manifest", expected="'window.__THAR_CONFIG = {…}' as in the archive"
        ) from None
    user = data.get("userInfo") or {}
    handle = _handle(user.get("userName"))
    account = (
        AccountRef(
            PLATFORM,
            handle=handle,
            platform_account_id=user.get("accountId"),
            display_name=user.get("displayName"),
        )
        if handle
        else None
    )
    stamp = (data.get("archiveInfo") or {}).get("generationDate")
    generated_at = None
    if stamp:
        try:
            generated_at = to_naive_utc(datetime.fromisoformat(stamp))
        except ValueError:
            raise ExportFormatError(
                source.name,
                f"{stamp!r} is not a time",
                column="archiveInfo.generationDate",
                expected="an ISO time like '2024-11-10T10:20:30.123Z'",
            ) from None
    return _Manifest(account, generated_at)


@dataclass(frozen=True)
class _Note:
    created_ms: int
    text: str


def _read_notes(source: ExportSource) -> list[_Note]:
    """Long-post texts from note-tweet.js (a handful per account; kept in memory, so
    their total is bounded: each at X's 25,000 characters, all at _MAX_NOTE_CHARS)."""
    notes = []
    total = 0
    with open_text(source) as stream:
        for line, entry in iter_js_array(source, stream):
            note = entry.get("noteTweet", entry) if isinstance(entry, dict) else None
            core = note.get("core") if isinstance(note, dict) else None
            stamp = note.get("createdAt") if isinstance(note, dict) else None
            if (
                not isinstance(core, dict)
                or not isinstance(core.get("text"), str)
                or not isinstance(stamp, str)
            ):
                raise ExportFormatError(
                    source.name,
                    "a note without createdAt or core.text",
                    row=line,
                    expected='{"noteTweet": {"createdAt": "…", "core": {"text": "…"}}}',
                )
            try:
                moment = to_naive_utc(datetime.fromisoformat(stamp))
            except ValueError:
                raise ExportFormatError(
                    source.name,
                    f"{stamp!r} is not a time",
                    row=line,
                    column="createdAt",
                    expected="an ISO time like '2023-10-13T14:58:50.000Z'",
                ) from None
            text = html.unescape(core["text"])[: TEXT_KEPT[PLATFORM]]
            total += len(text)
            if total > _MAX_NOTE_CHARS:
                raise ExportFormatError(
                    source.name,
                    f"the long-post texts add up to more than {_MAX_NOTE_CHARS:,} characters",
                    row=line,
                    expected="note-tweet.js as in the archive (an account's long posts, a few MB at most)",
                )
            notes.append(_Note((moment - _EPOCH) // timedelta(milliseconds=1), text))
    notes.sort(key=lambda n: n.created_ms)
    return notes


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b):
        if x != y:
            break
        size += 1
    return size


_CUT_TAIL = re.compile(r"\s*…?\s*(?:https://t\.co/\w+)?\s*$")  # '… https://t.co/x' after a cut


def _full_text(text: str, published_at: datetime, notes: list[_Note]) -> str:
    """The note's full text for a post cut at ~280 characters, if one matches.

    A note's id is not the post's id and its time is a few ms earlier: match by the
    nearest time within 1 s; posts of a thread can share a second, so among several
    candidates prefer the one whose text starts like the cut text.
    """
    if not notes:
        return text
    ms = (published_at - _EPOCH) // timedelta(milliseconds=1)
    # notes are sorted by time: look only at the ones within a second
    first = bisect.bisect_left(notes, ms - 1000, key=lambda n: n.created_ms)
    last = bisect.bisect_right(notes, ms + 1000, key=lambda n: n.created_ms)
    candidates = notes[first:last]
    if not candidates:
        return text
    stem = _CUT_TAIL.sub("", text)
    best = max(candidates, key=lambda n: (_common_prefix(stem, n.text), -abs(n.created_ms - ms)))
    # A short post of the same thread can share the second: it must start like the note.
    if _common_prefix(stem, best.text) < min(len(stem), 30) or len(best.text) <= len(text):
        return text
    return best.text


def _archive_type(tweet: Mapping[str, object], text: str) -> str:
    if text.startswith("RT @"):
        return "repost"
    if tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id"):
        return "reply"
    media = ((tweet.get("extended_entities") or tweet.get("entities") or {}) or {}).get("media") or []  # type: ignore[attr-defined]
    kinds = [m.get("type") for m in media if isinstance(m, dict)]
    if any(k in {"video", "animated_gif"} for k in kinds):
        return "video"
    if len(kinds) > 1:
        return "carousel"
    if kinds:
        return "image"
    return "text"


def _count(source: ExportSource, line: int, tweet: Mapping[str, object], key: str) -> int | None:
    return check_count(source, tweet.get(key), row=line, column=key)


def parse_archive_tweets(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Posts and like/repost snapshots from an archive's tweets.js (any vintage).

    captured_at: the archive's generation date from manifest.js beside the file (the
    counts are as of that moment), else the file's modification time. The account is
    the manifest's user, else ``--account``. Reposts (``RT @…``) get a post record but
    no snapshot: their counts in the archive are always 0 and belong to no one.
    """
    kind = "x_archive_tweets"
    manifest_source = _sibling(source, "manifest.js")
    manifest = _read_manifest(manifest_source) if manifest_source else _Manifest(None, None)
    account = manifest.account or _context_account(source, ctx)
    captured_at = manifest.generated_at or source.modified_at()
    latest = latest_time(manifest.generated_at, ctx.imported_at)
    captions = TextLimit(source, PLATFORM, "post text")
    notes_source = _sibling(source, "note-tweet.js")
    notes = _read_notes(notes_source) if notes_source else []
    with open_text(source) as stream:
        try:
            for line, entry in iter_js_array(source, stream):
                tweet = entry.get("tweet", entry) if isinstance(entry, dict) else None
                if not isinstance(tweet, dict):
                    raise ExportFormatError(
                        source.name, "an entry is not an object", row=line, expected='{"tweet": {…}} entries'
                    )
                post_id = str(tweet.get("id_str") or tweet.get("id") or "")
                if not numeric_id(post_id):
                    raise ExportFormatError(
                        source.name,
                        f"{shown(post_id)} is not an X post id",
                        row=line,
                        column="id_str",
                        expected='a post id of digits such as "1855247813062660423"',
                    )
                stamp = str(tweet.get("created_at") or "")
                try:
                    stated = to_naive_utc(datetime.strptime(stamp, "%a %b %d %H:%M:%S %z %Y"))
                except ValueError:
                    raise ExportFormatError(
                        source.name,
                        f"{stamp!r} is not a time",
                        row=line,
                        column="created_at",
                        expected="a time like 'Sat Nov 09 12:14:18 +0000 2024'",
                    ) from None
                published_at = _published_at(post_id, stated, timedelta(seconds=1))
                _check_time(
                    source,
                    line,
                    "created_at",
                    published_at,
                    latest,
                    stamp,
                    "a time like 'Sat Nov 09 12:14:18 +0000 2024', before the archive was made",
                )
                text = html.unescape(str(tweet.get("full_text") or tweet.get("text") or ""))
                text = captions(_full_text(text, published_at, notes), line, "full_text") or ""
                post_type = _archive_type(tweet, text)
                lang = tweet.get("lang")
                yield PostRecord(
                    platform=PLATFORM,
                    platform_post_id=post_id,
                    account=account,
                    published_at=published_at,
                    type=post_type,
                    caption=text or None,
                    permalink=f"https://x.com/{account.handle}/status/{post_id}",
                    language=lang
                    if isinstance(lang, str) and lang not in {"und", "zxx", "qme", "qst"}
                    else None,
                )
                if post_type != "repost":
                    values = {
                        "likes": _count(source, line, tweet, "favorite_count"),
                        "reposts": _count(source, line, tweet, "retweet_count"),
                    }
                    yield MetricSnapshotRecord(PLATFORM, post_id, captured_at, kind, values)
            if notice := captions.notice():
                yield notice
        except UnicodeDecodeError:
            raise ExportFormatError(
                source.name,
                "the text is not valid UTF-8",
                expected="the file exactly as in the archive, not re-saved in another encoding",
            ) from None


def parse_note_tweets(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    yield Notice(
        f"{source.name}: long-post texts; merged into tweets.js when imported together "
        "(same folder or ZIP), nothing to import on its own"
    )


def parse_side_file(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    with source.open_binary() as stream:
        head = stream.read(4096).decode("utf-8", "replace")
    match = _YTD.match(head)
    what = f"'{match['name']}' data" if match else "the archive manifest"
    yield Notice(f"{source.name}: X archive file with {what}; nothing outreach imports from it, skipped")


KINDS: list[ExportKind] = [
    ExportKind(
        "x_tweet_activity",
        PLATFORM,
        "X legacy tweet activity export, per post (tweet_activity_metrics_*.csv)",
        _detect_legacy_posts,
        parse_legacy_posts,
        example='"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","engagement rate","retweets","replies","likes" tweet_activity_metrics',
    ),
    ExportKind(
        "x_daily_tweet_activity",
        PLATFORM,
        "X legacy tweet activity export, per day (daily_tweet_activity_metrics_*.csv)",
        _detect_legacy_daily,
        parse_legacy_daily,
        example='"Date","Tweets published","impressions","engagements","engagement rate","retweets","replies","likes" daily_tweet_activity_metrics',
    ),
    ExportKind(
        "x_content",
        PLATFORM,
        "X Premium analytics content export (account_analytics_content_*.csv)",
        _detect_content,
        parse_content,
        example="Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,Reposts,Profile visits account_analytics_content",
    ),
    ExportKind(
        "x_overview",
        PLATFORM,
        "X Premium analytics overview export (account_overview_analytics.csv)",
        _detect_overview,
        parse_overview,
        example="Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,Profile visits,Create Post,Video views,Media views account_overview_analytics",
    ),
    ExportKind(
        "x_archive_tweets",
        PLATFORM,
        "X data archive posts (data/tweets.js)",
        _detect_archive_tweets,
        parse_archive_tweets,
        example='window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1", "full_text": "", "created_at": ""}} tweets js archive',
    ),
    ExportKind(
        "x_archive_note_tweets",
        PLATFORM,
        "X data archive long-post texts (data/note-tweet.js)",
        _detect_note_tweets,
        parse_note_tweets,
        example="window.YTD.note_tweet.part0 = [ noteTweet core text js archive",
    ),
    ExportKind(
        "x_archive_side_file",
        PLATFORM,
        "X data archive side file (manifest.js, account.js, …)",
        _detect_side_file,
        parse_side_file,
        example="window.YTD.account.part0 window.__THAR_CONFIG manifest js archive",
    ),
]

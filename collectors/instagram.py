"""Instagram exports: see ../shared/FORMATS.md §1a, §1a', §1c.

Four kinds of file, all recognised by their content:

- ``meta_content`` / ``meta_stories``: Meta Business Suite "Content" exports (UTF-8 BOM,
  LF, Meta's minimal quoting, multi-line captions), one row per post or story, in the
  UI language of whoever exported it.
- ``meta_account_metric``: per-metric account series (UTF-16LE, ``sep=,`` preamble,
  title line, ``"Date","Primary"``).
- ``meta_audience``: ``Audience.csv``, several small tables in one UTF-16LE file.
- ``instagram_dyi_posts``: "Download your information" JSON (posts, reels, stories).
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from collectors import ExportKind, ParseContext, Sniff
from collectors.errors import ExportFormatError, shown
from collectors.exportfile import (
    EARLIEST,
    MAX_RECORD_CHARS,
    ExportSource,
    HeaderMap,
    TextLimit,
    cell_number,
    check_short_cells,
    check_unknown_columns,
    csv_rows,
    latest_time,
    normalise_header,
    numeric_id,
    open_text,
    parse_count,
    parse_number,
    repair_mojibake,
    resaved_line,
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

PLATFORM = "instagram"
# Meta writes "Publish time" in Pacific time whatever the account's or exporter's zone
# (FORMATS.md §1a, decoded from permalink shortcodes).
META_ZONE = ZoneInfo("America/Los_Angeles")

NO_ACCOUNT_REASON = "the file does not say which account it belongs to"
NO_ACCOUNT_EXPECTED = (
    "--account HANDLE on the command line, or the file kept in a folder named after the account"
)


# --- content and stories exports (§1a) -------------------------------------------

# Per UI language: canonical field -> header texts. English and Spanish (LatAm) are
# verbatim from real files; the Spain variants, Swedish and Portuguese come from
# third-party parsers; Indonesian is our best reading of Meta's Indonesian UI (no real
# file seen), so it carries variants.
CONTENT_ALIASES: dict[str, dict[str, list[str]]] = {
    "en": {
        "post_id": ["Post ID"],
        "account_id": ["Account ID"],
        "account_username": ["Account username"],
        "account_name": ["Account name"],
        "description": ["Description"],
        "duration": ["Duration (sec)", "Duration (secs)", "Duration (seconds)"],
        "publish_time": ["Publish time"],
        "permalink": ["Permalink"],
        "post_type": ["Post type"],
        "views": ["Views"],
        "impressions": ["Impressions"],
        "plays": ["Plays"],
        "reach": ["Reach"],
        "likes": ["Likes"],
        "shares": ["Shares"],
        "follows": ["Follows"],
        "comments": ["Comments"],
        "saves": ["Saves"],
        "profile_visits": ["Profile visits"],
        "replies": ["Replies"],
        "link_clicks": ["Link clicks"],
        # understood, not stored
        "data_comment": ["Data comment"],
        "date": ["Date"],  # the constant "Lifetime", not a date
        "sticker_taps": ["Sticker taps"],
        "navigation": ["Navigation"],
    },
    "es": {
        "post_id": ["Identificador de la publicación"],
        "account_id": ["Identificador de la cuenta"],
        "account_username": ["Nombre de usuario de la cuenta"],
        "account_name": ["Nombre de la cuenta"],
        "description": ["Descripción"],
        "duration": ["Duración (segundos)", "Duración (s)"],
        "publish_time": ["Hora de publicación"],
        "permalink": ["Enlace permanente"],
        "post_type": ["Tipo de publicación"],
        "views": ["Visualizaciones"],
        "impressions": ["Impresiones"],
        "plays": ["Reproducciones"],
        "reach": ["Alcance"],
        "likes": ["Me gusta"],
        "shares": ["Veces que se compartió", "Veces que se ha compartido"],
        "follows": ["Seguimientos", "Seguidores"],
        "comments": ["Comentarios"],
        "saves": ["Veces que se guardó", "Veces guardado", "Veces que se ha guardado"],
        "profile_visits": ["Visitas al perfil"],
        "replies": ["Respuestas"],
        "link_clicks": ["Clics en el enlace"],
        "data_comment": ["Comentario sobre los datos"],
        "date": ["Fecha"],
        "sticker_taps": ["Toques en stickers", "Toques en el sticker"],
        "navigation": ["Navegación"],
    },
    "pt": {
        "post_id": ["Identificação da publicação"],
        "account_id": ["Identificação da conta"],
        "account_username": ["Nome de usuário da conta"],
        "account_name": ["Nome da conta"],
        "description": ["Descrição"],
        "duration": ["Duração (s)", "Duração (segundos)"],
        "publish_time": ["Horário de publicação"],
        "permalink": ["Link permanente"],
        "post_type": ["Tipo de publicação"],
        "views": ["Visualizações"],
        "impressions": ["Impressões"],
        "reach": ["Alcance"],
        "likes": ["Curtidas"],
        "shares": ["Compartilhamentos"],
        "follows": ["Seguimentos"],
        "comments": ["Comentários"],
        "saves": ["Salvamentos"],
        "profile_visits": ["Visitas ao perfil"],
        "replies": ["Respostas"],
        "link_clicks": ["Cliques no link"],
        "data_comment": ["Comentário sobre os dados"],
        "date": ["Data"],
        "sticker_taps": ["Toques em figurinhas"],
        "navigation": ["Navegação"],
    },
    "sv": {
        "post_id": ["Publicerings-id"],
        "account_id": ["Konto-id"],
        "account_username": ["Kontots användarnamn"],
        "account_name": ["Kontonamn"],
        "description": ["Beskrivning"],
        "publish_time": ["Publiceringstid"],
        "permalink": ["Permalänk"],
        "post_type": ["Inläggstyp"],
        "views": ["Visningar"],
        "reach": ["Räckvidd"],
        "likes": ["Gilla-markeringar"],
        "shares": ["Delningar"],
        "follows": ["Följer"],
        "comments": ["Kommentarer"],
        "saves": ["Sparade objekt"],
    },
    "id": {
        "post_id": ["ID Postingan", "ID Kiriman", "ID Posting"],
        "account_id": ["ID Akun"],
        "account_username": ["Nama pengguna akun", "Nama pengguna"],
        "account_name": ["Nama akun"],
        "description": ["Deskripsi", "Keterangan"],
        "duration": ["Durasi (detik)", "Durasi (dtk)"],
        "publish_time": ["Waktu publikasi", "Waktu dipublikasikan", "Waktu terbit", "Waktu posting"],
        "permalink": ["Tautan permanen", "Permalink"],
        "post_type": ["Jenis postingan", "Jenis kiriman", "Tipe postingan"],
        "views": ["Tayangan", "Penayangan", "Dilihat"],
        "impressions": ["Impresi"],
        "plays": ["Pemutaran", "Putar"],
        "reach": ["Jangkauan"],
        "likes": ["Suka", "Menyukai"],
        "shares": ["Bagikan", "Dibagikan", "Dibagikan ulang", "Berbagi"],
        "follows": ["Ikuti", "Mengikuti", "Diikuti"],
        "comments": ["Komentar"],
        "saves": ["Simpan", "Disimpan"],
        "profile_visits": ["Kunjungan profil"],
        "replies": ["Balasan"],
        "link_clicks": ["Klik tautan"],
        "data_comment": ["Komentar data", "Komentar tentang data", "Catatan data"],
        "date": ["Tanggal"],
        "sticker_taps": ["Ketukan stiker"],
        "navigation": ["Navigasi"],
    },
}

# Metrics stored per post, from the file's own columns. Impressions/Plays are the
# pre-2024 names of Views (FORMATS.md §1a "Renaming over time").
CONTENT_METRICS = (
    "views",
    "reach",
    "likes",
    "shares",
    "follows",
    "comments",
    "saves",
    "profile_visits",
    "replies",
    "link_clicks",
)
STORIES_ONLY = ("replies", "sticker_taps", "navigation")
# Locales whose numbers look like 1.234 / 1.234,5 (and Swedish 1 234,5).
DECIMAL_COMMA_LANGUAGES = {"es", "pt", "sv", "id"}

# Post type values, normalised text -> our type. EN/ES verbatim from real files,
# the rest plausible localisations; anything else falls back to keyword matching.
POST_TYPES = {
    "ig image": "image",
    "ig carousel": "carousel",
    "ig reel": "reel",
    "ig story": "story",
    "ig video": "video",
    "imagen de instagram": "image",
    "secuencia de instagram": "carousel",
    "reel de instagram": "reel",
    "historia de instagram": "story",
    "video de instagram": "video",
    "gambar ig": "image",
    "gambar instagram": "image",
    "foto ig": "image",
    "carousel ig": "carousel",
    "korsel ig": "carousel",
    "carousel instagram": "carousel",
    "reel ig": "reel",
    "reels ig": "reel",
    "reel instagram": "reel",
    "cerita ig": "story",
    "story ig": "story",
    "cerita instagram": "story",
    "video ig": "video",
}
TYPE_KEYWORDS = (
    ("carousel", "carousel"),
    ("carrossel", "carousel"),
    ("secuencia", "carousel"),
    ("sequencia", "carousel"),
    ("korsel", "carousel"),
    ("karusell", "carousel"),
    ("album", "carousel"),
    ("reel", "reel"),
    ("story", "story"),
    ("stories", "story"),
    ("historia", "story"),
    ("cerita", "story"),
    ("storie", "story"),
    ("berattelse", "story"),
    ("video", "video"),
    ("image", "image"),
    ("imagen", "image"),
    ("imagem", "image"),
    ("gambar", "image"),
    ("foto", "image"),
    ("photo", "image"),
    ("bild", "image"),
)

_FILE_RANGE = re.compile(r"^(?:[A-Z][a-z]{2})-\d{1,2}-\d{4}_([A-Z][a-z]{2})-(\d{1,2})-(\d{4})_\d+\.csv$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_PUBLISH_TIME = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d", re.ASCII)


def _merged(tables: Mapping[str, Mapping[str, Sequence[str]]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for table in tables.values():
        for field, names in table.items():
            merged.setdefault(field, []).extend(names)
    return merged


CONTENT_FIELDS = _merged(CONTENT_ALIASES)


def header_language(header: Sequence[str], tables: Mapping[str, Mapping[str, Sequence[str]]]) -> str:
    """The UI language whose labels match most header cells (English on a tie)."""
    cells = {normalise_header(c) for c in header}
    best, score = "en", -1
    for language, table in tables.items():
        names = {normalise_header(n) for ns in table.values() for n in ns}
        hits = len(cells & names)
        if hits > score:
            best, score = language, hits
    return best


def _sniff_text(sniff: Sniff) -> str:
    """The decoded head; a BOM-less file re-saved as Latin-1 is still read as text so
    that its parser can say what is wrong with it instead of 'unknown file'."""
    if sniff.text:
        return sniff.text
    if sniff.head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return ""
    return sniff.head.decode("latin-1")


def _first_line(text: str) -> str:
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


def _delimiter(line: str) -> str:
    # The Portuguese sample seen is ';'-separated; real EN/ES files use ','.
    return ";" if line.count(";") > line.count(",") else ","


def _content_header(sniff: Sniff) -> HeaderMap | None:
    text = _sniff_text(sniff)
    line = _first_line(text)
    if not line:
        return None
    line = resaved_line(line) or line
    try:
        header = next(csv.reader([line], delimiter=_delimiter(line)))
    except (csv.Error, StopIteration):
        return None
    columns = HeaderMap(header, CONTENT_FIELDS)
    # "Post id" alone is also X's content export; the account and publish-time columns
    # are Meta's.
    if not columns.matches(("post_id", "publish_time")):
        return None
    if not ("account_id" in columns.index or "account_username" in columns.index):
        return None
    return columns


def detect_content(sniff: Sniff) -> bool:
    columns = _content_header(sniff)
    return columns is not None and not any(f in columns.index for f in STORIES_ONLY)


def detect_stories(sniff: Sniff) -> bool:
    columns = _content_header(sniff)
    return columns is not None and any(f in columns.index for f in STORIES_ONLY)


def content_captured_at(source: ExportSource) -> datetime:
    """Snapshot time of a content export.

    The file has no export date (its ``Date`` column is the constant ``Lifetime``), so
    the end of the range in Meta's default name ``Mar-17-2025_Mar-17-2026_<n>.csv`` is
    used: the midnight that closes that day in Pacific time (Meta's zone for these
    exports), so no post in the range is later than its snapshot. A renamed file falls
    back to the file's modification time.
    """
    return _named_end(source) or source.modified_at()


def _named_end(source: ExportSource) -> datetime | None:
    """The end of the range in Meta's default file name (see ``content_captured_at``)."""
    match = _FILE_RANGE.match(source.file_name)
    if not match or match.group(1) not in _MONTHS:
        return None
    month, day, year = _MONTHS[match.group(1)], int(match.group(2)), int(match.group(3))
    if not EARLIEST.year <= year <= datetime.now().year + 1:  # an edited name is no export time
        return None
    try:
        end = date(year, month, day)
    except ValueError:
        return None
    return to_naive_utc(datetime.combine(end + timedelta(days=1), time(0), tzinfo=META_ZONE))


def parse_publish_time(text: str) -> datetime | None:
    """``MM/DD/YYYY HH:MM`` in America/Los_Angeles -> naive UTC.

    In the repeated hour when DST ends the first (PDT) reading is taken; a time in the
    skipped spring-forward hour is read with the offset before the change.
    """
    value = text.strip()
    if not value:
        return None
    if _PUBLISH_TIME.fullmatch(value):  # the form Meta writes: skip strptime
        try:
            month, day, year, hour, minute = value[:2], value[3:5], value[6:10], value[11:13], value[14:16]
            local = datetime(int(year), int(month), int(day), int(hour), int(minute))
        except ValueError:
            pass  # strptime below gives the same answer for an impossible date
        else:
            return to_naive_utc(local.replace(tzinfo=META_ZONE))
    for pattern in ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S"):
        try:
            local = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return to_naive_utc(local.replace(tzinfo=META_ZONE))
    raise ValueError(value)


def normalise_post_type(text: str) -> str | None:
    return _normalise_post_type(text) if len(text) <= 60 else None  # only short texts are cached


@functools.lru_cache(maxsize=256)  # a file repeats a handful of type texts
def _normalise_post_type(text: str) -> str | None:
    key = normalise_header(text)
    if not key:
        return None
    if key in POST_TYPES:
        return POST_TYPES[key]
    for word, kind in TYPE_KEYWORDS:
        if word in key:
            return kind
    return None


def _parse_meta_posts(source: ExportSource, ctx: ParseContext, kind_name: str) -> Iterator[Record]:
    head = source.head()
    text = head.decode("utf-8-sig", errors="replace")
    first_line = _first_line(text)
    # A spreadsheet program that took each line for one cell re-saves the file with
    # every line quoted; the export inside is read as it was.
    inner = resaved_line(first_line)
    if inner is not None:
        yield Notice(
            f"{source.name}: the file was re-saved by a spreadsheet program (each line in one cell); "
            "read as the export inside it. Import the file as downloaded next time"
        )
    rows = csv_rows(source, delimiter=_delimiter(inner or first_line), resaved=inner is not None)
    try:
        lines = iter(rows)
        first = next(lines, None)
        if first is None:
            raise ExportFormatError(
                source.name, "the file is empty", expected="an export file as downloaded from the platform"
            )
        header_line, header = first
        columns = HeaderMap(header, CONTENT_FIELDS)
        for name in check_unknown_columns(source, columns, ctx.ignore_unknown_columns, row=header_line):
            yield Notice(f"{source.name}: skipped unknown column '{name}'")
        for field in ("post_id", "publish_time"):
            if field not in columns.index:
                raise ExportFormatError(
                    source.name,
                    f"no '{CONTENT_ALIASES['en'][field][0]}' column",
                    row=header_line,
                    expected="the header of a Meta Business Suite content export",
                )
        decimal_comma = header_language(header, CONTENT_ALIASES) in DECIMAL_COMMA_LANGUAGES
        named_end = _named_end(source)
        captured_at = named_end or source.modified_at()
        latest = latest_time(named_end, ctx.imported_at)
        captions = TextLimit(source, PLATFORM)
        default_type = "story" if kind_name == "meta_stories" else None
        metrics = [m for m in CONTENT_METRICS if m in columns.index]
        old_views = [m for m in ("plays", "impressions") if m in columns.index]
        unknown_types: set[str] = set()

        for line, row in skip_blank(lines):
            if len(row) != len(header):
                raise ExportFormatError(
                    source.name,
                    f"the row has {len(row):,} fields but the header has {len(header):,}",
                    row=line,
                    expected="one field per header column (re-download the export)",
                )
            check_short_cells(source, line, columns, row, "description")
            post_id = (columns.get(row, "post_id") or "").strip()
            if not numeric_id(post_id):
                raise ExportFormatError(
                    source.name,
                    f"{shown(post_id)} is not a post id",
                    row=line,
                    column=columns.column("post_id"),
                    expected="the numeric id as exported, e.g. 17978919536823613 "
                    "(a file re-saved by Excel turns it into 1.79789E+16)",
                )
            published_text = columns.get(row, "publish_time") or ""
            try:
                published_at = parse_publish_time(published_text)
                problem = None if published_at is None else time_problem(published_at, latest)
            except ValueError:
                problem = "is not a publish time"
            if problem:
                raise ExportFormatError(
                    source.name,
                    f"{shown(published_text)} {problem}",
                    row=line,
                    column=columns.column("publish_time"),
                    expected="MM/DD/YYYY HH:MM such as 03/26/2026 15:38",
                ) from None

            type_text = columns.get(row, "post_type") or ""
            known_type = normalise_post_type(type_text)
            post_type = known_type or default_type
            if type_text.strip() and known_type is None and type_text not in unknown_types:
                unknown_types.add(type_text)
                yield Notice(
                    f"{source.name}, row {line}: unknown post type {type_text!r} stored without a type"
                )

            def count(field: str, line: int = line, row: list[str] = row) -> int | None:
                number = cell_number(source, line, columns, row, field, decimal_comma=decimal_comma)
                return None if number is None else int(number)

            duration = count("duration") if "duration" in columns.index else None
            values = {m: count(m) for m in metrics}
            if "views" not in values and old_views:
                # A reel's plays are its views; for other posts impressions were the count.
                order = ("plays", "impressions") if post_type == "reel" else ("impressions", "plays")
                found = [count(m) for m in order if m in columns.index]
                values["views"] = next((v for v in found if v is not None), None)

            post = PostRecord(
                platform=PLATFORM,
                platform_post_id=post_id,
                account=_row_account(source, ctx, columns, row),
                published_at=published_at,
                type=post_type,
                caption=captions(
                    _blank_none(columns.get(row, "description")), line, columns.column("description")
                )
                if "description" in columns.index
                else None,
                permalink=_blank_none(columns.get(row, "permalink")),
                duration_sec=duration or None,  # 0 is written for images
            )
            yield post
            yield MetricSnapshotRecord(PLATFORM, post_id, captured_at, kind_name, values)
        if notice := captions.notice():
            yield notice
    finally:
        rows.close()


def _blank_none(text: str | None) -> str | None:
    return text if text and text.strip() else None


def _row_account(
    source: ExportSource, ctx: ParseContext, columns: HeaderMap, row: Sequence[str]
) -> AccountRef:
    """The row's own account: collab posts can name the partner, not the exporter."""
    handle = _blank_none(columns.get(row, "account_username"))
    account_id = _blank_none(columns.get(row, "account_id"))
    if handle is None and account_id is None:
        handle = ctx.account_handle
        if handle is None:
            raise ExportFormatError(source.name, NO_ACCOUNT_REASON, expected=NO_ACCOUNT_EXPECTED)
    return AccountRef(
        PLATFORM,
        handle=handle.strip().lstrip("@") if handle else None,
        platform_account_id=account_id.strip() if account_id else None,
        display_name=_blank_none(columns.get(row, "account_name")),
    )


def parse_content(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    return _parse_meta_posts(source, ctx, "meta_content")


def parse_stories(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    return _parse_meta_posts(source, ctx, "meta_stories")


# --- per-metric account exports and Audience.csv (§1a') ---------------------------

# Title line -> (metric, language). English titles are verbatim from real files; the
# Indonesian and Spanish ones are plausible localisations.
ACCOUNT_TITLES: dict[str, tuple[str, str]] = {}
for _lang, _titles in {
    "en": {
        "views": ["Views", "Instagram views"],
        "reach": ["Reach", "Instagram reach"],
        "follows": ["Instagram follows", "Follows"],
        "engagements": ["Content interactions", "Instagram content interactions"],
        "link_clicks": ["Instagram link clicks", "Link clicks"],
        "profile_visits": ["Instagram profile visits", "Profile visits"],
    },
    "id": {
        "views": ["Tayangan", "Tayangan Instagram"],
        "reach": ["Jangkauan", "Jangkauan Instagram"],
        "follows": [
            "Mengikuti di Instagram",
            "Ikuti Instagram",
            "Mengikuti Instagram",
            "Diikuti di Instagram",
        ],
        "engagements": ["Interaksi konten", "Interaksi konten Instagram"],
        "link_clicks": ["Klik tautan Instagram", "Klik tautan"],
        "profile_visits": ["Kunjungan profil Instagram", "Kunjungan profil"],
    },
    "es": {
        "views": ["Visualizaciones", "Visualizaciones de Instagram"],
        "reach": ["Alcance", "Alcance de Instagram"],
        "follows": ["Seguimientos de Instagram", "Seguimientos"],
        "engagements": ["Interacciones con el contenido"],
        "link_clicks": ["Clics en el enlace de Instagram"],
        "profile_visits": ["Visitas al perfil de Instagram"],
    },
}.items():
    for _metric, _names in _titles.items():
        for _name in _names:
            ACCOUNT_TITLES[normalise_header(_name)] = (_metric, _lang)

# Named in the error for an unknown title (the English ones, as seen in real files).
_ACCOUNT_TITLE_TEXTS = [
    "Views",
    "Reach",
    "Instagram follows",
    "Content interactions",
    "Instagram link clicks",
    "Instagram profile visits",
]
SERIES_HEADER = {
    "date": ["Date", "Tanggal", "Fecha", "Data", "Datum"],
    "primary": ["Primary", "Utama", "Principal", "Primário", "Primär"],
}

FOLLOWERS_TITLES = {
    normalise_header(t): lang
    for t, lang in (
        ("Instagram followers", "en"),
        ("Followers", "en"),
        ("Pengikut Instagram", "id"),
        ("Pengikut", "id"),
        ("Seguidores de Instagram", "es"),
        ("Seguidores", "es"),
    )
}
AUDIENCE_TABLES = {
    normalise_header(t): (dim, lang)
    for t, dim, lang in (
        ("Age", "age_gender", "en"),
        ("Usia", "age_gender", "id"),
        ("Umur", "age_gender", "id"),
        ("Edad", "age_gender", "es"),
        ("Top cities", "city", "en"),
        ("Kota teratas", "city", "id"),
        ("Kota utama", "city", "id"),
        ("Ciudades principales", "city", "es"),
        ("Top countries", "territory", "en"),
        ("Negara teratas", "territory", "id"),
        ("Países principales", "territory", "es"),
    )
}
GENDERS = {
    normalise_header(t): g
    for t, g in (
        ("Women", "women"),
        ("Men", "men"),
        ("Female", "women"),
        ("Male", "men"),
        ("Perempuan", "women"),
        ("Wanita", "women"),
        ("Laki-laki", "men"),
        ("Pria", "men"),
        ("Mujeres", "women"),
        ("Hombres", "men"),
    )
}
AUDIENCE_SECTION_TITLES = {
    normalise_header(t)
    for t in (
        "Instagram followers by gender and age",
        "Pengikut Instagram menurut gender dan usia",
        "Pengikut Instagram berdasarkan jenis kelamin dan usia",
        "Seguidores de Instagram por sexo y edad",
    )
}
_METRIC_ID = re.compile(r"^[A-Z][A-Z_]*(,[A-Z_]+)*$")  # IG_ACCOUNT,FOLLOW,UNIQUE_USERS


def _preamble_rows(sniff: Sniff, count: int) -> list[list[str]]:
    """The first rows of a ``sep=,`` file (UTF-16LE per FORMATS.md), or [] if it is not one."""
    if not sniff.head.startswith(b"\xff\xfe") or not sniff.text:
        return []
    text = sniff.text.lstrip("\ufeff")
    if not text.startswith("sep="):
        return []
    lines = text.split("\n")[1 : count + 1]
    if len(lines) < count:
        return []
    try:
        return [next(csv.reader([line.rstrip("\r")]), []) for line in lines]
    except csv.Error:
        return []


def _is_series_header(row: Sequence[str]) -> bool:
    return len(row) == 2 and HeaderMap(row, SERIES_HEADER).matches(("date", "primary"))


def detect_account_metric(sniff: Sniff) -> bool:
    rows = _preamble_rows(sniff, 2)
    return len(rows) == 2 and len(rows[0]) == 1 and _is_series_header(rows[1])


def detect_audience(sniff: Sniff) -> bool:
    rows = _preamble_rows(sniff, 2)
    if len(rows) != 2 or _is_series_header(rows[1]):
        return False
    labels = FOLLOWERS_TITLES.keys() | AUDIENCE_SECTION_TITLES | AUDIENCE_TABLES.keys()
    for line in sniff.text.split("\n")[1:-1]:  # the last line may be cut off
        try:
            cells = next(csv.reader([line.rstrip("\r")]), [])
        except csv.Error:
            continue
        if cells and normalise_header(cells[0]) in labels:
            return True
    return False


def _context_account(source: ExportSource, ctx: ParseContext) -> AccountRef:
    if ctx.account_handle is None:
        raise ExportFormatError(source.name, NO_ACCOUNT_REASON, expected=NO_ACCOUNT_EXPECTED)
    return AccountRef(PLATFORM, handle=ctx.account_handle)


def parse_account_metric(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """One AccountSnapshotRecord per day listed. Meta leaves out days whose value is 0,
    and we do not invent them: a missing day stays unknown to this file."""
    account = _context_account(source, ctx)
    rows = csv_rows(source)
    try:
        lines = iter(rows)
        next(lines, None)  # sep=,
        title_line, title_row = next(lines, (2, []))
        title = title_row[0] if title_row else ""
        known = ACCOUNT_TITLES.get(normalise_header(title))
        if known is None:
            names = ", ".join(sorted({repr(t) for t in _ACCOUNT_TITLE_TEXTS}))
            raise ExportFormatError(
                source.name,
                f"unknown metric title {title!r}",
                row=title_line,
                expected=f"one of {names}",
            )
        metric, language = known
        header_line, header = next(lines, (3, []))
        columns = HeaderMap(header, SERIES_HEADER)
        if not columns.matches(("date", "primary")):
            raise ExportFormatError(
                source.name,
                f"header {header!r} is not a daily series header",
                row=header_line,
                expected='"Date","Primary"',
            )
        decimal_comma = language != "en"
        for line, row in skip_blank(lines):
            day_text = (columns.get(row, "date") or "").strip()
            try:
                day = (
                    date.fromisoformat(day_text[:10])
                    if re.match(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$", day_text)
                    else None
                )
            except ValueError:
                day = None
            if day is None:
                raise ExportFormatError(
                    source.name,
                    f"{day_text!r} is not a day",
                    row=line,
                    column=columns.column("date"),
                    expected="a date such as 2025-12-24T00:00:00",
                )
            value = cell_number(source, line, columns, row, "primary", decimal_comma=decimal_comma)
            yield AccountSnapshotRecord(account, day, "meta_account_metric", {metric: value})
    finally:
        rows.close()


def parse_audience(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Followers total and audience shares.

    Audience.csv carries no date and its default name none either, so the capture day
    is the day of the file's modification time.
    """
    account = _context_account(source, ctx)
    captured_on = source.modified_at().date()
    kind = "meta_audience"
    decimal_comma = False
    title: str | None = None
    table: tuple[str, list[str]] | None = None  # (dimension, buckets per value column)
    skipping = False
    rows = csv_rows(source)
    try:
        lines = iter(rows)
        next(lines, None)  # sep=,
        for line, row in lines:
            if not any(cell.strip() for cell in row):
                title, table, skipping = None, None, False
                continue
            if skipping:
                continue
            if table is not None:
                dimension, columns = table
                bucket = row[0].strip()
                for position, suffix in enumerate(columns, start=1):
                    text = row[position] if position < len(row) else ""
                    try:
                        share = parse_number(text, decimal_comma=decimal_comma)
                    except ValueError:
                        raise ExportFormatError(
                            source.name,
                            f"{text!r} is not a percentage",
                            row=line,
                            column=suffix or "Value",
                            expected="a share such as 4.2%",
                        ) from None
                    name = f"{bucket}/{suffix}" if suffix else bucket
                    yield AudienceRecord(
                        account,
                        captured_on,
                        kind,
                        dimension,
                        name,
                        share=None if share is None else round(share, 6),
                    )
                continue
            key = normalise_header(row[0])
            if len(row) >= 2:
                found = AUDIENCE_TABLES.get(key)
                if found is None:
                    if ctx.ignore_unknown_columns:
                        yield Notice(f"{source.name}, row {line}: skipped unknown section {row[0]!r}")
                        skipping = True
                        continue
                    raise ExportFormatError(
                        source.name,
                        f"unknown table {row[0]!r}",
                        row=line,
                        expected="'Age', 'Top cities' or 'Top countries' tables; re-run with "
                        "--ignore-unknown-columns to import the rest and skip it",
                    )
                dimension, language = found
                decimal_comma = decimal_comma or language != "en"
                if dimension == "age_gender":
                    buckets = []
                    for cell in row[1:]:
                        gender = GENDERS.get(normalise_header(cell))
                        if gender is None:
                            raise ExportFormatError(
                                source.name,
                                f"unknown gender column {cell!r}",
                                row=line,
                                expected="Women and Men columns",
                            )
                        buckets.append(gender)
                    table = (dimension, buckets)
                else:
                    table = (dimension, [""])
                continue
            # single-cell rows: a section title, a metric id, or the followers total
            if title is None:
                title = row[0]
                title_language = FOLLOWERS_TITLES.get(key)
                if title_language is not None:
                    decimal_comma = decimal_comma or title_language != "en"
                continue
            if _METRIC_ID.match(row[0].strip()):
                continue
            if normalise_header(title) in FOLLOWERS_TITLES:
                try:
                    followers = parse_count(row[0], decimal_comma=decimal_comma)
                except ValueError:
                    raise ExportFormatError(
                        source.name,
                        f"{row[0]!r} is not a follower count",
                        row=line,
                        expected="a whole number such as 1629",
                    ) from None
                yield AccountSnapshotRecord(account, captured_on, kind, {"followers": followers})
                continue
            if ctx.ignore_unknown_columns:
                yield Notice(f"{source.name}, row {line}: skipped unknown section {title!r}")
                skipping = True
                continue
            raise ExportFormatError(
                source.name,
                f"unknown section {title!r}",
                row=line,
                expected="'Instagram followers' and audience tables; re-run with "
                "--ignore-unknown-columns to import the rest and skip it",
            )
    finally:
        rows.close()


# --- "Download your information" JSON (§1c) -------------------------------------

DYI_LISTS = {"ig_reels_media": "reel", "ig_stories": "story", "ig_igtv_media": "video"}
_DYI_ZIP = re.compile(r"^instagram-([A-Za-z0-9._]+)-\d{4}-\d{2}-\d{2}-")
_VIDEO_URI = re.compile(r"\.(mp4|mov|m4v|webm)$", re.IGNORECASE)


def _dyi_shape(text: str) -> str | None:
    """'posts' for a bare array of posts, a DYI_LISTS key for the wrapped kinds."""
    body = text.lstrip("\ufeff \r\n\t")
    if body.startswith("["):
        if '"creation_timestamp"' in body and re.search(r'"media"\s*:\s*\[', body) and '"uri"' in body:
            return "posts"
        return None
    if body.startswith("{"):
        match = re.match(r'\{\s*"(ig_reels_media|ig_stories|ig_igtv_media)"\s*:\s*\[', body)
        if match:
            return match.group(1)
    return None


def detect_dyi(sniff: Sniff) -> bool:
    return _dyi_shape(sniff.text) is not None


def parse_dyi(source: ExportSource, ctx: ParseContext) -> Iterator[Record]:
    """Captions and creation times only: DYI has no media id and no metrics. The store
    links ``dyi:<creation_timestamp>`` posts to exported ones by time."""
    shape = _dyi_shape(source.head().decode("utf-8", errors="replace"))
    handle = ctx.account_handle
    if handle is None and source.member:
        match = _DYI_ZIP.match(source.path.name)  # instagram-<username>-<date>-<token>.zip
        handle = match.group(1) if match else None
    account = AccountRef(PLATFORM, handle=handle) if handle else None
    key = None if shape in (None, "posts") else shape
    latest = latest_time(None, ctx.imported_at)
    captions = TextLimit(source, PLATFORM)
    for number, entry in enumerate(_json_array(source, key), start=1):
        if not isinstance(entry, dict):
            raise ExportFormatError(
                source.name,
                f"entry {number} is not an object",
                expected='a list of {"media": [...], "creation_timestamp": ...}',
            )
        media = entry.get("media")
        items = media if isinstance(media, list) and media else [entry]
        first = items[0] if isinstance(items[0], dict) else {}
        stamp = entry.get("creation_timestamp", first.get("creation_timestamp"))
        if isinstance(stamp, bool) or not isinstance(stamp, (int, float)):
            raise ExportFormatError(
                source.name,
                f"entry {number} has no creation_timestamp",
                expected="Unix seconds such as 1718409600",
            )
        try:
            published_at = utc_from_timestamp(stamp)
            problem = time_problem(published_at, latest)
        except ValueError:
            problem = "is not a time"
        if problem:
            raise ExportFormatError(
                source.name,
                f"entry {number}: creation_timestamp {shown(stamp)} {problem}",
                column="creation_timestamp",
                expected="Unix seconds such as 1718409600",
            )
        caption = entry.get("title") or first.get("title") or None
        if key is not None:
            post_type = DYI_LISTS[key]
        elif len(items) > 1:
            post_type = "carousel"
        else:  # feed videos have been reels since 2022
            post_type = "reel" if _VIDEO_URI.search(str(first.get("uri", ""))) else "image"
        yield PostRecord(
            platform=PLATFORM,
            platform_post_id=f"dyi:{int(stamp)}",
            account=account,
            published_at=published_at,
            type=post_type,
            caption=captions(repair_mojibake(caption) if isinstance(caption, str) else None, number, "title"),
        )
    if notice := captions.notice():
        yield notice


def _json_array(source: ExportSource, key: str | None) -> Iterator[object]:
    """Stream the elements of a top-level JSON array (or of ``{key: [...]}``) one at a
    time, so a large DYI file is never held whole in memory."""
    decoder = json.JSONDecoder()
    stream = open_text(source)
    buffer, position, ended = "", 0, False
    entries: int | None = None  # entries read, once inside the list

    def broken(reason: str) -> ExportFormatError:
        where = "" if entries is None else f" in entry {entries + 1}"
        return ExportFormatError(
            source.name,
            f"broken JSON{where} ({reason})",
            expected="the JSON file exactly as Instagram exported it (re-download it)",
        )

    def more() -> bool:
        nonlocal buffer, position, ended
        if ended:
            return False
        try:
            chunk = stream.read(1 << 16)
        except UnicodeDecodeError:
            raise ExportFormatError(
                source.name,
                "the text is not valid UTF-8",
                expected="the file exactly as downloaded, not re-saved in another encoding",
            ) from None
        if not chunk:
            ended = True
            return False
        buffer, position = buffer[position:] + chunk, 0
        return True

    def skip_space() -> str:
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n\ufeff":
                position += 1
            if position < len(buffer):
                return buffer[position]
            if not more():
                return ""

    def value() -> object:
        nonlocal position
        skip_space()
        while True:
            try:
                item, end = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError as exc:
                if len(buffer) - position > MAX_RECORD_CHARS:  # an entry is a few KB
                    raise broken(f"an entry is longer than {MAX_RECORD_CHARS:,} characters") from None
                if more():
                    continue
                raise broken(exc.msg) from None
            # a number or literal cut at the buffer's end may still go on
            if end == len(buffer) and not ended and more():
                continue
            position = end
            return item

    def expect(char: str) -> None:
        nonlocal position
        found = skip_space()
        if found != char:
            raise broken(f"expected {char!r}, found {found or 'end of file'!r}")
        position += 1

    try:
        if key is not None:
            expect("{")
            while True:
                name = value()
                expect(":")
                if name == key:
                    break
                value()
                if skip_space() != ",":
                    raise broken(f"no {key!r} list")
                position += 1
        expect("[")
        entries = 0
        if skip_space() == "]":
            return
        while True:
            yield value()
            entries += 1
            found = skip_space()
            position += 1
            if found == "]":
                return
            if found != ",":
                raise broken(f"expected ',' or ']', found {found or 'end of file'!r}")
    finally:
        stream.close()


KINDS: list[ExportKind] = [
    ExportKind(
        "meta_content",
        PLATFORM,
        "Meta Business Suite content export (Instagram posts and reels, CSV)",
        detect_content,
        parse_content,
        example='"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)","Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves',
    ),
    ExportKind(
        "meta_stories",
        PLATFORM,
        "Meta Business Suite stories export (Instagram stories, CSV)",
        detect_stories,
        parse_stories,
        example='"Post ID","Account ID","Account username",Description,"Publish time",Permalink,"Post type",Views,Reach,Likes,Shares,Replies,"Sticker taps",Navigation story',
    ),
    ExportKind(
        "meta_account_metric",
        PLATFORM,
        "Meta Business Suite account metric export (Views.csv, Reach.csv, ...)",
        detect_account_metric,
        parse_account_metric,
        example='sep=, Views Reach Follows "Date","Primary" 2025-12-24T00:00:00 UTF-16',
    ),
    ExportKind(
        "meta_audience",
        PLATFORM,
        "Meta Business Suite audience export (Audience.csv)",
        detect_audience,
        parse_audience,
        example='sep=, Audience "Instagram followers" Age Women Men "Top cities" "Top countries"',
    ),
    ExportKind(
        "instagram_dyi_posts",
        PLATFORM,
        "Instagram 'Download your information' posts, reels or stories (JSON)",
        detect_dyi,
        parse_dyi,
        example='[{"media": [{"uri": "media/posts/1.jpg", "creation_timestamp": 1718409600, "title": ""}]}] json ig_reels_media ig_stories',
    ),
]

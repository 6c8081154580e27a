"""Reading export files: sources, encodings, CSV rows, numbers and localised headers.

Every platform parser builds on these so that BOM sniffing, quoting, row numbers
in error messages and "unknown is not zero" behave the same for all exports.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import lzma
import math
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from collectors.errors import ExportFormatError, shown
from collectors.records import Notice

HEAD_BYTES = 8192

# --- bounds on what a file may hold -----------------------------------------------------
# Every limit is far above what a platform writes, and keeps one file's peak memory small
# whatever is on disk (issue 13). Text past a limit is refused, never read whole first.
MAX_LINE_CHARS = 1 << 20  # one physical line of a CSV file
MAX_RECORD_CHARS = 4 << 20  # one CSV record (a row whose quoted cells span several lines)
MAX_BLANK_ROWS = 10_000  # blank rows in a row: a real export has a handful
MAX_ZIP_MEMBERS = 100_000
MAX_MEMBER_BYTES = 2 << 30  # uncompressed size of a ZIP member read through
MAX_ZIP_RATIO = 100  # uncompressed / compressed; CSV and JSON exports compress 5-20 times
ZIP_RATIO_FROM = 1 << 20  # the ratio is only judged for members larger than this
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
# A field cannot be longer than its record.
csv.field_size_limit(MAX_RECORD_CHARS)

MAX_COUNT = 10**12  # no post or account has a trillion of anything; fits a signed 64-bit integer
MAX_ID = 2**63 - 1  # platform ids are signed 64-bit numbers: at most 19 digits
EARLIEST = datetime(2004, 1, 1)  # before every platform outreach knows
LATE_SLACK = timedelta(days=1)  # a time may be this much after the file's export time
# Longest caption kept per platform: above the platform's own limit (2,200 characters on
# Instagram, 4,000 on TikTok), so a platform counting emoji differently never loses text;
# X allows 25,000 characters to Premium posts. Longer text is cut, with a Notice. The store
# writes 2,500 posts (5,000 comments) a batch, so these bound a batch's text too: 2,500
# captions of 4,400 emoji-bearing characters are 44 MB as Python strings.
TEXT_LIMITS = {"instagram": 2_200, "tiktok": 4_000, "x": 25_000}
TEXT_KEPT = {"instagram": 4_400, "tiktok": 4_400, "x": 25_000}
# X's analytics CSVs write the start of a post (Gen 2 cuts at ~280 characters); a long
# post's full text comes from the archive's note-tweet.js, and the store keeps the longest
# caption it has seen.
X_EXPORT_TEXT_KEPT = 4_000
# Every other cell (ids, handles, names, links, dates, numbers, types) is short; a long
# one is refused, so a batch of rows holds captions and little else.
SHORT_CHARS = 500
COMMENT_KEPT = 2_200  # Instagram's limit; TikTok allows 150, X replies are short


@dataclass(frozen=True)
class ExportSource:
    """One file to import: a path on disk or a member of a ZIP archive."""

    path: Path
    member: str | None = None  # name inside the ZIP at ``path``

    @property
    def name(self) -> str:
        """Name used in messages: ``Overview.zip:Overview.csv`` or ``Reach.csv``."""
        return f"{self.path.name}:{self.member}" if self.member else self.path.name

    @property
    def file_name(self) -> str:
        return Path(self.member).name if self.member else self.path.name

    def open_binary(self) -> IO[bytes]:
        """The bytes of the file; a damaged ZIP member or a FIFO is an ExportFormatError."""
        if self.member is None:
            return open_regular_file(self.path, self.name)
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise self._damaged(exc) from None
        try:
            check_member(self.path.name, archive.getinfo(self.member))
            member = archive.open(self.member)
        except ExportFormatError:
            archive.close()
            raise
        except (
            zipfile.BadZipFile,
            KeyError,
            OSError,
            ValueError,
            EOFError,
            RuntimeError,
            NotImplementedError,
        ) as exc:
            archive.close()
            raise self._damaged(exc) from None
        return _ClosingMember(_MemberRaw(member, self), archive)

    def _damaged(self, exc: BaseException) -> ExportFormatError:
        return ExportFormatError(
            self.name,
            f"the ZIP member cannot be read ({shown(str(exc) or type(exc).__name__, 80)})",
            expected="the ZIP exactly as downloaded from the platform (download it again)",
        )

    def head(self, size: int = HEAD_BYTES) -> bytes:
        with self.open_binary() as stream:
            return stream.read(size)

    def sha256(self) -> str:
        known = self.__dict__.get("_sha256")
        if known is not None:
            return str(known)
        digest = hashlib.sha256()
        with self.open_binary() as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def verify(self) -> None:
        """Read a ZIP member through once, before anything is stored from it.

        A member's CRC is only checked at its end, and its uncompressed size is only
        known from its header: both are settled here (the digest is kept for
        ``sha256``, so the member is not read an extra time).
        """
        if self.member is None or "_sha256" in self.__dict__:
            return
        with zipfile.ZipFile(self.path) as archive:
            size = archive.getinfo(self.member).file_size
        if size > MAX_MEMBER_BYTES:
            raise ExportFormatError(
                self.name,
                f"the ZIP member unpacks to {size / 2**30:,.1f} GiB",
                expected=f"an export file below {MAX_MEMBER_BYTES >> 30} GiB",
            )
        object.__setattr__(self, "_sha256", self.sha256())  # frozen: set once, like a cache

    def modified_at(self) -> datetime:
        """Last-modified time in naive UTC (ZIP members carry their own); a time that
        cannot be read (a ZIP entry dated month 0, an mtime past year 9999) is now."""
        try:
            if self.member is None:
                return utc_from_timestamp(self.path.stat().st_mtime)
            with zipfile.ZipFile(self.path) as archive:
                return datetime(*archive.getinfo(self.member).date_time)
        except (ValueError, OverflowError, OSError, KeyError, zipfile.BadZipFile):
            return datetime.now(UTC).replace(tzinfo=None)


def open_regular_file(path: Path, name: str) -> IO[bytes]:
    """Open a file for reading, refusing FIFOs, devices and sockets without waiting on them."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ExportFormatError(
            name, f"the file cannot be opened ({exc.strerror or exc})", expected="a readable export file"
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(name, mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def not_regular(name: str, mode: int) -> ExportFormatError:
    what = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    return ExportFormatError(name, f"{what}, not a file", expected="an export file saved on disk")


def check_member(archive_name: str, info: zipfile.ZipInfo) -> None:
    """Refuse a ZIP member that cannot or must not be read, from its header alone."""
    name = f"{archive_name}:{info.filename}"
    again = "the ZIP exactly as downloaded from the platform (download it again)"
    if info.flag_bits & 0x1:
        raise ExportFormatError(
            name, "the ZIP member is encrypted", expected="a ZIP without a password, " + again
        )
    if info.compress_type not in ZIP_METHODS:
        raise ExportFormatError(
            name,
            f"the ZIP member uses compression method {info.compress_type}, which outreach cannot unpack",
            expected="a ZIP packed with deflate (as the platforms send it), " + again,
        )
    if info.file_size > ZIP_RATIO_FROM and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
        raise ExportFormatError(
            name,
            f"the ZIP member unpacks to {info.file_size:,} bytes from {info.compress_size:,} "
            f"(more than {MAX_ZIP_RATIO} times): not an export",
            expected=again,
        )


class _MemberRaw(io.RawIOBase):
    """A ZIP member's stream whose read errors (bad CRC, broken deflate data) name the file."""

    def __init__(self, member: IO[bytes], source: ExportSource) -> None:
        self._member, self._source = member, source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._member.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError) as exc:
            raise self._source._damaged(exc) from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._member.close()
        finally:
            super().close()


class _ClosingMember(io.BufferedReader):
    """A ZIP member stream that also closes its archive."""

    def __init__(self, raw: io.RawIOBase, archive: zipfile.ZipFile) -> None:
        super().__init__(raw, buffer_size=1 << 16)
        self._archive = archive

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._archive.close()


# --- encodings ------------------------------------------------------------------


def sniff_encoding(head: bytes) -> str:
    """The codec for a file from its first bytes: BOM first, else UTF-8."""
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16"  # consumes the BOM
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return "utf-8"


def head_text(head: bytes) -> str:
    """Decoded start of a file for sniffing; '' when it is not text we read."""
    encoding = sniff_encoding(head)
    if encoding == "utf-16" and len(head) % 2:
        head = head[:-1]
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(head, final=False)
    except UnicodeDecodeError:
        return ""


def open_text(source: ExportSource) -> IO[str]:
    """A text stream over the source, decoded by its BOM, newlines kept for csv."""
    binary = source.open_binary()
    encoding = sniff_encoding(binary.peek(4)[:4] if hasattr(binary, "peek") else source.head(4))
    return io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")


# --- CSV rows -------------------------------------------------------------------


class _Lines:
    """The physical lines of a text stream for ``csv.reader``, each bounded at read time.

    A line longer than MAX_LINE_CHARS, a record longer than MAX_RECORD_CHARS and a NUL
    character are refused before they are held whole: ``readline`` is given a limit, so
    a 1 GiB cell costs no more memory than a short one.
    """

    def __init__(self, source: ExportSource, stream: IO[str]) -> None:
        self.source, self.stream = source, stream
        self.record = 0  # characters of the record being read (CsvRows resets it)
        self.record_start = 1  # its first line
        self.line = 0  # lines read so far

    def __iter__(self) -> Iterator[str]:
        readline, limit = self.stream.readline, MAX_LINE_CHARS
        while True:
            text = readline(limit)
            if not text:
                return
            self.line += 1
            if "\x00" in text:
                raise ExportFormatError(
                    self.source.name,
                    "the line holds a NUL character",
                    row=self.line,
                    expected="a text export as downloaded (a NUL means the file is damaged or not text)",
                )
            if len(text) == limit and text[-1] not in "\r\n":
                raise ExportFormatError(
                    self.source.name,
                    f"the line is longer than {limit:,} characters",
                    row=self.line,
                    expected="an export as the platform wrote it (its lines are a few thousand characters)",
                )
            self.record += len(text)
            if self.record > MAX_RECORD_CHARS:
                raise ExportFormatError(
                    self.source.name,
                    f"the row runs over {self.line - self.record_start + 1:,} lines and "
                    f"{MAX_RECORD_CHARS:,} characters (a quote that is never closed?)",
                    row=self.record_start,
                    expected="an export as the platform wrote it (re-download it)",
                )
            yield text


@dataclass
class CsvRows:
    """Rows of a CSV export with the file's 1-based line numbers for messages.

    A row's number is its first line, also when a quoted caption makes it span several.
    """

    source: ExportSource
    stream: IO[str]
    reader: Iterator[list[str]]
    lines: _Lines | None = None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        lines, reader = self.lines, self.reader
        end = 0  # the last line of the previous row
        blank = 0
        while True:
            if lines is not None:
                lines.record, lines.record_start = 0, end + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ExportFormatError(
                    self.source.name,
                    f"broken CSV ({exc})",
                    row=end + 1,
                    expected="a complete CSV file as the platform exported it (re-download it)",
                ) from None
            except UnicodeDecodeError:
                raise ExportFormatError(
                    self.source.name,
                    "the text is not valid UTF-8 or UTF-16",
                    row=_first_undecodable_line(self.source) or end + 1,
                    expected="the file exactly as downloaded, not re-saved in another encoding",
                ) from None
            start, end = end + 1, reader.line_num  # type: ignore[attr-defined]
            if row and (row[0] or len(row) > 1 and any(row)):
                blank = 0
            else:
                blank += 1
                if blank > MAX_BLANK_ROWS:
                    raise ExportFormatError(
                        self.source.name,
                        f"more than {MAX_BLANK_ROWS:,} blank rows in a row",
                        row=start - MAX_BLANK_ROWS,
                        expected="an export as the platform wrote it (it has a few blank rows at most)",
                    )
            yield start, row

    def close(self) -> None:
        self.stream.close()


def _first_undecodable_line(source: ExportSource) -> int | None:
    """The 1-based line holding the first bad byte (the decoder reads ahead in blocks)."""
    with source.open_binary() as stream:
        encoding = sniff_encoding(stream.read(4))
        if encoding != "utf-8" and encoding != "utf-8-sig":
            return None
    with source.open_binary() as stream:
        decoder = codecs.getincrementaldecoder("utf-8")()
        number = 1
        while raw := stream.readline(MAX_LINE_CHARS):
            try:
                decoder.decode(raw)
            except UnicodeDecodeError:
                return number
            if raw.endswith(b"\n"):
                number += 1
    return None


def csv_rows(source: ExportSource, *, delimiter: str = ",", resaved: bool = False) -> CsvRows:
    """The rows of a CSV source, every line and record bounded (see ``_Lines``).

    ``resaved``: the file was re-saved by a spreadsheet program that took each line for
    one cell (each line is then one quoted field with its quotes doubled); the lines
    inside are unwrapped and read as the export they were.
    """
    stream = open_text(source)
    lines = _Lines(source, stream)
    if resaved:
        outer = csv.reader(lines, strict=True)
        reader = csv.reader(_unwrapped(source, outer), delimiter=delimiter, strict=True)
    else:
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
    return CsvRows(source, stream, reader, lines)


def _unwrapped(source: ExportSource, outer: Iterator[list[str]]) -> Iterator[str]:
    for row in outer:
        if len(row) > 1:
            raise ExportFormatError(
                source.name,
                "the file was re-saved by a spreadsheet program and this line is split into cells",
                row=outer.line_num,  # type: ignore[attr-defined]
                expected="the export as downloaded (download it again and import it without opening it)",
            )
        yield (row[0] if row else "") + "\n"


def resaved_line(line: str) -> str | None:
    """The original first line of a file a spreadsheet program re-saved as one column
    (``\"\"\"Post ID\"\",\"\"Account ID\"\",...\"``), or None when it is not such a line."""
    if not line.startswith('"') or '""' not in line:
        return None
    try:
        cells = next(csv.reader([line]), [])
    except csv.Error:
        return None
    return cells[0] if len(cells) == 1 and "," in cells[0] else None


def skip_blank(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    for line, row in rows:
        # The first cell decides for nearly every row; the generator only runs for the rest.
        if (row and row[0].strip()) or any(cell.strip() for cell in row):
            yield line, row


# --- headers --------------------------------------------------------------------


def normalise_header(text: str) -> str:
    """Case-, accent- and spacing-insensitive key for matching localised headers."""
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().casefold()


class HeaderMap:
    """Maps a header row to canonical field names through per-language aliases.

    ``aliases`` maps a canonical field to every header text it appears as (in any
    UI language). Headers that match nothing are kept in ``unknown`` so the
    importer can report them instead of dropping data silently.
    """

    def __init__(self, header: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> None:
        lookup = {normalise_header(a): field for field, names in aliases.items() for a in names}
        self.header = list(header)
        self.index: dict[str, int] = {}
        self.unknown: list[str] = []
        self.duplicates: list[tuple[str, int, int]] = []  # (field, first position, repeat)
        for position, cell in enumerate(header):
            field = lookup.get(normalise_header(cell))
            if field is None:
                if cell.strip():
                    self.unknown.append(cell)
            elif field not in self.index:
                self.index[field] = position
            elif not field.startswith("_"):  # '_ignored' gathers many columns on purpose
                self.duplicates.append((field, self.index[field], position))

    def matches(self, required: Sequence[str]) -> bool:
        return all(field in self.index for field in required)

    def column(self, field: str) -> str:
        """The file's own header text for a canonical field (for error messages)."""
        return self.header[self.index[field]]

    def get(self, row: Sequence[str], field: str) -> str | None:
        position = self.index.get(field)
        if position is None or position >= len(row):
            return None
        return row[position]


# --- values ---------------------------------------------------------------------

UNKNOWN_VALUES = {"", "-", "--", "undefined", "null", "n/a", "none", "nan"}
_ID_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234 / 1.234,5 (Indonesian)
_EN_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234 / 1,234.5


def parse_number(text: str | None, *, decimal_comma: bool = False) -> float | None:
    """A number from an export cell; blank, '-' and 'undefined' are unknown (None).

    ``decimal_comma`` says the file is in a locale that writes ``1.234,5``; without
    it, ``1.234`` is one point two three four. Percent strings become fractions.
    Raises ValueError for text that is not a number.
    """
    if text is None:
        return None
    value = text.strip().replace("\xa0", "").replace(" ", "")
    if value.casefold() in UNKNOWN_VALUES:
        return None
    percent = value.endswith("%")
    if percent:
        value = value[:-1]
    if decimal_comma:
        if _ID_GROUPED.match(value) or ("," in value and "." not in value):
            value = value.replace(".", "").replace(",", ".")
    elif _EN_GROUPED.match(value):
        value = value.replace(",", "")
    number = float(value)  # ValueError on anything else
    if not math.isfinite(number):  # 'inf', '1e309'
        raise ValueError(text)
    return number / 100 if percent else number


_GROUPED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def parse_count(text: str | None, *, decimal_comma: bool = False, signed: bool = False) -> int | None:
    """A whole count (``1777.0`` is fine); unknown is None.

    ``1.234`` or ``12.500`` cannot be a fraction of a like: it is a count typed or
    saved with Indonesian thousands separators, whatever the file's locale. A
    percentage, a fraction (``12.5``), a count of a trillion or more, and a negative
    count (unless ``signed``: a daily change can be negative) raise ValueError.
    """
    if text and len(text) < 13 and text.isascii() and text.isdigit():  # nearly every cell
        return int(text)
    if text is not None and _GROUPED_THOUSANDS.fullmatch(text.strip()):
        number: float = int(text.strip().replace(".", ""))
    else:
        if text is not None and text.strip().endswith("%"):
            raise ValueError(text)
        found = parse_number(text, decimal_comma=decimal_comma)
        if found is None:
            return None
        number = found
    if not math.isfinite(number) or number != int(number):
        raise ValueError(text)
    if not (-MAX_COUNT if signed else 0) <= number < MAX_COUNT:
        raise ValueError(text)
    return int(number)


def cell_number(
    source: ExportSource,
    line: int,
    header: HeaderMap,
    row: Sequence[str],
    field: str,
    *,
    whole: bool = True,
    decimal_comma: bool = False,
    signed: bool = False,
) -> float | int | None:
    """Parse one numeric cell, raising a one-line error that names file, row and column.

    Counts (``whole``) are whole numbers from 0 below MAX_COUNT; ``signed`` counts (a
    daily change) may be negative.
    """
    text = header.get(row, field)
    try:
        if whole:
            return parse_count(text, decimal_comma=decimal_comma, signed=signed)
        number = parse_number(text, decimal_comma=decimal_comma)
        if number is not None and not (math.isfinite(number) and abs(number) < MAX_COUNT):
            raise ValueError(text)
        return number
    except ValueError:
        raise ExportFormatError(
            source.name,
            f"{shown(text)} is not {_NUMBER_WHAT[whole, signed]}",
            row=line,
            column=header.column(field),
            expected=_NUMBER_EXPECTED[whole, signed],
        ) from None


_NUMBER_WHAT = {
    (True, False): "a count",
    (True, True): "a whole number",
    (False, False): "a number",
    (False, True): "a number",
}
_UNKNOWN_CELL = "blank / '-' / 'undefined' when unknown"
_NUMBER_EXPECTED = {
    (True, False): f"a whole number from 0 to {MAX_COUNT - 1:,} such as 1234 or 1234.0, or {_UNKNOWN_CELL}",
    (True, True): f"a whole number such as 12 or -3, or {_UNKNOWN_CELL}",
    (False, False): f"a number such as 1234, 1234.5 or 12%, or {_UNKNOWN_CELL}",
    (False, True): f"a number such as 1234, 1234.5 or 12%, or {_UNKNOWN_CELL}",
}


def check_count(
    source: ExportSource, value: object, *, row: int | None, column: str, signed: bool = False
) -> int | None:
    """A count from a JSON export (a number or a string of digits), bounded like a CSV cell."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise TypeError(value)
        if isinstance(value, int):
            if not (-MAX_COUNT if signed else 0) <= value < MAX_COUNT:
                raise ValueError(value)
            return value
        return parse_count(value if isinstance(value, str) else repr(value), signed=signed)
    except (ValueError, TypeError, OverflowError):
        raise ExportFormatError(
            source.name,
            f"{shown(value)} is not a count",
            row=row,
            column=column,
            expected=f'a whole number from 0 to {MAX_COUNT - 1:,} such as "5"',
        ) from None


def numeric_id(text: str) -> bool:
    """True for a platform id: ASCII digits up to 2**63 - 1 (``²`` or ``٣`` are not digits here)."""
    return text.isascii() and text.isdigit() and (len(text) < 19 or len(text) == 19 and int(text) <= MAX_ID)


def latest_time(stated: datetime | None, ctx_now: datetime) -> datetime:
    """The latest plausible time in a file: its export time when it says one, else now,
    plus a day of slack (time zones, an export made around midnight)."""
    return (stated if stated is not None else ctx_now) + LATE_SLACK


def time_problem(moment: datetime, latest: datetime) -> str | None:
    """Why a time cannot be in an export (None when it can): before 2004 or after ``latest``."""
    if moment < EARLIEST:
        return f"is before {EARLIEST:%Y-%m-%d}, earlier than any platform outreach reads"
    if moment > latest:
        return f"is after the export was made ({latest - LATE_SLACK:%Y-%m-%d %H:%M} UTC)"
    return None


def check_short_cells(
    source: ExportSource, line: int, header: HeaderMap, row: Sequence[str], text_field: str | None = None
) -> None:
    """Refuse a row with a cell longer than SHORT_CHARS, except in its text column."""
    if max(map(len, row), default=0) <= SHORT_CHARS:  # nearly every row: one C-level pass
        return
    text_at = header.index.get(text_field) if text_field else None
    for position, cell in enumerate(row):
        if position != text_at and len(cell) > SHORT_CHARS:
            raise ExportFormatError(
                source.name,
                f"{shown(cell)} is too long for this column",
                row=line,
                column=header.header[position] if position < len(header.header) else None,
                expected=f"at most {SHORT_CHARS} characters, as the platform exports it (only a caption is long)",
            )


class TextLimit:
    """Cuts texts longer than a platform keeps (TEXT_KEPT) and reports it once per file."""

    def __init__(
        self, source: ExportSource, platform: str, what: str = "caption", *, kept: int | None = None
    ) -> None:
        self.source, self.platform, self.what = source, platform, what
        self.kept = TEXT_KEPT[platform] if kept is None else kept
        self.rows: list[int] = []
        self.longest = 0

    def __call__(self, text: str | None, row: int, column: str | None = None) -> str | None:
        if text is None:
            return None
        if "\x00" in text:
            raise ExportFormatError(
                self.source.name,
                f"the {self.what} holds a NUL character",
                row=row,
                column=column,
                expected="text without control characters, as the platform exports it",
            )
        if len(text) <= self.kept:
            return text
        self.rows.append(row)
        self.longest = max(self.longest, len(text))
        return text[: self.kept]

    def notice(self) -> Notice | None:
        if not self.rows:
            return None
        rows = ", ".join(str(r) for r in self.rows[:5]) + (", …" if len(self.rows) > 5 else "")
        platform = {"x": "X", "tiktok": "TikTok", "instagram": "Instagram"}[self.platform]
        limit = (
            f"{platform} allows {TEXT_LIMITS[self.platform]:,}"
            if self.what == "caption"
            else ("a longer text is not kept from this file")
        )
        return Notice(
            f"{self.source.name}: {len(self.rows):,} {self.what}(s) longer than {self.kept:,} characters "
            f"cut to that length (rows {rows}; the longest had {self.longest:,}); {limit}"
        )


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 (Instagram's JSON exports); leave clean text alone."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def utc_from_timestamp(seconds: float) -> datetime:
    """Naive UTC of Unix seconds; ValueError for a time no calendar holds (1e30, inf, nan)."""
    try:
        return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"{seconds!r} is out of range") from exc


def to_naive_utc(moment: datetime) -> datetime:
    """Naive UTC; ValueError when the conversion leaves the calendar (year 1 or 9999 with an offset)."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError as exc:
        raise ValueError(f"{moment!r} is out of range") from exc


def check_unknown_columns(
    source: ExportSource, header: HeaderMap, ignore: bool, *, row: int = 1
) -> list[str]:
    """Refuse a header with columns we cannot map, unless the user chose to skip them.

    Returns the skipped column names (for a Notice) when ``ignore`` is set.
    """
    if header.duplicates:
        _, first, repeat = header.duplicates[0]
        raise ExportFormatError(
            source.name,
            f"column {shown(header.header[repeat])} appears twice (columns {first + 1} and {repeat + 1}), "
            "so it is not clear which one holds the numbers",
            row=row,
            expected="each column once, as the platform exports it",
        )
    if header.unknown and not ignore:
        raise ExportFormatError(
            source.name,
            f"unknown column(s) {column_list(header.unknown)}",
            row=row,
            expected="the columns of a known export; if the platform added a column, "
            "re-run with --ignore-unknown-columns to import the rest and skip it",
        )
    return list(header.unknown)


def column_list(names: Sequence[str], most: int = 5) -> str:
    """Column names for a message: the first few, then how many more."""
    listed = ", ".join(shown(c, 40) for c in names[:most])
    return listed if len(names) <= most else f"{listed} and {len(names) - most:,} more"

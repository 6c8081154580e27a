"""Reading export files: sources, encodings, CSV rows, numbers and localised headers.

Every platform parser builds on these so that BOM sniffing, quoting, row numbers
in error messages and "unknown is not zero" behave the same for all exports.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Callable

from collectors.errors import ExportFormatError

HEAD_BYTES = 8192
# Large captions are legal; the csv module's default 128 KiB cap is not a format rule.
csv.field_size_limit(16 * 1024 * 1024)


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
        if self.member is None:
            return open(self.path, "rb")
        archive = zipfile.ZipFile(self.path)
        try:
            return _ClosingMember(archive.open(self.member), archive)
        except Exception:
            archive.close()
            raise

    def head(self, size: int = HEAD_BYTES) -> bytes:
        with self.open_binary() as stream:
            return stream.read(size)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open_binary() as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def modified_at(self) -> datetime:
        """Last-modified time in naive UTC (ZIP members carry their own)."""
        if self.member is None:
            stamp = self.path.stat().st_mtime
            return datetime.fromtimestamp(stamp, timezone.utc).replace(tzinfo=None)
        with zipfile.ZipFile(self.path) as archive:
            return datetime(*archive.getinfo(self.member).date_time)


class _ClosingMember(io.BufferedReader):
    """A ZIP member stream that also closes its archive."""

    def __init__(self, raw: IO[bytes], archive: zipfile.ZipFile) -> None:
        super().__init__(raw)  # type: ignore[arg-type]
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


@dataclass
class CsvRows:
    """Rows of a CSV export with the file's 1-based line numbers for messages."""

    source: ExportSource
    stream: IO[str]
    reader: Iterator[list[str]]

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        line = 0
        while True:
            try:
                row = next(self.reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ExportFormatError(
                    self.source.name,
                    f"broken CSV ({exc})",
                    row=self.reader.line_num if hasattr(self.reader, "line_num") else line,
                    expected="a complete CSV file as the platform exported it (re-download it)",
                ) from None
            except UnicodeDecodeError:
                raise ExportFormatError(
                    self.source.name,
                    "the text is not valid UTF-8 or UTF-16",
                    row=_first_undecodable_line(self.source) or line + 1,
                    expected="the file exactly as downloaded, not re-saved in another encoding",
                ) from None
            line = self.reader.line_num  # type: ignore[attr-defined]
            yield line, row

    def close(self) -> None:
        self.stream.close()


def _first_undecodable_line(source: ExportSource) -> int | None:
    """The 1-based line holding the first bad byte (the decoder reads ahead in blocks)."""
    with source.open_binary() as stream:
        encoding = sniff_encoding(stream.read(4))
        if encoding != "utf-8" and encoding != "utf-8-sig":
            return None
        stream.seek(0)
        for number, raw in enumerate(stream, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def csv_rows(source: ExportSource, *, delimiter: str = ",") -> CsvRows:
    stream = open_text(source)
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    return CsvRows(source, stream, reader)


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
        for position, cell in enumerate(header):
            field = lookup.get(normalise_header(cell))
            if field is None:
                if cell.strip():
                    self.unknown.append(cell)
            elif field not in self.index:
                self.index[field] = position

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


def match_score(header: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> int:
    """How many header cells a kind's alias table recognises (for sniffing)."""
    return len(HeaderMap(header, aliases).index)


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
    return number / 100 if percent else number


_GROUPED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def parse_count(text: str | None, *, decimal_comma: bool = False) -> int | None:
    """A whole count (``1777.0`` is fine); fractions are rounded, unknown is None.

    ``1.234`` or ``12.500`` cannot be a fraction of a like: it is a count typed or
    saved with Indonesian thousands separators, whatever the file's locale.
    """
    if text and text.isascii() and text.isdigit():  # nearly every cell: skip the locale rules
        return int(text)
    if text is not None and _GROUPED_THOUSANDS.fullmatch(text.strip()):
        return int(text.strip().replace(".", ""))
    number = parse_number(text, decimal_comma=decimal_comma)
    return None if number is None else int(round(number))


def cell_number(
    source: ExportSource,
    line: int,
    header: HeaderMap,
    row: Sequence[str],
    field: str,
    *,
    whole: bool = True,
    decimal_comma: bool = False,
) -> float | int | None:
    """Parse one numeric cell, raising a one-line error that names file, row and column."""
    text = header.get(row, field)
    parse: Callable[..., float | int | None] = parse_count if whole else parse_number
    try:
        return parse(text, decimal_comma=decimal_comma)
    except ValueError:
        raise ExportFormatError(
            source.name,
            f"{text!r} is not a number",
            row=line,
            column=header.column(field),
            expected="a number such as 1234, 1234.0 or 12%, or blank / '-' / 'undefined' when unknown",
        ) from None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 (Instagram's JSON exports); leave clean text alone."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def utc_from_timestamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None)


def to_naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def check_unknown_columns(
    source: ExportSource, header: HeaderMap, ignore: bool, *, row: int = 1
) -> list[str]:
    """Refuse a header with columns we cannot map, unless the user chose to skip them.

    Returns the skipped column names (for a Notice) when ``ignore`` is set.
    """
    if header.unknown and not ignore:
        names = ", ".join(repr(c) for c in header.unknown)
        raise ExportFormatError(
            source.name,
            f"unknown column(s) {names}",
            row=row,
            expected="the columns of a known export; if the platform added a column, "
            "re-run with --ignore-unknown-columns to import the rest and skip it",
        )
    return list(header.unknown)

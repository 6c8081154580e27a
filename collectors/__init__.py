"""Collectors: platform export files (and later APIs) in, plain records out.

One module per platform, each with a list ``KINDS`` of the export kinds it
understands. A kind has a detector that looks at a file's content (BOM, preamble,
header set, JSON shape), never at its name alone, and a parser that streams
records. Nothing here touches the database.
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from collectors.errors import CollectorError, ExportFormatError, UnknownExportError, one_line, shown
from collectors.exportfile import (
    HEAD_BYTES,
    MAX_ZIP_MEMBERS,
    ExportSource,
    check_member,
    head_text,
    not_regular,
)
from collectors.records import Record

__all__ = [
    "CollectorError",
    "ExportFormatError",
    "ExportKind",
    "ParseContext",
    "UnknownExportError",
    "detect_kind",
    "iter_sources",
]


@dataclass(frozen=True)
class ParseContext:
    """What a parser may need beyond the file itself."""

    imported_at: datetime  # naive UTC; snapshot time when the file carries none
    timezone: str = "Asia/Jakarta"  # for exports that give local dates without a zone
    account_handle: str | None = None  # when the file does not name its account
    today: date | None = None  # for inferring the year of year-less dates
    # A column no alias table knows is an error (data would be lost silently);
    # when a platform adds a metric the operator can choose to skip it instead.
    ignore_unknown_columns: bool = False


@dataclass(frozen=True)
class Sniff:
    """The start of a file, given to every detector."""

    source: ExportSource
    head: bytes
    text: str  # decoded head, '' for binary files


@dataclass(frozen=True)
class ExportKind:
    name: str  # stable id stored as imported_file.kind, e.g. "meta_content"
    platform: str
    description: str  # shown to users, e.g. "Meta Business Suite content export (CSV)"
    detect: Callable[[Sniff], bool]
    parse: Callable[[ExportSource, ParseContext], Iterator[Record]]
    extra: dict[str, object] = field(default_factory=dict)
    example: str = ""  # the start of such a file, to name the closest kinds for an unknown file


def all_kinds() -> list[ExportKind]:
    from collectors import instagram, manual, tiktok, x

    return [*instagram.KINDS, *tiktok.KINDS, *x.KINDS, *manual.KINDS]


def detect_kind(source: ExportSource) -> ExportKind:
    """The kind of a source, from its content.

    A ZIP member that is recognised is read through once here (``ExportSource.verify``):
    a damaged member must fail now, before anything from it is stored.
    """
    head = source.head(HEAD_BYTES)
    if not head.strip(b"\xef\xbb\xbf\xff\xfe\r\n\t "):
        raise ExportFormatError(
            source.name, "the file is empty", expected="an export file as downloaded from the platform"
        )
    sniff = Sniff(source, head, head_text(head))
    for kind in all_kinds():
        if kind.detect(sniff):
            source.verify()
            return kind
    raise UnknownExportError(f"{source.name}: {unknown_kind_reason(source, sniff)}")


_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) > 1}


def unknown_kind_reason(source: ExportSource, sniff: Sniff) -> str:
    """One line: the file is no known kind, the three kinds it comes closest to, and
    where the full list is (``outreach import --help``)."""
    kinds = all_kinds()
    first_lines = "\n".join((sniff.text or sniff.head.decode("latin-1")).splitlines()[:3])[:2000]
    words = _words(first_lines) | _words(Path(source.file_name).stem)

    def closeness(kind: ExportKind) -> float:
        theirs = _words(f"{kind.name} {kind.description} {kind.example}")
        return len(words & theirs) / (len(theirs) or 1)

    ranked = sorted(kinds, key=closeness, reverse=True)[:3]
    names = [f"{k.description}" for k in ranked]
    return (
        f"not an export file outreach understands; closest are {names[0]}, {names[1]} and {names[2]} "
        f"(`outreach import --help` lists all {len(kinds)} kinds)"
    )


def iter_sources(paths: Iterable[Path]) -> Iterator[ExportSource | CollectorError]:
    """Expand files, folders (recursively) and ZIPs into single sources.

    A ZIP with nothing readable in it yields an error for that ZIP rather than
    disappearing silently; so do a damaged ZIP, a ZIP member that is encrypted, packed
    in a way outreach cannot unpack or unpacks to an absurd size, and anything that is
    not a regular file (a FIFO is never opened, so nothing waits on it).
    """
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError:
            yield CollectorError(f"{one_line(str(path))}: no such file or folder")
            continue
        if stat.S_ISDIR(mode):
            inside = []
            for found in sorted(path.rglob("*")):
                if found.name.startswith(".") or found.is_dir():
                    continue
                inside.append(found)
            yield from iter_sources(inside)
        elif not stat.S_ISREG(mode):
            yield not_regular(path.name, mode)
        elif _is_zip(path):
            yield from _zip_sources(path)
        else:
            yield ExportSource(path)


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(4) in (b"PK\x03\x04", b"PK\x05\x06") and zipfile.is_zipfile(path)
    except OSError:
        return False


def _zip_sources(path: Path) -> Iterator[ExportSource | CollectorError]:
    again = "the ZIP exactly as downloaded from the platform (download it again)"
    try:
        count = _zip_entry_count(path)
        if count > MAX_ZIP_MEMBERS:
            yield ExportFormatError(
                path.name, f"the ZIP lists {count:,} files", expected=f"at most {MAX_ZIP_MEMBERS:,}; " + again
            )
            return
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        yield ExportFormatError(path.name, f"the ZIP cannot be read ({shown(str(exc), 80)})", expected=again)
        return
    if any(info.filename == "xl/workbook.xml" for info in infos):
        # An XLSX workbook is a ZIP too; it is one export file, not an archive of them.
        yield ExportSource(path)
        return
    members = [
        info
        for info in infos
        if not info.is_dir()
        and not Path(info.filename).name.startswith((".", "__MACOSX"))
        and "__MACOSX/" not in info.filename
    ]
    if not members:
        yield ExportFormatError(
            path.name, "the ZIP holds no files", expected="a ZIP downloaded from the platform"
        )
    for info in members:
        try:
            check_member(path.name, info)
        except ExportFormatError as exc:
            yield exc
            continue
        yield ExportSource(path, info.filename)


def _zip_entry_count(path: Path) -> int:
    """Entries the ZIP's end record announces, read before the central directory is."""
    size = path.stat().st_size
    with open(path, "rb") as stream:
        stream.seek(max(0, size - (1 << 16) - 22))
        tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return 0  # zipfile says what is wrong
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    if count == 0xFFFF:  # ZIP64: the count is in the ZIP64 end record
        at64 = tail.rfind(b"PK\x06\x06", 0, at)
        if at64 >= 0 and at64 + 40 <= len(tail):
            count = int.from_bytes(tail[at64 + 32 : at64 + 40], "little")
    return count


def is_xlsx(path: Path) -> bool:
    """An XLSX workbook is a ZIP too; it is one export file, not an archive of them."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False

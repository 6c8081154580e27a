"""Collectors: platform export files (and later APIs) in, plain records out.

One module per platform, each with a list ``KINDS`` of the export kinds it
understands. A kind has a detector that looks at a file's content (BOM, preamble,
header set, JSON shape), never at its name alone, and a parser that streams
records. Nothing here touches the database.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

from collectors.errors import CollectorError, ExportFormatError, UnknownExportError
from collectors.exportfile import HEAD_BYTES, ExportSource, head_text
from collectors.records import Record

__all__ = [
    "CollectorError",
    "ExportFormatError",
    "ExportKind",
    "ParseContext",
    "UnknownExportError",
    "detect_kind",
    "iter_sources",
    "platform_module",
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


def platform_module(name: str) -> ModuleType:
    """The collector module of a platform; an unknown name lists the valid ones."""
    from collectors import instagram, tiktok, x

    modules = {"instagram": instagram, "tiktok": tiktok, "x": x}
    try:
        return modules[name]
    except KeyError:
        raise CollectorError(
            f"unknown platform '{name}'; valid platforms: {', '.join(modules)}"
        ) from None


def all_kinds() -> list[ExportKind]:
    from collectors import instagram, manual, tiktok, x

    return [*instagram.KINDS, *tiktok.KINDS, *x.KINDS, *manual.KINDS]


def detect_kind(source: ExportSource) -> ExportKind:
    head = source.head(HEAD_BYTES)
    if not head.strip(b"\xef\xbb\xbf\xff\xfe\r\n\t "):
        raise ExportFormatError(source.name, "the file is empty", expected="an export file as downloaded from the platform")
    sniff = Sniff(source, head, head_text(head))
    for kind in all_kinds():
        if kind.detect(sniff):
            return kind
    raise UnknownExportError(
        f"{source.name}: not an export file outreach understands; "
        f"known kinds: {', '.join(k.description for k in all_kinds())}"
    )


def iter_sources(paths: Iterable[Path]) -> Iterator[ExportSource | CollectorError]:
    """Expand files, folders (recursively) and ZIPs into single sources.

    A ZIP with nothing readable in it yields an error for that ZIP rather than
    disappearing silently.
    """
    for path in paths:
        if path.is_dir():
            yield from iter_sources(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        elif not path.exists():
            yield CollectorError(f"{path}: no such file or folder")
        elif zipfile.is_zipfile(path) and not is_xlsx(path):
            with zipfile.ZipFile(path) as archive:
                members = [
                    info.filename
                    for info in archive.infolist()
                    if not info.is_dir() and not Path(info.filename).name.startswith((".", "__MACOSX"))
                    and "__MACOSX/" not in info.filename
                ]
            if not members:
                yield ExportFormatError(path.name, "the ZIP holds no files", expected="a ZIP downloaded from the platform")
            for member in members:
                yield ExportSource(path, member)
        else:
            yield ExportSource(path)


def is_xlsx(path: Path) -> bool:
    """An XLSX workbook is a ZIP too; it is one export file, not an archive of them."""
    with zipfile.ZipFile(path) as archive:
        return "xl/workbook.xml" in archive.namelist()

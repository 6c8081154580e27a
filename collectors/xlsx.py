"""XLSX export sheets read as rows of strings, like ``csv_rows``.

Some platforms (TikTok Studio) offer the same table as CSV or XLSX. Parsers are
written against strings so both formats go through one code path: a cell
becomes the text a CSV export would have held (``1234`` not ``1234.0`` for
whole numbers, ISO text for dates, '' for empty).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import IO
from xml.etree.ElementTree import ParseError

from collectors.errors import ExportFormatError
from collectors.exportfile import ExportSource, check_member

# A Studio workbook is tens of KB; openpyxl holds a member (and the shared strings) whole.
MAX_XLSX_BYTES = 64 << 20

XLSX_MAGIC = b"PK\x03\x04"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _open_workbook_stream(source: ExportSource) -> IO[bytes]:
    # openpyxl seeks; a ZIP member stream cannot, so a member is read into memory
    # (a Studio sheet is a few hundred rows). A file on disk is opened directly.
    if source.member is None:
        stream = source.open_binary()
    else:
        with source.open_binary() as member:
            data = member.read(MAX_XLSX_BYTES + 1)
        if len(data) > MAX_XLSX_BYTES:
            raise _too_big(source)
        stream = io.BytesIO(data)
    _check_parts(source, stream)
    return stream


def _too_big(source: ExportSource) -> ExportFormatError:
    return ExportFormatError(
        source.name,
        f"the workbook is larger than {MAX_XLSX_BYTES >> 20} MiB unpacked",
        expected="the .xlsx file exactly as downloaded from the platform (a few hundred KB)",
    )


def _check_parts(source: ExportSource, stream: IO[bytes]) -> None:
    """Refuse a workbook whose parts are encrypted, absurdly packed or too big, before openpyxl reads them."""
    try:
        with zipfile.ZipFile(stream) as workbook:
            infos = workbook.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # openpyxl says what is wrong with it
    finally:
        stream.seek(0)
    for info in infos:
        check_member(source.name, info)
    if sum(info.file_size for info in infos) > MAX_XLSX_BYTES:
        raise _too_big(source)


def looks_like_xlsx(head: bytes) -> bool:
    return head.startswith(XLSX_MAGIC)


def xlsx_rows(source: ExportSource, *, max_rows: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """Rows of the first worksheet as (1-based row number, list of cell strings).

    Trailing empty cells are dropped so a row has the width of its data, as a CSV
    row would. ``max_rows`` stops early (for sniffing the header).
    """
    from openpyxl import load_workbook  # heavy import; only files that are XLSX need it
    from openpyxl.utils.exceptions import InvalidFileException

    stream = _open_workbook_stream(source)
    try:
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException, ParseError) as exc:
            raise ExportFormatError(
                source.name,
                f"not a readable XLSX workbook ({type(exc).__name__})",
                expected="the .xlsx file exactly as downloaded from the platform",
            ) from None
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if max_rows is not None and number > max_rows:
                    return
                cells = [_cell_text(v) for v in values]
                while cells and cells[-1] == "":
                    cells.pop()
                yield number, cells
        except (ParseError, zipfile.BadZipFile, KeyError) as exc:
            raise ExportFormatError(
                source.name,
                f"the XLSX sheet is damaged ({type(exc).__name__})",
                expected="the .xlsx file exactly as downloaded from the platform",
            ) from None
        finally:
            workbook.close()
    finally:
        stream.close()

"""Errors a collector raises; the CLI prints them as one line."""

from __future__ import annotations

import re

SHOWN_CHARS = 60  # of a value quoted from a file
REASON_CHARS = 400  # of a reason or an expectation
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value from a file as a message quotes it: repr, cut to ``limit`` characters.

    A cell can be megabytes long; a message is one line a person reads.
    """
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def one_line(text: str, limit: int = REASON_CHARS) -> str:
    """Text for a message: line breaks folded, at most ``limit`` characters."""
    text = _LINE_BREAKS.sub(" ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CollectorError(Exception):
    """Base class: something a user can fix about an input or an API setting."""


class ExportFormatError(CollectorError):
    """A file that cannot be read as the export kind it looks like.

    The message names the file, the row and column when known, what was wrong
    and what a valid value looks like, e.g.
    ``Reach.csv, row 7, column 'Primary': '12a' is not a number; expected ...``.
    """

    def __init__(
        self,
        file: str,
        reason: str,
        *,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
    ) -> None:
        file, reason = one_line(file), one_line(reason)
        column = None if column is None else one_line(column, SHOWN_CHARS)
        expected = None if expected is None else one_line(expected)
        self.file, self.row, self.column = file, row, column
        self.reason, self.expected = reason, expected
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        message = f"{where}: {reason}"
        if expected:
            message += f"; expected {expected}"
        super().__init__(message)


class UnknownExportError(CollectorError):
    """A file whose content matches none of the export kinds we understand."""

"""Errors a collector raises; the CLI prints them as one line."""

from __future__ import annotations


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

"""Domain errors. The CLI prints any of them as one line ``Error: ...`` and exits 1."""

from __future__ import annotations


class OutreachError(Exception):
    """Something the user can fix; the message says how."""


class ConfigError(OutreachError):
    """The configuration file is missing, unreadable or invalid."""


class DatabaseError(OutreachError):
    """The database cannot be reached, created or is at the wrong schema."""

"""Command-line values shared by every command: dates, periods, ages and output format.

One parser per kind of value, so that `outreach posts`, `summary`, `consistency` and
`compare` accept the same spellings and answer a mistake with the same one line.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import click

from outreach.errors import OutreachError

MAX_AGE_DAYS = 3650


def parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise OutreachError(f"{option} {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-10-01") from None


def parse_period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start and end and end < start:
        raise OutreachError(f"--until {end} is before --since {start}; swap them")
    return start, end


def local_day_start_utc(day: date, zone: str) -> datetime:
    """Midnight of a day in the report zone, as the naive UTC the database stores."""
    local_midnight = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return local_midnight.astimezone(UTC).replace(tzinfo=None)


def parse_age(text: str | None, default: float) -> float | None:
    """Days after publishing, or None for lifetime ('lifetime' or 'all')."""
    if text is None:
        return float(default)
    if text.strip().lower() in ("lifetime", "all"):
        return None
    try:
        age = float(text)
    except ValueError:
        raise OutreachError(
            f"--age {text!r} is not a number of days; use e.g. --age 7 or --age lifetime"
        ) from None
    if not 0 < age <= MAX_AGE_DAYS:
        raise OutreachError(
            f"--age {text} is out of range; use a number of days above 0 and up to {MAX_AGE_DAYS}, or lifetime"
        )
    return age


def output_format(command: Any) -> Any:
    """``--format table|csv|json``, and ``--json`` as other commands have it (same as --format json)."""

    @functools.wraps(command)
    def run(*args: Any, as_json: bool, fmt: str, **kwargs: Any) -> Any:
        return command(*args, fmt="json" if as_json else fmt, **kwargs)

    run = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(run)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="csv and json are for spreadsheets and scripts.",
    )(run)

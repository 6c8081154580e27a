"""What every command shares: the workspace, output writers and the options defined once.

A command parses its options, calls one use case of ``outreach.app`` and presents the
result; it holds no SQL, no analysis and no file format work.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from outreach.app.filters import PLATFORMS, PostFilter
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

pass_workspace = click.make_pass_decorator(Workspace)

F = TypeVar("F", bound=Callable[..., Any])


# --- output -----------------------------------------------------------------------------


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=json_default))


def emit_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows as CSV on stdout: blank for unknown, times as in JSON (ISO 8601, UTC), and
    text a spreadsheet would run as a formula neutralised (see ``csv_cell``)."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[c]) for c in columns])


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (date, Path)):  # datetime is a date
        return json_default(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        # OWASP's rule for CSV injection: a leading quote makes Excel show it as text.
        return "'" + value
    return value


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + ("Z" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


# --- options defined once ---------------------------------------------------------------

MAX_AGE_DAYS = 3650


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


PLATFORM_CHOICE = click.Choice(PLATFORMS)


def platform_option(help: str = "Only this platform.", **kwargs: Any) -> Callable[[F], F]:
    return click.option("--platform", type=PLATFORM_CHOICE, help=help, **kwargs)


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.UsageError(f"{option} {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-10-01") from None


FILTER_OPTIONS = ("since", "until", "platform", "account", "office", "campaign", "pillar")


def post_filter(
    *names: str, since_help: str | None = None, until_help: str | None = None
) -> Callable[[F], F]:
    """Add the post-selection options ``names`` (default: all) and pass one ``filters:
    PostFilter`` to the command instead of them."""
    names = names or FILTER_OPTIONS
    options = {
        "since": click.option(
            "--since", metavar="DATE",
            help=since_help or "Posts published on or after DATE (YYYY-MM-DD, report time zone).",
        ),
        "until": click.option(
            "--until", metavar="DATE",
            help=until_help or "Posts published on or before DATE (YYYY-MM-DD, report time zone).",
        ),
        "platform": platform_option(),
        "account": click.option("--account", metavar="HANDLE", help="Only posts of this account."),
        "office": click.option("--office", metavar="KEY", help="Only posts of this office's accounts."),
        "campaign": click.option("--campaign", metavar="KEY", help="Only posts tagged to this campaign."),
        "pillar": click.option("--pillar", metavar="KEY", help="Only posts tagged to this pillar."),
    }  # fmt: skip

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in names}
            try:
                filters = PostFilter(
                    **{
                        **given,
                        "since": parse_day(given.get("since"), "--since"),
                        "until": parse_day(given.get("until"), "--until"),
                    }
                )
            except OutreachError as exc:
                raise click.UsageError(str(exc)) from None
            return command(*args, filters=filters, **kwargs)

        wrapped: Any = run
        for name in reversed(names):
            wrapped = options[name](wrapped)
        return cast(F, wrapped)

    return decorate


def output_format(command: F) -> F:
    """``--format table|csv|json``, and ``--json`` as its alias."""

    @functools.wraps(command)
    def run(*args: Any, as_json: bool, fmt: str, **kwargs: Any) -> Any:
        return command(*args, fmt="json" if as_json else fmt, **kwargs)

    wrapped: Any = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(run)
    option = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="csv and json are for spreadsheets and scripts.",
    )
    return cast(F, option(wrapped))

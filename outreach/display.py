"""Human-readable terminal output (rich tables); times shown in the configured zone."""

from __future__ import annotations

import os
import sys
from collections import Counter
from datetime import datetime, timezone
from typing import Any, Sequence
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

# Piped into a file or a log, rich would assume 80 columns and fold every table;
# 160 keeps a status or summary table on one line per row. COLUMNS still wins.
_PIPED_WIDTH = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
console = Console(highlight=False, soft_wrap=True, width=_PIPED_WIDTH)


def local_time(value: datetime | None, zone: str, fmt: str = "%Y-%m-%d %H:%M", *, with_zone: bool = True) -> str:
    """A stored naive-UTC time shown in the report zone, e.g. '2026-11-23 08:15 WIB'."""
    if value is None:
        return "—"
    local = value.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
    return f"{local.strftime(fmt)} {local.tzname()}" if with_zone else local.strftime(fmt)


def zone_name(zone: str) -> str:
    """The zone's current abbreviation for column headers ('WIB'), else its name."""
    return datetime.now(ZoneInfo(zone)).tzname() or zone


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, right: Sequence[str] = ()) -> None:
    grid = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        grid.add_column(column, justify="right" if column in right else "left", overflow="fold")
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    console.print(grid)


def print_status(report: dict[str, Any], zone: str) -> None:
    console.print(f"Database: {report['database']} (schema {report['schema']})")
    console.print(f"Config:   {report['config'] or 'none (built-in defaults)'}")
    totals = report["totals"]
    console.print(
        f"Stored:   {totals['post']} posts, {totals['metric_snapshot']} metric snapshots, "
        f"{totals['account_snapshot']} account-days, {totals['comment']} comments, "
        f"{totals['imported_file']} imported files"
    )
    if report["accounts"]:
        table(
            "Accounts",
            [
                "platform", "account", "office", "posts", "snapshots", "comments", "days",
                f"last post ({zone_name(zone)})", f"last collected ({zone_name(zone)})",
            ],
            [
                [
                    a["platform"], "@" + a["handle"], a["office"], a["posts"], a["snapshots"], a["comments"],
                    a["account_days"], local_time(a["last_post"], zone, with_zone=False),
                    local_time(a["last_collected"], zone, with_zone=False),
                ]
                for a in report["accounts"]
            ],
            right=["posts", "snapshots", "comments", "days"],
        )
    else:
        console.print("No accounts yet: add them to outreach.toml or import an export file (outreach import -h).")


class _NoProgress:
    def __enter__(self):  # type: ignore[no-untyped-def]
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def progress_bar(enabled: bool = True):  # type: ignore[no-untyped-def]
    """A per-file row counter on stderr while importing; silent when not a terminal."""
    from contextlib import contextmanager

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    err = Console(stderr=True)
    if not enabled or not err.is_terminal:
        return _NoProgress()

    @contextmanager
    def bar():  # type: ignore[no-untyped-def]
        tasks: dict[str, object] = {}
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:,} rows"),
            TimeElapsedColumn(), console=err, transient=True,
        ) as progress:

            def report(name: str, rows: int) -> None:
                if name not in tasks:
                    tasks[name] = progress.add_task(name, total=None)
                progress.update(tasks[name], completed=rows)  # type: ignore[arg-type]

            yield report

    return bar()


LIST_IMPORTED_FILES = 12


def print_import_summary(summary) -> None:  # type: ignore[no-untyped-def]
    totals = summary.totals
    console.print(
        f"Imported {summary.count('imported')} file(s), skipped {summary.count('skipped')}, "
        f"failed {summary.count('failed')}."
    )
    console.print(
        f"Posts: {totals.posts_new} new, {totals.posts_updated} seen again · metric snapshots: {totals.snapshots} "
        f"({totals.snapshots_new} new) · account-days: {totals.account_days} · audience rows: "
        f"{totals.audience_rows} · comments: {totals.comments}"
        + (f" ({totals.comments_skipped} skipped: authors purged)" if totals.comments_skipped else "")
    )
    imported = [f for f in summary.files if f.status == "imported"]
    if len(imported) > LIST_IMPORTED_FILES:
        # A season of weekly exports is dozens of files: one line per kind, not per file.
        kinds = Counter(f.kind for f in imported)
        console.print("  imported  " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
    for outcome in summary.files:
        if outcome.status == "imported" and len(imported) <= LIST_IMPORTED_FILES:
            console.print(f"  imported  {outcome.name} ({outcome.kind}, {outcome.counts.rows} records)")
        elif outcome.status == "skipped":
            console.print(f"  skipped   {outcome.name}: {outcome.reason}")
    for notice in totals.notices:
        console.print(f"  note      {notice}")

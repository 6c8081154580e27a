"""Terminal output (rich): tables that fit, times in the configured zone, texts in the report language.

A table never breaks a number or an id across lines: long names are shortened with an
ellipsis, and when the rows still do not fit the terminal the table is printed as records
(one block of "column: value" lines per row).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from outreach.texts import number, text

PIPED_WIDTH = 160  # a table piped into a file or a log: one line per row where it fits
NAME_WIDTH = 36  # longest text cell before it is shortened with an ellipsis


class _Console:
    """The console of the current stdout, made when first used in a command (tests swap stdout)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(make_console(), name)


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width = None
    if not stream.isatty() and not os.environ.get("COLUMNS"):
        width = PIPED_WIDTH
    # Prose wraps at word boundaries; markup is off because captions are untrusted text
    # ("[bold]" in a caption is shown, not obeyed).
    return Console(file=stream, highlight=False, markup=False, soft_wrap=False, width=width)


console: Any = _Console()


def local_time(
    value: datetime | None, zone: str, fmt: str = "%Y-%m-%d %H:%M", *, with_zone: bool = True
) -> str:
    """A stored naive-UTC time shown in the report zone, e.g. '2026-11-23 08:15 WIB'."""
    if value is None:
        return "—"
    local = value.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
    return f"{local.strftime(fmt)} {local.tzname()}" if with_zone else local.strftime(fmt)


def zone_name(zone: str) -> str:
    """The zone's current abbreviation for column headers ('WIB'), else its name."""
    return datetime.now(ZoneInfo(zone)).tzname() or zone


def shorten(value: str | None, limit: int) -> str:
    flat = " ".join((value or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    right: Sequence[str] = (),
    names: Sequence[str] = (),
) -> None:
    """Print rows under ``columns``. Cells of ``names`` columns (free text: captions, group
    names) are shortened to fit; every other cell is kept whole. A table too wide for the
    terminal is split into several, each repeating the first column; if even that does
    not fit, the rows are printed as records."""
    out = make_console()
    cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
    name_columns = {i for i, c in enumerate(columns) if c in names}
    for row in cells:
        for i in name_columns:
            row[i] = shorten(row[i], NAME_WIDTH)
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    parts = _split(widths, out.width)
    if parts is None:
        _records(out, title, columns, cells)
        return
    for number_, part in enumerate(parts):
        grid = Table(title=title if number_ == 0 else None, title_justify="left", show_lines=False)
        for i in part:
            grid.add_column(columns[i], justify="right" if columns[i] in right else "left", no_wrap=True)
        for row in cells:
            grid.add_row(*(row[i] for i in part))
        out.print(grid)


def _split(widths: Sequence[int], available: int) -> list[list[int]] | None:
    """Column indexes per table: all in one if they fit, else the first column repeated
    before as many of the others as fit; None when one of them cannot fit beside it."""

    def width(part: Sequence[int]) -> int:
        # rich draws "│ " before each cell, " " after it and "│" at the end.
        return sum(widths[i] for i in part) + 3 * len(part) + 1

    everything = list(range(len(widths)))
    if width(everything) <= available or len(widths) < 2:
        return [everything]
    parts: list[list[int]] = []
    part = [0]
    for i in everything[1:]:
        if width([*part, i]) > available:
            if part == [0]:
                return None
            parts.append(part)
            part = [0]
            if width([0, i]) > available:
                return None
        part.append(i)
    parts.append(part)
    return parts


def _records(out: Console, title: str | None, columns: Sequence[str], cells: Sequence[Sequence[str]]) -> None:
    if title:
        out.print(title)
    label_width = max(len(c) for c in columns)
    for row in cells:
        out.print("─" * min(out.width, 40))
        for column, cell in zip(columns, row):
            out.print(f"{column.ljust(label_width)}  {cell}")


# --- status -------------------------------------------------------------------------------


def print_status(report: dict[str, Any], zone: str, language: str) -> None:
    t = text(language)
    out = make_console()
    out.print(t("status.database", database=report["database"], schema=report["schema"]))
    out.print(t("status.config", config=report["config"] or t("status.no_config")))
    totals = report["totals"]
    out.print(
        t(
            "status.stored",
            posts=number(totals["post"], language), snapshots=number(totals["metric_snapshot"], language),
            days=number(totals["account_snapshot"], language), comments=number(totals["comment"], language),
            files=number(totals["imported_file"], language),
        )
    )  # fmt: skip
    if report["accounts"]:
        columns = [c.format(zone=zone_name(zone)) for c in t("status.columns")]
        table(
            t("status.accounts"),
            columns,
            [
                [
                    "@" + a["handle"], a["platform"], a["office"], number(a["posts"], language),
                    number(a["snapshots"], language), number(a["comments"], language),
                    number(a["account_days"], language), local_time(a["last_post"], zone, with_zone=False),
                    local_time(a["last_collected"], zone, with_zone=False),
                ]
                for a in report["accounts"]
            ],
            right=columns[3:7],
        )  # fmt: skip
    else:
        out.print(t("status.no_accounts"))
    collection = report.get("collection") or []
    if collection:
        columns = [c.format(zone=zone_name(zone)) for c in t("status.collection_columns")]
        table(
            t("status.collection"),
            columns,
            [
                [
                    "@" + (h.get("handle") or ""), h.get("platform"), h.get("token"),
                    local_time(h.get("token_expires_at"), zone, "%Y-%m-%d", with_zone=False)
                    + (" !" if h.get("expiring_soon") else ""),
                    local_time(h.get("last_ok"), zone, with_zone=False),
                    local_time(h.get("last_failure"), zone, with_zone=False),
                    h.get("problem") or h.get("last_error") or "",
                ]
                for h in collection
            ],
        )  # fmt: skip
    runs = report.get("recent_runs") or []
    if runs:
        columns = [c.format(zone=zone_name(zone)) for c in t("status.run_columns")]
        table(
            t("status.runs"),
            columns,
            [
                [
                    run["job"], shorten(run["target"], 30), local_time(run["started_at"], zone, with_zone=False),
                    run["outcome"] or t("status.running"), shorten((run["error"] or "").splitlines()[0]
                                                                   if run["error"] else "", 50),
                ]
                for run in runs
            ],
            names=[columns[1], columns[4]],
        )  # fmt: skip


def print_posts(rows: Sequence[dict[str, Any]], columns: Sequence[str], zone: str, language: str) -> None:
    t = text(language)
    names = t("posts.columns")
    shown = [names.get(c, c) for c in columns]
    metrics = columns[5:]  # platform, account, post_id, published_at, type, then the metrics

    def cell(row: dict[str, Any], column: str) -> Any:
        if column == "published_at":
            return local_time(row[column], zone)
        if column in metrics:
            return number(row[column], language, unknown="")
        return row[column]

    table(
        t("posts.title", n=number(len(rows), language)),
        shown,
        [[cell(row, c) for c in columns] for row in rows],
        right=shown[5:],
    )


# --- import -------------------------------------------------------------------------------


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def progress_bar(enabled: bool = True) -> Any:
    """A per-file row counter on stderr while importing; silent when not a terminal."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    err = make_console(stderr=True)
    if not enabled or not err.is_terminal:
        return _NoProgress()

    @contextmanager
    def bar() -> Iterator[Any]:
        tasks: dict[str, Any] = {}
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:,} rows"),
            TimeElapsedColumn(), console=err, transient=True,
        ) as progress:  # fmt: skip

            def report(name: str, rows: int) -> None:
                if name not in tasks:
                    tasks[name] = progress.add_task(name, total=None)
                progress.update(tasks[name], completed=rows)

            yield report

    return bar()


LIST_IMPORTED_FILES = 12


def print_import_result(result: Any, language: str) -> None:
    """An import's summary, then what tagging and sentiment did after it."""
    t = text(language)
    out = make_console()
    summary = result.summary
    totals = summary.totals
    out.print(
        t("import.files", imported=summary.count("imported"), skipped=summary.count("skipped"),
          failed=summary.count("failed"))
    )  # fmt: skip
    out.print(
        t(
            "import.totals", posts_new=totals.posts_new, posts_updated=totals.posts_updated,
            snapshots=totals.snapshots, snapshots_new=totals.snapshots_new, days=totals.account_days,
            audience=totals.audience_rows, comments=totals.comments,
        )
        + (t("import.purged", n=totals.comments_skipped) if totals.comments_skipped else "")
    )  # fmt: skip
    imported = [f for f in summary.files if f.status == "imported"]
    if len(imported) > LIST_IMPORTED_FILES:
        # A season of weekly exports is dozens of files: one line per kind, not per file.
        kinds = Counter(f.kind for f in imported)
        out.print(t("import.kinds", kinds=", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))))
    for outcome in summary.files:
        if outcome.status == "imported" and len(imported) <= LIST_IMPORTED_FILES:
            out.print(t("import.file", name=outcome.name, kind=outcome.kind, rows=outcome.counts.rows))
        elif outcome.status == "skipped":
            out.print(t("import.skipped", name=outcome.name, reason=outcome.reason))
    for notice in totals.notices:
        out.print(t("import.note", notice=notice))
    tagged, scored = result.analysed.tagging, result.analysed.sentiment
    if tagged:
        added = {kind: c.added for kind, c in tagged.kinds.items() if c.added}
        what = ", ".join(f"{number(n, language)} {kind}" for kind, n in added.items())
        out.print(
            t("import.tagged", added=what or t("import.nothing_tagged"),
              untagged=number(tagged.posts_without_pillar, language))
        )  # fmt: skip
    if scored:
        out.print(
            t("import.scored", comments=number(scored["comments"], language),
              captions=number(scored["captions"], language), model=scored["model"])
        )  # fmt: skip

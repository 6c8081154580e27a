"""The ``outreach`` command line: parse arguments, call the core, print.

User mistakes end as one line ``Error: ...`` on stderr with the fix, exit 1.
Heavy imports (matplotlib, the sentiment model) happen inside the commands
that need them so that ``outreach -h`` stays instant.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import click

from collectors.errors import CollectorError
from outreach import __version__
from outreach.errors import OutreachError

DEMO = Path(__file__).parent / "demo"
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class App:
    """What every command needs: the configuration and the database, loaded lazily."""

    def __init__(self, db: str | None, config_path: str | None) -> None:
        self.db_option = db
        self.config_option = config_path

    @cached_property
    def config_file(self) -> Path | None:
        from outreach.config import find_config

        return find_config(self.config_option)

    @cached_property
    def config(self):  # type: ignore[no-untyped-def]
        from outreach.config import load_config

        return load_config(self.config_file)

    @cached_property
    def url(self) -> str:
        from outreach.db import resolve_url

        configured = self.config.database.url
        if configured and "://" not in configured and self.config_file is not None:
            # A relative path in the config file is relative to that file, not to the cwd.
            configured = str((self.config_file.parent / configured).resolve())
        return resolve_url(self.db_option, configured)

    @cached_property
    def engine(self):  # type: ignore[no-untyped-def]
        from outreach.db import create_db_engine

        return create_db_engine(self.url)

    def ready_engine(self):  # type: ignore[no-untyped-def]
        """The engine of a database at the current schema (else: run outreach init)."""
        from outreach.db import require_current

        require_current(self.engine)
        return self.engine


pass_app = click.make_pass_decorator(App)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def emit_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows as CSV on stdout: blank for unknown, times as in JSON (ISO 8601, UTC)."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in columns])


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (date, Path)):  # datetime is a date
        return _json_default(value)
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + ("Z" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


@click.group(context_settings=CONTEXT)
@click.option(
    "--db",
    metavar="PATH|URL",
    help="Database: a SQLite file or a SQLAlchemy URL (default: $OUTREACH_DB, the config file, ./outreach.db).",
)
@click.option(
    "--config",
    "config_path",
    metavar="FILE",
    help="Configuration file (default: $OUTREACH_CONFIG, else ./outreach.toml when present).",
)
@click.version_option(__version__, "-V", "--version")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None) -> None:
    """Track what your Instagram, TikTok and X posts reached and what people said.

    \b
    Start with:
      outreach init                      create the database and an example outreach.toml
      outreach import ~/Downloads/*.csv  import platform export files
      outreach status                    what is stored, per platform and account
    """
    ctx.obj = App(db, config_path)


@cli.command(context_settings=CONTEXT)
@click.option("--no-config", is_flag=True, help="Do not write an example outreach.toml.")
@pass_app
def init(app: App, no_config: bool) -> None:
    """Create or upgrade the database and write an example configuration.

    Harmless to repeat: an existing database is upgraded in place and keeps its
    data; an existing outreach.toml is never overwritten.

    \b
    Example:
      outreach init
      OUTREACH_DB=/srv/outreach/outreach.db outreach init --no-config
    """
    from outreach.config import CONFIG_NAME, write_example
    from outreach.db import current_revision, describe, upgrade
    from outreach.store import Store

    config = app.config  # validate before touching anything
    before = current_revision(app.engine)
    upgrade(app.engine)
    with app.engine.begin() as connection:
        Store(connection).sync_config(config)
    after = current_revision(app.engine)
    action = "Created" if before is None else ("Upgraded" if before != after else "Checked")
    click.echo(f"{action} database {describe(app.url)} (schema {after}).")
    if not no_config and app.config_file is None:
        target = Path(CONFIG_NAME)
        try:
            written = write_example(target)
        except OSError as exc:
            raise OutreachError(f"cannot write {target.resolve()}: {exc.strerror}; use --no-config") from None
        if written:
            click.echo(f"Wrote an example configuration to {target.resolve()}; edit it, then run: outreach status")
    elif app.config_file is not None:
        click.echo(f"Configuration {app.config_file} is valid.")


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_app
def status(app: App, as_json: bool) -> None:
    """Show the database, what it holds per platform and account, and recent runs.

    \b
    Example:
      outreach status
      outreach status --json
    """
    from outreach import queries
    from outreach.db import current_revision, describe

    engine = app.ready_engine()
    with engine.connect() as connection:
        report = {
            "database": describe(app.url),
            "schema": current_revision(engine),
            "config": str(app.config_file) if app.config_file else None,
            "totals": queries.table_counts(connection),
            "platforms": queries.platform_totals(connection),
            "accounts": [
                {**row, "last_post": queries.as_datetime(row["last_post"]),
                 "last_collected": queries.as_datetime(row["last_collected"])}
                for row in queries.account_overview(connection)
            ],
            "recent_runs": queries.last_runs(connection),
        }
    if as_json:
        emit_json(report)
        return
    from outreach.display import print_status

    print_status(report, app.config.report.timezone)


@cli.command("import", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--account", metavar="HANDLE", help="Account for files that do not name one (Meta account exports, X overview).")
@click.option(
    "--ignore-unknown-columns",
    is_flag=True,
    help="Import files with columns outreach does not know, skipping those columns (they are listed).",
)
@click.option("--no-tag", is_flag=True, help="Do not apply the tagging rules to the imported posts.")
@click.option("--no-sentiment", is_flag=True, help="Do not score the sentiment of new comments and captions.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_app
def import_(
    app: App,
    paths: tuple[Path, ...],
    account: str | None,
    ignore_unknown_columns: bool,
    no_tag: bool,
    no_sentiment: bool,
    as_json: bool,
) -> None:
    """Import export files from Instagram, TikTok and X: files, folders or ZIPs.

    Each file's platform and kind are recognised from its content. Importing a
    file again changes nothing; a newer export adds a snapshot at its own time.
    A bad file is rejected whole with the reason; the others still import, and
    the exit code is 1 if any file failed.

    \b
    Example:
      outreach import ~/Downloads/Mar-17-2025_Mar-17-2026_1583510916282258.csv
      outreach import exports/ Overview_2026-10-02_1759400000_sukamajukab.zip
      outreach import Views.csv Reach.csv --account sukamajukab
    """
    from outreach.display import print_import_summary, progress_bar
    from outreach.pipeline import import_paths

    engine = app.ready_engine()
    with progress_bar(enabled=not as_json) as report:
        summary = import_paths(
            engine,
            paths,
            app.config,
            account=account.removeprefix("@") if account else None,
            ignore_unknown_columns=ignore_unknown_columns,
            progress=report,
        )
    from outreach.pipeline import analyse_imported

    analysed = analyse_imported(engine, app.config, summary, tag=not no_tag, score=not no_sentiment)
    tagged, scored = analysed.tagging, analysed.sentiment
    if as_json:
        emit_json(
            {
                **summary.as_dict(),
                **({"tagging": tagged.as_dict()} if tagged else {}),
                **({"sentiment": scored} if scored else {}),
            }
        )
    else:
        print_import_summary(summary)
        if tagged:
            _print_tagging_line(tagged)
        if scored:
            _print_sentiment_line(scored)
    for failure in summary.failed:
        click.echo(f"Error: {failure.reason}", err=True)
    if summary.failed:
        sys.exit(1)


def _print_sentiment_line(scored: dict) -> None:
    click.echo(
        f"Sentiment: {scored['comments']:,} comments and {scored['captions']:,} captions scored "
        f"with model {scored['model']} (outreach sentiment -h)"
    )


def _print_tagging_line(counts) -> None:  # type: ignore[no-untyped-def]
    added = {kind: c.added for kind, c in counts.kinds.items() if c.added}
    text = ", ".join(f"{n:,} {kind}" for kind, n in added.items()) or "nothing new"
    click.echo(f"Tagged: {text} (outreach tag -h); posts with no pillar: {counts.posts_without_pillar:,}")


@cli.command(context_settings=CONTEXT)
@click.option("--platform", type=click.Choice(["instagram", "tiktok", "x"]), help="Only this platform.")
@click.option("--since", metavar="DATE", help="Only posts published on or after DATE (YYYY-MM-DD, report time zone).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    help="csv and json are for spreadsheets and scripts.",
)
@pass_app
def posts(app: App, platform: str | None, since: str | None, fmt: str) -> None:
    """List posts with their latest known metrics (blank when unknown).

    Times are ISO 8601 in UTC in csv and json, and in the report time zone in
    the table.

    \b
    Example:
      outreach posts --platform instagram --since 2026-10-01
      outreach posts --format csv > posts.csv
    """
    from outreach import queries
    from outreach.options import local_day_start_utc, parse_date

    since_day = parse_date(since, "--since")
    since_utc = local_day_start_utc(since_day, app.config.report.timezone) if since_day else None
    with app.ready_engine().connect() as connection:
        rows = queries.posts_with_latest_metrics(connection, platform=platform, since=since_utc)
    columns = ["platform", "account", "post_id", "published_at", "type", *queries.POST_LIST_METRICS]
    if fmt == "json":
        emit_json([{c: row[c] for c in columns} for row in rows])
    elif fmt == "csv":
        emit_csv(columns, rows)
    else:
        from outreach.display import local_time, table

        zone = app.config.report.timezone
        table(
            f"{len(rows)} posts",
            columns,
            [[local_time(r["published_at"], zone) if c == "published_at" else r[c] for c in columns] for r in rows],
            right=list(queries.POST_LIST_METRICS),
        )


@cli.command(context_settings=CONTEXT)
@click.option("--fresh", is_flag=True, help="Delete the demo database first.")
@click.pass_context
def demo(ctx: click.Context, fresh: bool) -> None:
    """Run the whole job on the bundled demo office (fictional Kabupaten Sukamaju).

    Creates ./outreach-demo.db (or --db), imports the bundled Instagram, TikTok
    and X exports and comments, tags posts, scores comment sentiment and prints
    what a PR officer would look at. Your own data is never touched.

    \b
    Example:
      outreach demo
      outreach --db /tmp/demo.db demo --fresh
    """
    from outreach.db import DEFAULT_DB, describe, upgrade
    from outreach.display import print_import_summary
    from outreach.pipeline import import_paths
    from outreach.store import Store

    parent: App = ctx.obj
    app = App(parent.db_option or "outreach-demo.db", str(DEMO / "outreach.toml"))
    ctx.obj = app
    if app.url.endswith("/" + DEFAULT_DB):
        raise OutreachError("the demo does not write into outreach.db; give it its own --db, e.g. --db demo.db")
    path = Path(app.url.removeprefix("sqlite:///")) if app.url.startswith("sqlite:///") else None
    if fresh and path:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    upgrade(app.engine)
    with app.engine.begin() as connection:
        Store(connection).sync_config(app.config)
    click.echo(f"Demo database: {describe(app.url)}")
    summary = import_paths(app.engine, [DEMO / "exports"], app.config)
    print_import_summary(summary)
    if summary.failed:
        for failure in summary.failed:
            click.echo(f"Error: {failure.reason}", err=True)
        sys.exit(1)
    from outreach.pipeline import analyse_imported

    analysed = analyse_imported(app.engine, app.config, summary)
    if analysed.tagging:
        _print_tagging_line(analysed.tagging)
    if analysed.sentiment:
        _print_sentiment_line(analysed.sentiment)
    ctx.invoke(status, as_json=False)
    from outreach.cli_analysis import summary as summary_command

    click.echo()
    ctx.invoke(summary_command, by="pillar", age=None, rate_by=None, fmt="table")
    click.echo(
        "\nNext: outreach summary --by campaign · outreach compare --by variant --campaign menanam-pohon"
    )


# The analysis commands live in their own modules; they import App from here.
from outreach import cli_analysis, cli_compare, cli_purge, cli_sentiment, cli_tag  # noqa: E402

for _module in (cli_tag, cli_sentiment, cli_analysis, cli_compare, cli_purge):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def sqlalchemy_errors() -> tuple[type[Exception], ...]:
    from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError

    return (OperationalError, DatabaseError, InterfaceError)


def main() -> None:
    try:
        cli.main(standalone_mode=False, prog_name="outreach")
    except (OutreachError, CollectorError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except sqlalchemy_errors() as exc:
        # Not a database file, server down, database or role missing: the driver's first
        # line says which (it never contains the password), then what to check.
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        click.echo(
            f"Error: cannot use the database: {reason}; check --db / OUTREACH_DB (a SQLite file "
            "made by outreach init, or a reachable PostgreSQL URL)",
            err=True,
        )
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing from the current file was stored.", err=True)
        sys.exit(130)
